import pytest
from django.conf import settings
from django.core.management import CommandError, call_command

from councils.models import Council, CouncilCode, District
from councils.services.register import (
    RegisterImportError,
    council_correct,
    council_register_import,
)
from tests.factories import PolicyOfficerFactory

pytestmark = pytest.mark.django_db

HEADER = "gss_code,name,kind,district,website,kind_confirmed\n"
DISTRICT = (
    "E07000177,Cherwell District Council,district,Cherwell,https://www.cherwell.gov.uk/,yes\n"
)


def _import(rows, **kwargs):
    return council_register_import(text=HEADER + DISTRICT + rows, **kwargs)


def test_the_real_register_loads_all_328_councils():
    call_command("import_councils", verbosity=0)
    assert Council.objects.count() == 328
    assert District.objects.count() == 5
    assert Council.objects.filter(kind_confirmed=False).count() == 258
    assert Council.objects.get(kind="county").district is None
    astons = Council.objects.get(name="Aston Tirrold and Aston Upthorpe Parish Council")
    assert sorted(astons.gss_codes) == ["E04008102", "E04008103"]
    # Names that occur in two districts get distinct addresses.
    bourtons = Council.objects.filter(name="Bourton Parish Council")
    assert bourtons.count() == 2
    assert len({c.slug for c in bourtons}) == 2


def test_importing_twice_changes_nothing():
    path = settings.COUNCIL_REGISTER_CSV
    call_command("import_councils", str(path), verbosity=0)
    before = list(Council.objects.values_list("pk", "name", "slug", "kind", "website"))
    result = council_register_import(text=path.read_text())
    assert not result.changed
    assert result.unchanged == 328
    assert list(Council.objects.values_list("pk", "name", "slug", "kind", "website")) == before


def test_dry_run_lists_changes_and_saves_nothing(capsys):
    result = _import("E04008018,Adderbury Parish Council,parish,Cherwell,,no\n", dry_run=True)
    assert result.created == ["Cherwell District Council", "Adderbury Parish Council"]
    assert Council.objects.count() == 0
    assert District.objects.count() == 0


def test_a_bad_row_changes_nothing_and_errors_name_line_and_field():
    with pytest.raises(RegisterImportError) as exc:
        _import(
            "E04008018,Adderbury Parish Council,parish,Cherwell,,no\n"
            "X123,Bad Code Parish Council,parish,Cherwell,,no\n"
            "E04008019,,hamlet,Nowhere,not a url,maybe\n"
        )
    errors = exc.value.errors
    assert "line 4, gss_code: 'X123' is not a GSS code" in errors
    assert "line 5, name: a name is required" in errors
    assert any(e.startswith("line 5, kind:") for e in errors)
    assert any(e.startswith("line 5, website:") for e in errors)
    assert any(e.startswith("line 5, kind_confirmed:") for e in errors)
    assert Council.objects.count() == 0


def test_unknown_district_and_duplicate_codes_are_errors():
    with pytest.raises(RegisterImportError) as exc:
        _import(
            "E04008018,Adderbury Parish Council,parish,Atlantis,,no\n"
            "E04008018,Adderbury Again,parish,Cherwell,,no\n"
        )
    assert "line 3, district: 'Atlantis' is not a district in the register" in exc.value.errors
    assert "line 4, gss_code: E04008018 is already on line 3" in exc.value.errors


def test_missing_columns_are_reported():
    with pytest.raises(RegisterImportError) as exc:
        council_register_import(text="gss_code,name\nE04008018,Adderbury\n")
    assert exc.value.errors == ["line 1: missing column(s): kind, district"]


def test_command_reports_errors_without_a_traceback(tmp_path):
    bad = tmp_path / "bad.csv"
    bad.write_text(HEADER + "E04008018,Adderbury,parish,Nowhere,,no\n")
    with pytest.raises(CommandError, match="nothing imported, 1 problem"):
        call_command("import_councils", str(bad))
    with pytest.raises(CommandError, match="Cannot read"):
        call_command("import_councils", str(tmp_path / "missing.csv"))


def test_a_later_import_updates_by_gss_code_but_keeps_policy_team_corrections():
    _import("E04008018,Adderbury Parish Council,parish,Cherwell,,no\n")
    council = Council.objects.get(codes__code="E04008018")
    council_correct(
        council=council,
        data={"name": "Adderbury Parish Meeting", "kind": Council.Kind.PARISH_MEETING},
        user=PolicyOfficerFactory(),
    )
    result = _import("E04008018,Adderbury PC,parish,Cherwell,http://adderbury.example.org/,yes\n")
    council.refresh_from_db()
    assert council.name == "Adderbury Parish Meeting"
    assert council.kind == Council.Kind.PARISH_MEETING
    assert council.website == "http://adderbury.example.org/"
    assert council.kind_confirmed is True
    assert sorted(result.kept_corrections) == [
        "Adderbury Parish Meeting: kind",
        "Adderbury Parish Meeting: name",
    ]
    assert Council.objects.count() == 2


def test_a_joint_council_is_matched_by_any_of_its_codes():
    _import("E04008102;E04008103,Astons Parish Council,parish,Cherwell,,yes\n")
    result = _import("E04008103,Astons Joint Parish Council,parish,Cherwell,,yes\n")
    assert len(result.updated) == 1
    assert CouncilCode.objects.filter(council__name="Astons Joint Parish Council").count() == 2


def test_carriage_returns_and_unreadable_files_are_clear_errors():
    # A lone carriage return ends a record, as old spreadsheets write them.
    result = council_register_import(text=HEADER.replace("\n", "\r") + DISTRICT.replace("\n", "\r"))
    assert result.created == ["Cherwell District Council"]
    huge = HEADER + 'E04008018,"' + "x" * 200_000 + '",parish,Cherwell,,no\n'
    with pytest.raises(RegisterImportError) as exc:
        council_register_import(text=huge)
    assert exc.value.errors[0].startswith("line 2: this is not a readable CSV file")
