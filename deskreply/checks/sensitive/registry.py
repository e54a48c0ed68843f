"""Every detector of the sensitive check, with its kind, label and its own examples.

Like Presidio's recognizer registry: one list says what exists. Each entry names the finding
kind and ``reason`` it produces, a human label, sentences that must yield exactly that value
(``positives``: (sentence, value)) and sentences that must not yield that kind
(``negatives``). ``tests/checks/test_sensitive_registry.py`` walks this list through the real
checker. Provider token entries come from :mod:`.token_formats`; their example values are
deterministic pseudo-random strings, never real keys. Id examples are valid by their
published check-digit algorithms (python-stdnum); the sentences are written for this file.
"""

from __future__ import annotations

from dataclasses import dataclass

from deskreply.checks.sensitive.token_formats import FORMATS, TokenFormat


@dataclass(frozen=True)
class DetectorInfo:
    name: str
    kind: str
    label: str
    positives: tuple[tuple[str, str], ...]
    negatives: tuple[str, ...] = ()
    lang: str = "es"


def _token_entry(fmt: TokenFormat) -> DetectorInfo:
    value = fmt.example
    if fmt.group:  # "AccountKey=<key>": only the key is the secret
        value = value.split("=", 1)[1]
    return DetectorInfo(
        name=f"token:{fmt.provider}:{fmt.label}",
        kind="secret_token",
        label=fmt.label,
        positives=(
            (f"Here it is: {fmt.example}", value),
            (f"probá con {fmt.example} ahora", value),
        ),
        negatives=tuple(f"the example {neg} from the docs" for neg in fmt.negatives),
        lang="en",
    )


_PEM = (
    "-----BEGIN RSA PRIVATE KEY-----\n"
    "MIIBOgIBAAJBAKj34GkxFhD90vcNLYLInFEX6Ppy1tPf9Cnzj4p4WGeKLs1Pt8Qu\n"
    "KUpRKfFLfRYC9AIKjbJTWit+CqvjWYzvQwECAwEAAQ==\n"
    "-----END RSA PRIVATE KEY-----"
)

_OTHER: tuple[DetectorInfo, ...] = (
    DetectorInfo(
        "private_key",
        "secret_token",
        "PEM private key block",
        (("Te paso la clave:\n" + _PEM + "\nno la compartas", _PEM),),
        (
            "The file starts with -----BEGIN PRIVATE KEY----- and ends with the END line.",
            "-----BEGIN PRIVATE KEY-----\n...\n-----END PRIVATE KEY-----",
        ),
    ),
    DetectorInfo(
        "high_entropy",
        "secret_token",
        "Unknown secret after a cue word",
        (
            ("Here is the key: 9f8Kq2Lm7Xc4Vb1Nz6Tr3Yw5", "9f8Kq2Lm7Xc4Vb1Nz6Tr3Yw5"),
            ("te paso el token 4c1d9e7b2a8f60e3d5b4a7c9", "4c1d9e7b2a8f60e3d5b4a7c9"),
            ("WEBHOOK_SECRET=Zq81mVt0Rk3Lp9Xc2Bn7Hs4W", "Zq81mVt0Rk3Lp9Xc2Bn7Hs4W"),
            (
                "La clave secreta que usamos en pruebas quedó en Qm7vT2xL9pR4kW8zN3bY6cJ1.",
                "Qm7vT2xL9pR4kW8zN3bY6cJ1",
            ),
            (
                "the shared secret for the webhook, as agreed, is 6e1f0c9a3b7d42e8a5c9f1b0d7e3a6c4",
                "6e1f0c9a3b7d42e8a5c9f1b0d7e3a6c4",
            ),
            ("auth token → K2M9P4L7T3V6N0B5CZX81Q", "K2M9P4L7T3V6N0B5CZX81Q"),
        ),
        (
            "The key is to answer within one hour.",
            "api_key: YOUR_API_KEY_HERE",
            "La clave es tu_token_aqui, reemplazala.",
            "publishable key pk_live_4eC39HqLyjWDarjtT1zdp7dc",
            "The key question about order ZX81KQ2M9P4L7T3V6N0B5C is when it ships.",
            "La clave está en el seguimiento 7F3KQ2X9M1N4B6V5C8Z7W2.",
            "The token expired. Error id 9f8Kq2Lm7Xc4Vb1Nz6Tr3Yw5 was logged.",
        ),
        "en",
    ),
    DetectorInfo(
        "url_password",
        "credential",
        "Password inside a URL",
        (("Entrá a https://soporte:Lun4r!77@panel.example.com/admin", "Lun4r!77"),),
        (
            "Connect to postgres://user:password@localhost:5432/db",
            "La URL es https://usuario:contraseña@servidor/ruta",
        ),
    ),
    DetectorInfo(
        "email",
        "email",
        "E-mail address",
        (("Escribinos a ayuda@tienda-sur.com.ar", "ayuda@tienda-sur.com.ar"),),
        ("Seguinos en @moda.nube", "https://app:Zr8!kq@host.example.com/"),
    ),
    DetectorInfo(
        "phone",
        "phone",
        "Phone number",
        (
            ("Llamanos al (415)555-0132", "(415)555-0132"),
            ("Mi celular es 0991 234 567", "0991 234 567"),
            ("WhatsApp +55 11 91234-5678", "+55 11 91234-5678"),
            ("Escribime al 7012-3456", "7012-3456"),
        ),
        (
            "El servidor es 192.168.10.24",
            "Actualizá a la versión 10.2.45",
            "La entrega es el 12 05 2026",
            "Enviado el 05-12-2026 14:30",
            "Pedido 612345678 en camino",
        ),
    ),
    DetectorInfo(
        "card",
        "payment_card",
        "Payment card number",
        (("la tarjeta 4111 1111 1111 1111 vence 11/28", "4111 1111 1111 1111"),),
        ("La tarjeta 4111 1111 1111 1112 fue rechazada",),
    ),
    DetectorInfo(
        "iban",
        "iban",
        "IBAN",
        (
            ("El IBAN es ES91 2100 0418 4502 0005 1332", "ES91 2100 0418 4502 0005 1332"),
            ("IBAN: ES 91 2100 0418 4502 0005 1332", "ES 91 2100 0418 4502 0005 1332"),
        ),
        ("El IBAN ES92 2100 0418 4502 0005 1332 no es válido",),
    ),
    DetectorInfo(
        "cbu",
        "bank_account",
        "Argentine CBU, also read out digit by digit",
        (
            ("Te paso el CBU: 2850590940090418135201", "2850590940090418135201"),
            (
                "CBU 2 8 5 0 5 9 0 9 4 0 0 9 0 4 1 8 1 3 5 2 0 1",
                "2 8 5 0 5 9 0 9 4 0 0 9 0 4 1 8 1 3 5 2 0 1",
            ),
        ),
        ("El CBU 2850590940090418135202 está mal",),
    ),
    DetectorInfo(
        "clabe",
        "bank_account",
        "Mexican CLABE",
        (("CLABE 032180000118359719", "032180000118359719"),),
        ("CLABE 032180000118359718",),
    ),
    DetectorInfo(
        "credential",
        "credential",
        "Password, PIN, one-time code or security answer after its cue",
        (
            ("Ingresá el código 482913 en la app.", "482913"),
            ("Su PIN provisorio es 7741; cámbielo al entrar.", "7741"),
            ("Your one-time code is 553019.", "553019"),
            ("La respuesta a tu pregunta secreta es Firulais.", "Firulais"),
            ("Le envío el código: 660 214", "660 214"),
            ("Usuario: ana.r / pass: Lluvia#44", "Lluvia#44"),
            ("La caja fuerte se abre con 7781.", "7781"),
        ),
        (
            "Tu pedido 48213 ya está en camino.",
            "El total es de 12500 pesos.",
            "Si no te llegó el código, pedí uno nuevo.",
            "El código de la sucursal es 0311.",
            "Tu reclamo tiene el código 4471.",
            "Area code 212 is New York.",
            "La tienda abre con 2000 unidades en stock.",
            "Boarding pass: 5K7QX2",
        ),
    ),
)


def _id(name: str, label: str, positives: tuple[tuple[str, str], ...], *neg: str) -> DetectorInfo:
    return DetectorInfo(f"id:{name}", "national_id", label, positives, tuple(neg))


_IDS: tuple[DetectorInfo, ...] = (
    _id(
        "es_dni",
        "Spanish DNI/NIF (also 7 digits)",
        (("Mi DNI es 12345678Z", "12345678Z"), ("NIF 1234567L", "1234567L")),
        "El DNI 12345678A tiene la letra mal",
    ),
    _id("es_cif", "Spanish CIF", (("CIF B 12345674", "B 12345674"),), "CIF B12345675"),
    _id(
        "ar_cuit",
        "Argentine CUIT/CUIL",
        (("CUIT 20-12345678-6", "20-12345678-6"),),
        "CUIT 20-12345678-7",
    ),
    _id(
        "br_cpf",
        "Brazilian CPF, with or without punctuation",
        (
            ("CPF 529.982.247-25", "529.982.247-25"),
            ("tenho o 52998224725 cadastrado", "52998224725"),
        ),
        "CPF 529.982.247-26",
    ),
    _id(
        "br_cnpj",
        "Brazilian CNPJ",
        (("CNPJ 45.331.893/0001-96", "45.331.893/0001-96"),),
        "CNPJ 45.331.893/0001-97",
    ),
    _id("cl_rut", "Chilean RUT/RUN", (("RUT 12.345.678-5", "12.345.678-5"),), "RUT 12.345.678-4"),
    _id("co_nit", "Colombian NIT", (("NIT 901.234.567-7", "901.234.567-7"),)),
    _id(
        "ec",
        "Ecuadorian cédula and RUC",
        (("cédula 1714307103", "1714307103"), ("RUC 1714307103001", "1714307103001")),
        "RUC 1714307104001",
    ),
    _id(
        "do",
        "Dominican cédula and RNC",
        (("cédula 001-1391820-5", "001-1391820-5"), ("RNC 1-01-85004-3", "1-01-85004-3")),
        "RNC 1-01-85004-4",
    ),
    _id(
        "sv",
        "Salvadoran DUI and NIT",
        (("DUI 04567890-3", "04567890-3"), ("NIT 0614-050707-100-3", "0614-050707-100-3")),
        "DUI 04567890-4",
    ),
    _id(
        "gt",
        "Guatemalan DPI and NIT",
        (("DPI 2547 93126 0101", "2547 93126 0101"), ("NIT 576937-K", "576937-K")),
        "DPI 2547 93127 0101",
    ),
    _id("hn_dni", "Honduran DNI", (("identidad 0801-1990-12340", "0801-1990-12340"),)),
    _id("mx", "Mexican CURP and RFC", (("CURP LOPM900615MJCPRR07", "LOPM900615MJCPRR07"),)),
    _id(
        "ni_cedula",
        "Nicaraguan cédula",
        (("cédula 001-010190-0001N", "001-010190-0001N"),),
        "cédula 001-010190-0001A",
    ),
    _id(
        "cr",
        "Costa Rican cédulas",
        (("cédula 1-0234-0560", "1-0234-0560"), ("cédula jurídica 3-101-123450", "3-101-123450")),
    ),
    _id("py_ruc", "Paraguayan RUC", (("RUC 8001234-5", "8001234-5"),), "RUC 8001234-6"),
    _id(
        "pe",
        "Peruvian DNI and RUC",
        (("DNI 45123987", "45123987"), ("RUC 10461234564", "10461234564")),
    ),
    _id(
        "uy",
        "Uruguayan CI and RUT",
        (("CI 4.567.890-5", "4.567.890-5"), ("RUT 212345670015", "212345670015")),
        "RUT 212345670016",
    ),
    _id(
        "ve",
        "Venezuelan cédula and RIF",
        (("cédula V-12.345.678", "V-12.345.678"), ("RIF V-11470283-4", "V-11470283-4")),
        "RIF V-11470283-3",
    ),
    _id(
        "pa_cedula",
        "Panamanian cédula, with or without its letters",
        (
            ("te paso la mía: 8-745-1234", "8-745-1234"),
            ("PE-9-1234 es la de mi hijo", "PE-9-1234"),
            ("la vieja era 8AV-123-456", "8AV-123-456"),
        ),
        "Llamame al 6-123-4567",
        "Llegó el 1-12-2024",
    ),
    _id("cu_ni", "Cuban carné de identidad", (("carné de identidad 91021027770", "91021027770"),)),
    _id(
        "bo_ci",
        "Bolivian CI, with its department",
        (
            ("carnet de identidad 4567123", "4567123"),
            ("Mi carnet es el 5123987 LP, a nombre de Juan.", "5123987 LP"),
            ("¿Es 4567123 tu número de carnet?", "4567123"),
        ),
        "Pedido 4567123 LP despachado",
    ),
    _id(
        "id_value_first",
        "An id given before its cue, or after a question mark",
        (
            ("23.456.789 es mi DNI", "23.456.789"),
            ("Is 0801-1990-12340 still your ID number?", "0801-1990-12340"),
            ("Pasame tu cédula, ¿es 8-745-1234?", "8-745-1234"),
            ("Her ID card number is 4821734.", "4821734"),
            ("I changed your cedula to 8-745-1234.", "8-745-1234"),
        ),
        "El pedido 48213579 es tu compra",
        "Order 48213579 is your order",
    ),
    _id(
        "br_rg",
        "Brazilian RG after its cue",
        (("RG 12.345.678-9", "12.345.678-9"),),
        "Protocolo 12.345.678-9",
    ),
    _id(
        "us_ssn",
        "US / Puerto Rico SSN",
        (("seguro social 536-22-8571", "536-22-8571"),),
        "Ticket 536-22-8571 closed",
    ),
)

DETECTORS: tuple[DetectorInfo, ...] = tuple(_token_entry(fmt) for fmt in FORMATS) + _OTHER + _IDS
