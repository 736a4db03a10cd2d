"""Step 3, registration and qualification review (报名和资格审核).

Candidates keep a profile and apply to posts inside the round's window (the server's clock decides);
the office confirms or overrides the automatic pre-check; registration closes (by the office, or by the
periodic task after the deadline) and the post moves to interview, internal competition or failure
through ``competition.workflow``.

Every function that changes data is ``<entity>_<action>(*, ..., by)`` under ``transaction.atomic`` and
locks the rows it decides on (through the ``_lock_*`` helpers). ``precheck`` is pure: it reads attributes only.
The step's reads (the pre-check in words, the panel, the roster) are in ``selectors``.
"""

import datetime
import functools
import io
import uuid
from collections.abc import Iterable
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, connection, transaction
from django.db.models import QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, gettext_noop
from PIL import Image, ImageOps

from accounts.models import User
from competition import kinds, workflow
from competition.candidates.nomination import SELF, Nomination
from competition.kinds import Step
from competition.models import (
    Appeal,
    Application,
    Campaign,
    Education,
    ExceptionRequest,
    FamilyMember,
    Person,
    PoliticalStatus,
    Post,
    QualificationReview,
    Rank,
    Round,
    WorkHistoryEntry,
)
from competition.registration.control import (
    applying_allowed,
    job_may_close,
    permit_use,
    posts_due_for_closing,
    share_round,
)
from competition.registration.errors import RegistrationError
from competition.registration.idcard import IdNumberError, parse_id_number
from competition.registration.selectors import describe_failure, failure_texts, person_of
from competition.workflow import WorkflowError, lock_post
from core.plain_sql import Columns
from notifications.messages import Deferred, Paragraphs, Text
from notifications.services import notify

PHOTO_MAX_BYTES = 2 * 1024 * 1024
# The content, not the name or the browser's word, decides the type.
# What Pillow may decode an upload as, and how it is stored: (extension, format written).
PHOTO_FORMATS = {"JPEG": ("jpg", "JPEG"), "PNG": ("png", "PNG")}
PHOTO_MAX_SIDE = 4000  # pixels: a passport photo is about 400 × 500; 4000 bounds the memory a decode takes
PHOTO_MIN_SIDE = 50
# Applications that still count: withdrawn ones free the candidate's place in the round.
OPEN_STATUSES = (Application.Status.SUBMITTED, Application.Status.QUALIFIED, Application.Status.UNQUALIFIED)


# --- The pre-check (pure) ---


def whole_years_between(start: datetime.date, end: datetime.date) -> int:
    years = end.year - start.year
    if (end.month, end.day) < (start.month, start.day):
        years -= 1
    return years


def registration_deadline(post: Post) -> datetime.date:
    """The day on which requirements are measured: the local date of the round's close."""
    return timezone.localdate(post.round.registration_closes) if post.round_id else timezone.localdate()


def precheck(person: Person, post: Post, deadline: datetime.date) -> list[dict[str, Any]]:
    """The requirements of ``post`` that ``person`` does not meet on ``deadline``: a list of failures.

    Each failure is a dict ``{"item": ..., "required": ..., "actual": ...}`` (JSON-ready; see
    ``selectors.describe_failure``). An empty list means every checked requirement is met.
    """
    failures = []
    if post.max_age is not None:
        age = whole_years_between(person.birth_date, deadline)
        if age > post.max_age:
            failures.append({"item": "age", "required": post.max_age, "actual": age})
    if Education.rank(person.education) < Education.rank(post.min_education):
        failures.append({"item": "education", "required": post.min_education, "actual": person.education})
    person_rank, required_rank = Rank.rank(person.rank), Rank.rank(post.min_rank)
    if person_rank < required_rank:
        failures.append({"item": "rank", "required": post.min_rank, "actual": person.rank})
    elif person_rank == required_rank and post.min_years_in_rank:
        # A rank above the minimum meets the years requirement; in the minimum rank, the years count.
        if person.rank_since is None:
            failures.append({"item": "years_in_rank", "required": post.min_years_in_rank, "actual": None})
        else:
            years = whole_years_between(person.rank_since, deadline)
            if years < post.min_years_in_rank:
                failures.append({"item": "years_in_rank", "required": post.min_years_in_rank, "actual": years})
    if post.party_member_required and person.political_status != PoliticalStatus.PARTY_MEMBER:
        failures.append({"item": "party_membership", "required": PoliticalStatus.PARTY_MEMBER, "actual": person.political_status})
    return failures


def _run_precheck(application, person, post):
    failures = precheck(person, post, registration_deadline(post))
    # An approved exception (破格, competition.candidates) waives its requirement: the failure stays on record,
    # marked, and no longer fails the pre-check. A new application has none (and costs no query).
    waived = (
        set(
            ExceptionRequest.objects.filter(
                application_id=application.pk, status=ExceptionRequest.Status.APPROVED
            ).values_list("requirement", flat=True)
        )
        if application.pk and failures
        else set()
    )
    for failure in failures:
        if failure["item"] in waived:
            failure["waived"] = True
    application.precheck_failures = failures
    application.precheck_passed = all(failure.get("waived") for failure in failures)


def precheck_refresh(application: Application) -> Application:
    """Run the pre-check of a (locked) application again, after an exception was approved; an applicant found not
    qualified whose pre-check now passes waits for the office's review again. Saves the application."""
    _run_precheck(application, application.person, application.post)
    if application.precheck_passed and application.status == Application.Status.UNQUALIFIED:
        application.status = Application.Status.SUBMITTED
        application.review_reason, application.reviewed_by, application.reviewed_at = "", None, None
    application.save()
    return application


# --- The candidate's profile ---


def clean_photo(upload: UploadedFile) -> tuple[ContentFile, str]:
    """The photo decoded in full and encoded again by Pillow, with no metadata (EXIF, GPS, comments), and its
    extension (jpg or png); or ValidationError. Judged by decoding, never by its first bytes: a file that only
    starts like an image, or hides a script after one, does not survive."""
    if upload.size > PHOTO_MAX_BYTES:
        raise ValidationError(
            _("The photo is larger than %(mb)s MB.") % {"mb": PHOTO_MAX_BYTES // (1024 * 1024)}, code="photo_size"
        )
    upload.seek(0)
    try:
        with Image.open(upload) as image:
            if image.format not in PHOTO_FORMATS:
                raise ValidationError(_("The photo must be a JPEG or PNG image."), code="photo_type")
            width, height = image.size
            if width > PHOTO_MAX_SIDE or height > PHOTO_MAX_SIDE or width < PHOTO_MIN_SIDE or height < PHOTO_MIN_SIDE:
                raise ValidationError(
                    _("The photo must be between %(low)s and %(high)s pixels wide and high.")
                    % {"low": PHOTO_MIN_SIDE, "high": PHOTO_MAX_SIDE},
                    code="photo_pixels",
                )
            image.load()
            extension, target = PHOTO_FORMATS[image.format]
            # Turned upright as its camera says, then the pixels alone are kept: no EXIF, GPS or text chunks.
            upright = ImageOps.exif_transpose(image)
            mode = "RGB" if target == "JPEG" or upright.mode not in ("RGB", "RGBA", "L", "LA") else upright.mode
            pixels = Image.frombytes(mode, upright.size, upright.convert(mode).tobytes())
    except ValidationError:
        raise
    except (OSError, SyntaxError, ValueError, Image.DecompressionBombError, EOFError):
        raise ValidationError(_("The photo must be a JPEG or PNG image."), code="photo_type") from None
    output = io.BytesIO()
    pixels.save(output, format=target, **({"quality": 90} if target == "JPEG" else {}))
    upload.seek(0)
    return ContentFile(output.getvalue()), extension


def _lock_person(user: User) -> Person | None:
    return Person.objects.select_for_update(of=("self",)).filter(user=user).first()


@transaction.atomic
def profile_save(*, by: User, fields: dict[str, Any], id_number: str, photo: UploadedFile | None = None) -> Person:
    """Create or update the candidate's own profile; every save re-signs the declaration.

    ``id_number`` is parsed (``competition.idcard``); birth date and sex come from it. The photo, if
    given, is checked by content and stored under a generated name.
    """
    if not (by and by.is_authenticated):
        raise PermissionDenied
    try:
        parsed = parse_id_number(id_number)
    except IdNumberError as error:
        raise ValidationError({"id_number": _(str(error))}) from None
    person = _lock_person(by) or Person(user=by)
    if person.pk and person.id_number != parsed.number and person.applications.exists():
        raise ValidationError({"id_number": _("The ID number cannot change once you have applied; ask the office.")})
    if Person.objects.with_id_number(parsed.number).exclude(pk=person.pk).exists():
        raise ValidationError(
            {"id_number": _("This ID number is already registered. If it is yours, please contact the office.")}
        )
    for name, value in fields.items():
        setattr(person, name, value)
    person.id_number, person.birth_date, person.sex = parsed.number, parsed.birth_date, parsed.sex
    if person.current_unit_id:
        person.current_unit_other = ""
    person.declaration_signed_at = timezone.now()
    if photo is not None:
        content, extension = clean_photo(photo)
        old = person.photo.name if person.photo else ""
        person.photo.save(f"{uuid.uuid4().hex}.{extension}", content, save=False)
        if old:
            storage, old_name = person.photo.storage, old
            transaction.on_commit(lambda: storage.delete(old_name))
    person.full_clean(exclude=["user", "photo"])
    try:
        with transaction.atomic():
            person.save()
    except IntegrityError:
        raise ValidationError({"id_number": _("This ID number is already registered.")}) from None
    return person


@transaction.atomic
def work_history_add(
    *, by: User, start: datetime.date, end: datetime.date | None, organisation: str, position: str
) -> WorkHistoryEntry:
    person = person_of(by)
    if person is None:
        raise RegistrationError(_("Fill in your profile first."))
    if end is not None and end < start:
        raise RegistrationError(_("The end is before the start."))
    return WorkHistoryEntry.objects.create(
        person=person, start=start, end=end, organisation=organisation, position=position
    )


@transaction.atomic
def work_history_delete(*, by: User, entry_id: int) -> None:
    deleted, _rows = WorkHistoryEntry.objects.filter(pk=entry_id, person__user=by).delete()
    if not deleted:
        raise RegistrationError(_("No such entry in your work history."))


def family_member_add(
    *, by: User, relation: str, name: str, birth_date: datetime.date | None = None, political_status: str = "", work: str = ""
) -> FamilyMember:
    """Add a line to the candidate's family members (the approval form's 家庭主要成员及重要社会关系)."""
    person = person_of(by)
    if person is None:
        raise RegistrationError(_("Fill in your profile first."))
    member = FamilyMember(
        person=person, relation=relation, name=name, birth_date=birth_date, political_status=political_status, work=work
    )
    member.full_clean()
    member.save()
    return member


@transaction.atomic
def family_member_delete(*, by: User, member_id: int) -> None:
    deleted, _rows = FamilyMember.objects.filter(pk=member_id, person__user=by).delete()
    if not deleted:
        raise RegistrationError(_("No such family member in your profile."))


# --- Applying ---


def _window_open(post, now):
    return post.status == Post.Status.REGISTRATION and post.round_id is not None and post.round.is_open(now)


def application_can_change(application: Application, now: datetime.datetime | None = None) -> bool:
    """Whether the candidate may still edit or withdraw the application: the pages offer only what this allows."""
    return application.status != Application.Status.WITHDRAWN and _window_open(application.post, now or timezone.now())


def _snapshot_key(application):
    return (
        application.applicant_unit_id,
        application.applicant_position,
        application.applicant_rank,
        application.applicant_is_leadership,
        application.applicant_education,
        bool(application.precheck_passed),
    )


def application_submit(
    *, post_id: int, by: User, statement: str = "", nomination: Nomination = SELF
) -> Application:
    """Apply to a post. The person's row is locked first, so a person's applications are decided one at a time
    and the per-round cap holds under concurrent requests; the unique (post, person) constraint backs it up
    (caught here, outside the transaction, which saves a savepoint's two round trips on the hot path).
    ``nomination`` says how the candidate came (``competition.candidates.nomination.nomination_clean``)."""
    try:
        return _application_submit(post_id=post_id, by=by, statement=statement, nomination=nomination)
    except IntegrityError:
        raise RegistrationError(_("You have already applied to this post.")) from None


# Applying is the hot path of a registration rush: hundreds of candidates in the same minutes, and the benchmark
# (bench/) holds it to half the throughput of a bare one-row insert. Its two reads are plain SQL written once
# (config.plain_sql says why); the write stays with the ORM. The columns read are those the checks, the pre-check
# and the applicant snapshot use; a test counts the queries, so a rule that reads a field left out here fails it
# instead of silently loading the row again.
class _ApplyingStatements:
    """The two reads of applying, for the database in use."""

    def __init__(self):
        q = connection.ops.quote_name
        self.person = Columns(Person, ("id", "declaration_signed_at", "birth_date", "education", "rank",
                                       "rank_since", "current_unit", "current_position", "is_leadership",
                                       "political_status", "photo", "phone", "work_started"),
                              alias="person")
        self.post = Columns(Post, ("id", "status", "unit", "campaign", "round", "max_age", "min_education",
                                   "min_rank", "min_years_in_rank", "party_member_required"), alias="post")
        self.round = Columns(Round, ("id", "registration_opens", "registration_closes", "paused_since", "pause_reason"),
                             alias="round")
        # The campaign's kind decides who may apply (competition.kinds.apply_refusal).
        self.campaign = Columns(Campaign, ("id", "kind", "unit", "identity_checks", "posts_per_candidate_per_round"),
                                alias="campaign")
        read = (self.person, self.post, self.round, self.campaign)

        def table(columns):
            return f"{q(columns.model._meta.db_table)} {q(columns.alias)}"

        def column(columns, name):
            return f"{q(columns.alias)}.{q(name)}"

        # The person's row is locked, so that a person's applications are decided one at a time; the round's row
        # is key-share locked, so that a pause, a resumption or an extension (registration.control, which locks it
        # FOR UPDATE) is either committed before this read or waits for this application's commit. Key-share
        # locks do not conflict with one another: appliers do not queue behind each other on the round. SQLite has
        # no row locks; there the transaction took the database's write lock when it began (config/settings.py).
        # Inner joins: PostgreSQL locks no row on the nullable side of an outer join. No row (no profile, no such
        # post, a post without a round) is told apart off the hot path (_no_row_refusal).
        lock = ""
        if connection.features.has_select_for_update_of:
            lock = f" FOR UPDATE OF {q('person')}"
            if connection.vendor == "postgresql":
                lock += f" FOR KEY SHARE OF {q('round')}"
        self.person_and_post = (
            f"SELECT {', '.join(columns.select for columns in read)} FROM {table(self.person)}"
            f" INNER JOIN {table(self.post)} ON {column(self.post, 'id')} = %s"
            f" INNER JOIN {table(self.round)} ON {column(self.round, 'id')} = {column(self.post, 'round_id')}"
            f" INNER JOIN {table(self.campaign)} ON {column(self.campaign, 'id')} = {column(self.post, 'campaign_id')}"
            f" WHERE {column(self.person, 'user_id')} = %s{lock}"
        )
        # Both rules in one read: the person's application to this post (any status) and their open ones in the
        # round. A statement of its own after the lock, so that under READ COMMITTED it sees what a concurrent
        # request of the same person committed while this one waited.
        statuses = ", ".join(["%s"] * len(OPEN_STATUSES))
        self.applications = (
            f"SELECT {q('id')}, {q('post_id')}, {q('round_id')}, {q('status')} FROM {q(Application._meta.db_table)}"
            f" WHERE {q('person_id')} = %s"
            f" AND ({q('post_id')} = %s OR ({q('round_id')} = %s AND {q('status')} IN ({statuses})))"
        )

    def person_and_post_instances(self, row):
        """The person, the post (None if there is no such post) with its round, and the campaign."""
        values, instances = list(row), []
        for columns in (self.person, self.post, self.round, self.campaign):
            instances.append(columns.instance(values[:len(columns)]))
            del values[:len(columns)]
        person, post, round_, campaign = instances
        if post is not None and round_ is not None:
            post.round = round_
        return person, post, campaign


@functools.cache
def _applying_statements(vendor):
    return _ApplyingStatements()


@transaction.atomic
def _application_submit(*, post_id, by, statement, nomination):
    statements = _applying_statements(connection.vendor)
    with connection.cursor() as cursor:
        cursor.execute(statements.person_and_post, [post_id, by.pk])
        row = cursor.fetchone()
        if row is None:
            raise RegistrationError(_no_row_refusal(post_id, by))
        person, post, campaign = statements.person_and_post_instances(row)
        if person.declaration_signed_at is None:
            raise RegistrationError(_("Sign the declaration in your profile before applying."))
        refusal = kinds.apply_refusal(
            person, campaign, has_work_history=lambda: WorkHistoryEntry.objects.filter(person=person).exists()
        )
        if refusal:
            raise RegistrationError(refusal)
        # The window, the pause and a late permit (registration.control), read under the round's lock above.
        permit = applying_allowed(post, person_id=person.pk)
        cap = campaign.posts_per_candidate_per_round
        cursor.execute(statements.applications, [person.pk, post.pk, post.round_id, *OPEN_STATUSES])
        rows = cursor.fetchall()
    withdrawn_id, in_round = None, 0
    for application_id, application_post_id, round_id, status in rows:
        if application_post_id == post.pk:
            if status != Application.Status.WITHDRAWN:
                raise RegistrationError(_("You have already applied to this post."))
            withdrawn_id = application_id
        if round_id == post.round_id and status in OPEN_STATUSES:
            in_round += 1
    if in_round >= cap:
        raise RegistrationError(
            _("You may apply to at most %(n)s post(s) in this round; withdraw an application first.") % {"n": cap}
        )
    # Applying again after withdrawing reopens the same row (one application per person and post).
    application = (
        Application.objects.get(pk=withdrawn_id)
        if withdrawn_id
        else Application(post=post, round_id=post.round_id, person=person)
    )
    _fill_application(application, post, person, statement, nomination)
    application.save()
    if permit is not None:
        permit_use(permit, application)
    return application


def _fill_application(application, post, person, statement, nomination):
    """A new application, or a withdrawn one reopened: submitted, with a fresh snapshot and pre-check."""
    application.post, application.person = post, person  # the snapshot reads them: no query to load them again
    application.status = Application.Status.SUBMITTED
    application.outcome = Application.Outcome.IN_PROGRESS
    application.outcome_on = None
    application.withdrawal_reason, application.withdrawn_at = "", None
    application.review_reason, application.reviewed_by, application.reviewed_at = "", None, None
    application.statement = statement
    nomination.apply_to(application)
    application.snapshot_applicant()
    _run_precheck(application, person, post)


def _no_row_refusal(post_id, by):
    """Why applying found no row (rare: a page offers applying only to a post with a round, to a profile)."""
    if not Person.objects.filter(user=by).exists():
        return _("Fill in your profile before applying.")
    if not Post.objects.filter(pk=post_id).exists():
        return _("No such post.")
    return _("Registration for this post is not open.")


def _lock_applications(**filters: Any) -> QuerySet[Application]:
    """Applications, locked, with what the steps here read: the post's round and campaign, the applicant's account."""
    return (
        Application.objects.select_for_update(of=("self",))
        .select_related("post__round", "post__campaign", "person__user")
        .filter(**filters)
    )


def _lock_own_application(application_id: int, by: User) -> tuple[Person, Application]:
    """The candidate's own application, the person's row locked first (as applying does)."""
    person = _lock_person(by)
    application = _lock_applications(pk=application_id, person=person).first() if person else None
    if application is None:
        raise PermissionDenied
    return person, application


@transaction.atomic
def application_update(
    *, application_id: int, by: User, statement: str, nomination: Nomination | None = None
) -> Application:
    """Edit an application until the deadline: the statement (and the nomination, when given), and a fresh
    snapshot and pre-check of the profile. If the snapshot changed, the office's review starts again."""
    person, application = _lock_own_application(application_id, by)
    if not application_can_change(application):
        raise RegistrationError(_("This application can no longer be changed."))
    before = _snapshot_key(application)
    application.statement = statement
    if nomination is not None:
        nomination.apply_to(application)
    application.snapshot_applicant()
    _run_precheck(application, person, application.post)
    if _snapshot_key(application) != before and application.status != Application.Status.SUBMITTED:
        application.status = Application.Status.SUBMITTED
        application.review_reason, application.reviewed_by, application.reviewed_at = "", None, None
    application.save()
    return application


@transaction.atomic
def application_withdraw(*, application_id: int, by: User, reason: str) -> Application:
    if not (reason or "").strip():
        raise RegistrationError(_("Please give a reason."))
    _person, application = _lock_own_application(application_id, by)
    if application.status == Application.Status.WITHDRAWN:
        raise RegistrationError(_("This application is already withdrawn."))
    if not _window_open(application.post, timezone.now()):
        raise RegistrationError(_("Applications can be withdrawn only until the registration deadline."))
    application.status = Application.Status.WITHDRAWN
    application.outcome = Application.Outcome.WITHDRAWN
    application.outcome_on = timezone.localdate()
    application.withdrawal_reason = reason.strip()
    application.withdrawn_at = timezone.now()
    application.save()
    return application


# --- Switching posts in one move (issue 18, point 5) ---


def _switchable_posts(application: Application) -> QuerySet[Post]:
    """The other posts of the application's round still in registration (the window and pause checked apart)."""
    return (
        Post.objects.filter(round_id=application.post.round_id, status=Post.Status.REGISTRATION)
        .exclude(pk=application.post_id)
        .select_related("unit", "round", "campaign")
    )


def switch_targets(application: Application, now: datetime.datetime | None = None) -> list[Post]:
    """The posts the candidate may switch ``application`` to now: the window open and not paused, a post of the
    same round he has no live application to, and whose pre-check he passes (the page lists only these)."""
    now = now or timezone.now()
    if not application_can_change(application, now) or application.post.round.is_paused:
        return []
    person = application.person
    taken = set(
        Application.objects.filter(person=person, status__in=OPEN_STATUSES).values_list("post_id", flat=True)
    )
    deadline = registration_deadline(application.post)
    return [
        post for post in _switchable_posts(application)
        if post.pk not in taken and not precheck(person, post, deadline)
    ]


@transaction.atomic
def application_switch(*, application_id: int, new_post_id: int, by: User, statement: str | None = None) -> Application:
    """Withdraw ``application`` and apply to another post of the same registration window in one move: both or
    neither. The person's row is locked first (as applying does), then the round's (key share, as applying: a pause
    is either before or after the switch), then both application rows, in the order of their ids (the old one
    and, if he applied to the new post before and withdrew, that one, which is reopened). Refused after the
    window, while paused, to a post whose pre-check he fails or that he has applied to, and beyond the round's cap;
    a refusal leaves the original application as it was. Returns the new application."""
    person, application = _lock_own_application(application_id, by)
    if application.status == Application.Status.WITHDRAWN:
        raise RegistrationError(_("This application is already withdrawn."))
    old_post = application.post
    if new_post_id == old_post.pk:
        raise RegistrationError(_("This is the post you have applied to."))
    new_post = Post.objects.select_related("campaign", "unit").filter(pk=new_post_id).first()
    if new_post is None:
        raise RegistrationError(_("No such post."))
    if new_post.round_id != old_post.round_id:
        raise RegistrationError(_("You can switch only to a post of the same round."))
    round_ = share_round(old_post.round_id)
    old_post.round = new_post.round = round_
    now = timezone.now()
    if not _window_open(old_post, now):
        raise RegistrationError(_("Applications can be switched only until the registration deadline."))
    applying_allowed(new_post, person_id=person.pk, now=now)
    rows = {
        row.pk: row
        for row in _lock_applications(person=person, post_id__in=[old_post.pk, new_post.pk]).order_by("pk")
    }
    application = rows[application.pk]
    target = next((row for row in rows.values() if row.post_id == new_post.pk), None)
    if target is not None and target.status != Application.Status.WITHDRAWN:
        raise RegistrationError(_("You have already applied to this post."))
    failures = precheck(person, new_post, registration_deadline(new_post))
    if failures:
        raise RegistrationError(
            _("You do not meet the requirements of %(post)s: %(failures)s")
            % {"post": new_post, "failures": "; ".join(describe_failure(failure) for failure in failures)}
        )
    cap = new_post.campaign.posts_per_candidate_per_round
    others = (
        Application.objects.filter(person=person, round_id=round_.pk, status__in=OPEN_STATUSES)
        .exclude(pk=application.pk)
        .count()
    )
    if others >= cap:
        raise RegistrationError(
            _("You may apply to at most %(n)s post(s) in this round; withdraw an application first.") % {"n": cap}
        )
    application.status = Application.Status.WITHDRAWN
    application.outcome, application.outcome_on = Application.Outcome.WITHDRAWN, timezone.localdate()
    application.withdrawal_reason = _("Switched to %(post)s.") % {"post": new_post}
    application.withdrawn_at = now
    application.save()
    switched = target or Application(post=new_post, round_id=round_.pk, person=person)
    # He chose the new post himself: a nomination (by an organisation, by colleagues) was for the old one.
    _fill_application(switched, new_post, person, application.statement if statement is None else statement, SELF)
    switched.save()
    return switched


# --- Qualification review (the office) ---


REVIEWS_ARE_THE_OFFICES = gettext_noop("Only the competition office reviews qualifications.")


def lock_post_in_registration(post_id: int) -> Post:
    post = lock_post(post_id)
    if post.status != Post.Status.REGISTRATION:
        raise RegistrationError(
            _("The post is now “%(status)s”; this action is no longer possible.") % {"status": post.get_status_display()}
        )
    return post


def _record_review(application, *, qualified, reason, by):
    application.status = Application.Status.QUALIFIED if qualified else Application.Status.UNQUALIFIED
    application.review_reason = reason
    application.reviewed_by = by
    application.reviewed_at = timezone.now()
    return QualificationReview(
        application=application, qualified=qualified, precheck_passed=application.precheck_passed, reason=reason, by=by
    )


@transaction.atomic
def application_review(*, application_id: int, by: User, qualified: bool, reason: str = "") -> Application:
    """Confirm or override the pre-check of one application. Overriding needs a reason; both are logged."""
    reason = (reason or "").strip()
    post_id = Application.objects.values_list("post_id", flat=True).get(pk=application_id)
    post = lock_post_in_registration(post_id)
    kinds.require_runner(by, post.campaign, Step.REGISTRATION, _(REVIEWS_ARE_THE_OFFICES))
    application = _lock_applications(pk=application_id).get()
    if application.status == Application.Status.WITHDRAWN:
        raise RegistrationError(_("This application was withdrawn."))
    if application.precheck_passed is not None and bool(qualified) != application.precheck_passed and not reason:
        raise RegistrationError(_("Give a reason for overriding the automatic pre-check."))
    if not qualified and not reason and not application.precheck_failures:
        raise RegistrationError(_("Give a reason for finding the applicant not qualified."))
    review = _record_review(application, qualified=bool(qualified), reason=reason, by=by)
    application.save()
    review.save()
    _tell_applicant_of_review(application, post)
    return application


def _tell_applicant_of_review(application, post):
    user = application.person.user
    if user is None:
        return
    closes = post.round.registration_closes if post.round_id else None
    if application.status == Application.Status.QUALIFIED:
        subject = Text(gettext_lazy("Qualification review: you are qualified for %(post)s"), post=post)
        body = Paragraphs(
            Text(gettext_lazy("The competition office has reviewed your application for %(post)s and found you qualified."), post=post),
            Text(
                gettext_lazy(
                    "Registration closes at %(closes)s. If enough applicants qualify, the post goes to interview and you "
                    "will be told the date, time and venue; nothing is needed from you until then."
                ),
                closes=closes,
            )
            if closes
            else "",
            application.review_reason and Text(gettext_lazy("Note from the office: %(reason)s"), reason=application.review_reason),
        )
    else:
        subject = Text(gettext_lazy("Qualification review: you are not qualified for %(post)s"), post=post)
        reasons = application.review_reason or Deferred(lambda: "; ".join(failure_texts(application)))
        body = Paragraphs(
            Text(
                gettext_lazy("The competition office has reviewed your application for %(post)s and found you not qualified."),
                post=post,
            ),
            Text(gettext_lazy("Reason: %(reason)s"), reason=reasons),
            gettext_lazy(
                "If you think a fact was misread (education, rank, years in rank), contact the competition office "
                "before registration closes and ask for a review. You may apply for other posts while their registration is open."
            ),
        )
    notify(recipients=[user], subject=subject, body=body, url=reverse("registration:my_applications"), kind="qualification")


@transaction.atomic
def applications_confirm_passing(*, post_id: int, by: User) -> int:
    """Confirm every application still waiting whose pre-check passed. Returns how many."""
    post = lock_post_in_registration(post_id)
    kinds.require_runner(by, post.campaign, Step.REGISTRATION, _(REVIEWS_ARE_THE_OFFICES))
    waiting = list(_lock_applications(post=post, status=Application.Status.SUBMITTED, precheck_passed=True))
    reviews = [_record_review(application, qualified=True, reason="", by=by) for application in waiting]
    Application.objects.bulk_update(waiting, ["status", "review_reason", "reviewed_by", "reviewed_at", "updated_at"])
    QualificationReview.objects.bulk_create(reviews)
    for application in waiting:
        _tell_applicant_of_review(application, post)
    return len(waiting)


# --- Closing registration ---

# What the qualified applicants are told when registration closes: the subject and the body, by the next step.
INTERVIEW_NEXT = (
    gettext_lazy("Registration for %(post)s has closed; the post goes to interview."),
    gettext_lazy(
        "Registration for %(post)s has closed and you are among the qualified applicants who go on to the "
        "interview. The competition office will tell you the date, time and venue of your interview; "
        "prepare a short statement on how you see the post and what you would do in it."
    ),
)
WRITTEN_NEXT = (
    gettext_lazy("Registration for %(post)s has closed; the post goes to the written exam."),
    gettext_lazy(
        "Registration for %(post)s has closed and you are among the qualified applicants who sit the written "
        "exam. When your admission ticket is issued you will be told; print it from your written exam page and "
        "bring it with your identity card."
    ),
)

TOO_FEW_INTERNAL = Campaign.TooFewAction.INTERNAL
TOO_FEW_FAIL = Campaign.TooFewAction.FAIL


@transaction.atomic
def registration_close(
    *, post_id: int, by: User | None, too_few_action: str | None = None, reason: str = ""
) -> Post:
    """Close registration of a post after its deadline. ``by=None`` is the periodic task.

    Enough qualified applicants: the post goes to interview (applications still waiting for review must be
    decided first). Too few, even if every waiting one qualified: the post moves to internal competition or
    fails (``too_few_action``, default the campaign's rule), and every applicant is told. Returns the post.
    """
    # The round's row first, then the post's (the order round_close_now takes them in): its deadline and pause as
    # committed last. No-key-update conflicts with the office's control (FOR UPDATE), not with appliers.
    round_id = Post.objects.filter(pk=post_id).values_list("round_id", flat=True).first()
    round_ = Round.objects.select_for_update(no_key=True, of=("self",)).filter(pk=round_id).first()
    post = lock_post_in_registration(post_id)
    kinds.require_runner(by, post.campaign, Step.REGISTRATION, _(REVIEWS_ARE_THE_OFFICES))
    if round_ is not None:
        post.round = round_
    if not post.round.has_closed():
        raise RegistrationError(_("Registration closes only after its deadline."))
    if by is None and not job_may_close(post, post.round):
        raise RegistrationError(_("Registration of this post is paused or a late registration permit is open."))
    applications = list(_lock_applications(post=post).exclude(status=Application.Status.WITHDRAWN))
    qualified = sum(1 for a in applications if a.status == Application.Status.QUALIFIED)
    waiting = sum(1 for a in applications if a.status == Application.Status.SUBMITTED)
    minimum = post.campaign.min_qualified_applicants
    appeals = Appeal.objects.filter(application__post=post, status=Appeal.Status.OPEN).count()
    if appeals:
        # An upheld appeal qualifies the applicant through the review, which needs the post in registration.
        raise RegistrationError(_("%(n)s appeal(s) still wait for the office's decision.") % {"n": appeals})
    if qualified + waiting >= minimum and waiting:
        raise RegistrationError(
            _("%(n)s application(s) still wait for the qualification review.") % {"n": waiting}
        )
    today = timezone.localdate()
    url = reverse("registration:my_applications")
    if qualified >= minimum:
        written = post.campaign.has_written_exam
        if written:
            workflow.post_start_written(post_id=post.pk, by=by, reason=reason)
        else:
            workflow.post_start_interview(post_id=post.pk, by=by, reason=reason)
        for application in applications:
            if application.status == Application.Status.UNQUALIFIED:
                application.outcome, application.outcome_on = Application.Outcome.UNQUALIFIED, today
        Application.objects.bulk_update(applications, ["outcome", "outcome_on"])
        _tell(
            [a for a in applications if a.status == Application.Status.QUALIFIED],
            Text(WRITTEN_NEXT[0] if written else INTERVIEW_NEXT[0], post=post),
            url,
            body=Text(WRITTEN_NEXT[1] if written else INTERVIEW_NEXT[1], post=post),
        )
        _tell_unqualified(applications, post, url)
    else:
        action = too_few_action or post.campaign.too_few_action
        if not kinds.may_move_to_internal(post.campaign):
            action = TOO_FEW_FAIL  # an internal competition's post has no further internal competition to go to
        reason = (reason or "").strip() or _(
            "Fewer qualified applicants (%(qualified)s) than the campaign's minimum (%(minimum)s)."
        ) % {"qualified": qualified, "minimum": minimum}
        if action == TOO_FEW_FAIL:
            outcome = Application.Outcome.POST_FAILED
            subject = gettext_lazy("%(post)s has failed for too few qualified applicants; it may be offered again in a later round.")
            next_step = gettext_lazy(
                "Your application for this post ends here; nothing more is needed from you. The post may be offered "
                "again in a later round, and you may apply then."
            )
        else:
            outcome = Application.Outcome.INTERNAL
            subject = gettext_lazy("%(post)s has too few qualified applicants and moves to the unit's internal competition.")
            next_step = gettext_lazy(
                "Your application for this post ends here; nothing more is needed from you. The unit will fill the "
                "post by its own internal competition and announce it within the unit."
            )
        # The outcomes are set before the move, so that the workflow finds no application left to end and tell.
        for application in applications:
            application.outcome_on = today
            application.outcome = (
                Application.Outcome.UNQUALIFIED if application.status == Application.Status.UNQUALIFIED else outcome
            )
        Application.objects.bulk_update(applications, ["outcome", "outcome_on"])
        if action == TOO_FEW_FAIL:
            workflow.post_fail(post_id=post.pk, by=by, reason=reason)
        else:
            workflow.post_move_to_internal(post_id=post.pk, by=by, reason=reason)
        _tell_unqualified(applications, post, url)
        _tell(
            [a for a in applications if a.status != Application.Status.UNQUALIFIED],
            Text(subject, post=post),
            url,
            body=Paragraphs(Text(gettext_lazy("Reason: %(reason)s"), reason=reason), next_step),
        )
    post.refresh_from_db()
    return post


@transaction.atomic
def round_close_now(*, round_id: int, by: User, reason: str) -> tuple[int, int]:
    """End a round's registration now, before its deadline, for the reason given; then close registration of each
    of its posts whose outcome is decided. Returns (posts closed, posts left for the office's review)."""
    reason = (reason or "").strip()
    round_ = Round.objects.select_for_update(of=("self",)).select_related("campaign").get(pk=round_id)
    kinds.require_runner(by, round_.campaign, Step.REGISTRATION, _("Only the competition office closes registration."))
    if not reason:
        raise RegistrationError(_("Say why registration closes early."))
    now = timezone.now()
    if round_.has_closed(now):
        raise RegistrationError(_("Registration of this round has closed already."))
    if not round_.is_open(now):
        raise RegistrationError(_("Registration of this round has not opened yet; change its window instead."))
    round_.registration_closes = now
    round_.save(update_fields=["registration_closes"])
    closed = waiting = 0
    for post_id in round_.posts.filter(status=Post.Status.REGISTRATION).values_list("pk", flat=True):
        try:
            with transaction.atomic():
                registration_close(post_id=post_id, by=by, reason=reason)
            closed += 1
        except WorkflowError:
            waiting += 1
    return closed, waiting


def _tell_unqualified(applications: Iterable[Application], post: Post, url: str) -> None:
    _tell(
        [a for a in applications if a.status == Application.Status.UNQUALIFIED],
        Text(gettext_lazy("Registration for %(post)s has closed; you were not qualified."), post=post),
        url,
        body=Text(
            gettext_lazy(
                "Registration for %(post)s has closed. You were found not qualified at the qualification review, so "
                "your application ends here; nothing more is needed from you. You may apply again in a later round."
            ),
            post=post,
        ),
    )


def _tell(applications: Iterable[Application], subject: Any, url: str, body: Any = "") -> None:
    users = [a.person.user for a in applications if a.person.user_id]
    if users:
        notify(recipients=users, subject=subject, body=body, url=url, kind="registration_closed")


def close_due_registrations() -> int:
    """Close every post whose deadline has passed and whose outcome is decided; the rest wait for the office.
    Safe to run twice, and beside the office: each close locks the post and checks its state again."""
    # Not a paused round, not a post with an open late permit (registration.control); checked again under the locks.
    due = posts_due_for_closing().values_list("pk", flat=True)
    closed = 0
    for post_id in list(due):
        try:
            registration_close(post_id=post_id, by=None)
            closed += 1
        except WorkflowError:
            continue
    return closed
