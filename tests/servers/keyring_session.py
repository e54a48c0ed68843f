"""A real Secret Service for tests: gnome-keyring in a private D-Bus session.

``scripts/test.sh`` already runs pytest inside ``dbus-run-session`` with an unlocked
gnome-keyring; when pytest is started some other way (an IDE, ``python -m pytest``) this starts
the same thing itself, so the keyring tests never depend on the developer's desktop keyring.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
import time
from pathlib import Path


def secret_service_reachable() -> bool:
    if not os.environ.get("DBUS_SESSION_BUS_ADDRESS"):
        return False
    try:
        import secretstorage

        with secretstorage.dbus_init() as connection:  # type: ignore[attr-defined]
            return bool(secretstorage.check_service_availability(connection))
    except Exception:
        return False


class PrivateSecretService:
    """dbus-daemon + gnome-keyring-daemon (unlocked, secrets only) in a temp folder."""

    def __init__(self) -> None:
        self.folder = Path(tempfile.mkdtemp(prefix="deskreply-keyring-"))
        self._processes: list[subprocess.Popen[bytes]] = []
        self._saved: dict[str, str | None] = {}

    def start(self, timeout: float = 10.0) -> None:
        for tool in ("dbus-daemon", "gnome-keyring-daemon"):
            if shutil.which(tool) is None:
                raise RuntimeError(f"{tool} is not installed: run scripts/setup.sh")
        bus = subprocess.Popen(
            ["dbus-daemon", "--session", "--nofork", "--print-address=1",
             f"--address=unix:path={self.folder / 'bus'}"],
            stdout=subprocess.PIPE, stdin=subprocess.DEVNULL)
        self._processes.append(bus)
        assert bus.stdout is not None
        address = bus.stdout.readline().decode().strip()
        env = {"DBUS_SESSION_BUS_ADDRESS": address,
               "XDG_DATA_HOME": str(self.folder / "data"),
               "XDG_RUNTIME_DIR": str(self.folder / "run")}
        (self.folder / "run").mkdir(mode=0o700)
        for key, value in env.items():
            self._saved[key] = os.environ.get(key)
            os.environ[key] = value
        daemon = subprocess.Popen(
            ["gnome-keyring-daemon", "--foreground", "--unlock", "--components=secrets"],
            stdin=subprocess.PIPE, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        assert daemon.stdin is not None
        daemon.stdin.write(b"deskreply-test-keyring")  # the keyring's own unlock password
        daemon.stdin.close()
        self._processes.append(daemon)
        deadline = time.monotonic() + timeout
        while not secret_service_reachable():
            if time.monotonic() > deadline or daemon.poll() is not None:
                self.stop()
                raise RuntimeError("gnome-keyring did not start a Secret Service")
            time.sleep(0.05)

    def stop(self) -> None:
        for process in reversed(self._processes):
            if process.poll() is None:
                process.terminate()
                try:
                    process.wait(5)
                except subprocess.TimeoutExpired:
                    process.kill()
        self._processes = []
        for key, value in self._saved.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value
        shutil.rmtree(self.folder, ignore_errors=True)
