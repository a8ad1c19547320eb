"""The back office never writes around the services: every model whose rules live in a service
is read only in the admin (``ui.admin.ReadOnlyAdminMixin``). A model may be changed in the admin
only if it is on ``ALLOWED`` below, with the reason."""

import pytest
from django.contrib import admin
from django.test import RequestFactory
from django.urls import reverse

from councils.models import Council, Signature
from tests.factories import AdminFactory, CouncilFactory

# label: (the permissions the admin keeps, why no service owns those writes)
ALLOWED = {
    "accounts.User": (
        {"add", "change"},
        "admins add staff and give them the policy team's group; closing an account is "
        "account_close, so no delete",
    ),
    "sites.Site": ({"add", "change", "delete"}, "the site's domain, set once by an admin"),
    "account.EmailAddress": (
        {"add", "change", "delete"},
        "allauth's own admin for a person's addresses",
    ),
    "mfa.Authenticator": (
        {"add", "change", "delete"},
        "allauth's own admin: removing a lost second factor",
    ),
}


def _admins():
    for model, model_admin in admin.site._registry.items():
        yield model._meta.label, model_admin
        for inline in model_admin.get_inline_instances(_request()):
            yield f"{model._meta.label} inline {inline.model._meta.label}", inline


def _request():
    request = RequestFactory().get("/admin/")
    request.user = AdminFactory.build(is_superuser=True, is_staff=True)
    return request


def _granted(model_admin) -> set[str]:
    request = _request()
    checks = {
        "add": lambda: (
            model_admin.has_add_permission(request, None)
            if isinstance(model_admin, admin.options.InlineModelAdmin)
            else model_admin.has_add_permission(request)
        ),
        "change": lambda: model_admin.has_change_permission(request, None),
        "delete": lambda: model_admin.has_delete_permission(request, None),
    }
    return {name for name, check in checks.items() if check()}


def test_every_admin_outside_the_allow_list_is_read_only():
    """Walks every registered ModelAdmin and its inlines, as a superuser."""
    writable = {}
    for label, model_admin in _admins():
        granted = _granted(model_admin)
        allowed = ALLOWED.get(label, (set(), ""))[0]
        if granted - allowed:
            writable[label] = sorted(granted - allowed)
    assert writable == {}, f"these admins write around the services: {writable}"


def test_the_allow_list_names_only_registered_models():
    registered = {label for label, _ in _admins()}
    assert set(ALLOWED) <= registered


@pytest.mark.django_db
def test_adding_a_signature_in_the_back_office_is_refused(admin_client, charter):
    """Today's bug: a signature added here left the council "not signed" in the directory, with
    no history reason and no email."""
    council = CouncilFactory()
    response = admin_client.post(
        reverse("admin:councils_signature_add"),
        {
            "council": council.pk,
            "version": charter.pk,
            "resolution_date": "2026-01-05",
            "minute_reference": "Minute 12/26",
            "authorised_by_name": "Jo Smith",
            "authorised_by_role": "Chair",
            "recorded_by": council.pk,
        },
    )
    assert response.status_code == 403
    assert not Signature.objects.exists()
    assert Council.objects.get(pk=council.pk).status == Council.Status.NOT_SIGNED


@pytest.mark.django_db
def test_the_back_office_still_shows_a_council_and_its_history(admin_client):
    council = CouncilFactory()
    change = reverse("admin:councils_council_change", args=[council.pk])
    assert admin_client.get(change).status_code == 200
    history = reverse("admin:councils_council_history", args=[council.pk])
    assert admin_client.get(history).status_code == 200
    response = admin_client.post(change, {"name": "Renamed"})
    assert response.status_code == 403
    assert Council.objects.get(pk=council.pk).name == council.name


@pytest.mark.django_db
def test_the_policy_team_may_only_view_in_the_back_office():
    from django.contrib.auth.models import Group

    from charter_portal.roles import roles_sync
    from councils.permissions import POLICY_TEAM_GROUP

    roles_sync()
    codenames = Group.objects.get(name=POLICY_TEAM_GROUP).permissions.values_list(
        "codename", flat=True
    )
    assert codenames and all(codename.startswith("view_") for codename in codenames)
