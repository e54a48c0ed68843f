"""Shared set-up for the live-check GUI tests: a real Checker (loaded once per test run) and a
window with a Spanish-speaking customer selected.

The checker uses the shipped ``models/`` when they hold every check of the pipeline; otherwise
(a check was added since the models were last rebuilt) the pipelines are built from
``resources/`` into a temporary folder, so the tests always see every check.
"""

from __future__ import annotations

import atexit
import functools
import shutil
import tempfile
from pathlib import Path
from typing import Any

from deskreply.paths import models_dir, resources_dir
from deskreply.settings import Settings
from deskreply.store import Store

CUSTOMER = ("whatsapp", "Lucía Prueba", "+34600123987")
INCOMING = "Hola, ¿me dicen cuándo llega mi pedido? Gracias"


@functools.cache
def models_for_tests() -> Path:
    from deskreply.checks.pipeline import COMPONENTS, LANGUAGES, build_pipeline

    shipped = models_dir()
    factories = [factory for factory, _module in COMPONENTS]
    if all((shipped / lang / "config.cfg").is_file()
           and all(f'"{factory}"' in (shipped / lang / "config.cfg").read_text()
                   for factory in factories)
           for lang in LANGUAGES):
        return shipped
    folder = Path(tempfile.mkdtemp(prefix="deskreply-test-models-"))
    atexit.register(shutil.rmtree, folder, True)
    for lang in LANGUAGES:
        build_pipeline(lang, resources_dir()).to_disk(folder / lang)
    return folder


@functools.cache
def checker(ui_lang: str) -> Any:
    from deskreply.checks import Checker

    loaded = Checker(ui_lang=ui_lang, models=models_for_tests(), raise_errors=True)
    loaded.warm_up()
    return loaded


def add_customer(store: Store, lang: str | None = "es") -> int:
    channel, name, handle = CUSTOMER
    conversation_id = store.find_or_create_conversation(channel, name, handle, lang=lang)
    store.add_incoming(conversation_id, INCOMING)
    return conversation_id


def open_checked_chat(make_window: Any, lang: str = "en", settings: Settings | None = None,
                      customer_lang: str | None = "es") -> tuple[Any, int]:
    """A shown window with live checks on and the test customer's chat open."""
    window = make_window(lang=lang, settings=settings or Settings(undo_send_seconds=0))
    conversation_id = add_customer(window.store, customer_lang)
    window.reload_list()
    assert window.select_conversation(conversation_id)
    window.set_checker(checker(lang))
    return window, conversation_id


def wait_checked(qtbot: Any, window: Any) -> list[Any]:
    """Wait until the composer shows the findings for the text on screen; return them."""
    composer = window.composer
    qtbot.waitUntil(composer.is_up_to_date, timeout=5000)
    return list(composer.findings())
