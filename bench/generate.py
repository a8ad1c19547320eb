"""Fill a database with a realistic, England-sized data set for the benchmark.

    DJANGO_SETTINGS_MODULE=charter_portal.settings DATABASE_URL=... \
        uv run python bench/generate.py --manifest /tmp/run/manifest.json            # full size
    uv run python bench/generate.py --small --manifest /tmp/run/manifest-small.json  # quick check

Run it on a freshly migrated database after ``manage.py bootstrap`` (the charter published and
Oxfordshire's register, ``councils/data/oxfordshire_councils.csv``, loaded); it refuses to run
twice on the same database. Deterministic (``--seed``): the same arguments give the same rows.

Full size (the defaults): 10,000 more councils in 300 more districts, 7,000 signatures of the
current charter version (70 of them withdrawn), invitations, one confirmed clerk per council that
signed or may sign, 8 quarters of progress on every commitment for every signatory (~220,000
ProgressReport rows), 500 action items with 5,000 updates (when the action plan's models exist).

Shortcuts, said plainly:
- Rows are written with ``bulk_create`` in batches, not through the services: no emails, no
  locks. History (simple_history) gets one "+" record per created row, in bulk as well.
- ``Council.status``, ``signed_on``, ``signed_version`` and ``status_changed_at`` are derived
  fields that ``councils.services.status.council_status_refresh`` keeps. Here they are computed
  directly from the signatures and invitations written, by the same rule, and checked against
  ``council_status_refresh`` for a sample of councils at the end (``--verify``, on by default).
- ``created_at``/``updated_at``/``recorded_at`` are set to plausible past dates: their
  ``auto_now``/``auto_now_add`` is switched off in this process only while rows are written.
- Clerks' log-in sessions are written straight into ``django_session`` (signed with the
  server's ``DJANGO_SECRET_KEY``, which must be the same), and listed in the manifest for the
  load client: no password hashing, no log-in form in the benchmark.
"""

import argparse
import contextlib
import datetime
import itertools
import json
import os
import random
import string
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:  # run as a script from anywhere: the project is importable
    sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "charter_portal.settings")

import django  # noqa: E402

django.setup()

from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY  # noqa: E402
from django.contrib.auth.models import Group  # noqa: E402
from django.contrib.sessions.backends.db import SessionStore  # noqa: E402
from django.contrib.sessions.models import Session  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.utils import timezone  # noqa: E402
from django.utils.text import slugify  # noqa: E402

from accounts.models import User  # noqa: E402
from commitments.models import CharterVersion  # noqa: E402
from councils.models import (  # noqa: E402
    Council,
    CouncilCode,
    CouncilRole,
    District,
    Invitation,
    ProgressReport,
    ReportingPeriod,
    Signature,
)
from councils.models.register import search_key  # noqa: E402
from councils.permissions import POLICY_TEAM_GROUP  # noqa: E402

sys.path.insert(0, str(Path(__file__).resolve().parent))
import pages  # noqa: E402

BATCH = 5000
MARKER_GSS_PREFIX = "E079"  # generated districts: E079xxxxx, a range no real district uses
PRESETS = {
    "full": dict(
        councils=10_000,
        districts=300,
        signatures=7_000,
        withdrawn=70,
        invited=0.7,
        quarters=8,
        actions=500,
        action_updates=5_000,
        partnerships=1_000,
        meetings=20_000,
        toolkit_resources=2_000,
        county_services=500,
        sign_sessions=3_000,
        progress_sessions=500,
        consultation_responses=10_000,
    ),
    "small": dict(
        councils=0,
        districts=0,
        signatures=150,
        withdrawn=2,
        invited=0.7,
        quarters=2,
        actions=20,
        action_updates=100,
        partnerships=20,
        meetings=200,
        toolkit_resources=20,
        county_services=10,
        sign_sessions=100,
        progress_sessions=50,
        consultation_responses=100,
    ),
}

STEMS = (  # noqa: SIM905
    "Ash Brad Chip Ded Eyn Fring Gars Hen Ick Kid Lang Mil Nor Ot Pen Quain Rad Shil Tet Up "
    "Wat Yarn Ab Bamp Crow Dray Elm Fen Gor Had Kings Lit Mar New Old Pyr Rams Sut Thame Wood "
    "Bix Cum Dun Ewel Finm Hail Kenn Lyne Stan Wheat"
).split()
ENDINGS = (  # noqa: SIM905
    "bury ford ton ham ley well field worth stead combe don wick thorpe by borough hurst mere "
    "cot ington ing bourne brook hampton marsh church"
).split()
PREFIXES = ["", "Great", "Little", "Upper", "Lower", "North", "South", "East", "West", "Long"]
DISTRICT_ENDINGS = "vale dale downs moor wold forest valley hills heath fields shire water".split()  # noqa: SIM905
ROLES_OF_SIGNER = ["Chair of the council", "Chair", "Vice-chair of the council", "Town mayor"]
FIRST = "Alex Sam Jo Chris Pat Robin Jamie Morgan Ali Kim Lee Charlie Nicky Ashley Terry".split()  # noqa: SIM905
LAST = "Smith Jones Taylor Brown Williams Wilson Evans Thomas Roberts Walker Wright Green".split()  # noqa: SIM905
DID = [
    "Published the agenda and minutes of every meeting on the council's website",
    "Met the district council's locality officer to agree how we share news",
    "Replied to the county's consultation on the local transport plan",
    "Held an open meeting in the village hall on the neighbourhood plan",
    "Trained two councillors on the code of conduct with the county's officers",
    "Added a page about the charter to the newsletter delivered to every home",
    "Agreed a named contact at the district council for planning enforcement",
    "Shared our precept papers with the principal councils before the budget meeting",
    "Asked the county council to attend the annual parish meeting and it did",
    "Set up a joint working group with two neighbouring parishes on flooding",
    "Invited the local member to report at each full council meeting",
    "Took part in the county's survey of town and parish councils",
]
ACTION_TITLES = [
    "Agree a protocol for consultations with town and parish councils",
    "Publish a directory of named contacts at the principal councils",
    "Run training on the charter for clerks and councillors",
    "Review how planning applications are notified to local councils",
    "Set up a quarterly liaison meeting in each district",
    "Share the highways works programme with local councils in advance",
    "Produce a guide to devolving services and assets",
    "Hold an annual charter conference",
]


def log(message: str) -> None:
    print(f"generate: {message}", flush=True)


@contextlib.contextmanager
def step(name: str, timings: dict):
    started = time.monotonic()
    log(f"{name} ...")
    yield
    timings[name] = round(time.monotonic() - started, 1)
    log(f"{name}: {timings[name]} s")


@contextlib.contextmanager
def explicit_timestamps(model, *names):
    """Let bulk_create keep the dates we give instead of now (auto_now/auto_now_add off)."""
    fields = [model._meta.get_field(name) for name in names]
    saved = [(f, f.auto_now, f.auto_now_add) for f in fields]
    for f in fields:
        f.auto_now = f.auto_now_add = False
    try:
        yield
    finally:
        for f, auto_now, auto_now_add in saved:
            f.auto_now, f.auto_now_add = auto_now, auto_now_add


def aware(day: datetime.date, hour: int = 10) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour)))


def bulk(model, objs, *, history=True, history_user=None):
    """bulk_create in batches, then one "+" history record per row (if the model has one)."""
    created = []
    for start in range(0, len(objs), BATCH):
        chunk = model.objects.bulk_create(objs[start : start + BATCH])
        if history and hasattr(model, "history"):
            for obj in chunk:
                obj._history_date = getattr(obj, "_history_date", None) or timezone.now()
            model.history.bulk_history_create(chunk, batch_size=BATCH, default_user=history_user)
        created.extend(chunk)
    return created


class Generator:
    def __init__(self, options, rng: random.Random):
        self.o = options
        self.rng = rng
        self.timings: dict[str, float] = {}
        self.notes: list[str] = []
        self.counts: dict[str, int] = {}
        self.today = timezone.localdate()

    # --- checks -----------------------------------------------------------------------------
    def check_database(self):
        self.version = CharterVersion.objects.current()
        if self.version is None:
            sys.exit("generate: no published charter version: run `manage.py bootstrap` first")
        if not Council.objects.exists():
            sys.exit("generate: no councils: run `manage.py bootstrap` first")
        if District.objects.filter(gss_code__startswith=MARKER_GSS_PREFIX).exists() or (
            Signature.objects.exists() or ProgressReport.objects.exists()
        ):
            sys.exit(
                "generate: this database already has signatures or generated rows: use a "
                "fresh one (bench/run makes its own)"
            )
        self.commitments = list(self.version.commitments.order_by("order"))
        self.aims = list(self.version.aims.order_by("number"))

    # --- the register -----------------------------------------------------------------------
    def unique_names(self, count, make):
        seen, names = set(), []
        attempts = 0
        while len(names) < count:
            name = make()
            attempts += 1
            if attempts > count * 50:
                raise SystemExit("generate: not enough distinct names: fewer councils, please")
            if name not in seen:
                seen.add(name)
                names.append(name)
        return names

    def place(self):
        stem = self.rng.choice(STEMS)
        place = stem + self.rng.choice(ENDINGS)
        prefix = self.rng.choice(PREFIXES)
        return f"{prefix} {place}".strip()

    def generate_register(self):
        o, rng = self.o, self.rng
        existing = set(District.objects.values_list("name", flat=True))
        district_names = [
            n
            for n in self.unique_names(
                o.districts + len(existing),
                lambda: (rng.choice(STEMS) + rng.choice(DISTRICT_ENDINGS)).title(),
            )
            if n not in existing
        ][: o.districts]
        districts = District.objects.bulk_create(
            [
                District(name=name, slug=slugify(name), gss_code=f"{MARKER_GSS_PREFIX}{i:05d}")
                for i, name in enumerate(district_names, start=1)
            ]
        )
        self.counts["districts generated"] = len(districts)

        taken = set(Council.objects.values_list("slug", flat=True))

        def slug_for(name, district):
            base = slugify(name)
            slug = base if base not in taken else slugify(f"{name} {district.name}")
            n = 2
            while slug in taken:
                slug, n = f"{base}-{n}", n + 1
            taken.add(slug)
            return slug

        councils, codes = [], []
        # Each district has its district council, then town and parish councils and meetings.
        places = self.unique_names(max(o.councils - len(districts), 0), self.place)
        if places and not districts:
            sys.exit("generate: generated councils need generated districts (--districts)")
        for district in districts:
            name = f"{district.name} District Council"
            councils.append(
                Council(
                    name=name,
                    slug=slug_for(name, district),
                    kind=Council.Kind.DISTRICT,
                    district=district,
                    website=f"https://www.{district.slug}.gov.uk/",
                    contact_email=f"democratic.services@{district.slug}.gov.uk",
                )
            )
        for place in places:
            district = rng.choice(districts)
            roll = rng.random()
            if roll < 0.10:
                kind, name = Council.Kind.TOWN, f"{place} Town Council"
            elif roll < 0.14:
                kind, name = Council.Kind.PARISH_MEETING, f"{place} Parish Meeting"
            else:
                kind, name = Council.Kind.PARISH, f"{place} Parish Council"
            slug = slug_for(name, district)
            councils.append(
                Council(
                    name=name,
                    slug=slug,
                    kind=kind,
                    kind_confirmed=rng.random() > 0.03,
                    district=district,
                    website=f"https://{slug[:40]}.org.uk/" if rng.random() < 0.8 else "",
                    contact_email=f"clerk@{slug[:40]}.org.uk" if rng.random() < 0.9 else "",
                )
            )
        for council in councils:  # bulk_create bypasses save(), which sets it
            council.search_name = search_key(council.name)
        councils = bulk(Council, councils)
        gss = itertools.count(900_001)
        for council in councils:
            prefix = "E07" if council.kind == Council.Kind.DISTRICT else "E04"
            codes.append(CouncilCode(council=council, code=f"{prefix}{next(gss):06d}"))
        CouncilCode.objects.bulk_create(codes, batch_size=BATCH)
        self.counts["councils generated"] = len(councils)

    # --- people -----------------------------------------------------------------------------
    def unusable_password(self):
        return "!" + "".join(self.rng.choices(string.ascii_letters + string.digits, k=40))

    def policy_officer(self):
        user, _ = User.objects.get_or_create(
            email="bench-policy-officer@example.org",
            defaults={"full_name": "Bench Policy Officer", "password": self.unusable_password()},
        )
        user.groups.add(Group.objects.get_or_create(name=POLICY_TEAM_GROUP)[0])
        return user

    def generate_clerks(self, councils):
        """One confirmed clerk per council given; returns {council_id: user}."""
        from allauth.account.models import EmailAddress

        rng = self.rng
        users = [
            User(
                email=f"clerk.{c.pk}@bench.example.org",
                full_name=f"{rng.choice(FIRST)} {rng.choice(LAST)}",
                password=self.unusable_password(),
                date_joined=aware(datetime.date(2024, 7, 1)),
            )
            for c in councils
        ]
        users = User.objects.bulk_create(users, batch_size=BATCH)
        EmailAddress.objects.bulk_create(
            [EmailAddress(user=u, email=u.email, verified=True, primary=True) for u in users],
            batch_size=BATCH,
        )
        decided = aware(datetime.date(2024, 7, 2))
        roles = [
            CouncilRole(
                user=u,
                council=c,
                role=CouncilRole.Role.CLERK,
                how_to_check="Appointed at the annual meeting (generated for the benchmark).",
                status=CouncilRole.Status.CONFIRMED,
                decided_at=decided,
                decision_method=CouncilRole.Method.COUNCIL_EMAIL,
                confirmation_token="".join(rng.choices(string.ascii_letters + string.digits, k=43)),
                confirmation_sent_at=decided,
            )
            for u, c in zip(users, councils, strict=True)
        ]
        with explicit_timestamps(CouncilRole, "requested_at"):
            for role in roles:
                role.requested_at = decided
            bulk(CouncilRole, roles)
        self.counts["clerk users"] = self.counts.get("clerk users", 0) + len(users)
        return {c.pk: u for u, c in zip(users, councils, strict=True)}

    # --- signatures, invitations, derived status --------------------------------------------
    def generate_signatures(self):
        o, rng, version = self.o, self.rng, self.version
        councils = list(Council.objects.current().order_by("pk"))
        if o.signatures > len(councils):
            sys.exit(f"generate: {o.signatures} signatures but only {len(councils)} councils")
        signers = rng.sample(councils, o.signatures)
        signer_ids = {c.pk for c in signers}
        others = [c for c in councils if c.pk not in signer_ids]
        self.clerks = self.generate_clerks(signers + others)
        self.policy = self.policy_officer()

        published = version.published_on or datetime.date(2024, 7, 1)
        # Everyone signed within the first quarter after publication, so that each signatory
        # can have `quarters` quarters of reports before the current one.
        window = max((ReportingPeriod.containing(published).end - published).days, 0)
        withdrawn = set(c.pk for c in rng.sample(signers, min(o.withdrawn, len(signers))))
        signatures, invitations = [], []
        for council in councils:
            if rng.random() < o.invited:
                invited_on = published + datetime.timedelta(days=rng.randint(0, 7))
                invitation = Invitation(
                    council=council,
                    version=version,
                    kind=Invitation.Kind.INVITATION,
                    email=council.contact_email or f"clerk.{council.pk}@bench.example.org",
                    status=Invitation.Status.FAILED
                    if rng.random() < 0.02
                    else Invitation.Status.SENT,
                    invited_by=self.policy,
                    created_at=aware(invited_on),
                    sent_at=aware(invited_on),
                )
                if invitation.status == Invitation.Status.FAILED:
                    invitation.error = "550 mailbox unavailable"
                    invitation.sent_at = None
                invitations.append(invitation)
        for council in signers:
            day = published + datetime.timedelta(days=rng.randint(7, max(window, 7)))
            day = min(day, self.today)
            signature = Signature(
                council=council,
                version=version,
                resolution_date=day,
                minute_reference=f"Minute {rng.randint(1, 120)}/{day:%y}",
                minutes_url=(
                    f"https://{council.slug[:40]}.org.uk/minutes/{day:%Y-%m}.pdf"
                    if rng.random() < 0.8
                    else ""
                ),
                authorised_by_name=f"{rng.choice(FIRST)} {rng.choice(LAST)}",
                authorised_by_role=rng.choice(ROLES_OF_SIGNER),
                on_paper=rng.random() < 0.05,
                recorded_by=self.clerks[council.pk],
                recorded_at=aware(day + datetime.timedelta(days=rng.randint(0, 6)), 14),
            )
            signature._history_date = signature.recorded_at
            signature._history_user = signature.recorded_by
            if council.pk in withdrawn:
                signature.withdrawn_on = min(day + datetime.timedelta(days=200), self.today)
                signature.withdrawal_reason = "The council resolved to withdraw (generated)."
                signature.withdrawn_by = signature.recorded_by
            signatures.append(signature)
        with explicit_timestamps(Invitation, "created_at"):
            Invitation.objects.bulk_create(invitations, batch_size=BATCH)
        with explicit_timestamps(Signature, "recorded_at"):
            bulk(Signature, signatures)
        self.counts["invitations"] = len(invitations)
        self.counts["signatures"] = len(signatures)
        self.counts["signatures withdrawn"] = len(withdrawn)

        # The derived status, by council_status_refresh's rule: the latest signature decides
        # (signed, or withdrawn); else an invitation that did not fail means invited.
        by_council = {s.council_id: s for s in signatures}  # one version: one signature each
        invited = {i.council_id for i in invitations if i.status != Invitation.Status.FAILED}
        invited_at = {i.council_id: i.created_at for i in invitations}
        changed = []
        for council in councils:
            signature = by_council.get(council.pk)
            if signature is not None and signature.withdrawn_on is None:
                council.status = Council.Status.SIGNED
                council.signed_on = signature.resolution_date
                council.signed_version = version
                council.status_changed_at = signature.recorded_at
            elif signature is not None:
                council.status = Council.Status.WITHDRAWN
                council.signed_on, council.signed_version = None, None
                council.status_changed_at = aware(signature.withdrawn_on, 16)
            elif council.pk in invited:
                council.status = Council.Status.INVITED
                council.signed_on, council.signed_version = None, None
                council.status_changed_at = invited_at[council.pk]
            else:
                continue
            changed.append(council)
        fields = ["status", "signed_on", "signed_version", "status_changed_at"]
        Council.objects.bulk_update(changed, fields, batch_size=1000)
        self.signatories = [c for c in signers if c.pk not in withdrawn]
        self.unsigned = [
            c for c in others if c.status in (Council.Status.NOT_SIGNED, Council.Status.INVITED)
        ]

    # --- progress reports -------------------------------------------------------------------
    def generate_progress(self):
        o, rng = self.o, self.rng
        current = ReportingPeriod.current()
        periods = [current]
        for _ in range(o.quarters):
            periods.append(periods[-1].previous())
        periods = sorted(periods[1:])  # the quarters before this one, oldest first
        statuses = [
            ProgressReport.Status.NOT_STARTED,
            ProgressReport.Status.PLANNED,
            ProgressReport.Status.IN_PROGRESS,
            ProgressReport.Status.EMBEDDED,
        ]
        total = 0
        batch = []

        def flush():
            nonlocal total, batch
            with explicit_timestamps(ProgressReport, "created_at", "updated_at"):
                bulk(ProgressReport, batch)
            total += len(batch)
            batch = []

        for council in self.signatories:
            clerk = self.clerks[council.pk]
            for commitment in self.commitments:
                not_applicable = rng.random() < 0.03
                level = rng.choice((0, 0, 1, 1, 2))
                for period in periods:
                    if not not_applicable and level < 3 and rng.random() < 0.3:
                        level += 1
                    reported = aware(period.end + datetime.timedelta(days=rng.randint(1, 25)), 11)
                    status = (
                        ProgressReport.Status.NOT_APPLICABLE if not_applicable else statuses[level]
                    )
                    did = ""
                    if status in (
                        ProgressReport.Status.IN_PROGRESS,
                        ProgressReport.Status.EMBEDDED,
                    ):
                        did = ". ".join(rng.sample(DID, rng.randint(1, 3))) + f" ({period})."
                    links = [
                        f"https://{council.slug[:40]}.org.uk/news/{period.year}-q{period.quarter}-{n}"
                        for n in range(rng.choice((0, 0, 1, 2)))
                    ]
                    report = ProgressReport(
                        council=council,
                        commitment=commitment,
                        period_year=period.year,
                        period_quarter=period.quarter,
                        status=status,
                        not_applicable_reason=(
                            "The council has no staff and meets twice a year."
                            if not_applicable
                            else ""
                        ),
                        what_we_did=did,
                        evidence_links=links if did else [],
                        reported_by=clerk,
                        created_at=reported,
                        updated_at=reported,
                        # bulk_create bypasses save(), which keeps the marker: set it here
                        is_latest=period == periods[-1],
                    )
                    report._history_date = reported
                    report._history_user = clerk
                    batch.append(report)
                    if len(batch) >= 20_000:
                        flush()
        if batch:
            flush()
        self.counts["progress reports"] = total
        self.counts["quarters"] = len(periods)

    # --- the action plan --------------------------------------------------------------------
    def generate_actions(self):
        """500 action items, 5,000 updates; skipped (with a message) if the models are not
        there yet."""
        try:
            from actions.models import ActionItem, ActionReferenceCounter, ActionUpdate
        except ImportError as error:
            self.skip_actions(f"actions.models has no action plan models yet ({error})")
            return
        tables = set(connection.introspection.table_names())
        for model in (ActionItem, ActionUpdate, ActionReferenceCounter):
            if model._meta.db_table not in tables:
                self.skip_actions(f"table {model._meta.db_table} is not migrated")
                return
        o, rng = self.o, self.rng
        status_values = [s for s in ActionItem.Status.values]
        open_statuses = ["not-started", "on-track", "at-risk", "delayed"]
        lead_councils = list(Council.objects.filter(kind__in=Council.PRINCIPAL_KINDS))
        items = []
        for n in range(1, o.actions + 1):
            start = datetime.date(2024, 7, 1) + datetime.timedelta(days=rng.randint(0, 500))
            due = start + datetime.timedelta(days=rng.randint(30, 540))
            item = ActionItem(
                reference=f"A-{n}",
                title=f"{rng.choice(ACTION_TITLES)} ({n})",
                description="Generated for the benchmark. " + ". ".join(rng.sample(DID, 2)) + ".",
                lead_officer_role=rng.choice(
                    ["Head of Democratic Services", "Policy Officer", "Locality Manager"]
                ),
                start_date=start,
                due_date=due,
                status=rng.choice(status_values),
                is_public=rng.random() < 0.8,
                position=n,
                created_by=self.policy,
                updated_by=self.policy,
            )
            if lead_councils and rng.random() < 0.7:
                item.lead_council = rng.choice(lead_councils)
            else:
                item.lead_partner = "Oxfordshire Association of Local Councils (OALC)"
            item._history_user = self.policy
            items.append(item)
        items = bulk(ActionItem, items, history_user=self.policy)
        ActionReferenceCounter.objects.update_or_create(pk=1, defaults={"last_number": o.actions})
        links = ActionItem.commitments.through
        aims = ActionItem.aims.through
        links.objects.bulk_create(
            [
                links(actionitem=item, commitment=c)
                for item in items
                for c in rng.sample(self.commitments, rng.randint(1, min(2, len(self.commitments))))
            ],
            batch_size=BATCH,
        )
        if self.aims:
            aims.objects.bulk_create(
                [
                    aims(actionitem=item, strategicaim=a)
                    for item in items
                    for a in rng.sample(self.aims, rng.randint(1, min(2, len(self.aims))))
                ],
                batch_size=BATCH,
            )
        updates = []
        per_item = {item.pk: [] for item in items}
        for _ in range(o.action_updates):
            per_item[rng.choice(items).pk].append(None)
        for item in items:
            count = len(per_item[item.pk])
            day, status = item.start_date, "not-started"
            for _ in range(count):
                day = min(day + datetime.timedelta(days=rng.randint(5, 40)), self.today)
                update = ActionUpdate(
                    item=item,
                    date=day,
                    text=". ".join(rng.sample(DID, 2)) + ".",
                    author=self.policy,
                    created_at=aware(day, 15),
                )
                if rng.random() < 0.2:
                    new = rng.choice([s for s in open_statuses if s != status])
                    update.status_from, update.status_to, status = status, new, new
                updates.append(update)
        with explicit_timestamps(ActionUpdate, "created_at"):
            ActionUpdate.objects.bulk_create(updates, batch_size=BATCH)
        self.counts["action items"] = len(items)
        self.counts["action updates"] = len(updates)

    def skip_actions(self, why):
        message = f"action plan SKIPPED: {why}"
        log(message)
        self.notes.append(message)

    # --- the partnerships register ------------------------------------------------------------
    def generate_partnerships(self):
        """1,000 partnerships (members, risks, a review each) and 20,000 meetings in 40 series,
        half held and half to come; a scrutiny review for one partnership in ten."""
        from partnerships.models import (
            Meeting,
            MeetingSeries,
            Organisation,
            Partnership,
            PartnershipReview,
            Risk,
            ScrutinyReview,
        )

        o, rng = self.o, self.rng
        if not o.partnerships:
            return
        principal = list(Council.objects.filter(kind__in=Council.PRINCIPAL_KINDS))
        councils = list(Council.objects.current().order_by("pk").values_list("pk", flat=True))
        bodies = bulk(
            Organisation,
            [
                Organisation(name=f"{sector.title()} partner {n}", sector=sector)
                for n, sector in enumerate(["police", "health", "voluntary", "business"] * 10)
            ],
            history_user=self.policy,
        )
        levels = ["strategic", "thematic", "local"]
        partnerships = []
        for n in range(1, o.partnerships + 1):
            due = self.today + datetime.timedelta(days=rng.randint(-120, 365))
            p = Partnership(
                name=f"{rng.choice(STEMS)}{rng.choice(ENDINGS)} partnership {n}",
                slug=f"partnership-{n}",
                purpose="Generated for the benchmark. " + rng.choice(DID) + ".",
                level=rng.choice(levels),
                is_statutory=rng.random() < 0.2,
                governance="A board of the members' leaders.",
                reporting="Quarterly to Cabinet.",
                contact_email=f"partnership{n}@example.org",
                review_due_on=due,
                last_reviewed_on=due - datetime.timedelta(days=365),
                updated_by=self.policy,
            )
            if principal and rng.random() < 0.7:
                p.lead_council = rng.choice(principal)
            else:
                p.lead_organisation = rng.choice(bodies)
            partnerships.append(p)
        partnerships = bulk(Partnership, partnerships, history_user=self.policy)
        members = Partnership.member_councils.through
        members.objects.bulk_create(
            [
                members(partnership=p, council_id=c)
                for p in partnerships
                for c in rng.sample(councils, min(len(councils), rng.randint(2, 12)))
            ],
            batch_size=BATCH,
        )
        others = Partnership.member_organisations.through
        others.objects.bulk_create(
            [
                others(partnership=p, organisation=b)
                for p in partnerships
                for b in rng.sample(bodies, 3)
            ],
            batch_size=BATCH,
        )
        served = Partnership.commitments.through
        served.objects.bulk_create(
            [
                served(partnership=p, commitment=c)
                for p in partnerships
                for c in rng.sample(self.commitments, min(2, len(self.commitments)))
            ],
            batch_size=BATCH,
        )
        PartnershipReview.objects.bulk_create(
            [
                PartnershipReview(
                    partnership=p,
                    reviewed_on=p.last_reviewed_on,
                    purpose_confirmed=True,
                    membership_confirmed=rng.random() < 0.7,
                    governance_confirmed=True,
                    notes="Generated.",
                    next_due_on=p.review_due_on,
                    recorded_by=self.policy,
                )
                for p in partnerships
            ],
            batch_size=BATCH,
        )
        risks = bulk(
            Risk,
            [
                Risk(
                    partnership=p,
                    title=f"Risk {k} of {p.slug}",
                    likelihood=rng.randint(1, 5),
                    impact=rng.randint(1, 5),
                    owner="Partnership manager",
                    review_on=self.today + datetime.timedelta(days=rng.randint(0, 180)),
                    is_public=rng.random() < 0.5,
                )
                for p in partnerships
                for k in range(rng.randint(1, 6))
            ],
            history_user=self.policy,
        )
        series = bulk(
            MeetingSeries,
            [
                MeetingSeries(
                    name=f"Meetings of {p.name}",
                    slug=f"series-{p.slug}",
                    kind="partnership",
                    frequency="monthly",
                    partnership=p,
                )
                for p in partnerships[:40]
            ],
            history_user=self.policy,
        )
        now = timezone.now()
        meetings = []
        for n in range(o.meetings):
            start = (now + datetime.timedelta(days=rng.randint(-700, 700))).replace(
                minute=0, second=0, microsecond=0
            )
            meetings.append(
                Meeting(
                    series=series[n % len(series)],
                    starts_at=start,
                    ends_at=start + datetime.timedelta(hours=2),
                    location="County Hall, Oxford",
                    agenda="1. Apologies\n2. Minutes\n3. Performance report",
                    updated_by=self.policy,
                )
            )
        meetings = bulk(Meeting, meetings, history_user=self.policy)
        scrutiny = bulk(
            ScrutinyReview,
            [
                ScrutinyReview(
                    title=f"Scrutiny of {p.name}",
                    slug=f"scrutiny-{p.slug}",
                    programme_year=2024 + n % 3,
                    scope="Governance and achievement.",
                    starts_on=datetime.date(2024 + n % 3, 9, 1),
                    ends_on=datetime.date(2025 + n % 3, 1, 31),
                )
                for n, p in enumerate(partnerships[::10])
            ],
            history_user=self.policy,
        )
        examined = ScrutinyReview.partnerships.through
        examined.objects.bulk_create(
            [
                examined(scrutinyreview=r, partnership=p)
                for r, p in zip(scrutiny, partnerships[::10], strict=True)
            ]
        )
        self.counts["partnerships"] = len(partnerships)
        self.counts["partnership risks"] = len(risks)
        self.counts["meetings"] = len(meetings)

    # --- a consultation on a draft ------------------------------------------------
    def generate_consultation(self):
        """A closed consultation on a new draft version with ``--consultation-responses`` sent
        responses: one per council as far as the councils go, then individuals (who agreed to
        publication), three answers each, and five themes."""
        from commitments.services import charter_version_draft
        from consultations.models import Answer, Response, Theme
        from consultations.services import consultation_open

        o, rng = self.o, self.rng
        draft = charter_version_draft(source=self.version)
        consultation = consultation_open(
            version=draft,
            title="Bench consultation on the draft",
            opens_on=self.today - datetime.timedelta(days=60),
            closes_on=self.today - datetime.timedelta(days=1),
            individuals_allowed=True,
        )
        questions = list(consultation.questions.all())
        councils = list(Council.objects.current().order_by("pk")[: o.consultation_responses])
        people = bulk(
            User,
            [
                User(
                    email=f"bench-resident-{n}@example.org",
                    full_name=f"{rng.choice(FIRST)} {rng.choice(LAST)}",
                    password=self.unusable_password(),
                )
                for n in range(o.consultation_responses - len(councils))
            ],
        )
        sent = timezone.now() - datetime.timedelta(days=2)
        officer = self.policy_officer()
        responses = [
            Response(
                consultation=consultation,
                council=council,
                respondent=officer,
                status=Response.Status.SUBMITTED,
                submitted_at=sent,
            )
            for council in councils
        ] + [
            Response(
                consultation=consultation,
                respondent=person,
                status=Response.Status.SUBMITTED,
                submitted_at=sent,
                publish_consent=True,
            )
            for person in people
        ]
        responses = bulk(Response, responses)
        choices = ["yes", "yes", "yes", "partly", "no"]
        bulk(
            Answer,
            [
                Answer(
                    response=r,
                    question=q,
                    choice=rng.choice(choices),
                    comment=rng.choice(DID) if rng.random() < 0.3 else "",
                )
                for r in responses
                for q in questions
            ],
        )
        bulk(
            Theme,
            [
                Theme(consultation=consultation, order=n, you_said=f"Theme {n}", we_did="")
                for n in range(1, 6)
            ],
        )
        self.counts["consultation responses"] = len(responses)

    # --- the toolkit ----------------------------------------------------------------------------
    def generate_toolkit(self):
        """2,000 resources (nine in ten published, each serving a commitment and a principle,
        a few kinds of council each, a page of Markdown rendered once as the service does) and
        500 county services; the guide "How to become a signatory" as bootstrap makes it."""
        from toolkit.models import CountyService, Resource
        from toolkit.services import signatory_guide_ensure
        from ui.markdown import render_markdown

        o, rng = self.o, self.rng
        signatory_guide_ensure()
        principles = list(self.version.principles.order_by("order"))
        body = "# What it is for\n\n" + " ".join(DID) + "\n\n- One\n- Two\n- Three\n"
        body_html = render_markdown(body)
        kinds = [k for k, _ in Resource.Kind.choices]
        council_kinds = ["town", "parish", "parish-meeting", "district"]
        now = timezone.now()
        resources = bulk(
            Resource,
            [
                Resource(
                    title=f"{rng.choice(ACTION_TITLES)} ({n})",
                    slug=f"resource-{n}",
                    kind=kinds[n % len(kinds)],
                    summary=rng.choice(DID),
                    body=body,
                    body_html=body_html,
                    url="https://www.oxfordshire.gov.uk/" if n % len(kinds) == 4 else "",
                    council_kinds=sorted(rng.sample(council_kinds, rng.randint(0, 3))),
                    status="draft" if n % 10 == 0 else "published",
                    published_at=None if n % 10 == 0 else now,
                    updated_by=self.policy,
                )
                for n in range(1, o.toolkit_resources + 1)
            ],
            history_user=self.policy,
        )
        serves_c, serves_p = Resource.commitments.through, Resource.principles.through
        serves_c.objects.bulk_create(
            [serves_c(resource=r, commitment=rng.choice(self.commitments)) for r in resources],
            batch_size=BATCH,
        )
        if principles:
            serves_p.objects.bulk_create(
                [serves_p(resource=r, principle=rng.choice(principles)) for r in resources],
                batch_size=BATCH,
            )
        services = bulk(
            CountyService,
            [
                CountyService(
                    name=f"{rng.choice(STEMS)}{rng.choice(ENDINGS)} service {n}",
                    slug=f"county-service-{n}",
                    team=rng.choice(["Highways", "Libraries", "Planning", "Waste", "Education"]),
                    what_it_does=rng.choice(DID),
                    phone="01865 792422",
                    email=f"service{n}@example.org",
                    updated_by=self.policy,
                )
                for n in range(1, o.county_services + 1)
            ],
            history_user=self.policy,
        )
        self.counts["toolkit resources"] = len(resources)
        self.counts["county services"] = len(services)

    # --- sessions for the load client ----------------------------------------------------
    def generate_sessions(self):
        o, rng = self.o, self.rng
        expire = timezone.now() + datetime.timedelta(days=2)
        store = SessionStore()
        alphabet = string.ascii_lowercase + string.digits
        rows, manifest = [], {"sign": [], "progress": []}
        pools = (
            ("sign", rng.sample(self.unsigned, min(o.sign_sessions, len(self.unsigned)))),
            (
                "progress",
                rng.sample(self.signatories, min(o.progress_sessions, len(self.signatories))),
            ),
        )
        for kind, councils in pools:
            for council in councils:
                user = self.clerks[council.pk]
                key = "".join(rng.choices(alphabet, k=32))
                data = store.encode(
                    {
                        SESSION_KEY: str(user.pk),
                        BACKEND_SESSION_KEY: "django.contrib.auth.backends.ModelBackend",
                        HASH_SESSION_KEY: user.get_session_auth_hash(),
                    }
                )
                rows.append(Session(session_key=key, session_data=data, expire_date=expire))
                manifest[kind].append({"council": council.slug, "session": key})
        Session.objects.bulk_create(rows, batch_size=BATCH)
        self.sessions = manifest
        self.counts["clerk sessions"] = len(rows)

    # --- checks afterwards ----------------------------------------------------------------
    def verify(self):
        """council_status_refresh on a sample must find nothing to change."""
        from councils.services.status import council_status_refresh

        sample = self.rng.sample(list(Council.objects.order_by("pk")), 60)
        wrong = []
        with transaction.atomic():
            for council in sample:
                before = (council.status, council.signed_on, council.signed_version_id)
                after = council_status_refresh(council=council)
                if before != (after.status, after.signed_on, after.signed_version_id):
                    wrong.append(f"{council.slug}: {before} != {after.status}")
            transaction.set_rollback(True)
        if wrong:
            sys.exit(
                "generate: derived status differs from council_status_refresh: " + "; ".join(wrong)
            )
        log(f"verified the derived status of {len(sample)} councils with council_status_refresh")

    def analyze(self):
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")

    def run(self):
        self.check_database()
        # Each part in its own transaction, in this order: later parts read earlier ones' rows.
        for label, generate in (
            ("register", self.generate_register),
            ("clerks, signatures, invitations, status", self.generate_signatures),
            ("progress reports", self.generate_progress),
            ("action plan", self.generate_actions),
            ("partnerships", self.generate_partnerships),
            ("consultation", self.generate_consultation),
            ("toolkit", self.generate_toolkit),
            ("sessions", self.generate_sessions),
        ):
            with step(label, self.timings), transaction.atomic():
                generate()
        if self.o.verify:
            with step("verify", self.timings):
                self.verify()
        with step("analyze", self.timings):
            self.analyze()
        self.counts["councils (all, current)"] = Council.objects.current().count()
        self.counts["signatories"] = Council.objects.current().signed().count()


def parse_args(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--small", action="store_true", help="the small preset: the real register only"
    )
    parser.add_argument("--seed", type=int, default=8)
    parser.add_argument("--manifest", type=Path, help="write sessions, pages and counts here")
    parser.add_argument("--no-verify", dest="verify", action="store_false")
    for name, default in PRESETS["full"].items():
        kind = float if isinstance(default, float) else int
        parser.add_argument(f"--{name.replace('_', '-')}", type=kind, default=None)
    options = parser.parse_args(argv)
    preset = PRESETS["small" if options.small else "full"]
    for name, default in preset.items():
        if getattr(options, name) is None:
            setattr(options, name, default)
    return options


def main(argv=None):
    options = parse_args(argv)
    started = time.monotonic()
    generator = Generator(options, random.Random(options.seed))
    generator.run()
    elapsed = round(time.monotonic() - started, 1)
    log(f"done in {elapsed} s: " + ", ".join(f"{k} {v}" for k, v in generator.counts.items()))
    if options.manifest:
        manifest = {
            "size": "small" if options.small else "full",
            "seed": options.seed,
            "options": {k: v for k, v in vars(options).items() if k != "manifest"},
            "counts": generator.counts,
            "timings": {**generator.timings, "total": elapsed},
            "notes": generator.notes,
            "pages": pages.pick(),
            "commitments": [c.key for c in generator.commitments],
            "sessions": generator.sessions,
        }
        options.manifest.parent.mkdir(parents=True, exist_ok=True)
        options.manifest.write_text(json.dumps(manifest, indent=2, default=str))
        log(f"manifest written to {options.manifest}")


if __name__ == "__main__":
    main()
