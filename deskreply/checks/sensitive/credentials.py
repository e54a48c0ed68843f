"""Passwords, PINs, one-time codes, CVVs, security answers and pickup codes being disclosed.

A credential is a *value* given after a cue ("tu contraseña es Gato2024!", "PIN: 4471"). A
sentence that only talks about passwords ("nunca compartas tu contraseña", "we will send a code
to your phone") has no value after its cue and is not reported. Discount codes, booking locators and
order numbers are excluded by the qualifier words around the cue ("código de descuento").

The span is the secret itself: not the cue, not the quotes, not the sentence's punctuation.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass

from deskreply.checks.sensitive.candidates import Candidate
from deskreply.checks.sensitive.context_words import fold_phrase
from deskreply.checks.sensitive.placeholders import is_template_value

_WINDOW = 90  # characters after a cue where its value may appear
_MAX_VALUE = 64
_FOLLOWUP_REACH = 120  # how far after a security question its "Respuesta:" may come
_QUOTES = {'"': '"', "'": "'", "«": "»", "“": "”", "‘": "’", "`": "`", "„": "“", "‹": "›"}
_TRAILING = ".,;:)]}>»”’\"'…"
_SYMBOLS = frozenset("!#$%&*@_-+=?./\\|~^")
_DIGIT_GROUP = re.compile(r"\d{2,4}(?:[ \-]\d{2,4}){0,3}[#*]?")
_TOKEN = re.compile(r"\S{1,80}")
# A code read out digit by digit: "7 3 9 1 2 0".
_SPACED_DIGITS = re.compile(r"\d(?: \d){3,7}(?!\d)")
_NUMBER = re.compile(r"\d[\d \-]*")
# Where the cue's window ends: a new line, a ";", or a sentence end ". X" / "? " / "! ".
# "<value> es tu / is your / as your <cue>": the value before its cue (folded text).
_BEFORE_REACH = 80
_VALUE_BEFORE = re.compile(
    r"(?:^|(?<=\s))(\S{3,64})\s+(?:es|is|sera|will be|as|como|was|era|fue)\s+"
    r"(?:(?:tu|su|your|el|the|this|este|esta)\s+)?(?:(?:nuevo|nueva|new|temporary|temporal)\s+)?$"
)
_ARTICLE = re.compile(r"(?:el|la|the|un|una|a)\s+(?=\d)")
_STOP = re.compile(r"[\n;]|[?!](?=\s)|(?<![A-Z][a-z])(?<!\b[A-Za-z])\.(?=\s)")


# Cue categories (found by the detector's CueLexicon): password, PIN, CVV, OTP… where any
# secret-looking value counts; "code"/"código" where only a numeric value counts; security
# answers where plain capitalised words count too; qualifiers ("descuento", "postal") that
# make a code not a secret.
CUE_LISTS = {
    "cred:strong": "strong_cues",
    "cred:generic": "generic_cues",
    "cred:answer": "answer_cues",
    "cred:followup": "answer_followups",
    "cred:excluded": "excluded_qualifiers",
    "cred:entry": "entry_verbs",
    "cred:label": "label_cues",
    "cred:unlock": "unlock_phrases",
    "cred:lock": "lock_nouns",
    "cred:change": "change_verbs",
}


@dataclass(frozen=True)
class CredentialLexicon:
    introducers: re.Pattern[str]  # "es", "is", ":", "reset to"… (folded)
    not_values: frozenset[str]  # folded words that are never the secret ("el", "incorrect")
    entry_purpose: re.Pattern[str]  # " to confirm", " para validar" right after a typed number
    # "to", "a": introduce a value only after a change verb ("reset your password to …")
    change_introducers: re.Pattern[str]
    # "quedó en": introduce only a value that looks secret ("quedó en 1987", not "en revisión")
    strict_introducers: re.Pattern[str]


def cue_categories(data: dict[str, list[str]]) -> dict[str, list[str]]:
    return {category: data.get(key, []) for category, key in CUE_LISTS.items()}


def _phrases_pattern(phrases: Iterable[str]) -> re.Pattern[str]:
    """Any of ``phrases`` (folded), words whole; marks (":", "=") anywhere. Never matches
    when there are none."""
    folded = sorted({fold_phrase(p) for p in phrases}, key=len, reverse=True)
    words = [r"\s+".join(re.escape(w) for w in p.split()) for p in folded if p[0].isalnum()]
    marks = [re.escape(p) for p in folded if not p[0].isalnum()]
    alternatives = [rf"(?<![a-z0-9])(?:{'|'.join(words)})(?![a-z0-9])"] if words else []
    if marks:
        alternatives.append(f"(?:{'|'.join(marks)})")
    return re.compile("|".join(alternatives) or r"(?!)")


def build_lexicon(data: dict[str, list[str]]) -> CredentialLexicon:
    purposes = sorted({fold_phrase(p) for p in data.get("entry_purposes", [])}, key=len,
                      reverse=True)
    purpose_words = "|".join(r"\s+".join(re.escape(w) for w in p.split()) for p in purposes)
    return CredentialLexicon(
        introducers=_phrases_pattern(data["introducers"]),
        change_introducers=_phrases_pattern(data.get("change_introducers", [])),
        strict_introducers=_phrases_pattern(data.get("strict_introducers", [])),
        not_values=frozenset(fold_phrase(w) for w in data["not_values"]),
        # Never matches when the lexicon lists no purposes.
        entry_purpose=re.compile(rf"[ \t,]*(?:{purpose_words})(?![a-z])" if purposes else r"(?!)"),
    )


def _quoted(text: str, pos: int, limit: int) -> tuple[int, int] | None:
    opening = text[pos] if pos < len(text) else ""
    closing = _QUOTES.get(opening)
    if closing is None:
        return None
    end = text.find(closing, pos + 1, min(limit, pos + 2 + _MAX_VALUE))
    if end <= pos + 1 or "\n" in text[pos + 1 : end]:
        return None
    return pos + 1, end


def _unquoted(text: str, pos: int) -> tuple[int, int] | None:
    grouped = _DIGIT_GROUP.match(text, pos) or _SPACED_DIGITS.match(text, pos)
    m = _TOKEN.match(text, pos)
    if m is None:
        return None
    start, end = m.span()
    if grouped and (grouped.end() > end or grouped.end() == end):
        # "660 214" is kept as written; a lone number's trailing "." is trimmed below
        end = grouped.end() if grouped.end() > end else end
    while end > start and text[end - 1] in _TRAILING:
        end -= 1
    # "¡…es Gato2024!": the "!" closes the exclamation; without "¡" it is part of the value.
    while end > start and text[end - 1] in "!?":
        opener = "¡" if text[end - 1] == "!" else "¿"
        sentence_start = max(text.rfind(".", 0, start), text.rfind("\n", 0, start), 0)
        if opener in text[sentence_start:start]:
            end -= 1
        else:
            break
    # "¿…es 4471?" written without its "¿": a number never ends in "?" or "!".
    while end > start + 1 and text[end - 1] in "!?" and _NUMBER.fullmatch(text, start, end - 1):
        end -= 1
    if end - start > _MAX_VALUE or end <= start:
        return None
    return start, end


def _looks_secret(value: str) -> bool:
    """Mixed letters and digits, symbols inside, or odd capitals: not an ordinary word."""
    has_digit = any(ch.isdigit() for ch in value)
    has_alpha = any(ch.isalpha() for ch in value)
    if has_digit:
        return True
    inner = value[1:-1]
    if has_alpha and any(ch in _SYMBOLS for ch in inner):
        return True
    return any(ch.isupper() for ch in value[1:]) and any(ch.islower() for ch in value)


def _inside_code(text: str, start: int, end: int) -> bool:
    """ "user:password@host", "/password/reset": the cue word is part of a URL or an address."""
    before = text[start - 1] if start > 0 else ""
    after = text[end] if end < len(text) else ""
    return before in (":", "/", "@") or after in ("@", "/")


_REF_REACH = 30  # characters before a plain "code" cue where a reference word claims it
_CLAUSE_END = re.compile(r"[.;!?\n]")
# What may join a strong cue to a qualifier that names what the code is of: "PIN de la
# tarjeta", "código del pedido"; an article alone follows a verb ("para retirar el pedido").
_ATTACHED = re.compile(r"\s*(?:(?:de|del|for|of)(?:\s+(?:la|las|los|el|the|tu|su|your))?\s*)?")
# After an unlock phrase: "se abre con (la combinación) 3-1-9", "opens with (the code) 0042".
_UNLOCK_FILLER = re.compile(
    r"[ \t]*(?:(?:el|la|the|a|un|una)\s+)?(?:(?:codigo|code|combinacion|combination|clave|pin)"
    r"\s*:?\s*)?"
)
_LOCK_REACH = 60  # how far before an unlock phrase its lock noun may stand
_SEPARATED_DIGITS = re.compile(r"\d[ \-]\d")  # a combination written "3-1-9"
_DETERMINER = re.compile(r"(?:^|\s)(?:tu|su|mi|el|la|del|al|your|the|my|this|este|esta)\s+$")


def _reference_before(
    text: str, folded: str, cue_start: int, ref_ends: list[int], refs: Sequence[tuple[int, int]]
) -> bool:
    """A reference noun ("tu reclamo", "the order") stands shortly before ``cue_start`` in the
    same clause. The determiner tells the noun from a verb ("le envío el código: 660 214")."""
    # refs are in text order: only the last one ending before the cue can be close enough
    at = bisect.bisect_right(ref_ends, cue_start) - 1
    if at < 0:
        return False
    ref_start, ref_end = refs[at]
    return (
        cue_start - ref_end <= _REF_REACH
        and _DETERMINER.search(folded, max(0, ref_start - 8), ref_start) is not None
        and _CLAUSE_END.search(text, ref_end, cue_start) is None
    )


def _inside_span(starts: list[int], spans: list[tuple[int, int]], start: int, end: int) -> bool:
    """``start..end`` lies inside one of ``spans`` (sorted by start; qualifiers overlap only a
    few deep, "código de área" and "área", so only the last few starting before are looked at)."""
    at = bisect.bisect_right(starts, start)
    return any(end <= spans[i][1] for i in range(max(0, at - 4), at))


_CHANGE_REACH = 40  # how far before a cue its change verb may stand ("reset your password")


def _change_before(text: str, cue_start: int, change_ends: list[int]) -> bool:
    """A change verb ("reset", "cambié") stands shortly before the cue, in the same clause.

    ``change_ends`` is sorted: only the nearest verb before the cue can qualify (a pasted
    document with many cues and verbs stays linear)."""
    at = bisect.bisect_right(change_ends, cue_start) - 1
    if at < 0:
        return False
    change_end = change_ends[at]
    return (cue_start - change_end <= _CHANGE_REACH
            and _CLAUSE_END.search(text, change_end, cue_start) is None)


def _window_end(text: str, start: int) -> int:
    """Where the value after a cue at ``start`` may end: ``_WINDOW`` characters, a new line,
    a ";" or the end of the sentence, whichever comes first."""
    limit = min(len(text), start + _WINDOW)
    stop = _STOP.search(text, start, limit)
    return stop.start() if stop is not None else limit


def _numeric(value: str) -> bool:
    digits = [ch for ch in value if ch.isdigit()]
    rest = [ch for ch in value if not ch.isdigit() and ch not in " -#*"]
    return 3 <= len(digits) <= 10 and not rest


class CredentialFinder:
    """Finds disclosed secrets after their cue words."""

    def __init__(self, lexicon: CredentialLexicon) -> None:
        self.lex = lexicon

    def find(
        self,
        text: str,
        folded: str,
        hits: dict[str, list[tuple[int, int]]],
        refs: Sequence[tuple[int, int]] = (),
    ) -> Iterator[Candidate]:
        """``hits``: the draft's cues by category (see :data:`CUE_LISTS`); ``refs``: where
        reference words ("pedido", "order", "reclamo") are, which a plain "code" may belong to.
        """
        cues: list[tuple[int, int, str]] = []
        for kind in ("strong", "answer", "generic", "entry", "label", "unlock"):
            cues.extend((s, e, kind) for s, e in hits.get(f"cred:{kind}", ()))
        if not cues:
            return
        # "Pregunta de seguridad: … Respuesta: Pelusa": a bare "answer" counts only shortly
        # after a security question.
        answers = [e for _s, e, kind in cues if kind == "answer"]
        for s, e in hits.get("cred:followup", ()):
            if any(0 <= s - end <= _FOLLOWUP_REACH for end in answers):
                cues.append((s, e, "answer"))
        cues.sort()
        excluded = hits.get("cred:excluded", [])
        excluded_starts = [ex_start for ex_start, _ex_end in excluded]
        ref_ends = [ref_end for _ref_start, ref_end in refs]
        change_ends = sorted(end for _start, end in hits.get("cred:change", ()))
        taken_until = -1
        for start, end, kind in cues:
            if end <= taken_until:
                continue
            if _inside_code(text, start, end):
                continue
            if self._excluded_before(folded, start, excluded):
                continue
            if _inside_span(excluded_starts, excluded, start, end):
                continue  # "area code", "código de la sucursal": the cue is part of a qualifier
            if kind == "generic" and _reference_before(text, folded, start, ref_ends, refs):
                continue  # "tu reclamo tiene el código 4471": the code of a reference
            if kind in ("entry", "label", "unlock"):
                if kind == "entry":
                    found = self._typed_code(text, folded, end)
                elif kind == "label":
                    found = self._labelled(text, folded, end)
                else:
                    found = self._unlocking(text, folded, start, end, hits.get("cred:lock", ()))
                if found is not None:
                    taken_until = found[1]
                    yield Candidate(found[0], found[1], "credential",
                                    "strong" if kind == "label" else "generic")
                continue
            changed = _change_before(text, start, change_ends)
            found = self._value_after(text, folded, end, kind, excluded, changed)
            if found is None and kind != "answer":
                found = self._value_before(text, folded, start, kind, taken_until)
            if found is not None:
                taken_until = found[1]
                yield Candidate(found[0], found[1], "credential", kind)

    def _value_before(
        self, text: str, folded: str, cue_start: int, kind: str, floor: int
    ) -> tuple[int, int] | None:
        """ "482913 es tu código", "4471 is your PIN", "use 4471 as your PIN": value first."""
        window_start = max(0, floor, cue_start - _BEFORE_REACH)
        m = _VALUE_BEFORE.search(folded, window_start, cue_start)
        if m is None:
            return None
        start, end = m.span(1)
        while start < end and text[start] in "\"'«“‘(":
            start += 1
        while end > start and text[end - 1] in _TRAILING:
            end -= 1
        value = text[start:end]
        if len(value) < 3 or folded[start:end] in self.lex.not_values or is_template_value(value):
            return None
        if "@" in value or "://" in value:
            return None
        if kind == "generic":
            return (start, end) if _numeric(value) else None
        return (start, end) if _looks_secret(value) else None

    def _typed_code(self, text: str, folded: str, verb_end: int) -> tuple[int, int] | None:
        """ "Enter 448812 to confirm your account", "ingresá 5521 para validar": a number to
        type in, named only by what typing it does."""
        pos = verb_end
        while pos < len(text) and text[pos] in " \t\u00a0":
            pos += 1
        if pos == verb_end or pos >= len(text):
            return None
        span = _unquoted(text, pos)
        if span is None or not _numeric(text[span[0]:span[1]]):
            return None
        digits = sum(ch.isdigit() for ch in text[span[0]:span[1]])
        if digits < 4 or self.lex.entry_purpose.match(folded, span[1]) is None:
            return None
        return span

    def _labelled(self, text: str, folded: str, cue_end: int) -> tuple[int, int] | None:
        """ "Pass: Tr0mb0n!", "pw=Lluvia#44": a short label, then a value that looks secret."""
        pos = cue_end
        while pos < len(text) and text[pos] in " \t":
            pos += 1
        if pos >= len(text) or text[pos] not in ":=":
            return None
        limit = _window_end(text, pos + 1)
        found = self._accept(text, folded, pos + 1, limit, "strong", introduced=False)
        if found is None or not _looks_secret(text[found[0]:found[1]]):
            return None
        return found

    def _unlocking(self, text: str, folded: str, start: int, end: int,
                   locks: Iterable[tuple[int, int]]) -> tuple[int, int] | None:
        """ "La caja fuerte se abre con 7781", "the gate opens with 3-1-9": a number that opens
        a lock named earlier in the same clause."""
        if not any(start - _LOCK_REACH <= lock_end <= start
                   and _CLAUSE_END.search(text, lock_end, start) is None
                   for _lock_start, lock_end in locks):
            return None
        filler = _UNLOCK_FILLER.match(folded, end)
        pos = filler.end() if filler is not None else end
        span = _unquoted(text, pos)
        if span is None:
            return None
        value = text[span[0]:span[1]]
        if not _numeric(value):
            return None
        digits = sum(ch.isdigit() for ch in value)
        if digits < 4 and not _SEPARATED_DIGITS.search(value):
            return None  # "se abre con 100 kilos de fuerza" is not a code
        return span

    @staticmethod
    def _excluded_before(folded: str, cue_start: int, excluded: list[tuple[int, int]]) -> bool:
        """ "promo code", "código postal" share words with real cues: look just before."""
        for ex_start, ex_end in excluded:
            if ex_end <= cue_start and cue_start - ex_end <= 2 and ex_start >= cue_start - 25:
                return True
        return False

    def _value_after(
        self,
        text: str,
        folded: str,
        cue_end: int,
        kind: str,
        excluded: Iterable[tuple[int, int]],
        changed: bool = False,
    ) -> tuple[int, int] | None:
        limit = _window_end(text, cue_end)
        # Qualifiers between the cue and the value: "código de descuento es …". After a
        # strong cue only a qualifier right after it counts ("contraseña del portal de
        # clientes sigue siendo …" is still a password).
        reach = limit if kind == "generic" else min(limit, cue_end + 5)
        for ex_start, _ex_end in excluded:
            if not cue_end <= ex_start < reach:
                continue
            if kind != "generic" and not _ATTACHED.fullmatch(folded, cue_end, ex_start):
                continue  # "código para retirar el pedido": the order is the verb's object
            limit = ex_start
            break
        if self._masked(text, cue_end, limit):
            return None  # "password ******** is hidden": shown masked, nothing disclosed
        # 1) after an introducer: "es", ":", "is", "reset to"…
        for m in self.lex.introducers.finditer(folded, cue_end, limit):
            if self._masked(text, m.end(), limit):
                return None
            found = self._accept(text, folded, m.end(), limit, kind, introduced=True)
            if found is not None:
                return found
        # 2) after "quedó en", or after a change ("reset your password to …", "cambié tu PIN
        # a …"): only a value that looks secret ("set a password to continue", "quedó en
        # revisión" are not).
        strict = [self.lex.strict_introducers]
        if changed:
            strict.append(self.lex.change_introducers)
        for pattern in strict:
            for m in pattern.finditer(folded, cue_end, limit):
                found = self._accept(text, folded, m.end(), limit, kind, introduced=False)
                if found is not None:
                    return found
        # 3) right after the cue: "contraseña StaElena_88", "PIN 4471"
        return self._accept(text, folded, cue_end, limit, kind, introduced=False)

    @staticmethod
    def _masked(text: str, pos: int, limit: int) -> bool:
        """The word at ``pos`` is a mask or a template ("********", "ghp_xxxx…", "<pin>")."""
        while pos < limit and text[pos] in " \t\u00a0":
            pos += 1
        span = _unquoted(text, pos) if pos < limit else None
        return span is not None and is_template_value(text[span[0]:span[1]])

    def _accept(
        self, text: str, folded: str, pos: int, limit: int, kind: str, introduced: bool
    ) -> tuple[int, int] | None:
        while pos < limit and text[pos] in " \t\u00a0":
            pos += 1
        if introduced:
            # "es el 5521": an article before a number is not the value
            article = _ARTICLE.match(folded, pos, limit)
            if article is not None:
                pos = article.end()
        if pos >= limit:
            return None
        quoted = _quoted(text, pos, limit + _MAX_VALUE)
        if quoted is not None:
            q_start, q_end = quoted
            while q_start < q_end and text[q_start].isspace():  # '" Gato2024 "': no spaces
                q_start += 1
            while q_end > q_start and text[q_end - 1].isspace():
                q_end -= 1
            if q_start == q_end:
                return None
            quoted = (q_start, q_end)
            value = text[quoted[0] : quoted[1]]
            if is_template_value(value):
                return None
            if kind == "generic" and not _numeric(value):
                return None
            return quoted if (value.strip() and introduced) or _looks_secret(value) else None
        span = _unquoted(text, pos)
        if span is None or span[1] > limit + _MAX_VALUE:
            return None
        value = text[span[0] : span[1]]
        if is_template_value(value):
            return None
        if len(value) < 3 and not (kind == "answer" and value[:1].isupper()):
            return None
        if folded[span[0] : span[1]] in self.lex.not_values:
            return None
        if "@" in value or "://" in value or value.lower().startswith("www."):
            return None
        if kind == "generic":
            return span if _numeric(value) else None
        if _looks_secret(value):
            return span
        if kind == "answer" and introduced and value[:1].isupper():
            return self._capitalised_words(text, span)
        if introduced and value.isalpha() and len(value) >= 4 and self._ends_clause(text, span[1]):
            return span  # "the wifi password is bluebird."
        return None

    @staticmethod
    def _ends_clause(text: str, end: int) -> bool:
        rest = text[end : end + 3]
        return not rest.strip() or rest[0] in ".,;:!?)\n" or rest.lstrip()[:1] in ("(", "—", "-")

    @staticmethod
    def _capitalised_words(text: str, span: tuple[int, int]) -> tuple[int, int]:
        """ "Maple Street": extend over up to two more capitalised words."""
        start, end = span
        for _ in range(2):
            m = re.match(r" ([A-ZÁÉÍÓÚÑ][\w'-]{0,30})", text[end : end + 33])
            if m is None or text[end - 1] in _TRAILING:
                break
            end += m.end()
        return start, end
