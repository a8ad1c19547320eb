"""Writes to the charter: loading a version's text and publishing a version."""

import datetime
import json
from pathlib import Path

from django.core.exceptions import ValidationError
from django.db import transaction

from ui.cache import CHARTER, OPEN_DATA, pages_changed
from ui.conflicts import conflict_check, record_values

from .models import CharterVersion, Commitment, DataLicence, Principle, StrategicAim

DATA_DIR = Path(__file__).resolve().parent / "data"
VERSION_FIELDS = [
    "title",
    "summary_of_changes",
    "introduction",
    "aims_introduction",
    "principles_introduction",
    "commitments_introduction",
    "implementation",
    "source",
]


@transaction.atomic
def charter_version_load(*, data: dict, publish: bool = True) -> tuple[CharterVersion, bool]:
    """Create or update one charter version from its data file (see ``data/charter-v1.json``).

    Idempotent: loading the same data twice changes nothing. A version already published keeps
    its status; a new one is published when ``publish`` is true and no later version exists.
    Returns the version and whether anything changed.
    """
    pages_changed(CHARTER)  # its pages are stale once this commits
    number = int(data["number"])
    version, created = CharterVersion.objects.get_or_create(
        number=number, defaults={"status": CharterVersion.Status.DRAFT}
    )
    changed = created
    for field in VERSION_FIELDS:
        if field in data and getattr(version, field) != data[field]:
            setattr(version, field, data[field])
            changed = True
    if version.status == CharterVersion.Status.DRAFT and data.get("published_on"):
        published_on = datetime.date.fromisoformat(data["published_on"])
        if version.published_on != published_on:
            version.published_on = published_on
            changed = True
    if changed:
        version.full_clean()
        version.save()

    for aim in data.get("aims", []):
        obj, made = StrategicAim.objects.update_or_create(
            version=version,
            number=aim["number"],
            defaults={"title": aim["title"], "description": aim.get("description", "")},
            create_defaults={"title": aim["title"], "description": aim.get("description", "")},
        )
        changed |= made
    for model, key in ((Principle, "principles"), (Commitment, "commitments")):
        for order, section in enumerate(data.get(key, []), start=1):
            defaults = {
                "title": section["title"],
                "order": order,
                "statements": list(section["statements"]),
            }
            existing = model.objects.filter(version=version, key=section["key"]).first()
            if existing is None:
                obj = model(version=version, key=section["key"], **defaults)
                obj.full_clean()
                obj.save()
                changed = True
            elif any(getattr(existing, f) != v for f, v in defaults.items()):
                for f, v in defaults.items():
                    setattr(existing, f, v)
                existing.full_clean()
                existing.save()
                changed = True

    later = CharterVersion.objects.filter(number__gt=number).exists()
    if publish and version.status == CharterVersion.Status.DRAFT and not later:
        charter_version_publish(version=version, published_on=version.published_on)
        changed = True
    return version, changed


def charter_version_load_file(path: Path, *, publish: bool = True):
    with open(path, encoding="utf-8") as f:
        return charter_version_load(data=json.load(f), publish=publish)


@transaction.atomic
def charter_version_publish(
    *, version: CharterVersion, published_on: datetime.date | None = None
) -> CharterVersion:
    """Publish a draft version; the version published before it becomes superseded."""
    pages_changed(CHARTER)  # its pages are stale once this commits
    version = CharterVersion.objects.select_for_update().get(pk=version.pk)
    if version.status != CharterVersion.Status.DRAFT:
        raise ValidationError("Only a draft version can be published.")
    if not version.commitments.exists():
        raise ValidationError("A version needs its commitments before it can be published.")
    CharterVersion.objects.select_for_update().published().update(
        status=CharterVersion.Status.SUPERSEDED
    )
    version.status = CharterVersion.Status.PUBLISHED
    version.published_on = published_on or version.published_on or datetime.date.today()
    version.save(update_fields=["status", "published_on"])
    return version


@transaction.atomic
def charter_version_draft(*, source: CharterVersion) -> CharterVersion:
    """Start the next version as a draft copy of ``source``; commitments keep their keys."""
    pages_changed(CHARTER)  # its pages are stale once this commits
    if CharterVersion.objects.filter(status=CharterVersion.Status.DRAFT).exists():
        raise ValidationError("A draft version already exists: edit or publish it first.")
    number = (CharterVersion.objects.order_by("-number").values_list("number", flat=True)[0]) + 1
    draft = CharterVersion.objects.create(
        number=number,
        status=CharterVersion.Status.DRAFT,
        **{f: getattr(source, f) for f in VERSION_FIELDS if f not in ("summary_of_changes",)},
    )
    StrategicAim.objects.bulk_create(
        StrategicAim(version=draft, number=a.number, title=a.title, description=a.description)
        for a in source.aims.all()
    )
    for model, own_fields in ((Principle, []), (Commitment, ["lead_in"])):
        model.objects.bulk_create(
            model(
                version=draft,
                key=s.key,
                order=s.order,
                title=s.title,
                statements=s.statements,
                **{f: getattr(s, f) for f in own_fields},
            )
            for s in model.objects.filter(version=source)
        )
    return draft


@transaction.atomic
def charter_version_update(
    *, version: CharterVersion, data: dict, seen: dict | None = None
) -> CharterVersion:
    """Edit a draft version's own text (not its sections). ``seen``: the values of ``data``'s
    fields the officer saw when the form opened; if another officer has changed one since,
    raises ``ui.conflicts.EditConflict`` and saves nothing (None: no check)."""
    pages_changed(CHARTER)  # its pages are stale once this commits
    version = CharterVersion.objects.select_for_update().get(pk=version.pk)
    if version.status != CharterVersion.Status.DRAFT:
        raise ValidationError("Only a draft version can be changed.")
    conflict_check(seen=seen, current=record_values(version, list(data)), typed=data)
    for field, value in data.items():
        setattr(version, field, value)
    version.full_clean()
    version.save()
    return version


SECTION_FIELDS = ["title", "statements"]


@transaction.atomic
def charter_section_update(*, section, title: str, statements: list[str], seen: dict | None = None):
    """Edit a principle's or commitment's title and statements in a draft version.
    ``seen``: the section's ``title`` and ``statements`` as the officer saw them when the form
    opened; if another officer has changed them since, raises ``ui.conflicts.EditConflict``
    and saves nothing (None: no check)."""
    pages_changed(CHARTER)  # its pages are stale once this commits
    section = type(section).objects.select_for_update().select_related("version").get(pk=section.pk)
    if section.version.status != CharterVersion.Status.DRAFT:
        raise ValidationError("Only a draft version can be changed.")
    conflict_check(
        seen=seen,
        current=record_values(section, SECTION_FIELDS),
        typed={"title": title, "statements": statements},
    )
    section.title = title
    section.statements = statements
    section.full_clean()
    section.save()
    return section


@transaction.atomic
def data_licence_update(*, attribution: str) -> DataLicence:
    """Set the attribution line stated with the open data (``DataLicence``). Raises
    ``ValidationError`` for an empty or too long line. Returns the saved licence."""
    pages_changed(OPEN_DATA)  # the "Data and API" page and every download state it
    licence = DataLicence.objects.select_for_update().filter(pk=DataLicence.SINGLETON).first()
    licence = licence or DataLicence(pk=DataLicence.SINGLETON)
    licence.attribution = attribution.strip()
    licence.full_clean()
    licence.save()
    return licence
