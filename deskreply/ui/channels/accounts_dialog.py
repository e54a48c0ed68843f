"""Accounts: add, test, edit, disable and remove the channels DeskReply answers on.

Passwords go from the form straight to the OS keyring (:mod:`deskreply.secrets`), on the
network thread's executor, never onto the GUI thread, into SQLite, the settings or a log.
With no usable keyring the user is asked whether to keep the password in memory until the
app closes; there is no plaintext fallback.

Signals:
    accounts_changed(): a login was added, changed or removed (the window reloads).
"""

from __future__ import annotations

import logging
from typing import Any, Protocol

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from deskreply.connectors.base import AccountConfig, TestResult
from deskreply.inbox_sync import account_config
from deskreply.store import Store, StoreError
from deskreply.store.logins import LoginRow
from deskreply.ui.channels.bridge import ChannelBridge
from deskreply.ui.channels.email_form import RESULT_WORDS, EmailAccountForm
from deskreply.ui.channels.matrix_form import MatrixAccountForm
from deskreply.ui.channels.status import ChannelStatusList
from deskreply.ui.channels.telegram_form import TelegramAccountForm
from deskreply.ui.text import Translate

log = logging.getLogger(__name__)


class Secrets(Protocol):
    """What the dialog needs of :class:`deskreply.secrets.SecretStore`."""

    def available(self) -> bool: ...
    def keep_in_memory(self) -> None: ...
    def in_memory(self) -> bool: ...
    def get(self, ref: str) -> str | None: ...
    def set(self, ref: str, secret: str) -> None: ...
    def delete(self, ref: str) -> None: ...


def email_secret_ref(name: str) -> str:
    from deskreply.secrets import secret_ref

    return secret_ref("email", name)


class _Relay(QObject):
    """Brings callbacks from the network thread to the GUI thread."""

    tested = Signal(object, object)  # form, TestResult
    stored = Signal(object, object)  # continuation, error (None: done)
    signed_in = Signal(object, object, object)  # form, LoginResult | None, error
    bot_checked = Signal(object, object, object)  # form, TestResult, (api base, token)


class AccountsDialog(QDialog):
    accounts_changed = Signal()

    def __init__(self, store: Store, bridge: ChannelBridge, status: ChannelStatusList,
                 secrets: Secrets, translate: Translate, lang: str,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        _ = self._ = translate
        self.store, self.bridge, self.status, self.secrets = store, bridge, status, secrets
        self.lang = lang
        self.form: EmailAccountForm | None = None
        self._relay = _Relay(self)
        self._relay.tested.connect(self._on_tested, Qt.ConnectionType.QueuedConnection)
        self._relay.stored.connect(self._on_stored, Qt.ConnectionType.QueuedConnection)
        self._relay.signed_in.connect(self._on_signed_in, Qt.ConnectionType.QueuedConnection)
        self._relay.bot_checked.connect(self._on_bot_checked,
                                        Qt.ConnectionType.QueuedConnection)
        self.matrix_form: MatrixAccountForm | None = None
        self.telegram_form: TelegramAccountForm | None = None
        self.setObjectName("accountsDialog")
        self.setWindowTitle(_("Accounts"))
        intro = QLabel(_("The channels DeskReply answers on. Passwords are kept in your "
                         "system's keyring, never in DeskReply's files."))
        intro.setTextFormat(Qt.TextFormat.PlainText)
        intro.setWordWrap(True)
        self.list = QListWidget()
        self.list.setObjectName("accountList")
        self.list.setAccessibleName(_("Accounts"))
        self.add_button = QPushButton(_("Add email account…"))
        self.add_button.setObjectName("addEmailButton")
        self.add_matrix_button = QPushButton(_("Add Matrix account…"))
        self.add_matrix_button.setObjectName("addMatrixButton")
        self.add_matrix_button.setToolTip(_("WhatsApp, Instagram, Messenger, Telegram and "
                                            "Signal through a Matrix homeserver and its "
                                            "bridges; or a team inbox"))
        self.add_telegram_button = QPushButton(_("Add Telegram bot…"))
        self.add_telegram_button.setObjectName("addTelegramButton")
        self.add_telegram_button.setToolTip(_("Answer the customers who write to your "
                                              "Telegram bot (token from @BotFather)"))
        self.edit_button = QPushButton(_("Edit…"))
        self.edit_button.setObjectName("editAccountButton")
        self.enable_button = QPushButton(_("Disable"))
        self.enable_button.setObjectName("enableAccountButton")
        self.remove_button = QPushButton(_("Remove…"))
        self.remove_button.setObjectName("removeAccountButton")
        self.message = QLabel()
        self.message.setObjectName("accountsMessage")
        self.message.setTextFormat(Qt.TextFormat.PlainText)
        self.message.setWordWrap(True)
        # A column beside the list: every button keeps its whole label in both languages
        # and at large text (a row of six was clipped).
        buttons = QVBoxLayout()
        for button in (self.add_button, self.add_matrix_button, self.add_telegram_button):
            buttons.addWidget(button)
        buttons.addSpacing(12)
        for button in (self.edit_button, self.enable_button, self.remove_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        middle = QHBoxLayout()
        middle.addWidget(self.list, 1)
        middle.addLayout(buttons)
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        close.button(QDialogButtonBox.StandardButton.Close).setText(_("Close"))
        close.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(middle, 1)
        layout.addWidget(self.message)
        layout.addWidget(close)
        self.add_button.clicked.connect(self.add_email)
        self.add_matrix_button.clicked.connect(self.add_matrix)
        self.add_telegram_button.clicked.connect(self.add_telegram)
        self.edit_button.clicked.connect(self.edit_selected)
        self.enable_button.clicked.connect(self.toggle_selected)
        self.remove_button.clicked.connect(self.remove_selected)
        self.list.currentRowChanged.connect(self._update_buttons)
        self.list.itemDoubleClicked.connect(lambda _item: self.edit_selected())
        self.resize(max(680, self.sizeHint().width()), 420)
        self.reload()

    # -- the list ----------------------------------------------------------------------------
    def reload(self) -> None:
        current = self.selected_login_id()
        self.list.clear()
        for login in self.store.logins():
            text = self.status.text_of(login.id) or login.name
            if not login.enabled:
                text += " — " + self._("disabled")
            item = QListWidgetItem(text)
            item.setData(Qt.ItemDataRole.UserRole, login.id)
            self.list.addItem(item)
            if login.id == current:
                self.list.setCurrentItem(item)
        if self.list.currentRow() < 0 and self.list.count():
            self.list.setCurrentRow(0)
        self._update_buttons()

    def selected_login_id(self) -> int | None:
        item = self.list.currentItem()
        return None if item is None else int(item.data(Qt.ItemDataRole.UserRole))

    def _selected(self) -> LoginRow | None:
        login_id = self.selected_login_id()
        if login_id is None:
            return None
        try:
            return self.store.login(login_id)
        except StoreError:
            return None

    def _update_buttons(self) -> None:
        login = self._selected()
        real = login is not None and login.kind != "demo"
        self.edit_button.setEnabled(login is not None and login.kind == "email")
        self.remove_button.setEnabled(real)
        self.enable_button.setEnabled(login is not None)
        self.enable_button.setText(self._("Enable") if login is not None and not login.enabled
                                   else self._("Disable"))

    # -- add and edit ------------------------------------------------------------------------
    def add_email(self) -> EmailAccountForm:
        return self._open_form(None)

    def add_matrix(self) -> MatrixAccountForm:
        form = MatrixAccountForm(self._, parent=self)
        form.setWindowModality(Qt.WindowModality.WindowModal)
        form.sign_in_requested.connect(
            lambda homeserver, user, secret: self._matrix_sign_in(form, homeserver, user,
                                                                  secret))
        self.matrix_form = form
        form.open()
        return form

    def _matrix_sign_in(self, form: MatrixAccountForm, homeserver: str, user: str,
                        secret: str) -> None:
        relay = self._relay

        async def sign_in() -> Any:
            from deskreply.connectors.matrix.login import matrix_login  # loads matrix-nio

            return await matrix_login(homeserver, user, secret, "DeskReply")

        self.bridge.host.run_async(
            sign_in, lambda result, error: relay.signed_in.emit(form, result, error))

    def _on_signed_in(self, form: MatrixAccountForm, result: Any,
                      error: BaseException | None) -> None:
        if error is not None:
            code = str(getattr(error, "code", "error"))
            words = self._(RESULT_WORDS.get(code, RESULT_WORDS["error"]))
            detail = str(getattr(error, "detail", ""))
            form.show_failure(words + (f"\n{detail}" if detail else ""))
            return
        name = form.account_name()
        settings = form.settings(result.user_id, result.device_id)
        if not self.secrets.available() and not self.secrets.in_memory():
            if not self._ask_keep_in_memory():
                form.show_failure(self._("Not saved: there is no keyring to keep the "
                                         "password in."))
                return
            self.secrets.keep_in_memory()
        from deskreply.secrets import secret_ref

        ref = secret_ref("matrix", name, "token")
        token = result.secret()

        def saved() -> None:
            self._add_login("matrix", name, settings, ref)
            form.accept()

        self.bridge.host.run_blocking(lambda: self.secrets.set(ref, token),
                                      lambda _r, err: self._relay.stored.emit(saved, err))

    def add_telegram(self) -> TelegramAccountForm:
        form = TelegramAccountForm(self._, parent=self)
        form.setWindowModality(Qt.WindowModality.WindowModal)
        form.connect_requested.connect(
            lambda api, token: self._telegram_check(form, api, token))
        self.telegram_form = form
        form.open()
        return form

    def _telegram_check(self, form: TelegramAccountForm, api: str, token: str) -> None:
        """getMe with the pasted token, on the network thread (the connector's test)."""
        config = AccountConfig(id=0, kind="telegram", name=form.account_name(),
                               settings={"api_base": api, "lang": self.lang})
        relay = self._relay
        self.bridge.host.test(config, token,
                              lambda result: relay.bot_checked.emit(form, result, (api, token)))

    def _on_bot_checked(self, form: TelegramAccountForm, result: TestResult,
                        tried: tuple[str, str]) -> None:
        _ = self._
        if not result.ok:
            words = result.detail or _(RESULT_WORDS.get(result.code, RESULT_WORDS["error"]))
            form.show_failure(words)
            return
        api, token = tried
        from deskreply.connectors.telegram.setup import bot_id

        username = result.detail.removeprefix("@")
        for login in self.store.logins():
            # Two programs reading one bot take its messages from each other.
            if login.kind == "telegram" and str(login.settings.get("bot_id")) == bot_id(token):
                form.show_failure(_("This bot is already connected as “{name}”.").format(
                    name=login.name))
                return
        name = form.account_name(username)
        if any(login.name == name for login in self.store.logins()):
            form.show_failure(_("An account named “{name}” already exists: choose another "
                                "name.").format(name=name))
            return
        if not self.secrets.available() and not self.secrets.in_memory():
            if not self._ask_keep_in_memory():
                form.show_failure(_("Not saved: there is no keyring to keep the token in."))
                return
            self.secrets.keep_in_memory()
        from deskreply.secrets import secret_ref

        ref = secret_ref("telegram", name, "token")
        settings = {"api_base": api, "bot_name": username, "bot_id": bot_id(token)}

        def finish(error: BaseException | None) -> None:
            if error is not None:  # said in the form, which is still open
                form.show_failure(_("The token could not be saved in the keyring: "
                                    "{reason}").format(reason=error))
                return
            self._add_login("telegram", name, settings, ref)
            form.accept()

        form.result_label.setText(_("Telegram knows this bot (@{name}). Saving the token in "
                                    "the keyring…").format(name=username))
        self.bridge.host.run_blocking(
            lambda: self.secrets.set(ref, token),
            lambda _r, err: self._relay.stored.emit(lambda: finish(err), None))

    def edit_selected(self) -> EmailAccountForm | None:
        login = self._selected()
        if login is None or login.kind != "email":
            return None
        return self._open_form(login)

    def _open_form(self, login: LoginRow | None) -> EmailAccountForm:
        form = EmailAccountForm(self._, existing=None if login is None else login.settings,
                                name="" if login is None else login.name, parent=self)
        form.setWindowModality(Qt.WindowModality.WindowModal)
        form.test_requested.connect(lambda settings, password: self._test(
            form, login, settings, password))
        form.accepted.connect(lambda: self._save(form, login))
        self.form = form
        form.open()
        return form

    def _config(self, login: LoginRow | None, name: str,
                settings: dict[str, Any]) -> AccountConfig:
        return AccountConfig(id=login.id if login is not None else 0, kind="email", name=name,
                             settings={**settings, "lang": self.lang},
                             secret_ref=email_secret_ref(name))

    def _test(self, form: EmailAccountForm, login: LoginRow | None, settings: dict[str, Any],
              password: str) -> None:
        config = self._config(login, form.account_name(), settings)
        relay = self._relay
        if not password and login is not None:  # unchanged: the one in the keyring
            self.bridge.host.test_stored(config, lambda r: relay.tested.emit(form, r))
        else:
            self.bridge.host.test(config, password, lambda r: relay.tested.emit(form, r))

    def _on_tested(self, form: EmailAccountForm, result: TestResult) -> None:
        form.show_result(result)

    def _save(self, form: EmailAccountForm, login: LoginRow | None) -> None:
        name = form.account_name()
        settings = form.settings()
        password = form.typed_password()
        if not password:  # editing, password unchanged
            self._store_login(login, name, settings)
            return
        if not self.secrets.available() and not self.secrets.in_memory():
            if not self._ask_keep_in_memory():
                self.message.setText(self._("Not saved: there is no keyring to keep the "
                                            "password in."))
                return
            self.secrets.keep_in_memory()
        ref = email_secret_ref(name)
        self.message.setText(self._("Saving the password in the keyring…"))
        self.bridge.host.run_blocking(
            lambda: self.secrets.set(ref, password),
            lambda _result, error: self._relay.stored.emit(
                lambda: self._store_login(login, name, settings), error))

    def _ask_keep_in_memory(self) -> bool:
        _ = self._
        box = QMessageBox(
            QMessageBox.Icon.Warning, _("No keyring"),
            _("This computer has no system keyring (such as GNOME Keyring or KWallet) that "
              "DeskReply can keep the password in. DeskReply never writes passwords to a "
              "file.\n\nKeep the password only in memory until you close DeskReply? You will "
              "need to type it again next time."),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No, self)
        box.setTextFormat(Qt.TextFormat.PlainText)
        box.setObjectName("noKeyringBox")
        return box.exec() == QMessageBox.StandardButton.Yes

    def _on_stored(self, then: Any, error: BaseException | None) -> None:
        if error is not None:
            self.message.setText(self._("The password could not be saved: {reason}").format(
                reason=error))
            return
        then()

    def _add_login(self, kind: str, name: str, settings: dict[str, Any], ref: str) -> None:
        try:
            login_id = self.store.add_login(kind, name, {**settings, "lang": self.lang}, ref)
            row = self.store.login(login_id)
        except StoreError as error:
            self.message.setText(str(error))
            return
        self._restart(row)
        self.message.setText(self._("Saved. DeskReply is connecting to “{name}”.").format(
            name=name))

    def _store_login(self, login: LoginRow | None, name: str,
                     settings: dict[str, Any]) -> None:
        settings = {**settings, "lang": self.lang}
        try:
            if login is None:
                login_id = self.store.add_login("email", name, settings,
                                                email_secret_ref(name))
            else:
                login_id = self.store.update_login(login.id, settings=settings).id
            row = self.store.login(login_id)
        except StoreError as error:
            self.message.setText(str(error))
            return
        self._restart(row)
        self.message.setText(self._("Saved. DeskReply is connecting to “{name}”.").format(
            name=name))

    # -- disable and remove ------------------------------------------------------------------
    def toggle_selected(self) -> None:
        login = self._selected()
        if login is None:
            return
        try:
            row = self.store.update_login(login.id, enabled=not login.enabled)
        except StoreError as error:
            self.message.setText(str(error))
            return
        self._restart(row)

    def _restart(self, row: LoginRow) -> None:
        """(Re)start the login's connector with its stored settings."""
        config = account_config(row)
        self.status.add_account(config)
        self.bridge.host.add(config, row.cursor)
        self.reload()
        self.accounts_changed.emit()

    def remove_selected(self, confirm: bool = True) -> bool:
        login = self._selected()
        if login is None or login.kind == "demo":
            return False
        _ = self._
        count = sum(1 for _id in self.store.conversations_of_login(login.id))
        if confirm:
            box = QMessageBox(
                QMessageBox.Icon.Question, _("Remove account"),
                _("Remove “{name}” and its {n} conversation(s) from this computer? Mail on "
                  "the server is not touched.").format(name=login.name, n=count),
                QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No, self)
            box.setTextFormat(Qt.TextFormat.PlainText)
            if box.exec() != QMessageBox.StandardButton.Yes:
                return False
        self.bridge.host.remove(login.id)
        self.bridge.sync.forget_login(login.id)
        ref = login.secret_ref
        if ref:
            self.bridge.host.run_blocking(lambda: self.secrets.delete(ref),
                                          lambda _r, error: None)
        try:
            self.store.remove_login(login.id)
        except StoreError as error:
            self.message.setText(str(error))
            return False
        self.status.remove_account(login.id)
        self.reload()
        self.accounts_changed.emit()
        return True
