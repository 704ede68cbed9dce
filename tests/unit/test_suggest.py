"""The detectors, on the gold set and on sentences of their own."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from annotator.domain.suggest import Context, suggest
from annotator.domain.suggest.languages import language_for
from annotator.domain.suggest.lexicon import LexiconError, dump, parse
from tests.gold import SCORED_TAGS, documents, evaluate


def found(text: str, tag: str, published: str = "2024-03-14", lexicon: tuple[tuple[str, str], ...] = ()):
    return [(text[s.start : s.end], s.field_dict) for s in suggest(text, Context(published, lexicon=lexicon), [tag])]


def test_every_gold_passage_is_in_its_text():
    items = [item for *_, gold in documents() for item in gold]
    assert len(items) > 120
    assert all(s.start < s.end for s in items)


# Field accuracy (dates' values, casualty counts and kinds, speakers), just under what the detectors
# reach today on the whole gold set and on the samples: a detector that fills fields worse fails.
# (After the Suggestions II rules: 0.989, 0.996 and 0.965 over all, 1.0 on the samples.)
FIELD_ACCURACY = {
    ("", "date"): 0.98,
    ("", "casualty figure"): 0.99,
    ("", "quote"): 0.95,
    ("sample_docs", "date"): 0.99,
    ("sample_docs", "casualty figure"): 0.99,
    ("sample_docs", "quote"): 0.99,
}


@pytest.mark.parametrize("only", ["", "sample_docs"])
@pytest.mark.parametrize("tag", SCORED_TAGS)
def test_precision_and_recall_meet_the_targets(tag, only):
    s = evaluate(only)[tag]
    assert s.precision >= 0.9, (s.precision, s.false_alarms)
    assert s.recall >= 0.8, (s.recall, s.misses)
    assert s.field_accuracy >= FIELD_ACCURACY[only, tag], s.field_accuracy


def test_date_values_are_normalised_against_the_publication_date():
    text = "On Wednesday, a week after March 6 and 8 November 2023, last year's talks; earlier this year; last week."
    assert found(text, "date") == [
        ("Wednesday", {"date": "2024-03-13"}),
        ("March 6", {"date": "2024-03-06"}),
        ("8 November 2023", {"date": "2023-11-08"}),
        ("last year", {"date": "2023"}),
        ("earlier this year", {"date": "2024"}),
        ("last week", {"date": "2024-W10"}),
    ]


def test_relative_dates_without_a_publication_date_get_no_value():
    assert found("They met on Tuesday, in 2019.", "date", published="") == [
        ("Tuesday", {"date": ""}),
        ("2019", {"date": "2019"}),
    ]


def test_a_weekday_in_a_sentence_about_the_future_looks_forward():
    assert found("The ministers will meet on Monday.", "date") == [("Monday", {"date": "2024-03-18"})]


def test_numbers_that_are_not_dates_are_left_alone():
    assert found("Some 2,000 homes, 1,450 violations? 45% and $1999.", "date") == []


def test_casualty_figures_with_qualifiers_ranges_and_words():
    text = (
        "At least 12 people were killed and dozens wounded. Between 300 and 400 fled. "
        "Police arrested twenty-five protesters. The death toll rose to 57."
    )
    assert [(t, f["count_min"], f["count_max"], f["kind"]) for t, f in found(text, "casualty figure")] == [
        ("At least 12 people", "12", "", "killed"),
        ("dozens", "24", "", "wounded"),
        ("Between 300 and 400", "300", "400", "displaced"),
        ("twenty-five protesters", "25", "25", "detained"),
        ("57", "57", "57", "killed"),
    ]


def test_counts_of_things_ages_and_years_are_not_casualty_figures():
    text = (
        "Shelling destroyed 600 homes and killed in 2014 a 34-year-old man. "
        "About 20,000 people marched. 300 trucks of aid arrived for the displaced."
    )
    assert found(text, "casualty figure") == []


def test_quotes_need_an_attribution_unless_they_are_long():
    text = (
        "The so-called “peace plan” failed. “We will not give up,” she said. "
        "„We stay here“, the mayor wrote.\n«It is over», the minister told reporters. Crowds chanted “shame”.\n"
        '"This is a long sentence of quoted speech without any verb nearby at all."'
    )
    assert [(t, f["speaker"]) for t, f in found(text, "quote")] == [
        ("We will not give up,", "she"),
        ("We stay here", "the mayor"),
        ("It is over", "the minister"),
        ("This is a long sentence of quoted speech without any verb nearby at all.", ""),
    ]


def test_a_quote_continuing_an_attributed_one_keeps_its_speaker():
    text = '"We lost everything," said Anna Petrova, a farmer. "The river took the house."'
    assert [f["speaker"] for _, f in found(text, "quote")] == ["Anna Petrova", "Anna Petrova"]


def test_framing_terms_match_whole_words_with_wildcards():
    lexicon = (("separatis*", "loaded term"), ("ethnic cleansing", "morality"))
    text = "Separatists spoke of ethnic\ncleansing; the unseparatist view differs."
    assert found(text, "framing", lexicon=lexicon) == [
        ("Separatists", {"frame": "loaded term"}),
        ("ethnic\ncleansing", {"frame": "morality"}),
    ]


def test_the_lexicon_round_trips_and_refuses_a_file_without_its_header():
    entries = [("occupation", "loaded term"), ("a, b", "conflict")]
    assert parse(dump(entries)) == entries
    with pytest.raises(LexiconError):
        parse("occupation,loaded term\n")


def test_russian_dates_figures_and_quotes():
    from annotator.domain.suggest.languages import RUSSIAN, language_for

    assert language_for("ru-RU") is RUSSIAN and language_for("xx").code == "en"
    text = (
        "МОСКВА, 3 мая. В среду в результате удара погибли пятеро военнослужащих, около 30 ранены. "
        "«Мы восстановим всё», — сказал мэр города Олег Иванов. В марте задержаны 12 человек."
    )
    found = [(text[s.start : s.end], s.tag, s.field_dict) for s in suggest(text, Context("2024-05-03", RUSSIAN))]
    assert ("3 мая", "date", {"date": "2024-05-03"}) in found
    assert ("среду", "date", {"date": "2024-05-01"}) in found
    assert ("марте", "date", {"date": "2024-03"}) in found
    assert (
        "пятеро военнослужащих",
        "casualty figure",
        {"count_min": "5", "count_max": "5", "qualifier": "", "kind": "killed"},
    ) in found
    assert (
        "около 30",
        "casualty figure",
        {"count_min": "30", "count_max": "30", "qualifier": "около", "kind": "wounded"},
    ) in found
    assert (
        "12 человек",
        "casualty figure",
        {"count_min": "12", "count_max": "12", "qualifier": "", "kind": "detained"},
    ) in found
    assert ("Мы восстановим всё", "quote", {"speaker": "Олег Иванов"}) in found


_NEWSY = st.sampled_from(
    [
        "killed",
        "wounded",
        "fled",
        "said",
        "told",
        "Nov.",
        "8",
        "2023",
        "last",
        "year",
        "Wednesday",
        "at least",
        "more than",
        "dozens",
        "between",
        "and",
        "people",
        "“",
        "”",
        "«",
        "»",
        '"',
        "'",
        "„",
        ",",
        ".",
        "\n",
        "погибли",
        "марта",
        "человек",
        "—",
        "separatist",
        "🇦🇿",
        "e\u0301",
        "\u200d",
        "1,200",
        "1 200",
        "-",
        "the",
    ]
)


@settings(max_examples=300, deadline=None)
@given(
    st.lists(st.one_of(_NEWSY, _NEWSY, _NEWSY, st.text(max_size=6)), min_size=5, max_size=60),
    st.sampled_from(["", "2023", "2023-11", "2023-11-08"]),
    st.sampled_from(["en", "ru"]),
)
def test_detectors_never_fail_and_their_values_fit_the_default_fields(words, published, language):
    from annotator.domain.codebook import DEFAULT_TAGS
    from annotator.domain.fields import normalise
    from annotator.domain.suggest.languages import language_for

    text = " ".join(words)
    specs = {t.name: {f.name: f for f in t.fields} for t in DEFAULT_TAGS}
    lexicon = (("separatis*", "loaded term"), ("ethnic cleansing", "morality"))
    for s in suggest(text, Context(published, language_for(language), lexicon)):
        assert 0 <= s.start < s.end <= len(text) and text[s.start : s.end].strip()
        for name, value in s.fields:
            assert normalise(specs[s.tag][name], value) == value, (s, text)


def test_a_pronoun_speaker_is_the_last_titled_person_named_before():
    text = (
        "Prime Minister Ana Ruiz met the European Commission on Monday. Her plan, in her words, is "
        "“a fair deal for every region.” The European Commission did not comment."
    )
    assert [(t, f["speaker"]) for t, f in found(text, "quote")] == [
        ("a fair deal for every region.", "Prime Minister Ana Ruiz")
    ]


def test_numeric_dates_ranges_seasons_and_years_ago():
    text = (
        "Reporting period: 08.05.2025 - 14.05.2025. Next update 21/05/2025. Talks on March 3-4, 2019 "
        "and on 22-23 April; the war of 1998-2003; in the autumn of 2021; twelve years ago; "
        "in July last year; TACLOBAN, OCT 14 (Wire)."
    )
    assert found(text, "date", published="2025-05-16") == [
        ("08.05.2025 - 14.05.2025", {"date": "2025-05-08/2025-05-14"}),
        ("21/05/2025", {"date": "2025-05-21"}),
        ("March 3-4, 2019", {"date": "2019-03-03/2019-03-04"}),
        ("22-23 April", {"date": "2025-04-22/2025-04-23"}),
        ("1998-2003", {"date": "1998/2003"}),
        ("the autumn of 2021", {"date": "2021-09/2021-11"}),
        ("twelve years ago", {"date": "2013"}),
        ("July last year", {"date": "2024-07"}),
        ("OCT 14", {"date": "2025-10-14"}),
    ]


def test_reported_weekdays_look_back_and_plans_look_ahead():
    # published on a Thursday
    text = (
        "The company said on Monday that it will reopen the mine. Forecasters expect the storm to "
        "reach the coast by Saturday. The minister, who visited on Tuesday, said it would take years."
    )
    assert found(text, "date", published="2023-01-19") == [
        ("Monday", {"date": "2023-01-16"}),
        ("Saturday", {"date": "2023-01-21"}),
        ("Tuesday", {"date": "2023-01-17"}),
    ]


def test_an_outlet_named_today_is_not_a_date():
    assert found("By Dana Whitcombe | Carbon Valley Today | Rescue teams worked today.", "date", published="2023-01-19") == [
        ("today", {"date": "2023-01-19"})
    ]


def test_russian_eve_weekday_genitive_ranges_and_beginning_of_month():
    text = (
        "Накануне жители обратились к властям. Со вторника погибли трое. С начала мая эвакуированы "
        "люди. Переговоры прошли со 2 по 3 июня. Режим ЧС действует с 28.04.2026. Весной 2015 года "
        "было наводнение."
    )
    ru = Context("2026-06-05", language=language_for("ru"))
    values = [(text[s.start : s.end], s.field_dict["date"]) for s in suggest(text, ru, ["date"])]
    assert values == [
        ("Накануне", "2026-06-04"),
        ("вторника", "2026-06-02"),
        ("мая", "2026-05"),
        ("2 по 3 июня", "2026-06-02/2026-06-03"),
        ("28.04.2026", "2026-04-28"),
        ("Весной 2015", "2015-03/2015-05"),
    ]


def _figures(text: str, published: str = "2024-03-14", language: str = "en") -> list[tuple[str, str, str]]:
    context = Context(published, language=language_for(language))
    return [
        (text[s.start : s.end], s.field_dict["count_min"], s.field_dict["kind"])
        for s in suggest(text, context, ["casualty figure"])
    ]


def test_people_held_hostages_captives_and_prisoners_exchanged():
    text = (
        "A British grandmother held hostage for 14 months was freed with three other captives. "
        "The group is still holding at least five foreigners, including two French engineers seized "
        "in 2022. The last 46 prisoners of war were freed in an exchange. Protection partners recorded "
        "the abduction of 23 men at checkpoints."
    )
    assert _figures(text) == [
        ("A British grandmother", "1", "detained"),
        ("three other captives", "3", "detained"),
        ("at least five foreigners", "5", "detained"),
        ("two French engineers", "2", "detained"),
        ("46 prisoners", "46", "detained"),
        ("23 men", "23", "detained"),
    ]


def test_two_counts_sharing_one_verb_and_the_verb_of_the_next_clause():
    text = (
        "Three fishermen and a coast guard volunteer drowned off Samar. In Palo, a man and his daughter "
        "were killed. Gunmen killed 12 soldiers and wounded 20 others. Two died; the seven others "
        "have not been heard from since."
    )
    assert _figures(text) == [
        ("Three fishermen", "3", "killed"),
        ("a coast guard volunteer", "1", "killed"),
        ("a man and his daughter", "2", "killed"),
        ("12 soldiers", "12", "killed"),
        ("20 others", "20", "wounded"),
        ("Two", "2", "killed"),
        ("seven others", "7", "missing"),
    ]


def test_subsets_parentheticals_and_people_sheltering():
    text = (
        "At least 17 people, including six children, died on the journey. 18,600 refugees registered, "
        "of whom 9,400 are children. The agency said 212,400 people were sheltering in 1,150 centres, "
        "including about 60,000 children. About 2 million people — eight in 10 residents — have fled."
    )
    assert _figures(text) == [
        ("At least 17 people", "17", "killed"),
        ("six children", "6", "killed"),
        ("18,600 refugees", "18600", "displaced"),
        ("9,400", "9400", "displaced"),
        ("212,400 people", "212400", "displaced"),
        ("about 60,000 children", "60000", "displaced"),
        ("About 2 million people", "2000000", "displaced"),
    ]


def test_ages_after_names_are_not_casualty_figures():
    text = (
        "Anna Price, 37, was killed. The dead were named as Peter Lowe, 38, and Kyle Denton, 27. "
        "Mrs Ellis, who turned 71 in captivity, was freed. Her brother, a teacher, disappeared aged 24."
    )
    assert _figures(text) == [("Her brother", "1", "missing")]  # a person is counted, "a teacher" is him


def test_russian_subsets_shared_verbs_and_people_held():
    text = (
        "На родину из плена вернулись более 1 000 военнослужащих. В плену находятся около 800 военнослужащих, "
        "а также 46 мирных жителей. Погибли трое мирных жителей, еще пять человек, в том числе двое детей, "
        "получили ранения. Двое жителей села Заречье погибли, еще один человек числится пропавшим без вести. "
        "Эвакуированы более 3,5 тыс. человек, в том числе около 900 детей."
    )
    assert _figures(text, language="ru") == [
        ("более 1 000 военнослужащих", "1000", "detained"),
        ("около 800 военнослужащих", "800", "detained"),
        ("46 мирных жителей", "46", "detained"),
        ("трое мирных жителей", "3", "killed"),
        ("пять человек", "5", "wounded"),
        ("двое детей", "2", "wounded"),
        ("Двое жителей", "2", "killed"),
        ("один человек", "1", "missing"),
        ("более 3,5 тыс. человек", "3500", "displaced"),
        ("около 900 детей", "900", "displaced"),
    ]


def _quotes(text: str, language: str = "en") -> list[tuple[str, str]]:
    context = Context("2024-03-14", language=language_for(language))
    return [(text[s.start : s.end], s.field_dict["speaker"]) for s in suggest(text, context, ["quote"])]


def test_names_in_quotation_marks_and_scare_quotes_are_not_speech():
    text = (
        'Residents say rebels are handing out "safe passage" cards. The kidnappers, a faction that calls '
        'itself the "Sons of the Dunes", still hold five foreigners, security sources said.'
    )
    assert _quotes(text) == []
    ru = (
        "Накануне подразделения группировки войск «Север» отразили четыре атаки, сообщили в Минобороны. "
        "Стороны провели обмен по формуле «84 на 84», сообщили в ведомстве."
    )
    assert _quotes(ru, "ru") == []


def test_speakers_after_anonymity_asides_added_split_quotes_and_places():
    text = (
        "One army officer, speaking on condition of anonymity, told us the bridge was lost. "
        '"We do not control the bridge," he said.\n\n'
        "Speaking on condition of anonymity, one miner who escaped said the roof had creaked. "
        '"We told the managers," he said.\n\n'
        '"There is no peace, only a pause," said a Western diplomat involved in the talks, speaking on '
        "condition of anonymity.\n\n"
        'A spokeswoman, Claire Dumont, told us by phone: "People are crossing with nothing." About 8,000 '
        "people have arrived since April, she said.\n\n"
        'Her son Gary, 46, said: "Mum is tough." He added: "We have been living on our nerves."\n\n'
        'For Vuk, the anniversary is no celebration. "We will light candles," she said, "as we have every year."\n\n'
        '"Children arrive hungry," said Dr. Hana Mourad in Ain Tala.'
    )
    assert _quotes(text) == [
        ("We do not control the bridge,", "One army officer"),
        ("We told the managers,", "one miner who escaped"),
        ("There is no peace, only a pause,", "a Western diplomat"),
        ("People are crossing with nothing.", "Claire Dumont"),
        ("Mum is tough.", "Her son Gary"),
        ("We have been living on our nerves.", "Her son Gary"),
        ("We will light candles,", "Vuk"),
        ("as we have every year.", "Vuk"),
        ("Children arrive hungry,", "Dr. Hana Mourad"),
    ]


def test_russian_speaker_named_after_the_verb_before_a_pronoun():
    text = (
        "Как отметила уполномоченный по правам человека Елена Смирнова, посредником вновь выступили "
        "Объединенные Арабские Эмираты. «Мы продолжаем работу», — сказала она журналистам."
    )
    assert _quotes(text, "ru") == [("Мы продолжаем работу", "Елена Смирнова")]


def test_the_subject_before_a_colon_speaks_a_long_quotation():
    text = 'The defence minister rejected the criticism: "No territory has been given up and none will be."'
    assert _quotes(text) == [("No territory has been given up and none will be.", "The defence minister")]


def test_a_passive_speech_verb_does_not_make_its_subject_the_speaker():
    text = "For years Azerbaijan was persistently urged to “accept the realities on the ground,” while nothing moved."
    assert _quotes(text) == [("accept the realities on the ground,", "")]


# Field values are held to the goals in every group of the gold set that has enough matched
# passages to measure (10+): one wrong speaker among the four Russian quotes would otherwise be 0.75.
FIELD_GOALS = {"date": 0.92, "casualty figure": 0.92, "quote": 0.9}
GOLD_GROUPS = [
    ("samples", "sample_docs", None),
    ("news texts", "tests/data/news", None),
    ("held out (English)", "heldout", None),
    ("Russian", "/ru/", None),
    ("held out, batch 3", "", 3),
    ("held out, batch 4", "", 4),
    ("all", "", None),
]


@pytest.mark.parametrize(("label", "only", "batch"), GOLD_GROUPS, ids=[g[0] for g in GOLD_GROUPS])
def test_gold_field_accuracy_by_batch(label, only, batch):
    scores = evaluate(only, batch)
    measured = {tag: s for tag, s in scores.items() if tag in FIELD_GOALS and s.matched >= 10}
    assert label != "all" or len(measured) == 3  # the whole set always measures every tag
    for tag, s in measured.items():
        assert s.field_accuracy >= FIELD_GOALS[tag], (label, tag, s.field_accuracy)


def test_headline_speakers():
    text = (
        "Azerbaijan's president addresses a military parade in Karabakh and says 'we showed the whole world'\n\n"
        "Witness says 'I saw the tanks come in'\n"
    )
    assert _quotes(text) == [("we showed the whole world", "Azerbaijan's president"), ("I saw the tanks come in", "Witness")]
