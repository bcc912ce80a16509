"""Eligibility worked examples on the terms of the shipped programmes
(../shared/data/funding/programmes.csv): for each, an eligible, an eligible-if and a
not-eligible case, with the reasons' words and numbers checked in Hungarian and Romanian.

No database: CallTerms and ProjectFacts are built here. The words are compared with
`gettext` of the source text inside the language (right before and after the translations
are compiled); the numbers and dates are written out here in each language's own format.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.utils import translation
from django.utils.translation import gettext, ngettext

from cultiva.funding.eligibility import (
    BLOCKING,
    ELIGIBLE,
    ELIGIBLE_IF,
    FIXABLE,
    NOT_ELIGIBLE,
    OK,
    Area,
    CallTerms,
    Place,
    ProjectFacts,
    judge,
)
from cultiva.funding.money import Rates

TODAY = dt.date(2026, 12, 7)
RATES = Rates(
    [
        ("EUR", Decimal("4.97"), dt.date(2026, 11, 30)),
        ("EUR", Decimal("4.95"), dt.date(2026, 10, 31)),
        ("HUF", Decimal("0.0126"), dt.date(2026, 11, 30)),
    ]
)
HARGHITA, COVASNA = 1, 2
CSIKSZEREDA, SEPSISZENTGYORGY = 10, 20
MUSIC, HERITAGE, THEATRE, TOURISM = 101, 102, 103, 104
LANGS = ("hu", "ro")

RO = Area(country="RO", label="România")
HU = Area(country="HU", label="Magyarország")


def number(lang: str, text: str) -> str:
    """'250000' or '4.97' written the language's way: 250 000 / 4,97 (hu), 250.000 / 4,97 (ro)."""
    whole, _dot, cents = text.partition(".")
    groups = []
    while whole:
        groups.insert(0, whole[-3:])
        whole = whole[:-3]
    sep = "\xa0" if lang == "hu" else "."
    return sep.join(groups) + ("," + cents if cents else "")


def date(lang: str, value: dt.date) -> str:
    return f"{value:%Y.%m.%d.}" if lang == "hu" else f"{value:%d.%m.%Y}"


def money(lang: str, text: str, currency: str) -> str:
    return f"{number(lang, text)} {currency}"


def rate_text(lang: str, value: str, currency: str, on: dt.date) -> str:
    return gettext("%(value)s RON/%(currency)s (rate of %(date)s)") % {
        "value": number(lang, value),
        "currency": currency,
        "date": date(lang, on),
    }


def project(**kw) -> ProjectFacts:
    """A Csíkszereda association's music project of 200 000 RON with 20 000 own, 9 months."""
    values = {
        "id": 1,
        "lead_organisation_id": 7,
        "lead_legal_form": "association",
        "lead_legal_form_label": "association",
        "registered": Place("RO", HARGHITA, CSIKSZEREDA, "Csíkszereda"),
        "activity": (Place("RO", HARGHITA, CSIKSZEREDA, "Csíkszereda"),),
        "domain_ids": frozenset({MUSIC}),
        "budget_total": Decimal(200000),
        "currency": "RON",
        "own_contribution": Decimal(20000),
        "start_date": dt.date(2027, 3, 1),
        "end_date": dt.date(2027, 11, 30),
    }
    values.update(kw)
    return ProjectFacts(**values)


def hungarian_org(**kw) -> ProjectFacts:
    return project(
        registered=Place("HU", None, None, "Budapest"),
        activity=(),
        lead_organisation_id=8,
        **kw,
    )


def reason(verdict, key):
    found = verdict.reason(key)
    assert found is not None, f"no {key} reason in {verdict.reasons}"
    return found


def in_both(check):
    for lang in LANGS:
        with translation.override(lang):
            check(lang)


# --- the programmes' terms, as a coordinator or `load_funding` fills them in -----------------

AFCN = CallTerms(
    id=1,
    title="AFCN Sesiunea I/2027",
    legal_forms=frozenset({"association", "foundation", "public_institution"}),
    registered_areas=(RO,),
    max_amount=Decimal(250000),
    currency="RON",
    own_contribution_min_pct=Decimal(10),
    funding_rate_max_pct=Decimal(90),
    duration_max_months=12,
    max_applications_per_applicant=2,
    opens_on=dt.date(2026, 11, 1),
    deadlines=(dt.date(2026, 12, 20),),
    exclusions="co-financing from other public funds under de minimis",
)

HARGHITA_CIVIL = CallTerms(
    id=2,
    title="Hargita Megye kulturális pályázat 2027",
    legal_forms=frozenset({"association", "foundation", "church"}),
    registered_areas=(Area(county_id=HARGHITA, label="Hargita"),),
    activity_areas=(Area(county_id=HARGHITA, label="Hargita"),),
    currency="RON",
    duration_max_months=12,
    implementation_start=dt.date(2027, 1, 1),
    implementation_end=dt.date(2027, 12, 31),
    opens_on=dt.date(2027, 2, 1),
    deadlines=(dt.date(2027, 3, 15),),
)

BGA_REGIONAL = CallTerms(
    id=3,
    title="BGA regional",
    legal_forms=frozenset({"association", "foundation", "local_government", "church"}),
    registered_areas=(RO,),
    min_amount=Decimal(300000),
    max_amount=Decimal(3000000),
    currency="HUF",
    own_contribution_min_pct=Decimal(0),
    funding_rate_max_pct=Decimal(100),
    duration_max_months=12,
    max_applications_per_applicant=1,
    deadlines=(dt.date(2027, 1, 31),),
)

BGA_CENTRAL = CallTerms(
    id=4,
    title="BGA central",
    legal_forms=frozenset({"association", "foundation", "local_government", "church"}),
    registered_areas=(RO,),
    min_amount=Decimal(500000),
    max_amount=Decimal(10000000),
    currency="HUF",
    own_contribution_min_pct=Decimal(0),
    funding_rate_max_pct=Decimal(100),
    duration_max_months=12,
    max_applications_per_applicant=1,
    deadlines=(dt.date(2027, 1, 31),),
)

CE_SMALL = CallTerms(
    id=5,
    title="CREA-CULT-2027-COOP-1",
    legal_forms=frozenset(
        {"association", "foundation", "public_institution", "local_government", "company"}
    ),
    max_amount=Decimal(200000),
    currency="EUR",
    own_contribution_min_pct=Decimal(20),
    funding_rate_max_pct=Decimal(80),
    partners_min=3,
    countries_min=3,
    duration_max_months=48,
    deadlines=(dt.date(2027, 5, 13),),
)

CE_MEDIUM = CallTerms(
    id=6,
    title="CREA-CULT-2026-COOP-2",
    legal_forms=frozenset({"association", "foundation", "public_institution", "company"}),
    max_amount=Decimal(1000000),
    currency="EUR",
    own_contribution_min_pct=Decimal(30),
    funding_rate_max_pct=Decimal(70),
    partners_min=5,
    countries_min=5,
    duration_max_months=48,
    deadlines=(dt.date(2027, 5, 13),),
)

INTERREG = CallTerms(
    id=7,
    title="Interreg Danube SO 3.3",
    registered_areas=(RO, HU),
    domain_term_ids=frozenset({HERITAGE, TOURISM}),
    domain_labels=("culture and sustainable tourism", "heritage"),
    currency="EUR",
    own_contribution_min_pct=Decimal(20),
    funding_rate_max_pct=Decimal(80),
    countries_min=3,
    duration_max_months=30,
    deadlines=(dt.date(2027, 3, 1),),
)

NKA = CallTerms(
    id=8,
    title="NKA Népművészeti Kollégium",
    registered_areas=(HU,),
    domain_term_ids=frozenset({MUSIC, THEATRE}),
    domain_labels=("népművészet",),
    currency="HUF",
    duration_max_months=12,
    deadlines=(dt.date(2027, 2, 15),),
)

LAW_350 = CallTerms(
    id=9,
    title="Csíkszereda, Law 350/2005 grants 2027",
    legal_forms=frozenset({"association", "foundation"}),
    activity_areas=(Area(settlement_id=CSIKSZEREDA, label="Miercurea Ciuc / Csíkszereda"),),
    currency="RON",
    own_contribution_min_pct=Decimal(10),
    funding_rate_max_pct=Decimal(90),
    duration_max_months=12,
    implementation_end=dt.date(2027, 12, 31),
    opens_on=dt.date(2027, 1, 15),
    deadlines=(dt.date(2027, 2, 28),),
)


def judged(call, facts):
    return judge(call, facts, RATES, TODAY)


# --- AFCN ---------------------------------------------------------------------------------


def test_afcn_eligible():
    v = judged(AFCN, project())
    assert v.verdict == ELIGIBLE, [(r.key, r.status, r.text) for r in v.reasons]

    def check(lang):
        assert reason(v, "max_amount").text == gettext(
            "%(ask)s is within the call's maximum of %(max)s."
        ) % {"ask": money(lang, "180000", "RON"), "max": money(lang, "250000", "RON")}
        own = reason(v, "own_contribution")
        assert money(lang, "20000", "RON") in own.text
        assert "10 %" in own.text

    in_both(check)


def test_afcn_eligible_if_asks_too_much_without_own_contribution():
    v = judged(AFCN, project(budget_total=Decimal(300000), own_contribution=Decimal(0)))
    assert v.verdict == ELIGIBLE_IF
    assert reason(v, "max_amount").status == FIXABLE
    assert reason(v, "own_contribution").status == FIXABLE

    def check(lang):
        values = {
            "ask": money(lang, "300000", "RON"),
            "max": money(lang, "250000", "RON"),
            "rest": money(lang, "50000", "RON"),
        }
        r = reason(v, "max_amount")
        assert r.text == gettext("%(ask)s exceeds the call's maximum of %(max)s.") % values
        assert (
            r.fix
            == gettext(
                "Ask for at most %(max)s and cover the remaining %(rest)s from other sources."
            )
            % values
        )
        own = reason(v, "own_contribution")
        values = {
            "pct": "10 %",
            "needed": money(lang, "30000", "RON"),
            "own": money(lang, "0", "RON"),
        }
        assert (
            own.text
            == gettext(
                "Needs at least %(pct)s own contribution: %(needed)s; the card shows %(own)s."
            )
            % values
        )
        assert own.fix == gettext("Raise the own contribution to %(needed)s.") % values

    in_both(check)


def test_afcn_not_eligible_for_a_church():
    v = judged(AFCN, project(lead_legal_form="church", lead_legal_form_label="church"))
    assert v.verdict == NOT_ELIGIBLE
    r = reason(v, "legal_form")
    assert r.status == BLOCKING

    def check(lang):
        admitted = ", ".join(
            gettext(label) for label in ("association", "foundation", "public institution")
        )
        assert r.text == gettext(
            "The lead organisation is a %(form)s; this call admits %(admitted)s."
        ) % {"form": "church", "admitted": admitted}

    in_both(check)


def test_afcn_two_applications_already_are_the_most():
    v = judged(AFCN, project(applications_by_call={AFCN.id: 2}))
    assert v.verdict == NOT_ELIGIBLE
    r = reason(v, "applications")
    assert r.status == BLOCKING

    def check(lang):
        assert r.text == ngettext(
            "The lead organisation already has %(count)s application to this call, the most "
            "it allows (%(max)s).",
            "The lead organisation already has %(count)s applications to this call, the most "
            "it allows (%(max)s).",
            2,
        ) % {"count": "2", "max": "2"}

    in_both(check)


# --- Harghita county civil calls ----------------------------------------------------------


def test_harghita_civil_eligible():
    v = judged(HARGHITA_CIVIL, project())
    assert v.verdict == ELIGIBLE

    def check(lang):
        assert reason(v, "registered").text == gettext(
            "The lead organisation is registered in %(place)s, as the call requires."
        ) % {"place": "Csíkszereda"}
        assert reason(v, "deadline").text == gettext(
            "Opens on %(opens)s; the deadline is %(date)s."
        ) % {"opens": date(lang, dt.date(2027, 2, 1)), "date": date(lang, dt.date(2027, 3, 15))}

    in_both(check)


def test_harghita_civil_eligible_if_shortened_to_twelve_months():
    v = judged(
        HARGHITA_CIVIL,
        project(start_date=dt.date(2027, 1, 1), end_date=dt.date(2028, 6, 30)),
    )
    assert v.verdict == ELIGIBLE_IF
    r = reason(v, "duration")
    assert r.status == FIXABLE
    assert reason(v, "window").status == FIXABLE

    def check(lang):
        assert r.text == ngettext(
            "The project lasts %(months)s month; the call allows at most %(max)s.",
            "The project lasts %(months)s months; the call allows at most %(max)s.",
            18,
        ) % {"months": "18", "max": "12"}
        assert r.fix == ngettext(
            "Shorten the project to %(max)s month.", "Shorten the project to %(max)s months.", 12
        ) % {"max": "12"}
        w = reason(v, "window")
        assert date(lang, dt.date(2027, 12, 31)) in w.fix
        assert date(lang, dt.date(2028, 6, 30)) in w.text

    in_both(check)


def test_harghita_civil_not_eligible_for_an_organisation_of_covasna():
    seat = Place("RO", COVASNA, SEPSISZENTGYORGY, "Sepsiszentgyörgy")
    v = judged(HARGHITA_CIVIL, project(registered=seat, activity=(seat,)))
    assert v.verdict == NOT_ELIGIBLE
    assert reason(v, "registered").status == BLOCKING
    assert reason(v, "activity").status == BLOCKING

    def check(lang):
        assert reason(v, "registered").text == gettext(
            "The lead organisation is registered in %(place)s; this call requires "
            "registration in %(areas)s."
        ) % {"place": "Sepsiszentgyörgy", "areas": "Hargita"}

    in_both(check)


# --- Bethlen Gábor Alap -------------------------------------------------------------------


def test_bga_regional_eligible_through_the_exchange_rate():
    v = judged(BGA_REGIONAL, project(budget_total=Decimal(10000), own_contribution=Decimal(0)))
    assert v.verdict == ELIGIBLE, [(r.key, r.status, r.text) for r in v.reasons]

    def check(lang):
        assert reason(v, "rate").text == gettext("%(amount)s is %(converted)s at %(rate)s.") % {
            "amount": money(lang, "10000", "RON"),
            "converted": money(lang, "793650.79", "HUF"),
            "rate": rate_text(lang, "0.0126", "HUF", dt.date(2026, 11, 30)),
        }
        assert reason(v, "min_amount").text == gettext(
            "%(ask)s reaches the call's minimum of %(min)s."
        ) % {"ask": money(lang, "793650.79", "HUF"), "min": money(lang, "300000", "HUF")}

    in_both(check)


def test_bga_regional_eligible_if_asking_at_most_three_million():
    v = judged(BGA_REGIONAL, project(budget_total=Decimal(50000), own_contribution=Decimal(0)))
    assert v.verdict == ELIGIBLE_IF
    r = reason(v, "max_amount")
    assert r.status == FIXABLE

    def check(lang):
        values = {
            "ask": money(lang, "3968253.97", "HUF"),
            "max": money(lang, "3000000", "HUF"),
            "rest": money(lang, "968253.97", "HUF"),
        }
        assert r.text == gettext("%(ask)s exceeds the call's maximum of %(max)s.") % values
        assert money(lang, "968253.97", "HUF") in r.fix

    in_both(check)


def test_bga_regional_not_eligible_below_the_minimum():
    v = judged(BGA_REGIONAL, project(budget_total=Decimal(3000), own_contribution=Decimal(0)))
    assert v.verdict == NOT_ELIGIBLE
    r = reason(v, "min_amount")
    assert r.status == BLOCKING

    def check(lang):
        assert r.text == gettext(
            "The whole budget of %(budget)s is below the call's minimum of %(min)s."
        ) % {"budget": money(lang, "238095.24", "HUF"), "min": money(lang, "300000", "HUF")}

    in_both(check)


def test_bga_central_eligible():
    v = judged(BGA_CENTRAL, project(budget_total=Decimal(20000), own_contribution=Decimal(0)))
    assert v.verdict == ELIGIBLE

    def check(lang):
        assert money(lang, "1587301.59", "HUF") in reason(v, "max_amount").text
        assert money(lang, "10000000", "HUF") in reason(v, "max_amount").text

    in_both(check)


def test_bga_central_eligible_if_asking_more_the_budget_allows():
    v = judged(BGA_CENTRAL, project(budget_total=Decimal(10000), own_contribution=Decimal(5000)))
    assert v.verdict == ELIGIBLE_IF
    r = reason(v, "min_amount")
    assert r.status == FIXABLE

    def check(lang):
        values = {
            "ask": money(lang, "396825.40", "HUF"),
            "min": money(lang, "500000", "HUF"),
            "budget": money(lang, "793650.79", "HUF"),
        }
        assert r.text == gettext("%(ask)s is below the call's minimum of %(min)s.") % values
        assert (
            r.fix
            == gettext("Ask for at least %(min)s; the budget of %(budget)s allows it.") % values
        )

    in_both(check)


def test_bga_central_not_eligible_for_an_organisation_registered_in_hungary():
    v = judged(BGA_CENTRAL, hungarian_org(budget_total=Decimal(20000)))
    assert v.verdict == NOT_ELIGIBLE
    r = reason(v, "registered")
    assert r.status == BLOCKING

    def check(lang):
        assert "Budapest" in r.text and "România" in r.text

    in_both(check)


# --- Creative Europe ----------------------------------------------------------------------

PARTNERS_3 = {"partners_count": 3, "partner_countries": ("HU", "AT", "RO")}


def test_creative_europe_small_eligible():
    v = judged(
        CE_SMALL,
        project(
            budget_total=Decimal(500000),
            own_contribution=Decimal(100000),
            end_date=dt.date(2029, 2, 28),
            **PARTNERS_3,
        ),
    )
    assert v.verdict == ELIGIBLE, [(r.key, r.status, r.text) for r in v.reasons]

    def check(lang):
        assert reason(v, "rate").text == gettext("%(amount)s is %(converted)s at %(rate)s.") % {
            "amount": money(lang, "400000", "RON"),
            "converted": money(lang, "80482.90", "EUR"),
            "rate": rate_text(lang, "4.97", "EUR", dt.date(2026, 11, 30)),
        }
        assert "20 %" in reason(v, "own_contribution").text
        assert reason(v, "countries").text == gettext(
            "Countries in the partnership: %(count)s; the call asks for at least %(min)s."
        ) % {"count": "3", "min": "3"}

    in_both(check)


def test_creative_europe_small_eligible_if_partners_from_more_countries():
    v = judged(
        CE_SMALL,
        project(
            budget_total=Decimal(500000),
            own_contribution=Decimal(100000),
            partners_count=1,
            partner_countries=("RO",),
        ),
    )
    assert v.verdict == ELIGIBLE_IF
    assert reason(v, "partners").status == FIXABLE
    assert reason(v, "countries").status == FIXABLE

    def check(lang):
        p = reason(v, "partners")
        assert p.text == gettext(
            "Organisations in the partnership, the lead included: %(count)s; the call asks "
            "for at least %(min)s."
        ) % {"count": "2", "min": "3"}
        assert p.fix == ngettext(
            "Add %(missing)s more partner.", "Add %(missing)s more partners.", 1
        ) % {"missing": "1"}
        c = reason(v, "countries")
        assert c.fix == ngettext(
            "Add a partner from another country.",
            "Add partners from %(missing)s more countries.",
            2,
        ) % {"missing": "2"}

    in_both(check)


def test_creative_europe_small_not_eligible_for_an_informal_group():
    v = judged(
        CE_SMALL,
        project(
            lead_legal_form="informal_group",
            lead_legal_form_label="informal group",
            budget_total=Decimal(500000),
            own_contribution=Decimal(100000),
            **PARTNERS_3,
        ),
    )
    assert v.verdict == NOT_ELIGIBLE
    assert reason(v, "legal_form").status == BLOCKING

    def check(lang):
        assert gettext("association") in reason(v, "legal_form").text

    in_both(check)


PARTNERS_5 = {"partners_count": 5, "partner_countries": ("HU", "AT", "SK", "SI", "RO")}


def test_creative_europe_medium_eligible():
    v = judged(
        CE_MEDIUM,
        project(budget_total=Decimal(1000000), own_contribution=Decimal(300000), **PARTNERS_5),
    )
    assert v.verdict == ELIGIBLE

    def check(lang):
        assert money(lang, "140845.07", "EUR") in reason(v, "max_amount").text
        assert money(lang, "1000000", "EUR") in reason(v, "max_amount").text

    in_both(check)


def test_creative_europe_medium_eligible_if_own_contribution_raised_to_thirty_percent():
    v = judged(
        CE_MEDIUM,
        project(budget_total=Decimal(1000000), own_contribution=Decimal(0), **PARTNERS_5),
    )
    assert v.verdict == ELIGIBLE_IF
    r = reason(v, "own_contribution")

    def check(lang):
        assert r.text == gettext(
            "Needs at least %(pct)s own contribution: %(needed)s; the card shows %(own)s."
        ) % {
            "pct": "30 %",
            "needed": money(lang, "300000", "RON"),
            "own": money(lang, "0", "RON"),
        }

    in_both(check)


def test_creative_europe_medium_not_eligible_after_the_deadline():
    v = judge(
        CE_MEDIUM,
        project(budget_total=Decimal(1000000), own_contribution=Decimal(300000), **PARTNERS_5),
        RATES,
        dt.date(2027, 5, 14),
    )
    assert v.verdict == NOT_ELIGIBLE
    r = reason(v, "deadline")
    assert r.status == BLOCKING

    def check(lang):
        assert r.text == gettext("The deadline passed on %(date)s.") % {
            "date": date(lang, dt.date(2027, 5, 13))
        }

    in_both(check)


# --- Interreg Danube ----------------------------------------------------------------------

DANUBE = {
    "domain_ids": frozenset({HERITAGE}),
    "partners_count": 2,
    "partner_countries": ("HU", "AT"),
    "budget_total": Decimal(400000),
    "own_contribution": Decimal(80000),
}


def test_interreg_eligible():
    v = judged(INTERREG, project(end_date=dt.date(2029, 2, 28), **DANUBE))
    assert v.verdict == ELIGIBLE, [(r.key, r.status, r.text) for r in v.reasons]

    def check(lang):
        assert reason(v, "domains").text == gettext(
            "The project's cultural domains match the call's (%(domains)s)."
        ) % {"domains": "culture and sustainable tourism, heritage"}
        assert money(lang, "80000", "RON") in reason(v, "own_contribution").text

    in_both(check)


def test_interreg_eligible_if_shortened_to_thirty_months():
    v = judged(INTERREG, project(end_date=dt.date(2030, 2, 28), **DANUBE))
    assert v.verdict == ELIGIBLE_IF
    r = reason(v, "duration")

    def check(lang):
        assert r.fix == ngettext(
            "Shorten the project to %(max)s month.", "Shorten the project to %(max)s months.", 30
        ) % {"max": "30"}
        assert "36" in r.text

    in_both(check)


def test_interreg_not_eligible_outside_its_domains():
    v = judged(INTERREG, project(**{**DANUBE, "domain_ids": frozenset({MUSIC})}))
    assert v.verdict == NOT_ELIGIBLE
    r = reason(v, "domains")
    assert r.status == BLOCKING

    def check(lang):
        assert r.text == gettext(
            "None of the project's cultural domains is among the call's: %(domains)s."
        ) % {"domains": "culture and sustainable tourism, heritage"}

    in_both(check)


# --- NKA ----------------------------------------------------------------------------------


def test_nka_eligible_for_an_organisation_registered_in_hungary():
    v = judged(NKA, hungarian_org())
    assert v.verdict == ELIGIBLE

    def check(lang):
        assert reason(v, "registered").text == gettext(
            "The lead organisation is registered in %(place)s, as the call requires."
        ) % {"place": "Budapest"}

    in_both(check)


def test_nka_eligible_if_the_card_names_its_domains():
    v = judged(NKA, hungarian_org(domain_ids=frozenset()))
    assert v.verdict == ELIGIBLE_IF
    r = reason(v, "domains")
    assert r.status == FIXABLE

    def check(lang):
        assert r.fix == gettext("Add the project's cultural domains to its card.")
        assert "népművészet" in r.text

    in_both(check)


def test_nka_not_eligible_for_an_organisation_registered_in_romania():
    v = judged(NKA, project())
    assert v.verdict == NOT_ELIGIBLE

    def check(lang):
        assert reason(v, "registered").text == gettext(
            "The lead organisation is registered in %(place)s; this call requires "
            "registration in %(areas)s."
        ) % {"place": "Csíkszereda", "areas": "Magyarország"}

    in_both(check)


# --- Law 350/2005 local grants ------------------------------------------------------------


def test_law_350_eligible():
    v = judged(LAW_350, project(budget_total=Decimal(100000), own_contribution=Decimal(10000)))
    assert v.verdict == ELIGIBLE
    assert reason(v, "activity").status == OK

    def check(lang):
        assert reason(v, "own_contribution").text == gettext(
            "The own contribution of %(own)s reaches the %(pct)s the call asks for (%(needed)s)."
        ) % {
            "own": money(lang, "10000", "RON"),
            "pct": "10 %",
            "needed": money(lang, "10000", "RON"),
        }

    in_both(check)


def test_law_350_eligible_if_own_contribution_raised():
    v = judged(LAW_350, project(budget_total=Decimal(100000), own_contribution=Decimal(5000)))
    assert v.verdict == ELIGIBLE_IF

    def check(lang):
        r = reason(v, "own_contribution")
        assert money(lang, "5000", "RON") in r.text
        assert r.fix == gettext("Raise the own contribution to %(needed)s.") % {
            "needed": money(lang, "10000", "RON")
        }

    in_both(check)


def test_law_350_not_eligible_for_a_company():
    v = judged(
        LAW_350,
        project(
            lead_legal_form="company",
            lead_legal_form_label="company",
            budget_total=Decimal(100000),
            own_contribution=Decimal(10000),
        ),
    )
    assert v.verdict == NOT_ELIGIBLE
    assert reason(v, "legal_form").status == BLOCKING


# --- the rules themselves -----------------------------------------------------------------


def test_a_missing_rate_is_its_own_reason_not_a_crash():
    v = judge(BGA_REGIONAL, project(), Rates([]), TODAY)
    assert v.verdict == ELIGIBLE_IF
    r = reason(v, "rate")
    assert r.status == FIXABLE

    def check(lang):
        assert r.text == gettext(
            "There is no exchange rate of %(currency)s on or before %(date)s, so the amounts "
            "cannot be compared."
        ) % {"currency": "HUF", "date": date(lang, TODAY)}

    in_both(check)


def test_the_rate_used_is_the_latest_on_or_before_the_day():
    v = judge(CE_SMALL, project(**PARTNERS_3), RATES, dt.date(2026, 11, 15))
    with translation.override("ro"):
        assert rate_text("ro", "4.95", "EUR", dt.date(2026, 10, 31)) in reason(v, "rate").text


def test_no_lead_organisation_blocks():
    v = judged(AFCN, project(lead_organisation_id=None))
    assert v.verdict == NOT_ELIGIBLE
    assert reason(v, "lead").status == BLOCKING


def test_no_budget_is_fixable():
    v = judged(AFCN, project(budget_total=None))
    assert v.verdict == ELIGIBLE_IF
    assert reason(v, "budget").status == FIXABLE


def test_every_reason_has_a_text_and_every_fixable_one_a_fix():
    cases = [(AFCN, project(budget_total=Decimal(900000), partners_count=0))]
    cases += [(c, project()) for c in (HARGHITA_CIVIL, BGA_CENTRAL, CE_SMALL, INTERREG, LAW_350)]
    for call, facts in cases:
        v = judged(call, facts)
        for lang in LANGS:
            with translation.override(lang):
                for r in v.reasons:
                    assert r.text
                    if r.status == FIXABLE:
                        assert r.fix, r


@pytest.mark.parametrize(
    ("start", "end", "months"),
    [
        (dt.date(2027, 1, 1), dt.date(2027, 12, 31), 12),
        (dt.date(2027, 3, 1), dt.date(2027, 11, 30), 9),
        (dt.date(2027, 3, 15), dt.date(2027, 4, 14), 1),
        (dt.date(2027, 1, 1), dt.date(2029, 6, 30), 30),
    ],
)
def test_months(start, end, months):
    from cultiva.funding.eligibility import months_between

    assert months_between(start, end) == months
