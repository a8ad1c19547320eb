"""A person's rights over their own data: a copy of it, and closing their account.

The copy is built from every model that points at the user (found through the model registry,
so a new app's records are included without a change here): the account, its email addresses,
the requests to act for a council and the decisions about them, the signatures, withdrawals and
progress reports the person recorded, and the changes they made (history). Secrets are left
out (password, two-factor secrets, confirmation tokens), and so is anyone else's personal data:
another user is named only as "another user", and what another person wrote about themselves
(``SUBJECT_FIELDS``: a clerk's "how we can check") is left out of the copy of whoever decided
about their request or removed them.

Closing an account deactivates it and removes the personal data (email replaced, name cleared,
email addresses, second factors and the emails waiting for or sent to them deleted, every
session ended). An email is the user's when it was written to an address they had verified
(``OutgoingEmailRecipient``); an email also to others stays for them, without the user's
address. The user row itself stays,
anonymised: the signatures and progress reports the person recorded are public records of the
councils' decisions, and keep pointing at it (their foreign keys are PROTECT).
"""

import datetime
import decimal
import uuid
from email.utils import parseaddr

from django.apps import apps
from django.contrib.auth import get_user_model
from django.contrib.sessions.models import Session
from django.db import models, transaction
from django.db.models.fields.files import FieldFile
from django.utils import timezone

# Fields never copied out: secrets, and what only the portal needs.
SECRET_FIELDS = {
    "password",
    "confirmation_token",  # a council's confirmation link: it must reach the council, not you
    "data",  # allauth's two-factor secrets (Authenticator.data)
    "key",  # email confirmation keys
    "session_data",
}
# Text that belongs to the person a record is about, left out when the record reaches another
# user's copy through another field: the "how we can check" a clerk gave when asking to act for
# a council (their phone number, a minute, a colleague's name) is theirs, not the data of the
# clerk or officer who decided about it or removed them. By model (its history too): the field
# naming that person, and their fields.
SUBJECT_FIELDS = {
    "councils.councilrole": ("user", {"how_to_check"}),
    "councils.historicalcouncilrole": ("user", {"how_to_check"}),
}
SOMEONE_ELSES = "Not included: it is another person's."
CLOSED_EMAIL_DOMAIN = "closed.invalid"
# The user's open requests and roles end with the account (the councils' models, by label, so
# that this module imports no other app).
ROLE_MODEL = "councils.CouncilRole"
OPEN_ROLE_ENDINGS = {"pending": "withdrawn", "confirmed": "removed"}
ACCOUNT_CLOSED = "Account closed"
# The outbox (issue 9) keeps each email up to 30 days after it is sent: those to the user are
# theirs too. The council's confirmation link is left out (it is the council's to use).
OUTBOX_MODEL = "councils.OutgoingEmail"
OUTBOX_RECIPIENT_MODEL = "councils.OutgoingEmailRecipient"  # whose email it is: in "emails to you"
OUTBOX_FIELDS = ["template", "subject", "body", "status", "created_at", "sent_at"]
BODY_WITHHELD = {"council_role_confirm": "Not included: it holds a council's confirmation link."}


def _value(value, *, user):
    if isinstance(value, models.Model):
        if isinstance(value, get_user_model()):
            return "you" if value.pk == user.pk else "another user"
        return str(value)
    if isinstance(value, (datetime.date, datetime.datetime, datetime.time)):
        return value.isoformat()
    if isinstance(value, (decimal.Decimal, uuid.UUID)):
        return str(value)
    if isinstance(value, FieldFile):  # an uploaded file (a toolkit attachment): its name
        return value.name or ""
    return value


def _record(obj, *, user) -> dict:
    subject, subjects_fields = SUBJECT_FIELDS.get(obj._meta.label_lower, (None, set()))
    someone_elses = subject is not None and getattr(obj, f"{subject}_id") != user.pk
    record = {}
    for field in obj._meta.concrete_fields:
        if field.name in SECRET_FIELDS:
            continue
        if someone_elses and field.name in subjects_fields:
            record[field.name] = SOMEONE_ELSES
            continue
        value = getattr(obj, field.name) if field.is_relation else field.value_from_object(obj)
        record[field.name] = _value(value, user=user)
    return record


def _pointers_to_users():
    """(model, field) for every foreign key or one-to-one field to the user model (but the
    outbox's links, read as "emails to you")."""
    User = get_user_model()
    for model in apps.get_models():
        if model is User or model is Session or model._meta.label == OUTBOX_RECIPIENT_MODEL:
            continue
        for field in model._meta.concrete_fields:
            if field.is_relation and field.related_model is User:
                yield model, field


def _emails_to(user):
    """The outbox's emails to ``user``: those linked to them when written, through an address
    they had verified then (``OutgoingEmailRecipient``). Never found by address alone: an
    address added but not confirmed, or since given up, is not proof that an email is theirs."""
    outbox = apps.get_model(OUTBOX_MODEL)._default_manager
    return outbox.filter(recipients__user=user).distinct().order_by("pk")


def _emails_to_you_remove(user) -> None:
    """Each email to ``user`` goes: deleted when it is to nobody else, otherwise kept for the
    others (a signature's notice to the policy team) without the user's address."""
    outbox = apps.get_model(OUTBOX_MODEL)._default_manager
    recipients = apps.get_model(OUTBOX_RECIPIENT_MODEL)._default_manager
    mine = {}
    for email_id, address in recipients.filter(user=user).values_list("email_id", "address"):
        mine.setdefault(email_id, set()).add(address.lower())
    doomed = []
    for email in outbox.select_for_update().filter(pk__in=list(mine)).order_by("pk"):
        others = [to for to in email.to if parseaddr(to)[1].lower() not in mine[email.pk]]
        if others:
            email.to = others
            email.save(update_fields=["to"])
        else:
            doomed.append(email.pk)
    recipients.filter(user=user).delete()
    outbox.filter(pk__in=doomed).delete()


def _email_record(email, *, user) -> dict:
    record = {name: _value(getattr(email, name), user=user) for name in OUTBOX_FIELDS}
    if email.template in BODY_WITHHELD:
        record["body"] = BODY_WITHHELD[email.template]
    return record


def user_data_export(*, user) -> dict:
    """Everything the portal holds about ``user``, as JSON-able data."""
    account = {
        "email": user.email,
        "full_name": user.full_name,
        "date_joined": _value(user.date_joined, user=user),
        "last_login": _value(user.last_login, user=user),
        "is_active": user.is_active,
        "groups": sorted(user.groups.values_list("name", flat=True)),
    }
    records = {}
    for model, field in _pointers_to_users():
        rows = model._default_manager.filter(**{field.name: user}).order_by("pk")
        related = [f.name for f in model._meta.concrete_fields if f.is_relation]
        if related:
            rows = rows.select_related(*related)
        found = [_record(obj, user=user) for obj in rows]
        if found:
            key = f"{model._meta.verbose_name_plural} ({field.verbose_name})"
            records[key] = found
    emails = [_email_record(email, user=user) for email in _emails_to(user)]
    if emails:
        records["emails to you (kept up to 30 days after they are sent)"] = emails
    return {
        "about": (
            "Everything the Oxfordshire Councils Charter portal holds about you, by record: "
            "your account, your email addresses, your requests to act for a council and the "
            "decisions about them, what you recorded (signatures, progress reports) and the "
            "changes you made, and the emails we sent you in the last 30 days. Secrets such as "
            "your password are not included."
        ),
        "exported_at": timezone.now().isoformat(),
        "account": account,
        "records": records,
    }


def _closed_email(user) -> str:
    return f"account-{user.pk}@{CLOSED_EMAIL_DOMAIN}"


@transaction.atomic
def account_close(*, user) -> None:
    """Deactivate ``user`` and remove their personal data; see the module's docstring. The
    caller checks the password first."""
    from allauth.account.models import EmailAddress
    from allauth.mfa.models import Authenticator

    User = get_user_model()
    user = User.objects.select_for_update().get(pk=user.pk)
    now = timezone.now()
    roles = apps.get_model(ROLE_MODEL)
    for role in roles.objects.select_for_update().filter(
        user=user, status__in=list(OPEN_ROLE_ENDINGS)
    ):
        role.status = OPEN_ROLE_ENDINGS[role.status]
        role.decided_at = now
        role.decided_by = user
        role.decision_reason = ACCOUNT_CLOSED
        role._change_reason = ACCOUNT_CLOSED
        role.save()

    _emails_to_you_remove(user)
    EmailAddress.objects.filter(user=user).delete()
    Authenticator.objects.filter(user=user).delete()
    user.email = _closed_email(user)
    user.full_name = ""
    user.is_active = False
    user.is_staff = False
    user.is_superuser = False
    user.set_unusable_password()  # also ends every session: their hash no longer matches
    user.save()
    user.groups.clear()
    user.user_permissions.clear()
    _sessions_end(user)


def _sessions_end(user) -> None:
    """Delete the user's sessions that have not expired (the sessions store has no index by
    user: each one is read)."""
    key = str(user.pk)
    doomed = []
    for session in Session.objects.filter(expire_date__gt=timezone.now()).iterator():
        if session.get_decoded().get("_auth_user_id") == key:
            doomed.append(session.pk)
    Session.objects.filter(pk__in=doomed).delete()
