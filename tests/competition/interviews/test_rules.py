"""The pure rules: trimmed mean, weighting, the reproducible draw (the combined score and ties: tests/competition/test_ranking.py)."""

from decimal import Decimal

import pytest

from competition.interviews.rules import (
    InterviewError,
    draw_order,
    parse_dimensions,
    trimmed_mean,
    weighted_total,
)


def test_with_five_examiners_the_highest_and_lowest_scores_are_dropped():
    assert trimmed_mean([80, 85, 90, 70, 95]) == Decimal("85.000")


def test_with_seven_examiners_one_at_each_end_is_dropped():
    assert trimmed_mean([60, 70, 80, 90, 100, 75, 85]) == Decimal("80.000")


def test_with_seven_examiners_two_at_each_end_can_be_dropped():
    assert trimmed_mean([0, 10, 80, 81, 82, 99, 100], trim_each_end=2) == Decimal("81.000")


def test_a_recused_examiner_out_of_five_leaves_four_scores_averaged_untrimmed():
    assert trimmed_mean([80, 90, 70, 100]) == Decimal("85.000")


def test_a_recused_examiner_out_of_seven_leaves_six_scores_still_trimmed():
    assert trimmed_mean([60, 70, 80, 90, 100, 75]) == Decimal("78.750")


def test_the_mean_is_rounded_half_up_to_three_places():
    assert trimmed_mean(["80.5", "80.5", "81"]) == Decimal("80.667")


def test_no_scores_give_no_mean():
    assert trimmed_mean([]) is None


def test_the_mean_can_be_rounded_once_to_two_places_for_the_combined_score():
    # 1.4 / 3 = 0.4666…: to three places 0.467, which would round again to 0.47; once to two places it is 0.47 as
    # well, but 0.01 + 0.01 + 0.005 → 0.00833… shows the single rounding: 0.01, never 0.008 → 0.01 by luck.
    assert trimmed_mean(["0.01", "0.01", "0.005"], quantum=Decimal("0.01")) == Decimal("0.01")
    assert trimmed_mean(["80.5", "80.5", "81"], quantum=Decimal("0.01")) == Decimal("80.67")


def test_the_draw_is_reproducible_from_its_seed_and_is_a_permutation():
    ids = [11, 12, 13, 14, 15, 16, 17]
    first = draw_order("abc123", ids)
    assert draw_order("abc123", list(reversed(ids))) == first
    assert sorted(first) == ids
    assert any(draw_order(f"seed{i}", ids) != first for i in range(5))


def test_per_dimension_scores_make_a_weighted_total():
    assert weighted_total([(80, 30), (90, 50), (70, 20)]) == Decimal("83.00")
    assert weighted_total([("85.5", 1)]) == Decimal("85.50")
    assert weighted_total([]) is None


def test_dimensions_are_read_one_per_line_with_their_weight():
    assert parse_dimensions("综合分析 30\n\n组织协调 能力 70\n") == [("综合分析", 30), ("组织协调 能力", 70)]


@pytest.mark.parametrize("text", ["综合分析", "综合分析 0", "综合分析 101", " 30", "a 30\na 20"])
def test_a_bad_dimension_line_is_refused(text):
    with pytest.raises(InterviewError, match="Line"):
        parse_dimensions(text)
