"""kill -9 while a reply is on its way: after a restart the customer has it exactly once.

The app runs as a real process (tests/ui/send_driver.py) on real servers; the test kills it
at the two moments that matter and starts DeskReply again on the same data folder.
"""

from __future__ import annotations

import asyncio
import signal
import sqlite3
import threading
import time
from email import policy
from email.message import EmailMessage
from email.utils import make_msgid
from pathlib import Path
from typing import Any

import pytest

from deskreply.paths import app_paths
from deskreply.secrets import SecretStore, secret_ref
from deskreply.settings import Settings, save_settings
from deskreply.store import Store
from tests.ui.app_process import killed_when_sent, outbox_phase, start_app, wait_for

pytestmark = pytest.mark.slow

REPLY = "Hola Ana, tu reembolso ya está hecho 💶 ¡Perdón por la espera!"


def prepare(data_dir: Path, servers: Any, shop: Any) -> None:
    """A data folder with the shop's mailbox set up, its password in the keyring."""
    paths = app_paths(data_dir)
    paths.ensure()
    save_settings(paths.settings_file, Settings(undo_send_seconds=0))
    ref = secret_ref("email", "Soporte")
    SecretStore().set(ref, shop.password)
    with Store.open(paths.database) as store:
        store.add_login("email", "Soporte", servers.account_settings(shop), ref)


def write_as_customer(servers: Any, customer: Any, shop: Any) -> None:
    message = EmailMessage(policy=policy.default)
    message["From"] = f"Ana Pérez <{customer.address}>"
    message["To"] = shop.address
    message["Subject"] = "Reembolso"
    message["Message-ID"] = make_msgid(domain="cliente.test")
    message.set_content("¿Cuándo me devuelven el dinero?")
    servers.send(customer, shop.address, message)


def replies_after_restart(qtbot: Any, make_window: Any, data_dir: Path, servers: Any,
                          customer: Any) -> Any:
    window = make_window(data_dir=data_dir, secrets=SecretStore(), settings=None)
    qtbot.waitUntil(lambda: window.store.outbox_entries() == [], timeout=30000)
    (reply,) = [m for cid in window.store.conversation_ids("waiting")
                for m in window.store.messages(cid) if m.direction == "out"
                and m.text == REPLY]
    assert reply.state == "sent"
    return window


def test_killed_while_the_mail_server_holds_the_reply(
        qtbot: Any, make_window: Any, mail_servers: Any, secret_service: None,
        data_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from tests.servers import smtp as smtp_module

    shop, customer = mail_servers.new_user("tienda"), mail_servers.new_user("ana")
    prepare(data_dir, mail_servers, shop)
    write_as_customer(mail_servers, customer, shop)
    held = threading.Event()
    release = threading.Event()
    original = smtp_module._Handler.handle_DATA

    async def hold_data(self: Any, smtp: Any, session: Any, envelope: Any) -> str:
        if not release.is_set():
            held.set()
            while not release.is_set():  # the server "hangs" with the whole mail received
                await asyncio.sleep(0.05)
            if smtp.transport is not None:
                smtp.transport.abort()  # ...and then dies without storing it
            return "421 4.3.0 gone"
        return await original(self, smtp, session, envelope)

    monkeypatch.setattr(smtp_module._Handler, "handle_DATA", hold_data)
    app = start_app(data_dir, customer.address, REPLY)
    try:
        wait_for(held.is_set, 60, "the reply to reach the SMTP server")
        assert outbox_phase(data_dir) == "sending"
        app.send_signal(signal.SIGKILL)
        app.wait(10)
    finally:
        release.set()
        if app.poll() is None:
            app.kill()
    assert mail_servers.store.count(customer.address) == 0
    replies_after_restart(qtbot, make_window, data_dir, mail_servers, customer)
    wait_for(lambda: mail_servers.store.count(customer.address) >= 1, 10, "the reply")
    time.sleep(0.5)
    assert mail_servers.store.count(customer.address) == 1
    assert len(mail_servers.folder_messages(shop, "Sent")) == 1


def test_killed_after_the_server_took_the_reply_but_before_the_app_wrote_it_down(
        qtbot: Any, make_window: Any, mail_servers: Any, secret_service: None,
        data_dir: Path) -> None:
    shop, customer = mail_servers.new_user("tienda"), mail_servers.new_user("ana")
    prepare(data_dir, mail_servers, shop)
    write_as_customer(mail_servers, customer, shop)
    killed_when_sent(data_dir, customer.address, REPLY, 90)
    assert mail_servers.store.count(customer.address) == 1
    replies_after_restart(qtbot, make_window, data_dir, mail_servers, customer)
    time.sleep(1.0)  # time for a wrong second send to arrive
    assert mail_servers.store.count(customer.address) == 1
    assert len(mail_servers.folder_messages(shop, "Sent")) == 1
    conn = sqlite3.connect(app_paths(data_dir).database)
    assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    conn.close()
