"""The site's wording in Chinese: 您 everywhere (Django's own messages included), Chinese model names in the admin
(the libraries' too), and no two admin entries of the same name (职位 is the standing Position, 竞岗职位 the Post).

Issue 21: the catalogue is complete (no fuzzy or empty entry), speaks as an organization department does (the
glossary in docs/glossary.md: the refused words below never appear), writes Chinese sentences with full-width
punctuation, as do the Chinese texts of the templates and the Word documents; Chinese pages write dates
2026年5月8日 and show no English in the interview log or the reappointment history."""

import ast
import datetime
import re
import zipfile
from pathlib import Path

import pytest
import time_machine
from django.contrib import admin
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext, pgettext

pytestmark = pytest.mark.django_db


def test_the_sign_up_page_says_nin_like_the_rest_of_the_site(client, settings):
    settings.LANGUAGE_CODE = "zh-hans"
    page = client.get(reverse("registration:sign_up"), HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()
    assert "您的密码" in page
    assert "你" not in page


def test_every_admin_model_has_a_chinese_name_and_no_two_share_one():
    with translation.override("zh-hans"):
        names = {model: str(model._meta.verbose_name_plural) for model in admin.site._registry}
    english = {model.__name__: name for model, name in names.items() if name.isascii()}
    assert english == {}
    by_name = {}
    for model, name in names.items():
        by_name.setdefault(name, []).append(model.__name__)
    assert {name: models for name, models in by_name.items() if len(models) > 1} == {}
    from competition.models import Position, Post

    assert (names[Position], names[Post]) == ("职位", "竞岗职位")


def test_the_evaluation_speaks_of_forms_and_persons_evaluated_never_of_votes_and_ballots():
    """Issue 21.7: 测评票, 测评对象, 参加测评; 选票 and 投票 are an election's words (the committee 表决s)."""
    from pathlib import Path

    catalogue = (Path(__file__).resolve().parents[1] / "locale/zh_Hans/LC_MESSAGES/django.po").read_text("utf-8")
    translations = "\n".join(block.split("msgstr", 1)[1] for block in catalogue.split("\n\n") if "msgstr" in block)
    assert "选票" not in translations and "投票" not in translations
    with translation.override("zh-hans"):
        from competition.models import EvaluationCandidate

        assert str(EvaluationCandidate._meta.verbose_name) == "测评对象"
        from competition.models import Ballot

        assert str(Ballot._meta.verbose_name) == "测评票"


ROOT = Path(__file__).resolve().parents[1]
CATALOGUE = ROOT / "locale/zh_Hans/LC_MESSAGES/django.po"
CJK = re.compile(r"[\u3000-\u303f\u4e00-\u9fff\uff00-\uffef]")


def catalogue_entries():
    """[(flags, msgctxt, msgid, [msgstr, ...])] of the catalogue, header left out."""
    entries = []
    for block in CATALOGUE.read_text("utf-8").split("\n\n"):
        flags, fields, field = "", {}, None
        for line in block.splitlines():
            if line.startswith("#,"):
                flags += line
            elif match := re.match(r'^(msgctxt|msgid|msgid_plural|msgstr(?:\[\d+\])?) (".*")$', line):
                field = match[1]
                fields[field] = ast.literal_eval(match[2])
            elif line.startswith('"') and field:
                fields[field] += ast.literal_eval(line)
        if fields.get("msgid"):
            strs = [value for key, value in fields.items() if key.startswith("msgstr")]
            entries.append((flags, fields.get("msgctxt"), fields["msgid"], strs))
    return entries


def half_width_in_chinese(text):
    """The half-width , ; : ? ! ( ) that touch a Chinese character or full-width sign (placeholders and tags aside):
    1:3 and 8:30 are not sentences' punctuation."""
    text = re.sub(r"<[^>]*>", "", re.sub(r"%\([^)]*\)[sd]", "0", text))
    found = []
    for match in re.finditer(r"[,;:?!()]", text):
        before, after = text[: match.start()].rstrip(), text[match.end() :].lstrip()
        if (before and CJK.match(before[-1])) or (after and CJK.match(after[0])):
            found.append(text[max(0, match.start() - 6) : match.end() + 6])
    return found


# The words the glossary refuses (docs/glossary.md), with the word to use instead.
REFUSED = {
    "选票": "测评票", "投票": "测评 / 表决", "公开招聘": "公开选拔", "竞岗失败": "本轮未产生人选",
    "作失败处理": "本轮未产生人选", "党委（组）": "党委（党组）", "党委(组)": "党委（党组）", "党委(党组)": "党委（党组）",
    "换届": "任期届满统一竞岗", "层级": "职务层次", "资格审查": "资格审核", "资格不符": "资格审核不合格",
    "资格审核通过": "资格审核合格", "竞岗批次": "竞岗活动", "查无实据": "反映问题不属实", "考察未通过": "考察不合格",
}  # fmt: skip


def test_the_catalogue_has_no_fuzzy_and_no_empty_entry():
    entries = catalogue_entries()
    assert len(entries) > 2000
    assert [msgid for flags, _ctx, msgid, _strs in entries if "fuzzy" in flags] == []
    assert [msgid for _flags, _ctx, msgid, strs in entries if not strs or not all(s.strip() for s in strs)] == []


def test_the_catalogue_refuses_the_words_the_glossary_refuses():
    found = {
        (word, msgid): REFUSED[word]
        for _flags, _ctx, msgid, strs in catalogue_entries()
        for word in REFUSED
        if any(word in s for s in strs)
    }
    assert found == {}


def test_chinese_sentences_of_the_catalogue_use_full_width_punctuation():
    found = {
        msgid: hits for _f, _c, msgid, strs in catalogue_entries() for s in strs if (hits := half_width_in_chinese(s))
    }
    assert found == {}


def test_the_check_finds_half_width_punctuation_and_leaves_ratios_alone():
    assert half_width_in_chinese("请填写理由, 然后提交") and half_width_in_chinese("计分规则(%(rules)s)不能修改")
    assert half_width_in_chinese("应到人数:5") and half_width_in_chinese("确定吗?")
    assert half_width_in_chinese("默认1:3；工作日上午8:30—11:30，按职位数1:%(r)s进入") == []


def _template_texts():
    """The literal text of every HTML template (tags, variables, comments and translated blocks left out) and of
    every Word document template, by file."""
    texts = {}
    for path in ROOT.glob("**/templates/**/*.html"):
        if ".venv" in path.parts or "node_modules" in path.parts:
            continue
        source = path.read_text("utf-8")
        source = re.sub(r"{%\s*blocktrans.*?endblocktrans\s*%}", " ", source, flags=re.S)
        texts[path] = re.sub(r"{%.*?%}|{{.*?}}|{#.*?#}|<[^>]*>", "\n", source, flags=re.S)
    for path in (ROOT / "competition/documents/templates").glob("*.docx"):
        with zipfile.ZipFile(path) as docx:
            xml = docx.read("word/document.xml").decode("utf-8")
        paragraphs = re.split(r"</w:p>", xml)
        texts[path] = "\n".join("".join(re.findall(r"<w:t[^>]*>([^<]*)</w:t>", p)) for p in paragraphs)
    return texts


def test_the_chinese_templates_use_full_width_punctuation_and_the_glossarys_words():
    texts = _template_texts()
    assert any(path.suffix == ".docx" for path in texts) and len(texts) > 100
    punctuation, words = {}, {}
    for path, text in texts.items():
        for line in text.splitlines():
            text_without_fields = re.sub(r"{{.*?}}|{%.*?%}", "", line)
            if CJK.search(text_without_fields) and (hits := half_width_in_chinese(text_without_fields)):
                punctuation.setdefault(path.name, []).extend(hits)
            words.update({(path.name, word): REFUSED[word] for word in REFUSED if word in line})
    assert punctuation == {} and words == {}


def test_shared_english_words_take_their_meaning_from_their_context():
    from competition.models import Examiner, FamilyMember, Inspection, Objection, Person, Post, Publicity, Unit
    from competition.models.registration import WorkHistoryEntry
    from tenure.models import Term

    def label(model, field):
        return str(model._meta.get_field(field).verbose_name)

    with translation.override("zh-hans"):
        assert [label(m, "name") for m in (Person, Examiner, FamilyMember)] == ["姓名"] * 3
        assert label(Unit, "name") == "名称" and label(Post, "title") == "职位名称"
        assert (label(Examiner, "title"), label(WorkHistoryEntry, "position")) == ("职务", "职务")
        assert (str(Publicity.Status.ENDED.label), str(Term.Status.ENDED.label)) == ("公示期满", "已届满")
        assert [str(c.label) for c in Inspection.Conclusion] == ["考察合格", "考察不合格"]
        assert [str(r.label) for r in Objection.Result][1:] == ["反映问题属实", "反映问题部分属实", "反映问题不属实"]
        assert str(Post.Status.FAILED.label).startswith("本轮未产生人选")
        assert (pgettext("posts", "Failed"), pgettext("export", "Failed"), pgettext("delivery", "Failed")) == (
            "本轮未产生人选", "导出失败", "发送失败")  # fmt: skip
        assert gettext("Term change") == "任期届满统一竞岗" and gettext("level") == "职务层次"


def test_dates_read_in_chinese_in_chinese_and_iso_in_english():
    from django.template import Context, Template

    from core import dates

    day, moment = datetime.date(2026, 5, 8), datetime.datetime(2026, 5, 8, 9, 30, tzinfo=datetime.UTC)
    page = Template('{{ d|date:"SHORT_DATE_FORMAT" }}|{{ m|date:"SHORT_DATETIME_FORMAT" }}|{{ d }}')
    with translation.override("zh-hans"):
        assert (dates.day(day), dates.moment(moment)) == ("2026年5月8日", "2026年5月8日 17:30")
        assert page.render(Context({"d": day, "m": moment})) == "2026年5月8日|2026年5月8日 17:30|2026年5月8日"
        assert (
            gettext("Committee decision of %(date)s.") % {"date": dates.day(day)}
            == "党委（党组）于2026年5月8日讨论决定。"
        )
    with translation.override("en"):
        assert (dates.day(day), dates.moment(moment)) == ("2026-05-08", "2026-05-08 17:30")


def _chinese_page(client, url):
    return client.get(url, HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()


def _visible_text(page):
    page = re.sub(r"<(script|style)\b.*?</\1>", " ", page, flags=re.S)
    return re.sub(r"<[^>]*>", " ", page)


@time_machine.travel(datetime.datetime(2026, 5, 8, 9, 0, tzinfo=datetime.UTC))
def test_the_interview_log_speaks_chinese_with_chinese_dates(client, settings, office, unit, campaign):
    from competition.interviews import services as interviews
    from competition.models import Post
    from tests.competition.interviews.conftest import make_examiner
    from tests.factories import post_in_state

    settings.LANGUAGE_CODE = "zh-hans"
    post = post_in_state(Post.Status.INTERVIEW, unit=unit, campaign=campaign)
    panel = [make_examiner(f"考官{i}") for i in range(1, 7)]
    session = interviews.session_create(campaign=campaign, name="第一场", posts=[post], by=office)
    interviews.session_set_examiners(session_id=session.pk, examiner_ids=[e.pk for e in panel], by=office)
    application = post.qualified_applications().first()
    interviews.session_add_recusal(
        session_id=session.pk, examiner_id=panel[4].pk, application_id=application.pk, reason="同一单位", by=office
    )
    interviews.session_set_dimensions(session_id=session.pk, dimensions=[("综合分析", 60), ("语言表达", 40)], by=office)
    interviews.session_draw(session_id=session.pk, by=office)
    interviews.session_start(session_id=session.pk, by=office)
    client.force_login(office)
    page = _chinese_page(client, reverse("interviews:session_detail", args=[session.pk]))
    log = _visible_text(page.split('class="list-group small"', 1)[1].split("</ol>", 1)[0])
    for words in ("创建面试场次", "确定考官", "登记回避", "设置评分维度", "抽签确定面试顺序", "开始面试", "考官考官5对报名编号",
                  "综合分析 60、语言表达 40", "抽签种子", "2026年5月8日 17:00"):  # fmt: skip
        assert words in log
    assert re.findall(r"\b(?!\d)[A-Za-z]{2,}\b", log) == []
    assert "2026-05-08" not in page


@time_machine.travel(datetime.datetime(2026, 5, 8, 9, 0, tzinfo=datetime.UTC))
def test_the_reappointment_history_names_its_states_in_chinese(client, settings, secretary, campaign):
    from tenure import reappointment as r
    from tests.tenure.conftest import TermFactory

    settings.LANGUAGE_CODE = "zh-hans"
    campaign.reappointment_deadline = datetime.date(2027, 1, 10)
    campaign.save()
    term = TermFactory(unit=secretary.secretary_of)
    started = r.reappointment_start(campaign_id=campaign.pk, term_id=term.pk, by=secretary)
    r.reappointment_record_results(
        reappointment_id=started.pk, evaluation_result="competent", performance_result="excellent", by=secretary
    )
    client.force_login(secretary)
    page = _chinese_page(client, reverse("tenure:reappointment_detail", args=[started.pk]))
    history = _visible_text(page.rsplit('<ul class="small">', 1)[1].split("</ul>", 1)[0])
    assert "待民主测评和述职考核 → 结果已登记" in history and "2026年5月8日 17:00" in history
    assert re.findall(r"\b(?!\d)[A-Za-z]{2,}\b", history) == []
    assert "2027年1月10日" in page and "2027-01-10" not in page
