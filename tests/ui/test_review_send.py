"""The send gate: clean replies go straight out, warnings open a review, blocks need a typed
reason, every decision is logged (masked), and a sent reply can be taken back for a few
seconds. Real checker, real SQLite, driven with mouse and keyboard."""

from __future__ import annotations

import json
import time
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog

from deskreply.settings import Settings
from deskreply.ui.review_dialog import ReviewDialog
from tests.ui.helpers import click_chat, list_ids, press_ctrl_enter, type_text
from tests.ui.live_checks import checker, open_checked_chat, wait_checked

CARD = "4111 1111 1111 1111"
MASKED_CARD = "•••• •••• •••• 1111"
CLEAN = "Hola Lucía, tu pedido sale hoy y llega mañana 📦"
WARNING_ONLY = "Hola Lucía, el DNI 12345678Z ya figura en tu pedido"

# The offscreen platform cannot pass a dialog's size hints to a window manager (there is none).
pytestmark = pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")


def outgoing(window: Any, conversation_id: int) -> list[str]:
    return [m.text for m in window.store.messages(conversation_id) if m.direction == "out"]


def actions(window: Any, conversation_id: int) -> list[tuple[str, str]]:
    return [(e["kind"], e["action"]) for e in window.store.check_events(conversation_id)]


def open_review(qtbot: Any, window: Any) -> ReviewDialog:
    qtbot.waitUntil(lambda: window.review_dialog is not None
                    and window.review_dialog.isVisible(), timeout=5000)
    dialog = window.review_dialog
    assert isinstance(dialog, ReviewDialog) and dialog.objectName() == "reviewDialog"
    return dialog


def test_clean_reply_is_sent_at_once_and_logged_as_clean(qtbot: Any, make_window: Any) -> None:
    window, cid = open_checked_chat(make_window)
    type_text(window.composer.edit, CLEAN)
    press_ctrl_enter(qtbot, window.composer.edit)  # before the background check finished
    qtbot.waitUntil(lambda: outgoing(window, cid) == [CLEAN], timeout=5000)
    assert window.review_dialog is None
    assert actions(window, cid) == [("clean", "sent_clean")]
    event = window.store.check_events(cid)[0]
    assert event["message_id"] == window.store.messages(cid)[-1].id
    assert window.composer.text() == "" and window.store.draft(cid) == ""


def test_warning_opens_the_review_edit_goes_back_and_send_anyway_sends(
        qtbot: Any, make_window: Any) -> None:
    window, cid = open_checked_chat(make_window)
    composer = window.composer
    type_text(composer.edit, WARNING_ONLY)
    findings = wait_checked(qtbot, window)
    assert {f.severity for f in findings} >= {"warning"}
    assert "block" not in {f.severity for f in findings}
    qtbot.mouseClick(composer.send_button, Qt.MouseButton.LeftButton)
    dialog = open_review(qtbot, window)
    assert dialog.edit_button.isDefault()
    assert not dialog.reason.isVisible()  # warnings need no reason
    assert dialog.send_button.isEnabled()
    assert dialog.rows and all(r.message.textFormat() == Qt.TextFormat.PlainText
                               for r in dialog.rows)
    # The ID is shown masked in the review, never in full.
    assert "12345678Z" not in dialog.rows[0].quote.text()
    qtbot.mouseClick(dialog.edit_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: window.review_dialog is None)
    assert outgoing(window, cid) == [] and composer.text() == WARNING_ONLY
    assert actions(window, cid) == [("national_id", "shown")]

    qtbot.mouseClick(composer.send_button, Qt.MouseButton.LeftButton)
    dialog = open_review(qtbot, window)
    qtbot.mouseClick(dialog.send_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: outgoing(window, cid) == [WARNING_ONLY], timeout=5000)
    assert actions(window, cid) == [("national_id", "shown"), ("national_id", "shown"),
                                    ("national_id", "overridden")]
    stored = json.dumps(window.store.check_events(cid), ensure_ascii=False)
    assert "12345678Z" not in stored


def test_block_needs_a_typed_reason_which_is_logged(qtbot: Any, make_window: Any) -> None:
    window, cid = open_checked_chat(make_window)
    text = f"Tu tarjeta {CARD} ya está registrada"
    type_text(window.composer.edit, text)
    press_ctrl_enter(qtbot, window.composer.edit)
    dialog = open_review(qtbot, window)
    assert dialog.reason.isVisible() and dialog.reason.objectName() == "overrideReason"
    assert not dialog.send_button.isEnabled()
    type_text(dialog.reason, "ok")
    assert not dialog.send_button.isEnabled()  # at least 3 characters
    type_text(dialog.reason, " pidió el cliente")
    assert dialog.send_button.isEnabled()
    qtbot.mouseClick(dialog.send_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: outgoing(window, cid) == [text], timeout=5000)
    events = window.store.check_events(cid)
    overridden = [e for e in events if e["action"] == "overridden"]
    assert [(e["kind"], e["reason"], e["excerpt"]) for e in overridden] == [
        ("payment_card", "ok pidió el cliente", MASKED_CARD)]
    assert CARD not in json.dumps(events, ensure_ascii=False)


def test_fix_in_the_review_then_send(qtbot: Any, make_window: Any) -> None:
    window, cid = open_checked_chat(make_window)
    type_text(window.composer.edit, f"Tu tarjeta {CARD}")
    press_ctrl_enter(qtbot, window.composer.edit)
    dialog = open_review(qtbot, window)
    row = dialog.rows[0]
    assert row.fix_button is not None
    qtbot.mouseClick(row.fix_button, Qt.MouseButton.LeftButton)
    assert window.composer.text() == f"Tu tarjeta {MASKED_CARD}"
    assert not dialog.reason.isVisible() and dialog.send_button.isEnabled()
    assert dialog.send_button.text() == "Send"
    qtbot.mouseClick(dialog.send_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: outgoing(window, cid) == [f"Tu tarjeta {MASKED_CARD}"],
                    timeout=5000)
    assert actions(window, cid) == [("payment_card", "shown"), ("payment_card", "fixed")]


def test_a_fix_in_the_review_is_checked_again_before_sending(
        qtbot: Any, make_window: Any) -> None:
    window, cid = open_checked_chat(make_window)
    type_text(window.composer.edit, f"Tu tarjeta {CARD}")
    press_ctrl_enter(qtbot, window.composer.edit)
    dialog = open_review(qtbot, window)
    qtbot.mouseClick(dialog.rows[0].fix_button, Qt.MouseButton.LeftButton)
    # What a fix leaves behind can hold a new problem (here: as if it brought a DNI in).
    window.composer.edit.setPlainText(f"Tu tarjeta {MASKED_CARD}, DNI 12345678Z")
    qtbot.mouseClick(dialog.send_button, Qt.MouseButton.LeftButton)
    again = open_review(qtbot, window)
    assert again is not dialog
    assert "changed" in again.note.text()
    assert [f.kind for f in again.unresolved()] == ["national_id"]
    assert outgoing(window, cid) == []
    type_text(again.reason, "lo pidió el cliente")
    qtbot.mouseClick(again.send_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: outgoing(window, cid) == [
        f"Tu tarjeta {MASKED_CARD}, DNI 12345678Z"], timeout=5000)


def test_this_warning_is_wrong_is_reported(qtbot: Any, make_window: Any) -> None:
    window, cid = open_checked_chat(make_window)
    type_text(window.composer.edit, WARNING_ONLY)
    press_ctrl_enter(qtbot, window.composer.edit)
    dialog = open_review(qtbot, window)
    qtbot.mouseClick(dialog.rows[0].report_button, Qt.MouseButton.LeftButton)
    assert not dialog.rows[0].report_button.isEnabled()
    assert actions(window, cid)[-1] == ("national_id", "reported")
    assert window.store.check_events(cid)[-1]["excerpt"] != "12345678Z"
    dialog.reject()
    qtbot.waitUntil(lambda: window.review_dialog is None)
    assert outgoing(window, cid) == []


def test_keyboard_only_review_escape_means_edit(qtbot: Any, make_window: Any) -> None:
    window, cid = open_checked_chat(make_window)
    edit = window.composer.edit
    type_text(edit, WARNING_ONLY)
    press_ctrl_enter(qtbot, edit)
    dialog = open_review(qtbot, window)
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: window.review_dialog is None)
    assert outgoing(window, cid) == []
    # Enter in the dialog presses the default button: Edit, never Send.
    press_ctrl_enter(qtbot, edit)
    dialog = open_review(qtbot, window)
    qtbot.keyClick(dialog.edit_button, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: window.review_dialog is None)
    assert outgoing(window, cid) == []
    # Tab to "Send anyway" and press Space.
    press_ctrl_enter(qtbot, edit)
    dialog = open_review(qtbot, window)
    dialog.send_button.setFocus()
    assert dialog.send_button.focusPolicy() & Qt.FocusPolicy.TabFocus
    qtbot.keyClick(dialog.send_button, Qt.Key.Key_Space)
    qtbot.waitUntil(lambda: outgoing(window, cid) == [WARNING_ONLY], timeout=5000)


def test_send_waits_for_checks_that_are_still_loading(qtbot: Any, make_window: Any) -> None:
    window = make_window(settings=Settings(undo_send_seconds=0))
    cid = list_ids(window)[0]
    click_chat(qtbot, window, cid)
    window.checks_state = "loading"  # as if start_checks() were still importing spaCy
    before = outgoing(window, cid)
    type_text(window.composer.edit, f"Tarjeta {CARD}")
    press_ctrl_enter(qtbot, window.composer.edit)
    assert outgoing(window, cid) == before
    assert "still loading" in window.composer.hint.text()
    window.set_checker(checker("en"))  # what the loader's ready signal does
    dialog = open_review(qtbot, window)  # checked first: the card number is caught
    assert "still loading" not in window.composer.hint.text()
    dialog.reject()


def test_failed_checks_ask_before_sending_unchecked(qtbot: Any, make_window: Any) -> None:
    window = make_window(settings=Settings(undo_send_seconds=0))
    cid = list_ids(window)[0]
    click_chat(qtbot, window, cid)
    window._on_checks_failed("models missing")
    before = outgoing(window, cid)
    type_text(window.composer.edit, "Hola")
    press_ctrl_enter(qtbot, window.composer.edit)
    dialog = open_review(qtbot, window)
    assert "not been checked" in dialog.note.text()
    assert dialog.send_button.isEnabled()
    qtbot.mouseClick(dialog.send_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: outgoing(window, cid) == [*before, "Hola"], timeout=5000)


# -- undo send ----------------------------------------------------------------------------------
def test_undo_within_the_window_restores_the_text_and_stores_nothing(
        qtbot: Any, make_window: Any) -> None:
    window, cid = open_checked_chat(make_window, settings=Settings(undo_send_seconds=5))
    type_text(window.composer.edit, CLEAN)
    press_ctrl_enter(qtbot, window.composer.edit)
    bar = window.composer.undo_bar
    qtbot.waitUntil(bar.isVisible, timeout=5000)
    assert window.composer.text() == ""
    assert "Lucía Prueba" in bar.label.text() and "5 s" in bar.label.text()
    assert bar.button.objectName() == "undoSendButton"
    qtbot.mouseClick(bar.button, Qt.MouseButton.LeftButton)
    assert window.composer.text() == CLEAN
    assert window.store.draft(cid) == CLEAN
    assert not bar.isVisible()
    window.undo_queue.tick(now=time.monotonic() + 60)
    assert outgoing(window, cid) == []
    assert window.store.check_events(cid) == []


def test_after_the_wait_the_reply_is_stored_even_after_switching_chat(
        qtbot: Any, make_window: Any) -> None:
    window, cid = open_checked_chat(make_window, settings=Settings(undo_send_seconds=1))
    type_text(window.composer.edit, CLEAN)
    press_ctrl_enter(qtbot, window.composer.edit)
    qtbot.waitUntil(window.composer.undo_bar.isVisible, timeout=5000)
    assert outgoing(window, cid) == []
    other = next(i for i in list_ids(window) if i != cid)
    click_chat(qtbot, window, other)
    qtbot.waitUntil(lambda: outgoing(window, cid) == [CLEAN], timeout=5000)
    assert not window.composer.undo_bar.isVisible()
    assert not window.undo_queue.timer.isActive()
    assert actions(window, cid) == [("clean", "sent_clean")]


def test_ctrl_z_in_the_empty_composer_undoes_the_send(qtbot: Any, make_window: Any) -> None:
    window, cid = open_checked_chat(make_window, settings=Settings(undo_send_seconds=5))
    edit = window.composer.edit
    type_text(edit, CLEAN)
    press_ctrl_enter(qtbot, edit)
    qtbot.waitUntil(window.composer.undo_bar.isVisible, timeout=5000)
    qtbot.keyClick(edit, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert edit.toPlainText() == CLEAN
    window.undo_queue.tick(now=time.monotonic() + 60)
    assert outgoing(window, cid) == []


def test_closing_during_the_wait_keeps_the_reply_as_a_draft(
        qtbot: Any, make_window: Any, data_dir: Any) -> None:
    window, cid = open_checked_chat(make_window, settings=Settings(undo_send_seconds=5))
    type_text(window.composer.edit, CLEAN)
    press_ctrl_enter(qtbot, window.composer.edit)
    qtbot.waitUntil(window.composer.undo_bar.isVisible, timeout=5000)
    window.close()
    again = make_window()
    assert again.store.draft(cid) == CLEAN
    assert [m for m in again.store.messages(cid) if m.direction == "out"] == []


@pytest.mark.parametrize("enter_sends", [True, False])
def test_enter_sends_setting(qtbot: Any, make_window: Any, enter_sends: bool) -> None:
    window, cid = open_checked_chat(
        make_window, settings=Settings(undo_send_seconds=0, enter_sends=enter_sends))
    edit = window.composer.edit
    type_text(edit, "Hola")
    qtbot.keyClick(edit, Qt.Key.Key_Return, Qt.KeyboardModifier.ShiftModifier)
    type_text(edit, "Lucía")
    assert edit.toPlainText() == "Hola\nLucía"
    qtbot.keyClick(edit, Qt.Key.Key_Return)
    if enter_sends:
        qtbot.waitUntil(lambda: outgoing(window, cid) == ["Hola\nLucía"], timeout=5000)
    else:
        assert edit.toPlainText() == "Hola\nLucía\n" and outgoing(window, cid) == []


def test_review_dialog_is_closed_with_the_window(qtbot: Any, make_window: Any) -> None:
    window, _cid = open_checked_chat(make_window)
    type_text(window.composer.edit, WARNING_ONLY)
    press_ctrl_enter(qtbot, window.composer.edit)
    open_review(qtbot, window)
    window.close()
    assert not [d for d in window.findChildren(QDialog) if d.isVisible()]
