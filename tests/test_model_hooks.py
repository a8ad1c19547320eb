"""No logic in a model's ``save()``, ``delete()`` or ``from_db()``: derived values are kept by the
services that write (``council_save`` sets a council's ``search_name``, ``progress_report_save``
moves the latest-report marker), so nothing about a write hides in the model, and every writer
(forms, imports, commands; the admin only reads) goes through the services."""

import pytest
from django.apps import apps

from councils.models import Council
from councils.models.register import search_key
from councils.services.register import council_correct, council_register_import
from tests.factories import CouncilFactory, PolicyOfficerFactory

PORTAL_APPS = {
    "accounts",
    "actions",
    "api",
    "charter_portal",
    "commitments",
    "councils",
    "partnerships",
    "ui",
}
HOOKS = ("save", "delete", "from_db", "refresh_from_db")


def test_no_portal_model_overrides_save_delete_or_from_db():
    found = [
        f"{model._meta.label}.{hook}"
        for model in apps.get_models()
        if model._meta.app_label in PORTAL_APPS and not model.__name__.startswith("Historical")
        for klass in model.__mro__
        if klass.__module__.split(".")[0] in PORTAL_APPS
        for hook in HOOKS
        if hook in vars(klass)
    ]
    assert found == [], f"Move this logic into the app's services: {found}"


@pytest.mark.django_db
def test_a_correction_of_the_name_sets_the_search_name():
    council = CouncilFactory(name="Adderbury Parish Council")
    council_correct(
        council=council, data={"name": "St. Hélène’s Parish Council"}, user=PolicyOfficerFactory()
    )
    council.refresh_from_db()
    assert council.search_name == "st helenes parish council"
    assert Council.objects.search("helenes").get() == council


@pytest.mark.django_db
def test_an_import_sets_the_search_name_of_new_and_renamed_councils():
    header = "gss_code,name,kind,district,website,kind_confirmed\n"
    district = "E07000177,Cherwell District Council,district,Cherwell,,yes\n"
    row = "E04008018,Adderbury P.C.,parish,Cherwell,,no\n"
    council_register_import(text=header + district + row)
    council = Council.objects.get(codes__code="E04008018")
    assert council.search_name == "adderbury p c"
    row = "E04008018,Ådderbury Town,town,Cherwell,,no\n"
    council_register_import(text=header + district + row)
    council.refresh_from_db()
    assert council.search_name == search_key("Ådderbury Town") == "adderbury town"


@pytest.mark.django_db
def test_the_admin_cannot_change_a_council_around_the_services(admin_client):
    council = CouncilFactory(name="Adderbury Parish Council")
    url = f"/admin/councils/council/{council.pk}/change/"
    assert admin_client.get(url).status_code == 200
    admin_client.post(url, {"name": "Renamed", "slug": council.slug, "kind": "parish"})
    council.refresh_from_db()
    assert council.name == "Adderbury Parish Council"
    assert council.search_name == "adderbury parish council"
