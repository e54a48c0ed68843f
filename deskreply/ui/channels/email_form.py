"""The form for one email account: address, password, servers, and "Test connection".

The password goes from this form to the keyring only (the Accounts dialog does that); the
form hands back the non-secret settings and the typed password separately.

Signals:
    test_requested(object, str): settings dict and password to try.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from deskreply.connectors.base import TestResult
from deskreply.ui.text import N_, Translate

TLS_CHOICES = (("ssl", N_("SSL/TLS")), ("starttls", N_("STARTTLS")))
DEFAULT_PORTS = {("imap", "ssl"): 993, ("imap", "starttls"): 143,
                 ("smtp", "ssl"): 465, ("smtp", "starttls"): 587}

RESULT_WORDS: dict[str, str] = {
    "ok": N_("Connection works: DeskReply could sign in to receive and to send."),
    "auth_failed": N_("The server refused the user name or password. Many providers need an "
                      "app password here, not your usual one."),
    "host_not_found": N_("The server name was not found. Check the spelling of the server."),
    "tls_untrusted": N_("The server's certificate is not trusted by this computer."),
    "tls_error": N_("A secure connection could not be made (TLS)."),
    "timeout": N_("The server did not answer in time."),
    "refused": N_("The server refused the connection. Check the server and the port."),
    "error": N_("The connection failed."),
}


def _line(placeholder: str = "", name: str = "") -> QLineEdit:
    edit = QLineEdit()
    edit.setPlaceholderText(placeholder)
    if name:
        edit.setObjectName(name)
    return edit


class ServerRow(QWidget):
    """Host, port and security of one server (IMAP or SMTP)."""

    def __init__(self, protocol: str, translate: Translate) -> None:
        super().__init__()
        self.protocol = protocol
        self.host = _line(f"{protocol}.example.com", f"{protocol}Host")
        self.port = QSpinBox()
        self.port.setObjectName(f"{protocol}Port")
        self.port.setRange(1, 65535)
        self.tls = QComboBox()
        self.tls.setObjectName(f"{protocol}Tls")
        for value, label in TLS_CHOICES:
            self.tls.addItem(translate(label), value)
        self.port.setValue(DEFAULT_PORTS[(protocol, "ssl")])
        # Room for a full host name; the port needs five digits, no more.
        self.host.setMinimumWidth(self.host.fontMetrics().horizontalAdvance("x" * 24))
        self.port.setMaximumWidth(self.port.fontMetrics().horizontalAdvance("0" * 9))
        self.tls.currentIndexChanged.connect(self._default_port)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.host, 1)
        layout.addWidget(self.port)
        layout.addWidget(self.tls)
        self.host.setAccessibleName(translate("{protocol} server").format(
            protocol=protocol.upper()))
        self.port.setAccessibleName(translate("{protocol} port").format(
            protocol=protocol.upper()))
        self.tls.setAccessibleName(translate("{protocol} security").format(
            protocol=protocol.upper()))

    def _default_port(self) -> None:
        ports = {DEFAULT_PORTS[(self.protocol, mode)] for mode, _label in TLS_CHOICES}
        if self.port.value() in ports:
            self.port.setValue(DEFAULT_PORTS[(self.protocol, str(self.tls.currentData()))])

    def set(self, host: str, port: int | None, tls: str) -> None:
        index = self.tls.findData(tls)
        self.tls.setCurrentIndex(max(0, index))
        self.host.setText(host)
        if port:
            self.port.setValue(port)


class EmailAccountForm(QDialog):
    test_requested = Signal(object, str)

    def __init__(self, translate: Translate, *, existing: Mapping[str, Any] | None = None,
                 name: str = "", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        _ = self._ = translate
        self.setObjectName("emailAccountForm")
        self.setWindowTitle(_("Email account") if existing is None else
                            _("Edit email account"))
        self.editing = existing is not None
        self.fingerprint = str((existing or {}).get("trusted_fingerprint", ""))
        self._offered_fingerprint = ""
        self.name = _line(_("Support mailbox"), "accountName")
        self.display_name = _line(_("Shop support"), "displayName")
        self.address = _line("support@example.com", "address")
        self.username = _line(_("same as the address"), "username")
        self.password = _line(_("unchanged") if self.editing else "", "password")
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.imap = ServerRow("imap", translate)
        self.smtp = ServerRow("smtp", translate)
        form = QFormLayout()
        form.addRow(_("Account name"), self.name)
        form.addRow(_("Email address"), self.address)
        form.addRow(_("Password"), self.password)
        form.addRow(_("Name customers see"), self.display_name)
        form.addRow(_("User name"), self.username)
        form.addRow(_("Incoming (IMAP)"), self.imap)
        form.addRow(_("Outgoing (SMTP)"), self.smtp)
        for label, edit in ((_("Account name"), self.name), (_("Email address"), self.address),
                            (_("Password"), self.password),
                            (_("Name customers see"), self.display_name),
                            (_("User name"), self.username)):
            edit.setAccessibleName(label)
        hint = QLabel(_("Gmail, Outlook, Yahoo and iCloud need an app password: create one in "
                        "your provider's security settings and paste it here."))
        hint.setTextFormat(Qt.TextFormat.PlainText)
        hint.setWordWrap(True)
        hint.setObjectName("appPasswordHint")
        self.result_label = QLabel()
        self.result_label.setObjectName("testResult")
        self.result_label.setTextFormat(Qt.TextFormat.PlainText)  # server texts are outside text
        self.result_label.setWordWrap(True)
        self.result_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.test_button = QPushButton(_("Test connection"))
        self.test_button.setObjectName("testConnectionButton")
        self.trust_button = QPushButton(_("Trust this certificate"))
        self.trust_button.setObjectName("trustCertificateButton")
        self.trust_button.hide()
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel)
        save = self.buttons.button(QDialogButtonBox.StandardButton.Save)
        save.setObjectName("saveAccountButton")
        save.setText(_("Save"))
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(_("Cancel"))
        row = QHBoxLayout()
        row.addWidget(self.test_button)
        row.addWidget(self.trust_button)
        row.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(hint)
        layout.addLayout(row)
        layout.addWidget(self.result_label)
        layout.addWidget(self.buttons)
        self.address.editingFinished.connect(self._guess_servers)
        self.test_button.clicked.connect(self._request_test)
        self.trust_button.clicked.connect(self._trust)
        self.buttons.accepted.connect(self._accept)
        self.buttons.rejected.connect(self.reject)
        self.setMinimumWidth(self.sizeHint().width())
        self.resize(max(640, self.sizeHint().width()), self.sizeHint().height())
        if existing is not None:
            self._load(name, existing)

    def _load(self, name: str, settings: Mapping[str, Any]) -> None:
        self.name.setText(name)
        self.name.setReadOnly(True)  # the name keys its conversations and its keyring entry
        self.address.setText(str(settings.get("address", "")))
        self.display_name.setText(str(settings.get("display_name", "")))
        username = str(settings.get("username", ""))
        self.username.setText("" if username == settings.get("address") else username)
        self.imap.set(str(settings.get("imap_host", "")), settings.get("imap_port"),
                      str(settings.get("imap_tls", "ssl")))
        self.smtp.set(str(settings.get("smtp_host", "")), settings.get("smtp_port"),
                      str(settings.get("smtp_tls", "ssl")))

    def _guess_servers(self) -> None:
        """Most providers name their servers imap.<domain> and smtp.<domain>."""
        domain = self.address.text().strip().rpartition("@")[2]
        if not domain or "." not in domain:
            return
        if not self.imap.host.text().strip():
            self.imap.host.setText(f"imap.{domain}")
        if not self.smtp.host.text().strip():
            self.smtp.host.setText(f"smtp.{domain}")
        if not self.name.text().strip():
            self.name.setText(self.address.text().strip())

    # -- values ------------------------------------------------------------------------------
    def account_name(self) -> str:
        return self.name.text().strip()

    def typed_password(self) -> str:
        return self.password.text()

    def settings(self) -> dict[str, Any]:
        address = self.address.text().strip()
        values: dict[str, Any] = {
            "address": address,
            "display_name": self.display_name.text().strip(),
            "username": self.username.text().strip() or address,
            "imap_host": self.imap.host.text().strip(),
            "imap_port": self.imap.port.value(),
            "imap_tls": str(self.imap.tls.currentData()),
            "smtp_host": self.smtp.host.text().strip() or self.imap.host.text().strip(),
            "smtp_port": self.smtp.port.value(),
            "smtp_tls": str(self.smtp.tls.currentData()),
        }
        if self.fingerprint:
            values["trusted_fingerprint"] = self.fingerprint
        return values

    def problem(self) -> str:
        """What is missing, in plain words ("" when the form can be saved)."""
        _ = self._
        if not self.account_name():
            return _("Give the account a name.")
        address = self.address.text().strip()
        if "@" not in address or address.startswith("@") or address.endswith("@"):
            return _("Type the email address customers write to.")
        if not self.imap.host.text().strip():
            return _("Type the incoming (IMAP) server.")
        if not self.editing and not self.typed_password():
            return _("Type the password (or app password).")
        return ""

    # -- test --------------------------------------------------------------------------------
    def _request_test(self) -> None:
        problem = self.problem()
        if problem:
            self.result_label.setText(problem)
            return
        self.test_button.setEnabled(False)
        self.result_label.setText(self._("Testing the connection…"))
        self.test_requested.emit(self.settings(), self.typed_password())

    def show_result(self, result: TestResult) -> None:
        _ = self._
        self.test_button.setEnabled(True)
        words = _(RESULT_WORDS.get(result.code, RESULT_WORDS["error"]))
        if result.detail and result.code != "ok":
            words += "\n" + result.detail
        self._offered_fingerprint = result.fingerprint if result.code == "tls_untrusted" else ""
        if self._offered_fingerprint:
            words += "\n" + _("Its fingerprint is:\n{fingerprint}\nTrust it only if your mail "
                              "provider or IT team shows you the same one.").format(
                fingerprint=self._offered_fingerprint)
        self.trust_button.setVisible(bool(self._offered_fingerprint))
        self.result_label.setText(("✓ " if result.ok else "⚠ ") + words)

    def _trust(self) -> None:
        self.fingerprint = self._offered_fingerprint
        self.trust_button.hide()
        self._request_test()

    def _accept(self) -> None:
        problem = self.problem()
        if problem:
            self.result_label.setText(problem)
            return
        self.accept()
