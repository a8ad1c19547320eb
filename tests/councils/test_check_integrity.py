"""``manage.py check_integrity``: every derived value recomputed from its records; any drift
reported with a non-zero exit, and put right with ``--fix``."""

import datetime
import importlib.util
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from actions.models import ActionReferenceCounter
from councils.models import Council, ProgressReport
from councils.services.status import council_status_refresh
from tests.factories import (
    ActionItemFactory,
    CouncilFactory,
    InvitationFactory,
    ProgressReportFactory,
    SignatureFactory,
)

pytestmark = pytest.mark.django_db


def check(*args) -> tuple[str, str]:
    out, err = StringIO(), StringIO()
    call_command("check_integrity", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


@pytest.fixture
def records(charter):
    """Councils signed, withdrawn, invited and not signed, reports over two quarters, and
    actions: every derived value as the services keep it."""
    signed = CouncilFactory(name="Signed Parish Council")
    SignatureFactory(council=signed, version=charter)
    withdrawn = CouncilFactory(name="Withdrawn Parish Council")
    SignatureFactory(
        council=withdrawn,
        version=charter,
        withdrawn_on=datetime.date(2026, 10, 1),
        withdrawal_reason="Resolved to withdraw",
    )
    invited = CouncilFactory(name="Invited Parish Council")
    InvitationFactory(council=invited, version=charter)
    CouncilFactory(name="Quiet Parish Council")
    for council in Council.objects.all():
        council_status_refresh(council=council)
    commitment = charter.commitments.first()
    ProgressReportFactory(council=signed, commitment=commitment)
    earlier = ProgressReportFactory(council=signed, commitment=commitment, period_year=2020)
    ActionItemFactory()
    ActionItemFactory()
    return {"signed": signed, "earlier": earlier}


def test_records_kept_by_the_services_agree(records):
    out, err = check()
    assert "Every derived value agrees with its records." in out
    assert err == ""


def test_a_drifted_status_is_reported_and_fixed(records):
    signed = records["signed"]
    Council.objects.filter(pk=signed.pk).update(status="not-signed", signed_on=None)
    with pytest.raises(CommandError, match="2 derived value"):
        check()
    _, err = check_failing()
    assert f"Signed Parish Council (id {signed.pk}): status is 'not-signed'" in err
    assert "its records give 'signed'" in err

    out, err = check("--fix")  # reports what it found, then fixes it: exit 0
    assert "2 value(s) drifted" in err and "council status: fixed, 0 left" in out
    assert Council.objects.get(pk=signed.pk).status == "signed"
    assert "Every derived value agrees" in check()[0]


def test_a_wrong_latest_report_marker_is_reported_and_fixed(records):
    ProgressReport.objects.filter(pk=records["earlier"].pk).update(is_latest=True)
    _, err = check_failing()
    assert f"progress report {records['earlier'].pk}: is_latest is True" in err
    check("--fix")
    assert not ProgressReport.objects.get(pk=records["earlier"].pk).is_latest
    assert "Every derived value agrees" in check()[0]


def test_a_reference_counter_behind_the_references_is_reported_and_fixed(records):
    ActionReferenceCounter.objects.filter(pk=1).update(last_number=1)
    _, err = check_failing()
    assert "the counter: last_number is 1, its records give 2" in err
    check("--fix")
    assert ActionReferenceCounter.objects.get().last_number == 2


def check_failing(*args) -> tuple[str, str]:
    out, err = StringIO(), StringIO()
    with pytest.raises(CommandError):
        call_command("check_integrity", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def _bench_generate():
    """``bench/generate.py`` as a module (``bench/`` is not a package)."""
    path = Path(__file__).resolve().parents[2] / "bench" / "generate.py"
    spec = importlib.util.spec_from_file_location("bench_generate", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_benchmarks_small_data_set_agrees(tmp_path):
    """What ``scripts/check-integrity`` does, on this run's test database (migrated once per
    worker): bootstrap as a release does, the benchmark's small data set written in bulk
    (``bench/generate.py --small``: the real register, signatures, invitations, progress
    reports, actions, partnerships), then every derived value checked. Here it runs beside the
    other tests in CI, instead of migrating a database of its own first."""
    call_command("bootstrap", stdout=StringIO())
    _bench_generate().main(["--small", "--manifest", str(tmp_path / "manifest.json")])
    assert ProgressReport.objects.exists() and Council.objects.filter(status="signed").exists()
    out, err = check()
    assert "Every derived value agrees with its records." in out, err
