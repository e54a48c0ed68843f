"""Every status and error text of the connectors has its Spanish translation."""

from __future__ import annotations

from pathlib import Path

from babel.messages.extract import extract_from_file
from babel.messages.pofile import read_po

from deskreply.connectors.email.problems import describe, texts
from deskreply.connectors.email.tls import UntrustedCertificate

ROOT = Path(__file__).resolve().parents[2]


def test_every_connector_text_is_translated_to_spanish() -> None:
    with (ROOT / "resources/locale/es/LC_MESSAGES/connectors.po").open("rb") as handle:
        catalog = read_po(handle)
    translated = {message.id for message in catalog if message.id and message.string}
    used = {message for path in sorted((ROOT / "deskreply/connectors").rglob("*.py"))
            for _line, message, _comments, _context in extract_from_file("python", path)}
    assert used, "no texts found: the extraction is broken"
    assert used - translated == set()


def test_texts_follow_the_account_language() -> None:
    assert texts("es")("{server} did not answer in time.") == "{server} no ha respondido a tiempo."
    problem = describe(UntrustedCertificate("AB:CD", "not trusted"), "imap.example:993", "es")
    assert problem.code == "tls_untrusted"
    assert problem.detail.startswith("El certificado de imap.example:993 no es de confianza")
    assert problem.detail.endswith("Huella SHA-256: AB:CD")
    assert describe(TimeoutError(), "x:1", "en").detail == "x:1 did not answer in time."
