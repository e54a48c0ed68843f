"""The tone and context check: a spaCy component reading the shared Doc.

Severity policy (also in resources/lexicons/tone/README.md):

* insult -> block; profanity and aggressive -> block for strong entries, warning for mild ones
  (each lexicon entry says which); every other kind -> warning.
* An entry marked ``"level": "borderline"`` is reported as ``info`` at standard sensitivity
  (shown, not counted), as ``warning`` at strict, and not at all at relaxed.
* At relaxed sensitivity too_informal and no_empathy become ``info`` as well: a casual brand
  chooses that voice on purpose.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy
import srsly
from spacy.language import Language
from spacy.tokens import Doc

from deskreply.checks.component import CheckComponent, text_of
from deskreply.checks.mood import NEUTRAL, Mood, mood_of
from deskreply.checks.report import Finding, Fix, Severity
from deskreply.checks.request import CheckRequest
from deskreply.checks.tone import messages as msg
from deskreply.checks.tone.embeddings import embeddings
from deskreply.checks.tone.empathy import EmpathyChecker
from deskreply.checks.tone.formality import FormalityChecker
from deskreply.checks.tone.lexicon import Entry, Match, PhraseMatcher, longest_per_kind
from deskreply.checks.tone.model import MODEL_KINDS, model_pipe, sentence_scores
from deskreply.checks.tone.names import NameChecker
from deskreply.checks.tone.normalise import (
    CENSOR_CHARS,
    Token,
    fold,
    is_censored,
    join_spaced,
)
from deskreply.checks.tone.shouting import ShoutingDetector
from deskreply.checks.tone.vocatives import Vocatives
from deskreply.checks.words import words_of
from deskreply.i18n import Translate

LEXICON_DIR = ("lexicons", "tone")
UNLESS_WINDOW = 5
RELAXED_INFO_KINDS = frozenset({"too_informal", "no_empathy"})
# "No es culpa suya", "not your fault", "no es ningún idiota": a negation right before turns
# blame or an insult into reassurance.
NEGATABLE_KINDS = frozenset({"blame", "insult"})
NEGATIONS = frozenset({"no", "not", "ni", "nunca", "never", "isn't", "wasn't", "n't", "jamas"})
SWEAR_KINDS = ("profanity", "insult")


@Language.factory("deskreply_tone", default_config={"thresholds": {}})
def make_tone(nlp: Language, name: str, thresholds: dict[str, dict[str, float]]) -> ToneComponent:
    return ToneComponent(nlp, name, thresholds)


class ToneComponent(CheckComponent):
    check_name = "tone"

    def __init__(self, nlp: Language, name: str,
                 thresholds: dict[str, dict[str, float]] | None = None) -> None:
        super().__init__(nlp, name)
        self._nlp = nlp
        # {kind: {sensitivity: threshold}} chosen on a validation split at build time.
        self.thresholds = dict(thresholds or {})
        self._score_cache: dict[str, Any] = {}

    # -- build time ---------------------------------------------------------------------------
    def load_resources(self, resources: Path, lang: str) -> dict[str, Any]:
        folder = resources.joinpath(*LEXICON_DIR)
        own = dict(srsly.read_json(folder / f"{lang}.json"))
        common = dict(srsly.read_json(folder / "common.json"))
        names = dict(srsly.read_json(folder / "names.json"))
        names.pop("_source", None)
        names.update(common["names"])
        return {
            "lang": lang,
            "phrases": own["phrases"],
            "laughter": common["laughter"],
            "shouting": common["shouting"],
            "names": names,
            "formality": own.get("formality"),
            "empathy": own["empathy"],
            "vocatives": own.get("vocatives"),
        }

    # -- load time ----------------------------------------------------------------------------
    def prepare(self) -> None:
        data = self.data
        if not data:
            return
        self._phrases = PhraseMatcher(data["phrases"])
        # Single words that name swear words/insults: targets for censored ("p*ta") and
        # spaced-out ("m i e r d a") spellings.
        swear_entries = [e for e in data["phrases"] if e["kind"] in SWEAR_KINDS]
        self._swears = frozenset(
            w for w in PhraseMatcher(swear_entries).single_words if len(w) >= 3
        )
        self._swear_entry = Entry("profanity", "warning", "clear", "", frozenset(), None)
        laughter = data["laughter"]
        self._laugh_words = frozenset(laughter["words"])
        self._laugh_entry = Entry("too_informal", "warning", "clear", "", frozenset(), None)
        self._shouting = ShoutingDetector(data["shouting"]["acronyms"],
                                          data["shouting"]["short_words"])
        self._names = NameChecker(data["names"])
        self._formality = FormalityChecker(data["formality"]) if data.get("formality") else None
        self._empathy = EmpathyChecker(data["empathy"])
        self._vocatives = Vocatives(data.get("vocatives"))
        self._censor_cache = lru_cache(maxsize=512)(self._resolve_censored)
        if self.thresholds:
            embeddings()  # load the model's sub-word table now, not on the first keystroke

    # -- run time -----------------------------------------------------------------------------
    def find(self, doc: Doc, request: CheckRequest, _: Translate) -> Iterable[Finding]:
        text = text_of(doc)
        tokens = join_spaced(text, words_of(doc), self._swears)
        findings = list(self._findings(text, tokens, request, _, mood_of(doc)))
        findings.extend(self._model_findings(text, tokens, request, _, findings))
        return findings

    def _model_findings(self, text: str, tokens: list[Token], request: CheckRequest,
                        _: Translate, found: list[Finding]) -> Iterator[Finding]:
        """Kinds the rules cannot reach, scored sentence by sentence by the trained model."""
        if not self.thresholds or not tokens:
            return
        try:  # not `in nlp.pipe_names`: that property builds a new list on every call (~20 us)
            model = model_pipe(self._nlp).model
        except KeyError:  # a pipeline built without the trained model (rules only)
            return
        level = request.settings.sensitivity
        spans, scores = sentence_scores(model, text, tokens, self._score_cache)
        if not spans:
            return
        # Each kind's best sentence and its score, for all kinds at once (one numpy call
        # each instead of one per kind).
        bests = scores.argmax(axis=0)
        tops = scores[bests, numpy.arange(len(MODEL_KINDS))].tolist()
        for column, kind in enumerate(MODEL_KINDS):
            limit = self.thresholds.get(kind, {}).get(level)
            if limit is None:
                continue
            if tops[column] < limit:
                continue
            a, b = spans[int(bests[column])]
            start, end = tokens[a].start, tokens[b - 1].end
            if any(f.kind == kind and f.start < end and start < f.end for f in found):
                continue  # a rule already points at these words
            words = text[start:end]
            yield Finding("tone", kind, start, end, words, "warning",
                          _(msg.WHY[kind]).format(words=msg.quote(words)))

    def _findings(
        self, text: str, tokens: list[Token], request: CheckRequest, _: Translate,
        mood: Mood = NEUTRAL,
    ) -> Iterator[Finding]:
        context = request.context
        sensitivity = request.settings.sensitivity
        norms = [tok.norm for tok in tokens]
        # Censored spellings ("p*ta", "f#@%") are rare: one search over all the words says
        # whether any needs resolving (an uncensored norm resolves to itself).
        censored = is_censored("".join(norms))
        if censored:
            norms = [self._resolved_norm(text, tok) for tok in tokens]
        complaint: bool | None = None

        def is_complaint() -> bool:
            nonlocal complaint
            if complaint is None:
                complaint = mood.upset or self._empathy.is_complaint(context.incoming)
            return complaint

        # 1. Lexicon phrases (insult, profanity, aggressive, sarcasm, blame, …).
        matches = self._phrases.find(norms)
        matches.extend(self._laughter(norms))
        matches.extend(Match(i, i + 1, self._laugh_entry)
                       for i in self._vocatives.find(text, tokens))
        if censored:
            matches.extend(self._censored(tokens, norms))
        kept: list[Match] = []
        for match in longest_per_kind(matches):
            entry = match.entry
            if entry.requires == "complaint" and not is_complaint():
                continue
            if entry.unless and self._cancelled(norms, match, entry.unless):
                continue
            negated = match.first > 0 and norms[match.first - 1] in NEGATIONS
            if entry.kind in NEGATABLE_KINDS and negated:
                continue
            if entry.kind == "too_informal" and _is_abbreviation(text, tokens, match):
                continue
            kept.append(match)
        for match in kept:
            entry = match.entry
            severity = _severity(entry.severity, entry.level, entry.kind, sensitivity)
            if severity is None:
                continue
            start, end = tokens[match.first].start, tokens[match.last - 1].end
            words = text[start:end]
            fixes: tuple[Fix, ...] = ()
            if entry.fix == "":
                fixes = (Fix(_(msg.FIX_REMOVE).format(words=msg.quote(words)), ""),)
            elif entry.fix:
                fixes = (Fix(_(msg.FIX_REPLACE).format(replacement=entry.fix), entry.fix),)
            yield Finding("tone", entry.kind, start, end, words, severity,
                          _(msg.WHY[entry.kind]).format(words=msg.quote(words)), fixes)

        # 2. The user's own word list.
        yield from self._extra_words(text, tokens, norms, request, _)

        # 3. Shouting.
        for shout in self._shouting.find(text, tokens):
            words = text[shout.start:shout.end]
            if shout.punctuation:
                mark = _single_mark(words)
                fix = Fix(_(msg.FIX_ONE_MARK).format(mark=mark), mark)
            else:
                fix = Fix(_(msg.FIX_LOWER), _sentence_case(text, shout.start, words))
            yield Finding("tone", "shouting", shout.start, shout.end, words, "warning",
                          _(msg.WHY["shouting"]).format(words=msg.quote(words)), (fix,))

        # 4. Wrong name.
        for hit in self._names.find(text, tokens, context.contact_name):
            name = context.contact_name or ""
            yield Finding(
                "tone", "wrong_name", hit.start, hit.end, hit.text, "warning",
                _(msg.WHY["wrong_name"]).format(name=msg.quote(name), words=msg.quote(hit.text)),
                (Fix(_(msg.FIX_NAME).format(name=hit.fix), hit.fix),),
            )

        # 5. Formality (Spanish).
        if self._formality is not None:
            for mismatch in self._formality.find(text, tokens, context.incoming,
                                                     context.formality or None):
                why = msg.WHY["formality_mixed" if mismatch.mixed else "formality_mismatch"]
                fixes = ()
                if mismatch.fix:
                    fixes = (Fix(_(msg.FIX_USTED).format(replacement=mismatch.fix), mismatch.fix),)
                yield Finding("tone", "formality_mismatch", mismatch.start, mismatch.end,
                              mismatch.text, "warning",
                              _(why).format(words=msg.quote(mismatch.text)), fixes)

        # 6. No empathy for an upset customer.
        # Thanks, praise or a plain question need no apology; complaint, anger or bad news do,
        # whichever language the customer wrote in.
        if context.incoming and not mood.only_friendly:
            curt = self._empathy.find(text, tokens, context.incoming, context.contact_name,
                                      upset=mood.upset)
            if curt is not None:
                severity = _severity("warning", "clear", "no_empathy", sensitivity)
                if severity is not None:
                    apology = msg.APOLOGY.get(request.lang, msg.APOLOGY["en"])
                    yield Finding(
                        "tone", "no_empathy", curt.start, curt.end, curt.text, severity,
                        _(msg.WHY["no_empathy"]).format(words=msg.quote(curt.text)),
                        (Fix(_(msg.FIX_APOLOGY), apology + curt.text),),
                    )

    # -- helpers ------------------------------------------------------------------------------
    def _resolved_norm(self, text: str, tok: Token) -> str:
        if not is_censored(tok.norm):
            return tok.norm
        # A masked e-mail or handle ("j***@mail.com") is not a censored swear word.
        if text[tok.end:tok.end + 1] in ("@", ".") or text[max(0, tok.start - 1):tok.start] == "@":
            return tok.norm
        return self._censor_cache(tok.norm) or tok.norm

    def _resolve_censored(self, norm: str) -> str | None:
        """The swear word a censored spelling stands for ("p*ta" -> "puta"), if any."""
        letters = sum(1 for ch in norm if ch not in CENSOR_CHARS)
        if letters == 0:
            return None
        parts: list[str] = []
        i = 0
        while i < len(norm):
            if norm[i] in CENSOR_CHARS:
                j = i
                while j < len(norm) and norm[j] in CENSOR_CHARS:
                    j += 1
                k = j - i
                parts.append(f"[a-z]{{{max(1, k - 1)},{k + 1}}}")
                i = j
            else:
                parts.append(re.escape(norm[i]))
                i += 1
        pattern = re.compile("".join(parts))
        for word in sorted(self._swears):
            if pattern.fullmatch(word):
                return word
        return None

    def _censored(self, tokens: list[Token], norms: list[str]) -> Iterator[Match]:
        """Censored words that resolve to no known swear word still read as one ("f#@%")."""
        for i, (tok, norm) in enumerate(zip(tokens, norms, strict=True)):
            if is_censored(norm) and norm[:1].isalpha() and norm.count("*") + norm.count("#") >= 2:
                if "@" in tok.raw[1:]:
                    continue
                yield Match(i, i + 1, self._swear_entry)

    def _laughter(self, norms: list[str]) -> Iterator[Match]:
        laugh_words = self._laugh_words
        for i, norm in enumerate(norms):
            # The first letter rules out most words before the fuller test.
            if norm in laugh_words or (norm[:1] in _LAUGH_FIRST and _is_laugh(norm)):
                yield Match(i, i + 1, self._laugh_entry)

    @staticmethod
    def _cancelled(norms: list[str], match: Match, unless: frozenset[str]) -> bool:
        lo = max(0, match.first - UNLESS_WINDOW)
        hi = min(len(norms), match.last + UNLESS_WINDOW)
        return any(norms[k] in unless for k in range(lo, hi))

    def _extra_words(
        self, text: str, tokens: list[Token], norms: list[str], request: CheckRequest,
        _: Translate,
    ) -> Iterator[Finding]:
        wanted = [tuple(fold(w).split()) for w in request.settings.extra_flagged_words]
        wanted = [w for w in wanted if w]
        if not wanted:
            return
        by_first: dict[str, list[tuple[str, ...]]] = {}
        for words in wanted:
            by_first.setdefault(words[0], []).append(words)
        for i, norm in enumerate(norms):
            for words in by_first.get(norm, ()):
                if tuple(norms[i:i + len(words)]) == words:
                    start, end = tokens[i].start, tokens[i + len(words) - 1].end
                    span = text[start:end]
                    yield Finding("tone", "profanity", start, end, span, "warning",
                                  _(msg.WHY["extra_word"]).format(words=msg.quote(span)),
                                  (Fix(_(msg.FIX_REMOVE).format(words=msg.quote(span)), ""),))
                    break


def _is_abbreviation(text: str, tokens: list[Token], match: Match) -> bool:
    """An agent's initials ("^JK", "— JK") or a dotted abbreviation ("U.S.", "U.K.") is not
    text-speak."""
    if match.last - match.first != 1:
        return False
    token = tokens[match.first]
    before = text[max(0, token.start - 2):token.start]
    if before.endswith("^") or (token.raw.isupper() and before.rstrip().endswith(("—", "–", "-"))):
        return True
    return _DOTTED.match(text, token.end) is not None


_DOTTED = re.compile(r"\.\s?[A-Za-z]\.")


def _is_laugh(norm: str) -> bool:
    """ "jaja", "jsjsjs", "jejeje", "haha", "jajsjajs": laughter however it is typed."""
    if not 4 <= len(norm) <= 40 or norm[0] not in "jh" or norm.count(norm[0]) < 2:
        return False
    allowed = _J_LAUGH if norm[0] == "j" else _H_LAUGH
    return set(norm) <= allowed


_LAUGH_FIRST = frozenset("jh")
_J_LAUGH = frozenset("jaeis")
_H_LAUGH = frozenset("hae")


def _severity(base: str, level: str, kind: str, sensitivity: str) -> Severity | None:
    if level == "borderline":
        if sensitivity == "relaxed":
            return None
        if sensitivity == "standard":
            return "info"
        return "warning" if base == "info" else base  # type: ignore[return-value]
    if sensitivity == "relaxed" and kind in RELAXED_INFO_KINDS:
        return "info"
    if base in ("info", "warning", "block"):
        return base  # type: ignore[return-value]
    return "warning"


def _single_mark(run: str) -> str:
    if set(run) <= {"¿"}:
        return "¿"
    if set(run) <= {"¡"}:
        return "¡"
    return "?" if "?" in run else "!"


def _sentence_case(text: str, start: int, words: str) -> str:
    lowered = words.lower()
    before = text[max(0, start - 20):start].rstrip()
    if not before or before[-1] in ".!?¡¿:\n":
        return lowered[:1].upper() + lowered[1:]
    return lowered
