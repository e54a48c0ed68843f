"""Layout at 100 %, 140 % and 200 % text and in high contrast: nothing overlaps, nothing is cut.

A real window with the real checks gets a draft with several findings (a card number, a
wrong name, shouting, a laughing emoji, an e-mail). Then every visible widget of the composer
area and of the status bar is compared with its neighbours (no two overlap) and with what it
needs (``sizeHint`` / ``heightForWidth`` against the size it was given).
"""

from __future__ import annotations

import itertools
from typing import Any

import pytest
from PySide6.QtCore import QPoint, QRect
from PySide6.QtWidgets import QAbstractButton, QApplication, QLabel, QWidget

from deskreply.settings import Settings
from tests.ui.live_checks import checker

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support")

DRAFT = ("Hi Tom, per my last email this is NOT OUR PROBLEM 😂. Your card "
         "4111 1111 1111 1111 is on file, write to billing.person@example.com if you care.")
SCENES = {  # name: (theme, text scale, UI language; Spanish labels run longer)
    "100%": ("standard", 1.0, "en"),
    "140%": ("standard", 1.4, "en"),
    "200%": ("standard", 2.0, "en"),
    "high contrast": ("high_contrast", 1.0, "en"),
    "high contrast 140%": ("high_contrast", 1.4, "en"),
    "140% Spanish": ("standard", 1.4, "es"),
    "200% Spanish": ("standard", 2.0, "es"),
}


def _rect_in(widget: QWidget, ancestor: QWidget) -> QRect:
    return QRect(widget.mapTo(ancestor, QPoint(0, 0)), widget.size())


def _visible_children(parent: QWidget, widgets: list[QWidget]) -> list[QWidget]:
    return [w for w in widgets if w.isVisibleTo(parent) and w.width() > 0 and w.height() > 0]


def _assert_no_overlap(widgets: list[QWidget], ancestor: QWidget, where: str) -> None:
    for first, second in itertools.combinations(widgets, 2):
        a, b = _rect_in(first, ancestor), _rect_in(second, ancestor)
        assert not a.intersects(b), (
            f"{where}: {first.objectName() or type(first).__name__} {a} overlaps "
            f"{second.objectName() or type(second).__name__} {b}")


def _assert_not_clipped(widget: QWidget, where: str) -> None:
    name = widget.objectName() or type(widget).__name__
    if isinstance(widget, QLabel) and widget.wordWrap():
        needed = widget.heightForWidth(widget.width())
        assert needed <= widget.height(), f"{where}: {name} needs {needed}px, has {widget.height()}"
        return
    hint = widget.sizeHint()
    assert hint.width() <= widget.width() and hint.height() <= widget.height(), (
        f"{where}: {name} {widget.text() if hasattr(widget, 'text') else ''!r} needs "
        f"{hint.width()}x{hint.height()}, has {widget.width()}x{widget.height()}")


def _settle(qtbot: Any) -> None:
    for _ in range(6):
        QApplication.processEvents()
        qtbot.wait(30)


@pytest.mark.parametrize("scene", list(SCENES))
def test_the_composer_area_never_overlaps_or_cuts_text(qtbot: Any, make_window: Any,
                                                       scene: str) -> None:
    theme_name, scale, lang = SCENES[scene]
    window = make_window(lang=lang, settings=Settings(theme=theme_name, font_scale=scale,
                                                      undo_send_seconds=0))
    window.resize(1120, 740)
    window.set_checker(checker(lang))
    window.select_conversation(window.model.conversation_id(0))
    composer = window.composer
    composer.edit.insertPlainText(DRAFT)
    qtbot.waitUntil(lambda: composer.is_up_to_date() and len(composer.findings()) >= 4,
                    timeout=15_000)
    window.statusBar().showMessage(
        "Settings saved. A long status message that must never print over the links.", 5_000)
    _settle(qtbot)
    panel = composer.panel
    assert panel.isVisible() and len(panel.rows) >= 4

    # 1. The composer's own parts: undo bar, editor, findings, hint, emoji and send buttons.
    parts = _visible_children(composer, [composer.undo_bar, composer.edit, panel, composer.hint,
                                         composer.emoji_button, composer.send_button])
    _assert_no_overlap(parts, composer, scene)
    for widget in (composer.hint, composer.send_button):
        _assert_not_clipped(widget, scene)
    assert composer.height() >= composer.minimumSizeHint().height()
    # Every part is inside the composer (nothing pushed out of its area).
    for widget in parts:
        assert composer.rect().contains(_rect_in(widget, composer)), widget.objectName()

    # 2. Inside the findings panel: groups and rows stacked, each row's parts side by side.
    content = panel._content
    stacked = _visible_children(content, [*panel.group_labels, *panel.rows])
    _assert_no_overlap(stacked, content, f"{scene} findings")
    for label in panel.group_labels:
        _assert_not_clipped(label, f"{scene} findings")
    for row in panel.rows:
        pieces = _visible_children(row, [row.icon, row.message, row.more_button,
                                         *([row.fix_button] if row.fix_button else [])])
        _assert_no_overlap(pieces, row, f"{scene} row")
        for piece in pieces:
            _assert_not_clipped(piece, f"{scene} row")
            assert row.rect().contains(_rect_in(piece, row)), piece.objectName()
    # More than fits: the panel scrolls instead of squeezing its rows.
    if content.height() > panel._scroll.viewport().height():
        assert panel._scroll.verticalScrollBar().maximum() > 0

    # 3. The emoji button is a real target: as tall as Send, at least square.
    emoji = composer.emoji_button
    assert emoji.height() >= composer.send_button.height() - 2
    assert emoji.width() >= emoji.height() - 2

    # 4. The status bar: the message sits beside the links and the checks status.
    bar = window.statusBar()
    items = _visible_children(bar, [w for w in bar.findChildren(QWidget)
                                    if w.parentWidget() is bar])
    assert len(items) >= 4  # message, Settings, Keyboard shortcuts, checks status
    _assert_no_overlap(items, bar, f"{scene} status bar")
    for widget in items:
        if isinstance(widget, QAbstractButton) or widget.objectName() == "checksStatus":
            _assert_not_clipped(widget, f"{scene} status bar")
        assert bar.rect().contains(_rect_in(widget, bar)), widget.objectName()  # not past the edge
    message = bar.message_label
    assert message.full_text().startswith("Settings saved")
    assert message.toolTip() == message.full_text()  # shortened on screen, whole in the tip
    assert message.fontMetrics().horizontalAdvance(message.text()) <= message.width()

    # 5. The conversation's actions and the chat filters wrap rather than cut their labels.
    part = window.inbox_part
    for container, buttons in ((part.actions_bar, [part.done_button, part.snooze_button,
                                                   part.labels_button, part.claim_button,
                                                   part.contact_button]),
                               (part.filter_bar, [*part.filter_bar.buttons.values(),
                                                  part.filter_bar.more])):
        shown = _visible_children(container, buttons)
        assert len(shown) == len(buttons), [b.objectName() for b in buttons if b not in shown]
        _assert_no_overlap(shown, container, f"{scene} {container.objectName()}")
        for button in shown:
            _assert_not_clipped(button, f"{scene} {container.objectName()}")
            assert container.rect().contains(_rect_in(button, container)), button.objectName()

    # 6. The chat list rows are tall enough for their two lines at this text size.
    delegate = window.chat_list.itemDelegate()
    assert window.chat_list.rowHeight(0) >= delegate.row_height(window.chat_list.font())


@pytest.mark.parametrize("scale", [1.0, 1.4, 2.0])
def test_the_emoji_picker_opens_whole_on_the_screen(qtbot: Any, make_window: Any,
                                                    scale: float) -> None:
    window = make_window(settings=Settings(font_scale=scale, undo_send_seconds=0))
    screen = window.screen().availableGeometry()
    # The window's bottom-right corner at the screen's: the worst place for a popup.
    window.resize(900, 700)
    window.move(screen.right() - window.frameGeometry().width() + 1,
                screen.bottom() - window.frameGeometry().height() + 1)
    window.select_conversation(window.model.conversation_id(0))
    _settle(qtbot)
    window.composer.open_emoji_picker()
    picker = window.composer.emoji_picker
    qtbot.waitUntil(picker.isVisible)
    _settle(qtbot)
    frame = picker.frameGeometry()
    # Whole on this 800 px test screen even at 200 % text (fewer emoji rows show then).
    assert screen.contains(frame), (frame, screen)
    assert picker.grid.height() >= 2 * picker.cell
    button = window.composer.emoji_button
    button_rect = QRect(button.mapToGlobal(QPoint(0, 0)), button.size())
    assert not picker.frameGeometry().intersects(button_rect) or \
        picker.frameGeometry().height() >= screen.height() - button_rect.height()
    picker.close()


def test_the_findings_panel_grows_with_the_text_size(make_window: Any) -> None:
    small = make_window(settings=Settings(font_scale=1.0, undo_send_seconds=0))
    small_max = small.composer.panel.max_height()
    small.close()
    large = make_window(settings=Settings(font_scale=2.0, undo_send_seconds=0))
    assert large.composer.panel.max_height() > small_max


def test_links_that_do_not_fit_are_in_the_status_bars_more_menu(qtbot: Any,
                                                                 make_window: Any) -> None:
    window = make_window(settings=Settings(font_scale=2.0, undo_send_seconds=0))
    window.resize(900, 700)
    _settle(qtbot)
    bar = window.statusBar()
    assert bar.overflowed, "at 200 % text in 900 px some links must move into More"
    assert bar.more_button.isVisible()
    for button in bar.overflowed:
        assert not button.isVisible()
    shown = [b for b in bar.links() if b.isVisible()]
    assert shown and shown[0].text() == "Settings"  # the first links stay on the bar
    # The menu offers exactly the hidden links, and choosing one does what the link does.
    bar.more_menu.aboutToShow.emit()
    texts = [action.text() for action in bar.more_menu.actions()]
    assert texts == [b.text() for b in bar.overflowed]
    dashboard = window.inbox_part.dashboard_button
    assert dashboard in bar.overflowed
    clicked: list[bool] = []
    dashboard.clicked.connect(lambda: clicked.append(True))
    bar.more_menu.actions()[bar.overflowed.index(dashboard)].trigger()
    assert clicked == [True]
    # Wide again: every link is back on the bar and More goes away.
    window.resize(2400, 700)
    _settle(qtbot)
    assert not bar.overflowed and not bar.more_button.isVisible()
    assert all(b.isVisible() for b in bar.links())
