import datetime

import pytest

from competition.registration.idcard import IdNumberError, parse_id_number


@pytest.mark.parametrize("number", ["11010519491231002X", "440524190001010017"])
def test_it_accepts_valid_numbers(number):
    assert parse_id_number(number).number == number


def test_it_refuses_a_wrong_check_character():
    with pytest.raises(IdNumberError, match="check character"):
        parse_id_number("110105194912310021")


def test_a_lowercase_x_is_taken_as_x():
    assert parse_id_number("11010519491231002x").number == "11010519491231002X"


def test_birth_date_and_sex_come_out_right():
    woman = parse_id_number("11010519491231002X")
    assert woman.birth_date == datetime.date(1949, 12, 31) and woman.sex == "F"
    man = parse_id_number("440524190001010017")
    assert man.birth_date == datetime.date(1900, 1, 1) and man.sex == "M"


def _with_check(first17):
    from competition.registration.idcard import check_character

    return first17 + check_character(first17)


def test_a_31_february_is_refused_even_with_a_right_check_character():
    with pytest.raises(IdNumberError, match="birth date"):
        parse_id_number(_with_check("11010519900231002"))


@pytest.mark.parametrize("value", ["", "1101051949123100", "11010519491231002XX", "1101051949123100AX", "11010519491231002Ｘ٣", "1101051949123100٢X"])
def test_it_refuses_wrong_lengths_and_characters(value):
    with pytest.raises(IdNumberError):
        parse_id_number(value)


def test_full_width_digits_are_normalised_then_checked():
    assert parse_id_number("１１０１０５１９４９１２３１００２ｘ").number == "11010519491231002X"


@pytest.mark.parametrize("first17", ["44052418991231001", "11010519000100001"[:6] + "18800101001"])
def test_a_birth_before_1900_is_refused(first17):
    with pytest.raises(IdNumberError, match="not possible"):
        parse_id_number(_with_check(first17))


def test_a_birth_in_the_future_is_refused():
    with pytest.raises(IdNumberError, match="not possible"):
        parse_id_number(_with_check("11010520300101001"))
    assert parse_id_number(_with_check("11010520240101001"), today=datetime.date(2024, 1, 1))


@pytest.mark.parametrize("province", ["00", "10", "20", "24", "30", "49", "55", "66", "72", "84", "99"])
def test_the_first_two_digits_must_be_a_province_code(province):
    with pytest.raises(IdNumberError, match="province"):
        parse_id_number(_with_check(province + "010519800101001"))


@pytest.mark.parametrize("province", ["11", "31", "44", "65", "81", "82", "83"])
def test_real_province_codes_are_accepted(province):
    assert parse_id_number(_with_check(province + "010519800101001")).birth_date == datetime.date(1980, 1, 1)
