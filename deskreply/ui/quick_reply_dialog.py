"""Manage quick replies: list, edit, create, delete, import and export (objectName
``quickRepliesDialog``).

Every change is saved at once by :class:`~deskreply.quick_replies.QuickReplyBook` (atomic
writes). Problems (an invalid reply, a bad import file, an unreadable quick replies file) are
shown in the dialog in plain words; nothing already saved is lost.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from deskreply.i18n import translator
from deskreply.quick_replies import QuickReply, QuickReplyBook, QuickReplyFileError

DOMAIN = "ui_quick_replies"
PathAsker = Callable[[], Path | None]
ID_ROLE = Qt.ItemDataRole.UserRole


class QuickRepliesDialog(QDialog):
    """The quick replies manager. ``changed`` is emitted after every saved change."""

    changed = Signal()

    def __init__(self, book: QuickReplyBook, lang: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        _ = self._ = translator(DOMAIN, lang)
        self.book = book
        self.current_id: str | None = None
        self.setObjectName("quickRepliesDialog")
        self.setWindowTitle(_("Quick replies"))
        self.setAccessibleName(_("Quick replies"))
        # File choosers, replaceable (tests, scripts): return None when the user cancels.
        self.ask_import_path: PathAsker = self._ask_import_path
        self.ask_export_path: PathAsker = self._ask_export_path

        self.list = QListWidget()
        self.list.setObjectName("quickReplyManagerList")
        self.list.setAccessibleName(_("Saved quick replies"))
        self.title_edit = QLineEdit()
        self.title_edit.setObjectName("quickReplyTitle")
        self.title_edit.setAccessibleName(_("Title"))
        self.title_edit.setMaxLength(120)
        self.shortcut_edit = QLineEdit()
        self.shortcut_edit.setObjectName("quickReplyShortcut")
        self.shortcut_edit.setAccessibleName(_("Shortcut"))
        self.shortcut_edit.setPlaceholderText(_("e.g. hello (typed as /hello)"))
        self.shortcut_edit.setMaxLength(40)
        self.lang_combo = QComboBox()
        self.lang_combo.setObjectName("quickReplyLang")
        self.lang_combo.setAccessibleName(_("Language of the reply"))
        self.lang_combo.addItem(_("Any language"), None)
        self.lang_combo.addItem(_("Spanish"), "es")
        self.lang_combo.addItem(_("English"), "en")
        self.text_edit = QPlainTextEdit()
        self.text_edit.setObjectName("quickReplyText")
        self.text_edit.setAccessibleName(_("Reply text"))
        self.text_edit.setTabChangesFocus(True)
        self.text_edit.setPlaceholderText(
            _("Blanks such as {name}, {agent}, {order} or {date} are filled in or selected "
              "for you when the reply is inserted."))
        self.status = QLabel()
        self.status.setObjectName("quickReplyStatus")
        self.status.setTextFormat(Qt.TextFormat.PlainText)  # file names and errors: literal
        self.status.setWordWrap(True)
        self.status.setAccessibleName(_("Quick replies status"))

        self.new_button = QPushButton(_("New"))
        self.new_button.setObjectName("quickReplyNew")
        self.new_button.setAccessibleName(_("New quick reply"))
        self.save_button = QPushButton(_("Save"))
        self.save_button.setObjectName("quickReplySave")
        self.save_button.setAccessibleName(_("Save this quick reply"))
        self.save_button.setToolTip(_("Save (Ctrl+S)"))
        self.delete_button = QPushButton(_("Delete"))
        self.delete_button.setObjectName("quickReplyDelete")
        self.delete_button.setAccessibleName(_("Delete this quick reply"))
        self.import_button = QPushButton(_("Import…"))
        self.import_button.setObjectName("quickReplyImport")
        self.import_button.setAccessibleName(_("Import quick replies from a file"))
        self.export_button = QPushButton(_("Export…"))
        self.export_button.setObjectName("quickReplyExport")
        self.export_button.setAccessibleName(_("Export quick replies to a file"))
        self.close_button = QPushButton(_("Close"))
        self.close_button.setObjectName("quickReplyClose")

        form = QFormLayout()
        form.addRow(_("Title"), self.title_edit)
        form.addRow(_("Shortcut"), self.shortcut_edit)
        form.addRow(_("Language"), self.lang_combo)
        form.addRow(_("Text"), self.text_edit)
        edit_buttons = QHBoxLayout()
        for button in (self.new_button, self.save_button, self.delete_button):
            edit_buttons.addWidget(button)
        edit_buttons.addStretch(1)
        right = QVBoxLayout()
        right.addLayout(form, 1)
        right.addLayout(edit_buttons)
        top = QHBoxLayout()
        top.addWidget(self.list, 2)
        top.addLayout(right, 3)
        bottom = QHBoxLayout()
        bottom.addWidget(self.import_button)
        bottom.addWidget(self.export_button)
        bottom.addStretch(1)
        bottom.addWidget(self.close_button)
        layout = QVBoxLayout(self)
        layout.addLayout(top, 1)
        layout.addWidget(self.status)
        layout.addLayout(bottom)
        self.resize(760, 460)

        self.list.currentItemChanged.connect(self._on_current_changed)
        self.new_button.clicked.connect(self.start_new)
        self.save_button.clicked.connect(self.save_current)
        self.delete_button.clicked.connect(self.delete_current)
        self.import_button.clicked.connect(self._import_clicked)
        self.export_button.clicked.connect(self._export_clicked)
        self.close_button.clicked.connect(self.reject)  # Esc closes too (QDialog)
        save_shortcut = QShortcut(QKeySequence.StandardKey.Save, self)
        save_shortcut.activated.connect(self.save_current)
        self.reload()
        if self.book.error is not None:
            self._show_status(self.book.error)
            for widget in (self.new_button, self.save_button, self.delete_button,
                           self.import_button, self.title_edit, self.shortcut_edit,
                           self.text_edit, self.lang_combo):
                widget.setEnabled(False)

    # -- list -----------------------------------------------------------------------------------
    def reload(self, select: str | None = None) -> None:
        """Show the book's replies again, selecting ``select`` (or the first)."""
        self.list.blockSignals(True)
        self.list.clear()
        for reply in self.book.replies:
            item = QListWidgetItem(reply.title)
            item.setData(ID_ROLE, reply.id)
            item.setToolTip(f"/{reply.shortcut}" if reply.shortcut else reply.title)
            self.list.addItem(item)
        self.list.blockSignals(False)
        row = next((i for i in range(self.list.count())
                    if self.list.item(i).data(ID_ROLE) == select), 0)
        if self.list.count():
            self.list.setCurrentRow(row)
            self._on_current_changed(self.list.currentItem(), None)
        else:
            self.start_new()

    def _on_current_changed(self, item: QListWidgetItem | None, _previous: object) -> None:
        reply = self.book.get(item.data(ID_ROLE)) if item is not None else None
        if reply is None:
            return
        self._show_reply(reply)

    def _show_reply(self, reply: QuickReply) -> None:
        self.current_id = reply.id
        self.title_edit.setText(reply.title)
        self.shortcut_edit.setText(reply.shortcut)
        self.lang_combo.setCurrentIndex(max(0, self.lang_combo.findData(reply.lang)))
        self.text_edit.setPlainText(reply.text)
        self.delete_button.setEnabled(self.book.error is None)

    # -- editing ----------------------------------------------------------------------------------
    def start_new(self) -> None:
        """Empty the form for a new reply (saved by Save)."""
        self.current_id = None
        self.list.blockSignals(True)
        self.list.clearSelection()
        self.list.setCurrentRow(-1)
        self.list.blockSignals(False)
        self.title_edit.clear()
        self.shortcut_edit.clear()
        self.lang_combo.setCurrentIndex(0)
        self.text_edit.clear()
        self.delete_button.setEnabled(False)
        self.title_edit.setFocus()

    def save_current(self) -> QuickReply | None:
        """Create or update the reply in the form; an invalid one is explained, not saved."""
        _ = self._
        fields = {"title": self.title_edit.text(), "text": self.text_edit.toPlainText(),
                  "lang": self.lang_combo.currentData(), "shortcut": self.shortcut_edit.text()}
        if not fields["title"].strip():
            self._show_status(_("Give the reply a title first."))
            return None
        if not fields["text"].strip():
            self._show_status(_("Write the text of the reply first."))
            return None
        try:
            if self.current_id is None:
                reply = self.book.create(**fields)
                message = _("Quick reply added.")
            else:
                reply = self.book.edit(self.current_id, **fields)
                message = _("Quick reply saved.")
        except (QuickReplyFileError, OSError, KeyError) as error:
            self._show_status(_("Not saved: {reason}").format(reason=_reason(error, _)))
            return None
        self.reload(select=reply.id)
        self._show_status(message)
        self.changed.emit()
        return reply

    def delete_current(self) -> bool:
        if self.current_id is None:
            return False
        try:
            self.book.delete(self.current_id)
        except (QuickReplyFileError, OSError, KeyError) as error:
            self._show_status(
                self._("Not deleted: {reason}").format(reason=_reason(error, self._)))
            return False
        self.reload()
        self._show_status(self._("Quick reply deleted."))
        self.changed.emit()
        return True

    # -- files ------------------------------------------------------------------------------------
    def import_from(self, path: Path) -> bool:
        """Merge replies from ``path``; a bad file is explained and changes nothing."""
        _ = self._
        try:
            result = self.book.import_file(path)
        except (QuickReplyFileError, OSError) as error:
            self._show_status(_("Nothing was imported: {reason}").format(reason=_reason(error, _)))
            return False
        self.reload()
        self._show_status(_("Imported {added} replies ({skipped} were already here).").format(
            added=result.added, skipped=result.skipped))
        if result.added:
            self.changed.emit()
        return True

    def export_to(self, path: Path) -> bool:
        _ = self._
        try:
            count = self.book.export_file(path)
        except OSError as error:
            self._show_status(_("Not exported: {reason}").format(reason=_reason(error, _)))
            return False
        self._show_status(_("Exported {count} replies to {path}.").format(
            count=count, path=str(path)))
        return True

    def _import_clicked(self) -> None:
        path = self.ask_import_path()
        if path is not None:
            self.import_from(path)

    def _export_clicked(self) -> None:
        path = self.ask_export_path()
        if path is not None:
            self.export_to(path)

    def _ask_import_path(self) -> Path | None:
        name, _filter = QFileDialog.getOpenFileName(
            self, self._("Import quick replies"), "", self._("Quick replies (*.json)"))
        return Path(name) if name else None

    def _ask_export_path(self) -> Path | None:
        name, _filter = QFileDialog.getSaveFileName(
            self, self._("Export quick replies"), "quick_replies.json",
            self._("Quick replies (*.json)"))
        return Path(name) if name else None

    def _show_status(self, text: str) -> None:
        self.status.setText(text)


def _reason(error: BaseException, _: Callable[[str], str]) -> str:
    if isinstance(error, OSError):
        return error.strerror or str(error)
    if isinstance(error, KeyError):
        return _("this reply no longer exists")
    return str(error)

