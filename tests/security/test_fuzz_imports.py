"""Hypothesis over every import: the archive import (service, command and upload page), the interview score
sheet import, and the other uploads (candidate photo, inspection report).

Whatever the file (random sheets, headers, cells of any type, formulas, huge numbers, dates as text, unicode,
damaged XML, bytes that are no workbook at all), the import either succeeds or reports its errors cleanly
(sheet, row and column named) and writes nothing; no exception escapes, no page answers 500.
"""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.db import transaction
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from competition.interviews import services as interviews
from competition.models import Score
from reports.importer import SHEETS, ArchiveInvalid, import_archive
from tests.reports.archive import upload
from tests.security.fuzzing import (
    CELL_VALUES,
    NOT_WORKBOOKS,
    SHEET_XML,
    assert_unchanged,
    broken_xml_workbook,
    mangle,
    raw_cell_xml,
    snapshot,
    workbook_bytes,
)

FUZZ = settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large]
)


class Rollback(Exception):
    """Undo one example's writes so the next example starts from the same database."""


def in_savepoint(check):
    try:
        with transaction.atomic():
            check()
            raise Rollback
    except Rollback:
        pass


@pytest.fixture(autouse=True)
def _fast_passwords(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


# --- The archive ---

def archive_sheet(name):
    """A sheet of the archive: its real header (sometimes missing a column, shuffled or with extras) or a random one."""
    columns = SHEETS[name]
    header = st.one_of(
        st.just(columns),
        st.permutations(columns),
        st.lists(st.sampled_from(columns), max_size=len(columns)),
        st.lists(CELL_VALUES, max_size=6),
    )
    rows = st.lists(st.lists(CELL_VALUES, max_size=len(columns) + 2), max_size=5)
    return st.tuples(st.just(name), header, rows).map(lambda t: (t[0], [t[1], *t[2]]))


ARCHIVES = st.lists(
    st.one_of(st.sampled_from(list(SHEETS)).flatmap(archive_sheet), st.tuples(st.text(max_size=10), st.lists(st.lists(CELL_VALUES, max_size=4), max_size=3))),
    max_size=6,
).map(workbook_bytes)


def check_archive(data):
    """Import ``data``: success, or ArchiveInvalid with located issues and nothing written."""
    before = snapshot()
    try:
        with transaction.atomic():
            import_archive(io.BytesIO(data))
            raise Rollback
    except ArchiveInvalid as error:
        assert error.issues
        for issue in error.issues:
            assert issue.sheet and issue.column and issue.row is not None and issue.message
        assert_unchanged(before, snapshot())
    except Rollback:
        pass


@pytest.mark.django_db
def test_random_workbooks_import_or_report_located_errors_and_write_nothing(unit):
    @FUZZ
    @given(data=ARCHIVES)
    def run(data):
        check_archive(data)

    run()


@pytest.mark.django_db
def test_files_that_are_not_workbooks_are_refused_cleanly(unit):
    @FUZZ
    @given(data=st.one_of(NOT_WORKBOOKS, st.tuples(ARCHIVES, st.lists(st.tuples(st.integers(0, 3000), st.integers(0, 255)), min_size=1, max_size=5)).map(lambda t: mangle(*t)), ARCHIVES.map(lambda d: d[: len(d) // 2])))
    def run(data):
        check_archive(data)

    run()


RAW_CELLS = st.tuples(
    st.sampled_from(["1E400", "-1E400", "NaN", "inf", "99999999999999999999", "0.5", "abc", "-1", "2004-13-45", ""]),
    st.sampled_from(["", "n", "s", "b", "d", "e", "str", "inlineStr"]),
)


@pytest.mark.django_db
def test_cells_openpyxl_never_writes_are_refused_cleanly(unit):
    """Cells a hand-edited or foreign file may hold: overflowing numbers, bad shared-string indexes, bad dates."""

    @FUZZ
    @given(cells=st.lists(RAW_CELLS, min_size=1, max_size=3))
    def run(cells):
        rows = "".join(f'<row r="{n}">{raw_cell_xml(v, k).replace("A1", f"A{n}")}</row>' for n, (v, k) in enumerate(cells, 1))
        check_archive(broken_xml_workbook(SHEET_XML.format(rows=rows).encode()).replace(b"Sheet", "单位".encode()))

    run()


def test_a_date_cell_holding_a_time_of_day_is_an_error_not_a_crash(db):
    """Regression: 0.5 in a date column is an Excel time (12:00), not a date; it crashed with AttributeError."""
    data = workbook_bytes([("竞岗", [SHEETS["竞岗"], ["2004年竞岗", "统一", 0.5, None]])])
    with pytest.raises(ArchiveInvalid) as raised:
        import_archive(io.BytesIO(data))
    assert [(i.sheet, i.row, i.column) for i in raised.value.issues] == [("竞岗", 2, "开始日期")]


def test_text_longer_than_its_column_is_an_error_not_a_database_crash(db):
    """Regression: a unit name of 101 characters reached the database (DataError on PostgreSQL)."""
    data = workbook_bytes([("单位", [SHEETS["单位"], ["镇" * 101, "镇", 3]])])
    with pytest.raises(ArchiveInvalid) as raised:
        import_archive(io.BytesIO(data))
    assert [(i.sheet, i.row, i.column) for i in raised.value.issues] == [("单位", 2, "单位名称")]


def test_a_damaged_cell_inside_a_sheet_is_an_error_not_a_crash(db):
    """Regression: openpyxl raised while reading rows (a shared string index out of range): it escaped as a 500."""
    xml = SHEET_XML.format(rows='<row r="1"><c r="A1" t="s"><v>99</v></c></row>').encode()
    data = broken_xml_workbook(xml).replace(b"Sheet", "单位".encode())
    with pytest.raises(ArchiveInvalid):
        import_archive(io.BytesIO(data))


def without_jobs(digests):
    from reports.models import ImportJob

    return {table: digest for table, digest in digests.items() if table != ImportJob._meta.db_table}


@pytest.mark.django_db
def test_the_upload_page_never_answers_500(client, office):
    client.force_login(office)
    url = reverse("reports:import")

    @settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(data=st.one_of(ARCHIVES, NOT_WORKBOOKS), name=st.sampled_from(["a.xlsx", "a.XLSX", "a.csv", "", "../../x.xlsx", "名单.xlsx"]))
    def run(data, name):
        def check():
            # The job row is the upload's record, as the audit's (reports.import_jobs): everything else must stay.
            before = without_jobs(snapshot())
            if not name:
                response = client.post(url, {"file": ""})
            else:  # the upload, then its job's page once the import task (eager) has run
                response = upload(client, SimpleUploadedFile(name, data))
            assert response.status_code == 200
            job = response.context.get("job")
            if response.context["form"].errors or job.status == "refused":
                assert_unchanged(before, without_jobs(snapshot()))
            else:
                assert job.status == "done", job.status

        in_savepoint(check)

    run()


@pytest.mark.django_db
def test_the_command_reports_errors_without_a_traceback(tmp_path, unit):
    @settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(data=st.one_of(ARCHIVES, NOT_WORKBOOKS))
    def run(data):
        path = tmp_path / "archive.xlsx"
        path.write_bytes(data)

        def check():
            before = snapshot()
            try:
                call_command("import_archive", str(path), stdout=io.StringIO(), stderr=io.StringIO())
            except CommandError:
                assert_unchanged(before, snapshot())

        in_savepoint(check)

    run()


# --- The interview score sheet ---

def sheet_rows(examiner_ids, application_ids):
    """A score sheet: the right header mostly, with random ids and cells of any type."""
    ids = st.one_of(st.sampled_from(application_ids), CELL_VALUES)
    score = st.one_of(st.integers(0, 100), st.sampled_from(["85.5", "100.001", "-1", "1e2", "NaN", "Infinity", "1E+400", " 90 "]), CELL_VALUES)
    header = st.one_of(
        st.just(["次序", "报名号", "考生", "职位"] + [f"#{e} x" for e in examiner_ids]),
        st.lists(st.one_of(st.sampled_from([f"#{e}" for e in examiner_ids] + ["#0", "#99999999999999999999", "#"]), CELL_VALUES), max_size=8),
    )
    row = st.tuples(CELL_VALUES, ids, CELL_VALUES, CELL_VALUES, st.lists(score, max_size=len(examiner_ids) + 1)).map(
        lambda t: [t[0], t[1], t[2], t[3], *t[4]]
    )
    return st.tuples(header, st.lists(row, max_size=5)).map(lambda t: [("scores", [t[0], *t[1]])]).map(workbook_bytes)


@pytest.fixture
def paper_session(office, campaign, unit):
    from competition.models import Examiner, Post
    from tests.factories import post_in_state

    post = post_in_state(Post.Status.INTERVIEW, unit=unit, campaign=campaign)
    examiners = [Examiner.objects.create(name=f"考官{i}") for i in range(5)]
    session = interviews.session_create(campaign=campaign, name="纸质场", posts=[post], by=office)
    interviews.session_set_examiners(session_id=session.pk, examiner_ids=[e.pk for e in examiners], by=office)
    interviews.session_draw(session_id=session.pk, by=office)
    interviews.session_start(session_id=session.pk, by=office)
    return session


@pytest.mark.django_db
def test_score_sheets_import_or_refuse_with_located_errors_never_a_500(client, office, paper_session):
    client.force_login(office)
    url = reverse("interviews:session_import", args=[paper_session.pk])
    examiner_ids = list(paper_session.examiners.values_list("pk", flat=True))
    application_ids = list(paper_session.slots.values_list("application_id", flat=True))

    @FUZZ
    @given(data=st.one_of(sheet_rows(examiner_ids, application_ids), NOT_WORKBOOKS))
    def run(data):
        def check():
            before = snapshot()
            response = client.post(url, {"sheet": SimpleUploadedFile("scores.xlsx", data)})
            assert response.status_code in (302, 400)
            if response.status_code == 400:
                assert_unchanged(before, snapshot())
                for error in response.context["errors"]:
                    assert error.message
            else:
                assert Score.objects.filter(session=paper_session).count() > 0

        in_savepoint(check)

    run()


def test_an_overflowing_number_in_the_application_column_is_an_error_not_a_crash(db, client, office, paper_session):
    """Regression: 1E400 is read as infinity and int(inf) raised OverflowError (a 500)."""
    client.force_login(office)
    xml = SHEET_XML.format(rows='<row r="1"><c r="A1" t="str"><v>x</v></c></row><row r="2"><c r="B2"><v>1E400</v></c></row>')
    data = broken_xml_workbook(xml.encode())
    response = client.post(reverse("interviews:session_import", args=[paper_session.pk]), {"sheet": SimpleUploadedFile("s.xlsx", data)})
    assert response.status_code == 400
    assert not Score.objects.exists()


# --- The other uploads ---

@pytest.mark.django_db
def test_random_photos_never_crash_the_profile(client, candidate):
    client.force_login(candidate)
    url = reverse("registration:profile")
    form = {"name": "张三", "id_number": candidate.person.id_number, "phone": "13800000000", "email": "a@example.com",
            "current_unit_other": "外区", "grade": "clerk_1", "education": "bachelor", "declaration": "on"}

    @settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(data=st.one_of(NOT_WORKBOOKS, st.binary(max_size=64).map(lambda b: b"\xff\xd8\xff" + b), st.binary(max_size=64).map(lambda b: b"\x89PNG\r\n\x1a\n" + b)),
           name=st.sampled_from(["a.jpg", "a.png", "a.exe", "照片.jpeg", "x"]))
    def run(data, name):
        def check():
            response = client.post(url, {**form, "photo_upload": SimpleUploadedFile(name, data)})
            assert response.status_code in (200, 302)

        in_savepoint(check)

    run()
