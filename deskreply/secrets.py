"""Passwords and tokens: only in the OS keyring, or (if the user agrees) only in memory.

This is the one module that imports :mod:`keyring`. Secrets never go to SQLite, settings,
logs or exception text; with no keyring that really stores (keyring's ``fail``/``null``
backends, or any ``keyrings.alt`` file backend), :meth:`SecretStore.set` refuses with
:class:`SecretsUnavailableError` instead of falling back to a file. The app then asks the user
whether to keep the secret in memory until it closes (:meth:`SecretStore.keep_in_memory`).

Keys come from :func:`secret_ref` (``email:Support%20mailbox:password``). OAuth sign-in, when
it comes, stores its refresh token under the same kind of key with ``what="oauth_refresh"``
(a JSON string with the token and its expiry): nothing here needs to change for it.
"""

from __future__ import annotations

import logging
import threading
from urllib.parse import quote

import keyring
import keyring.backend
import keyring.core
import keyring.errors

log = logging.getLogger(__name__)

# Backends that do not really keep a secret safe (refuse, forget, or write a file).
_REFUSED_PREFIXES = ("keyring.backends.fail", "keyring.backends.null",
                     "keyring.backends.chainer", "keyrings.alt")
_FRIENDLY_NAMES = {
    "keyring.backends.SecretService": "Secret Service",
    "keyring.backends.libsecret": "Secret Service",
    "keyring.backends.kwallet": "KWallet",
    "keyring.backends.macOS": "macOS Keychain",
    "keyring.backends.Windows": "Windows Credential Manager",
}


class SecretsUnavailableError(RuntimeError):
    """No usable keyring, or the keyring refused; the message says so plainly (no secret)."""


def secret_ref(kind: str, account_name: str, what: str = "password") -> str:
    """The stable key of one account's secret. Quoting keeps names with ':' unambiguous."""
    return f"{quote(kind, safe='')}:{quote(account_name, safe='')}:{quote(what, safe='')}"


def _module(backend: keyring.backend.KeyringBackend) -> str:
    return type(backend).__module__


def _really_stores(backend: keyring.backend.KeyringBackend) -> bool:
    if _module(backend).startswith(_REFUSED_PREFIXES):
        return False
    try:
        # priority >= 1 is what keyring itself calls "recommended"; below are fallbacks.
        return bool(backend.priority >= 1)
    except Exception:  # a backend whose service is not reachable raises here
        return False


def _find_backend() -> keyring.backend.KeyringBackend | None:
    """The best backend that really stores, looked up now (not keyring's cached choice, which
    misses a Secret Service that started after the first look)."""
    named = keyring.core.load_env() or keyring.core.load_config()
    if named is not None:  # the user (or a test) chose one: honour it, never replace it
        return named if _really_stores(named) else None
    keyring.backend.get_all_keyring()  # loads the backend plugins once
    best: keyring.backend.KeyringBackend | None = None
    for cls in keyring.backend.KeyringBackend.get_viable_backends():
        try:
            candidate = cls()
        except Exception:
            continue
        if _really_stores(candidate) and (best is None or candidate.priority > best.priority):
            best = candidate
    return best


class SecretStore:
    """Get, set and delete secrets by key. Safe to call from any thread."""

    def __init__(self, service: str = "DeskReply") -> None:
        self.service = service
        self._lock = threading.Lock()
        self._backend: keyring.backend.KeyringBackend | None = None
        self._memory: dict[str, str] | None = None

    def _keyring(self) -> keyring.backend.KeyringBackend | None:
        with self._lock:
            if self._backend is None:
                self._backend = _find_backend()
            return self._backend

    def backend_name(self) -> str:
        """Where secrets go: "Secret Service", "macOS Keychain"..., "memory" or "none"."""
        if self.in_memory():
            return "memory"
        backend = self._keyring()
        if backend is None:
            return "none"
        module = _module(backend)
        for prefix, name in _FRIENDLY_NAMES.items():
            if module.startswith(prefix):
                return name
        return str(backend.name)

    def available(self) -> bool:
        """True when a keyring that really stores is there."""
        return self._keyring() is not None

    def keep_in_memory(self) -> None:
        """The user agreed: from now on keep secrets only in memory until the app closes."""
        with self._lock:
            if self._memory is None:
                self._memory = {}

    def in_memory(self) -> bool:
        return self._memory is not None

    def get(self, ref: str) -> str | None:
        """The secret, or None if none is stored.

        Raises:
            SecretsUnavailableError: the keyring is there but refused (e.g. it is locked).
        """
        if self._memory is not None:
            return self._memory.get(ref)
        backend = self._keyring()
        if backend is None:
            return None
        try:
            value = backend.get_password(self.service, ref)
        except keyring.errors.KeyringError as error:
            raise SecretsUnavailableError(
                f"The keyring ({self.backend_name()}) could not be read: "
                f"{type(error).__name__}. Is it locked?") from None
        return None if value is None else str(value)

    def set(self, ref: str, secret: str) -> None:
        """Store the secret in the keyring (or in memory after :meth:`keep_in_memory`).

        Raises:
            SecretsUnavailableError: no keyring that really stores, or it refused.
        """
        if self._memory is not None:
            self._memory[ref] = secret
            return
        backend = self._keyring()
        if backend is None:
            raise SecretsUnavailableError(
                "No system keyring is available to store the password safely "
                "(for example GNOME Keyring or KWallet). DeskReply never writes passwords to "
                "a file; it can keep this one in memory until you close the app.")
        try:
            backend.set_password(self.service, ref, secret)
        except keyring.errors.KeyringError as error:
            raise SecretsUnavailableError(
                f"The keyring ({self.backend_name()}) refused to store the password: "
                f"{type(error).__name__}. Is it locked?") from None
        log.info("stored a secret in %s", self.backend_name())

    def delete(self, ref: str) -> None:
        """Forget the secret (no error when there is none)."""
        if self._memory is not None:
            self._memory.pop(ref, None)
            return
        backend = self._keyring()
        if backend is None:
            return
        try:
            backend.delete_password(self.service, ref)
        except keyring.errors.PasswordDeleteError:
            pass  # nothing stored under this key
        except keyring.errors.KeyringError as error:
            raise SecretsUnavailableError(
                f"The keyring ({self.backend_name()}) refused to delete the password: "
                f"{type(error).__name__}.") from None
