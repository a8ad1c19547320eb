"""Signing the charter for a council: the form, check your answers, one signature per council
per version (also under concurrency), withdrawal, re-affirmation, paper signatures."""

import datetime

import pytest
from django.conf import settings
from django.core import mail
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from commitments.services import charter_version_draft, charter_version_publish
from councils.models import Council, Signature
from councils.services.signing import signature_record, signature_withdraw
from tests.factories import CouncilRoleFactory, UserFactory
from tests.helpers import POLICY_TEAM_ONLY, all_at_once, assert_get_statuses

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


GOOD = {
    "resolution_date": "2026-03-12",
    "minute_reference": "Minute 45/26",
    "minutes_url": "https://adderbury.example.org/minutes/2026-03.pdf",
    "authorised_by_name": "Jo Bloggs",
    "authorised_by_role": "Chair of the council",
}


@pytest.fixture(autouse=True)
def today(monkeypatch):
    """Fix "today" at 1 June 2026, after GOOD's resolution date."""
    day = datetime.date(2026, 6, 1)
    monkeypatch.setattr(timezone, "localdate", lambda *a, **k: day)
    return day


def sign_url(council, name="sign"):
    return reverse(f"councils:{name}", kwargs={"slug": council.slug})


def record(council, version, **overrides):
    data = {**GOOD, "resolution_date": datetime.date(2026, 3, 12), **overrides}
    return signature_record(council=council, version=version, recorded_by=UserFactory(), **data)


def publish_v2():
    from commitments.models import CharterVersion

    draft = charter_version_draft(source=CharterVersion.objects.get(number=1))
    return charter_version_publish(version=draft, published_on=datetime.date(2026, 4, 1))


# --- Who may sign ---


def test_sign_pages_only_for_the_councils_clerks(
    anon_client, user_client, other_clerk_client, policy_client, clerk_client, council, charter
):
    for name in ["sign", "sign-check", "signature-withdraw"]:
        url = sign_url(council, name)
        assert anon_client.get(url).status_code == 302
        for client in [user_client, other_clerk_client, policy_client]:
            assert client.get(url).status_code == 404, (name, client.user)
            assert client.post(url, GOOD).status_code == 404
    assert clerk_client.get(sign_url(council)).status_code == 200
    assert not Signature.objects.exists()


# --- The form, check your answers, and signing ---


def test_sign_form_then_check_then_sign(
    clerk_client, council, charter, django_capture_on_commit_callbacks
):
    response = clerk_client.post(sign_url(council), GOOD)
    assert response.status_code == 302 and response.url == sign_url(council, "sign-check")
    assert not Signature.objects.exists()  # nothing published before the check

    check = clerk_client.get(response.url)
    assert check.status_code == 200
    for text in ["12 March 2026", "Minute 45/26", GOOD["minutes_url"], "Jo Bloggs, Chair"]:
        assert text in check.text

    # Going back to change keeps every answer.
    back = clerk_client.get(sign_url(council))
    assert 'value="Minute 45/26"' in back.text
    for part, value in (("day", "12"), ("month", "3"), ("year", "2026")):  # GOV.UK date input
        assert f'name="resolution_date_{part}" id="id_resolution_date_' in back.text
        assert f'value="{value}"' in back.text

    with django_capture_on_commit_callbacks(execute=True):
        response = clerk_client.post(sign_url(council, "sign-check"))
    assert response.status_code == 302 and response.url == council.get_absolute_url()
    signature = Signature.objects.get()
    assert (signature.council, signature.version, signature.recorded_by) == (
        council,
        charter,
        clerk_client.user,
    )
    assert not signature.on_paper
    council.refresh_from_db()
    assert (council.status, council.signed_on) == ("signed", datetime.date(2026, 3, 12))
    [email] = mail.outbox
    assert sorted(email.to) == sorted([settings.POLICY_TEAM_EMAIL, clerk_client.user.email])
    assert "Minute 45/26" in email.body and settings.SITE_URL in email.body

    # At once in the directory and on the council page, with its history.
    assert "Signed" in clerk_client.get("/councils/?status=signed").text
    page = clerk_client.get(council.get_absolute_url()).text
    assert "Version 1" in page and "Jo Bloggs" in page
    # The check page's answers are gone; signing again is refused clearly.
    response = clerk_client.post(sign_url(council, "sign-check"), follow=True)
    assert "has already signed version 1" in response.text
    assert Signature.objects.count() == 1


def test_check_page_without_answers_goes_back_to_the_form(clerk_client, council, charter):
    response = clerk_client.get(sign_url(council, "sign-check"))
    assert response.status_code == 302 and response.url == sign_url(council)
    assert clerk_client.post(sign_url(council, "sign-check")).status_code == 302
    assert not Signature.objects.exists()


@pytest.mark.parametrize(
    "change, field, message",
    [
        ({"resolution_date": ""}, "resolution_date", "Enter the date of the council"),
        ({"resolution_date": "31/02/2026"}, "resolution_date", "Enter a real date"),
        ({"resolution_date": "2026-06-02"}, "resolution_date", "today or in the past"),
        ({"resolution_date": "2024-06-30"}, "resolution_date", "on or after 1 July 2024"),
        ({"minute_reference": " "}, "minute_reference", "Enter the minute reference"),
        ({"minutes_url": "javascript:alert(1)"}, "minutes_url", "Enter a web address, for example"),
        (
            {"minutes_url": "ftp://example.org/m.pdf"},
            "minutes_url",
            "Enter a web address, for example",
        ),
        ({"minutes_url": "not a url"}, "minutes_url", "Enter a web address, for example"),
        ({"authorised_by_name": ""}, "authorised_by_name", "Enter the name"),
        ({"authorised_by_role": ""}, "authorised_by_role", "Enter the role"),
        (
            {"minute_reference": "x" * 101},
            "minute_reference",
            "100 characters or fewer: you have 1 character too many",
        ),
    ],
)
def test_sign_form_bad_input(clerk_client, council, charter, change, field, message):
    response = clerk_client.post(sign_url(council), {**GOOD, **change})
    assert response.status_code == 200
    assert "There is a problem" in response.text
    anchor = f"id_{field}_0" if field == "resolution_date" else f"id_{field}"  # the day box
    assert f'href="#{anchor}"' in response.text
    assert message in response.text
    # Nothing typed is lost.
    assert 'value="Jo Bloggs"' in response.text or field == "authorised_by_name"


def test_minutes_link_is_optional(clerk_client, council, charter):
    response = clerk_client.post(sign_url(council), {**GOOD, "minutes_url": ""})
    assert response.status_code == 302
    assert "Not given" in clerk_client.get(response.url).text


def test_sign_page_when_already_signed(clerk_client, council, charter):
    record(council, charter)
    response = clerk_client.get(sign_url(council), follow=True)
    assert "has already signed version 1" in response.text
    assert clerk_client.post(sign_url(council), GOOD).status_code == 302
    assert Signature.objects.count() == 1


def test_sign_without_a_published_version(clerk_client, council):
    response = clerk_client.get(sign_url(council), follow=True)
    assert "no published version" in response.text


# --- One signature per council per version ---


def test_service_refuses_a_second_signature(council, charter):
    record(council, charter)
    with pytest.raises(ValidationError, match="already signed version 1"):
        record(council, charter, minute_reference="Minute 2")
    assert Signature.objects.count() == 1


def test_database_refuses_a_second_signature(council, charter):
    from django.db import IntegrityError, transaction

    record(council, charter)
    with pytest.raises(IntegrityError), transaction.atomic():
        Signature.objects.create(
            council=council,
            version=charter,
            resolution_date=datetime.date(2026, 3, 1),
            minute_reference="x",
            authorised_by_name="x",
            authorised_by_role="x",
            recorded_by=UserFactory(),
        )


@pytest.mark.django_db(transaction=True)
def test_two_clerks_signing_at_once_give_one_signature(charter):
    from tests.factories import CouncilFactory

    council = CouncilFactory()
    clerks = [CouncilRoleFactory(council=council).user for _ in range(2)]

    def sign(user):
        try:
            signature_record(
                council=council,
                version=charter,
                recorded_by=user,
                **{**GOOD, "resolution_date": datetime.date(2026, 3, 12)},
            )
        except ValidationError as error:
            return " ".join(error.messages)
        return "signed"

    outcomes = all_at_once([lambda u=u: sign(u) for u in clerks], own_connections=True)
    assert sorted(outcomes)[1] == "signed"
    assert "already signed version 1" in sorted(outcomes)[0]
    assert Signature.objects.filter(council=council).count() == 1
    assert Council.objects.get(pk=council.pk).status == "signed"


# --- Withdrawal ---


def test_withdraw(clerk_client, council, charter, django_capture_on_commit_callbacks):
    record(council, charter)
    url = sign_url(council, "signature-withdraw")
    assert clerk_client.get(url).status_code == 200
    for data, message in [
        ({"withdrawn_on": "2026-03-01", "reason": "x"}, "on or after the resolution"),
        ({"withdrawn_on": "2026-07-01", "reason": "x"}, "today or in the past"),
        ({"withdrawn_on": "2026-05-01", "reason": " "}, "Give the reason"),
        ({"withdrawn_on": "nonsense", "reason": "x"}, "Enter a real date"),
    ]:
        response = clerk_client.post(url, data)
        assert response.status_code == 200 and message in response.text
        assert "There is a problem" in response.text
    with django_capture_on_commit_callbacks(execute=True):
        response = clerk_client.post(
            url, {"withdrawn_on": "2026-05-01", "reason": "Council voted to withdraw"}
        )
    assert response.status_code == 302
    council.refresh_from_db()
    assert council.status == "withdrawn"
    assert "withdrawn" in mail.outbox[-1].subject
    page = clerk_client.get(council.get_absolute_url()).text
    assert "Council voted to withdraw" in page
    # Nothing left to withdraw; the same version cannot be signed again.
    assert clerk_client.get(url).status_code == 302
    assert "withdrew from version 1" in clerk_client.get(sign_url(council), follow=True).text


def test_withdraw_twice_is_refused(council, charter):
    signature = record(council, charter)
    user = UserFactory()
    signature_withdraw(
        signature=signature, withdrawn_by=user, withdrawn_on=datetime.date(2026, 5, 1), reason="x"
    )
    with pytest.raises(ValidationError, match="already been withdrawn"):
        signature_withdraw(
            signature=signature,
            withdrawn_by=user,
            withdrawn_on=datetime.date(2026, 5, 1),
            reason="x",
        )


def test_other_clerk_cannot_withdraw(other_clerk_client, council, charter):
    record(council, charter)
    url = sign_url(council, "signature-withdraw")
    assert (
        other_clerk_client.post(url, {"withdrawn_on": "2026-05-01", "reason": "x"}).status_code
        == 404
    )
    assert Signature.objects.active().count() == 1


# --- Re-affirmation for a new version ---


def test_reaffirm_when_a_new_version_is_published(clerk_client, council, charter):
    record(council, charter)
    v2 = publish_v2()
    page = clerk_client.get("/councils/yours/").text
    assert f"Re-affirm for version {v2.number}" in page
    form = clerk_client.get(sign_url(council)).text
    assert "Re-affirm the charter for version 2" in form
    # A resolution before version 2 was published cannot re-affirm it.
    response = clerk_client.post(sign_url(council), {**GOOD, "resolution_date": "2026-03-12"})
    assert "on or after 1 April 2026" in response.text
    clerk_client.post(sign_url(council), {**GOOD, "resolution_date": "2026-05-10"})
    assert clerk_client.post(sign_url(council, "sign-check")).status_code == 302
    council.refresh_from_db()
    assert (council.status, council.signed_version) == ("signed", v2)
    assert council.signatures.count() == 2
    page = clerk_client.get(council.get_absolute_url()).text
    assert "Version 2" in page and "Version 1" in page


# --- Signatures received on paper ---

PAPER = "/councils/policy/signatures/paper/"


def test_paper_signature_permissions(request, charter):
    assert_get_statuses(request, PAPER, POLICY_TEAM_ONLY)


def test_paper_signature_recorded(
    policy_client, council, charter, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = policy_client.post(PAPER, {**GOOD, "council": council.pk})
    assert response.status_code == 302
    signature = Signature.objects.get()
    assert signature.on_paper and signature.recorded_by == policy_client.user
    council.refresh_from_db()
    assert council.status == "signed"
    assert "Received on paper" in policy_client.get(council.get_absolute_url()).text
    assert mail.outbox[-1].to == [settings.POLICY_TEAM_EMAIL]
    # Twice: a clear message next to the council.
    response = policy_client.post(PAPER, {**GOOD, "council": council.pk})
    assert response.status_code == 200
    assert "has already signed version 1" in response.text
    assert 'href="#id_council"' in response.text


@pytest.mark.parametrize("council_value", ["", "0", "abc"])
def test_paper_signature_bad_council(policy_client, charter, council_value):
    response = policy_client.post(PAPER, {**GOOD, "council": council_value})
    assert response.status_code == 200 and "There is a problem" in response.text
    assert not Signature.objects.exists()


def test_paper_signature_without_a_published_version(policy_client):
    assert policy_client.get(PAPER).status_code == 302


# --- A new version never strands a council ---


def test_resolution_before_a_new_version_is_recorded_against_the_version_then_in_force(
    clerk_client, council, charter
):
    """A meeting resolved to sign on 12 March; version 2 was published on 1 April; the clerk
    records it in June: it counts, as a signature of version 1."""
    v2 = publish_v2()
    form = clerk_client.get(sign_url(council)).text
    assert "the resolution is recorded against the version in force then" in form
    response = clerk_client.post(sign_url(council), {**GOOD, "resolution_date": "2026-03-12"})
    assert response.status_code == 302, response.text
    check = clerk_client.get(sign_url(council, "sign-check")).text
    assert "Version 1, published" in check and "The version in force on the date" in check
    response = clerk_client.post(sign_url(council, "sign-check"), follow=True)
    [signature] = Signature.objects.all()
    assert (signature.version.number, signature.resolution_date) == (1, datetime.date(2026, 3, 12))
    assert "signed version 1" in response.text and "re-affirm" in response.text
    council.refresh_from_db()
    assert (council.status, council.signed_version.number) == ("signed", 1)
    # It can re-affirm version 2 afterwards.
    assert f"Re-affirm for version {v2.number}" in clerk_client.get("/councils/yours/").text


def test_service_refuses_a_version_not_in_force_on_the_resolution_date(council, charter):
    v2 = publish_v2()
    with pytest.raises(ValidationError) as error:
        record(council, v2, resolution_date=datetime.date(2026, 3, 12))
    assert "on or after 1 April 2026" in str(error.value)
    with pytest.raises(ValidationError) as error:
        record(council, charter, resolution_date=datetime.date(2026, 5, 1))
    assert "version 2 of the charter was in force" in str(error.value)
    assert record(council, charter).version == charter


def test_paper_form_records_any_published_version(policy_client, council, charter):
    publish_v2()
    page = policy_client.get(PAPER).text
    assert "Version 1, published" in page and "(superseded)" in page
    response = policy_client.post(
        PAPER, {**GOOD, "council": council.pk, "signed_version": charter.pk}
    )
    assert response.status_code == 302
    assert Signature.objects.get().version == charter
    # A date before the chosen version was published is shown next to the date.
    other = Council.objects.exclude(pk=council.pk).first() or council
    response = policy_client.post(
        PAPER,
        {
            **GOOD,
            "council": other.pk,
            "signed_version": charter.pk,
            "resolution_date": "2024-01-01",
        },
    )
    assert response.status_code == 200 and 'href="#id_resolution_date_0"' in response.text
