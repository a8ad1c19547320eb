import csv
import datetime
import io
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command

from councils.models import Council, CouncilCode, CouncilRole, District
from councils.services.register import (
    RegisterImportError,
    council_correct,
    council_register_import,
)
from tests.factories import (
    ActionItemFactory,
    CouncilRoleFactory,
    InvitationFactory,
    PolicyOfficerFactory,
    SignatureFactory,
)

pytestmark = pytest.mark.django_db

# The register's first edition (328 rows, before the joint councils of Baldons and of
# Ardington and Lockinge were found), kept to test the upgrade of a database loaded with it.
FIRST_EDITION = Path(__file__).parent / "data" / "register-first-edition.csv"
TOOT_BALDON, MARSH_BALDON = "E04008173", "E04012487"
LOCKINGE, ARDINGTON = "E04012870", "E04008190"


def _edition(path) -> list[dict]:
    """The rows of a register CSV, as the import should leave the councils."""
    with open(path, newline="", encoding="utf-8") as f:
        return list(csv.DictReader(f))


def _as_in_file(row) -> tuple:
    return (
        tuple(sorted(row["gss_code"].split(";"))),
        row["name"],
        row["kind"],
        row["district"],
        row["website"],
        row["kind_confirmed"] == "yes",
    )


def _as_in_database() -> set[tuple]:
    return {
        (
            tuple(sorted(c.gss_codes)),
            c.name,
            c.kind,
            c.district.name if c.district else "",
            c.website,
            c.kind_confirmed,
        )
        for c in Council.objects.select_related("district").prefetch_related("codes")
    }


HEADER = "gss_code,name,kind,district,website,kind_confirmed\n"
DISTRICT = (
    "E07000177,Cherwell District Council,district,Cherwell,https://www.cherwell.gov.uk/,yes\n"
)


def _import(rows, **kwargs):
    return council_register_import(text=HEADER + DISTRICT + rows, **kwargs)


def test_the_real_register_loads_every_council_in_the_file():
    rows = _edition(settings.COUNCIL_REGISTER_CSV)
    assert len(rows) == 326  # the second edition (councils/data/SOURCES.md)
    call_command("import_councils", verbosity=0)
    assert Council.objects.count() == len(rows)
    assert _as_in_database() == {_as_in_file(row) for row in rows}
    assert District.objects.count() == 5
    assert Council.objects.filter(kind_confirmed=False).count() == 106
    assert Council.objects.filter(kind=Council.Kind.PARISH_MEETING).count() == 5
    assert Council.objects.exclude(website="").count() == 34 + 45  # first edition, added
    assert Council.objects.get(kind="county").district is None
    astons = Council.objects.get(name="Aston Tirrold and Aston Upthorpe Parish Council")
    assert sorted(astons.gss_codes) == ["E04008102", "E04008103"]
    baldons = Council.objects.get(name="Baldons Parish Council")
    assert sorted(baldons.gss_codes) == [TOOT_BALDON, MARSH_BALDON]
    joint = Council.objects.get(name="Ardington and Lockinge Parish Council")
    assert sorted(joint.gss_codes) == [ARDINGTON, LOCKINGE]


def test_names_in_two_districts_get_distinct_addresses():
    call_command("import_councils", str(FIRST_EDITION), verbosity=0)
    bourtons = Council.objects.filter(name="Bourton Parish Council")
    assert bourtons.count() == 2
    assert len({c.slug for c in bourtons}) == 2


def test_importing_twice_changes_nothing():
    path = settings.COUNCIL_REGISTER_CSV
    call_command("import_councils", str(path), verbosity=0)
    before = list(Council.objects.values_list("pk", "name", "slug", "kind", "website"))
    result = council_register_import(text=path.read_text())
    assert not result.changed
    assert result.unchanged == len(_edition(path))
    assert result.lines() == []
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


# --- From the first edition to the second ------------------------------------------------


def _load_first_edition():
    call_command("import_councils", str(FIRST_EDITION), verbosity=0)
    assert Council.objects.count() == 328


def test_a_database_of_the_first_edition_bootstrapped_with_the_second_has_exactly_it():
    _load_first_edition()
    slugs = dict(Council.objects.values_list("codes__code", "slug"))
    out = io.StringIO()
    call_command("bootstrap", stdout=out)
    rows = _edition(settings.COUNCIL_REGISTER_CSV)
    assert Council.objects.count() == len(rows) == 326
    assert _as_in_database() == {_as_in_file(row) for row in rows}
    # A council keeps its address when it is renamed or joined.
    assert dict(Council.objects.values_list("codes__code", "slug")) == {
        code: slug for code, slug in slugs.items() if code not in (TOOT_BALDON, LOCKINGE)
    } | {TOOT_BALDON: slugs[MARSH_BALDON], LOCKINGE: slugs[ARDINGTON]}
    assert "2 codes moved, 2 removed" in out.getvalue()

    again = io.StringIO()
    call_command("bootstrap", stdout=again)  # the next release: nothing more to do
    assert "0 created, 0 updated, 0 codes moved, 0 removed, 326 unchanged" in again.getvalue()


def test_the_dry_run_lists_every_change_of_the_second_edition_and_saves_nothing():
    _load_first_edition()
    before = _as_in_database()
    out = io.StringIO()
    call_command("import_councils", dry_run=True, stdout=out)
    lines = out.getvalue().splitlines()
    for line in [
        "rename Bourton Parish Council (E04008029) -> Bourtons Parish Council",
        f"rename Marsh Baldon Parish Council ({MARSH_BALDON}) -> Baldons Parish Council",
        f"rename Ardington Parish Council ({ARDINGTON}) -> Ardington and Lockinge Parish Council",
        "rename Oddington Parish Council (E04008072) -> Oddington Parish Meeting",
        "change the kind of Oddington Parish Council (E04008072): parish council -> parish meeting",
        "change the kind confirmed of Oddington Parish Council (E04008072): no -> yes",
        "change the website of Bourton Parish Council (E04008029): none -> "
        "https://bourtons-cherwell-pc.gov.uk/",
        f"move code {TOOT_BALDON} from Toot Baldon Parish Council to Baldons Parish Council "
        "(a joint council)",
        f"move code {LOCKINGE} from Lockinge Parish Council to Ardington and Lockinge Parish "
        "Council (a joint council)",
        "remove Toot Baldon Parish Council: its codes joined Baldons Parish Council, and it had "
        "no signatures, roles, invitations, progress reports or other records",
        "remove Lockinge Parish Council: its codes joined Ardington and Lockinge Parish "
        "Council, and it had no signatures, roles, invitations, progress reports or other "
        "records",
    ]:
        assert line in lines
    assert sum(line.startswith("rename ") for line in lines) == 4 + 2 + 5  # names, joint, kinds
    assert sum(line.startswith("change the kind of ") for line in lines) == 5
    assert sum(line.startswith("change the website of ") for line in lines) == 45
    assert "0 created" in lines[-1] and "2 codes moved, 2 removed" in lines[-1]
    assert "(dry run: nothing saved)" in lines[-1]
    assert _as_in_database() == before


def test_bootstrap_dry_run_lists_the_register_changes_and_saves_nothing():
    _load_first_edition()
    before = _as_in_database()
    out = io.StringIO()
    call_command("bootstrap", dry_run=True, stdout=out)
    assert (
        f"rename Marsh Baldon Parish Council ({MARSH_BALDON}) -> Baldons Parish Council"
        in out.getvalue()
    )
    assert out.getvalue().rstrip().endswith("(dry run: nothing saved)")
    assert _as_in_database() == before


def test_a_clerk_confirmed_for_toot_baldon_stops_the_import_with_a_clear_message():
    _load_first_edition()
    toot = Council.objects.get(codes__code=TOOT_BALDON)
    CouncilRoleFactory(council=toot)
    before = _as_in_database()
    with pytest.raises(CommandError) as exc:
        call_command("bootstrap", stdout=io.StringIO())
    message = str(exc.value)
    assert "nothing imported, 1 problem(s)" in message
    assert (
        f"the file makes {TOOT_BALDON} part of Baldons Parish Council, a joint council (Marsh "
        f"Baldon Parish Council in the portal today), but {TOOT_BALDON} belongs to Toot Baldon "
        "Parish Council, which has 1 clerk, deputy clerk or chair role." in message
    )
    assert "The policy team must decide" in message
    assert _as_in_database() == before  # not even the other councils' changes
    assert CouncilRole.objects.filter(council=toot).count() == 1


def test_every_kind_of_record_stops_the_import_and_is_named(charter):
    _load_first_edition()
    toot = Council.objects.get(codes__code=TOOT_BALDON)
    lockinge = Council.objects.get(codes__code=LOCKINGE)
    SignatureFactory(council=toot, version=charter)
    ActionItemFactory(lead_council=toot)
    InvitationFactory(council=lockinge, version=charter)
    with pytest.raises(RegisterImportError) as exc:
        council_register_import(text=settings.COUNCIL_REGISTER_CSV.read_text())
    assert len(exc.value.errors) == 2
    assert (
        "Toot Baldon Parish Council, which has 1 signature, 1 action item." in exc.value.errors[0]
    )
    assert "Lockinge Parish Council, which has 1 invitation." in exc.value.errors[1]
    assert Council.objects.count() == 328


def test_a_council_that_ended_with_a_successor_keeps_its_end_date_successor_and_records():
    _load_first_edition()
    toot = Council.objects.get(codes__code=TOOT_BALDON)
    marsh = Council.objects.get(codes__code=MARSH_BALDON)
    CouncilRoleFactory(council=toot)
    council_correct(
        council=toot,
        data={"ended_on": datetime.date(2024, 5, 1), "replaced_by": marsh},
        user=PolicyOfficerFactory(),
    )
    result = council_register_import(text=settings.COUNCIL_REGISTER_CSV.read_text())
    toot.refresh_from_db()
    assert (toot.ended_on, toot.replaced_by) == (datetime.date(2024, 5, 1), marsh)
    assert toot.gss_codes == []
    assert CouncilRole.objects.filter(council=toot).count() == 1
    assert sorted(Council.objects.get(pk=marsh.pk).gss_codes) == [TOOT_BALDON, MARSH_BALDON]
    assert result.removed == ["Lockinge Parish Council"]
    assert (
        f"move code {TOOT_BALDON} from Toot Baldon Parish Council to Baldons Parish Council "
        "(Toot Baldon Parish Council ended, replaced by Baldons Parish Council; it keeps its "
        "end date, successor and records)" in result.lines()
    )
    assert Council.objects.current().count() == 326
    assert toot.history.first().history_change_reason == (
        "Register import: codes joined Baldons Parish Council"
    )


def test_the_import_records_history_of_renames_moves_and_removals():
    _load_first_edition()
    toot_pk = Council.objects.get(codes__code=TOOT_BALDON).pk
    call_command("import_councils", verbosity=0)
    baldons = Council.objects.get(codes__code=TOOT_BALDON)
    latest = baldons.history.first()
    assert latest.history_change_reason.startswith("Register import: name")
    assert "code E04008173 from Toot Baldon Parish Council" in latest.history_change_reason
    removal = Council.history.filter(id=toot_pk).first()
    assert removal.history_type == "-"
    assert removal.history_change_reason == "Register import: codes joined Baldons Parish Council"


def test_the_import_says_which_of_its_values_it_left_alone_for_a_correction():
    _load_first_edition()
    bourton = Council.objects.get(codes__code="E04008029")
    council_correct(
        council=bourton,
        data={"name": "The Bourtons Parish Council", "website": "https://bourtons.example/"},
        user=PolicyOfficerFactory(),
    )
    out = io.StringIO()
    call_command("import_councils", stdout=out)
    bourton.refresh_from_db()
    assert (bourton.name, bourton.website) == (
        "The Bourtons Parish Council",
        "https://bourtons.example/",
    )
    assert bourton.kind_confirmed is True  # not corrected, so the file's value
    lines = out.getvalue().splitlines()
    assert (
        "keep the policy team's correction of The Bourtons Parish Council's name: The Bourtons "
        "Parish Council (the file says Bourtons Parish Council)" in lines
    )
    assert (
        "keep the policy team's correction of The Bourtons Parish Council's website: "
        "https://bourtons.example/ (the file says https://bourtons-cherwell-pc.gov.uk/)" in lines
    )
    assert lines[-1].endswith("2 corrections kept")


def test_a_council_cannot_be_split_by_an_import():
    _import("E04008102;E04008103,Astons Parish Council,parish,Cherwell,,yes\n")
    with pytest.raises(RegisterImportError) as exc:
        _import(
            "E04008102,Aston Tirrold Parish Council,parish,Cherwell,,yes\n"
            "E04008103,Aston Upthorpe Parish Council,parish,Cherwell,,yes\n"
        )
    assert exc.value.errors[0].startswith(
        "line 4, gss_code: its codes belong to the council that line 3 matches"
    )
