"""Inviting councils to sign, in bulk, and reminding those invited who have not signed; asking
the signatories of an earlier version to re-affirm a new one, and reminding them.

Each invitation is a row (queued, then sent or failed) and an email sent by a background task
after the transaction commits; the council's status reads "invited" at once. A council is
reminded at most once in ``REMINDER_INTERVAL`` (pressing "send" twice sends one email): the
council rows are locked while the batch is written, so two batches at once cannot both remind.
"""

import datetime
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Exists, Max, OuterRef, Q, QuerySet
from django.utils import timezone

from commitments.models import CharterVersion
from commitments.services import charter_version_publish
from ui.cache import COUNCILS, pages_changed
from ui.csv_files import CsvFileError, csv_records
from ui.services import FileImportError

from ..models import Council, CouncilCode, CouncilRole, Invitation, Signature
from ..schemas import CONTACT
from ..tasks import invitation_send
from .status import council_status_refresh

# A council's contact address gets at most one invitation or reminder a day, however often the
# policy team asks (a failed one does not count: it was not sent).
INVITATION_EVERY = datetime.timedelta(days=1)

# At most one reminder (to sign, or to re-affirm) per council in this time ("once per
# council per week at most").
REMINDER_INTERVAL = datetime.timedelta(days=7)


@dataclass
class InvitationBatch:
    queued: list[Invitation] = field(default_factory=list)
    skipped: list[Council] = field(default_factory=list)  # no contact address
    too_soon: list[Council] = field(default_factory=list)  # emailed too recently


def councils_to_invite(*, version: CharterVersion) -> QuerySet[Council]:
    """Current councils with no signature of ``version`` (a council that signed it and then
    withdrew is not invited again to the same version)."""
    signed = Signature.objects.filter(council=OuterRef("pk"), version=version)
    return Council.objects.current().exclude(Exists(signed))


def councils_not_invited(*, version: CharterVersion) -> QuerySet[Council]:
    """Councils to invite with no invitation for ``version`` that was sent or is on its way."""
    invited = Invitation.objects.filter(
        council=OuterRef("pk"),
        version=version,
        kind__in=[Invitation.Kind.INVITATION, Invitation.Kind.REAFFIRMATION],
    ).exclude(status=Invitation.Status.FAILED)
    return councils_to_invite(version=version).exclude(Exists(invited))


def councils_to_remind(*, version: CharterVersion) -> QuerySet[Council]:
    """Councils sent an invitation to sign ``version`` that have not signed it."""
    invited = Invitation.objects.filter(
        council=OuterRef("pk"),
        version=version,
        status=Invitation.Status.SENT,
        kind=Invitation.Kind.INVITATION,
    )
    return councils_to_invite(version=version).filter(Exists(invited))


def councils_to_reaffirm(*, version: CharterVersion) -> QuerySet[Council]:
    """Current councils whose signature of an earlier version than ``version`` stands (not
    withdrawn) and that have not signed ``version``: the re-affirmation campaign's councils."""
    earlier = Signature.objects.active().filter(
        council=OuterRef("pk"), version__number__lt=version.number
    )
    return councils_to_invite(version=version).filter(Exists(earlier))


def with_invitation_dates(councils: QuerySet[Council], *, version: CharterVersion):
    """Annotate each council with ``invited_at`` (its first invitation or request to re-affirm
    for ``version`` that did not fail) and ``reminded_at`` (its last reminder of any version,
    sent or on its way): what the policy team sees before reminding again."""
    alive = ~Q(invitations__status=Invitation.Status.FAILED)
    return councils.annotate(
        invited_at=Max(
            "invitations__created_at",
            filter=alive
            & Q(
                invitations__version=version,
                invitations__kind__in=[Invitation.Kind.INVITATION, Invitation.Kind.REAFFIRMATION],
            ),
        ),
        reminded_at=Max(
            "invitations__created_at",
            filter=alive & Q(invitations__kind__in=Invitation.REMINDER_KINDS),
        ),
    )


def reminded_recently(*, council_ids: list[int], now: datetime.datetime | None = None) -> set:
    """The ids among ``council_ids`` reminded (sent or on its way) within
    ``REMINDER_INTERVAL`` before ``now``."""
    since = (now or timezone.now()) - REMINDER_INTERVAL
    return set(
        Invitation.objects.filter(
            council_id__in=council_ids,
            kind__in=Invitation.REMINDER_KINDS,
            created_at__gt=since,
        )
        .exclude(status=Invitation.Status.FAILED)
        .values_list("council_id", flat=True)
    )


# Other emails to councils that count towards ``INVITATION_EVERY``, from apps above this one
# (which this app must not import): functions ``(council_ids, since) -> set of council ids``
# emailed since then, registered in their ``AppConfig.ready``.
_other_emails_to_councils: list = []


def emails_to_councils_register(found) -> None:
    """Count the emails ``found(council_ids=[...], since=datetime)`` returns (a set of council
    ids) towards the limit of one email a day per council. Registering twice counts once."""
    if found not in _other_emails_to_councils:
        _other_emails_to_councils.append(found)


def emailed_too_recently(*, council_ids: list[int], kind: str) -> set:
    """The ids among ``council_ids`` that an email of ``kind`` may not go to now: any council
    emailed (sent or on its way) in the last ``INVITATION_EVERY``, and for reminders any council
    reminded within ``REMINDER_INTERVAL``. What the policy team is shown before sending, and
    what ``invitations_send`` skips."""
    since = timezone.now() - INVITATION_EVERY
    too_soon = set(
        Invitation.objects.filter(council_id__in=council_ids, created_at__gt=since)
        .exclude(status=Invitation.Status.FAILED)
        .values_list("council_id", flat=True)
    )
    for found in _other_emails_to_councils:
        too_soon |= found(council_ids=council_ids, since=since)
    if kind in Invitation.REMINDER_KINDS:
        too_soon |= reminded_recently(council_ids=council_ids)
    return too_soon


def councils_locked(councils: QuerySet[Council]) -> list[Council]:
    """``councils`` as a list by name, each row locked for the caller's transaction: in one
    fixed order, so a second batch of emails sent at once waits here and then sees this one's
    invitations instead of emailing the same councils again."""
    return list(
        Council.objects.select_for_update()
        .filter(pk__in=councils.values("pk"))
        .order_by("name", "pk")
    )


def _clerk_addresses(councils: list[Council]) -> dict[int, list[str]]:
    """{council id: its confirmed clerks' addresses, sorted}."""
    found: dict[int, set[str]] = {}
    for council_id, email in (
        CouncilRole.objects.confirmed()
        .filter(council__in=councils)
        .values_list("council_id", "user__email")
    ):
        found.setdefault(council_id, set()).add(email)
    return {pk: sorted(emails) for pk, emails in found.items()}


@transaction.atomic
def invitations_send(
    *,
    councils: QuerySet[Council],
    invited_by,
    kind: str = Invitation.Kind.INVITATION,
    version: CharterVersion | None = None,
) -> InvitationBatch:
    """Queue an invitation, reminder or request to re-affirm to each council; return what was
    queued, the councils skipped for want of an address, and those emailed too recently, who are
    not emailed again: any council emailed (not failed) in the last ``INVITATION_EVERY``, and for
    reminders any council reminded within ``REMINDER_INTERVAL``.

    An invitation or reminder to sign goes to the council's contact address; a request (or
    reminder) to re-affirm goes to its confirmed clerks, or to its contact address when it has
    none. ``version`` defaults to the published one. Raises ValidationError when no version is
    published.
    """
    version = version or CharterVersion.objects.published().first()
    if version is None:
        raise ValidationError("Publish a version of the charter before inviting councils.")
    batch = InvitationBatch()
    chosen = councils_locked(councils)
    too_soon = emailed_too_recently(council_ids=[c.pk for c in chosen], kind=kind)
    reaffirming = kind in (Invitation.Kind.REAFFIRMATION, Invitation.Kind.REAFFIRMATION_REMINDER)
    clerks = _clerk_addresses(chosen) if reaffirming else {}
    for council in chosen:
        if council.pk in too_soon:
            batch.too_soon.append(council)
            continue
        addresses = clerks.get(council.pk) or (
            [council.contact_email] if council.contact_email else []
        )
        if not addresses:
            batch.skipped.append(council)
            continue
        for address in addresses:
            batch.queued.append(
                Invitation.objects.create(
                    council=council,
                    version=version,
                    kind=kind,
                    email=address,
                    invited_by=invited_by,
                )
            )
        council_status_refresh(council=council)
    ids = [invitation.pk for invitation in batch.queued]
    transaction.on_commit(lambda: [invitation_send.enqueue(invitation_id=pk) for pk in ids])
    return batch


@transaction.atomic
def charter_version_publish_and_ask_to_reaffirm(
    *, version: CharterVersion, published_by
) -> tuple[CharterVersion, InvitationBatch]:
    """Publish a draft version (``commitments.services.charter_version_publish``) and, in the
    same transaction, start its re-affirmation campaign: every council whose signature of an
    earlier version stands is asked to re-affirm, with what changed and how. Raises
    ValidationError when the draft cannot be published (nothing is sent then)."""
    version = charter_version_publish(version=version)
    batch = invitations_send(
        councils=councils_to_reaffirm(version=version),
        invited_by=published_by,
        kind=Invitation.Kind.REAFFIRMATION,
        version=version,
    )
    return version, batch


@dataclass
class ReaffirmationRow:
    council: Council
    earlier: Signature  # its latest standing signature of an earlier version
    current: Signature | None  # its signature of the version, once re-affirmed
    asked_at: datetime.datetime | None
    reminded_at: datetime.datetime | None


def reaffirmation_rows(*, version: CharterVersion) -> list[ReaffirmationRow]:
    """Every current council that signed an earlier version than ``version`` and has not
    withdrawn it, with whether it re-affirmed ``version`` and when it was asked and last
    reminded: not re-affirmed first, then by name. Three queries."""
    earlier = Signature.objects.active().filter(
        council=OuterRef("pk"), version__number__lt=version.number
    )
    councils = list(
        with_invitation_dates(
            Council.objects.current().filter(Exists(earlier)), version=version
        ).order_by("name", "pk")
    )
    signatures: dict[int, list[Signature]] = {}
    for signature in (
        Signature.objects.filter(council__in=councils, version__number__lte=version.number)
        .select_related("version")
        .order_by("-version__number")
    ):
        signatures.setdefault(signature.council_id, []).append(signature)
    rows = []
    for council in councils:
        mine = signatures.get(council.pk, [])
        current = next((s for s in mine if s.version_id == version.pk), None)
        standing = next(
            (s for s in mine if s.version_id != version.pk and not s.is_withdrawn), None
        )
        rows.append(
            ReaffirmationRow(council, standing, current, council.invited_at, council.reminded_at)
        )
    rows.sort(key=lambda r: (r.current is not None, r.council.name))
    return rows


# --- Contact addresses in bulk -----------------------------------------------------------------


class ContactImportError(FileImportError):
    """A file of contact addresses that cannot be imported as it stands (``FileImportError``)."""


@dataclass
class ContactImportResult:
    changed: list[Council] = field(default_factory=list)
    unchanged: list[Council] = field(default_factory=list)  # the file gave the same address


def _parse_contacts(text: str) -> tuple[list[tuple[Council, str]], list[str]]:
    try:
        columns, records = csv_records(text)
    except CsvFileError as error:
        return [], [str(error)]
    missing = CONTACT.missing_columns(columns)
    if "gss_code" not in columns and "slug" not in columns:
        missing.insert(0, "gss_code or slug")
    if missing:
        return [], [f"line 1: missing column(s): {', '.join(missing)}"]
    by_slug = {c.slug: c for c in Council.objects.current()}
    by_code = {
        c.code: c.council
        for c in CouncilCode.objects.filter(council__ended_on__isnull=True).select_related(
            "council"
        )
    }
    rows, errors, seen = [], [], {}
    for line, raw in enumerate(records, start=2):
        if None in raw:
            errors.append(f"line {line}: more values than columns")
            continue
        if not any((v or "").strip() for v in raw.values()):
            continue  # a blank line
        values, problems = CONTACT.parse(raw)
        code, slug = values.get("gss_code", ""), values.get("slug", "")
        council = by_code.get(code) if code else by_slug.get(slug)
        row_errors = []
        if council is None:
            name, value = ("gss_code", code) if code else ("slug", slug)
            row_errors.append(
                f"line {line}, {name}: “{value}” is not a current council in the register"
                if value
                else f"line {line}: give the council's gss_code or slug"
            )
        for name, messages in problems.items():
            row_errors += [f"line {line}, {name}: {message}" for message in messages]
        if council is not None:
            if council.pk in seen:
                row_errors.append(f"line {line}: the same council as line {seen[council.pk]}")
            seen.setdefault(council.pk, line)
        if row_errors:
            errors += row_errors
        else:
            rows.append((council, values["contact_email"]))
    if not rows and not errors:
        errors.append("The file has no addresses in it.")
    return rows, errors


@transaction.atomic
def council_contacts_import(*, text: str, user) -> ContactImportResult:
    """Set councils' contact addresses from a CSV file, all or nothing.

    Columns: ``gss_code`` (any of the council's GSS codes) or ``slug``, and ``contact_email``.
    Every row is checked first (a current council, a valid address, each council once); any
    problem raises ContactImportError listing every one by line, and nothing is saved. An
    address set here counts as corrected by the policy team (``Council.corrected_fields``): a
    later import of the register keeps it. Returns the councils changed and those unchanged.
    """
    rows, errors = _parse_contacts(text)
    if errors:
        raise ContactImportError(errors)
    pages_changed(COUNCILS)  # council pages show the address: stale once it commits
    result = ContactImportResult()
    locked = {
        c.pk: c
        for c in Council.objects.select_for_update()
        .filter(pk__in=[c.pk for c, _ in rows])
        .order_by("pk")
    }
    for council, email in rows:
        council = locked[council.pk]
        if council.contact_email == email:
            result.unchanged.append(council)
            continue
        council.contact_email = email
        council.corrected_fields = sorted({*council.corrected_fields, "contact_email"})
        council._change_reason = "Contact address from the policy team's upload"
        council._history_user = user
        council.save(update_fields=["contact_email", "corrected_fields"])
        result.changed.append(council)
    return result
