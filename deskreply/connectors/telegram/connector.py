"""The Telegram bot connector: Bot API ``getUpdates`` long polling and ``sendMessage``.

No public URL is needed (no webhook): the connector asks Telegram for new updates and waits
up to ``poll_timeout`` seconds for one to arrive.

Settings (``AccountConfig.settings``):
    api_base: the Bot API's address, default ``https://api.telegram.org`` (or the
        ``DESKREPLY_TELEGRAM_API`` environment variable, see :mod:`.setup`).
    bot_name: the bot's @username, for the user's eyes (the token decides which bot it is).
    poll_timeout: long-polling wait in seconds (default 25).
    lang: language of the words this connector writes (``en``/``es``; default: the system's).

Secret: the bot token from @BotFather (``123456:ABC-...``).

Cursor: the ``offset`` of the next ``getUpdates`` (last ``update_id`` + 1), emitted after the
messages of those updates. Telegram forgets updates once a call with a higher offset is made,
so they are confirmed only at the next poll, after the app has stored them (and saved the
cursor): a crash in between gives the same updates again, which the store ignores
(``channel_message_id`` is ``"<chat id>:<message id>"``).

Conversations: private chats only; ``contact_handle`` is the chat id, ``contact_name`` the
person's first and last name. Bots never see their own messages, so nothing is ``from_us``.

Sending and its residual risk: the Bot API has no idempotency key, so a reply whose request
may have reached Telegram cannot be checked for. The connector therefore resends
automatically only when the earlier attempt provably never left this computer (the connection
was refused or the name did not resolve) or Telegram answered that it did not take it (429).
Any other failure after the request was written (connection dropped, timeout, a 5xx) ends in
``failed`` with plain words telling the user to look in the chat before pressing Retry. Each
send uses a fresh connection, so a stale kept-alive connection cannot make a never-sent reply
look "maybe sent".
"""

from __future__ import annotations

import asyncio
import logging
import time
import uuid
from collections.abc import Mapping
from typing import Any, ClassVar

import aiohttp

from deskreply.connectors.base import (
    AccountConfig,
    Attachment,
    CursorMoved,
    Emit,
    IncomingMessage,
    OutgoingMessage,
    SendError,
    Status,
    StatusChanged,
    TestResult,
)
from deskreply.connectors.telegram import words as w
from deskreply.connectors.telegram.setup import default_api_base

log = logging.getLogger(__name__)

POLL_TIMEOUT_S = 25
REQUEST_TIMEOUT_S = 30.0
RECONNECT_DELAYS_S: tuple[float, ...] = (1.0, 2.0, 5.0, 10.0, 30.0)
_MEDIA = ("document", "audio", "video", "voice", "video_note", "animation", "sticker")


class BotApiError(Exception):
    """An answer with ``"ok": false``."""

    def __init__(self, code: int, description: str, retry_after: float | None = None) -> None:
        super().__init__(f"{code} {description}")
        self.code = code
        self.description = description
        self.retry_after = retry_after


def _not_sent(error: BaseException) -> bool:
    """The request never left: no connection could be opened."""
    return isinstance(error, aiohttp.ClientConnectorError)


class TelegramConnector:
    """One bot. See the module docstring for settings, secret, cursor and sending."""

    kind: ClassVar[str] = "telegram"

    def __init__(self, account: AccountConfig, secret: str | None, emit: Emit,
                 cursor: str | None) -> None:
        settings = account.settings
        self.account = account
        self._emit = emit
        self._token = (secret or "").strip()
        self._api = str(settings.get("api_base") or default_api_base()).rstrip("/")
        self._poll_timeout = int(settings.get("poll_timeout", POLL_TIMEOUT_S))
        self._t = w.words(settings.get("lang"))
        self._offset: int | None = None
        if cursor:
            try:
                self._offset = int(cursor)
            except ValueError:
                log.warning("ignoring a cursor that is not a Telegram offset: %r", cursor)
        self._session: aiohttp.ClientSession | None = None
        self._not_written: set[str] = set()  # replies whose last attempt never left
        self.reconnect_delays = RECONNECT_DELAYS_S

    def new_channel_message_id(self) -> str:
        # Telegram numbers messages itself; this local id only tracks the reply's attempts.
        return f"telegram-{uuid.uuid4().hex}"

    async def close(self) -> None:
        if self._session is not None:
            await self._session.close()
            self._session = None

    def _clean(self, error: BaseException) -> str:
        """An error's words without the token (aiohttp errors may quote the URL, which holds
        it)."""
        text = str(error)
        return text.replace(self._token, "<token>") if self._token else text

    def _status(self, status: Status, detail: str = "", retry_at: float | None = None) -> None:
        self._emit(StatusChanged(self.account.id, status, detail, retry_at))

    # -- Bot API -----------------------------------------------------------------------------

    async def _call(self, method: str, params: Mapping[str, Any], timeout: float,
                    fresh_connection: bool = False) -> Any:
        url = f"{self._api}/bot{self._token}/{method}"
        limit = aiohttp.ClientTimeout(total=timeout)
        if fresh_connection:
            async with aiohttp.ClientSession(
                    connector=aiohttp.TCPConnector(force_close=True)) as session:
                return await self._post(session, url, params, limit)
        if self._session is None:
            self._session = aiohttp.ClientSession()
        return await self._post(self._session, url, params, limit)

    @staticmethod
    async def _post(session: aiohttp.ClientSession, url: str, params: Mapping[str, Any],
                    limit: aiohttp.ClientTimeout) -> Any:
        async with session.post(url, json=dict(params), timeout=limit) as answer:
            try:
                data = await answer.json(content_type=None)
            except ValueError as error:
                raise BotApiError(answer.status, answer.reason or "not JSON") from error
        if not isinstance(data, dict):
            raise BotApiError(answer.status, "not a Bot API answer")
        if not data.get("ok"):
            parameters = data.get("parameters") or {}
            retry_after = parameters.get("retry_after") if isinstance(parameters, dict) else None
            raise BotApiError(int(data.get("error_code") or answer.status),
                              str(data.get("description") or ""),
                              float(retry_after) if isinstance(retry_after, (int, float))
                              else None)
        return data.get("result")

    # -- receiving ---------------------------------------------------------------------------

    async def run(self) -> None:
        self._status(Status.CONNECTING)
        if not self._token:
            self._status(Status.AUTH_FAILED, self._t(w.NO_TOKEN))
            return
        online = False
        failures = 0
        while True:
            try:
                if not online:
                    await self._call("getMe", {}, REQUEST_TIMEOUT_S)
                    self._status(Status.ONLINE)
                    online = True
                params: dict[str, Any] = {"timeout": self._poll_timeout,
                                          "allowed_updates": ["message"]}
                if self._offset is not None:
                    params["offset"] = self._offset
                updates = await self._call("getUpdates", params, self._poll_timeout + 10)
            except asyncio.CancelledError:
                raise
            except BotApiError as error:
                if error.code in (401, 404):  # 404: Telegram's answer to a malformed token
                    self._status(Status.AUTH_FAILED, self._t(w.TOKEN_REFUSED))
                    return
                online = False
                if error.code == 429 and error.retry_after is not None:
                    delay = error.retry_after
                    detail = self._t(w.TOO_MANY).format(seconds=f"{delay:g}")
                    self._status(Status.RECONNECTING, detail, time.time() + delay)
                    await asyncio.sleep(delay)
                    continue
                detail = (self._t(w.OTHER_POLLER) if error.code == 409
                          else self._t(w.SERVER_ERROR)).format(detail=error.description)
                await self._back_off(failures, detail)
                failures += 1
                continue
            except (aiohttp.ClientError, TimeoutError, OSError) as error:
                log.info("getUpdates failed: %s", self._clean(error))
                online = False
                await self._back_off(failures, self._t(w.NO_CONNECTION))
                failures += 1
                continue
            failures = 0
            if isinstance(updates, list) and updates:
                self._receive(updates)

    async def _back_off(self, failures: int, detail: str) -> None:
        delay = self.reconnect_delays[min(failures, len(self.reconnect_delays) - 1)]
        self._status(Status.RECONNECTING, detail, time.time() + delay)
        await asyncio.sleep(delay)

    def _receive(self, updates: list[Any]) -> None:
        for update in updates:
            if not isinstance(update, dict) or not isinstance(update.get("update_id"), int):
                continue
            message = update.get("message")
            if isinstance(message, dict):
                incoming = self._message(message)
                if incoming is not None:
                    self._emit(incoming)
            offset = update["update_id"] + 1
            self._offset = offset if self._offset is None else max(self._offset, offset)
        if self._offset is not None:
            self._emit(CursorMoved(self.account.id, str(self._offset)))

    def _message(self, message: Mapping[str, Any]) -> IncomingMessage | None:
        chat = message.get("chat")
        if not isinstance(chat, dict) or chat.get("type") != "private":
            return None  # groups and channels are not customer conversations
        chat_id = chat.get("id")
        message_id = message.get("message_id")
        if not isinstance(chat_id, int) or not isinstance(message_id, int):
            return None
        name = " ".join(str(part) for part in (chat.get("first_name"), chat.get("last_name"))
                        if part)
        username = chat.get("username")
        text = message.get("text") or message.get("caption") or ""
        attachments: list[Attachment] = []
        photos = message.get("photo")
        if isinstance(photos, list) and photos:
            largest = max((p for p in photos if isinstance(p, dict)),
                          key=lambda p: p.get("file_size") or 0, default={})
            attachments.append(Attachment("photo.jpg", int(largest.get("file_size") or 0),
                                          "image/jpeg"))
        for kind in _MEDIA:
            media = message.get(kind)
            if isinstance(media, dict):
                attachments.append(Attachment(
                    str(media.get("file_name") or kind), int(media.get("file_size") or 0),
                    str(media.get("mime_type") or "application/octet-stream")))
                if kind == "sticker" and not text:
                    text = str(media.get("emoji") or "")
        if not text and not attachments:
            return None
        date = message.get("date")
        return IncomingMessage(
            account_id=self.account.id, channel="telegram", contact_handle=str(chat_id),
            contact_name=name or (f"@{username}" if username else str(chat_id)),
            text=str(text), channel_message_id=f"{chat_id}:{message_id}",
            sent_at=float(date) if isinstance(date, (int, float)) else time.time(),
            attachments=tuple(attachments))

    # -- sending -----------------------------------------------------------------------------

    async def send(self, message: OutgoingMessage) -> str:
        local = message.channel_message_id
        if not self._token:
            raise SendError(self._t(w.NO_TOKEN), retry=False)
        if message.maybe_sent and local not in self._not_written:
            # An earlier attempt may have reached Telegram, which cannot be asked: the user
            # looks in the chat and decides (Retry sends again).
            raise SendError(self._t(w.MAYBE_SENT), retry=False)
        try:
            result = await self._call("sendMessage", {"chat_id": message.contact_handle,
                                                      "text": message.text},
                                      REQUEST_TIMEOUT_S, fresh_connection=True)
        except BotApiError as error:
            if error.code == 429:  # refused, not sent: safe to try again
                self._not_written.add(local)
                raise SendError(self._t(w.TOO_MANY).format(
                    seconds=f"{error.retry_after or 1:g}"), retry=True) from error
            self._not_written.discard(local)
            if error.code == 401:
                raise SendError(self._t(w.TOKEN_REFUSED), retry=False) from error
            if error.code >= 500:
                raise SendError(self._t(w.MAYBE_SENT), retry=False) from error
            raise SendError(self._t(w.REFUSED).format(detail=error.description),
                            retry=False) from error
        except (aiohttp.ClientError, TimeoutError, OSError) as error:
            if _not_sent(error):
                self._not_written.add(local)
                raise SendError(self._t(w.NO_CONNECTION), retry=True) from error
            self._not_written.discard(local)
            raise SendError(self._t(w.MAYBE_SENT), retry=False) from error
        self._not_written.discard(local)
        if not isinstance(result, dict) or not isinstance(result.get("message_id"), int):
            raise SendError(self._t(w.SERVER_ERROR).format(detail="sendMessage"), retry=False)
        return f"{message.contact_handle}:{result['message_id']}"

    # -- test --------------------------------------------------------------------------------

    async def test(self) -> TestResult:
        if not self._token:
            return TestResult(False, "auth_failed", self._t(w.NO_TOKEN))
        try:
            me = await self._call("getMe", {}, REQUEST_TIMEOUT_S)
        except BotApiError as error:
            if error.code in (401, 404):
                return TestResult(False, "auth_failed", self._t(w.TOKEN_REFUSED))
            return TestResult(False, "error",
                              self._t(w.SERVER_ERROR).format(detail=error.description))
        except TimeoutError:
            return TestResult(False, "timeout", self._t(w.NO_CONNECTION))
        except aiohttp.ClientConnectorDNSError:
            return TestResult(False, "host_not_found", self._t(w.NO_CONNECTION))
        except aiohttp.ClientConnectorError:
            return TestResult(False, "refused", self._t(w.NO_CONNECTION))
        except (aiohttp.ClientError, OSError) as error:
            return TestResult(False, "error",
                              self._t(w.SERVER_ERROR).format(detail=self._clean(error)))
        username = me.get("username", "") if isinstance(me, dict) else ""
        return TestResult(True, "ok", f"@{username}" if username else "")
