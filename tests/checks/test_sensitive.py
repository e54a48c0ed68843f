"""The sensitive-data check through the real Checker: every kind, valid, broken and look-alike.

Every number here is generated with python-stdnum / phonenumbers or is a public test number
(4111 1111 1111 1111 and friends); every sentence is written for these tests.
"""

from __future__ import annotations

from collections.abc import Callable

import phonenumbers
import pytest
from stdnum.ar import cbu, cuit
from stdnum.br import cnpj
from stdnum.cl import rut
from stdnum.co import nit
from stdnum.es import ccc, dni, nie
from stdnum.mx import curp, rfc
from stdnum.pe import ruc

from deskreply.checks.engine import Checker
from deskreply.checks.request import CheckSettings
from tests.checks.sensitive_helpers import sensitive_found as found

CheckerFactory = Callable[..., Checker]

# -- values built from their check-digit algorithms ------------------------------------------


def _iban(country: str, bban: str) -> str:
    number = int("".join(str(int(ch, 36)) for ch in bban + country + "00"))
    return f"{country}{98 - number % 97:02d}{bban}"


def _clabe(first17: str) -> str:
    # Written out again here (not imported) so a bug in the check cannot hide in both places.
    weights = (3, 7, 1)
    total = sum(int(d) * weights[i % 3] % 10 for i, d in enumerate(first17))
    return first17 + str((10 - total % 10) % 10)


def _cbu(bank: str, account: str) -> str:
    first = bank + cbu.calc_check_digit(bank)
    return first + account + cbu.calc_check_digit(account)


def _ccc(bank: str, branch: str, account: str) -> str:
    return bank + branch + ccc.calc_check_digits(bank + branch + "00" + account) + account


def _broken(digits: str) -> str:
    """Same length, last digit changed: the checksum no longer holds."""
    return digits[:-1] + str((int(digits[-1]) + 1) % 10)


def _grouped(value: str, size: int = 4) -> str:
    return " ".join(value[i : i + size] for i in range(0, len(value), size))


ES_CCC = _ccc("2100", "0813", "6101234567")
ES_IBAN = _iban("ES", ES_CCC)
DE_IBAN = _iban("DE", "500105175407324931")
GB_IBAN = _iban("GB", "NWBK60161331926819")
AR_CBU = _cbu("2850590", "9400900418135")
MX_CLABE = _clabe("01418000123456789")
ES_DNI = "73104492" + dni.calc_check_digit("73104492")
ES_NIE = "X8123456" + nie.calc_check_digit("X8123456")
AR_CUIT = "27" + "28456123" + cuit.calc_check_digit("2728456123")
MX_CURP = "LOPM900615MJCPRR0" + curp.calc_check_digit("LOPM900615MJCPRR0")
MX_RFC_PERSON = "LOPM900615J4" + rfc.calc_check_digit("LOPM900615J4")
MX_RFC_COMPANY = "TEC050101AB" + rfc.calc_check_digit("TEC050101AB")
CO_NIT = "901234567"
CO_NIT_DV = nit.calc_check_digit(CO_NIT)
CL_RUT = "9876543"
CL_RUT_DV = rut.calc_check_digit(CL_RUT)
PE_RUC = "1046123456" + ruc.calc_check_digit("1046123456")
BR_CNPJ = "453318930001" + cnpj.calc_check_digits("453318930001")


@pytest.fixture(scope="module")
def checker(checker_factory: CheckerFactory) -> Checker:
    return checker_factory("en")


# -- payment cards ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("Le cobramos en la tarjeta 4111 1111 1111 1111, vence 11/28.", "4111 1111 1111 1111"),
        ("Card on file: 5555-5555-5555-4444, thanks!", "5555-5555-5555-4444"),
        ("Amex 3782 822463 10005 para la reserva", "3782 822463 10005"),
        ("the card number is 6011111111111117.", "6011111111111117"),
        ("Mastercard nueva: 2223 0031 2200 3222", "2223 0031 2200 3222"),
        ("(4000056655665556) es la que falla", "4000056655665556"),
    ],
)
def test_card_numbers_are_blocked(checker: Checker, text: str, value: str) -> None:
    assert found(checker, text) == [("payment_card", value)]
    [finding] = checker.check(text, lang="es").findings
    assert finding.severity == "block"
    assert finding.fixes[0].replacement.endswith(value[-4:])
    assert value[:4] not in finding.fixes[0].replacement


@pytest.mark.parametrize(
    "text",
    [
        "La tarjeta 4111 1111 1111 1112 fue rechazada, revise el número.",  # Luhn fails
        "Your card ending in 4242 was charged.",
        "Tarjeta **** **** **** 1111 registrada.",
        "El IMEI del teléfono es 490154203237518.",
        "Código de barras 4006381333931 agotado.",  # EAN-13
        "Número 1234 5678 9012 3456 no corresponde a ninguna tarjeta.",  # no brand
    ],
)
def test_card_look_alikes_are_not_cards(checker: Checker, text: str) -> None:
    assert found(checker, text) == []


# -- IBAN and bank accounts ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "value", "lang"),
    [
        (f"Transfiera a {_grouped(ES_IBAN)} antes del viernes.", _grouped(ES_IBAN), "es"),
        (f"IBAN: {ES_IBAN}", ES_IBAN, "es"),
        (f"Refund goes to {_grouped(DE_IBAN)} (your Sparkasse account).", _grouped(DE_IBAN), "en"),
        (f"Please use {GB_IBAN}, reference INV-2231.", GB_IBAN, "en"),
    ],
)
def test_ibans(checker: Checker, text: str, value: str, lang: str) -> None:
    assert found(checker, text, lang) == [("iban", value)]


def test_iban_with_a_wrong_check_is_not_reported_nor_its_bban(checker: Checker) -> None:
    bad = ES_IBAN[:2] + f"{(int(ES_IBAN[2:4]) + 1) % 100:02d}" + ES_IBAN[4:]
    assert found(checker, f"El IBAN {_grouped(bad)} no es válido.") == []


def test_spanish_iban_needs_valid_ccc_digits(checker: Checker) -> None:
    bban = ES_CCC[:8] + _broken(ES_CCC[8:10]) + ES_CCC[10:]
    assert found(checker, f"Cuenta {_iban('ES', bban)}") == []


@pytest.mark.parametrize(
    ("text", "value"),
    [
        (f"Te paso el CBU: {AR_CBU}", AR_CBU),
        (f"CLABE interbancaria {MX_CLABE}, a nombre de Tecnologías SA.", MX_CLABE),
        (
            f"CLABE {MX_CLABE[:3]} {MX_CLABE[3:6]} {MX_CLABE[6:17]} {MX_CLABE[17]}",
            f"{MX_CLABE[:3]} {MX_CLABE[3:6]} {MX_CLABE[6:17]} {MX_CLABE[17]}",
        ),
        (
            f"Cuenta {ES_CCC[:4]} {ES_CCC[4:8]} {ES_CCC[8:10]} {ES_CCC[10:]}",
            f"{ES_CCC[:4]} {ES_CCC[4:8]} {ES_CCC[8:10]} {ES_CCC[10:]}",
        ),
    ],
)
def test_bank_accounts(checker: Checker, text: str, value: str) -> None:
    assert found(checker, text) == [("bank_account", value)]


@pytest.mark.parametrize(
    "text",
    [
        f"El CBU {_broken(AR_CBU)} está mal.",
        f"La CLABE {_broken(MX_CLABE)} no pasa.",
        "Mi alias es MATE.LUNA.RIO",
        "BIC: BSCHESMMXXX",
    ],
)
def test_bank_look_alikes(checker: Checker, text: str) -> None:
    assert found(checker, text) == []


def test_a_cbu_is_one_finding_not_also_a_phone(checker: Checker) -> None:
    assert [k for k, _ in found(checker, f"({AR_CBU})")] == ["bank_account"]


# -- national ids -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "value"),
    [
        (f"Confirmo el DNI {ES_DNI}.", ES_DNI),
        (
            f"NIF {ES_DNI[:2]}.{ES_DNI[2:5]}.{ES_DNI[5:8]}-{ES_DNI[8]}",
            f"{ES_DNI[:2]}.{ES_DNI[2:5]}.{ES_DNI[5:8]}-{ES_DNI[8]}",
        ),
        (
            f"con documento {ES_DNI[:8]}-{ES_DNI[8].lower()} queda registrado",
            f"{ES_DNI[:8]}-{ES_DNI[8].lower()}",
        ),
        (f"NIE {ES_NIE}", ES_NIE),
        (
            f"CUIT {AR_CUIT[:2]}-{AR_CUIT[2:10]}-{AR_CUIT[10]}",
            f"{AR_CUIT[:2]}-{AR_CUIT[2:10]}-{AR_CUIT[10]}",
        ),
        (f"su CURP es {MX_CURP}", MX_CURP),
        (f"RFC: {MX_RFC_PERSON}", MX_RFC_PERSON),
        (f"Facturamos al RFC {MX_RFC_COMPANY}", MX_RFC_COMPANY),
        (
            f"NIT {CO_NIT[:3]}.{CO_NIT[3:6]}.{CO_NIT[6:]}-{CO_NIT_DV}",
            f"{CO_NIT[:3]}.{CO_NIT[3:6]}.{CO_NIT[6:]}-{CO_NIT_DV}",
        ),
        (
            f"RUT {CL_RUT[0]}.{CL_RUT[1:4]}.{CL_RUT[4:]}-{CL_RUT_DV}",
            f"{CL_RUT[0]}.{CL_RUT[1:4]}.{CL_RUT[4:]}-{CL_RUT_DV}",
        ),
        (f"el RUC de la empresa: {PE_RUC}", PE_RUC),
        ("CPF 123.456.789-09", "123.456.789-09"),
        (
            f"CNPJ {BR_CNPJ[:2]}.{BR_CNPJ[2:5]}.{BR_CNPJ[5:8]}/{BR_CNPJ[8:12]}-{BR_CNPJ[12:]}",
            f"{BR_CNPJ[:2]}.{BR_CNPJ[2:5]}.{BR_CNPJ[5:8]}/{BR_CNPJ[8:12]}-{BR_CNPJ[12:]}",
        ),
        # digits without a shape of their own: only right after their cue word
        ("DNI 28.456.123 a nombre de Rocío", "28.456.123"),
        ("Su documento: 28456123", "28456123"),
        ("d.n.i. nº 7.654.321", "7.654.321"),
        ("Mi DNI es 45123987, soy de Lima", "45123987"),
        ("C.C. 1.032.456.789 de Bogotá", "1.032.456.789"),
        ("cédula de ciudadanía 79456123", "79456123"),
    ],
)
def test_national_ids_are_warnings(checker: Checker, text: str, value: str) -> None:
    report = checker.check(text, lang="es")
    assert [(f.kind, f.text) for f in report.findings] == [("national_id", value)]
    assert report.findings[0].severity == "warning"
    assert report.verdict == "review"


def test_punctuated_checksum_ids_count_even_after_a_reference_word(checker: Checker) -> None:
    assert found(checker, "CPF do cliente: 987.654.321-00") == [("national_id", "987.654.321-00")]


def test_ssn_with_cue_in_english(checker: Checker) -> None:
    assert found(checker, "SSN: 536-22-8571", "en") == [("national_id", "536-22-8571")]
    text = "We only keep the last four of the SSN, so I deleted 536-22-8571 from the notes."
    assert found(checker, text, "en") == [("national_id", "536-22-8571")]
    assert found(checker, "social security number 536228571", "en") == [
        ("national_id", "536228571")
    ]


@pytest.mark.parametrize(
    "text",
    [
        f"El DNI {ES_DNI[:8]}{'A' if ES_DNI[8] != 'A' else 'B'} tiene la letra mal.",
        f"CUIT {_broken(AR_CUIT)} (no valida)",
        f"RUT {CL_RUT}-{'0' if CL_RUT_DV != '0' else '1'}",
        "Reclamo 28456123 registrado, le escribimos en 48 h.",
        "Su número de cliente es 28456123.",
        "Pedido 45123987 en camino.",
        "Your order 45123987 has shipped.",
        "El DNI termina en 78, ¿es correcto?",
        "Son 28.456.123 pesos en total.",  # a plain 8-digit amount is not an id
        "Ticket 536-22-8571 closed",
    ],
)
def test_id_look_alikes(checker: Checker, text: str) -> None:
    assert found(checker, text) == []


# -- credentials ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "value", "lang"),
    [
        ("Listo, tu contraseña nueva es Sol4r!9x", "Sol4r!9x", "es"),
        ("La clave provisoria para entrar es K2m-77pz, cambiala al ingresar.", "K2m-77pz", "es"),
        ("El PIN de la caja fuerte de la habitación es 2291.", "2291", "es"),
        ("Tu código de verificación: 553 019", "553 019", "es"),
        ("Your locker PIN is 8812.", "8812", "en"),
        ("Use code 771204 to sign in.", "771204", "en"),
        ("The CVV on the back is 419, please don't share it.", "419", "en"),
        ('La respuesta a su pregunta de seguridad es "Bicicleta".', "Bicicleta", "es"),
        ("Red Invitados, contraseña CasaVerde22", "CasaVerde22", "es"),
        ("The guest wifi password is bluebird.", "bluebird", "en"),
        ("Para retirar muestre el código de recogida A7K9Q.", "A7K9Q", "es"),
        ("password: pepito123", "pepito123", "en"),
        ("Your password has been reset to Orange-Cloud-7.", "Orange-Cloud-7", "en"),
        ("¡Tu contraseña es Gato2024!", "Gato2024", "es"),
        ("Your password is Gato2024!", "Gato2024!", "en"),
        ("El código de la puerta es 0931#", "0931#", "es"),
        ("Pregunta de seguridad: su primer colegio. Respuesta: Miraflores", "Miraflores", "es"),
        ("Tu código para retirar en sucursal: 9QF4", "9QF4", "es"),
    ],
)
def test_disclosed_credentials_are_blocked(
    checker: Checker, text: str, value: str, lang: str
) -> None:
    report = checker.check(text, lang=lang)
    assert [(f.kind, f.text) for f in report.findings] == [("credential", value)]
    finding = report.findings[0]
    assert finding.severity == "block"
    assert set(finding.fixes[0].replacement) == {"•"}  # not even the last digits of a PIN


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("Nunca compartas tu contraseña con nadie, ni siquiera con nosotros.", "es"),
        ("Le enviaremos un código por SMS para confirmar.", "es"),
        ("Your password must be at least 8 characters long.", "en"),
        ("Si olvidaste tu PIN, podés pedir uno nuevo desde la app.", "es"),
        ("Usá el código VERANO20 para tener 20% de descuento.", "es"),
        ("El código de descuento es PROMO15.", "es"),
        ("Tu código postal es 28013, ¿correcto?", "es"),
        ("Your booking code is K7XQ2M.", "en"),
        ("El código de su pedido es 48213.", "es"),
        ("La contraseña es personal e intransferible.", "es"),
        ("La clave es tener paciencia.", "es"),
        ("Ingresá con tu usuario jperez88 y la contraseña que elegiste.", "es"),
        ("Error code 404 means the page was not found.", "en"),
        ("We will never ask for your PIN or password.", "en"),
        ("Your verification code expires in 10 minutes.", "en"),
    ],
)
def test_mentions_and_codes_that_are_not_secrets(checker: Checker, text: str, lang: str) -> None:
    assert found(checker, text, lang) == []


# -- secret tokens ------------------------------------------------------------------------------

_JWT = (
    "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiJ0ZXN0LXVzZXIiLCJpYXQiOjE3MDAwMDAwMDB9"
    ".c2lnbmF0dXJlLW5vdC1yZWFsLWp1c3QtdGVzdA"
)
_PEM = (
    "-----BEGIN RSA PRIVATE KEY-----\n"
    "MIIBOgIBAAJBAKj34GkxFhD90vcNLYLInFEX6Ppy1tPf9Cnzj4p4WGeKLs1Pt8Qu\n"
    "KUpRKfFLfRYC9AIKjbJTWit+CqvjWYzvQwECAwEAAQ==\n"
    "-----END RSA PRIVATE KEY-----"
)


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("key id AKIA" + "Z" * 4 + "2JX7TESTONLY" + " in the config", "AKIAZZZZ2JX7TESTONLY"),
        ("token: ghp_" + "a1B2c3D4e5" * 3 + "abcdef", "ghp_" + "a1B2c3D4e5" * 3 + "abcdef"),
        ("glpat-" + "Kx8q2LmZ7vRt4Wn9Ab3c" + " is the deploy token", "glpat-Kx8q2LmZ7vRt4Wn9Ab3c"),
        ("bot: xoxb-1234567890-abcdefghijkl", "xoxb-1234567890-abcdefghijkl"),
        ("usa sk_live_" + "4eC39HqLyjWDarjtT1zdp7dc", "sk_live_4eC39HqLyjWDarjtT1zdp7dc"),
        (
            "AIza" + "SyA-q7Lm2Xc9Vb4Nz1Tr8Yw5Kp3Hd6Gf0Js" + " es la clave de Maps",
            "AIzaSyA-q7Lm2Xc9Vb4Nz1Tr8Yw5Kp3Hd6Gf0Js",
        ),
        ("Authorization: Bearer " + _JWT, _JWT),
        ("Te paso la clave:\n" + _PEM + "\nno la compartas", _PEM),
    ],
)
def test_secret_tokens(checker: Checker, text: str, value: str) -> None:
    assert found(checker, text) == [("secret_token", value)]


@pytest.mark.parametrize(
    "text",
    [
        "publishable key pk_live_" + "4eC39HqLyjWDarjtT1zdp7dc",
        "Pedido 550e8400-e29b-41d4-a716-446655440000 confirmado",
        "Serial SN-8842-AKX-20 registrado",
    ],
)
def test_token_look_alikes(checker: Checker, text: str) -> None:
    assert found(checker, text) == []


# -- e-mail and phone --------------------------------------------------------------------------


def test_email_with_accented_local_part(checker: Checker) -> None:
    assert found(checker, "escribí a josé.pérez@correo.es") == [("email", "josé.pérez@correo.es")]


def test_emails_are_info(checker: Checker) -> None:
    text = "Escribinos a reclamos@mi-tienda.com.ar o a ana.perez+pedidos@gmail.com."
    report = checker.check(text, lang="es")
    assert [(f.kind, f.text, f.severity) for f in report.findings] == [
        ("email", "reclamos@mi-tienda.com.ar", "info"),
        ("email", "ana.perez+pedidos@gmail.com", "info"),
    ]
    assert report.verdict == "ok"


@pytest.mark.parametrize(
    "text",
    [
        "Seguinos en Instagram @moda.nube para novedades",
        "Mirá https://medium.com/@tienda.sur/rebajas",
        "El usuario es juan@ sin dominio",
    ],
)
def test_email_look_alikes(checker: Checker, text: str) -> None:
    assert found(checker, text) == []


def _phone(region: str, fmt: int) -> str:
    number = phonenumbers.example_number_for_type(region, phonenumbers.PhoneNumberType.MOBILE)
    assert number is not None
    return phonenumbers.format_number(number, fmt)


@pytest.mark.parametrize("region", ["ES", "MX", "AR", "CO", "CL", "PE", "US", "GB"])
@pytest.mark.parametrize(
    "fmt", [phonenumbers.PhoneNumberFormat.NATIONAL, phonenumbers.PhoneNumberFormat.INTERNATIONAL]
)
def test_phones_of_every_market(checker: Checker, region: str, fmt: int) -> None:
    value = _phone(region, fmt)
    lang = "en" if region in ("US", "GB") else "es"
    text = f"Llámenos al {value} de lunes a viernes." if lang == "es" else f"Call {value} today."
    assert found(checker, text, lang) == [("phone", value)]


@pytest.mark.parametrize(
    ("text", "value", "lang"),
    [
        ("Call toll-free 1-800-275-2273 anytime.", "1-800-275-2273", "en"),
        ("Llame gratis al 900 100 200.", "900 100 200", "es"),
        ("Línea gratuita 0800 333 4444", "0800 333 4444", "es"),
        ("Fono (2) 2123 4567, horario de oficina", "(2) 2123 4567", "es"),
        ("Our office: +44 20 7946 0958.", "+44 20 7946 0958", "en"),
        ("Berlin: +49 30 901820", "+49 30 901820", "en"),
        ("Llámanos al 900 123 456 24 horas al día.", "900 123 456", "es"),
        ("Atención: (+34) 612 345 678", "(+34) 612 345 678", "es"),
    ],
)
def test_phone_formats(checker: Checker, text: str, value: str, lang: str) -> None:
    assert found(checker, text, lang) == [("phone", value)]


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("Marque *611 desde su móvil.", "es"),
        ("Extension 2231 is billing.", "en"),
        ("Pedido #4820193756 enviado.", "es"),
        ("Precio: $1,299.00", "en"),
        ("Total 1.234,56 € con IVA", "es"),
        ("La cita es el 12/05/2024 a las 10:30.", "es"),
        ("CP 28013 Madrid, calle Mayor 45, 3º B", "es"),
        ("Your parcel tracking is 9261 2990 1745 3318 0462 57 (USPS).", "en"),
        ("Su factura F-2024-00318 ya está disponible.", "es"),
        ("Order 2391847562 ships tomorrow.", "en"),
        ("Llegamos en 2 3 días", "es"),
    ],
)
def test_numbers_that_are_not_phones(checker: Checker, text: str, lang: str) -> None:
    assert found(checker, text, lang) == []


# -- several values, overlaps, settings, messages ---------------------------------------------


def test_several_values_in_one_reply(checker: Checker) -> None:
    text = (
        f"Datos del alta: DNI {ES_DNI}, correo lucia.m@example.es y móvil +34 612 34 56 78. "
        f"El recibo se cargará en {_grouped(ES_IBAN)}."
    )
    assert [k for k, _ in found(checker, text)] == ["national_id", "email", "phone", "iban"]


def test_card_next_to_an_expiry_date_and_a_cvv(checker: Checker) -> None:
    text = "Tarjeta 4111 1111 1111 1111 12/27 y el código de seguridad 737."
    assert found(checker, text) == [
        ("payment_card", "4111 1111 1111 1111"),
        ("credential", "737"),
    ]


def test_sensitivity_changes_contact_details_only(checker_factory: CheckerFactory) -> None:
    text = "Escribinos a hola@tienda.com o llamá al +54 9 11 2345-6789. Tarjeta 4111111111111111"
    kinds = {
        level: [
            (f.kind, f.severity)
            for f in checker_factory("es", CheckSettings(sensitivity=level)).check(text).findings
        ]
        for level in ("relaxed", "standard", "strict")
    }
    assert kinds["relaxed"] == [("payment_card", "block")]
    assert kinds["standard"] == [("email", "info"), ("phone", "info"), ("payment_card", "block")]
    assert kinds["strict"] == [
        ("email", "warning"),
        ("phone", "warning"),
        ("payment_card", "block"),
    ]


def test_messages_are_translated_and_fixes_mask_the_value(checker_factory: CheckerFactory) -> None:
    english = checker_factory("en").check("Tarjeta 4111 1111 1111 1111", lang="es").findings[0]
    spanish = checker_factory("es").check("Tarjeta 4111 1111 1111 1111", lang="es").findings[0]
    assert "card number" in english.message
    assert "tarjeta" in spanish.message
    assert [fix.label for fix in spanish.fixes] == ["Ocultar", "Quitar"]
    assert spanish.fixes[0].replacement == "•••• •••• •••• 1111"
    assert spanish.fixes[1].replacement == ""


def test_ignored_kinds_setting_applies(checker_factory: CheckerFactory) -> None:
    checker = checker_factory("en", CheckSettings(ignored_kinds=frozenset({"sensitive.email"})))
    assert checker.check("mail me at a.b@example.org", lang="en").findings == ()


def test_text_without_digits_or_at_signs(checker: Checker) -> None:
    assert found(checker, "Hola, gracias por escribirnos. ¿En qué podemos ayudarle?") == []
    assert found(checker, "") == []
