import datetime

from django.db import transaction
from django.utils import timezone

from ui.cache import COUNCILS, pages_changed

from ..models import Council, Invitation, Signature


def council_status_derive(
    *, latest: Signature | None, invited: bool
) -> tuple[str, datetime.date | None, int | None]:
    """The rule for a council's signatory status: ``(status, signed_on, signed_version_id)``.

    ``latest`` is the council's newest signature (highest charter version, then last
    recorded), or None; ``invited``, whether it has an invitation that did not fail. Signed
    while that signature stands; withdrawn once it is withdrawn; otherwise invited, or not yet
    signed. Used by ``council_status_refresh`` and by ``manage.py check_integrity``.
    """
    if latest is not None and not latest.is_withdrawn:
        return Council.Status.SIGNED, latest.resolution_date, latest.version_id
    if latest is not None:
        return Council.Status.WITHDRAWN, None, None
    if invited:
        return Council.Status.INVITED, None, None
    return Council.Status.NOT_SIGNED, None, None


@transaction.atomic
def council_status_refresh(*, council: Council) -> Council:
    """Derive the council's signatory status from its signatures and invitations, and store it.

    Called by every service that writes a signature or an invitation, inside its transaction,
    so that the directory never shows a stale status.
    """
    pages_changed(COUNCILS)  # its pages are stale once this commits
    council = Council.objects.select_for_update().get(pk=council.pk)
    latest = (
        Signature.objects.filter(council=council)
        .order_by("-version__number", "-recorded_at")
        .first()
    )
    invited = (
        latest is None  # a signature decides alone: no query for invitations then
        and Invitation.objects.filter(council=council)
        .exclude(status=Invitation.Status.FAILED)
        .exists()
    )
    status, signed_on, version_id = council_status_derive(latest=latest, invited=invited)

    if (council.status, council.signed_on, council.signed_version_id) != (
        status,
        signed_on,
        version_id,
    ):
        council.status = status
        council.signed_on = signed_on
        council.signed_version_id = version_id
        council.status_changed_at = timezone.now()
        council.save(update_fields=["status", "signed_on", "signed_version", "status_changed_at"])
    return council
