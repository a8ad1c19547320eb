"""A council's meeting pack: what its clerk puts before the council's next meeting to sign (or
re-affirm) the charter: an agenda item, a model resolution naming the council and the current
version, the charter's text and, for a signatory, its progress so far.

The same ``MeetingPack`` is shown as a web page (printable: ``@media print`` in
``assets/scss/portal.scss``) and written as a Word document (``meeting_pack_docx``, with
python-docx: Word, LibreOffice and Google Docs open it).
"""

import io
from dataclasses import dataclass, field

from django.conf import settings
from django.urls import reverse
from docx import Document
from docx.shared import Pt

from commitments.models import CharterVersion

from .models import Council, Signature


def chair_role(council: Council) -> str:
    """Who signs for the council after the resolution: a parish meeting has a chairman of the
    meeting, not a council (Local Government Act 1972, s. 15 and s. 9)."""
    if council.kind == Council.Kind.PARISH_MEETING:
        return "Chair of the parish meeting"
    return "Chair of the council"


@dataclass
class MeetingPack:
    """What a council's meeting pack says. ``version`` is the current charter version (with
    its contents prefetched), or None before one is published; ``signed_number`` the newest
    version the council has signed (None if none); ``has_signed_current`` True when that is the
    current version (nothing to sign or re-affirm: the pack says so and offers no resolution);
    ``progress`` a list of ``CommitmentProgress`` (empty unless the council is a signatory)."""

    council: Council
    version: CharterVersion | None
    is_reaffirmation: bool = False
    signed_number: int | None = None
    has_signed_current: bool = False
    progress: list = field(default_factory=list)

    @property
    def decision(self) -> str:
        """ "sign" or "re-affirm"."""
        return "re-affirm" if self.is_reaffirmation else "sign"

    @property
    def agenda_title(self) -> str:
        if self.version is None:
            return "Oxfordshire Councils Charter"
        if self.has_signed_current:
            return f"Oxfordshire Councils Charter: version {self.version.number}, signed"
        return f"Oxfordshire Councils Charter: to {self.decision} version {self.version.number}"

    @property
    def agenda_text(self) -> str:
        """The agenda item's lines under its title, in plain text."""
        council, version = self.council, self.version
        if version is None:
            return "No version of the charter is published yet."
        if self.has_signed_current:
            return (
                f"{council.name} has signed version {version.number} of the Oxfordshire "
                "Councils Charter, the current version: there is nothing to sign or re-affirm "
                "until the policy team publishes the next version."
            )
        lines = (
            f"To consider the Oxfordshire Councils Charter, version {version.number}, "
            f"published on {version.published_on:%-d %B %Y}: a voluntary agreement between "
            "Oxfordshire County Council, the district and city councils and the town and parish "
            "councils and parish meetings of Oxfordshire."
        )
        if self.is_reaffirmation:
            lines += (
                f" {council.name} signed version {self.signed_number}; the council is asked "
                f"to re-affirm its commitment for version {version.number}."
            )
        else:
            lines += " The council is asked to resolve to sign the charter."
        return lines

    @property
    def resolution(self) -> str:
        """The model resolution, naming the council, the version and its date."""
        council, version = self.council, self.version
        if version is None or self.has_signed_current:
            return ""
        verb = "re-affirms its commitment to" if self.is_reaffirmation else "signs"
        return (
            f"That {council.name} {verb} version {version.number} of the Oxfordshire Councils "
            f"Charter, published on {version.published_on:%-d %B %Y}, and authorises the "
            f"{chair_role(council).lower()} to sign it on the "
            "council's behalf; and that the clerk records the resolution in the Oxfordshire "
            "Councils Charter portal."
        )

    @property
    def sign_url(self) -> str:
        """The signing form, the version filled in: the clerk then enters what the meeting
        decided (its date, the minute reference). Empty when there is nothing to sign."""
        if self.version is None or self.has_signed_current:
            return ""
        path = reverse("councils:sign", kwargs={"slug": self.council.slug})
        return f"{path}?version={self.version.number}"

    @property
    def charter_url(self) -> str:
        return f"{settings.SITE_URL}{self.version.get_absolute_url()}" if self.version else ""


def meeting_pack(council: Council) -> MeetingPack:
    """The meeting pack of ``council`` (a current council): three queries for the charter
    version and its contents, one for the council's signatures, one for its progress."""
    version = CharterVersion.objects.current()
    signature = (
        Signature.objects.active()
        .filter(council=council)
        .select_related("version")
        .order_by("-version__number")
        .first()
    )
    is_reaffirmation = bool(
        version is not None and signature is not None and signature.version_id != version.pk
    )
    progress = []
    if council.status == Council.Status.SIGNED:
        progress = council.progress_reports.by_commitment()
    return MeetingPack(
        council=council,
        version=version,
        is_reaffirmation=is_reaffirmation,
        signed_number=signature.version.number if signature else None,
        has_signed_current=bool(
            version is not None and signature is not None and signature.version_id == version.pk
        ),
        progress=progress,
    )


def meeting_pack_docx(pack: MeetingPack) -> bytes:
    """The pack as a Word document (.docx, Office Open XML): its bytes."""
    document = Document()
    document.styles["Normal"].font.size = Pt(11)
    council, version = pack.council, pack.version
    document.add_heading(f"Meeting pack: {council.name}", level=0)
    document.add_heading("Agenda item", level=1)
    document.add_heading(pack.agenda_title, level=2)
    document.add_paragraph(pack.agenda_text)
    if version is not None:
        if pack.resolution:
            document.add_heading("Model resolution", level=1)
            document.add_paragraph(pack.resolution)
            document.add_paragraph(
                "After the meeting, the clerk records the date of the meeting and the minute "
                f"reference at {settings.SITE_URL}{pack.sign_url}"
            )
        document.add_heading(f"The charter, version {version.number}", level=1)
        document.add_paragraph(f"Read it online: {pack.charter_url}")
        if version.introduction:
            document.add_paragraph(version.introduction)
        document.add_heading("Strategic aims", level=2)
        for aim in version.aims.all():
            document.add_paragraph(f"{aim.title} {aim.description}".strip(), style="List Number")
        document.add_heading("Our shared principles", level=2)
        for principle in version.principles.all():
            document.add_heading(principle.title, level=3)
            for statement in principle.statements:
                document.add_paragraph(statement, style="List Bullet")
        document.add_heading("Our shared commitments", level=2)
        for commitment in version.commitments.all():
            document.add_heading(commitment.title, level=3)
            document.add_paragraph(commitment.lead_in)
            for statement in commitment.statements:
                document.add_paragraph(statement, style="List Bullet")
        if version.implementation:
            document.add_heading("Implementation", level=2)
            for paragraph in version.implementation.split("\n\n"):
                document.add_paragraph(paragraph.strip())
    if pack.progress:
        document.add_heading(f"{council.name}'s progress so far", level=1)
        for item in pack.progress:
            latest = item.latest
            document.add_heading(item.commitment.title, level=2)
            document.add_paragraph(f"{latest.get_status_display()} in {latest.period}")
            if latest.what_we_did:
                document.add_paragraph(latest.what_we_did)
            for link in latest.evidence_links:
                document.add_paragraph(link, style="List Bullet")
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()
