"""The band above a conversation: the header keeps the width its name and channel line need,
the actions take the rest beside it (wrapping) or go under it; nothing is cut, and the chat
list keeps its room."""

from __future__ import annotations

from typing import Any

import pytest
from PySide6.QtCore import QPoint, QRect

from tests.ui.helpers import list_ids

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support")

LONG_NAME = "María de los Ángeles Fernández-Villaverde y Castro de la Peña"


def _rect(widget: Any, ancestor: Any) -> QRect:
    return QRect(widget.mapTo(ancestor, QPoint(0, 0)), widget.size())


def _settle(qtbot: Any) -> None:
    qtbot.wait(120)


def _assert_whole(window: Any, where: str) -> None:
    part, header, top = window.inbox_part, window.header, window.inbox_part.top
    # The name and the channel line read whole, on one line each.
    assert header.width() >= header.natural_width(), where
    assert header.name_label.height() < 2 * header.name_label.fontMetrics().height(), where
    assert not _rect(header, top).intersects(_rect(part.actions_bar, top)), where
    for button in (part.done_button, part.snooze_button, part.labels_button,
                   part.claim_button, part.contact_button):
        assert button.width() >= button.sizeHint().width(), (where, button.objectName())
        assert top.rect().contains(_rect(button, top)), (where, button.objectName())


def test_the_header_keeps_its_words_and_the_actions_fit_around_it(qtbot: Any,
                                                                   make_window: Any) -> None:
    window = make_window(lang="es")
    window.resize(1280, 780)
    part = window.inbox_part
    top = part.top
    cid = max(list_ids(window), key=lambda c: len(window.store.conversation(c).contact_name))
    window.select_conversation(cid)
    _settle(qtbot)
    list_width = window.chat_list.width()
    assert top.side_by_side  # room for both on one row
    _assert_whole(window, "wide")
    one_row = top.height()

    part.show_contact_panel(True)  # the conversation pane narrows by the panel's width
    _settle(qtbot)
    _assert_whole(window, "contact panel open")
    assert top.height() < 2 * one_row  # wrapped beside the header, not a tall column
    # The list keeps its room (give or take the splitter's own sharing out when the panel
    # opens); before, the header's row took ~30 px of it.
    assert window.chat_list.width() >= list_width - 6
    part.show_contact_panel(False)

    # A name too long to leave room beside it: the actions go under the header.
    long = window.store.find_or_create_conversation("whatsapp", LONG_NAME, "+34600999888")
    window.store.add_incoming(long, "Hola")
    window.reload_list([long])
    window.select_conversation(long)
    _settle(qtbot)
    assert not top.side_by_side
    assert _rect(part.actions_bar, top).top() >= _rect(window.header, top).bottom()
    _assert_whole(window, "long name")
    assert window.chat_list.width() >= list_width - 6

    window.select_conversation(cid)  # and back beside it for a shorter one
    _settle(qtbot)
    assert top.side_by_side
    _assert_whole(window, "back")
