import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from commitments.models import CharterVersion, Commitment, Principle, StrategicAim
from commitments.services import DATA_DIR, charter_version_load, charter_version_publish

pytestmark = pytest.mark.django_db


def test_version_one_holds_the_charter(charter):
    assert charter.status == CharterVersion.Status.PUBLISHED
    assert [a.title for a in charter.aims.all()] == [
        "Stronger partnership working between Oxfordshire councils.",
        "Enhancing local democracy.",
    ]
    assert [p.key for p in charter.principles.all()] == [
        "mutual-respect",
        "relationship-building",
        "transparency-and-accountability",
    ]
    assert [c.title for c in charter.commitments.all()] == [
        "Communication",
        "Consultation and Engagement",
        "Resources",
        "Local Democracy",
    ]
    assert [len(c.statements) for c in charter.commitments.all()] == [4, 4, 3, 4]
    assert len(charter.principles.get(key="mutual-respect").statements) == 5


def test_loading_twice_changes_nothing(charter):
    import json

    data = json.loads((DATA_DIR / "charter-v1.json").read_text())
    _, changed = charter_version_load(data=data)
    assert changed is False
    assert CharterVersion.objects.count() == 1
    assert Commitment.objects.count() == 4
    assert Principle.objects.count() == 3
    assert StrategicAim.objects.count() == 2


def _draft_v2(charter):
    v2 = CharterVersion.objects.create(number=2, summary_of_changes="Clearer wording.")
    for c in charter.commitments.all():
        Commitment.objects.create(
            version=v2, key=c.key, order=c.order, title=c.title, statements=c.statements
        )
    return v2


def test_publishing_a_new_version_supersedes_the_old_one_and_keeps_it(charter):
    v2 = _draft_v2(charter)
    charter_version_publish(version=v2, published_on=datetime.date(2026, 11, 1))
    charter.refresh_from_db()
    assert charter.status == CharterVersion.Status.SUPERSEDED
    assert CharterVersion.objects.current() == v2
    # Commitments keep their keys across versions.
    assert set(v2.commitments.values_list("key", flat=True)) == set(
        charter.commitments.values_list("key", flat=True)
    )
    assert charter.commitments.count() == 4


def test_only_a_draft_with_commitments_can_be_published(charter):
    with pytest.raises(ValidationError):
        charter_version_publish(version=charter)
    empty = CharterVersion.objects.create(number=3)
    with pytest.raises(ValidationError):
        charter_version_publish(version=empty)


def test_database_refuses_two_published_versions(charter):
    with pytest.raises(IntegrityError), transaction.atomic():
        CharterVersion.objects.create(
            number=2, status=CharterVersion.Status.PUBLISHED, published_on=datetime.date.today()
        )


def test_database_refuses_a_published_version_without_a_date(db):
    with pytest.raises(IntegrityError), transaction.atomic():
        CharterVersion.objects.create(number=5, status=CharterVersion.Status.SUPERSEDED)


def test_a_draft_copies_each_commitments_lead_in(charter):
    from commitments.services import charter_version_draft

    charter.commitments.filter(key="communication").update(lead_in="Together we will...")
    draft = charter_version_draft(source=charter)
    copied = dict(draft.commitments.values_list("key", "lead_in"))
    assert copied["communication"] == "Together we will..."
    assert set(copied.values()) == {"We will...", "Together we will..."}
