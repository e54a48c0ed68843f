"""Sign in to a Matrix homeserver (WhatsApp, Instagram, Messenger, Telegram and Signal reach
DeskReply through its bridges, or a team shares its inbox there).

The password (or the SSO login token pasted from the browser) is used once, for the sign-in,
on the network thread; only the access token it returns is kept, in the keyring.

Signals:
    sign_in_requested(str, str, str): homeserver, user (empty for an SSO token), password or
        token.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from deskreply.ui.text import Translate


class MatrixAccountForm(QDialog):
    sign_in_requested = Signal(str, str, str)

    def __init__(self, translate: Translate, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        _ = self._ = translate
        self.setObjectName("matrixAccountForm")
        self.setWindowTitle(_("Matrix account"))
        self.name = QLineEdit()
        self.name.setObjectName("accountName")
        self.name.setPlaceholderText(_("Team inbox"))
        self.homeserver = QLineEdit()
        self.homeserver.setObjectName("homeserver")
        self.homeserver.setPlaceholderText("https://matrix.example.com")
        self.user = QLineEdit()
        self.user.setObjectName("matrixUser")
        self.user.setPlaceholderText("@support:example.com")
        self.password = QLineEdit()
        self.password.setObjectName("password")
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.use_token = QCheckBox(_("I have a sign-in token from the browser (SSO)"))
        self.use_token.setObjectName("useSsoToken")
        self.include_groups = QCheckBox(_("Also show group chats"))
        self.include_groups.setObjectName("includeGroups")
        form = QFormLayout()
        for label, field in ((_("Account name"), self.name), (_("Homeserver"), self.homeserver),
                             (_("User"), self.user), (_("Password"), self.password)):
            field.setAccessibleName(label)
            form.addRow(label, field)
        form.addRow("", self.use_token)
        form.addRow("", self.include_groups)
        hint = QLabel(_("Only the sign-in is kept (in your system's keyring), never the "
                        "password. WhatsApp, Instagram, Messenger, Telegram and Signal chats "
                        "appear here through your homeserver's bridges."))
        hint.setTextFormat(Qt.TextFormat.PlainText)
        hint.setWordWrap(True)
        self.result_label = QLabel()
        self.result_label.setObjectName("testResult")
        self.result_label.setTextFormat(Qt.TextFormat.PlainText)
        self.result_label.setWordWrap(True)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                       | QDialogButtonBox.StandardButton.Cancel)
        ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        ok.setText(_("Sign in"))
        ok.setObjectName("signInButton")
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(_("Cancel"))
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(hint)
        layout.addWidget(self.result_label)
        layout.addWidget(self.buttons)
        self.buttons.accepted.connect(self._sign_in)
        self.buttons.rejected.connect(self.reject)
        self.use_token.toggled.connect(self._token_mode)
        self.resize(max(560, self.sizeHint().width()), self.sizeHint().height())

    def _token_mode(self, token: bool) -> None:
        self.user.setEnabled(not token)
        self.password.setPlaceholderText(self._("Sign-in token") if token else "")

    def account_name(self) -> str:
        return self.name.text().strip() or self.user.text().strip()

    def homeserver_url(self) -> str:
        url = self.homeserver.text().strip().rstrip("/")
        return url if "://" in url or not url else f"https://{url}"

    def settings(self, user_id: str, device_id: str) -> dict[str, Any]:
        return {"homeserver": self.homeserver_url(), "user_id": user_id,
                "device_id": device_id, "include_groups": self.include_groups.isChecked()}

    def problem(self) -> str:
        _ = self._
        if not self.homeserver_url():
            return _("Type the homeserver's address.")
        if not self.use_token.isChecked() and not self.user.text().strip():
            return _("Type your Matrix user (like @support:example.com).")
        if not self.password.text():
            return _("Type the password (or paste the sign-in token).")
        return ""

    def _sign_in(self) -> None:
        problem = self.problem()
        if problem:
            self.result_label.setText(problem)
            return
        self.buttons.setEnabled(False)
        self.result_label.setText(self._("Signing in…"))
        user = "" if self.use_token.isChecked() else self.user.text().strip()
        self.sign_in_requested.emit(self.homeserver_url(), user, self.password.text())

    def show_failure(self, words: str) -> None:
        self.buttons.setEnabled(True)
        self.result_label.setText("⚠ " + words)
