"""Logging to a size-capped, rotating file in the logs folder (``paths.AppPaths.logs``).

What may reach the file:
* at every level, every record passes a mask first: card numbers, IBANs, ids, tokens, emails
  and phones found by the sensitive check's detector (and, as a safety net when its lexicons
  cannot be read, long digit runs, emails and key-like tokens) become ``•••``;
* message bodies are logged through :func:`body`, which writes only their length unless body
  logging was switched on explicitly (``configure(..., log_bodies=True)``, i.e. ``--log-level
  debug``), and then masked as above.

Qt-free, so the core and the CLI can use it too.
"""

from __future__ import annotations

import logging
import logging.handlers
import re
import threading
from pathlib import Path
from typing import Any

LOG_FILE = "deskreply.log"
MAX_BYTES = 1_000_000  # per file; with BACKUPS old files the folder stays under ~4 MB
BACKUPS = 3
LEVELS = ("debug", "info", "warning", "error")
DEFAULT_LEVEL = "warning"
MASK = "•••"
MAX_RECORD_CHARS = 20_000  # longer log messages are cut before masking and writing
FORMAT = "%(asctime)s %(levelname)s %(name)s [%(threadName)s] %(message)s"

# The safety net: values that look sensitive whatever the detector says.
_FALLBACK = re.compile(
    r"[\w.+-]{1,64}@[\w-]{1,63}(?:\.[\w-]{1,63})+"  # e-mail addresses
    r"|\+?\d[\d \-.]{4,30}\d"  # six or more digits with separators: cards, phones, ids
    r"|\b(?=[A-Za-z0-9_\-]{20,})(?=[A-Za-z0-9_\-]*\d)[A-Za-z0-9_\-]+\b"  # key-like tokens
)

_MIN_DIGITS = 6  # "v3.11.4" or "2 of 12" stay readable; six digits may be a value
_state: dict[str, Any] = {"bodies": False, "handler": None}
_detector_lock = threading.Lock()
_detectors: list[Any] = []  # [] not tried yet; [None] unavailable; [detector]


def level_number(name: str | None) -> int:
    """``"debug"`` → logging.DEBUG; unknown names give the default level."""
    value = (name or DEFAULT_LEVEL).strip().lower()
    if value not in LEVELS:
        value = DEFAULT_LEVEL
    return int(getattr(logging, value.upper()))


def _detector() -> Any:
    """The sensitive check's detector, built from its lexicons (no spaCy needed)."""
    with _detector_lock:
        if not _detectors:
            _detectors.append(_build_detector())
        return _detectors[0]


def _build_detector() -> Any:
    try:
        from deskreply.checks.sensitive.detector import SensitiveDetector
        from deskreply.checks.sensitive.lexicons import load_lexicons
        from deskreply.paths import resources_dir

        return SensitiveDetector(load_lexicons(resources_dir()), "en")
    except Exception as error:  # a missing lexicon must never stop logging
        logging.getLogger(__name__).debug("log masking falls back to patterns: %s", error)
        return None


def mask(text: str) -> str:
    """``text`` with every sensitive value replaced by ``•••`` (long texts shortened first)."""
    if not text:
        return text
    if len(text) > MAX_RECORD_CHARS:  # a pasted wall of text must not stall logging
        text = text[:MAX_RECORD_CHARS] + f" … [{len(text) - MAX_RECORD_CHARS} more characters]"
    detector = _detector()
    if detector is not None:
        try:
            spans = [(c.start, c.end) for c in detector.find(text)]
        except Exception:  # the detector is tested; still, logging must not raise
            spans = []
        for start, end in sorted(spans, reverse=True):
            text = text[:start] + MASK + text[end:]
    return _FALLBACK.sub(_fallback_mask, text)


def _fallback_mask(match: re.Match[str]) -> str:
    value = match.group(0)
    if "@" in value or sum(ch.isdigit() for ch in value) >= _MIN_DIGITS:
        return MASK
    return value


class _Body:
    """A message body in a log call: its length, or (bodies on) its masked text."""

    __slots__ = ("text",)

    def __init__(self, text: str) -> None:
        self.text = text

    def __str__(self) -> str:
        if _state["bodies"]:
            return repr(mask(self.text))
        return f"<{len(self.text)} characters>"

    __repr__ = __str__


def body(text: str) -> object:
    """Wrap a message body for logging: ``log.debug("got %s", body(text))``."""
    return _Body(text)


def bodies_logged() -> bool:
    return bool(_state["bodies"])


class MaskingFilter(logging.Filter):
    """Masks sensitive values in the final message (and traceback) of every record."""

    def filter(self, record: logging.LogRecord) -> bool:
        try:
            message = record.getMessage()
        except Exception:  # a bad format string: keep the raw template
            message = str(record.msg)
        record.msg = mask(message)
        record.args = None
        if record.exc_info and not record.exc_text:
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        if record.exc_text:
            record.exc_text = mask(record.exc_text)
        return True


def configure(logs_dir: Path, level: str | None = None, *, log_bodies: bool = False) -> Path:
    """Send the ``deskreply`` loggers to ``logs_dir/deskreply.log`` (rotating); return its path.

    Calling again (another folder, another level) replaces the earlier handler.
    """
    logs_dir.mkdir(parents=True, exist_ok=True)
    path = logs_dir / LOG_FILE
    handler = logging.handlers.RotatingFileHandler(
        path, maxBytes=MAX_BYTES, backupCount=BACKUPS, encoding="utf-8")
    handler.setFormatter(logging.Formatter(FORMAT))
    handler.addFilter(MaskingFilter())
    root = logging.getLogger("deskreply")
    old = _state["handler"]
    if old is not None:
        root.removeHandler(old)
        old.close()
    root.addHandler(handler)
    root.setLevel(level_number(level))
    _state["handler"] = handler
    # Bodies only at debug level and only when asked for: never by accident.
    _state["bodies"] = bool(log_bodies) and root.level <= logging.DEBUG
    return path


def set_level(level: str | None) -> None:
    """Change the level while the app runs (Settings); bodies stay off unless configured."""
    root = logging.getLogger("deskreply")
    root.setLevel(level_number(level))
    if root.level > logging.DEBUG:
        _state["bodies"] = False


def shutdown() -> None:
    """Close the file handler (the app is exiting; tests)."""
    handler = _state["handler"]
    root = logging.getLogger("deskreply")
    if handler is not None:
        root.removeHandler(handler)
        handler.close()
        root.setLevel(logging.NOTSET)  # back to what the process had before configure()
    _state.update(handler=None, bodies=False)


def current_log_file() -> Path | None:
    handler = _state["handler"]
    return Path(handler.baseFilename) if handler is not None else None
