"""The pre-check is pure: unsaved model instances are enough.

The standing required (the 2019 reform): a leadership level or a grade at the minimum or above, either qualifying."""

import datetime

from competition.models import Education, Grade, LeadershipLevel, Person, Post
from competition.registration.selectors import describe_failure
from competition.registration.services import precheck

DEADLINE = datetime.date(2026, 12, 1)


def person(**kwargs):
    values = dict(birth_date=datetime.date(1981, 12, 1), education=Education.BACHELOR,
                  leadership_level=LeadershipLevel.DEPUTY_SECTION, grade="", rank_since=datetime.date(2023, 12, 1))
    values.update(kwargs)
    return Person(**values)


def post(**kwargs):
    values = dict(max_age=45, min_education=Education.BACHELOR, min_years_in_rank=3,
                  min_leadership_level=LeadershipLevel.DEPUTY_SECTION, min_grade=Grade.PRINCIPAL_4)
    values.update(kwargs)
    return Post(**values)


def items(failures):
    return [f["item"] for f in failures]


def test_a_person_meeting_every_requirement_on_the_deadline_passes():
    # 45 on the deadline day itself, three full years in rank that day.
    assert precheck(person(), post(), DEADLINE) == []


def test_age_is_measured_at_the_registration_deadline():
    # 46 on the deadline day: too old; one day younger is still 45.
    assert items(precheck(person(birth_date=datetime.date(1980, 12, 1)), post(), DEADLINE)) == ["age"]
    assert precheck(person(birth_date=datetime.date(1980, 12, 2)), post(), DEADLINE) == []


def test_lower_education_fails_and_higher_passes():
    assert items(precheck(person(education=Education.JUNIOR_COLLEGE), post(), DEADLINE)) == ["education"]
    assert precheck(person(education=Education.DOCTORATE), post(), DEADLINE) == []


def test_a_lower_rank_fails():
    assert items(precheck(person(leadership_level="", grade=Grade.CLERK_1), post(), DEADLINE)) == ["rank"]


def test_either_a_leadership_level_or_a_grade_meets_the_standing_required():
    by_grade = person(leadership_level="", grade=Grade.PRINCIPAL_4)
    assert precheck(by_grade, post(), DEADLINE) == []
    assert precheck(person(leadership_level="", grade=Grade.PRINCIPAL_1), post(), DEADLINE) == []
    # A post that asks a section chief's level, or a second-grade principal staff member's grade.
    chief = post(min_leadership_level=LeadershipLevel.SECTION, min_grade=Grade.PRINCIPAL_2)
    assert items(precheck(person(), chief, DEADLINE)) == ["rank"] and items(precheck(by_grade, chief, DEADLINE)) == ["rank"]
    assert precheck(person(leadership_level="", grade=Grade.PRINCIPAL_2), chief, DEADLINE) == []
    # A post that asks only a leadership level: no grade meets it.
    leaders_only = post(min_grade="")
    assert items(precheck(person(leadership_level="", grade=Grade.PRINCIPAL_1), leaders_only, DEADLINE)) == ["rank"]
    # Nothing asked: anyone.
    assert precheck(person(leadership_level="", grade=""), post(min_leadership_level="", min_grade=""), DEADLINE) == []


def test_years_in_rank_count_to_the_deadline_and_a_higher_rank_meets_them():
    assert items(precheck(person(rank_since=datetime.date(2023, 12, 2)), post(), DEADLINE)) == ["years_in_rank"]
    assert precheck(
        person(leadership_level=LeadershipLevel.SECTION, rank_since=datetime.date(2026, 1, 1)), post(), DEADLINE
    ) == []
    assert precheck(person(leadership_level="", grade=Grade.PRINCIPAL_3, rank_since=datetime.date(2026, 1, 1)), post(), DEADLINE) == []
    assert items(precheck(person(leadership_level="", grade=Grade.PRINCIPAL_4, rank_since=datetime.date(2026, 1, 1)), post(), DEADLINE)) == ["years_in_rank"]


def test_an_unknown_rank_date_fails_when_years_are_required():
    failures = precheck(person(rank_since=None), post(), DEADLINE)
    assert items(failures) == ["years_in_rank"]
    assert "missing" in describe_failure(failures[0])


def test_every_failed_item_is_reported_with_a_reason():
    failures = precheck(
        person(birth_date=datetime.date(1970, 1, 1), education=Education.HIGH_SCHOOL, leadership_level="", grade=Grade.CLERK_2),
        post(),
        DEADLINE,
    )
    assert items(failures) == ["age", "education", "rank"]
    texts = [describe_failure(f) for f in failures]
    assert "56" in texts[0] and "45" in texts[0]
    assert "Junior college" not in texts[1] and "Bachelor" in texts[1]
    assert "Second-grade clerk" in texts[2] and "Township or section deputy or above" in texts[2]


def test_a_failure_recorded_before_the_2019_fields_still_reads():
    legacy = {"item": "rank", "required": "deputy_section", "actual": "staff"}
    assert describe_failure(legacy) == "Current rank “Staff member”; the post requires at least “Deputy section level”."


def test_no_maximum_age_means_no_age_check():
    assert precheck(person(birth_date=datetime.date(1960, 1, 1)), post(max_age=None), DEADLINE) == []


def test_a_post_requiring_party_membership_admits_full_members_only():
    from competition.models import PoliticalStatus

    requiring = post(party_member_required=True)
    assert precheck(person(political_status=PoliticalStatus.PARTY_MEMBER), requiring, DEADLINE) == []
    for status in (PoliticalStatus.PROBATIONARY_MEMBER, PoliticalStatus.LEAGUE_MEMBER, PoliticalStatus.MASSES, ""):
        [failure] = precheck(person(political_status=status), requiring, DEADLINE)
        assert failure["item"] == "party_membership"
        assert "CPC member" in describe_failure(failure)
    assert precheck(person(political_status=PoliticalStatus.MASSES), post(), DEADLINE) == []


def test_free_text_political_status_maps_to_the_choices():
    import importlib

    migration = importlib.import_module("competition.migrations.0002_political_status_choices_and_party_requirement")
    cases = {
        "中共党员": "party_member",
        "中共预备党员": "probationary_member",
        "预备党员": "probationary_member",
        "党员": "party_member",
        "共青团员": "league_member",
        "九三学社社员": "democratic_party",
        "民盟盟员": "democratic_party",
        "群众": "masses",
        "无党派人士": "masses",
        "party_member": "party_member",
        "不详": "",
        "": "",
    }
    assert {text: migration.status_of(text) for text in cases} == cases
