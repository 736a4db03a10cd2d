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

import collections
import dataclasses
import datetime
import re
import sys
import time
from collections import defaultdict

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django_fsm_log.models import StateLog
from openpyxl.utils.datetime import from_excel

from competition.excel import ExcelLimits, WorkbookRefused, bounded_rows, capped_errors, open_workbook
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
from core.sealed import keyed_hash, mask_id_number
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


# A province's archive (issue 19.4: 51,000 people, 100,000 applications) is far beyond the bounds of an upload read
# in a request (competition.excel.ExcelLimits): the import runs in a worker (reports.tasks.run_archive_import),
# streams each sheet once, and keeps only plain values of what it read.
ARCHIVE_LIMITS = ExcelLimits(rows=200_000, uncompressed_bytes=256 * 1024 * 1024, seconds=240.0)
# Rows between two progress reports: a report is one UPDATE of the job row on a connection of its own.
PROGRESS_EVERY = 5_000
# Rows per INSERT of a bulk write: large enough that a round trip is cheap beside it, small enough that a batch of
# model instances weighs a few megabytes at most.
BATCH = 2_000


class _Progress:
    """Calls ``report(phase, done, total)`` at each phase and every PROGRESS_EVERY rows in between."""

    def __init__(self, report=None):
        self.report = report
        self.phase, self.done, self.total, self.reported = "", 0, 0, 0

    def start(self, phase, total):
        self.phase, self.done, self.total, self.reported = phase, 0, total, 0
        self._send()

    def add(self, rows=1):
        self.done += rows
        if self.done - self.reported >= PROGRESS_EVERY:
            self.reported = self.done
            self._send()

    def _send(self):
        if self.report is not None:
            self.report(self.phase, self.done, max(self.total, self.done))


class _Damaged(Exception):
    """openpyxl raised while reading a sheet's rows (a damaged file)."""


class _Sheet:
    """One sheet: its header checked when opened, its rows streamed once as dicts keyed by header."""

    def __init__(self, reader, name, worksheet):
        self.reader, self.name, self.worksheet, self.index, self.width = reader, name, worksheet, None, 0
        # The dimension the file declares: an estimate of the rows, for the progress bar only.
        self.declared = min(worksheet.max_row or 0, ARCHIVE_LIMITS.rows) if worksheet is not None else 0
        if worksheet is None:
            return
        rows = self._raw()
        header = [_text(cell) for cell in next(rows, ())]
        rows.close()
        missing = [column for column in SHEETS[name] if column not in header]
        for column in missing:
            reader.issue(name, 1, column, _("the column is missing"))
        if not missing:
            self.index = {column: header.index(column) for column in SHEETS[name]}
            self.width = len(header)

    def _raw(self):
        rows = bounded_rows(self.worksheet, ARCHIVE_LIMITS, started=self.reader.started)
        while True:
            try:
                values = next(rows)
            except StopIteration:
                return
            except WorkbookRefused:
                raise
            except Exception as error:  # openpyxl raises many kinds of errors inside a damaged sheet
                raise _Damaged from error
            yield values

    @property
    def rows(self):
        """(row number, {column: value}) of each non-empty row; a sheet missing or missing a column has none."""
        if self.index is None:
            return
        rows = self._raw()
        next(rows, None)
        padding = (None,) * self.width
        for number, values in enumerate(rows, start=2):
            self.reader.progress.add()
            if not any(_text(v) for v in values):
                continue
            values = tuple(values) + padding
            row = {column: values[i] for column, i in self.index.items()}
            for column, limit in MAX_LENGTHS[self.name].items():
                if len(_text(row[column])) > limit:
                    self.error(number, column, _("the text is longer than %(limit)s characters") % {"limit": limit})
            yield number, row

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


# What the reader keeps of each row: plain tuples, the id numbers and names shared (sys.intern), so that 100,000
# applications weigh a few tens of megabytes.
PersonRow = collections.namedtuple("PersonRow", "name sex birth_date education unit current_position rank is_leadership")
TermRow = collections.namedtuple("TermRow", "row id_number unit title start ended_on end_reason")
ApplicationRow = collections.namedtuple("ApplicationRow", "key round id_number session result")


class ArchiveReader:
    """Reads and validates the whole workbook into plain records; ``issues`` lists every error, in sheet and row
    order."""

    def __init__(self, file, progress=None):
        self.issues = []
        self.started = time.monotonic()
        self.progress = progress or _Progress()
        self.progress.start("reading", 0)
        try:
            workbook = open_workbook(file, ARCHIVE_LIMITS)
        except WorkbookRefused as refused:
            self.issue("-", 0, "-", str(refused))
            return
        self.units, self.people, self.terms, self.campaigns, self.posts, self.applications = {}, {}, [], {}, {}, []
        try:
            if not any(name in workbook.sheetnames for name in SHEETS):
                self.issue("-", 0, "-", _("the workbook has none of the sheets %(sheets)s") % {"sheets": "、".join(SHEETS)})
            sheets = {name: _Sheet(self, name, workbook[name] if name in workbook.sheetnames else None) for name in SHEETS}
            self.progress.start("checking", sum(sheet.declared for sheet in sheets.values()))
            self._read_units(sheets["单位"])
            self._read_people(sheets["人员"])
            self._read_terms(sheets["任职"])
            self._read_campaigns(sheets["竞岗"])
            self._read_posts(sheets["职位"])
            self._read_applications(sheets["报名"])
        except WorkbookRefused as refused:
            self.issues = [ImportIssue("-", 0, "-", str(refused))]
            return
        except _Damaged:
            self.issue("-", 0, "-", _("the file is not an Excel workbook (.xlsx)"))
            return
        finally:
            workbook.close()
        order = {name: n for n, name in enumerate(SHEETS)}
        self.issues.sort(key=lambda issue: (order.get(issue.sheet, -1), issue.row))

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
        self._existing_units = set(Unit.objects.values_list("name", flat=True))
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
            person = PersonRow(
                name=sheet.required(row, values, "姓名"),
                sex=sheet.choice(row, values, "性别", SEXES),
                birth_date=sheet.date(row, values, "出生日期", personal=True),
                education=sheet.choice(row, values, "学历", EDUCATIONS),
                unit=_text(values["现单位"]),
                current_position=_text(values["现职务"]),
                rank=sheet.choice(row, values, "现职级", RANKS),
                is_leadership=sheet.choice(row, values, "是否领导职务", YES_NO),
            )
            if parsed is not None and person.birth_date and person.birth_date != parsed.birth_date:
                sheet.error(row, "出生日期", _("the birth date does not match the ID number (%(date)s)") % {"date": dates.day(parsed.birth_date)})
            if parsed is not None and person.sex and person.sex != parsed.sex:
                sheet.error(row, "性别", _("the sex does not match the ID number"))
            if person.unit:
                self._known_unit(sheet, row, "现单位", person.unit)
            if id_number and id_number not in self.people:
                self.people[sys.intern(id_number)] = person

    def _check_people(self, sheet, wanted):
        """``wanted`` = {id number: first row naming it} of the people a sheet names that are not in the sheet 人员:
        each must be in the system (one query per thousand numbers, not one per row)."""
        found = set()
        numbers = list(wanted)
        for start in range(0, len(numbers), 1_000):
            chunk = {keyed_hash(number): number for number in numbers[start:start + 1_000]}
            found.update(chunk[h] for h in Person.objects.filter(id_number_hash__in=chunk).values_list("id_number_hash", flat=True))
        for number, rows in wanted.items():
            if number not in found:
                for row in rows:
                    sheet.error(row, "身份证号", _("person %(value)s is neither in the sheet 人员 nor in the system") % {"value": mask_id_number(number)})

    def _person(self, wanted, row, id_number):
        """The id number, shared with the sheet 人员's; one not in it is to be found in the system (_check_people)."""
        if not id_number:
            return id_number
        if id_number not in self.people:
            wanted[id_number].append(row)
            return sys.intern(id_number)
        return sys.intern(id_number)

    def _read_terms(self, sheet):
        wanted = defaultdict(list)
        for row, values in sheet.rows:
            id_number = self._person(wanted, row, sheet.required(row, values, "身份证号").upper())
            unit = sheet.required(row, values, "单位名称")
            self._known_unit(sheet, row, "单位名称", unit)
            start = sheet.date(row, values, "开始日期")
            ended_on = sheet.date(row, values, "结束日期", required=False)
            if start and ended_on and ended_on < start:
                sheet.error(row, "结束日期", _("the end is before the start"))
            title = sheet.required(row, values, "职位名称")
            self.terms.append(TermRow(row, id_number, unit, title, start, ended_on, _text(values["结束原因"])))
        self._check_people(sheet, wanted)

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
                self.posts[key] = {"row": row, "places": places or 1, "key": key}
        for name, campaign in self.campaigns.items():
            if campaign["kind"] == Campaign.Kind.INTERNAL:
                units = {unit for (c, unit, _title) in self.posts if c == name}
                if len(units) != 1:
                    self.issue("竞岗", campaign["row"], "类型", _("an internal competition needs posts of exactly one unit"))
                campaign["unit"] = units.pop() if len(units) == 1 else None

    def _read_applications(self, sheet):
        seen = set()
        appointed = defaultdict(int)
        wanted = defaultdict(list)
        for row, values in sheet.rows:
            campaign = sheet.required(row, values, "竞岗名称")
            known_campaign = self._known_campaign(sheet, row, campaign)
            round_number = sheet.integer(row, values, "轮次", 1, 20)
            id_number = self._person(wanted, row, sheet.required(row, values, "身份证号").upper())
            unit = sheet.required(row, values, "单位名称")
            title = sheet.required(row, values, "职位名称")
            sheet.choice(row, values, "结果", RESULTS)
            key = (campaign, unit, title)
            post = self.posts.get(key)
            if known_campaign and unit and title and post is None:
                sheet.error(row, "职位名称", _("this post is not in the sheet 职位 for the campaign"))
            if (key, round_number, id_number) in seen:
                sheet.error(row, "身份证号", _("this person applied to this post twice in the round"))
            seen.add((key, round_number, id_number))
            result_text = _text(values["结果"])
            if result_text == "任用":
                appointed[key] += 1
                if post is not None and appointed[key] > post["places"]:
                    sheet.error(row, "结果", _("more appointments than the post's places"))
                if known_campaign and not self.campaigns[campaign]["decided_on"]:
                    sheet.error(row, "结果", _("an appointment needs the campaign's decision date (sheet 竞岗)"))
            self.applications.append(
                ApplicationRow(post["key"] if post else key, round_number, id_number, sys.intern(_text(values["面试场次"])), result_text)
            )
        self._check_people(sheet, wanted)


def read_archive(file, progress=None) -> ArchiveReader:
    reader = ArchiveReader(file, progress)
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


def _create_archived_posts(posts):
    """The import path for historical posts: created in their final state, logged as imported by the system.

    The workflow's service functions cannot be used here (their clock conditions are about today); the state
    is given when the row is created (``Post(status=...)``) and never assigned afterwards.
    """
    posts = Post.objects.bulk_create(posts, batch_size=BATCH)
    content_type = ContentType.objects.get_for_model(Post)
    StateLog.objects.bulk_create(
        [
            StateLog(
                content_type=content_type,
                object_id=post.pk,
                source_state=None,
                state=post.status,
                transition="import_archive",
                by=None,
                description="imported from archive",
            )
            for post in posts
        ],
        batch_size=BATCH,
    )
    return posts


# The tables an import writes: analysed after it (core.statistics), so that the next report is planned for their rows.
WRITTEN_MODELS = (Unit, Person, Position, Term, Campaign, Round, Post, Application)


def _one_import_at_a_time():
    """Two imports at once (two uploads, an upload and the command) wait for each other: the second then finds
    what the first wrote, by natural keys, and writes nothing twice. A lock held until the transaction ends."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [IMPORT_LOCK])


# pg_advisory_xact_lock's key for the archive import (any number no other lock of the project uses).
IMPORT_LOCK = 194_000_194


@transaction.atomic
def import_archive(file, progress=None) -> ImportSummary:
    """Validate the workbook, then write it all in one transaction (or nothing, raising ``ArchiveInvalid``).

    ``progress(phase, done, total)``, if given, is called as the import goes: phase "reading" (opening the file),
    "checking" (rows read and checked, of the rows the sheets declare) and "writing" (rows written). It is called
    inside the import's transaction: what it writes to the database must go through a connection of its own to be
    seen before the end (reports.tasks does)."""
    _one_import_at_a_time()
    tracker = _Progress(progress)
    reader = read_archive(file, tracker)
    return _Writer(reader, tracker).write()


class _Applicant:
    """What the import keeps of a person: the id, and the situation an application made now would record
    (Application.snapshot_applicant reads these attributes)."""

    __slots__ = ("pk", "current_unit_id", "current_position", "leadership_level", "grade", "education")

    def __init__(self, pk, current_unit_id, current_position, leadership_level, grade, education):
        self.pk, self.current_unit_id, self.current_position = pk, current_unit_id, current_position
        self.leadership_level, self.grade, self.education = leadership_level, grade, education


def _chunks(items, size=BATCH):
    items = list(items)
    for start in range(0, len(items), size):
        yield items[start:start + size]


class _Writer:
    """Writes what the reader read: a query per sheet for what exists (dicts of ids by natural key), bulk inserts of
    what does not, never a query per row."""

    def __init__(self, reader, progress):
        self.reader, self.progress, self.summary = reader, progress, ImportSummary()

    def write(self) -> ImportSummary:
        reader = self.reader
        new_campaigns = self._new_campaigns()
        total = len(reader.people) + len(reader.terms) + sum(
            1 for row in reader.applications if row.key[0] in new_campaigns
        )
        self.progress.start("writing", total)
        self._write_units()
        self._write_people()
        self.positions = self._positions(
            {(row.unit, row.title) for row in reader.terms}
            | {(unit, title) for (campaign, unit, title) in reader.posts if campaign in new_campaigns}
        )
        self._write_terms()
        by_campaign = defaultdict(list)
        for application in reader.applications:
            if application.key[0] in new_campaigns:
                by_campaign[application.key[0]].append(application)
        posts_by_campaign = defaultdict(list)
        for key, post in reader.posts.items():
            if key[0] in new_campaigns:
                posts_by_campaign[key[0]].append(post)
        ordered = sorted(new_campaigns.items(), key=lambda item: item[1]["start_date"])
        for name, data in ordered:
            self.summary.campaigns += 1
            self._write_campaign(name, data, posts_by_campaign[name], by_campaign.pop(name, []))
        return self.summary

    def _new_campaigns(self):
        campaigns = self.reader.campaigns
        existing = set(Campaign.objects.filter(name__in=campaigns).values_list("name", flat=True))
        return {name: data for name, data in campaigns.items() if name not in existing}

    def _write_units(self):
        self.units = dict(Unit.objects.values_list("name", "pk"))
        new = [Unit(name=name, **data) for name, data in self.reader.units.items() if name not in self.units]
        for unit in Unit.objects.bulk_create(new, batch_size=BATCH):
            self.units[unit.name] = unit.pk
        self.summary.units += len(new)

    def _existing_people(self, numbers):
        found = {}
        for chunk in _chunks(numbers, 5_000):
            hashes = {keyed_hash(number): number for number in chunk}
            rows = Person.objects.filter(id_number_hash__in=hashes).values_list(
                "id_number_hash", "pk", "current_unit_id", "current_position", "leadership_level", "grade", "education"
            )
            for hashed, *values in rows:
                found[hashes[hashed]] = _Applicant(*values)
        return found

    def _write_people(self):
        reader = self.reader
        self.people = self._existing_people(reader.people)
        new = [number for number in reader.people if number not in self.people]
        for chunk in _chunks(new):
            batch = []
            for id_number in chunk:
                data = reader.people[id_number]
                leadership_level, grade = from_archive_rank(data.rank, data.is_leadership)
                batch.append(
                    Person(
                        id_number=id_number, name=data.name, sex=data.sex, birth_date=data.birth_date,
                        education=data.education, current_unit_id=self.units.get(data.unit),
                        current_position=data.current_position, leadership_level=leadership_level, grade=grade,
                    )
                )
            for id_number, person in zip(chunk, Person.objects.bulk_create(batch)):
                self.people[id_number] = _Applicant(
                    person.pk, person.current_unit_id, person.current_position, person.leadership_level, person.grade,
                    person.education,
                )
            self.progress.add(len(chunk))
        self.progress.add(len(reader.people) - len(new))
        self.summary.people += len(new)
        wanted = {row.id_number for row in reader.terms} | {row.id_number for row in reader.applications}
        self.people.update(self._existing_people(wanted - set(self.people)))

    def _positions(self, wanted):
        """{(unit name, title): position id} of the section-chief positions the terms and posts name; the missing ones
        created (a section-level leadership position, as the roster implies)."""
        unit_ids = {self.units[unit] for unit, _title in wanted}
        names = {pk: name for name, pk in self.units.items() if pk in unit_ids}
        positions = {
            (names[unit_id], title): pk
            for unit_id, title, pk in Position.objects.filter(unit_id__in=unit_ids).values_list("unit_id", "title", "pk")
        }
        new = [
            Position(unit_id=self.units[unit], title=title, level=Level.SECTION, is_leadership=True)
            for unit, title in sorted(wanted)
            if (unit, title) not in positions
        ]
        for position in Position.objects.bulk_create(new, batch_size=BATCH):
            positions[(names[position.unit_id], position.title)] = position.pk
        return positions

    def _write_terms(self):
        reader = self.reader
        people_ids = {self.people[row.id_number].pk for row in reader.terms}
        existing = set()
        for chunk in _chunks(people_ids, 5_000):
            existing.update(Term.objects.filter(person_id__in=chunk).values_list("person_id", "position_id", "start"))
        batch = []
        for row in reader.terms:
            person, position = self.people[row.id_number].pk, self.positions[(row.unit, row.title)]
            self.progress.add()
            if (person, position, row.start) in existing:
                continue  # the roster's term is already in the system
            existing.add((person, position, row.start))
            ended = row.ended_on
            batch.append(
                Term(
                    person_id=person, position_id=position, start=row.start, unit_id=self.units[row.unit],
                    origin=Term.Origin.IMPORT, end=_years_later(row.start, TERM_YEARS), ended_on=ended,
                    status=Term.Status.ENDED if ended else Term.Status.SERVING, end_reason=row.end_reason,
                )
            )
            if len(batch) == BATCH:
                self.summary.terms += len(Term.objects.bulk_create(batch))
                batch = []
        self.summary.terms += len(Term.objects.bulk_create(batch))

    def _write_campaign(self, name, data, posts, applications):
        units, people = self.units, self.people
        campaign = Campaign.objects.create(
            name=name,
            kind=data["kind"],
            unit_id=units[data["unit"]] if data.get("unit") else None,
            start_date=data["start_date"],
            description=_("Imported from an archive."),
        )
        decided_on = data["decided_on"]
        start = timezone.make_aware(datetime.datetime.combine(data["start_date"], datetime.time(9)))
        round_numbers = sorted({1} | {a.round for a in applications})
        rounds = {
            round_.number: round_
            for round_ in Round.objects.bulk_create(
                [
                    Round(
                        campaign=campaign,
                        number=n,
                        registration_opens=start + datetime.timedelta(days=30 * (n - 1)),
                        registration_closes=start + datetime.timedelta(days=30 * (n - 1) + 7),
                    )
                    for n in round_numbers
                ]
            )
        }
        per_offering = defaultdict(list)
        for application in applications:
            per_offering[(application.key, application.round)].append(application)
        offered_in = defaultdict(list)
        for key, n in per_offering:
            offered_in[key].append(n)

        # One offering per round the post was offered in, each later one a re-release of the one before: the posts
        # of a round are written together, after those of the round before (whose ids they name).
        offerings = {}  # (key, round) → the Post
        for n in round_numbers:
            keys, batch = [], []
            for post_data in posts:
                key = post_data["key"]
                if n not in (offered_in.get(key) or [1]):
                    continue
                rows = per_offering.get((key, n), [])
                keys.append(key)
                batch.append(
                    Post(
                        status=_offering_state({row.result for row in rows}) if rows else Post.Status.INTERNAL,
                        campaign=campaign,
                        round=rounds[n],
                        unit_id=units[key[1]],
                        position_id=self.positions[(key[1], key[2])],
                        title=key[2],
                        places=post_data["places"],
                        rereleased_from=offerings.get((key, max((m for m in offered_in.get(key, ()) if m < n), default=0))),
                    )
                )
            for key, post in zip(keys, _create_archived_posts(batch)):
                offerings[(key, n)] = post
            self.summary.posts += len(batch)

        names = dict.fromkeys(row.session for row in applications if row.session)
        sessions = {
            session.name: session.pk
            for session in InterviewSession.objects.bulk_create([InterviewSession(campaign=campaign, name=name) for name in names])
        }
        session_posts, appointments = set(), []
        for chunk in _chunks(((key, n, row) for (key, n), rows in per_offering.items() for row in rows)):
            batch = []
            for key, n, row in chunk:
                outcome, status = RESULTS[row.result]
                application = Application(
                    post=offerings[(key, n)], round=rounds[n], person_id=people[row.id_number].pk, status=status,
                    outcome=outcome, outcome_on=decided_on if outcome else None,
                )
                application.snapshot_applicant(people[row.id_number])
                batch.append(application)
            Application.objects.bulk_create(batch)
            slots = []
            for (_key, _n, row), application in zip(chunk, batch):
                if row.session:
                    session_posts.add((sessions[row.session], application.post_id))
                    slots.append(InterviewSlot(session_id=sessions[row.session], application_id=application.pk))
                if application.outcome == O.APPOINTED:
                    appointments.append(application)
            InterviewSlot.objects.bulk_create(slots)
            self.summary.applications += len(batch)
            self.progress.add(len(batch))
        through = InterviewSession.posts.through
        through.objects.bulk_create(
            [through(interviewsession_id=session, post_id=post) for session, post in sorted(session_posts)],
            batch_size=BATCH,
        )
        # After every snapshot of the campaign: the appointees' terms and their new situation.
        self._appoint(appointments, decided_on)

    def _appoint(self, appointments, decided_on):
        """For each appointment, in order: end the person's serving section-chief terms on the decision date and
        start the new term, unless the roster sheet already lists it (then it names the post); the person's
        current situation becomes the appointed post."""
        if not appointments:
            return
        person_ids = {application.person_id for application in appointments}
        already = {}  # (person, position) → [term id, post id] of a term starting on the decision date
        for chunk in _chunks(person_ids, 5_000):
            for pk, person, position, post in (
                Term.objects.filter(person_id__in=chunk, start=decided_on).order_by("pk").values_list("pk", "person_id", "position_id", "post_id")
            ):
                already.setdefault((person, position), [pk, post])
        named, ending, new_terms, moved = {}, set(), [], {}
        for application in appointments:
            post = application.post
            term = already.get((application.person_id, post.position_id))
            if term is not None:
                if term[1] is None:  # the roster's term: it now names the post that started it
                    term[1] = named[term[0]] = post.pk
            else:
                ending.add(application.person_id)
                promoted = is_promotion(application)
                new_terms.append(
                    Term(
                        person_id=application.person_id,
                        position_id=post.position_id,
                        unit_id=post.unit_id,
                        post=post,
                        origin=Term.Origin.IMPORT,
                        start=decided_on,
                        end=_years_later(decided_on, TERM_YEARS),
                        probation_end=_years_later(decided_on, PROBATION_YEARS) if promoted else None,
                        status=Term.Status.PROBATION if promoted else Term.Status.SERVING,
                    )
                )
                already[(application.person_id, post.position_id)] = [None, post.pk]
            moved[application.person_id] = post
        for term, post in named.items():
            Term.objects.filter(pk=term, post__isnull=True).update(post=post)
        # Terms that started before the decision date: the new ones (starting on it) are not among them.
        for chunk in _chunks(ending, 5_000):
            Term.objects.filter(person_id__in=chunk, start__lt=decided_on, ended_on__isnull=True).update(
                ended_on=decided_on, status=Term.Status.ENDED, end_reason="new appointment"
            )
        self.summary.terms += len(Term.objects.bulk_create(new_terms, batch_size=BATCH))
        if not hasattr(self, "by_pk"):
            self.by_pk = {applicant.pk: applicant for applicant in self.people.values()}
        applicants = self.by_pk
        for person_id, post in moved.items():
            applicant = applicants[person_id]
            applicant.current_unit_id, applicant.current_position = post.unit_id, post.title
            applicant.leadership_level = LeadershipLevel.SECTION
        _move_people([(person_id, post.unit_id, post.title) for person_id, post in moved.items()])


def _move_people(moves):
    """Each appointee's situation becomes the post's: (person id, unit id, title). On PostgreSQL one UPDATE … FROM
    VALUES a thousand people at a time (bulk_update's CASE per row took a tenth of the import's time)."""
    level = LeadershipLevel.SECTION
    if connection.vendor != "postgresql":
        changed = [Person(pk=pk, current_unit_id=unit, current_position=title, leadership_level=level) for pk, unit, title in moves]
        Person.objects.bulk_update(changed, ["current_unit", "current_position", "leadership_level"], batch_size=500)
        return
    table = connection.ops.quote_name(Person._meta.db_table)
    for chunk in _chunks(moves, 1_000):
        values = ", ".join(["(%s, %s, %s)"] * len(chunk))
        with connection.cursor() as cursor:
            cursor.execute(
                f"UPDATE {table} AS p SET current_unit_id = v.unit, current_position = v.title, leadership_level = %s "
                f"FROM (VALUES {values}) AS v(id, unit, title) WHERE p.id = v.id",
                [level, *(value for move in chunk for value in move)],
            )
