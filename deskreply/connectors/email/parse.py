"""One raw RFC 5322 message to what the app shows: sender, subject, plain text, attachments.

Uses the stdlib :mod:`email` with ``policy.default`` (decodes RFC 2047 names and subjects,
charsets, base64/quoted-printable). Everything here is untrusted input: malformed headers
never raise, control characters are removed, HTML becomes plain text
(:mod:`.html_text`), and attachments are only listed — never decoded beyond counting bytes,
never opened.
"""

from __future__ import annotations

import email
import email.utils
import functools
import hashlib
import logging
import re
from dataclasses import dataclass
from email import policy
from email.header import decode_header, make_header
from email.message import EmailMessage, Message
from typing import Any
from urllib.parse import unquote

from deskreply.connectors.base import Attachment
from deskreply.connectors.email.html_text import html_to_text

log = logging.getLogger(__name__)

# C0/C1 controls except tab and newline, and the bidi overrides that can disguise text.
_UNSAFE = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
_MESSAGE_ID = re.compile(r"<[^<>\s]+>")


class _CachingPolicy(policy.EmailPolicy):
    """``policy.default`` that parses each distinct header once: the stdlib re-parses
    Content-Type on every ``get_content_type()`` (nine times per mail), which made parsing
    the main cost of a first sync. Parsed headers are immutable, so sharing them is safe."""

    def header_fetch_parse(self, name: str, value: str) -> Any:
        if hasattr(value, "name"):
            return value
        return _parsed_header(name, value)


@functools.lru_cache(maxsize=4096)
def _parsed_header(name: str, value: str) -> Any:
    return policy.default.header_fetch_parse(name, value)


_POLICY = _CachingPolicy()


def clean(text: str) -> str:
    return _UNSAFE.sub("", text.replace("\r\n", "\n").replace("\r", "\n"))


@dataclass(frozen=True)
class ParsedMail:
    sender_address: str  # lower case; "" if none could be read
    sender_name: str
    to_addresses: tuple[str, ...]
    to_names: tuple[str, ...]
    subject: str
    message_id: str  # "<...>": the header, or a stable fallback made from the bytes
    references: str  # space-separated ids: References, else In-Reply-To
    sent_at: float | None
    text: str
    attachments: tuple[Attachment, ...]


def _header(message: Message, name: str) -> str:
    try:
        value = message.get(name)
    except Exception:  # a header the policy cannot parse
        return ""
    if value is None:
        return ""
    try:
        return clean(str(value)).strip()
    except Exception:
        return ""


def _addresses(message: Message, name: str) -> list[tuple[str, str]]:
    """(display name, address) pairs; tolerant of broken headers."""
    try:
        header = message.get(name)
        if header is not None and hasattr(header, "addresses"):
            return [(clean(a.display_name), a.addr_spec.lower()) for a in header.addresses
                    if a.addr_spec and a.addr_spec != "<>"]
    except Exception:  # a header policy.default cannot parse: read it the lenient way below
        log.debug("address header %s unreadable, parsed leniently", name)
    raw = message.get_all(name, failobj=[]) if hasattr(message, "get_all") else []
    try:
        pairs = email.utils.getaddresses([str(value) for value in raw])
    except Exception:
        return []
    return [(clean(display), address.lower()) for display, address in pairs if "@" in address]


def _message_ids(text: str) -> list[str]:
    return _MESSAGE_ID.findall(text)


def _body_text(message: EmailMessage) -> str:
    try:
        body = message.get_body(preferencelist=("plain", "html"))
    except Exception:
        body = None
    if body is None:
        return ""
    try:
        content = body.get_content()
    except Exception:  # unknown charset or broken encoding: decode what we can
        payload = body.get_payload(decode=True)
        content = payload.decode("utf-8", "replace") if isinstance(payload, bytes) else ""
    if not isinstance(content, str):
        return ""
    if body.get_content_type() == "text/html":
        content = html_to_text(content)
    return clean(content).strip()


def _attachments(message: EmailMessage) -> tuple[Attachment, ...]:
    found: list[Attachment] = []
    try:
        parts = list(message.iter_attachments())
    except Exception:
        return ()
    for index, part in enumerate(parts, start=1):
        if part.is_multipart():  # a forwarded message with parts: list it whole
            size = len(part.as_bytes()) if hasattr(part, "as_bytes") else 0
        else:
            payload = part.get_payload(decode=True)
            size = len(payload) if isinstance(payload, bytes) else 0
        try:
            name = part.get_filename() or ""
        except Exception:
            name = ""
        name = clean(name).replace("/", "_").replace("\\", "_").strip() or f"attachment-{index}"
        found.append(Attachment(name=name, size=size, content_type=part.get_content_type()))
    return tuple(found)


def parse_message(raw: bytes) -> ParsedMail:
    message = email.message_from_bytes(raw, policy=_POLICY)
    assert isinstance(message, EmailMessage)
    senders = _addresses(message, "From")
    sender_name, sender_address = senders[0] if senders else ("", "")
    recipients = _addresses(message, "To")
    ids = _message_ids(_header(message, "Message-ID"))
    # No Message-ID: the same bytes always give the same id, so a re-sync adds no duplicate.
    message_id = ids[0] if ids else f"<{hashlib.sha256(raw).hexdigest()[:32]}@deskreply.invalid>"
    references = _message_ids(_header(message, "References")) or _message_ids(
        _header(message, "In-Reply-To"))
    sent_at: float | None = None
    date = _header(message, "Date")
    if date:
        try:
            sent_at = email.utils.parsedate_to_datetime(date).timestamp()
        except (TypeError, ValueError, IndexError, OverflowError):
            sent_at = None
    return ParsedMail(
        sender_address=sender_address,
        sender_name=sender_name,
        to_addresses=tuple(address for _name, address in recipients),
        to_names=tuple(name for name, _address in recipients),
        subject=_header(message, "Subject"),
        message_id=message_id,
        references=" ".join(references),
        sent_at=sent_at,
        text=_body_text(message),
        attachments=_attachments(message),
    )


def _text(value: object) -> str:
    if isinstance(value, bytes):
        return value.decode("utf-8", "replace")
    return "" if value is None else str(value)


def _params(value: object) -> dict[str, str]:
    """IMAP parameter lists (name, value, name, value...) as a dict with lower-case keys."""
    if not isinstance(value, tuple | list):
        return {}
    items = [_text(item) for item in value]
    return {items[i].lower(): items[i + 1] for i in range(0, len(items) - 1, 2)}


def _filename(params: dict[str, str]) -> str:
    """RFC 2231 (``filename*``, continuations ``filename*0*``...) or RFC 2047 names."""
    for key in ("filename", "name"):
        pieces = sorted((k, v) for k, v in params.items() if k.startswith(key + "*"))
        if pieces:
            joined = "".join(v for _k, v in pieces)
            charset, _language, text = email.utils.decode_rfc2231(joined)
            try:
                return unquote(text or "", encoding=charset or "utf-8", errors="replace")
            except LookupError:  # an unknown charset name
                return unquote(text or "", errors="replace")
        if params.get(key):
            try:
                return str(make_header(decode_header(params[key])))
            except Exception:
                return params[key]
    return ""


def _decoded_size(size: int, encoding: str) -> int:
    """Bytes after decoding, from the size on the wire (base64: 76-character lines + CRLF,
    4 characters per 3 bytes; exact up to the 0-2 bytes of padding)."""
    if encoding != "base64":
        return size
    characters = size - 2 * -(-size // 78)
    return characters * 3 // 4


def attachments_from_structure(structure: Any) -> tuple[Attachment, ...]:
    """Attachments listed from an IMAP BODYSTRUCTURE (IMAPClient's parsed form), for mails
    too big to download whole: names and sizes without fetching the files."""
    found: list[Attachment] = []

    def walk(part: Any) -> None:
        if getattr(part, "is_multipart", False):
            for sub in part[0]:
                walk(sub)
            return
        if not isinstance(part, tuple | list) or len(part) < 7:
            return
        content_type = f"{_text(part[0]).lower()}/{_text(part[1]).lower()}"
        params = _params(part[2])
        encoding = _text(part[5]).lower()
        try:
            size = _decoded_size(int(part[6] or 0), encoding)
        except (TypeError, ValueError):
            size = 0
        kind, disposition = "", {}
        for item in part[7:]:
            if (isinstance(item, tuple) and len(item) == 2 and isinstance(item[0], bytes)
                    and item[0].lower() in (b"attachment", b"inline")):
                kind, disposition = item[0].decode().lower(), _params(item[1])
        name = _filename(disposition) or _filename(params)
        if content_type == "message/rfc822":
            name = name or "forwarded-message.eml"
        elif kind != "attachment" and (not name or content_type in ("text/plain", "text/html")):
            return  # the body itself, or an unnamed inline part
        name = clean(name).replace("/", "_").replace("\\", "_").strip()
        found.append(Attachment(name=name or f"attachment-{len(found) + 1}", size=size,
                                content_type=content_type))

    try:
        walk(structure)
    except Exception:  # a server's odd BODYSTRUCTURE must not lose the mail
        return tuple(found)
    return tuple(found)
