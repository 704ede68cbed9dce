"""The services of one open library, built together."""

from __future__ import annotations

from dataclasses import dataclass

from annotator.services.annotations import AnnotationService
from annotator.services.backups import BackupService
from annotator.services.codebook import CodebookService
from annotator.services.coders import CoderService
from annotator.services.documents import DocumentService
from annotator.services.errors import UserError
from annotator.services.exports import ExportService
from annotator.services.integrity import IntegrityService
from annotator.services.merge import MergeService
from annotator.services.suggestions import SuggestionService
from annotator.services.tables import TableService
from annotator.services.variables import VariableService
from annotator.storage.engine import Library, open_library


@dataclass
class Services:
    library: Library
    coders: CoderService
    documents: DocumentService
    annotations: AnnotationService
    codebook: CodebookService
    exports: ExportService
    backups: BackupService
    suggestions: SuggestionService
    integrity: IntegrityService
    merge: MergeService
    variables: VariableService
    tables: TableService

    def close(self) -> None:
        self.library.close()


def open_services(path_or_url: str, *, annotator: str | None = None, backup: bool = True) -> Services:
    """Open the library and build the services on it (raises LibraryError with a sentence).
    The day's rolling backup is made on open (see BackupService.rolling)."""
    library = open_library(path_or_url)
    coders = CoderService(library, annotator)  # resolved once; made in the library on first write
    annotations = AnnotationService(library, coders)
    services = Services(
        library=library,
        coders=coders,
        documents=DocumentService(library, coders),
        annotations=annotations,
        codebook=CodebookService(library),
        exports=ExportService(library),
        backups=BackupService(library),
        suggestions=SuggestionService(library, annotations),
        integrity=IntegrityService(library),
        merge=MergeService(library),
        variables=VariableService(library),
        tables=TableService(library),
    )
    if backup:
        try:
            services.backups.rolling()
        except UserError:
            pass  # a backup that cannot be written must not keep the library closed
    return services
