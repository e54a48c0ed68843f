"""The user's settings, kept as JSON in the config folder (never in the repository).

Only plain data lives here; the UI edits it and the checks engine reads
:class:`~deskreply.checks.request.CheckSettings` built from it.
"""

from __future__ import annotations

import json
import logging
import os
import tempfile
from dataclasses import asdict, dataclass, field, fields
from pathlib import Path
from typing import Any

log = logging.getLogger(__name__)

SENSITIVITIES = ("relaxed", "standard", "strict")
THEMES = ("standard", "large", "high_contrast")


@dataclass
class Settings:
    """Everything the user can change. Unknown or invalid values fall back to defaults."""

    ui_lang: str | None = None  # None: follow the system
    agent_name: str = ""
    enter_sends: bool = False  # False: Ctrl+Enter sends, Enter inserts a newline
    font_scale: float = 1.0
    theme: str = "standard"  # one of THEMES
    undo_send_seconds: int = 5
    sensitivity: str = "standard"
    ignored_kinds: list[str] = field(default_factory=list)
    ignored_words: list[str] = field(default_factory=list)
    personal_flagged_words: list[str] = field(default_factory=list)
    severity_overrides: dict[str, str] = field(default_factory=dict)
    emoji_max_version: float = 14.0
    emoji_limit: int = 3
    log_level: str = "warning"  # debug | info | warning | error (deskreply.logs)
    # Inbox: waiting time turns amber, then red (minutes); business hours for the dashboard
    # ("HH:MM", weekdays Monday = 0); quiet hours silence notifications ("" = never quiet).
    sla_amber_minutes: int = 5
    sla_red_minutes: int = 30
    business_start: str = "09:00"
    business_end: str = "18:00"
    business_days: list[int] = field(default_factory=lambda: [0, 1, 2, 3, 4])
    quiet_start: str = ""
    quiet_end: str = ""
    notify_new_messages: bool = True
    hide_message_content: bool = False
    retention_days: int = 0  # 0 = keep messages forever

    def check_settings(self) -> Any:
        """The engine's view of these settings (imported lazily: the checks pull in spaCy)."""
        from deskreply.checks.request import CheckSettings

        sensitivity = self.sensitivity if self.sensitivity in SENSITIVITIES else "standard"
        return CheckSettings(
            sensitivity=sensitivity,  # type: ignore[arg-type]
            ignored_kinds=frozenset(self.ignored_kinds),
            ignored_words=frozenset(self.ignored_words),
            extra_flagged_words=frozenset(self.personal_flagged_words),
            severity_overrides=dict(self.severity_overrides),
            emoji_max_version=self.emoji_max_version,
            emoji_limit=self.emoji_limit,
        )


def load_settings(path: Path) -> Settings:
    """Read the settings file; a missing or damaged file gives defaults and is left in place."""
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return Settings()
    except (OSError, ValueError) as error:
        log.warning("settings file %s unreadable (%s); using defaults", path, error)
        return Settings()
    if not isinstance(raw, dict):
        return Settings()
    defaults = Settings()
    values: dict[str, Any] = {}
    for item in fields(Settings):
        value = raw.get(item.name, getattr(defaults, item.name))
        expected = type(getattr(defaults, item.name))
        if getattr(defaults, item.name) is None or isinstance(value, expected) or (
            expected is float and isinstance(value, int)
        ):
            values[item.name] = value
    return Settings(**values)


def save_settings(path: Path, settings: Settings) -> None:
    """Write atomically: a crash mid-write never leaves a half-written settings file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temp_name = tempfile.mkstemp(dir=path.parent, prefix=".settings-", suffix=".json")
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as stream:
            json.dump(asdict(settings), stream, ensure_ascii=False, indent=2)
        os.replace(temp_name, path)
    except BaseException:
        Path(temp_name).unlink(missing_ok=True)
        raise
