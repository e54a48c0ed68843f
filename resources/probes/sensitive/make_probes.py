# ruff: noqa: E501  (long f-strings are the probe sentences themselves)
"""Write ``probes.jsonl``: the sensitive-check probe set (see README.md in this folder).

Usage: python resources/probes/sensitive/make_probes.py

Seeded: the same file every run. Values are generated here (random digits/characters, check
digits found by python-stdnum's validators), never copied from a detector's examples; the
sentences are chat replies written for this file. Each record:
``{"id", "group", "lang", "text", "spans": [{"start", "end", "kind"}]}``.
"""

from __future__ import annotations

import json
import random
import string
import sys
from collections.abc import Callable
from pathlib import Path

from stdnum.ar import cbu, cuit
from stdnum.br import cnpj, cpf
from stdnum.cl import rut as cl_rut
from stdnum.co import nit as co_nit
from stdnum.cr import cpf as cr_cpf
from stdnum.cr import cpj as cr_cpj
from stdnum.cu import ni as cu_ni
from stdnum.do import cedula as do_cedula
from stdnum.do import rnc as do_rnc
from stdnum.ec import ci as ec_ci
from stdnum.ec import ruc as ec_ruc
from stdnum.es import ccc, cif, dni, nie
from stdnum.gt import nit as gt_nit
from stdnum.mx import curp, rfc
from stdnum.pe import ruc as pe_ruc
from stdnum.py import ruc as py_ruc
from stdnum.sv import nit as sv_nit
from stdnum.us import ssn
from stdnum.uy import rut as uy_rut
from stdnum.ve import rif

OUT = Path(__file__).with_name("probes.jsonl")
R = random.Random(20261202)
ALNUM = string.ascii_letters + string.digits
HEX = "0123456789abcdef"
B64 = ALNUM + "+/"
URLSAFE = ALNUM + "_-"

records: list[dict[str, object]] = []


def add(
    group: str, lang: str, template: str, values: list[tuple[str, str]], note: str = ""
) -> None:
    """``template`` has ``{0}``, ``{1}``… where ``values[i] = (text, kind)``; kind "" = no span."""
    text = ""
    spans = []
    rest = template
    for i, (value, kind) in enumerate(values):
        marker = "{" + str(i) + "}"
        before, _, rest = rest.partition(marker)
        text += before
        if kind:
            spans.append({"start": len(text), "end": len(text) + len(value), "kind": kind})
        text += value
    text += rest
    records.append(
        {
            "id": f"{group}-{len(records):04d}",
            "group": group,
            "lang": lang,
            "text": text,
            "spans": spans,
            "note": note,
        }
    )


def rnd(chars: str, n: int) -> str:
    return "".join(R.choice(chars) for _ in range(n))


def digits(n: int, first: str = "123456789") -> str:
    return R.choice(first) + rnd(string.digits, n - 1)


def valid(make: Callable[[], str], check: Callable[[str], bool]) -> str:
    for _ in range(10_000):
        value = make()
        if check(value):
            return value
    raise RuntimeError("no valid value")


def broken(value: str, check: Callable[[str], bool]) -> str:
    """Same value with its last digit changed so that the check fails."""
    for i in range(len(value) - 1, -1, -1):
        if value[i].isdigit():
            for d in "0123456789":
                cand = value[:i] + d + value[i + 1 :]
                if d != value[i] and not check(cand):
                    return cand
    raise RuntimeError(f"cannot break {value}")


# -- tokens ---------------------------------------------------------------------------------
def tok(provider: str) -> str:
    a = lambda n: rnd(ALNUM, n)  # noqa: E731
    h = lambda n: rnd(HEX, n)  # noqa: E731
    u = lambda n: rnd(URLSAFE, n)  # noqa: E731
    up = lambda n: rnd(string.ascii_uppercase + string.digits, n)  # noqa: E731
    makers: dict[str, Callable[[], str]] = {
        "aws": lambda: "AKIA" + rnd(string.ascii_uppercase + "234567", 16),
        "github_classic": lambda: "ghp_" + a(36),
        "github_oauth": lambda: "gho_" + a(36),
        "github_fine": lambda: "github_pat_" + a(22) + "_" + a(59),
        "gitlab": lambda: "glpat-" + u(20),
        "slack_bot": lambda: f"xoxb-{digits(11)}-{digits(12)}-{a(24)}",
        "slack_webhook": lambda: f"https://hooks.slack.com/services/T{up(8)}/B{up(10)}/{a(24)}",
        "stripe_live": lambda: "sk_live_" + a(24),
        "stripe_test": lambda: "sk_test_" + a(24),
        "stripe_restricted": lambda: "rk_live_" + a(24),
        "stripe_webhook": lambda: "whsec_" + a(32),
        "google_api": lambda: "AIza" + u(35),
        "google_oauth": lambda: "GOCSPX-" + u(28),
        "openai": lambda: "sk-proj-" + u(40) + "T3BlbkFJ" + u(40),
        "anthropic": lambda: "sk-ant-api03-" + u(93) + "AA",
        "huggingface": lambda: "hf_" + rnd(string.ascii_letters, 34),
        "sendgrid": lambda: "SG." + u(22) + "." + u(43),
        "twilio": lambda: "SK" + h(32),
        "mailgun": lambda: "key-" + h(32),
        "mailchimp": lambda: h(32) + "-us" + str(R.randint(1, 21)),
        "sentry_dsn": lambda: f"https://{h(32)}@o{digits(6)}.ingest.sentry.io/{digits(7)}",
        "sentry_token": lambda: "sntryu_" + h(64),
        "heroku": lambda: "HRKU-AA" + u(58),
        "square": lambda: "EAAA" + u(60),
        "square_oauth": lambda: "sq0csp-" + u(43),
        "postman": lambda: f"PMAK-{h(24)}-{h(34)}",
        "digitalocean": lambda: "dop_v1_" + h(64),
        "azure_secret": lambda: a(3) + str(R.randint(0, 9)) + "Q~" + rnd(ALNUM + "_~.-", 34),
        "azure_storage": lambda: "AccountKey=" + rnd(B64, 86) + "==",
        "npm": lambda: "npm_" + a(36),
        "pypi": lambda: "pypi-AgEIcHlwaS5vcmc" + u(60),
        "shopify": lambda: "shpat_" + h(32),
        "mercadopago": lambda: f"APP_USR-{digits(16)}-{digits(6)}-{h(32)}-{digits(9)}",
        "discord_webhook": lambda: f"https://discord.com/api/webhooks/{digits(18)}/{u(68)}",
        "telegram": lambda: f"{digits(10)}:AA{u(33)}",
        "atlassian": lambda: "ATATT3" + u(186),
        "linear": lambda: "lin_api_" + a(40),
        "notion": lambda: "ntn_" + digits(11) + a(35),
        "figma": lambda: "figd_" + u(40),
        "doppler": lambda: "dp.pt." + rnd(string.ascii_lowercase + string.digits, 43),
        "vault": lambda: "hvs." + u(90),
        "grafana": lambda: "glsa_" + a(32) + "_" + h(8),
        "newrelic": lambda: "NRAK-" + up(27),
        "supabase": lambda: "sbp_" + h(40),
        "databricks": lambda: "dapi" + h(32),
        "pulumi": lambda: "pul-" + h(40),
        "replicate": lambda: "r8_" + a(37),
        "groq": lambda: "gsk_" + a(52),
        "docker": lambda: "dckr_pat_" + u(27),
        "age": lambda: "AGE-SECRET-KEY-1" + rnd("QPZRY9X8GF2TVDW0S3JN54KHCE6MUA7L", 58),
        "rubygems": lambda: "rubygems_" + h(48),
        "flutterwave": lambda: "FLWSECK-" + h(32) + "-X",
        "razorpay": lambda: "rzp_live_" + a(14),
        "alibaba": lambda: "LTAI" + a(20),
        "planetscale": lambda: "pscale_tkn_" + u(43),
        "contentful": lambda: "CFPAT-" + u(43),
        "netlify": lambda: "nfp_" + a(36),
        "jwt": lambda: "eyJhbGciOiJIUzI1NiJ9.eyJ" + u(40) + "." + u(43),
    }
    return makers[provider]()


TOKEN_PROVIDERS = [
    "aws",
    "github_classic",
    "github_oauth",
    "github_fine",
    "gitlab",
    "slack_bot",
    "slack_webhook",
    "stripe_live",
    "stripe_test",
    "stripe_restricted",
    "stripe_webhook",
    "google_api",
    "google_oauth",
    "openai",
    "anthropic",
    "huggingface",
    "sendgrid",
    "twilio",
    "mailgun",
    "mailchimp",
    "sentry_dsn",
    "sentry_token",
    "heroku",
    "square",
    "square_oauth",
    "postman",
    "digitalocean",
    "azure_secret",
    "azure_storage",
    "npm",
    "pypi",
    "shopify",
    "mercadopago",
    "discord_webhook",
    "telegram",
    "atlassian",
    "linear",
    "notion",
    "figma",
    "doppler",
    "vault",
    "grafana",
    "newrelic",
    "supabase",
    "databricks",
    "pulumi",
    "replicate",
    "groq",
    "docker",
    "age",
    "rubygems",
    "flutterwave",
    "razorpay",
    "alibaba",
    "planetscale",
    "contentful",
    "netlify",
    "jwt",
]

TOKEN_CUED = [
    ("en", "Here is the key: {0}"),
    ("en", "The API token for the staging account is {0}, please rotate it after."),
    ("en", "use this secret {0} in the integration settings"),
    ("es", "Te paso la clave: {0}"),
    ("es", "El token de acceso es {0}, no lo compartas."),
    ("es", "Le dejo la API key para la integración: {0}"),
]
TOKEN_BARE = [
    ("en", "Try with {0} and tell me if the sync works now."),
    ("en", "I pasted {0} into the config, can you check?"),
    ("es", "Probá con {0} y me contás si anda."),
    ("es", "Ya configuré {0} en el panel, revíselo por favor."),
]

for provider in TOKEN_PROVIDERS:
    for lang, template in R.sample(TOKEN_CUED, 2) + R.sample(TOKEN_BARE, 2):
        value = tok(provider)
        if provider == "azure_storage":
            value = value  # the key after "AccountKey=" is the secret
            add(
                "token_pos",
                lang,
                template.replace("{0}", "AccountKey={0}"),
                [(value[len("AccountKey=") :], "secret_token")],
                provider,
            )
            continue
        add("token_pos", lang, template, [(value, "secret_token")], provider)

# unknown high-entropy strings right after a cue word
ENTROPY_CUED = [
    ("en", "the secret key is {0}"),
    ("en", "Here's the token: {0}"),
    ("en", "API key: {0}"),
    ("en", "client secret = {0}"),
    ("es", "la clave de la API es {0}"),
    ("es", "te paso el token {0}"),
    ("es", "Secret: {0} (no lo pegues en ningún lado)"),
    ("es", "la llave secreta es {0}"),
]
for i in range(40):
    lang, template = ENTROPY_CUED[i % len(ENTROPY_CUED)]
    value = rnd(ALNUM, R.choice([24, 32, 40])) if i % 3 else rnd(HEX, 40)
    add("token_entropy", lang, template, [(value, "secret_token")])

# passwords inside URLs: the password is the credential, the rest is not an e-mail
URL_PASS = [
    ("en", "Connect with postgres://admin:{0}@db.internal.example.com:5432/shop"),
    ("en", "the FTP is ftp://uploads:{0}@files.example.org/incoming"),
    ("es", "Probá entrar a https://soporte:{0}@panel.example.com/admin"),
    ("es", "La cadena es mongodb://app:{0}@cluster0.example.net/tienda"),
]
for i in range(16):
    lang, template = URL_PASS[i % len(URL_PASS)]
    pw = rnd(string.ascii_letters, 5) + rnd(string.digits, 3) + R.choice("!*_")
    add("url_password", lang, template, [(pw, "credential")])

# look-alikes and placeholders: nothing to report
TOKEN_NEG = [
    ("en", "Use the documentation example key AKIAIOSFODNN7EXAMPLE in the tutorial."),
    ("en", "The secret in the docs is wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY, replace it."),
    ("en", "Set GITHUB_TOKEN=ghp_xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx in your .env file."),
    ("es", "Reemplazá ghp_XXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXX por tu propio token."),
    ("en", "The file starts with -----BEGIN PRIVATE KEY----- followed by the key."),
    ("es", "El archivo tiene que empezar con -----BEGIN RSA PRIVATE KEY----- y terminar con END."),
    ("en", "Put sk_live_xxxxxxxxxxxxxxxxxxxxxxxx in the settings, with your own key."),
    ("es", "Escribí tu clave así: sk_test_XXXXXXXXXXXXXXXXXXXXXXXX (es un ejemplo)."),
    ("en", "Your key looks like AIzaXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXX in the console."),
    ("en", "Format: xoxb-your-token-here"),
    ("es", "El formato es hf_xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx, con tu token."),
    ("en", "Example: glpat-XXXXXXXXXXXXXXXXXXXX"),
    ("en", "Set OPENAI_API_KEY=sk-your-key-here before you run it."),
    ("es", "Poné API_KEY=<tu-clave> en el archivo de configuración."),
    ("en", "api_key: YOUR_API_KEY_HERE"),
    ("es", "La clave es tu_token_aqui, reemplázala."),
    ("en", "token = 'your-token'"),
    ("en", "password: ********"),
    ("es", "La contraseña: ••••••••"),
    ("en", "Connect to postgres://user:password@localhost:5432/db (replace user and password)."),
    ("es", "La URL tiene la forma https://usuario:contraseña@servidor/ruta."),
]
for lang, text in TOKEN_NEG:
    add("token_neg", lang, text, [])
# everyday strings that look a bit like tokens
for i in range(40):
    kind = i % 8
    if kind == 0:
        text, lang = f"Commit {rnd(HEX, 40)} fixes the checkout bug.", "en"
    elif kind == 1:
        text, lang = (
            f"Pedido {rnd(HEX, 8)}-{rnd(HEX, 4)}-4{rnd(HEX, 3)}-a{rnd(HEX, 3)}-{rnd(HEX, 12)} confirmado.",
            "es",
        )
    elif kind == 2:
        text, lang = f"El hash SHA-256 del archivo es {rnd(HEX, 64)}.", "es"
    elif kind == 3:
        text, lang = f"Tracking: 1Z{rnd(string.ascii_uppercase + string.digits, 16)}", "en"
    elif kind == 4:
        text, lang = f"Código del producto: SKU-{rnd(string.ascii_uppercase, 3)}-{digits(5)}", "es"
    elif kind == 5:
        text, lang = f"Your coupon code is SUMMER{digits(2)}, enjoy!", "en"
    elif kind == 6:
        text, lang = f"Mirá el video: https://youtu.be/{rnd(URLSAFE, 11)}", "es"
    else:
        text, lang = f"The image is at https://cdn.example.com/img/{rnd(HEX, 32)}.jpg", "en"
    add("token_neg", lang, text, [])

# -- national and tax ids ---------------------------------------------------------------------
IdMaker = Callable[[], tuple[str, str, Callable[[str], bool]]]  # (compact, shown, check)


def mk(
    compact: str, shown: str, check: Callable[[str], bool]
) -> tuple[str, str, Callable[[str], bool]]:
    return compact, shown, check


def es_dni() -> tuple[str, str, Callable[[str], bool]]:
    n = digits(8)
    v = n + dni.calc_check_digit(n)
    return mk(
        v, R.choice([v, f"{v[:8]}-{v[8]}", f"{v[:2]}.{v[2:5]}.{v[5:8]}-{v[8]}"]), dni.is_valid
    )


def es_dni7() -> tuple[str, str, Callable[[str], bool]]:
    n = digits(7)
    v = n + dni.calc_check_digit("0" + n)
    return mk(v, v, lambda s: dni.is_valid("0" + s))


def es_nie() -> tuple[str, str, Callable[[str], bool]]:
    n = R.choice("XYZ") + digits(7, string.digits)
    v = n + nie.calc_check_digit(n)
    return mk(v, R.choice([v, f"{v[0]}-{v[1:8]}-{v[8]}"]), nie.is_valid)


def es_cif() -> tuple[str, str, Callable[[str], bool]]:
    n = R.choice("ABG") + digits(7, string.digits)
    v = valid(lambda: n + R.choice(string.digits), cif.is_valid)
    return mk(v, R.choice([v, f"{v[0]} {v[1:]}", f"{v[0]}-{v[1:]}"]), cif.is_valid)


def ar_cuit() -> tuple[str, str, Callable[[str], bool]]:
    n = R.choice(["20", "27", "23", "30"]) + digits(8)
    v = n + cuit.calc_check_digit(n)
    return mk(v, R.choice([v, f"{v[:2]}-{v[2:10]}-{v[10]}"]), cuit.is_valid)


def br_cpf() -> tuple[str, str, Callable[[str], bool]]:
    v = valid(lambda: digits(11), cpf.is_valid)
    return mk(v, R.choice([v, cpf.format(v), cpf.format(v).replace("-", ".")]), cpf.is_valid)


def br_cnpj() -> tuple[str, str, Callable[[str], bool]]:
    n = digits(8) + "0001"
    v = n + cnpj.calc_check_digits(n)
    return mk(v, R.choice([v, cnpj.format(v)]), cnpj.is_valid)


def cl_run() -> tuple[str, str, Callable[[str], bool]]:
    n = str(R.randint(5_000_000, 25_999_999))
    v = n + cl_rut.calc_check_digit(n)
    shown = R.choice([cl_rut.format(v), f"{v[:-1]}-{v[-1]}", cl_rut.format(v).replace(".", "")])
    return mk(v, shown, cl_rut.is_valid)


def co_nit_() -> tuple[str, str, Callable[[str], bool]]:
    n = "9" + digits(8, string.digits)
    v = n + co_nit.calc_check_digit(n)
    return mk(v, R.choice([co_nit.format(v), f"{v[:-1]}-{v[-1]}"]), co_nit.is_valid)


def cr_fisica() -> tuple[str, str, Callable[[str], bool]]:
    v = valid(lambda: R.choice("1234567") + digits(8, string.digits), cr_cpf.is_valid)
    return mk(
        v, R.choice([f"{v[0]}-{v[1:5]}-{v[5:]}", f"0{v[0]}-{v[1:5]}-{v[5:]}", v]), cr_cpf.is_valid
    )


def cr_juridica() -> tuple[str, str, Callable[[str], bool]]:
    v = valid(lambda: "3101" + digits(6, string.digits), cr_cpj.is_valid)
    return mk(v, R.choice([f"{v[0]}-{v[1:4]}-{v[4:]}", v]), cr_cpj.is_valid)


def cu_carne() -> tuple[str, str, Callable[[str], bool]]:
    def make() -> str:
        y, m, d = R.randint(50, 99), R.randint(1, 12), R.randint(1, 28)
        return f"{y:02d}{m:02d}{d:02d}" + digits(5, string.digits)

    v = valid(make, cu_ni.is_valid)
    return mk(v, v, cu_ni.is_valid)


def do_ced() -> tuple[str, str, Callable[[str], bool]]:
    v = valid(lambda: "0" + digits(10, string.digits), do_cedula.is_valid)
    return mk(v, R.choice([do_cedula.format(v), v]), do_cedula.is_valid)


def do_rnc_() -> tuple[str, str, Callable[[str], bool]]:
    v = valid(lambda: "1" + digits(8, string.digits), do_rnc.is_valid)
    return mk(v, R.choice([do_rnc.format(v), v]), do_rnc.is_valid)


def ec_ced() -> tuple[str, str, Callable[[str], bool]]:
    v = valid(
        lambda: f"{R.randint(1, 24):02d}" + R.choice("012345") + digits(7, string.digits),
        ec_ci.is_valid,
    )
    return mk(v, R.choice([v, f"{v[:9]}-{v[9]}"]), ec_ci.is_valid)


def ec_ruc_() -> tuple[str, str, Callable[[str], bool]]:
    v = (
        valid(
            lambda: f"{R.randint(1, 24):02d}" + R.choice("012345") + digits(7, string.digits),
            ec_ci.is_valid,
        )
        + "001"
    )
    return mk(v, R.choice([v, f"{v[:10]}-001"]), ec_ruc.is_valid)


def sv_dui() -> tuple[str, str, Callable[[str], bool]]:
    def dui_ok(s: str) -> bool:
        s = s.replace("-", "")
        if len(s) != 9 or not s.isdigit():
            return False
        total = sum(int(c) * (9 - i) for i, c in enumerate(s[:8]))
        return (10 - total % 10) % 10 == int(s[8])

    v = valid(lambda: "0" + digits(8, string.digits), dui_ok)
    return mk(v, f"{v[:8]}-{v[8]}", dui_ok)


def sv_nit_() -> tuple[str, str, Callable[[str], bool]]:
    def make() -> str:
        d, m, y = R.randint(1, 28), R.randint(1, 12), R.randint(50, 99)
        return (
            "0614" + f"{d:02d}{m:02d}{y:02d}" + digits(3, string.digits) + R.choice(string.digits)
        )

    v = valid(make, sv_nit.is_valid)
    return mk(v, R.choice([sv_nit.format(v), v]), sv_nit.is_valid)


def gt_dpi() -> tuple[str, str, Callable[[str], bool]]:
    def dpi_ok(s: str) -> bool:
        s = s.replace(" ", "")
        if len(s) != 13 or not s.isdigit():
            return False
        total = sum(int(c) * (i + 2) for i, c in enumerate(s[:8]))
        return total % 11 % 10 == int(s[8]) and 1 <= int(s[9:11]) <= 22

    v = valid(
        lambda: (
            digits(8)
            + R.choice(string.digits)
            + f"{R.randint(1, 22):02d}"
            + f"{R.randint(1, 17):02d}"
        ),
        dpi_ok,
    )
    return mk(v, R.choice([f"{v[:4]} {v[4:9]} {v[9:]}", v]), dpi_ok)


def gt_nit_() -> tuple[str, str, Callable[[str], bool]]:
    v = valid(lambda: digits(7) + R.choice(string.digits + "K"), gt_nit.is_valid)
    return mk(v, f"{v[:-1]}-{v[-1]}", gt_nit.is_valid)


def hn_dni() -> tuple[str, str, Callable[[str], bool]]:
    v = f"{R.randint(1, 18):02d}{R.randint(1, 28):02d}{R.randint(1950, 2005)}{digits(5, string.digits)}"
    return mk(
        v, R.choice([f"{v[:4]}-{v[4:8]}-{v[8:]}", f"{v[:4]} {v[4:8]} {v[8:]}", v]), lambda s: True
    )


def mx_curp() -> tuple[str, str, Callable[[str], bool]]:
    def make() -> str:
        y, m, d = R.randint(50, 99), R.randint(1, 12), R.randint(1, 28)
        base = (
            rnd(string.ascii_uppercase, 1)
            + R.choice("AEIOU")
            + rnd(string.ascii_uppercase, 2)
            + f"{y:02d}{m:02d}{d:02d}"
            + R.choice("HM")
            + R.choice(["DF", "JC", "NL", "PL"])
            + rnd("BCDFGHJKLMNPQRSTVWXYZ", 3)
            + "0"
        )
        return base + curp.calc_check_digit(base)

    v = valid(make, curp.is_valid)
    return mk(v, v, curp.is_valid)


def mx_rfc() -> tuple[str, str, Callable[[str], bool]]:
    def make() -> str:
        y, m, d = R.randint(50, 99), R.randint(1, 12), R.randint(1, 28)
        base = (
            rnd(string.ascii_uppercase, 4)
            + f"{y:02d}{m:02d}{d:02d}"
            + rnd(string.ascii_uppercase + string.digits, 2)
        )
        return base + rfc.calc_check_digit(base)

    def ok(s: str) -> bool:
        try:
            rfc.validate(s, validate_check_digits=True)
        except Exception:
            return False
        return True

    v = valid(make, ok)
    return mk(v, v, ok)


def ni_cedula() -> tuple[str, str, Callable[[str], bool]]:
    letters = "ABCDEFGHJKLMNPQRSTUVWXY"

    def ok(s: str) -> bool:
        s = s.replace("-", "")
        return len(s) == 14 and s[:13].isdigit() and letters[int(s[:13]) % 23] == s[13].upper()

    n = f"{R.randint(1, 99):03d}{R.randint(1, 28):02d}{R.randint(1, 12):02d}{R.randint(50, 99):02d}{digits(4, string.digits)}"
    v = n + letters[int(n) % 23]
    return mk(v, R.choice([f"{v[:3]}-{v[3:9]}-{v[9:]}", v]), ok)


def pa_cedula() -> tuple[str, str, Callable[[str], bool]]:
    v = f"{R.randint(1, 9)}-{R.randint(1, 999)}-{R.randint(1, 9999)}"
    return mk(v, v, lambda s: True)


def py_ruc_() -> tuple[str, str, Callable[[str], bool]]:
    n = digits(7)
    v = n + py_ruc.calc_check_digit(n)
    return mk(v, f"{v[:-1]}-{v[-1]}", py_ruc.is_valid)


def pe_ruc_() -> tuple[str, str, Callable[[str], bool]]:
    n = R.choice(["10", "20"]) + digits(8, string.digits)
    v = n + pe_ruc.calc_check_digit(n)
    return mk(v, v, pe_ruc.is_valid)


def uy_ci() -> tuple[str, str, Callable[[str], bool]]:
    def ok(s: str) -> bool:
        s = "".join(c for c in s if c.isdigit())
        if len(s) not in (7, 8):
            return False
        body = s[:-1].zfill(7)
        total = sum(int(c) * w for c, w in zip(body, (2, 9, 8, 7, 6, 3, 4), strict=True))
        return (10 - total % 10) % 10 == int(s[-1])

    v = valid(lambda: digits(8), ok)
    return mk(v, R.choice([f"{v[0]}.{v[1:4]}.{v[4:7]}-{v[7]}", f"{v[:7]}-{v[7]}"]), ok)


def uy_rut_() -> tuple[str, str, Callable[[str], bool]]:
    v = valid(
        lambda: (
            f"{R.randint(1, 21):02d}" + digits(6, string.digits) + "001" + R.choice(string.digits)
        ),
        uy_rut.is_valid,
    )
    return mk(v, v, uy_rut.is_valid)


def ve_ci() -> tuple[str, str, Callable[[str], bool]]:
    n = str(R.randint(5_000_000, 30_999_999))
    dotted = f"{int(n):,}".replace(",", ".")
    return mk("V" + n, R.choice([f"V-{dotted}", f"V-{n}", f"V{n}", f"E-{n}"]), lambda s: True)


def ve_rif() -> tuple[str, str, Callable[[str], bool]]:
    n = R.choice("VJEG") + digits(8, string.digits)
    v = n + rif.calc_check_digit(n)
    return mk(v, R.choice([f"{v[0]}-{v[1:9]}-{v[9]}", v]), rif.is_valid)


def us_ssn() -> tuple[str, str, Callable[[str], bool]]:
    v = valid(
        lambda: f"{R.randint(100, 665)}{R.randint(10, 99)}{R.randint(1000, 9999)}", ssn.is_valid
    )
    return mk(v, f"{v[:3]}-{v[3:5]}-{v[5:]}", ssn.is_valid)


# (country, id name, maker, cue words es/en, has a checksum)
IDS: list[
    tuple[str, str, Callable[[], tuple[str, str, Callable[[str], bool]]], list[str], bool]
] = [
    ("ES", "dni", es_dni, ["DNI", "NIF"], True),
    ("ES", "dni7", es_dni7, ["NIF"], True),
    ("ES", "nie", es_nie, ["NIE"], True),
    ("ES", "cif", es_cif, ["CIF"], True),
    ("AR", "cuit", ar_cuit, ["CUIT", "CUIL"], True),
    ("BR", "cpf", br_cpf, ["CPF"], True),
    ("BR", "cnpj", br_cnpj, ["CNPJ"], True),
    ("CL", "rut", cl_run, ["RUT", "RUN"], True),
    ("CO", "nit", co_nit_, ["NIT"], True),
    ("CR", "cedula", cr_fisica, ["cédula"], False),
    ("CR", "juridica", cr_juridica, ["cédula jurídica"], False),
    ("CU", "carne", cu_carne, ["carné de identidad", "CI"], False),
    ("DO", "cedula", do_ced, ["cédula"], True),
    ("DO", "rnc", do_rnc_, ["RNC"], True),
    ("EC", "cedula", ec_ced, ["cédula"], True),
    ("EC", "ruc", ec_ruc_, ["RUC"], True),
    ("SV", "dui", sv_dui, ["DUI"], True),
    ("SV", "nit", sv_nit_, ["NIT"], True),
    ("GT", "dpi", gt_dpi, ["DPI", "CUI"], True),
    ("GT", "nit", gt_nit_, ["NIT"], True),
    ("HN", "dni", hn_dni, ["DNI", "número de identidad"], False),
    ("MX", "curp", mx_curp, ["CURP"], True),
    ("MX", "rfc", mx_rfc, ["RFC"], True),
    ("NI", "cedula", ni_cedula, ["cédula"], True),
    ("PA", "cedula", pa_cedula, ["cédula"], False),
    ("PY", "ruc", py_ruc_, ["RUC"], True),
    ("PE", "ruc", pe_ruc_, ["RUC"], True),
    ("UY", "ci", uy_ci, ["CI", "cédula"], True),
    ("UY", "rut", uy_rut_, ["RUT"], True),
    ("VE", "cedula", ve_ci, ["cédula", "C.I."], False),
    ("VE", "rif", ve_rif, ["RIF"], True),
    ("PR", "ssn", us_ssn, ["SSN", "seguro social"], False),
]
# plain-digit ids that need their cue: (country, name, digit count, cues)
CUED_PLAIN = [
    ("AR", "dni", 8, ["DNI"]),
    ("BO", "ci", 7, ["CI", "carnet de identidad"]),
    ("BO", "nit", 10, ["NIT"]),
    ("CO", "cedula", 10, ["cédula", "C.C."]),
    ("PE", "dni", 8, ["DNI"]),
    ("PY", "cedula", 7, ["cédula", "CI"]),
    ("GQ", "dip", 9, ["DIP", "documento de identidad"]),
    ("HN", "rtn", 14, ["RTN"]),
    ("PA", "ruc", 10, ["RUC"]),
]

ID_CUED = [
    ("es", "Mi {c} es {0}, ¿lo necesitás para la factura?"),
    ("es", "Confirmame el {c}: {0}"),
    ("es", "Registramos su {c} {0} en el pedido."),
    ("es", "Ya cargué tu {c} {0} en el sistema."),
    ("en", "The customer's {c} is {0}, please update it."),
]
ID_BARE = [
    ("es", "Perfecto, quedó registrado {0} a su nombre."),
    ("es", "El dato que me pasaste ({0}) ya está en la ficha."),
    ("en", "I have {0} on file for you, is that right?"),
]

for country, name, maker, cues, has_check in IDS:
    for i in range(6):
        compact, shown, check = maker()
        cue = R.choice(cues)
        if i < 4:
            lang, template = R.choice(ID_CUED)
            template = template.replace("{c}", cue)
        else:
            lang, template = R.choice(ID_BARE)
        group = "id_valid" if (i < 4 or has_check) else "id_valid_bare_nocheck"
        add(group, lang, template, [(shown, "national_id")], f"{country}:{name}")
        if has_check:
            bad = broken(shown, lambda s, c=check: c("".join(ch for ch in s if ch.isalnum())))
            lang, template = R.choice(ID_CUED if i % 2 else ID_BARE)
            add("id_badcheck", lang, template.replace("{c}", cue), [(bad, "")], f"{country}:{name}")

for country, name, n, cues in CUED_PLAIN:
    for _ in range(4):
        value = digits(n)
        if n == 8 and R.random() < 0.5:
            value = f"{value[:2]}.{value[2:5]}.{value[5:]}"
        lang, template = R.choice(ID_CUED)
        add(
            "id_valid",
            lang,
            template.replace("{c}", R.choice(cues)),
            [(value, "national_id")],
            f"{country}:{name}",
        )

# -- bank accounts --------------------------------------------------------------------------


def iban(country: str, bban: str) -> str:
    number = int("".join(str(int(ch, 36)) for ch in bban + country + "00"))
    return f"{country}{98 - number % 97:02d}{bban}"


def spacings(value: str) -> list[str]:
    four = " ".join(value[i : i + 4] for i in range(0, len(value), 4))
    return [
        value,
        four,
        value[:2]
        + " "
        + value[2:4]
        + " "
        + " ".join(value[i : i + 4] for i in range(4, len(value), 4)),
        value[:2] + " " + value[2:],
        "-".join(value[i : i + 4] for i in range(0, len(value), 4)),
        four.lower(),
    ]


BANK_T = [
    ("es", "Transferí a la cuenta {0} y mandame el comprobante."),
    ("es", "El IBAN para la devolución es {0}."),
    ("en", "Please send the refund to {0}, thanks."),
    ("es", "Le confirmo la cuenta: {0}"),
]
for _ in range(6):
    b = rnd(string.digits, 4) + rnd(string.digits, 4)
    acct = rnd(string.digits, 10)
    cc = ccc.calc_check_digits(b + "00" + acct)
    es_ccc = b + cc + acct
    for shown in spacings(iban("ES", es_ccc)):
        lang, t = R.choice(BANK_T)
        add("bank", lang, t, [(shown, "iban")])
    lang, t = R.choice(BANK_T)
    add(
        "bank",
        lang,
        t,
        [(f"{es_ccc[:4]} {es_ccc[4:8]} {es_ccc[8:10]} {es_ccc[10:]}", "bank_account")],
    )
    add("bank", lang, t, [(es_ccc, "bank_account")])
for _ in range(8):
    bank = digits(7, "0123456789")
    account = rnd(string.digits, 13)
    value = bank + cbu.calc_check_digit(bank) + account + cbu.calc_check_digit(account)
    shown = R.choice(
        [
            value,
            " ".join(value),
            f"{value[:8]} {value[8:]}",
            " ".join(value[i : i + 4] for i in range(0, 22, 4)),
        ]
    )
    add(
        "bank",
        "es",
        R.choice(["Mi CBU es {0}", "Te paso el CBU: {0}", "Depositame al {0} porfa"]),
        [(shown, "bank_account")],
    )
for _ in range(8):
    first = rnd(string.digits, 17)
    total = sum(int(d) * (3, 7, 1)[i % 3] % 10 for i, d in enumerate(first))
    value = first + str((10 - total % 10) % 10)
    shown = R.choice(
        [
            value,
            f"{value[:3]} {value[3:6]} {value[6:17]} {value[17]}",
            " ".join(value[i : i + 4] for i in range(0, 18, 4)),
            " ".join(value),
        ]
    )
    add(
        "bank",
        "es",
        R.choice(["La CLABE es {0}", "Deposita a la CLABE {0}, por favor.", "Transfiere a {0}"]),
        [(shown, "bank_account")],
    )

# -- phones ---------------------------------------------------------------------------------
PHONES: dict[str, list[str]] = {
    "ES": ["612 34 56 78", "+34 612 345 678", "91 123 45 67"],
    "MX": ["55 1234 5678", "+52 1 55 1234 5678", "(33) 3616 1234"],
    "AR": ["11 4555-1234", "+54 9 11 5555-1234", "011 15-4555-1234"],
    "CO": ["300 123 4567", "+57 310 555 1234", "601 345 6789"],
    "CL": ["9 8765 4321", "+56 9 8765 4321", "(2) 2345 6789"],
    "PE": ["987 654 321", "+51 987 654 321", "(01) 345 6789"],
    "VE": ["0412-1234567", "+58 414 123 4567", "0212 555 1234"],
    "EC": ["099 123 4567", "+593 99 123 4567", "02 234 5678"],
    "GT": ["5512 3456", "+502 5512 3456"],
    "CU": ["+53 5 123 4567", "05 1234567"],
    "BO": ["71234567", "+591 71234567"],
    "DO": ["809-555-1234", "+1 809 555 1234"],
    "HN": ["9876-5432", "+504 9876 5432"],
    "PY": ["0981 123456", "+595 981 123456"],
    "SV": ["7012-3456", "+503 7012 3456"],
    "NI": ["8765 4321", "+505 8765 4321"],
    "CR": ["8312 3456", "+506 8312 3456"],
    "PA": ["6123-4567", "+507 6123 4567"],
    "UY": ["099 123 456", "+598 99 123 456", "2901 2345"],
    "PR": ["(787) 555-0123", "+1 787 555 0123"],
    "GQ": ["+240 222 123 456"],
    "BR": ["(11) 91234-5678", "+55 11 91234-5678", "(21) 3456-7890", "11 98765 4321"],
    "US": ["(415)555-0132", "(415) 555-0132", "+14155550132", "415-555-0132"],
    "E164": ["+447911123456", "+5491145551234", "+34612345678"],
}
PHONE_T = [
    ("es", "Llamanos al {0} de lunes a viernes."),
    ("es", "Mi celular es {0}, escribime por WhatsApp."),
    ("es", "Puede comunicarse al {0} en horario de oficina."),
    ("en", "You can reach me at {0} after 5pm."),
    ("en", "Call {0} and ask for Marta."),
]
for country, numbers in PHONES.items():
    for number in numbers:
        lang, t = R.choice(PHONE_T)
        add("phone_pos", lang, t, [(number, "phone")], country)

# never phones: IP addresses, dates, versions, order and tracking numbers
NOT_PHONE: list[tuple[str, str]] = []
for _ in range(40):
    ip = ".".join(str(R.randint(1, 254)) for _ in range(4))
    NOT_PHONE.append(
        (
            R.choice(["es", "en"]),
            R.choice(
                [
                    f"El servidor está en {ip}, probá hacer ping.",
                    f"Your IP address is {ip}.",
                    f"Conectate a {ip}:8080 desde la red interna.",
                    f"Blocked login from {ip} at 03:12.",
                ]
            ),
        )
    )
for _ in range(30):
    d, m, y = R.randint(1, 28), R.randint(1, 12), R.randint(2019, 2027)
    NOT_PHONE.append(
        (
            R.choice(["es", "en"]),
            R.choice(
                [
                    f"La entrega es el {d:02d}.{m:02d}.{y} entre 9 y 14 h.",
                    f"Delivery date: {y}-{m:02d}-{d:02d}",
                    f"Tu pedido llega el {d:02d}/{m:02d}/{y}.",
                    f"El turno quedó para el {d} {m:02d} {y} a las 10.",
                    f"Sent on {m:02d}-{d:02d}-{y} 14:{R.randint(10, 59)}",
                ]
            ),
        )
    )
for _ in range(30):
    a, b, c = R.randint(1, 20), R.randint(0, 30), R.randint(0, 999)
    NOT_PHONE.append(
        (
            R.choice(["es", "en"]),
            R.choice(
                [
                    f"Actualizá la app a la versión {a}.{b}.{c}.",
                    f"Fixed in v{a}.{b}.{c}.{R.randint(1000, 9999)}",
                    f"We're on build {a}.{b}.{c}.{R.randint(10000, 99999)} now.",
                    f"Ya se puede bajar la versión {a}.{b}.{c} desde la tienda.",
                    f"Requires firmware {R.randint(100, 999)}.{R.randint(10, 99)}.{R.randint(1000, 9999)} or later.",
                ]
            ),
        )
    )
for lang, text in NOT_PHONE:
    add("phone_neg", lang, text, [])
for _ in range(20):
    add(
        "ref_neg",
        R.choice(["es", "en"]),
        R.choice(
            [
                f"Tu pedido {digits(9)} sale hoy.",
                f"Order #{digits(8)} has shipped.",
                f"El número de seguimiento es {digits(12)}.",
                f"Tracking number: {digits(4)} {digits(4)} {digits(4)}",
                f"Ticket {digits(7)} cerrado.",
                f"El total es $ {R.randint(1, 99)}.{R.randint(100, 999)},{R.randint(10, 99)}",
                f"Factura N° {digits(4)}-{digits(8)}",
            ]
        ),
        [],
    )

# -- credentials ----------------------------------------------------------------------------
CRED_POS = [
    ("es", "Tu código de verificación es {0}, no se lo des a nadie."),  # tuteo
    ("es", "Tu clave es {0}"),
    ("es", "Te paso el código: {0}"),
    ("es", "Ingresá el código {0} en la app."),  # voseo
    ("es", "Tenés que poner este código: {0}"),
    ("es", "Digitá el PIN {0} cuando te lo pida el cajero."),
    ("es", "Ingrese el código de un solo uso {0} para continuar."),  # usted
    ("es", "Su PIN provisorio es {0}; le pedimos que lo cambie."),
    ("es", "Ingresa este código: {0}"),  # tuteo
    ("es", "El código que le enviamos por SMS es {0}."),
    ("es", "La respuesta a tu pregunta secreta es {0}."),
    ("es", "Respuesta de seguridad: {0}"),
    ("es", "Tu contraseña temporal quedó como {0}"),
    ("es", "Te llegó el {0}? Es el código para entrar."),
    ("en", "Your one-time code is {0}."),
    ("en", "Enter {0} as the verification code."),
    ("en", "The code we texted you is {0}"),
    ("en", "Your new PIN: {0}"),
    ("en", "Type this code: {0}"),
    ("en", "Security answer: {0}"),
    ("en", "The answer to your security question is {0}."),
    ("en", "Your temporary password is {0}"),
    ("en", "Use OTP {0} to confirm the transfer."),
    ("en", "The passcode for the locker is {0}."),
]
ANSWERS = ["Firulais", "Montevideo", "Pelusa", "Rosario", "Blue Bird", "Maple"]
for lang, template in CRED_POS:
    for _ in range(2):
        if "respuesta" in template.lower() or "answer" in template.lower():
            value = R.choice(ANSWERS)
        elif "contraseña" in template or "password" in template or "clave" in template.lower():
            value = rnd(string.ascii_letters, 4) + rnd(string.digits, 3) + R.choice("!#_")
        else:
            value = rnd(string.digits, R.choice([4, 6, 6, 8]))
        add("credential_pos", lang, template, [(value, "credential")])

CRED_NEG = [
    ("es", "Tu pedido {0} ya está en camino."),
    ("es", "El total es de {0} pesos."),
    ("es", "Te cobramos $ {0} con el cupón."),
    ("en", "Your order number is {0}."),
    ("en", "The refund of {0} EUR was sent."),
    ("es", "El código de seguimiento es {0}."),
    ("es", "Ingresá el código de descuento {0} al pagar."),
    ("en", "We will send you a code by SMS, never share it."),
    ("es", "Nunca le pediremos su PIN ni su contraseña."),
    ("es", "Si no te llegó el código, pedí uno nuevo desde la app."),
    ("en", "Enter the code you received to continue."),
    ("es", "El código postal es {0}."),
    ("es", "Tenés 3 intentos para poner el código correcto."),
    ("en", "Your PIN must have 4 digits."),
]
for lang, template in CRED_NEG:
    for _ in range(2):
        value = str(R.randint(1000, 999999))
        add("credential_neg", lang, template, [(value, "")] if "{0}" in template else [])


def main() -> int:
    with OUT.open("w", encoding="utf-8") as out:
        for record in records:
            out.write(json.dumps(record, ensure_ascii=False) + "\n")
    print(f"wrote {len(records)} probes to {OUT}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
