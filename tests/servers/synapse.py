"""A real Matrix homeserver (Synapse, SQLite) on 127.0.0.1 for tests and benchmarks.

Synapse lives in its own virtual environment, ``.synapse-venv`` (``scripts/setup_synapse.sh``
installs it when missing); it is never a dependency of the app. The config is written here:
registration with a shared secret (users are made through the admin API, as an operator
would), no federation key servers, presence off and rate limits raised far above what a test
does, so a test measures DeskReply and not Synapse's throttling.

Usable without pytest (``benchmarks/matrix_sync.py``); the session fixture is in
:mod:`tests.servers.synapse_plugin`.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import os
import shutil
import signal
import socket
import subprocess
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
SERVER_NAME = "deskreply.test"
SHARED_SECRET = "deskreply-test-registration-secret"
START_TIMEOUT_S = 90.0

_GENEROUS = {"per_second": 100000, "burst_count": 100000}
_CONFIG: dict[str, Any] = {
    "server_name": SERVER_NAME,
    "report_stats": False,
    "trusted_key_servers": [],
    "suppress_key_server_warning": True,
    "enable_registration": True,
    "enable_registration_without_verification": True,
    "registration_shared_secret": SHARED_SECRET,
    "presence": {"enabled": False},
    # Login tokens (m.login.token, what an SSO sign-in hands the browser) for tests of the
    # "paste the SSO token" path, issued to an existing session.
    "login_via_existing_session": {"enabled": True, "require_ui_auth": False,
                                   "token_timeout": "5m"},
    "url_preview_enabled": False,
    "enable_metrics": False,
    "rc_message": _GENEROUS,
    "rc_registration": _GENEROUS,
    "rc_registration_token_validity": _GENEROUS,
    "rc_login": {"address": _GENEROUS, "account": _GENEROUS, "failed_attempts": _GENEROUS},
    "rc_admin_redaction": _GENEROUS,
    "rc_joins": {"local": _GENEROUS, "remote": _GENEROUS},
    "rc_joins_per_room": _GENEROUS,
    "rc_3pid_validation": _GENEROUS,
    "rc_invites": {"per_room": _GENEROUS, "per_user": _GENEROUS, "per_issuer": _GENEROUS},
    "rc_third_party_invite": _GENEROUS,
    "rc_room_creation": _GENEROUS,
    "rc_reports": _GENEROUS,
    "rc_delayed_event_mgmt": _GENEROUS,
    "rc_presence": {"per_user": _GENEROUS},
    "rc_federation": {"window_size": 1000, "sleep_limit": 10000, "sleep_delay": 0,
                      "reject_limit": 10000, "concurrent": 100},
}
_LOG_CONFIG = """version: 1
formatters:
  plain: {format: '%(asctime)s %(name)s %(levelname)s %(message)s'}
handlers:
  file: {class: logging.FileHandler, formatter: plain, filename: LOGFILE}
root: {level: WARNING, handlers: [file]}
disable_existing_loggers: false
"""


def synapse_python() -> str:
    """The python of ``.synapse-venv``, installing Synapse there first if it is missing."""
    out = subprocess.run(["bash", str(ROOT / "scripts" / "setup_synapse.sh")], check=True,
                         capture_output=True, text=True)
    return out.stdout.strip().splitlines()[-1]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


@dataclass(frozen=True)
class MatrixUser:
    user_id: str
    access_token: str
    device_id: str
    password: str


class SynapseServer:
    """One Synapse process serving ``http://127.0.0.1:<port>`` from ``folder``."""

    def __init__(self, folder: Path, port: int | None = None,
                 python: str | None = None) -> None:
        self.folder = Path(folder)
        self.port = port or free_port()
        self.python = python or synapse_python()
        self.process: subprocess.Popen[bytes] | None = None
        self._users = 0

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def _write_config(self) -> Path:
        self.folder.mkdir(parents=True, exist_ok=True)
        log_config = self.folder / "log.yaml"
        log_config.write_text(_LOG_CONFIG.replace("LOGFILE", str(self.folder / "synapse.log")))
        config = dict(_CONFIG)
        config.update({
            "pid_file": str(self.folder / "homeserver.pid"),
            "listeners": [{"port": self.port, "bind_addresses": ["127.0.0.1"], "type": "http",
                           "tls": False, "x_forwarded": False,
                           "resources": [{"names": ["client"], "compress": False}]}],
            "database": {"name": "sqlite3",
                         "args": {"database": str(self.folder / "homeserver.db")}},
            "log_config": str(log_config),
            "media_store_path": str(self.folder / "media"),
            "signing_key_path": str(self.folder / "signing.key"),
        })
        path = self.folder / "homeserver.yaml"
        path.write_text(json.dumps(config, indent=1))  # JSON is YAML
        return path

    def start(self) -> None:
        config = self._write_config()
        if not (self.folder / "signing.key").exists():
            subprocess.run([self.python, "-m", "synapse.app.homeserver", "-c", str(config),
                            "--generate-keys"], check=True, capture_output=True)
        env = dict(os.environ, SYNAPSE_ASYNC_IO_REACTOR="0")
        self.process = subprocess.Popen(
            [self.python, "-m", "synapse.app.homeserver", "-c", str(config)],
            stdout=subprocess.DEVNULL, stderr=open(self.folder / "stderr.log", "ab"),  # noqa: SIM115
            env=env)
        deadline = time.monotonic() + START_TIMEOUT_S
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"Synapse exited with {self.process.returncode}; see "
                                   f"{self.folder / 'stderr.log'}")
            try:
                with urllib.request.urlopen(self.url + "/health", timeout=1) as answer:
                    if answer.read() == b"OK":
                        return
            except (OSError, urllib.error.URLError):
                pass
            time.sleep(0.1)
        self.stop()
        raise RuntimeError("Synapse did not answer /health in time")

    def stop(self) -> None:
        process, self.process = self.process, None
        if process is None or process.poll() is not None:
            return
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(5)

    def restart(self) -> None:
        self.stop()
        self.start()

    # -- client-server API, blocking (for setting tests up) --------------------------------

    def request(self, method: str, path: str, body: dict[str, Any] | None = None,
                token: str | None = None) -> dict[str, Any]:
        data = json.dumps(body).encode() if body is not None else None
        req = urllib.request.Request(self.url + path, data=data, method=method)
        req.add_header("Content-Type", "application/json")
        if token:
            req.add_header("Authorization", f"Bearer {token}")
        with urllib.request.urlopen(req, timeout=30) as answer:
            result: dict[str, Any] = json.loads(answer.read() or b"{}")
            return result

    def register(self, localpart: str | None = None, password: str = "correct horse",
                 admin: bool = False, displayname: str | None = None) -> MatrixUser:
        """Register a user with the shared secret (Synapse's admin registration API)."""
        self._users += 1
        localpart = localpart or f"user{os.getpid()}x{self._users}x{time.monotonic_ns()}"
        nonce = self.request("GET", "/_synapse/admin/v1/register")["nonce"]
        mac = hmac.new(SHARED_SECRET.encode(), digestmod=hashlib.sha1)
        mac.update(b"\x00".join([nonce.encode(), localpart.encode(), password.encode(),
                                 b"admin" if admin else b"notadmin"]))
        body: dict[str, Any] = {"nonce": nonce, "username": localpart, "password": password,
                                "admin": admin, "mac": mac.hexdigest()}
        if displayname:
            body["displayname"] = displayname
        answer = self.request("POST", "/_synapse/admin/v1/register", body)
        return MatrixUser(answer["user_id"], answer["access_token"], answer["device_id"],
                          password)


def copy_data(source: Path, target: Path) -> None:
    """Copy a prepared data folder (database, keys, media) to start another server from it."""
    shutil.copytree(source, target, dirs_exist_ok=True)
