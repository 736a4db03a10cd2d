"""Issue 21.2, the 2019 reform (公务员职务与职级并行规定): a person's standing is two things, the leadership level of
the post held (乡科级正职, 乡科级副职) and the grade (职级: 一级至四级主任科员, 一级科员, 二级科员). Requirements and
the pre-check ask either; the statistics read them; the archive keeps its columns (现职级 科员 / 副科级 / 正科级 and
是否领导职务), read into them; the migration reads the old ranks the same way."""

import datetime
import io

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.urls import reverse
from django.utils import translation

from competition.models import Grade, LeadershipLevel, Person, Post
from competition.models.people import from_archive_rank, standing
from reports.importer import import_archive
from reports.statistics import promoted_from_grade_label
from tests.factories import PersonFactory, post_in_state
from tests.reports.archive import workbook_bytes
from tests.reports.test_importer import valid_sheets

pytestmark = pytest.mark.django_db


def test_the_archives_rank_and_leadership_read_as_a_level_or_a_grade():
    assert from_archive_rank("section", True) == ("section", "")
    assert from_archive_rank("deputy_section", True) == ("deputy_section", "")
    assert from_archive_rank("section", False) == ("", "principal_2")
    assert from_archive_rank("deputy_section", False) == ("", "principal_4")
    assert from_archive_rank("staff", False) == ("", "clerk_1")
    assert from_archive_rank("staff", True) == ("", "clerk_1")
    # The grades stand where the ranks they replaced stood.
    assert [standing("", g) for g in ("clerk_2", "clerk_1", "principal_4", "principal_3", "principal_2", "principal_1")] == [
        1, 1, 2, 2, 3, 3]  # fmt: skip
    assert (standing("deputy_section", ""), standing("section", "principal_4")) == (2, 3)


def test_the_import_keeps_its_columns_and_values_and_reads_them_into_levels_and_grades():
    sheets = valid_sheets()
    sheets["人员"].append(
        [_id(datetime.date(1982, 1, 1), 3), "王五", "男", datetime.date(1982, 1, 1), "本科", "罗店镇", "主任科员", "正科级", "否"]
    )
    sheets["人员"].append(
        [_id(datetime.date(1990, 1, 1), 5), "赵六", "男", datetime.date(1990, 1, 1), "本科", "罗店镇", "科员", "科员", "否"]
    )
    import_archive(workbook_bytes(sheets))
    by_name = {p.name: (p.leadership_level, p.grade) for p in Person.objects.all()}
    # 张三 applied as 副科级 leader and was appointed (now section chief); 李四 a 正科级 leader; 王五 a 正科级
    # non-leader; 赵六 a 科员.
    assert by_name == {"张三": ("section", ""), "李四": ("section", ""), "王五": ("", "principal_2"), "赵六": ("", "clerk_1")}
    appointed = Person.objects.get(name="张三").applications.get()
    assert (appointed.applicant_leadership_level, appointed.applicant_grade) == ("deputy_section", "")


def _id(birth, serial):
    from competition.registration.idcard import check_character

    body = f"110105{birth:%Y%m%d}{serial:03d}"
    return body + check_character(body)


def test_the_board_and_the_refusal_state_the_standing_required_in_the_reformed_words(client, settings, candidate):
    settings.LANGUAGE_CODE = "zh-hans"
    post = post_in_state(
        Post.Status.REGISTRATION, min_leadership_level=LeadershipLevel.DEPUTY_SECTION, min_grade=Grade.PRINCIPAL_4
    )
    page = client.get(reverse("registration:board_post", args=[post.pk]), HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()
    assert "乡科级副职及以上职务层次，或四级主任科员及以上职级" in page
    from competition.registration.selectors import describe_failure
    from competition.registration.services import precheck

    clerk = PersonFactory.build(leadership_level="", grade=Grade.CLERK_1, rank_since=datetime.date(2010, 1, 1))
    (failure,) = [f for f in precheck(clerk, post, datetime.date(2026, 12, 1)) if f["item"] == "rank"]
    with translation.override("zh-hans"):
        assert describe_failure(failure) == (
            "现职务层次或职级为“一级科员”；该职位要求乡科级副职及以上职务层次，或四级主任科员及以上职级。"
        )


def test_non_leadership_is_the_label_of_archived_campaigns_only():
    with translation.override("zh-hans"):
        assert promoted_from_grade_label({"campaign": {"start_date": "2004-11-01"}}) == "由非领导职务提拔"
        assert promoted_from_grade_label({"campaign": {"start_date": "2026-03-01"}}) == "由职级公务员提拔"


def test_a_grade_holder_appointed_to_a_section_chief_post_takes_its_leadership_level():
    from tenure.services import is_promotion, term_start_on_appointment
    from tests.factories import ApplicationFactory

    post = post_in_state(Post.Status.DECISION)
    person = PersonFactory(leadership_level="", grade=Grade.PRINCIPAL_2, rank_since=datetime.date(2020, 1, 1))
    application = ApplicationFactory(post=post, person=person)
    term_start_on_appointment(application=application, starts_on=datetime.date(2026, 12, 1))
    person.refresh_from_db()
    application.refresh_from_db()
    assert (person.leadership_level, person.grade, person.rank_since) == (
        "section", Grade.PRINCIPAL_2, datetime.date(2026, 12, 1))  # fmt: skip
    # Taking a leadership post from a grade is a promotion (提拔); the application keeps the grade it was made with.
    assert is_promotion(application) and application.applicant_grade == Grade.PRINCIPAL_2


def _migrate_to(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets or executor.loader.graph.leaf_nodes())
    return executor


@pytest.mark.django_db(transaction=True)
def test_the_migration_reads_the_old_ranks_into_levels_and_grades():
    old = [("competition", "0024_interview_log_in_words_and_partly_upheld_objections"), ("tenure", "0002_probation_assessment")]
    try:
        apps = _migrate_to(old).loader.project_state(old).apps
        _old_rows(apps)
    finally:
        _migrate_to(None)
    by_name = dict(Person.objects.values_list("name", "leadership_level"))
    grades = dict(Person.objects.values_list("name", "grade"))
    assert [(by_name[f"人员{n}"], grades[f"人员{n}"]) for n in range(6)] == [
        ("section", ""), ("deputy_section", ""), ("", "principal_4"), ("", "principal_2"), ("", "clerk_1"), ("", "")]  # fmt: skip
    minimums = {p.title: (p.min_leadership_level, p.min_grade) for p in Post.objects.all()}
    assert minimums == {"职位staff": ("deputy_section", "clerk_2"), "职位deputy_section": ("deputy_section", "principal_4"),
                        "职位section": ("section", "principal_2")}  # fmt: skip
    application = Post.objects.get(title="职位section").applications.get()
    assert (application.applicant_leadership_level, application.applicant_grade) == ("", "principal_4")


def _old_rows(apps):
    """People, posts and an application as they were written before the reform's fields."""
    OldPerson, OldPost = apps.get_model("competition", "Person"), apps.get_model("competition", "Post")
    OldApplication, Round = apps.get_model("competition", "Application"), apps.get_model("competition", "Round")
    Unit, Campaign, Position = (apps.get_model("competition", m) for m in ("Unit", "Campaign", "Position"))
    unit = Unit.objects.create(name="罗店镇", kind="town", leadership_quota=8)
    campaign = Campaign.objects.create(name="2004年统一竞岗", kind="unified", start_date=datetime.date(2004, 11, 1))
    round_ = Round.objects.create(
        campaign=campaign, number=1, registration_opens=datetime.datetime(2004, 11, 1, tzinfo=datetime.UTC),
        registration_closes=datetime.datetime(2004, 11, 10, tzinfo=datetime.UTC),
    )  # fmt: skip
    position = Position.objects.create(unit=unit, title="综治办主任", level="section")
    people = []
    for n, (rank, leader) in enumerate([("section", True), ("deputy_section", True), ("deputy_section", False),
                                         ("section", False), ("staff", False), ("none", False)]):  # fmt: skip
        people.append(OldPerson.objects.create(
            name=f"人员{n}", id_number_sealed="x", id_number_hash=f"h{n}", sex="M", birth_date=datetime.date(1980, 1, 1),
            education="bachelor", rank=rank, is_leadership=leader,
        ))  # fmt: skip
    posts = {
        rank: OldPost.objects.create(
            campaign=campaign, unit=unit, position=position, title=f"职位{rank}", min_rank=rank, round=round_
        )
        for rank in ("staff", "deputy_section", "section")
    }
    OldApplication.objects.create(
        post=posts["section"], round=round_, person=people[2], applicant_rank="deputy_section",
        applicant_is_leadership=False,
    )  # fmt: skip


def test_the_seed_archive_still_gives_the_seed_figures_through_levels_and_grades():
    from competition.models import Application, Campaign
    from reports.sample import seed_like_archive
    from reports.statistics import campaign_statistics

    data, _expected = seed_like_archive()
    import_archive(io.BytesIO(data))
    stats = campaign_statistics(Campaign.objects.get(name="2004年统一竞岗"))
    a = stats["appointees"]
    assert (a["promoted"], a["promoted_from_deputy"], a["promoted_from_non_leadership"], a["exceptional_promotions"]) == (36, 16, 19, 1)
    appointed = Application.objects.filter(outcome="appointed")
    assert appointed.filter(applicant_leadership_level="section").count() == 28
    assert appointed.filter(applicant_leadership_level="", applicant_grade__in=["principal_4", "principal_2"]).count() == 19
