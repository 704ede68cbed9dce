import pytest

from annotator.domain.models import TagSpec
from annotator.services import UserError


def test_new_library_codebook(services):
    tags = services.codebook.tags()
    assert [t.name for t in tags] == ["claim", "quote", "date", "casualty figure", "framing"]
    assert [t.shortcut for t in tags] == ["1", "2", "3", "4", "5"]
    assert len({t.color for t in tags}) == 5 and all(t.description for t in tags)


def test_add_rename_recolour_and_move_shortcut(services):
    tag, changes = services.codebook.add(TagSpec("  loaded   term ", "", "6", "a guideline"))
    assert tag.name == "loaded term" and tag.color.startswith("#") and changes.codebook
    claim = services.codebook.by_name("claim")
    renamed, _ = services.codebook.change(claim.id, TagSpec("assertion", "#112233", "6", "g"))
    assert renamed.name == "assertion" and renamed.color == "#112233"
    assert services.codebook.by_name("loaded term").shortcut == ""  # the key moved


@pytest.mark.parametrize(
    "spec,message",
    [
        (TagSpec("", "#000000"), "needs a name"),
        (TagSpec("Claim", "#000000"), "already"),
        (TagSpec("x", "red"), "colour"),
        (TagSpec("x", "#000000", "0"), "1–9"),
    ],
)
def test_invalid_tags(services, spec, message):
    with pytest.raises(UserError, match=message):
        services.codebook.add(spec)


def test_reorder(services):
    ids = [t.id for t in services.codebook.tags()]
    services.codebook.reorder(list(reversed(ids)))
    assert [t.id for t in services.codebook.tags()] == list(reversed(ids))
    with pytest.raises(UserError):
        services.codebook.reorder(ids[:2])


def test_delete_tag_removes_orphans_and_restore_brings_all_back(loaded):
    claim, quote = (loaded.codebook.by_name(n).id for n in ("claim", "quote"))
    only = loaded.annotations.tag(1, 10, 20, [claim]).annotation
    both = loaded.annotations.tag(2, 30, 40, [claim, quote]).annotation
    assert loaded.codebook.usage(claim) == 2
    deleted, changes = loaded.codebook.delete(claim)
    assert loaded.annotations.get(only.id) is None
    assert loaded.annotations.get(both.id).tag_ids == (quote,)
    assert changes.documents == {1, 2}
    restored = loaded.codebook.restore(deleted)
    assert restored.documents == {1, 2}  # the linked passage's document too, not only the orphan's
    assert loaded.annotations.get(only.id) == only
    assert set(loaded.annotations.get(both.id).tag_ids) == {claim, quote}
    assert loaded.codebook.by_name("claim").id == claim
