"""Decoding plain-text files: BOMs, strict UTF-8, then detection of legacy encodings."""

from __future__ import annotations

import codecs

from annotator.importers.base import ImportProblem

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
# Control characters that never occur in a real text file (tab, LF, FF, CR and ESC aside).
_BINARY_CONTROLS = frozenset(range(0x20)) - {0x09, 0x0A, 0x0C, 0x0D, 0x1B}


def canonical_text(text: str) -> str:
    """Turn CRLF and lone CR into LF; change nothing else (`decode` has removed the BOM)."""
    return text.replace("\r\n", "\n").replace("\r", "\n")


def decode(data: bytes) -> tuple[str, str]:
    """Decode bytes to str; returns (text, encoding name). Raises ImportProblem for non-text."""
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                return data[len(bom) :].decode(encoding), encoding + " (BOM)"
            except UnicodeDecodeError as exc:
                raise ImportProblem(
                    f"starts with a {encoding.upper()} byte-order mark but is not valid "
                    f"{encoding.upper()} (bad bytes at offset {exc.start + len(bom)})"
                ) from None
    if b"\x00" in data:
        raise ImportProblem(
            f"contains NUL bytes (at offset {data.index(0)}): a binary file, or UTF-16 "
            "without a byte-order mark"
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

    results = list(from_bytes(data, cp_isolation=list(LEGACY))) or list(from_bytes(data))
    if not results:
        raise ImportProblem("is not text in any encoding we can recognise (a binary file?)")
    least = min(match.percent_chaos for match in results)
    tied = [match for match in results if match.percent_chaos <= least + 0.5]
    rank = {name: index for index, name in enumerate(LEGACY)}
    best = min(tied, key=lambda match: rank.get(match.encoding, len(LEGACY)))
    return str(best), best.encoding


def _refuse_binary(text: str) -> None:
    sample = text[:65536]
    controls = sum(1 for ch in sample if ord(ch) in _BINARY_CONTROLS)
    if controls and controls > len(sample) // 100:
        raise ImportProblem("looks binary (it is full of control characters), not text")
