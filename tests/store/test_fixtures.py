"""Database files of every released schema version open, migrate and keep their content.

``tests/store/fixtures/v<N>.sqlite3`` were made by ``make_fixture.py`` with the schema of
version N. A new schema version must come with its own fixture (the first test says so).
"""

from __future__ import annotations

import shutil
import sqlite3
import sys
from pathlib import Path

import pytest

from deskreply.store import Store
from deskreply.store.schema import SCHEMA_VERSION

FIXTURES = Path(__file__).with_name("fixtures")
sys.path.insert(0, str(FIXTURES))
from make_fixture import CONTENT  # noqa: E402

VERSIONS = list(range(1, SCHEMA_VERSION + 1))


def test_every_released_schema_version_has_a_fixture() -> None:
    missing = [v for v in VERSIONS if not (FIXTURES / f"v{v}.sqlite3").is_file()]
    assert not missing, f"add fixtures with tests/store/fixtures/make_fixture.py: {missing}"


def _integrity(path: Path) -> list[tuple[str]]:
    with sqlite3.connect(path) as conn:
        return conn.execute("PRAGMA integrity_check").fetchall()


@pytest.mark.parametrize("version", VERSIONS)
def test_a_fixture_opens_migrates_and_keeps_everything(tmp_path: Path, version: int) -> None:
    path = tmp_path / "deskreply.sqlite3"
    shutil.copy(FIXTURES / f"v{version}.sqlite3", path)
    with sqlite3.connect(path) as raw:
        assert raw.execute("PRAGMA user_version").fetchone()[0] == version
    with Store.open(path) as store:
        assert store.schema_version() == SCHEMA_VERSION
        assert store.get_meta("fixture") == f"v{version}"
        rows = store.conversation_rows(store.conversation_ids("recent"))
        names = sorted(row.contact_name for row in rows.values())
        assert names == sorted(c[1] for c in CONTENT["conversations"])
        by_name = {row.contact_name: row for row in rows.values()}
        for _channel, name, _handle, lang, texts in CONTENT["conversations"]:
            row = by_name[name]
            assert row.lang == lang
            incoming = [m.text for m in store.messages(row.id) if m.direction == "in"]
            assert incoming == texts
        maria = by_name["María José Ortega"]
        reply = [m for m in store.messages(maria.id) if m.direction == "out"]
        assert [(m.text, m.sender, m.state) for m in reply] == [
            (CONTENT["reply"], "Ana", "delivered")]
        assert store.draft(by_name["Tom Reed"].id) == CONTENT["draft"]
        assert [e["excerpt"] for e in store.check_events(maria.id)] == ["•••• 1111"]
        assert [m.text for m in store.search("pedido")] == ["Hola, ¿dónde está mi pedido? 😡"]
        # Still writable after the migration.
        store.save_draft(maria.id, "nuevo borrador")
    assert _integrity(path) == [("ok",)]
    wal = path.with_name(path.name + "-wal")
    assert not wal.exists() or wal.stat().st_size == 0  # close() checkpointed
