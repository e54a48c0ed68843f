"""Hostile incoming text: shown literally, nothing fetched, nothing reversed, no freeze.

Each case puts a customer's name and message into the real store, opens the list and the
conversation as a user would, and looks at what the widgets show. A real HTTP server on
127.0.0.1 counts requests: an ``<img src=…>`` that Qt rendered as rich text would hit it.
"""

from __future__ import annotations

import http.server
import threading
import time
from collections.abc import Iterator
from typing import Any, ClassVar

import pytest
from PySide6.QtCore import QEvent, Qt, QUrl
from PySide6.QtGui import QHelpEvent, QImage, QPainter
from PySide6.QtWidgets import QApplication, QLabel, QStyleOptionViewItem, QToolTip

from deskreply.store import ConversationRow, Store
from deskreply.ui.chat_list_delegate import ChatDelegate
from deskreply.ui.untrusted import BIDI_CONTROLS
from tests.ui.helpers import click_chat

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support")


class _Counter(http.server.BaseHTTPRequestHandler):
    hits: ClassVar[list[str]] = []

    def do_GET(self) -> None:
        _Counter.hits.append(self.path)
        self.send_response(200)
        self.send_header("Content-Type", "image/png")
        self.end_headers()

    def log_message(self, *_args: Any) -> None:
        pass


@pytest.fixture
def server() -> Iterator[str]:
    _Counter.hits = []
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Counter)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()
    thread.join(5)


def _add(window: Any, name: str, text: str) -> int:
    store: Store = window.store
    cid = store.find_or_create_conversation("email", name, f"{abs(hash(name))}@example.com")
    store.add_incoming(cid, text)
    window.reload_list()
    return cid


def _every_label_is_plain(window: Any) -> None:
    """Every shown label holding a "<" is plain text (and there are such labels)."""
    for _ in range(3):  # widgets added to a shown layout are shown by a queued call
        QApplication.processEvents()
    checked = 0
    for label in window.findChildren(QLabel):
        if label.isVisible() and "<" in label.text():
            assert label.textFormat() == Qt.TextFormat.PlainText, label.objectName()
            checked += 1
    assert checked >= 1


def _show_list_tooltip(window: Any, cid: int) -> str:
    view = window.chat_list
    rect = view.visualRect(window.model.index(window.model.row_of(cid)))
    event = QHelpEvent(QEvent.Type.ToolTip, rect.center(), view.viewport().mapToGlobal(
        rect.center()))
    QApplication.sendEvent(view.viewport(), event)
    return QToolTip.text()


def test_html_and_qt_rich_text_are_shown_literally_and_never_fetched(
        qtbot: Any, window: Any, server: str) -> None:
    name = f"<b>Boss</b> <img src='{server}/name.png'>"
    text = (f"<img src=\"{server}/message.png\"> <a href='{server}/click'>pay here</a> "
            f"<b>URGENT</b> <table><tr><td>x</td></tr></table> &lt;i&gt;")
    cid = _add(window, name, text)
    click_chat(qtbot, window, cid)
    bubble = window.conversation.bubbles()[-1]
    # Literal (long runs only get invisible break points so they can wrap).
    assert bubble.text_label.text().replace("\u200b", "") == text
    assert bubble.text_label.textFormat() == Qt.TextFormat.PlainText
    assert bubble.sender_label.text() == name
    assert window.header.name_label.text() == name
    _every_label_is_plain(window)
    tooltip = _show_list_tooltip(window, cid)
    assert "&lt;img" in tooltip and "<img" not in tooltip  # escaped for the tooltip
    QToolTip.hideText()
    window.grab()  # paint everything once
    qtbot.wait(200)
    assert _Counter.hits == []


def test_a_bidi_override_in_a_name_cannot_reverse_the_row(qtbot: Any, window: Any) -> None:
    evil = "Ana \u202egnp.exe"
    cid = _add(window, evil, "hola \u202ethis is reversed\u202c ok \u2067x")
    click_chat(qtbot, window, cid)
    bubble = window.conversation.bubbles()[-1]
    for shown in (bubble.sender_label.text(), window.header.name_label.text(),
                  bubble.text_label.text(), bubble.accessibleDescription()):
        assert not BIDI_CONTROLS & set(shown)
    assert window.header.name_label.text() == "Ana gnp.exe"
    # Painted: the row with the override looks exactly like the row without it.
    delegate: ChatDelegate = window.chat_list.itemDelegate()

    def paint(row: ConversationRow) -> QImage:
        image = QImage(400, 80, QImage.Format.Format_ARGB32)
        image.fill(0)
        option = QStyleOptionViewItem()
        option.rect = image.rect()
        option.font = window.font()
        painter = QPainter(image)
        delegate._paint_row(painter, option, image.rect(), row)
        painter.end()
        return image

    row = window.store.conversation(cid)
    clean = ConversationRow(**{**row.__dict__, "contact_name": "Ana gnp.exe",
                               "last_text": "hola this is reversed ok x"})
    assert paint(row) == paint(clean)


def test_zero_width_characters_do_not_hide_in_names(qtbot: Any, window: Any) -> None:
    text = "pa\u200bga\u200d aquí\ufeff"
    cid = _add(window, "Ma\u200bría\u2060 López", text)
    click_chat(qtbot, window, cid)
    assert window.header.name_label.text() == "María López"
    assert window.conversation.bubbles()[-1].text_label.text() == text  # the message as sent


@pytest.mark.parametrize("kind", ["1 MB of text", "10,000 emoji"])
def test_huge_messages_open_as_quickly_as_ordinary_ones(qtbot: Any, window: Any,
                                                        kind: str) -> None:
    huge = ("Lorem ipsum dolor sit amet " * 40_000)[:1_000_000] if kind == "1 MB of text" \
        else "😀👍🏽🇦🇷❤️" * 2_500
    ordinary = _add(window, "Ordinary Customer", "Hola, ¿dónde está mi pedido?")
    hostile = _add(window, "Huge Customer", huge)

    def open_chat(cid: int) -> float:
        other = ordinary if cid == hostile else hostile
        window.select_conversation(other)
        QApplication.processEvents()
        start = time.perf_counter()
        click_chat(qtbot, window, cid)
        QApplication.processEvents()
        window.grab()  # laid out and painted
        return time.perf_counter() - start

    normal = min(open_chat(ordinary) for _ in range(2))
    big = min(open_chat(hostile) for _ in range(2))
    # "Normal time": no worse than a second or ten ordinary opens, whichever is larger.
    print(f"{kind}: ordinary chat opens in {normal * 1000:.0f} ms, huge in {big * 1000:.0f} ms")
    assert big <= max(1.0, 10 * normal), (big, normal)
    start = time.perf_counter()
    window.reload_list([hostile])
    window.chat_list.grab()
    assert time.perf_counter() - start < 1.0
    label = window.conversation.bubbles()[-1].text_label
    assert label.textFormat() == Qt.TextFormat.PlainText
    assert len(label.text()) < 25_000  # shown shortened, with a note of what is left out


def test_links_open_only_after_a_confirmation_showing_the_real_target(
        qtbot: Any, window: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    opened: list[QUrl] = []
    monkeypatch.setattr("deskreply.ui.link_guard.QDesktopServices.openUrl",
                        lambda url: opened.append(url))
    text = ("Entra en https://xn--80ak6aa92e.com/login y también "
            "https://mybank.com@evil.example/pay o https://pаypal.com (es urgente)")
    cid = _add(window, "Estafador", text)
    click_chat(qtbot, window, cid)
    bubble = window.conversation.bubbles()[-1]
    assert bubble.text_label.text() == text  # the links stay text
    assert [b.text() for b in bubble.link_buttons] == [
        "Open link: аррӏе.com", "Open link: evil.example", "Open link: pаypal.com"]
    qtbot.mouseClick(bubble.link_buttons[0], Qt.MouseButton.LeftButton)
    dialog = bubble.link_dialog
    assert dialog is not None and dialog.isVisible() and opened == []
    shown = "\n".join(label.text() for label in dialog.labels)
    assert "аррӏе.com" in shown and "xn--80ak6aa92e.com" in shown
    assert any("punycode" in label.text() for label in dialog.warning_labels)
    assert all(label.textFormat() == Qt.TextFormat.PlainText for label in dialog.labels)
    dialog.reject()
    assert opened == []
    qtbot.mouseClick(bubble.link_buttons[1], Qt.MouseButton.LeftButton)
    dialog = bubble.link_dialog
    assert any("mybank.com" in label.text() and "evil.example" in label.text()
               for label in dialog.warning_labels)
    dialog.open_button.click()
    assert [url.host() for url in opened] == ["evil.example"]
    qtbot.mouseClick(bubble.link_buttons[2], Qt.MouseButton.LeftButton)
    dialog = bubble.link_dialog
    assert any("mixes letters" in label.text() for label in dialog.warning_labels)
    dialog.reject()


def test_only_web_links_can_be_opened() -> None:
    from deskreply.ui.link_guard import find_links, inspect

    assert not inspect("javascript:alert(1)").openable
    assert not inspect("file:///etc/passwd").openable
    assert find_links("javascript:alert(1) file:///etc/passwd") == []
    assert inspect("www.example.com/a").url == "https://www.example.com/a"
    assert inspect("http://192.168.1.1/admin").warnings


def test_link_search_stays_linear_on_adversarial_text() -> None:
    from deskreply.ui.link_guard import find_links

    def seconds(text: str) -> float:
        best = float("inf")
        for _ in range(5):
            start = time.perf_counter()
            find_links(text)
            best = min(best, time.perf_counter() - start)
        return best

    for unit in ("http://", "www.", "https://a" + "." * 50, "h" * 99 + " "):
        small, large = unit * 200, unit * 2_000
        # 10x the text: a linear search stays near 10x (30x for noise), never 100x.
        assert seconds(large) <= 30 * max(seconds(small), 1e-3), unit[:12]


def test_the_tooltip_of_a_chat_keeps_line_breaks_and_escapes(window: Any) -> None:
    cid = _add(window, "Ana & <Co>", "uno\ndos")
    tooltip = _show_list_tooltip(window, cid)
    assert "Ana &amp; &lt;Co&gt;" in tooltip
    QToolTip.hideText()


def test_attachment_names_and_subjects_stay_plain(qtbot: Any, window: Any, server: str) -> None:
    store: Store = window.store
    cid = store.find_or_create_conversation("email", "Mallory", "mallory@example.com")
    evil_file = f"<img src='{server}/f.png'>invoice\u202efdp.exe"
    store.add_incoming(cid, "See attached", meta={
        "subject": f"<b>URGENT</b> <a href='{server}/s'>refund</a>",
        "attachments": [{"name": evil_file, "size": 2048}]})
    window.reload_list()
    click_chat(qtbot, window, cid)
    qtbot.wait(50)  # rows added to the shown conversation appear after a queued show
    label = window.conversation.bubbles()[-1].attachments_label
    assert label is not None
    assert label.isVisibleTo(window) and label.textFormat() == Qt.TextFormat.PlainText
    assert "<img src=" in label.text() and "\u202e" not in label.text()
    assert "invoicefdp.exe" in label.text()  # the override is gone: no "exe.pdf" trick
    _every_label_is_plain(window)
    window.grab()
    qtbot.wait(100)
    assert _Counter.hits == []
