"""The services of one open library. Each is built, and its module imported, when first used: a
command pays only for what it calls (`annotator docs` never loads the detectors or merging)."""

from __future__ import annotations

import importlib
import threading
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, TypeVar

from annotator.services.coders import CoderService
from annotator.services.errors import UserError
from annotator.storage.engine import Library, open_library

if TYPE_CHECKING:
    from annotator.services.annotations import AnnotationService
    from annotator.services.backups import BackupService
    from annotator.services.codebook import CodebookService
    from annotator.services.documents import DocumentService
    from annotator.services.exports import ExportService
    from annotator.services.gold import GoldService
    from annotator.services.integrity import IntegrityService
    from annotator.services.merge import MergeService
    from annotator.services.progress import ProgressService
    from annotator.services.refi_import import RefiImportService
    from annotator.services.search import SearchService
    from annotator.services.suggestions import SuggestionService
    from annotator.services.tables import TableService
    from annotator.services.variables import VariableService

# Every service module, for load_all (the desktop app imports them on its loading thread).
MODULES = (
    "annotations",
    "backups",
    "codebook",
    "documents",
    "exports",
    "gold",
    "integrity",
    "merge",
    "search",
    "progress",
    "refi_import",
    "suggestions",
    "tables",
    "variables",
)
T = TypeVar("T")


def load_all() -> None:
    """Import every service module now (the app does so off its GUI thread, so that no first use
    of a service in the window pays for an import)."""
    for name in MODULES:
        importlib.import_module(f"annotator.services.{name}")


def _lazy(build: Callable[[Services], T]) -> property:
    """A service made on first access, once, whichever thread asks first (the app's window and
    its background work share one Services: two instances would keep two caches)."""
    name = build.__name__

    def get(self: Services) -> T:
        found = self._built.get(name)
        if found is None:
            with self._lock:
                found = self._built.get(name)
                if found is None:
                    found = self._built[name] = build(self)
        return found  # type: ignore[no-any-return]

    return property(get, doc=build.__doc__)


class Services:
    def __init__(self, library: Library, coders: CoderService) -> None:
        self.library = library
        self.coders = coders
        self._built: dict[str, Any] = {}
        self._lock = threading.RLock()  # a service built while another is (suggestions → annotations)

    @_lazy
    def documents(self) -> DocumentService:
        from annotator.services.documents import DocumentService

        return DocumentService(self.library, self.coders)

    @_lazy
    def annotations(self) -> AnnotationService:
        from annotator.services.annotations import AnnotationService

        return AnnotationService(self.library, self.coders)

    @_lazy
    def codebook(self) -> CodebookService:
        from annotator.services.codebook import CodebookService

        return CodebookService(self.library)

    @_lazy
    def exports(self) -> ExportService:
        from annotator.services.exports import ExportService

        return ExportService(self.library)

    @_lazy
    def backups(self) -> BackupService:
        from annotator.services.backups import BackupService

        return BackupService(self.library)

    @_lazy
    def suggestions(self) -> SuggestionService:
        from annotator.services.suggestions import SuggestionService

        return SuggestionService(self.library, self.annotations)

    @_lazy
    def integrity(self) -> IntegrityService:
        from annotator.services.integrity import IntegrityService

        return IntegrityService(self.library)

    @_lazy
    def merge(self) -> MergeService:
        from annotator.services.merge import MergeService

        return MergeService(self.library)

    @_lazy
    def search(self) -> SearchService:
        from annotator.services.search import SearchService

        return SearchService(self.library)

    @_lazy
    def progress(self) -> ProgressService:
        from annotator.services.progress import ProgressService

        return ProgressService(self.library, self.coders)

    @_lazy
    def gold(self) -> GoldService:
        from annotator.services.gold import GoldService

        return GoldService(self.library, self.annotations)

    @_lazy
    def variables(self) -> VariableService:
        from annotator.services.variables import VariableService

        return VariableService(self.library)

    @_lazy
    def refi(self) -> RefiImportService:
        from annotator.services.refi_import import RefiImportService

        return RefiImportService(self.library)

    @_lazy
    def tables(self) -> TableService:
        from annotator.services.tables import TableService

        return TableService(self.library)

    def close(self) -> None:
        self.library.close()


def open_services(path_or_url: str, *, annotator: str | None = None, backup: bool = True) -> Services:
    """Open the library and build the services on it (raises LibraryError with a sentence).
    The day's rolling backup is made on open (see BackupService.rolling)."""
    library = open_library(path_or_url)
    coders = CoderService(library, annotator)  # resolved once; made in the library on first write
    services = Services(library, coders)
    if backup:
        try:
            services.backups.rolling()
        except UserError:
            pass  # a backup that cannot be written must not keep the library closed
    return services
