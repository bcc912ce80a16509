"""A call's terms are checked the same way by the pages and the import: each bad term is
refused with a message naming its field, in the reader's language."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from cultiva.funding.call_validation import call_terms_check, call_terms_problems


def problems(**terms):
    with translation.override("en"):
        return {k: " ".join(v) for k, v in call_terms_problems(terms).items()}


def test_good_terms_pass():
    assert (
        problems(
            min_amount=Decimal(1000),
            max_amount=Decimal(250000),
            currency="RON",
            own_contribution_min_pct=Decimal(10),
            funding_rate_max_pct=Decimal(90),
            opens_on=dt.date(2026, 3, 1),
            deadlines=[dt.date(2026, 3, 31)],
            implementation_start=dt.date(2026, 5, 1),
            implementation_end=dt.date(2026, 12, 31),
            legal_forms=["association", "church"],
            own_contribution_forms=["cash", "in_kind"],
        )
        == {}
    )


def test_minimum_above_maximum():
    found = problems(min_amount=Decimal(300000), max_amount=Decimal(250000))
    assert "Minimum amount" in found["min_amount"] and "300000" in found["min_amount"]


def test_deadline_before_opening():
    found = problems(opens_on=dt.date(2026, 3, 1), deadlines=[dt.datetime(2026, 2, 1, 12)])
    assert "Deadline 2026-02-01 is before the call opens (2026-03-01)" in found["deadlines"]


def test_implementation_end_before_start():
    found = problems(
        implementation_start=dt.date(2026, 5, 1), implementation_end=dt.date(2026, 4, 1)
    )
    assert found["implementation_end"].startswith("Implementation until")


def test_unknown_currency():
    found = problems(currency="USD")
    assert "Currency" in found["currency"] and "USD" in found["currency"]


@pytest.mark.parametrize("field", ["own_contribution_min_pct", "funding_rate_max_pct"])
@pytest.mark.parametrize("value", [Decimal(-1), Decimal(101), "lots"])
def test_percent_outside_range(field, value):
    assert "(%)" in problems(**{field: value})[field]


def test_own_contribution_and_rate_contradict():
    assert problems(own_contribution_min_pct=Decimal(20), funding_rate_max_pct=Decimal(80)) == {}
    assert problems(own_contribution_min_pct=Decimal(0), funding_rate_max_pct=Decimal(100)) == {}
    found = problems(own_contribution_min_pct=Decimal(30), funding_rate_max_pct=Decimal(90))
    assert "Maximum funding rate" in found["funding_rate_max_pct"]
    assert "70" in found["funding_rate_max_pct"]


def test_unknown_legal_form_and_contribution_form():
    found = problems(legal_forms=["association", "club"], own_contribution_forms=["gold"])
    assert "club" in found["legal_forms"] and "Legal forms admitted" in found["legal_forms"]
    assert "gold" in found["own_contribution_forms"]


def test_negative_amount_and_counts():
    found = problems(max_amount=Decimal(-5), partners_min="x")
    assert "Maximum amount" in found["max_amount"]
    assert "Minimum partners" in found["partners_min"]


def test_check_raises_keyed_by_field():
    with pytest.raises(ValidationError) as raised:
        call_terms_check({"min_amount": Decimal(5), "max_amount": Decimal(1), "currency": "XYZ"})
    assert set(raised.value.message_dict) == {"min_amount", "currency"}


@pytest.mark.parametrize(("language", "word"), [("hu", "pénznem"), ("ro", "monedă")])
def test_messages_in_hungarian_and_romanian(language, word):
    with translation.override(language):
        found = call_terms_problems({"currency": "USD"})
        expected = translation.gettext("currency")
    text = " ".join(found["currency"])
    assert expected == word
    assert word in text.lower()
    assert "USD" in text
