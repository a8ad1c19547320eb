"""Inviting councils to sign, in bulk, and reminding those invited who have not signed.

Each invitation is a row (queued, then sent or failed) and an email sent by a background task
after the transaction commits; the council's status reads "invited" at once.
"""

import datetime
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Exists, OuterRef, QuerySet
from django.utils import timezone

from commitments.models import CharterVersion

from ..models import Council, Invitation, Signature
from ..tasks import invitation_send
from .status import council_status_refresh

# A council's contact address gets at most one invitation or reminder a day, however often the
# policy team asks (a failed one does not count: it was not sent).
INVITATION_EVERY = datetime.timedelta(days=1)


@dataclass
class InvitationBatch:
    queued: list[Invitation] = field(default_factory=list)
    skipped: list[Council] = field(default_factory=list)  # no contact address
    too_soon: list[Council] = field(default_factory=list)  # emailed in the last day


def councils_to_invite(*, version: CharterVersion) -> QuerySet[Council]:
    """Current councils with no signature of ``version`` (a council that signed it and then
    withdrew is not invited again to the same version)."""
    signed = Signature.objects.filter(council=OuterRef("pk"), version=version)
    return Council.objects.current().exclude(Exists(signed))


def councils_not_invited(*, version: CharterVersion) -> QuerySet[Council]:
    """Councils to invite with no invitation for ``version`` that was sent or is on its way."""
    invited = Invitation.objects.filter(
        council=OuterRef("pk"), version=version, kind=Invitation.Kind.INVITATION
    ).exclude(status=Invitation.Status.FAILED)
    return councils_to_invite(version=version).exclude(Exists(invited))


def councils_to_remind(*, version: CharterVersion) -> QuerySet[Council]:
    """Councils sent an invitation to sign ``version`` that have not signed it."""
    invited = Invitation.objects.filter(
        council=OuterRef("pk"), version=version, status=Invitation.Status.SENT
    )
    return councils_to_invite(version=version).filter(Exists(invited))


@transaction.atomic
def invitations_send(
    *, councils: QuerySet[Council], invited_by, kind: str = Invitation.Kind.INVITATION
) -> InvitationBatch:
    """Queue an invitation (or reminder) to each council's contact address; councils without
    one are skipped and returned so the policy team can find an address, and so are councils
    sent an invitation or reminder in the last ``INVITATION_EVERY`` (``too_soon``)."""
    version = CharterVersion.objects.published().first()
    if version is None:
        raise ValidationError("Publish a version of the charter before inviting councils.")
    batch = InvitationBatch()
    recent = Invitation.objects.filter(
        council=OuterRef("pk"), created_at__gt=timezone.now() - INVITATION_EVERY
    ).exclude(status=Invitation.Status.FAILED)
    councils = councils.select_for_update(of=("self",)).annotate(emailed_lately=Exists(recent))
    for council in councils.order_by("name", "pk"):
        if not council.contact_email:
            batch.skipped.append(council)
            continue
        if council.emailed_lately:
            batch.too_soon.append(council)
            continue
        invitation = Invitation.objects.create(
            council=council,
            version=version,
            kind=kind,
            email=council.contact_email,
            invited_by=invited_by,
        )
        council_status_refresh(council=council)
        batch.queued.append(invitation)
    ids = [invitation.pk for invitation in batch.queued]
    transaction.on_commit(lambda: [invitation_send.enqueue(invitation_id=pk) for pk in ids])
    return batch
