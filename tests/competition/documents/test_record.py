"""The selection record (纪实) of a post taken through to appointment: every step's facts in workflow order, for the
office and the post's unit secretary only, audited, and never the objector's identity."""

import datetime

import pytest
from django.urls import reverse

from audit.models import AuditEvent
from competition.documents.record import selection_record
from competition.models import (
    Examiner,
    FileReviewItem,
    Inspection,
    InterviewSession,
    Objection,
    Post,
    Publicity,
    Recusal,
)
from competition.publicity import services as publicity
from tests.competition.stages import decide, published
from tests.factories import CandidateUserFactory

pytestmark = pytest.mark.django_db

OBJECTOR, OBJECTOR_PHONE, OBJECTION_TEXT = "赵举报", "13912345678", "反映其档案年龄有误的具体情况"


@pytest.fixture
def appointed(unit, office, secretary):
    """A post through every step to appointment, with an interview session (examiner, recusal, draw seed) and an
    objection investigated and not substantiated during its publicity."""
    post, notice = published(unit, office, secretary)
    applications = list(post.applications.order_by("pk"))
    session = InterviewSession.objects.create(
        campaign=post.campaign, name="第一考场", venue="区委党校", draw_seed="seed-4711", date=datetime.date(2026, 5, 2)
    )
    session.posts.add(post)
    examiner = Examiner.objects.create(name="考官甲")
    other = Examiner.objects.create(name="考官乙")
    session.examiners.add(examiner, other)
    Recusal.objects.create(session=session, examiner=other, application=applications[1], reason="同一科室")
    objection = publicity.objection_file(
        publicity_id=notice.pk, name=OBJECTOR, contact=OBJECTOR_PHONE, text=OBJECTION_TEXT
    )
    publicity.objection_investigate(
        objection_id=objection.pk, investigation="经核实档案无误", result=Objection.Result.UNSUBSTANTIATED, by=office
    )
    publicity.publicity_end_due(today=notice.end_date + datetime.timedelta(days=1))
    post.refresh_from_db()
    decide(post, office, present_agree=5, present_disagree=1, absent=1)
    post.refresh_from_db()
    assert post.status == Post.Status.APPOINTED
    return post


def _section(record, key):
    return next(s for s in record["sections"] if s["key"] == key)


def _text(section):
    parts = [f["label"] + " " + f["value"] for f in section["facts"]]
    for table in section["tables"]:
        parts += [table["caption"], *table["headers"], *(cell for row in table["rows"] for cell in row)]
    return "\n".join(parts)


def test_the_record_has_each_steps_facts_in_workflow_order(appointed):
    record = selection_record(appointed)
    assert [s["key"] for s in record["sections"]] == [
        "campaign", "release", "registration", "interview", "evaluation", "inspection", "publicity", "decision",
        "substitutions",
    ]
    assert appointed.campaign.name in _text(_section(record, "campaign"))
    release = _section(record, "release")
    log = release["tables"][0]["rows"]
    assert len(log) == appointed_log_count(appointed) and log[-1][2] == str(Post.Status.APPOINTED.label)
    chosen = Publicity.objects.get(post=appointed).application
    name = chosen.person.name
    assert name in _text(_section(record, "registration"))
    interview = _text(_section(record, "interview"))
    assert "第一考场" in interview and "seed-4711" in interview and "考官乙" in interview and "同一科室" in interview
    evaluation = _section(record, "evaluation")
    facts = {f["label"]: f["value"] for f in evaluation["facts"]}
    assert "3" in facts.values()  # three ballots cast of three called
    assert [row[0] for row in evaluation["tables"][0]["rows"]][:1] == [name]
    inspection = _text(_section(record, "inspection"))
    assert "考察组甲" in inspection and "群众基础好" in inspection and "25" in inspection
    # The notice, and each candidate's checklist: the file review's items, the integrity opinion and the report check.
    assert "电话：12380" in inspection and "区纪委监委" in inspection
    assert str(FileReviewItem.Item.PARTY_DATE.label) in inspection and str(Inspection.Conclusion.PASS.label) in inspection
    assert str(Inspection.PersonalMatters.CONSISTENT.label) in inspection
    publicity_text = _text(_section(record, "publicity"))
    objection = Objection.objects.get(publicity__post=appointed)
    assert objection.reference in publicity_text and "经核实档案无误" in publicity_text
    assert str(Objection.Result.UNSUBSTANTIATED.label) in publicity_text
    decision = _section(record, "decision")
    assert decision["tables"][0]["rows"][0][0] == name and "5" in decision["tables"][0]["rows"][0]
    assert len(decision["tables"][1]["rows"]) == 7  # every seat: attendance and vote
    outcome = _text(_section(record, "substitutions"))
    assert str(chosen.Outcome.APPOINTED.label) in outcome


def appointed_log_count(post):
    from competition.progress import post_log

    return post_log(post).count()


def test_the_objectors_identity_never_appears(client, appointed, office):
    record = selection_record(appointed)
    flat = repr(record)
    for secret in (OBJECTOR, OBJECTOR_PHONE, OBJECTION_TEXT):
        assert secret not in flat
    client.force_login(office)
    page = client.get(reverse("documents:post_record", args=[appointed.pk])).content.decode()
    for secret in (OBJECTOR, OBJECTOR_PHONE, OBJECTION_TEXT):
        assert secret not in page


def test_the_record_page_is_the_offices_and_the_units_secretarys_only_and_audited(
    client, appointed, office, secretary, other_secretary
):
    url = reverse("documents:post_record", args=[appointed.pk])
    assert client.get(url).status_code == 302
    candidate = appointed.applications.first().person.user or CandidateUserFactory()
    for user, status in ((CandidateUserFactory(), 403), (candidate, 403), (other_secretary, 404)):
        client.force_login(user)
        assert client.get(url).status_code == status
        assert not AuditEvent.objects.filter(actor=user, kind=AuditEvent.Kind.PERSONAL_DATA_DOWNLOAD).exists()
    for user in (secretary, office):
        client.force_login(user)
        response = client.get(url)
        assert response.status_code == 200
        assert "群众基础好" in response.content.decode()
        assert AuditEvent.objects.filter(
            actor=user, kind=AuditEvent.Kind.PERSONAL_DATA_DOWNLOAD, detail__download="selection record"
        ).count() == 1


def test_the_post_page_links_the_record(client, appointed, secretary):
    client.force_login(secretary)
    page = client.get(reverse("competition:post_detail", args=[appointed.pk])).content.decode()
    assert reverse("documents:post_record", args=[appointed.pk]) in page


def test_the_word_record_has_the_sections_and_facts_and_is_audited(client, appointed, office, other_secretary):
    from urllib.parse import unquote

    from tests.competition.documents.docx_text import open_docx, text_of

    url = reverse("documents:post_record_docx", args=[appointed.pk])
    client.force_login(other_secretary)
    assert client.get(url).status_code == 404
    client.force_login(CandidateUserFactory())
    assert client.get(url).status_code == 403
    client.force_login(office)
    response = client.get(url)
    assert response.status_code == 200
    disposition = unquote(response["Content-Disposition"])
    for part in ("选拔纪实", appointed.campaign.name, appointed.unit.name, appointed.title, ".docx"):
        assert part in disposition, part
    paragraphs = [p.text for p in open_docx(response.content).paragraphs]
    record = selection_record(appointed)
    titles = [f"{n}. {s['title']}" for n, s in enumerate(record["sections"], 1)]
    assert [p for p in paragraphs if p in titles] == titles  # every section, in workflow order
    text = text_of(response.content)
    objection = Objection.objects.get(publicity__post=appointed)
    for fact in ("seed-4711", "同一科室", "群众基础好", objection.reference, "经核实档案无误", appointed.campaign.name):
        assert fact in text, fact
    for secret in (OBJECTOR, OBJECTOR_PHONE, OBJECTION_TEXT):
        assert secret not in text
    assert AuditEvent.objects.filter(
        actor=office, kind=AuditEvent.Kind.PERSONAL_DATA_DOWNLOAD, detail__download="selection record (Word)"
    ).count() == 1


def test_the_sample_has_exactly_the_fields_of_the_real_context(appointed):
    from competition.documents import contexts, kinds

    real = contexts.selection_record_context(selection_record(appointed))
    sample = kinds.KINDS[kinds.SELECTION_RECORD].sample()
    assert set(real) == set(sample) and set(real["issuer"]) == set(sample["issuer"])
    assert set(real["sections"][0]) == set(sample["sections"][0])
    assert set(real["sections"][1]["tables"][0]) == set(sample["sections"][0]["tables"][0])


def test_the_persons_history_shows_each_campaigns_outcome_with_its_date_and_record(client, appointed, office):
    chosen = Publicity.objects.get(post=appointed).application
    assert chosen.outcome == chosen.Outcome.APPOINTED and chosen.outcome_on
    client.force_login(office)
    page = client.get(reverse("registration:person_history", args=[chosen.person_id])).content.decode()
    appointed_label = str(chosen.Outcome.APPOINTED.label)
    row = page[page.index(appointed.campaign.name):]
    row = row[: row.index("</tr>")]
    assert appointed_label in row and chosen.outcome_on.isoformat() in row
    assert reverse("documents:post_record", args=[appointed.pk]) in row
