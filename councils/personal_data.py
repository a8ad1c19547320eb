"""The councils app's part in a person's data (``accounts.hooks``): registered in
``CouncilsConfig.ready()``.

- A clerk's "how we can check" (``CouncilRole.how_to_check``, and its history) is theirs: left
  out of the copy of whoever decided about their request or removed them.
- The outbox keeps each email up to 30 days after it is sent: those to the user are theirs too,
  found through ``OutgoingEmailRecipient`` (an address they had verified when it was written),
  never by address alone. The council's confirmation link is left out (it is the council's).
- Closing an account withdraws the user's pending requests and removes them from the councils
  they act for (reason "Account closed"), and removes the emails to them: deleted when to
  nobody else, otherwise kept for the others without the user's address.
"""

from email.utils import parseaddr

from django.utils import timezone

from accounts.hooks import PersonalData
from accounts.services import record_value

from .models import CouncilRole, OutgoingEmail, OutgoingEmailRecipient

OPEN_ROLE_ENDINGS = {"pending": "withdrawn", "confirmed": "removed"}
ACCOUNT_CLOSED = "Account closed"
EMAILS_TITLE = "emails to you (kept up to 30 days after they are sent)"
OUTBOX_FIELDS = ["template", "subject", "body", "status", "created_at", "sent_at"]
BODY_WITHHELD = {"council_role_confirm": "Not included: it holds a council's confirmation link."}


def emails_to(user):
    """The outbox's emails to ``user`` (a QuerySet of ``OutgoingEmail``, oldest first)."""
    return OutgoingEmail.objects.filter(recipients__user=user).distinct().order_by("pk")


def emails_export(user) -> list[dict]:
    """The emails to ``user``, as JSON-able dicts of ``OUTBOX_FIELDS``."""
    records = []
    for email in emails_to(user):
        record = {name: record_value(getattr(email, name), user=user) for name in OUTBOX_FIELDS}
        if email.template in BODY_WITHHELD:
            record["body"] = BODY_WITHHELD[email.template]
        records.append(record)
    return records


def _emails_to_you_remove(user) -> None:
    mine = {}
    recipients = OutgoingEmailRecipient.objects.filter(user=user)
    for email_id, address in recipients.values_list("email_id", "address"):
        mine.setdefault(email_id, set()).add(address.lower())
    doomed = []
    for email in OutgoingEmail.objects.select_for_update().filter(pk__in=list(mine)).order_by("pk"):
        others = [to for to in email.to if parseaddr(to)[1].lower() not in mine[email.pk]]
        if others:
            email.to = others
            email.save(update_fields=["to"])
        else:
            doomed.append(email.pk)
    recipients.delete()
    OutgoingEmail.objects.filter(pk__in=doomed).delete()


def account_closing(user) -> None:
    """End ``user``'s open requests and roles, and remove the emails to them (in
    ``account_close``'s transaction)."""
    now = timezone.now()
    for role in CouncilRole.objects.select_for_update().filter(
        user=user, status__in=list(OPEN_ROLE_ENDINGS)
    ):
        role.status = OPEN_ROLE_ENDINGS[role.status]
        role.decided_at = now
        role.decided_by = user
        role.decision_reason = ACCOUNT_CLOSED
        role._change_reason = ACCOUNT_CLOSED
        role.save()
    _emails_to_you_remove(user)


def personal_data() -> PersonalData:
    """The part to register (models are loaded by then)."""
    return PersonalData(
        subject_fields={
            CouncilRole: ("user", {"how_to_check"}),
            CouncilRole.history.model: ("user", {"how_to_check"}),
        },
        exported_separately=[OutgoingEmailRecipient],
        export=(EMAILS_TITLE, emails_export),
        on_close=account_closing,
    )
