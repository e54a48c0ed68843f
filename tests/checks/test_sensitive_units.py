"""The sensitive check's building blocks: checksums, folding, cue lookup, digit runs, masking."""

from __future__ import annotations

import pytest

from deskreply.checks.sensitive.banking import _fr_rib_ok, _it_cin_ok, clabe_valid, iban_valid
from deskreply.checks.sensitive.candidates import Candidate, resolve
from deskreply.checks.sensitive.cards import brand_ok
from deskreply.checks.sensitive.context_words import CueIndex, CueLexicon, Gap, fold
from deskreply.checks.sensitive.messages import mask, severity_for
from deskreply.checks.sensitive.numbers import runs


def test_fold_keeps_length_and_strips_accents() -> None:
    for text in ("Código CÉDULA Nº 12", "İstanbul straße", "ÀÉÎÕÜ ñ", "👍 e\u0301"):
        assert len(fold(text)) == len(text)
    assert fold("Código CÉDULA Nº") == "codigo cedula no"


def test_cue_lexicon_prefers_the_longest_phrase_and_reports_every_category() -> None:
    lexicon = CueLexicon(
        {
            "generic": ["código"],
            "excluded": ["código postal"],
            "dni": ["d.n.i.", "cédula de identidad"],
            "cedula": ["cédula de identidad", "c.c."],
        }
    )
    text = fold("Código postal 28013; el código es 12. D.N.I. 1; cédula de identidad 2; C. C. 3")
    hits = lexicon.find(text)
    assert [text[s:e] for s, e in hits["excluded"]] == ["codigo postal"]
    assert [text[s:e] for s, e in hits["generic"]] == ["codigo"]
    assert [text[s:e] for s, e in hits["dni"]] == ["d.n.i", "cedula de identidad"]
    assert [text[s:e] for s, e in hits["cedula"]] == ["cedula de identidad", "c. c"]


def test_cue_right_before_allows_only_fillers_between() -> None:
    gap = Gap(["es", "el", "numero", "de"])
    text = fold("DNI número: 123 y el DNI de mi hermana 456")
    index = CueIndex(CueLexicon({"dni": ["dni"]}).find(text)["dni"], text)
    assert index.right_before(text.index("123"), gap)
    assert not index.right_before(text.index("456"), gap)


@pytest.mark.parametrize(
    ("value", "valid"),
    [
        ("032180000118359719", True),  # public CLABE example
        ("032180000118359718", False),
        ("03218000011835971", False),
        ("0321800001183597AB", False),
    ],
)
def test_clabe_check_digit(value: str, valid: bool) -> None:
    assert clabe_valid(value) is valid


def test_french_rib_key_and_italian_cin() -> None:
    assert _fr_rib_ok("20041010050500013M02606")  # public example RIB (La Banque Postale)
    assert not _fr_rib_ok("20041010050500013M02607")
    assert _it_cin_ok("X0542811101000000123456")  # public example Italian BBAN
    assert not _it_cin_ok("Y0542811101000000123456")
    assert iban_valid("FR1420041010050500013M02606")
    assert iban_valid("IT60X0542811101000000123456")
    # Valid ISO check digits around a broken national key: still not an IBAN.
    bban = "20041010050500013M02607"
    moved = int("".join(str(int(ch, 36)) for ch in bban + "FR00"))
    assert not iban_valid(f"FR{98 - moved % 97:02d}{bban}")


@pytest.mark.parametrize(
    ("digits", "ok"),
    [
        ("4111111111111111", True),
        ("5105105105105100", True),
        ("2221000000000009", True),
        ("2721000000000000", False),  # just past Mastercard's 2-series
        ("371449635398431", True),
        ("3714496353984312", False),  # Amex numbers have 15 digits
        ("9111111111111111", False),
    ],
)
def test_card_brands(digits: str, ok: bool) -> None:
    assert brand_ok(digits) is ok


def test_digit_runs_and_their_sub_spans() -> None:
    text = "Tel +54 (11) 4555-1234, pedido F-2024-00318."
    found = runs(text)
    assert [text[r.start : r.end] for r in found] == ["+54 (11) 4555-1234", "2024-00318"]
    phone_run, code_run = found
    longest = next(phone_run.spans(0))
    assert text[longest.start : longest.end] == "+54 (11) 4555-1234"
    assert longest.plus and longest.digits == "541145551234"
    assert not code_run.may_start(0, after_value=False)  # glued to "F-"


def test_resolve_keeps_the_most_specific_then_longest() -> None:
    kept = resolve(
        [
            Candidate(0, 22, "phone", "phone"),
            Candidate(0, 22, "bank_account", "cbu"),
            Candidate(30, 40, "credential", "strong"),
            Candidate(32, 38, "email", "email"),
            Candidate(50, 60, "phone", "phone"),
        ]
    )
    assert [(c.start, c.kind) for c in kept] == [(0, "bank_account"), (32, "email"), (50, "phone")]


def test_masks_keep_the_shape() -> None:
    assert mask("payment_card", "4111-1111-1111-1111") == "••••-••••-••••-1111"
    assert mask("phone", "+34 612 34 56 78") == "+•• ••• •• 56 78"
    assert mask("email", "lucia@example.es") == "l•••@example.es"
    assert mask("credential", "4471") == "••••"
    assert "PRIVATE" not in mask("secret_token", "-----BEGIN PRIVATE KEY-----\nAAA\n-----END…")


def test_severity_by_sensitivity() -> None:
    assert severity_for("payment_card", "relaxed") == "block"
    assert severity_for("national_id", "strict") == "warning"
    assert severity_for("email", "standard") == "info"
    assert severity_for("phone", "strict") == "warning"
    assert severity_for("phone", "relaxed") is None
