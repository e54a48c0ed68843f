"""Live checks in the composer: underlines on the exact words, the findings panel, fixes,
"ignore once" / "never warn me", and the Send button's label. Real checker, real SQLite."""

from __future__ import annotations

import json
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st
from PySide6.QtCore import Qt
from PySide6.QtGui import QTextCharFormat
from PySide6.QtWidgets import QApplication, QMenu

from deskreply.paths import app_paths
from deskreply.settings import Settings, load_settings
from deskreply.ui.check_worker import CheckJob
from deskreply.ui.finding_highlighter import py_to_qt, qt_to_py
from tests.ui.helpers import type_text
from tests.ui.live_checks import open_checked_chat, wait_checked

CARD = "4111 1111 1111 1111"
MASKED_CARD = "•••• •••• •••• 1111"


def underlines(window: Any) -> list[tuple[str, QTextCharFormat.UnderlineStyle]]:
    """(underlined text, underline style) for every span drawn in the editor."""
    return [(s.cursor.selectedText(), s.format.underlineStyle())
            for s in window.composer.edit.extraSelections()]


def send_label(window: Any) -> str:
    return str(window.composer.send_button.text().replace("&&", "&"))


# -- offsets ------------------------------------------------------------------------------------
def test_python_offsets_become_qt_positions_past_emoji() -> None:
    text = "😀🙏 ok ñ 👍🏽 card"
    start = text.index("card")
    assert start == 11
    # 😀 🙏 👍 🏽 are outside the BMP: two UTF-16 units each in Qt.
    assert py_to_qt(text, start) == start + 4
    assert qt_to_py(text, start + 4) == start
    assert py_to_qt("plain ascii", 5) == 5
    assert qt_to_py(text, 1) == 0  # inside a surrogate pair: the character's start


@given(st.text(max_size=40))
def test_offset_conversion_round_trips(text: str) -> None:
    for offset in range(len(text) + 1):
        position = py_to_qt(text, offset)
        assert position == len(text[:offset].encode("utf-16-le")) // 2
        assert qt_to_py(text, position) == offset


# -- live checking ------------------------------------------------------------------------------
def test_card_number_is_underlined_listed_and_masked_by_fix(qtbot: Any, make_window: Any) -> None:
    window, conversation_id = open_checked_chat(make_window)
    composer = window.composer
    assert not composer.panel.isVisible()  # nothing found yet: no panel
    type_text(composer.edit, f"Hola Lucía, tu tarjeta {CARD} quedó registrada")
    qtbot.waitUntil(lambda: composer.panel.isVisible(), timeout=5000)
    findings = wait_checked(qtbot, window)
    card = next(f for f in findings if f.kind == "payment_card")
    assert card.severity == "block"
    assert (CARD, QTextCharFormat.UnderlineStyle.WaveUnderline) in underlines(window)
    row = next(r for r in composer.panel.rows if r.finding.kind == "payment_card")
    assert row.icon.text().startswith("⛔")  # an icon and a word, not colour alone
    assert row.message.textFormat() == Qt.TextFormat.PlainText
    assert send_label(window) == "Review & send"

    assert row.fix_button is not None
    qtbot.mouseClick(row.fix_button, Qt.MouseButton.LeftButton)
    assert composer.text() == f"Hola Lucía, tu tarjeta {MASKED_CARD} quedó registrada"
    qtbot.waitUntil(lambda: composer.is_up_to_date() and not composer.panel.isVisible(),
                    timeout=5000)
    assert underlines(window) == []
    assert send_label(window) == "Send"
    events = window.store.check_events(conversation_id)
    assert [(e["kind"], e["action"], e["excerpt"]) for e in events] == [
        ("payment_card", "fixed", MASKED_CARD)]
    assert CARD not in json.dumps(events, ensure_ascii=False)


def test_emoji_before_a_finding_keeps_the_underline_on_the_words(
        qtbot: Any, make_window: Any) -> None:
    window, _cid = open_checked_chat(make_window)
    type_text(window.composer.edit, f"😀🙏👍🏽 ok, tarjeta {CARD}")
    findings = wait_checked(qtbot, window)
    assert any(f.kind == "payment_card" for f in findings)
    assert (CARD, QTextCharFormat.UnderlineStyle.WaveUnderline) in underlines(window)
    # Clicking the finding in the panel selects exactly those characters.
    row = next(r for r in window.composer.panel.rows if r.finding.kind == "payment_card")
    qtbot.mouseClick(row.message, Qt.MouseButton.LeftButton)
    assert window.composer.edit.textCursor().selectedText() == CARD
    assert window.composer.edit.hasFocus() or not window.isActiveWindow()


def test_rude_spanish_reply_is_flagged(qtbot: Any, make_window: Any) -> None:
    window, _cid = open_checked_chat(make_window, lang="es")
    type_text(window.composer.edit, "Mirá boludo, eso no es mi problema")
    findings = wait_checked(qtbot, window)
    rude = [f for f in findings if f.check == "tone" and "boludo" in f.text]
    assert rude and rude[0].severity in ("warning", "block")
    assert ("boludo", QTextCharFormat.UnderlineStyle.WaveUnderline) in underlines(window)
    assert send_label(window) == "Revisar y enviar"
    # The panel speaks Spanish, in plain text.
    assert window.composer.panel.group_labels[0].text().startswith(("Hay que", "Conviene"))


def test_info_findings_use_a_dotted_line_and_keep_the_plain_send_label(
        qtbot: Any, make_window: Any) -> None:
    window, _cid = open_checked_chat(make_window)
    composer = window.composer
    type_text(composer.edit, "Gracias por escribir")
    wait_checked(qtbot, window)
    info = composer.findings()  # whatever the checks say about this clean text
    assert all(f.severity == "info" for f in info)
    assert send_label(window) == "Send"
    # Feed an info-only report as the worker would: dotted underline, label stays "Send".
    from deskreply.checks.report import Finding, Report

    tip = Finding("emoji", "too_many", 0, 7, "Gracias", "info", "Just a tip")
    composer._on_report(CheckJob(composer.revision, composer.text()),
                        Report("es", (tip,)))
    assert underlines(window) == [("Gracias", QTextCharFormat.UnderlineStyle.DotLine)]
    assert send_label(window) == "Send"
    assert composer.panel.rows[0].icon.text().startswith("ℹ")


def test_results_for_older_text_are_dropped(qtbot: Any, make_window: Any) -> None:
    window, _cid = open_checked_chat(make_window)
    composer = window.composer
    type_text(composer.edit, "Hola")
    wait_checked(qtbot, window)
    from deskreply.checks.report import Finding, Report

    stale = Finding("sensitive", "payment_card", 0, 4, "Hola", "block", "old")
    composer._on_report(CheckJob(composer.revision - 1, "Hol"), Report("es", (stale,)))
    assert composer.findings() == [] and underlines(window) == []


def test_hover_and_keyboard_explain_the_words(qtbot: Any, make_window: Any) -> None:
    window, _cid = open_checked_chat(make_window)
    composer = window.composer
    type_text(composer.edit, f"Tu tarjeta {CARD}")
    wait_checked(qtbot, window)
    position = py_to_qt(composer.text(), composer.text().index(CARD) + 2)
    assert "card number" in composer.edit.explain_at(position)
    assert composer.edit.explain_at(0) == ""
    cursor = composer.edit.textCursor()
    cursor.setPosition(position)
    composer.edit.setTextCursor(cursor)
    assert "card number" in composer.hint.text() and "Ctrl+." in composer.hint.text()


@pytest.mark.qt_log_ignore("This plugin does not support")
def test_ctrl_period_opens_the_fixes_and_ignore_once_hides_the_finding(
        qtbot: Any, make_window: Any) -> None:
    window, conversation_id = open_checked_chat(make_window)
    composer = window.composer
    composer.edit.setFocus()
    type_text(composer.edit, f"Tu tarjeta {CARD} gracias")
    wait_checked(qtbot, window)
    cursor = composer.edit.textCursor()
    cursor.setPosition(0)
    composer.edit.setTextCursor(cursor)
    qtbot.keyClick(composer.edit, Qt.Key.Key_Period, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: isinstance(QApplication.activePopupWidget(), QMenu), timeout=2000)
    menu = QApplication.activePopupWidget()
    assert isinstance(menu, QMenu)
    names = [a.objectName() for a in menu.actions() if a.objectName()]
    assert names[:3] == ["fixAction0", "fixAction1", "ignoreOnceAction"]
    assert "neverWordAction" not in names  # a card number is never remembered as a word
    # The cursor jumped to the finding it opened.
    assert composer.edit.textCursor().position() == composer.text().index(CARD)
    next(a for a in menu.actions() if a.objectName() == "ignoreOnceAction").trigger()
    menu.close()
    assert underlines(window) == [] and not composer.panel.isVisible()
    assert send_label(window) == "Send"
    # Still hidden after the next check of the same draft, back for a new draft.
    type_text(composer.edit, " ")
    wait_checked(qtbot, window)
    assert underlines(window) == []
    events = window.store.check_events(conversation_id)
    assert [(e["action"], e["reason"], e["excerpt"]) for e in events] == [
        ("ignored", "once", MASKED_CARD)]
    composer.load(f"Otra tarjeta {CARD}")
    wait_checked(qtbot, window)
    assert (CARD, QTextCharFormat.UnderlineStyle.WaveUnderline) in underlines(window)


def test_never_warn_per_kind_is_saved_and_reversible(
        qtbot: Any, make_window: Any, data_dir: Any) -> None:
    window, _cid = open_checked_chat(make_window)
    composer = window.composer
    type_text(composer.edit, "Tu DNI 12345678Z ya figura")
    findings = wait_checked(qtbot, window)
    national = next(f for f in findings if f.kind == "national_id")
    menu = composer.finding_menu(national)
    next(a for a in menu.actions() if a.objectName() == "neverKindAction").trigger()
    menu.deleteLater()
    assert underlines(window) == []
    saved = load_settings(app_paths(data_dir).settings_file)
    assert saved.ignored_kinds == ["sensitive.national_id"]
    # The engine applies it from now on: a fresh check of a new draft finds nothing.
    composer.load("Otro DNI: 87654321X")
    wait_checked(qtbot, window)
    assert [f for f in composer.findings() if f.kind == "national_id"] == []
    # Reversible (as the settings dialog would do it): the warning comes back.
    window.apply_settings(Settings(undo_send_seconds=0))
    findings = wait_checked(qtbot, window)
    assert any(f.kind == "national_id" for f in findings)


def test_never_warn_per_word_is_saved(qtbot: Any, make_window: Any, data_dir: Any) -> None:
    window, conversation_id = open_checked_chat(make_window, lang="es")
    composer = window.composer
    type_text(composer.edit, "Mirá boludo, ya te lo mando")
    findings = wait_checked(qtbot, window)
    rude = next(f for f in findings if "boludo" in f.text)
    menu = composer.finding_menu(rude)
    action = next(a for a in menu.actions() if a.objectName() == "neverWordAction")
    assert "boludo" in action.text()
    action.trigger()
    menu.deleteLater()
    assert load_settings(app_paths(data_dir).settings_file).ignored_words == [rude.text]
    wait_checked(qtbot, window)
    assert all("boludo" not in f.text for f in composer.findings())
    assert window.store.check_events(conversation_id)[-1]["reason"] == "never:word"


def test_tab_reaches_the_findings_and_enter_applies_a_fix(qtbot: Any, make_window: Any) -> None:
    window, _cid = open_checked_chat(make_window)
    composer = window.composer
    window.activateWindow()
    composer.edit.setFocus()
    type_text(composer.edit, f"Tarjeta {CARD}")
    wait_checked(qtbot, window)
    assert composer.edit.nextInFocusChain() is composer.panel.rows[0].message or \
        composer.panel.rows[0].message in _focus_chain_from(composer.edit, 3)
    row = composer.panel.rows[0]
    assert row.fix_button is not None
    assert row.fix_button in _focus_chain_from(composer.edit, 4)
    row.fix_button.setFocus()
    qtbot.keyClick(row.fix_button, Qt.Key.Key_Space)
    assert MASKED_CARD in composer.text()


def _focus_chain_from(widget: Any, steps: int) -> list[Any]:
    chain, current = [], widget
    for _ in range(steps):
        current = current.nextInFocusChain()
        chain.append(current)
    return chain


@pytest.mark.parametrize("lang", ["en", "es"])
def test_every_new_control_has_an_accessible_name(
        qtbot: Any, make_window: Any, lang: str) -> None:
    window, _cid = open_checked_chat(make_window, lang=lang)
    type_text(window.composer.edit, f"Tarjeta {CARD}")
    wait_checked(qtbot, window)
    panel = window.composer.panel
    assert panel.objectName() == "findingsPanel" and panel.accessibleName()
    for widget in panel.focus_chain():
        assert widget.accessibleName(), widget.objectName()


def test_a_pasted_wall_of_findings_stays_bounded(qtbot: Any, make_window: Any) -> None:
    from deskreply.checks.report import Finding, Report
    from deskreply.ui.finding_highlighter import MAX_UNDERLINES
    from deskreply.ui.findings_panel import MAX_ROWS

    window, _cid = open_checked_chat(make_window)
    composer = window.composer
    unit = f"{CARD} "
    composer.load(unit * 1000)
    wait_checked(qtbot, window)
    assert len(composer.findings()) == 1000  # the real checker finds every one
    assert len(composer.panel.rows) == MAX_ROWS
    assert composer.panel.more_label is not None
    assert composer.panel.more_label.text() == (
        f"…and {1000 - MAX_ROWS} more, underlined in your reply")
    assert len(composer.edit.extraSelections()) == MAX_UNDERLINES
    # Worst first: a block far down the text is underlined before early infos.
    tips = [Finding("emoji", "tip", i, i + 1, "4", "info", "tip") for i in range(0, 4000, 20)]
    late_block = Finding("sensitive", "payment_card", 19000, 19019, CARD, "block", "card")
    composer._on_report(CheckJob(composer.revision, composer.text()),
                        Report("en", (*tips, late_block)))
    assert CARD in [s.cursor.selectedText() for s in composer.edit.extraSelections()]


@pytest.mark.qt_log_ignore("This plugin does not support")
def test_right_click_and_hover_on_the_words(qtbot: Any, make_window: Any) -> None:
    from PySide6.QtGui import QContextMenuEvent, QHelpEvent
    from PySide6.QtWidgets import QToolTip

    window, _cid = open_checked_chat(make_window)
    edit = window.composer.edit
    type_text(edit, f"Tu tarjeta {CARD} <b>ok</b>")
    wait_checked(qtbot, window)
    cursor = edit.textCursor()
    cursor.setPosition(edit.toPlainText().index(CARD) + 3)
    point = edit.cursorRect(cursor).center()
    global_point = edit.viewport().mapToGlobal(point)

    edit.event(QHelpEvent(QHelpEvent.Type.ToolTip, point, global_point))
    assert "card number" in QToolTip.text()
    QToolTip.hideText()

    edit.contextMenuEvent(QContextMenuEvent(QContextMenuEvent.Reason.Mouse, point, global_point))
    qtbot.waitUntil(lambda: isinstance(QApplication.activePopupWidget(), QMenu), timeout=2000)
    menu = QApplication.activePopupWidget()
    assert isinstance(menu, QMenu)
    fix = next(a for a in menu.actions() if a.objectName() == "fixAction0")
    fix.trigger()
    menu.close()
    assert edit.toPlainText() == f"Tu tarjeta {MASKED_CARD} <b>ok</b>"
