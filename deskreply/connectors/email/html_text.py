"""HTML mail to plain text, safely: nothing is fetched, nothing is rendered.

Only the text content survives. Scripts, styles, the head and comments are dropped; images
become their alt text; links keep their words and show the address in brackets (so the agent
sees where a link really goes). Block elements become line breaks; entities are decoded.
"""

from __future__ import annotations

import logging
import re
from html.parser import HTMLParser

log = logging.getLogger(__name__)

_SKIP = {"script", "style", "head", "title", "template", "noscript", "svg", "object", "iframe"}
_BLOCK = {"p", "div", "section", "article", "header", "footer", "table", "tr", "ul", "ol",
          "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "pre", "hr", "form", "dl", "dt",
          "dd", "address", "center"}
_VOID = {"br", "img", "hr", "meta", "link", "input", "area", "base", "col", "embed", "source",
         "track", "wbr", "param"}


class _Extractor(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.skip_depth = 0
        self.pre_depth = 0
        self.links: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _SKIP:
            self.skip_depth += 1
            return
        if self.skip_depth:
            return
        values = {name: value or "" for name, value in attrs}
        if tag == "br":
            self.parts.append("\n")
        elif tag in _BLOCK:
            self.parts.append("\n\n" if tag in ("p", "h1", "h2", "h3", "table") else "\n")
            if tag == "pre":
                self.pre_depth += 1
        elif tag == "li":
            self.parts.append("\n• ")
        elif tag in ("td", "th"):
            self.parts.append(" ")
        elif tag == "img":
            alt = values.get("alt", "").strip()
            if alt:
                self.parts.append(f"[{alt}]")
        elif tag == "a":
            self.links.append(values.get("href", "").strip())

    def handle_endtag(self, tag: str) -> None:
        if tag in _SKIP:
            self.skip_depth = max(0, self.skip_depth - 1)
            return
        if self.skip_depth:
            return
        if tag in _BLOCK:
            self.parts.append("\n")
            if tag == "pre":
                self.pre_depth = max(0, self.pre_depth - 1)
        elif tag == "a" and self.links:
            href = self.links.pop()
            # Show where a link goes, unless its words already say it.
            if href.startswith(("http://", "https://")) and href not in "".join(self.parts[-3:]):
                self.parts.append(f" ({href})")

    def handle_data(self, data: str) -> None:
        if self.skip_depth:
            return
        self.parts.append(data if self.pre_depth else re.sub(r"\s+", " ", data))


def html_to_text(html: str) -> str:
    """Plain text of an HTML document (never raises on broken HTML)."""
    parser = _Extractor()
    try:
        parser.feed(html)
        parser.close()
    except Exception:  # HTMLParser is lenient; belt and braces for pathological input
        log.debug("HTML body cut short by a parse error; keeping the text read so far")
    text = "".join(parser.parts)
    # Collapsed markup leaves one stray space at line starts; deeper indents come from <pre>.
    lines = [line[1:].rstrip() if re.match(r" \S", line) else line.rstrip()
             for line in text.splitlines()]
    text = "\n".join(lines)
    text = re.sub(r"\n{3,}", "\n\n", text)
    return text.strip()
