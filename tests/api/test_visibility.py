"""What each role sees on every endpoint: the API must tell no more than the site's rules."""

from __future__ import annotations

import pytest

from tests.api.conftest import ROLES, STAFF

API = "/api/v1"

pytestmark = pytest.mark.django_db


def items(response) -> list[dict]:
    assert response.status_code == 200, response.content
    return response.json()["items"]


# Processes ----------------------------------------------------------------------------


@pytest.mark.parametrize("role", ROLES)
def test_process_list(scenario, role):
    slugs = {p["slug"] for p in items(scenario.get(role, f"{API}/processes"))}
    expected = {scenario.process.slug}
    if role in ("member", "coordinator"):  # they hold a role in the unpublished process
        expected.add("hidden-process")
    assert slugs == expected


@pytest.mark.parametrize(
    ("role", "status"),
    [
        ("anonymous", 404),
        ("outsider", 404),
        ("member", 200),
        ("facilitator", 404),
        ("coordinator", 200),
    ],
)
def test_unpublished_process_detail(scenario, role, status):
    response = scenario.get(role, f"{API}/processes/hidden-process")
    assert response.status_code == status
    if status == 404:
        assert response.json() == {"detail": response.json()["detail"]}
        assert "hidden" not in response.json()["detail"]
    else:
        assert response.json()["is_published"] is False


@pytest.mark.parametrize("role", ROLES)
def test_published_process_detail(scenario, role):
    data = scenario.get(role, f"{API}/processes/{scenario.process.slug}").json()
    assert data["slug"] == scenario.process.slug
    assert data["county"]["siruta"] == scenario.process.county.siruta
    assert data["display_title"] == scenario.process.title["hu"]
    assert [phase["kind"] for phase in data["phases"]] == ["submission"]
    assert data["phases"][0]["is_current"] is True
    assert data["meeting_count"] == 1
    assert data["contribution_count"] == 2
    assert data["project_count"] == 1


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("suffix", ["", "/meetings", "/contributions", "/projects"])
def test_unknown_process_is_404(scenario, role, suffix):
    response = scenario.get(role, f"{API}/processes/no-such-process{suffix}")
    assert response.status_code == 404
    assert "detail" in response.json()


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("suffix", ["/meetings", "/contributions", "/projects"])
def test_lists_of_unpublished_process(scenario, role, suffix):
    response = scenario.get(role, f"{API}/processes/hidden-process{suffix}")
    assert response.status_code == (200 if role in ("member", "coordinator") else 404)


# Meetings ----------------------------------------------------------------------------


@pytest.mark.parametrize("role", ROLES)
def test_meeting_list(scenario, role):
    found = {
        m["id"]
        for m in items(scenario.get(role, f"{API}/processes/{scenario.process.slug}/meetings"))
    }
    expected = {scenario.meetings["published"].pk}
    if role in STAFF:
        expected.add(scenario.meetings["unpublished"].pk)
    assert found == expected


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("which", ["published", "unpublished"])
def test_meeting_detail(scenario, role, which):
    meeting = scenario.meetings[which]
    response = scenario.get(role, f"{API}/processes/{scenario.process.slug}/meetings/{meeting.pk}")
    visible = which == "published" or role in STAFF
    assert response.status_code == (200 if visible else 404)
    if visible:
        data = response.json()
        assert data["id"] == meeting.pk
        assert data["process"] == scenario.process.slug
        assert data["is_published"] is (which == "published")


@pytest.mark.parametrize("role", ROLES)
def test_meeting_online_link_only_for_signed_in(scenario, role):
    meeting = scenario.meetings["published"]
    data = scenario.get(
        role, f"{API}/processes/{scenario.process.slug}/meetings/{meeting.pk}"
    ).json()
    assert data["online_url"] == (None if role == "anonymous" else meeting.online_url)
    assert data["settlement"]["siruta"] == scenario.settlement.siruta


def test_meeting_of_another_process_is_404(scenario):
    other_meeting = scenario.meetings["published"]
    response = scenario.get(
        "coordinator", f"{API}/processes/hidden-process/meetings/{other_meeting.pk}"
    )
    assert response.status_code == 404


# Contributions -----------------------------------------------------------------------

VISIBLE_CONTRIBUTIONS = {
    "anonymous": {"public", "in_portfolio"},
    "outsider": {"public", "in_portfolio"},
    "member": {"public", "in_portfolio", "draft", "withdrawn"},  # the author, hidden excepted
    "facilitator": {"public", "in_portfolio", "draft", "withdrawn", "hidden"},
    "coordinator": {"public", "in_portfolio", "draft", "withdrawn", "hidden"},
}


@pytest.mark.parametrize("role", ROLES)
def test_contribution_list(scenario, role):
    response = scenario.get(role, f"{API}/processes/{scenario.process.slug}/contributions")
    found = {c["id"] for c in items(response)}
    expected = {scenario.contributions[key].pk for key in VISIBLE_CONTRIBUTIONS[role]}
    assert found == expected
    assert response.json()["count"] == len(expected)


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("key", ["public", "in_portfolio", "draft", "withdrawn", "hidden"])
def test_contribution_detail(scenario, role, key):
    contribution = scenario.contributions[key]
    response = scenario.get(
        role, f"{API}/processes/{scenario.process.slug}/contributions/{contribution.pk}"
    )
    visible = key in VISIBLE_CONTRIBUTIONS[role]
    assert response.status_code == (200 if visible else 404)
    if visible:
        assert response.json()["status"] == contribution.status
    else:
        assert set(response.json()) == {"detail"}


@pytest.mark.parametrize("role", ROLES)
def test_contribution_shows_author_by_name_only(scenario, role):
    url = f"{API}/processes/{scenario.process.slug}/contributions"
    for response in (
        scenario.get(role, url),
        scenario.get(role, f"{url}/{scenario.contributions['public'].pk}"),
    ):
        assert response.status_code == 200
        assert b"@" not in response.content
    data = scenario.get(role, f"{url}/{scenario.contributions['public'].pk}").json()
    assert data["author"] == scenario.world.member.full_name
    assert data["organisation"] == {
        "id": scenario.world.organisation.pk,
        "display_name": "Csíki Hagyományőrző Egyesület",
    }
    assert data["settlements"] == [scenario.settlement.siruta]
    assert data["domains"] == ["heritage"]
    assert data["meeting"] == scenario.meetings["published"].pk


@pytest.mark.parametrize("role", ROLES)
def test_contribution_hides_unpublished_meeting(scenario, role):
    contribution = scenario.contributions["in_portfolio"]
    data = scenario.get(
        role, f"{API}/processes/{scenario.process.slug}/contributions/{contribution.pk}"
    ).json()
    expected = scenario.meetings["unpublished"].pk if role in STAFF else None
    assert data["meeting"] == expected
    assert data["projects"] == [scenario.project.pk]


def test_contribution_filters(scenario):
    url = f"{API}/processes/{scenario.process.slug}/contributions"
    need = scenario.contributions["in_portfolio"].pk
    assert [c["id"] for c in items(scenario.get("anonymous", f"{url}?kind=need"))] == [need]
    assert [c["id"] for c in items(scenario.get("anonymous", f"{url}?domain=music"))] == [need]
    assert items(scenario.get("anonymous", f"{url}?domain=no-such-domain")) == []
    found = items(scenario.get("anonymous", f"{url}?q=Tájház"))
    assert [c["id"] for c in found] == [scenario.contributions["public"].pk]


def test_contribution_of_another_process_is_404(scenario):
    contribution = scenario.contributions["public"]
    response = scenario.get(
        "coordinator", f"{API}/processes/hidden-process/contributions/{contribution.pk}"
    )
    assert response.status_code == 404


# Projects ----------------------------------------------------------------------------


def expected_origins(scenario, role):
    keys = ["in_portfolio", "hidden"] if role in STAFF else ["in_portfolio"]
    return sorted(scenario.contributions[key].pk for key in keys)


def expected_measures(role):
    # The draft strategy's measure is for the process's staff (and experts, decision-makers).
    return ["A.1.1", "C1.1.1"] if role in STAFF else ["A.1.1"]


@pytest.mark.parametrize("role", ROLES)
def test_project_list(scenario, role):
    found = items(scenario.get(role, f"{API}/processes/{scenario.process.slug}/projects"))
    assert [p["code"] for p in found] == ["HR-001"]
    assert found[0]["origins"] == expected_origins(scenario, role)
    assert found[0]["measures"] == expected_measures(role)


@pytest.mark.parametrize("role", ROLES)
def test_project_detail(scenario, role):
    project = scenario.project
    data = scenario.get(
        role, f"{API}/processes/{scenario.process.slug}/projects/{project.pk}"
    ).json()
    assert data["code"] == "HR-001"
    assert data["maturity"] == "concept"
    assert data["budget_total"] == "125000.50"
    assert data["lead_organisation"]["id"] == scenario.world.organisation.pk
    assert [p["id"] for p in data["partners"]] == [scenario.world.other_organisation.pk]
    assert data["domains"] == ["heritage"]
    assert sorted(data["settlements"]) == sorted(
        [scenario.settlement.siruta, scenario.other_settlement.siruta]
    )
    assert data["origins"] == expected_origins(scenario, role)
    assert data["measures"] == expected_measures(role)


@pytest.mark.parametrize("role", ["expert", "decision_maker"])
def test_project_measures_of_draft_strategy_for_readers_of_drafts(scenario, role):
    project = scenario.project
    data = scenario.get(
        role, f"{API}/processes/{scenario.process.slug}/projects/{project.pk}"
    ).json()
    assert data["measures"] == ["A.1.1", "C1.1.1"]


def test_project_filter_and_unknown_project(scenario):
    url = f"{API}/processes/{scenario.process.slug}/projects"
    assert len(items(scenario.get("anonymous", f"{url}?maturity=concept"))) == 1
    assert items(scenario.get("anonymous", f"{url}?maturity=funded")) == []
    assert scenario.get("anonymous", f"{url}/{scenario.project.pk + 1000}").status_code == 404
    other = scenario.get(
        "coordinator", f"{API}/processes/hidden-process/projects/{scenario.project.pk}"
    )
    assert other.status_code == 404


# Organisations, territory, taxonomy --------------------------------------------------


@pytest.mark.parametrize("role", ROLES)
def test_organisations_are_public(scenario, role):
    world = scenario.world
    found = items(scenario.get(role, f"{API}/organisations"))
    assert [o["id"] for o in found] == [world.organisation.pk, world.other_organisation.pk]
    data = scenario.get(role, f"{API}/organisations/{world.organisation.pk}").json()
    assert data["name"]["hu"] == "Csíki Hagyományőrző Egyesület"
    assert data["display_name"] == "Csíki Hagyományőrző Egyesület"
    assert data["legal_form"] == "association"
    assert data["sector"] == "ngo"
    assert data["domains"] == ["heritage", "music"]
    assert data["settlement"]["siruta"] == world.organisation.settlement.siruta
    assert data["settlement"]["name_ro"] == "Miercurea Ciuc"
    assert "email" not in data
    assert scenario.get(role, f"{API}/organisations/999999").status_code == 404


def test_organisation_filters(scenario):
    world = scenario.world
    url = f"{API}/organisations"
    assert [o["id"] for o in items(scenario.get("anonymous", f"{url}?domain=music"))] == [
        world.organisation.pk
    ]
    siruta = world.organisation.settlement.siruta
    assert len(items(scenario.get("anonymous", f"{url}?settlement={siruta}"))) == 2
    assert items(scenario.get("anonymous", f"{url}?settlement=1")) == []
    assert len(items(scenario.get("anonymous", f"{url}?sector=ngo"))) == 2
    assert [o["id"] for o in items(scenario.get("anonymous", f"{url}?q=gyergy"))] == [
        world.other_organisation.pk
    ]


@pytest.mark.parametrize("role", ROLES)
def test_settlements(scenario, role):
    found = items(scenario.get(role, f"{API}/territory/settlements"))
    assert scenario.settlement.siruta in {s["siruta"] for s in found}
    data = scenario.get(role, f"{API}/territory/settlements/83437").json()
    assert data == {
        "siruta": 83437,
        "kind": "municipality",
        "name_hu": "Gyergyószentmiklós",
        "name_ro": "Gheorgheni",
        "name": "Gyergyószentmiklós",
        "micro_region": {"id": scenario.settlement.micro_region_id, "name": "Gyergyó"},
        "latitude": None,
        "longitude": None,
    }
    assert scenario.get(role, f"{API}/territory/settlements/12345678").status_code == 404


def test_settlement_filters(scenario):
    url = f"{API}/territory/settlements"
    region = scenario.settlement.micro_region
    by_name = items(scenario.get("anonymous", f"{url}?micro_region=gyergyó"))
    assert [s["siruta"] for s in by_name] == [83437]
    by_id = items(scenario.get("anonymous", f"{url}?micro_region={region.pk}"))
    assert [s["siruta"] for s in by_id] == [83437]
    found = items(scenario.get("anonymous", f"{url}?q=udvarhely"))
    assert [s["siruta"] for s in found] == [scenario.other_settlement.siruta]
    assert items(scenario.get("anonymous", f"{url}?q=Gheorgh")) == by_name


@pytest.mark.parametrize("role", ROLES)
def test_taxonomy(scenario, role):
    terms = items(scenario.get(role, f"{API}/taxonomy/domain"))
    assert [t["slug"] for t in terms] == ["heritage", "music"]
    assert terms[0]["name"] == {"hu": "Örökség", "ro": "Patrimoniu", "en": "Heritage"}
    assert [t["slug"] for t in items(scenario.get(role, f"{API}/taxonomy/sector"))] == ["ngo"]
    assert items(scenario.get(role, f"{API}/taxonomy/expertise")) == []


# Language ----------------------------------------------------------------------------


def test_language_from_accept_language_and_query(scenario):
    url = f"{API}/taxonomy/domain"
    assert items(scenario.get("anonymous", url))[0]["display_name"] == "Örökség"
    romanian = scenario.get("anonymous", url, HTTP_ACCEPT_LANGUAGE="ro")
    assert items(romanian)[0]["display_name"] == "Patrimoniu"
    assert romanian["Content-Language"] == "ro"
    english = scenario.get("anonymous", f"{url}?lang=en", HTTP_ACCEPT_LANGUAGE="ro")
    assert items(english)[0]["display_name"] == "Heritage"
    assert english["Content-Language"] == "en"
    settlement = scenario.get("anonymous", f"{API}/territory/settlements/83437?lang=ro").json()
    assert settlement["name"] == "Gheorgheni"


def test_unsupported_language_is_422(scenario):
    response = scenario.get("anonymous", f"{API}/taxonomy/domain?lang=xx")
    assert response.status_code == 422
    assert "detail" in response.json()
