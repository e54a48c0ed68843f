"""About DeskReply: opened from the status bar, version from metadata, licences, plain text."""

from __future__ import annotations

import importlib.metadata
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt, qVersion
from PySide6.QtWidgets import QApplication, QLabel, QPlainTextEdit, QPushButton

from deskreply.paths import app_paths
from deskreply.ui.about_dialog import COMPONENTS, AboutDialog
from deskreply.ui.shortcuts import controller_of, install_shortcuts


def open_about(qtbot: Any, make_window: Any, data_dir: Path, lang: str) -> AboutDialog:
    window = make_window(lang=lang)
    install_shortcuts(window, app_paths(data_dir).settings_file)
    controller = controller_of(window)
    assert controller is not None
    button = window.findChild(QPushButton, "aboutButton")
    assert button is not None and button.isVisible()
    assert button.accessibleName() == ("Ver la versión y las licencias" if lang == "es"
                                       else "Show the version and licences")
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    dialog = controller.dialog
    assert isinstance(dialog, AboutDialog)
    qtbot.waitExposed(dialog)
    return dialog


def test_about_shows_the_installed_version_and_the_qt_lgpl_notice(
        qtbot: Any, make_window: Any, data_dir: Path) -> None:
    dialog = open_about(qtbot, make_window, data_dir, "en")
    assert dialog.windowTitle() == "About DeskReply"
    text = dialog.body.toPlainText()
    version = importlib.metadata.version("deskreply")
    assert text.startswith(f"DeskReply {version}\n")
    assert "GNU Lesser General Public License version 3 (LGPLv3)" in text
    assert "you may replace them" in text
    assert f"• Qt {qVersion()} — LGPL-3.0-only" in text
    spacy_version = importlib.metadata.version("spacy")
    assert f"• spaCy {spacy_version} — MIT — https://spacy.io/" in text
    for component in COMPONENTS:
        assert f"• {component.name}" in text
    assert dialog.body.isReadOnly()
    for label in dialog.findChildren(QLabel):
        assert label.textFormat() == Qt.TextFormat.PlainText
    assert isinstance(dialog.body, QPlainTextEdit)  # no rich text anywhere


def test_about_in_spanish_and_copy_to_clipboard(
        qtbot: Any, make_window: Any, data_dir: Path) -> None:
    dialog = open_about(qtbot, make_window, data_dir, "es")
    assert dialog.windowTitle() == "Acerca de DeskReply"
    text = dialog.body.toPlainText()
    assert "Licencia Pública General Reducida de GNU, versión 3 (LGPLv3)" in text
    assert "Componentes incluidos en DeskReply" in text
    copy = dialog.findChild(QPushButton, "aboutCopy")
    assert copy is not None and copy.text() == "Copiar"
    qtbot.mouseClick(copy, Qt.MouseButton.LeftButton)
    clipboard = QApplication.clipboard()
    assert clipboard.text() == text
    close = dialog.findChild(QPushButton, "aboutClose")
    assert close is not None and close.text() == "Cerrar"
    with qtbot.waitSignal(dialog.finished, timeout=2000):
        qtbot.mouseClick(close, Qt.MouseButton.LeftButton)
