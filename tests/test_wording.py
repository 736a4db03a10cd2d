"""The site's wording in Chinese: 您 everywhere (Django's own messages included), Chinese model names in the admin
(the libraries' too), and no two admin entries of the same name (职位 is the standing Position, 竞岗职位 the Post)."""

import pytest
from django.contrib import admin
from django.urls import reverse
from django.utils import translation

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
    translations = "\n".join(
        block.split("msgstr", 1)[1] for block in catalogue.split("\n\n") if "msgstr" in block
    )
    assert "选票" not in translations and "投票" not in translations
    with translation.override("zh-hans"):
        from competition.models import EvaluationCandidate

        assert str(EvaluationCandidate._meta.verbose_name) == "测评对象"
        from competition.models import Ballot

        assert str(Ballot._meta.verbose_name) == "测评票"
