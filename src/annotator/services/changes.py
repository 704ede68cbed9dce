"""What a service call changed, so each view can decide what to refresh (Anki's OpChanges)."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True, slots=True)
class Changes:
    documents: frozenset[int] = field(default_factory=frozenset)  # document ids touched
    annotations: frozenset[int] = field(default_factory=frozenset)  # annotation ids touched
    codebook: bool = False
    library: bool = False  # documents added or removed
    suggestions: bool = False  # rejections or the framing lexicon changed

    def __or__(self, other: Changes) -> Changes:
        return Changes(
            self.documents | other.documents,
            self.annotations | other.annotations,
            self.codebook or other.codebook,
            self.library or other.library,
            self.suggestions or other.suggestions,
        )

    def __bool__(self) -> bool:
        return bool(self.documents or self.annotations or self.codebook or self.library or self.suggestions)


def now_iso() -> str:
    """The current UTC time, ISO 8601 with milliseconds and a Z."""
    from datetime import UTC, datetime

    return datetime.now(UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")
