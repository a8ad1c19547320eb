"""Every change to the toolkit: keyword-only, atomic, recorded in history.

- ``resource_save``: create (no ``instance``) or update a resource; renders its Markdown body to
  sanitised HTML (``body_html``) once, here, and checks an attachment by its content.
- ``county_service_save``: create or update an entry of the county services directory.
- ``signatory_guide_ensure``: the guide "How to become a signatory", made once by ``bootstrap``
  (later runs leave the policy team's edits alone).

An update carries ``seen``, what the officer saw when the form opened (``ui.conflicts``): if
another officer has since changed a field to something else than this one typed, it raises
``ui.conflicts.EditConflict`` and saves nothing.
"""

from pathlib import PurePath

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from ui.cache import TOOLKIT, pages_changed
from ui.conflicts import record_values
from ui.markdown import render_markdown
from ui.services import locked_for_edit, unique_slug
from ui.uploads import validate_upload

from . import guide
from .models import SIGNATORY_GUIDE_SLUG, CountyService, Resource

RESOURCE_FIELDS = [
    "title",
    "kind",
    "summary",
    "body",
    "url",
    "principles",
    "commitments",
    "council_kinds",
    "status",
]
RESOURCE_M2M = ("principles", "commitments")
SERVICE_FIELDS = ["name", "team", "what_it_does", "phone", "email", "website", "how_to_reach"]


def resource_values(resource: Resource) -> dict:
    """The raw values of a resource's form fields (related records as sorted lists of ids), as
    the edit form shows them: what ``resource_save``'s ``seen`` compares."""
    values = record_values(resource, [f for f in RESOURCE_FIELDS if f not in RESOURCE_M2M])
    for name in RESOURCE_M2M:
        values[name] = (
            sorted(getattr(resource, name).values_list("pk", flat=True)) if resource.pk else []
        )
    values["council_kinds"] = sorted(values.get("council_kinds") or [])
    return values


def _typed(values: dict) -> dict:
    typed = dict(values)
    for name in RESOURCE_M2M:
        if name in typed:
            typed[name] = sorted(getattr(v, "pk", v) for v in typed[name])
    if "council_kinds" in typed:
        typed["council_kinds"] = sorted(typed["council_kinds"])
    return typed


def _save(record, *, by, m2m: dict | None = None, what: str) -> None:
    """Check and save ``record`` and its related records (``m2m``: {field name: records or
    ids}) as saved by ``by``, recorded in its history. Raises ValidationError by field for a
    broken rule, or naming ``what`` ("resource") when the database refuses the row."""
    m2m = m2m or {}
    record.updated_by = by
    record._history_user = by
    record.full_clean(exclude=["slug", *m2m])
    try:
        with transaction.atomic():
            record.save()
            for name, value in m2m.items():
                getattr(record, name).set(value)
    except IntegrityError as error:
        raise ValidationError(f"This {what} could not be saved: check its details.") from error
    pages_changed(TOOLKIT)  # the toolkit, and the charter's pages that list resources


@transaction.atomic
def resource_save(
    *,
    by,
    values: dict,
    instance: Resource | None = None,
    attachment=None,
    remove_attachment: bool = False,
    seen: dict | None = None,
) -> Resource:
    """Create or update a resource and return it.

    ``values``: the fields in ``RESOURCE_FIELDS`` (``principles`` and ``commitments`` as
    records or ids, ``council_kinds`` a list of ``Council.Kind`` values). ``attachment``: an
    uploaded file, checked by ``ui.uploads.validate_upload`` (ValidationError on ``attachment``
    if refused); ``remove_attachment`` drops the current one. ``by``: the user saving.
    Raises ValidationError (by field) when a rule is broken, and ``EditConflict`` (see the
    module), and then nothing is saved.
    """
    unknown = set(values) - set(RESOURCE_FIELDS)
    if unknown:
        raise ValueError(f"Not a field of a resource: {', '.join(sorted(unknown))}")
    created = instance is None
    if created:
        resource = Resource()
    else:
        resource = locked_for_edit(
            instance, seen=seen, current=resource_values, typed=_typed(values)
        )
    m2m = {name: values[name] for name in RESOURCE_M2M if name in values}
    for name, value in values.items():
        if name not in RESOURCE_M2M:
            setattr(resource, name, value)
    if "council_kinds" in values:
        resource.council_kinds = sorted(set(values["council_kinds"]))
    if created:
        resource.slug = unique_slug(Resource, resource.title)
    resource.body_html = render_markdown(resource.body)
    if resource.status == Resource.Status.PUBLISHED and resource.published_at is None:
        resource.published_at = timezone.now()
    if attachment is not None:
        try:
            validate_upload(attachment)
        except ValidationError as error:
            raise ValidationError({"attachment": error.messages}) from None
        resource.attachment = attachment
        resource.attachment_name = PurePath(attachment.name).name[:200]
        resource.attachment_size = attachment.size
    elif remove_attachment:
        resource.attachment = ""
        resource.attachment_name = ""
        resource.attachment_size = 0
    if resource.kind == Resource.Kind.LINK and not resource.url:
        raise ValidationError({"url": "Enter the web address the link goes to"})
    _save(resource, by=by, m2m=m2m, what="resource")
    return resource


def county_service_values(service: CountyService) -> dict:
    """The raw values of a county service's form fields: what ``county_service_save``'s
    ``seen`` compares."""
    return record_values(service, SERVICE_FIELDS)


@transaction.atomic
def county_service_save(
    *, by, values: dict, instance: CountyService | None = None, seen: dict | None = None
) -> CountyService:
    """Create or update an entry of the county services directory and return it.

    ``values``: the fields in ``SERVICE_FIELDS``. Raises ValidationError (by field) when a rule
    is broken (at least one way to reach the service), ``EditConflict`` as the module says."""
    unknown = set(values) - set(SERVICE_FIELDS)
    if unknown:
        raise ValueError(f"Not a field of a county service: {', '.join(sorted(unknown))}")
    if instance is None:
        service = CountyService()
    else:
        service = locked_for_edit(instance, seen=seen, current=county_service_values, typed=values)
    for name, value in values.items():
        setattr(service, name, value)
    if instance is None:
        service.slug = unique_slug(CountyService, service.name)
    if not any(getattr(service, f) for f in ("phone", "email", "website", "how_to_reach")):
        raise ValidationError(
            {"phone": "Give at least one way to reach the service: a phone number, an email "
             "address, a website or another way"}
        )  # fmt: skip
    _save(service, by=by, what="service")
    return service


@transaction.atomic
def signatory_guide_ensure() -> tuple[Resource, bool]:
    """The published guide "How to become a signatory" (slug ``SIGNATORY_GUIDE_SLUG``), made
    from ``toolkit.guide`` if it does not exist. Returns it and whether it was made. An existing
    guide is never changed: the policy team edits it in the portal."""
    existing = Resource.objects.filter(slug=SIGNATORY_GUIDE_SLUG).first()
    if existing:
        return existing, False
    resource = Resource(
        title=guide.TITLE,
        slug=SIGNATORY_GUIDE_SLUG,
        kind=Resource.Kind.GUIDE,
        summary=guide.SUMMARY,
        body=guide.BODY,
        body_html=render_markdown(guide.BODY),
        council_kinds=[],
        status=Resource.Status.PUBLISHED,
        published_at=timezone.now(),
    )
    resource._change_reason = "Made by bootstrap"
    resource.full_clean(exclude=["slug"])
    resource.save()
    pages_changed(TOOLKIT)
    return resource, True
