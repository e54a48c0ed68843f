"""deskreply.secrets against a real Secret Service (gnome-keyring on a private D-Bus)."""

from __future__ import annotations

import secrets as random_secrets
import sqlite3
from pathlib import Path

import pytest

from deskreply.secrets import SecretStore, SecretsUnavailableError, secret_ref
from tests.servers.scan import assert_secret_absent, files_containing

pytestmark = pytest.mark.slow


def _ref() -> str:
    return secret_ref("email", f"Soporte: {random_secrets.token_hex(4)}")


def test_secret_ref_is_stable_and_unambiguous() -> None:
    assert secret_ref("email", "Support") == secret_ref("email", "Support")
    assert secret_ref("email", "a:b", "c") != secret_ref("email", "a", "b:c")
    assert secret_ref("email", "Support", "oauth_refresh") != secret_ref("email", "Support")


def test_set_get_delete_in_the_real_keyring(secret_service: None) -> None:
    store = SecretStore()
    assert store.available()
    assert store.backend_name() == "Secret Service"
    ref, password = _ref(), "contraseña-😀-" + random_secrets.token_hex(8)
    assert store.get(ref) is None
    store.set(ref, password)
    # A second store (a restarted app) reads it back from the keyring, not from memory.
    assert SecretStore().get(ref) == password
    store.set(ref, password + "2")
    assert SecretStore().get(ref) == password + "2"
    store.delete(ref)
    assert SecretStore().get(ref) is None
    store.delete(ref)  # deleting twice is fine


def test_fail_backend_is_not_available_and_set_refuses(monkeypatch: pytest.MonkeyPatch,
                                                       secret_service: None) -> None:
    monkeypatch.setenv("PYTHON_KEYRING_BACKEND", "keyring.backends.fail.Keyring")
    store = SecretStore()
    assert not store.available()
    assert store.backend_name() == "none"
    password = "never-" + random_secrets.token_hex(8)
    with pytest.raises(SecretsUnavailableError) as raised:
        store.set(_ref(), password)
    assert "keyring" in str(raised.value)
    assert password not in str(raised.value)
    assert store.get(_ref()) is None


def test_null_backend_is_refused_too(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PYTHON_KEYRING_BACKEND", "keyring.backends.null.Keyring")
    assert not SecretStore().available()


def test_keep_in_memory_when_no_keyring(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("PYTHON_KEYRING_BACKEND", "keyring.backends.fail.Keyring")
    monkeypatch.setenv("HOME", str(tmp_path))
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    store = SecretStore()
    assert not store.in_memory()
    store.keep_in_memory()
    assert store.in_memory()
    assert store.backend_name() == "memory"
    ref, password = _ref(), "in-memory-" + random_secrets.token_hex(8)
    store.set(ref, password)
    assert store.get(ref) == password
    assert SecretStore().get(ref) is None  # gone when the app (this store) is gone
    store.delete(ref)
    assert store.get(ref) is None
    assert_secret_absent(password, [tmp_path])


def test_scan_finds_a_secret_in_sqlite_and_plain_files(tmp_path: Path) -> None:
    password = "scan-me-" + random_secrets.token_hex(6)
    (tmp_path / "sub").mkdir()
    database = tmp_path / "sub" / "app.sqlite3"
    with sqlite3.connect(database) as connection:
        connection.execute("create table t(v text)")
        connection.execute("insert into t values (?)", (f"x{password}y",))
    connection.close()
    assert files_containing(password, [tmp_path]) == [database]
    with pytest.raises(AssertionError) as raised:
        assert_secret_absent(password, [tmp_path])
    assert password not in str(raised.value)
    with pytest.raises(AssertionError):
        assert_secret_absent(password, [tmp_path / "sub"], texts=["log line"])
    (database).unlink()
    assert_secret_absent(password, [tmp_path], texts=["nothing here"])
    with pytest.raises(AssertionError):
        assert_secret_absent(password, [tmp_path], texts=[f"leaked {password}"])


def _backend(module: str, priority: float) -> object:
    """A stand-in keyring backend class living in ``module`` (e.g. keyrings.alt's)."""
    from keyring.backend import KeyringBackend

    cls = type("Keyring", (KeyringBackend,), {
        "priority": priority, "__module__": module,
        "get_password": lambda self, s, u: None, "set_password": lambda self, s, u, p: None,
        "delete_password": lambda self, s, u: None})
    KeyringBackend._classes.discard(cls)  # type: ignore[attr-defined]  # keep the registry clean
    return cls()


def test_plaintext_and_fallback_backends_are_never_used() -> None:
    from deskreply.secrets import _really_stores

    assert not _really_stores(_backend("keyrings.alt.file", 1.5))  # type: ignore[arg-type]
    assert not _really_stores(_backend("keyring.backends.chainer", 10))  # type: ignore[arg-type]
    assert not _really_stores(_backend("some.plugin", 0.5))  # type: ignore[arg-type]
    assert _really_stores(_backend("keyring.backends.SecretService", 5))  # type: ignore[arg-type]
