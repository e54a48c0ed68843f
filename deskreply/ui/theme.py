"""Colours, font size and the stylesheet: standard, large text and high contrast themes.

Colours were picked for WCAG AA contrast of text on its background (>= 4.5:1); the high
contrast theme is white on black with yellow focus rings (>= 7:1 everywhere).

The module-level colour names (``TEXT``, ``ACCENT``...) always hold the *current* theme's
colours: painters such as the chat list delegate read them at paint time, so switching theme
recolours them without any other code knowing about themes.

Everything is applied app-wide (font, palette, stylesheet) so dialogs opened later match.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from pathlib import Path

from PySide6.QtCore import QCoreApplication
from PySide6.QtGui import QColor, QFont, QPalette
from PySide6.QtWidgets import QApplication, QWidget

from deskreply.paths import MissingResourcesError, resources_dir

THEMES = ("standard", "large", "high_contrast")

# Readable for people of any age: never below this, whatever the desktop default.
MIN_POINT_SIZE = 11.0
# Ctrl+plus / Ctrl+minus move the scale by this step, within these bounds.
FONT_SCALE_STEP = 0.1
MIN_FONT_SCALE = 0.8
MAX_FONT_SCALE = 2.5
# The large text theme starts this much bigger than the standard one.
LARGE_TEXT_FACTOR = 1.3


@dataclass(frozen=True)
class Colours:
    ACCENT: str
    ON_ACCENT: str  # text drawn on the accent colour
    FOCUS: str  # focus ring (and the palette's highlight)
    ON_FOCUS: str  # text drawn on the focus colour
    LINK: str  # link-like buttons (status bar)
    TEXT: str
    QUIET_TEXT: str
    MUTED_TEXT: str
    WAIT_TEXT: str
    LIST_BG: str
    HOVER_BG: str
    SELECTED_BG: str
    DIVIDER: str
    QUIET_BADGE: str
    WINDOW_BG: str
    BUBBLE_IN: str
    BUBBLE_IN_BORDER: str
    BUBBLE_OUT: str
    BUBBLE_OUT_BORDER: str
    FAILED: str
    INPUT_BG: str
    INPUT_BORDER: str
    DISABLED_BG: str
    DISABLED_TEXT: str
    SCROLL_HANDLE: str
    SCROLL_HANDLE_HOVER: str
    BORDER_WIDTH: str  # of inputs and buttons: thicker in high contrast
    ARROWS: str  # "dark" or "light" chevrons (resources/ui/chevron-*-<ARROWS>.svg)


STANDARD_COLOURS = Colours(
    ACCENT="#1a5fb4", ON_ACCENT="#ffffff", FOCUS="#1a5fb4", ON_FOCUS="#ffffff", LINK="#1a5fb4",
    TEXT="#1c1c1c", QUIET_TEXT="#4a4a4a", MUTED_TEXT="#5c5c5c", WAIT_TEXT="#a33a00",
    LIST_BG="#ffffff", HOVER_BG="#f2f5fa", SELECTED_BG="#dce8f8", DIVIDER="#e6e6e6",
    QUIET_BADGE="#7a7a7a", WINDOW_BG="#f6f7f9",
    BUBBLE_IN="#ffffff", BUBBLE_IN_BORDER="#dadde3",
    BUBBLE_OUT="#d9ecff", BUBBLE_OUT_BORDER="#b9d6f5", FAILED="#b00020",
    INPUT_BG="#ffffff", INPUT_BORDER="#8a919c", DISABLED_BG="#9aa7b8", DISABLED_TEXT="#6b6b6b",
    SCROLL_HANDLE="#b8bec8", SCROLL_HANDLE_HOVER="#8f98a6", BORDER_WIDTH="1px",
    ARROWS="dark",
)

# White on black, yellow focus, strong borders. Selection is a dark blue that keeps white
# text readable (contrast 12:1); badges stay blue so their white numbers read too.
HIGH_CONTRAST_COLOURS = Colours(
    ACCENT="#0a3d91", ON_ACCENT="#ffffff", FOCUS="#ffff00", ON_FOCUS="#000000", LINK="#8fd0ff",
    TEXT="#ffffff", QUIET_TEXT="#ffffff", MUTED_TEXT="#e8e8e8", WAIT_TEXT="#ffff00",
    LIST_BG="#000000", HOVER_BG="#262626", SELECTED_BG="#0a3d91", DIVIDER="#ffffff",
    QUIET_BADGE="#4d4d4d", WINDOW_BG="#000000",
    BUBBLE_IN="#000000", BUBBLE_IN_BORDER="#ffffff",
    BUBBLE_OUT="#00224f", BUBBLE_OUT_BORDER="#ffffff", FAILED="#ff8080",
    INPUT_BG="#000000", INPUT_BORDER="#ffffff", DISABLED_BG="#3a3a3a", DISABLED_TEXT="#c8c8c8",
    SCROLL_HANDLE="#ffffff", SCROLL_HANDLE_HOVER="#ffff00", BORDER_WIDTH="2px",
    ARROWS="light",
)

_COLOURS_BY_THEME = {
    "standard": STANDARD_COLOURS,
    "large": STANDARD_COLOURS,
    "high_contrast": HIGH_CONTRAST_COLOURS,
}

# The current colours (see the module docstring). Assigned by _use_colours().
ACCENT = STANDARD_COLOURS.ACCENT
ON_ACCENT = STANDARD_COLOURS.ON_ACCENT
FOCUS = STANDARD_COLOURS.FOCUS
TEXT = STANDARD_COLOURS.TEXT
QUIET_TEXT = STANDARD_COLOURS.QUIET_TEXT
MUTED_TEXT = STANDARD_COLOURS.MUTED_TEXT
WAIT_TEXT = STANDARD_COLOURS.WAIT_TEXT
LIST_BG = STANDARD_COLOURS.LIST_BG
HOVER_BG = STANDARD_COLOURS.HOVER_BG
SELECTED_BG = STANDARD_COLOURS.SELECTED_BG
DIVIDER = STANDARD_COLOURS.DIVIDER
QUIET_BADGE = STANDARD_COLOURS.QUIET_BADGE
WINDOW_BG = STANDARD_COLOURS.WINDOW_BG
BUBBLE_IN = STANDARD_COLOURS.BUBBLE_IN
BUBBLE_OUT = STANDARD_COLOURS.BUBBLE_OUT
FAILED = STANDARD_COLOURS.FAILED

_current: dict[str, object] = {"theme": "standard", "scale": 1.0}
_system_point_size: list[float] = []  # the desktop's own size, remembered on first use


def clamp_scale(scale: float) -> float:
    """A font scale inside the allowed range, rounded to one decimal (0.1 steps)."""
    try:
        value = float(scale)
    except (TypeError, ValueError):
        return 1.0
    if value != value:  # NaN from a hand-edited settings file
        return 1.0
    return round(min(MAX_FONT_SCALE, max(MIN_FONT_SCALE, value)), 1)


def theme_name(name: str) -> str:
    return name if name in THEMES else "standard"


def current_theme() -> str:
    return str(_current["theme"])


def current_scale() -> float:
    return float(_current["scale"])  # type: ignore[arg-type]


def base_point_size(name: str, font_scale: float, system_size: float | None = None) -> float:
    """The app's base font size for a theme and scale."""
    if system_size is None:
        system_size = _system_point_size[0] if _system_point_size else MIN_POINT_SIZE
    size = max(MIN_POINT_SIZE, system_size)
    if theme_name(name) == "large":
        size *= LARGE_TEXT_FACTOR
    return round(size * clamp_scale(font_scale), 1)


def _arrow_rules(c: Colours, icons_dir: Path | None) -> str:
    """Combo and spin box arrows drawn from SVG chevrons in the theme's text colour.

    Once a combo or spin box has a styled border, Qt stops drawing native arrows well, so
    they are drawn from ``resources/ui``. Without that folder the native arrows are kept.
    """
    if icons_dir is None:
        return ""
    down = (icons_dir / f"chevron-down-{c.ARROWS}.svg").as_posix()
    up = (icons_dir / f"chevron-up-{c.ARROWS}.svg").as_posix()
    return f"""
QDialog QComboBox {{ padding-right: 28px; }}
QDialog QComboBox::drop-down {{ subcontrol-origin: padding; subcontrol-position: center right;
    width: 26px; border: none; }}
QDialog QComboBox::down-arrow, QDialog QSpinBox::down-arrow {{ image: url("{down}");
    width: 12px; height: 8px; }}
QDialog QSpinBox::up-arrow {{ image: url("{up}"); width: 12px; height: 8px; }}
QDialog QSpinBox {{ padding-right: 26px; }}
QDialog QSpinBox::up-button, QDialog QSpinBox::down-button {{ subcontrol-origin: border;
    width: 24px; border: none; background: transparent; }}
QDialog QSpinBox::up-button {{ subcontrol-position: top right; }}
QDialog QSpinBox::down-button {{ subcontrol-position: bottom right; }}
QDialog QSpinBox::up-button:hover, QDialog QSpinBox::down-button:hover {{
    background: {c.HOVER_BG}; }}
"""


def _icons_dir() -> Path | None:
    try:
        folder = resources_dir() / "ui"
    except MissingResourcesError:
        return None
    return folder if folder.is_dir() else None


def build_stylesheet(c: Colours, base_pt: float, icons_dir: Path | None = None) -> str:
    """The app-wide stylesheet for colours ``c`` with ``base_pt`` as the body text size."""
    title_pt = round(base_pt * 1.27)
    arrows = _arrow_rules(c, icons_dir)
    border = c.BORDER_WIDTH
    focus_width = "3px" if border == "2px" else "2px"
    return f"""
QMainWindow, QDialog, QWidget#conversationPane, QWidget#composer {{
    background: {c.WINDOW_BG}; color: {c.TEXT}; }}
QAbstractItemView#chatList {{ background: {c.LIST_BG}; border: none; outline: 0; }}
QAbstractItemView#chatList:focus {{ border: {focus_width} solid {c.FOCUS}; }}
QFrame#conversationHeaderBox {{ background: {c.LIST_BG}; border: none; }}
QFrame#conversationTop {{ background: {c.LIST_BG}; border: none;
    border-bottom: {border} solid {c.DIVIDER}; }}
QLabel#conversationHeader {{ font-weight: bold; font-size: {title_pt}pt; color: {c.TEXT}; }}
QLabel#conversationSubheader {{ color: {c.MUTED_TEXT}; }}
QFrame#conversationNotice {{ background: {c.HOVER_BG}; border: none;
    border-bottom: {border} solid {c.DIVIDER}; }}
QLabel#conversationNoticeTitle {{ font-weight: bold; color: {c.TEXT}; }}
QLabel#conversationNoticeText {{ color: {c.TEXT}; }}
QScrollArea#conversationView {{ border: none; background: {c.WINDOW_BG}; }}
QWidget#messageList {{ background: {c.WINDOW_BG}; }}
QFrame#bubbleIn {{ background: {c.BUBBLE_IN}; border: {border} solid {c.BUBBLE_IN_BORDER};
    border-radius: 12px; }}
QFrame#bubbleOut {{ background: {c.BUBBLE_OUT}; border: {border} solid {c.BUBBLE_OUT_BORDER};
    border-radius: 12px; }}
QLabel#bubbleSender {{ font-weight: bold; color: {c.TEXT}; background: transparent; }}
QLabel#bubbleText {{ color: {c.TEXT}; background: transparent; }}
QLabel#bubbleMeta {{ color: {c.MUTED_TEXT}; background: transparent; }}
QLabel#bubbleMeta[failed="true"] {{ color: {c.FAILED}; font-weight: bold; }}
QLabel#emptyConversation {{ color: {c.MUTED_TEXT}; }}
QPlainTextEdit#composerEdit {{ background: {c.INPUT_BG}; color: {c.TEXT};
    border: {border} solid {c.INPUT_BORDER}; border-radius: 8px; padding: 6px; }}
QPlainTextEdit#composerEdit:focus {{ border: {focus_width} solid {c.FOCUS}; }}
QPlainTextEdit#composerEdit:disabled {{ background: {c.WINDOW_BG}; color: {c.DISABLED_TEXT};
    border-color: {c.DIVIDER}; }}
QPushButton#sendButton {{ background: {c.ACCENT}; color: {c.ON_ACCENT};
    border: {border} solid {c.ACCENT}; border-radius: 8px; padding: 8px 22px;
    font-weight: bold; }}
QPushButton#sendButton:disabled {{ background: {c.DISABLED_BG}; border-color: {c.DISABLED_BG}; }}
QPushButton#sendButton:focus {{ border: {focus_width} solid {c.FOCUS}; }}
QLabel#composerHint {{ color: {c.MUTED_TEXT}; }}
QToolButton#emojiButton {{ font-size: {title_pt}pt; background: {c.INPUT_BG};
    border: {border} solid {c.INPUT_BORDER}; border-radius: 8px; padding: 2px 6px; }}
QToolButton#emojiButton:disabled {{ background: {c.WINDOW_BG}; border-color: {c.DIVIDER}; }}
QToolButton#emojiButton:focus {{ border: {focus_width} solid {c.FOCUS}; }}
QToolButton#emojiButton:disabled {{ background: {c.WINDOW_BG}; }}
QWidget#chatPane {{ background: {c.LIST_BG}; border-right: {border} solid {c.DIVIDER}; }}
QLabel#chatPaneTitle {{ font-weight: bold; font-size: {title_pt}pt; color: {c.TEXT}; }}
QComboBox#orderCombo {{ padding: 4px 8px; }}
QStatusBar {{ color: {c.MUTED_TEXT}; background: {c.WINDOW_BG}; }}
QStatusBar QPushButton {{ border: none; background: transparent; color: {c.LINK};
    padding: 2px 8px; text-decoration: underline; }}
QStatusBar QPushButton:focus {{ border: {focus_width} solid {c.FOCUS}; }}
QScrollBar:vertical {{ background: transparent; width: 12px; margin: 2px; }}
QScrollBar::handle:vertical {{ background: {c.SCROLL_HANDLE}; border-radius: 4px;
    min-height: 36px; }}
QScrollBar::handle:vertical:hover {{ background: {c.SCROLL_HANDLE_HOVER}; }}
QScrollBar::add-line:vertical, QScrollBar::sub-line:vertical {{ height: 0; }}
QScrollBar::add-page:vertical, QScrollBar::sub-page:vertical {{ background: none; }}

QDialog QLabel {{ color: {c.TEXT}; }}
QLabel#dialogTitle {{ font-weight: bold; font-size: {title_pt}pt; }}
QLabel#sectionTitle {{ font-weight: bold; }}
QLabel#dialogHint, QLabel#fieldHint {{ color: {c.MUTED_TEXT}; }}
QDialog QLineEdit, QDialog QSpinBox, QDialog QComboBox, QDialog QListWidget {{
    background: {c.INPUT_BG}; color: {c.TEXT}; border: {border} solid {c.INPUT_BORDER};
    border-radius: 6px; padding: 4px 6px; selection-background-color: {c.SELECTED_BG};
    selection-color: {c.TEXT}; }}
QDialog QLineEdit:focus, QDialog QSpinBox:focus, QDialog QComboBox:focus,
QDialog QListWidget:focus {{ border: {focus_width} solid {c.FOCUS}; }}
QDialog QListWidget::item {{ padding: 4px 2px; }}
QDialog QListWidget::item:selected {{ background: {c.SELECTED_BG}; color: {c.TEXT}; }}
{arrows}QComboBox QAbstractItemView {{ background: {c.INPUT_BG}; color: {c.TEXT};
    selection-background-color: {c.SELECTED_BG}; selection-color: {c.TEXT}; }}
QDialog QPushButton {{ background: {c.INPUT_BG}; color: {c.TEXT};
    border: {border} solid {c.INPUT_BORDER}; border-radius: 6px; padding: 5px 16px; }}
QDialog QPushButton {{ min-width: 64px; }}
QDialog QPushButton:default {{ background: {c.ACCENT}; color: {c.ON_ACCENT};
    border-color: {c.ACCENT}; }}
QDialog QPushButton:disabled {{ color: {c.DISABLED_TEXT}; border-color: {c.DISABLED_BG}; }}
QDialog QPushButton:focus {{ border: {focus_width} solid {c.FOCUS}; }}
QDialog QRadioButton, QDialog QCheckBox {{ color: {c.TEXT}; spacing: 8px; }}
QTabWidget::pane {{ border: {border} solid {c.INPUT_BORDER}; border-radius: 6px;
    background: {c.LIST_BG}; top: -1px; }}
QTabWidget > QWidget > QWidget {{ background: {c.LIST_BG}; }}
QTabBar::tab {{ background: {c.WINDOW_BG}; color: {c.TEXT}; padding: 6px 14px;
    border: {border} solid {c.INPUT_BORDER}; border-bottom: none;
    border-top-left-radius: 6px; border-top-right-radius: 6px; margin-right: 2px; }}
QTabBar::tab:selected {{ background: {c.LIST_BG}; font-weight: bold; }}
QTabBar::tab:focus {{ border: {focus_width} solid {c.FOCUS}; border-bottom: none; }}
QLabel#keyCap {{ background: {c.INPUT_BG}; color: {c.TEXT};
    border: {border} solid {c.INPUT_BORDER}; border-bottom-width: 3px; border-radius: 5px;
    padding: 1px 7px; font-weight: bold; }}
QWidget#sheetBody {{ background: {c.LIST_BG}; }}
QScrollArea#sheetScroll {{ border: {border} solid {c.DIVIDER}; border-radius: 6px;
    background: {c.LIST_BG}; }}
"""


def palette_for(c: Colours) -> QPalette:
    """A palette matching the colours, for what stylesheets do not reach (native controls)."""
    palette = QPalette()
    roles = QPalette.ColorRole
    for role, colour in (
        (roles.Window, c.WINDOW_BG), (roles.WindowText, c.TEXT), (roles.Base, c.INPUT_BG),
        (roles.AlternateBase, c.HOVER_BG), (roles.Text, c.TEXT), (roles.Button, c.INPUT_BG),
        (roles.ButtonText, c.TEXT), (roles.Highlight, c.FOCUS),
        (roles.HighlightedText, c.ON_FOCUS), (roles.ToolTipBase, c.INPUT_BG),
        (roles.ToolTipText, c.TEXT), (roles.PlaceholderText, c.MUTED_TEXT),
        (roles.Link, c.LINK), (roles.BrightText, c.FOCUS),
    ):
        palette.setColor(role, QColor(colour))
    palette.setColor(QPalette.ColorGroup.Disabled, roles.Text, QColor(c.DISABLED_TEXT))
    palette.setColor(QPalette.ColorGroup.Disabled, roles.WindowText, QColor(c.DISABLED_TEXT))
    palette.setColor(QPalette.ColorGroup.Disabled, roles.ButtonText, QColor(c.DISABLED_TEXT))
    return palette


def _use_colours(c: Colours) -> None:
    globals().update(asdict(c))


def apply_theme(app: QCoreApplication | None, name: str, font_scale: float = 1.0) -> None:
    """Apply a theme and font scale to the whole application (every window, every dialog)."""
    if not isinstance(app, QApplication):
        return
    if not _system_point_size:
        size = app.font().pointSizeF()
        _system_point_size.append(size if size > 0 else MIN_POINT_SIZE)
    name = theme_name(name)
    scale = clamp_scale(font_scale)
    colours = _COLOURS_BY_THEME[name]
    base_pt = base_point_size(name, scale)
    _use_colours(colours)
    _current.update(theme=name, scale=scale)
    font = QFont(app.font())
    font.setPointSizeF(base_pt)
    app.setFont(font)
    app.setPalette(palette_for(colours))
    app.setStyleSheet(build_stylesheet(colours, base_pt, _icons_dir()))


def apply(window: QWidget) -> None:
    """Theme the app for a new main window, from its ``settings`` (theme, font_scale)."""
    settings = getattr(window, "settings", None)
    apply_theme(QApplication.instance(), str(getattr(settings, "theme", "standard")),
                float(getattr(settings, "font_scale", 1.0)))
