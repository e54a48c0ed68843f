"""Incoming mail as the app will show it: plain text only, names decoded, attachments listed."""

from __future__ import annotations

from email.message import EmailMessage

from deskreply.connectors.email.html_text import html_to_text
from deskreply.connectors.email.parse import parse_message


def _html_only(html: str) -> bytes:
    message = EmailMessage()
    message["From"] = "=?utf-8?q?Jos=C3=A9_P=C3=A9rez?= <Jose.Perez@Example.COM>"
    message["To"] = "soporte@tienda.example"
    message["Subject"] = "=?utf-8?b?wr9Ew7NuZGUgZXN0w6E/IPCfmKE=?="
    message["Message-ID"] = "<html-1@example.com>"
    message.set_content(html, subtype="html")
    return message.as_bytes()


def test_html_only_mail_becomes_safe_plain_text() -> None:
    raw = _html_only(
        "<html><head><title>T</title><style>p{color:red}</style>"
        "<script>alert('x')</script></head><body>"
        "<p>Hola,&nbsp;mi pedido <b>#123</b> no llegó &amp; estoy molesto.</p>"
        "<img src='https://tracker.example/pixel.gif' width=1>"
        "<img src='https://cdn.example/logo.png' alt='Logo'>"
        "<ul><li>uno</li><li>dos</li></ul>"
        "<a href='https://phish.example/login'>su cuenta</a>"
        "<!-- hidden comment --><iframe src='https://x.example'>frame text</iframe>"
        "</body></html>")
    mail = parse_message(raw)
    assert mail.sender_address == "jose.perez@example.com"
    assert mail.sender_name == "José Pérez"
    assert mail.subject == "¿Dónde está? 😡"
    text = mail.text
    assert "Hola, mi pedido #123 no llegó & estoy molesto." in text
    assert "• uno" in text and "• dos" in text
    assert "su cuenta (https://phish.example/login)" in text  # where the link really goes
    assert "[Logo]" in text
    for unsafe in ("<", ">", "alert", "color:red", "pixel.gif", "hidden comment",
                   "frame text", "tracker.example"):
        assert unsafe not in text, unsafe


def test_plain_part_is_preferred_and_attachments_are_listed_by_name_and_size() -> None:
    message = EmailMessage()
    message["From"] = "Ana <ana@example.com>"
    message["Subject"] = "Factura"
    message["Message-ID"] = "<att-1@example.com>"
    message.set_content("Adjunto la factura y una foto.")
    message.add_alternative("<p>HTML version</p>", subtype="html")
    pdf = b"%PDF-1.4 " + bytes(range(256)) * 40
    message.add_attachment(pdf, maintype="application", subtype="pdf",
                           filename="factura_marzo.pdf")
    message.add_attachment(b"\x89PNG" + b"\x00" * 1000, maintype="image", subtype="png",
                           filename="../../etc/foto ñ.png")
    mail = parse_message(message.as_bytes())
    assert mail.text == "Adjunto la factura y una foto."
    assert [(a.name, a.size, a.content_type) for a in mail.attachments] == [
        ("factura_marzo.pdf", len(pdf), "application/pdf"),
        (".._.._etc_foto ñ.png", 1004, "image/png"),  # no path separators survive
    ]


def test_missing_message_id_gets_a_stable_fallback_and_broken_headers_do_not_raise() -> None:
    raw = (b"From: not an address\r\nSubject: =?bogus?q?x?=\r\nDate: yesterday\r\n"
           b"References: <a@x> junk <b@x>\r\n\r\nbody \x1b[31mred\x1b[0m \xe2\x80\xaeevil\r\n")
    first, second = parse_message(raw), parse_message(raw)
    assert first.message_id == second.message_id
    assert first.message_id.endswith("@deskreply.invalid>")
    assert first.references == "<a@x> <b@x>"
    assert first.sent_at is None
    assert "\x1b" not in first.text and "\u202e" not in first.text
    assert "red" in first.text
    assert parse_message(raw + b"x").message_id != first.message_id


def test_html_to_text_keeps_pre_formatting_and_survives_broken_markup() -> None:
    assert html_to_text("<pre>a  b\n  c</pre>") == "a  b\n  c"
    assert html_to_text("<div>unclosed <b>bold <p>para") == "unclosed bold\n\npara"
    assert html_to_text("") == ""
