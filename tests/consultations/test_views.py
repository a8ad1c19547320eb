"""The consultations' pages: "You said, we did" (public, the 2023-24 record), responding for a
council (drafts, 409 from a stale tab, nothing lost to a session that ended), the CSV without
personal details, and the policy team's pages."""

import csv
import io
import re

import pytest
from django.contrib.sessions.models import Session
from django.core.management import call_command
from django.test import Client

from consultations.models import Consultation, Response
from consultations.services import answer_field_names, response_save
from tests.factories import CouncilRoleFactory, UserFactory

pytestmark = pytest.mark.django_db
PASSWORD = "correct horse battery staple"


def text(response):
    return response.content.decode()


def respond_url(consultation, council):
    return f"/consultations/{consultation.slug}/respond/{council.slug}/"


def council_responds(consultation, council):
    """A response sent for ``council`` by a new user, "yes" to every question."""
    return response_save(
        consultation=consultation,
        user=UserFactory(),
        council=council,
        answers={q.pk: ("yes", "") for q in consultation.questions.all()},
        submit=True,
    )


def form_data(consultation, page, *choices, send=True):
    """The form as the page sent it (its ``seen`` token), with ``choices`` answered."""
    seen = re.search(r'name="seen" value="([^"]*)"', page)
    data = {"seen": seen[1] if seen else ""}
    for question, choice in zip(consultation.questions.all(), choices, strict=False):
        name, comment = answer_field_names(question)
        data[name], data[comment] = choice, f"Said on {question.order}"
    data["send" if send else "draft"] = "1"
    return data


def test_the_2023_24_record_shows_what_is_known_and_what_is_not(charter, anon_client):
    call_command("load_consultations")
    page = text(anon_client.get("/consultations/draft-charter-2023-24/"))
    assert "96 responses, from more than 58 councils" in page
    for share in ("78%", "86%", "90%"):
        assert share in page
    assert "January 2024 (the day is not known)" in page
    assert "11 February 2024" in page
    assert page.count("Response not yet recorded") == 4
    assert "A statement of what success looks like was added for each aim" in page
    for key in ("S1", "S2", "S3", "S4", "S5", "S6"):
        assert f"<strong>{key}</strong>" in page
    assert 'href="/charter/versions/1/#aims"' in page or "#aims" in page
    listing = text(anon_client.get("/consultations/"))
    assert "Consultation on the draft charter, 2023-24" in listing


def test_a_clerk_saves_a_draft_then_sends_and_the_page_counts_it(
    consultation, council, clerk_client, anon_client
):
    url = respond_url(consultation, council)
    page = text(clerk_client.get(url))
    response = clerk_client.post(url, form_data(consultation, page, "yes", send=False))
    assert response.status_code == 302
    saved = Response.objects.get()
    assert saved.status == Response.Status.DRAFT and saved.council == council

    page = text(clerk_client.get(url))
    assert "Draft" in page and "Said on 1" in page
    response = clerk_client.post(url, form_data(consultation, page, "yes", "partly", "no"))
    assert response.status_code == 302
    assert Response.objects.get().status == Response.Status.SUBMITTED

    public = text(anon_client.get(consultation.get_absolute_url()))
    assert "1 response, from 1 council" in public
    assert "100%" in public and "0%" in public


def test_sending_with_a_question_unanswered_says_which(consultation, council, clerk_client):
    url = respond_url(consultation, council)
    page = text(clerk_client.get(url))
    response = clerk_client.post(url, form_data(consultation, page, "yes"))
    assert response.status_code == 200
    assert "before you send the response" in text(response)
    assert "Said on 1" in text(response)  # what was typed is kept


def test_a_stale_tab_gets_409_with_what_was_typed(consultation, council, clerk_client):
    url = respond_url(consultation, council)
    tab_1 = text(clerk_client.get(url))
    tab_2 = text(clerk_client.get(url))
    assert (
        clerk_client.post(url, form_data(consultation, tab_1, "yes", send=False)).status_code == 302
    )
    stale = clerk_client.post(url, form_data(consultation, tab_2, "no", send=False))
    assert stale.status_code == 409
    assert "What changed while you were editing" in text(stale)
    assert Response.objects.get().answers.get(question__order=1).choice == "yes"
    # Saving again from the 409 page keeps theirs, knowingly.
    again = clerk_client.post(url, form_data(consultation, text(stale), "no", send=False))
    assert again.status_code == 302
    assert Response.objects.get().answers.get(question__order=1).choice == "no"


def test_a_response_sent_after_the_session_ended_comes_back(consultation, council):
    role = CouncilRoleFactory(council=council)
    client = Client()
    assert (
        client.post(
            "/accounts/login/", {"login": role.user.email, "password": PASSWORD}
        ).status_code
        == 302
    )
    url = respond_url(consultation, council)
    data = form_data(consultation, text(client.get(url)), "partly", send=False)
    Session.objects.filter(session_key=client.session.session_key).delete()
    client.post(url, data)
    assert not Response.objects.exists()
    page = client.post(
        f"/accounts/login/?next={url}",
        {"login": role.user.email, "password": PASSWORD, "next": url},
        follow=True,
    )
    assert "This is what you typed before you were signed out" in text(page)
    assert "Said on 1" in text(page)


def test_another_councils_clerk_and_the_public_cannot_respond(
    consultation, council, other_clerk_client, anon_client
):
    url = respond_url(consultation, council)
    assert other_clerk_client.get(url).status_code == 404
    assert anon_client.get(url).status_code == 302


def test_individuals_only_where_allowed(consultation, user_client):
    url = f"/consultations/{consultation.slug}/respond/yourself/"
    assert user_client.get(url).status_code == 404
    Consultation.objects.filter(pk=consultation.pk).update(individuals_allowed=True)
    page = text(user_client.get(url))
    assert "You may publish what I said" in page


def test_the_csv_leaves_out_people_and_unpublished_individual_views(consultation, council):
    Consultation.objects.filter(pk=consultation.pk).update(individuals_allowed=True)
    consultation.refresh_from_db()
    clerk = CouncilRoleFactory(council=council, user__full_name="Ottoline Brackenbury").user
    answers = {q.pk: ("yes", "Council view") for q in consultation.questions.all()}
    response_save(
        consultation=consultation, user=clerk, council=council, answers=answers, submit=True
    )
    for consent, said in ((True, "Agreed to publish"), (False, "Private view")):
        response_save(
            consultation=consultation,
            user=UserFactory(full_name=f"Resident {said}"),
            council=None,
            answers={q.pk: ("no", said) for q in consultation.questions.all()},
            submit=True,
            publish_consent=consent,
        )
    response = Client().get(f"/consultations/{consultation.slug}/responses.csv")
    body = b"".join(response.streaming_content).decode("utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(body)))
    assert [r["respondent_type"] for r in rows] == ["council", "individual"]
    assert rows[0]["council"] == council.name and rows[0]["q1_answer"] == "Yes"
    assert "Private view" not in body
    assert "Ottoline" not in body and "Resident" not in body and "@" not in body


def _csv_queries(consultation):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        response = Client().get(f"/consultations/{consultation.slug}/responses.csv")
        body = b"".join(response.streaming_content).decode("utf-8-sig")
    return len(queries), list(csv.DictReader(io.StringIO(body)))


def test_the_csv_costs_the_same_queries_however_many_respond(consultation):
    from tests.factories import CouncilFactory

    def respond(count):
        for n in range(count):
            response_save(
                consultation=consultation,
                user=UserFactory(),
                council=CouncilFactory(),
                answers={q.pk: ("partly", f"View {n}") for q in consultation.questions.all()},
                submit=True,
            )

    respond(2)
    few, rows = _csv_queries(consultation)
    assert len(rows) == 2
    respond(25)
    many, rows = _csv_queries(consultation)
    assert len(rows) == 27 and rows[-1]["q1_answer"] == "Partly"
    assert rows[-1]["q1_comment"] == "View 24"
    assert many == few


def test_policy_team_opens_a_draft_and_records_a_theme(draft, policy_client, anon_client):
    response = policy_client.post(
        "/consultations/new/",
        {
            "version": draft.pk,
            "title": "Draft version 2",
            "opens_on": "2026-01-05",
            "closes_on": "2026-01-04",
        },
    )
    assert response.status_code == 200
    assert "on or after the opening date" in text(response)
    response = policy_client.post(
        "/consultations/new/",
        {
            "version": draft.pk,
            "title": "Draft version 2",
            "opens_on": "2026-01-05",
            "closes_on": "2026-02-05",
        },
    )
    assert response.status_code == 302
    consultation = Consultation.objects.get()
    form = text(policy_client.get(f"/consultations/{consultation.slug}/themes/new/"))
    seen = re.search(r'name="seen" value="([^"]*)"', form)[1]
    response = policy_client.post(
        f"/consultations/{consultation.slug}/themes/new/",
        {"seen": seen, "you_said": "Plainer words.", "we_did": "", "changed_sections": ["aims"]},
    )
    assert response.status_code == 302
    page = text(anon_client.get(consultation.get_absolute_url()))
    assert "Plainer words." in page and "Response not yet recorded" in page
    assert text(policy_client.get(f"/consultations/{consultation.slug}/responses/"))


def test_the_charter_version_and_home_pages_link_to_the_consultation(charter, anon_client):
    call_command("load_consultations")
    for url in ("/charter/", "/charter/versions/1/"):
        page = text(anon_client.get(url))
        assert 'href="/consultations/draft-charter-2023-24/"' in page
    assert 'href="/consultations/"' in text(anon_client.get("/"))


def test_the_invite_page_says_how_many_cannot_be_emailed_before_the_button(
    consultation, policy_client
):
    from tests.factories import CouncilFactory

    CouncilFactory(contact_email="")
    CouncilRoleFactory(council=CouncilFactory(contact_email=""))  # reached through its clerk
    CouncilFactory()
    page = text(policy_client.get(f"/consultations/{consultation.slug}/invite/"))
    assert "1 of them cannot be emailed" in page
    assert page.index('href="/councils/policy/contacts/"') < page.index("Invite 3 councils")


def test_the_invite_page_offers_no_button_when_no_council_can_be_emailed(
    consultation, policy_client
):
    from tests.factories import CouncilFactory

    CouncilFactory(contact_email="")
    page = text(policy_client.get(f"/consultations/{consultation.slug}/invite/"))
    assert "None of them can be emailed" in page
    assert "None of them can be emailed" in page and ">Invite 1 council</button>" not in page
    assert '<form method="post" novalidate>' not in page


def _close(consultation):
    import datetime

    today = consultation.opens_on
    Consultation.objects.filter(pk=consultation.pk).update(
        opens_on=today - datetime.timedelta(days=30), closes_on=today - datetime.timedelta(days=1)
    )
    consultation.refresh_from_db()


def test_after_the_closing_date_the_response_is_shown_as_text(consultation, council, clerk_client):
    url = respond_url(consultation, council)
    page = text(clerk_client.get(url))
    assert clerk_client.post(url, form_data(consultation, page, "yes", "partly", "no")).status_code
    _close(consultation)
    page = text(clerk_client.get(url))
    assert "responses cannot be changed" in page
    assert 'type="radio"' not in page and "<textarea" not in page
    assert "govuk-character-count" not in page
    assert "Partly" in page and "Said on 2" in page
    assert consultation.questions.get(order=3).text in page
    assert "Before you answer" not in page and "Read the draft" in page


def test_every_comment_box_says_optional_once(consultation, council, clerk_client):
    page = text(clerk_client.get(respond_url(consultation, council)))
    assert "(optional) (optional)" not in page
    assert page.count("Comments (optional)") == 3


def test_a_conflict_names_the_question_of_each_comment(consultation, council, clerk_client):
    url = respond_url(consultation, council)
    tab_1 = text(clerk_client.get(url))
    tab_2 = text(clerk_client.get(url))
    clerk_client.post(url, form_data(consultation, tab_1, "yes", send=False))
    data = form_data(consultation, tab_2, "no", send=False)
    data[f"q{consultation.questions.get(order=1).pk}-comment"] = "Mine"
    stale = text(clerk_client.post(url, data))
    question = consultation.questions.get(order=1).text
    assert f"Comments on “{question}”" in stale


def test_no_question_or_invitation_controls_once_closed_or_responded(
    consultation, council, charter, policy_client
):
    call_command("load_consultations")
    closed = Consultation.objects.get(slug="draft-charter-2023-24")
    manage = text(policy_client.get("/consultations/manage/"))
    assert f'href="/consultations/{consultation.slug}/questions/new/"' in manage
    assert f'href="/consultations/{closed.slug}/questions/new/"' not in manage
    assert f'href="/consultations/{closed.slug}/invite/"' not in manage
    assert f'href="/consultations/{closed.slug}/invite/"' not in text(
        policy_client.get(closed.get_absolute_url())
    )
    # The closed record: the page says why, and saving is refused with the reason.
    page = text(policy_client.get(f"/consultations/{closed.slug}/questions/new/"))
    assert "closed on 11 February 2024: its questions can no longer change" in page
    assert "<textarea" not in page and 'name="text"' not in page
    refused = policy_client.post(
        f"/consultations/{closed.slug}/questions/new/", {"section": "aims", "text": "New?"}
    )
    assert refused.status_code == 200 and "can no longer change" in text(refused)
    assert closed.questions.count() == 3
    # The open one, once a council has responded.
    council_responds(consultation, council)
    manage = text(policy_client.get("/consultations/manage/"))
    assert f'href="/consultations/{consultation.slug}/questions/new/"' not in manage
    assert f'href="/consultations/{consultation.slug}/invite/"' in manage
    page = text(policy_client.get(f"/consultations/{consultation.slug}/questions/new/"))
    assert "Councils have responded already" in page


def test_the_responses_page_names_each_question_and_the_manage_page_the_month(
    consultation, council, charter, policy_client
):
    council_responds(consultation, council)
    page = text(policy_client.get(f"/consultations/{consultation.slug}/responses/"))
    for question in consultation.questions.all():
        assert question.text in page
    assert "Question 1" not in page
    call_command("load_consultations")
    manage = text(policy_client.get("/consultations/manage/"))
    assert "January 2024 (the day is not known) to 11 February 2024" in manage
    assert "1 January 2024" not in manage


def test_the_2023_24_sources_link_where_the_address_is_known(charter, anon_client):
    call_command("load_consultations")
    page = text(anon_client.get("/consultations/draft-charter-2023-24/"))
    assert 'href="https://letstalk.oxfordshire.gov.uk/ox-councils-charter-yswd"' in page
    assert 'href="https://mycouncil.oxford.gov.uk/ieIssueDetails.aspx?IId=36056"' in page
