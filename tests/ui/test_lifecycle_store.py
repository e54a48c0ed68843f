"""Saving a draft when the database cannot take it: a visible message, the words kept."""

from __future__ import annotations

from typing import Any

from deskreply.store import Store


def _fill_disk(store: Store) -> None:
    pages = store._conn.execute("PRAGMA page_count").fetchone()[0]
    store._conn.execute(f"PRAGMA max_page_count = {pages}")  # SQLITE_FULL from now on


def test_a_full_disk_while_typing_shows_a_message_and_loses_nothing(
        qtbot: Any, window: Any) -> None:
    cid = window.model.conversation_id(0)
    window.select_conversation(cid)
    window.composer.edit.insertPlainText("primera parte")
    window.save_draft()
    assert window.store.draft(cid) == "primera parte"
    _fill_disk(window.store)
    long_text = " y luego mucho más" * 200_000  # megabytes: more than the file can grow
    window.composer.edit.insertPlainText(long_text)
    with qtbot.waitSignal(window.composer.draft_changed, timeout=3_000):
        pass  # the debounced save runs (and fails) like it does while typing
    message = window.statusBar().currentMessage()
    assert "could not be saved" in message and "full" in message
    assert "rescued-drafts" in message  # the folder could still be written: a copy is there
    assert window.composer.text() == "primera parte" + long_text  # still in the reply box
    assert window.store.draft(cid) == "primera parte"  # what was saved is untouched
    # Room again: the next change is saved as usual.
    window.store._conn.execute("PRAGMA max_page_count = 1073741823")
    window.composer.edit.insertPlainText("!")
    window.save_draft()
    assert window.store.draft(cid) == "primera parte" + long_text + "!"


def test_a_read_only_database_on_close_keeps_the_last_saved_draft(
        qtbot: Any, window: Any) -> None:
    cid = window.model.conversation_id(0)
    window.select_conversation(cid)
    window.composer.edit.insertPlainText("guardado")
    window.save_draft()
    window.store._conn.execute("PRAGMA query_only = ON")
    window.composer.edit.insertPlainText(" y no guardado")
    path = window.store.path
    window.close()  # must not raise; the store closes anyway
    assert not window.isVisible()
    with Store.open(path) as store:
        assert store.draft(cid) == "guardado"  # what was saved is untouched
    # The words the database refused are in a plain text file beside it.
    rescued = path.parent / "rescued-drafts" / f"conversation-{cid}.txt"
    assert rescued.read_text(encoding="utf-8") == "guardado y no guardado"
