"""The gettext messages of the emoji check (English msgids, Spanish in ``emoji.po``).

The per-emoji explanation comes from the resources table; these sentences say why it is risky
*here* (the trigger) and label the fixes.
"""

from __future__ import annotations

from deskreply.i18n import Translate


def N_(message: str) -> str:
    """Mark a string for extraction; it is translated later, in the request's UI language."""
    return message


TRIGGER_MESSAGES: dict[str, str] = {
    "complaint": N_(
        "The customer is complaining, so here it can read as making light of their problem."
    ),
    "threat": N_("Next to these words it reads as a threat."),
    "flirt": N_("Next to these words it reads as flirting."),
    "not_literal": N_("Nothing next to it names the food or water it would literally show."),
    "aimed": N_(
        "Nothing next to it is about the animal itself, so it can read as aimed at the customer."
    ),
    "customer": N_("It reads as a reaction to the customer, not to a mistake of your own."),
    "political": N_("Here it reads as taking a political side."),
    "combination": N_("Together with the emoji beside it, the meaning changes."),
    "no_context": N_("Nothing around it gives it a harmless meaning."),
    "skin": N_("The words around it are about the customer's skin or race."),
}

REASON_MESSAGES: dict[str, str] = {
    "innuendo": N_("This emoji can read as sexual innuendo."),
    "offensive_gesture": N_("This emoji is an offensive gesture."),
    "violence": N_("This emoji can read as violent or threatening."),
    "mocking": N_("This emoji can read as mocking the customer."),
    "ambiguous": N_("This emoji is easy to misread."),
    "political_religious": N_("This emoji brings politics or religion into the reply."),
    "offensive_comparison": N_("This emoji can read as an insult to the customer."),
    "skin_tone_comment": N_("This skin tone reads as a comment on the customer's skin."),
    "combination": N_("These emojis together change the meaning."),
}

FIX_REPLACE = N_("Replace with {emoji}")
FIX_REMOVE = N_("Remove the emoji")
FIX_REMOVE_EXTRA = N_("Remove the extra emojis")
MAY_NOT_RENDER = N_(
    "{emoji} is from Emoji {version}; on older phones the customer may see an empty box."
)
TOO_MANY = N_("This reply has {count} emojis; more than {limit} can look unprofessional.")


def risky_message(_: Translate, explanation: str, reason: str, trigger: str | None) -> str:
    """The explanation (already in the UI language) plus the sentence for the trigger."""
    parts = [explanation or _(REASON_MESSAGES.get(reason, REASON_MESSAGES["ambiguous"]))]
    if trigger in TRIGGER_MESSAGES:
        parts.append(_(TRIGGER_MESSAGES[trigger]))
    return " ".join(parts)
