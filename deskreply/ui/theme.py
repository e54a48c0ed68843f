"""Colours, font size and the stylesheet: one calm light theme with strong contrast.

Colours were picked for WCAG AA contrast of text on its background (>= 4.5:1).
"""

from __future__ import annotations

from PySide6.QtGui import QFont
from PySide6.QtWidgets import QWidget

ACCENT = "#1a5fb4"
TEXT = "#1c1c1c"
QUIET_TEXT = "#4a4a4a"
MUTED_TEXT = "#5c5c5c"
WAIT_TEXT = "#a33a00"
LIST_BG = "#ffffff"
HOVER_BG = "#f2f5fa"
SELECTED_BG = "#dce8f8"
DIVIDER = "#e6e6e6"
QUIET_BADGE = "#7a7a7a"
WINDOW_BG = "#f6f7f9"
BUBBLE_IN = "#ffffff"
BUBBLE_OUT = "#d9ecff"
FAILED = "#b00020"

# Readable for people of any age: never below this, whatever the desktop default.
MIN_POINT_SIZE = 11.0

STYLESHEET = f"""
QMainWindow, QWidget#conversationPane, QWidget#composer {{ background: {WINDOW_BG}; }}
QAbstractItemView#chatList {{ background: {LIST_BG}; border: none; outline: 0; }}
QFrame#conversationHeaderBox {{ background: {LIST_BG}; border: none;
    border-bottom: 1px solid {DIVIDER}; }}
QLabel#conversationHeader {{ font-weight: bold; font-size: 14pt; color: {TEXT}; }}
QLabel#conversationSubheader {{ color: {MUTED_TEXT}; }}
QScrollArea#conversationView {{ border: none; background: {WINDOW_BG}; }}
QWidget#messageList {{ background: {WINDOW_BG}; }}
QFrame#bubbleIn {{ background: {BUBBLE_IN}; border: 1px solid #dadde3; border-radius: 12px; }}
QFrame#bubbleOut {{ background: {BUBBLE_OUT}; border: 1px solid #b9d6f5; border-radius: 12px; }}
QLabel#bubbleSender {{ font-weight: bold; color: {TEXT}; background: transparent; }}
QLabel#bubbleText {{ color: {TEXT}; background: transparent; }}
QLabel#bubbleMeta {{ color: {MUTED_TEXT}; background: transparent; }}
QLabel#bubbleMeta[failed="true"] {{ color: {FAILED}; font-weight: bold; }}
QLabel#emptyConversation {{ color: {MUTED_TEXT}; }}
QPlainTextEdit#composerEdit {{ background: white; border: 1px solid #c4c8cf; border-radius: 8px;
    padding: 6px; }}
QPlainTextEdit#composerEdit:focus {{ border: 2px solid {ACCENT}; }}
QPushButton#sendButton {{ background: {ACCENT}; color: white; border: none; border-radius: 8px;
    padding: 8px 22px; font-weight: bold; }}
QPushButton#sendButton:disabled {{ background: #9aa7b8; }}
QPushButton#sendButton:focus {{ border: 2px solid #0b2f5c; }}
QLabel#composerHint {{ color: {MUTED_TEXT}; }}
QWidget#chatPane {{ background: {LIST_BG}; border-right: 1px solid {DIVIDER}; }}
QLabel#chatPaneTitle {{ font-weight: bold; font-size: 14pt; color: {TEXT}; }}
QComboBox#orderCombo {{ padding: 4px 8px; }}
QStatusBar {{ color: {MUTED_TEXT}; }}
QScrollBar:vertical {{ background: transparent; width: 12px; margin: 2px; }}
QScrollBar::handle:vertical {{ background: #b8bec8; border-radius: 4px; min-height: 36px; }}
QScrollBar::handle:vertical:hover {{ background: #8f98a6; }}
QScrollBar::add-line:vertical, QScrollBar::sub-line:vertical {{ height: 0; }}
QScrollBar::add-page:vertical, QScrollBar::sub-page:vertical {{ background: none; }}
"""


def apply(window: QWidget) -> None:
    """Give the window (and so every child) a readable base font and the stylesheet."""
    font = QFont(window.font())
    if font.pointSizeF() < MIN_POINT_SIZE:
        font.setPointSizeF(MIN_POINT_SIZE)
        window.setFont(font)
    window.setStyleSheet(STYLESHEET)
