"""The shared mail folders: one Maildir per user, read by dovecot, written by the SMTP server
and by the fast mailbox builder.

Dovecot refuses to run mail processes as root, so when the tests run as root the mail files
belong to ``nobody``; files written here are handed to that user.
"""

from __future__ import annotations

import itertools
import os
import pwd
import socket
import time
from dataclasses import dataclass
from pathlib import Path

_counter = itertools.count()


def mail_owner() -> tuple[int, int]:
    """uid/gid that dovecot's mail processes run as."""
    if os.getuid() != 0:
        return os.getuid(), os.getgid()
    nobody = pwd.getpwnam("nobody")
    return nobody.pw_uid, nobody.pw_gid


@dataclass(frozen=True)
class MailUser:
    address: str
    password: str


class MailStore:
    """Maildirs under ``root``: ``root/<address>/{cur,new,tmp}``, folders as ``.Name``."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.uid, self.gid = mail_owner()
        self.users: dict[str, MailUser] = {}

    def add_user(self, address: str, password: str) -> MailUser:
        user = MailUser(address.lower(), password)
        self.users[user.address] = user
        self.maildir(user.address)
        return user

    def maildir(self, address: str, folder: str = "") -> Path:
        """The Maildir of one user's folder ('' is the INBOX), created when missing."""
        base = self.root / address.lower()
        path = base / f".{folder}" if folder else base
        for sub in ("cur", "new", "tmp"):
            (path / sub).mkdir(parents=True, exist_ok=True)
        self._chown_tree(base)
        return path

    def _chown_tree(self, base: Path) -> None:
        if os.getuid() != 0:
            return
        for folder in (self.root, base, *base.rglob("*")):
            if folder.is_dir():
                os.chown(folder, self.uid, self.gid)

    def deliver(self, address: str, raw: bytes, folder: str = "", *, seen: bool = False,
                mtime: float | None = None) -> Path:
        """Store one message the way an MDA does (write in tmp/, rename into new/ or cur/)."""
        maildir = self.maildir(address, folder) if not self._ready(address, folder) \
            else self._path(address, folder)
        name = f"{time.time_ns()}.M{next(_counter)}P{os.getpid()}.{socket.gethostname()}"
        tmp = maildir / "tmp" / name
        tmp.write_bytes(raw)
        if os.getuid() == 0:
            os.chown(tmp, self.uid, self.gid)
        if mtime is not None:
            os.utime(tmp, (mtime, mtime))
        target = maildir / "cur" / f"{name}:2,S" if seen else maildir / "new" / name
        os.rename(tmp, target)
        return target

    def _path(self, address: str, folder: str) -> Path:
        base = self.root / address.lower()
        return base / f".{folder}" if folder else base

    def _ready(self, address: str, folder: str) -> bool:
        return (self._path(address, folder) / "new").is_dir()

    def count(self, address: str, folder: str = "") -> int:
        """How many messages one folder holds (new and cur)."""
        maildir = self._path(address, folder)
        return sum(1 for sub in ("new", "cur") if (maildir / sub).is_dir()
                   for _ in (maildir / sub).iterdir())

    def messages(self, address: str, folder: str = "") -> list[bytes]:
        maildir = self._path(address, folder)
        files = [path for sub in ("new", "cur") if (maildir / sub).is_dir()
                 for path in (maildir / sub).iterdir()]
        return [path.read_bytes() for path in sorted(files, key=lambda p: p.name)]
