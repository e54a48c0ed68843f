"""Issue 12 through the real Checker: more token providers, placeholders, URL passwords, ids of
every Spanish-speaking country and Brazil, phones that are never IPs/dates/versions, and
credentials phrased value-first, with voseo, tuteo, usted and English.

Values are generated with python-stdnum or :func:`token_formats.sample`; the sentences are
written for these tests (not taken from the probe set or the dev set).
"""

from __future__ import annotations

from collections.abc import Callable

import pytest
from stdnum import luhn
from stdnum.ar import cuit
from stdnum.br import cpf
from stdnum.cl import rut
from stdnum.do import cedula as do_cedula
from stdnum.ec import ci as ec_ci
from stdnum.gt import nit as gt_nit
from stdnum.ve import rif

from deskreply.checks.engine import Checker
from deskreply.checks.sensitive.id_checks import gt_dpi
from deskreply.checks.sensitive.token_formats import ALNUM, HEX, URLSAFE, sample
from tests.checks.sensitive_helpers import sensitive_found, valid_value

CheckerFactory = Callable[..., Checker]


@pytest.fixture(scope="module")
def checker(checker_factory: CheckerFactory) -> Checker:
    return checker_factory("en")


# -- tokens ---------------------------------------------------------------------------------
HF = "hf_" + sample("t-hf", ALNUM[:52], 34)
ANTHROPIC = "sk-ant-api03-" + sample("t-an", URLSAFE, 93) + "AA"
STRIPE_TEST = "sk_test_" + sample("t-st", ALNUM, 24)
RESTRICTED = "rk_live_" + sample("t-rk", ALNUM, 24)
SLACK_HOOK = "https://hooks.slack.com/services/T0A1B2C3D/B0A1B2C3D4E/" + sample("t-sh", ALNUM, 24)
DO_TOKEN = "dop_v1_" + sample("t-do", HEX, 64)
POSTMAN = "PMAK-" + sample("t-pm1", HEX, 24) + "-" + sample("t-pm2", HEX, 34)
UNKNOWN = sample("t-unk", ALNUM, 32)


@pytest.mark.parametrize(
    ("text", "value", "lang"),
    [
        (f"Here is the key: {HF}", HF, "en"),
        (f"I rotated it, the new one is {ANTHROPIC}", ANTHROPIC, "en"),
        (f"para pruebas usá {STRIPE_TEST}", STRIPE_TEST, "es"),
        (f"La restringida es {RESTRICTED}, solo lectura.", RESTRICTED, "es"),
        (f"Posteá en {SLACK_HOOK} y llega al canal.", SLACK_HOOK, "es"),
        (f"DO token {DO_TOKEN}", DO_TOKEN, "en"),
        (f"Colección compartida con {POSTMAN}", POSTMAN, "es"),
        (f"The secret is {UNKNOWN}, keep it safe.", UNKNOWN, "en"),
        (f"te paso la llave secreta: {UNKNOWN}", UNKNOWN, "es"),
        (f"export SERVICE_TOKEN={UNKNOWN}", UNKNOWN, "en"),
    ],
)
def test_more_tokens_in_chat_sentences(checker: Checker, text: str, value: str, lang: str) -> None:
    assert sensitive_found(checker, text, lang) == [("secret_token", value)]


@pytest.mark.parametrize(
    "text",
    [
        "Copy AKIAIOSFODNN7EXAMPLE from the AWS guide, then swap in yours.",
        "GITHUB_TOKEN=ghp_xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx",
        "Pegá tu clave en el formato sk_live_XXXXXXXXXXXXXXXXXXXXXXXX",
        "The key file begins with -----BEGIN OPENSSH PRIVATE KEY----- and then the key.",
        "-----BEGIN PRIVATE KEY-----\n...\n-----END PRIVATE KEY-----",
        "api_key = '<your-api-key>'",
        "The secret key is to listen first.",
        "Your token will arrive by e-mail in 5 minutes.",
        "commit 3f9a1c2e7b8d4f6a0c5e9b1d2a7f3c8e6b4d0a9f fixes it",
    ],
)
def test_placeholders_and_look_alikes_are_not_tokens(checker: Checker, text: str) -> None:
    assert [k for k, _ in sensitive_found(checker, text, "en") if k == "secret_token"] == []


@pytest.mark.parametrize(
    "text",
    [
        "The secret key: ghp_xxxxxxxxxxxxxxxxxxxx",
        "La clave secreta es sk_test_XXXXXXXXXXXX, la del ejemplo.",
        # a masked value: what follows it is not the secret either
        "The password ******** is hidden.",
        "Tu contraseña •••••••• está oculta.",
    ],
)
def test_placeholders_after_a_credential_cue_are_not_credentials(
    checker: Checker, text: str
) -> None:
    assert [k for k, _ in sensitive_found(checker, text, "en") if k == "credential"] == []


def test_password_inside_a_url_is_a_credential_not_an_email(checker: Checker) -> None:
    text = "Usá redis://default:Tr0mpo-44@cache.example.com:6379 para la caché."
    assert sensitive_found(checker, text) == [("credential", "Tr0mpo-44")]
    assert sensitive_found(checker, "Probá https://usuario:contraseña@host.example.com/") == []


# -- ids ------------------------------------------------------------------------------------
BR_CPF = valid_value("318447520", 11, cpf.is_valid)
EC_CI = valid_value("091234567", 10, ec_ci.is_valid)
DO_CED = valid_value("4021234567", 11, do_cedula.is_valid)
VE_RIF = valid_value("J3012345", 10, rif.is_valid)
AR_CUIL = valid_value("2030145678", 11, cuit.is_valid)
AR_CUIL_DOTTED = f"{AR_CUIL[:2]}-{AR_CUIL[2:4]}.{AR_CUIL[4:7]}.{AR_CUIL[7:10]}-{AR_CUIL[10]}"
# A Guatemalan DPI that is also a Luhn-valid 13-digit number starting with 4 (a Visa length).
GT_DPI_CARD_LIKE = next(
    v
    for v in (f"42278758{c}{dept:02d}{muni:02d}" for c in range(10) for dept in range(1, 23)
              for muni in range(1, 20))
    if gt_dpi(v) and luhn.is_valid(v)
)
GT_NIT_K = next(f"{n}K" for n in range(3_766_357, 3_800_000) if gt_nit.is_valid(f"{n}K"))
GT_NIT_K_WRONG = next(f"{n}K" for n in range(3_766_357, 3_800_000) if not gt_nit.is_valid(f"{n}K"))
CL_RUT_K = next(f"{n}K" for n in range(12_345_678, 12_400_000) if rut.is_valid(f"{n}K"))


@pytest.mark.parametrize(
    ("text", "value"),
    [
        (f"Sim, o {BR_CPF} é o meu", BR_CPF),  # a bare CPF: two check digits are enough
        (f"cédula {EC_CI}", EC_CI),
        (
            f"Su cédula: {DO_CED[:3]}-{DO_CED[3:10]}-{DO_CED[10]}",
            f"{DO_CED[:3]}-{DO_CED[3:10]}-{DO_CED[10]}",
        ),
        (
            f"RIF de la empresa {VE_RIF[0]}-{VE_RIF[1:9]}-{VE_RIF[9]}",
            f"{VE_RIF[0]}-{VE_RIF[1:9]}-{VE_RIF[9]}",
        ),
        ("le atiende la titular, V-18.456.231", "V-18.456.231"),
        ("Mi DUI es 04567890-3", "04567890-3"),
        ("CIF B 12345674 para la factura", "B 12345674"),
        ("NIF 1234567L", "1234567L"),
        # a CUIL/CUIT written with its check digit after a dash, or with thousands dots
        (f"Facturá a nombre de {AR_CUIL[:10]}-{AR_CUIL[10]}", f"{AR_CUIL[:10]}-{AR_CUIL[10]}"),
        (f"para la factura: {AR_CUIL_DOTTED}", AR_CUIL_DOTTED),
        # after its cue a verified id wins over a card of the same length
        (f"Mi DPI es {GT_DPI_CARD_LIKE}", GT_DPI_CARD_LIKE),
        # a check letter K without the dash, after the id's own cue
        (f"Facturar con NIT {GT_NIT_K}, gracias", GT_NIT_K),
        (f"mi RUT es {CL_RUT_K}", CL_RUT_K),
        # the DNI written under the CUIL/CUIT cue (the middle eight digits)
        (f"CUIL {AR_CUIL[2:10]}", AR_CUIL[2:10]),
    ],
)
def test_ids_of_more_countries(checker: Checker, text: str, value: str) -> None:
    assert sensitive_found(checker, text) == [("national_id", value)]


@pytest.mark.parametrize(
    "text",
    [
        "Mi DUI es 04567890-4",  # wrong check digit: not an id, and not a phone either
        "RUT 12.345.678-4",
        "CI 1234567-3",  # a check digit after a dash: only an id whose check holds
        "cédula 1.234.567-3",
        f"Su cédula: {DO_CED[:3]}-{DO_CED[3:10]}-{(int(DO_CED[10]) + 1) % 10}",
        f"CUIL {AR_CUIL[:10]}-{(int(AR_CUIL[10]) + 1) % 10}",
        f"Mi DNI es {AR_CUIL[:10]}{(int(AR_CUIL[10]) + 1) % 10}",
        f"NIT {GT_NIT_K_WRONG}",  # K does not verify
    ],
)
def test_wrong_check_digits_are_neither_ids_nor_phones(checker: Checker, text: str) -> None:
    assert sensitive_found(checker, text) == []


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("Mi pasaporte es PAA123456, vence en 2030.", "PAA123456"),
        ("passport number 123456789", "123456789"),
        ("RG 12345678", "12345678"),
        ("PIS 120.54736.02-5", "120.54736.02-5"),
        ("Clave de elector GMVLMR80070501M100", "GMVLMR80070501M100"),
        ("NSS 281234567840", "281234567840"),  # Spain: province + number + mod-97 digits
        ("licencia de conducir 12345678", "12345678"),
    ],
)
def test_passports_licences_and_social_security_numbers(
    checker: Checker, text: str, value: str
) -> None:
    assert sensitive_found(checker, text) == [("national_id", value)]


@pytest.mark.parametrize(
    "text",
    [
        "Pedido PAA123456 enviado.",  # letters and digits without a passport cue
        f"Pedido {GT_NIT_K} enviado.",  # digits and K without a NIT/RUT cue: a code
        "NSS 281234567841",  # wrong mod-97 digits
        "PIS 120.54736.02-4",  # wrong check digit
    ],
)
def test_cued_ids_need_their_cue_and_check(checker: Checker, text: str) -> None:
    assert [k for k, _ in sensitive_found(checker, text) if k == "national_id"] == []


def test_iban_with_a_space_after_the_country_code(checker: Checker) -> None:
    text = "IBAN ES 91 2100 0418 4502 0005 1332, titular Ana"
    assert sensitive_found(checker, text) == [("iban", "ES 91 2100 0418 4502 0005 1332")]


# -- phones ---------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("Call (415)555-0132 after lunch", "(415)555-0132"),
        ("Mi WhatsApp es 0981 456789", "0981 456789"),
        ("Llamá al 2901 2345 (Montevideo)", "2901 2345"),
        ("celular +593 98 765 4321", "+593 98 765 4321"),
        ("Telefone (21) 99876-5432", "(21) 99876-5432"),
    ],
)
def test_more_phone_formats(checker: Checker, text: str, value: str) -> None:
    assert sensitive_found(checker, text) == [("phone", value)]


@pytest.mark.parametrize(
    "text",
    [
        "Probá conectarte a 10.20.30.40 desde la VPN.",
        "La IP pública es 181.45.210.7",
        "Actualizá a la versión 12.4.1023",
        "Firmware 3.10.2.18842 instalado",
        "Entregado el 14 02 2026 a las 10.",
        "Enviado 2026-02-14 09:30",
        "Sent on 02-14-2026 09:30",
    ],
)
def test_ips_dates_and_versions_are_not_phones(checker: Checker, text: str) -> None:
    assert [k for k, _ in sensitive_found(checker, text) if k == "phone"] == []


# -- credentials ----------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("text", "value", "lang"),
    [
        ("Poné el código 4821 y listo.", "4821", "es"),  # voseo
        ("Introduce el código 6612 en la pantalla.", "6612", "es"),  # tuteo
        ("Digite el código 5512, por favor.", "5512", "es"),  # usted
        ("Te mandé el código, es el 5521.", "5521", "es"),
        ("482913 es tu código de verificación.", "482913", "es"),
        ("El 7741 es su PIN nuevo.", "7741", "es"),
        ("4471 is your PIN.", "4471", "en"),
        ("Use 90210 as the verification code.", "90210", "en"),
        ("A la pregunta de seguridad respondé Pelusa", "Pelusa", "es"),
        ("Le paso el token que le llegó al celular: 778 112", "778 112", "es"),
        ("Cuando te pida el PIN, poné 4471", "4471", "es"),
        ("Para el código ingrese 552100", "552100", "es"),
        ("When asked for the code, type 998877", "998877", "en"),
        # a question mark with no opening "¿" ends the sentence, not the number
        ("Pasame el código que te llegó por SMS, es 883201?", "883201", "es"),
        ("Tu PIN es 4471?", "4471", "es"),
        # the order is what the pickup code collects, not what the code is of
        ("Usá este código para retirar el pedido: 5531", "5531", "es"),
        ("El código para retirar tu pedido es 5531", "5531", "es"),
        # a code named only by what typing it does
        ("Enter 448812 to confirm your account.", "448812", "en"),
        ("Ingresá 5521 para validar tu cuenta", "5521", "es"),
        ("Para entrar al edificio marcá 2408# en el portero.", "2408#", "es"),
        # a field label ("Pass:") and a number that opens a lock named before it
        ("User: maria.g / pass: Lluvia#44", "Lluvia#44", "en"),
        ("pw=Zorro!88", "Zorro!88", "en"),
        ("The safe opens with 0042.", "0042", "en"),
        ("La caja fuerte se abre con 7781.", "7781", "es"),
        ("El candado abre con la combinación 3-1-9.", "3-1-9", "es"),
        ("La alarma se desactiva con 5590.", "5590", "es"),
        ("The combination is 12-34-56.", "12-34-56", "en"),
        # "la contra" is the Rioplatense short form of contraseña when it names what it opens
        ("La contra del wifi es Nube77", "Nube77", "es"),
        ("Te paso la contra de la cuenta: Faro_2290", "Faro_2290", "es"),
        # a code read out digit by digit, or what a change set it to
        ("tu código de acceso es 7 3 9 1 2 0", "7 3 9 1 2 0", "es"),
        ("Your access code is 4 4 8 1 2 0.", "4 4 8 1 2 0", "en"),
        ("Tu clave de cajero quedó en 1987", "1987", "es"),
        ("I reset your password to Welcome2025!", "Welcome2025!", "en"),
        ("Cambié tu PIN a 4471, ya podés usarlo.", "4471", "es"),
        ("We changed the door code to 5590.", "5590", "en"),
        # the usual security questions name their answer
        ("Mother's maiden name: Rodriguez", "Rodriguez", "en"),
        ("Apellido de soltera de su madre: Quiroga", "Quiroga", "es"),
    ],
)
def test_credentials_in_more_phrasings(checker: Checker, text: str, value: str, lang: str) -> None:
    assert sensitive_found(checker, text, lang) == [("credential", value)]


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("Your order code is 88123.", "en"),
        ("Este es tu código de descuento.", "es"),
        ("Ingresá tu PIN de 4 dígitos.", "es"),
        ("Enter the 6-digit code we sent you.", "en"),
        ("El pedido 552211 ya salió.", "es"),
        ("Son $ 4.500 con el código de descuento.", "es"),
        ("Usá el token del banco para confirmar.", "es"),
        ("El código de descuento, usá VERANO20", "es"),
        ("Ingresá el código de tu pedido 48213", "es"),
        ("El código del pedido es 553112", "es"),
        ("Marque 1 para continuar.", "es"),
        ("Introduzca 28001 para ver los envíos a su zona.", "es"),
        ("Enter your order number 448812 to confirm.", "en"),
        ("Use 2024 to find the model in the list.", "en"),
        ("Pass: Tuesday.", "en"),
        ("Pass me the order number, please.", "en"),
        ("Boarding pass: 5K7QX2", "en"),
        ("La tienda abre con 2000 unidades en stock.", "es"),
        ("La puerta se abre con 100 kilos de fuerza.", "es"),
        ("The store opens with 1200 units in stock.", "en"),
        ("The gate opens at 0800.", "en"),
        # "contra" alone is "against" or "the downside"
        ("La contra del wifi es que se corta de noche.", "es"),
        ("Estamos en contra del cobro doble, Marta.", "es"),
        ("La contra es que tarda 10 días.", "es"),
        # after a change, "to"/"a" introduce only a value that looks secret
        ("Set a password to continue.", "en"),
        ("Please set up your PIN to access.", "en"),
        ("Cambiá tu contraseña a tiempo.", "es"),
        ("We reset the code to default.", "en"),
        ("Tu clave quedó en revisión.", "es"),
        ("La contraseña queda en blanco", "es"),
        # commas around other words than a value (a comma does not introduce one)
        ("Your password, e.g. Passw0rd!, must be longer.", "en"),
        ("password, 123456, is the most common one", "en"),
        ("La contraseña, como te dije, se cambia desde la app.", "es"),
        ("El código del pedido, 553112, ya salió.", "es"),
        ("Tu PIN, por seguridad, no lo compartas.", "es"),
        ("Your code, 3 times wrong, is now blocked.", "en"),
        ("Necesitamos el apellido de soltera de su madre para validar.", "es"),
    ],
)
def test_order_numbers_and_amounts_are_not_credentials(
    checker: Checker, text: str, lang: str
) -> None:
    assert sensitive_found(checker, text, lang) == []


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("We sent the verification code to +34 612 345 678.", "en"),
        ("Enviamos el código de verificación a 612345678.", "es"),
        ("Send the code to 612 345 678 and wait.", "en"),
    ],
)
def test_where_a_code_is_sent_is_a_phone_not_the_code(
    checker: Checker, text: str, lang: str
) -> None:
    # "to"/"a" after a cue introduces the value only after a change ("reset … to …")
    assert [kind for kind, _ in sensitive_found(checker, text, lang)] == ["phone"]


def test_quoted_values_never_keep_their_inner_spaces(checker: Checker) -> None:
    # found by the property test: the span must be the secret, not the blanks around it
    assert sensitive_found(checker, 'la contraseña es " Gato2024 "') == [("credential", "Gato2024")]
    assert sensitive_found(checker, 'contraseña es "  "') == []
