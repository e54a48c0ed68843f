"""The composer's emoji picker: search in both languages, risk marks, keyboard, recents."""

from __future__ import annotations

import json
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QModelIndex, QPoint, QRect, Qt
from PySide6.QtGui import QColor, QImage, QPainter
from PySide6.QtWidgets import QLabel, QStyle, QStyleOptionViewItem, QTabBar, QWidget

from deskreply.checks.emoji.catalog import EmojiCatalog
from deskreply.ui.emoji_picker import AMBER, EmojiPicker, RiskLevel, Roles
from deskreply.ui.emoji_recent import DEFAULT_LIMIT, RecentEmojis, default_recent_path
from tests.ui.helpers import type_text

THUMBS_MEDIUM = "👍\U0001f3fd"
TECHNOLOGIST_MEDIUM = "🧑\U0001f3fd\u200d💻"
PINK_HEART = "\U0001fa77"  # Emoji 15.0

MakePicker = Callable[..., EmojiPicker]
# The offscreen test platform can not raise or grab for popup windows; real desktops can.
pytestmark = pytest.mark.qt_log_ignore("This plugin does not support")


@pytest.fixture
def make_picker(qtbot: Any, data_dir: Path) -> MakePicker:
    def make(lang: str = "en", max_version: float = 14.0, show: bool = True,
             recent_path: Path | None = None) -> EmojiPicker:
        path = recent_path if recent_path is not None else default_recent_path(data_dir)
        picker = EmojiPicker(lang, path, max_version)
        qtbot.addWidget(picker)
        if show:
            picker.popup_at(QPoint(40, 40))
            qtbot.waitExposed(picker)
        return picker

    return make


def row_of(picker: EmojiPicker, sequence: str) -> QModelIndex:
    shown = picker.shown_emojis()
    assert sequence in shown, f"{sequence!r} is not shown"
    return picker.model.index(shown.index(sequence), 0)


def click(qtbot: Any, picker: EmojiPicker, index: QModelIndex) -> None:
    picker.grid.scrollTo(index)
    qtbot.mouseClick(picker.grid.viewport(), Qt.MouseButton.LeftButton,
                     pos=picker.grid.visualRect(index).center())


def open_tab(picker: EmojiPicker, category: str) -> None:
    ids = [c for c, _label in picker.categories]
    picker.tabs.setCurrentIndex(ids.index(category))


def painted(picker: EmojiPicker, index: QModelIndex) -> QImage:
    """The delegate's drawing of one cell, on its own."""
    image = QImage(picker.cell, picker.cell, QImage.Format.Format_ARGB32)
    image.fill(QColor("white"))
    option = QStyleOptionViewItem()
    option.rect = QRect(0, 0, picker.cell, picker.cell)
    option.state = QStyle.StateFlag.State_Enabled
    painter = QPainter(image)
    picker.grid.itemDelegate().paint(painter, option, index)
    painter.end()
    return image


def amber_pixels(image: QImage) -> int:
    amber = QColor(AMBER)
    return sum(
        1 for x in range(image.width()) for y in range(image.height())
        if image.pixelColor(x, y) == amber
    )


# -- search --------------------------------------------------------------------------------
def test_spanish_search_finds_the_red_heart_with_its_spanish_name(make_picker: MakePicker):
    picker = make_picker("es")
    picker.search.setText("corazón")
    index = row_of(picker, "❤️")
    assert index.data(Roles.NAME) == "corazón rojo"
    assert "corazón" in picker.section.text()


def test_spanish_search_ignores_accents_and_case_when_typed(make_picker: MakePicker):
    picker = make_picker("es")
    type_text(picker.search, "CORAZON")
    assert picker.search.text() == "CORAZON"
    assert "❤️" in picker.shown_emojis()


def test_english_search_finds_the_red_heart(make_picker: MakePicker):
    picker = make_picker("en")
    type_text(picker.search, "heart")
    assert row_of(picker, "❤️").data(Roles.NAME) == "red heart"
    assert "🍔" not in picker.shown_emojis()


def test_search_without_match_explains_instead_of_an_empty_grid(make_picker: MakePicker):
    picker = make_picker("en")
    picker.search.setText("zzqqxx")
    assert picker.shown_emojis() == []
    assert picker.stack.currentWidget() is picker.empty
    assert "No emoji found" in picker.empty.text()
    picker.search.clear()
    assert picker.shown_emojis()
    assert picker.stack.currentWidget() is picker.grid


def test_query_is_shown_as_plain_text(make_picker: MakePicker):
    picker = make_picker("en")
    picker.search.setText("<b>heart</b>")
    assert picker.section.textFormat() == Qt.TextFormat.PlainText
    assert "<b>heart</b>" in picker.section.text()


# -- risk and rendering marks --------------------------------------------------------------
@pytest.mark.parametrize("lang", ["en", "es"])
def test_risky_emoji_has_the_checks_explanation_and_a_badge(make_picker: MakePicker, lang: str):
    picker = make_picker(lang)
    open_tab(picker, "smileys")
    index = row_of(picker, "🙄")
    expected = EmojiCatalog().risk_info("🙄", ui_lang=lang)
    assert expected.risky and expected.explanation
    assert index.data(Roles.RISK) == RiskLevel.ANY_CONTEXT
    tooltip = index.data(Qt.ItemDataRole.ToolTipRole)
    assert expected.explanation in tooltip
    assert expected.when in tooltip
    assert expected.explanation in index.data(Qt.ItemDataRole.AccessibleTextRole)
    # The mark is drawn, not only told: the amber badge appears on 🙄 and not on 😀.
    assert amber_pixels(painted(picker, index)) > 10
    assert amber_pixels(painted(picker, row_of(picker, "😀"))) == 0
    assert row_of(picker, "😀").data(Qt.ItemDataRole.ToolTipRole) == picker.facts("😀").name


def test_obscene_gesture_is_marked_risky_in_any_context(make_picker: MakePicker):
    picker = make_picker("es")
    picker.search.setText("dedo corazón")
    index = row_of(picker, "🖕")
    assert index.data(Roles.RISK) == RiskLevel.ANY_CONTEXT
    assert "insulto" in index.data(Qt.ItemDataRole.ToolTipRole)


def test_context_dependent_emoji_gets_the_hollow_badge(make_picker: MakePicker):
    picker = make_picker("en")
    open_tab(picker, "smileys")
    index = row_of(picker, "😂")
    assert index.data(Roles.RISK) == RiskLevel.SOME_CONTEXTS
    assert "complaint" in index.data(Qt.ItemDataRole.ToolTipRole)
    filled = amber_pixels(painted(picker, row_of(picker, "🙄")))
    hollow = amber_pixels(painted(picker, index))
    assert 0 < hollow < filled  # an outline, visibly different from the filled badge


def test_emoji_newer_than_the_limit_is_dimmed_and_explained(make_picker: MakePicker):
    old_phones = make_picker("en", max_version=14.0)
    old_phones.search.setText("pink heart")
    index = row_of(old_phones, PINK_HEART)
    assert index.data(Roles.TOO_NEW) is True
    assert "empty box" in index.data(Qt.ItemDataRole.ToolTipRole)
    new_phones = make_picker("en", max_version=15.0)
    new_phones.search.setText("pink heart")
    newer_index = row_of(new_phones, PINK_HEART)
    assert newer_index.data(Roles.TOO_NEW) is False
    assert "empty box" not in newer_index.data(Qt.ItemDataRole.ToolTipRole)
    assert painted(old_phones, index) != painted(new_phones, newer_index)
    old_phones.close()


def test_spanish_ui_explains_too_new_emojis_in_spanish(make_picker: MakePicker):
    picker = make_picker("es")
    picker.search.setText("corazón rosa")
    tooltip = row_of(picker, PINK_HEART).data(Qt.ItemDataRole.ToolTipRole)
    assert "caja vacía" in tooltip


def test_preview_shows_name_and_risk_of_the_current_emoji(make_picker: MakePicker):
    picker = make_picker("en")
    open_tab(picker, "smileys")
    picker.grid.setCurrentIndex(row_of(picker, "🙄"))
    assert picker.preview_emoji.text() == "🙄"
    assert picker.preview_name.text() == "face with rolling eyes"
    assert "eye-roll" in picker.preview_detail.text()
    assert picker.preview_detail.textFormat() == Qt.TextFormat.PlainText


# -- choosing ------------------------------------------------------------------------------
def test_click_emits_the_exact_skin_toned_sequence(qtbot: Any, make_picker: MakePicker):
    picker = make_picker("en")
    picker.tone_box.setCurrentIndex(3)  # medium
    open_tab(picker, "people")
    index = row_of(picker, THUMBS_MEDIUM)
    with qtbot.waitSignal(picker.emojiChosen) as chosen:
        click(qtbot, picker, index)
    assert chosen.args == [THUMBS_MEDIUM]
    assert not picker.isVisible()  # closes after a choice


def test_enter_emits_zwj_sequence_intact(qtbot: Any, make_picker: MakePicker):
    picker = make_picker("en")
    picker.tone_box.setCurrentIndex(3)
    picker.search.setFocus()
    type_text(picker.search, "technologist")
    assert picker.shown_emojis()[0] == TECHNOLOGIST_MEDIUM
    with qtbot.waitSignal(picker.emojiChosen) as chosen:
        qtbot.keyClick(picker.search, Qt.Key.Key_Return)
    assert chosen.args == [TECHNOLOGIST_MEDIUM]
    assert len(chosen.args[0]) == len(TECHNOLOGIST_MEDIUM)


def test_arrow_keys_move_in_the_grid_and_enter_chooses(qtbot: Any, make_picker: MakePicker):
    picker = make_picker("en")
    open_tab(picker, "smileys")
    assert picker.search.hasFocus()
    qtbot.keyClick(picker.search, Qt.Key.Key_Down)
    assert picker.grid.hasFocus()
    assert picker.grid.currentIndex().row() == 0
    qtbot.keyClick(picker.grid, Qt.Key.Key_Right)
    qtbot.keyClick(picker.grid, Qt.Key.Key_Right)
    qtbot.keyClick(picker.grid, Qt.Key.Key_Down)
    row = picker.grid.currentIndex().row()
    columns = picker.grid.viewport().width() // picker.cell
    assert row == 2 + columns
    expected = picker.shown_emojis()[row]
    with qtbot.waitSignal(picker.emojiChosen) as chosen:
        qtbot.keyClick(picker.grid, Qt.Key.Key_Return)
    assert chosen.args == [expected]


def test_up_from_the_first_row_returns_to_the_search(qtbot: Any, make_picker: MakePicker):
    picker = make_picker("en")
    qtbot.keyClick(picker.search, Qt.Key.Key_Down)
    qtbot.keyClick(picker.grid, Qt.Key.Key_Up)
    assert picker.search.hasFocus()


def test_escape_closes(qtbot: Any, make_picker: MakePicker):
    picker = make_picker("en")
    with qtbot.waitSignal(picker.closed):
        qtbot.keyClick(picker.search, Qt.Key.Key_Escape)
    assert not picker.isVisible()
    picker.popup_at(QPoint(10, 10))
    qtbot.keyClick(picker.search, Qt.Key.Key_Down)
    qtbot.keyClick(picker.grid, Qt.Key.Key_Escape)
    assert not picker.isVisible()


def test_reopening_clears_the_search_and_focuses_it(qtbot: Any, make_picker: MakePicker):
    picker = make_picker("en")
    picker.search.setText("cat")
    picker.close()
    picker.popup_at(QPoint(10, 10))
    qtbot.waitExposed(picker)
    assert picker.search.text() == ""
    assert picker.search.hasFocus()


# -- recents -------------------------------------------------------------------------------
def test_recents_persist_across_pickers(qtbot: Any, make_picker: MakePicker, data_dir: Path):
    first = make_picker("en")
    assert first.tabs.currentIndex() == 1  # nothing recent yet: starts on smileys
    for sequence in ("😀", THUMBS_MEDIUM, "😀"):
        first.choose(sequence)
    path = default_recent_path(data_dir)
    assert json.loads(path.read_text(encoding="utf-8")) == ["😀", THUMBS_MEDIUM]
    second = make_picker("es")
    assert second.tabs.currentIndex() == 0  # the recent tab comes first when it has emojis
    assert second.shown_emojis() == ["😀", THUMBS_MEDIUM]


def test_recent_list_is_capped_most_recent_first(tmp_path: Path):
    recents = RecentEmojis(tmp_path / "r.json")
    faces = [chr(0x1F600 + i) for i in range(DEFAULT_LIMIT + 6)]
    for face in faces:
        recents.add(face)
    again = RecentEmojis(tmp_path / "r.json")
    assert again.items == list(reversed(faces))[:DEFAULT_LIMIT]


@pytest.mark.parametrize("content", [
    "not json", "{\"a\": 1}", "[1, null, \"<b>x</b>\", \"😀\", \"😀\", \"" + "😀" * 40 + "\"]",
])
def test_damaged_recent_file_is_ignored_safely(tmp_path: Path, content: str):
    path = tmp_path / "recent_emoji.json"
    path.write_text(content, encoding="utf-8")
    recents = RecentEmojis(path)
    assert recents.items in ([], ["😀"])
    recents.add("🙏")
    assert json.loads(path.read_text(encoding="utf-8"))[0] == "🙏"


def test_recents_without_a_file_stay_in_memory(tmp_path: Path):
    recents = RecentEmojis(None)
    recents.add("🙏")
    assert recents.items == ["🙏"]
    assert list(tmp_path.iterdir()) == []


# -- accessibility, language, speed --------------------------------------------------------
def test_every_control_has_an_accessible_name(make_picker: MakePicker):
    picker = make_picker("es")
    assert picker.objectName() == "emojiPicker"
    assert picker.search.objectName() == "emojiSearch"
    for widget in picker.findChildren(QWidget):
        if widget.focusPolicy() != Qt.FocusPolicy.NoFocus and widget.isVisible():
            assert widget.accessibleName(), widget
    tabs = picker.findChild(QTabBar)
    assert tabs is not None
    for index in range(tabs.count()):
        assert tabs.accessibleTabName(index) and tabs.tabToolTip(index)
    for index in range(picker.tone_box.count()):
        assert picker.tone_box.itemData(index, Qt.ItemDataRole.AccessibleTextRole)


def test_spanish_picker_speaks_spanish(make_picker: MakePicker):
    picker = make_picker("es")
    texts = [label.text() for label in picker.findChildren(QLabel)]
    assert "Arriesgado" in texts
    assert picker.search.placeholderText().startswith("Buscar")
    assert picker.tabs.tabToolTip(0) == "Usados recientemente"
    assert picker.tabs.tabToolTip(1) == "Caras y emociones"


def test_every_category_fills_fast(make_picker: MakePicker):
    picker = make_picker("en")
    started = time.perf_counter()
    total = 0
    for index in range(1, picker.tabs.count()):
        picker.tabs.setCurrentIndex(index)
        total += len(picker.shown_emojis())
    picker.search.setText("a")
    elapsed = time.perf_counter() - started
    assert total > 1500
    assert elapsed < 1.0, f"{elapsed:.3f} s to fill every category"


def test_shift_enter_keeps_the_picker_open_for_more(qtbot: Any, make_picker: MakePicker):
    picker = make_picker("en")
    picker.search.setText("thumbs up")
    with qtbot.waitSignal(picker.emojiChosen) as chosen:
        qtbot.keyClick(picker.search, Qt.Key.Key_Return, Qt.KeyboardModifier.ShiftModifier)
    assert chosen.args == ["👍"]
    assert picker.isVisible()
    qtbot.keyClick(picker.search, Qt.Key.Key_Down)
    with qtbot.waitSignal(picker.emojiChosen):
        qtbot.keyClick(picker.grid, Qt.Key.Key_Return, Qt.KeyboardModifier.ShiftModifier)
    assert picker.isVisible()
    with qtbot.waitSignal(picker.emojiChosen):
        qtbot.keyClick(picker.grid, Qt.Key.Key_Return)
    assert not picker.isVisible()


# -- in the composer -----------------------------------------------------------------------
@pytest.mark.parametrize("key", [Qt.Key.Key_Semicolon, Qt.Key.Key_E])
def test_shortcut_opens_picker_and_the_choice_goes_in_at_the_cursor(
        qtbot: Any, make_window: Any, key: Qt.Key):
    from tests.ui.live_checks import open_checked_chat, wait_checked

    window, _conversation = open_checked_chat(make_window, lang="en")
    composer = window.composer
    composer.edit.setPlainText("Sorry about that. Thanks!")
    cursor = composer.edit.textCursor()
    cursor.setPosition(len("Sorry about that."))
    composer.edit.setTextCursor(cursor)
    composer.edit.setFocus()
    qtbot.waitUntil(composer.edit.hasFocus)
    qtbot.keyClick(composer.edit, key, Qt.KeyboardModifier.ControlModifier)
    picker = composer.emoji_picker
    assert picker is not None
    qtbot.waitUntil(picker.isVisible)
    assert picker.search.hasFocus()
    type_text(picker.search, "rolling eyes")
    qtbot.keyClick(picker.search, Qt.Key.Key_Down)
    assert picker.grid.currentIndex().data(Roles.EMOJI) == "🙄"
    qtbot.keyClick(picker.grid, Qt.Key.Key_Return)
    assert composer.text() == "Sorry about that.🙄 Thanks!"
    assert not picker.isVisible()
    qtbot.waitUntil(composer.edit.hasFocus)
    # The live check runs on the new text by itself and flags the eye-roll.
    findings = wait_checked(qtbot, window)
    assert any(f.check == "emoji" and "🙄" in f.text for f in findings)


def test_picker_follows_the_phones_emoji_version_setting(qtbot: Any, make_window: Any):
    window = make_window(lang="es")
    window.select_conversation(window.model.conversation_id(0))
    composer = window.composer
    qtbot.mouseClick(composer.emoji_button, Qt.MouseButton.LeftButton)
    first = composer.emoji_picker
    assert first is not None and first.max_version == composer.settings.emoji_max_version
    assert first.lang == "es" and first.search.placeholderText().startswith("Buscar")
    qtbot.keyClick(first.search, Qt.Key.Key_Escape)
    composer.settings.emoji_max_version = 15.1
    qtbot.mouseClick(composer.emoji_button, Qt.MouseButton.LeftButton)
    second = composer.emoji_picker
    assert second is not None and second is not first and second.max_version == 15.1
    second.search.setText("corazón rosa")
    assert row_of(second, PINK_HEART).data(Roles.TOO_NEW) is False
    second.close()


def test_emoji_button_is_off_without_a_chat_and_has_a_shortcut_tooltip(make_window: Any):
    window = make_window(lang="en")
    button = window.composer.emoji_button
    assert button.objectName() == "emojiButton" and button.accessibleName()
    assert "Ctrl+;" in button.toolTip()
    assert window.current_conversation_id is None and not button.isEnabled()
    window.select_conversation(window.model.conversation_id(0))
    assert button.isEnabled()
