"""Progress reports in a real browser: a clerk of three councils reports for each, the form in
its error state, a keyboard-only pass, the public pages and the policy team's pages; axe on
every page."""

import pytest
from django.conf import settings
from django.test import Client

from councils.models import ProgressReport, ReportingPeriod

from ..factories import (
    CouncilFactory,
    CouncilRoleFactory,
    DistrictFactory,
    PolicyOfficerFactory,
    ProgressReportFactory,
    signatory,
)
from .axe import assert_no_axe_violations

try:
    from .helpers import login
except ImportError:  # the shared helper is not there: the same thing, here

    def login(page, user, live_server):
        client = Client()
        client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
        cookie = settings.SESSION_COOKIE_NAME
        page.context.add_cookies(
            [{"name": cookie, "value": client.cookies[cookie].value, "url": live_server.url}]
        )
        return user


pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

NOW = ReportingPeriod.current()


def test_a_clerk_of_three_councils_reports_for_each(page, live_server, charter):
    councils = [signatory(CouncilFactory(), charter) for _ in range(3)]
    role = CouncilRoleFactory(council=councils[0])
    for council in councils[1:]:
        CouncilRoleFactory(council=council, user=role.user)
    login(page, role.user, live_server)

    for n, council in enumerate(councils):
        page.goto(f"/councils/{council.slug}/progress/")
        assert page.get_by_role("heading", level=1).inner_text() == f"Report progress for {NOW}"
        if n == 0:
            assert_no_axe_violations(page)
        page.get_by_role("link", name="Communication", exact=True).first.click()
        if n == 0:
            assert_no_axe_violations(page)
            # The form in its error state: nothing chosen, a bad link; what was typed stays.
            page.get_by_label("What the council did").fill("Our newsletter")
            page.get_by_label("Evidence links").fill("not a link")
            page.get_by_role("button", name="Save the report").click()
            summary = page.locator(".govuk-error-summary")
            assert "Choose how far the council has got" in summary.inner_text()
            assert "is not a web address" in summary.inner_text()
            assert page.get_by_label("What the council did").input_value() == "Our newsletter"
            assert_no_axe_violations(page)
            page.get_by_label("Evidence links").fill("https://example.org/news")
        page.get_by_label("In progress").check()
        page.get_by_label("What the council did").fill(f"Newsletter number {n}")
        page.get_by_role("button", name="Save the report").click()
        banner = page.locator(".govuk-notification-banner--success")
        assert f"Saved the report on Communication for {NOW}" in banner.inner_text()
        assert page.locator("#task-1-status").inner_text().strip() == "Reported"
    assert ProgressReport.objects.filter(reported_by=role.user).count() == 3


def test_the_report_form_by_keyboard_only(page, live_server, charter):
    council = signatory(CouncilFactory(), charter)
    role = CouncilRoleFactory(council=council)
    login(page, role.user, live_server)
    page.goto(f"/councils/{council.slug}/progress/resources/")

    def tab_to(predicate: str, limit=60):
        for _ in range(limit):
            page.keyboard.press("Tab")
            script = f"(() => {{ const e = document.activeElement; return {predicate}; }})()"
            if page.evaluate(script):
                return
        raise AssertionError(f"Tab never reached {predicate}")

    tab_to("e.name === 'status'")
    page.keyboard.press("Space")  # the first status: not started
    for _ in range(4):
        page.keyboard.press("ArrowDown")  # ... down to not applicable, which reveals the reason
    assert page.locator("#id_status_4").is_checked()
    assert page.locator("#id_not_applicable_reason").is_visible()
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.id") == "id_not_applicable_reason"
    page.keyboard.type("The council has no staff or budget.")
    tab_to("e.id === 'id_what_we_did'")
    page.keyboard.type("Nothing to report.")
    tab_to("e.tagName === 'BUTTON'")
    page.keyboard.press("Enter")
    page.wait_for_url(f"**/councils/{council.slug}/progress/")
    report = ProgressReport.objects.get()
    assert report.status == "not-applicable"
    assert report.not_applicable_reason == "The council has no staff or budget."


def test_public_progress_pages(page, live_server, charter):
    cherwell = DistrictFactory(name="Cherwell")
    communication = charter.commitments.get(key="communication")
    councils = [signatory(CouncilFactory(district=cherwell), charter) for _ in range(3)]
    ProgressReportFactory(council=councils[0], commitment=communication, status="embedded")
    ProgressReportFactory(
        council=councils[1],
        commitment=communication,
        period_year=NOW.previous().year,
        period_quarter=NOW.previous().quarter,
        status="planned",
    )
    ProgressReportFactory(council=councils[1], commitment=communication)

    page.goto("/councils/progress/")
    table = page.get_by_role("table")
    assert "Cherwell" in table.inner_text() and "67%" in table.inner_text()
    assert_no_axe_violations(page)
    page.goto("/councils/progress/?period=nonsense")
    assert "Choose a reporting period" in page.locator(".govuk-error-summary").inner_text()
    assert_no_axe_violations(page)
    page.goto("/charter/commitments/communication/")
    assert page.get_by_role("heading", name="How far the signatories have got").is_visible()
    assert_no_axe_violations(page)
    page.goto(councils[1].get_absolute_url())
    page.get_by_text("Earlier reports on Communication (1)").click()
    assert_no_axe_violations(page)


def test_policy_progress_pages(page, live_server, charter):
    signatory(CouncilFactory(name="Slow Parish Council"), charter)
    login(page, PolicyOfficerFactory(), live_server)
    page.goto("/policy/")
    assert page.get_by_role("heading", name="Progress").is_visible()
    assert_no_axe_violations(page)
    page.get_by_role("link", name="not reported on every commitment").click()
    assert "Slow Parish Council" in page.get_by_role("table").inner_text()
    assert_no_axe_violations(page)
    page.get_by_role("button", name="Send a reminder to 1 council").click()
    assert "Reminders for" in page.locator(".govuk-notification-banner").inner_text()

    page.goto("/councils/policy/progress/upload/")
    assert_no_axe_violations(page)
    page.get_by_label("CSV file of progress reports").set_input_files(
        files=[
            {
                "name": "bad.csv",
                "mimeType": "text/csv",
                "buffer": b"council,commitment,period,status\nnowhere,communication,2026/27 Q3,x\n",
            }
        ]
    )
    page.get_by_role("button", name="Upload").click()
    assert "line 2, council" in page.locator(".govuk-error-summary").inner_text()
    assert_no_axe_violations(page)


def test_empty_states(page, live_server, charter):
    council = CouncilFactory()
    role = CouncilRoleFactory(council=council)
    login(page, role.user, live_server)
    page.goto(f"/councils/{council.slug}/progress/")
    assert "has not signed the charter" in page.locator("main").inner_text()
    assert_no_axe_violations(page)

    page.context.clear_cookies()
    login(page, PolicyOfficerFactory(), live_server)
    page.goto("/councils/policy/progress/")
    assert "Every signatory has reported" in page.locator("main").inner_text()
    assert_no_axe_violations(page)
