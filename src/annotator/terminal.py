"""What the command line prints for people: control characters shown escaped, never sent raw.

A title or note holding ESC ] 0 ; … BEL or ESC [ 2 J would otherwise retitle or clear the terminal,
or fake output; bidirectional overrides reorder what is shown. Data (`annotator text`, CSV) stays
exact and does not pass through here.
"""

from __future__ import annotations

import re

# C0 and C1 controls and DEL, bidi embeddings/overrides/isolates, and lone surrogates (which the
# terminal's encoder would refuse anyway).
_UNSAFE = re.compile("[\x00-\x1f\x7f-\x9f\u061c\u202a-\u202e\u2066-\u2069\ud800-\udfff]")


def _escape(match: re.Match[str]) -> str:
    code = ord(match.group())
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def shown(text: str) -> str:
    """The text with every control character written as a visible escape (\\x1b, \\u202e)."""
    return _UNSAFE.sub(_escape, text)
