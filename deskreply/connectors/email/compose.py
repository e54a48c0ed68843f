"""Our reply as an RFC 5322 message: UTF-8 plain text, threaded, with a pre-assigned Message-ID.

``policy.SMTP`` (``policy.default`` with CRLF) encodes non-ASCII display names and subjects as
RFC 2047 words and picks a transfer encoding for the UTF-8 body, so Spanish accents and emoji
arrive intact. Header values with line breaks are refused by the policy (no header injection).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from email import policy, utils
from email.headerregistry import Address
from email.message import EmailMessage

_REPLY_PREFIX = re.compile(r"^\s*(re|aw|sv|rv|ref)\s*(\[\d+\])?\s*:", re.IGNORECASE)
# RFC 5322 has no limit on References; long threads are trimmed to the first and last ids
# as RFC 5322 section 3.6.4 suggests, so the header never grows without bound.
_MAX_REFERENCES = 20


def reply_subject(subject: str) -> str:
    subject = " ".join(subject.split())
    if not subject:
        return "Re:"
    return subject if _REPLY_PREFIX.match(subject) else f"Re: {subject}"


def _references(thread: Mapping[str, str]) -> str:
    ids = [part for part in thread.get("references", "").split() if part]
    parent = thread.get("message_id", "").strip()
    if parent and parent not in ids:
        ids.append(parent)
    if len(ids) > _MAX_REFERENCES:
        ids = ids[:1] + ids[-(_MAX_REFERENCES - 1):]
    return " ".join(ids)


def _address(name: str, address: str) -> Address:
    local, _, domain = address.strip().rpartition("@")
    return Address(display_name=" ".join(name.split()), username=local, domain=domain)


def compose_reply(*, from_address: str, from_name: str, to_address: str, to_name: str,
                  text: str, message_id: str, thread: Mapping[str, str],
                  date: float | None = None) -> EmailMessage:
    """The reply to ``thread`` (``subject``, ``message_id``, ``references`` of the customer's
    last mail; empty for a new conversation)."""
    message = EmailMessage(policy=policy.SMTP)
    message["From"] = _address(from_name, from_address)
    message["To"] = _address(to_name, to_address)
    parent = thread.get("message_id", "").strip()
    subject = thread.get("subject", "")
    message["Subject"] = reply_subject(subject) if parent else (" ".join(subject.split()))
    message["Date"] = utils.formatdate(date, localtime=True)
    message["Message-ID"] = message_id
    if parent:
        message["In-Reply-To"] = parent
        message["References"] = _references(thread)
    message["X-Mailer"] = "DeskReply"
    body = text.replace("\r\n", "\n").replace("\r", "\n")
    # quoted-printable: 7-bit safe on any server, still readable as source.
    message.set_content(body if body.endswith("\n") else body + "\n", charset="utf-8",
                        cte="quoted-printable")
    return message
