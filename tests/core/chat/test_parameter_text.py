from app.core.chat.parameter_text import parse_number, stop_lines


def test_stop_sequences_are_non_blank_lines_kept_as_typed() -> None:
    assert stop_lines("END\n\n  \n stop here \n") == ["END", " stop here "]


def test_numbers_accept_a_decimal_comma_and_refuse_junk() -> None:
    assert parse_number("0,7", whole=False) == 0.7
    assert parse_number("40", whole=True) == 40
    assert parse_number("4.5", whole=True) is None
    assert parse_number("nan", whole=False) is None
    assert parse_number("warm", whole=False) is None
