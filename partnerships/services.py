"""Every change to the partnerships register: keyword-only, atomic, recorded in history.

- ``partnership_save``, ``risk_save``, ``meeting_save``, ``scrutiny_review_save``: create
  (no ``instance``) or update (``instance`` and the ``version`` the form was loaded at). An
  update over someone else's change to a field of the form raises ``EditConflict`` with the
  changes, as the action plan does (``actions.services``).
- ``partnership_review_record``: the annual review, which sets the next due date.
- ``partnership_review_reminders_send``: an email to the contact of every partnership whose
  review is overdue, through the outbox.
- ``meeting_paper_add``: a link or a file for a meeting.
"""

import datetime

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from councils.tasks import email_queue
from ui.cache import PARTNERSHIPS, pages_changed
from ui.services import unique_slug

from .history import Tracked, changes_since, raw_from_instance, raw_from_values
from .models import (
    Meeting,
    MeetingPaper,
    MeetingSeries,
    Organisation,
    Partnership,
    PartnershipReview,
    Risk,
    ScrutinyReview,
    history_records,
)

PARTNERSHIP_FIELDS = Tracked(
    fields=[
        ("name", "Name"),
        ("purpose", "Purpose"),
        ("level", "Kind"),
        ("is_statutory", "Statutory"),
        ("lead_council", "Lead council"),
        ("lead_organisation", "Lead organisation"),
        ("member_councils", "Member councils"),
        ("member_organisations", "Other members"),
        ("parent", "Parent partnership"),
        ("governance", "Governance arrangements"),
        ("reporting", "Reporting arrangements"),
        ("commitments", "Charter commitments it serves"),
        ("contact_email", "Contact email"),
        ("review_due_on", "Annual review due"),
        ("ended_on", "Ended"),
    ],
    m2m=("member_councils", "member_organisations", "commitments"),
)
RISK_FIELDS = Tracked(
    fields=[
        ("title", "Risk"),
        ("description", "Description"),
        ("likelihood", "Likelihood"),
        ("impact", "Impact"),
        ("owner", "Owner's role"),
        ("mitigation", "Mitigating actions"),
        ("mitigating_actions", "Action plan items that mitigate it"),
        ("review_on", "Next review of the risk"),
        ("is_public", "Public"),
        ("closed_on", "Closed"),
    ],
    m2m=("mitigating_actions",),
)
MEETING_FIELDS = Tracked(
    fields=[
        ("series", "Series"),
        ("title", "Title"),
        ("starts_at", "Starts"),
        ("ends_at", "Ends"),
        ("location", "Location"),
        ("councils_attending", "Councils attending"),
        ("organisations_attending", "Other organisations attending"),
        ("agenda", "Agenda"),
        ("minutes", "Minutes"),
        ("actions_arising", "Actions arising"),
        ("is_cancelled", "Cancelled"),
    ],
    m2m=("councils_attending", "organisations_attending", "actions_arising"),
)
SCRUTINY_FIELDS = Tracked(
    fields=[
        ("title", "Title"),
        ("programme_year", "Programme year"),
        ("scope", "Scope"),
        ("partnerships", "Partnerships examined"),
        ("commitments", "Commitments examined"),
        ("starts_on", "Starts"),
        ("ends_on", "Ends"),
        ("report_url", "Report"),
    ],
    m2m=("partnerships", "commitments"),
)


class EditConflict(Exception):
    """Another officer saved the record after this form was loaded."""

    def __init__(self, *, instance, conflict):
        self.instance = self.item = instance
        self.conflict = conflict
        self.changes = conflict.changes
        super().__init__(f"{instance} was changed by someone else.")


def _save(instance, *, by, m2m: dict, created: bool) -> None:
    """Save the row and its m2m fields, then record ONE history record (not one per set)."""
    instance.updated_by = by
    instance.full_clean(exclude=["slug", *m2m])
    instance.skip_history_when_saving = True
    try:
        instance.save()
        for name, value in m2m.items():
            getattr(instance, name).set(value)
    except IntegrityError as error:
        raise ValidationError(f"This {instance._meta.verbose_name} could not be saved.") from error
    finally:
        del instance.skip_history_when_saving
    instance._history_user = by
    history_records(type(instance)).create_historical_record(instance, "+" if created else "~")


def _write(model, tracked: Tracked, *, by, instance=None, version=None, values: dict, extra=None):
    unknown = set(values) - {name for name, _ in tracked.fields}
    if unknown:
        raise TypeError(f"Cannot change {', '.join(sorted(unknown))} here.")
    m2m = {name: list(values.pop(name)) for name in list(values) if name in tracked.m2m}
    if instance is None:
        obj = model(**values, **(extra or {}))
        if hasattr(obj, "slug") and not obj.slug:
            obj.slug = unique_slug(model, getattr(obj, "name", None) or obj.title)
        _save(obj, by=by, m2m=m2m, created=True)
        return obj
    locked = model.objects.select_for_update().get(pk=instance.pk)
    typed = raw_from_values({**values, **m2m}, tracked)
    if version is not None and locked.version != version:
        conflict = changes_since(locked, version, typed, tracked)
        if conflict.changes:
            raise EditConflict(instance=locked, conflict=conflict)
    current = raw_from_instance(locked, tracked)
    if all(current[name] == value for name, value in typed.items()):
        return locked
    for name, value in values.items():
        setattr(locked, name, value)
    locked.version += 1
    _save(locked, by=by, m2m=m2m, created=False)
    return locked


@transaction.atomic
def partnership_save(*, by, partnership: Partnership | None = None, version=None, **values):
    """Create a partnership, or change the fields of its form (``PARTNERSHIP_FIELDS``).

    Raises ``ValidationError`` (field -> message) for a lead that is both a council and another
    body, a partnership that is its own parent or ancestor; ``EditConflict`` as above.
    """
    pages_changed(PARTNERSHIPS)
    parent = values.get("parent")
    if partnership is not None and parent is not None:
        seen, node = set(), parent
        while node is not None and node.pk not in seen:
            if node.pk == partnership.pk:
                raise ValidationError(
                    {"parent": "A partnership cannot sit under itself or one of its own."}
                )
            seen.add(node.pk)
            node = node.parent
    if values.get("lead_council") and values.get("lead_organisation"):
        raise ValidationError(
            {"lead_council": "Choose a lead council or a lead organisation, not both."}
        )
    return _write(
        Partnership, PARTNERSHIP_FIELDS, by=by, instance=partnership, version=version, values=values
    )


def _not_in_future(day: datetime.date, field: str) -> None:
    if day > timezone.localdate():
        raise ValidationError({field: "The date cannot be in the future."})


@transaction.atomic
def partnership_review_record(
    *,
    partnership: Partnership,
    by,
    reviewed_on: datetime.date,
    purpose_confirmed: bool,
    membership_confirmed: bool,
    governance_confirmed: bool,
    next_due_on: datetime.date,
    notes: str = "",
) -> PartnershipReview:
    """Record the annual review (strategy section 10: "every partnership is required to
    undertake an annual review of its purpose, membership and governance") and set the next
    due date. A review dated before the last one, or in the future, is refused; so is a next
    due date not after the review."""
    pages_changed(PARTNERSHIPS)
    locked = Partnership.objects.select_for_update().get(pk=partnership.pk)
    _not_in_future(reviewed_on, "reviewed_on")
    if locked.last_reviewed_on and reviewed_on < locked.last_reviewed_on:
        raise ValidationError(
            {
                "reviewed_on": "The review date cannot be before the last review, on "
                f"{locked.last_reviewed_on:%-d %B %Y}."
            }
        )
    if next_due_on <= reviewed_on:
        raise ValidationError({"next_due_on": "The next review must be due after this review."})
    changed = not (purpose_confirmed and membership_confirmed and governance_confirmed)
    if changed and not notes.strip():
        raise ValidationError({"notes": "Say what changed in the notes."})
    review = PartnershipReview(
        partnership=locked,
        reviewed_on=reviewed_on,
        purpose_confirmed=purpose_confirmed,
        membership_confirmed=membership_confirmed,
        governance_confirmed=governance_confirmed,
        next_due_on=next_due_on,
        notes=notes,
        recorded_by=by,
    )
    review.full_clean()
    review.save()
    locked.last_reviewed_on = reviewed_on
    locked.review_due_on = next_due_on
    locked.updated_by = by
    locked._history_user = by
    locked.version += 1
    locked.save(update_fields=["last_reviewed_on", "review_due_on", "updated_by", "version"])
    return review


@transaction.atomic
def partnership_review_reminders_send(*, today: datetime.date | None = None) -> int:
    """Queue a reminder to the contact of every partnership whose review is overdue; returns
    how many were queued. Partnerships without a contact address are left out (the policy
    team sees them on the dashboard)."""
    today = today or timezone.localdate()
    count = 0
    for partnership in Partnership.objects.review_overdue(today).exclude(contact_email=""):
        email_queue(
            template="partnership_review_reminder",
            to=[partnership.contact_email],
            context={
                "partnership": partnership,
                "days_overdue": (today - partnership.review_due_on).days,
            },
        )
        count += 1
    return count


@transaction.atomic
def risk_save(*, by, partnership=None, risk: Risk | None = None, version=None, **values) -> Risk:
    """Create a risk of ``partnership`` or change ``risk``. Likelihood and impact are 1-5."""
    pages_changed(PARTNERSHIPS)
    for name in ("likelihood", "impact"):
        value = values.get(name)
        if value is not None and not 1 <= int(value) <= 5:
            raise ValidationError({name: f"{name.title()} must be from 1 to 5."})
    extra = {"partnership": partnership} if risk is None else None
    return _write(
        Risk, RISK_FIELDS, by=by, instance=risk, version=version, values=values, extra=extra
    )


@transaction.atomic
def meeting_save(*, by, meeting: Meeting | None = None, version=None, **values) -> Meeting:
    """Create or change a meeting. A meeting that ends before it starts is refused."""
    pages_changed(PARTNERSHIPS)
    starts, ends = values.get("starts_at"), values.get("ends_at")
    if starts and ends and ends <= starts:
        raise ValidationError({"ends_at": "The meeting must end after it starts."})
    return _write(Meeting, MEETING_FIELDS, by=by, instance=meeting, version=version, values=values)


@transaction.atomic
def meeting_paper_add(*, meeting: Meeting, title: str, url: str = "", file=None) -> MeetingPaper:
    pages_changed(PARTNERSHIPS)
    if bool(url) == bool(file):
        raise ValidationError({"url": "Give a link or upload a file, one or the other."})
    paper = MeetingPaper(meeting=meeting, title=title, url=url, file=file or "")
    paper.full_clean()
    paper.save()
    return paper


@transaction.atomic
def scrutiny_review_save(
    *, by, review: ScrutinyReview | None = None, version=None, **values
) -> ScrutinyReview:
    pages_changed(PARTNERSHIPS)
    starts, ends = values.get("starts_on"), values.get("ends_on")
    if starts and ends and ends < starts:
        raise ValidationError({"ends_on": "The review cannot end before it starts."})
    return _write(
        ScrutinyReview, SCRUTINY_FIELDS, by=by, instance=review, version=version, values=values
    )


@transaction.atomic
def meeting_series_load(*, rows: list[dict]) -> tuple[int, int]:
    """Create or update meeting series keyed by ``slug`` (idempotent); returns (created,
    updated). Rows are dicts of ``MeetingSeries`` fields (name, kind, frequency, description,
    source)."""
    pages_changed(PARTNERSHIPS)
    created = updated = 0
    for row in rows:
        values = {k: v for k, v in row.items() if k != "slug"}
        series = MeetingSeries.objects.filter(slug=row["slug"]).first()
        if series is None:
            series = MeetingSeries(slug=row["slug"], **values)
            created += 1
        elif any(getattr(series, k) != v for k, v in values.items()):
            for k, v in values.items():
                setattr(series, k, v)
            updated += 1
        else:
            continue
        series.full_clean()
        series.save()
    return created, updated


@transaction.atomic
def organisation_create(*, name: str, sector: str, website: str = "") -> Organisation:
    """Another body that partnerships may have as lead or member (police, health, ...)."""
    name = " ".join(name.split())
    existing = Organisation.objects.filter(name__iexact=name).first()
    if existing:
        raise ValidationError({"name": f"{existing.name} is already in the register."})
    organisation = Organisation(name=name, sector=sector, website=website)
    organisation.full_clean()
    organisation.save()
    return organisation
