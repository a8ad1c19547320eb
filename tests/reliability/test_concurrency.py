"""Concurrency through real HTTP: gunicorn's workers and PostgreSQL, many clerks or
officers at once, as browsers would send them."""

import pytest
from django.urls import reverse

from actions.models import ActionItem
from councils.models import Council, OutgoingEmail, Signature
from tests.factories import ActionItemFactory, CouncilRoleFactory, PolicyOfficerFactory
from tests.helpers import all_at_once

from .server import Browser, Response, form_fields, replace_fields, session_cookie

pytestmark = pytest.mark.django_db(transaction=True)

CLERKS = 50


def signed_in(portal, user) -> Browser:
    return Browser(portal.url, cookies={"sessionid": session_cookie(user)})


def test_fifty_clerks_signing_for_one_council_at_once_give_one_signature(portal, council, signing):
    clerks = [signed_in(portal, CouncilRoleFactory(council=council).user) for _ in range(CLERKS)]

    def ready(browser: Browser) -> Response:
        assert browser.get(signing.form).status == 200
        return browser.post(signing.form, signing.answers)

    # Each clerk fills in the form (kept in their session) and sees the check page...
    for response in all_at_once([lambda b=b: ready(b) for b in clerks]):
        assert not isinstance(response, Exception), response
        assert (response.status, response.location) == (302, signing.check)
    assert not Signature.objects.exists()
    for browser in clerks:
        assert browser.get(signing.check).status == 200  # the check page, and its CSRF token

    # ... then all 50 press "Sign" at the same moment.
    responses = all_at_once([lambda b=b: b.post(signing.check) for b in clerks])

    errors = [r for r in responses if isinstance(r, Exception) or r.status not in (200, 302)]
    assert not errors, errors[:3]
    assert Signature.objects.filter(council=council).count() == 1
    signature = Signature.objects.get()
    winners = [r for r in responses if r.location == council.get_absolute_url()]
    assert len(winners) == 1
    losers = [r for r in responses if r.location == reverse("councils:my-councils")]
    assert len(losers) == CLERKS - 1
    assert Council.objects.get(pk=council.pk).status == "signed"
    assert signature.recorded_by in {role.user for role in council.roles.all()}
    # One notification, written with the signature and sent on commit (to the console here).
    assert OutgoingEmail.objects.get().status == "sent"
    # The losers are told why, on the page they land on.
    page = clerks[responses.index(losers[0])].get(losers[0].location)
    assert page.status == 200 and "has already signed version 1" in page.text
    assert "Traceback" not in portal.log() and " 500 " not in portal.log()


def test_two_officers_editing_one_action_at_once_lose_nothing(portal, charter):
    item = ActionItemFactory(title="Agree a protocol")
    officers = [signed_in(portal, PolicyOfficerFactory()) for _ in range(2)]
    edit = reverse("actions:edit", kwargs={"reference": item.reference})
    forms = []
    for officer in officers:
        page = officer.get(edit)
        assert page.status == 200, page.text[:500]
        forms.append(form_fields(page.text, having="version"))
    typed = [
        {"title": "Agree a protocol with the district councils", "description": "Mine: Ann's."},
        {"title": "Agree & publish a protocol <by March>", "description": "Mine: Bo's."},
    ]
    responses = all_at_once(
        [lambda i=i: officers[i].post(edit, replace_fields(forms[i], **typed[i])) for i in range(2)]
    )
    assert sorted(r.status for r in responses) == [302, 409], [r.status for r in responses]
    saved, refused = (0, 1) if responses[0].status == 302 else (1, 0)
    item = ActionItem.objects.get(pk=item.pk)
    assert (item.title, item.description) == (typed[saved]["title"], typed[saved]["description"])
    assert item.version == 2

    # The officer refused is told, and keeps every value they typed (escaped), ...
    page = responses[refused].text
    assert "saved this action after you opened it" in page
    assert "Your changes have not been saved" in page
    from django.utils.html import escape

    assert f'value="{escape(typed[refused]["title"])}"' in page
    assert escape(typed[refused]["description"]) in page
    # ... and saving the form again, now that they have seen the other's change, keeps theirs.
    again = officers[refused].post(edit, form_fields(page, having="version"))
    assert again.status == 302, again.text[:500]
    item = ActionItem.objects.get(pk=item.pk)
    assert (item.title, item.description) == (
        typed[refused]["title"],
        typed[refused]["description"],
    )
    assert item.version == 3
    assert item.history.count() == 3  # created, the first save, the second: nothing lost
