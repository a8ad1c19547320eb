import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.utils import timezone

from actions import services
from actions.models import ActionItem, ActionUpdate, Status
from tests.factories import (
    ActionItemFactory,
    ActionUpdateFactory,
    CouncilFactory,
    PolicyOfficerFactory,
)
from tests.helpers import all_at_once

pytestmark = pytest.mark.django_db

START = datetime.date(2026, 4, 1)
DUE = datetime.date(2026, 12, 31)


def _create(by, **overrides):
    values = dict(
        by=by,
        title="Publish a joint engagement calendar",
        lead_partner="Oxfordshire Association of Local Councils (OALC)",
        lead_officer_role="Engagement lead",
        start_date=START,
        due_date=DUE,
    )
    return services.action_item_create(**(values | overrides))


@pytest.fixture
def officer(db):
    return PolicyOfficerFactory(full_name="Priya Shah")


@pytest.fixture
def other_officer(db):
    return PolicyOfficerFactory(full_name="Tom Green")


# --- References and positions ---


def test_references_count_up_and_are_never_reused(officer):
    first, second = _create(officer), _create(officer)
    assert (first.reference, second.reference) == ("A-1", "A-2")
    assert (first.position, second.position) == (1, 2)
    # A deleted item's number is not given again (items are closed, not deleted, but the
    # back office could).
    ActionItem.objects.filter(pk=second.pk).delete()
    assert _create(officer).reference == "A-3"


def test_an_invalid_item_uses_up_no_reference(officer):
    with pytest.raises(ValidationError):
        _create(officer, due_date=START - datetime.timedelta(days=1))
    assert _create(officer).reference == "A-1"


# --- Constraints: the database refuses what must never be ---


@pytest.mark.parametrize(
    "council, partner",
    [(True, "OALC"), (False, "")],
    ids=["both-a-council-and-a-partner", "neither"],
)
def test_exactly_one_lead_organisation(officer, council, partner):
    lead_council = CouncilFactory() if council else None
    with pytest.raises(ValidationError, match="lead council or a lead partner"):
        _create(officer, lead_council=lead_council, lead_partner=partner)
    item = _create(officer)
    with pytest.raises(IntegrityError), transaction.atomic():
        ActionItem.objects.filter(pk=item.pk).update(
            lead_council=lead_council, lead_partner=partner
        )


def test_due_date_not_before_start(officer):
    with pytest.raises(ValidationError, match="due date cannot be before"):
        _create(officer, due_date=datetime.date(2026, 3, 31))
    item = _create(officer)
    with pytest.raises(IntegrityError), transaction.atomic():
        ActionItem.objects.filter(pk=item.pk).update(due_date=datetime.date(2020, 1, 1))


def test_update_status_change_needs_both_ends(officer):
    item = _create(officer)
    with pytest.raises(IntegrityError), transaction.atomic():
        ActionUpdate.objects.create(
            item=item, date=START, text="x", author=officer, status_to=Status.ON_TRACK
        )


def test_a_lead_council_alone_is_fine(officer):
    council = CouncilFactory()
    item = _create(officer, lead_council=council, lead_partner="")
    assert item.lead_organisation == council.name


# --- Create and history ---


def test_create_records_one_history_record_with_commitments_and_aims(officer, charter):
    commitments = list(charter.commitments.all()[:2])
    aims = list(charter.aims.all()[:1])
    item = _create(officer, commitments=commitments, aims=aims)
    records = list(item.history.all())
    assert len(records) == 1
    record = records[0]
    assert record.history_type == "+"
    assert record.history_user == officer
    assert {row.commitment_id for row in record.commitments.all()} == {c.pk for c in commitments}
    assert [row.strategicaim_id for row in record.aims.all()] == [aims[0].pk]


# --- Update and optimistic concurrency ---


def _edit_values(item, **changes):
    values = {
        "title": item.title,
        "description": item.description,
        "commitments": list(item.commitments.all()),
        "aims": list(item.aims.all()),
        "lead_council": item.lead_council,
        "lead_partner": item.lead_partner,
        "lead_officer_role": item.lead_officer_role,
        "start_date": item.start_date,
        "due_date": item.due_date,
        "is_public": item.is_public,
    }
    return values | changes


def test_update_bumps_the_version_and_records_who_changed_what(officer, other_officer, charter):
    item = _create(officer)
    communication = charter.commitments.get(key="communication")
    updated = services.action_item_update(
        item=item,
        version=1,
        by=other_officer,
        **_edit_values(item, title="A new title", commitments=[communication]),
    )
    assert updated.version == 2
    assert updated.updated_by == other_officer
    latest = updated.history.latest()
    assert latest.history_user == other_officer
    delta = latest.diff_against(latest.prev_record)
    assert set(delta.changed_fields) >= {"title", "commitments"}


def test_saving_without_changes_records_nothing(officer):
    item = _create(officer)
    services.action_item_update(item=item, version=1, by=officer, **_edit_values(item))
    item.refresh_from_db()
    assert item.version == 1
    assert item.history.count() == 1


def test_second_officer_is_refused_and_shown_what_changed(officer, other_officer):
    """Both officers load version 1. The first saves; the second is refused, told who changed
    what (then, now, and what they typed), and nothing of either is lost."""
    item = _create(officer, title="Original title", lead_officer_role="Engagement lead")
    first_form = _edit_values(item, title="First officer's title")
    second_form = _edit_values(item, title="Second officer's title", description="Typed text")

    services.action_item_update(item=item, version=1, by=officer, **first_form)
    with pytest.raises(services.EditConflict) as refused:
        services.action_item_update(item=item, version=1, by=other_officer, **second_form)

    conflict = refused.value.conflict
    assert conflict.changed_by == officer
    changes = {c.field: c for c in conflict.changes}
    assert list(changes) == ["title"]
    assert changes["title"].before == "Original title"
    assert changes["title"].after == "First officer's title"
    assert changes["title"].yours == "Second officer's title"
    item.refresh_from_db()
    assert (item.title, item.version) == ("First officer's title", 2)

    # Having seen the changes, the second officer saves against the version now shown.
    services.action_item_update(item=item, version=2, by=other_officer, **second_form)
    item.refresh_from_db()
    assert (item.title, item.description, item.version) == (
        "Second officer's title",
        "Typed text",
        3,
    )


def test_a_status_update_in_between_is_not_a_conflict(officer, other_officer):
    """A status change (through a dated update) touches no field of the edit form."""
    item = _create(officer)
    form = _edit_values(item, title="Edited title")
    services.action_update_add(item=item, by=other_officer, text="Going well", status="on-track")
    updated = services.action_item_update(item=item, version=1, by=officer, **form)
    assert (updated.title, updated.status) == ("Edited title", "on-track")


def test_update_refuses_fields_outside_the_form(officer):
    item = _create(officer)
    with pytest.raises(TypeError):
        services.action_item_update(item=item, version=1, by=officer, status="complete")


# --- Updates, status changes, closing ---


def test_update_with_status_change_is_on_the_timeline(officer):
    item = _create(officer)
    update = services.action_update_add(item=item, by=officer, text="Slipping", status="at-risk")
    assert (update.status_from, update.status_to) == ("not-started", "at-risk")
    item.refresh_from_db()
    assert (item.status, item.version) == ("at-risk", 2)
    same = services.action_update_add(item=item, by=officer, text="Still", status="at-risk")
    assert not same.changes_status


def test_update_cannot_be_dated_in_the_future_nor_close_the_item(officer):
    item = _create(officer)
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    with pytest.raises(ValidationError):
        services.action_update_add(item=item, by=officer, text="x", date=tomorrow)
    with pytest.raises(ValidationError):
        services.action_update_add(item=item, by=officer, text="x", status="complete")
    assert not item.updates.exists()


def test_close_records_the_note_and_refuses_twice(officer):
    item = _create(officer)
    update = services.action_item_close(
        item=item, by=officer, outcome="complete", note="Calendar published"
    )
    assert (update.status_from, update.status_to, update.text) == (
        "not-started",
        "complete",
        "Calendar published",
    )
    with pytest.raises(ValidationError, match="already Complete"):
        services.action_item_close(item=item, by=officer, outcome="cancelled", note="x")


# --- Reordering ---


def _order():
    return list(ActionItem.objects.values_list("reference", flat=True))


def test_move_up_and_down(officer):
    a, b, c = (_create(officer) for _ in range(3))
    assert services.action_item_move(item=c, direction="up")
    assert _order() == ["A-1", "A-3", "A-2"]
    assert not services.action_item_move(item=a, direction="up")
    assert services.action_item_move(item=a, direction="down")
    assert _order() == ["A-3", "A-1", "A-2"]
    assert b.history.count() == 1  # reordering is not a change to an item


def test_reorder_sets_positions(officer):
    for _ in range(4):
        _create(officer)
    services.action_items_reorder(references=["A-4", "A-2"])
    assert _order() == ["A-4", "A-2", "A-1", "A-3"]
    with pytest.raises(ValidationError):
        services.action_items_reorder(references=["A-9"])


# --- Real concurrent transactions (PostgreSQL) ---


@pytest.mark.django_db(transaction=True)
def test_concurrent_creates_get_distinct_references():
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL row locks")
    officer = PolicyOfficerFactory()
    results = all_at_once([lambda: _create(officer).reference] * 4, own_connections=True)
    assert not [error for error in results if isinstance(error, Exception)]
    assert sorted(results) == ["A-1", "A-2", "A-3", "A-4"]


@pytest.mark.django_db(transaction=True)
def test_concurrent_edits_one_wins_one_is_refused():
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL row locks")
    first, second = PolicyOfficerFactory(), PolicyOfficerFactory()
    item = _create(first)

    def edit(officer, title):
        try:
            values = _edit_values(item, title=title)
            services.action_item_update(item=item, version=1, by=officer, **values)
        except services.EditConflict:
            return "refused"
        return "saved"

    outcomes = all_at_once(
        [lambda: edit(first, "Title one"), lambda: edit(second, "Title two")],
        own_connections=True,
    )
    assert sorted(outcomes) == ["refused", "saved"]
    item.refresh_from_db()
    assert item.version == 2
    assert item.title in {"Title one", "Title two"}


def test_factories_make_items_through_the_service(charter):
    item = ActionItemFactory(commitments=[charter.commitments.first()])
    update = ActionUpdateFactory(item=item, status="on-track")
    assert item.reference.startswith("A-")
    assert update.changes_status
