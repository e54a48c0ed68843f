"""Connect a Telegram bot in the Accounts dialog as a user would, against a local server that
follows the published Bot API (:mod:`tests.servers.telegram_api`; api.telegram.org cannot be
reached from here): a wrong token is said plainly, a customer's message shows in the list,
the reply (accents, emoji) reaches Telegram once, and the token is only in the keyring."""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt

from deskreply.connectors.telegram.setup import API_ENV, DEFAULT_API, find_token
from deskreply.i18n import translator
from deskreply.secrets import SecretStore
from deskreply.settings import Settings
from deskreply.ui.channels import CHANNELS_DOMAIN
from tests.servers.telegram_api import BotApiServer
from tests.ui.helpers import click_chat, press_ctrl_enter, type_text

# Shaped like a real BotFather token: the bot's id, a colon, 35 letters, digits, _ and -.
TOKEN = "7012345678:AAHk3x9Vq_TbYc2-Lm4Np8Rs0Tu6Vw1Xy3Z"
WRONG = "7012345678:AAHk3x9Vq_TbYc2-Lm4Np8Rs0Tu6Vw1XyXX"
BOTFATHER = ("Done! Congratulations on your new bot. You will find it at t.me/tienda_bot.\n"
             f"Use this token to access the HTTP API:\n{TOKEN}\n"
             "Keep your token secure and store it safely.")
REPLY = "¡Hola, Lucía! Tu pedido sale mañana 📦🙂 — gracias por esperar."

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")


@pytest.fixture
def bot_api() -> Iterator[BotApiServer]:
    server = BotApiServer(TOKEN, username="tienda_bot").start()
    yield server
    server.stop()


def test_the_token_is_found_in_what_botfather_wrote() -> None:
    assert find_token(BOTFATHER) == TOKEN
    assert find_token(f"  '{TOKEN}' ") == TOKEN
    assert find_token("@tienda_bot") == ""
    assert find_token("https://t.me/tienda_bot") == ""


def test_the_advanced_address_starts_from_the_environment(
        qtbot: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    from deskreply.ui.channels.telegram_form import TelegramAccountForm

    translate = translator(CHANNELS_DOMAIN, "en")
    monkeypatch.delenv(API_ENV, raising=False)
    form = TelegramAccountForm(translate)
    qtbot.addWidget(form)
    assert form.api_base() == DEFAULT_API and not form.advanced.isVisibleTo(form)
    monkeypatch.setenv(API_ENV, "http://127.0.0.1:8081/")
    form = TelegramAccountForm(translate)
    qtbot.addWidget(form)
    # Not Telegram's own address: the form shows where the token will go.
    assert form.api_base() == "http://127.0.0.1:8081"
    assert form.advanced.isVisibleTo(form)


@pytest.mark.slow
def test_connect_a_bot_receive_and_answer_once(qtbot: Any, make_window: Any,
                                               bot_api: BotApiServer, data_dir: Path,
                                               secret_service: None) -> None:
    secrets = SecretStore()
    window = make_window(secrets=secrets, settings=Settings(undo_send_seconds=0))
    qtbot.mouseClick(window.accounts_button, Qt.MouseButton.LeftButton)
    dialog = window.accounts_dialog
    qtbot.mouseClick(dialog.add_telegram_button, Qt.MouseButton.LeftButton)
    form = dialog.telegram_form
    qtbot.waitUntil(form.isVisible, timeout=5000)
    # The local server instead of api.telegram.org, typed under "Advanced".
    qtbot.mouseClick(form.advanced_button, Qt.MouseButton.LeftButton)
    assert form.api.isVisible()
    form.api.selectAll()
    qtbot.keyClicks(form.api, bot_api.url)
    connect = form.connect_button

    # Something that is not a token: said at once, nothing sent to Telegram.
    qtbot.keyClicks(form.token, "@tienda_bot")
    qtbot.mouseClick(connect, Qt.MouseButton.LeftButton)
    assert "not a bot token" in form.result_label.text()
    assert bot_api.calls("getMe") == []

    # A wrong token: Telegram's refusal, in plain words, after a real getMe.
    form.token.clear()
    qtbot.keyClicks(form.token, WRONG)
    qtbot.mouseClick(connect, Qt.MouseButton.LeftButton)
    assert not connect.isEnabled()  # checking; the window stays responsive meanwhile
    qtbot.waitUntil(lambda: form.result_label.text().startswith("⚠"), timeout=10000)
    assert "Telegram refused the bot token" in form.result_label.text()
    assert len(bot_api.calls("getMe")) == 1 and connect.isEnabled()
    assert not any(login.kind == "telegram" for login in window.store.logins())

    # BotFather's whole answer pasted: the token is picked out of it.
    form.token.clear()
    qtbot.keyClicks(form.token, BOTFATHER.replace("\n", " "))
    qtbot.mouseClick(connect, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: any(r.kind == "telegram" for r in window.store.logins()),
                    timeout=10000)
    assert not form.isVisible()
    login = next(r for r in window.store.logins() if r.kind == "telegram")
    assert login.name == "@tienda_bot"  # no name typed: the bot's own
    assert login.settings["api_base"] == bot_api.url
    assert TOKEN not in str(login.settings) and secrets.get(login.secret_ref) == TOKEN
    qtbot.waitUntil(lambda: window.channel_status.text_of(login.id).startswith("●"),
                    timeout=10000)
    dialog.reject()

    # A customer writes to the bot; the chat shows in the list.
    started = time.monotonic()
    bot_api.customer_writes(5001, "Hola, ¿me ayudan con mi pedido? 😊", "Lucía", "Gómez")

    def conversation() -> int | None:
        return window.store.conversation_of_handle(login.id, "5001")

    qtbot.waitUntil(lambda: conversation() is not None
                    and window.model.row_of(conversation()) is not None, timeout=5000)
    shown_after = time.monotonic() - started
    print(f"customer message shown in the list after {shown_after:.2f} s")
    assert shown_after < 2.0
    cid = conversation()
    assert cid is not None
    click_chat(qtbot, window, cid)
    assert window.header.name_label.text() == "Lucía Gómez"
    assert window.conversation.bubbles()[-1].message.text == "Hola, ¿me ayudan con mi pedido? 😊"

    type_text(window.composer.edit, REPLY)
    press_ctrl_enter(qtbot, window.composer.edit)
    qtbot.waitUntil(lambda: window.store.messages(cid)[-1].state == "sent", timeout=10000)
    time.sleep(0.5)  # a second copy would have arrived by now
    sent = [m for m in bot_api.sent if m["chat"]["id"] == 5001]
    assert [m["text"] for m in sent] == [REPLY]

    # The token is in the keyring only: not in the database, the settings or the logs.
    window.close()
    for path in data_dir.rglob("*"):
        if path.is_file():
            assert TOKEN.encode() not in path.read_bytes(), path
