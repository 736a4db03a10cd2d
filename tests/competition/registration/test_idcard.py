import datetime

import pytest

from competition.registration.idcard import IdNumberError, parse_id_number


@pytest.mark.parametrize("number", ["11010519491231002X", "440524188001010014"])
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
    man = parse_id_number("440524188001010014")
    assert man.birth_date == datetime.date(1880, 1, 1) and man.sex == "M"


def _with_check(first17):
    from competition.registration.idcard import check_character

    return first17 + check_character(first17)


def test_a_31_february_is_refused_even_with_a_right_check_character():
    with pytest.raises(IdNumberError, match="birth date"):
        parse_id_number(_with_check("11010519900231002"))


@pytest.mark.parametrize("value", ["", "1101051949123100", "11010519491231002XX", "1101051949123100AX", "１１０１０５１９４９１２３１００２X"])
def test_it_refuses_wrong_lengths_and_characters(value):
    with pytest.raises(IdNumberError):
        parse_id_number(value)
