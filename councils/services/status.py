from django.db import transaction
from django.utils import timezone

from ui.cache import pages_changed

from ..models import Council, Invitation, Signature


@transaction.atomic
def council_status_refresh(*, council: Council) -> Council:
    """Derive the council's signatory status from its signatures and invitations, and store it.

    Called by every service that writes a signature or an invitation, inside its transaction,
    so that the directory never shows a stale status.
    """
    pages_changed()  # public pages show this: stale once it commits (issue 8)
    council = Council.objects.select_for_update().get(pk=council.pk)
    latest = (
        Signature.objects.filter(council=council)
        .select_related("version")
        .order_by("-version__number", "-recorded_at")
        .first()
    )
    if latest is not None and not latest.is_withdrawn:
        status, signed_on, version = Council.Status.SIGNED, latest.resolution_date, latest.version
    elif latest is not None:
        status, signed_on, version = Council.Status.WITHDRAWN, None, None
    elif (
        Invitation.objects.filter(council=council).exclude(status=Invitation.Status.FAILED).exists()
    ):
        status, signed_on, version = Council.Status.INVITED, None, None
    else:
        status, signed_on, version = Council.Status.NOT_SIGNED, None, None

    if (council.status, council.signed_on, council.signed_version_id) != (
        status,
        signed_on,
        version.pk if version else None,
    ):
        council.status = status
        council.signed_on = signed_on
        council.signed_version = version
        council.status_changed_at = timezone.now()
        council.save(update_fields=["status", "signed_on", "signed_version", "status_changed_at"])
    return council
