"""Inter-coder agreement: Krippendorff's α_U, α, Cohen's and Fleiss' κ, Brennan–Prediger κ_n, Holsti's CR.

Pure Python on plain dataclasses (`Unit`); the formulas are written here, one concept per module:
`units` (input, the overlap rule), `kappa` and `alpha` (coefficients on tables and reliability data),
`unitizing` (α_U on spans), `characters` (character-level tables), `alignment` (passage matching,
Holsti, field values), `report` (every figure per tag, per document and overall, with counts).
"""

from annotator.domain.agreement.report import Figures, Report, Tallies, agreement, tally
from annotator.domain.agreement.units import Unit

__all__ = ["Figures", "Report", "Tallies", "Unit", "agreement", "tally"]
