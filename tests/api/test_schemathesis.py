"""Schemathesis over the whole API, against a live server: the OpenAPI schema tells the truth.

Every operation is called with generated valid and invalid input (its coverage, fuzzing and
stateful phases), anonymously and with a member's token, on the test database (SQLite or
PostgreSQL). Any server error (5xx), an undocumented status, a body that does not match the
documented schema, a wrong content type, or invalid input that is accepted fails the test;
the failure message is schemathesis' report, with a `curl` line per failure.

Path parameters are drawn from a dictionary of the scenario's real objects most of the time,
so the calls reach past the lookups: the member registers, cancels, supports and comments.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
import urllib.request

import pytest

from cultiva.core.models import ActivityLog
from cultiva.ideas.models import Comment, Contribution
from cultiva.meetings.models import Registration

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.api_fuzz]

MAX_EXAMPLES = 8  # per operation and phase; deterministic generation keeps runs identical
TIMEOUT = 300  # seconds; the run takes well under a minute on an idle machine

# What the member may act on, by the path of the operations that take its id.
PATHS = {
    "meetings": r"^/api/v1/processes/\{slug\}/meetings/\{id\}",
    "contributions": r"^/api/v1/(processes/\{slug\}/)?contributions/\{id\}",
    "projects": r"^/api/v1/processes/\{slug\}/(projects|project-cards)/\{id\}$",
    "registrations": r"^/api/v1/me/registrations/\{id\}$",
    "organisations": r"^/api/v1/organisations/\{id\}$",
}
PROBABILITY = 0.8  # of taking a real id; the rest are generated like any other value


def _toml(value) -> str:
    """The few value types this config needs, written as TOML (a JSON scalar or array is one)."""
    if isinstance(value, dict):
        return "{ " + ", ".join(f"{json.dumps(k)} = {_toml(v)}" for k, v in value.items()) + " }"
    return json.dumps(value)


def schemathesis_config(scenario, registration, *, reads_covered: bool) -> str:
    world = scenario.world
    dictionaries = {
        "slugs": [scenario.process.slug, scenario.hidden_process.slug],
        "meetings": [meeting.pk for meeting in scenario.meetings.values()],
        "contributions": [c.pk for c in scenario.contributions.values()],
        "projects": [scenario.project.pk],
        "registrations": [registration.pk],
        "organisations": [world.organisation.pk, world.other_organisation.pk],
        "settlements": [scenario.settlement.siruta, scenario.other_settlement.siruta],
        "domains": [scenario.domain.slug],
    }
    lines = [
        # 422 is also how the API refuses a valid-looking reference to nothing (an unknown
        # domain slug or parent comment in a body): the schema cannot list the database's rows.
        "[checks.positive_data_acceptance]",
        'expected-statuses = ["2xx", "401", "403", "404", "409", "422"]',
        # One method the API does not have is enough to check the 405s.
        "[phases.coverage]",
        'unexpected-methods = ["PATCH"]',
        "[parameters]",
        f'"path.slug" = {_toml({"dictionary": "slugs", "probability": PROBABILITY})}',
        f'"path.siruta" = {_toml({"dictionary": "settlements", "probability": PROBABILITY})}',
        f'"path.registration_id" = {_toml({"dictionary": "registrations", "probability": 0.5})}',
        # so that generated contributions name real domains and settlements, and get created
        f'"body.domains[*]" = {_toml({"dictionary": "domains", "probability": PROBABILITY})}',
        f'"body.settlements[*]" = {_toml({"dictionary": "settlements", "probability": 0.5})}',
    ]
    for name, values in dictionaries.items():
        lines += [f"[dictionaries.{name}]", f"values = {_toml(values)}"]
    for name, regex in PATHS.items():
        binding = {"path.id": {"dictionary": name, "probability": PROBABILITY}}
        lines += ["[[operations]]", f"include-path-regex = {_toml(regex)}"]
        lines += [f"parameters = {_toml(binding)}"]
    if not reads_covered:  # the anonymous run covers the reads' boundaries already
        lines += ["[[operations]]", 'include-method = "GET"']
        lines += [f"phases = {_toml({'coverage': {'enabled': False}})}"]
    return "\n".join(lines) + "\n"


@pytest.fixture
def acted_on(scenario):
    """The member's registration and comment, besides the scenario's contributions."""
    world = scenario.world
    registration = Registration.objects.create(
        meeting=scenario.meetings["published"], person=world.member, status="confirmed"
    )
    Comment.objects.create(
        contribution=scenario.contributions["public"], author=world.outsider, body="Jó ötlet."
    )
    return registration


@pytest.mark.parametrize("role", ["anonymous", "member"])
def test_schemathesis_finds_no_server_error_and_no_schema_violation(
    live_server, scenario, acted_on, role, tmp_path
):
    config = tmp_path / "schemathesis.toml"
    config.write_text(
        schemathesis_config(scenario, acted_on, reads_covered=role == "anonymous"),
        encoding="utf-8",
    )
    schema_url = f"{live_server.url}/api/v1/openapi.json"
    # The first request builds the schema; on a busy machine that can pass the CLI's timeout.
    with urllib.request.urlopen(schema_url, timeout=TIMEOUT) as response:  # noqa: S310
        assert response.status == 200
    command = [
        sys.executable,
        "-m",
        "schemathesis.cli",
        "--config-file",
        str(config),
        "run",
        schema_url,
        "--request-timeout",
        "60",
        "--checks",
        "all",
        # The rest of "all" needs credentials of two users or assumes a DELETE makes a GET 404.
        "--exclude-checks",
        "ignored_auth,object_level_authorization,use_after_free,ensure_resource_availability",
        "--max-examples",
        str(MAX_EXAMPLES),
        "--generation-deterministic",
        "--workers",
        "1",
        "--no-color",
        "--warnings",
        "off",
    ]
    if role != "anonymous":
        command += ["--header", f"Authorization: Bearer {scenario.token(role)}"]
    result = subprocess.run(  # noqa: S603 - our own interpreter and arguments
        command, capture_output=True, text=True, timeout=TIMEOUT, cwd=tmp_path, check=False
    )
    report = result.stdout + result.stderr
    print(report[-3000:])  # the summary, for `pytest -rP`
    assert result.returncode == 0, report[-12000:]
    generated = re.search(r"(\d+) generated", report)
    assert generated and int(generated.group(1)) > 100, report[-3000:]
    if role != "anonymous":  # the calls got past the lookups and acted
        member = scenario.world.member
        verbs = set(ActivityLog.objects.filter(actor=member).values_list("verb", flat=True))
        print(sorted(verbs))
        assert {"contribution.supported", "comment.created"} <= verbs, verbs
        assert Contribution.objects.filter(author=member).count() > 4  # the scenario's four
