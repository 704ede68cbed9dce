"""HTML articles: the article text only (no script, style or navigation), never fetching anything.

trafilatura finds the main text; where it finds none (odd or broken markup) a small
standard-library pass keeps the visible text outside scripts, styles and page furniture. Both
get markup made safe from their quadratic cases first.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

from annotator.importers.base import ImportedText, ImportProblem
from annotator.importers.text import canonical_text, decode, text_encoding

_META_CHARSET = re.compile(rb"<meta[^>]+charset=[\"']?([A-Za-z0-9_\-]+)", re.IGNORECASE)
# Both HTML parsers are quadratic on some 2 MB pages, so the markup is made safe first (in linear
# time): libxml2 (under trafilatura, which parses a page several times) in the attributes of one
# element — 20,000 attributes took 6.5 s, 200,000 over 90 s — so a tag with more than
# MAX_ATTRIBUTES loses its attributes (they hold no article text); the standard-library parser
# (Python 3.11) in "<" that never closes — 20,000 "<a " took 55 s — see _defused.
MAX_ATTRIBUTES = 100
_LONG_TAG = re.compile(r"<([A-Za-z][^\s<>/]*)([^<>]{200,})")  # a shorter tag holds < 100 attributes
_ATTRIBUTE = re.compile(r"""\s+[^\s"'>/=]+(?:\s*=\s*(?:"[^"]*"|'[^']*'|[^\s"'>]*))?""")
_SKIP = frozenset(
    {
        "script",
        "style",
        "noscript",
        "template",
        "nav",
        "header",
        "footer",
        "aside",
        "form",
        "button",
        "svg",
        "iframe",
        "object",
        "head",
    }
)
_BLOCK = frozenset(
    {
        "p",
        "div",
        "br",
        "li",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "tr",
        "blockquote",
        "section",
        "article",
        "pre",
        "figcaption",
        "dd",
        "dt",
        "table",
        "ul",
        "ol",
    }
)


def parse_html(data: bytes) -> ImportedText:
    markup, encoding = _decode_html(data)
    markup = _LONG_TAG.sub(_fewer_attributes, markup)
    text, title, url, language, published = _extract(markup)
    if not text:
        fallback = _VisibleText()
        try:
            fallback.feed(_defused(markup))
            fallback.close()
        except AssertionError as exc:  # html.parser's way to give up ("unknown status keyword")
            raise ImportProblem(f"has markup the HTML reader cannot get past ({exc})") from None
        text = fallback.result()
        title = title or fallback.title.strip()
    text = canonical_text(text).strip("\n")
    if not text.strip():
        raise ImportProblem("has no article text (only markup, scripts or navigation)")
    return ImportedText(text=text, encoding=encoding, title=title, language=language, url=url, published=published)


def _decode_html(data: bytes) -> tuple[str, str]:
    declared = _META_CHARSET.search(data[:4096])
    if declared and not data.startswith((b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff")):
        name = text_encoding(declared.group(1).decode("ascii", "replace"))
        if name is not None:  # not a text encoding (idna, unicode_escape…): as if it lied
            try:
                return data.decode(name), name
            except UnicodeError:
                pass  # the declaration lies: detect instead
    return decode(data)


def _fewer_attributes(tag: re.Match[str]) -> str:
    """A start tag as it is, or without its attributes if it has more than MAX_ATTRIBUTES."""
    if len(_ATTRIBUTE.findall(tag.group(2))) <= MAX_ATTRIBUTES:
        return tag.group()
    return "<" + tag.group(1)


def _defused(markup: str) -> str:
    """The markup without what makes the standard-library parser quadratic: a "<" that can never
    close (after the last ">") is text, and an unclosed comment hides the rest of the page (as in
    a browser), so the parser never rescans to the end from each of many "<"."""
    last_close = markup.rfind("-->")
    unclosed = markup.find("<!--", last_close + 3 if last_close >= 0 else 0)
    if unclosed >= 0:
        markup = markup[:unclosed]
    last_gt = markup.rfind(">") + 1
    return markup[:last_gt] + markup[last_gt:].replace("<", "&lt;")


def _extract(markup: str) -> tuple[str, str, str, str, str]:
    """(text, title, url, language, date) from trafilatura; empty strings where it finds none."""
    import trafilatura  # imported here, not at start-up: it costs about 0.2 s

    try:
        found = trafilatura.bare_extraction(
            markup,
            with_metadata=True,
            include_comments=False,
            include_tables=True,
            favor_recall=True,
            date_extraction_params={"extensive_search": False, "original_date": True},
        )
    except Exception:  # noqa: BLE001 - a broken page falls back to the plain pass below
        return "", "", "", "", ""
    if found is None:
        return "", "", "", "", ""
    lang_match = re.search(r"<html[^>]*\blang=[\"']?([A-Za-z\-]+)", markup[:4096], re.IGNORECASE)
    return (
        found.text or "",
        found.title or "",
        found.url or "",
        (lang_match.group(1).lower() if lang_match else found.language or ""),
        found.date or "",
    )


class _VisibleText(HTMLParser):
    """Visible text outside scripts, styles and page furniture, one line per block."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.title = ""
        self._skip_depth = 0
        self._in_title = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "title":
            self._in_title = True
        if tag in _SKIP:
            self._skip_depth += 1
        elif tag in _BLOCK:
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag == "title":
            self._in_title = False
        if tag in _SKIP and self._skip_depth:
            self._skip_depth -= 1
        elif tag in _BLOCK:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        if self._in_title:
            self.title += data
        elif not self._skip_depth:
            self.parts.append(data)

    def result(self) -> str:
        lines = (" ".join(line.split()) for line in "".join(self.parts).split("\n"))
        return "\n".join(line for line in lines if line)
