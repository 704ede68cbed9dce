"""Search across the library (issue 14): exact offsets, Russian stems, phrases, prefixes, NEAR,
filters, and the index in step with import, delete, undo, restore, merge and copy — on SQLite
and PostgreSQL, real libraries."""

from pathlib import Path

import pytest

from annotator.domain.models import DocumentMeta
from annotator.services import UserError, open_services
from annotator.services.copy import copy_library
from annotator.services.search import Filters, Scope

RUSSIAN = (
    "Снаряд упал у школы. Два снаряда разорвались рядом, осколки снарядов нашли во дворе.\n"
    "Ещё один пёс пострадал; «Снарядами обстреляли село», — сказал глава района.\n"
    "Mixed: 𝐀 emoji 🇺🇦 then снаряды again."
)
ENGLISH = (
    "Shelling hit the village on Tuesday. Two shells landed near the school; the shelling went on.\n"
    "Officials said at least 20 people were killed, and the happiest day was over. Happy endings are rare."
)


def _where(services) -> str:
    """The location the fixture opened (a file path or a database URL), to open it again."""
    url = services.library.url
    return url.removeprefix("sqlite:///") if url.startswith("sqlite:///") else url


def _import(services, tmp_path: Path, name: str, text: str, **meta: str) -> int:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    outcome = services.documents.import_file(path, DocumentMeta(**meta))
    assert outcome.document is not None, outcome
    return outcome.document.id


@pytest.fixture
def corpus(services, tmp_path):
    ru = _import(services, tmp_path, "ru.txt", RUSSIAN, language="ru", source="TASS", published="2024-03-12")
    en = _import(services, tmp_path, "en.txt", ENGLISH, language="en", source="AP", published="2025-06")
    return services, ru, en


def _texts(services, result):
    return {d: services.documents.text(d) for d in result.counts}


def _exact(services, result):
    texts = _texts(services, result)
    for hit in result.hits:
        assert texts[hit.document_id][hit.start : hit.end] == hit.match
    return [hit.match for hit in result.hits]


def test_a_russian_stem_finds_the_inflected_forms_with_exact_offsets(corpus):
    services, ru, en = corpus
    result = services.search.search("снаряд")
    assert _exact(services, result) == ["Снаряд", "снаряда", "снарядов", "Снарядами", "снаряды"]
    assert result.counts == {ru: 5}
    # Any form of the query finds the same words; offsets count code points past 𝐀 and the flag.
    assert [h.start for h in services.search.search("снарядов").hits] == [h.start for h in result.hits]
    assert result.hits[-1].start == RUSSIAN.index("снаряды again")


def test_yo_and_ye_are_one_letter_and_english_stems_work_too(corpus):
    services, ru, en = corpus
    assert _exact(services, services.search.search("пес")) == ["пёс"]
    assert _exact(services, services.search.search("еще")) == ["Ещё"]
    assert _exact(services, services.search.search("shell")) == ["Shelling", "shells", "shelling"]
    assert _exact(services, services.search.search("happy")) == ["Happy"]  # happiest: another stem


def test_languages_without_our_stemmer_are_found_word_for_word(services, tmp_path):
    """German and Serbian stemmers rewrite letters (Häuser → haus, кућа → kuć): a server that
    indexed with them found nothing the query's own words could reach (review finding: 0 hits on
    PostgreSQL, 1 on SQLite). Languages without our stemmer are indexed word for word."""
    de = _import(services, tmp_path, "de.txt", "Die Häuser an der Straße sind alt.", language="de")
    sr = _import(services, tmp_path, "sr.txt", "Кућа је велика.", language="sr")
    hy = _import(services, tmp_path, "hy.txt", "Ստեփանակերտում քաղաքը լուռ է։", language="hy")
    named = _import(services, tmp_path, "named.txt", "Große Häuser stehen leer.", language="German")
    for query, doc, match in (("Häuser", de, "Häuser"), ("кућа", sr, "Кућа"), ("велика", sr, "велика"),
                              ("քաղաքը", hy, "քաղաքը"), ("Häuser", named, "Häuser"),
                              ("Straße", de, "Straße"), ("große", named, "Große")):  # fmt: skip
        result = services.search.search(query, Filters(documents=(doc,)))
        assert list(result.counts) == [doc] and _exact(services, result) == [match], query


def test_phrases_prefixes_near_and_and(corpus):
    services, ru, en = corpus
    assert _exact(services, services.search.search('"the shelling went"')) == ["the shelling went"]
    assert _exact(services, services.search.search('"went shelling"')) == []
    assert _exact(services, services.search.search("happ*")) == ["happiest", "Happy"]
    assert _exact(services, services.search.search("NEAR(landed school, 2)")) == ["landed near the school"]
    assert _exact(services, services.search.search("NEAR(landed school, 1)")) == []
    assert _exact(services, services.search.search("NEAR(shells killed, 3)")) == []
    both = services.search.search("village killed")
    assert _exact(services, both) == ["village", "killed"] and both.counts == {en: 2}
    assert services.search.search("village снаряд").counts == {}
    assert _exact(services, services.search.search("20")) == ["20"]
    with pytest.raises(UserError, match="closing quote"):
        services.search.search('"open phrase')


def test_filters_by_source_dates_document_and_a_page(corpus, tmp_path):
    services, ru, en = corpus
    assert set(services.search.search("the").counts) == {en}
    assert services.search.search("снаряд", Filters(source="AP")).counts == {}
    assert services.search.search("shell", Filters(published_from="2025-01-01")).counts == {en: 3}
    assert services.search.search("shell", Filters(published_to="2025-06")).counts == {en: 3}
    assert services.search.search("shell", Filters(published_to="2025-05-31")).counts == {}
    assert services.search.search("снаряд", Filters(documents=(en,))).counts == {}
    page = services.search.search("снаряд", limit=2)
    assert [h.match for h in page.hits] == ["Снаряд", "снаряда"] and not page.complete


def test_tag_filters_and_passages_and_notes(corpus):
    services, ru, en = corpus
    claim = services.codebook.by_name("claim").id
    start = ENGLISH.index("Two shells")
    services.annotations.tag(en, start, start + len("Two shells landed"), [claim], note="shells again, said the AP")
    assert services.search.search("shell", Filters(tags=("claim",))).counts == {en: 3}
    assert services.search.search("shell", Filters(without_tags=("claim",))).counts == {}
    assert services.search.search("снаряд", Filters(without_tags=("claim",))).counts == {ru: 5}
    login = services.coders.current().login
    assert services.search.search("shell", Filters(coder=login)).counts == {en: 3}
    assert services.search.search("shell", Filters(coder="nobody")).counts == {}
    passages = services.search.search("shell", scope=Scope.PASSAGES)
    assert [(h.start, h.end, h.match, h.annotation_id is not None) for h in passages.hits] == [
        (start + 4, start + 10, "shells", True)
    ]
    assert ENGLISH[passages.hits[0].start : passages.hits[0].end] == "shells"
    notes = services.search.search("shell", scope=Scope.NOTES)
    assert [(h.start, h.end, h.match) for h in notes.hits] == [(0, 6, "shells")]
    other = open_services(_where(services), annotator="other-coder", backup=False)
    try:
        shelling = ENGLISH.index("the shelling went")
        other.annotations.tag(en, shelling + 4, shelling + 12, [claim])
    finally:
        other.close()
    mine = services.search.search("shell", Filters(coder=login), scope=Scope.PASSAGES)
    assert [h.match for h in mine.hits] == ["shells"]
    assert [h.match for h in services.search.search("shell", scope=Scope.PASSAGES).hits] == ["shells", "shelling"]


def _indexed(services) -> set[int]:
    """The document ids the index holds (FTS5 keeps one docsize row per document)."""
    from sqlalchemy import text

    table = "search_index_docsize" if services.library.is_sqlite else "search_index"
    column = "id" if services.library.is_sqlite else "document_id"
    with services.library.engine.connect() as connection:
        return {row[0] for row in connection.execute(text(f"SELECT {column} FROM {table}"))}


def test_the_index_follows_delete_and_undo(corpus):
    services, ru, en = corpus
    assert _indexed(services) == {ru, en}
    deleted, _ = services.documents.delete(ru)
    assert services.search.search("снаряд").counts == {} and _indexed(services) == {en}
    services.documents.restore(deleted)
    assert services.search.search("снаряд").counts == {ru: 5} and _indexed(services) == {ru, en}


def test_the_index_follows_a_changed_language(corpus):
    services, ru, en = corpus
    meta = services.documents.get(ru).meta
    from dataclasses import replace

    services.documents.set_meta(ru, replace(meta, language="de"))
    # No stemmer for German here: the Cyrillic word's script picks Russian's; still found.
    assert services.search.search("снаряд").counts == {ru: 5}


def test_merge_and_copy_carry_searchable_texts(corpus, new_location, tmp_path):
    services, ru, en = corpus
    other = new_location()
    with_other = open_services(other, backup=False)
    try:
        added = _import(with_other, tmp_path, "extra.txt", "Снарядов больше нет.", language="ru")
        assert with_other.search.search("снаряд").counts == {added: 1}
    finally:
        with_other.close()
    services.merge.merge(other)
    found = services.search.search("снаряд").counts
    assert len(found) == 2 and found[ru] == 5
    target = new_location()
    copy_library(_where(services), target)
    copied = open_services(target, backup=False)
    try:
        assert copied.search.search("снаряд").counts == found
    finally:
        copied.close()


@pytest.mark.sqlite_only("a backup is an SQLite file restored over the library's file")
def test_the_index_after_a_restore_is_the_backups(corpus, tmp_path):
    services, ru, en = corpus
    backup = services.backups.backup(tmp_path / "before.sqlite3")
    services.documents.delete(ru)
    _import(services, tmp_path, "late.txt", "A late shell.", language="en")
    services.backups.restore(backup)
    assert services.search.search("снаряд").counts == {ru: 5}
    assert services.search.search("late").counts == {}


@pytest.mark.sqlite_only("upgrades a library file kept from the release before the index")
def test_an_upgraded_library_is_searchable_at_once(tmp_path):
    import shutil

    path = tmp_path / "old.sqlite3"
    shutil.copy(Path(__file__).resolve().parents[1] / "data" / "library-0007.sqlite3", path)
    services = open_services(str(path), backup=False)
    try:
        result = services.search.search("Azerbaijan")
        assert result.counts and all(services.documents.text(h.document_id)[h.start : h.end] == h.match for h in result.hits)
    finally:
        services.close()


def test_tagging_hits_of_several_documents_is_all_or_nothing(corpus):
    services, ru, en = corpus
    claim = services.codebook.by_name("claim").id
    hits = services.search.search("снаряд").hits[:2] + services.search.search("shell").hits[:1]
    with pytest.raises(UserError):
        services.annotations.tag_spans([(h.document_id, h.start, h.end) for h in hits] + [(en, 5, 10_000)], [claim])
    assert services.annotations.for_document(ru) == [] and services.annotations.for_document(en) == []
    made = services.annotations.tag_spans([(h.document_id, h.start, h.end) for h in hits], [claim])
    assert [(r.annotation.document_id, r.annotation.quote) for r in made] == [(h.document_id, h.match) for h in hits]


def test_every_hit_counted_is_the_hit_a_page_shows(services, tmp_path):
    """Counting (no limit) reads the texts as UTF-8 bytes; a page reads them as strings: the same
    rows, offsets in code points, past curly quotes, astral letters, a flag, CRLF, the Kelvin sign
    and İ (which fold to ASCII letters, so their texts take the string way) and backslashes (a
    cast to bytea on PostgreSQL would read them as escapes)."""
    texts = [
        "“Said” he — SAID, said’s; 𝐀 🇺🇦 unsaid. Said\r\nsaid",
        "\\x41 said \\\\ said",
        "\u212a said, \u0130stanbul said",
        "nothing here but sayings",
    ]
    for n, text in enumerate(texts):
        _import(services, tmp_path, f"{n}.txt", text, language="en")
    for query in ("said", "say*", "k*", "i*"):
        counted = services.search.search(query)
        paged = services.search.search(query, limit=10**6)
        assert counted.hits == paged.hits, query
        assert counted.counts == paged.counts, query
        _exact(services, counted)
    assert services.search.search("said").total == 9


@pytest.mark.sqlite_only("a file's text encoding")
def test_counting_in_a_utf16_library_reads_its_texts_right(tmp_path):
    """A SQLite file made with PRAGMA encoding = 'UTF-16' hands out its texts' bytes as UTF-16:
    counting takes the string way there."""
    import sqlite3

    path = tmp_path / "utf16.annotator"
    connection = sqlite3.connect(path)
    connection.execute("PRAGMA encoding = 'UTF-16le'")
    connection.execute("CREATE TABLE t (x)")  # the encoding is fixed by the first table
    connection.execute("DROP TABLE t")
    connection.close()
    services = open_services(str(path), backup=False)
    try:
        _import(services, tmp_path, "a.txt", "“Said” he said.", language="en")
        result = services.search.search("said")
        assert _exact(services, result) == ["Said", "said"]
    finally:
        services.close()


@pytest.fixture
def with_values(corpus, tmp_path):
    """The corpus plus a third document, each with values of a text, a number, a date and a list."""
    services, ru, en = corpus
    third = _import(services, tmp_path, "third.txt", "Two shells fell; снаряд упал.", language="en", source="AP")
    services.variables.define("country", "text")
    services.variables.define("edition", "number")
    services.variables.define("founded", "date")
    services.variables.define("stance", "choice", "state|private|foreign")
    services.variables.set_values([ru], {"country": "Russia", "edition": "2024", "founded": "1904-07", "stance": "state"})
    services.variables.set_values([en], {"country": "United  States", "edition": "2025", "founded": "1846"})
    services.variables.set_values([third], {"country": "Russia", "edition": "2,024.0", "stance": "private"})
    return services, ru, en, third


def _values(*pairs: tuple[str, str]) -> Filters:
    return Filters(values=pairs)


def test_a_variable_filter_of_each_kind_matches_the_stored_value(with_values):
    services, ru, en, third = with_values
    search = services.search.search
    # text: as `vars set` stores it (spaces collapsed); any other spelling is another value
    assert set(search("shell", _values(("country", "United States"))).counts) == {en}
    assert set(search("shell", _values(("country", " United   States "))).counts) == {en}
    assert search("shell", _values(("country", "Russia"))).counts == {third: 1}
    assert set(search("снаряд", _values(("country", "Russia"))).counts) == {ru, third}
    assert search("shell", _values(("country", "russia"))).counts == {}
    # number: 2024, 2,024.0 and 2024.00 are one number; the variable's name in any case
    for given in ("2024", "2,024", "2024.00", " 2024 "):
        assert set(search("снаряд", _values(("edition", given))).counts) == {ru, third}, given
        assert set(search("снаряд", _values(("EDITION", given))).counts) == {ru, third}, given
    assert search("снаряд", _values(("edition", "2025"))).counts == {}
    # date: the value as stored (a partial date is its own value)
    assert set(search("снаряд", _values(("founded", "1904-07"))).counts) == {ru}
    assert search("снаряд", _values(("founded", "1904"))).counts == {}
    assert set(search("shell", _values(("founded", "1846"))).counts) == {en}
    # choice: spelled as defined, whatever the case typed
    assert set(search("снаряд", _values(("stance", "PRIVATE"))).counts) == {third}
    assert set(search("снаряд", _values(("stance", "state"))).counts) == {ru}
    assert search("снаряд", _values(("stance", "foreign"))).counts == {}


def test_two_variable_filters_and_another_filter_all_hold(with_values):
    services, ru, en, third = with_values
    search = services.search.search
    assert set(search("снаряд", _values(("country", "Russia"), ("edition", "2024"))).counts) == {ru, third}
    assert set(search("снаряд", _values(("country", "Russia"), ("stance", "state"))).counts) == {ru}
    assert search("shell", _values(("country", "United States"), ("edition", "2024"))).counts == {}
    both = Filters(source="AP", values=(("edition", "2024"),))
    assert search("снаряд", both).counts == {third: 1}
    assert search("снаряд", Filters(source="TASS", values=(("stance", "private"),))).counts == {}
    # in passages too: the filter is on the passage's document
    claim = services.codebook.by_name("claim").id
    for doc, quote in ((ru, "Снаряд упал"), (third, "снаряд упал")):
        text = services.documents.text(doc)
        services.annotations.tag(doc, text.index(quote), text.index(quote) + len(quote), [claim])
    passages = search("снаряд", _values(("stance", "private")), scope=Scope.PASSAGES)
    assert [h.document_id for h in passages.hits] == [third]


def test_an_unknown_variable_or_a_value_its_kind_refuses_is_one_sentence(with_values):
    services = with_values[0]
    for pair, said in (
        (("colour", "red"), "no document variable 'colour'"),
        (("edition", "twenty"), "edition must be a number"),
        (("founded", "March 1904"), "founded must be an ISO 8601 date"),
        (("stance", "neutral"), "stance must be one of state, private, foreign"),
        (("country", ""), "country"),
    ):
        with pytest.raises(UserError, match=said) as refused:
            services.search.search("снаряд", _values(pair))
        assert "\n" not in str(refused.value)
        with pytest.raises(UserError, match=said):
            services.search.search("снаряд", _values(pair), scope=Scope.PASSAGES)
