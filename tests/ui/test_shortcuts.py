"""Keyboard shortcuts on a real window: jump to chat, unanswered chats, search, the sheet."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QApplication, QLabel

from deskreply.folding import fold_spaces as fold
from deskreply.paths import app_paths
from deskreply.store import InboxFilter, Store
from deskreply.ui import chat_jump, theme
from deskreply.ui.chat_jump import ChatJumpDialog, match_rank
from deskreply.ui.search_dialog import SearchDialog, excerpt
from deskreply.ui.settings_dialog import settings_translator
from deskreply.ui.shortcuts import (
    SHORTCUTS,
    ShortcutController,
    ShortcutsSheet,
    controller_of,
    install_shortcuts,
    key_parts,
    spoken_keys,
)
from tests.ui.helpers import list_ids, type_text

CTRL = Qt.KeyboardModifier.ControlModifier
ALT = Qt.KeyboardModifier.AltModifier


@pytest.fixture(autouse=True)
def standard_theme(qapp: QApplication) -> Iterator[None]:
    theme.apply_theme(qapp, "standard", 1.0)
    yield
    theme.apply_theme(qapp, "standard", 1.0)


@pytest.fixture
def ready(qtbot: Any, make_window: Any, data_dir: Path) -> tuple[Any, ShortcutController]:
    """A shown, active window with the shortcuts installed."""
    window = make_window()
    install_shortcuts(window, app_paths(data_dir).settings_file)
    controller = controller_of(window)
    assert controller is not None
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    return window, controller


def add_chat(window: Any, name: str, text: str, handle: str = "+34 600 000 001") -> int:
    store: Store = window.store
    conversation_id = store.find_or_create_conversation("whatsapp", name, handle)
    store.add_incoming(conversation_id, text)
    window.reload_list([conversation_id])
    return conversation_id


def unanswered_in_list_order(window: Any) -> list[int]:
    ids = list_ids(window)
    rows = window.store.conversation_rows(ids)
    return [i for i in ids if rows[i].waiting_since is not None and not rows[i].done]


def test_ctrl_k_jumps_to_the_named_chat(qtbot: Any, ready: Any) -> None:
    window, controller = ready
    target = add_chat(window, "Zoë Fernández Ruiz", "Hola, ¿tenéis la talla M?")
    add_chat(window, "Fernando Zorrilla", "Buenas", handle="+34 600 000 002")
    qtbot.keyClick(window.chat_list, Qt.Key.Key_K, CTRL)
    dialog = controller.dialog
    assert isinstance(dialog, ChatJumpDialog) and dialog.isVisible()
    qtbot.waitUntil(dialog.input.hasFocus)  # type at once, no click needed
    qtbot.waitUntil(lambda: not dialog.loading)
    type_text(dialog.input, "zoe fern")  # no accent, lower case, two words
    assert dialog.shown_ids()[0] == target
    qtbot.keyClick(dialog.input, Qt.Key.Key_Return)
    assert not dialog.isVisible()
    assert window.current_conversation_id == target
    selected = window.chat_list.currentIndex()
    assert window.model.conversation_id(selected.row()) == target
    assert window.chat_list.selectionModel().isSelected(selected)


def test_jump_ranks_names_that_start_with_the_text_first() -> None:
    query = fold("Ana")
    tokens = query.split()
    assert match_rank(fold("Ana Beltrán"), query, tokens) == 0
    assert match_rank(fold("María Ana López"), query, tokens) == 1
    assert match_rank(fold("Susana Díaz"), query, tokens) == 2
    assert match_rank(fold("Pedro Gómez"), query, tokens) is None
    assert fold("  JOSÉ\tMARÍA ") == "jose maria"


def test_jump_loads_names_in_chunks_and_stops_its_timer(
        qtbot: Any, ready: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    window, controller = ready
    monkeypatch.setattr(chat_jump, "CHUNK", 3)
    ids = [add_chat(window, f"Cliente {n:02d}", "Hola", handle=f"+34 611 000 {n:03d}")
           for n in range(25)]
    dialog = controller.open_jump()
    assert isinstance(dialog, ChatJumpDialog)
    assert dialog.loading and dialog.loader.isActive()
    type_text(dialog.input, "cliente 2")
    qtbot.waitUntil(lambda: not dialog.loading)
    assert not dialog.loader.isActive()
    shown = dialog.shown_ids()
    # Names starting with the text first (newest first), then e.g. "Cliente 12".
    assert shown[:5] == ids[20:25][::-1]
    assert set(shown[5:]) == {ids[2], ids[12]}
    qtbot.keyClick(dialog.input, Qt.Key.Key_Escape)
    assert not dialog.isVisible()


class _Row:
    def __init__(self, name: str) -> None:
        self.contact_name = name
        self.channel = "whatsapp"


class _Names:
    """Just enough of a Store for the jump dialog: names by conversation id."""

    def __init__(self, names: list[str]) -> None:
        self.names = names

    def conversation_rows(self, ids: list[int]) -> dict[int, _Row]:
        return {i: _Row(self.names[i]) for i in ids}


@settings(max_examples=150, deadline=None)
@given(names=st.lists(st.text(alphabet="aábc Á\tn", max_size=8), max_size=25),
       query=st.text(alphabet="aábc Án", min_size=1, max_size=4))
def test_jump_shows_the_same_as_ranking_every_name(qapp: QApplication, names: list[str],
                                                   query: str) -> None:
    """The fast search (str.find, early stops) equals a plain rank-everything reference."""
    limit = chat_jump.LIMIT
    chat_jump.LIMIT = 3  # small, so the "list is full" shortcuts are exercised
    try:
        dialog = ChatJumpDialog(_Names(names), list(range(len(names))), "en")  # type: ignore[arg-type]
        dialog.input.setText(query)
        folded = fold(query)
        ranks = [match_rank(fold(name), folded, folded.split()) for name in names]
        expected = [i for rank in (0, 1, 2) for i, r in enumerate(ranks) if r == rank]
        if not folded:  # only spaces typed: the most recent chats
            expected = list(range(len(names)))
        assert dialog.shown_ids() == expected[:3]
        dialog.deleteLater()
    finally:
        chat_jump.LIMIT = limit


def test_alt_down_and_up_walk_the_unanswered_chats(qtbot: Any, ready: Any) -> None:
    window, _controller = ready
    waiting = unanswered_in_list_order(window)
    assert len(waiting) >= 3, "the demo inbox should have several customers waiting"
    window.select_conversation(waiting[0])
    qtbot.keyClick(window.chat_list, Qt.Key.Key_Down, ALT)
    assert window.current_conversation_id == waiting[1]
    qtbot.keyClick(window.chat_list, Qt.Key.Key_Down, ALT)
    assert window.current_conversation_id == waiting[2]
    qtbot.keyClick(window.chat_list, Qt.Key.Key_Up, ALT)
    assert window.current_conversation_id == waiting[1]


def test_next_unanswered_skips_answered_chats_and_wraps(qtbot: Any, ready: Any) -> None:
    window, controller = ready
    window.inbox_part.set_filter(InboxFilter("all"))  # the default filter shows Unanswered
    window.order_combo.setCurrentIndex(window.order_combo.findData("recent"))
    ids = list_ids(window)
    waiting = unanswered_in_list_order(window)
    answered = [i for i in ids if i not in waiting]
    assert answered and len(waiting) >= 2
    # From an answered chat: the first unanswered one below it in the list.
    start = answered[0]
    window.select_conversation(start)
    below = [i for i in ids[ids.index(start) + 1:] if i in waiting]
    expected = below[0] if below else waiting[0]
    assert controller.go_unanswered(1) == expected
    # From the last unanswered chat, Alt+Down wraps round to the first.
    window.select_conversation(waiting[-1])
    qtbot.keyClick(window.chat_list, Qt.Key.Key_Down, ALT)
    assert window.current_conversation_id == waiting[0]


def test_no_unanswered_chat_says_so(qtbot: Any, ready: Any) -> None:
    window, controller = ready
    for conversation_id in unanswered_in_list_order(window):
        window.store.add_outgoing(conversation_id, "Hecho")
    window.reload_list()
    current = window.current_conversation_id
    assert controller.go_unanswered(1) is None
    assert window.current_conversation_id == current
    assert window.statusBar().currentMessage() == "No customer is waiting for an answer"


def test_ctrl_f_finds_accented_words_and_opens_the_chat(qtbot: Any, ready: Any) -> None:
    window, controller = ready
    target = add_chat(window, "Lucía Prieto",
                      "Buenas, quería confirmar la cancelación de mi suscripción anual.")
    qtbot.keyClick(window.chat_list, Qt.Key.Key_F, CTRL)
    dialog = controller.dialog
    assert isinstance(dialog, SearchDialog) and dialog.isVisible()
    for query in ("CANCELACION", "cancelación"):
        dialog.input.clear()
        type_text(dialog.input, query)
        qtbot.waitUntil(lambda: dialog.results.count() > 0)
        first = dialog.results.item(0).text()
        assert "Lucía Prieto" in first and "cancelación de mi suscripción" in first
    qtbot.keyClick(dialog.input, Qt.Key.Key_Return)
    assert not dialog.isVisible()
    assert window.current_conversation_id == target


def test_search_shows_markup_as_plain_text(qtbot: Any, ready: Any) -> None:
    window, controller = ready
    add_chat(window, "<b>Eve</b>", "<img src=x> factura <a href='y'>pagar</a>")
    dialog = controller.open_search()
    assert isinstance(dialog, SearchDialog)
    type_text(dialog.input, "factura pagar")
    dialog.search_now()
    text = dialog.results.item(0).text()
    assert "<b>Eve</b>" in text and "<img src=x>" in text
    dialog.reject()


def test_excerpt_centres_the_match_in_long_messages() -> None:
    text = "palabra " * 60 + "la Cancelación llegó " + "resto " * 60
    shown = excerpt(text, "cancelacion", width=60)
    assert "Cancelación" in shown and shown.startswith("…") and shown.endswith("…")
    assert len(shown) <= 62
    assert excerpt("corto", "nada") == "corto"


def test_f1_shows_the_sheet_and_escape_closes_it(qtbot: Any, ready: Any) -> None:
    window, controller = ready
    qtbot.keyClick(window.chat_list, Qt.Key.Key_F1)
    sheet = controller.dialog
    assert isinstance(sheet, ShortcutsSheet) and sheet.isVisible()
    assert sheet.objectName() == "shortcutsSheet"
    qtbot.keyClick(sheet, Qt.Key.Key_Escape)
    assert not sheet.isVisible()
    assert controller.dialog is None


def test_question_mark_shows_the_sheet_except_in_text_fields(qtbot: Any, ready: Any) -> None:
    window, controller = ready
    window.select_conversation(list_ids(window)[0])
    edit = window.composer.edit
    edit.setFocus()
    qtbot.waitUntil(edit.hasFocus)
    qtbot.keyClick(edit, "?")
    assert controller.dialog is None
    assert edit.toPlainText().endswith("?")
    window.chat_list.setFocus()
    qtbot.waitUntil(window.chat_list.hasFocus)
    qtbot.keyClick(window.chat_list, "?")
    assert isinstance(controller.dialog, ShortcutsSheet)
    controller.close_dialog()


@pytest.mark.parametrize("lang", ["en", "es"])
def test_sheet_lists_every_shortcut_in_the_ui_language(qtbot: Any, lang: str) -> None:
    from deskreply.settings import Settings

    _ = settings_translator(lang)
    sheet = ShortcutsSheet(Settings(), lang)
    qtbot.addWidget(sheet)
    texts = {label.text() for label in sheet.findChildren(QLabel)}
    for shortcut in SHORTCUTS:
        assert _(shortcut.description) in texts
    assert len(sheet.descriptions) == len(SHORTCUTS)
    if lang == "es":
        assert sheet.windowTitle() == "Atajos de teclado"
        assert "Mayús" in texts and "Intro" in texts
        assert _("Go to a chat by the customer's name") != "Go to a chat by the customer's name"


def test_sheet_follows_the_send_key_setting(qtbot: Any) -> None:
    from deskreply.settings import Settings

    sheet = ShortcutsSheet(Settings(enter_sends=True), "en")
    qtbot.addWidget(sheet)
    names = {label.accessibleName() for label in sheet.descriptions}
    assert "Enter: Send your reply" in names
    assert "Shift + Enter: Start a new line in your reply" in names


def test_every_installed_shortcut_is_an_action_on_the_window(ready: Any) -> None:
    window, controller = ready
    seen: set[str] = set()
    for shortcut in SHORTCUTS:
        if not shortcut.installed:
            continue
        action = controller.actions[shortcut.name]
        assert action in window.actions()
        keys = {k.toString(QKeySequence.SequenceFormat.PortableText) for k in action.shortcuts()}
        wanted = {k for k in (*shortcut.keys, *shortcut.hidden_keys) if k != "?"}
        assert keys == wanted
        assert not keys & seen, f"{shortcut.name} reuses a key"
        seen |= keys


def test_every_key_the_window_answers_is_in_the_sheet(qtbot: Any, ready: Any) -> None:
    """Keys installed by other parts (the inbox's mark done, the dashboard) are listed too."""
    window, controller = ready
    installed = {shortcut.key().toString(QKeySequence.SequenceFormat.PortableText)
                 for shortcut in window.findChildren(QShortcut)}
    installed |= {key.toString(QKeySequence.SequenceFormat.PortableText)
                  for action in window.actions() for key in action.shortcuts()}
    listed = {key for shortcut in SHORTCUTS for key in (*shortcut.keys, *shortcut.hidden_keys)}
    assert {"Ctrl+Shift+E", "Ctrl+Shift+D"} <= installed
    assert installed - {""} <= listed, installed - listed
    qtbot.keyClick(window.chat_list, Qt.Key.Key_F1)
    sheet = controller.dialog
    assert isinstance(sheet, ShortcutsSheet)
    names = {label.accessibleName() for label in sheet.descriptions}
    assert "Ctrl + Shift + E: Mark the open chat done, or open it again" in names
    controller.close_dialog()


def test_key_names() -> None:
    assert key_parts("Ctrl++") == ["Ctrl", "+"]
    assert key_parts("Alt+Down") == ["Alt", "Down"]
    assert key_parts("?") == ["?"]
    assert spoken_keys("Ctrl+-", settings_translator("es")) == "Ctrl + menos"


def test_status_bar_links_open_settings_and_shortcuts(qtbot: Any, ready: Any) -> None:
    _window, controller = ready
    qtbot.mouseClick(controller.sheet_button, Qt.MouseButton.LeftButton)
    assert isinstance(controller.dialog, ShortcutsSheet)
    qtbot.keyClick(controller.dialog, Qt.Key.Key_Escape)
    qtbot.mouseClick(controller.settings_button, Qt.MouseButton.LeftButton)
    assert controller.dialog is not None
    assert controller.dialog.objectName() == "settingsDialog"
    controller.close_dialog()
    assert controller.settings_button.accessibleName()


def test_jump_and_search_controls_have_accessible_names(qtbot: Any, ready: Any) -> None:
    from PySide6.QtWidgets import QAbstractItemView, QLineEdit

    _window, controller = ready
    for open_dialog in (controller.open_jump, controller.open_search):
        dialog = open_dialog()
        controls = [*dialog.findChildren(QLineEdit), *dialog.findChildren(QAbstractItemView)]
        assert len(controls) >= 2
        assert all(c.accessibleName() for c in controls)
        assert dialog.accessibleName()
        qtbot.keyClick(dialog, Qt.Key.Key_Escape)
        assert not dialog.isVisible()


def test_settings_are_saved_to_the_windows_own_path(qtbot: Any, make_window: Any,
                                                    tmp_path: Path) -> None:
    from deskreply.settings import load_settings

    window = make_window()
    install_shortcuts(window)  # as MainWindow.__init__ will: no path given
    install_shortcuts(window)  # a second call changes nothing
    assert len(window.findChildren(ShortcutController)) == 1
    controller = controller_of(window)
    assert controller is not None
    window.settings_path = tmp_path / "elsewhere.json"  # set after installing
    controller.zoom(1)
    assert load_settings(tmp_path / "elsewhere.json").font_scale == 1.1
