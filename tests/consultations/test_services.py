"""Consultations' writes: one response per council, drafts kept and sent until the closing
date, two tabs refused, themes, invitations within the one-email-a-day limit, and the 2023-24
record loaded from its published results."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.db import IntegrityError

from consultations.models import Consultation, ConsultationInvitation, Response, Theme
from consultations.services import (
    consultation_counts,
    consultation_invite,
    consultation_open,
    consultation_results,
    councils_not_invited,
    response_save,
    response_values,
    theme_save,
)
from councils.models import Council, Invitation
from councils.services.invitations import invitations_send
from tests.factories import CouncilFactory, CouncilRoleFactory, UserFactory
from ui.conflicts import EditConflict

pytestmark = pytest.mark.django_db


def answers_for(consultation, *choices):
    return {
        q.pk: (choice, f"Comment on {q.order}")
        for q, choice in zip(consultation.questions.all(), choices, strict=False)
    }


def respond(consultation, user, council, *choices, submit, **options):
    """``response_save`` of ``user``'s response for ``council`` (None: an individual) with
    ``answers_for(consultation, *choices)``; ``options`` as ``response_save`` takes them."""
    return response_save(
        consultation=consultation,
        user=user,
        council=council,
        answers=answers_for(consultation, *choices),
        submit=submit,
        **options,
    )


def test_opening_a_draft_sets_the_standard_questions(consultation):
    assert [q.section for q in consultation.questions.all()] == [
        "aims",
        "principles",
        "commitments",
    ]
    assert consultation.is_open()


def test_only_a_draft_and_only_once(charter, consultation):
    today = consultation.opens_on
    with pytest.raises(ValidationError, match="Only a draft"):
        consultation_open(version=charter, title="X", opens_on=today, closes_on=today)
    with pytest.raises(ValidationError, match="has a consultation already"):
        consultation_open(version=consultation.version, title="Y", opens_on=today, closes_on=today)


def test_closing_before_opening_is_refused(draft):
    today = datetime.date(2027, 3, 1)
    with pytest.raises(ValidationError, match="closing date"):
        consultation_open(
            version=draft, title="X", opens_on=today, closes_on=today - datetime.timedelta(days=1)
        )


def test_one_response_per_council_is_a_database_constraint(consultation, council):
    user = UserFactory()
    Response.objects.create(consultation=consultation, council=council, respondent=user)
    with pytest.raises(IntegrityError):
        Response.objects.create(consultation=consultation, council=council, respondent=user)


def test_a_draft_is_kept_then_sent_then_changed_by_another_clerk(consultation, council):
    clerk = CouncilRoleFactory(council=council).user
    other = CouncilRoleFactory(council=council).user
    draft = respond(consultation, clerk, council, "yes", submit=False)
    assert draft.status == Response.Status.DRAFT
    assert consultation_counts(consultation) == {"responses": 0, "councils": 0}

    sent = respond(consultation, clerk, council, "yes", "partly", "no", submit=True)
    assert sent.pk == draft.pk and sent.status == Response.Status.SUBMITTED

    # Saving changes keeps it sent.
    changed = respond(consultation, other, council, "no", "partly", "no", submit=False)
    assert changed.pk == draft.pk and changed.status == Response.Status.SUBMITTED
    assert Response.objects.count() == 1
    assert [r.yes for r in consultation_results(consultation)] == [0, 0, 0]
    assert [r.no for r in consultation_results(consultation)] == [1, 0, 1]


def test_sending_needs_every_question_answered(consultation, council):
    with pytest.raises(ValidationError) as error:
        respond(consultation, UserFactory(), council, "yes", submit=True)
    assert len(error.value.message_dict) == 2
    assert not Response.objects.exists()  # nothing half saved


def test_no_change_after_the_closing_date(consultation, council):
    with pytest.raises(ValidationError, match="has closed"):
        respond(
            consultation,
            UserFactory(),
            council,
            "yes",
            "yes",
            "yes",
            submit=True,
            today=consultation.closes_on + datetime.timedelta(days=1),
        )


def test_a_save_from_a_stale_tab_is_refused(consultation, council):
    user = UserFactory()
    questions = list(consultation.questions.all())
    first = respond(consultation, user, council, "yes", submit=False)
    seen = response_values(first, questions)
    respond(consultation, user, council, "no", submit=False, seen=seen)  # tab 1
    with pytest.raises(EditConflict):  # tab 2, opened before tab 1 saved
        respond(consultation, user, council, "partly", submit=False, seen=seen)
    assert consultation.questions.first().answers.get().choice == "no"


def test_two_tabs_starting_a_new_response_do_not_overwrite(consultation, council):
    user = UserFactory()
    respond(consultation, user, council, "yes", submit=False, seen={})
    with pytest.raises(EditConflict):
        respond(consultation, user, council, "no", submit=False, seen={})


def test_individuals_only_where_allowed_and_one_each(consultation):
    person = UserFactory()
    with pytest.raises(ValidationError, match="Only councils"):
        response_save(
            consultation=consultation, user=person, council=None, answers={}, submit=False
        )
    Consultation.objects.filter(pk=consultation.pk).update(individuals_allowed=True)
    consultation.refresh_from_db()
    for _ in range(2):
        response = respond(
            consultation, person, None, "yes", "yes", "yes", submit=True, publish_consent=True
        )
    assert Response.objects.get() == response
    assert response.publish_consent
    assert consultation_counts(consultation) == {"responses": 1, "councils": 0}


def test_themes_link_sections_of_the_version(consultation):
    key = consultation.version.commitments.first().key
    theme = theme_save(
        consultation=consultation,
        you_said="Bolder commitments.",
        we_did="",
        changed_sections=[f"commitment:{key}"],
    )
    assert theme.order == 1
    with pytest.raises(ValidationError, match="Not a section"):
        theme_save(
            consultation=consultation,
            theme=theme,
            you_said="x",
            we_did="y",
            changed_sections=["commitment:no-such"],
        )


def test_invitations_count_towards_one_email_a_day(consultation, policy_client):
    officer = policy_client.user
    a = CouncilFactory()
    CouncilFactory(contact_email="")
    batch = consultation_invite(
        consultation=consultation,
        councils=Council.objects.filter(pk=a.pk),
        invited_by=officer,
    )
    assert [i.council for i in batch.queued] == [a]
    assert ConsultationInvitation.objects.count() == 1
    assert a not in councils_not_invited(consultation=consultation)
    # The same day, the councils' own invitation to sign waits for tomorrow (registered hook).
    signing = invitations_send(
        councils=Council.objects.filter(pk=a.pk),
        invited_by=officer,
        version=consultation.version.__class__.objects.get(number=1),
    )
    assert signing.too_soon == [a]
    assert not Invitation.objects.exists()


def test_the_2023_24_record_is_loaded_and_loading_again_keeps_what_was_entered(charter):
    call_command("load_consultations")
    consultation = Consultation.objects.get(slug="draft-charter-2023-24")
    assert consultation.version == charter
    assert (consultation.recorded_responses, consultation.recorded_councils) == (96, 58)
    assert consultation.recorded_councils_more_than
    assert consultation.closes_on == datetime.date(2024, 2, 11)
    assert consultation.opens_month_only
    assert [r.agree_percent for r in consultation_results(consultation)] == [78, 86, 90]
    themes = list(consultation.themes.all())
    assert len(themes) == 5
    assert themes[0].we_did.startswith("A statement of what success looks like")
    assert [t.we_did for t in themes[1:]] == ["", "", "", ""]
    assert {s["key"] for s in consultation.sources} == {"S1", "S2", "S3", "S4", "S5", "S6"}

    Theme.objects.filter(pk=themes[1].pk).update(we_did="Entered by the policy team.")
    call_command("load_consultations")
    assert Consultation.objects.count() == 1
    assert Theme.objects.get(pk=themes[1].pk).we_did == "Entered by the policy team."


def test_invitations_go_to_confirmed_clerks_too_counted_once_a_council(consultation, db):
    from councils.models import CouncilRole, OutgoingEmail

    officer = UserFactory()
    no_address = CouncilFactory(contact_email="")
    clerk = CouncilRoleFactory(council=no_address).user
    CouncilRoleFactory(council=no_address, status=CouncilRole.Status.PENDING)  # not yet
    both = CouncilFactory()
    both_clerk = CouncilRoleFactory(council=both).user
    nobody = CouncilFactory(contact_email="")
    batch = consultation_invite(
        consultation=consultation,
        councils=Council.objects.filter(pk__in=[no_address.pk, both.pk, nobody.pk]),
        invited_by=officer,
    )
    assert sorted(i.council.pk for i in batch.queued) == sorted([no_address.pk, both.pk])
    assert batch.skipped == [nobody]
    assert ConsultationInvitation.objects.count() == 2
    sent = sorted(address for e in OutgoingEmail.objects.all() for address in e.to)
    assert sent == sorted([clerk.email, both.contact_email, both_clerk.email])
    assert all(len(e.to) == 1 for e in OutgoingEmail.objects.all())


def test_your_councils_shows_the_open_consultation_to_respond_to(consultation, db):
    from django.test import Client

    from consultations.services import open_consultation_tasks

    role = CouncilRoleFactory()
    client = Client()
    client.force_login(role.user)
    page = client.get("/councils/yours/").content.decode()
    respond_url = f"/consultations/{consultation.slug}/respond/{role.council.slug}/"
    assert consultation.title in page
    assert f'href="{respond_url}"' in page
    assert "Not responded yet." in page
    respond(consultation, role.user, role.council, "yes", "yes", "yes", submit=True)
    assert "Response sent" in client.get("/councils/yours/").content.decode()
    # Closed: no longer shown.
    today = consultation.opens_on
    Consultation.objects.filter(pk=consultation.pk).update(
        opens_on=today - datetime.timedelta(days=30), closes_on=today - datetime.timedelta(days=1)
    )
    assert open_consultation_tasks([role.council]) == []
    assert respond_url not in client.get("/councils/yours/").content.decode()


def test_open_consultations_are_those_taking_responses_today(consultation):
    today = consultation.opens_on
    assert consultation.is_open(today)
    dates = {
        "closed": (today - datetime.timedelta(days=30), today - datetime.timedelta(days=1)),
        "planned": (today + datetime.timedelta(days=1), today + datetime.timedelta(days=30)),
    }
    open_now = set(Consultation.objects.open().values_list("pk", flat=True))
    assert consultation.pk in open_now
    for opens_on, closes_on in dates.values():
        Consultation.objects.filter(pk=consultation.pk).update(
            opens_on=opens_on, closes_on=closes_on
        )
        assert not Consultation.objects.open().filter(pk=consultation.pk).exists()
