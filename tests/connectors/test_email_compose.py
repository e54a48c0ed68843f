"""Our reply as the customer's mail program will see it."""

from __future__ import annotations

import email
from email import policy
from email.message import EmailMessage

from deskreply.connectors.email.compose import compose_reply, reply_subject
from deskreply.connectors.email.parse import parse_message

THREAD = {"subject": "¿Dónde está mi pedido? 😡", "message_id": "<c2@cliente.example>",
          "references": "<c0@cliente.example> <c1@tienda.example>"}


def _reply(**overrides: object) -> EmailMessage:
    values: dict[str, object] = {
        "from_address": "soporte@tienda.example", "from_name": "Soporte Tienda Ñandú",
        "to_address": "maria@cliente.example", "to_name": "María López Ibáñez",
        "text": "¡Hola María! Su pedido ya salió 🚚.\nGracias por esperar 🙏",
        "message_id": "<r1@tienda.example>", "thread": THREAD}
    values.update(overrides)
    return compose_reply(**values)  # type: ignore[arg-type]


def test_reply_survives_the_wire_with_accents_and_emoji_everywhere() -> None:
    raw = _reply().as_bytes()
    assert raw.isascii()  # 7-bit clean: RFC 2047 headers, quoted-printable body
    received = email.message_from_bytes(raw, policy=policy.default)
    assert str(received["Subject"]) == "Re: ¿Dónde está mi pedido? 😡"
    assert received["To"].addresses[0].display_name == "María López Ibáñez"
    assert received["From"].addresses[0].display_name == "Soporte Tienda Ñandú"
    assert received.get_content_charset() == "utf-8"
    parsed = parse_message(raw)
    assert parsed.text == "¡Hola María! Su pedido ya salió 🚚.\nGracias por esperar 🙏"


def test_reply_is_threaded() -> None:
    reply = _reply()
    assert reply["Message-ID"] == "<r1@tienda.example>"
    assert reply["In-Reply-To"] == "<c2@cliente.example>"
    assert reply["References"] == "<c0@cliente.example> <c1@tienda.example> <c2@cliente.example>"


def test_re_is_not_doubled_and_a_new_conversation_has_no_reply_headers() -> None:
    assert reply_subject("RE: pedido") == "RE: pedido"
    assert reply_subject("Re[2]: pedido") == "Re[2]: pedido"
    assert reply_subject("pedido") == "Re: pedido"
    new = _reply(thread={"subject": "Su pedido"})
    assert new["Subject"] == "Su pedido"
    assert new["In-Reply-To"] is None and new["References"] is None


def test_long_threads_keep_references_bounded() -> None:
    references = " ".join(f"<m{i}@x>" for i in range(60))
    reply = _reply(thread={**THREAD, "references": references})
    ids = str(reply["References"]).split()
    assert len(ids) == 20
    assert ids[0] == "<m0@x>" and ids[-1] == "<c2@cliente.example>"


def test_header_injection_through_a_name_or_subject_is_harmless() -> None:
    raw = _reply(to_name="Eve\r\nBcc: everyone@example.com",
                 thread={**THREAD, "subject": "hi\r\nBcc: all@example.com"}).as_bytes()
    received = email.message_from_bytes(raw, policy=policy.default)
    assert received["Bcc"] is None
    assert [a.addr_spec for a in received["To"].addresses] == ["maria@cliente.example"]
    assert str(received["Subject"]) == "Re: hi Bcc: all@example.com"
