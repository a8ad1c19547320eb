"""Writes of consultations: opening one, its questions, responses (drafts kept, sent, changed
until the closing date), themes ("You said, we did"), inviting councils, and loading a
consultation known only from its published results. Every function is keyword-only and runs in
one transaction; emails go through the outbox once it commits."""

import datetime
from dataclasses import dataclass, field

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Count, Q, QuerySet
from django.urls import reverse
from django.utils import timezone

from commitments.models import CharterVersion
from councils.hooks import CouncilTask
from councils.models import Council, CouncilRole
from councils.services.invitations import councils_locked, emailed_too_recently
from councils.tasks import email_queue
from ui.cache import CHARTER, CONSULTATIONS, pages_changed
from ui.conflicts import conflict_check
from ui.services import unique_slug

from .models import Answer, Consultation, ConsultationInvitation, Question, Response, Theme

# The questions of the 2023-24 consultation (S1), asked again by default: one a section.
STANDARD_QUESTIONS = [
    (Question.Section.AIMS, "Do the aims meet the needs of Oxfordshire councils?"),
    (Question.Section.PRINCIPLES, "Are the principles the right ones?"),
    (Question.Section.COMMITMENTS, "Are the commitments the right ones?"),
]
CONSULTATION_FIELDS = ["title", "summary", "opens_on", "closes_on", "individuals_allowed"]
THEME_FIELDS = ["order", "you_said", "we_did", "changed_sections"]


@transaction.atomic
def consultation_open(
    *,
    version: CharterVersion,
    title: str,
    opens_on: datetime.date,
    closes_on: datetime.date,
    summary: str = "",
    individuals_allowed: bool = False,
) -> Consultation:
    """Open ``version`` (a draft) for consultation from ``opens_on`` to ``closes_on``
    (inclusive), with the standard questions (``STANDARD_QUESTIONS``), which the policy team
    may change. Raises ValidationError for a version that is not a draft, one consulted on
    already, or dates out of order."""
    version = CharterVersion.objects.select_for_update().get(pk=version.pk)
    if version.status != CharterVersion.Status.DRAFT:
        raise ValidationError({"version": "Only a draft version can be opened for consultation."})
    if Consultation.objects.filter(version=version).exists():
        raise ValidationError({"version": f"Version {version.number} has a consultation already."})
    consultation = Consultation(
        version=version,
        title=title.strip(),
        slug=unique_slug(Consultation, title, max_length=70, fallback="consultation"),
        summary=summary.strip(),
        opens_on=opens_on,
        closes_on=closes_on,
        individuals_allowed=individuals_allowed,
    )
    consultation.full_clean()
    consultation.save()
    Question.objects.bulk_create(
        Question(consultation=consultation, order=n, section=section, text=text)
        for n, (section, text) in enumerate(STANDARD_QUESTIONS, start=1)
    )
    pages_changed(CONSULTATIONS, CHARTER)  # the charter and version pages link to it
    return consultation


@transaction.atomic
def consultation_update(
    *, consultation: Consultation, data: dict, seen: dict | None = None
) -> Consultation:
    """Change the title, summary, dates or whether individuals may respond. ``seen``: the
    values the officer saw (``ui.conflicts``); raises EditConflict if another officer changed
    them since, ValidationError for dates out of order."""
    consultation = Consultation.objects.select_for_update().get(pk=consultation.pk)
    conflict_check(
        seen=seen,
        current={f: getattr(consultation, f) for f in CONSULTATION_FIELDS},
        typed={f: data[f] for f in CONSULTATION_FIELDS if f in data},
    )
    for name in CONSULTATION_FIELDS:
        if name in data:
            setattr(consultation, name, data[name])
    consultation.full_clean()
    consultation.save()
    pages_changed(CONSULTATIONS, CHARTER)
    return consultation


def questions_fixed_why(consultation: Consultation) -> str:
    """Why the questions of ``consultation`` can no longer be added to or changed ("" while
    they can): it has closed (its record is what was asked), or responses have been sent (a
    change would alter what they answered)."""
    if consultation.is_closed():
        return (
            f"The consultation closed on {consultation.closes_on:%-d %B %Y}: "
            "its questions can no longer change."
        )
    if consultation.responses.submitted().exists():
        return "Councils have responded already: the questions can no longer change."
    return ""


@transaction.atomic
def question_save(
    *, consultation: Consultation, question: Question | None = None, section: str, text: str
) -> Question:
    """Add a question (at the end) or change one. Questions cannot change once the
    consultation has closed or responses have been sent: raises ValidationError then
    (``questions_fixed_why``)."""
    consultation = Consultation.objects.select_for_update().get(pk=consultation.pk)
    why = questions_fixed_why(consultation)
    if why:
        raise ValidationError(why)
    if question is None:
        question = Question.at_end(consultation)
    question.section, question.text = section, text.strip()
    question.full_clean()
    question.save()
    pages_changed(CONSULTATIONS)
    return question


# --- Responses -----------------------------------------------------------------------------------


def answer_field_names(question: Question) -> tuple[str, str]:
    """The form's names for a question's choice and comment."""
    return f"q{question.pk}-choice", f"q{question.pk}-comment"


def response_values(response: Response | None, questions) -> dict:
    """A response as the form's raw values (``{"q<id>-choice": "yes", ..., "publish_consent":
    bool}``); blanks for a response not yet started (None)."""
    answers = {a.question_id: a for a in response.answers.all()} if response else {}
    values = {}
    for question in questions:
        choice, comment = answer_field_names(question)
        answer = answers.get(question.pk)
        values[choice] = answer.choice if answer else ""
        values[comment] = answer.comment if answer else ""
    values["publish_consent"] = bool(response and response.publish_consent)
    return values


def _response_locked(*, consultation, council, user) -> Response | None:
    found = Response.objects.select_for_update().filter(consultation=consultation)
    if council is not None:
        return found.filter(council=council).first()
    return found.filter(council__isnull=True, respondent=user).first()


@transaction.atomic
def response_save(
    *,
    consultation: Consultation,
    user,
    council: Council | None,
    answers: dict[int, tuple[str, str]],
    submit: bool,
    publish_consent: bool = False,
    seen: dict | None = None,
    today: datetime.date | None = None,
) -> Response:
    """Save the response of ``council`` (written by its clerk ``user``) or, with ``council``
    None, of ``user`` as an individual: ``answers`` maps a question's id to (choice, comment),
    choice one of "yes", "partly", "no" or "" (not yet answered). ``submit`` sends it (every
    question answered); otherwise it is kept as a draft (a sent response stays sent).

    ``seen``: the values of the form when it was opened (``response_values``); if someone else
    saved the response since (another clerk, or the same person in another tab), raises
    ``ui.conflicts.EditConflict`` and saves nothing. Raises ValidationError outside the
    consultation's dates, when individuals may not respond, or on sending with a question
    unanswered. One response per council (or person) is kept by a database constraint."""
    today = today or timezone.localdate()
    if not consultation.is_open(today):
        when = "has not opened yet" if today < consultation.opens_on else "has closed"
        raise ValidationError(f"The consultation {when}: responses can no longer be changed.")
    if council is None and not consultation.individuals_allowed:
        raise ValidationError("Only councils may respond to this consultation.")
    questions = list(consultation.questions.all())
    response = _response_locked(consultation=consultation, council=council, user=user)
    created = response is None
    if created:
        try:
            with transaction.atomic():
                response = Response.objects.create(
                    consultation=consultation, council=council, respondent=user
                )
        except IntegrityError:  # another tab created it a moment ago: that one is kept
            response = _response_locked(consultation=consultation, council=council, user=user)
            created = False
    typed = {}
    for question in questions:
        choice_name, comment_name = answer_field_names(question)
        choice, comment = answers.get(question.pk, ("", ""))
        typed[choice_name], typed[comment_name] = choice, comment.strip()
    if council is None:
        typed["publish_consent"] = publish_consent
    conflict_check(
        seen=seen,
        current=None if created else response_values(response, questions),
        typed=typed,
        changed_by=response.respondent,
        changed_at=response.updated_at,
    )
    if submit:
        missing = [q for q in questions if not typed[answer_field_names(q)[0]]]
        if missing:
            raise ValidationError(
                {
                    answer_field_names(q)[0]: f"Answer “{q.text}” before you send the response."
                    for q in missing
                }
            )
    existing = {a.question_id: a for a in response.answers.all()}
    for question in questions:
        choice_name, comment_name = answer_field_names(question)
        answer = existing.get(question.pk) or Answer(response=response, question=question)
        answer.choice, answer.comment = typed[choice_name], typed[comment_name]
        answer.full_clean(exclude=["response", "question"])
        answer.save()
    response.respondent = user
    response.publish_consent = bool(council is None and publish_consent)
    if submit and response.status != Response.Status.SUBMITTED:
        response.status = Response.Status.SUBMITTED
        response.submitted_at = timezone.now()
    response.save()
    pages_changed(CONSULTATIONS)  # the "You said, we did" page counts sent responses
    return response


# --- Themes ------------------------------------------------------------------------------------


def section_choices(version: CharterVersion) -> list[tuple[str, str]]:
    """The sections of ``version`` a theme may be linked to: ``[(key, label)]``."""
    choices = [("aims", "The aims")]
    choices += [(f"principle:{p.key}", f"Principle: {p.title}") for p in version.principles.all()]
    choices += [
        (f"commitment:{c.key}", f"Commitment: {c.title}") for c in version.commitments.all()
    ]
    return choices


@transaction.atomic
def theme_save(
    *,
    consultation: Consultation,
    theme: Theme | None = None,
    you_said: str,
    we_did: str,
    changed_sections: list[str],
    seen: dict | None = None,
) -> Theme:
    """Add a theme (at the end) or change one: "You said", "We did" (blank: not yet recorded)
    and the keys of the sections of the version that changed (``section_choices``). Raises
    EditConflict over another officer's change since ``seen``, ValidationError for an unknown
    section."""
    consultation = Consultation.objects.select_for_update().get(pk=consultation.pk)
    known = {key for key, _ in section_choices(consultation.version)}
    unknown = [key for key in changed_sections if key not in known]
    if unknown:
        raise ValidationError({"changed_sections": f"Not a section of the charter: {unknown[0]}."})
    if theme is None:
        theme = Theme.at_end(consultation)
    else:
        theme = Theme.objects.select_for_update().get(pk=theme.pk, consultation=consultation)
    conflict_check(
        seen=seen,
        current={f: getattr(theme, f) for f in THEME_FIELDS} if theme.pk else None,
        typed={"you_said": you_said, "we_did": we_did, "changed_sections": changed_sections},
    )
    theme.you_said, theme.we_did = you_said.strip(), we_did.strip()
    theme.changed_sections = list(changed_sections)
    theme.full_clean()
    theme.save()
    pages_changed(CONSULTATIONS)
    return theme


# --- Inviting councils -----------------------------------------------------------------------


@dataclass
class ConsultationInvitationBatch:
    queued: list[ConsultationInvitation] = field(default_factory=list)
    skipped: list[Council] = field(default_factory=list)  # no contact address
    too_soon: list[Council] = field(default_factory=list)  # emailed in the last day


def consultation_emails_since(*, council_ids: list[int], since: datetime.datetime) -> set:
    """The ids among ``council_ids`` invited to respond to a consultation since ``since``
    (registered with ``councils.services.invitations`` for its one-email-a-day limit)."""
    return set(
        ConsultationInvitation.objects.filter(
            council_id__in=council_ids, created_at__gt=since
        ).values_list("council_id", flat=True)
    )


def open_consultation_tasks(councils: list[Council]) -> list[CouncilTask]:
    """For "Your councils" (registered with ``councils.hooks``): each open consultation each
    of ``councils`` can respond to, with how far its response has got and a link to respond.
    Two queries however many councils and consultations."""
    consultations = list(Consultation.objects.open().order_by("closes_on", "pk"))
    if not consultations:
        return []
    sent = {
        (r.consultation_id, r.council_id): r
        for r in Response.objects.filter(consultation__in=consultations, council__in=councils)
    }
    tasks = []
    for council in councils:
        for consultation in consultations:
            response = sent.get((consultation.pk, council.pk))
            if response is None:
                state, label = "Not responded yet.", "Respond"
            elif response.status == Response.Status.SUBMITTED:
                state, label = "Response sent; it can be changed until then.", "Change the response"
            else:
                state, label = "A draft response is saved, not sent.", "Continue the response"
            tasks.append(
                CouncilTask(
                    council_id=council.pk,
                    heading="Consultation",
                    text=f"{consultation.title}, open until {consultation.closes_on:%-d %B %Y}. "
                    f"{state}",
                    label=label,
                    url=reverse(
                        "consultations:respond",
                        kwargs={"consultation": consultation.slug, "slug": council.slug},
                    ),
                )
            )
    return tasks


def councils_not_invited(*, consultation: Consultation) -> QuerySet[Council]:
    """Current councils not yet invited to respond, nor responded."""
    return (
        Council.objects.current()
        .exclude(consultation_invitations__consultation=consultation)
        .exclude(consultation_responses__consultation=consultation)
    )


def councils_unreachable(councils: QuerySet[Council]) -> QuerySet[Council]:
    """Those of ``councils`` an invitation cannot reach: no contact address in the register
    and no confirmed clerk."""
    return councils.filter(contact_email="").exclude(roles__status=CouncilRole.Status.CONFIRMED)


@transaction.atomic
def consultation_invite(
    *, consultation: Consultation, councils: QuerySet[Council], invited_by
) -> ConsultationInvitationBatch:
    """Email each council an invitation to respond, through the outbox: at its contact address
    and at each of its confirmed clerks' addresses (one email each, so no one sees another's
    address), counted as one invitation per council. A council emailed by the portal in the
    last day (any invitation or reminder) is skipped and listed in ``too_soon``; one with no
    contact address and no confirmed clerk in ``skipped``. Raises ValidationError once the
    consultation has closed."""
    if consultation.is_closed():
        raise ValidationError("The consultation has closed: councils can no longer be invited.")
    batch = ConsultationInvitationBatch()
    chosen = councils_locked(councils)
    too_soon = emailed_too_recently(council_ids=[c.pk for c in chosen], kind="invitation")
    clerks: dict[int, list[str]] = {}
    for council_id, email in (
        CouncilRole.objects.confirmed()
        .filter(council__in=chosen)
        .order_by("pk")
        .values_list("council_id", "user__email")
    ):
        clerks.setdefault(council_id, []).append(email)
    for council in chosen:
        if council.pk in too_soon:
            batch.too_soon.append(council)
            continue
        addresses = list(dict.fromkeys([council.contact_email, *clerks.get(council.pk, [])]))
        addresses = [a for a in addresses if a]
        if not addresses:
            batch.skipped.append(council)
            continue
        batch.queued.append(
            ConsultationInvitation.objects.create(
                consultation=consultation,
                council=council,
                email=addresses[0],
                invited_by=invited_by,
            )
        )
        for address in addresses:
            email_queue(
                template="consultation_invitation",
                to=[address],
                context={
                    "consultation": consultation,
                    "council": council,
                    "as_clerk": address != council.contact_email,
                    "respond_url": settings.SITE_URL
                    + reverse(
                        "consultations:respond",
                        kwargs={"consultation": consultation.slug, "slug": council.slug},
                    ),
                },
            )
    return batch


# --- Results -----------------------------------------------------------------------------------


@dataclass
class QuestionResult:
    question: Question
    yes: int = 0
    partly: int = 0
    no: int = 0

    @property
    def answered(self) -> int:
        return self.yes + self.partly + self.no

    @property
    def agree_percent(self) -> int | None:
        """The share who said yes among those who answered (whole per cent), or the recorded
        share when nobody has answered in the portal; None when neither is known."""
        if self.answered:
            return round(100 * self.yes / self.answered)
        return self.question.recorded_agree_percent

    @property
    def is_recorded(self) -> bool:
        return not self.answered and self.question.recorded_agree_percent is not None


def consultation_results(consultation: Consultation) -> list[QuestionResult]:
    """Each question with the count of each choice among sent responses: two queries,
    however many responses there are."""
    results = {q.pk: QuestionResult(q) for q in consultation.questions.all()}
    counts = (
        Answer.objects.filter(
            question__consultation=consultation, response__status=Response.Status.SUBMITTED
        )
        .exclude(choice="")
        .values("question_id", "choice")
        .annotate(n=Count("pk"))
    )
    for row in counts:
        setattr(results[row["question_id"]], row["choice"], row["n"])
    return list(results.values())


def consultation_counts(consultation: Consultation) -> dict:
    """``{"responses": n, "councils": n}`` counted among sent responses (one query)."""
    return Response.objects.filter(
        consultation=consultation, status=Response.Status.SUBMITTED
    ).aggregate(responses=Count("pk"), councils=Count("council", filter=Q(council__isnull=False)))


# --- A consultation known from its published results ---------------------------------------


@transaction.atomic
def consultation_record_load(*, record: dict) -> tuple[Consultation, bool]:
    """Load a consultation known only from its published results (``consultations/data/
    consultation-2024.json``): its dates, recorded totals, questions with the recorded share
    agreeing, themes and the answers known, and its sources. Safe to run again: found by its
    slug, the recorded facts are set again, but a "We did" the policy team has entered since
    (where the record has none) is kept. Returns (consultation, created). Raises
    CharterVersion.DoesNotExist when the version it is about is not loaded."""
    version = CharterVersion.objects.get(number=record["version"])
    consultation = Consultation.objects.select_for_update().filter(slug=record["slug"]).first()
    created = consultation is None
    consultation = consultation or Consultation(slug=record["slug"], version=version)
    for name in [
        "title",
        "summary",
        "opens_month_only",
        "individuals_allowed",
        "recorded_responses",
        "recorded_councils",
        "recorded_councils_more_than",
        "responses_published_elsewhere",
        "sources",
    ]:
        setattr(consultation, name, record.get(name, getattr(consultation, name)))
    consultation.opens_on = datetime.date.fromisoformat(record["opens_on"])
    consultation.closes_on = datetime.date.fromisoformat(record["closes_on"])
    consultation.full_clean()
    consultation.save()
    for row in record["questions"]:
        Question.objects.update_or_create(
            consultation=consultation,
            order=row["order"],
            defaults={
                "section": row["section"],
                "text": row["text"],
                "recorded_agree_percent": row.get("recorded_agree_percent"),
            },
        )
    for row in record["themes"]:
        theme = consultation.themes.filter(order=row["order"]).first()
        theme = theme or Theme(consultation=consultation, order=row["order"])
        theme.you_said = row["you_said"]
        theme.source = row.get("source", "")
        if row.get("we_did"):
            theme.we_did = row["we_did"]
            theme.changed_sections = row.get("changed_sections", [])
        theme.full_clean()
        theme.save()
    pages_changed(CONSULTATIONS, CHARTER)
    return consultation, created
