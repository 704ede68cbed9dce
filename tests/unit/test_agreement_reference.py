"""Every agreement measure against the published worked examples in ../shared/agreement/reference_values.json.

The values are copied here (with their sources) so the suite runs without the shared folder; a
test checks they still match the file when it is there. Gamma (Mathet et al. 2015) is not
implemented, so its fixtures are not tested.
"""

import json
from pathlib import Path

import pytest

from annotator.domain.agreement import Unit, agreement
from annotator.domain.agreement.alpha import coincidences, disagreements, krippendorff_alpha
from annotator.domain.agreement.kappa import (
    bp_kappa,
    cohen_chance,
    cohen_kappa,
    fleiss_category_kappa,
    fleiss_kappa,
    fleiss_terms,
    holsti,
    observed,
)
from annotator.domain.agreement.unitizing import Unitizing, alpha_u, observed_pair
from annotator.domain.agreement.units import merged

SHARED = Path("/work/shared/agreement/reference_values.json")
HERE = Path(__file__).with_name("agreement_reference_values.json")
REF = json.loads(HERE.read_text(encoding="utf-8"))
CODING = {entry["id"]: entry for entry in REF["coding"]}
UNITIZING = {entry["id"]: entry for entry in REF["unitizing_alpha_U"]}


def close(value, expected, tolerance):
    assert value is not None and abs(value - expected) <= tolerance, (value, expected)


@pytest.mark.skipif(not SHARED.exists(), reason="the shared reference file is not on this machine")
def test_the_copy_is_the_shared_file():
    assert json.loads(SHARED.read_text(encoding="utf-8")) == REF


def subjects_from_table(table):
    """A two-coder q × q table as Fleiss subjects: (counts per category, how many)."""
    q = len(table)
    out = []
    for i in range(q):
        for j in range(q):
            counts = [0] * q
            counts[i] += 1
            counts[j] += 1
            out.append((counts, table[i][j]))
    return out


def table_from_pairs(pairs, categories):
    table = [[0] * len(categories) for _ in categories]
    for a, b, *count in pairs:
        table[categories.index(a)][categories.index(b)] += count[0] if count else 1
    return table


# --- Krippendorff's α (coding) ---------------------------------------------------------------


def test_krippendorff_2011_four_coders_all_metrics():
    entry = CODING["krippendorff2011_4coders_12units"]
    data, expected, tol = entry["data_coders_by_units"], entry["expected"], entry["tolerance"]
    for metric in ("nominal", "ordinal", "interval", "ratio"):
        close(krippendorff_alpha(data, metric), expected[f"alpha_{metric}"], tol)
    units = [([v for v in column if v is not None], 1.0) for column in zip(*data, strict=True)]
    do, de = disagreements(coincidences(units), "nominal")
    close(do, expected["nominal_Do"], tol)
    close(de, expected["nominal_De"], tol)
    close(1 - do, expected["percent_agreement_pairable"], tol)


def test_krippendorff_2004_p224_binary():
    entry = CODING["krippendorff2004_p224_binary"]
    data, expected, derived, tol = entry["data_coders_by_units"], entry["expected"], entry["derived"], entry["tolerance"]
    close(krippendorff_alpha(data, "nominal"), expected["alpha_nominal"], tol)
    do, de = disagreements(coincidences((list(c), 1.0) for c in zip(*data, strict=True)), "nominal")
    close(do, expected["Do"], tol)
    close(de, expected["De"], tol)
    table = table_from_pairs(list(zip(*data, strict=True)), [1, 0])
    close(observed(table), expected["percent_agreement"], tol)
    close(cohen_kappa(table), derived["cohen_kappa"], tol)
    close(fleiss_kappa(subjects_from_table(table)), derived["scott_pi"], tol)
    close(bp_kappa(observed(table), 2), derived["bennett_S"], tol)


def test_krippendorff_2004_p224_as_spans_gives_every_character_level_figure():
    """The same ten units as ten characters: coder A marked 0–1, coder B 1–2, 5 and 7."""
    entry = CODING["krippendorff2004_p224_binary"]
    expected, derived, tol = entry["expected"], entry["derived"], entry["tolerance"]
    units = [Unit(1, "A", "t", 0, 2), Unit(1, "B", "t", 1, 3), Unit(1, "B", "t", 5, 6), Unit(1, "B", "t", 7, 8)]
    row = agreement(units, {1: 10}).rows[0]
    close(row.percent, expected["percent_agreement"], tol)
    close(row.alpha_binary, expected["alpha_nominal"], tol)
    close(row.kappa, derived["cohen_kappa"], tol)
    close(row.fleiss_kappa, derived["scott_pi"], tol)
    close(row.bp_kappa, derived["bennett_S"], tol)


def test_krippendorff_2004_p227_three_categories():
    entry = CODING["krippendorff2004_p227_three_categories"]
    pairs, expected, tol = entry["pairs_coderA_coderB"], entry["expected"], entry["tolerance"]
    close(krippendorff_alpha(list(zip(*pairs, strict=True)), "nominal"), expected["alpha_nominal"], tol)
    do, de = disagreements(coincidences((list(p), 1.0) for p in pairs), "nominal")
    close(do, expected["Do"], tol)
    close(de, expected["De"], tol)
    close(observed(table_from_pairs(pairs, ["a", "b", "c"])), expected["percent_agreement"], tol)


# --- κ ----------------------------------------------------------------------------------------


def test_fleiss_1971():
    entry = CODING["fleiss1971"]
    data, expected, derived, tol = entry["data_subjects_by_raters"], entry["expected"], entry["derived"], entry["tolerance"]
    subjects = [[row.count(c) for c in range(1, 6)] for row in data]
    close(fleiss_kappa((s, 1) for s in subjects), expected["fleiss_kappa"], tol)
    p_bar, pe = fleiss_terms((s, 1) for s in subjects)
    close(p_bar, expected["Po"], tol)
    close(pe, expected["Pe"], tol)
    # Fleiss printed κ_j to three places from rounded terms: they agree to 0.005 (dkpro's own tolerance
    # for them, Fleiss1971Test.testCategoryAgreement), not to 0.001 (ours: .245 .245 .520 .471 .566).
    for category, value in expected["category_kappa"].items():
        close(fleiss_category_kappa(subjects, int(category) - 1), value, 0.005)
    close(bp_kappa(p_bar, 5), derived["free_marginal_kappa_randolph_or_brennan_prediger"], tol)
    close(krippendorff_alpha(list(zip(*data, strict=True)), "nominal"), derived["krippendorff_alpha_nominal"], tol)


def test_cohen_1960():
    entry = CODING["cohen1960_p45"]
    table, expected, tol = entry["table"], entry["expected"], entry["tolerance"]
    close(cohen_kappa(table), expected["cohen_kappa"], tol)
    close(observed(table), expected["Po"], tol)
    close(cohen_chance(table), expected["Pe"], tol)


@pytest.mark.parametrize("example", ["artstein_poesio2008_p558", "artstein_poesio2008_p568"])
def test_artstein_poesio_2008(example):
    entry = CODING[example]
    table, expected, tol = entry["table"], entry["expected"], entry["tolerance"]
    close(observed(table), expected["percent_agreement"], tol)
    close(bp_kappa(observed(table), len(table)), expected["bennett_S"], tol)
    close(fleiss_kappa(subjects_from_table(table)), expected["scott_pi"], tol)
    close(cohen_kappa(table), expected["cohen_kappa"], tol)
    if "alpha_nominal" in expected:
        q = range(len(table))
        units = [([i, j], table[i][j]) for i in q for j in q]
        do, de = disagreements(coincidences(units), "nominal")
        close(1 - do / de, expected["alpha_nominal"], tol)


def test_brennan_prediger_1981():
    entry = CODING["brennan_prediger1981_p689"]
    expected, tol = entry["expected"], entry["tolerance"]
    table = table_from_pairs(entry["pairs_with_counts"], [1, 2, 3])
    close(observed(table), expected["Po"], tol)
    close(cohen_kappa(table), expected["cohen_kappa"], tol)
    close(cohen_chance(table), expected["cohen_Pe"], tol)
    close(bp_kappa(observed(table), 3), expected["brennan_prediger_kappa_q3"], tol)
    close(1 / 3, expected["bp_Pe"], tol)  # the chance term κ_n assumes: 1/q


def test_nvivo_character_level_example_and_not_qualcoders_figure():
    """1000 characters: 50 coded by both, 75 by each alone, 800 by neither."""
    entry = CODING["nvivo_character_level_example"]
    units = [
        Unit(7, "A", "node", 0, 50),
        Unit(7, "A", "node", 50, 125),
        Unit(7, "B", "node", 0, 50),
        Unit(7, "B", "node", 125, 200),
    ]
    row = agreement(units, {7: 1000}).rows[0]
    close(row.percent, entry["expected"]["percent_agreement"], 1e-9)
    close(row.kappa, entry["derived"]["cohen_kappa_split_75_75"], 1e-6)
    close(row.alpha_binary, entry["derived"]["krippendorff_alpha_nominal_split_75_75"], 1e-6)
    assert abs(row.kappa - entry["derived"]["qualcoder_reports_py_formula_split_75_75"]) > 0.1


def test_holsti():
    entry = CODING["holsti_trivial"]
    n1, n2, m = entry["input"]["N1"], entry["input"]["N2"], entry["input"]["M"]
    close(holsti(n1, n2, m), entry["derived"]["holsti_CR"], 1e-4)


def test_holsti_through_passages():
    """A marks 10 passages, B marks 12: 9 the same, A's 10th covers only 3 of B's 10th's 5 characters
    (overlap ÷ union 0.6 < 0.9: aligned, not matched), B's last two are B's alone."""
    units = [Unit(1, "A", "t", 10 * i, 10 * i + 5) for i in range(9)] + [Unit(1, "A", "t", 90, 93)]
    units += [Unit(1, "B", "t", 10 * i, 10 * i + 5) for i in range(12)]
    row = agreement(units, {1: 300}).rows[0]
    close(row.holsti, CODING["holsti_trivial"]["derived"]["holsti_CR"], 1e-4)
    assert (row.passages, row.aligned, row.unmatched) == ({"A": 10, "B": 12}, 10, 2)


# --- α_U --------------------------------------------------------------------------------------


def test_alpha_u_krippendorff_2004_p254():
    entry = UNITIZING["krippendorff2004_p254"]
    expected = entry["expected"]
    units = [(s, e, str(c), k) for s, e, c, k in entry["units_start_end_coder_category"]]
    overall, per_category = alpha_u(units, entry["continuum"]["begin"], entry["continuum"]["end"])
    close(overall, expected["alpha_U"], expected["alpha_U_tolerance"])
    for category, values in expected["category"].items():
        close(per_category[category], values["alpha"], expected["category_tolerance"])
        sums = Unitizing(2)
        sums.add([merged((s - 150, e - 150) for s, e, c, k in units if k == category and c == coder) for coder in "01"], 300)
        do, de = sums.disagreements()
        close(do, values["Do"], 0.0001)
        close(de, values["De"], 0.0001)


def test_alpha_u_distance_examples_p254():
    examples = UNITIZING["krippendorff2004_p254"]["expected"]["distance_examples_begin_length_category"]
    for example in examples:
        (ba, la, ca), (bb, lb, _) = example["a"], example["b"]
        a = [(ba, ba + la)] if ca is not None else []  # a gap is no unit: the other coder's unit lies in it
        assert observed_pair(a, [(bb, bb + lb)]) == example["distance"]


def test_alpha_u_p254_through_the_report():
    entry = UNITIZING["krippendorff2004_p254"]
    units = [Unit(1, str(c), k, s - 150, e - 150) for s, e, c, k in entry["units_start_end_coder_category"]]
    rows = {row.tag: row for row in agreement(units, {1: 300}).rows}
    close(rows["c"].alpha_u, 0.7286, 0.0001)
    close(rows["k"].alpha_u, 1.0, 0.0001)
    close(rows[None].alpha_u, entry["expected"]["alpha_U"], entry["expected"]["alpha_U_tolerance"])


def test_alpha_u_krippendorff_1995():
    entry = UNITIZING["krippendorff1995_p57"]
    expected = entry["expected"]
    raw = entry["units_start_length_coder_category"]
    for category, do_exact in expected["Do_exact"].items():
        sums = Unitizing(2)
        sums.add([merged((s, s + n) for s, n, c, k in raw if k == category and c == coder) for coder in (0, 1)], 24)
        assert abs(sums.disagreements()[0] - do_exact) <= 1e-5
    stretch = 50_000
    _, per_category = alpha_u([(s * stretch, (s + n) * stretch, str(c), k) for s, n, c, k in raw], 0, 24 * stretch)
    for category, value in expected["alpha_when_every_position_is_stretched_by_50000"].items():
        close(per_category[category], value, expected["alpha_tolerance"])
