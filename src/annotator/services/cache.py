"""A small most-recently-used cache that worker threads may share (document texts, detector output)."""

from __future__ import annotations

import threading
from collections.abc import Callable, Hashable
from typing import Generic, TypeVar

V = TypeVar("V")


class RecentCache(Generic[V]):
    def __init__(self, size: int) -> None:
        self._size = size
        self._items: dict[Hashable, V] = {}
        self._lock = threading.Lock()

    def get(self, key: Hashable, make: Callable[[], V]) -> V:
        """The cached value, or make() (run outside the lock, so a slow one blocks nobody) kept
        as the most recent; the least recent goes when the cache is full."""
        with self._lock:
            value = self._items.pop(key, None)
        if value is None:
            value = make()
        with self._lock:
            self._items[key] = value
            while len(self._items) > self._size:
                del self._items[next(iter(self._items))]
        return value

    def find(self, key: Hashable) -> V | None:
        """The cached value (now the most recent), or None."""
        with self._lock:
            value = self._items.pop(key, None)
            if value is not None:
                self._items[key] = value
        return value

    def clear(self) -> None:
        with self._lock:
            self._items.clear()
