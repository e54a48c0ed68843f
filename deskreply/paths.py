"""Where DeskReply keeps its files. The only module that decides locations.

Everything goes under one folder when the user asks for it (``--data-dir`` or the
``DESKREPLY_DATA_DIR`` environment variable); otherwise the platform's usual places are used.
"""

from __future__ import annotations

import os
import sys
from dataclasses import dataclass
from pathlib import Path

import platformdirs

APP_NAME = "DeskReply"
DATA_DIR_ENV = "DESKREPLY_DATA_DIR"
# Set by the test suite: asking for the real home locations becomes an error.
FORBID_HOME_ENV = "DESKREPLY_FORBID_HOME"

# Where resources/ and models/ are: beside the package in the source tree; in the app bundle
# in its data folder, which PyInstaller names in sys._MEIPASS (build.spec puts them there).
PROJECT_ROOT = Path(getattr(sys, "_MEIPASS", None) or Path(__file__).resolve().parent.parent)
RESOURCES_DIR_ENV = "DESKREPLY_RESOURCES_DIR"
MODELS_DIR_ENV = "DESKREPLY_MODELS_DIR"


class HomeDirForbiddenError(RuntimeError):
    """Raised when code under test asks for the user's real home directories."""


@dataclass(frozen=True)
class AppPaths:
    """All locations the app writes to."""

    data: Path
    config: Path
    cache: Path
    logs: Path

    @property
    def database(self) -> Path:
        return self.data / "deskreply.sqlite3"

    @property
    def settings_file(self) -> Path:
        return self.config / "settings.json"

    def ensure(self) -> None:
        """Create the folders (not the files)."""
        for folder in (self.data, self.config, self.cache, self.logs):
            folder.mkdir(parents=True, exist_ok=True)


def app_paths(data_dir: str | os.PathLike[str] | None = None) -> AppPaths:
    """Return the locations to use.

    Args:
        data_dir: keep everything in this one folder. Defaults to ``$DESKREPLY_DATA_DIR``,
            then to the platform's standard per-user folders.
    """
    chosen = data_dir if data_dir is not None else os.environ.get(DATA_DIR_ENV) or None
    if chosen is not None:
        root = Path(chosen).expanduser().resolve()
        return AppPaths(data=root, config=root / "config", cache=root / "cache",
                        logs=root / "logs")
    if os.environ.get(FORBID_HOME_ENV):
        raise HomeDirForbiddenError(
            "The real home directory was requested during tests; pass data_dir instead."
        )
    return AppPaths(
        data=Path(platformdirs.user_data_dir(APP_NAME, appauthor=False)),
        config=Path(platformdirs.user_config_dir(APP_NAME, appauthor=False)),
        cache=Path(platformdirs.user_cache_dir(APP_NAME, appauthor=False)),
        logs=Path(platformdirs.user_log_dir(APP_NAME, appauthor=False)),
    )


class MissingResourcesError(RuntimeError):
    """The resources folder that ships with the app is not where it should be."""


def resources_dir() -> Path:
    """The folder with icons, lexicons, translations and the demo inbox."""
    folder = Path(os.environ.get(RESOURCES_DIR_ENV) or PROJECT_ROOT / "resources")
    if not (folder / "demo").is_dir():
        raise MissingResourcesError(
            f"DeskReply's resources folder is missing or incomplete: {folder}. "
            "Reinstall DeskReply or run it from a complete copy of the project."
        )
    return folder


def models_dir() -> Path:
    """The folder with one spaCy pipeline per language (``models/<lang>``)."""
    return Path(os.environ.get(MODELS_DIR_ENV) or PROJECT_ROOT / "models")
