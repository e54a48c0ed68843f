"""Connect a Telegram bot: paste the token from @BotFather, DeskReply checks it (getMe).

The token goes from this form to the Accounts dialog, which tries it on the network thread
and, once Telegram has accepted it, keeps it in the OS keyring only (never in the settings,
the database or a log). The Bot API address is under "Advanced": it starts with
``DESKREPLY_TELEGRAM_API`` when that is set (a self-hosted Bot API server, or a local one in
tests), otherwise Telegram's own.

Signals:
    connect_requested(str, str): the Bot API address and the token to try.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from deskreply.connectors.telegram.setup import (
    DEFAULT_API,
    api_base,
    default_api_base,
    find_token,
)
from deskreply.ui.text import Translate


def _hint(text: str) -> QLabel:
    # "/newbot" and "/token" are commands: never wrapped after their slash.
    label = QLabel(text.replace("/", "/\u2060"))
    label.setObjectName("formHint")
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setWordWrap(True)
    return label


class TelegramAccountForm(QDialog):
    connect_requested = Signal(str, str)

    def __init__(self, translate: Translate, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        _ = self._ = translate
        self.setObjectName("telegramAccountForm")
        self.setWindowTitle(_("Telegram bot"))
        self.name = QLineEdit()
        self.name.setObjectName("accountName")
        self.name.setPlaceholderText(_("the bot's name, if left empty"))
        self.token = QLineEdit()
        self.token.setObjectName("botToken")
        self.token.setEchoMode(QLineEdit.EchoMode.Password)
        self.token.setPlaceholderText("123456789:AAH…")
        self.show_token = QToolButton()
        self.show_token.setObjectName("showToken")
        self.show_token.setText(_("Show"))
        self.show_token.setCheckable(True)
        self.show_token.setAccessibleName(_("Show the token"))
        self.show_token.toggled.connect(self._reveal)
        token_row = QHBoxLayout()
        token_row.setContentsMargins(0, 0, 0, 0)
        token_row.addWidget(self.token, 1)
        token_row.addWidget(self.show_token)
        self.api = QLineEdit(default_api_base())
        self.api.setObjectName("botApiAddress")
        self.api.setPlaceholderText(default_api_base())
        self.advanced_button = QToolButton()
        self.advanced_button.setObjectName("advancedToggle")
        self.advanced_button.setText(_("Advanced"))
        self.advanced_button.setCheckable(True)
        self.advanced_button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self.advanced_button.setArrowType(Qt.ArrowType.RightArrow)
        self.advanced_button.setAutoRaise(True)
        self.advanced_button.toggled.connect(self._show_advanced)
        self.advanced = QWidget()
        self.advanced.setObjectName("advancedBox")
        advanced = QFormLayout(self.advanced)
        advanced.setContentsMargins(0, 0, 0, 0)
        advanced.addRow(_("Bot API address"), self.api)
        advanced.addRow("", _hint(_("Change this only for a Bot API server of your own "
                                    "(telegram-bot-api). Ordinary bots use Telegram's.")))
        self.advanced.setVisible(False)
        form = QFormLayout()
        for label, field in ((_("Account name"), self.name), (_("Bot token"), self.token),
                             (_("Bot API address"), self.api)):
            field.setAccessibleName(label)
        form.addRow(_("Account name"), self.name)
        form.addRow(_("Bot token"), token_row)
        how = _hint(_("In Telegram, open a chat with @BotFather and send /newbot (or /token "
                      "for a bot you already have). Paste the token it answers with; "
                      "DeskReply keeps it only in your system's keyring. Customers then "
                      "write to your bot, and their chats appear here."))
        self.result_label = QLabel()
        self.result_label.setObjectName("testResult")
        self.result_label.setTextFormat(Qt.TextFormat.PlainText)  # may quote the server
        self.result_label.setWordWrap(True)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                       | QDialogButtonBox.StandardButton.Cancel)
        self.connect_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.connect_button.setText(_("Connect"))
        self.connect_button.setObjectName("connectBotButton")
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(_("Cancel"))
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(how)
        layout.addWidget(self.advanced_button, 0, Qt.AlignmentFlag.AlignLeft)
        layout.addWidget(self.advanced)
        layout.addWidget(self.result_label)
        layout.addWidget(self.buttons)
        self.buttons.accepted.connect(self._connect)
        self.buttons.rejected.connect(self.reject)
        self.token.textEdited.connect(lambda _text: self.result_label.clear())
        # Not the default address (an environment variable set it): show where it goes.
        if self.api.text() != DEFAULT_API:
            self._show_advanced(True)
        self.resize(max(560, self.sizeHint().width()), self.sizeHint().height())

    def _reveal(self, shown: bool) -> None:
        self.token.setEchoMode(QLineEdit.EchoMode.Normal if shown
                               else QLineEdit.EchoMode.Password)
        self.show_token.setText(self._("Hide") if shown else self._("Show"))

    def _show_advanced(self, shown: bool) -> None:
        self.advanced_button.blockSignals(True)
        self.advanced_button.setChecked(shown)
        self.advanced_button.blockSignals(False)
        self.advanced_button.setArrowType(Qt.ArrowType.DownArrow if shown
                                          else Qt.ArrowType.RightArrow)
        self.advanced.setVisible(shown)

    # -- what the dialog reads -----------------------------------------------------------------
    def account_name(self, bot_username: str = "") -> str:
        typed = self.name.text().strip()
        if typed:
            return typed
        return f"@{bot_username}" if bot_username else self._("Telegram bot")

    def api_base(self) -> str:
        return api_base(self.api.text())

    def typed_token(self) -> str:
        return find_token(self.token.text())

    def problem(self) -> str:
        _ = self._
        if not self.token.text().strip():
            return _("Paste the bot token @BotFather gave you.")
        if not self.typed_token():
            return _("That is not a bot token. A token looks like 123456789:AAH… — digits, "
                     "a colon, then letters and digits. Copy it again from @BotFather.")
        return ""

    def _connect(self) -> None:
        problem = self.problem()
        if problem:
            self.show_failure(problem)
            return
        token = self.typed_token()
        if token != self.token.text():  # pasted with BotFather's words around it
            self.token.setText(token)
        self.buttons.setEnabled(False)
        self.result_label.setText(self._("Checking the token with Telegram…"))
        self.connect_requested.emit(self.api_base(), token)

    def show_failure(self, words: str) -> None:
        self.buttons.setEnabled(True)
        self.result_label.setText("⚠ " + words)
        self.token.setFocus()
