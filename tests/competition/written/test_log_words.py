"""The written exam's log reads in the reader's language (issue 21.1: no English in the Chinese interface)."""

import re

import pytest
from django.utils import translation

from competition.models import WrittenExamEvent

ENTRIES = [
    ("created", "罗店镇 综治办主任"),
    ("issued", "seed=4f2a order=[3, 1, 2]"),
    ("sheet", "5 marked, 0 corrected"),
    ("correction", "ticket 2026010203: 58.00 → 61.00 (登分错误)"),
    ("published", ""),
]


@pytest.mark.parametrize("kind, detail", ENTRIES)
def test_each_entry_is_worded_in_chinese_without_an_english_word(kind, detail):
    event = WrittenExamEvent(kind=kind, detail=detail)
    with translation.override("zh-hans"):
        words = f"{event.kind_label()} {event.describe()}"
    assert not re.search(r"[A-Za-z]{2,}", words.replace("seed", "")), words
    assert "seed" not in words and "marked" not in words and "ticket" not in words


def test_the_particulars_are_kept_in_the_words():
    with translation.override("zh-hans"):
        assert WrittenExamEvent(kind="issued", detail="seed=4f2a order=[3, 1, 2]").describe() == "抽签种子4f2a，座位顺序[3, 1, 2]"
        assert WrittenExamEvent(kind="page", detail="3 marked, 1 corrected").describe() == "录入3人，更正1人"
    with translation.override("en"):
        assert WrittenExamEvent(kind="issued", detail="seed=4f2a order=[3]").kind_label() == "tickets issued, seats drawn by lot"
