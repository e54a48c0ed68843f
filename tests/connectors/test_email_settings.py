"""Settings, cursor and fingerprint handling of the email connector (no network)."""

from __future__ import annotations

import asyncio

import pytest

from deskreply.connectors.base import Status, StatusChanged
from deskreply.connectors.email.connector import Cursor, EmailConnector, _sent_at
from deskreply.connectors.email.settings import EmailSettings, SettingsError
from deskreply.connectors.email.tls import normalise_fingerprint
from deskreply.connectors.registry import connector_class
from tests.connectors.harness import Recorder, account


def test_the_registry_finds_the_email_connector() -> None:
    assert connector_class("email") is EmailConnector


def test_defaults_follow_the_tls_mode() -> None:
    plain = EmailSettings.from_mapping({"address": "ana@tienda.example",
                                        "imap_host": "imap.tienda.example"}, "Soporte")
    assert (plain.imap_port, plain.smtp_host, plain.smtp_port) == (993, "imap.tienda.example",
                                                                   465)
    assert (plain.username, plain.display_name, plain.domain) == (
        "ana@tienda.example", "Soporte", "tienda.example")
    starttls = EmailSettings.from_mapping({"address": "a@b.example", "imap_host": "h",
                                           "imap_tls": "starttls", "smtp_tls": "starttls"})
    assert (starttls.imap_port, starttls.smtp_port) == (143, 587)


@pytest.mark.parametrize("values", [
    {"imap_host": "h"},
    {"address": "no-at-sign", "imap_host": "h"},
    {"address": "a@b.example"},
    {"address": "a@b.example", "imap_host": "h", "imap_tls": "plain"},
    {"address": "a@b.example", "imap_host": "h", "imap_port": "99999"},
])
def test_bad_settings_are_refused_in_words(values: dict[str, object]) -> None:
    with pytest.raises(SettingsError):
        EmailSettings.from_mapping(values)


def test_settings_errors_speak_the_account_language() -> None:
    with pytest.raises(SettingsError) as raised:
        EmailSettings.from_mapping({"address": "a@b.example", "lang": "es"})
    assert str(raised.value) == "Falta el servidor IMAP (correo entrante)."


def test_bad_settings_make_the_account_offline_not_crash() -> None:
    recorder = Recorder()
    connector = EmailConnector(account({"address": "x"}), "pw", recorder, None)
    asyncio.run(connector.run())
    assert recorder.of(StatusChanged)[-1].status is Status.OFFLINE
    assert "@" in recorder.of(StatusChanged)[-1].detail
    assert asyncio.run(connector.test()).code == "error"
    asyncio.run(connector.close())


def test_cursor_round_trips_and_garbage_starts_over() -> None:
    cursor = Cursor(uidvalidity=7, high=120, low=1, sent_uidvalidity=3, sent_high=9)
    assert Cursor.load(cursor.dump()) == cursor
    assert Cursor.load('{"uidvalidity": 7, "high": 5, "low": 1}') == Cursor(7, 5, 1)
    for garbage in ("", None, "not json", "[]", '{"high": 1}'):
        assert Cursor.load(garbage) == Cursor()


def test_message_ids_are_fresh_and_use_the_address_domain() -> None:
    connector = EmailConnector(account({"address": "ana@tienda.example", "imap_host": "h"}),
                               "pw", Recorder(), None)
    first, second = connector.new_channel_message_id(), connector.new_channel_message_id()
    assert first != second
    assert first.startswith("<") and first.endswith("@tienda.example>")
    asyncio.run(connector.close())


def test_fingerprints_are_accepted_as_users_paste_them() -> None:
    assert normalise_fingerprint("ab cd:EF-01") == "AB:CD:EF:01"


def test_a_date_after_arrival_falls_back_to_the_arrival_time() -> None:
    assert _sent_at(1000.0, 2000.0) == 1000.0
    assert _sent_at(2000.0 + 7200, 2000.0) == 2000.0
    assert _sent_at(None, 2000.0) == 2000.0
