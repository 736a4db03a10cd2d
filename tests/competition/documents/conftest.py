import datetime
import io

import pytest
from django.core.files.base import ContentFile
from PIL import Image

from competition.models import Post
from tests.competition.stages import decide, published
from tests.factories import ApplicationFactory, post_in_state


def png() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (60, 80), (200, 30, 30)).save(out, "PNG")
    return out.getvalue()


def fill_profile(person):
    """The particulars the approval form asks, as a personnel file gives them."""
    person.name = "王小明"
    person.ethnicity = "汉族"
    person.native_place = "江苏南通"
    person.birthplace = "上海宝山"
    person.health = "健康"
    person.professional_title = "经济师"
    person.fulltime_education = "bachelor"
    person.fulltime_degree = "法学学士"
    person.fulltime_school = "华东政法大学法律系法学专业"
    person.inservice_education = "master"
    person.inservice_degree = "公共管理硕士"
    person.inservice_school = "复旦大学公共管理专业"
    person.political_status = "party_member"
    person.political_status_since = datetime.date(2006, 6, 1)
    person.work_started = datetime.date(2008, 7, 1)
    person.rewards_penalties = "2021年度获区优秀公务员称号"
    person.annual_assessments = "2023年度称职，2024年度优秀，2025年度称职"
    person.photo.save("p.png", ContentFile(png()), save=False)
    person.save()
    person.work_history.create(start=datetime.date(2008, 7, 1), end=datetime.date(2015, 3, 1),
                               organisation="罗店镇", position="科员")
    person.family.create(relation="妻子", name="李晓红", birth_date=datetime.date(1988, 5, 1),
                         political_status="party_member", work="罗店中学教师")
    return person


@pytest.fixture
def application(unit, candidate):
    """The candidate's application to a post of ``unit``, with a full profile."""
    fill_profile(candidate.person)
    post = post_in_state(Post.Status.REGISTRATION, unit=unit)
    return ApplicationFactory(post=post, person=candidate.person, statement="我的竞岗理由")


@pytest.fixture
def decided(unit, office, secretary):
    """A post through publicity and the committee's decision (passed), its candidate's profile filled."""
    post, notice = published(unit, office, secretary)
    fill_profile(notice.application.person)
    import datetime as _dt

    from competition.publicity import services as publicity

    publicity.publicity_end_due(today=notice.end_date + _dt.timedelta(days=1))
    post.refresh_from_db()
    decision = decide(post, office, present_agree=5, present_disagree=1, absent=1)
    return decision
