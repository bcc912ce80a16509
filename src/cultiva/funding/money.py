"""Amounts, percentages and exchange rates, formatted in the reader's language.

Plain module (no ORM): `Rates` is built from rows the caller read (`match_selectors.rates_for`)
and converts between currencies through RON, with the latest rate on or before a day.
"""

from __future__ import annotations

import bisect
import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from django.utils import formats

RON = "RON"
_CENT = Decimal("0.01")


def plain_number(value) -> Decimal | int:
    """A Decimal without trailing zeros (and without an exponent): 10.00 → 10, 4.970 → 4.97."""
    value = Decimal(value)
    if value == value.to_integral_value():
        return int(value)
    return value.normalize()


def format_number(value, *, decimals: int | None = None) -> str:
    """A number with the active language's separators and grouping (250 000 / 250.000)."""
    if decimals is None:
        value = plain_number(value)
    return formats.number_format(value, decimals, use_l10n=True, force_grouping=True)


def format_amount(value, currency: str) -> str:
    """250 000 RON; cents only when there are cents."""
    value = Decimal(value)
    decimals = 0 if value == value.to_integral_value() else 2
    return f"{format_number(value.quantize(_CENT), decimals=decimals)} {currency}"


def format_percent(value) -> str:
    return f"{format_number(value)} %"


def format_date(value: dt.date | None) -> str:
    if value is None:
        return "…"
    return formats.date_format(value, "SHORT_DATE_FORMAT")


@dataclass(frozen=True)
class RateUsed:
    """One rate a conversion used: 1 `currency` = `ron_per_unit` RON on `valid_on`."""

    currency: str
    ron_per_unit: Decimal
    valid_on: dt.date


@dataclass(frozen=True)
class Conversion:
    amount: Decimal
    currency: str
    converted: Decimal
    target: str
    rates: tuple[RateUsed, ...]


class MissingRate(LookupError):
    def __init__(self, currency: str, on: dt.date):
        super().__init__(currency, on)
        self.currency = currency
        self.on = on


class Rates:
    """Dated exchange rates to RON: `Rates([(currency, ron_per_unit, valid_on), ...])`."""

    def __init__(self, rows: Iterable[tuple[str, Decimal, dt.date]] = ()):
        by_currency: dict[str, list[tuple[dt.date, Decimal]]] = {}
        for currency, value, valid_on in rows:
            by_currency.setdefault(currency, []).append((valid_on, Decimal(value)))
        self._dates: dict[str, list[dt.date]] = {}
        self._values: dict[str, list[Decimal]] = {}
        for currency, items in by_currency.items():
            items.sort()
            self._dates[currency] = [d for d, _v in items]
            self._values[currency] = [v for _d, v in items]
        self._cache: dict[tuple[str, dt.date], RateUsed | None] = {}
        self._conversions: dict[tuple, Conversion] = {}

    def rate(self, currency: str, on: dt.date) -> RateUsed | None:
        """The latest rate of `currency` on or before `on` (None if there is none; RON is 1)."""
        key = (currency, on)
        try:
            return self._cache[key]
        except KeyError:
            pass
        found = None
        if currency == RON:
            found = RateUsed(RON, Decimal(1), on)
        else:
            dates = self._dates.get(currency)
            if dates:
                i = bisect.bisect_right(dates, on)
                if i:
                    found = RateUsed(currency, self._values[currency][i - 1], dates[i - 1])
        self._cache[key] = found
        return found

    def latest(self, on: dt.date) -> dict[str, RateUsed]:
        """Every currency's latest rate on or before `on` (those with none are left out)."""
        found = {}
        for currency in self._dates:
            rate = self.rate(currency, on)
            if rate is not None:
                found[currency] = rate
        return found

    def in_ron(self, amount: Decimal | None, currency: str, on: dt.date) -> Decimal | None:
        """`amount` in RON, or None when there is no amount or no rate."""
        if amount is None:
            return None
        rate = self.rate(currency, on)
        return None if rate is None else amount * rate.ron_per_unit

    def convert(self, amount: Decimal, source: str, target: str, on: dt.date) -> Conversion:
        """`amount` of `source` in `target`, through RON; raises MissingRate."""
        key = (amount, source, target, on)
        found = self._conversions.get(key)
        if found is None:
            found = self._conversions[key] = self._convert(amount, source, target, on)
        return found

    def _convert(self, amount: Decimal, source: str, target: str, on: dt.date) -> Conversion:
        if source == target:
            return Conversion(amount, source, amount, target, ())
        used = []
        ron = amount
        if source != RON:
            rate = self.rate(source, on)
            if rate is None:
                raise MissingRate(source, on)
            ron = amount * rate.ron_per_unit
            used.append(rate)
        converted = ron
        if target != RON:
            rate = self.rate(target, on)
            if rate is None:
                raise MissingRate(target, on)
            converted = ron / rate.ron_per_unit
            used.append(rate)
        return Conversion(amount, source, converted.quantize(_CENT), target, tuple(used))
