"""Issue 12: a number whose check digit does not verify is neither reported as the id it
imitates nor taken for a phone, while the real ids and phones around it are still found.

Values are generated here with python-stdnum (valid ones, and the same with a wrong check
digit); the sentences are written for these tests, not taken from the probe or dev sets.
"""

from __future__ import annotations

from collections.abc import Callable

import pytest
from stdnum.br import cpf
from stdnum.do import cedula as do_cedula
from stdnum.ec import ci as ec_ci

from deskreply.checks.engine import Checker
from tests.checks.sensitive_helpers import sensitive_found, valid_value, wrong_check

CheckerFactory = Callable[..., Checker]


@pytest.fixture(scope="module")
def checker(checker_factory: CheckerFactory) -> Checker:
    return checker_factory("en")


EC_BAD = wrong_check(valid_value("091234567", 10, ec_ci.is_valid), ec_ci.is_valid)
CPF_BAD = wrong_check(valid_value("123456789", 11, cpf.is_valid), cpf.is_valid)
CPF_BAD_DOTTED = f"{CPF_BAD[:3]}.{CPF_BAD[3:6]}.{CPF_BAD[6:9]}-{CPF_BAD[9:]}"


@pytest.mark.parametrize(
    "text",
    [
        f"Mi cédula es {EC_BAD}, ¿me confirman el turno?",  # starts 09: only Ecuador's
        f"O CPF dele é {CPF_BAD_DOTTED}",
        f"el CPF {CPF_BAD_DOTTED} no pasa la validación",
        f"te dejo el {EC_BAD} por si acaso",
    ],
)
def test_a_wrong_check_digit_is_not_reported(checker: Checker, text: str) -> None:
    # A 10-digit cédula starting 1-9 stays reported: Colombia's have no check digit to fail.
    assert sensitive_found(checker, text) == []


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("el código de barras 12345678919 está en la caja", "es"),
        ("lot 1309876547 was recalled", "en"),
    ],
)
def test_a_bare_block_that_no_one_writes_as_a_phone_is_not_one(
    checker: Checker, text: str, lang: str
) -> None:
    assert [kind for kind, _ in sensitive_found(checker, text, lang)] == []


@pytest.mark.parametrize(
    ("text", "phone", "lang"),
    [
        ("llamame al 1123456789 después de las 5", "1123456789", "es"),
        ("mi celular es 3001234567", "3001234567", "es"),
        ("Puede llamarnos al 612345678.", "612345678", "es"),
        ("call me at 2125550123 tonight", "2125550123", "en"),
        ("el número es 987654321", "987654321", "es"),
        ("escríbeme al 5512345678 por WhatsApp", "5512345678", "es"),
    ],
)
def test_plain_national_phones_are_still_phones(
    checker: Checker, text: str, phone: str, lang: str
) -> None:
    assert ("phone", phone) in sensitive_found(checker, text, lang)


def test_a_colombian_ten_digit_cedula_is_still_an_id(checker: Checker) -> None:
    assert sensitive_found(checker, "mi cédula es 1023456789") == [("national_id", "1023456789")]


# -- Panama and the Dominican Republic: the forms people write ------------------------------
DO_CEDULA = valid_value("00100000", 11, do_cedula.is_valid)


@pytest.mark.parametrize(
    ("text", "value", "lang"),
    [
        ("te paso mi cédula: 8-123-4567", "8-123-4567", "es"),
        ("es el 4-712-1234, a nombre de mi mamá", "4-712-1234", "es"),
        ("the number is 8-1234-12345", "8-1234-12345", "en"),
        ("PE-9-1234 es la de mi hijo", "PE-9-1234", "es"),
        ("my id is E-8-123456", "E-8-123456", "en"),
        ("N-19-1234 (naturalizado)", "N-19-1234", "es"),
        ("la vieja era 8AV-123-456", "8AV-123-456", "es"),
        ("la de mi abuela: 3-PI-12-345", "3-PI-12-345", "es"),
        (f"id number {DO_CEDULA[:3]} {DO_CEDULA[3:10]} {DO_CEDULA[10]}",
         f"{DO_CEDULA[:3]} {DO_CEDULA[3:10]} {DO_CEDULA[10]}", "en"),
        (f"documento de identidad {DO_CEDULA}", DO_CEDULA, "es"),
        ("cédula 01-0234-0567", "01-0234-0567", "es"),  # Costa Rica, padded
    ],
)
def test_ids_written_the_local_way_are_ids(
    checker: Checker, text: str, value: str, lang: str
) -> None:
    assert sensitive_found(checker, text, lang) == [("national_id", value)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("llamame al 6-123-4567", [("phone", "6-123-4567")]),  # a phone cue keeps its phone
        ("pedido 1-234-5678 en camino", []),  # a reference
        ("llegó el 1-12-2024", []),  # a date
        ("el modelo E-1-2 ya no se fabrica", []),  # too short to be a cédula
    ],
)
def test_panama_shapes_do_not_claim_phones_references_or_dates(
    checker: Checker, text: str, expected: list[tuple[str, str]]
) -> None:
    assert sensitive_found(checker, text) == expected


# -- a number sign before the value, and generic id words -----------------------------------
@pytest.mark.parametrize(
    ("text", "value"),
    [
        (f"cédula #{DO_CEDULA[:3]}-{DO_CEDULA[3:10]}-{DO_CEDULA[10]}",
         f"{DO_CEDULA[:3]}-{DO_CEDULA[3:10]}-{DO_CEDULA[10]}"),
        ("DNI #30123456", "30123456"),
        ("documento: 4346409720108", "4346409720108"),  # a Guatemalan DPI (valid check)
    ],
)
def test_ids_after_a_number_sign_or_a_generic_word(checker: Checker, text: str, value: str) -> None:
    assert sensitive_found(checker, text) == [("national_id", value)]


@pytest.mark.parametrize("text", ["te llega con el #612345678", "ver #8-123-4567 en el panel"])
def test_a_number_after_a_number_sign_is_not_a_phone(checker: Checker, text: str) -> None:
    assert sensitive_found(checker, text) == []
