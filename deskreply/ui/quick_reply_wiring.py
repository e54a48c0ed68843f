"""Wire quick replies into the main window (kept apart so the window needs one call).

"/" in the composer opens the popup (:mod:`deskreply.ui.quick_reply_popup`); Ctrl+Shift+R or
the "Quick replies" link in the status bar opens the manager
(:mod:`deskreply.ui.quick_reply_dialog`). The book lives beside the settings file.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QPushButton

from deskreply.i18n import translator
from deskreply.quick_replies import FILE_NAME, QuickReplyBook, QuickReplyFileError
from deskreply.ui.quick_reply_dialog import QuickRepliesDialog
from deskreply.ui.quick_reply_popup import QuickReplyController

log = logging.getLogger(__name__)

DOMAIN = "ui_quick_replies"


class QuickRepliesPart:
    """Quick replies in the main window: "/" in the composer, Ctrl+Shift+R to manage them.

    Uses the window's public attributes: settings_path (the book lives beside the settings;
    None: no quick replies), settings, lang, store, composer, current_conversation_id,
    statusBar(). A quick replies file that cannot be read is left untouched and explained in
    the status bar and in the manager.
    """

    def __init__(self, window: Any) -> None:
        self.window = window
        self.book: QuickReplyBook | None = None
        self.controller: QuickReplyController | None = None
        self.dialog: QuickRepliesDialog | None = None
        if window.settings_path is not None:
            self._install()

    def _install(self) -> None:
        window = self.window
        _ = translator(DOMAIN, window.lang)
        book = QuickReplyBook(Path(window.settings_path).parent / FILE_NAME)
        try:
            book.load()
        except QuickReplyFileError as error:
            log.warning("quick replies unavailable: %s", error)
            window.statusBar().showMessage(
                _("Quick replies are off: {reason}").format(reason=str(error)), 30_000)
        except OSError as error:  # the seeded file could not be written: keep them in memory
            log.warning("quick replies not saved: %s", error)
        self.book = book
        self.controller = QuickReplyController(window.composer.edit, book, self._values,
                                               window.lang, self._reply_lang)
        button = QPushButton(_("Quick replies"))
        button.setObjectName("quickRepliesButton")
        button.setAccessibleName(_("Manage quick replies"))
        button.setToolTip(_("Quick replies (Ctrl+Shift+R). Type / in the reply to insert one."))
        button.setCursor(Qt.CursorShape.PointingHandCursor)
        button.setFlat(True)
        button.clicked.connect(self.open_manager)
        window.statusBar().addWidget(button)
        shortcut = QShortcut(QKeySequence("Ctrl+Shift+R"), window)
        shortcut.activated.connect(self.open_manager)

    def _current_row(self) -> Any:
        conversation_id = self.window.current_conversation_id
        return None if conversation_id is None else self.window.store.conversation(
            conversation_id)

    def _values(self) -> dict[str, str]:
        row = self._current_row()
        return {"name": row.contact_name if row is not None else "",
                "agent": self.window.settings.agent_name or ""}

    def _reply_lang(self) -> str | None:
        row = self._current_row()
        return (row.lang or None) if row is not None else None

    def open_manager(self) -> None:
        if self.book is None or self.controller is None:
            return
        self.controller.close_popup()
        dialog = QuickRepliesDialog(self.book, self.window.lang, self.window)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.dialog = dialog
        dialog.finished.connect(self._closed)
        dialog.open()

    def _closed(self, _result: int) -> None:
        self.dialog = None
