import pytest
from django.core.exceptions import ValidationError

from core.forms import NokField
from core.money import format_nok, parse_nok


@pytest.mark.parametrize(
    "text",
    [
        "4 657 500",
        "4657500",
        "4 657 500,-",
        "kr 4 657 500",
        "Kr. 4 657 500,-",
        "4\u00a0657\u00a0500",
        " 4 657 500 ",
        "4 657 500 kr",
        "4657500,00",
    ],
)
def test_accepted_amount_formats(text):
    assert parse_nok(text) == 4_657_500


@pytest.mark.parametrize(
    "text",
    [
        "4.657.500",
        "4,5 mill",
        "abc",
        "4 65 7500",
        "12 34",
        "4657500.50",
        "kr",
        "-",
        "4 657 500,50",
        "1e6",
        "4 657 500 000 000",
    ],
)
def test_rejected_amount_formats_say_why_in_norwegian(text):
    with pytest.raises(ValidationError) as error:
        parse_nok(text)
    assert "beløp" in str(error.value).lower()


def test_format_uses_no_break_spaces():
    assert format_nok(4_657_500) == "kr\u00a04\u00a0657\u00a0500"
    assert format_nok(500, prefix=False) == "500"
    assert format_nok(None) == ""


def test_form_field_rejects_negative_and_keeps_empty_as_none():
    field = NokField(required=False)
    assert field.clean("") is None
    assert field.clean("kr 10 000") == 10_000
    with pytest.raises(ValidationError) as error:
        field.clean("-500")
    assert "negativt" in str(error.value)
    assert field.prepare_value(9_315_000) == "9\u00a0315\u00a0000"
