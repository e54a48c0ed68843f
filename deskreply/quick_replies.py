"""Quick replies: saved answers the agent drops into the composer with "/" (Qt-free).

A :class:`QuickReplyBook` keeps the user's replies in one JSON file (the app uses
``app_paths(data_dir).config / "quick_replies.json"``). The first time the file does not exist
the book is seeded from ``resources/quick_replies/seed.json``, and saved at once so replies the
user later deletes do not come back.

Safety rules:

* Every write goes to a temporary file in the same folder and is moved over the old one with
  ``os.replace``: a crash never leaves half a file.
* A file that cannot be read is never overwritten: :meth:`QuickReplyBook.load` raises
  :class:`QuickReplyFileError` and the book refuses to save until the user sorts it out
  (:meth:`QuickReplyBook.start_over` keeps the broken file beside as ``.broken``).
* Imports are validated in full before anything changes.

Reply texts may hold slots such as ``{nombre}`` or ``{order}``. :func:`fill` puts in the values
the app knows (contact name, agent name) and returns the spans of the slots left, so the
composer can select them one by one.
"""

from __future__ import annotations

import json
import os
import re
import tempfile
import uuid
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import asdict, dataclass, replace
from pathlib import Path
from typing import Any, NamedTuple

from deskreply.folding import fold
from deskreply.paths import PROJECT_ROOT, RESOURCES_DIR_ENV

FILE_NAME = "quick_replies.json"
FORMAT_VERSION = 1
LANGUAGES = ("es", "en")

MAX_TITLE = 120
MAX_SHORTCUT = 40
MAX_TEXT = 5_000
MAX_REPLIES = 2_000
# An import or a book bigger than this is not a list of chat replies.
MAX_FILE_BYTES = 5_000_000
# A value put into a slot (a contact name comes from outside) is one short line.
MAX_VALUE = 100

# ``{nombre}``, ``{order}``, ``{número_pedido}``: a letter, then letters, digits, ``_`` or ``-``.
SLOT = re.compile(r"\{([^\W\d_][\w-]{0,39})\}")
_SHORTCUT_JUNK = re.compile(r"[^a-z0-9_-]+")
_CONTROL = re.compile(r"[\x00-\x1f\x7f\u2028\u2029]+")

# Slot names in either language that mean the same value. Keys of ``values`` passed to
# :func:`fill` use the canonical (English) names.
SLOT_ALIASES: dict[str, str] = {
    "name": "name",
    "nombre": "name",
    "customer": "name",
    "cliente": "name",
    "agent": "agent",
    "agente": "agent",
    "order": "order",
    "pedido": "order",
    "date": "date",
    "fecha": "date",
    "company": "company",
    "empresa": "company",
}


class QuickReplyFileError(ValueError):
    """The quick replies file (or a file to import) cannot be used; the message says why."""


def resources_root() -> Path:
    return Path(os.environ.get(RESOURCES_DIR_ENV) or PROJECT_ROOT / "resources")


def default_seed_path() -> Path:
    return resources_root() / "quick_replies" / "seed.json"


def normalise_shortcut(shortcut: str) -> str:
    """``"Envío rápido"`` -> ``"envio-rapido"``: typed after "/" with no accents or spaces."""
    folded = fold(shortcut).strip().replace(" ", "-")
    return _SHORTCUT_JUNK.sub("", folded)[:MAX_SHORTCUT]


def new_id() -> str:
    return uuid.uuid4().hex


@dataclass(frozen=True)
class QuickReply:
    """One saved reply.

    Attributes:
        id: stable identifier (hex string).
        title: what the list shows.
        text: the reply, plain text, with optional ``{slot}`` placeholders.
        lang: ``es``, ``en`` or None (any language).
        shortcut: typed after "/" to find it (lower-case ASCII, digits, ``-``, ``_``).
    """

    id: str
    title: str
    text: str
    lang: str | None = None
    shortcut: str = ""

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def validate(data: Any, where: str = "reply") -> QuickReply:
    """Turn one JSON object into a :class:`QuickReply`, or raise ``QuickReplyFileError``."""
    if not isinstance(data, dict):
        raise QuickReplyFileError(f"{where} is not an object with title and text.")
    title = data.get("title")
    text = data.get("text")
    if not isinstance(title, str) or not title.strip():
        raise QuickReplyFileError(f"{where} has no title.")
    if not isinstance(text, str) or not text.strip():
        raise QuickReplyFileError(f"{where} ({title.strip()[:40]!r}) has no text.")
    if len(title) > MAX_TITLE:
        raise QuickReplyFileError(f"{where} has a title longer than {MAX_TITLE} characters.")
    if len(text) > MAX_TEXT:
        raise QuickReplyFileError(f"{where} has a text longer than {MAX_TEXT} characters.")
    lang = data.get("lang")
    if lang is not None and lang not in LANGUAGES:
        raise QuickReplyFileError(
            f"{where} has language {lang!r}; use one of {', '.join(LANGUAGES)} or null.")
    shortcut = data.get("shortcut", "")
    if shortcut is None:
        shortcut = ""
    if not isinstance(shortcut, str):
        raise QuickReplyFileError(f"{where} has a shortcut that is not text.")
    reply_id = data.get("id")
    if reply_id is None or reply_id == "":
        reply_id = new_id()
    if not isinstance(reply_id, str) or len(reply_id) > 64:
        raise QuickReplyFileError(f"{where} has an id that is not a short text.")
    return QuickReply(
        id=reply_id,
        title=_one_line(title.strip()),
        text=text.replace("\r\n", "\n").strip(),
        lang=lang,
        shortcut=normalise_shortcut(shortcut),
    )


def parse_replies(raw: bytes | str, source: str) -> list[QuickReply]:
    """Read a quick replies JSON document (``{"replies": [...]}`` or a bare list).

    Raises:
        QuickReplyFileError: naming ``source`` and what is wrong with it.
    """
    if len(raw) > MAX_FILE_BYTES:
        raise QuickReplyFileError(f"{source} is too big to be a quick replies file.")
    try:
        document = json.loads(raw)
    except UnicodeDecodeError as error:
        raise QuickReplyFileError(f"{source} is not UTF-8 text ({error.reason}).") from None
    except json.JSONDecodeError as error:
        raise QuickReplyFileError(
            f"{source} is not valid JSON (line {error.lineno}, column {error.colno}: "
            f"{error.msg})."
        ) from None
    items = document.get("replies") if isinstance(document, dict) else document
    if not isinstance(items, list):
        raise QuickReplyFileError(f"{source} has no list of replies.")
    if len(items) > MAX_REPLIES:
        raise QuickReplyFileError(f"{source} holds more than {MAX_REPLIES} replies.")
    replies = [validate(item, f"Reply {number} in {source}")
               for number, item in enumerate(items, start=1)]
    seen: set[str] = set()
    for number, reply in enumerate(replies, start=1):
        if reply.id in seen:
            raise QuickReplyFileError(f"Reply {number} in {source} repeats id {reply.id!r}.")
        seen.add(reply.id)
    return replies


def dump_replies(replies: Iterable[QuickReply]) -> str:
    document = {"version": FORMAT_VERSION, "replies": [r.to_dict() for r in replies]}
    return json.dumps(document, ensure_ascii=False, indent=2) + "\n"


def write_atomically(path: Path, text: str) -> None:
    """Write ``text`` to ``path`` via a temp file + ``os.replace`` (all or nothing)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(handle, "w", encoding="utf-8", newline="\n") as stream:
            stream.write(text)
            stream.flush()
            os.fsync(stream.fileno())
        os.replace(temp_name, path)
    except BaseException:
        Path(temp_name).unlink(missing_ok=True)
        raise


class ImportResult(NamedTuple):
    added: int
    skipped: int  # already in the book with the same title and text


class QuickReplyBook:
    """The user's quick replies, kept in one JSON file.

    Args:
        path: the JSON file (created on first use).
        seed: replies to start with when ``path`` does not exist yet.
    """

    def __init__(self, path: Path, seed: Path | None = None) -> None:
        self.path = Path(path)
        self.seed = seed or default_seed_path()
        self._replies: list[QuickReply] = []
        self._folded: dict[str, tuple[str, str, str]] = {}
        # Set when the file exists but could not be read: saving would destroy it.
        self.error: str | None = None

    # -- reading ------------------------------------------------------------------------------
    def load(self) -> QuickReplyBook:
        """Read the file, seeding it the first time. Raises ``QuickReplyFileError``."""
        try:
            raw = self.path.read_bytes()
        except FileNotFoundError:
            self.error = None
            self._set(self._seed_replies())
            self.save()
            return self
        except OSError as error:
            self._fail(f"The quick replies file {self.path} cannot be read ({error.strerror}).")
        try:
            replies = parse_replies(raw, str(self.path))
        except QuickReplyFileError as error:
            self._fail(f"{error} It was left untouched: fix or remove it to use quick replies.")
        self.error = None
        self._set(replies)
        return self

    def _fail(self, message: str) -> None:
        self.error = message
        self._set([])
        raise QuickReplyFileError(message)

    def _seed_replies(self) -> list[QuickReply]:
        try:
            return parse_replies(self.seed.read_bytes(), str(self.seed))
        except (OSError, QuickReplyFileError):
            return []  # a missing seed is no reason to refuse quick replies

    def start_over(self) -> Path | None:
        """After a failed load: move the broken file aside (``.broken``) and seed again.

        Returns:
            where the broken file now is (None if there was none).
        """
        moved: Path | None = None
        if self.path.exists():
            moved = self.path.with_name(self.path.name + ".broken")
            os.replace(self.path, moved)
        self.error = None
        self.load()
        return moved

    @property
    def replies(self) -> list[QuickReply]:
        return list(self._replies)

    def __len__(self) -> int:
        return len(self._replies)

    def __iter__(self) -> Iterator[QuickReply]:
        return iter(list(self._replies))

    def get(self, reply_id: str) -> QuickReply | None:
        return next((r for r in self._replies if r.id == reply_id), None)

    # -- changing -----------------------------------------------------------------------------
    def save(self) -> None:
        if self.error is not None:
            raise QuickReplyFileError(self.error)
        write_atomically(self.path, dump_replies(self._replies))

    def create(self, title: str, text: str, lang: str | None = None,
               shortcut: str = "") -> QuickReply:
        """Add a reply and save. Raises ``QuickReplyFileError`` if it is not valid."""
        reply = validate({"title": title, "text": text, "lang": lang, "shortcut": shortcut},
                         "The new reply")
        self._commit([*self._replies, reply])
        return reply

    def edit(self, reply_id: str, **changes: Any) -> QuickReply:
        """Change fields of one reply (title, text, lang, shortcut) and save."""
        current = self.get(reply_id)
        if current is None:
            raise KeyError(reply_id)
        unknown = set(changes) - {"title", "text", "lang", "shortcut"}
        if unknown:
            raise TypeError(f"cannot change {', '.join(sorted(unknown))}")
        edited = validate(replace(current, **changes).to_dict(), "The reply")
        self._commit([edited if r.id == reply_id else r for r in self._replies])
        return edited

    def delete(self, reply_id: str) -> None:
        if self.get(reply_id) is None:
            raise KeyError(reply_id)
        self._commit([r for r in self._replies if r.id != reply_id])

    def import_file(self, path: Path) -> ImportResult:
        """Merge replies from a JSON file; validated in full first, so a bad file changes nothing.

        A reply with the same title and text as one already here is skipped; one whose id is
        taken by a different reply gets a new id. Nothing in the book is overwritten.
        """
        try:
            raw = Path(path).read_bytes()
        except OSError as error:
            raise QuickReplyFileError(f"{path} cannot be read ({error.strerror}).") from None
        incoming = parse_replies(raw, str(path))
        merged = list(self._replies)
        ids = {r.id for r in merged}
        contents = {(r.title, r.text) for r in merged}
        added = skipped = 0
        for reply in incoming:
            if (reply.title, reply.text) in contents:
                skipped += 1
                continue
            if reply.id in ids:
                reply = replace(reply, id=new_id())
            merged.append(reply)
            ids.add(reply.id)
            contents.add((reply.title, reply.text))
            added += 1
        if len(merged) > MAX_REPLIES:
            raise QuickReplyFileError(
                f"Importing {path} would make more than {MAX_REPLIES} quick replies.")
        if added:
            self._commit(merged)
        return ImportResult(added, skipped)

    def export_file(self, path: Path, replies: Iterable[QuickReply] | None = None) -> int:
        """Write the replies (all by default) as JSON another DeskReply can import."""
        chosen = list(self._replies if replies is None else replies)
        write_atomically(Path(path), dump_replies(chosen))
        return len(chosen)

    def _commit(self, replies: list[QuickReply]) -> None:
        if self.error is not None:
            raise QuickReplyFileError(self.error)
        write_atomically(self.path, dump_replies(replies))  # the file first: memory follows
        self._set(replies)

    def _set(self, replies: list[QuickReply]) -> None:
        self._replies = replies
        self._folded = {r.id: (fold(r.shortcut), fold(r.title), fold(r.text)) for r in replies}

    # -- finding ------------------------------------------------------------------------------
    def filter(self, query: str, lang: str | None = None, limit: int = 50) -> list[QuickReply]:
        """Replies matching ``query`` in shortcut, title or text, best first.

        Case and accents do not matter; every word of the query must match somewhere. A
        shortcut match beats a title match beats a text match; replies in ``lang`` (or with
        no language) come before the others at equal rank.
        """
        words = fold(query).split()
        scored: list[tuple[int, int, int, QuickReply]] = []
        for position, reply in enumerate(self._replies):
            shortcut, title, text = self._folded[reply.id]
            total = 0
            for word in words:
                rank = _rank(word, shortcut, title, text)
                if rank is None:
                    break
                total += rank
            else:
                other_lang = int(lang is not None and reply.lang not in (None, lang))
                scored.append((total, other_lang, position, reply))
        scored.sort(key=lambda item: item[:3])
        return [item[3] for item in scored[:limit]]


def _rank(word: str, shortcut: str, title: str, text: str) -> int | None:
    if shortcut == word:
        return 0
    if shortcut.startswith(word):
        return 1
    if _starts_a_word(title, word):
        return 2
    if word in shortcut:
        return 3
    if word in title:
        return 4
    if _starts_a_word(text, word):
        return 5
    if word in text:
        return 6
    return None


def _starts_a_word(haystack: str, word: str) -> bool:
    start = haystack.find(word)
    while start != -1:
        if start == 0 or not haystack[start - 1].isalnum():
            return True
        start = haystack.find(word, start + 1)
    return False


# -- slots ----------------------------------------------------------------------------------
class Filled(NamedTuple):
    """The reply text with known slots filled, and ``(start, end)`` of each slot left."""

    text: str
    unfilled: list[tuple[int, int]]


def slot_key(name: str) -> str:
    """Canonical value key of a slot name: ``{Nombre}`` -> ``name``, ``{pedido}`` -> ``order``."""
    folded = fold(name)
    return SLOT_ALIASES.get(folded, folded)


def clean_value(value: str) -> str:
    """One short plain line: outside text (a contact's name) cannot add lines or controls."""
    return " ".join(_CONTROL.sub(" ", value).split())[:MAX_VALUE]


def fill(reply: QuickReply | str, values: Mapping[str, str]) -> Filled:
    """Fill the slots whose value is known; leave the others as written, with their spans.

    Args:
        reply: a reply or its text.
        values: canonical slot name (``name``, ``agent``, ``order``, ``date``, ``company``,
            or any other slot name as written, folded) -> value. Empty values count as unknown.
    """
    text = reply.text if isinstance(reply, QuickReply) else reply
    known = {slot_key(key): clean_value(value) for key, value in values.items() if value}
    known = {key: value for key, value in known.items() if value}
    parts: list[str] = []
    unfilled: list[tuple[int, int]] = []
    length = 0
    last = 0
    for match in SLOT.finditer(text):
        before = text[last:match.start()]
        parts.append(before)
        length += len(before)
        value = known.get(slot_key(match.group(1)))
        piece = value if value is not None else match.group(0)
        if value is None:
            unfilled.append((length, length + len(piece)))
        parts.append(piece)
        length += len(piece)
        last = match.end()
    parts.append(text[last:])
    return Filled("".join(parts), unfilled)


def find_slots(text: str) -> list[tuple[int, int]]:
    """Spans of every ``{slot}`` in ``text`` (for Tab to jump to the next one)."""
    return [match.span() for match in SLOT.finditer(text)]


def _one_line(text: str) -> str:
    return " ".join(_CONTROL.sub(" ", text).split())
