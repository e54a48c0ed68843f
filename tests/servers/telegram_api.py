"""A local Telegram Bot API server on 127.0.0.1 for the Telegram connector's tests.

The real ``api.telegram.org`` cannot be reached from this machine (no network but package
registries), so the tests run against this server, which follows the published Bot API
(https://core.telegram.org/bots/api) for the methods DeskReply uses:

- requests go to ``/bot<token>/<method>`` (method names case-insensitive), by GET or POST,
  with parameters in the query string, ``application/x-www-form-urlencoded`` or
  ``application/json``;
- every answer is JSON ``{"ok": true, "result": ...}``, or on error
  ``{"ok": false, "error_code": N, "description": "..."}`` with the same HTTP status, and
  ``"parameters": {"retry_after": S}`` with 429 (flood control);
- a wrong token gets 401 ``Unauthorized``; an unknown method 404 ``Not Found``;
- ``getMe`` returns the bot's User; ``getUpdates`` takes ``offset``, ``limit`` (1-100, default
  100) and ``timeout`` (long polling, seconds): updates with ``update_id`` below ``offset``
  are confirmed and forgotten, a negative ``offset`` counts from the end; while a
  ``getUpdates`` is waiting a second one gets 409 ``Conflict: terminated by other getUpdates
  request``; ``sendMessage`` takes ``chat_id`` and ``text`` and returns the sent Message.

Tests drive it with :meth:`BotApiServer.customer_writes` (a person writes to the bot) and
:meth:`BotApiServer.fail_next` (the next call of a method gets an error).
"""

from __future__ import annotations

import json
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qsl, urlsplit

MAX_TIMEOUT_S = 50


@dataclass
class _Failure:
    code: int
    description: str
    retry_after: int | None = None
    drop_connection: bool = False  # close without answering (request reached the server)


@dataclass
class _State:
    token: str
    bot: dict[str, Any]
    updates: list[dict[str, Any]] = field(default_factory=list)
    next_update_id: int = 100_000
    message_ids: dict[int, int] = field(default_factory=dict)
    sent: list[dict[str, Any]] = field(default_factory=list)
    calls: list[tuple[str, dict[str, Any], float]] = field(default_factory=list)
    failures: dict[str, list[_Failure]] = field(default_factory=dict)
    polling: int = 0


class BotApiServer:
    """The server; ``url`` is what the connector's ``api_base`` setting points at."""

    def __init__(self, token: str = "123456:TEST-token_abc", username: str = "deskreply_bot",
                 port: int = 0) -> None:
        self.state = _State(token, {"id": int(token.split(":")[0]), "is_bot": True,
                                    "first_name": "DeskReply", "username": username,
                                    "can_join_groups": True,
                                    "can_read_all_group_messages": False,
                                    "supports_inline_queries": False})
        self.changed = threading.Condition()
        server = self
        handler = type("Handler", (_Handler,), {"api": server})
        self.http = ThreadingHTTPServer(("127.0.0.1", port), handler)
        self.http.daemon_threads = True
        self._thread = threading.Thread(target=self.http.serve_forever, daemon=True)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.http.server_address[1]}"

    def start(self) -> BotApiServer:
        self._thread.start()
        return self

    def stop(self) -> None:
        with self.changed:
            self.changed.notify_all()
        self.http.shutdown()
        self.http.server_close()

    # -- what the test does ------------------------------------------------------------------

    def customer_writes(self, chat_id: int, text: str, first_name: str = "María",
                        last_name: str | None = "López", chat_type: str = "private",
                        **extra: Any) -> dict[str, Any]:
        """A Telegram user writes to the bot: one new ``message`` update."""
        with self.changed:
            message_id = self.state.message_ids.get(chat_id, 0) + 1
            self.state.message_ids[chat_id] = message_id
            sender: dict[str, Any] = {"id": chat_id, "is_bot": False, "first_name": first_name,
                                      "language_code": "es"}
            chat: dict[str, Any] = {"id": chat_id, "type": chat_type, "first_name": first_name}
            if last_name:
                sender["last_name"] = chat["last_name"] = last_name
            if chat_type != "private":
                chat = {"id": chat_id, "type": chat_type, "title": "Grupo"}
            message: dict[str, Any] = {"message_id": message_id, "from": sender, "chat": chat,
                                       "date": int(time.time()), **extra}
            if text:
                message["text"] = text
            update = {"update_id": self.state.next_update_id, "message": message}
            self.state.next_update_id += 1
            self.state.updates.append(update)
            self.changed.notify_all()
            return update

    def fail_next(self, method: str, code: int, description: str,
                  retry_after: int | None = None, drop_connection: bool = False) -> None:
        with self.changed:
            self.state.failures.setdefault(method.lower(), []).append(
                _Failure(code, description, retry_after, drop_connection))

    @property
    def sent(self) -> list[dict[str, Any]]:
        return list(self.state.sent)

    def calls(self, method: str) -> list[tuple[dict[str, Any], float]]:
        return [(params, at) for name, params, at in self.state.calls if name == method.lower()]

    # -- the API -----------------------------------------------------------------------------

    def handle(self, token: str, method: str, params: dict[str, Any]
               ) -> tuple[int, dict[str, Any]] | None:
        method = method.lower()
        with self.changed:
            self.state.calls.append((method, dict(params), time.monotonic()))
            if token != self.state.token:
                return 401, _error(401, "Unauthorized")
            failures = self.state.failures.get(method)
            if failures:
                failure = failures.pop(0)
                if failure.drop_connection:
                    if method == "sendmessage":  # it reached the server: it is sent
                        self._send_message(params)
                    return None
                answer = _error(failure.code, failure.description)
                if failure.retry_after is not None:
                    answer["parameters"] = {"retry_after": failure.retry_after}
                return failure.code, answer
        if method == "getme":
            return 200, {"ok": True, "result": self.state.bot}
        if method == "getupdates":
            return self._get_updates(params)
        if method == "sendmessage":
            with self.changed:
                return self._send_message(params)
        return 404, _error(404, "Not Found")

    def _get_updates(self, params: dict[str, Any]) -> tuple[int, dict[str, Any]]:
        try:
            offset = int(params.get("offset", 0))
            limit = min(max(int(params.get("limit", 100)), 1), 100)
            timeout = min(max(float(params.get("timeout", 0)), 0.0), MAX_TIMEOUT_S)
        except (TypeError, ValueError):
            return 400, _error(400, "Bad Request: wrong parameter type")
        deadline = time.monotonic() + timeout
        with self.changed:
            if self.state.polling:
                return 409, _error(409, "Conflict: terminated by other getUpdates request; "
                                        "make sure that only one bot instance is running")
            self.state.polling += 1
            try:
                while True:
                    updates = self.state.updates
                    if offset > 0:  # confirmed: forgotten for good
                        self.state.updates = updates = [
                            u for u in updates if u["update_id"] >= offset]
                    elif offset < 0:
                        updates = updates[offset:]
                    if updates or time.monotonic() >= deadline:
                        return 200, {"ok": True, "result": updates[:limit]}
                    self.changed.wait(deadline - time.monotonic())
            finally:
                self.state.polling -= 1

    def _send_message(self, params: dict[str, Any]) -> tuple[int, dict[str, Any]]:
        text = params.get("text")
        try:
            chat_id = int(params.get("chat_id", ""))
        except (TypeError, ValueError):
            return 400, _error(400, "Bad Request: chat not found")
        if chat_id not in self.state.message_ids:
            return 400, _error(400, "Bad Request: chat not found")
        if not isinstance(text, str) or not text.strip():
            return 400, _error(400, "Bad Request: message text is empty")
        if len(text) > 4096:
            return 400, _error(400, "Bad Request: message is too long")
        message_id = self.state.message_ids[chat_id] + 1
        self.state.message_ids[chat_id] = message_id
        message = {"message_id": message_id,
                   "from": {k: self.state.bot[k] for k in ("id", "is_bot", "first_name",
                                                             "username")},
                   "chat": {"id": chat_id, "type": "private"}, "date": int(time.time()),
                   "text": text}
        self.state.sent.append(message)
        return 200, {"ok": True, "result": message}


def _error(code: int, description: str) -> dict[str, Any]:
    return {"ok": False, "error_code": code, "description": description}


class _Handler(BaseHTTPRequestHandler):
    api: BotApiServer
    protocol_version = "HTTP/1.1"

    def log_message(self, format: str, *args: Any) -> None:
        pass

    def do_GET(self) -> None:
        self._serve(b"")

    def do_POST(self) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        self._serve(self.rfile.read(length) if length else b"")

    def _serve(self, body: bytes) -> None:
        parts = urlsplit(self.path)
        params: dict[str, Any] = dict(parse_qsl(parts.query))
        kind = (self.headers.get("Content-Type") or "").split(";")[0].strip()
        if body and kind == "application/json":
            try:
                data = json.loads(body)
            except ValueError:
                data = None
            if isinstance(data, dict):
                params.update(data)
        elif body:
            params.update(parse_qsl(body.decode("utf-8", "replace")))
        path = parts.path.strip("/").split("/")
        if len(path) != 2 or not path[0].startswith("bot"):
            self._answer(404, _error(404, "Not Found"))
            return
        answer = self.api.handle(path[0][3:], path[1], params)
        if answer is None:
            self.close_connection = True
            self.connection.close()
            return
        self._answer(*answer)

    def _answer(self, status: int, payload: dict[str, Any]) -> None:
        data = json.dumps(payload, ensure_ascii=False).encode("utf-8")
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        try:
            self.wfile.write(data)
        except (BrokenPipeError, ConnectionResetError):  # the client gave up waiting
            self.close_connection = True
