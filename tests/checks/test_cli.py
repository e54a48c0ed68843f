"""``deskreply`` and ``deskreply check`` as a user runs them."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from deskreply import __version__
from deskreply.check_cli import run_check
from deskreply.cli import main
from deskreply.paths import PROJECT_ROOT
from deskreply.settings import Settings, save_settings

CARD = "4111 1111 1111 1111"


@pytest.fixture
def models_env(built_models: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("DESKREPLY_MODELS_DIR", str(built_models))
    return built_models


def run(argv: list[str], stdin: str = "") -> tuple[int, str]:
    out = io.StringIO()
    code = run_check(argv, stdin=io.StringIO(stdin), stdout=out)
    return code, out.getvalue()


def test_human_readable_report(models_env: Path) -> None:
    code, out = run([f"Hola, te paso mi tarjeta {CARD}", "--ui-lang", "es"])
    assert code == 1  # a block finding remains
    assert "payment_card" in out
    assert CARD in out


def test_text_from_stdin_as_json(models_env: Path) -> None:
    code, out = run(["--json", "--lang", "en"], stdin=f"my card is {CARD}\n")
    report = json.loads(out)
    assert code == 1
    assert report["lang"] == "en"
    assert report["verdict"] == "block"
    finding = report["findings"][0]
    assert {"check", "kind", "start", "end", "text", "severity", "message", "fixes"} <= set(finding)
    assert finding["text"] == CARD


def test_jsonl_keeps_order_and_reports_bad_lines(models_env: Path) -> None:
    lines = [
        json.dumps({"id": "a", "text": f"card {CARD}", "lang": "en"}),
        "this is not json",
        json.dumps({"id": "c", "text": 42}),
        json.dumps({"id": "d", "text": "Gracias, que tenga buen día", "lang": None,
                    "context": {"incoming": "Gracias!", "contact_name": "Ana"}}),
        json.dumps({"id": "e", "text": "hola", "lang": "fr"}),
    ]
    code, out = run(["--jsonl"], stdin="\n".join(lines) + "\n")
    results = [json.loads(line) for line in out.splitlines()]
    assert code == 0
    assert [r["id"] for r in results] == ["a", None, "c", "d", "e"]  # one answer per line
    assert results[0]["verdict"] == "block"
    assert results[0]["findings"][0]["kind"] == "payment_card"
    assert "error" in results[1] and "error" in results[2] and "error" in results[4]
    assert results[3]["lang"] == "es" and results[3]["verdict"] == "ok"


def test_user_settings_from_data_dir_are_honoured(models_env: Path, tmp_path: Path) -> None:
    save_settings(tmp_path / "config" / "settings.json",
                  Settings(ignored_kinds=["payment_card"]))
    code, out = run(["--json", "--data-dir", str(tmp_path), f"card {CARD}"])
    assert code == 0
    assert json.loads(out)["findings"] == []


def test_unknown_language_is_a_clear_error(models_env: Path,
                                          capsys: pytest.CaptureFixture[str]) -> None:
    code, _ = run(["--lang", "klingon", "hola"])
    assert code == 2
    assert "Unknown language 'klingon'" in capsys.readouterr().err


def test_gui_rejects_unknown_language(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--lang", "xx"]) == 2
    assert "Choose one of: en, es" in capsys.readouterr().err


def test_version(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(["--version"])
    assert exit_info.value.code == 0
    assert __version__ in capsys.readouterr().out


@pytest.mark.slow
def test_installed_command_checks_text_end_to_end(tmp_path: Path) -> None:
    """The real ``deskreply`` entry point in a fresh process, on the shipped models/."""
    env = {**os.environ, "DESKREPLY_DATA_DIR": str(tmp_path)}
    env.pop("DESKREPLY_FORBID_HOME", None)
    done = subprocess.run(
        [sys.executable, "-m", "deskreply", "check", "--json",
         "IBAN ES91 2100 0418 4502 0005 1332"],
        capture_output=True, text=True, env=env, cwd=PROJECT_ROOT, timeout=120, check=False,
    )
    report = json.loads(done.stdout)
    assert [f["kind"] for f in report["findings"]] == ["iban"]
    assert done.returncode == (1 if report["verdict"] == "block" else 0), done.stderr


def test_exit_status_is_zero_when_nothing_blocks(models_env: Path) -> None:
    code, out = run(["--json", "--lang", "en", "Your parcel ships tomorrow. Kind regards,"])
    assert code == 0
    assert json.loads(out)["verdict"] in ("ok", "review")


def test_jsonl_answers_blank_lines_so_output_lines_up(models_env: Path) -> None:
    lines = [json.dumps({"id": "1", "text": f"card {CARD}", "lang": "en"}), "", "   ",
             json.dumps({"id": "4", "text": "Thanks!", "lang": "en"})]
    code, out = run(["--jsonl"], stdin="\n".join(lines) + "\n")
    results = [json.loads(line) for line in out.splitlines()]
    assert code == 0  # every line answered, even though line 1 would block
    assert len(results) == 4
    assert results[0]["verdict"] == "block"
    assert "blank" in results[1]["error"] and "blank" in results[2]["error"]
    assert results[3]["id"] == "4"


def _real_stdin(monkeypatch: pytest.MonkeyPatch, data: bytes) -> None:
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(data), encoding="utf-8"))


def test_text_that_is_not_utf8_is_a_clear_error(
        models_env: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    _real_stdin(monkeypatch, "Mi DNI es 12345678Z, ¿está bien?".encode("latin-1"))
    assert run_check(["--json"], stdout=io.StringIO()) == 2
    err = capsys.readouterr().err
    assert "not valid UTF-8" in err and "Traceback" not in err


def test_jsonl_answers_a_line_that_is_not_utf8_and_goes_on(
        models_env: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    good = json.dumps({"id": "ok", "text": "hola", "lang": "es"}).encode()
    _real_stdin(monkeypatch, b'{"id": "x", "text": "se\xf1or"}\n' + good + b"\n")
    out = io.StringIO()
    assert run_check(["--jsonl"], stdout=out) == 0
    first, second = [json.loads(line) for line in out.getvalue().splitlines()]
    assert "not valid UTF-8" in first["error"]
    assert second["id"] == "ok" and second["verdict"] == "ok"


def test_long_text_says_how_much_was_checked(models_env: Path) -> None:
    from deskreply.checks.engine import MAX_CHECKED_CHARS

    text = "Your order ships soon. " * (MAX_CHECKED_CHARS // 20)
    _code, out = run(["--json", "--lang", "en"], stdin=text)
    report = json.loads(out)
    assert report["checked_chars"] == MAX_CHECKED_CHARS
    assert report["total_chars"] == len(text)
    _code, out = run(["--lang", "en"], stdin=text)
    assert f"{MAX_CHECKED_CHARS}" in out and f"{len(text)}" in out


@pytest.mark.slow
def test_a_reader_that_closes_the_pipe_early_gets_no_traceback(tmp_path: Path) -> None:
    env = {**os.environ, "DESKREPLY_DATA_DIR": str(tmp_path)}
    env.pop("DESKREPLY_FORBID_HOME", None)
    lines = "".join(json.dumps({"id": str(i), "text": "hola", "lang": "es"}) + "\n"
                    for i in range(400))
    command = (f"{sys.executable} -m deskreply check --jsonl < {tmp_path / 'in.jsonl'}"
               " | head -n 1")
    (tmp_path / "in.jsonl").write_text(lines, encoding="utf-8")
    done = subprocess.run(["bash", "-o", "pipefail", "-c", command], capture_output=True,
                          text=True, env=env, cwd=PROJECT_ROOT, timeout=120, check=False)
    assert len(done.stdout.splitlines()) == 1
    assert "Traceback" not in done.stderr and "BrokenPipe" not in done.stderr
