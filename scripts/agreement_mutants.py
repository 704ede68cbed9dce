"""Apply one plausible wrong change at a time to the agreement code and check the tests go red.

Run by hand: `python scripts/agreement_mutants.py` (changes files in src/ for a moment and puts them
back; do not run it while editing them). Every line should say RED.
"""
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
ROOT = REPO / "src/annotator/domain/agreement"
M = [
 ("kappa.py", "return sum(sum(table[k]) * sum(table[i][k] for i in range(q)) for k in range(q)) / (total * total)",
  "import math; return math.prod(sum(table[k]) * sum(table[i][k] for i in range(q)) / (total * total) for k in range(q))",
  "Cohen P_e: chance terms multiplied instead of added (QualCoder)"),
 ("kappa.py", "(po - pe) / (1 - pe)", "(po - pe) / (1 - po)", "Cohen κ: divided by 1 − P_o"),
 ("kappa.py", "- n) / (n * (n - 1))", "- n) / (n * n)", "Fleiss P_i: (n − 1) dropped"),
 ("kappa.py", "(t / (weight * raters)) ** 2 for t", "(t / (weight * raters)) for t", "Fleiss P_e: p_j not squared"),
 ("kappa.py", "(po - 1 / categories) / (1 - 1 / categories)", "(po - 1 / categories)", "κ_n: no denominator"),
 ("kappa.py", "2 * matched / (n1 + n2)", "matched / (n1 + n2)", "Holsti: 2 dropped"),
 ("kappa.py", "(N n (n − 1) p_j q_j).\"\"\"\n    n = sum(subjects[0])", "(N n (n − 1) p_j q_j).\"\"\"\n    n = sum(subjects[0]) + 1", "Fleiss κ_j: wrong n"),
 ("alpha.py", "o[(c, k)] += weight * pairs / (m - 1)", "o[(c, k)] += weight * pairs", "α: coincidences not divided by m_u − 1"),
 ("alpha.py", "/ (n * (n - 1))", "/ (n * n)", "α: D_e without the (n − 1) correction"),
 ("alpha.py", " - (n[lo] + n[hi]) / 2) ** 2", ") ** 2", "α ordinal: half-weights of the ends dropped"),
 ("alpha.py", "((a - b) / (a + b)) ** 2", "(a - b) ** 2", "α ratio: not normalised by the sum"),
 ("alpha.py", "(float(c) - float(k)) ** 2", "abs(float(c) - float(k))", "α interval: absolute, not squared difference"),
 ("unitizing.py", "(sa - sb) ** 2 + (ea - eb) ** 2", "(sa - sb) ** 2 + ((ea - sa) - (eb - sb)) ** 2", "α_U δ²: length difference instead of end difference"),
 ("unitizing.py", "(n_c - 1) * ell", "n_c * ell", "α_U D_e: N_c instead of N_c − 1"),
 ("unitizing.py", "sum_from[k] - (ell - 1) * count_from[k]", "sum_from[k] - ell * count_from[k]", "α_U D_e: h − l instead of h − l + 1 placements"),
 ("unitizing.py", "denominator = m * big_l * (m * big_l - 1) - sum(", "denominator = m * big_l * (m * big_l - 1) + 0 * sum(", "α_U D_e: Σ l(l − 1) not subtracted"),
 ("unitizing.py", "do = 2 * self.observed", "do = self.observed", "α_U D_o: each pair counted once, not both ways"),
 ("unitizing.py", "    total += sum((e - s) ** 2 for (s, e), hit in zip(b, hit_b, strict=True) if not hit)\n", "", "α_U D_o: units of the second coder inside the first's gaps ignored"),
 ("units.py", "if out and start < out[-1][1]:", "if out and start <= out[-1][1]:", "merge rule: touching spans merged too"),
 ("units.py", "            if end > out[-1][1]:\n                out[-1] = (out[-1][0], end)", "            pass", "merge rule: overlapping span dropped instead of joined"),
 ("characters.py", "agreeing = sum(w * (k * (k - 1) + (m - k) * (m - k - 1))", "agreeing = sum(w * (k * (k - 1))", "percent: agreement on 'not coded' ignored"),
 ("characters.py", "self.o10 += w * k * (m - k) / (m - 1)", "self.o10 += w * k * (m - k)", "binary α: o_10 not divided by m_u − 1"),
 ("characters.py", "neither = self.complete[0]", "neither = 0", "κ: uncoded characters left out of the table"),
 ("characters.py", "    out[0] += length - position", "", "runs: trailing uncoded text forgotten"),
 ("report.py", "if len(present) < 2:", "if len(present) < 1:", "documents one coder coded are compared"),
 ("report.py", "complete = len(present) == self.coders", "complete = len(present) >= 2", "incomplete documents enter κ/Fleiss/α_U"),
 ("report.py", "    if not sum(passages.values()):", "    if False:", "nobody coded → figures instead of None"),
 ("report.py", "marked[doc].add(coder)\n", "", "who coded a document: nobody"),
 ("report.py", "        self.unmatched += other.unmatched\n", "", "merging tallies forgets the unmatched passages"),
 ("unitizing.py", "        self.gap_lengths.update(other.gap_lengths)\n", "", "merging α_U sums forgets the gaps"),
 ("alignment.py", "candidates.append((b.start - min(a_end, b_end),", "candidates.append((min(a_end, b_end) - b.start,", "alignment: smallest overlap first"),
 ("alignment.py", "if i != j and not mask[i] & mask[j]:", "if i != j:", "alignment: two passages of one coder in a group"),
 ("alignment.py", "        ordered.sort(key=lambda u: (u.start, u.end, sorted(u.fields.items())))", "        pass", "alignment: equal spans ordered by coder, not by field values"),
 ("alignment.py", "if _jaccard(a, b) >= HOLSTI_OVERLAP", "if _jaccard(a, b) > 0", "Holsti: any overlap counts as a match"),
 ("alignment.py", "    if metric == \"nominal\":\n        return text", "    return text", "fields: interval values compared as text"),
]
results = []
for name, old, new, what in M:
    path = ROOT / name
    original = path.read_text()
    assert original.count(old) >= 1, (name, old)
    path.write_text(original.replace(old, new, 1))
    try:
        done = subprocess.run([sys.executable, "-m", "pytest", "-q", "-x", "-p", "no:cacheprovider",
                               "tests/unit/test_agreement_reference.py", "tests/unit/test_agreement_properties.py",
                               "tests/cli/test_agreement_cli.py"],
                              cwd=REPO, capture_output=True, text=True, timeout=300)
        lines = [l for l in done.stdout.splitlines() if l.startswith("FAILED") or l.startswith("ERROR")]
        verdict = "RED  " if done.returncode else "GREEN"
        results.append(f"{verdict} {name}: {what} :: {lines[0][7:90] if lines else ''}")
    finally:
        path.write_text(original)
    print(results[-1], flush=True)
