"""The eligibility pre-checks of a review round, on plain data."""

from decimal import Decimal

import pytest

from cultiva.portfolio.eligibility import CATALOGUE, ProjectFacts, check_project, check_projects

COMPLETE = ProjectFacts(
    id=1,
    budget_total=Decimal("120000"),
    has_lead=True,
    lead_verified=True,
    settlement_count=2,
    domain_count=1,
    summary={"hu": "Néptánctábor gyerekeknek"},
    maturity="concept",
)


def test_a_complete_project_passes_every_check():
    assert check_project(COMPLETE, CATALOGUE) == []


@pytest.mark.parametrize(
    ("change", "key"),
    [
        ({"budget_total": None}, "budget_present"),
        ({"budget_total": Decimal("0")}, "budget_present"),
        ({"has_lead": False, "lead_verified": False}, "lead_present"),
        ({"lead_verified": False}, "lead_verified"),
        ({"settlement_count": 0}, "settlement"),
        ({"domain_count": 0}, "domain"),
        ({"summary": {"en": "Only in English"}}, "summary_official"),
        ({"summary": {"ro": "   "}}, "summary_official"),
        ({"maturity": "dropped"}, "active"),
    ],
)
def test_each_check_fails_with_its_reason(change, key):
    facts = ProjectFacts(**{**COMPLETE.__dict__, **change})
    failures = check_project(facts, [key])
    assert [f.key for f in failures] == [key]
    assert failures[0].reason


def test_only_the_chosen_checks_run_in_their_order():
    facts = ProjectFacts(id=2)  # nothing filled in
    failures = check_project(facts, ["settlement", "budget_present"])
    assert [f.key for f in failures] == ["settlement", "budget_present"]


def test_romanian_summary_counts_as_official():
    facts = ProjectFacts(**{**COMPLETE.__dict__, "summary": {"ro": "Tabără de dans popular"}})
    assert check_project(facts, ["summary_official"]) == []


def test_many_projects_at_once():
    result = check_projects([COMPLETE, ProjectFacts(id=2)], ["lead_verified"])
    assert result[1] == []
    assert [f.key for f in result[2]] == ["lead_verified"]


def test_unknown_check_is_an_error():
    with pytest.raises(KeyError):
        check_project(COMPLETE, ["no_such_check"])
