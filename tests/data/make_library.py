"""Make the small library of a released schema kept in tests/data (run once per schema release):
python tests/data/make_library.py tests/data/library-0001.sqlite3"""

import json
import sqlite3
import sys
from pathlib import Path

from annotator.domain.models import Status
from annotator.services import open_services
from annotator.storage.revisions import HEAD

target = Path(sys.argv[1])
target.unlink(missing_ok=True)
services = open_services(str(target), annotator="fixture", backup=False)
services.documents.import_samples()
emoji = target.with_name("emoji.txt")
emoji.write_text("Flags 🇦🇿 and 𝐀, e\u0301, then the passage.\r\nSecond line.", encoding="utf-8")
services.documents.import_files([emoji])
emoji.unlink()
services.annotations.tag_quote(4, "anti-terrorist operation", ["framing", "claim"], nth=1, note="loaded")
services.annotations.tag_quote(1, "Hundreds of Azerbaijani soldiers", ["casualty figure"])
services.annotations.tag_quote(5, "the passage", ["quote"], note="after emoji")
fields = {}
if HEAD >= "0002":  # typed fields and a rejected suggestion
    result = services.annotations.tag_quote(1, "More than 100,000 ethnic Armenians", ["casualty figure"])
    fields[result.annotation.id] = {"count_min": "100000", "qualifier": "more than", "kind": "displaced"}
    services.annotations.set_fields(result.annotation.id, fields[result.annotation.id])
    offers = services.suggestions.suggest(1, ["date"])
    services.suggestions.reject(1, offers[:1])
extra = {}
if HEAD >= "0005":  # a second coder on the same span (layers), statuses, and every annotation's uuid and coder
    services.documents.set_status(1, Status.DONE)
    services.coders.switch("Second Coder")
    services.annotations.tag_quote(1, "Hundreds of Azerbaijani soldiers", ["casualty figure"], note="mine too")
    services.documents.set_status(1, Status.IN_PROGRESS)
    if HEAD >= "0015":  # rejections are each coder's: the first coder's date is still offered to this one
        offers = services.suggestions.suggest(1, ["date"])
        services.suggestions.reject(1, offers[:2])
if HEAD >= "0008":  # the gold layer: a lead accepts one coder's passage, rejects another, marks adjudicated
    first = services.annotations.for_document(1)
    services.coders.add("Lead Curator", lead=True)
    services.coders.switch("lead_curator")
    hundreds = [a for a in first if a.quote == "Hundreds of Azerbaijani soldiers"]
    services.gold.accept(hundreds[0].uuid, "casualty figure", [a.uuid for a in hundreds])
    others = [a for a in first if a.quote != "Hundreds of Azerbaijani soldiers"]
    services.gold.reject(1, "casualty figure", [others[0].uuid])
    services.gold.mark_adjudicated([1], reveal=True)
    services.coders.switch("Second Coder")  # the newest annotation a coder's (the upgrade test deletes it)
    services.annotations.tag_quote(5, "Second line", ["quote"])
if HEAD >= "0010":  # document variables (metadata.csv's notes column is one already), values and a memo
    services.variables.define("outlet_type", "choice", "state|private|foreign")
    services.variables.define("casualties", "number")
    services.variables.set_values([1, 2], {"outlet_type": "state"})
    services.variables.set_values([1], {"casualties": "1200"})
    services.variables.set_memo(1, "Compare with the AP report")
if HEAD >= "0012":  # a PDF article of three pages (its page starts kept) and a passage on page 2
    from tests.pdfs import make_pdf

    pdf = target.with_name("report.pdf")
    pdf.write_bytes(make_pdf([["Front page of the report."], ["The ceasefire held on page two."], ["Annex."]]))
    (outcome,) = services.documents.import_files([pdf])
    pdf.unlink()
    services.annotations.tag_quote(outcome.document.id, "ceasefire held", ["claim"])
services.close()
db = sqlite3.connect(target)
db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
db.execute("PRAGMA journal_mode=DELETE")
db.execute("VACUUM")
rows = db.execute(
    "SELECT a.id, a.document_id, a.start_offset, a.end_offset, a.quote, a.note, group_concat(t.name) "
    "FROM annotations a JOIN annotation_tags at ON at.annotation_id = a.id JOIN tags t "
    "ON t.id = at.tag_id GROUP BY a.id ORDER BY a.id"
).fetchall()
if HEAD >= "0005":
    extra["coders"] = {
        str(i): [uuid, login]
        for i, uuid, login in db.execute(
            "SELECT a.id, a.uuid, c.login FROM annotations a JOIN coders c ON c.id = a.coder_id ORDER BY a.id"
        )
    }
    if HEAD >= "0008":
        extra["gold_decisions"] = db.execute(
            "SELECT g.id, g.document_id, t.name, g.decision, g.sources, g.gold_uuid, c.login, g.decided_at "
            "FROM gold_decisions g JOIN tags t ON t.id = g.tag_id JOIN coders c ON c.id = g.curator_id ORDER BY g.id"
        ).fetchall()
    if HEAD >= "0010":
        extra["variables"] = db.execute("SELECT id, name, kind, choices, position FROM variables ORDER BY id").fetchall()
        extra["values"] = db.execute(
            "SELECT v.document_id, n.name, v.value FROM document_values v JOIN variables n ON n.id = v.variable_id "
            "ORDER BY 1, 2"
        ).fetchall()
        extra["memos"] = db.execute("SELECT document_id, text, updated_at FROM document_memos ORDER BY 1").fetchall()
    if HEAD >= "0012":
        extra["pages"] = db.execute("SELECT document_id, page, start_offset FROM document_pages ORDER BY 1, 2").fetchall()
    if HEAD >= "0015":
        extra["rejections"] = db.execute(
            "SELECT r.document_id, c.login, t.name, r.start_offset, r.end_offset FROM rejected_suggestions r "
            "JOIN coders c ON c.id = r.coder_id JOIN tags t ON t.id = r.tag_id ORDER BY 1, 2, 3, 4, 5"
        ).fetchall()
    extra["statuses"] = db.execute(
        "SELECT d.document_id, c.login, d.status FROM document_status d JOIN coders c ON c.id = d.coder_id ORDER BY 1, 2"
    ).fetchall()
db.close()
target.with_suffix(".json").write_text(
    json.dumps({"schema": HEAD, "annotations": rows, "fields": fields, **extra}, ensure_ascii=False, indent=1)
)
