"""The settings dialog and themes, driven like a user on a real window and settings file."""

from __future__ import annotations

import copy
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractSpinBox,
    QApplication,
    QComboBox,
    QLineEdit,
    QListWidget,
    QTabWidget,
)

from deskreply.paths import app_paths
from deskreply.settings import Settings, load_settings, save_settings
from deskreply.ui import theme
from deskreply.ui.settings_dialog import SettingsDialog, clean_word, kind_label
from deskreply.ui.shortcuts import ShortcutController, controller_of, install_shortcuts
from tests.ui.helpers import type_text


@pytest.fixture(autouse=True)
def standard_theme(qapp: QApplication) -> Iterator[None]:
    """Every test starts and ends on the standard theme (the app font is process-wide)."""
    theme.apply_theme(qapp, "standard", 1.0)
    yield
    theme.apply_theme(qapp, "standard", 1.0)


def settings_file(data_dir: Path) -> Path:
    return app_paths(data_dir).settings_file


def controller(window: Any, data_dir: Path) -> ShortcutController:
    install_shortcuts(window, settings_file(data_dir))
    found = controller_of(window)
    assert found is not None
    return found


def open_settings(qtbot: Any, window: Any, data_dir: Path) -> SettingsDialog:
    ctl = controller(window, data_dir)
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    qtbot.keyClick(window.chat_list, Qt.Key.Key_Comma, Qt.KeyboardModifier.ControlModifier)
    dialog = ctl.dialog
    assert isinstance(dialog, SettingsDialog), "Ctrl+, should open the settings dialog"
    assert dialog.objectName() == "settingsDialog"
    qtbot.waitExposed(dialog)
    return dialog


def save(qtbot: Any, dialog: SettingsDialog) -> None:
    button = dialog.findChild(QAbstractButton, "settingsSave")
    assert button is not None
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    assert not dialog.isVisible()


def select_item(widget: QListWidget, value: str) -> None:
    for row in range(widget.count()):
        item = widget.item(row)
        if item.data(Qt.ItemDataRole.UserRole) == value:
            widget.setCurrentItem(item)
            return
    raise AssertionError(f"{value!r} not in the list")


def test_cancel_and_escape_lose_nothing(qtbot: Any, make_window: Any, data_dir: Path) -> None:
    window = make_window()
    before = copy.deepcopy(window.settings)
    path = settings_file(data_dir)
    on_disk = path.read_bytes() if path.exists() else None
    for close in ("escape", "cancel"):
        dialog = open_settings(qtbot, window, data_dir)
        dialog.agent_name.clear()
        type_text(dialog.agent_name, "Nuria")
        dialog.theme_combo.setCurrentIndex(dialog.theme_combo.findData("high_contrast"))
        dialog.flagged_words.add("gratis")
        if close == "escape":
            qtbot.keyClick(dialog, Qt.Key.Key_Escape)
        else:
            qtbot.mouseClick(dialog.findChild(QAbstractButton, "settingsCancel"),
                             Qt.MouseButton.LeftButton)
        assert not dialog.isVisible()
        assert window.settings == before
        assert (path.read_bytes() if path.exists() else None) == on_disk
        assert theme.current_theme() == "standard"


def test_labels_change_only_when_the_dialog_is_saved(qtbot: Any, make_window: Any,
                                                      data_dir: Path) -> None:
    window = make_window()
    store = window.store
    store.add_label("Old", "#6b7280")
    window.inbox_part.refresh_counts()

    def edit_labels(dialog: SettingsDialog) -> None:
        page = dialog.inbox_page
        page.label_name.setFocus()
        type_text(page.label_name, "VIP cliente")
        qtbot.keyClick(page.label_name, Qt.Key.Key_Return)
        qtbot.mouseClick(page.add_label_button, Qt.MouseButton.LeftButton)  # empty: nothing
        page.labels.setCurrentRow(page.shown_label_names().index("Old"))
        qtbot.mouseClick(page.remove_label_button, Qt.MouseButton.LeftButton)
        assert page.shown_label_names() == ["VIP cliente"]

    dialog = open_settings(qtbot, window, data_dir)
    edit_labels(dialog)
    qtbot.mouseClick(dialog.findChild(QAbstractButton, "settingsCancel"),
                     Qt.MouseButton.LeftButton)
    assert [label.name for label in store.labels()] == ["Old"]

    dialog = open_settings(qtbot, window, data_dir)
    assert dialog.inbox_page.shown_label_names() == ["Old"]
    edit_labels(dialog)
    save(qtbot, dialog)
    assert [label.name for label in store.labels()] == ["VIP cliente"]
    more = window.inbox_part.filter_bar.more
    assert any(more.itemText(i).startswith("VIP cliente") for i in range(more.count()))
    assert not any(more.itemText(i).startswith("Old") for i in range(more.count()))


def test_save_writes_every_field_to_the_settings_file(
        qtbot: Any, make_window: Any, data_dir: Path) -> None:
    window = make_window()
    dialog = open_settings(qtbot, window, data_dir)
    dialog.agent_name.clear()
    type_text(dialog.agent_name, "  Núria   Puig ")
    qtbot.mouseClick(dialog.enter_sends, Qt.MouseButton.LeftButton)
    dialog.undo_seconds.setValue(0)
    dialog.sensitivity.setCurrentIndex(dialog.sensitivity.findData("strict"))
    dialog.emoji_limit.setValue(1)
    dialog.emoji_version.setCurrentIndex(dialog.emoji_version.findData(15.1))
    dialog.font_percent.setValue(130)
    dialog.tabs.setCurrentIndex(3)
    assert dialog.flagged_words.input is not None
    type_text(dialog.flagged_words.input, "garantía total")
    qtbot.keyClick(dialog.flagged_words.input, Qt.Key.Key_Return)  # adds, does not save
    assert dialog.isVisible()
    assert dialog.flagged_words.values() == ["garantía total"]
    save(qtbot, dialog)

    stored = json.loads(settings_file(data_dir).read_text(encoding="utf-8"))
    assert stored["agent_name"] == "Núria Puig"
    assert stored["enter_sends"] is True
    assert stored["undo_send_seconds"] == 0
    assert stored["sensitivity"] == "strict"
    assert stored["emoji_limit"] == 1
    assert stored["emoji_max_version"] == 15.1
    assert stored["font_scale"] == 1.3
    assert stored["personal_flagged_words"] == ["garantía total"]
    assert load_settings(settings_file(data_dir)) == window.settings
    # Used at once: the sender name and the app font.
    assert window.agent_name == "Núria Puig"
    assert theme.current_scale() == 1.3


def test_log_detail_is_chosen_in_settings_and_used_at_once(
        qtbot: Any, make_window: Any, data_dir: Path) -> None:
    import logging

    window = make_window()
    dialog = open_settings(qtbot, window, data_dir)
    assert dialog.log_level.currentData() == "warning"
    dialog.log_level.setCurrentIndex(dialog.log_level.findData("info"))
    save(qtbot, dialog)
    assert json.loads(settings_file(data_dir).read_text(encoding="utf-8"))["log_level"] == "info"
    assert logging.getLogger("deskreply").level == logging.INFO
    logging.getLogger("deskreply").setLevel(logging.NOTSET)


def test_removing_an_ignored_word_persists(qtbot: Any, make_window: Any,
                                           data_dir: Path) -> None:
    save_settings(settings_file(data_dir), Settings(
        ignored_words=["vale", "porfa", "ok"], ignored_kinds=["tone.too_informal", "sarcasm"]))
    window = make_window()
    assert window.settings.ignored_words == ["vale", "porfa", "ok"]
    dialog = open_settings(qtbot, window, data_dir)
    editor = dialog.ignored_words
    assert not editor.remove_button.isEnabled()  # nothing selected yet
    select_item(editor.list, "porfa")
    assert editor.remove_button.isEnabled()
    qtbot.mouseClick(editor.remove_button, Qt.MouseButton.LeftButton)
    assert editor.values() == ["vale", "ok"]
    # Ignored kinds are shown by name and can be turned back on too.
    kinds = dialog.ignored_kinds
    assert [kinds.list.item(i).text() for i in range(kinds.list.count())] == [
        "Too informal", "Sarcasm"]
    select_item(kinds.list, "tone.too_informal")
    qtbot.mouseClick(kinds.remove_button, Qt.MouseButton.LeftButton)
    save(qtbot, dialog)
    stored = load_settings(settings_file(data_dir))
    assert stored.ignored_words == ["vale", "ok"]
    assert stored.ignored_kinds == ["sarcasm"]
    assert window.settings.ignored_words == ["vale", "ok"]


def test_saved_check_settings_reach_a_loaded_checker(
        qtbot: Any, make_window: Any, data_dir: Path) -> None:
    window = make_window()

    class FakeChecker:
        settings: Any = None

    window.checker = FakeChecker()
    dialog = open_settings(qtbot, window, data_dir)
    dialog.ignored_words.add("vale")  # not addable in the UI: the composer adds these
    dialog.flagged_words.add("gratis")
    dialog.sensitivity.setCurrentIndex(dialog.sensitivity.findData("relaxed"))
    save(qtbot, dialog)
    assert window.checker.settings.sensitivity == "relaxed"
    assert window.checker.settings.extra_flagged_words == frozenset({"gratis"})
    assert window.checker.settings.ignored_words == frozenset({"vale"})


def test_flagged_words_skip_blanks_and_duplicates(qtbot: Any) -> None:
    dialog = SettingsDialog(Settings(personal_flagged_words=["Garantía"]), "en")
    qtbot.addWidget(dialog)
    editor = dialog.flagged_words
    assert editor.add_button is not None and editor.input is not None
    assert not editor.add_button.isEnabled()
    assert not editor.add("   ")
    assert not editor.add("garantia")  # same word, other case and no accent
    assert editor.add("  sin   coste ")
    assert editor.values() == ["Garantía", "sin coste"]
    assert clean_word("x" * 500) == "x" * 100
    assert kind_label("tone.no_empathy", lambda s: s) == "No empathy after a complaint"
    assert kind_label("new_kind", lambda s: s) == "new_kind"


def test_every_control_has_an_accessible_name(qtbot: Any) -> None:
    settings = Settings(ignored_words=["vale"], ignored_kinds=["risky_emoji"],
                        personal_flagged_words=["gratis"])
    for lang in ("en", "es"):
        dialog = SettingsDialog(settings, lang)
        qtbot.addWidget(dialog)
        controls = [*dialog.findChildren(QAbstractButton), *dialog.findChildren(QComboBox),
                    *dialog.findChildren(QLineEdit), *dialog.findChildren(QListWidget),
                    *dialog.findChildren(QAbstractSpinBox), *dialog.findChildren(QTabWidget)]
        controls = [c for c in controls if not isinstance(c.parent(), QAbstractSpinBox)]
        assert len(controls) > 15
        unnamed = [c.objectName() or type(c).__name__ for c in controls
                   if not c.accessibleName() and type(c).__name__ != "QTabBar"]
        assert unnamed == [], lang


def test_dialog_speaks_spanish(qtbot: Any) -> None:
    dialog = SettingsDialog(Settings(ignored_kinds=["phone"]), "es")
    qtbot.addWidget(dialog)
    assert dialog.windowTitle() == "Configuración"
    tabs = [dialog.tabs.tabText(i) for i in range(dialog.tabs.count())]
    assert tabs == ["Respuestas", "Apariencia", "Revisiones", "Listas de palabras", "Bandeja"]
    assert dialog.ignored_kinds.list.item(0).text() == "Números de teléfono"
    assert dialog.undo_seconds.specialValueText() == "Desactivado"


def test_damaged_values_in_the_file_are_shown_as_safe_choices(qtbot: Any) -> None:
    odd = Settings(theme="purple", font_scale=40.0, sensitivity="paranoid", undo_send_seconds=-3,
                   emoji_limit=999, emoji_max_version=13.5)
    dialog = SettingsDialog(odd, "en")
    qtbot.addWidget(dialog)
    edited = dialog.edited()
    assert edited.theme == "standard"
    assert edited.font_scale == theme.MAX_FONT_SCALE
    assert edited.sensitivity == "standard"
    assert edited.undo_send_seconds == 0
    assert edited.emoji_limit == 20
    assert edited.emoji_max_version == 13.5  # kept as a custom entry
    assert odd.theme == "purple"  # the original is untouched until OK


def test_large_text_and_scale_grow_every_font(qtbot: Any, qapp: QApplication,
                                              make_window: Any, data_dir: Path) -> None:
    window = make_window()
    ctl = controller(window, data_dir)
    base = qapp.font().pointSizeF()
    label_size = window.checks_status.font().pointSizeF()
    row_height = window.chat_list.verticalHeader().defaultSectionSize()
    assert label_size == base

    window.settings.theme = "large"
    ctl.refresh_theme()
    large = qapp.font().pointSizeF()
    assert large == pytest.approx(base * theme.LARGE_TEXT_FACTOR, abs=0.11)
    assert window.checks_status.font().pointSizeF() == large  # every widget follows
    assert window.chat_list.verticalHeader().defaultSectionSize() > row_height
    # Ctrl+plus on top of large text, persisted; Ctrl+0 back to the theme's size.
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    qtbot.keyClick(window.chat_list, Qt.Key.Key_Plus, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClick(window.chat_list, Qt.Key.Key_Equal, Qt.KeyboardModifier.ControlModifier)
    assert window.settings.font_scale == 1.2
    assert qapp.font().pointSizeF() == pytest.approx(large * 1.2, abs=0.11)
    assert load_settings(settings_file(data_dir)).font_scale == 1.2
    qtbot.keyClick(window.chat_list, Qt.Key.Key_Minus, Qt.KeyboardModifier.ControlModifier)
    assert window.settings.font_scale == 1.1
    qtbot.keyClick(window.chat_list, Qt.Key.Key_0, Qt.KeyboardModifier.ControlModifier)
    assert window.settings.font_scale == 1.0
    assert qapp.font().pointSizeF() == large
    assert load_settings(settings_file(data_dir)).font_scale == 1.0


def test_scale_stops_at_its_bounds(qtbot: Any, make_window: Any, data_dir: Path) -> None:
    window = make_window()
    ctl = controller(window, data_dir)
    for _ in range(40):
        ctl.zoom(1)
    assert window.settings.font_scale == theme.MAX_FONT_SCALE
    for _ in range(40):
        ctl.zoom(-1)
    assert window.settings.font_scale == theme.MIN_FONT_SCALE
    assert theme.clamp_scale(float("nan")) == 1.0


def test_high_contrast_recolours_widgets_and_the_painted_list(
        qtbot: Any, qapp: QApplication, make_window: Any, data_dir: Path) -> None:
    window = make_window()
    ctl = controller(window, data_dir)
    window.settings.theme = "high_contrast"
    ctl.refresh_theme()
    assert qapp.palette().color(QPalette.ColorRole.Window).name() == "#000000"
    assert qapp.palette().color(QPalette.ColorRole.WindowText).name() == "#ffffff"
    assert theme.LIST_BG == "#000000" and theme.TEXT == "#ffffff"  # read by the delegate
    assert "#ffff00" in qapp.styleSheet()  # yellow focus rings
    image = window.chat_list.viewport().grab().toImage()
    corner = image.pixelColor(image.width() - 3, image.height() - 3)
    assert corner.lightness() < 40, "the painted chat list should turn dark"
    window.settings.theme = "standard"
    ctl.refresh_theme()
    assert theme.LIST_BG == "#ffffff"


def test_send_key_choice_reaches_the_composer(qtbot: Any, make_window: Any,
                                              data_dir: Path) -> None:
    window = make_window()
    dialog = open_settings(qtbot, window, data_dir)
    qtbot.mouseClick(dialog.enter_sends, Qt.MouseButton.LeftButton)
    save(qtbot, dialog)
    assert window.composer.settings.enter_sends is True
    assert window.composer.edit.enter_sends is True


def test_saved_theme_and_text_size_apply_at_startup(qapp: QApplication, make_window: Any,
                                                     data_dir: Path) -> None:
    base = qapp.font().pointSizeF()
    make_window(settings=Settings(theme="large", font_scale=1.2, undo_send_seconds=0))
    assert theme.current_theme() == "large"
    assert qapp.font().pointSizeF() == pytest.approx(base * theme.LARGE_TEXT_FACTOR * 1.2,
                                                     abs=0.11)
