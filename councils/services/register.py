"""The council register: importing it from a CSV file, and the policy team's corrections."""

from collections import Counter
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.core.validators import EmailValidator, URLValidator
from django.db import IntegrityError, transaction
from django.utils.text import slugify

from ui.cache import COUNCILS, pages_changed
from ui.conflicts import record_values
from ui.csv_files import CsvFileError, csv_records
from ui.forms import is_whole_number
from ui.services import FileImportError, locked_for_edit

from ..models import Council, CouncilCode, District
from ..models.register import search_key
from ..schemas import REGISTER_ENTRY

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


class RegisterImportError(FileImportError):
    """A file of the register that cannot be imported as it stands (``FileImportError``)."""


@dataclass
class RegisterRow:
    line: int
    codes: list[str]
    values: dict


@dataclass
class KeptCorrection:
    """A value of the file that the import left alone, as the policy team had corrected it."""

    council: str
    field: str
    kept: object
    offered: object


@dataclass
class RegisterImportResult:
    """What an import did (or, in a dry run, would do).

    ``created``: names of new councils. ``updated``: "Name (field: old -> new; ...)" per council
    whose details changed. ``changes``: every change, one line each, in the order made (what a
    dry run lists). ``moved_codes``: "CODE: from -> to". ``removed``: names of councils removed
    because their codes joined a joint council. ``kept``: the file's values left alone because
    the policy team corrected them. ``unchanged``: councils the file matched that stayed as they
    were.
    """

    created: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    changes: list[str] = field(default_factory=list)
    moved_codes: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    kept: list[KeptCorrection] = field(default_factory=list)
    unchanged: int = 0
    dry_run: bool = False

    @property
    def changed(self) -> bool:
        return bool(self.created or self.updated or self.moved_codes or self.removed)

    @property
    def kept_corrections(self) -> list[str]:
        """ "Council: field" for each value left alone because of a correction."""
        return [f"{k.council}: {k.field}" for k in self.kept]

    def lines(self) -> list[str]:
        """Every change, then every value left alone, as sentences for the command's output."""
        out = list(self.changes)
        out += [
            f"keep the policy team's correction of {k.council}'s {_FIELD_NAMES[k.field]}: "
            f"{_shown(k.field, k.kept)} (the file says {_shown(k.field, k.offered)})"
            for k in self.kept
        ]
        return out


_FIELD_NAMES = {
    "name": "name",
    "kind": "kind",
    "kind_confirmed": "kind confirmed",
    "district": "district",
    "website": "website",
    "contact_email": "contact email",
}


def _shown(name: str, value) -> str:
    """A value as the import's output shows it."""
    if name == "kind":
        return Council.Kind(value).label.lower() if value else "none"
    if name == "kind_confirmed":
        return "yes" if value else "no"
    return f"{value}" if value not in (None, "") else "none"


def _parse(text: str) -> tuple[list[RegisterRow], list[str]]:
    """Read and check every row; return the rows and every error, naming line and field."""
    errors: list[str] = []
    try:
        columns, records = csv_records(text)
    except CsvFileError as e:
        return [], [str(e)]
    missing = REGISTER_ENTRY.missing_columns(columns)
    if missing:
        return [], [f"line 1: missing column(s): {', '.join(missing)}"]

    rows: list[RegisterRow] = []
    seen_codes: dict[str, int] = {}
    # Optional columns checked when given: (column, validator, what a good value is).
    checked = [
        ("website", URLValidator(schemes=["http", "https"]), "a web address"),
        ("contact_email", EmailValidator(), "an email address"),
    ]
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
            if len(code) != 9 or code[0] not in "EWSN" or not is_whole_number(code[1:]):
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
        for column, valid, what in checked:
            value = raw.get(column, "")
            if value:
                try:
                    valid(value)
                except ValidationError:
                    row_errors.append(f"line {line}, {column}: {value!r} is not {what}")
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
            "website": raw.get("website", ""),
        }
        if "contact_email" in columns:
            values["contact_email"] = raw["contact_email"]
        rows.append(RegisterRow(line=line, codes=codes, values=values))
    return rows, errors


def council_save(council: Council) -> None:
    """Save ``council`` (inside the caller's transaction) with its derived ``search_name`` set
    from its name: every writer of a council's name saves through here."""
    council.search_name = search_key(council.name)
    council.save()


def _unique_slug(name: str, district: str, taken: set[str], ambiguous: bool) -> str:
    base = slugify(f"{name} {district}" if ambiguous and district else name)[:190] or "council"
    slug, n = base, 2
    while slug in taken:
        slug, n = f"{base}-{n}", n + 1
    taken.add(slug)
    return slug


# Rows elsewhere that point at a council, named as the import's messages name them; any other
# relation is named by its model's verbose name.
_RECORD_NAMES = {
    "roles": ("clerk, deputy clerk or chair role", "clerk, deputy clerk or chair roles"),
    "replaced": ("council it replaced", "councils it replaced"),
}


def council_records(council: Council) -> list[str]:
    """What the portal holds about ``council`` besides its register entry: ["1 signature",
    "2 invitations", ...] for every relation with rows (signatures, roles, invitations, progress
    reports, action items it leads, councils it replaced, and any added later), [] when there
    are none. The council's GSS codes and history are not counted."""
    found = []
    for relation in Council._meta.related_objects:
        if relation.get_accessor_name() == "codes":
            continue
        count = relation.related_model._base_manager.filter(
            **{relation.field.name: council}
        ).count()
        if count:
            meta = relation.related_model._meta
            one, many = _RECORD_NAMES.get(
                relation.get_accessor_name(), (meta.verbose_name, meta.verbose_name_plural)
            )
            found.append(f"{count} {one if count == 1 else many}")
    return found


def _history_reason(text: str) -> str:
    # simple_history keeps a change reason of at most 100 characters.
    return text if len(text) <= 100 else text[:99] + "…"


@transaction.atomic
def council_register_import(*, text: str, dry_run: bool = False) -> RegisterImportResult:
    """Bring the register to the edition in ``text`` (a CSV, see councils/data/SOURCES.md):
    keyed by GSS code, idempotent, all or nothing, with history.

    A row matches the council holding the first of its GSS codes that a council holds; a row
    none of whose codes is held creates a council. A council's address (slug) never changes.

    A code the file puts in another council's row moves there. This is a correction of the
    register (two parishes found to share one council), not a reorganisation: the council it
    leaves is removed when it has no codes left, no row of its own and nothing recorded against
    it (``council_records``); when it has records, the import stops and says what the policy
    team must decide. A council that has ended and has a successor (a real reorganisation,
    recorded in the portal) gives up its codes but keeps its end date, successor and records.

    Fields the policy team corrected in the portal (``Council.corrected_fields``) are kept and
    listed in ``RegisterImportResult.kept``. Councils the file does not mention are left alone.
    Raises RegisterImportError listing every problem, by line and field, and then nothing has
    changed. With ``dry_run`` every change is worked out and listed, then rolled back.
    """
    pages_changed(COUNCILS)  # its pages are stale once this commits
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
    matched_by: dict[int, int] = {}  # council id -> the line that matches it
    for row in rows:
        owner = next((code_owner[c] for c in row.codes if c in code_owner), None)
        matches[row.line] = owner
        if owner is not None and owner in matched_by:
            errors.append(
                f"line {row.line}, gss_code: its codes belong to the council that line "
                f"{matched_by[owner]} matches; splitting a council is for the policy team "
                "(end it in the portal and name its successor)"
            )
        elif owner is not None:
            matched_by[owner] = row.line
    involved = set(matches.values()) | {
        code_owner[c] for r in rows for c in r.codes if c in code_owner
    }
    existing = Council.objects.in_bulk([pk for pk in involved if pk])

    # Codes that move from one council to another, and the councils they leave.
    moves: list[tuple[RegisterRow, str, Council]] = []
    for row in rows:
        for code in row.codes:
            owner = code_owner.get(code)
            if owner is not None and owner != matches[row.line]:
                moves.append((row, code, existing[owner]))
    leaving: dict[int, set[str]] = {}
    for _row, code, donor in moves:
        leaving.setdefault(donor.pk, set()).add(code)
    # Lock the councils that codes leave before counting their records: a clerk's role or a
    # signature written meanwhile then waits for the import, and cannot be dropped with them.
    list(
        Council.objects.select_for_update().filter(pk__in=leaving).order_by("pk").values_list("pk")
    )
    held = {}
    for council_id, code in CouncilCode.objects.filter(council_id__in=leaving).values_list(
        "council_id", "code"
    ):
        held.setdefault(council_id, set()).add(code)
    to_remove: set[int] = set()
    for row, code, donor in moves:
        if donor.pk in matched_by or (donor.ended_on and donor.replaced_by_id):
            continue  # keeps its own row, or ended in a reorganisation: it stays as it is
        records = council_records(donor)
        if records:
            joint = existing[matches[row.line]]
            errors.append(
                f"line {row.line}, gss_code: the file makes {code} part of "
                f"{row.values['name']}, a joint council ({joint.name} in the portal today), "
                f"but {code} belongs to {donor.name}, which has {', '.join(records)}. "
                "Nothing was imported: an import never drops or moves such records. "
                f"The policy team must decide: if {donor.name} has ended, record its end date "
                "and the council that replaced it on its 'Correct the details' page and import "
                "again (it is then kept, with its records, as an ended council); if it still "
                "exists on its own, correct the file."
            )
        elif held.get(donor.pk, set()) <= leaving[donor.pk]:
            to_remove.add(donor.pk)
    if errors:
        raise RegisterImportError(errors)

    names = Counter(row.values["name"].lower() for row in rows)
    taken = set(Council.objects.values_list("slug", flat=True))
    moved_in: dict[int, list[str]] = {}  # row line -> codes that joined its council
    for row, code, donor in moves:
        moved_in.setdefault(row.line, []).append(f"{code} from {donor.name}")

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
            council._change_reason = "Created by the register import"
            council_save(council)
            result.created.append(council.name)
            result.changes.append(
                f"create {council.name} ({'; '.join(row.codes)}, "
                f"{_shown('kind', council.kind)}, {_shown('district', values['district'])})"
            )
        else:
            # Named with the code that matched it: two councils may share a name.
            code = next(c for c in row.codes if code_owner.get(c) == council.pk)
            old_name, changes, lines = f"{council.name} ({code})", [], []
            for name, value in values.items():
                current = getattr(council, name)
                if current == value:
                    continue
                if name in council.corrected_fields:
                    result.kept.append(KeptCorrection(council.name, name, current, value))
                    continue
                changes.append(f"{name}: {current!s:.40} -> {value!s:.40}")
                if name == "name":
                    lines.append(f"rename {old_name} -> {value}")
                else:
                    lines.append(
                        f"change the {_FIELD_NAMES[name]} of {old_name}: "
                        f"{_shown(name, current)} -> {_shown(name, value)}"
                    )
                setattr(council, name, value)
            for move in moved_in.get(row.line, []):
                changes.append(f"code {move}")
            if changes:
                council.full_clean(validate_unique=False)
                council._change_reason = _history_reason(
                    f"Register import: {', '.join(c.split(':')[0] for c in changes)}"
                )
                council_save(council)
                result.updated.append(f"{council.name} ({'; '.join(changes)})")
                result.changes += lines
            else:
                result.unchanged += 1
        for code in row.codes:
            owner = code_owner.get(code)
            if owner is None:
                CouncilCode.objects.create(council=council, code=code)
            elif owner != council.pk:
                donor = existing[owner]
                CouncilCode.objects.filter(code=code).update(council=council)
                result.moved_codes.append(f"{code}: {donor.name} -> {council.name}")
                if donor.pk in to_remove or donor.pk in matched_by:
                    why = "a joint council"
                else:  # ended in a reorganisation
                    why = (
                        f"{donor.name} ended, replaced by {donor.replaced_by}; it keeps its "
                        "end date, successor and records"
                    )
                result.changes.append(
                    f"move code {code} from {donor.name} to {council.name} ({why})"
                )
            code_owner[code] = council.pk

    for pk in sorted(leaving):
        donor = existing[pk]
        joined = ", ".join(
            sorted({existing[matches[r.line]].name for r, _code, d in moves if d.pk == pk})
        )
        donor._change_reason = _history_reason(f"Register import: codes joined {joined}")
        if pk not in to_remove:
            # It stays (with its own row, or ended in a reorganisation): its history says
            # where its codes went. Saving one unchanged field writes the history record.
            donor.save(update_fields=["name"])
            continue
        donor.delete()
        result.removed.append(donor.name)
        result.changes.append(
            f"remove {donor.name}: its codes joined {joined}, and it had no signatures, roles, "
            "invitations, progress reports or other records"
        )

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
    pages_changed(COUNCILS)  # its pages are stale once this commits
    unknown = set(data) - set(CORRECTABLE_FIELDS)
    if unknown:
        raise ValueError(f"Not a correctable field: {', '.join(sorted(unknown))}")
    council = locked_for_edit(council, seen=seen, current=council_correction_values, typed=data)
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
                council_save(council)
        except IntegrityError as error:
            raise ValidationError(
                "These details break a rule of the register: check the kind, district and dates."
            ) from error
    return changed
