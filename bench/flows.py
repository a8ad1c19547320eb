"""The two main writes, as the steps a clerk's browser takes. Plain data, no Django: the load
client (bench/load.py, over HTTP) and the query counter (bench/queries.py, Django's test client)
both walk these steps, so they measure the same requests.

Signing is three requests: the form (GET), the answers (POST, kept in the session, redirect to
the check page), and the check page's POST, which records the signature (redirect to the
council's page). Reporting progress is two: the form (GET) and the report (POST, redirect to the
council's task list).
"""

import datetime
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Step:
    name: str
    method: str
    path: str  # with {council} and {commitment}
    expect_status: int
    expect_location: str = ""  # a prefix, with {council}
    data: dict = field(default_factory=dict)
    is_write: bool = False


def sign_data(today: datetime.date | None = None) -> dict:
    today = today or datetime.date.today()
    return {
        "resolution_date": (today - datetime.timedelta(days=7)).isoformat(),
        "minute_reference": "Minute 45/26",
        "minutes_url": "https://example.org/minutes/2026-11.pdf",
        "authorised_by_name": "Sam Taylor",
        "authorised_by_role": "Chair of the council",
    }


PROGRESS_DATA = {
    "status": "in-progress",
    "what_we_did": "Published the agenda and minutes of every meeting on the council's website.",
    "evidence_links": "https://example.org/minutes\nhttps://example.org/news/charter",
    "not_applicable_reason": "",
}

SIGN = [
    Step("sign: the form (GET)", "GET", "/councils/yours/{council}/sign/", 200),
    Step(
        "sign: the answers (POST)",
        "POST",
        "/councils/yours/{council}/sign/",
        302,
        "/councils/yours/{council}/sign/check/",
        data=sign_data(),
        is_write=True,
    ),
    Step(
        "sign: check page POST, records it",
        "POST",
        "/councils/yours/{council}/sign/check/",
        302,
        "/councils/{council}/",
        is_write=True,
    ),
]

PROGRESS = [
    Step("progress: the form (GET)", "GET", "/councils/{council}/progress/{commitment}/", 200),
    Step(
        "progress: the report (POST)",
        "POST",
        "/councils/{council}/progress/{commitment}/",
        302,
        "/councils/{council}/progress/",
        data=PROGRESS_DATA,
        is_write=True,
    ),
]

FLOWS = {"sign": SIGN, "progress": PROGRESS}
