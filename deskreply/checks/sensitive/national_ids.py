"""National and tax ids of every Spanish-speaking country, Brazil and the US.

Two families:

* Formats with a check letter or digit and a recognisable shape are reported wherever they
  appear: Spanish DNI/NIE/CIF, Mexican CURP/RFC, Chilean RUT, Argentine CUIT/CUIL, Peruvian
  and Ecuadorian RUC, Brazilian CPF/CNPJ, Colombian NIT, Venezuelan cédula/RIF, Nicaraguan
  cédula, Dominican cédula/RNC, Salvadoran DUI/NIT, Guatemalan DPI, Honduran DNI, Costa Rican
  cédulas, Uruguayan CI (each in its usual punctuation, see :func:`shaped_id_reason`).
* Plain digit strings (Argentine/Peruvian DNI, Colombian cédula, US SSN…) are reported only
  when a cue word stands right before them ("DNI 12.345.678"); any 8 digits could be an order.
  The cue lists and their checks are in ``resources/lexicons/sensitive/ids.json``.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from stdnum.ar import cuit
from stdnum.br import cnpj, cpf
from stdnum.cl import rut
from stdnum.co import nit
from stdnum.es import cif, dni, nie
from stdnum.mx import curp, rfc
from stdnum.pe import ruc
from stdnum.us import ssn

from deskreply.checks.sensitive.candidates import Candidate
from deskreply.checks.sensitive.context_words import CueIndex, Gap
from deskreply.checks.sensitive.id_checks import EXTRA_CHECKS, mx_clave_elector
from deskreply.checks.sensitive.numbers import NumberSpan

Validator = Callable[[str], bool]


def _rfc_valid(value: str) -> bool:
    try:
        rfc.validate(value, validate_check_digits=True)
    except Exception:  # stdnum raises ValidationError subclasses (and ValueError on dates)
        return False
    return True


# Cued ids may ask for one of these checks on top of their length.
CHECKS: dict[str, Validator] = {
    "ssn": ssn.is_valid,
    "cpf": cpf.is_valid,
    "cnpj": cnpj.is_valid,
    "nit": nit.is_valid,
    "cuit": cuit.is_valid,
    "ruc": ruc.is_valid,
    "rut": rut.is_valid,
    **EXTRA_CHECKS,
}

# Validators that test only length, dates or ranges: they cannot verify a check digit.
FORMAT_ONLY = frozenset({"cr_cpf", "cr_cpj", "cu_ni", "hn_dni", "ssn"})

_B = r"(?<![\w.\-+/@])"  # not glued to a word, a code, a phone or an e-mail
_E = r"(?![\w@]|[.\-/]\w)"
# The letter part of a Panamanian cédula: born abroad, foreigner, naturalised, before the
# current system, indigenous ("PE-", "E-", "N-", "8AV-", "3-PI-").
_PA_PREFIX = r"(?:PE|E|N|\d{1,2}-?(?:AV|PI))"


# Shapes with letters (the digit scanner never sees the letter). (regex, validator, reason)
def _es_dni(value: str) -> bool:
    return dni.is_valid(value.zfill(9))  # "1234567L": the leading zero is often left out


def _always(_value: str) -> bool:
    return True


_LETTER_FORMATS: tuple[tuple[re.Pattern[str], Validator, str], ...] = (
    (re.compile(_B + r"(?:\d{7,8}|\d{1,2}\.\d{3}\.\d{3})-?[A-Za-z]" + _E), _es_dni, "es_dni"),
    (re.compile(_B + r"[XYZxyz][ -]?\d{7}-?[A-Za-z]" + _E), nie.is_valid, "es_nie"),
    (re.compile(_B + r"[ABCDEFGHJNPQRSUVW][ -]?\d{7}-?[0-9A-J]" + _E), cif.is_valid, "es_cif"),
    # Venezuela: RIF (letter, 8 digits, check) and the cédula "V-12.345.678" (no check digit;
    # the letter and dash are the shape).
    (re.compile(_B + r"[VEJGPCvejgpc]-?\d{8}-?\d" + _E), EXTRA_CHECKS["ve_rif"], "ve_rif"),
    (
        re.compile(_B + r"[VEve](?:-\d{6,8}|-?\d{1,2}\.\d{3}\.\d{3})" + r"(?![\w@]|[.\-/]\w)"),
        _always,
        "ve_cedula",
    ),
    # Nicaragua: 001-010190-0001X, the letter a mod-23 check.
    (
        re.compile(_B + r"\d{3}-?\d{6}-?\d{4}[A-Ya-y]" + _E),
        EXTRA_CHECKS["ni_cedula"],
        "ni_cedula",
    ),
    (re.compile(_B + r"\d{5,11}-[Kk]" + _E), EXTRA_CHECKS["gt_nit"], "gt_nit"),
    # Mexico's voter card key: 6 letters, birth date, state, sex, 3 digits.
    (re.compile(_B + r"[A-Za-z]{6}\d{8}[HMhm]\d{3}" + _E), mx_clave_elector, "mx_clave_elector"),
    (
        re.compile(_B + r"[A-Za-z]{4}\d{6}[HMXhmx][A-Za-z]{5}[A-Za-z0-9]\d" + _E),
        curp.is_valid,
        "mx_curp",
    ),
    (re.compile(_B + r"[A-Za-zÑñ&]{3,4}[ -]?\d{6}[ -]?[A-Za-z0-9]{3}" + _E), _rfc_valid, "mx_rfc"),
    (re.compile(_B + r"(?:\d{1,2}\.\d{3}\.\d{3}|\d{7,8})-[0-9Kk]" + _E), rut.is_valid, "cl_rut"),
    # Panama's cédulas with a letter part (no check digit: the capitals and dashes are the shape).
    (re.compile(_B + _PA_PREFIX + r"-\d{1,4}-\d{3,6}" + _E), _always, "pa_cedula"),
)


_LETTER = re.compile(r"[^\W\d_]")


def find_letter_ids(text: str, start: int = 0, end: int | None = None) -> Iterator[Candidate]:
    """Ids whose shape includes letters or a check character after a dash."""
    stop = len(text) if end is None else end
    # Every format needs a letter or a dash: a window of bare digits (a long number pasted
    # twice) is skipped without running a dozen scans over it.
    has_letter = _LETTER.search(text, start, stop) is not None
    if not has_letter and text.find("-", start, stop) < 0:
        return
    for regex, valid, reason in _LETTER_FORMATS:
        if not has_letter and reason != "cl_rut":
            continue  # only a RUT ("12.345.678-5") can be all digits and a dash
        for m in regex.finditer(text, start, stop):
            value = "".join(ch for ch in m.group().upper() if ch.isalnum() or ch in "Ñ&")
            if reason == "ve_cedula":
                value = value[1:]
            if valid(value):
                yield Candidate(m.start(), m.end(), "national_id", reason)


# Letters and digits that are an id only right after a cue word: "V12345678" (too like a
# product code alone) after any id cue, a passport number ("PAA123456", "XDA123456") after
# "pasaporte" / "passport".
_VE_UNDASHED = re.compile(_B + r"[VEve]\d{6,8}" + _E)
_PASSPORT = re.compile(_B + r"[A-Za-z]{1,3}\d{6,9}" + _E)
# Panama: "PE-12-345", "E-8-123456", "N-12-345", "8AV-12-345", "3-PI-12-345". After a cue
# any asiento; alone (in _LETTER_FORMATS) only asientos of 3+ digits, so that a short code
# like "E-1-2" is not taken for one.
_PA_LETTERS = re.compile(_B + _PA_PREFIX + r"-\d{1,4}-\d{1,6}" + _E)
PASSPORT_CATEGORY = "id:passport"
# A check letter K typed without its dash ("NIT 3766364K", "RUT 12345684K"): a product code
# alone, an id after its own cue and with a verified check.
_K_UNDASHED = re.compile(_B + r"\d{5,11}[Kk]" + _E)
_K_CUES = (("id:gt_nit", "gt_nit", "gt_nit"), ("id:rut", "rut", "cl_rut"))


def find_cued_letter_ids(text: str, cues: dict[str, CueIndex], gap: Gap) -> Iterator[Candidate]:
    """Ids with letters that count only after their cue (``cues``: category -> index)."""
    # Linear: each pattern starts with a bounded literal/class run after a non-word boundary.
    if not cues:
        return
    for m in _VE_UNDASHED.finditer(text):
        if any(index.right_before(m.start(), gap) for index in cues.values()):
            yield Candidate(m.start(), m.end(), "national_id", "ve_cedula")
    for m in _PA_LETTERS.finditer(text):
        if any(index.right_before(m.start(), gap) for index in cues.values()):
            yield Candidate(m.start(), m.end(), "national_id", "pa_cedula")
    for category, check, reason in _K_CUES:
        if category not in cues:
            continue
        for m in _K_UNDASHED.finditer(text):
            if cues[category].right_before(m.start(), gap) and CHECKS[check](m.group().upper()):
                yield Candidate(m.start(), m.end(), "national_id", reason)
    passport = cues.get(PASSPORT_CATEGORY)
    if passport:
        for m in _PASSPORT.finditer(text):
            if passport.right_before(m.start(), gap):
                yield Candidate(m.start(), m.end(), "national_id", "passport")


def _dotted(span: NumberSpan) -> bool:
    """12.345.678 / 1.020.304.050: thousands dots (or spaces) only."""
    return span.single_sep() in (".", " ") and all(g == 3 for g in span.groups[1:])


def _grouped_as(span: NumberSpan, groups: tuple[tuple[int, int], ...]) -> bool:
    """Dash-joined groups of these sizes ("8-123-4567": (1, 2), (1, 4), (1, 6))."""
    return (
        len(span.groups) == len(groups)
        and span.single_sep() == "-"
        and all(lo <= n <= hi for n, (lo, hi) in zip(span.groups, groups, strict=True))
    )


def _dotted_check(span: NumberSpan) -> bool:
    """12.345.678-9: thousands dots, then a dash and one check digit."""
    seps = _seps(span)
    g = span.groups
    return (
        len(g) >= 3
        and g[-1] == 1
        and seps[-1] == "-"
        and all(s == "." for s in seps[:-1])
        and all(n == 3 for n in g[1:-1])
    )


def _id_punctuation(span: NumberSpan) -> bool:
    """One space throughout, or dots and dashes in any mix ("120.54736.02-4")."""
    if span.single_sep() == " ":
        return True
    return all(len(s) == 1 for s in span.seps) and set(span.seps) <= {"-", "."}


def _seps(span: NumberSpan) -> tuple[str, ...]:
    return tuple(s.strip() or " " for s in span.seps)


# (digit groups, separators, validator name, reason): ids punctuated in their usual way.
# The punctuation plus the check digit make them ids wherever they appear.
_SHAPES: tuple[tuple[tuple[int, ...], tuple[str, ...], str, str], ...] = (
    ((3, 3, 3, 2), (".", ".", "-"), "cpf", "br_cpf"),
    ((3, 3, 3, 2), (".", ".", "."), "cpf", "br_cpf"),
    ((2, 3, 3, 4, 2), (".", ".", "/", "-"), "cnpj", "br_cnpj"),
    ((3, 3, 3, 1), (".", ".", "-"), "nit", "co_nit"),
    ((9, 1), ("-",), "nit", "co_nit"),
    ((9, 1), ("-",), "ec_ci", "ec_cedula"),
    ((10, 3), ("-",), "ec_ruc", "ec_ruc"),
    ((3, 7, 1), ("-", "-"), "do_cedula", "do_cedula"),
    ((3, 7, 1), (" ", " "), "do_cedula", "do_cedula"),
    ((1, 2, 5, 1), ("-", "-", "-"), "do_rnc", "do_rnc"),
    ((8, 1), ("-",), "sv_dui", "sv_dui"),
    ((4, 6, 3, 1), ("-", "-", "-"), "sv_nit", "sv_nit"),
    ((4, 5, 4), (" ", " "), "gt_dpi", "gt_dpi"),
    ((4, 5, 4), ("-", "-"), "gt_dpi", "gt_dpi"),
    ((4, 4, 5), ("-", "-"), "hn_dni", "hn_dni"),
    ((4, 4, 5), (" ", " "), "hn_dni", "hn_dni"),
    ((1, 4, 4), ("-", "-"), "cr_cpf", "cr_cedula"),
    ((2, 4, 4), ("-", "-"), "cr_cpf", "cr_cedula"),
    ((1, 3, 6), ("-", "-"), "cr_cpj", "cr_cedula_juridica"),
    ((1, 3, 3, 1), (".", ".", "-"), "uy_ci", "uy_ci"),
    ((7, 1), ("-",), "uy_ci", "uy_ci"),
)
# Plain digit strings whose checks make a chance match rare (two check digits, or one plus a
# fixed part): 11-digit CPF (1 in 100), 14-digit CNPJ, 13-digit Ecuadorian RUC ("…001").
# Not Guatemala's bare DPI: 1 in 45 random 13-digit numbers (barcodes) pass its check.
_PLAIN: tuple[tuple[int, str, str], ...] = (
    (11, "cpf", "br_cpf"),
    (14, "cnpj", "br_cnpj"),
    (13, "ec_ruc", "ec_ruc"),
    (12, "uy_rut", "uy_rut"),  # 12 digits with "001" fixed before the check digit
)


def panama_cedula_shape(span: NumberSpan) -> bool:
    """ "8-123-4567", "10-1234-123456": province (1-13), tomo and asiento joined by dashes.

    No check digit, so this counts only where a phone cue does not claim the number.
    """
    g = span.groups
    if len(g) != 3 or span.single_sep() != "-" or span.looks_like_date():
        return False
    if span.digits[0] == "0":
        return False  # "01-0234-0567": Costa Rica pads its provinces, Panama does not
    province = int(span.digits[: g[0]])
    return province <= 13 and g[1] <= 4 and 3 <= g[2] <= 6 and len(span.digits) >= 7


# 20-30145678-7, 2030145678-7, 20-30.145.678-7: how people write a CUIT/CUIL besides bare.
_CUIT_WRITINGS = (
    ((2, 8, 1), ("-", "-")),
    ((10, 1), ("-",)),
    ((2, 2, 3, 3, 1), ("-", ".", ".", "-")),
)


def shaped_id_reason(span: NumberSpan) -> str | None:
    """Checksum ids recognisable without a cue word, by their digits and punctuation."""
    g, d, seps = span.groups, span.digits, _seps(span)
    if span.plus:
        return None
    if len(d) == 11 and (g == (11,) or (g, seps) in _CUIT_WRITINGS):
        if d[:2] in ("20", "23", "24", "27", "30", "33", "34") and cuit.is_valid(d):
            return "ar_cuit"
        if g == (11,) and ruc.is_valid(d):
            return "pe_ruc"
    for groups, separators, check, reason in _SHAPES:
        if g == groups and seps == separators and CHECKS[check](d):
            return reason
    if len(g) == 1:
        for length, check, reason in _PLAIN:
            if len(d) == length and CHECKS[check](d):
                return reason
    return None


@dataclass(frozen=True)
class CuedId:
    """Digits that are an id only after one of ``cues`` ("DNI", "cédula", "SSN")."""

    name: str
    cues: tuple[str, ...]  # found through the detector's CueLexicon under "id:<name>"
    min_digits: int
    max_digits: int
    check: Validator | None
    # A cue this many characters before is enough for a dashed value ("SSN … 123-45-6789").
    near: int = 0
    # The check is a real check digit (not only a length/format test like Costa Rica's).
    verifies: bool = False
    # Only in this punctuation: (min, max) digits per group, joined by ``dash`` separators.
    groups: tuple[tuple[int, int], ...] = ()
    # The cue is specific enough that the id's usual dashed check-digit shape counts even
    # though no validator can verify it ("RG 12.345.678-9": each Brazilian state has its own).
    shape: bool = False
    # The digits must match this too: facts about the numbers that were issued (a serial
    # cédula without a check digit never begins with 0; see "_why_pattern" in ids.json).
    digits_pattern: re.Pattern[str] | None = None


def cue_category(spec: CuedId) -> str:
    return f"id:{spec.name}"


def build_cued(entries: list[dict[str, object]]) -> list[CuedId]:
    out: list[CuedId] = []
    for entry in entries:
        check_name = entry.get("check")
        out.append(
            CuedId(
                name=str(entry["name"]),
                cues=tuple(str(c) for c in entry["cues"]),  # type: ignore[attr-defined]
                min_digits=int(entry["min_digits"]),  # type: ignore[call-overload]
                max_digits=int(entry["max_digits"]),  # type: ignore[call-overload]
                check=CHECKS[str(check_name)] if check_name else None,
                near=int(entry.get("near", 0)),  # type: ignore[call-overload]
                verifies=bool(check_name) and str(check_name) not in FORMAT_ONLY,
                groups=tuple(
                    (int(lo), int(hi))
                    for lo, hi in entry.get("groups", ())  # type: ignore[attr-defined]
                ),
                shape=bool(entry.get("shape", False)),
                digits_pattern=(
                    re.compile(str(entry["digits_pattern"])) if "digits_pattern" in entry else None
                ),
            )
        )
    return out


def cued_id_reason(span: NumberSpan, cued: list[tuple[CuedId, CueIndex]], gap: Gap) -> str | None:
    """An id announced by a cue word right before it (or, for dashed SSNs, nearby)."""
    if span.plus or span.looks_like_date():
        return None
    plain = len(span.groups) == 1 or _dotted(span)
    # A check digit after a dash or mixed dots and dashes look like an id with a check digit:
    # only a spec that can verify it may take them (a mistyped one is not reported).
    checked_shape = (
        _dotted_check(span)
        or (span.single_sep() is None and _id_punctuation(span))
        or (len(span.groups) > 1 and span.groups[-1] == 1 and _seps(span)[-1] == "-")
    )
    for spec, index in cued:
        if not spec.min_digits <= len(span.digits) <= spec.max_digits:
            continue
        if spec.check is not None and not spec.check(span.digits):
            continue
        if spec.digits_pattern is not None and not spec.digits_pattern.fullmatch(span.digits):
            continue
        if checked_shape and not (spec.verifies or spec.shape):
            continue
        if spec.groups and not _grouped_as(span, spec.groups):
            continue
        if (checked_shape or plain) and (
            index.right_before(span.start, gap) or index.right_after(span.end)
        ):
            return spec.name
        if (
            spec.near
            and len(span.groups) > 1
            and span.single_sep() == "-"
            and index.within(span.start, spec.near)
        ):
            return spec.name
        if (
            not plain
            and span.single_sep() in ("-", ".", " ")
            and index.right_before(span.start, gap)
        ):
            return spec.name
    return None


# Bolivian ids carry the issuing department after the number ("4567123 LP"): part of the id.
_BO_DEPARTMENT = re.compile(r"[ -](?:LP|SC|CB|OR|PT|CH|TJ|BE|PD)(?![\w])")


def department_suffix_end(text: str, end: int) -> int:
    """Where an id ending at ``end`` really ends, with a Bolivian department code after it."""
    m = _BO_DEPARTMENT.match(text, end)
    return m.end() if m is not None else end
