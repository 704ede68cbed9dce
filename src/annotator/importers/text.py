"""Decoding plain-text files: BOMs, strict UTF-8, then detection of legacy encodings."""

from __future__ import annotations

import codecs
import re
from functools import cache

from annotator.domain.nul import nul_problem
from annotator.importers.base import ImportProblem

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
# The only codecs that ever decode a file: real text encodings, by whitelist. Python's codec
# registry also holds codecs that are no text encoding at all (idna, punycode, unicode_escape,
# rot13, base64, zlib…) or are unsafe ones (utf-7); `codecs.CodecInfo` cannot tell them apart
# (idna and unicode_escape count as "text encodings" there), so a page declaring them must not
# choose them. This is charset-normalizer's list of supported encodings without utf-7 (a string
# split into names: a hundred names read better as lines than as a list literal).
_TEXT_ENCODINGS = (  # noqa: SIM905
    "utf-8 utf-16 utf-16-le utf-16-be utf-32 utf-32-le utf-32-be ascii latin-1 "
    "iso8859-2 iso8859-3 iso8859-4 iso8859-5 iso8859-6 iso8859-7 iso8859-8 iso8859-9 iso8859-10 "
    "iso8859-11 iso8859-13 iso8859-14 iso8859-15 iso8859-16 "
    "cp1250 cp1251 cp1252 cp1253 cp1254 cp1255 cp1256 cp1257 cp1258 cp874 cp1125 "
    "cp437 cp720 cp737 cp775 cp850 cp852 cp855 cp856 cp857 cp858 cp860 cp861 cp862 cp863 cp864 "
    "cp865 cp866 cp869 cp1006 cp037 cp273 cp424 cp500 cp875 cp1026 cp1140 "
    "koi8-r koi8-u koi8-t kz1048 ptcp154 hp-roman8 tis-620 "
    "mac-roman mac-cyrillic mac-greek mac-iceland mac-latin2 mac-turkish "
    "big5 big5hkscs cp950 gb2312 gbk gb18030 hz euc-jp euc-jis-2004 euc-jisx0213 shift-jis "
    "shift-jis-2004 shift-jisx0213 cp932 iso2022-jp iso2022-jp-1 iso2022-jp-2 iso2022-jp-2004 "
    "iso2022-jp-3 iso2022-jp-ext euc-kr cp949 johab iso2022-kr"
).split()
# Control characters that never occur in a real text file (tab, LF, FF, CR and ESC aside).
_BINARY_CONTROLS = frozenset(range(0x20)) - {0x09, 0x0A, 0x0C, 0x0D, 0x1B}
# The same characters as one regular-expression class: counted in C (a Python loop over 64 K
# characters cost 1.5 ms per file, a third of an import's time per article).
_CONTROL = re.compile("[" + "".join(re.escape(chr(c)) for c in sorted(_BINARY_CONTROLS)) + "]")


@cache
def _text_codecs() -> frozenset[str]:
    return frozenset(codecs.lookup(label).name for label in _TEXT_ENCODINGS)


def text_encoding(label: str) -> str | None:
    """The codec's name if `label` names a real text encoding (see _TEXT_ENCODINGS), else None."""
    try:
        name = codecs.lookup(label).name
    except (LookupError, ValueError, TypeError):
        return None
    return name if name in _text_codecs() else None


def canonical_text(text: str) -> str:
    """Turn CRLF and lone CR into LF; change nothing else (`decode` has removed the BOM)."""
    return text.replace("\r\n", "\n").replace("\r", "\n")


def decode(data: bytes) -> tuple[str, str]:
    """Decode bytes to str; returns (text, encoding name). Raises ImportProblem for non-text."""
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                text = data[len(bom) :].decode(encoding)
            except UnicodeDecodeError as exc:
                raise ImportProblem(
                    f"starts with a {encoding.upper()} byte-order mark but is not valid "
                    f"{encoding.upper()} (bad bytes at offset {exc.start + len(bom)})"
                ) from None
            problem = nul_problem("the text", text)
            if problem is not None:  # never stored (domain.nul); without a BOM a NUL byte is refused below
                raise ImportProblem(problem.removesuffix("; nothing was saved"))
            return text, encoding + " (BOM)"
    if b"\x00" in data:
        raise ImportProblem(
            f"contains NUL bytes (at offset {data.index(0)}): a binary file, or UTF-16 without a byte-order mark"
        )
    try:
        text = data.decode("utf-8")
        encoding = "utf-8"
    except UnicodeDecodeError:
        text, encoding = _detect(data)
    _refuse_binary(text)
    return text, encoding


# Legacy encodings of news text, most likely first. charset-normalizer measures how garbled each
# decoding looks; on short Western texts several tie, and the likelier encoding should win
# (French in Latin-1 must not come out as Central European).
LEGACY = ("cp1252", "cp1251", "koi8_r", "cp1250", "cp1254", "cp1253", "cp1256", "cp1255")


def _detect(data: bytes) -> tuple[str, str]:
    from charset_normalizer import from_bytes

    results = list(from_bytes(data, cp_isolation=list(LEGACY))) or [
        match for match in from_bytes(data) if text_encoding(match.encoding)
    ]
    if not results:
        raise ImportProblem("is not text in any encoding we can recognise (a binary file?)")
    least = min(match.percent_chaos for match in results)
    tied = [match for match in results if match.percent_chaos <= least + 0.5]
    rank = {name: index for index, name in enumerate(LEGACY)}
    best = min(tied, key=lambda match: rank.get(match.encoding, len(LEGACY)))
    return str(best), best.encoding


def _refuse_binary(text: str) -> None:
    sample = text[:65536]
    controls = len(_CONTROL.findall(sample))
    if controls and controls > len(sample) // 100:
        raise ImportProblem("looks binary (it is full of control characters), not text")
