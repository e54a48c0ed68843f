"""User-facing text of the tone check (English source; Spanish in resources/locale/es/tone.po)."""

from __future__ import annotations


def N_(message: str) -> str:
    """Mark a string for translation without translating it yet (gettext convention)."""
    return message


# Why each kind is a problem. ``{words}`` is the quoted stretch of the reply.
WHY: dict[str, str] = {
    "insult": N_("Insults the customer: «{words}»"),
    "profanity": N_("Swear word or vulgarity: «{words}»"),
    "shouting": N_("Reads as shouting: «{words}»"),
    "aggressive": N_("Sounds threatening or hostile: «{words}»"),
    "passive_aggressive": N_("Sounds like a reproach: «{words}»"),
    "sarcasm": N_("May read as sarcastic: «{words}»"),
    "blame": N_("Blames the customer: «{words}»"),
    "dismissive": N_("Brushes off the customer's problem: «{words}»"),
    "too_informal": N_("Too informal for a business reply: «{words}»"),
    "formality_mismatch": N_(
        "The customer writes formally (usted) but this addresses them with tú/vos: «{words}»"
    ),
    "formality_mixed": N_("Switches between usted and tú/vos in one reply: «{words}»"),
    "wrong_name": N_("The customer is {name}, not «{words}»"),
    "no_empathy": N_(
        "The customer is upset and this reply does not acknowledge it: «{words}»"
    ),
    "extra_word": N_("On your list of words to avoid: «{words}»"),
}

FIX_REMOVE = N_("Remove «{words}»")
FIX_REPLACE = N_("Write «{replacement}» instead")
FIX_LOWER = N_("Write it in normal case")
FIX_ONE_MARK = N_("Use a single «{mark}»")
FIX_NAME = N_("Use the customer's name: {name}")
FIX_USTED = N_("Use the usted form: «{replacement}»")
FIX_APOLOGY = N_("Start with an apology")

# Prepended by the no_empathy fix, in the language of the reply (not the UI).
APOLOGY: dict[str, str] = {
    "es": "Lamento mucho las molestias. ",
    "en": "I'm really sorry about this. ",
}

QUOTE_MAX = 60


def quote(words: str) -> str:
    """The flagged words as shown inside «…», shortened and on one line."""
    flat = " ".join(words.split())
    return flat if len(flat) <= QUOTE_MAX else flat[: QUOTE_MAX - 1] + "…"
