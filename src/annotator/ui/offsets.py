"""The one place where code-point offsets (stored) and Qt's UTF-16 positions (shown) meet.

Qt counts UTF-16 code units, Python and SQLite count code points: every character above U+FFFF
(emoji, flags, 𝐀) is two Qt positions and one code point. Qt also drops one leading U+FEFF when
text is inserted. A map of the astral characters, built once per document, converts both ways
with a binary search; nothing else in the app converts offsets.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right

_ASTRAL = re.compile("[\U00010000-\U0010ffff]")


class OffsetMap:
    def __init__(self, text: str) -> None:
        self.length = len(text)
        # Code-point positions of astral characters; the k-th one shifts later Qt positions by k.
        self._astral = [m.start() for m in _ASTRAL.finditer(text)]
        # Their Qt positions (after the shift), for the reverse direction.
        self._astral_qt = [cp + k for k, cp in enumerate(self._astral)]
        self._lead = 1 if text.startswith("\ufeff") else 0  # Qt drops a leading BOM

    @property
    def qt_length(self) -> int:
        return self.length + len(self._astral) - self._lead

    def to_qt(self, cp: int) -> int:
        """Qt position of code-point offset cp (0 ≤ cp ≤ length)."""
        if not self._astral and not self._lead:  # most texts: positions agree
            return cp
        return max(0, cp + bisect_left(self._astral, cp) - self._lead)

    def to_cp(self, qt: int) -> int:
        """Code-point offset of Qt position qt; a position inside a surrogate pair goes left."""
        qt += self._lead
        k = bisect_right(self._astral_qt, qt - 1)
        # Inside a pair: qt == astral_qt[k-1] + 1 -> belongs to that character's start.
        if k and self._astral_qt[k - 1] + 1 == qt:
            return self._astral[k - 1]
        return qt - k

    def snap_qt(self, qt: int, *, forward: bool) -> int:
        """Move a Qt position out of the middle of a surrogate pair."""
        cp = self.to_cp(qt)
        back = self.to_qt(cp)
        if back == qt:
            return qt
        return self.to_qt(cp + 1) if forward else back
