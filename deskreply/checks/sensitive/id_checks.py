"""Check-digit validators for ids python-stdnum has no module for, and thin stdnum wrappers.

Algorithms as the issuing offices publish them:
* El Salvador DUI: 8 digits + check, weights 9..2, (10 - sum mod 10) mod 10.
* Guatemala DPI/CUI: 8 digits + check (weights 2..9, sum mod 11, 10 -> 0... kept as mod 10)
  + department (01-22) + municipality (2 digits).
* Nicaragua cédula: 3-digit municipality, ddmmyy birth date, 4 digits, check letter =
  ``"ABCDEFGHJKLMNPQRSTUVWXY"[first 13 digits mod 23]``.
* Uruguay CI: 6-7 digits + check, weights 2987634, (10 - sum mod 10) mod 10.
* Honduras DNI: 4-digit municipality (department 01-18), 4-digit birth year, 5 digits; no
  check digit, so only its dashed shape or a cue word tells it apart.
* Brazil PIS/PASEP/NIS: 10 digits + check, weights 3298765432, 11 - sum mod 11 (10, 11 -> 0).
* Spain NSS (Seguridad Social): 2-digit province + 8 digits + 2 check digits = the first ten
  as a number mod 97.
* Mexico NSS (IMSS): 11 digits, Luhn.
* Mexico clave de elector (INE): 6 letters, birth date yymmdd, state 01-32, H/M, 3 digits.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from types import ModuleType

from stdnum import luhn
from stdnum.cr import cpf as cr_cpf
from stdnum.cr import cpj as cr_cpj
from stdnum.cu import ni as cu_ni
from stdnum.do import cedula as do_cedula
from stdnum.do import rnc as do_rnc
from stdnum.ec import ci as ec_ci
from stdnum.ec import ruc as ec_ruc
from stdnum.gt import nit as gt_nit
from stdnum.py import ruc as py_ruc
from stdnum.sv import nit as sv_nit
from stdnum.uy import rut as uy_rut
from stdnum.ve import rif as ve_rif

_NI_LETTERS = "ABCDEFGHJKLMNPQRSTUVWXY"


def sv_dui(value: str) -> bool:
    if len(value) != 9 or not value.isdigit():
        return False
    total = sum(int(c) * (9 - i) for i, c in enumerate(value[:8]))
    return (10 - total % 10) % 10 == int(value[8])


def gt_dpi(value: str) -> bool:
    if len(value) != 13 or not value.isdigit():
        return False
    total = sum(int(c) * (i + 2) for i, c in enumerate(value[:8]))
    return total % 11 % 10 == int(value[8]) and 1 <= int(value[9:11]) <= 22


def ni_cedula(value: str) -> bool:
    value = value.upper()
    if len(value) != 14 or not value[:13].isdigit() or not value[13].isalpha():
        return False
    day, month = int(value[3:5]), int(value[5:7])
    if not (1 <= day <= 31 and 1 <= month <= 12):
        return False
    return _NI_LETTERS[int(value[:13]) % 23] == value[13]


def uy_ci(value: str) -> bool:
    if len(value) not in (7, 8) or not value.isdigit():
        return False
    body = value[:-1].zfill(7)
    total = sum(int(c) * w for c, w in zip(body, (2, 9, 8, 7, 6, 3, 4), strict=True))
    return (10 - total % 10) % 10 == int(value[-1])


def hn_dni(value: str) -> bool:
    if len(value) != 13 or not value.isdigit():
        return False
    year = int(value[4:8])
    return 1 <= int(value[:2]) <= 18 and 1900 <= year <= datetime.date.today().year


def br_pis(value: str) -> bool:
    if len(value) != 11 or not value.isdigit() or len(set(value)) == 1:
        return False
    total = sum(int(c) * w for c, w in zip(value[:10], (3, 2, 9, 8, 7, 6, 5, 4, 3, 2), strict=True))
    check = 11 - total % 11
    return (0 if check >= 10 else check) == int(value[10])


def es_nss(value: str) -> bool:
    if len(value) != 12 or not value.isdigit() or not 1 <= int(value[:2]) <= 53:
        return False
    return int(value[:10]) % 97 == int(value[10:])


def mx_nss(value: str) -> bool:
    return len(value) == 11 and value.isdigit() and luhn.is_valid(value)


def mx_clave_elector(value: str) -> bool:
    value = value.upper()
    if len(value) != 18 or not value[:6].isalpha() or not value[6:14].isdigit():
        return False
    month, day, state = int(value[8:10]), int(value[10:12]), int(value[12:14])
    return 1 <= month <= 12 and 1 <= day <= 31 and 1 <= state <= 32 and value[14] in "HM"


def _ok(module: ModuleType) -> Callable[[str], bool]:
    def check(value: str) -> bool:
        try:
            return bool(module.is_valid(value))
        except Exception:  # stdnum raises on odd dates in a few modules
            return False

    return check


# name -> validator, for the cue-word ids in resources/lexicons/sensitive/ids.json too.
EXTRA_CHECKS = {
    "sv_dui": sv_dui,
    "gt_dpi": gt_dpi,
    "ni_cedula": ni_cedula,
    "uy_ci": uy_ci,
    "hn_dni": hn_dni,
    "br_pis": br_pis,
    "es_nss": es_nss,
    "mx_nss": mx_nss,
    "cr_cpf": _ok(cr_cpf),
    "cr_cpj": _ok(cr_cpj),
    "cu_ni": _ok(cu_ni),
    "do_cedula": _ok(do_cedula),
    "do_rnc": _ok(do_rnc),
    "ec_ci": _ok(ec_ci),
    "ec_ruc": _ok(ec_ruc),
    "gt_nit": _ok(gt_nit),
    "py_ruc": _ok(py_ruc),
    "sv_nit": _ok(sv_nit),
    "uy_rut": _ok(uy_rut),
    "ve_rif": _ok(ve_rif),
}
