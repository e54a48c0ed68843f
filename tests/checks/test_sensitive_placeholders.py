"""Placeholders and documentation examples: recognised as such, real-looking values are not."""

from __future__ import annotations

import pytest

from deskreply.checks.sensitive.placeholders import (
    is_placeholder,
    is_template_value,
    shannon_bits,
)
from deskreply.checks.sensitive.token_formats import ALNUM, sample
from deskreply.checks.sensitive.unknown_tokens import looks_random


@pytest.mark.parametrize(
    "value",
    [
        "AKIAIOSFODNN7EXAMPLE",
        "ghp_xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx",
        "sk_live_XXXXXXXXXXXXXXXXXXXXXXXX",
        "sk-your-key-here",
        "<tu-clave>",
        "YOUR_API_KEY_HERE",
        "glpat-0000000000000000000000",
        "abababababababababababab",  # too few distinct characters for its length
    ],
)
def test_placeholders(value: str) -> None:
    assert is_placeholder(value)


@pytest.mark.parametrize("seed", ["a", "b", "c", "d", "e"])
def test_random_values_are_not_placeholders(seed: str) -> None:
    value = sample(seed, ALNUM, 36)
    assert not is_placeholder(value)
    assert looks_random(value)


@pytest.mark.parametrize(
    ("value", "template"),
    [
        ("tu_token_aqui", True),
        ("your-password", True),
        ("<pass>", True),
        ("********", True),
        ("tu_clave", True),
        ("Sphere77", False),  # "here" inside a word is not a template part
        ("Tu-Casa-7", False),
        ("Gato2024!", False),
        ("Orange-Cloud-7", False),
    ],
)
def test_template_values(value: str, template: bool) -> None:
    assert is_template_value(value) is template


def test_entropy_and_randomness() -> None:
    assert shannon_bits("aaaa") == 0.0
    assert shannon_bits("abcd") == 2.0
    assert not looks_random("contraseñasegura2024")  # too few bits per character
    assert not looks_random("2024-05-12T10:00:00Z00")
    assert not looks_random("abcdefghijklmnopqrstuvwxyz")  # no digit: a word-like string
    assert not looks_random("SKU-ABC-12345-XL-BLUE-2024")  # words and numbers: a product code
    assert looks_random("3f9a1c2e-7b8d-4f6a-0c5e-9b1d2a7f3c8e")  # a UUID key mixes classes
