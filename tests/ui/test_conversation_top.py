"""The band above a conversation: header and actions side by side while both fit whole,
the actions under the header when not, never taking the room of the chat list."""

from __future__ import annotations

from typing import Any

import pytest
from PySide6.QtCore import QPoint, QRect

from tests.ui.helpers import click_chat, list_ids

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support")


def _rect(widget: Any, ancestor: Any) -> QRect:
    return QRect(widget.mapTo(ancestor, QPoint(0, 0)), widget.size())


def test_the_actions_go_under_the_header_when_both_do_not_fit(qtbot: Any,
                                                              make_window: Any) -> None:
    window = make_window(lang="es")
    window.resize(1280, 780)
    part, header = window.inbox_part, window.header
    top = part.top
    cid = max(list_ids(window), key=lambda c: len(window.store.conversation(c).contact_name))
    click_chat(qtbot, window, cid)
    list_width = window.chat_list.width()

    def beside() -> bool:
        return top.side_by_side and (
            _rect(header, top).right() < _rect(part.actions_bar, top).left())

    qtbot.waitUntil(beside, timeout=2000)

    part.show_contact_panel(True)  # the conversation pane narrows by the panel's width
    qtbot.waitUntil(lambda: not top.side_by_side and _rect(part.actions_bar, top).top()
                    >= _rect(header, top).bottom(), timeout=2000)
    name, actions = _rect(header.name_label, window), _rect(part.actions_bar, window)
    assert actions.top() >= _rect(header, window).bottom()  # under, not over, the header
    # The name and the channel line read whole, on one line each.
    assert header.name_label.height() < 2 * header.name_label.fontMetrics().height()
    assert header.natural_width() <= header.width()
    assert name.width() >= header.name_label.fontMetrics().horizontalAdvance(
        header.name_label.text())
    # Every action button is shown whole, inside the window.
    for button in (part.done_button, part.snooze_button, part.labels_button,
                   part.claim_button, part.contact_button):
        assert button.width() >= button.sizeHint().width(), button.objectName()
        assert window.rect().contains(_rect(button, window)), button.objectName()
    # The list keeps its room (give or take the splitter's own sharing out when the panel
    # opens); squeezed beside the actions, the header used to take ~30 px of it.
    assert window.chat_list.width() >= list_width - 6

    part.show_contact_panel(False)
    qtbot.waitUntil(beside, timeout=2000)
