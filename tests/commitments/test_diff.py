"""What changed between two charter versions (``commitments.diff``): sections matched by key,
statements added, removed and changed, and a changed statement word by word."""

from hypothesis import given
from hypothesis import strategies as st

from commitments.diff import statements_diff, tokens, version_diff, words_diff

from .conftest import load_version, v1_data


def _section(diff, key):
    return next(s for s in diff.sections if s.key == key)


def test_words_diff_marks_inserted_and_deleted_words():
    runs = words_diff(
        "Communicate with respect and civility.", "Communicate with respect, civility and patience."
    )
    assert "".join(r.text for r in runs if r.change != "deleted") == (
        "Communicate with respect, civility and patience."
    )
    assert "".join(r.text for r in runs if r.change != "inserted") == (
        "Communicate with respect and civility."
    )
    assert [(r.change, r.text) for r in runs] == [
        ("equal", "Communicate with respect"),
        ("inserted", ", civility"),
        ("equal", " and "),
        ("deleted", "civility"),
        ("inserted", "patience"),
        ("equal", "."),
    ]


def test_words_diff_of_the_same_text_is_one_equal_run():
    assert [(r.text, r.change) for r in words_diff("Same words.", "Same words.")] == [
        ("Same words.", "equal")
    ]


@given(st.text(max_size=60), st.text(max_size=60))
def test_words_diff_rebuilds_both_texts(old, new):
    runs = words_diff(old, new)
    assert "".join(r.text for r in runs if r.change != "deleted") == new
    assert "".join(r.text for r in runs if r.change != "inserted") == old


@given(st.text(max_size=80))
def test_tokens_join_back_into_the_text(text):
    assert "".join(tokens(text)) == text


def test_statements_diff_tells_added_removed_changed_and_unchanged():
    result = statements_diff(
        ["Keep this.", "Drop this entirely please.", "Talk to each other often."],
        ["Keep this.", "Talk to each other very often.", "Something new and different."],
    )
    assert [(s.change, s.old, s.new) for s in result] == [
        ("unchanged", "Keep this.", "Keep this."),
        ("removed", "Drop this entirely please.", ""),
        ("changed", "Talk to each other often.", "Talk to each other very often."),
        ("added", "", "Something new and different."),
    ]


def test_a_rewritten_statement_is_removed_and_added_not_changed():
    result = statements_diff(["Optimise how we communicate."], ["Plant more trees in parks."])
    assert [s.change for s in result] == ["removed", "added"]


def test_sections_added_removed_and_changed(two_versions):
    v1, v2 = two_versions
    diff = version_diff(v1, v2)
    assert diff.counts() == {"added": 1, "removed": 1, "changed": 2, "unchanged": 4}
    removed = _section(diff, "relationship-building")
    assert removed.change == "removed" and removed.group == "principles"
    assert {s.change for s in removed.statements} == {"removed"}
    # A removed section stays where it stood: after the principle before it.
    assert [s.key for s in diff.sections if s.group == "principles"] == [
        "mutual-respect",
        "relationship-building",
        "transparency-and-accountability",
    ]
    climate = _section(diff, "climate")
    assert climate.change == "added" and climate.group == "commitments"
    assert [(s.change, s.new) for s in climate.statements] == [
        ("added", "Act on climate together.")
    ]
    communication = _section(diff, "communication")
    assert communication.change == "changed"
    assert communication.statement_counts() == {
        "added": 1,
        "removed": 0,
        "changed": 1,
        "unchanged": 3,
    }
    changed = next(s for s in communication.statements if s.change == "changed")
    assert changed.new == "Communicate with respect, civility and patience."
    assert any(w.change == "inserted" and "patience" in w.text for w in changed.words)
    resources = _section(diff, "resources")
    assert resources.statement_counts()["removed"] == 1
    assert _section(diff, "local-democracy").change == "unchanged"


def test_the_other_way_round_reads_from_the_later_to_the_earlier(two_versions):
    v1, v2 = two_versions
    diff = version_diff(v2, v1)
    assert _section(diff, "relationship-building").change == "added"
    assert _section(diff, "climate").change == "removed"


def test_the_same_version_twice_has_no_changes(two_versions):
    v1, _ = two_versions
    diff = version_diff(v1, v1)
    assert diff.same_version and not diff.has_changes
    assert diff.counts()["unchanged"] == len(diff.sections) == 7


def test_a_retitled_section_is_changed_with_its_title_word_by_word(charter):
    data = v1_data()
    data["number"] = 2
    data["published_on"] = "2026-01-15"
    data["commitments"][0]["title"] = "Clear communication"
    v2 = load_version(data)
    diff = version_diff(charter, v2)
    communication = _section(diff, "communication")
    assert communication.change == "changed"
    assert communication.old_title == "Communication"
    assert [(w.change, w.text) for w in communication.title_words] == [
        ("deleted", "Communication"),
        ("inserted", "Clear communication"),
    ]


def test_the_diff_makes_no_query(two_versions, django_assert_num_queries):
    v1, v2 = two_versions
    with django_assert_num_queries(0):
        version_diff(v1, v2)
