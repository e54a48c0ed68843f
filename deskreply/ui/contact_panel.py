"""The contact beside the conversation: name, channel identity, notes, the formality the
customer prefers (tú / usted / vos: learned from their messages, editable), and the privacy
actions (export their data, delete everything about them).

Signals:
    formality_changed(str): '' | tu | usted | vos, for the tone check's context.
    export_requested(int), delete_requested(int): contact id.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QFrame,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
)

from deskreply.store import Contact, Store
from deskreply.ui.text import Translate, channel_label

NOTES_SAVE_MS = 600
FORMALITY_LABELS = (("", "—"), ("tu", "tú"), ("usted", "usted"), ("vos", "vos"))


def _plain(text: str = "", name: str = "") -> QLabel:
    label = QLabel(text)
    label.setTextFormat(Qt.TextFormat.PlainText)  # names come from outside: never markup
    label.setWordWrap(True)
    if name:
        label.setObjectName(name)
    return label


class ContactPanel(QFrame):
    formality_changed = Signal(str)
    export_requested = Signal(int)
    delete_requested = Signal(int)

    def __init__(self, store: Store, translate: Translate) -> None:
        super().__init__()
        self._store = store
        self._ = _ = translate
        self.contact: Contact | None = None
        self.setObjectName("contactPanel")
        self.setAccessibleName(_("Contact"))
        self.setMinimumWidth(200)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 12, 12, 12)
        layout.setSpacing(6)
        self.name_label = _plain("", "contactName")
        font = self.name_label.font()
        font.setBold(True)
        self.name_label.setFont(font)
        self.identity_label = _plain("", "contactIdentity")
        self.identity_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addWidget(self.name_label)
        layout.addWidget(self.identity_label)
        layout.addWidget(_plain(_("Notes (only on this computer)")))
        self.notes = QPlainTextEdit()
        self.notes.setObjectName("contactNotes")
        self.notes.setAccessibleName(_("Notes about this customer"))
        self.notes.setTabChangesFocus(True)
        layout.addWidget(self.notes, 1)
        layout.addWidget(_plain(_("How they like to be addressed")))
        self.formality = QComboBox()
        self.formality.setObjectName("contactFormality")
        self.formality.setAccessibleName(_("How they like to be addressed"))
        for value, text in FORMALITY_LABELS:
            self.formality.addItem(text if value else _("not known yet"), value)
        layout.addWidget(self.formality)
        self.formality_hint = _plain("", "contactFormalityHint")
        layout.addWidget(self.formality_hint)
        self.export_button = QPushButton(_("Export their data…"))
        self.export_button.setObjectName("contactExport")
        self.delete_button = QPushButton(_("Delete all their data…"))
        self.delete_button.setObjectName("contactDelete")
        for button in (self.export_button, self.delete_button):
            button.setAccessibleName(button.text())
        layout.addWidget(self.export_button)
        layout.addWidget(self.delete_button)
        self.notes_timer = QTimer(self)
        self.notes_timer.setSingleShot(True)
        self.notes_timer.setInterval(NOTES_SAVE_MS)
        self.notes_timer.timeout.connect(self.save_notes)
        self.notes.textChanged.connect(self.notes_timer.start)
        self.formality.activated.connect(self._on_formality)
        self.export_button.clicked.connect(self._export)
        self.delete_button.clicked.connect(self._delete)
        self.show_contact(None)

    def show_contact(self, contact: Contact | None) -> None:
        self.save_notes()
        self.contact = contact
        for widget in (self.notes, self.formality, self.export_button, self.delete_button):
            widget.setEnabled(contact is not None)
        if contact is None:
            self.name_label.setText(self._("No chat open"))
            self.identity_label.setText("")
            self.notes.blockSignals(True)
            self.notes.setPlainText("")
            self.notes.blockSignals(False)
            self.formality_hint.setText("")
            return
        self.name_label.setText(contact.name)
        self.identity_label.setText(f"{channel_label(contact.channel, self._)}: "
                                    f"{contact.handle}\n{self._('Account')}: {contact.account}")
        self.notes.blockSignals(True)
        self.notes.setPlainText(contact.notes)
        self.notes.blockSignals(False)
        self._show_formality(contact.formality, contact.formality_source)

    def save_notes(self) -> None:
        self.notes_timer.stop()
        contact = self.contact
        if contact is None or self.notes.toPlainText() == contact.notes:
            return
        self._store.set_contact_notes(contact.id, self.notes.toPlainText())
        self.contact = _replace(contact, notes=self.notes.toPlainText())

    def current_formality(self) -> str:
        return str(self.formality.currentData() or "")

    def _show_formality(self, value: str, source: str) -> None:
        index = self.formality.findData(value)
        self.formality.setCurrentIndex(max(0, index))
        hints = {"learned": self._("Learned from their messages; change it if it is wrong."),
                 "user": self._("Set by you."), "": ""}
        self.formality_hint.setText(hints.get(source, ""))

    def _on_formality(self, _index: int) -> None:
        contact = self.contact
        if contact is None:
            return
        value = self.current_formality()
        self._store.set_contact_formality(contact.id, value)
        self.contact = _replace(contact, formality=value, formality_source="user" if value
                                else "")
        self._show_formality(value, self.contact.formality_source)
        self.formality_changed.emit(value)

    def _export(self) -> None:
        if self.contact is not None:
            self.export_requested.emit(self.contact.id)

    def _delete(self) -> None:
        if self.contact is not None:
            self.delete_requested.emit(self.contact.id)


def _replace(contact: Contact, **changes: str) -> Contact:
    from dataclasses import replace

    return replace(contact, **changes)  # type: ignore[arg-type]
