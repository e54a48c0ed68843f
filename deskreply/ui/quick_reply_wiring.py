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



def install_quick_replies(window: Any) -> QuickReplyController | None:
    """Give the main window quick replies: "/" in the composer, Ctrl+Shift+R to manage them.

    Uses the window's public attributes: settings_path (the book lives beside the settings;
    None: no quick replies), settings, lang, store, composer, current_conversation_id,
    statusBar(). A quick replies file that cannot be read is left untouched and explained in
    the status bar and in the manager.
    """
    _ = translator(DOMAIN, window.lang)
    if window.settings_path is None:
        window.quick_replies = None
        return None
    book = QuickReplyBook(Path(window.settings_path).parent / FILE_NAME)
    try:
        book.load()
    except QuickReplyFileError as error:
        log.warning("quick replies unavailable: %s", error)
        window.statusBar().showMessage(
            _("Quick replies are off: {reason}").format(reason=str(error)), 30_000)
    except OSError as error:  # the seeded file could not be written: keep them in memory
        log.warning("quick replies not saved: %s", error)

    def current_row() -> Any:
        conversation_id = window.current_conversation_id
        return None if conversation_id is None else window.store.conversation(conversation_id)

    def values() -> dict[str, str]:
        row = current_row()
        return {"name": row.contact_name if row is not None else "",
                "agent": window.settings.agent_name or ""}

    def reply_lang() -> str | None:
        row = current_row()
        return (row.lang or None) if row is not None else None

    controller = QuickReplyController(window.composer.edit, book, values, window.lang,
                                      reply_lang)

    def open_manager() -> None:
        controller.close_popup()
        dialog = QuickRepliesDialog(book, window.lang, window)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        window.quick_replies_dialog = dialog
        dialog.finished.connect(lambda _result: setattr(window, "quick_replies_dialog", None))
        dialog.open()

    button = QPushButton(_("Quick replies"))
    button.setObjectName("quickRepliesButton")
    button.setAccessibleName(_("Manage quick replies"))
    button.setToolTip(_("Quick replies (Ctrl+Shift+R). Type / in the reply to insert one."))
    button.setCursor(Qt.CursorShape.PointingHandCursor)
    button.setFlat(True)
    button.clicked.connect(open_manager)
    window.statusBar().addWidget(button)
    shortcut = QShortcut(QKeySequence("Ctrl+Shift+R"), window)
    shortcut.activated.connect(open_manager)
    window.quick_replies = book
    window.quick_replies_controller = controller
    window.quick_replies_dialog = None
    window.open_quick_replies = open_manager
    return controller
