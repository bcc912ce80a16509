"""Whether a project may apply to a call, with every reason, in the reader's language.

Plain module (no ORM): `CallTerms` and `ProjectFacts` are gathered by
`funding.match_selectors`. A call's filled-in terms are its rule table: every rule below reads
a term and sets no condition when the term is empty, so a new call needs no code.

Each `Reason` is ok, fixable (the project can change: ask less, raise the own contribution,
add a partner, shorten) or blocking (who applies, where it is registered, its domains, the
deadline). The verdict is *not eligible* with any blocking reason, *eligible if* with fixable
ones only, *eligible* otherwise. Texts are built when read (in the active language), so that
judging thousands of pairs stays cheap.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from functools import cached_property
from operator import itemgetter

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from cultiva.funding.money import (
    MissingRate,
    Rates,
    format_amount,
    format_date,
    format_number,
    format_percent,
)

__all__ = [
    "BLOCKING",
    "ELIGIBLE",
    "ELIGIBLE_IF",
    "FIXABLE",
    "NOT_ELIGIBLE",
    "OK",
    "Area",
    "CallTerms",
    "ProjectFacts",
    "Rates",
    "Reason",
    "Verdict",
    "judge",
]

ZERO, ONE = Decimal(0), Decimal(1)
OK, FIXABLE, BLOCKING = "ok", "fixable", "blocking"
ELIGIBLE, ELIGIBLE_IF, NOT_ELIGIBLE = "eligible", "eligible_if", "not_eligible"
VERDICT_LABELS = {
    ELIGIBLE: gettext_lazy("eligible for this call"),
    ELIGIBLE_IF: gettext_lazy("eligible if changed"),
    NOT_ELIGIBLE: gettext_lazy("not eligible for this call"),
}
VERDICT_ORDER = {ELIGIBLE: 2, ELIGIBLE_IF: 1, NOT_ELIGIBLE: 0}

# accounts.Organisation.LegalForm's labels (the same msgids), so this module needs no model.
LEGAL_FORM_LABELS = {
    "public_institution": gettext_lazy("public institution"),
    "local_government": gettext_lazy("local government"),
    "association": gettext_lazy("association"),
    "foundation": gettext_lazy("foundation"),
    "church": gettext_lazy("church"),
    "company": gettext_lazy("company"),
    "informal_group": gettext_lazy("informal group"),
}


@dataclass(frozen=True)
class Area:
    """A place of a call's geography: a country, a county or a settlement, with its name."""

    country: str = ""
    county_id: int | None = None
    settlement_id: int | None = None
    label: str = ""

    def contains(self, country: str, county_id: int | None, settlement_id: int | None) -> bool:
        if self.settlement_id is not None:
            return self.settlement_id == settlement_id
        if self.county_id is not None:
            return self.county_id == county_id
        return bool(self.country) and self.country == country


@dataclass(frozen=True)
class Place:
    """Where a project is: the lead organisation's seat or one of its settlements."""

    country: str = "RO"
    county_id: int | None = None
    settlement_id: int | None = None
    label: str = ""


@dataclass
class CallTerms:
    """Everything of a call the rules read. Empty collections and None set no condition."""

    id: int
    currency: str = "RON"
    legal_forms: frozenset[str] = frozenset()
    individuals_admitted: bool = False
    sector_ids: frozenset[int] = frozenset()
    sector_labels: tuple[str, ...] = ()
    domain_term_ids: frozenset[int] = frozenset()  # mapped from the funder's domains
    domain_labels: tuple[str, ...] = ()  # in the funder's words
    registered_areas: tuple[Area, ...] = ()
    activity_areas: tuple[Area, ...] = ()
    min_amount: Decimal | None = None
    max_amount: Decimal | None = None
    own_contribution_min_pct: Decimal | None = None
    funding_rate_max_pct: Decimal | None = None
    partners_min: int | None = None
    countries_min: int | None = None
    duration_max_months: int | None = None
    implementation_start: dt.date | None = None
    implementation_end: dt.date | None = None
    max_applications_per_applicant: int | None = None
    opens_on: dt.date | None = None
    deadlines: tuple[dt.date, ...] = ()
    exclusions: str = ""
    title: str = ""

    @cached_property
    def last_deadline(self) -> dt.date | None:
        return max(self.deadlines) if self.deadlines else None

    @cached_property
    def admitted_forms(self) -> tuple[str, ...]:
        return tuple(sorted(self.legal_forms))

    @cached_property
    def shared(self) -> dict:
        """The findings that depend on the call alone, one object for every project judged
        on it (their texts read the call)."""
        return {
            (key, status): (key, status, (self, None))
            for key in ("activity", "domains", "exclusions")
            for status in (OK, FIXABLE, BLOCKING)
        }

    @cached_property
    def _shared(self) -> dict:
        return {}

    def shared_reason(self, key: str, status: str, extra=None) -> tuple:
        """A reason that depends on the call alone (and the day): one object for all the
        projects judged on it (its texts read the call)."""
        found = self._shared.get((key, status, extra))
        if found is None:
            found = self._shared[(key, status, extra)] = (key, status, (self, extra))
        return found

    @cached_property
    def sets_amounts(self) -> bool:
        return self.min_amount is not None or self.max_amount is not None

    @cached_property
    def own_share_pct(self) -> Decimal | None:
        """The own contribution the call asks for: its minimum, or what its maximum funding
        rate leaves to the applicant, whichever is more."""
        needed = self.own_contribution_min_pct
        if self.funding_rate_max_pct is not None and self.funding_rate_max_pct < 100:
            rest = 100 - self.funding_rate_max_pct
            needed = rest if needed is None else max(needed, rest)
        return needed if needed else None


@dataclass
class ProjectFacts:
    """Everything of a project the rules read (`partners_count`: the organisations besides
    the lead; the partnership rule and the countries count the lead too)."""

    id: int
    lead_organisation_id: int | None = None
    lead_legal_form: str = ""
    lead_legal_form_label: str = ""
    lead_sector_id: int | None = None
    lead_sector_label: str = ""
    registered: Place = field(default_factory=Place)
    activity: tuple[Place, ...] = ()
    domain_ids: frozenset[int] = frozenset()
    budget_total: Decimal | None = None
    currency: str = "RON"
    own_contribution: Decimal = Decimal(0)
    partners_count: int = 0
    partner_countries: tuple[str, ...] = ()
    start_date: dt.date | None = None
    end_date: dt.date | None = None
    # The lead organisation's applications to each call (by call id), other than this
    # project's own.
    applications_by_call: Mapping[int, int] = field(default_factory=dict)
    # The calls this project already has an application to (the pages offer no new one).
    applied_calls: frozenset[int] = frozenset()
    title: str = ""

    @cached_property
    def countries(self) -> frozenset[str]:
        found = {c for c in self.partner_countries if c}
        if self.registered.country:
            found.add(self.registered.country)
        return frozenset(found)

    @cached_property
    def duration_months(self) -> int | None:
        return months_between(self.start_date, self.end_date)

    @cached_property
    def ask_own(self) -> Decimal | None:
        """What the project would ask: its budget less its own contribution."""
        if not self.budget_total:
            return None
        return self.budget_total - (self.own_contribution or ZERO)

    def asked_in(self, currency: str, rates: Rates, today: dt.date):
        """`ask_own` converted to `currency`, or the MissingRate (remembered per rates table
        and day)."""
        memo = self.__dict__.get("_asked")
        if memo is None or memo[0] is not rates or memo[1] != today:
            memo = self.__dict__["_asked"] = (rates, today, {})
        found = memo[2].get(currency)
        if found is None:
            try:
                found = rates.convert(self.ask_own, self.currency, currency, today)
            except MissingRate as missing:
                found = missing
            memo[2][currency] = found
        return found

    @cached_property
    def _needed(self) -> dict:
        return {}

    def own_needed(self, share: Decimal) -> Decimal:
        """The own contribution `share` % of the budget asks for (whole units)."""
        try:
            return self._needed[share]
        except KeyError:
            value = (self.budget_total * share / 100).quantize(ONE)
            self._needed[share] = value
            return value


def months_between(start: dt.date | None, end: dt.date | None) -> int | None:
    """Calendar months a project runs, both ends counted (1 Jan – 31 Dec is 12)."""
    if start is None or end is None or end < start:
        return None
    months = (end.year - start.year) * 12 + end.month - start.month
    return months + (1 if end.day >= start.day else 0) or 1


def _join(items) -> str:
    return ", ".join(str(i) for i in items)


def _areas(areas: tuple[Area, ...]) -> str:
    return _join(a.label or a.country or "?" for a in areas)


# --- the texts (built when read, in the active language) -------------------------------------


def _t_lead(status, a):
    return _("The project has no lead organisation to apply."), _(
        "Name the project's lead organisation on its card."
    )


def _t_legal_form(status, a):
    form, admitted = a
    if status == OK:
        return _("The lead organisation is a %(form)s; the call admits it.") % {"form": form}, ""
    return (
        _("The lead organisation is a %(form)s; this call admits %(admitted)s.")
        % {"form": form or "?", "admitted": _join(LEGAL_FORM_LABELS.get(f, f) for f in admitted)},
        "",
    )


def _t_sector(status, a):
    sector, admitted = a
    if status == OK:
        return _("The lead organisation's sector (%(sector)s) is admitted.") % {
            "sector": sector
        }, ""
    return (
        _("The lead organisation's sector is %(sector)s; this call admits %(admitted)s.")
        % {"sector": sector or "?", "admitted": _join(admitted)},
        "",
    )


def _t_registered(status, a):
    place, areas = a
    if status == OK:
        return _("The lead organisation is registered in %(place)s, as the call requires.") % {
            "place": place
        }, ""
    return (
        _(
            "The lead organisation is registered in %(place)s; this call requires "
            "registration in %(areas)s."
        )
        % {"place": place or "?", "areas": _areas(areas)},
        "",
    )


def _t_activity(status, a):
    areas = a[0].activity_areas
    if status == OK:
        return _("The project takes place within the call's area (%(areas)s).") % {
            "areas": _areas(areas)
        }, ""
    if status == FIXABLE:
        return (
            _("The card names no place of activity; the call requires activity in %(areas)s.")
            % {"areas": _areas(areas)},
            _("Add the project's settlements to its card."),
        )
    return _("None of the project's places is within the call's area (%(areas)s).") % {
        "areas": _areas(areas)
    }, ""


def _t_domains(status, a):
    labels = a[0].domain_labels
    if status == OK:
        return _("The project's cultural domains match the call's (%(domains)s).") % {
            "domains": _join(labels)
        }, ""
    if status == FIXABLE:
        return (
            _("The card names no cultural domain; the call funds %(domains)s.")
            % {"domains": _join(labels)},
            _("Add the project's cultural domains to its card."),
        )
    return _("None of the project's cultural domains is among the call's: %(domains)s.") % {
        "domains": _join(labels)
    }, ""


def _t_budget(status, a):
    return _("The card shows no budget, so the amounts cannot be checked."), _(
        "Add the project's budget to its card."
    )


def _rate_text(rate) -> str:
    return _("%(value)s RON/%(currency)s (rate of %(date)s)") % {
        "value": format_number(rate.ron_per_unit),
        "currency": rate.currency,
        "date": format_date(rate.valid_on),
    }


def _t_rate(status, a):
    if status == OK:
        (conversion,) = a
        return _("%(amount)s is %(converted)s at %(rate)s.") % {
            "amount": format_amount(conversion.amount, conversion.currency),
            "converted": format_amount(conversion.converted, conversion.target),
            "rate": "; ".join(_rate_text(r) for r in conversion.rates),
        }, ""
    currency, on = a
    return (
        _(
            "There is no exchange rate of %(currency)s on or before %(date)s, so the amounts "
            "cannot be compared."
        )
        % {"currency": currency, "date": format_date(on)},
        _("A coordinator adds the exchange rate of %(currency)s.") % {"currency": currency},
    )


def _t_max_amount(status, a):
    ask, maximum, currency = a
    values = {"ask": format_amount(ask, currency), "max": format_amount(maximum, currency)}
    if status == OK:
        return _("%(ask)s is within the call's maximum of %(max)s.") % values, ""
    values["rest"] = format_amount(ask - maximum, currency)
    return (
        _("%(ask)s exceeds the call's maximum of %(max)s.") % values,
        _("Ask for at most %(max)s and cover the remaining %(rest)s from other sources.") % values,
    )


def _t_min_amount(status, a):
    ask, minimum, budget, currency = a
    values = {
        "ask": format_amount(ask, currency),
        "min": format_amount(minimum, currency),
        "budget": format_amount(budget, currency),
    }
    if status == OK:
        return _("%(ask)s reaches the call's minimum of %(min)s.") % values, ""
    if status == FIXABLE:
        return (
            _("%(ask)s is below the call's minimum of %(min)s.") % values,
            _("Ask for at least %(min)s; the budget of %(budget)s allows it.") % values,
        )
    return _("The whole budget of %(budget)s is below the call's minimum of %(min)s.") % values, ""


def _t_own(status, a):
    pct, needed, own, currency = a
    values = {
        "pct": format_percent(pct),
        "needed": format_amount(needed, currency),
        "own": format_amount(own, currency),
    }
    if status == OK:
        return _(
            "The own contribution of %(own)s reaches the %(pct)s the call asks for (%(needed)s)."
        ) % values, ""
    return (
        _("Needs at least %(pct)s own contribution: %(needed)s; the card shows %(own)s.") % values,
        _("Raise the own contribution to %(needed)s.") % values,
    )


def _t_partners(status, a):
    count, minimum = a
    values = {"count": format_number(count), "min": format_number(minimum)}
    text = (
        _(
            "Organisations in the partnership, the lead included: %(count)s; the call asks "
            "for at least %(min)s."
        )
        % values
    )
    if status == OK:
        return text, ""
    missing = minimum - count
    return text, ngettext(
        "Add %(missing)s more partner.", "Add %(missing)s more partners.", missing
    ) % {"missing": format_number(missing)}


def _t_countries(status, a):
    count, minimum = a
    values = {"count": format_number(count), "min": format_number(minimum)}
    text = (
        _("Countries in the partnership: %(count)s; the call asks for at least %(min)s.") % values
    )
    if status == OK:
        return text, ""
    missing = minimum - count
    return text, ngettext(
        "Add a partner from another country.",
        "Add partners from %(missing)s more countries.",
        missing,
    ) % {"missing": format_number(missing)}


def _t_duration(status, a):
    months, maximum = a
    if months is None:
        return (
            ngettext(
                "The card has no start and end dates; the call allows at most %(max)s month.",
                "The card has no start and end dates; the call allows at most %(max)s months.",
                maximum,
            )
            % {"max": format_number(maximum)},
            _("Add the project's start and end dates to its card."),
        )
    text = ngettext(
        "The project lasts %(months)s month; the call allows at most %(max)s.",
        "The project lasts %(months)s months; the call allows at most %(max)s.",
        months,
    ) % {"months": format_number(months), "max": format_number(maximum)}
    if status == OK:
        return text, ""
    return text, ngettext(
        "Shorten the project to %(max)s month.", "Shorten the project to %(max)s months.", maximum
    ) % {"max": format_number(maximum)}


def _t_window(status, a):
    start, end, window_start, window_end = a
    values = {
        "start": format_date(window_start),
        "end": format_date(window_end),
        "pstart": format_date(start),
        "pend": format_date(end),
    }
    if status == OK:
        return _(
            "The project runs within the call's implementation period (%(start)s – %(end)s)."
        ) % values, ""
    if start is None or end is None:
        return (
            _("The card has no dates; the call's implementation period is %(start)s – %(end)s.")
            % values,
            _("Add the project's start and end dates to its card."),
        )
    return (
        _(
            "The project runs %(pstart)s – %(pend)s, outside the call's implementation period "
            "(%(start)s – %(end)s)."
        )
        % values,
        _("Move the project within %(start)s – %(end)s.") % values,
    )


def _t_deadline(status, a):
    call, today = a
    opens_on, deadline = call.opens_on, call.last_deadline
    if status == BLOCKING:
        return _("The deadline passed on %(date)s.") % {"date": format_date(deadline)}, ""
    if opens_on is not None and opens_on > today:
        if deadline is None:
            return _("Opens on %(opens)s.") % {"opens": format_date(opens_on)}, ""
        return _("Opens on %(opens)s; the deadline is %(date)s.") % {
            "opens": format_date(opens_on),
            "date": format_date(deadline),
        }, ""
    if deadline is None:
        return _("Open; the call names no deadline."), ""
    return _("Open; the deadline is %(date)s.") % {"date": format_date(deadline)}, ""


def _t_applications(status, a):
    count, maximum = a
    values = {"count": format_number(count), "max": format_number(maximum)}
    if status == OK:
        return _(
            "Applications of the lead organisation to this call: %(count)s; the call allows "
            "%(max)s."
        ) % values, ""
    return ngettext(
        "The lead organisation already has %(count)s application to this call, the most it "
        "allows (%(max)s).",
        "The lead organisation already has %(count)s applications to this call, the most it "
        "allows (%(max)s).",
        count,
    ) % values, ""


def _t_exclusions(status, a):
    return _("The call excludes: %(exclusions)s") % {"exclusions": a[0].exclusions}, _(
        "Check that none of this applies to the project."
    )


TEXTS = {
    "lead": _t_lead,
    "legal_form": _t_legal_form,
    "sector": _t_sector,
    "registered": _t_registered,
    "activity": _t_activity,
    "domains": _t_domains,
    "budget": _t_budget,
    "rate": _t_rate,
    "max_amount": _t_max_amount,
    "min_amount": _t_min_amount,
    "own_contribution": _t_own,
    "partners": _t_partners,
    "countries": _t_countries,
    "duration": _t_duration,
    "window": _t_window,
    "deadline": _t_deadline,
    "applications": _t_applications,
    "exclusions": _t_exclusions,
}


class Reason:
    """One rule's finding: `key`, `status` (ok / fixable / blocking), and `text` and `fix`
    in the active language (built when read)."""

    __slots__ = ("key", "status", "args")

    def __init__(self, key: str, status: str, args: tuple = ()):
        self.key = key
        self.status = status
        self.args = args

    def texts(self) -> tuple[str, str]:
        return TEXTS[self.key](self.status, self.args)

    @property
    def text(self) -> str:
        return self.texts()[0]

    @property
    def fix(self) -> str:
        return self.texts()[1]

    def __repr__(self) -> str:
        return f"Reason({self.key!r}, {self.status!r})"


class Verdict(tuple):
    """The verdict of a project on a call with every reason. The rules record each finding
    as a plain (key, status, args) triple (`findings`); `reasons` wraps them in `Reason`s
    when read, so that judging thousands of pairs stays cheap (a Verdict is a tuple: made
    at C speed).

    `ask` is what the project would ask (budget less own contribution) in the call's
    currency; `amount_fit` how well it fits the call's range (1 inside, towards 0 far off)."""

    __slots__ = ()

    call_id = property(itemgetter(0))
    project_id = property(itemgetter(1))
    verdict = property(itemgetter(2))
    findings = property(itemgetter(3))
    ask = property(itemgetter(4))
    amount_fit = property(itemgetter(5))

    def __new__(
        cls,
        call_id: int,
        project_id: int,
        verdict: str,
        findings: list[tuple],
        ask: Decimal | None = None,
        amount_fit: float = 0.5,
    ):
        return tuple.__new__(cls, (call_id, project_id, verdict, findings, ask, amount_fit))

    @property
    def reasons(self) -> list[Reason]:
        return [Reason(*f) for f in self[3]]

    def __repr__(self) -> str:
        return f"Verdict({self[0]}, {self[1]}, {self[2]!r})"

    @property
    def label(self) -> str:
        return str(VERDICT_LABELS[self[2]])

    @property
    def blocking(self) -> list[Reason]:
        return [Reason(*f) for f in self[3] if f[1] == BLOCKING]

    @property
    def fixable(self) -> list[Reason]:
        return [Reason(*f) for f in self[3] if f[1] == FIXABLE]

    def reason(self, key: str) -> Reason | None:
        for f in self[3]:
            if f[0] == key:
                return Reason(*f)
        return None


_make_verdict = tuple.__new__


def judge(call: CallTerms, project: ProjectFacts, rates: Rates, today: dt.date) -> Verdict:
    """The verdict of `project` on `call` on `today`, with every reason."""
    findings: list[tuple] = []
    add = findings.append
    blocking = fixable = False

    # Who applies.
    if project.lead_organisation_id is None:
        add(("lead", BLOCKING, ()))
        blocking = True
    else:
        if call.legal_forms:
            if project.lead_legal_form in call.legal_forms:
                status = OK
            else:
                status = BLOCKING
                blocking = True
            add(("legal_form", status, (project.lead_legal_form_label, call.admitted_forms)))
        if call.sector_ids:
            if project.lead_sector_id in call.sector_ids:
                status = OK
            else:
                status = BLOCKING
                blocking = True
            add(("sector", status, (project.lead_sector_label, call.sector_labels)))
        if call.registered_areas:
            seat = project.registered
            status = BLOCKING
            for a in call.registered_areas:
                if a.contains(seat.country, seat.county_id, seat.settlement_id):
                    status = OK
                    break
            else:
                blocking = True
            add(("registered", status, (seat.label, call.registered_areas)))
        limit = call.max_applications_per_applicant
        if limit is not None:
            count = project.applications_by_call.get(call.id, 0)
            if count < limit:
                status = OK
            else:
                status = BLOCKING
                blocking = True
            add(("applications", status, (count, limit)))

    # Where and what.
    if call.activity_areas:
        if not project.activity:
            status = FIXABLE
            fixable = True
        else:
            status = BLOCKING
            for p in project.activity:
                for a in call.activity_areas:
                    if a.contains(p.country, p.county_id, p.settlement_id):
                        status = OK
                        break
                if status == OK:
                    break
            else:
                blocking = True
        add(call.shared["activity", status])
    if call.domain_term_ids:
        if not project.domain_ids:
            status = FIXABLE
            fixable = True
        elif project.domain_ids.isdisjoint(call.domain_term_ids):
            status = BLOCKING
            blocking = True
        else:
            status = OK
        add(call.shared["domains", status])

    # Money.
    ask = None
    amount_fit = 0.5
    share = call.own_share_pct
    ask_own = project.ask_own
    if ask_own is None:
        if call.sets_amounts or share is not None:
            add(("budget", FIXABLE, ()))
            fixable = True
    else:
        if share is not None:
            needed = project.own_needed(share)
            own = project.own_contribution or ZERO
            if own >= needed:
                status = OK
            else:
                status = FIXABLE
                fixable = True
            add(("own_contribution", status, (share, needed, own, project.currency)))
        if call.sets_amounts:
            conversion = project.asked_in(call.currency, rates, today)
            if conversion.__class__ is MissingRate:
                add(("rate", FIXABLE, (conversion.currency, conversion.on)))
                fixable = True
            else:
                ask = conversion.converted
                if conversion.rates:
                    add(("rate", OK, (conversion,)))
                amount_fit = 1.0
                maximum, minimum = call.max_amount, call.min_amount
                if maximum is not None:
                    if ask > maximum:
                        add(("max_amount", FIXABLE, (ask, maximum, call.currency)))
                        fixable = True
                        amount_fit = float(maximum) / float(ask)
                    else:
                        add(("max_amount", OK, (ask, maximum, call.currency)))
                if minimum is not None:
                    if ask >= minimum:
                        add(("min_amount", OK, (ask, minimum, ask, call.currency)))
                    else:
                        whole = rates.convert(
                            project.budget_total, project.currency, call.currency, today
                        ).converted
                        if whole >= minimum:
                            status = FIXABLE
                            fixable = True
                        else:
                            status = BLOCKING
                            blocking = True
                        add(("min_amount", status, (ask, minimum, whole, call.currency)))
                        amount_fit = float(ask) / float(minimum) if minimum else 0.0

    # Partnership and time.
    if call.partners_min:
        # The partnership counts its lead, as calls count their consortium (Creative
        # Europe's "3 partners from 3 countries" includes the coordinator).
        members = project.partners_count + (1 if project.lead_organisation_id else 0)
        if members >= call.partners_min:
            status = OK
        else:
            status = FIXABLE
            fixable = True
        add(("partners", status, (members, call.partners_min)))
    if call.countries_min and call.countries_min > 1:
        count = len(project.countries)
        if count >= call.countries_min:
            status = OK
        else:
            status = FIXABLE
            fixable = True
        add(("countries", status, (count, call.countries_min)))
    if call.duration_max_months:
        months = project.duration_months
        if months is not None and months <= call.duration_max_months:
            status = OK
        else:
            status = FIXABLE
            fixable = True
        add(("duration", status, (months, call.duration_max_months)))
    if call.implementation_start or call.implementation_end:
        start, end = project.start_date, project.end_date
        if (
            start is not None
            and end is not None
            and (call.implementation_start is None or start >= call.implementation_start)
            and (call.implementation_end is None or end <= call.implementation_end)
        ):
            status = OK
        else:
            status = FIXABLE
            fixable = True
        add(("window", status, (start, end, call.implementation_start, call.implementation_end)))
    deadline = call.last_deadline
    if deadline is not None and deadline < today:
        status = BLOCKING
        blocking = True
    else:
        status = OK
    add(call.shared_reason("deadline", status, today))
    if call.exclusions:
        add(call.shared["exclusions", OK])

    verdict = NOT_ELIGIBLE if blocking else ELIGIBLE_IF if fixable else ELIGIBLE
    return _make_verdict(Verdict, (call.id, project.id, verdict, findings, ask, amount_fit))
