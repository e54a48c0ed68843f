"""`deskreply audit`: today's checks over replies already sent, counts and masked examples."""

from __future__ import annotations

import io
import json
import time
from pathlib import Path

from deskreply.cli import main
from deskreply.paths import app_paths
from deskreply.store import Store


def make_store(folder: Path) -> None:
    path = app_paths(folder).database
    path.parent.mkdir(parents=True, exist_ok=True)
    with Store.open(path) as store:
        cid = store.find_or_create_conversation("whatsapp", "Ana", "+34 1", lang="es")
        now = time.time()
        store.add_message(cid, "in", "Ana", "¿Me pasan el número de la tarjeta?", now - 300,
                          "received")
        store.add_message(cid, "out", "Marta", "Claro, es 4111 1111 1111 1111", now - 200,
                          "read")
        store.add_message(cid, "out", "Marta", "Gracias por escribirnos, ya lo reviso.",
                          now - 100, "delivered")
        store.add_message(cid, "out", "Marta", "Tarjeta 4111 1111 1111 1111 (no enviada)",
                          now - 50, "failed")
        store.add_message(cid, "out", "Marta", "Hace mucho: 4111 1111 1111 1111",
                          now - 90 * 86400, "read")


def test_audit_json_counts_sent_replies_and_masks_examples(tmp_path: Path,
                                                           capsys: object) -> None:
    make_store(tmp_path)
    since = time.strftime("%Y-%m-%d", time.localtime(time.time() - 86400))
    out = io.StringIO()
    from deskreply.audit_cli import run_audit

    assert run_audit(["--since", since, "--json", "--data-dir", str(tmp_path)], out) == 0
    result = json.loads(out.getvalue())
    assert result["replies"] == 2  # failed and older replies are left out
    assert result["flagged"] == 1 and result["kinds"]["sensitive.payment_card"] == 1
    worst = result["worst"][0]
    assert worst["severity"] == "block" and "sensitive.payment_card" in worst["kinds"]
    assert "4111 1111 1111 1111" not in worst["text"] and worst["text"].endswith("1111")


def test_audit_text_report_through_the_cli(tmp_path: Path, capsys: object) -> None:
    make_store(tmp_path)
    since = time.strftime("%Y-%m-%d", time.localtime(time.time() - 86400))
    assert main(["audit", "--since", since, "--data-dir", str(tmp_path), "--ui-lang",
                 "es"]) == 0
    text = capsys.readouterr().out  # type: ignore[attr-defined]
    assert text.startswith("Respuestas enviadas del ")
    assert "sensitive.payment_card" in text and "Peores ejemplos" in text
    assert "4111 1111 1111 1111" not in text
    assert main(["audit", "--since", "yesterday", "--data-dir", str(tmp_path)]) == 2
