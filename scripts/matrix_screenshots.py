"""Take the README screenshots of Matrix chats, in English and Spanish, from a real Synapse.

Usage: python scripts/matrix_screenshots.py [--lang en|es ...] [--out docs]

Starts a throwaway Synapse on 127.0.0.1 (``tests/servers/synapse.py``; Synapse is installed in
``.synapse-venv`` when missing) with three bridges registered as application services, the
way mautrix-whatsapp, mautrix-meta and mautrix-signal are: each bridge bot makes a portal
room with its ``m.bridge`` state and the customer's ghost user writes in it. Like a bridge
importing messages from the phone, the ghosts send with the messages' own times (the
application-service ``ts`` parameter), so the list shows real waits, not "now". A teammate,
Luis, takes one chat (room state ``com.deskreply.claim``); the Signal portal is end-to-end
encrypted. DeskReply then runs signed in as the agent, Laura, with nothing but that Matrix
account, and writes per language:

* ``matrix-whatsapp-<lang>.png``: a bridged WhatsApp chat, a reply being written;
* ``matrix-claimed-<lang>.png``: a chat Luis is answering (no "Take it" offered);
* ``matrix-encrypted-<lang>.png``: the encrypted Signal chat, Send off and why.

Runs offscreen by default (or under Xvfb with QT_QPA_PLATFORM=xcb).
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import time
import uuid
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlencode

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from tests.servers.synapse import SERVER_NAME, SynapseServer  # noqa: E402

# network -> (bridge id, protocol as its m.bridge says it, ghost prefix, channel id suffix)
BRIDGES = {
    "whatsapp": ("whatsapp", "WhatsApp", "whatsapp_", "@s.whatsapp.net"),
    "instagram": ("instagram", "Instagram", "instagram_", ""),
    "signal": ("signal", "Signal", "signal_", ""),
}


@dataclass(frozen=True)
class Chat:
    network: str
    handle: str  # phone number or account id on that network
    name: str
    messages: tuple[tuple[float, str], ...]  # (minutes ago, text)
    encrypted: bool = False
    claimed_by_luis: bool = False


SCENES: dict[str, dict[str, Any]] = {
    "en": {
        "chats": (
            Chat("whatsapp", "447700900123", "Olivia Bennett", (
                (17, "Hi, my order #A-55102 still hasn't arrived 😕"),
                (16, "It was meant to come on Monday. Can you check, please?"))),
            Chat("whatsapp", "447700900456", "Daniel Okafor", (
                (41, "I was charged twice for the same order."),
                (39, "Can someone refund one of them?")), claimed_by_luis=True),
            Chat("instagram", "17841400000001", "Priya Shah", (
                (8, "Do you have the blue jacket in size M?"),)),
            Chat("signal", "447700900789", "Sam Lee", ((3, ""),), encrypted=True),
        ),
        "draft": "Hi Olivia, I'm sorry about the wait. I've checked order #A-55102: it left "
                 "our warehouse yesterday and ",
    },
    "es": {
        "chats": (
            Chat("whatsapp", "34600111222", "María José Ortega", (
                (17, "Hola, mi pedido #A-55102 todavía no llegó 😕"),
                (16, "Tenía que llegar el lunes. ¿Me lo pueden revisar, por favor?"))),
            Chat("whatsapp", "5491122334455", "Jorge Medina", (
                (41, "Me cobraron dos veces el mismo pedido."),
                (39, "¿Alguien me puede devolver uno de los cobros?")), claimed_by_luis=True),
            Chat("instagram", "17841400000002", "Camila Rojas", (
                (8, "¿Tienen la chaqueta azul en talla M?"),)),
            Chat("signal", "34600333444", "Lucía Gómez", ((3, ""),), encrypted=True),
        ),
        "draft": "Hola, María José. Perdona la espera: he revisado el pedido #A-55102 y salió "
                 "ayer de nuestro almacén, ",
    },
}


class BridgedSynapse(SynapseServer):
    """Synapse with one application service per bridge (no pushes: url null)."""

    def __init__(self, folder: Path) -> None:
        super().__init__(folder)
        self.tokens = {bridge: f"as-{bridge}-{uuid.uuid4().hex}" for bridge in BRIDGES}

    def _write_config(self) -> Path:
        path = super()._write_config()
        files = []
        for bridge, token in self.tokens.items():
            _id, _name, prefix, _suffix = BRIDGES[bridge]
            registration = {
                "id": bridge, "url": None, "as_token": token,
                "hs_token": f"hs-{uuid.uuid4().hex}", "sender_localpart": f"{bridge}bot",
                "rate_limited": False,
                "namespaces": {"users": [{"exclusive": True,
                                          "regex": f"@{prefix}.*:{SERVER_NAME}"}],
                               "aliases": [], "rooms": []}}
            file = self.folder / f"{bridge}-registration.yaml"
            file.write_text(json.dumps(registration))  # JSON is YAML
            files.append(str(file))
        config = json.loads(path.read_text())
        config["app_service_config_files"] = files
        path.write_text(json.dumps(config, indent=1))
        return path

    def as_bridge(self, bridge: str, method: str, path: str, body: dict[str, Any] | None = None,
                  **query: Any) -> dict[str, Any]:
        """A client-server call made by the bridge (as its bot, or a ghost with user_id=)."""
        suffix = f"?{urlencode(query)}" if query else ""
        return self.request(method, path + suffix, body if body is not None else {},
                            token=self.tokens[bridge])


def make_portal(server: BridgedSynapse, chat: Chat, agent: str, team: list[str]) -> str:
    """The portal room of one customer, as the bridge makes it, and their messages."""
    bridge, protocol, prefix, suffix = BRIDGES[chat.network]
    bot = f"@{bridge}bot:{SERVER_NAME}"
    ghost = f"@{prefix}{chat.handle}:{SERVER_NAME}"
    server.as_bridge(bridge, "POST", "/_matrix/client/v3/register",
                     {"type": "m.login.application_service", "username": f"{prefix}{chat.handle}",
                      "inhibit_login": True})
    server.as_bridge(bridge, "PUT", f"/_matrix/client/v3/profile/{quote(ghost)}/displayname",
                     {"displayname": chat.name}, user_id=ghost)
    content = {"bridgebot": bot, "creator": bot,
               "protocol": {"id": bridge, "displayname": protocol},
               "channel": {"id": f"{chat.handle}{suffix}", "displayname": chat.name}}
    key = f"fi.mau.{bridge}://{bridge}/{chat.handle}{suffix}"
    state = [{"type": "m.bridge", "state_key": key, "content": content},
             {"type": "uk.half-shot.bridge", "state_key": key, "content": content}]
    if chat.encrypted:  # a bridge with end-to-bridge encryption turned on
        state.append({"type": "m.room.encryption", "state_key": "",
                      "content": {"algorithm": "m.megolm.v1.aes-sha2"}})
    room = server.as_bridge(bridge, "POST", "/_matrix/client/v3/createRoom", {
        "invite": [ghost, agent, *team], "is_direct": True, "preset": "private_chat",
        "initial_state": state})["room_id"]
    server.as_bridge(bridge, "POST", f"/_matrix/client/v3/rooms/{quote(room)}/join", {},
                     user_id=ghost)
    now_ms = int(time.time() * 1000)
    for minutes_ago, text in chat.messages:
        kind, body = ("m.room.encrypted", {
            "algorithm": "m.megolm.v1.aes-sha2", "sender_key": "c2VuZGVyIGtleQ",
            "ciphertext": "QW5vdGhlciBzZWNyZXQgbWVzc2FnZQ", "session_id": "c2Vzc2lvbg",
            "device_id": "BRIDGE"}) if chat.encrypted else (
            "m.room.message", {"msgtype": "m.text", "body": text})
        server.as_bridge(bridge, "PUT", f"/_matrix/client/v3/rooms/{quote(room)}/send/"
                         f"{kind}/{uuid.uuid4().hex}", body, user_id=ghost,
                         ts=now_ms - int(minutes_ago * 60_000))
    return str(room)


def claim(server: BridgedSynapse, luis: Any, room: str) -> None:
    """Luis's DeskReply takes the chat: its claim, as the Matrix connector writes it (in the
    timeline when the room's power levels do not let him set state)."""
    content = {"claimed_by": "Luis", "claimed_by_user": luis.user_id, "done": False,
               "updated_at": int(time.time() * 1000)}
    try:
        server.request("PUT", f"/_matrix/client/v3/rooms/{quote(room)}/state/"
                       "com.deskreply.claim/", content, token=luis.access_token)
    except OSError:  # 403: not allowed to set state here
        server.request("PUT", f"/_matrix/client/v3/rooms/{quote(room)}/send/"
                       f"com.deskreply.claim/{uuid.uuid4().hex}", content,
                       token=luis.access_token)


def settle(app: Any, rounds: int = 6) -> None:
    from PySide6.QtCore import QEventLoop, QTimer

    loop = QEventLoop()
    for _ in range(rounds):
        app.processEvents()
        QTimer.singleShot(50, loop.quit)
        loop.exec()


def wait_for(app: Any, condition: Any, timeout: float, what: str) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise SystemExit(f"gave up waiting for {what}")
        settle(app, 1)


def save(widget: Any, path: Path) -> Path:
    if not widget.grab().save(str(path)):
        raise SystemExit(f"could not write {path}")
    print(f"wrote {path}")
    return path


def shoot(server: BridgedSynapse, lang: str, out_dir: Path) -> None:
    from PySide6.QtWidgets import QApplication

    from deskreply.paths import app_paths
    from deskreply.secrets import SecretStore
    from deskreply.settings import Settings, save_settings
    from deskreply.store import Store
    from deskreply.store.demo import LOADED_FLAG
    from tests.ui.helpers import type_text
    from tests.ui.matrix_scenes import add_matrix_login

    app = QApplication.instance() or QApplication([])
    scene = SCENES[lang]
    agent = server.register(displayname="Laura")
    luis = server.register(displayname="Luis")
    rooms = {chat.name: make_portal(server, chat, agent.user_id,
                                    [luis.user_id] if chat.claimed_by_luis else [])
             for chat in scene["chats"]}
    for chat in scene["chats"]:
        if chat.claimed_by_luis:
            server.request("POST", f"/_matrix/client/v3/rooms/{quote(rooms[chat.name])}/join",
                           {}, token=luis.access_token)
            claim(server, luis, rooms[chat.name])

    with tempfile.TemporaryDirectory(prefix=f"deskreply-matrix-{lang}-") as folder:
        paths = app_paths(folder)
        paths.ensure()
        secrets = SecretStore()
        secrets.keep_in_memory()  # a throwaway access token; never the real keyring
        with Store.open(paths.database) as store:
            store.set_meta(LOADED_FLAG, "not wanted")  # only the Matrix account, no demo
            login = add_matrix_login(store, secrets, server, agent, "Equipo" if lang == "es"
                                     else "Team", team_user_ids=[luis.user_id], lang=lang,
                                     display_name="Laura")
        save_settings(paths.settings_file, Settings(agent_name="Laura"))
        from deskreply.ui import create_main_window

        window = create_main_window(folder, lang, secrets=secrets,
                                    notify=lambda *_args: None)
        try:
            window.show()
            wait_for(app, lambda: window.checks_state in ("ready", "failed"), 60, "the checks")
            chats = scene["chats"]

            def conversation(chat: Chat) -> int | None:
                return window.store.conversation_of_handle(login, rooms[chat.name])

            def all_in() -> bool:
                ids = [conversation(chat) for chat in chats]
                return all(cid is not None and window.model.row_of(cid) is not None
                           and window.store.messages(cid) for cid in ids)

            wait_for(app, all_in, 30, "the rooms and their messages")
            claimed = next(chat for chat in chats if chat.claimed_by_luis)
            wait_for(app, lambda: window.store.claimed_by(conversation(claimed)) == "Luis",
                     15, "Luis's claim")
            settle(app)

            whatsapp = chats[0]
            window.select_conversation(conversation(whatsapp))
            type_text(window.composer.edit, scene["draft"])
            wait_for(app, window.composer.is_up_to_date, 15, "the draft's check")
            settle(app)
            save(window, out_dir / f"matrix-whatsapp-{lang}.png")

            window.composer.load("")
            window.select_conversation(conversation(claimed))
            settle(app)
            save(window, out_dir / f"matrix-claimed-{lang}.png")

            encrypted = next(chat for chat in chats if chat.encrypted)
            window.select_conversation(conversation(encrypted))
            settle(app)
            save(window, out_dir / f"matrix-encrypted-{lang}.png")
        finally:
            window.close()
            settle(app, 2)


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--lang", action="append", choices=sorted(SCENES),
                        help="UI language (repeatable; default: en and es)")
    parser.add_argument("--out", type=Path, default=ROOT / "docs")
    args = parser.parse_args(argv)
    args.out.mkdir(parents=True, exist_ok=True)
    from PySide6.QtWidgets import QApplication

    app = QApplication.instance() or QApplication(sys.argv[:1])
    with tempfile.TemporaryDirectory(prefix="deskreply-synapse-") as folder:
        server = BridgedSynapse(Path(folder))
        server.start()
        try:
            for lang in args.lang or ["en", "es"]:
                shoot(server, lang, args.out)
        finally:
            server.stop()
    del app
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
