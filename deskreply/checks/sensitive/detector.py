"""All sensitive-data detectors over one draft, merged so each value is reported once."""

from __future__ import annotations

import re
from typing import Any

from deskreply.checks.sensitive.banking import bank_account_reason, find_ibans
from deskreply.checks.sensitive.candidates import Candidate, resolve
from deskreply.checks.sensitive.cards import is_card
from deskreply.checks.sensitive.contact import find_emails
from deskreply.checks.sensitive.context_words import CueIndex, CueLexicon, Gap, fold
from deskreply.checks.sensitive.credentials import (
    CredentialFinder,
    build_lexicon,
    cue_categories,
)
from deskreply.checks.sensitive.national_ids import (
    CuedId,
    build_cued,
    cue_category,
    cued_id_reason,
    department_suffix_end,
    find_cued_letter_ids,
    find_letter_ids,
    panama_cedula_shape,
    shaped_id_reason,
)
from deskreply.checks.sensitive.numbers import NumberSpan, Run, runs, windows
from deskreply.checks.sensitive.phones import REGIONS, is_phone
from deskreply.checks.sensitive.tokens import find_tokens
from deskreply.checks.sensitive.unknown_tokens import CUE_CATEGORY, find_unknown_tokens
from deskreply.checks.sensitive.url_credentials import find_url_passwords

_DIGIT = re.compile(r"\d")
_MIN_VALUE_DIGITS = 6  # shortest value the digit scanner reports (a cued cédula)
# How far from a digit run an IBAN or an id with letters may start / end ("GB82 WEST 1234…",
# "GODE561231GR8", CURPs with 8 characters after their 6 digits).
_LETTERS_BEFORE = 16
_LETTERS_AFTER = 40
# Account numbers spelled digit by digit ("2 8 5 0 5 9 0 …"): at least this many single digits.
_SPELLED_MIN = 18
PHONE_CUES = "phone:cue"


class SensitiveDetector:
    """Finds every sensitive value in a draft. Built once per language from lexicon data."""

    def __init__(self, data: dict[str, Any], lang: str) -> None:
        self.regions = REGIONS.get(lang, REGIONS["en"])
        self.gap = Gap(data["ids"]["fillers"])
        # Ids also take "to", "as", "still" ("updated your DNI to …"); a reference or a phone
        # word does not ("text your order number to 612…" is still a phone).
        self.id_gap = Gap([*data["ids"]["fillers"], *data["ids"].get("id_fillers", [])])
        self.cued: list[CuedId] = build_cued(data["ids"]["cued_ids"])
        self.credentials = CredentialFinder(build_lexicon(data["credentials"]))
        categories: dict[str, list[str]] = {"ref": data["references"]["reference_words"]}
        self._cued_cats = [(spec, cue_category(spec)) for spec in self.cued]
        self._verified_names = frozenset(spec.name for spec in self.cued if spec.verifies)
        categories.update({cat: list(spec.cues) for spec, cat in self._cued_cats})
        categories.update(cue_categories(data["credentials"]))
        categories[CUE_CATEGORY] = data["tokens"]["cues"]
        categories[PHONE_CUES] = data["phones"]["cues"]
        self.cues = CueLexicon(categories)

    def find(self, text: str) -> list[Candidate]:
        candidates: list[Candidate] = list(find_tokens(text))
        if "@" in text:
            candidates.extend(find_emails(text))
            if "://" in text:
                candidates.extend(find_url_passwords(text))
        folded = fold(text)
        hits = self.cues.find(folded)
        candidates.extend(
            find_unknown_tokens(text, folded, hits.get(CUE_CATEGORY, []), hits.get("ref", []))
        )
        if _DIGIT.search(text) is not None:
            long_runs = runs(text, _MIN_VALUE_DIGITS)
            # IBANs and ids with letters always contain a run of 6+ digits: look only there.
            for start, end in windows(long_runs, len(text), _LETTERS_BEFORE, _LETTERS_AFTER):
                candidates.extend(find_ibans(text, start, end))
                candidates.extend(find_letter_ids(text, start, end))
            candidates.extend(self._digit_values(text, folded, hits, long_runs))
            id_cues = {
                cat: CueIndex(hits[cat], folded) for _spec, cat in self._cued_cats if cat in hits
            }
            candidates.extend(find_cued_letter_ids(text, id_cues, self.id_gap))
        candidates.extend(self.credentials.find(text, folded, hits, hits.get("ref", [])))
        return resolve(candidates)

    # -- digit runs: cards, bank accounts, numeric ids, phones ------------------------------
    def _digit_values(
        self,
        text: str,
        folded: str,
        hits: dict[str, list[tuple[int, int]]],
        long_runs: list[Run],
    ) -> list[Candidate]:
        refs = CueIndex(hits.get("ref", []), folded)
        phone_cues = CueIndex(hits.get(PHONE_CUES, []), folded)
        cued = [(spec, CueIndex(hits[cat], folded)) for spec, cat in self._cued_cats if cat in hits]
        out: list[Candidate] = []
        for run in long_runs:
            out.extend(self._run_values(run, text, refs, cued, phone_cues))
        return out

    def _run_values(
        self,
        run: Run,
        text: str,
        refs: CueIndex,
        cued: list[tuple[CuedId, CueIndex]],
        phone_cues: CueIndex,
    ) -> list[Candidate]:
        out: list[Candidate] = self._spelled_out(run)
        if out:
            return out
        first = 0
        after_value = False
        while first < len(run.groups):
            found = None
            if run.may_start(first, after_value):
                for span in run.spans(first):
                    found = self._classify(span, text, refs, cued, run, phone_cues)
                    if found is not None:
                        cand = self._candidate(span, *found)
                        if cand.kind == "national_id" and span.digits_end == run.end:
                            end = department_suffix_end(text, cand.end)
                            cand = Candidate(cand.start, end, cand.kind, cand.reason)
                        out.append(cand)
                        first += len(span.groups)
                        break
            if found is None:
                first += 1
            after_value = found is not None
        return out

    @staticmethod
    def _spelled_out(run: Run) -> list[Candidate]:
        """A CBU, CLABE or CCC read out digit by digit: one digit per group, one space apart."""
        groups = run.groups
        if len(groups) < _SPELLED_MIN:
            return []
        out: list[Candidate] = []
        first = 0
        while first < len(groups):
            last = first
            while (
                last + 1 < len(groups)
                and groups[last + 1].digits_end - groups[last + 1].digits_start == 1
                and groups[last].digits_end - groups[last].digits_start == 1
                and run.text[groups[last].end : groups[last + 1].start] == " "
            ):
                last += 1
            count = last - first + 1
            if count >= _SPELLED_MIN:
                span = run.span(first, last)
                reason = bank_account_reason(span)
                if reason is not None:
                    out.append(
                        Candidate(span.digits_start, span.digits_end, "bank_account", reason)
                    )
            first = last + 1
        return out

    @staticmethod
    def _candidate(span: NumberSpan, kind: str, reason: str) -> Candidate:
        # Only a phone keeps its "+" and parentheses: "(4111 1111 1111 1111)" -> the digits.
        if kind == "phone":
            return Candidate(span.start, span.end, kind, reason)
        return Candidate(span.digits_start, span.digits_end, kind, reason)

    def _classify(
        self,
        span: NumberSpan,
        text: str,
        refs: CueIndex,
        cued: list[tuple[CuedId, CueIndex]],
        run: Run,
        phone_cues: CueIndex,
    ) -> tuple[str, str] | None:
        if len(span.digits) < _MIN_VALUE_DIGITS:
            return None
        cued_reason = None
        if cued and run.ends_cleanly(span) and not run.check_digit_follows(span):
            # not the first groups of a longer number or of an id with its check digit
            cued_reason = cued_id_reason(span, cued, self.id_gap)
        if cued_reason in self._verified_names:
            # "Mi DPI es 4227875821402": its cue and check digit outweigh a Luhn match
            return "national_id", str(cued_reason)
        if is_card(span):
            return "payment_card", "card"
        reason = bank_account_reason(span)
        if reason is not None:
            return "bank_account", reason
        if cued_reason is not None:
            return "national_id", cued_reason
        reason = shaped_id_reason(span)
        if reason is not None and len(span.groups) > 1:
            return "national_id", reason  # punctuated like an id: an id wherever it is
        if refs and refs.right_before(span.start, self.gap):
            return None  # "pedido 12345678": a reference, whatever it parses as
        if any(index.right_before(span.start, self.id_gap) for _spec, index in cued):
            return None  # "RUT 9876543-0" with a wrong check digit: a mistyped id, not a phone
        if reason is not None:
            return "national_id", reason
        # A phone is a whole number: not the first groups of a longer one ("4111 1111 …"),
        # nor part of an IP address or a version string.
        if run.dotted_code or not run.ends_cleanly(span) or run.check_digit_follows(span):
            return None  # "900.123.456-8": an id whose check digit did not verify
        if run.after_number_sign and span.digits_start == run.groups[0].digits_start:
            return None  # "#8-123-4567", "#612345678": an order or ticket number
        cued_phone = bool(phone_cues) and phone_cues.right_before(span.start, self.gap)
        if not cued_phone and panama_cedula_shape(span):
            return "national_id", "pa_cedula"
        if is_phone(span, text[span.start : span.end], self.regions, cued_phone):
            return "phone", "phone"
        return None
