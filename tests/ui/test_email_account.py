"""An assistant adds a real mailbox in the Accounts dialog and answers a customer with it.

Real parts only: dovecot (IMAP, IDLE) and an SMTP server on 127.0.0.1, a real Secret Service
(gnome-keyring in the test run's private D-Bus session), the app's own window and store.
"""

from __future__ import annotations

import email
import logging
import time
from email import policy
from email.message import EmailMessage
from email.utils import make_msgid
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox

from deskreply.paths import app_paths
from deskreply.secrets import SecretStore
from deskreply.settings import Settings
from deskreply.ui.channels.email_form import EmailAccountForm
from deskreply.ui.untrusted import isolate
from tests.servers.scan import assert_secret_absent
from tests.ui.helpers import click_chat, press_ctrl_enter, type_text

pytestmark = [
    pytest.mark.slow,
    # The offscreen platform cannot pass a dialog's size hints to a window manager.
    pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints"),
]

REPLY = "Hola Ana, ya salió tu pedido 📦 Llegará el miércoles. ¡Gracias por esperar!"
SUBJECT = "¿Dónde está mi pedido? 😟"


def customer_mail(customer: Any, to: str, subject: str = SUBJECT,
                  body: str = "Hola, hace 5 días que espero mi pedido.") -> EmailMessage:
    message = EmailMessage(policy=policy.default)
    message["From"] = f"Ana Pérez <{customer.address}>"
    message["To"] = to
    message["Subject"] = subject
    message["Message-ID"] = make_msgid(domain="cliente.test")
    message.set_content(body)
    return message


def fill_form(qtbot: Any, form: EmailAccountForm, servers: Any, user: Any,
              password: str) -> None:
    """Type what the assistant types (the fields are ASCII, so keyClicks is safe)."""
    settings = servers.account_settings(user)
    form.address.setFocus()
    qtbot.keyClicks(form.address, user.address)
    form.address.editingFinished.emit()  # as leaving the field does
    assert form.imap.host.text().startswith("imap.")  # guessed from the address
    qtbot.keyClicks(form.password, password)
    for row, host, port in ((form.imap, settings["imap_host"], settings["imap_port"]),
                            (form.smtp, settings["smtp_host"], settings["smtp_port"])):
        row.host.clear()
        qtbot.keyClicks(row.host, host)
        row.port.setValue(port)
    form.name.clear()
    qtbot.keyClicks(form.name, "Soporte")
    qtbot.keyClicks(form.display_name, "Tienda Sol")


def add_account(qtbot: Any, window: Any, servers: Any, user: Any, password: str) -> int:
    qtbot.mouseClick(window.accounts_button, Qt.MouseButton.LeftButton)
    dialog = window.accounts_dialog
    qtbot.waitUntil(dialog.isVisible, timeout=5000)
    qtbot.mouseClick(dialog.add_button, Qt.MouseButton.LeftButton)
    form = dialog.form
    assert form is not None
    qtbot.waitUntil(form.isVisible, timeout=5000)
    fill_form(qtbot, form, servers, user, password)
    # The test server's certificate is self-signed: the test says so and offers to trust it.
    qtbot.mouseClick(form.test_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: form.trust_button.isVisible(), timeout=15000)
    assert servers.cert.fingerprint in form.result_label.text()
    qtbot.mouseClick(form.trust_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: form.result_label.text().startswith("✓"), timeout=15000)
    save = form.buttons.button(form.buttons.StandardButton.Save)
    qtbot.mouseClick(save, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: len(window.store.logins()) == 2, timeout=10000)
    login = next(row for row in window.store.logins() if row.kind == "email")
    qtbot.waitUntil(lambda: window.channel_status.text_of(login.id) ==
                    f"● {isolate('Soporte')}: online", timeout=15000)
    dialog.reject()
    return login.id


@pytest.fixture
def keyring_store(secret_service: None) -> SecretStore:
    secrets = SecretStore()
    assert secrets.available(), "the test run needs a Secret Service (scripts/test.sh)"
    return secrets


def test_add_a_mailbox_receive_within_a_second_and_answer_threaded(
        qtbot: Any, make_window: Any, mail_servers: Any, keyring_store: SecretStore,
        data_dir: Any, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG)
    shop, customer = mail_servers.new_user("tienda"), mail_servers.new_user("ana")
    window = make_window(secrets=keyring_store, settings=Settings(undo_send_seconds=0))
    login_id = add_account(qtbot, window, mail_servers, shop, shop.password)
    assert keyring_store.get(window.store.login(login_id).secret_ref) == shop.password

    # A customer writes; IDLE brings it into the list within a second.
    incoming = customer_mail(customer, shop.address)
    started = time.monotonic()
    mail_servers.send(customer, shop.address, incoming)

    def conversation() -> int | None:
        for cid in window.store.conversation_ids("waiting"):
            row = window.store.conversation(cid)
            if row.channel == "email" and row.contact_name == "Ana Pérez":
                return cid
        return None

    qtbot.waitUntil(lambda: conversation() is not None
                    and window.model.row_of(conversation()) is not None, timeout=5000)
    elapsed = time.monotonic() - started
    assert elapsed < 1.5, f"the mail took {elapsed:.2f} s to show"
    cid = conversation()
    assert cid is not None
    click_chat(qtbot, window, cid)
    assert window.conversation.bubbles()[-1].text_label.text().startswith("Hola, hace 5 días")

    type_text(window.composer.edit, REPLY)
    press_ctrl_enter(qtbot, window.composer.edit)
    qtbot.waitUntil(lambda: window.store.messages(cid)[-1].state == "sent", timeout=15000)

    # The customer has exactly one reply, in the thread; the shop's Sent folder has it once.
    qtbot.waitUntil(lambda: mail_servers.store.count(customer.address) == 1, timeout=10000)
    (raw,) = mail_servers.store.messages(customer.address)
    reply = email.message_from_bytes(raw, policy=policy.default)
    assert reply["In-Reply-To"] == incoming["Message-ID"]
    assert incoming["Message-ID"] in reply["References"]
    assert reply["Subject"] == f"Re: {SUBJECT}"
    assert reply.get_content().strip() == REPLY
    assert "Tienda Sol" in reply["From"]
    sent = [email.message_from_bytes(m[b"BODY[]"], policy=policy.default)
            for m in mail_servers.folder_messages(shop, "Sent")]
    assert [m["Message-ID"] for m in sent] == [reply["Message-ID"]]
    assert window.store.messages(cid)[-1].channel_message_id == reply["Message-ID"]

    window.close()
    paths = app_paths(data_dir)
    assert_secret_absent(shop.password, [paths.data, paths.config, paths.cache, paths.logs],
                         texts=[caplog.text])


def test_smtp_down_while_sending_then_back_the_customer_gets_one_reply(
        qtbot: Any, make_window: Any, mail_servers: Any, keyring_store: SecretStore) -> None:
    shop, customer = mail_servers.new_user("tienda"), mail_servers.new_user("ana")
    window = make_window(secrets=keyring_store, settings=Settings(undo_send_seconds=0),
                         send_backoff=(0.5, 0.5, 1.0, 2.0, 5.0))
    add_account(qtbot, window, mail_servers, shop, shop.password)
    mail_servers.send(customer, shop.address, customer_mail(customer, shop.address))
    qtbot.waitUntil(lambda: any(window.store.conversation(c).contact_name == "Ana Pérez"
                                for c in window.store.conversation_ids("waiting")),
                    timeout=5000)
    cid = next(c for c in window.store.conversation_ids("waiting")
               if window.store.conversation(c).contact_name == "Ana Pérez")
    click_chat(qtbot, window, cid)
    mail_servers.smtp.stop()
    type_text(window.composer.edit, REPLY)
    press_ctrl_enter(qtbot, window.composer.edit)
    bubble = window.conversation.bubbles()[-1]
    qtbot.waitUntil(lambda: "Trying again" in bubble.problem_label.text(), timeout=15000)
    assert "Waiting to send" in bubble.meta_label.text()
    mail_servers.smtp.start()
    qtbot.waitUntil(lambda: window.store.messages(cid)[-1].state == "sent", timeout=30000)
    qtbot.waitUntil(lambda: mail_servers.store.count(customer.address) == 1, timeout=10000)
    time.sleep(0.5)
    assert mail_servers.store.count(customer.address) == 1
    assert not bubble.problem_label.isVisible()


def test_a_wrong_password_is_said_plainly_and_nothing_is_saved(
        qtbot: Any, make_window: Any, mail_servers: Any, keyring_store: SecretStore) -> None:
    shop = mail_servers.new_user("tienda")
    window = make_window(secrets=keyring_store)
    qtbot.mouseClick(window.accounts_button, Qt.MouseButton.LeftButton)
    dialog = window.accounts_dialog
    qtbot.mouseClick(dialog.add_button, Qt.MouseButton.LeftButton)
    form = dialog.form
    fill_form(qtbot, form, mail_servers, shop, "not-the-password")
    form.fingerprint = mail_servers.cert.fingerprint  # trusted before, as in the first test
    qtbot.mouseClick(form.test_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: form.result_label.text().startswith("⚠"), timeout=15000)
    assert "refused the user name or password" in form.result_label.text()
    assert "app password" in form.result_label.text()
    form.reject()
    dialog.reject()
    assert [row.kind for row in window.store.logins()] == ["demo"]


def test_no_keyring_asks_before_keeping_the_password_in_memory_only(
        qtbot: Any, make_window: Any, mail_servers: Any, monkeypatch: pytest.MonkeyPatch,
        data_dir: Any) -> None:
    monkeypatch.setenv("PYTHON_KEYRING_BACKEND", "keyring.backends.fail.Keyring")
    secrets = SecretStore()
    assert not secrets.available()
    shop = mail_servers.new_user("tienda")
    window = make_window(secrets=secrets)
    answers: list[str] = []

    def answer(box: QMessageBox) -> int:
        answers.append(box.text())
        return QMessageBox.StandardButton.Yes

    monkeypatch.setattr(QMessageBox, "exec", answer)
    qtbot.mouseClick(window.accounts_button, Qt.MouseButton.LeftButton)
    dialog = window.accounts_dialog
    qtbot.mouseClick(dialog.add_button, Qt.MouseButton.LeftButton)
    form = dialog.form
    fill_form(qtbot, form, mail_servers, shop, shop.password)
    form.fingerprint = mail_servers.cert.fingerprint
    save = form.buttons.button(form.buttons.StandardButton.Save)
    qtbot.mouseClick(save, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: len(window.store.logins()) == 2, timeout=10000)
    assert answers and "never writes passwords to a file" in answers[0]
    assert secrets.in_memory()
    login = next(row for row in window.store.logins() if row.kind == "email")
    qtbot.waitUntil(lambda: window.channel_status.text_of(login.id).startswith("●"),
                    timeout=15000)
    dialog.reject()
    window.close()
    paths = app_paths(data_dir)
    assert_secret_absent(shop.password, [paths.data, paths.config, paths.cache, paths.logs])
