"""The gap matrix over the API: the page's numbers, filters and permission."""

from __future__ import annotations

import pytest

from cultiva.ideas.models import Contribution
from tests.factories import make_contribution, make_project, make_term

pytestmark = pytest.mark.django_db

API = "/api/v1"


def gaps_url(process, **query) -> str:
    url = f"{API}/processes/{process.slug}/gaps"
    return url + ("?" + "&".join(f"{k}={v}" for k, v in query.items()) if query else "")


def cell(body: dict, row_name: str, domain: str) -> dict:
    row = next(row for row in body["matrix"] if row["name"] == row_name)
    return next(cell for cell in row["cells"] if cell["domain"] == domain)


def test_a_need_is_a_gap_until_a_project_takes_it_up(scenario):
    need = make_contribution(
        scenario.process,
        scenario.world.member,
        kind=Contribution.Kind.NEED,
        title="Nincs próbaterem",
        domains=[scenario.domain],
        settlements=[scenario.settlement],
    )
    response = scenario.get("anonymous", gaps_url(scenario.process))
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["rows"] == "regions"
    assert [d["slug"] for d in body["domains"]] == ["heritage", "music"]
    # The scenario's project (heritage, in Gyergyó and Udvarhely) answers this cell already.
    assert cell(body, "Gyergyó", "heritage")["gap"] is False
    assert cell(body, "Gyergyó", "heritage")["needs"] == 1
    assert need.pk in [n["id"] for n in body["unanswered"]]
    # The need taken up by the project is not unanswered.
    assert scenario.contributions["in_portfolio"].pk not in [n["id"] for n in body["unanswered"]]

    by_settlement = scenario.get("anonymous", gaps_url(scenario.process, rows="settlements"))
    row = next(r for r in by_settlement.json()["matrix"] if r["siruta"] == 83437)
    assert row["micro_region"] is None and row["total"]["needs"] == 1

    # A need in music there: a gap, until a project takes it up (the answer changes at once).
    music = make_term("domain", "music")
    need.domains.set([music])
    body = scenario.get("anonymous", gaps_url(scenario.process)).json()
    assert cell(body, "Gyergyó", "music")["gap"] is True
    assert body["gap_count"] >= 1
    project = make_project(scenario.process, origins=[need], budget_total=90000)
    project.domains.set([music])
    project.settlements.set([scenario.settlement])
    body = scenario.get("anonymous", gaps_url(scenario.process)).json()
    assert cell(body, "Gyergyó", "music")["gap"] is False
    assert cell(body, "Gyergyó", "music")["budget"] == "90000.00"
    assert need.pk not in [n["id"] for n in body["unanswered"]]


def test_the_meeting_and_target_group_filters(scenario):
    youth = make_term("target_group", "youth")
    at_meeting = scenario.contributions["public"]  # an idea at the published meeting
    at_meeting.domains.set([scenario.domain])
    at_meeting.target_groups.set([youth])
    meeting = scenario.meetings["published"]
    for query in ({"meeting": meeting.pk}, {"meeting": "series"}, {"target_group": "youth"}):
        body = scenario.get("anonymous", gaps_url(scenario.process, **query)).json()
        assert cell(body, "Gyergyó", "heritage")["ideas"] == 1, query
    body = scenario.get("anonymous", gaps_url(scenario.process, meeting="outside")).json()
    assert cell(body, "Gyergyó", "heritage")["ideas"] == 0
    assert body["meeting"] == "outside"


@pytest.mark.parametrize(
    "query, field",
    [
        ({"meeting": "987654"}, "meeting"),
        ({"meeting": "everywhere"}, "meeting"),
        ({"target_group": "nobody"}, "target_group"),
    ],
)
def test_a_filter_value_the_page_does_not_offer_is_422_in_the_requests_language(
    scenario, query, field
):
    response = scenario.get("member", gaps_url(scenario.process, lang="ro", **query))
    assert response.status_code == 422
    [problem] = response.json()["detail"]
    assert problem["loc"] == ["query", field]
    assert "Selectați o opțiune validă" in problem["msg"]


def test_an_unpublished_meeting_is_no_filter_for_the_public(scenario):
    """The page offers only the meetings the reader may see."""
    hidden = scenario.meetings["unpublished"]
    url = gaps_url(scenario.process, meeting=hidden.pk)
    assert scenario.get("anonymous", url).status_code == 422
    assert scenario.get("facilitator", url).status_code == 200


def test_rows_outside_the_enum_and_malformed_values_are_422(scenario):
    for query in ({"rows": "villages"}, {"meeting": "a b"}, {"target_group": "x" * 61}):
        assert scenario.get("member", gaps_url(scenario.process, **query)).status_code == 422


@pytest.mark.parametrize(
    "role, status", [("anonymous", 404), ("outsider", 404), ("member", 200), ("coordinator", 200)]
)
def test_an_unpublished_process_only_for_its_people(scenario, role, status):
    """The page's permission (`can_view_portfolio`): who may not see it gets the API's 404."""
    response = scenario.get(role, gaps_url(scenario.hidden_process))
    assert response.status_code == status
