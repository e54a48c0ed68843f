"""Probe ids of every Spanish-speaking country and Brazil, valid and with a wrong check digit.

Check digits come from python-stdnum's validators (found by trying every check character) or,
where stdnum has no module, from the issuing office's published algorithm written here.
``id_valid`` cases are written with their cue word, and without one where the format is
distinctive (punctuation plus a check digit, or letters); ``id_badcheck`` cases change the
check character only, for formats that have one.
"""

from __future__ import annotations

import random
import string
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from stdnum.ar import cuit
from stdnum.br import cnpj, cpf
from stdnum.cl import rut
from stdnum.co import nit as co_nit
from stdnum.do import cedula as do_cedula
from stdnum.do import rnc as do_rnc
from stdnum.ec import ci as ec_ci
from stdnum.ec import ruc as ec_ruc
from stdnum.es import cif, dni, nie
from stdnum.gt import nit as gt_nit
from stdnum.mx import curp, rfc
from stdnum.pe import ruc as pe_ruc
from stdnum.py import ruc as py_ruc
from stdnum.sv import nit as sv_nit
from stdnum.uy import rut as uy_rut
from stdnum.ve import rif

Check = Callable[[str], bool]

CUED_ES = [
    "Mi {cue} es {0}.",
    "Le confirmo: {cue} {0}, tal como figura en la factura.",
    "Registré tu {cue}: {0}",
    "¿Tu {cue} es {0}?",
    "Con {cue} {0} ya podemos emitir el comprobante.",
    "Pasame tu {cue}, ¿es {0}?",
    "Su {cue} figura como {0}, verifíquelo por favor.",
    "Anoté {cue} {0} en tu ficha.",
]
CUED_EN = [
    "My {cue} is {0}.",
    "The {cue} on file is {0}, can you confirm?",
    "I updated the customer's {cue} to {0}.",
    "Is {0} still your {cue}?",
    "Her {cue}: {0}",
]
PLAIN_ES = [
    "Ya quedó registrado el {0} en el sistema.",
    "Verificá que {0} esté bien escrito.",
    "Te copio lo que figura en la ficha: {0}",
    "El dato que me diste, {0}, coincide.",
    "Lo cargué como {0}, ¿está bien?",
]
PLAIN_EN = [
    "It's {0}, copied from the form.",
    "Please double-check {0} before saving.",
    "The record shows {0}.",
    "I typed {0} into the system.",
]


def _digits(r: random.Random, n: int, first: str = "123456789") -> str:
    return r.choice(first) + "".join(r.choice(string.digits) for _ in range(n - 1))


def _complete(body: str, valid: Check, alphabet: str = string.digits) -> str:
    for ch in alphabet:
        if valid(body + ch):
            return body + ch
    raise ValueError(body)


def _safe(check: Check) -> Check:
    def run(value: str) -> bool:
        try:
            return bool(check(value))
        except Exception:
            return False

    return run


# Published algorithms for ids stdnum has no module for.
def sv_dui_ok(v: str) -> bool:
    total = sum(int(c) * (9 - i) for i, c in enumerate(v[:8]))
    return len(v) == 9 and (10 - total % 10) % 10 == int(v[8])


def gt_dpi_ok(v: str) -> bool:
    total = sum(int(c) * (i + 2) for i, c in enumerate(v[:8]))
    return len(v) == 13 and total % 11 == int(v[8]) and 1 <= int(v[9:11]) <= 22


def ni_letter(first13: str) -> str:
    return "ABCDEFGHJKLMNPQRSTUVWXY"[int(first13) % 23]


def uy_ci_ok(v: str) -> bool:
    body = v[:-1].zfill(7)
    total = sum(int(c) * w for c, w in zip(body, (2, 9, 8, 7, 6, 3, 4), strict=True))
    return (10 - total % 10) % 10 == int(v[-1])


@dataclass
class IdCase:
    country: str
    name: str
    cues_es: tuple[str, ...]
    cues_en: tuple[str, ...]
    make: Callable[[random.Random], str]  # the value as written (with its punctuation)
    distinctive: bool  # found without a cue word
    check: Check | None = None  # validates the compact value (None: no check digit)
    compact: Callable[[str], str] = lambda v: "".join(c for c in v if c.isalnum())


def _cases() -> list[IdCase]:
    es_dni = _safe(dni.is_valid)

    def m_dni(r: random.Random) -> str:
        v = _complete(_digits(r, 8), es_dni, "TRWAGMYFPDXBNJZSQVHLCKE")
        return r.choice([v, f"{v[:8]}-{v[8]}", f"{v[:2]}.{v[2:5]}.{v[5:8]}-{v[8]}"])

    def m_dni7(r: random.Random) -> str:
        body = _digits(r, 7)
        return _complete("0" + body, es_dni, "TRWAGMYFPDXBNJZSQVHLCKE")[1:]

    def m_nie(r: random.Random) -> str:
        v = _complete(r.choice("XYZ") + _digits(r, 7, string.digits), _safe(nie.is_valid),
                      "TRWAGMYFPDXBNJZSQVHLCKE")  # fmt: skip
        return r.choice([v, f"{v[0]}-{v[1:8]}-{v[8]}"])

    def m_cif(r: random.Random) -> str:
        v = _complete(r.choice("ABEGHB") + _digits(r, 7, string.digits), _safe(cif.is_valid),
                      string.digits + "ABCDEFGHIJ")  # fmt: skip
        return r.choice([v, f"{v[0]}-{v[1:]}", f"{v[0]} {v[1:]}"])

    def m_curp(r: random.Random) -> str:
        letters = "".join(r.choice("BCDFGHJLMNPRSTVZ") for _ in range(4))
        letters = letters[0] + r.choice("AEIOU") + letters[2:]
        date = f"{r.randint(60, 99)}{r.randint(1, 12):02d}{r.randint(1, 28):02d}"
        state = r.choice(["DF", "JC", "NL", "PL", "VZ", "GT", "MC", "YN"])
        cons = "".join(r.choice("BCDFGHJKLMNPRSTVWXZ") for _ in range(3))
        body = f"{letters}{date}{r.choice('HM')}{state}{cons}0"
        return _complete(body, _safe(curp.is_valid))

    def m_rfc(r: random.Random) -> str:
        def ok(v: str) -> bool:
            try:
                rfc.validate(v, validate_check_digits=True)
            except Exception:
                return False
            return True

        for _ in range(500):
            letters = "".join(r.choice("BCDFGHJLMNPRSTVZ") for _ in range(4))
            letters = letters[0] + r.choice("AEIOU") + letters[2:]
            moral = r.random() < 0.3
            if moral:
                letters = letters[:3]
            date = f"{r.randint(70, 99)}{r.randint(1, 12):02d}{r.randint(1, 28):02d}"
            homo = "".join(r.choice(string.ascii_uppercase[:20] + "123456789") for _ in range(2))
            try:
                v = _complete(letters + date + homo, ok, string.digits + "A")
            except ValueError:
                continue
            return r.choice([v, f"{v[:-9]}-{v[-9:-3]}-{v[-3:]}"])
        raise RuntimeError("rfc")

    def m_cuit(r: random.Random) -> str:
        while True:
            body = r.choice(["20", "23", "27", "30", "33"]) + _digits(r, 8)
            try:
                v = _complete(body, _safe(cuit.is_valid))
            except ValueError:
                continue
            return r.choice([f"{v[:2]}-{v[2:10]}-{v[10]}", v])

    def m_dni_ar(r: random.Random) -> str:
        v = _digits(r, 8, "1234")
        return r.choice([f"{v[:2]}.{v[2:5]}.{v[5:]}", v])

    def m_cpf(r: random.Random) -> str:
        body = _digits(r, 9)
        v = next(body + a + b for a in string.digits for b in string.digits
                 if cpf.is_valid(body + a + b))  # fmt: skip
        return r.choice([f"{v[:3]}.{v[3:6]}.{v[6:9]}-{v[9:]}", v])

    def m_cnpj(r: random.Random) -> str:
        body = _digits(r, 8) + "0001"
        v = next(body + a + b for a in string.digits for b in string.digits
                 if cnpj.is_valid(body + a + b))  # fmt: skip
        return r.choice([f"{v[:2]}.{v[2:5]}.{v[5:8]}/{v[8:12]}-{v[12:]}", v])

    def m_rg(r: random.Random) -> str:
        v = _digits(r, 8)
        return f"{v[:2]}.{v[2:5]}.{v[5:]}-{r.choice(string.digits)}"

    def m_rut(r: random.Random) -> str:
        body = str(r.randint(5_000_000, 25_999_999))
        v = _complete(body, _safe(rut.is_valid), string.digits + "K")
        dotted = f"{int(body):,}".replace(",", ".")
        return r.choice([f"{dotted}-{v[-1]}", f"{body}-{v[-1]}"])

    def m_co_cc(r: random.Random) -> str:
        v = _digits(r, r.choice([8, 10]))
        return r.choice([v, f"{int(v):,}".replace(",", ".")])

    def m_co_nit(r: random.Random) -> str:
        body = r.choice(["800", "830", "860", "890", "900", "901"]) + _digits(r, 6, string.digits)
        v = _complete(body, _safe(co_nit.is_valid))
        return r.choice([f"{v[:3]}.{v[3:6]}.{v[6:9]}-{v[9]}", f"{v[:9]}-{v[9]}"])

    def m_ve_ci(r: random.Random) -> str:
        v = str(r.randint(5_000_000, 30_000_000))
        dotted = f"{int(v):,}".replace(",", ".")
        return r.choice([f"V-{dotted}", f"V-{v}", f"E-{v}"])

    def m_rif(r: random.Random) -> str:
        while True:
            body = r.choice("VJEG") + _digits(r, 8, string.digits)
            try:
                v = _complete(body, _safe(rif.is_valid))
            except ValueError:
                continue
            return r.choice([f"{v[0]}-{v[1:9]}-{v[9]}", f"{v[0]}{v[1:9]}-{v[9]}"])

    def m_ec_ci(r: random.Random) -> str:
        body = f"{r.randint(1, 24):02d}" + r.choice("012345") + _digits(r, 6, string.digits)
        return _complete(body, _safe(ec_ci.is_valid))

    def m_ec_ruc(r: random.Random) -> str:
        ci = m_ec_ci(r)
        v = ci + "001"
        assert ec_ruc.is_valid(v)
        return v

    def m_pe_dni(r: random.Random) -> str:
        return _digits(r, 8, "1234567")

    def m_pe_ruc(r: random.Random) -> str:
        while True:
            body = r.choice(["10", "20"]) + _digits(r, 8, string.digits)
            try:
                return _complete(body, _safe(pe_ruc.is_valid))
            except ValueError:
                continue

    def m_bo_ci(r: random.Random) -> str:
        v = _digits(r, r.choice([7, 8]))
        return r.choice([v, f"{v} {r.choice(['LP', 'SC', 'CB'])}"])

    def m_uy_ci(r: random.Random) -> str:
        body = str(r.randint(1_000_000, 6_999_999))
        v = _complete(body, uy_ci_ok)
        return r.choice([f"{v[0]}.{v[1:4]}.{v[4:7]}-{v[7]}", f"{v[:7]}-{v[7]}"])

    def m_uy_rut(r: random.Random) -> str:
        while True:
            body = f"{r.randint(1, 22):02d}" + _digits(r, 6, string.digits) + "001"
            try:
                return _complete(body, _safe(uy_rut.is_valid))
            except ValueError:
                continue

    def m_py_ci(r: random.Random) -> str:
        v = str(r.randint(800_000, 7_999_999))
        return r.choice([v, f"{int(v):,}".replace(",", ".")])

    def m_py_ruc(r: random.Random) -> str:
        body = str(r.randint(800_000, 7_999_999))
        v = _complete(body, _safe(py_ruc.is_valid))
        return f"{v[:-1]}-{v[-1]}"

    def m_sv_dui(r: random.Random) -> str:
        v = _complete("0" + _digits(r, 7, string.digits), sv_dui_ok)
        return f"{v[:8]}-{v[8]}"

    def m_sv_nit(r: random.Random) -> str:
        while True:
            body = (r.choice(["0614", "0210", "1217"]) + f"{r.randint(1, 28):02d}"
                    + f"{r.randint(1, 12):02d}" + f"{r.randint(60, 99):02d}"
                    + _digits(r, 3, string.digits))  # fmt: skip
            try:
                v = _complete(body, _safe(sv_nit.is_valid))
            except ValueError:
                continue
            return f"{v[:4]}-{v[4:10]}-{v[10:13]}-{v[13]}"

    def m_gt_dpi(r: random.Random) -> str:
        while True:
            body = _digits(r, 8)
            total = sum(int(c) * (i + 2) for i, c in enumerate(body))
            if total % 11 == 10:
                continue
            v = body + str(total % 11) + f"{r.randint(1, 22):02d}" + f"{r.randint(1, 8):02d}"
            assert gt_dpi_ok(v)
            return r.choice([f"{v[:4]} {v[4:9]} {v[9:]}", v])

    def m_gt_nit(r: random.Random) -> str:
        v = _complete(_digits(r, r.choice([6, 7])), _safe(gt_nit.is_valid), string.digits + "K")
        return f"{v[:-1]}-{v[-1]}"

    def m_hn(r: random.Random) -> str:
        v = f"{r.randint(1, 18):02d}{r.randint(1, 20):02d}{r.randint(1960, 2005)}" + _digits(
            r, 5, string.digits
        )
        return r.choice([f"{v[:4]}-{v[4:8]}-{v[8:]}", v])

    def m_ni(r: random.Random) -> str:
        first = (f"{r.randint(1, 600):03d}{r.randint(1, 28):02d}{r.randint(1, 12):02d}"
                 f"{r.randint(60, 99):02d}" + _digits(r, 4, string.digits))  # fmt: skip
        v = first + ni_letter(first)
        return r.choice([f"{v[:3]}-{v[3:9]}-{v[9:]}", v])

    def m_cr(r: random.Random) -> str:
        v = f"{r.randint(1, 7)}-{r.randint(100, 1999):04d}-{r.randint(1, 9999):04d}"
        return r.choice([v, v.replace("-", "")])

    def m_cr_j(r: random.Random) -> str:
        return f"3-101-{r.randint(100000, 999999)}"

    def m_pa(r: random.Random) -> str:
        return r.choice(
            [
                f"{r.randint(1, 9)}-{r.randint(100, 999)}-{r.randint(1000, 9999)}",
                f"8-{r.randint(700, 999)}-{r.randint(100, 2999)}",
                f"PE-{r.randint(1, 15)}-{r.randint(100, 9999)}",
                f"E-8-{r.randint(10000, 199999)}",
            ]
        )

    def m_cu(r: random.Random) -> str:
        # the 7th digit gives the century: 0-5 for people born in the 1900s
        return (f"{r.randint(60, 99):02d}{r.randint(1, 12):02d}{r.randint(1, 28):02d}"
                + _digits(r, 5, "012345"))  # fmt: skip

    def m_do_ced(r: random.Random) -> str:
        v = _complete(r.choice(["001", "402", "031", "223"]) + _digits(r, 7, string.digits),
                      _safe(do_cedula.is_valid))  # fmt: skip
        return r.choice([f"{v[:3]}-{v[3:10]}-{v[10]}", v])

    def m_do_rnc(r: random.Random) -> str:
        while True:
            try:
                v = _complete("1" + _digits(r, 7, string.digits), _safe(do_rnc.is_valid))
            except ValueError:
                continue
            return f"{v[0]}-{v[1:3]}-{v[3:8]}-{v[8]}"

    def m_ssn(r: random.Random) -> str:
        return f"{r.randint(100, 665)}-{r.randint(10, 99)}-{r.randint(1000, 9999)}"

    def m_mx_nss(r: random.Random) -> str:
        body = _digits(r, 10)
        for d in string.digits:
            cand = body + d
            total = 0
            for i, ch in enumerate(reversed(cand)):
                n = int(ch) * (2 if i % 2 else 1)
                total += n - 9 if n > 9 else n
            if total % 10 == 0:
                return cand
        raise AssertionError

    ec_ci_ok = _safe(ec_ci.is_valid)
    return [
        IdCase("ES", "dni", ("DNI", "NIF"), ("DNI", "Spanish ID"), m_dni, True, es_dni,
               lambda v: "".join(c for c in v if c.isalnum()).zfill(9)),
        IdCase("ES", "dni7", ("DNI", "NIF"), ("DNI",), m_dni7, False, es_dni,
               lambda v: v.zfill(9)),
        IdCase("ES", "nie", ("NIE",), ("NIE",), m_nie, True, _safe(nie.is_valid)),
        IdCase("ES", "cif", ("CIF",), ("CIF", "company tax ID"), m_cif, True, _safe(cif.is_valid)),
        IdCase("MX", "curp", ("CURP",), ("CURP",), m_curp, True, _safe(curp.is_valid)),
        IdCase("MX", "rfc", ("RFC",), ("RFC", "Mexican tax ID"), m_rfc, True, None),
        IdCase("MX", "nss", ("número de seguro social", "NSS"), ("IMSS number",), m_mx_nss,
               False, None),
        IdCase("AR", "cuit", ("CUIT", "CUIL"), ("CUIT", "tax ID"), m_cuit, True,
               _safe(cuit.is_valid)),
        IdCase("AR", "dni", ("DNI", "documento"), ("DNI", "ID number"), m_dni_ar, False),
        IdCase("BR", "cpf", ("CPF",), ("CPF",), m_cpf, True, _safe(cpf.is_valid)),
        IdCase("BR", "cnpj", ("CNPJ",), ("CNPJ",), m_cnpj, True, _safe(cnpj.is_valid)),
        IdCase("BR", "rg", ("RG",), ("RG",), m_rg, False),
        IdCase("CL", "rut", ("RUT", "RUN"), ("RUT",), m_rut, True, _safe(rut.is_valid)),
        IdCase("CO", "cc", ("cédula", "número de cédula"), ("cedula number",), m_co_cc, False),
        IdCase("CO", "nit", ("NIT",), ("NIT",), m_co_nit, True, _safe(co_nit.is_valid)),
        IdCase("VE", "ci", ("cédula",), ("cedula",), m_ve_ci, True),
        IdCase("VE", "rif", ("RIF",), ("RIF",), m_rif, True, _safe(rif.is_valid)),
        IdCase("EC", "ci", ("cédula",), ("cedula",), m_ec_ci, False, ec_ci_ok),
        IdCase("EC", "ruc", ("RUC",), ("RUC",), m_ec_ruc, True, _safe(ec_ruc.is_valid)),
        IdCase("PE", "dni", ("DNI",), ("DNI",), m_pe_dni, False),
        IdCase("PE", "ruc", ("RUC",), ("RUC",), m_pe_ruc, True, _safe(pe_ruc.is_valid)),
        IdCase("BO", "ci", ("CI", "carnet de identidad"), ("ID card number",), m_bo_ci, False),
        IdCase("UY", "ci", ("cédula", "CI"), ("ID card",), m_uy_ci, True, uy_ci_ok),
        IdCase("UY", "rut", ("RUT",), ("RUT",), m_uy_rut, True, _safe(uy_rut.is_valid)),
        IdCase("PY", "ci", ("cédula", "CI"), ("ID number",), m_py_ci, False),
        IdCase("PY", "ruc", ("RUC",), ("RUC",), m_py_ruc, False, _safe(py_ruc.is_valid)),
        IdCase("SV", "dui", ("DUI",), ("DUI",), m_sv_dui, True, sv_dui_ok),
        IdCase("SV", "nit", ("NIT",), ("NIT",), m_sv_nit, True, _safe(sv_nit.is_valid)),
        IdCase("GT", "dpi", ("DPI", "CUI"), ("DPI",), m_gt_dpi, True, gt_dpi_ok),
        IdCase("GT", "nit", ("NIT",), ("NIT",), m_gt_nit, False, _safe(gt_nit.is_valid)),
        IdCase("HN", "dni", ("DNI", "número de identidad"), ("ID number",), m_hn, False),
        IdCase("NI", "cedula", ("cédula",), ("cedula",), m_ni, True,
               lambda v: len(v) == 14 and ni_letter(v[:13]) == v[13].upper()),
        IdCase("CR", "cedula", ("cédula",), ("cedula",), m_cr, False),
        IdCase("CR", "juridica", ("cédula jurídica",), ("corporate ID",), m_cr_j, False),
        IdCase("PA", "cedula", ("cédula",), ("cedula",), m_pa, False),
        IdCase("CU", "ci", ("carné de identidad",), ("ID card number",), m_cu, False),
        IdCase("DO", "cedula", ("cédula",), ("cedula",), m_do_ced, True,
               _safe(do_cedula.is_valid)),
        IdCase("DO", "rnc", ("RNC",), ("RNC",), m_do_rnc, True, _safe(do_rnc.is_valid)),
        IdCase("PR", "ssn", ("seguro social", "SSN"), ("SSN", "social security number"), m_ssn,
               False),
    ]  # fmt: skip


def _break(value: str, compact: Callable[[str], str], check: Check) -> str | None:
    """``value`` with its last alphanumeric character changed so that ``check`` fails."""
    idx = max(i for i, c in enumerate(value) if c.isalnum())
    alphabet = string.digits if value[idx].isdigit() else string.ascii_uppercase
    for ch in alphabet:
        if ch == value[idx]:
            continue
        cand = value[:idx] + ch + value[idx + 1 :]
        if not check(compact(cand)):
            return cand
    return None


def id_cases(r: random.Random) -> Iterator[tuple[str, str, str, str, str]]:
    """(group, lang, sentence with {0}, value, note "CC:name:how")."""
    for case in _cases():
        for i in range(4):
            value = case.make(r)
            lang = "es" if i % 2 == 0 else "en"
            cues = case.cues_es if lang == "es" else case.cues_en
            cued_pool = CUED_ES if lang == "es" else CUED_EN
            template = r.choice(cued_pool).replace("{cue}", cues[i // 2 % len(cues)])
            yield "id_valid", lang, template, value, f"{case.country}:{case.name}:cued"
            if case.distinctive:
                plain = r.choice(PLAIN_ES if lang == "es" else PLAIN_EN)
                yield "id_valid", lang, plain, case.make(r), f"{case.country}:{case.name}:bare"
        if case.check is None:
            continue
        for i in range(4):
            value = case.make(r)
            bad = _break(value, case.compact, case.check)
            if bad is None:
                continue
            lang = "es" if i % 2 == 0 else "en"
            if i < 2:
                cues = case.cues_es if lang == "es" else case.cues_en
                template = r.choice(CUED_ES if lang == "es" else CUED_EN).replace("{cue}", cues[0])
            else:
                template = r.choice(PLAIN_ES if lang == "es" else PLAIN_EN)
            yield "id_badcheck", lang, template, bad, f"{case.country}:{case.name}"
