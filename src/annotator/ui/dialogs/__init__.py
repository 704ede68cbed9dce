"""The window's dialogs. `dialogs.ExportDialog` and the like import their module when first asked
for, so none of them (nor the tables, charts and CSV they bring) is loaded before the first frame
(decision 049); tests/storage/test_peek.py keeps them off that path."""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from annotator.ui.dialogs.analysis_dialog import AnalysisDialog
    from annotator.ui.dialogs.codebook_dialog import CodebookDialog
    from annotator.ui.dialogs.export_dialog import ExportDialog
    from annotator.ui.dialogs.lexicon_dialog import LexiconDialog
    from annotator.ui.dialogs.metadata_dialog import MetadataDialog
    from annotator.ui.dialogs.search_dialog import SearchDialog
    from annotator.ui.dialogs.shortcuts_dialog import ShortcutsDialog
    from annotator.ui.dialogs.variable_dialog import SetVariableDialog

_MODULE_OF = {
    "AnalysisDialog": "analysis_dialog",
    "CodebookDialog": "codebook_dialog",
    "ExportDialog": "export_dialog",
    "LexiconDialog": "lexicon_dialog",
    "MetadataDialog": "metadata_dialog",
    "SearchDialog": "search_dialog",
    "ShortcutsDialog": "shortcuts_dialog",
    "SetVariableDialog": "variable_dialog",
}
__all__ = [
    "AnalysisDialog",
    "CodebookDialog",
    "ExportDialog",
    "LexiconDialog",
    "MetadataDialog",
    "SearchDialog",
    "SetVariableDialog",
    "ShortcutsDialog",
]


def __getattr__(name: str) -> type:
    if name not in _MODULE_OF:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    dialog: type = getattr(importlib.import_module(f"{__name__}.{_MODULE_OF[name]}"), name)
    globals()[name] = dialog  # found directly the next time
    return dialog
