"""The action plan's records as they leave the portal: action items and their updates (see
``ui/records.py``). Only public items and updates are published, and no one who wrote them.

The download names an item's status by its label and its commitments by their titles (and
keys), for people reading a spreadsheet; the API gives the status's value and the
commitments' keys as a list (``api/serializers.py``): the columns' names and places are here.
"""

from ui.records import API, BULK, DOWNLOAD, Column, Schema

from .models import ActionItem, ActionUpdate

FILES = frozenset({DOWNLOAD, BULK})
ONLY_API = frozenset({API})


def _commitments(item) -> list:
    return list(item.commitments.all())


ACTION_ITEM = Schema(
    name="action-items",
    model=ActionItem,
    columns=(
        Column("reference", get=lambda i, _: i.reference),
        Column("title", get=lambda i, _: i.title),
        Column("description", get=lambda i, _: i.description),
        Column("status", get=lambda i, _: i.get_status_display()),
        Column("overdue", get=lambda i, _: i.is_overdue, type="boolean"),
        Column("commitments", get=lambda i, _: "; ".join(c.title for c in _commitments(i))),
        Column(
            "commitment_keys",
            get=lambda i, _: "; ".join(c.key for c in _commitments(i)),
            outputs=FILES,
        ),
        Column("strategic_aims", get=lambda i, _: "; ".join(str(a) for a in i.aims.all())),
        Column("lead_organisation", get=lambda i, _: i.lead_organisation),
        Column("lead_council", outputs=ONLY_API),
        Column("lead_officer_role", get=lambda i, _: i.lead_officer_role),
        Column("start_date", get=lambda i, _: i.start_date, type="date"),
        Column("due_date", get=lambda i, _: i.due_date, type="date"),
        Column("last_update", get=lambda i, _: i.last_update_on, type="date"),
        Column("url", get=lambda i, ctx: ctx["site_url"] + i.get_absolute_url(), outputs=FILES),
        Column("page", outputs=ONLY_API),
    ),
)

ACTION_UPDATE = Schema(
    name="action-updates",
    model=ActionUpdate,
    columns=(
        Column("id", get=lambda u, _: u.pk, type="integer"),
        Column("item", get=lambda u, _: u.item.reference, description="The action's reference"),
        Column("date", get=lambda u, _: u.date, type="date"),
        Column("text", get=lambda u, _: u.text),
        Column("status_from", get=lambda u, _: u.status_from),
        Column("status_to", get=lambda u, _: u.status_to),
        Column("created_at", outputs=ONLY_API),
    ),
)
