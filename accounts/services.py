"""A person's rights over their own data: a copy of it, and closing their account.

The copy is built from every model that points at the user (found through the model registry,
so a new app's records are included without a change here): the account, its email addresses,
the requests to act for a council and the decisions about them, the signatures, withdrawals and
progress reports the person recorded, and the changes they made (history). Secrets are left
out (password, two-factor secrets, confirmation tokens), and so is anyone else's personal data:
another user is named only as "another user", and what another person wrote about themselves
(``PersonalData.subject_fields``: a clerk's "how we can check") is left out of the copy of
whoever decided about their request or removed them. The apps above this one add their parts
(``accounts.hooks.personal_data_register``: the councils app's requests and outbox).

Closing an account deactivates it and removes the personal data (email replaced, name cleared,
email addresses, second factors and, through the registered parts, their open requests and
the emails waiting for or sent to them removed, every session ended). The user row itself stays,
anonymised: the signatures and progress reports the person recorded are public records of the
councils' decisions, and keep pointing at it (their foreign keys are PROTECT).
"""

import datetime
import decimal
import uuid

from django.apps import apps
from django.contrib.auth import get_user_model
from django.contrib.sessions.models import Session
from django.db import models, transaction
from django.db.models.fields.files import FieldFile
from django.utils import timezone

from .hooks import personal_data_parts

# Fields never copied out: secrets, and what only the portal needs.
SECRET_FIELDS = {
    "password",
    "confirmation_token",  # a council's confirmation link: it must reach the council, not you
    "data",  # allauth's two-factor secrets (Authenticator.data)
    "key",  # email confirmation keys
    "session_data",
}
SOMEONE_ELSES = "Not included: it is another person's."
CLOSED_EMAIL_DOMAIN = "closed.invalid"


def record_value(value, *, user):
    """``value`` as JSON-able data for ``user``'s copy: another user is only "another user"."""
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


def _subject_fields() -> dict:
    found = {}
    for part in personal_data_parts():
        found.update(part.subject_fields)
    return found


def _record(obj, *, user, subject_fields: dict) -> dict:
    subject, subjects_fields = subject_fields.get(type(obj), (None, set()))
    someone_elses = subject is not None and getattr(obj, f"{subject}_id") != user.pk
    record = {}
    for field in obj._meta.concrete_fields:
        if field.name in SECRET_FIELDS:
            continue
        if someone_elses and field.name in subjects_fields:
            record[field.name] = SOMEONE_ELSES
            continue
        value = getattr(obj, field.name) if field.is_relation else field.value_from_object(obj)
        record[field.name] = record_value(value, user=user)
    return record


def _pointers_to_users():
    """(model, field) for every foreign key or one-to-one field to the user model (but the
    models an app exports itself: ``PersonalData.exported_separately``)."""
    User = get_user_model()
    separate = {model for part in personal_data_parts() for model in part.exported_separately}
    for model in apps.get_models():
        if model is User or model is Session or model in separate:
            continue
        for field in model._meta.concrete_fields:
            if field.is_relation and field.related_model is User:
                yield model, field


def user_data_export(*, user) -> dict:
    """Everything the portal holds about ``user``, as JSON-able data."""
    account = {
        "email": user.email,
        "full_name": user.full_name,
        "date_joined": record_value(user.date_joined, user=user),
        "last_login": record_value(user.last_login, user=user),
        "is_active": user.is_active,
        "groups": sorted(user.groups.values_list("name", flat=True)),
    }
    records = {}
    subject_fields = _subject_fields()
    for model, field in _pointers_to_users():
        rows = model._default_manager.filter(**{field.name: user}).order_by("pk")
        related = [f.name for f in model._meta.concrete_fields if f.is_relation]
        if related:
            rows = rows.select_related(*related)
        found = [_record(obj, user=user, subject_fields=subject_fields) for obj in rows]
        if found:
            key = f"{model._meta.verbose_name_plural} ({field.verbose_name})"
            records[key] = found
    for part in personal_data_parts():
        if part.export is not None:
            title, export = part.export
            found = export(user)
            if found:
                records[title] = found
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
    for part in personal_data_parts():
        if part.on_close is not None:
            part.on_close(user)
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
