"""Blanks left from a template: ``{nombre}``, ``[NAME]``, ``<order number>``, ``XXXX``, ``____``.

A quick reply or a pasted template with a slot nobody filled in reads as careless (or worse:
"Hola {nombre}"). This check finds such slots in a draft. Kind ``unfilled_placeholder``,
severity ``warning``, reported under the ``tone`` check (its messages use the
``placeholders`` gettext domain).

What counts as a slot, and what deliberately does not:

* ``{word}``, ``{{ word }}``, ``${word}``: always (a customer reply has no use for braces
  round a bare word). JSON or CSS in braces (quotes, colons) is not a slot.
* ``[...]`` and ``<...>``: when the words inside name a slot (``[nombre del cliente]``,
  ``<order number>``), start with an instruction (``[insert date]``, ``[insertar enlace]``)
  or are shouted (``[NOMBRE]``, ``<CIUDAD>``). Not: ``[sic]``, ``[...]``, ``[1]``, checkboxes,
  markdown links ``[text](url)``, HTML tags, ``<3``, ``<ana@mail.com>``, tags such as
  ``[URGENTE]``.
* ``(...)``: only a bare slot phrase (``(name)``, ``(nombre del cliente)``) or ``(insert …)``:
  parentheses carry ordinary asides, so the rule is strict.
* ``XXX``, ``xxxx``, ``xx/xx/xxxx``: three or more x's standing alone. Not: ``XXL``/``XXS``
  sizes, ``siglo XX``/``XXI``, ``xx`` in words, masks next to digits (``XXXX XXXX 1234``),
  kisses after a sign-off (``Thanks! xxx``).
* ``___`` (three or more underscores) unless the line is only a divider.
* ``%FIRST_NAME%``, ``*|FNAME|*`` (mail-merge tags) and "lorem ipsum".

Every pattern is a single bounded quantifier (or disjoint, separator-led repeats), so a 50 kB
draft of brackets or x's is scanned in linear time.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from typing import NamedTuple

from spacy.language import Language
from spacy.tokens import Doc

from deskreply.checks.component import CheckComponent, text_of
from deskreply.checks.report import Finding, Fix
from deskreply.checks.request import CheckRequest
from deskreply.folding import fold
from deskreply.i18n import Translate

KIND = "unfilled_placeholder"
MESSAGE = "This looks like a blank left from a template: «{slot}». Fill it in before sending."
FIX_REMOVE = "Remove"
FIX_USE_NAME = "Use “{name}”"
# The slot as quoted in the message: long spans are shortened.
MAX_QUOTED = 60

# -- patterns (each linear: one bounded quantifier, or separator-led repeats) -----------------
_BRACES = re.compile(r"\$?\{\{?[ \t]{0,2}([^\W_][\w .|-]{0,39}?)[ \t]{0,2}\}\}?")
_SQUARE = re.compile(r"\[([^\[\]\n]{1,60})\]")
_ANGLE = re.compile(r"<([^<>\n]{1,60})>")
_PAREN = re.compile(r"\(([^()\n]{1,60})\)")
_EXES = re.compile(r"(?<![\w@#/-])[xX]{2,12}(?:[ /:.,-][xX]{2,12}){0,5}(?![\w])")
_UNDERSCORES = re.compile(r"_{3,}")
_MERGE_TAG = re.compile(r"%[A-Za-z][A-Za-z_]{1,30}%|\*\|[A-Z][A-Z0-9_]{1,30}\|\*")
_LOREM = re.compile(r"\blorem ipsum\b[^.!?\n]{0,300}[.!?]?", re.IGNORECASE)
_WORD_SPLIT = re.compile(r"[\s_.\-/|#']+")
_DIVIDER_LINE = re.compile(r"[\s_=*~-]*")

# Nouns that name what a slot stands for (folded: lower case, no accents).
SLOT_NOUNS = frozenset("""
name names nombre nombres apellido apellidos surname firstname lastname fullname fname lname
customer customers cliente clienta client user usuario usuaria username recipient destinatario
agent agente advisor asesor asesora rep representative operator operador operadora
order orders pedido pedidos orden compra purchase number numero num nro
date fecha day dia time hora deadline plazo month mes year ano
company empresa brand marca store tienda shop branch sucursal
product producto item articulo model modelo size talla color colour sku
tracking seguimiento carrier transportista courier paqueteria
address direccion city ciudad country pais zip postcode cp postal street calle
email mail correo phone telefono celular movil whatsapp
amount importe monto price precio total cost coste costo balance saldo
link enlace url website web code codigo reference referencia ref case caso ticket id
team equipo department departamento area signature firma title cargo
discount descuento coupon cupon voucher promo invoice factura receipt recibo
account cuenta refund reembolso reason motivo details detalles info
""".split())
# Words that join slot nouns ("nombre del cliente", "your order number").
SLOT_GLUE = frozenset("""
de del la el los las un una su sus tu tus the of a an your his her their my
first last full completo completa aqui here new nuevo nueva s no n
""".split())
INSTRUCTIONS = frozenset("""
insert insertar inserte inserta introducir introduzca introduce anadir anada add enter
type escribir escriba paste pegar pegue put poner ponga replace reemplazar reemplace
rellenar rellene fill completar complete
""".split())
# Parentheses hold ordinary asides ("(ID)", "(pedido)"), so there a slot must ask for a
# person's name or be the unmistakable instruction.
PAREN_NOUNS = frozenset({"name", "nombre", "apellido", "apellidos", "surname", "firstname",
                         "lastname", "fullname", "customer", "cliente", "clienta", "agent",
                         "agente", "recipient", "destinatario"})
PAREN_INSTRUCTIONS = frozenset({"insert", "insertar", "inserte", "inserta"})
# Joining words that make a parenthesis an explanation ("número de pedido o de factura").
PAREN_LISTING = frozenset({"o", "u", "y", "e", "or", "and", "ni", "nor", "eg", "ej", "por"})
# Shouted bracket words that are labels, not slots.
TAGS = frozenset("""
urgent urgente important importante update actualizacion info informacion nota note aviso
warning alert alerta edit editado new nuevo nueva solved resuelto closed cerrado open abierto
sic fyi faq pdf ps spam test prueba ad ads promo oferta offer sale rebajas draft borrador
reminder recordatorio ext externo external interno internal fw fwd re resend
""".split())
HTML_TAGS = frozenset("""
a b i u p s q em br hr li ol ul div span strong small big sub sup img table tr td th
html body head title meta link style script code pre blockquote h1 h2 h3 h4 h5 h6 font center
""".split())
# Slot nouns that ask for the customer's name (a fix can fill in the chat's contact name).
NAME_NOUNS = frozenset({"name", "nombre", "firstname", "fname", "customer", "cliente",
                        "clienta", "client", "recipient", "destinatario"})
NAME_EXCLUDE = frozenset({"agent", "agente", "company", "empresa", "product", "producto",
                          "user", "usuario", "username", "brand", "marca", "store", "tienda"})
FULL_WORDS = frozenset({"full", "completo", "fullname", "apellido", "apellidos", "surname"})


class Slot(NamedTuple):
    start: int
    end: int
    words: tuple[str, ...]  # folded words inside the slot ("" parts dropped)


def words_of(content: str) -> tuple[str, ...]:
    return tuple(word for word in _WORD_SPLIT.split(fold(content)) if word)


def _is_shouted(content: str) -> bool:
    letters = [ch for ch in content if ch.isalpha()]
    return len(letters) >= 4 and all(ch.isupper() for ch in letters)


def _is_slot_phrase(words: tuple[str, ...]) -> bool:
    return (any(word in SLOT_NOUNS for word in words)
            and all(word in SLOT_NOUNS or word in SLOT_GLUE for word in words))


def _bracket_slot(content: str) -> tuple[str, ...] | None:
    """The words of ``[content]`` / ``<content>`` if it reads as a template slot."""
    if any(ch.isdigit() for ch in content) or "@" in content or "://" in content:
        return None  # "[Pedido 4521]", "<ana@mail.com>", "<https://…>": a real value
    words = words_of(content)
    if not words or len(words) > 7:
        return None
    if words[0] in INSTRUCTIONS or _is_slot_phrase(words):
        return words
    if _is_shouted(content) and not all(word in TAGS for word in words):
        return words
    return None


def _paren_slot(content: str) -> tuple[str, ...] | None:
    if any(ch.isdigit() for ch in content):
        return None
    words = words_of(content)
    if not words:
        return None
    if words[0] in PAREN_INSTRUCTIONS:
        return words
    if len(words) > 4 or any(word in PAREN_LISTING for word in words):
        return None
    if not any(word in PAREN_NOUNS for word in words):
        return None
    return words if _is_slot_phrase(words) else None


def find_slots(text: str) -> list[Slot]:
    """Every template slot in ``text``, in order, without overlaps (the outer one wins)."""
    found = list(_candidates(text))
    found.sort(key=lambda slot: (slot.start, -slot.end))
    kept: list[Slot] = []
    for slot in found:
        if kept and slot.start < kept[-1].end:
            continue  # inside (or overlapping) a slot already reported: "[XXXX]"
        kept.append(slot)
    return kept


def _candidates(text: str) -> Iterator[Slot]:
    for match in _BRACES.finditer(text):
        yield Slot(match.start(), match.end(), words_of(match.group(1)))
    for match in _SQUARE.finditer(text):
        after = text[match.end():match.end() + 1]
        if after in ("(", "["):
            continue  # markdown link "[text](url)" or reference "[text][1]"
        words = _bracket_slot(match.group(1))
        if words is not None:
            yield Slot(match.start(), match.end(), words)
    for match in _ANGLE.finditer(text):
        content = match.group(1)
        head = fold(content.strip().lstrip("/").split(" ", 1)[0])
        if head in HTML_TAGS or "=" in content:
            continue  # "<b>", "</p>", '<a href="…">'
        words = _bracket_slot(content)
        if words is not None:
            yield Slot(match.start(), match.end(), words)
    for match in _PAREN.finditer(text):
        words = _paren_slot(match.group(1))
        if words is not None and not _explains_previous_word(text, match.start(), words):
            yield Slot(match.start(), match.end(), words)
    for match in _EXES.finditer(text):
        if _is_stand_in(text, match):
            yield Slot(match.start(), match.end(), ("x",))
    for match in _UNDERSCORES.finditer(text):
        if not _is_divider_line(text, match.start(), match.end()):
            yield Slot(match.start(), match.end(), ("_",))
    for match in _MERGE_TAG.finditer(text):
        content = match.group(0).strip("%*|")
        words = words_of(content)
        if "_" in content or content.isupper() or _is_slot_phrase(words):
            yield Slot(match.start(), match.end(), words)
    for match in _LOREM.finditer(text):
        yield Slot(match.start(), match.end(), ("lorem",))


def _explains_previous_word(text: str, start: int, words: tuple[str, ...]) -> bool:
    """ "el número (número de pedido)": the parenthesis glosses the word before it."""
    before = fold(text[max(0, start - 30):start]).split()
    return bool(before) and before[-1].strip(",.:;") in words


def _is_stand_in(text: str, match: re.Match[str]) -> bool:
    token = match.group(0)
    exes = sum(1 for ch in token if ch in "xX")
    if exes < 3:
        return False  # "xx" kisses, "siglo XX"
    start, end = match.start(), match.end()
    # A mask next to digits is a partly hidden number, not a blank: "XXXX XXXX 1234".
    before = text[max(0, start - 2):start]
    after = text[end:end + 2]
    if (len(before) == 2 and before[0].isdigit() and before[1] in " -/.") or (
            len(after) == 2 and after[0] in " -/." and after[1].isdigit()):
        return False
    if (before[-1:].isdigit()) or after[:1].isdigit():
        return False
    # Kisses after a sign-off: "Thanks! xxx", "Un abrazo,\nxx x" at the very end.
    if token.islower() and exes <= 5 and not text[end:].strip(" \t\n.!❤♥"):
        previous = text[:start].rstrip()
        if not previous or not previous[-1].isalnum():
            return False
    return True


def _is_divider_line(text: str, start: int, end: int) -> bool:
    line_start = text.rfind("\n", 0, start) + 1
    line_end = text.find("\n", end)
    line = text[line_start:] if line_end == -1 else text[line_start:line_end]
    return _DIVIDER_LINE.fullmatch(line) is not None


def _name_fix(slot: Slot, contact_name: str | None) -> str | None:
    """The contact's name to put in a name slot (first name unless it asks for the full one)."""
    if not contact_name or not any(word in NAME_NOUNS for word in slot.words):
        return None
    if any(word in NAME_EXCLUDE for word in slot.words):
        return None  # "{agent_name}", "[nombre de la empresa]"
    clean = " ".join("".join(ch if ch.isprintable() else " " for ch in contact_name).split())
    if not clean:
        return None
    if any(word in FULL_WORDS for word in slot.words):
        return clean[:80]
    return clean.split(" ", 1)[0][:80]


@Language.factory("deskreply_placeholders")
def make_placeholders(nlp: Language, name: str) -> PlaceholderCheck:
    return PlaceholderCheck(nlp, name)


class PlaceholderCheck(CheckComponent):
    """Template slots left in a draft (``tone`` / ``unfilled_placeholder``)."""

    check_name = "tone"
    domain = "placeholders"

    def find(self, doc: Doc, request: CheckRequest, _: Translate) -> Iterable[Finding]:
        text = text_of(doc)
        findings: list[Finding] = []
        for slot in find_slots(text):
            flagged = text[slot.start:slot.end]
            quoted = flagged if len(flagged) <= MAX_QUOTED else flagged[:MAX_QUOTED - 1] + "…"
            fixes: list[Fix] = []
            name = _name_fix(slot, request.context.contact_name)
            if name:
                fixes.append(Fix(_(FIX_USE_NAME).format(name=name), name))
            fixes.append(Fix(_(FIX_REMOVE), ""))
            findings.append(Finding(
                check="tone",
                kind=KIND,
                start=slot.start,
                end=slot.end,
                text=flagged,
                severity="warning",
                message=_(MESSAGE).format(slot=quoted),
                fixes=tuple(fixes),
            ))
        return findings
