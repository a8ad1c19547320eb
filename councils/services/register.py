"""The council register: importing it from a CSV file, and the policy team's corrections."""

from collections import Counter
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.core.validators import EmailValidator, URLValidator
from django.db import IntegrityError, transaction
from django.utils.text import slugify

from ui.cache import pages_changed
from ui.conflicts import conflict_check, record_values
from ui.csv_files import CsvFileError, csv_records

from ..models import Council, CouncilCode, District

REQUIRED_COLUMNS = ["gss_code", "name", "kind", "district"]
OPTIONAL_COLUMNS = ["website", "kind_confirmed", "contact_email"]
# Fields a row sets, and so fields a policy-team correction can protect from a later import.
IMPORTED_FIELDS = ["name", "kind", "kind_confirmed", "district", "website", "contact_email"]
KIND_ALIASES = {
    "county": Council.Kind.COUNTY,
    "district": Council.Kind.DISTRICT,
    "city": Council.Kind.CITY,
    "town": Council.Kind.TOWN,
    "parish": Council.Kind.PARISH,
    "parish meeting": Council.Kind.PARISH_MEETING,
    "parish-meeting": Council.Kind.PARISH_MEETING,
    "parish_meeting": Council.Kind.PARISH_MEETING,
}
YES = {"yes", "y", "true", "1"}
NO = {"no", "n", "false", "0"}


class RegisterImportError(Exception):
    def __init__(self, errors: list[str]):
        self.errors = errors
        super().__init__("\n".join(errors))


@dataclass
class RegisterRow:
    line: int
    codes: list[str]
    values: dict


@dataclass
class RegisterImportResult:
    created: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    kept_corrections: list[str] = field(default_factory=list)
    unchanged: int = 0
    dry_run: bool = False

    @property
    def changed(self) -> bool:
        return bool(self.created or self.updated)

    def lines(self) -> list[str]:
        out = [f"create {name}" for name in self.created]
        out += [f"update {text}" for text in self.updated]
        out += [f"keep correction {text}" for text in self.kept_corrections]
        return out


def _parse(text: str) -> tuple[list[RegisterRow], list[str]]:
    """Read and check every row; return the rows and every error, naming line and field."""
    errors: list[str] = []
    try:
        columns, records = csv_records(text)
    except CsvFileError as e:
        return [], [str(e)]
    missing = [c for c in REQUIRED_COLUMNS if c not in columns]
    if missing:
        return [], [f"line 1: missing column(s): {', '.join(missing)}"]

    rows: list[RegisterRow] = []
    seen_codes: dict[str, int] = {}
    url_ok, email_ok = URLValidator(schemes=["http", "https"]), EmailValidator()
    for line, raw in enumerate(records, start=2):
        if None in raw:
            errors.append(f"line {line}: more values than columns")
            continue
        raw = {k: (v or "").strip() for k, v in raw.items()}
        row_errors = []
        codes = [c.strip().upper() for c in raw["gss_code"].split(";") if c.strip()]
        if not codes:
            row_errors.append(f"line {line}, gss_code: a GSS code is required")
        for code in codes:
            if len(code) != 9 or code[0] not in "EWSN" or not code[1:].isdigit():
                row_errors.append(f"line {line}, gss_code: {code!r} is not a GSS code")
            elif code in seen_codes:
                row_errors.append(
                    f"line {line}, gss_code: {code} is already on line {seen_codes[code]}"
                )
            else:
                seen_codes[code] = line
        name = raw["name"]
        if not name:
            row_errors.append(f"line {line}, name: a name is required")
        elif len(name) > 200:
            row_errors.append(f"line {line}, name: longer than 200 characters")
        kind = KIND_ALIASES.get(raw["kind"].lower())
        if kind is None:
            row_errors.append(
                f"line {line}, kind: {raw['kind']!r} is not one of county, district, city, "
                "town, parish, parish meeting"
            )
        if kind != Council.Kind.COUNTY and not raw["district"]:
            row_errors.append(f"line {line}, district: a district is required")
        website = raw.get("website", "")
        if website:
            try:
                url_ok(website)
            except ValidationError:
                row_errors.append(f"line {line}, website: {website!r} is not a web address")
        email = raw.get("contact_email", "")
        if email:
            try:
                email_ok(email)
            except ValidationError:
                row_errors.append(f"line {line}, contact_email: {email!r} is not an email address")
        confirmed = raw.get("kind_confirmed", "").lower() or "yes"
        if confirmed not in YES | NO:
            row_errors.append(f"line {line}, kind_confirmed: use yes or no")
        if row_errors:
            errors += row_errors
            continue
        values = {
            "name": name,
            "kind": kind,
            "kind_confirmed": confirmed in YES,
            "district": raw["district"],
            "website": website,
        }
        if "contact_email" in columns:
            values["contact_email"] = email
        rows.append(RegisterRow(line=line, codes=codes, values=values))
    return rows, errors


def _unique_slug(name: str, district: str, taken: set[str], ambiguous: bool) -> str:
    base = slugify(f"{name} {district}" if ambiguous and district else name)[:190] or "council"
    slug, n = base, 2
    while slug in taken:
        slug, n = f"{base}-{n}", n + 1
    taken.add(slug)
    return slug


@transaction.atomic
def council_register_import(*, text: str, dry_run: bool = False) -> RegisterImportResult:
    """Import a register CSV: keyed by GSS code, idempotent, all or nothing.

    A row matches the council holding any of its GSS codes; a new code creates a council.
    Fields the policy team corrected in the portal (``Council.corrected_fields``) are kept.
    Councils missing from the file are left alone. Raises RegisterImportError listing every
    problem, by line and field, and then nothing has changed.
    """
    pages_changed()  # public pages show this: stale once it commits (issue 8)
    rows, errors = _parse(text)
    result = RegisterImportResult(dry_run=dry_run)

    districts = {d.name: d for d in District.objects.all()}
    for row in rows:
        if row.values["kind"] in (Council.Kind.DISTRICT, Council.Kind.CITY):
            name = row.values["district"]
            district = districts.get(name)
            if district is None:
                district = District.objects.create(
                    name=name, slug=slugify(name), gss_code=row.codes[0]
                )
                districts[name] = district
    for row in rows:
        name = row.values["district"]
        if name and name not in districts:
            errors.append(f"line {row.line}, district: {name!r} is not a district in the register")

    code_owner = dict(CouncilCode.objects.values_list("code", "council_id"))
    matches: dict[int, int | None] = {}
    for row in rows:
        owners = {code_owner[c] for c in row.codes if c in code_owner}
        if len(owners) > 1:
            errors.append(
                f"line {row.line}, gss_code: its codes belong to {len(owners)} different councils"
            )
        matches[row.line] = owners.pop() if len(owners) == 1 else None
    if errors:
        raise RegisterImportError(errors)

    names = Counter(row.values["name"].lower() for row in rows)
    taken = set(Council.objects.values_list("slug", flat=True))
    existing = Council.objects.in_bulk([pk for pk in matches.values() if pk])
    for row in rows:
        values = dict(row.values)
        values["district"] = districts.get(values["district"]) if values["district"] else None
        council = existing.get(matches[row.line])
        if council is None:
            council = Council(
                slug=_unique_slug(
                    values["name"],
                    row.values["district"],
                    taken,
                    ambiguous=names[values["name"].lower()] > 1,
                ),
                **values,
            )
            council.full_clean(validate_unique=False)
            council.save()
            result.created.append(council.name)
        else:
            changes = []
            for name, value in values.items():
                current = getattr(council, name)
                if current == value:
                    continue
                if name in council.corrected_fields:
                    result.kept_corrections.append(f"{council.name}: {name}")
                    continue
                changes.append(f"{name}: {current!s:.40} -> {value!s:.40}")
                setattr(council, name, value)
            if changes:
                council.full_clean(validate_unique=False)
                council.save()
                result.updated.append(f"{council.name} ({'; '.join(changes)})")
            else:
                result.unchanged += 1
        for code in row.codes:
            if code_owner.get(code) != council.pk:
                CouncilCode.objects.create(council=council, code=code)
                code_owner[code] = council.pk

    if dry_run:
        transaction.set_rollback(True)
    return result


# Fields the policy team may correct in the portal (councils:correct).
CORRECTABLE_FIELDS = [*IMPORTED_FIELDS, "started_on", "ended_on", "replaced_by"]


def council_correction_values(council: Council) -> dict:
    """The correctable fields' raw values (a related council or district as its id), as the
    correction form shows them: what ``council_correct``'s ``seen`` compares."""
    return record_values(council, CORRECTABLE_FIELDS)


@transaction.atomic
def council_correct(*, council: Council, data: dict, user, seen: dict | None = None) -> list[str]:
    """The policy team corrects a council's details; the fields changed are recorded in
    ``corrected_fields`` (shown on the council's page), which protects the imported ones from
    later imports. Returns the names of the fields changed. Raises ValidationError when the
    details break a rule of the register; then nothing has changed.

    ``seen``: the ``council_correction_values`` the officer saw when the form opened. If
    another officer has since changed a field to something else than this one typed, raises
    ``ui.conflicts.EditConflict`` and saves nothing (None: no check, for scripts)."""
    pages_changed()  # public pages show this: stale once it commits (issue 8)
    unknown = set(data) - set(CORRECTABLE_FIELDS)
    if unknown:
        raise ValueError(f"Not a correctable field: {', '.join(sorted(unknown))}")
    council = Council.objects.select_for_update().get(pk=council.pk)
    last = council.history.select_related("history_user").order_by("-history_id").first()
    conflict_check(
        seen=seen,
        current=council_correction_values(council),
        typed=data,
        changed_by=last.history_user if last else None,
        changed_at=last.history_date if last else None,
    )
    changed = [name for name, value in data.items() if getattr(council, name) != value]
    for name in changed:
        setattr(council, name, data[name])
    if changed:
        council.corrected_fields = sorted(set(council.corrected_fields) | set(changed))
        council._change_reason = f"Corrected by the policy team: {', '.join(changed)}"
        council._history_user = user
        council.full_clean()
        try:
            with transaction.atomic():
                council.save()
        except IntegrityError as error:
            raise ValidationError(
                "These details break a rule of the register: check the kind, district and dates."
            ) from error
    return changed
