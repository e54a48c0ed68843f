"""Everything Qt: the main window, its models and widgets, dialogs and the startup path."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from deskreply.ui.app import create_main_window, run

__all__ = ["create_main_window", "run"]


def __getattr__(name: str) -> Any:
    # Lazy: `import deskreply.ui` stays cheap until the GUI is really wanted.
    if name in __all__:
        from deskreply.ui import app

        return getattr(app, name)
    raise AttributeError(name)
