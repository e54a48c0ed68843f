"""Keyboard shortcuts: the registry, the shortcuts sheet (F1), and install_shortcuts(window).

The registry (SHORTCUTS) is the single description of every key the app answers to: the
actions are created from it and the sheet lists it, so the two cannot drift apart. Entries
with ``installed=False`` are handled by a widget itself (the composer's send key, Esc in a
dialog) and are only listed.

install_shortcuts(window) adds to the main window:
    Ctrl+K jump to a chat · Alt+Down / Alt+Up next / previous unanswered chat ·
    Ctrl+F search messages · Ctrl+plus / Ctrl+minus / Ctrl+0 text size ·
    Ctrl+, settings · F1 (and ? outside text fields) this list.
It uses only the window's public attributes: store, model, chat_list, composer, settings,
lang, checker, agent_name, current_conversation_id, select_conversation(), statusBar().
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, fields
from pathlib import Path
from typing import TYPE_CHECKING

import shiboken6
from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QAction, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractSpinBox,
    QApplication,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QTextEdit,
    QVBoxLayout,
    QWidget,
)

from deskreply.i18n import Translate
from deskreply.settings import Settings, save_settings
from deskreply.ui import theme
from deskreply.ui.about_dialog import AboutDialog, about_translator
from deskreply.ui.chat_jump import ChatJumpDialog
from deskreply.ui.chat_list_delegate import ChatDelegate
from deskreply.ui.search_dialog import SearchDialog
from deskreply.ui.settings_dialog import SettingsDialog, fix_dialog_size, settings_translator

if TYPE_CHECKING:
    from deskreply.ui.main_window import MainWindow

log = logging.getLogger(__name__)


def N_(message: str) -> str:
    return message


@dataclass(frozen=True)
class Shortcut:
    name: str
    keys: tuple[str, ...]  # portable QKeySequence text; all are shown in the sheet
    description: str  # English; translated when shown
    group: str
    hidden_keys: tuple[str, ...] = ()  # also work, not listed (Ctrl+= for Ctrl+plus)
    installed: bool = True  # False: a widget handles it; listed only


GROUPS = (N_("Chats"), N_("Replying"), N_("Text size"), N_("Help and settings"))

SHORTCUTS: tuple[Shortcut, ...] = (
    Shortcut("jump", ("Ctrl+K",), N_("Go to a chat by the customer's name"), GROUPS[0]),
    Shortcut("next_unanswered", ("Alt+Down",), N_("Next unanswered chat"), GROUPS[0]),
    Shortcut("previous_unanswered", ("Alt+Up",), N_("Previous unanswered chat"), GROUPS[0]),
    Shortcut("search", ("Ctrl+F",), N_("Search all messages"), GROUPS[0]),
    # Installed by the inbox part (deskreply/ui/inbox/part.py), listed here for the sheet.
    Shortcut("mark_done", ("Ctrl+Shift+E",),
             N_("Mark the open chat done, or open it again"), GROUPS[0], installed=False),
    Shortcut("dashboard", ("Ctrl+Shift+D",), N_("Open the team dashboard"), GROUPS[0],
             installed=False),
    Shortcut("focus", ("Tab", "Shift+Tab"),
             N_("Move between the chat list, the conversation and your reply"), GROUPS[0],
             installed=False),
    Shortcut("send", ("Ctrl+Return",), N_("Send your reply"), GROUPS[1], installed=False),
    Shortcut("newline", ("Return",), N_("Start a new line in your reply"), GROUPS[1],
             installed=False),
    Shortcut("emoji", ("Ctrl+;", "Ctrl+E"), N_("Insert an emoji"), GROUPS[1], installed=False),
    Shortcut("fixes", ("Ctrl+.",), N_("Show the fixes for the marked words at the cursor"),
             GROUPS[1], installed=False),
    Shortcut("quick_reply", ("/",), N_("Insert a saved reply (type / and a few letters)"),
             GROUPS[1], installed=False),
    Shortcut("quick_replies", ("Ctrl+Shift+R",), N_("Manage saved replies"), GROUPS[1],
             installed=False),
    Shortcut("zoom_in", ("Ctrl++",), N_("Larger text"), GROUPS[2], hidden_keys=("Ctrl+=",)),
    Shortcut("zoom_out", ("Ctrl+-",), N_("Smaller text"), GROUPS[2]),
    Shortcut("zoom_reset", ("Ctrl+0",), N_("Normal text size"), GROUPS[2]),
    Shortcut("settings", ("Ctrl+,",), N_("Settings"), GROUPS[3]),
    # "?" is installed apart from F1: it must not fire while typing in a text field.
    Shortcut("help", ("F1", "?"), N_("Show this list of shortcuts"), GROUPS[3]),
    Shortcut("close", ("Esc",), N_("Close a window like this one"), GROUPS[3], installed=False),
    # Installed with the lifecycle (quits like the close button).
    Shortcut("quit", ("Ctrl+Q",), N_("Quit DeskReply (drafts are kept)"), GROUPS[3],
             installed=False),
)

# How keys look on a keycap, and how a screen reader should say them.
_KEY_CAPS = {"Ctrl": N_("Ctrl"), "Alt": N_("Alt"), "Shift": N_("Shift"), "Return": N_("Enter"),
             "Esc": N_("Esc"), "Tab": N_("Tab"), "Down": "↓", "Up": "↑"}
_KEY_WORDS = {"Down": N_("Down arrow"), "Up": N_("Up arrow"), "+": N_("plus"),
              "-": N_("minus"), ",": N_("comma"), "?": N_("question mark")}


def key_parts(sequence: str) -> list[str]:
    """``"Ctrl++"`` -> ``["Ctrl", "+"]``; ``"Alt+Down"`` -> ``["Alt", "Down"]``."""
    parts: list[str] = []
    rest = sequence
    while rest:
        cut = rest.find("+", 1)  # a "+" at the start is the plus key itself
        if cut < 0:
            parts.append(rest)
            break
        parts.append(rest[:cut])
        rest = rest[cut + 1:]
    return parts


def key_caps(sequence: str, _: Translate) -> list[str]:
    return [_(_KEY_CAPS[part]) if part in _KEY_CAPS and len(_KEY_CAPS[part]) > 1
            else _KEY_CAPS.get(part, part) for part in key_parts(sequence)]


def spoken_keys(sequence: str, _: Translate) -> str:
    words = []
    for part in key_parts(sequence):
        if part in _KEY_WORDS:
            words.append(_(_KEY_WORDS[part]))
        elif part in _KEY_CAPS and len(_KEY_CAPS[part]) > 1:
            words.append(_(_KEY_CAPS[part]))
        else:
            words.append(part)
    return " + ".join(words)


def listed_shortcuts(settings: Settings) -> list[Shortcut]:
    """The registry as the user sees it: send and new-line keys follow their setting."""
    result = []
    for shortcut in SHORTCUTS:
        if shortcut.name == "send" and settings.enter_sends:
            shortcut = Shortcut("send", ("Return",), shortcut.description, shortcut.group,
                                installed=False)
        elif shortcut.name == "newline" and settings.enter_sends:
            shortcut = Shortcut("newline", ("Shift+Return",), shortcut.description,
                                shortcut.group, installed=False)
        result.append(shortcut)
    return result


class ShortcutsSheet(QDialog):
    """Every shortcut, grouped, as keycaps beside what they do (objectName shortcutsSheet)."""

    def __init__(self, settings: Settings, lang: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        _ = settings_translator(lang)
        self.setObjectName("shortcutsSheet")
        self.setWindowTitle(_("Keyboard shortcuts"))
        self.setAccessibleName(_("Keyboard shortcuts"))
        body = QWidget()
        body.setObjectName("sheetBody")
        grid = QGridLayout(body)
        grid.setContentsMargins(18, 14, 18, 18)
        grid.setHorizontalSpacing(22)
        grid.setVerticalSpacing(7)
        grid.setColumnStretch(1, 1)
        row = 0
        self.descriptions: list[QLabel] = []
        shortcuts = listed_shortcuts(settings)
        for group in GROUPS:
            heading = QLabel(_(group))
            heading.setObjectName("sectionTitle")
            heading.setTextFormat(Qt.TextFormat.PlainText)
            if row:
                grid.setRowMinimumHeight(row, 4)
                row += 1
            grid.addWidget(heading, row, 0, 1, 2)
            row += 1
            for shortcut in (s for s in shortcuts if s.group == group):
                grid.addWidget(self._keys_widget(shortcut, _), row, 0,
                               Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
                text = QLabel(_(shortcut.description))
                text.setTextFormat(Qt.TextFormat.PlainText)
                text.setWordWrap(True)
                spoken = _(" or ").join(spoken_keys(keys, _) for keys in shortcut.keys)
                text.setAccessibleName(f"{spoken}: {_(shortcut.description)}")
                grid.addWidget(text, row, 1)
                self.descriptions.append(text)
                row += 1
        grid.setRowStretch(row, 1)
        scroll = QScrollArea()
        scroll.setObjectName("sheetScroll")
        scroll.setWidgetResizable(True)
        scroll.setWidget(body)
        scroll.setAccessibleName(_("Keyboard shortcuts"))
        hint = QLabel(_("Press F1 or ? at any time to see this list again."))
        hint.setObjectName("dialogHint")
        hint.setTextFormat(Qt.TextFormat.PlainText)
        hint.setWordWrap(True)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        close = buttons.button(QDialogButtonBox.StandardButton.Close)
        close.setText(_("Close"))
        close.setObjectName("sheetClose")
        close.setAccessibleName(_("Close the list of shortcuts"))
        close.setDefault(True)
        buttons.rejected.connect(self.reject)
        bottom = QHBoxLayout()
        bottom.setSpacing(12)
        bottom.addWidget(hint, 1)
        bottom.addWidget(buttons)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(14, 14, 14, 12)
        layout.setSpacing(10)
        layout.addWidget(scroll, 1)
        layout.addLayout(bottom)
        close.setFocus()
        # Tall enough to show the whole list without scrolling when the screen allows.
        wanted = body.sizeHint().height() + buttons.sizeHint().height() + 50
        screen = self.screen().availableGeometry().height() if self.screen() else wanted
        fix_dialog_size(self, max(600, body.sizeHint().width() + 40), 360)
        self.resize(self.width(), min(wanted, int(screen * 0.9)))

    @staticmethod
    def _keys_widget(shortcut: Shortcut, _: Translate) -> QWidget:
        box = QWidget()
        row = QHBoxLayout(box)
        row.setContentsMargins(0, 0, 0, 0)
        row.setSpacing(4)
        for number, keys in enumerate(shortcut.keys):
            if number:
                row.addWidget(QLabel(_(" or ").strip()))
            for index, cap in enumerate(key_caps(keys, _)):
                if index:
                    row.addWidget(QLabel("+"))
                label = QLabel(cap)
                label.setObjectName("keyCap")
                label.setTextFormat(Qt.TextFormat.PlainText)
                row.addWidget(label)
        box.setAccessibleName(_(" or ").join(spoken_keys(keys, _) for keys in shortcut.keys))
        return box


def is_text_field(widget: QWidget | None) -> bool:
    """True when typing "?" into ``widget`` should insert a character, not show help."""
    if isinstance(widget, (QLineEdit, QTextEdit, QPlainTextEdit, QAbstractSpinBox)):
        return True
    return isinstance(widget, QComboBox) and widget.isEditable()


class ShortcutController(QObject):
    """Owns the window's shortcut actions and the dialogs they open (child of the window)."""

    def __init__(self, window: MainWindow, settings_path: Path | None) -> None:
        super().__init__(window)
        self.setObjectName("shortcutController")
        self.window = window
        self._settings_path = settings_path
        self._ = settings_translator(window.lang)
        self.actions: dict[str, QAction] = {}
        self.dialog: QDialog | None = None  # the one dialog open at a time
        handlers = {
            "jump": self.open_jump, "search": self.open_search,
            "next_unanswered": lambda: self.go_unanswered(1),
            "previous_unanswered": lambda: self.go_unanswered(-1),
            "zoom_in": lambda: self.zoom(1), "zoom_out": lambda: self.zoom(-1),
            "zoom_reset": lambda: self.zoom(0), "settings": self.open_settings,
            "help": self.open_sheet,
        }
        for shortcut in SHORTCUTS:
            if not shortcut.installed:
                continue
            action = QAction(self._(shortcut.description), window)
            action.setObjectName(f"action_{shortcut.name}")
            keys = [k for k in (*shortcut.keys, *shortcut.hidden_keys) if k != "?"]
            action.setShortcuts([QKeySequence(k) for k in keys])
            action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
            action.triggered.connect(handlers[shortcut.name])
            window.addAction(action)
            self.actions[shortcut.name] = action
        self.question_mark = QShortcut(QKeySequence("?"), window)
        self.question_mark.setContext(Qt.ShortcutContext.WindowShortcut)
        self.question_mark.activated.connect(self.open_sheet)
        app = QApplication.instance()
        if isinstance(app, QApplication):
            app.focusChanged.connect(self._on_focus_changed)
            self._on_focus_changed(None, app.focusWidget())

        # Mouse users need a way in too: two quiet links in the status bar.
        _ = self._
        self.settings_button = QPushButton(_("Settings"))
        self.settings_button.setObjectName("settingsButton")
        self.settings_button.setAccessibleName(_("Open settings"))
        self.settings_button.setToolTip(_("Settings (Ctrl+,)"))
        self.settings_button.clicked.connect(self.open_settings)
        self.sheet_button = QPushButton(_("Keyboard shortcuts"))
        self.sheet_button.setObjectName("shortcutsButton")
        self.sheet_button.setAccessibleName(_("Show keyboard shortcuts"))
        self.sheet_button.setToolTip(_("Keyboard shortcuts (F1)"))
        self.sheet_button.clicked.connect(self.open_sheet)
        about_ = about_translator(window.lang)
        self.about_button = QPushButton(about_("About DeskReply"))
        self.about_button.setObjectName("aboutButton")
        self.about_button.setAccessibleName(about_("Show the version and licences"))
        self.about_button.clicked.connect(self.open_about)
        for button in (self.settings_button, self.sheet_button, self.about_button):
            button.setCursor(Qt.CursorShape.PointingHandCursor)
            button.setFlat(True)
            window.statusBar().addWidget(button)

    @property
    def settings_path(self) -> Path | None:
        """Where settings are saved: the path given, else the window's (read when saving)."""
        if self._settings_path is not None:
            return self._settings_path
        path = getattr(self.window, "settings_path", None)
        return Path(path) if path is not None else None

    # -- dialogs ----------------------------------------------------------------------------
    def _show(self, dialog: QDialog) -> QDialog:
        """Open ``dialog`` window-modal (no nested event loop); it is deleted when closed."""
        self.close_dialog()
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.finished.connect(lambda _result: self._forget(dialog))
        self.dialog = dialog
        dialog.open()
        return dialog

    def _forget(self, dialog: QDialog) -> None:
        if self.dialog is dialog:
            self.dialog = None

    def close_dialog(self) -> None:
        if self.dialog is not None and shiboken6.isValid(self.dialog):
            self.dialog.reject()
        self.dialog = None

    def open_sheet(self) -> QDialog:
        return self._show(ShortcutsSheet(self.window.settings, self.window.lang, self.window))

    def open_about(self) -> QDialog:
        return self._show(AboutDialog(self.window.lang, self.window))

    def open_settings(self) -> QDialog:
        dialog = SettingsDialog(self.window.settings, self.window.lang, self.window)
        dialog.accepted.connect(lambda: self._accept_settings(dialog))
        return self._show(dialog)

    def _accept_settings(self, dialog: SettingsDialog) -> None:
        problem = dialog.inbox_page.save_labels()
        if problem:
            self.window.statusBar().showMessage(problem, 10_000)
        self.apply_settings(dialog.edited())

    def open_jump(self) -> QDialog:
        ids = self.window.store.conversation_ids("recent")
        dialog = ChatJumpDialog(self.window.store, ids, self.window.lang, self.window)
        dialog.chosen.connect(self.go_to_chat)
        return self._show(dialog)

    def open_search(self) -> QDialog:
        dialog = SearchDialog(self.window.store, self.window.lang, self.window.agent_name,
                              self.window)
        dialog.chosen.connect(self.window.inbox_part.open_found)  # scrolled to the message
        return self._show(dialog)

    # -- chats ------------------------------------------------------------------------------
    def go_to_chat(self, conversation_id: int) -> bool:
        window = self.window
        if not window.select_conversation(conversation_id):
            return False
        index = window.chat_list.currentIndex()
        window.chat_list.scrollTo(index)
        if window.composer.edit.isEnabled():
            window.composer.edit.setFocus()
        return True

    def go_unanswered(self, step: int) -> int | None:
        """Select the next (step 1) or previous (-1) unanswered chat in list order, wrapping."""
        found = self.find_unanswered(step)
        if found is None:
            self.window.statusBar().showMessage(self._("No customer is waiting for an answer"),
                                                5_000)
            return None
        self.go_to_chat(found)
        return found

    def find_unanswered(self, step: int, chunk: int = 500) -> int | None:
        window = self.window
        model = window.model
        count = model.rowCount()
        if not count:
            return None
        # Unanswered chats come first in the "waiting" order: none at its top means none at
        # all, and the scan below (up to every chat) is skipped. ~40 ms at 100k chats.
        if model.order == "waiting":
            first = model.row_at(0)
        else:
            top = window.store.conversation_ids("waiting")[:1]
            first = window.store.conversation_rows(top).get(top[0]) if top else None
        if first is None or first.waiting_since is None or first.done:
            return None
        current_id = window.current_conversation_id
        current = model.row_of(current_id) if current_id is not None else None
        if current is None:  # nothing selected: from the top (or the bottom going up)
            start, steps = (-1 if step > 0 else count), count
        else:  # every other row, wrapping round, the current one last of all (excluded)
            start, steps = current, count - 1
        positions = [(start + step * offset) % count for offset in range(1, steps + 1)]
        for begin in range(0, len(positions), chunk):
            ids = [model.conversation_id(p) for p in positions[begin:begin + chunk]]
            rows = window.store.conversation_rows(ids)
            for conversation_id in ids:
                row = rows.get(conversation_id)
                if row is not None and row.waiting_since is not None and not row.done:
                    return conversation_id
        return None

    # -- settings and text size -------------------------------------------------------------
    def zoom(self, steps: int) -> float:
        """Bigger (1), smaller (-1) or normal (0) text everywhere; remembered in settings."""
        settings = self.window.settings
        scale = 1.0 if steps == 0 else theme.clamp_scale(
            settings.font_scale + steps * theme.FONT_SCALE_STEP)
        settings.font_scale = scale
        self.refresh_theme()
        self.save()
        self.window.statusBar().showMessage(
            self._("Text size: {percent} %").format(percent=round(scale * 100)), 3_000)
        return scale

    def apply_settings(self, edited: Settings) -> None:
        """Copy ``edited`` into the window's settings object, save it and use it at once."""
        window = self.window
        settings = window.settings
        for item in fields(Settings):
            setattr(settings, item.name, getattr(edited, item.name))
        self.save()
        self.refresh_theme()
        window.agent_name = settings.agent_name or "You"
        checker = window.checker
        if checker is not None and hasattr(checker, "settings"):
            checker.settings = settings.check_settings()
        # The window passes them on to the composer (Enter key, ignored words) and re-checks.
        window_apply = getattr(window, "apply_settings", None)
        if callable(window_apply):
            window_apply(settings)

    def refresh_theme(self) -> None:
        settings = self.window.settings
        theme.apply_theme(QApplication.instance(), settings.theme, settings.font_scale)
        # The chat list has fixed row heights: measure them again in the new font.
        chat_list = self.window.chat_list
        chat_list.set_row_height(ChatDelegate.row_height(chat_list.font()))
        chat_list.viewport().update()

    def save(self) -> bool:
        path = self.settings_path
        if path is None:
            log.warning("no settings file given; settings kept for this session only")
            return False
        try:
            save_settings(path, self.window.settings)
        except OSError as error:
            self.window.statusBar().showMessage(
                self._("Settings could not be saved: {reason}").format(
                    reason=error.strerror or error), 10_000)
            return False
        return True

    # -- internals --------------------------------------------------------------------------
    def _on_focus_changed(self, _old: QWidget | None, new: QWidget | None) -> None:
        if shiboken6.isValid(self.question_mark):
            self.question_mark.setEnabled(not is_text_field(new))


def install_shortcuts(window: MainWindow, settings_path: Path | None = None) -> None:
    """Create the shortcut actions, dialogs and status-bar links on ``window``.

    ``settings_path``: where changed settings are saved; by default the window's own
    ``settings_path`` attribute, read at save time. Calling it twice does nothing the second time.
    """
    if controller_of(window) is not None:
        return  # already installed: a second set would make every key ambiguous
    ShortcutController(window, settings_path)


def controller_of(window: QWidget) -> ShortcutController | None:
    return window.findChild(ShortcutController, "shortcutController")
