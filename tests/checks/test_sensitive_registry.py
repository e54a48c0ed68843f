"""Walk the sensitive detector registry: every detector finds its own examples, and only them."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from deskreply.checks.engine import Checker
from deskreply.checks.sensitive.candidates import KINDS
from deskreply.checks.sensitive.registry import DETECTORS, DetectorInfo
from deskreply.checks.sensitive.token_formats import FORMATS, PROVIDERS

CheckerFactory = Callable[..., Checker]


@pytest.fixture(scope="module")
def checker(checker_factory: CheckerFactory) -> Checker:
    return checker_factory("en")


def _found(checker: Checker, text: str, lang: str) -> list[tuple[str, str]]:
    report = checker.check(text, lang=lang)
    return [(f.kind, f.text) for f in report.findings if f.check == "sensitive"]


@pytest.mark.parametrize("info", DETECTORS, ids=lambda d: d.name)
def test_detector_finds_its_positive_examples(checker: Checker, info: DetectorInfo) -> None:
    assert info.positives, "every detector declares at least one example"
    for text, value in info.positives:
        assert value in text
        assert (info.kind, value) in _found(checker, text, info.lang), (info.name, text)


@pytest.mark.parametrize("info", [d for d in DETECTORS if d.negatives], ids=lambda d: d.name)
def test_detector_ignores_its_negative_examples(checker: Checker, info: DetectorInfo) -> None:
    for text in info.negatives:
        kinds = [kind for kind, _ in _found(checker, text, info.lang)]
        assert info.kind not in kinds, (info.name, text)


def test_registry_is_well_formed() -> None:
    names = [d.name for d in DETECTORS]
    assert len(names) == len(set(names))
    assert all(d.kind in KINDS and d.label for d in DETECTORS)
    assert len(PROVIDERS) >= 40  # the floor for provider formats
    assert all(fmt.hints and all(fmt.hints) for fmt in FORMATS)


def test_every_token_format_matches_its_example_alone() -> None:
    for fmt in FORMATS:
        m = fmt.compiled().search(fmt.example)
        assert m is not None and m.group() == fmt.example, fmt.label
