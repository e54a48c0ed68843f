"""The shape every check takes: a spaCy pipeline component that reads the shared ``Doc``.

A check subclasses :class:`CheckComponent`, registers itself with ``@Language.factory`` and
implements three methods:

* ``load_resources(resources, lang)`` — build time only: read lexicons/tables from
  ``resources/`` and return a JSON-serialisable dict. It is written into
  ``models/<lang>/<component>/data.json`` by ``nlp.to_disk`` so the app never needs
  ``resources/`` to check text.
* ``prepare()`` — turn ``self.data`` into fast structures (matchers, compiled regexes).
* ``find(doc, request, _)`` — return findings for one draft. ``_`` translates English
  messages into ``request.ui_lang`` with the check's gettext domain.

The engine runs the pipeline once per draft; every check reads that one ``Doc``.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import Any, ClassVar

import srsly
from spacy.language import Language
from spacy.tokens import Doc

from deskreply.checks.report import Finding
from deskreply.checks.request import CheckRequest
from deskreply.i18n import Translate, translator

REQUEST_ATTR = "deskreply_request"
FINDINGS_ATTR = "deskreply_findings"

TEXT_ATTR = "deskreply_text"

if not Doc.has_extension(TEXT_ATTR):
    Doc.set_extension(TEXT_ATTR, default=None)
if not Doc.has_extension(REQUEST_ATTR):
    Doc.set_extension(REQUEST_ATTR, default=None)
if not Doc.has_extension(FINDINGS_ATTR):
    Doc.set_extension(FINDINGS_ATTR, default=None)


def text_of(doc: Doc) -> str:
    """The draft's text. ``Doc.text`` joins every token on each access (~0.2 ms for a chat
    reply), so the engine stores the text once and the checks read it from here."""
    text: str | None = doc._.get(TEXT_ATTR)
    return doc.text if text is None else text


class CheckComponent:
    """Base class of the check components (see the module docstring)."""

    #: ``sensitive`` | ``tone`` | ``emoji``: the ``check`` of its findings.
    check_name: ClassVar[str]
    #: gettext domain of its messages; defaults to ``check_name``.
    domain: ClassVar[str | None] = None

    def __init__(self, nlp: Language, name: str) -> None:
        self.name = name
        self.lang: str = nlp.lang or ""
        self.data: dict[str, Any] = {}

    # -- build time -------------------------------------------------------------------------
    def build(self, resources: Path) -> None:
        """Load this check's data for ``self.lang`` from the resources folder."""
        self.data = self.load_resources(resources, self.lang)
        self.prepare()

    def load_resources(self, resources: Path, lang: str) -> dict[str, Any]:
        return {}

    # -- run time ---------------------------------------------------------------------------
    def prepare(self) -> None:
        """Compile ``self.data`` into whatever ``find`` needs."""

    def find(self, doc: Doc, request: CheckRequest, _: Translate) -> Iterable[Finding]:
        raise NotImplementedError  # every registered check overrides this

    def __call__(self, doc: Doc) -> Doc:
        request: CheckRequest | None = doc._.get(REQUEST_ATTR)
        if request is None:  # plain nlp(text) outside the engine: nothing to do
            return doc
        findings = doc._.get(FINDINGS_ATTR)
        if findings is None:
            findings = []
            doc._.set(FINDINGS_ATTR, findings)
        domain = self.domain or self.check_name
        findings.extend(self.find(doc, request, translator(domain, request.ui_lang)))
        return doc

    # -- serialisation (nlp.to_disk / spacy.load) -------------------------------------------
    def to_disk(self, path: Path, *, exclude: Iterable[str] = ()) -> None:
        path = Path(path)
        path.mkdir(parents=True, exist_ok=True)
        srsly.write_json(path / "data.json", self.data)

    def from_disk(self, path: Path, *, exclude: Iterable[str] = ()) -> CheckComponent:
        self.data = dict(srsly.read_json(Path(path) / "data.json"))
        self.prepare()
        return self
