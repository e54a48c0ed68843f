"""Write ``wide.jsonl``: a second, wider probe set for the sensitive check (issue 12).

Run ``python resources/probes/sensitive/wide/make_wide.py``; it is seeded and writes the same
file every time. See README.md in this folder: nobody tunes a detector on these probes.

Values are generated, never copied: random characters in each provider's published token
format, ids and accounts whose check digits are found by python-stdnum's validators (or the
published algorithm where stdnum has no module), phone numbers that libphonenumber accepts.
Sentences are support-chat replies written for this file (voseo, tuteo, usted, English).
"""

from __future__ import annotations

import json
import random
import string
import sys
from pathlib import Path

import phonenumbers

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from wide_ids import id_cases  # noqa: E402
from wide_text import (  # noqa: E402
    BANK_EN,
    BANK_ES,
    CRED_NEG,
    CRED_POS,
    ENTROPY_EN,
    ENTROPY_ES,
    PHONE_CUED_EN,
    PHONE_CUED_ES,
    PHONE_NEG,
    PHONE_PLAIN_EN,
    PHONE_PLAIN_ES,
    REF_NEG,
    TOKEN_CUED_EN,
    TOKEN_CUED_ES,
    TOKEN_NEG,
    TOKEN_PLAIN_EN,
    TOKEN_PLAIN_ES,
    URL_EN,
    URL_ES,
)
from wide_tokens import entropy_values, provider_tokens  # noqa: E402

OUT = HERE / "wide.jsonl"
R = random.Random(7_412_026)

records: list[dict[str, object]] = []


def add(
    group: str, lang: str, template: str, values: list[tuple[str, str]], note: str = ""
) -> None:
    """``template`` holds ``{0}``, ``{1}``…; ``values[i] = (text, kind)``, kind "" = no span."""
    text, spans, rest = "", [], template
    for i, (value, kind) in enumerate(values):
        before, found, rest = rest.partition("{" + str(i) + "}")
        if not found:
            raise ValueError(f"{template!r} has no {{{i}}}")
        text += before
        if kind:
            spans.append({"start": len(text), "end": len(text) + len(value), "kind": kind})
        text += value
    text += rest
    records.append(
        {
            "id": f"wide-{group}-{len(records):04d}",
            "group": group,
            "lang": lang,
            "text": text,
            "spans": spans,
            "note": note,
        }
    )


def pick(pool: list[str], k: int) -> list[str]:
    return R.sample(pool, k)


# -- tokens ---------------------------------------------------------------------------------
def tokens() -> None:
    for provider, value in provider_tokens(R):
        # four sentences: es and en, each with and without a cue word
        for lang, cued, plain in (
            ("es", TOKEN_CUED_ES, TOKEN_PLAIN_ES),
            ("en", TOKEN_CUED_EN, TOKEN_PLAIN_EN),
        ):
            add("token_pos", lang, R.choice(cued), [(value(), "secret_token")], provider)
            add("token_pos", lang, R.choice(plain), [(value(), "secret_token")], provider)
    for i, value in enumerate(entropy_values(R)):
        lang, pool = ("es", ENTROPY_ES) if i % 2 == 0 else ("en", ENTROPY_EN)
        add("token_entropy", lang, pool[i // 2 % len(pool)], [(value, "secret_token")])
    for lang, template, value in TOKEN_NEG:
        add("token_neg", lang, template, [(value, "")])
    # an e-mail next to a look-alike: the e-mail is reported, the look-alike is not
    add(
        "token_neg",
        "en",
        "Write to {0} for anything else about {1}.",
        [("help@tienda.example.com", "email"), ("AKIAIOSFODNN7EXAMPLE", "")],
    )


def url_passwords() -> None:
    schemes = [
        ("https", "panel.tiendasur.com.ar/admin"),
        ("ftp", "ftp.distribuidora-norte.mx/pub"),
        ("postgres", "db.interna:5432/ventas"),
        ("mysql", "10.0.4.17:3306/crm"),
        ("mongodb+srv", "cluster0.qk3vd.mongodb.net/pedidos"),
        ("redis", "cache.local:6379/0"),
        ("smtp", "mail.hotelplaya.es:587"),
        ("amqp", "colas.empresa.co:5672/"),
        ("sftp", "backup.clinica.cl:22/respaldos"),
        ("https", "api.proveedor.pe/v2/stock"),
    ]
    users = ["soporte", "admin", "ventas", "app", "deploy", "mlopez", "backup", "integracion"]
    chars = string.ascii_letters + string.digits
    for i in range(40):
        scheme, rest = schemes[i % len(schemes)]
        pw = "".join(R.choice(chars) for _ in range(R.randint(8, 14)))
        pw = pw[:3] + R.choice("!#$%*_.-") + pw[3:] if i % 3 == 0 else pw
        lang, pool = ("es", URL_ES) if i % 2 == 0 else ("en", URL_EN)
        template = pool[i // 2 % len(pool)]
        prefix = f"{scheme}://{R.choice(users)}:"
        suffix = f"@{rest}"
        add("url_password", lang, template, [(prefix, ""), (pw, "credential"), (suffix, "")])


# -- ids ------------------------------------------------------------------------------------
def ids() -> None:
    for group, lang, template, value, note in id_cases(R):
        kind = "national_id" if group == "id_valid" else ""
        add(group, lang, template, [(value, kind)], note)


# -- bank accounts --------------------------------------------------------------------------
def _iban(country: str, bban: str) -> str:
    moved = bban + country + "00"
    num = int("".join(str(int(c, 36)) for c in moved))
    return f"{country}{98 - num % 97:02d}{bban}"


def _digits(n: int) -> str:
    return "".join(R.choice(string.digits) for _ in range(n))


def _cbu() -> str:
    def check(block: str, weights: tuple[int, ...]) -> str:
        total = sum(int(d) * w for d, w in zip(block, weights, strict=True))
        return str((10 - total % 10) % 10)

    bank = R.choice(["007", "011", "014", "017", "027", "072", "285", "000"])
    first = bank + _digits(4)
    first += check(first, (7, 1, 3, 9, 7, 1, 3))
    second = _digits(13)
    second += check(second, (3, 9, 7, 1, 3, 9, 7, 1, 3, 9, 7, 1, 3))
    return first + second


def _clabe() -> str:
    body = R.choice(["002", "012", "014", "021", "072", "127", "646"]) + _digits(14)
    total = sum(int(d) * (3, 7, 1)[i % 3] % 10 for i, d in enumerate(body))
    return body + str((10 - total % 10) % 10)


def _ccc() -> str:
    def dc(block: str) -> str:
        weights = (1, 2, 4, 8, 5, 10, 9, 7, 3, 6)
        value = 11 - sum(int(d) * w for d, w in zip(block.zfill(10), weights, strict=True)) % 11
        return str({10: 1, 11: 0}.get(value, value))

    entity, office, account = _digits(4), _digits(4), _digits(10)
    return entity + office + dc("00" + entity + office) + dc(account) + account


def _spaced4(v: str) -> str:
    return " ".join(v[i : i + 4] for i in range(0, len(v), 4))


def _by_digit(v: str) -> str:
    return " ".join(v)


def _ibans() -> list[tuple[str, str]]:
    out = []
    for country, make in (
        ("ES", lambda: _ccc()),
        ("DE", lambda: _digits(18)),
        ("FR", None),
        ("IT", None),
        ("PT", lambda: _digits(21)),
        ("NL", lambda: "ABNA" + _digits(10)),
        ("BE", None),
        ("GB", lambda: "NWBK" + _digits(14)),
        ("AD", lambda: _digits(8) + "".join(R.choice(string.ascii_uppercase) for _ in range(12))),
        ("DO", lambda: "BAGR" + _digits(20)),
        ("CR", lambda: "0" + _digits(17)),
        ("GT", lambda: "TRAJ" + _digits(20)),
        ("SV", lambda: "CENR" + _digits(20)),
        ("BR", lambda: _digits(23) + "P1"),
    ):
        if make is None:
            continue  # countries with a national key in the BBAN: left to the check itself
        out.append((country, _iban(country, make())))
    return out


def bank() -> None:
    from stdnum import iban as std_iban

    cases: list[tuple[str, str, str]] = []  # (value, kind, note)
    for country, value in _ibans():
        assert std_iban.is_valid(value), value
        cases.append((_spaced4(value), "iban", f"iban:{country}:grouped"))
        cases.append((value, "iban", f"iban:{country}:compact"))
        cases.append(
            (f"{value[:2]} {value[2:4]} {_spaced4(value[4:])}", "iban", f"iban:{country}:cc_space")
        )
    for name, make in (("cbu", _cbu), ("clabe", _clabe), ("ccc", _ccc)):
        for form in ("compact", "grouped", "digits", "dashed"):
            for _ in range(2):
                v = make()
                if form == "compact":
                    text = v
                elif form == "grouped":
                    text = _spaced4(v) if name != "clabe" else f"{v[:3]} {v[3:6]} {v[6:17]} {v[17]}"
                    if name == "ccc":
                        text = f"{v[:4]} {v[4:8]} {v[8:10]} {v[10:]}"
                elif form == "dashed":
                    text = (
                        f"{v[:8]}-{v[8:]}"
                        if name == "cbu"
                        else "-".join(
                            (v[:4], v[4:8], v[8:10], v[10:])
                            if name == "ccc"
                            else (v[:3], v[3:6], v[6:])
                        )
                    )
                else:
                    text = _by_digit(v)
                cases.append((text, "bank_account", f"{name}:{form}"))
    for i, (value, kind, note) in enumerate(cases):
        lang, pool = ("es", BANK_ES) if i % 3 else ("en", BANK_EN)
        cue = {"iban": "IBAN", "cbu": "CBU", "clabe": "CLABE", "ccc": "cuenta"}[note.split(":")[0]]
        template = pool[i % len(pool)].replace("<cue>", cue)
        add("bank", lang, template, [(value, kind)], note)
    # wrong check digits: nothing to report
    for i in range(30):
        name = ("iban", "cbu", "clabe")[i % 3]
        if name == "iban":
            good = R.choice(_ibans())[1]
            bad = good[:2] + f"{(int(good[2:4]) + 1) % 100:02d}" + good[4:]
            value = _spaced4(bad)
        else:
            good = _cbu() if name == "cbu" else _clabe()
            bad = good[:-1] + str((int(good[-1]) + 1) % 10)
            value = bad
        lang, pool = ("es", BANK_ES) if i % 2 else ("en", BANK_EN)
        template = pool[i % len(pool)].replace("<cue>", name.upper())
        add("bank_badcheck", lang, template, [(value, "")], name)


# -- phones ---------------------------------------------------------------------------------
# (region, national formats as digit templates, "+cc" international form). "#" = any digit.
PHONE_PLANS: list[tuple[str, list[str], str]] = [
    ("ES", ["6## ### ###", "9## ## ## ##", "7## ### ###"], "+34 6## ## ## ##"),
    ("MX", ["55 #### ####", "(33) ####-####", "81 ####-####"], "+52 55 #### ####"),
    ("AR", ["11 4###-####", "(011) 4###-####", "(0351) 4##-####"], "+54 9 11 5###-####"),
    ("CO", ["3## ### ####", "(601) ### ####", "31# ###-####"], "+57 3## ### ####"),
    ("CL", ["9 #### ####", "(2) 2### ####"], "+56 9 #### ####"),
    ("PE", ["9## ### ###", "(01) ###-####"], "+51 9## ### ###"),
    ("VE", ["0412-#######", "0414 ### ####", "(0212) ###-####"], "+58 412 #######"),
    ("EC", ["09# ### ####", "(02) ###-####"], "+593 9# ### ####"),
    ("BO", ["7### ####", "6#######"], "+591 7#######"),
    ("PY", ["0981 ### ###", "(021) ### ###"], "+595 981 ######"),
    ("UY", ["09# ### ###", "2### ####"], "+598 9# ### ###"),
    ("GT", ["5###-####", "2###-####"], "+502 5### ####"),
    ("SV", ["7###-####", "2###-####"], "+503 7### ####"),
    ("HN", ["9###-####", "3###-####"], "+504 9###-####"),
    ("NI", ["8###-####", "2###-####"], "+505 8### ####"),
    ("CR", ["8###-####", "2###-####"], "+506 8### ####"),
    ("PA", ["6###-####"], "+507 6###-####"),
    ("CU", ["5 #######"], "+53 5 #######"),
    ("DO", ["809-###-####", "(829) ###-####"], "+1 849 ### ####"),
    ("PR", ["(787) ###-####", "939-###-####"], "+1 787 ### ####"),
    ("GQ", ["222 ### ###"], "+240 222 ### ###"),
    ("BR", ["(11) 9####-####", "11 9####-####", "(21) 2###-####"], "+55 11 9####-####"),
    ("US", ["(415) ###-####", "(212)###-####", "646-###-####"], "+1 415 ### ####"),
]


def _fill(template: str) -> str:
    return "".join(R.choice("23456789") if ch == "#" else ch for ch in template)


def _valid_phone(template: str, region: str) -> str:
    for _ in range(2000):
        value = _fill(template)
        try:
            parsed = phonenumbers.parse(value, region)
        except phonenumbers.NumberParseException:
            continue
        if phonenumbers.is_valid_number(parsed) and phonenumbers.region_code_for_number(parsed) in (
            region,
            "US" if region in ("PR", "DO") else region,
        ):
            return value
    raise RuntimeError(f"no valid phone for {region} {template}")


def phones() -> None:
    i = 0
    for region, national, international in PHONE_PLANS:
        for template in [*national, international]:
            value = _valid_phone(template, region)
            lang = "en" if i % 3 == 0 else "es"
            cued = PHONE_CUED_EN if lang == "en" else PHONE_CUED_ES
            plain = PHONE_PLAIN_EN if lang == "en" else PHONE_PLAIN_ES
            add("phone_pos", lang, cued[i % len(cued)], [(value, "phone")], f"{region}:cued")
            if template.startswith("+") or " " in template or "-" in template or "(" in template:
                add("phone_pos", lang, plain[i % len(plain)], [(value, "phone")], f"{region}:plain")
            i += 1
        # E.164, no spaces
        compact = "+" + "".join(ch for ch in _valid_phone(international, region) if ch.isdigit())
        add("phone_pos", "en", R.choice(PHONE_CUED_EN), [(compact, "phone")], f"{region}:e164")
    for lang, template, value in PHONE_NEG:
        add("phone_neg", lang, template, [(value, "")])
    for lang, template, value in REF_NEG:
        add("ref_neg", lang, template, [(value, "")])


# -- credentials ----------------------------------------------------------------------------
def credentials() -> None:
    for lang, template, value in CRED_POS:
        add("credential_pos", lang, template, [(value, "credential")])
    for lang, template, value in CRED_NEG:
        add("credential_neg", lang, template, [(value, "")])


# -- cards and e-mails ----------------------------------------------------------------------
def _luhn_complete(body: str) -> str:
    for d in string.digits:
        cand = body + d
        total = 0
        for i, ch in enumerate(reversed(cand)):
            n = int(ch) * (2 if i % 2 else 1)
            total += n - 9 if n > 9 else n
        if total % 10 == 0:
            return cand
    raise AssertionError


def cards_and_emails() -> None:
    card_es = [
        "Me llegó un cobro raro en la tarjeta {0}, ¿lo pueden revisar?",
        "Pagué con la {0} y no se acreditó.",
        "El número que me pasaste, {0}, ya está cargado.",
    ]
    card_en = [
        "The card ending in the number {0} was charged twice.",
        "I paid with {0} yesterday.",
        "Please refund it to {0}.",
    ]
    prefixes = ["4", "51", "53", "2221", "34", "37", "6011", "3530"]  # JCB: 3528-3589
    for i in range(24):
        prefix = prefixes[i % len(prefixes)]
        length = 15 if prefix in ("34", "37") else 16
        number = _luhn_complete(prefix + _digits(length - len(prefix) - 1))
        form = i % 3
        if form == 0:
            text = (
                _spaced4(number) if length == 16 else f"{number[:4]} {number[4:10]} {number[10:]}"
            )
        elif form == 1:
            text = number
        else:
            text = "-".join(number[j : j + 4] for j in range(0, len(number), 4))
        lang, pool = ("es", card_es) if i % 2 else ("en", card_en)
        add("card_pos", lang, pool[i % 3], [(text, "payment_card")])
    emails = ["lucia.fernandez", "soporte", "j.perez88", "ventas.norte", "mrodriguez"]
    domains = ["gmail.com", "tiendaluna.es", "correo.com.ar", "empresa.com.mx", "outlook.com"]
    for i in range(10):
        value = f"{emails[i % 5]}@{domains[(i * 2) % 5]}"
        lang = "es" if i % 2 else "en"
        template = "Escribinos a {0} y lo vemos." if lang == "es" else "Send it to {0} please."
        add("email_pos", lang, template, [(value, "email")])


def main() -> int:
    tokens()
    url_passwords()
    ids()
    bank()
    phones()
    credentials()
    cards_and_emails()
    with OUT.open("w", encoding="utf-8") as stream:
        for rec in records:
            stream.write(json.dumps(rec, ensure_ascii=False) + "\n")
    counts: dict[str, int] = {}
    for rec in records:
        counts[str(rec["group"])] = counts.get(str(rec["group"]), 0) + 1
    print(f"{len(records)} probes -> {OUT}: {counts}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
