"""Import of the current cadre roster and of campaigns run on paper (``import_archive``).

The workbook has the sheets 单位, 人员, 任职, 竞岗, 职位, 报名 (``SHEETS`` lists their columns). A missing sheet is
read as empty, so a roster alone (单位, 人员, 任职) can be imported. Everything is validated first; every error
names its sheet, row and column; a file with any error writes nothing.

Idempotent: rows are found by their natural keys (a unit by name, a person by ID number, a term by person,
position and start, a campaign by name). A record that already exists is kept as it is, and a campaign that
already exists is not imported again, so importing the same file twice changes nothing.

Historical posts. A post of the archive ended long ago, so the workflow's clock conditions (an open
registration window, a closed one) can never be met for it. ``_create_archived_post`` is the one documented
import path: the post is created directly in the state implied by its applications' results (never assigned
afterwards; ``Post.status`` stays protected), with one django-fsm-log row ``import_archive`` by the system, so
the post page shows where it came from. The implied state of one offering (a post in one round):
任用 → appointed; else 公示中 → publicity; else 考察中 → inspection; else 转内部竞岗 → internal;
else → failed. A post with applications in several rounds is one offering per round, each later one a
re-release of the one before; a post without any application moved to the unit's internal competition.

Rounds get a synthetic registration window (round n opens 30·(n-1) days after the campaign's start, for a
week) because the archive does not record it. An appointment (结果 任用) ends the person's serving section-chief
term on the decision date and starts a new term there (origin import, a probation year for a promotion), and
the person's current situation becomes the appointed post.
"""

import dataclasses
import datetime
import re
import time
from collections import defaultdict

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django_fsm_log.models import StateLog
from openpyxl.utils.datetime import from_excel

from competition.excel import WorkbookRefused, bounded_rows, capped_errors, open_workbook
from competition.models import (
    Application,
    Campaign,
    Education,
    InterviewSession,
    InterviewSlot,
    LeadershipLevel,
    Person,
    Position,
    Post,
    Round,
    Sex,
    Unit,
)
from competition.models.people import from_archive_rank
from competition.models.units import Level
from competition.registration.idcard import IdNumberError, parse_id_number
from core import dates
from core.exceptions import ActionRefused
from core.forms import check_date
from core.sealed import mask_id_number
from tenure.models import Term
from tenure.services import PROBATION_YEARS, TERM_YEARS, _years_later, is_promotion

SHEETS = {
    "单位": ["单位名称", "单位类型", "科级领导职数"],
    "人员": ["身份证号", "姓名", "性别", "出生日期", "学历", "现单位", "现职务", "现职级", "是否领导职务"],
    "任职": ["身份证号", "单位名称", "职位名称", "开始日期", "结束日期", "结束原因"],
    "竞岗": ["竞岗名称", "类型", "开始日期", "决定日期"],
    "职位": ["竞岗名称", "单位名称", "职位名称", "职数"],
    "报名": ["竞岗名称", "轮次", "身份证号", "单位名称", "职位名称", "面试场次", "结果"],
}
UNIT_KINDS = {"镇": Unit.Kind.TOWN, "街道": Unit.Kind.STREET_OFFICE, "委办局": Unit.Kind.BUREAU}
SEXES = {"男": Sex.MALE, "女": Sex.FEMALE}
EDUCATIONS = {
    "高中": Education.HIGH_SCHOOL,
    "大专": Education.JUNIOR_COLLEGE,
    "本科": Education.BACHELOR,
    "硕士研究生": Education.MASTER,
    "博士研究生": Education.DOCTORATE,
}
# The archive's 现职级 (before the 2019 reform): read with 是否领导职务 into a leadership level or a grade
# (competition.models.people.from_archive_rank).
RANKS = {"科员": Level.STAFF, "副科级": Level.DEPUTY_SECTION, "正科级": Level.SECTION}
YES_NO = {"是": True, "否": False}
# The longest text each column may hold: the length of the field it is written to.
MAX_LENGTHS = {
    "单位": {"单位名称": 100},
    "人员": {"姓名": 50, "现单位": 100, "现职务": 100},
    "任职": {"单位名称": 100, "职位名称": 100, "结束原因": 200},
    "竞岗": {"竞岗名称": 200},
    "职位": {"竞岗名称": 200, "单位名称": 100, "职位名称": 100},
    "报名": {"竞岗名称": 200, "单位名称": 100, "职位名称": 100, "面试场次": 100},
}
CAMPAIGN_KINDS = {"统一": Campaign.Kind.UNIFIED, "内部": Campaign.Kind.INTERNAL, "公开": Campaign.Kind.OPEN}
O = Application.Outcome  # noqa: E741
# 结果 → (application outcome, application status); "考察中"/"公示中" are still in progress.
RESULTS = {
    "资格不符": (O.UNQUALIFIED, Application.Status.UNQUALIFIED),
    "放弃": (O.WITHDRAWN, Application.Status.WITHDRAWN),
    "面试未通过": (O.INTERVIEW_FAILED, Application.Status.QUALIFIED),
    "测评未通过": (O.EVALUATION_FAILED, Application.Status.QUALIFIED),
    "考察未通过": (O.INSPECTION_FAILED, Application.Status.QUALIFIED),
    "公示未通过": (O.PUBLICITY_FAILED, Application.Status.QUALIFIED),
    "决定未通过": (O.DECISION_FAILED, Application.Status.QUALIFIED),
    "考察中": (O.IN_PROGRESS, Application.Status.QUALIFIED),
    "公示中": (O.IN_PROGRESS, Application.Status.QUALIFIED),
    "转内部竞岗": (O.INTERNAL, Application.Status.QUALIFIED),
    "任用": (O.APPOINTED, Application.Status.QUALIFIED),
}


@dataclasses.dataclass(frozen=True)
class ImportIssue:
    sheet: str
    row: int
    column: str
    message: str

    def __str__(self):
        return _("Sheet “%(sheet)s”, row %(row)s, column “%(column)s”: %(message)s") % dataclasses.asdict(self)


class ArchiveInvalid(ActionRefused):
    """The file has errors; nothing was written."""

    def __init__(self, issues):
        self.issues, self.more = capped_errors(issues)
        super().__init__("\n".join(str(issue) for issue in self.issues))


@dataclasses.dataclass
class ImportSummary:
    units: int = 0
    people: int = 0
    terms: int = 0
    campaigns: int = 0
    posts: int = 0
    applications: int = 0


def parse_date(value):
    """An Excel date, an Excel serial number, or text 2004-11-30 / 2004/11/30 / 2004.11.30."""
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        value = from_excel(value)
        if not isinstance(value, datetime.datetime):  # a serial below 1 is a time of day, not a date
            raise ValueError
        return value.date()
    match = re.fullmatch(r"\s*(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})\s*", str(value))
    if not match:
        raise ValueError
    return datetime.date(*(int(part) for part in match.groups()))


def _text(value):
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


class _Sheet:
    """Rows of one sheet as dicts keyed by header, with a way to record an issue at a cell."""

    def __init__(self, reader, name, worksheet):
        self.reader, self.name, self.rows = reader, name, []
        if worksheet is None:
            return
        rows = bounded_rows(worksheet, started=reader.started)
        header = [_text(cell) for cell in next(rows, ())]
        missing = [column for column in SHEETS[name] if column not in header]
        for column in missing:
            reader.issue(name, 1, column, _("the column is missing"))
        if missing:
            return
        index = {column: header.index(column) for column in SHEETS[name]}
        for number, values in enumerate(rows, start=2):
            if not any(_text(v) for v in values):
                continue
            values = tuple(values) + (None,) * len(header)
            row = {column: values[i] for column, i in index.items()}
            for column, limit in MAX_LENGTHS[name].items():
                if len(_text(row[column])) > limit:
                    self.error(number, column, _("the text is longer than %(limit)s characters") % {"limit": limit})
            self.rows.append((number, row))

    def error(self, row, column, message):
        self.reader.issue(self.name, row, column, message)

    def required(self, row, values, column):
        text = _text(values[column])
        if not text:
            self.error(row, column, _("this value is required"))
        return text

    def choice(self, row, values, column, choices):
        text = self.required(row, values, column)
        if text and text not in choices:
            self.error(row, column, _("“%(value)s” is not one of: %(choices)s") % {"value": text, "choices": "、".join(choices)})
            return None
        return choices.get(text)

    def date(self, row, values, column, required=True, personal=False):
        value = values[column]
        if value is None or _text(value) == "":
            if required:
                self.error(row, column, _("this value is required"))
            return None
        try:
            day = parse_date(value)
        except (ValueError, OverflowError):
            self.error(row, column, _("“%(value)s” is not a date (use 2004-11-30 or an Excel date)") % {"value": _text(value)})
            return None
        try:  # the forms' rule: no year 1, nothing before 1900, a person's date not in the future
            check_date(day, personal=personal)
        except ValidationError as error:
            self.error(row, column, error.messages[0])
            return None
        return day

    def integer(self, row, values, column, low, high):
        text = self.required(row, values, column)
        if not text:
            return None
        try:
            number = int(text)
        except ValueError:
            number = None
        if number is None or not low <= number <= high:
            self.error(row, column, _("“%(value)s” is not a whole number from %(low)s to %(high)s") % {"value": text, "low": low, "high": high})
            return None
        return number


class ArchiveReader:
    """Reads and validates the whole workbook into plain records; ``issues`` lists every error."""

    def __init__(self, file):
        self.issues = []
        self.started = time.monotonic()
        try:
            workbook = open_workbook(file)
        except WorkbookRefused as refused:
            self.issue("-", 0, "-", str(refused))
            return
        try:
            if not any(name in workbook.sheetnames for name in SHEETS):
                self.issue("-", 0, "-", _("the workbook has none of the sheets %(sheets)s") % {"sheets": "、".join(SHEETS)})
            sheets = {name: _Sheet(self, name, workbook[name] if name in workbook.sheetnames else None) for name in SHEETS}
        except WorkbookRefused as refused:
            self.issues = [ImportIssue("-", 0, "-", str(refused))]
            return
        except Exception:  # a damaged sheet: openpyxl raises while reading its rows
            self.issue("-", 0, "-", _("the file is not an Excel workbook (.xlsx)"))
            return
        finally:
            workbook.close()
        self.units, self.people, self.terms, self.campaigns, self.posts, self.applications = {}, {}, [], {}, {}, []
        self._read_units(sheets["单位"])
        self._read_people(sheets["人员"])
        self._read_terms(sheets["任职"])
        self._read_campaigns(sheets["竞岗"])
        self._read_posts(sheets["职位"])
        self._read_applications(sheets["报名"])

    def issue(self, sheet, row, column, message):
        self.issues.append(ImportIssue(sheet, row, column, message))

    # Lookups: a unit or a person of the file, or one already in the system.
    def _known_unit(self, sheet, row, column, name):
        if not name:
            return False
        if name in self.units or name in self._existing_units:
            return True
        sheet.error(row, column, _("unit “%(name)s” is neither in the sheet 单位 nor in the system") % {"name": name})
        return False

    def _read_units(self, sheet):
        self._existing_units = {unit.name: unit for unit in Unit.objects.all()}
        for row, values in sheet.rows:
            name = sheet.required(row, values, "单位名称")
            kind = sheet.choice(row, values, "单位类型", UNIT_KINDS)
            quota = sheet.integer(row, values, "科级领导职数", 0, 1000)
            if name in self.units:
                sheet.error(row, "单位名称", _("unit “%(name)s” appears twice") % {"name": name})
            elif name:
                self.units[name] = {"kind": kind, "leadership_quota": quota}

    def _read_people(self, sheet):
        for row, values in sheet.rows:
            id_number = sheet.required(row, values, "身份证号").upper()
            parsed = None
            if id_number:
                try:
                    parsed = parse_id_number(id_number)
                    id_number = parsed.number
                except IdNumberError as error:
                    sheet.error(
                        row, "身份证号",
                        _("“%(value)s” is not a valid resident ID number") % {"value": mask_id_number(id_number)} + f" ({_(str(error))})",
                    )
            if id_number in self.people:
                sheet.error(row, "身份证号", _("ID number %(value)s appears twice") % {"value": mask_id_number(id_number)})
            person = {
                "name": sheet.required(row, values, "姓名"),
                "sex": sheet.choice(row, values, "性别", SEXES),
                "birth_date": sheet.date(row, values, "出生日期", personal=True),
                "education": sheet.choice(row, values, "学历", EDUCATIONS),
                "unit": _text(values["现单位"]),
                "current_position": _text(values["现职务"]),
                "rank": sheet.choice(row, values, "现职级", RANKS),
                "is_leadership": sheet.choice(row, values, "是否领导职务", YES_NO),
            }
            if parsed is not None and person["birth_date"] and person["birth_date"] != parsed.birth_date:
                sheet.error(row, "出生日期", _("the birth date does not match the ID number (%(date)s)") % {"date": dates.day(parsed.birth_date)})
            if parsed is not None and person["sex"] and person["sex"] != parsed.sex:
                sheet.error(row, "性别", _("the sex does not match the ID number"))
            if person["unit"]:
                self._known_unit(sheet, row, "现单位", person["unit"])
            if id_number and id_number not in self.people:
                self.people[id_number] = person
        self._existing_people = set()

    def _known_person(self, sheet, row, id_number):
        if not id_number:
            return False
        if id_number in self.people or id_number in self._existing_people:
            return True
        if Person.objects.with_id_number(id_number).exists():
            self._existing_people.add(id_number)
            return True
        sheet.error(row, "身份证号", _("person %(value)s is neither in the sheet 人员 nor in the system") % {"value": mask_id_number(id_number)})
        return False

    def _read_terms(self, sheet):
        for row, values in sheet.rows:
            id_number = sheet.required(row, values, "身份证号").upper()
            self._known_person(sheet, row, id_number)
            unit = sheet.required(row, values, "单位名称")
            self._known_unit(sheet, row, "单位名称", unit)
            start = sheet.date(row, values, "开始日期")
            ended_on = sheet.date(row, values, "结束日期", required=False)
            if start and ended_on and ended_on < start:
                sheet.error(row, "结束日期", _("the end is before the start"))
            self.terms.append(
                {
                    "row": row,
                    "id_number": id_number,
                    "unit": unit,
                    "title": sheet.required(row, values, "职位名称"),
                    "start": start,
                    "ended_on": ended_on,
                    "end_reason": _text(values["结束原因"]),
                }
            )

    def _read_campaigns(self, sheet):
        for row, values in sheet.rows:
            name = sheet.required(row, values, "竞岗名称")
            campaign = {
                "row": row,
                "kind": sheet.choice(row, values, "类型", CAMPAIGN_KINDS),
                "start_date": sheet.date(row, values, "开始日期"),
                "decided_on": sheet.date(row, values, "决定日期", required=False),
            }
            if campaign["start_date"] and campaign["decided_on"] and campaign["decided_on"] < campaign["start_date"]:
                sheet.error(row, "决定日期", _("the decision is before the start"))
            if name in self.campaigns:
                sheet.error(row, "竞岗名称", _("campaign “%(name)s” appears twice") % {"name": name})
            elif name:
                self.campaigns[name] = campaign

    def _known_campaign(self, sheet, row, name):
        if name and name not in self.campaigns:
            sheet.error(row, "竞岗名称", _("campaign “%(name)s” is not in the sheet 竞岗") % {"name": name})
            return False
        return bool(name)

    def _read_posts(self, sheet):
        for row, values in sheet.rows:
            campaign = sheet.required(row, values, "竞岗名称")
            self._known_campaign(sheet, row, campaign)
            unit = sheet.required(row, values, "单位名称")
            self._known_unit(sheet, row, "单位名称", unit)
            title = sheet.required(row, values, "职位名称")
            places = sheet.integer(row, values, "职数", 1, 20)
            key = (campaign, unit, title)
            if key in self.posts:
                sheet.error(row, "职位名称", _("this post appears twice in the campaign"))
            elif all(key):
                self.posts[key] = {"row": row, "places": places or 1}
        for name, campaign in self.campaigns.items():
            if campaign["kind"] == Campaign.Kind.INTERNAL:
                units = {unit for (c, unit, _title) in self.posts if c == name}
                if len(units) != 1:
                    self.issue("竞岗", campaign["row"], "类型", _("an internal competition needs posts of exactly one unit"))
                campaign["unit"] = units.pop() if len(units) == 1 else None

    def _read_applications(self, sheet):
        seen = set()
        appointed = defaultdict(int)
        for row, values in sheet.rows:
            campaign = sheet.required(row, values, "竞岗名称")
            known_campaign = self._known_campaign(sheet, row, campaign)
            round_number = sheet.integer(row, values, "轮次", 1, 20)
            id_number = sheet.required(row, values, "身份证号").upper()
            self._known_person(sheet, row, id_number)
            unit = sheet.required(row, values, "单位名称")
            title = sheet.required(row, values, "职位名称")
            result = sheet.choice(row, values, "结果", RESULTS)
            key = (campaign, unit, title)
            if known_campaign and unit and title and key not in self.posts:
                sheet.error(row, "职位名称", _("this post is not in the sheet 职位 for the campaign"))
            if (key, round_number, id_number) in seen:
                sheet.error(row, "身份证号", _("this person applied to this post twice in the round"))
            seen.add((key, round_number, id_number))
            result_text = _text(values["结果"])
            if result_text == "任用":
                appointed[key] += 1
                if key in self.posts and appointed[key] > self.posts[key]["places"]:
                    sheet.error(row, "结果", _("more appointments than the post's places"))
                if known_campaign and not self.campaigns[campaign]["decided_on"]:
                    sheet.error(row, "结果", _("an appointment needs the campaign's decision date (sheet 竞岗)"))
            self.applications.append(
                {
                    "row": row,
                    "key": key,
                    "round": round_number,
                    "id_number": id_number,
                    "session": _text(values["面试场次"]),
                    "result": result_text,
                    "outcome": result[0] if result else None,
                    "status": result[1] if result else None,
                }
            )


def read_archive(file) -> ArchiveReader:
    reader = ArchiveReader(file)
    if reader.issues:
        raise ArchiveInvalid(reader.issues)
    return reader


def _offering_state(results):
    """The state a post ended in, implied by its applications' results in one round."""
    if "任用" in results:
        return Post.Status.APPOINTED
    if "公示中" in results:
        return Post.Status.PUBLICITY
    if "考察中" in results:
        return Post.Status.INSPECTION
    if "转内部竞岗" in results:
        return Post.Status.INTERNAL
    return Post.Status.FAILED


def _create_archived_post(*, status, **fields):
    """The import path for historical posts: created in their final state, logged as imported by the system.

    The workflow's service functions cannot be used here (their clock conditions are about today); the state
    is given when the row is created and never assigned afterwards.
    """
    post = Post.objects.create(status=status, **fields)
    StateLog.objects.create(
        content_type=ContentType.objects.get_for_model(Post),
        object_id=post.pk,
        source_state=None,
        state=status,
        transition="import_archive",
        by=None,
        description="imported from archive",
    )
    return post


def _section_position(unit, title):
    position, _created = Position.objects.get_or_create(
        unit=unit, title=title, defaults={"level": Level.SECTION, "is_leadership": True}
    )
    return position


# The tables an import writes: analysed after it (core.statistics), so that the next report is planned for their rows.
WRITTEN_MODELS = (Unit, Person, Position, Term, Campaign, Round, Post, Application)


@transaction.atomic
def import_archive(file) -> ImportSummary:
    """Validate the workbook, then write it all in one transaction (or nothing, raising ``ArchiveInvalid``)."""
    reader = read_archive(file)
    summary = ImportSummary()

    units = {unit.name: unit for unit in Unit.objects.all()}
    for name, data in reader.units.items():
        if name not in units:
            units[name] = Unit.objects.create(name=name, **data)
            summary.units += 1

    people = {p.id_number: p for p in Person.objects.with_id_numbers(reader.people)}
    for id_number, data in reader.people.items():
        if id_number in people:
            continue
        unit_name = data.pop("unit")
        leadership_level, grade = from_archive_rank(data.pop("rank"), data.pop("is_leadership"))
        people[id_number] = Person.objects.create(
            id_number=id_number, current_unit=units.get(unit_name), leadership_level=leadership_level, grade=grade,
            **data,
        )
        summary.people += 1
    wanted = {row["id_number"] for row in reader.terms + reader.applications} - set(people)
    people.update({p.id_number: p for p in Person.objects.with_id_numbers(wanted)})

    for row in reader.terms:
        unit = units[row["unit"]]
        position = _section_position(unit, row["title"])
        ended = row["ended_on"]
        _term, created = Term.objects.get_or_create(
            person=people[row["id_number"]],
            position=position,
            start=row["start"],
            defaults={
                "unit": unit,
                "origin": Term.Origin.IMPORT,
                "end": _years_later(row["start"], TERM_YEARS),
                "ended_on": ended,
                "status": Term.Status.ENDED if ended else Term.Status.SERVING,
                "end_reason": row["end_reason"],
            },
        )
        summary.terms += created

    existing = set(Campaign.objects.filter(name__in=reader.campaigns).values_list("name", flat=True))
    by_campaign = defaultdict(list)
    for application in reader.applications:
        by_campaign[application["key"][0]].append(application)
    ordered = sorted(reader.campaigns.items(), key=lambda item: item[1]["start_date"])
    for name, data in ordered:
        if name in existing:
            continue
        summary.campaigns += 1
        _import_campaign(name, data, reader, by_campaign[name], units, people, summary)
    return summary


def _import_campaign(name, data, reader, applications, units, people, summary):
    campaign = Campaign.objects.create(
        name=name,
        kind=data["kind"],
        unit=units[data["unit"]] if data.get("unit") else None,
        start_date=data["start_date"],
        description=_("Imported from an archive."),
    )
    decided_on = data["decided_on"]
    start = timezone.make_aware(datetime.datetime.combine(data["start_date"], datetime.time(9)))
    round_numbers = sorted({1} | {a["round"] for a in applications})
    rounds = {
        n: Round.objects.create(
            campaign=campaign,
            number=n,
            registration_opens=start + datetime.timedelta(days=30 * (n - 1)),
            registration_closes=start + datetime.timedelta(days=30 * (n - 1) + 7),
        )
        for n in round_numbers
    }
    per_offering = defaultdict(list)
    for application in applications:
        per_offering[(application["key"], application["round"])].append(application)

    sessions = {}
    appointments = []
    for key, post_data in reader.posts.items():
        if key[0] != name:
            continue
        unit = units[key[1]]
        position = _section_position(unit, key[2])
        offered_in = sorted(n for (k, n) in per_offering if k == key) or [1]
        previous = None
        for n in offered_in:
            rows = per_offering.get((key, n), [])
            post = _create_archived_post(
                status=_offering_state({row["result"] for row in rows}) if rows else Post.Status.INTERNAL,
                campaign=campaign,
                round=rounds[n],
                unit=unit,
                position=position,
                title=key[2],
                places=post_data["places"],
                rereleased_from=previous,
            )
            previous = post
            summary.posts += 1
            for row in rows:
                person = people[row["id_number"]]
                application = Application(
                    post=post,
                    round=rounds[n],
                    person=person,
                    status=row["status"],
                    outcome=row["outcome"],
                    outcome_on=decided_on if row["outcome"] else None,
                )
                application.snapshot_applicant()
                application.save()
                summary.applications += 1
                if row["session"]:
                    if row["session"] not in sessions:
                        sessions[row["session"]] = InterviewSession.objects.create(campaign=campaign, name=row["session"])
                    sessions[row["session"]].posts.add(post)
                    InterviewSlot.objects.create(session=sessions[row["session"]], application=application)
                if row["outcome"] == O.APPOINTED:
                    appointments.append(application)
    # After every snapshot of the campaign: the appointees' terms and their new situation.
    for application in appointments:
        _appoint(application, decided_on, summary)


def _appoint(application, decided_on, summary):
    """End the person's serving section-chief term on the decision date and start the new one."""
    post, person = application.post, application.person
    already = Term.objects.filter(person=person, position=post.position, start=decided_on).first()
    if already is not None:
        # The roster sheet already lists the term this appointment started.
        Term.objects.filter(pk=already.pk, post__isnull=True).update(post=post)
    else:
        Term.objects.filter(person=person, start__lt=decided_on, ended_on__isnull=True).update(
            ended_on=decided_on, status=Term.Status.ENDED, end_reason="new appointment"
        )
        promoted = is_promotion(application)
        Term.objects.create(
            person=person,
            position=post.position,
            unit=post.unit,
            post=post,
            origin=Term.Origin.IMPORT,
            start=decided_on,
            end=_years_later(decided_on, TERM_YEARS),
            probation_end=_years_later(decided_on, PROBATION_YEARS) if promoted else None,
            status=Term.Status.PROBATION if promoted else Term.Status.SERVING,
        )
        summary.terms += 1
    person.current_unit, person.current_position = post.unit, post.title
    person.leadership_level = LeadershipLevel.SECTION
    person.save(update_fields=["current_unit", "current_position", "leadership_level"])
