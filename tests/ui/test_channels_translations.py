"""Every message of the channels and sending UI has a Spanish translation."""

from __future__ import annotations

import ast
from pathlib import Path

from babel.messages.pofile import read_po

from deskreply.paths import PROJECT_ROOT

FILES = ["deskreply/ui/channels/email_form.py", "deskreply/ui/channels/accounts_dialog.py",
         "deskreply/ui/channels/status.py", "deskreply/ui/channels/typing.py",
         "deskreply/ui/channels/matrix_form.py", "deskreply/ui/channels/telegram_form.py"]
PO = PROJECT_ROOT / "resources/locale/es/LC_MESSAGES/ui_channels.po"


def marked_strings(path: Path) -> set[str]:
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Call) and node.args and isinstance(node.args[0], ast.Constant):
            func = node.func
            name = func.id if isinstance(func, ast.Name) else getattr(func, "attr", "")
            if name in ("_", "N_", "_c", "translate") and isinstance(node.args[0].value, str):
                found.add(node.args[0].value)
    return found


def test_channel_messages_are_translated_to_spanish() -> None:
    with PO.open("rb") as handle:
        catalog = read_po(handle)
    translated = {m.id for m in catalog if m.id and m.string}
    wanted: set[str] = set()
    for name in FILES:
        wanted |= marked_strings(PROJECT_ROOT / name)
    assert len(wanted) > 40
    assert sorted(wanted - translated) == []
