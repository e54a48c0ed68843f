"""Wrong name: the reply greets or addresses someone other than the chat's contact.

Only names in address positions count: after a greeting ("Hola Juan", "Hi Emma,"), after a title
("Sra. López"), as a vocative between commas at the start or end of a sentence ("Gracias,
Pedro."). Names after "soy", "mi compañera", sign-offs ("Saludos, Laura") are the agent or a
colleague and are fine. A short, long or pet form of the contact's name is the same person.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache

from deskreply.checks.tone.normalise import Token, fold

# Diminutive endings: "Juanito" -> "Juan", "Anita" -> "Ana", "Carmencita" -> "Carmen".
_DIMINUTIVES = ("cito", "cita", "ito", "ita", "illo", "illa", "ín", "ina", "y", "ie")
_VOCATIVE_AFTER = frozenset(",.!?;:")


@dataclass(frozen=True, slots=True)
class NameHit:
    first: int  # token index
    last: int  # token index, exclusive
    start: int
    end: int
    text: str
    fix: str  # replacement with the contact's name


class NameChecker:
    def __init__(self, data: dict[str, list]) -> None:
        self.given = frozenset(fold(name) for name in data["given_names"])
        self.greetings: dict[str, list[tuple[str, ...]]] = {}
        for greeting in data["greetings"]:
            words = tuple(fold(w) for w in greeting.split())
            self.greetings.setdefault(words[0], []).append(words)
        self.titles = frozenset(fold(t) for t in data["titles"])
        self.third_party = frozenset(fold(w) for w in data["third_party"])
        self.sign_offs = frozenset(fold(w) for w in data["sign_offs"])
        self.prepositions = frozenset(fold(w) for w in data["prepositions"])
        groups: dict[str, set[int]] = {}
        for index, group in enumerate(data["nickname_groups"]):
            for name in group:
                groups.setdefault(fold(name), set()).add(index)
        self._groups = {name: frozenset(ids) for name, ids in groups.items()}
        # Every address position starts at a greeting word, a title or a given name.
        self._openers = frozenset(self.greetings) | self.titles | self.given

    # -- same person? -----------------------------------------------------------------------
    def same_person(self, candidate: str, contact_parts: list[str]) -> bool:
        cand = fold(candidate)
        for part in contact_parts:
            if cand == part:
                return True
            if len(cand) >= 3 and part.startswith(cand):  # Flor ~ Florencia, Dani ~ Daniela
                return True
            if len(part) >= 3 and cand.startswith(part):  # Florencia ~ Flor
                return True
            if self._groups.get(cand, frozenset()) & self._groups.get(part, frozenset()):
                return True
            for ending in _DIMINUTIVES:
                if cand.endswith(ending) and len(cand) - len(ending) >= 2:
                    stem = cand[: -len(ending)]
                    if part in (stem, stem + "o", stem + "a", stem + "e") or (part.startswith(
                        stem
                    ) and len(stem) >= 3):
                        return True
        return False

    # -- where names are used to address someone ---------------------------------------------
    def find(self, text: str, tokens: list[Token], contact_name: str | None) -> Iterator[NameHit]:
        if not contact_name:
            return
        contact_parts = list(_contact_parts(contact_name))
        if not contact_parts:
            return
        first_name = _titlecase(contact_name.split()[0])
        seen: set[int] = set()
        for first, last, titled in self._address_positions(text, tokens):
            if first in seen:
                continue
            names = tokens[first:last]
            if not names:
                continue
            # Every given name used must belong to the contact: "Juan Luis" is not "José Luis".
            if all(self.same_person(tok.norm, contact_parts) for tok in names):
                continue
            seen.add(first)
            fix = _titlecase(contact_name.split()[-1]) if titled else first_name
            yield NameHit(first, last, names[0].start, names[-1].end,
                          text[names[0].start:names[-1].end], fix)

    def _address_positions(
        self, text: str, tokens: list[Token]
    ) -> Iterator[tuple[int, int, bool]]:
        """(first, last, after_title) token ranges that hold a name used to address someone."""
        norms = [t.norm for t in tokens]
        n = len(tokens)
        for i in self._openings(norms):
            # After a greeting: "Hola Juan", "Buenos días, Sra. Pérez", "Dear Ms Smith".
            for greeting in self.greetings.get(norms[i], ()):
                k = len(greeting)
                if tuple(norms[i:i + k]) != greeting:
                    continue
                if i > 0 and not _starts_clause(text, tokens[i - 1], tokens[i]):
                    continue
                j = i + k
                if j < n and _gap(text, tokens[j - 1], tokens[j]).strip(" ,") == "":
                    hit = self._name_at(text, tokens, j, require_known=True)
                    if hit is not None:
                        yield hit
            # A name opening the message followed by a comma: "Marta, ya está listo".
            if i == 0 and n > 1 and _gap(text, tokens[0], tokens[1]).strip().startswith(","):
                hit = self._name_at(text, tokens, 0, require_known=True)
                if hit is not None and hit[1] == 1:
                    yield hit
            # A vocative at the end of a clause: "..., Pedro." / "Gracias, Pedro!"
            if i > 0 and _gap(text, tokens[i - 1], tokens[i]).strip() == ",":
                hit = self._name_at(text, tokens, i, require_known=True)
                if hit is None:
                    continue
                after = text[tokens[hit[1] - 1].end:tokens[hit[1] - 1].end + 2].strip()
                if hit[1] < n and (not after or after[0] not in _VOCATIVE_AFTER):
                    continue
                line_break = "\n" in text[tokens[i - 1].end:tokens[i].start]
                if norms[i - 1] in self.sign_offs or line_break:
                    continue
                if i >= 2 and norms[i - 2] in self.sign_offs:
                    continue
                yield hit

    def _openings(self, norms: list[str]) -> list[int]:
        """The token indexes where an address position can start: a greeting's first word,
        a title or a given name (``_name_at`` needs one of these). Other words can yield
        nothing; the draft's few such words are found with one C-level set intersection."""
        if "." in "".join(norms):
            # Titles are compared without trailing dots; dotted norms are rare: test all.
            return list(range(len(norms)))
        present = self._openers.intersection(norms)
        return [i for i, norm in enumerate(norms) if norm in present] if present else []

    def _name_at(
        self, text: str, tokens: list[Token], j: int, require_known: bool
    ) -> tuple[int, int, bool] | None:
        n = len(tokens)
        titled = False
        if j < n and tokens[j].norm.rstrip(".") in self.titles and tokens[j].raw[:1].isupper():
            titled = True
            j += 1
        if j >= n or not tokens[j].raw[:1].isupper() or not tokens[j].raw.isalpha():
            return None
        if self._third_party_before(text, tokens, j):
            return None
        if not titled and require_known and tokens[j].norm not in self.given:
            return None
        last = j + 1
        # Compound names: "María José", "Juan Camilo".
        while (last < n and last - j < 3 and tokens[last].raw[:1].isupper()
               and tokens[last].norm in self.given
               and tokens[last].start - tokens[last - 1].end == 1):
            last += 1
        return j, last, titled

    def _third_party_before(self, text: str, tokens: list[Token], j: int) -> bool:
        """A colleague, the agent or a third party is named, not the customer."""
        if any(tok.norm in self.third_party for tok in tokens[max(0, j - 3):j]):
            return True
        # "hable con Laura", "a message from Tom" (but "Gracias a ti, Laura" is a vocative).
        return (j > 0 and tokens[j - 1].norm in self.prepositions
                and "," not in _gap(text, tokens[j - 1], tokens[j]))


@lru_cache(maxsize=64)
def _contact_parts(contact_name: str) -> tuple[str, ...]:
    """The folded parts of the contact's name (the same name on every keystroke: cached)."""
    parts = (fold(p) for p in contact_name.replace("-", " ").split())
    return tuple(p for p in parts if any(ch.isalpha() for ch in p))


def _gap(text: str, left: Token, right: Token) -> str:
    return text[left.end:right.start]


def _starts_clause(text: str, prev: Token, tok: Token) -> bool:
    gap = _gap(text, prev, tok)
    return any(ch in ".!?¡¿\n,;:" for ch in gap)


def _titlecase(name: str) -> str:
    return name[:1].upper() + name[1:]
