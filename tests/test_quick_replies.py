"""Quick replies without Qt: the book file, seeding, import/export, filling slots, filtering."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from deskreply import quick_replies as qr
from deskreply.quick_replies import (
    QuickReply,
    QuickReplyBook,
    QuickReplyFileError,
    default_seed_path,
    fill,
    find_slots,
    normalise_shortcut,
)


@pytest.fixture
def book_path(tmp_path: Path) -> Path:
    return tmp_path / "config" / qr.FILE_NAME


def test_seed_is_valid_bilingual_and_uses_usted() -> None:
    seeds = qr.parse_replies(default_seed_path().read_bytes(), "seed")
    by_lang = {lang: [r for r in seeds if r.lang == lang] for lang in ("es", "en")}
    assert len(by_lang["es"]) >= 12 and len(by_lang["en"]) >= 12
    shortcuts = [r.shortcut for r in seeds]
    assert len(set(shortcuts)) == len(shortcuts) and all(shortcuts)
    for reply in by_lang["es"]:
        # Customer service in Spanish addresses the customer as usted, never tú.
        words = set(qr.fold(reply.text).replace(",", " ").replace(".", " ").split())
        assert not words & {"tu", "tienes", "puedes", "quieres", "te"}, reply.title
    for reply in seeds:
        assert fill(reply, {}).unfilled, f"{reply.title}: a seed with no slot at all"


def test_first_use_seeds_and_saves(book_path: Path) -> None:
    book = QuickReplyBook(book_path).load()
    assert len(book) >= 24
    assert book_path.is_file()
    saved = json.loads(book_path.read_text(encoding="utf-8"))
    assert saved["version"] == 1 and len(saved["replies"]) == len(book)
    # Deleted seeds stay deleted: the file exists now, the seed is not read again.
    first = book.replies[0]
    book.delete(first.id)
    assert QuickReplyBook(book_path).load().get(first.id) is None


def test_create_edit_delete_persist(book_path: Path) -> None:
    book = QuickReplyBook(book_path).load()
    reply = book.create("Horario", "Abrimos de 9 a 18 h, {nombre}.", "es", " Horário Tienda ")
    assert reply.shortcut == "horario-tienda"
    edited = book.edit(reply.id, text="Abrimos de 10 a 19 h.", lang=None)
    assert edited.id == reply.id and edited.lang is None
    again = QuickReplyBook(book_path).load()
    assert again.get(reply.id) == edited
    again.delete(reply.id)
    assert QuickReplyBook(book_path).load().get(reply.id) is None
    with pytest.raises(KeyError):
        again.delete(reply.id)


@pytest.mark.parametrize(("fields", "problem"), [
    ({"title": "  ", "text": "Hola"}, "has no title"),
    ({"title": "Hola", "text": "\n"}, "has no text"),
    ({"title": "Hola", "text": "Hola", "lang": "fr"}, "has language 'fr'"),
    ({"title": "x" * 121, "text": "Hola"}, "longer than 120"),
])
def test_invalid_replies_are_refused(book_path: Path, fields: dict[str, str],
                                     problem: str) -> None:
    book = QuickReplyBook(book_path).load()
    before = book_path.read_bytes()
    with pytest.raises(QuickReplyFileError, match=problem):
        book.create(**fields)
    assert book_path.read_bytes() == before


def test_corrupt_file_is_explained_and_never_overwritten(book_path: Path) -> None:
    book_path.parent.mkdir(parents=True)
    damaged = b'{"version": 1, "replies": [{"title": "Mine", "text": "Hola'
    book_path.write_bytes(damaged)
    book = QuickReplyBook(book_path)
    with pytest.raises(QuickReplyFileError) as caught:
        book.load()
    message = str(caught.value)
    assert str(book_path) in message and "not valid JSON (line 1" in message
    assert "left untouched" in message
    assert book.error == message and book.replies == []
    for change in (lambda: book.create("A", "B"), book.save):
        with pytest.raises(QuickReplyFileError):
            change()
    assert book_path.read_bytes() == damaged
    # Starting over keeps the broken file beside the new one.
    moved = book.start_over()
    assert moved is not None and moved.read_bytes() == damaged
    assert book.error is None and len(book) >= 24


@pytest.mark.parametrize("content", [
    b"\xff\xfe not utf-8",
    b'{"replies": {"title": "x"}}',
    b'[{"title": "x", "text": "y", "lang": "de"}]',
    b'[{"id": "a", "title": "x", "text": "y"}, {"id": "a", "title": "z", "text": "w"}]',
    b'[{"title": "x", "text": "y", "shortcut": 5}]',
])
def test_bad_book_contents_raise_clear_errors(book_path: Path, content: bytes) -> None:
    book_path.parent.mkdir(parents=True)
    book_path.write_bytes(content)
    with pytest.raises(QuickReplyFileError, match=str(book_path).replace("\\", "\\\\")):
        QuickReplyBook(book_path).load()
    assert book_path.read_bytes() == content


def test_writes_are_atomic(book_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    book = QuickReplyBook(book_path).load()
    before = book_path.read_bytes()

    def crash(src: str, dst: str) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", crash)
    with pytest.raises(OSError):
        book.create("Nueva", "Texto")
    assert book_path.read_bytes() == before  # the old file is whole
    assert [p.name for p in book_path.parent.iterdir()] == [book_path.name]  # no temp left
    assert all(r.title != "Nueva" for r in book.replies)  # memory follows the file


def test_export_import_round_trip_merges_without_losing(book_path: Path,
                                                        tmp_path: Path) -> None:
    book = QuickReplyBook(book_path).load()
    mine = book.create("Horario", "Abrimos a las 9.", "es", "horario")
    exported = tmp_path / "export.json"
    assert book.export_file(exported) == len(book)

    other = QuickReplyBook(tmp_path / "other.json", seed=tmp_path / "no-seed.json").load()
    assert len(other) == 0
    other.create("Mine too", "Same id, other text")
    result = other.import_file(exported)
    assert result == qr.ImportResult(added=len(book), skipped=0)
    assert {(r.title, r.text) for r in book.replies} <= {(r.title, r.text) for r in other}
    # Importing again adds nothing; an id clash with different content keeps both.
    assert other.import_file(exported) == qr.ImportResult(added=0, skipped=len(book))
    clash = tmp_path / "clash.json"
    clash.write_text(json.dumps([{"id": mine.id, "title": "Horario", "text": "Otro texto"}]),
                     encoding="utf-8")
    assert book.import_file(clash).added == 1
    assert book.get(mine.id) == mine  # never overwritten
    assert sum(r.title == "Horario" for r in book) == 2


def test_bad_import_changes_nothing(book_path: Path, tmp_path: Path) -> None:
    book = QuickReplyBook(book_path).load()
    before_file, before = book_path.read_bytes(), book.replies
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps({"replies": [{"title": "ok", "text": "ok"},
                                           {"title": "no text"}]}), encoding="utf-8")
    with pytest.raises(QuickReplyFileError, match=r"Reply 2 in .*bad\.json.* has no text"):
        book.import_file(bad)
    with pytest.raises(QuickReplyFileError, match="cannot be read"):
        book.import_file(tmp_path / "missing.json")
    assert book.replies == before and book_path.read_bytes() == before_file


def test_fill_puts_known_values_and_reports_the_rest() -> None:
    reply = QuickReply("x", "t", "Hola, {Nombre}. Su pedido {pedido} llega el {fecha}. {agente}")
    filled = fill(reply, {"name": "María\nLópez", "agent": "Luis", "date": ""})
    assert filled.text == "Hola, María López. Su pedido {pedido} llega el {fecha}. Luis"
    assert [filled.text[a:b] for a, b in filled.unfilled] == ["{pedido}", "{fecha}"]
    english = fill("Hi {name}, order {order} is ready — {agent}", {"nombre": "Ann"})
    assert english.text.startswith("Hi Ann, order {order}")
    assert [english.text[a:b] for a, b in english.unfilled] == ["{order}", "{agent}"]
    # A value that looks like a slot is inserted as text, not filled again.
    tricky = fill("{name} / {order}", {"name": "{order}"})
    assert tricky.text == "{order} / {order}" and tricky.unfilled == [(10, 17)]


def test_find_slots_and_shortcuts() -> None:
    text = "Pedido {pedido}, {número_de_caso}, {{doble}}, {} y {1}"
    assert [text[a:b] for a, b in find_slots(text)] == ["{pedido}", "{número_de_caso}",
                                                      "{doble}"]
    assert normalise_shortcut("Envío Rápido!") == "envio-rapido"


def test_filter_is_accent_case_insensitive_and_ranked(book_path: Path) -> None:
    book = QuickReplyBook(book_path).load()
    assert book.filter("env")[0].shortcut == "envio"
    assert book.filter("ENVÍO")[0].shortcut == "envio"
    assert book.filter("reemb")[0].shortcut == "reembolso"
    # Every word must match; title words rank above words deep in the text.
    assert [r.shortcut for r in book.filter("refund started")] == ["refund"]
    assert book.filter("order")[0].shortcut == "order-number"
    # The conversation's language first at equal rank.
    spanish = book.create("Gracias", "Gracias por su compra.", "es", "gracias-es")
    english = book.create("Thanks", "Thanks for your order.", "en", "gracias-en")
    assert book.filter("gracias", lang="en")[:2] == [english, spanish]
    assert book.filter("gracias", lang="es")[:2] == [spanish, english]
    assert book.filter("zzzz") == []
    assert len(book.filter("")) == min(50, len(book))
