"""How urgent a wait is: calm, amber, red. Each level has a colour AND a word and a shape,
so it reads without colour vision and on a black-and-white screenshot."""

from __future__ import annotations

from dataclasses import dataclass

from deskreply.settings import Settings
from deskreply.ui import theme
from deskreply.ui.text import N_, Translate

LEVELS = ("calm", "amber", "red")
# Shapes drawn before the waiting time: a hollow circle, a triangle, a filled square.
SHAPES = {"calm": "○", "amber": "▲", "red": "■"}
WORDS = {"calm": N_("waiting"), "amber": N_("soon late"), "red": N_("late")}
# (standard, high contrast) colours; both meet 4.5:1 on their list background.
_COLOURS = {"calm": ("#2f6b3a", "#9dff9d"), "amber": ("#8a5300", "#ffd24d"),
            "red": ("#b00020", "#ff8080")}


@dataclass(frozen=True)
class Thresholds:
    amber_s: float = 5 * 60
    red_s: float = 30 * 60

    @classmethod
    def from_settings(cls, settings: Settings) -> Thresholds:
        amber = max(1, settings.sla_amber_minutes) * 60.0
        red = max(amber / 60 + 1, settings.sla_red_minutes) * 60.0
        return cls(amber, red)

    def level(self, waited_s: float) -> str:
        if waited_s >= self.red_s:
            return "red"
        if waited_s >= self.amber_s:
            return "amber"
        return "calm"


def level_colour(level: str) -> str:
    standard, high = _COLOURS[level]
    return high if theme.TEXT.lower() == "#ffffff" else standard


def level_words(level: str, _: Translate) -> str:
    return f"{SHAPES[level]} {_(WORDS[level])}"
