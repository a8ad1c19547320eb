"""The partnerships register as it leaves the portal: one record per partnership, for the
register's CSV and JSON downloads (see ``ui/records.py``)."""

from ui.records import DOWNLOAD, Column, Schema

from .models import Partnership

ONLY_DOWNLOAD = frozenset({DOWNLOAD})


def _column(name, get, **kwargs):
    return Column(name, get=get, outputs=ONLY_DOWNLOAD, **kwargs)


PARTNERSHIP = Schema(
    name="partnerships",
    model=Partnership,
    columns=(
        _column("name", lambda p, _: p.name),
        _column("kind", lambda p, _: p.get_level_display()),
        _column("statutory", lambda p, _: p.is_statutory, type="boolean"),
        _column("purpose", lambda p, _: p.purpose),
        _column("lead_organisation", lambda p, _: str(p.lead or "")),
        _column("member_councils", lambda p, _: "; ".join(c.name for c in p.member_councils.all())),
        _column(
            "other_members", lambda p, _: "; ".join(o.name for o in p.member_organisations.all())
        ),
        _column("parent_partnership", lambda p, _: p.parent.name if p.parent_id else ""),
        _column("governance", lambda p, _: p.governance),
        _column("reporting", lambda p, _: p.reporting),
        _column("commitment_keys", lambda p, _: "; ".join(c.key for c in p.commitments.all())),
        _column("review_due_on", lambda p, _: p.review_due_on, type="date"),
        _column("last_reviewed_on", lambda p, _: p.last_reviewed_on, type="date"),
        _column("review_overdue", lambda p, _: p.is_review_overdue, type="boolean"),
        _column("url", lambda p, ctx: ctx["site_url"] + p.get_absolute_url()),
    ),
)
