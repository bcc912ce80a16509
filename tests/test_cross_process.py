"""A role in one process grants nothing in another: generated from the URL conf.

Every URL pattern (walked from Django's resolver, the admin's and allauth's included) and every
API operation (from django-ninja's OpenAPI schema) that names an object is filled with an
object of process A and tried by each person of process B (coordinator, facilitator, expert,
member, decision-maker), by a signed-in person with no role anywhere ("nobody") and by an
anonymous visitor: GET and POST for pages, the schema's methods for the API. Each address is
tried three ways: A published, A unpublished, and A's objects in B's address (`/p/<B>/…/<id of
A's object>/`, where B's people hold their roles). A POST carries what A's own coordinator's
form on that page would send (a valid request: a missing check would carry it out), plus the
field names the site uses for objects, filled with A's.

What passes:
- a refusal: 401, 403, 404, 405, or a redirect to a login page;
- while process A is unpublished, nothing else (bar the URLs in BEARER_URLS, where the code in
  the URL is the secret);
- while A is published, the public view: a person of B sees exactly what "nobody" sees (the
  page's main part and the API's JSON are the same), and no one outside A sees any of A's
  private strings (SECRETS);
- and no POST from outside A changes anything (no INSERT, UPDATE or DELETE), except the open
  participation in OPEN_PARTICIPATION, which "nobody" may do as well.

A parameter the test cannot fill fails the test: teach it in PARAMS below.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass

import pytest
from django.db import connection, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext

from cultiva.processes.models import Process
from tests.cross_process.data import OUTSIDER_ROLES, CrossWorld, build
from tests.cross_process.forms import form_data
from tests.cross_process.routes import Route, all_routes, api_operations, contexts, fill

ROUTES = all_routes()
API_OPERATIONS = api_operations()
OBJECT_ROUTES = [route for route in ROUTES if route.params]
# The people who try: B's roles, a signed-in person with no role (the baseline), anonymous.
TRIERS = (*OUTSIDER_ROLES, "nobody", "anonymous")
# A's own coordinator opens each page first: the form they are shown is what others replay.


def _object(kind):
    return lambda w: w.objects[kind].pk


# (segment or two segments before the parameter, parameter name) -> its value in process A.
PARAMS = {
    ("p", "slug"): lambda w: w.a.slug,
    ("processes", "slug"): lambda w: w.a.slug,
    ("meetings", "pk"): _object("meeting"),
    ("meetings", "id"): _object("meeting"),
    ("agenda", "item_pk"): _object("agenda_item"),
    ("feedback/questions", "question_pk"): _object("feedback_question"),
    ("questions", "question_pk"): _object("registration_question"),
    ("speakers", "pk"): _object("speaker"),
    ("registrations", "pk"): _object("registration"),
    ("registrations", "id"): _object("registration"),
    ("registrations", "registration_id"): _object("registration"),
    ("checkin", "registration_pk"): _object("registration"),
    ("checkin", "code"): lambda w: w.objects["meeting"].checkin_code,
    ("materials", "pk"): _object("private_material"),
    ("history", "number"): lambda w: w.objects["minutes_revision"].number,
    ("verify", "code"): lambda w: w.objects["certificate"].verification_code,
    ("calendar", "user_pk"): lambda w: w.people_a["member"].pk,
    ("<user_pk>", "token"): lambda w: "not-their-token",
    ("contributions", "pk"): _object("contribution"),
    ("contributions", "id"): _object("contribution"),
    ("contribution-form", "field_pk"): _object("extra_field"),
    ("phases", "phase_pk"): _object("phase"),
    ("comments", "pk"): _object("comment"),
    ("reports", "pk"): _object("report"),
    ("import", "pk"): _object("import"),
    ("walls", "pk"): _object("wall"),
    ("<pk>", "action"): lambda w: "column_delete",
    ("w", "code"): lambda w: w.objects["wall"].code,
    ("themes", "pk"): _object("theme"),
    ("duplicates", "pk"): _object("duplicate"),
    ("merges", "pk"): _object("merge"),
    ("polls", "pk"): _object("poll"),
    ("statements", "statement_pk"): _object("statement"),
    ("projects", "pk"): _object("project"),
    ("projects", "id"): _object("project"),
    ("project-cards", "id"): _object("project"),
    ("attachments", "attachment_pk"): _object("project_attachment"),
    ("strategies", "pk"): _object("strategy"),
    ("goals", "pk"): lambda w: w.objects["measure"].axis.goal_id,
    ("axes", "pk"): lambda w: w.objects["measure"].axis_id,
    ("measures", "pk"): _object("measure"),
    ("projects", "project_pk"): _object("project"),
    ("review", "round_pk"): _object("review_round"),
    ("criteria", "criterion_pk"): _object("criterion"),
    ("assignments", "pk"): _object("review_assignment"),
    ("proposals", "pk"): _object("proposal"),
    ("proposals", "id"): _object("proposal"),
    ("partners", "pk"): _object("project"),
    ("interests", "interest_pk"): _object("partner_interest"),
    ("selections", "selection_pk"): _object("saved_portfolio"),
    ("tokens", "pk"): _object("api_token"),
    ("review-rounds", "id"): _object("review_round"),
    ("announcements", "pk"): _object("announcement"),
    # Funding (funding/urls.py): the catalogue, applications and their checklists.
    ("funders", "funder_pk"): _object("funder"),
    ("programmes", "programme_pk"): _object("programme"),
    ("calls", "call_pk"): _object("call"),
    ("apply", "call_pk"): _object("call"),
    ("documents", "call_document_pk"): _object("call_document"),
    ("deadlines", "deadline_pk"): _object("call_deadline"),
    ("rates", "rate_pk"): _object("exchange_rate"),
    ("applications", "application_pk"): _object("application"),
    ("checklist", "document_pk"): _object("application_document"),
    # An organisation's deadline calendar: the signed address is the secret; a guess is refused.
    ("calendar", "token"): lambda w: "guessed-token",
    # A one-click unsubscribe link: the signed token is the proof; a guessed one is refused.
    ("unsubscribe", "token"): lambda w: "guessed-token",
    ("organisations", "pk"): _object("organisation"),
    ("organisations", "id"): _object("organisation"),
    ("requests", "request_pk"): _object("membership_request"),
    ("members", "membership_pk"): _object("membership"),
    ("settlements", "siruta"): lambda w: w.objects["settlement"].siruta,
    ("taxonomy", "vocabulary"): lambda w: "domain",
    ("export", "fmt"): lambda w: "csv",
    ("template", "fmt"): lambda w: "csv",
    ("v1", "rest"): lambda w: "no-such-thing",
    # allauth's e-mail confirmation and password reset links: a guessed key.
    ("confirm-email", "key"): lambda w: "guessed-key",
    ("key", "uidb36"): lambda w: "1z",
    ("<uidb36>-", "key"): lambda w: "guessed-key",
    # The admin: an app, a model's object, a person.
    ("admin", "app_label"): lambda w: "meetings",
    ("admin", "url"): lambda w: "meetings/speaker/",
    ("r", "content_type_id"): lambda w: _content_type(w.objects["speaker"]),
    ("<content_type_id>", "object_id"): _object("speaker"),
    ("user", "id"): lambda w: w.people_a["member"].pk,
    # The people of a process: a person's roles, an invitation to a role, its link's code.
    ("people", "user_pk"): lambda w: w.people_a["member"].pk,
    ("invitations", "pk"): _object("role_invitation"),
    ("invitation", "token"): lambda w: "guessed-code",
    ("invitations/import", "pk"): _object("invitation_import"),
    ("funders", "id"): _object("funder"),
    ("funding-calls", "id"): _object("call"),
    ("funding-applications", "id"): _object("application"),
    ("calls/import", "pk"): _object("calls_import"),
}

# URLs where a code in the address is the secret, handed to the people it is meant for (a
# certificate's verification code, a live wall's join code, the meeting's check-in poster):
# whoever holds it may open them, published process or not.
BEARER_URLS = {
    "meetings:certificate_verify": "the verification code printed on the certificate",
    "ideas:wall_join": "the join code shown in the room",
    "ideas:wall_state": "the join code shown in the room",
    "ideas:wall_post": "the join code shown in the room",
    "ideas:wall_dot": "the join code shown in the room",
    "meetings:self_checkin": "the code on the check-in poster at the door",
}

# POSTs that anyone signed in ("nobody" too) may make in a published process, so a person of
# B may as well: they change something, and that is the point.
OPEN_PARTICIPATION = {
    "ideas:support": "supporting a published contribution",
    "ideas:follow": "following a published contribution",
    "ideas:report": "reporting a contribution to the moderators",
    "ideas:comment_report": "reporting a comment to the moderators",
    "ideas:wall_join": "joining a live wall with its code",
    "ideas:wall_post": "posting on a live wall with its code",
    "ideas:wall_dot": "voting with dots on a live wall with its code",
    "synthesis:opinion_vote": "voting on a statement of an open poll",
    "api:support": "supporting a published contribution, or withdrawing one's support",
    "accounts:organisation_join": "asking to join an organisation (its administrators answer)",
}

# Objects that belong to no process (organisations, the territory, the vocabularies, one's
# account): whether process A is published changes nothing for them; the other checks hold.
PLATFORM_WIDE = {
    "accounts:organisation_detail",
    "accounts:organisation_edit",
    "accounts:organisation_join",
    "accounts:organisation_leave",
    "accounts:organisation_request_decide",
    "accounts:organisation_member_update",
    "accounts:organisation_verify",
    "accounts:organisation_merge",
    "api:organisation",
    "api:settlement",
    "api:terms",
    "api:unknown_address",
    "account_confirm_email",
    "account_reset_password_from_key",
    "accounts:unsubscribe",
}

# Platform-wide powers of a coordinator of any process (organisations belong to no process):
# B's coordinator may do these, unlike a person with no role; A's secrets stay checked.
COORDINATOR_OF_ANY_PROCESS = {
    "accounts:organisation_detail": "the verify and merge buttons on an organisation's page",
    "accounts:organisation_verify": "verifying an organisation",
    "accounts:organisation_merge": "merging a duplicate organisation into another",
}

# Private strings of process A: no one outside A may ever see them.
SECRETS = (
    "a.speaker.private@example.org",  # a speaker's e-mail address
    "a.invited@example.org",  # an invitation
    "A rejtett",  # a hidden comment
    "A belső jegyzet",  # a participants-only material
    "A piszkozat",  # a draft contribution
    "A közlemény szövege",  # an announcement
    "a-member@example.org",  # a participant's e-mail address
    "A belső megjegyzés",  # a reviewer's comment to the team
    "A javaslat piszkozata",  # a draft project proposal
    "A partner ajánlata",  # an organisation's offer to be a partner (seen by the lead)
    "A pályázat belső jegyzete",  # a funding application's notes (the applicant's and staff's)
)

# Writes that change nothing anyone owns: sessions, login bookkeeping, a token's last use.
HARMLESS_WRITE = re.compile(
    r'^(INSERT INTO|UPDATE|DELETE FROM) "(django_session|axes_\w+)"'
    r'|^UPDATE "accounts_user" SET "last_login"'
    r'|^UPDATE "accounts_apitoken" SET "last_used_at" = [^,]* WHERE'
)
WRITE = re.compile(r'^\s*(INSERT INTO|UPDATE|DELETE FROM) "(\w+)"', re.IGNORECASE)
# What differs from one request to the next by itself: CSRF tokens, calendar time stamps.
VOLATILE = re.compile(
    r'(name="csrfmiddlewaretoken" value|data-csrf|name="client_id" value)="[^"]*"'
    r'|DTSTAMP:\S+|chart-\d+|"now": "[^"]*"'
)
LOGIN_PAGES = ("/accounts/login/", "/admin/login/")


def _content_type(obj) -> int:
    from django.contrib.contenttypes.models import ContentType

    return ContentType.objects.get_for_model(obj).pk


def _admin_object(world: CrossWorld, app_label: str, model_name: str) -> str:
    """An object of A of the admin's model (or any of that model: the admin is staff-only)."""
    from django.apps import apps

    model = apps.get_model(app_label, model_name)
    for obj in world.objects.values():
        if isinstance(obj, model):
            return str(obj.pk)
    first = model._default_manager.order_by("pk").first()
    return str(first.pk) if first is not None else "1"


def url_of(route: Route, world: CrossWorld, *, through_b: bool = False) -> str:
    """The route filled with A's objects; `through_b` puts B's slug in the address, where B's
    people hold their roles (the way the speaker hole was found)."""
    values = {}
    for param in dict.fromkeys(route.params):
        one, two = contexts(route.text, param)
        if route.is_admin and param == "object_id" and one != "<content_type_id>":
            app_label, model_name = route.text.split("/")[1:3]
            values[param] = _admin_object(world, app_label, model_name)
            continue
        maker = PARAMS.get((two, param)) or PARAMS.get((one, param))
        if maker is None:
            pytest.fail(
                f"The cross-process test does not know how to fill <{param}> of the URL pattern "
                f"{route.text!r} ({route.name}). Teach it: add ({one!r}, {param!r}) to PARAMS in "
                f"tests/test_cross_process.py with an object of process A "
                f"(tests/cross_process/data.py builds them)."
            )
        values[param] = str(maker(world))
        if through_b and param == "slug":
            values[param] = world.b.slug
    query = QUERY_OBJECTS[route.name](world) if route.name in QUERY_OBJECTS else ""
    return fill(route.text, values) + query


# --- one try ---------------------------------------------------------------------------------


@dataclass
class Outcome:
    status: int
    location: str
    writes: tuple[str, ...]  # tables written to
    body: str

    def refused(self, method: str) -> bool:
        if self.status in (401, 403, 404, 405):
            return True
        if method != "get" and self.status in (400, 422):
            return True  # the input refused (nothing written, checked apart)
        return self.status == 302 and any(page in self.location for page in LOGIN_PAGES)

    def main(self) -> str:
        """The page's main part (or the JSON), without CSRF tokens: what it shows."""
        body = VOLATILE.sub("", self.body)
        start, end = body.find("<main"), body.rfind("</main>")
        return body[start:end] if start >= 0 and end > start else body


def _client(world: CrossWorld, who: str, api: bool) -> Client:
    person = world.person(who)
    if api:
        if who == "anonymous":
            return Client()
        return Client(HTTP_AUTHORIZATION=f"Bearer {world.tokens[person.pk]}")
    client = Client()
    if who != "anonymous":
        client.force_login(person)
    return client


def clients_of(world: CrossWorld) -> dict[tuple[str, bool], Client]:
    """One client per trier and channel (site, API), signed in once for the module."""
    clients = {(who, api): _client(world, who, api) for who in TRIERS for api in (False, True)}
    insider = Client()
    insider.force_login(world.people_a["coordinator"])
    clients[("insider", False)] = insider
    return clients


def insider_form(world: CrossWorld, route: Route, url: str) -> dict:
    """The form A's coordinator gets on the page, filled as they would find it: posted by an
    outsider, it is a valid request that a missing permission check would carry out."""
    if route.is_api or route.is_admin:
        return {}
    response = attempt(world.clients[("insider", False)], "get", url, {}, api=False)
    if response.status != 200:
        return {}
    return form_data(response.body, url.split("?")[0])


def _post_data(world: CrossWorld) -> dict:
    """What a POST carries: every field name the site's forms use for an object, with A's."""
    o = world.objects
    return {
        "body": "Átvett szöveg",
        "text": "Átvett szöveg",
        "title": "Átvett cím",
        "reason": "Átvett ok",
        "status": "hidden",
        "parent": o["hidden_comment"].pk,
        "card": o["wall_card"].pk,
        "column": o["wall_column"].pk,
        "measure": o["measure"].pk,
        "theme": o["theme"].pk,
        "target": o["theme"].pk,
        "statement": o["statement"].pk,
        "registration": o["registration"].pk,
        "contribution": o["contribution"].pk,
        "contributions": [o["contribution"].pk, o["second_contribution"].pk],
        "kept": o["contribution"].pk,
        "vote": "1",
        "value": "1",
        "attendance": "present",
        "name": "Átvett",
        "full_name": "Átvett név",
        "email": "attacker@example.org",
        "kind": "idea",
        "language": "hu",
    }


def attempt(client: Client, method: str, url: str, data: dict, *, api: bool) -> Outcome:
    """One request, inside a savepoint that is rolled back: each try starts from the same data."""
    with transaction.atomic(), CaptureQueriesContext(connection) as queries:
        if method == "get":
            response = client.get(url)
        elif api:
            response = getattr(client, method)(
                url, data=json.dumps(data), content_type="application/json"
            )
        else:
            response = client.post(url, data)
        transaction.set_rollback(True)
    writes = tuple(
        sorted(
            {
                match[2]
                for query in queries.captured_queries
                if (match := WRITE.match(query["sql"])) and not HARMLESS_WRITE.match(query["sql"])
            }
        )
    )
    streaming = getattr(response, "streaming", False)
    body = b"" if streaming else _comparable(response.content)
    return Outcome(
        status=response.status_code,
        location=response.get("Location", ""),
        writes=writes,
        body=body.decode("utf-8", "replace"),
    )


def _comparable(content: bytes) -> bytes:
    """A spreadsheet (a zip) as its sheets' XML: the zip's own time stamps and the workbook's
    creation time change from one second to the next, what it shows does not."""
    if not content.startswith(b"PK\x03\x04"):
        return content
    import io
    import zipfile

    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        return b"".join(
            archive.read(name) for name in sorted(archive.namelist()) if "docProps" not in name
        )


# --- the data, once per module ---------------------------------------------------------------


@pytest.fixture(scope="module")
def cross(django_db_setup, django_db_blocker):
    """One data set for the whole module, rolled back at its end."""
    with django_db_blocker.unblock():
        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            world = build()
            world.clients = clients_of(world)
            yield world
        finally:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)


TRIES = {"count": 0}


def methods_of(route: Route) -> list[str]:
    if route.is_api:
        return API_OPERATIONS.get(route.text, ["get", "post"])
    return ["get", "post"]


def check_route(
    world: CrossWorld, route: Route, *, published: bool, through_b: bool = False
) -> list[str]:
    """Every trier, every method: the problems found (empty when all is well)."""
    url = url_of(route, world, through_b=through_b)
    problems = []
    data = {**_post_data(world), **insider_form(world, route, url_of(route, world))}
    for method in methods_of(route):
        outcomes = {}
        for who in ("nobody", *OUTSIDER_ROLES, "anonymous"):
            client = world.clients[(who, route.is_api)]
            outcomes[who] = got = attempt(client, method, url, data, api=route.is_api)
            TRIES["count"] += 1
            where = f"{method.upper()} {url} ({route.name}) as " + (
                {"nobody": "a person with no role", "anonymous": "an anonymous visitor"}.get(who)
                or f"the {who} of process B"
            )
            if got.status >= 500:
                problems.append(f"{where}: server error {got.status}")
                continue
            leaked = [secret for secret in SECRETS if secret in got.body]
            if leaked:
                problems.append(f"{where}: shows A's private {leaked}")
            if got.refused(method):
                if got.writes:
                    problems.append(f"{where}: refused, yet wrote to {got.writes}")
                continue
            if who == "coordinator" and route.name in COORDINATOR_OF_ANY_PROCESS:
                continue
            if through_b:
                problems.append(f"{where}: answered {got.status} for A's object in B's address")
                continue
            if not published and route.name not in {*BEARER_URLS, *PLATFORM_WIDE, *QUERY_OBJECTS}:
                problems.append(
                    f"{where}: answered {got.status} for an unpublished process's object"
                )
                continue
            if got.writes:
                open_to = [OPEN_PARTICIPATION[n] for n in route.names if n in OPEN_PARTICIPATION]
                if not open_to:
                    problems.append(f"{where}: changed {got.writes} (status {got.status})")
                elif who not in ("nobody", "anonymous") and outcomes["nobody"].writes != got.writes:
                    problems.append(f"{where}: changed {got.writes}, unlike a person with no role")
            if who in OUTSIDER_ROLES and route.name not in QUERY_OBJECTS:
                # (A query page is a page of one's own too: its secrets are checked above.)
                baseline = outcomes["nobody"]
                if got.status != baseline.status:
                    problems.append(
                        f"{where}: answered {got.status}, a person with no role {baseline.status}"
                    )
                elif method == "get" and got.main() != baseline.main():
                    problems.append(
                        f"{where}: shows more than to a person with no role:\n"
                        + _difference(baseline.main(), got.main())
                    )
    return problems


def _difference(expected: str, got: str) -> str:
    import difflib

    lines = difflib.unified_diff(expected.splitlines(), got.splitlines(), lineterm="", n=1)
    return "\n".join(list(lines)[2:14])


def _publication_matters(route: Route) -> bool:
    return not (route.is_admin or route.name in PLATFORM_WIDE)


# Pages without a parameter in the path that take an object in the query string.
QUERY_OBJECTS = {
    "core:activity": lambda w: f"?process={w.a.slug}",
}
QUERY_ROUTES = [route for route in ROUTES if route.name in QUERY_OBJECTS]

# Parameters that name no object: a file format, a wall action, a vocabulary.
NOT_OBJECTS = {"fmt", "action", "vocabulary", "rest"}


def _names_process_and_object(route: Route) -> bool:
    objects = set(route.params) - {"slug"} - NOT_OBJECTS
    return "slug" in route.params and bool(objects) and not route.is_admin


CASES = [
    pytest.param(route, state, id=f"{route.name} {route.text} {state}")
    for route in [*OBJECT_ROUTES, *QUERY_ROUTES]
    for state in ("published", "unpublished", "through-b")
    if state == "published"
    or (state == "unpublished" and _publication_matters(route))
    or (state == "through-b" and _names_process_and_object(route))
]


@pytest.mark.parametrize("route,state", CASES)
def test_no_role_in_another_process_opens_this_one(db, cross, route, state):
    """published: A's objects in A's address; unpublished: the same once A is hidden;
    through-b: A's objects in B's address, where B's people hold their roles."""
    published = state != "unpublished"
    Process.objects.filter(pk=cross.a.pk).update(is_published=published)
    problems = check_route(cross, route, published=published, through_b=state == "through-b")
    assert not problems, "\n".join(problems)


def test_every_api_operation_is_a_url_pattern():
    """The schema's operations are the resolver's: the walk above covers all of them."""
    texts = {route.text for route in ROUTES}
    assert set(API_OPERATIONS) <= texts, set(API_OPERATIONS) - texts
    with_object = [text for text in API_OPERATIONS if "<" in text]
    assert len(with_object) >= 10
