"""ui.conflicts: when a save is stale, and when it is not."""

import datetime

import pytest

from ui.conflicts import EditConflict, SeenField, conflict_check, seen_token


def test_nothing_changed_since_the_form_opened():
    seen = {"name": "Adderbury", "started_on": "2020-04-01"}
    conflict_check(seen=seen, current=seen, typed={"name": "Adderbury PC"})


def test_a_field_changed_by_someone_else_is_a_conflict():
    with pytest.raises(EditConflict) as caught:
        conflict_check(
            seen={"name": "Adderbury"},
            current={"name": "Adderbury PC"},
            typed={"name": "Adderbury Parish Council"},
        )
    [change] = caught.value.conflict.changes
    assert (change.field, change.before, change.after, change.yours) == (
        "name",
        "Adderbury",
        "Adderbury PC",
        "Adderbury Parish Council",
    )
    assert caught.value.current == {"name": "Adderbury PC"}


def test_the_same_change_typed_by_both_is_not_a_conflict():
    conflict_check(seen={"name": "A"}, current={"name": "B"}, typed={"name": "B"})


def test_fields_outside_the_form_never_conflict():
    conflict_check(
        seen={"name": "A", "status": "signed"},
        current={"name": "A", "status": "withdrawn"},
        typed={"name": "B"},
    )


def test_a_record_created_since_the_form_opened_is_a_conflict():
    with pytest.raises(EditConflict):
        conflict_check(seen={}, current={"status": "planned"}, typed={"status": "embedded"})


def test_no_token_means_no_check():
    conflict_check(seen=None, current={"name": "B"}, typed={"name": "C"})


def test_the_token_round_trips_dates_and_refuses_forgeries():
    field = SeenField()
    token = seen_token({"started_on": datetime.date(2020, 4, 1), "links": ["https://a.example"]})
    assert field.clean(token) == {"started_on": "2020-04-01", "links": ["https://a.example"]}
    assert field.clean(seen_token(None)) == {}
    assert field.clean("") is None
    with pytest.raises(Exception, match="out of date"):
        field.clean(token + "x")
