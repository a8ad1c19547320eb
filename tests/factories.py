"""factory_boy factories for the portal's models. Charter content comes from the real data file
(the ``charter`` fixture in tests/conftest.py), not from factories."""

import datetime

import factory
from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from django.contrib.auth.models import Group
from django.utils.module_loading import import_string
from django.utils.text import slugify

from accounts.models import User
from councils.models import Council, CouncilCode, CouncilRole, District, Signature
from councils.models.register import search_key
from councils.permissions import POLICY_TEAM_GROUP


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"user{n}@example.org")
    full_name = factory.Faker("name", locale="en_GB")
    password = factory.django.Password("correct horse battery staple")

    @factory.post_generation
    def verified(obj, create, extracted, **kwargs):
        if create and extracted is not False:
            EmailAddress.objects.create(user=obj, email=obj.email, verified=True, primary=True)


class PolicyOfficerFactory(UserFactory):
    """A member of the policy team with a TOTP authenticator (two factors), and access to the
    back office (the Django admin)."""

    is_staff = True

    @factory.post_generation
    def policy_team(obj, create, extracted, **kwargs):
        if not create:
            return
        group, _ = Group.objects.get_or_create(name=POLICY_TEAM_GROUP)
        obj.groups.add(group)
        if extracted is not False:
            Authenticator.objects.create(
                user=obj, type=Authenticator.Type.TOTP, data={"secret": "JBSWY3DPEHPK3PXP"}
            )


class AdminFactory(PolicyOfficerFactory):
    is_superuser = True


class DistrictFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = District
        django_get_or_create = ["name"]

    name = factory.Sequence(lambda n: f"District {n}")
    slug = factory.LazyAttribute(lambda o: slugify(o.name))
    gss_code = factory.Sequence(lambda n: f"E07{n:06d}")


class CouncilFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Council
        skip_postgeneration_save = True

    name = factory.Sequence(lambda n: f"Parish {n} Parish Council")
    slug = factory.LazyAttribute(lambda o: slugify(o.name))
    search_name = factory.LazyAttribute(lambda o: search_key(o.name))  # as the services set it
    kind = Council.Kind.PARISH
    district = factory.SubFactory(DistrictFactory)
    contact_email = factory.LazyAttribute(lambda o: f"clerk@{o.slug}.example.org")

    @factory.post_generation
    def code(obj, create, extracted, **kwargs):
        if create:
            CouncilCode.objects.create(council=obj, code=extracted or f"E04{obj.pk:06d}")


class CouncilRoleFactory(factory.django.DjangoModelFactory):
    """A confirmed clerk by default; pass status=CouncilRole.Status.PENDING for a request."""

    class Meta:
        model = CouncilRole

    user = factory.SubFactory(UserFactory)
    council = factory.SubFactory(CouncilFactory)
    role = CouncilRole.Role.CLERK
    how_to_check = "Appointed at the meeting of 1 April 2026, minute 12."
    status = CouncilRole.Status.CONFIRMED
    decision_method = CouncilRole.Method.POLICY_TEAM
    decided_at = factory.LazyFunction(lambda: datetime.datetime.now(datetime.UTC))


class SignatureFactory(factory.django.DjangoModelFactory):
    """A signature row only: use councils.services to sign, so the council's status follows."""

    class Meta:
        model = Signature

    council = factory.SubFactory(CouncilFactory)
    resolution_date = datetime.date(2026, 9, 1)
    minute_reference = factory.Sequence(lambda n: f"Minute {n}/26")
    authorised_by_name = factory.Faker("name", locale="en_GB")
    authorised_by_role = "Chair of the council"
    recorded_by = factory.SubFactory(UserFactory)


# --- Register and directory ---


class SignedCouncilFactory(CouncilFactory):
    """A council whose stored status reads signed, without signature rows: for lists and
    counts. Pass ``signed_version=charter`` for a version; use councils.services to sign."""

    status = Council.Status.SIGNED
    signed_on = datetime.date(2026, 9, 1)
    status_changed_at = factory.Sequence(
        lambda n: datetime.datetime(2026, 9, 1, tzinfo=datetime.UTC) + datetime.timedelta(hours=n)
    )


class CouncilCodeFactory(factory.django.DjangoModelFactory):
    """A further GSS code, e.g. for a joint parish council."""

    class Meta:
        model = CouncilCode

    council = factory.SubFactory(CouncilFactory)
    code = factory.Sequence(lambda n: f"E09{n:06d}")


# --- Progress reports ---


class ProgressReportFactory(factory.django.DjangoModelFactory):
    """A report row for ``commitment`` (required: from the ``charter`` fixture), this quarter by
    default. Use councils.services.progress to report as a clerk would."""

    class Meta:
        model = "councils.ProgressReport"

    council = factory.SubFactory(CouncilFactory)
    period_year = factory.LazyFunction(lambda: _current_period().year)
    period_quarter = factory.LazyFunction(lambda: _current_period().quarter)
    status = "in-progress"
    what_we_did = "Started a quarterly newsletter, delivered to every household."
    evidence_links = factory.LazyFunction(lambda: ["https://example.org/newsletter"])
    reported_by = factory.SubFactory(UserFactory)

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        """Saved as a row, for any period, and the latest-report marker kept as
        ``progress_report_save`` keeps it."""
        report = super()._create(model_class, *args, **kwargs)
        model_class.objects.latest_marker_refresh(
            council_id=report.council_id, commitment_id=report.commitment_id
        )
        report.__dict__.pop("is_latest", None)
        return report


def _current_period():
    from councils.models import ReportingPeriod

    return ReportingPeriod.current()


def progress_report(council, commitment, period=None, **kwargs):
    """A ``ProgressReportFactory`` report of ``council`` on ``commitment`` for ``period`` (a
    ``ReportingPeriod``; this quarter when None); ``kwargs`` are the factory's other fields."""
    period = period or _current_period()
    return ProgressReportFactory(
        council=council,
        commitment=commitment,
        period_year=period.year,
        period_quarter=period.quarter,
        **kwargs,
    )


def progress_reported(council, commitment, *, period=None, user=None, **values):
    """Report ``council``'s progress on ``commitment`` as a clerk does, through
    ``councils.services.progress.progress_report_save``: for ``period`` (a ``ReportingPeriod``;
    this quarter when None), by ``user`` (a new user when None), with the form's ``values``
    (status "planned", nothing said, no links unless given). The service's ``(report, created)``."""
    from councils.services.progress import progress_report_save

    form = {
        "status": "planned",
        "what_we_did": "",
        "evidence_links": [],
        "not_applicable_reason": "",
    }
    return progress_report_save(
        council=council,
        commitment=commitment,
        period=period or _current_period(),
        user=user or UserFactory(),
        **{**form, **values},
    )


def signatory(council, version):
    """Make ``council`` a signatory of ``version`` (a Signature, then its derived status)."""
    from councils.services.status import council_status_refresh

    SignatureFactory(council=council, version=version)
    return council_status_refresh(council=council)


def signature_recorded(council, version, by, **details):
    """``council``'s signature of ``version`` recorded by ``by`` (a user) through
    ``councils.services.signing.signature_record``, with its history record and emails.
    ``details`` override the resolution's: passed on the day ``version`` was published, minute
    "Minute 3/26", authorised by "Someone", the chair; ``on_paper=True`` as the service takes."""
    from councils.services.signing import signature_record

    resolution = {
        "resolution_date": version.published_on,
        "minute_reference": "Minute 3/26",
        "authorised_by_name": "Someone",
        "authorised_by_role": "Chair",
    }
    return signature_record(
        council=council, version=version, recorded_by=by, **{**resolution, **details}
    )


# --- end of progress reports ---


# --- Clerks, signatures and invitations ---


class InvitationFactory(factory.django.DjangoModelFactory):
    """An invitation row, sent by default (``version`` required: the ``charter`` fixture)."""

    class Meta:
        model = "councils.Invitation"

    council = factory.SubFactory(CouncilFactory)
    email = factory.LazyAttribute(lambda o: o.council.contact_email or "clerk@example.org")
    status = "sent"
    invited_by = factory.SubFactory(PolicyOfficerFactory)


def totp_code(secret: str = "JBSWY3DPEHPK3PXP") -> str:
    """The code an authenticator app shows now for ``secret`` (PolicyOfficerFactory's)."""
    import time

    from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value

    return format_hotp_value(hotp_value(secret, int(time.time()) // 30))


# --- end of clerks, signatures and invitations ---


# --- Action plan ---


def _plan_officer():
    """One policy officer who keeps the plan in a test, unless ``by=`` names another (a new
    officer per item would hash a password each time: slow)."""
    email = "action-plan-officer@example.org"
    return User.objects.filter(email=email).first() or PolicyOfficerFactory(
        email=email, full_name="Alex Morgan"
    )


class ServiceFactory(factory.django.DjangoModelFactory):
    """A factory whose objects are made as the policy team makes them: through the service
    named by ``_service`` (a dotted path, e.g. ``"partnerships.services.risk_save"``), called
    with the factory's fields as keyword arguments, so that each object has what the service
    gives it (a reference, a position, its first history record); a factory whose service takes
    its fields otherwise overrides ``_create``. ``by`` is the plan officer unless given."""

    class Meta:
        abstract = True

    _service = ""
    by = factory.LazyFunction(_plan_officer)

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        return import_string(cls._service)(**kwargs)


class ActionItemFactory(ServiceFactory):
    """An action item made through ``actions.services.action_item_create``, so it has its
    reference, position and first history record. Led by a partner unless ``lead_council`` is
    given; public by default; ``commitments=[...]`` and ``aims=[...]`` as the service takes."""

    class Meta:
        model = "actions.ActionItem"

    _service = "actions.services.action_item_create"

    title = factory.Sequence(lambda n: f"Action number {n}")
    description = "Agree the approach with the councils and report back."
    lead_council = None
    lead_partner = factory.LazyAttribute(
        lambda o: "" if o.lead_council else "Oxfordshire Association of Local Councils (OALC)"
    )
    lead_officer_role = "Head of Democratic Services"
    start_date = datetime.date(2026, 4, 1)
    due_date = datetime.date(2027, 3, 31)
    status = "not-started"
    is_public = True


def _local_today() -> datetime.date:
    from django.utils import timezone

    return timezone.localdate()


class ActionUpdateFactory(ServiceFactory):
    """A progress update made through ``actions.services.action_update_add``; pass
    ``status=...`` for a status change."""

    class Meta:
        model = "actions.ActionUpdate"

    _service = "actions.services.action_update_add"

    item = factory.SubFactory(ActionItemFactory)
    text = factory.Sequence(lambda n: f"Progress note {n}: the group met and agreed next steps.")
    date = factory.LazyFunction(lambda: _local_today())
    status = ""


# --- end of action plan ---


# --- Partnerships ---


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "partnerships.Organisation"
        django_get_or_create = ["name"]

    name = factory.Sequence(lambda n: f"Partner body {n}")
    sector = "voluntary"


class PartnershipFactory(ServiceFactory):
    """A partnership made through ``partnerships.services.partnership_save`` (with its first
    history record); ``member_councils=[...]`` and the other m2m fields as the service takes."""

    class Meta:
        model = "partnerships.Partnership"

    _service = "partnerships.services.partnership_save"

    name = factory.Sequence(lambda n: f"Oxfordshire Partnership {n}")
    purpose = "Bring the councils and their partners together."
    level = "thematic"
    is_statutory = False
    governance = "A board of the members' leaders; terms of reference agreed in 2025."
    reporting = "Quarterly to Cabinet."
    contact_email = "partnership@example.org"
    review_due_on = datetime.date(2027, 3, 31)


class RiskFactory(ServiceFactory):
    class Meta:
        model = "partnerships.Risk"

    _service = "partnerships.services.risk_save"

    partnership = factory.SubFactory(PartnershipFactory)
    title = factory.Sequence(lambda n: f"Risk {n}")
    likelihood = 3
    impact = 3
    owner = "Partnership manager"
    review_on = datetime.date(2027, 1, 31)
    is_public = False


class MeetingSeriesFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "partnerships.MeetingSeries"

    name = factory.Sequence(lambda n: f"Liaison meeting series {n}")
    slug = factory.LazyAttribute(lambda o: slugify(o.name))
    kind = "liaison"
    frequency = "quarterly"


class MeetingFactory(ServiceFactory):
    class Meta:
        model = "partnerships.Meeting"

    _service = "partnerships.services.meeting_save"

    series = factory.SubFactory(MeetingSeriesFactory)
    starts_at = factory.LazyFunction(
        lambda: datetime.datetime(2027, 1, 14, 10, 0, tzinfo=datetime.UTC)
    )
    ends_at = factory.LazyAttribute(lambda o: o.starts_at + datetime.timedelta(hours=2))
    location = "County Hall, Oxford"
    agenda = "1. Apologies\n2. Waste partnership"


# --- end of partnerships ---


# --- The toolkit ------------------------------------------------------------------------------


class ResourceFactory(ServiceFactory):
    """A published resource made through ``toolkit.services.resource_save`` (with its HTML and
    first history record); ``commitments=[...]`` and the other fields as the service takes."""

    class Meta:
        model = "toolkit.Resource"

    title = factory.Sequence(lambda n: f"Toolkit resource {n}")
    kind = "guide"
    summary = "How to do something well."
    body = "Some **useful** text."
    status = "published"

    @classmethod
    def _create(cls, model_class, *args, by, **values):
        from toolkit.services import resource_save

        attachment = values.pop("attachment", None)
        return resource_save(by=by, values=values, attachment=attachment)


class CountyServiceFactory(ServiceFactory):
    class Meta:
        model = "toolkit.CountyService"

    name = factory.Sequence(lambda n: f"County service {n}")
    team = "Highways"
    what_it_does = "Fixes potholes reported by councils."
    phone = "0345 310 1111"
    email = "highways@oxfordshire.example"

    @classmethod
    def _create(cls, model_class, *args, by, **values):
        from toolkit.services import county_service_save

        return county_service_save(by=by, values=values)
