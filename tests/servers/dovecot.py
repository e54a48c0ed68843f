"""A real dovecot IMAP server (Debian ``dovecot-imapd``) on 127.0.0.1 with a throwaway config.

Runs in the foreground (``dovecot -F``) with a passwd-file of test users, Maildirs from
:class:`MailStore`, a self-signed certificate, STARTTLS on one port and implicit TLS on
another, IDLE (unless ``idle=False``: then the capability is not announced, to test polling).
"""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import socket
import subprocess
import time
from pathlib import Path

from tests.servers.certs import Certificate
from tests.servers.mailstore import MailStore


class ServerStartError(RuntimeError):
    pass


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def wait_for_port(port: int, timeout: float, process: subprocess.Popen[bytes] | None = None,
                  log: Path | None = None) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process is not None and process.poll() is not None:
            break
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.2):
                return
        except OSError:
            time.sleep(0.02)
    text = log.read_text(errors="replace")[-2000:] if log and log.exists() else ""
    raise ServerStartError(f"server on port {port} did not start: {text}")


def dovecot_binary() -> str:
    path = shutil.which("dovecot") or ("/usr/sbin/dovecot" if Path("/usr/sbin/dovecot").exists()
                                       else None)
    if path is None:
        raise ServerStartError("dovecot is not installed: run scripts/setup.sh "
                               "(apt-get install dovecot-imapd)")
    return path


# Without IDLE in the list dovecot still understands IDLE but clients must not use it.
_NO_IDLE_CAPABILITY = ("IMAP4rev1 SASL-IR LOGIN-REFERRALS ID ENABLE SORT THREAD=REFERENCES "
                       "LITERAL+ UIDPLUS NAMESPACE SPECIAL-USE MOVE")


class Dovecot:
    def __init__(self, folder: Path, store: MailStore, cert: Certificate, *,
                 idle: bool = True) -> None:
        self.folder = folder
        self.store = store
        self.cert = cert
        self.idle = idle
        self.imap_port = 0  # STARTTLS
        self.imaps_port = 0  # implicit TLS
        self.process: subprocess.Popen[bytes] | None = None
        self.log = folder / "dovecot.log"
        self._passwd_stamp = 0.0

    def _config(self) -> str:
        run = self.folder / "run"
        uid, gid = self.store.uid, self.store.gid
        capability = "" if self.idle else f"imap_capability = {_NO_IDLE_CAPABILITY}\n"
        return f"""
protocols = imap
listen = 127.0.0.1
base_dir = {run}
state_dir = {self.folder / "state"}
log_path = {self.log}
info_log_path = {self.log}
default_internal_user = dovecot
default_login_user = dovenull
first_valid_uid = {min(uid, 500)}
ssl = yes
ssl_cert = <{self.cert.cert_path}
ssl_key = <{self.cert.key_path}
disable_plaintext_auth = yes
auth_mechanisms = plain login
mail_location = maildir:{self.store.root}/%u
mailbox_idle_check_interval = 1 secs
auth_failure_delay = 0
login_trusted_networks = 127.0.0.0/8
{capability}
passdb {{
  driver = passwd-file
  args = scheme=PLAIN username_format=%u {self.folder / "passwd"}
}}
userdb {{
  driver = static
  args = uid={uid} gid={gid} home={self.store.root}/%u
}}
namespace inbox {{
  inbox = yes
  separator = /
  mailbox Sent {{
    special_use = \\Sent
    auto = subscribe
  }}
  mailbox Drafts {{
    special_use = \\Drafts
    auto = subscribe
  }}
  mailbox Trash {{
    special_use = \\Trash
    auto = subscribe
  }}
}}
service imap-login {{
  inet_listener imap {{
    address = 127.0.0.1
    port = {self.imap_port}
  }}
  inet_listener imaps {{
    address = 127.0.0.1
    port = {self.imaps_port}
    ssl = yes
  }}
}}
service anvil {{
  chroot =
  # No per-IP penalty after wrong passwords (dovecot's documented switch): the
  # wrong-password tests would slow every later login from 127.0.0.1.
  unix_listener anvil-auth-penalty {{
    mode = 0
  }}
}}
service imap-login {{
  chroot =
}}
"""

    def write_passwd(self) -> None:
        # nodelay: no failure delay and no per-IP penalty (wrong-password tests stay fast).
        lines = [f"{user.address}:{{PLAIN}}{user.password}::::::nodelay=yes"
                 for user in self.store.users.values()]
        path = self.folder / "passwd"
        temporary = path.with_suffix(".new")
        temporary.write_text("\n".join(lines) + "\n")
        os.chmod(temporary, 0o644)
        # dovecot re-reads the file when its mtime changes; two writes in one second would
        # look unchanged, so each write gets a later mtime than the last.
        self._passwd_stamp = max(time.time(), self._passwd_stamp + 1.0)
        os.utime(temporary, (self._passwd_stamp, self._passwd_stamp))
        os.replace(temporary, path)

    def start(self, timeout: float = 10.0) -> None:
        self.folder.mkdir(parents=True, exist_ok=True)
        if not self.imap_port:
            self.imap_port, self.imaps_port = free_port(), free_port()
        self.write_passwd()
        config = self.folder / "dovecot.conf"
        config.write_text(self._config())
        self.process = subprocess.Popen(
            [dovecot_binary(), "-F", "-c", str(config)],
            stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=open(  # noqa: SIM115
                self.folder / "dovecot.stderr", "ab"),
            start_new_session=True)  # its own process group: stop() ends the imap children too
        try:
            wait_for_port(self.imaps_port, timeout, self.process, self.folder / "dovecot.stderr")
            wait_for_port(self.imap_port, timeout, self.process, self.log)
        except ServerStartError:
            self.stop()
            raise

    def reload(self) -> None:
        """Re-read the passwd file (new users) and certificate."""
        self.write_passwd()
        assert self.process is not None
        self.process.send_signal(signal.SIGHUP)

    def stop(self) -> None:
        if self.process is None:
            return
        group = self.process.pid  # the session leader's pid is the group id
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(5)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(5)
        # Logged-in imap processes outlive the master; a stopped server drops its clients.
        with contextlib.suppress(ProcessLookupError):
            os.killpg(group, signal.SIGKILL)
        self.process = None
