"""Links in customers' messages: found in plain text, opened only after a confirmation.

A message is never rendered as rich text, so a link in it is just characters. The bubble adds
one small button per link it finds (:func:`find_links`); pressing it opens
:class:`LinkDialog`, which shows the *real* target — scheme, the host in both its readable and
its ASCII (punycode) form, and the whole address — and warns about tricks:

* look-alike hosts: punycode labels (``xn--``), letters from several scripts in one label
  (Latin ``a`` next to Cyrillic ``а``), or letters outside the Latin script at all;
* a user name before ``@`` (``https://mybank.com@evil.example/``: the host is evil.example);
* a bare IP address, or bidi and invisible characters inside the address.

Only ``http`` and ``https`` are ever opened; "Cancel" is the default button. Nothing is
fetched before the user says "Open".
"""

from __future__ import annotations

import ipaddress
import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QVBoxLayout,
    QWidget,
)

from deskreply.i18n import Translate
from deskreply.ui.untrusted import BIDI_CONTROLS, INVISIBLE_SPACES


def N_(message: str) -> str:
    return message


# http(s):// or www. up to the next space; bounded so a wall of text stays linear.
_LINK = re.compile(r"(?i)\b(?:https?://|www\.)[^\s<>\"]{1,2000}")
_SCHEME = re.compile(r"[A-Za-z][A-Za-z0-9+.\-]{0,30}:")
_TRAILING = ".,;:!?)]}'»”’"
MAX_LINKS = 5  # buttons per message; more links are still plain text

WARN_PUNYCODE = N_("The address is written in punycode ({ascii}): it may imitate a "
                   "well-known name.")
WARN_MIXED = N_("The name “{label}” mixes letters from different alphabets ({scripts}): "
                "a classic look-alike trick.")
WARN_NON_LATIN = N_("The name uses letters that are not from the Latin alphabet "
                    "({scripts}); check it is the site you expect.")
WARN_USERINFO = N_("The part before “@” ({userinfo}) is not where the link goes: it goes "
                   "to {host}.")
WARN_IP = N_("The link goes to a bare number (IP address), not to a named site.")
WARN_HIDDEN = N_("The address contains invisible or direction-changing characters.")
WARN_SCHEME = N_("DeskReply only opens web links (http and https); this one is not opened.")


@dataclass
class LinkInfo:
    """What a link really points at."""

    url: str  # as written (made absolute: "www." gets "https://")
    scheme: str
    host: str  # readable form (punycode decoded)
    ascii_host: str  # the form the browser will contact
    openable: bool
    warnings: list[tuple[str, dict[str, str]]] = field(default_factory=list)


def find_links(text: str) -> list[str]:
    """The links written in ``text`` (``http``, ``https``, ``www.``), first MAX_LINKS."""
    found: list[str] = []
    for match in _LINK.finditer(text):
        link = match.group(0).rstrip(_TRAILING)
        if link and link not in found:
            found.append(link)
        if len(found) == MAX_LINKS:
            break
    return found


def _script(ch: str) -> str | None:
    if not ch.isalpha():
        return None
    try:
        return unicodedata.name(ch).split()[0]
    except ValueError:
        return "UNKNOWN"


def _decode_label(label: str) -> str:
    if label.lower().startswith("xn--"):
        try:
            return label.encode("ascii").decode("idna")
        except (UnicodeError, ValueError):
            return label
    return label


def _encode_label(label: str) -> str:
    try:
        return label.encode("idna").decode("ascii")
    except (UnicodeError, ValueError):
        return label


def inspect(link: str) -> LinkInfo:
    """Take ``link`` apart and list every reason to be careful with it."""
    has_scheme = _SCHEME.match(link) is not None and not link.lower().startswith("www.")
    url = link if has_scheme else f"https://{link}"
    warnings: list[tuple[str, dict[str, str]]] = []
    if any(ch in BIDI_CONTROLS or ch in INVISIBLE_SPACES for ch in url):
        warnings.append((WARN_HIDDEN, {}))
        url = "".join(ch for ch in url if ch not in BIDI_CONTROLS and ch not in INVISIBLE_SPACES)
    try:
        parts = urlsplit(url)
        raw_host = parts.hostname or ""
        userinfo = parts.netloc.rpartition("@")[0] if "@" in parts.netloc else ""
        scheme = parts.scheme.lower()
    except ValueError:
        return LinkInfo(url, "", "", "", False, [(WARN_SCHEME, {})])
    labels = [label for label in raw_host.split(".") if label]
    readable = [_decode_label(label) for label in labels]
    host = ".".join(readable)
    ascii_host = ".".join(_encode_label(label) for label in readable)
    openable = scheme in ("http", "https") and bool(host)
    if not openable:
        warnings.append((WARN_SCHEME, {}))
    if any(label.lower().startswith("xn--") for label in labels):
        warnings.append((WARN_PUNYCODE, {"ascii": ascii_host}))
    all_scripts: set[str] = set()
    for label in readable:
        scripts = {s for s in map(_script, label) if s is not None}
        all_scripts |= scripts
        if len(scripts) > 1:
            warnings.append((WARN_MIXED, {"label": label,
                                          "scripts": ", ".join(sorted(scripts)).title()}))
    foreign = sorted(all_scripts - {"LATIN"})
    if foreign and not any(w[0] == WARN_MIXED for w in warnings):
        warnings.append((WARN_NON_LATIN, {"scripts": ", ".join(foreign).title()}))
    if userinfo:
        warnings.append((WARN_USERINFO, {"userinfo": userinfo, "host": host}))
    try:
        ipaddress.ip_address(raw_host)
        warnings.append((WARN_IP, {}))
    except ValueError:
        pass
    return LinkInfo(url, scheme, host, ascii_host, openable, warnings)


class LinkDialog(QDialog):
    """"Open this link?" with the real target and the warnings; Cancel is the default."""

    def __init__(self, info: LinkInfo, translate: Translate,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        _ = translate
        self.info = info
        self.setObjectName("linkDialog")
        self.setWindowTitle(_("Open a link from a customer?"))
        layout = QVBoxLayout(self)
        intro = _("This link was in a customer's message. It really goes to:")
        self.labels: list[QLabel] = []
        for text, name in (
            (intro, "dialogHint"),
            (info.host or info.url, "dialogTitle"),
            (_("Address the browser will contact: {host}").format(host=info.ascii_host)
             if info.ascii_host and info.ascii_host != info.host else "", "fieldHint"),
            (_("Full link: {url}").format(url=info.url), "fieldHint"),
        ):
            if text:
                self._add_label(layout, text, name)
        self.warning_labels = [
            self._add_label(layout, "⚠ " + _(template).format(**params), "linkWarning")
            for template, params in info.warnings]
        if not info.warnings:
            self._add_label(layout, _("Only open it if you trust the customer and the site."),
                            "dialogHint")
        buttons = QDialogButtonBox()
        cancel = buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        cancel.setDefault(True)
        cancel.setAutoDefault(True)
        self.open_button = buttons.addButton(_("Open in browser"),
                                             QDialogButtonBox.ButtonRole.AcceptRole)
        self.open_button.setObjectName("openLinkButton")
        self.open_button.setAutoDefault(False)
        self.open_button.setEnabled(info.openable)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        cancel.setFocus()

    def _add_label(self, layout: QVBoxLayout, text: str, name: str) -> QLabel:
        label = QLabel()
        label.setTextFormat(Qt.TextFormat.PlainText)  # the address is the customer's text
        label.setText(text)
        label.setWordWrap(True)
        label.setObjectName(name)
        label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addWidget(label)
        self.labels.append(label)
        return label


Opener = Callable[[QUrl], object]


def confirm_and_open(link: str, translate: Translate, parent: QWidget | None,
                     opener: Opener | None = None) -> LinkDialog:
    """Open the confirmation (window-modal, no nested loop); "Open" hands the URL on."""
    info = inspect(link)
    dialog = LinkDialog(info, translate, parent)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.setWindowModality(Qt.WindowModality.WindowModal)
    open_url = opener or QDesktopServices.openUrl

    def accepted() -> None:
        if info.openable:
            url = QUrl(info.url)
            url.setHost(info.ascii_host)  # the host exactly as shown in the dialog
            open_url(url)

    dialog.accepted.connect(accepted)
    dialog.open()
    return dialog
