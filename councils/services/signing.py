"""Signing the charter: a council's resolution recorded against the version in force on the date
of the resolution, its withdrawal, and what a clerk may do next (sign, re-affirm for a new
version, or nothing).

A council that resolved to sign before a new version was published is never stranded: its
resolution is recorded against the version in force that day, even after the new one is out."""

import datetime
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from commitments.models import CharterVersion

from ..models import Council, Signature
from ..tasks import signature_notify_queue
from .status import council_status_refresh


def version_in_force(*, on: datetime.date) -> CharterVersion | None:
    """The version of the charter in force on the day ``on``: the last one published on or
    before it (published or superseded since), or None before the first was published."""
    return (
        CharterVersion.objects.public()
        .filter(published_on__lte=on)
        .order_by("-published_on", "-number")
        .first()
    )


def resolution_date_errors(*, resolution_date: datetime.date, version: CharterVersion) -> list:
    """Why this date cannot be the date of a resolution to sign this version (empty if fine):
    in the future, or before the version was published."""
    if resolution_date > timezone.localdate():
        return ["The date of the resolution must be today or in the past."]
    if version.published_on and resolution_date < version.published_on:
        return [
            f"The date of the resolution must be on or after "
            f"{version.published_on:%-d %B %Y}, when version {version.number} of the charter "
            "was published."
        ]
    return []


def signing_version_errors(*, resolution_date: datetime.date) -> list:
    """Why no version can be signed by a resolution of this date (empty if one can): a clerk
    records the resolution against the version in force that day (``version_in_force``)."""
    if resolution_date > timezone.localdate():
        return ["The date of the resolution must be today or in the past."]
    if version_in_force(on=resolution_date) is None:
        first = CharterVersion.objects.public().order_by("published_on", "number").first()
        if first is None:
            return ["No version of the charter is published yet."]
        return resolution_date_errors(resolution_date=resolution_date, version=first)
    return []


@transaction.atomic
def signature_record(
    *,
    council: Council,
    version: CharterVersion,
    recorded_by,
    resolution_date: datetime.date,
    minute_reference: str,
    authorised_by_name: str,
    authorised_by_role: str,
    minutes_url: str = "",
    on_paper: bool = False,
) -> Signature:
    """Record the council's signature of ``version``: one per council per version.

    ``version`` is any published version (the current one or one superseded since): online, it
    must be the version in force on ``resolution_date`` (``version_in_force``), so that a
    resolution passed before a new version was published is recorded against the version the
    council resolved to sign; on paper (the policy team), any published version whose
    publication the resolution follows.

    Two clerks signing at once, or one signing twice, give one signature: the council row is
    locked first, and the unique constraint refuses whatever slips past. The directory shows the
    council as signed at once; the clerks and the policy team are told by email. Raises
    ValidationError (``resolution_date`` for a date that does not fit, code
    ``already-signed`` for a second signature of the same version).
    """
    if version.status == CharterVersion.Status.DRAFT:
        raise ValidationError("Only a published version of the charter can be signed.")
    errors = resolution_date_errors(resolution_date=resolution_date, version=version)
    if not errors and not on_paper:
        in_force = version_in_force(on=resolution_date)
        if in_force is not None and in_force.pk != version.pk:
            errors = [
                f"On {resolution_date:%-d %B %Y} version {in_force.number} of the charter was "
                f"in force, not version {version.number}."
            ]
    if errors:
        raise ValidationError({"resolution_date": errors})
    council = Council.objects.select_for_update().get(pk=council.pk)
    already = ValidationError(
        f"{council.name} has already signed version {version.number} of the charter.",
        code="already-signed",
    )
    if Signature.objects.filter(council=council, version=version).exists():
        raise already
    try:
        with transaction.atomic():
            signature = Signature(
                council=council,
                version=version,
                resolution_date=resolution_date,
                minute_reference=minute_reference.strip(),
                minutes_url=minutes_url.strip(),
                authorised_by_name=authorised_by_name.strip(),
                authorised_by_role=authorised_by_role.strip(),
                on_paper=on_paper,
                recorded_by=recorded_by,
            )
            signature._change_reason = "Received on paper" if on_paper else "Signed online"
            signature._history_user = recorded_by  # also outside a request
            signature.save()
    except IntegrityError:
        raise already from None
    council_status_refresh(council=council)
    signature_notify_queue(signature=signature)  # written with the signature (outbox)
    return signature


@transaction.atomic
def signature_withdraw(
    *, signature: Signature, withdrawn_by, withdrawn_on: datetime.date, reason: str
) -> Signature:
    """The council withdraws its signature (a resolution of its own, with a date and reason)."""
    signature = Signature.objects.select_for_update().select_related("council").get(pk=signature.pk)
    if signature.is_withdrawn:
        raise ValidationError("This signature has already been withdrawn.")
    errors = {}
    if not reason.strip():
        errors["reason"] = "Give the reason for the withdrawal."
    if withdrawn_on > timezone.localdate():
        errors["withdrawn_on"] = "The date of the withdrawal must be today or in the past."
    elif withdrawn_on < signature.resolution_date:
        errors["withdrawn_on"] = (
            "The date of the withdrawal must be on or after the resolution to sign, "
            f"{signature.resolution_date:%-d %B %Y}."
        )
    if errors:
        raise ValidationError(errors)
    signature.withdrawn_on = withdrawn_on
    signature.withdrawal_reason = reason.strip()
    signature.withdrawn_by = withdrawn_by
    signature._change_reason = "Withdrawn"
    signature._history_user = withdrawn_by  # also outside a request
    signature.save()
    council_status_refresh(council=signature.council)
    signature_notify_queue(signature=signature, event="withdrawn")  # outbox
    return signature


@dataclass(frozen=True)
class SigningState:
    """Where a council stands with the current version, and so what its clerk can do."""

    version: CharterVersion | None
    current: Signature | None  # the council's signature of the current version, if any
    latest: Signature | None  # its newest signature of any version

    @property
    def can_sign(self) -> bool:
        return self.version is not None and self.current is None

    @property
    def is_reaffirmation(self) -> bool:
        return self.can_sign and self.latest is not None and not self.latest.is_withdrawn

    @property
    def can_withdraw(self) -> bool:
        return self.current is not None and not self.current.is_withdrawn


def signing_state(*, council: Council, version: CharterVersion | None) -> SigningState:
    """Uses ``council.signatures.all()``: prefetch it when listing several councils."""
    signatures = sorted(
        council.signatures.all(), key=lambda s: (s.version.number, s.recorded_at), reverse=True
    )
    current = next((s for s in signatures if version and s.version_id == version.pk), None)
    return SigningState(
        version=version, current=current, latest=signatures[0] if signatures else None
    )
