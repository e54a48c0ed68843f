"""About DeskReply: the version (from the package metadata) and the licences of what ships.

Everything is plain text. The Qt notice is there because the app bundle ships the Qt
libraries under the LGPL v3, which asks that users are told so and may swap the libraries.
Strings are in the gettext domain ``ui_about``.
"""

from __future__ import annotations

import importlib.metadata
import platform
from dataclasses import dataclass

import PySide6
from PySide6.QtCore import Qt, qVersion
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from deskreply import __version__
from deskreply.i18n import Translate, translator
from deskreply.ui.settings_dialog import fix_dialog_size

DOMAIN = "ui_about"


def about_translator(lang: str) -> Translate:
    return translator(DOMAIN, lang)


def N_(message: str) -> str:
    return message


@dataclass(frozen=True)
class Component:
    name: str
    distribution: str | None  # whose installed metadata gives the version
    licence: str  # SPDX expression
    home: str


# What the app bundle contains (build.spec copies the metadata of each distribution named).
COMPONENTS: tuple[Component, ...] = (
    Component("Qt", None, "LGPL-3.0-only", "https://www.qt.io/"),
    Component("PySide6 / Shiboken6", "PySide6-Essentials", "LGPL-3.0-only",
              "https://doc.qt.io/qtforpython-6/"),
    Component("Python", None, "PSF-2.0", "https://www.python.org/"),
    Component("spaCy", "spacy", "MIT", "https://spacy.io/"),
    Component("Thinc", "thinc", "MIT", "https://github.com/explosion/thinc"),
    Component("NumPy", "numpy", "BSD-3-Clause (bundles OpenBLAS: BSD-3-Clause; libgfortran: "
              "GPL-3.0 with the GCC Runtime Library Exception)", "https://numpy.org/"),
    Component("emoji", "emoji", "BSD-3-Clause", "https://github.com/carpedm20/emoji"),
    Component("phonenumbers", "phonenumbers", "Apache-2.0",
              "https://github.com/daviddrysdale/python-phonenumbers"),
    Component("python-stdnum", "python-stdnum", "LGPL-2.1-or-later",
              "https://arthurdejong.org/python-stdnum/"),
    Component("platformdirs", "platformdirs", "MIT", "https://github.com/tox-dev/platformdirs"),
    Component("keyring", "keyring", "MIT", "https://github.com/jaraco/keyring"),
    Component("ICU (inside Qt)", None, "Unicode-3.0", "https://icu.unicode.org/"),
)


def app_version() -> str:
    """The installed package's version; the source tree's when there is no metadata."""
    try:
        return importlib.metadata.version("deskreply")
    except importlib.metadata.PackageNotFoundError:
        return __version__


def component_version(component: Component) -> str:
    if component.name == "Qt":
        return qVersion()
    if component.name == "Python":
        return platform.python_version()
    if component.distribution is None:
        return ""
    try:
        return importlib.metadata.version(component.distribution)
    except importlib.metadata.PackageNotFoundError:
        if component.distribution == "PySide6-Essentials":
            return PySide6.__version__
        return ""


QT_NOTICE = N_(
    "DeskReply uses the Qt toolkit (through PySide6) under the GNU Lesser General Public "
    "License version 3 (LGPLv3). The Qt libraries are separate files in DeskReply's folder: "
    "you may replace them with your own build of the same Qt version. The licence text is at "
    "https://www.gnu.org/licenses/lgpl-3.0.html and the source code of Qt and PySide6 at "
    "https://download.qt.io/ and https://code.qt.io/. Qt is a trademark of The Qt Company "
    "Ltd.")


def about_text(_: Translate) -> str:
    """The dialog's body: version, the app's licence, the Qt notice and every component."""
    lines = [
        _("DeskReply {version}").format(version=app_version()),
        _("A desktop inbox that checks every reply for tone, risky emojis and private data "
          "before it is sent. Everything runs on this computer."),
        _("Licence: {licence}").format(licence="MIT"),
        "",
        _("Qt licence notice"),
        _(QT_NOTICE),
        "",
        _("Components shipped with DeskReply, their versions and licences:"),
    ]
    for component in COMPONENTS:
        version = component_version(component)
        name = f"{component.name} {version}".strip()
        lines.append(f"• {name} — {component.licence} — {component.home}")
    return "\n".join(lines) + "\n"


class AboutDialog(QDialog):
    """The About box (objectName aboutDialog); its text is selectable plain text."""

    def __init__(self, lang: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        _ = about_translator(lang)
        self.setObjectName("aboutDialog")
        self.setWindowTitle(_("About DeskReply"))
        self.setAccessibleName(_("About DeskReply"))
        heading = QLabel(_("DeskReply {version}").format(version=app_version()))
        heading.setObjectName("sectionTitle")
        heading.setTextFormat(Qt.TextFormat.PlainText)
        self.body = QPlainTextEdit(about_text(_))
        self.body.setObjectName("aboutText")
        self.body.setReadOnly(True)
        self.body.setAccessibleName(_("Version and licences"))
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        copy = buttons.addButton(_("Copy"), QDialogButtonBox.ButtonRole.ActionRole)
        copy.setObjectName("aboutCopy")
        copy.setAccessibleName(_("Copy the version and licences"))
        copy.clicked.connect(self.copy_text)
        close = buttons.button(QDialogButtonBox.StandardButton.Close)
        close.setText(_("Close"))
        close.setObjectName("aboutClose")
        close.setDefault(True)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 14, 16, 12)
        layout.setSpacing(10)
        layout.addWidget(heading)
        layout.addWidget(self.body, 1)
        layout.addWidget(buttons)
        close.setFocus()
        fix_dialog_size(self, 620, 460)

    def copy_text(self) -> None:
        """For a bug report: the version and component list in one go."""
        clipboard = QGuiApplication.clipboard()
        if clipboard is not None:
            clipboard.setText(self.body.toPlainText())
