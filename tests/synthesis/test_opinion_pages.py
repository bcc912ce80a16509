"""Opinion poll pages: who sees what, voting without JavaScript, facilitator pages, the Pol.is
import form, the opinion map, escaping, and constant query counts."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils.translation import gettext

from cultiva.synthesis.models import Conversation, OpinionAnalysis, OpinionVote, Statement
from cultiva.synthesis.services import opinion as services
from tests.factories import make_contribution, make_process, make_user
from tests.synthesis.opinion_page_helpers import make_conversation, plant_votes, statements_of
from tests.synthesis.test_opinion_services import COMMENTS, VOTES

pytestmark = pytest.mark.django_db

XSS = "<script>alert('x')</script><img src=x onerror=alert(1)>"
MANAGER_PAGES = [
    "synthesis:conversation_statements",
    "synthesis:conversation_map",
    "synthesis:conversation_edit",
]


def url(name, process, *args):
    return reverse(name, args=[process.slug, *args])


def login(client, world, role):
    if role != "anonymous":
        client.force_login(world.user(role))


# --- who sees what --------------------------------------------------------------------------


@pytest.mark.parametrize(
    "role, polls",
    [("anonymous", 1), ("member", 1), ("outsider", 1), ("facilitator", 3), ("coordinator", 3)],
)
def test_the_list_shows_participants_the_open_polls_and_facilitators_all(
    client, world, role, polls
):
    make_conversation(world.process, title="Nyitott")
    make_conversation(world.process, title="Lezárt", is_open=False)
    make_conversation(world.process, title="Pol.is", source=Conversation.Source.POLIS)
    login(client, world, role)
    response = client.get(url("synthesis:conversation_list", world.process))
    assert response.status_code == 200
    assert response.content.count(b"data-poll=") == polls
    new_poll = url("synthesis:conversation_create", world.process).encode()
    assert (new_poll in response.content) is (role in {"facilitator", "coordinator"})


def test_a_hidden_process_has_no_poll_pages_for_strangers(client, world):
    hidden = make_process(is_published=False)
    conversation = make_conversation(hidden)
    client.force_login(make_user())
    assert client.get(url("synthesis:conversation_list", hidden)).status_code == 404
    assert (
        client.get(url("synthesis:conversation_detail", hidden, conversation.pk)).status_code == 404
    )


@pytest.mark.parametrize(
    "role, status",
    [("anonymous", 302), ("member", 403), ("outsider", 403), ("expert", 403),
     ("facilitator", 200), ("coordinator", 200)],
)  # fmt: skip
def test_facilitator_pages_per_role(client, world, role, status):
    conversation = make_conversation(world.process)
    login(client, world, role)
    for name in MANAGER_PAGES:
        assert client.get(url(name, world.process, conversation.pk)).status_code == status, name
    for name in ("synthesis:conversation_create", "synthesis:polis_import"):
        assert client.get(url(name, world.process)).status_code == status, name


@pytest.mark.parametrize(
    "role, status", [("anonymous", 200), ("member", 200), ("facilitator", 200)]
)
def test_the_voting_page_per_role(client, world, role, status):
    conversation = make_conversation(world.process)
    login(client, world, role)
    response = client.get(url("synthesis:conversation_detail", world.process, conversation.pk))
    assert response.status_code == status
    first = statements_of(conversation)[0]
    assert f'data-statement="{first.pk}"'.encode() in response.content
    has_buttons = b"data-vote-form" in response.content
    assert has_buttons is (role != "anonymous")
    if role == "anonymous":
        assert reverse("account_login").encode() in response.content


def test_a_closed_poll_is_closed_to_participants(client, world):
    conversation = make_conversation(world.process, is_open=False)
    detail = url("synthesis:conversation_detail", world.process, conversation.pk)
    client.force_login(world.member)
    assert client.get(detail).status_code == 403
    statement = statements_of(conversation)[0]
    vote = url("synthesis:opinion_vote", world.process, conversation.pk, statement.pk)
    assert client.post(vote, {"value": "1"}).status_code == 403
    assert not OpinionVote.objects.exists()
    client.force_login(world.facilitator)
    response = client.get(detail)
    assert response.status_code == 200
    assert b"data-vote-form" not in response.content
    assert gettext("Voting in this poll is closed.").encode() in response.content


# --- voting ---------------------------------------------------------------------------------


def test_a_member_votes_one_statement_at_a_time_and_can_change_a_vote(client, world):
    conversation = make_conversation(world.process, statements=3)
    first, second, third = statements_of(conversation)
    client.force_login(world.member)
    detail = url("synthesis:conversation_detail", world.process, conversation.pk)

    def vote(statement, value):
        response = client.post(
            url("synthesis:opinion_vote", world.process, conversation.pk, statement.pk),
            {"value": value},
        )
        assert response.status_code == 302
        assert response["Location"] == detail
        return client.get(detail)

    page = vote(first, "1")
    assert page.context["state"].current == second
    assert (page.context["state"].voted, page.context["state"].total) == (1, 3)
    assert page.context["state"].position == 2
    vote(second, "-1")
    page = vote(third, "0")
    assert page.context["state"].current is None
    assert b'data-done="1"' in page.content
    assert {v.statement_id: v.value for v in OpinionVote.objects.filter(voter=world.member)} == {
        first.pk: 1,
        second.pk: -1,
        third.pk: 0,
    }
    # Change the first vote from the list of one's votes.
    page = client.get(detail, {"statement": first.pk})
    assert page.context["state"].current == first
    assert b'aria-pressed="true"' in page.content
    vote(first, "-1")
    assert OpinionVote.objects.get(voter=world.member, statement=first).value == -1
    assert OpinionVote.objects.filter(voter=world.member).count() == 3


def test_a_bad_vote_value_is_refused_with_a_message(client, world):
    conversation = make_conversation(world.process)
    statement = statements_of(conversation)[0]
    client.force_login(world.member)
    response = client.post(
        url("synthesis:opinion_vote", world.process, conversation.pk, statement.pk),
        {"value": "9"},
        follow=True,
    )
    assert response.status_code == 200
    assert gettext("Choose agree, disagree or pass.") in response.content.decode()
    assert not OpinionVote.objects.exists()


def test_anonymous_votes_go_to_the_login(client, world):
    conversation = make_conversation(world.process)
    statement = statements_of(conversation)[0]
    response = client.post(
        url("synthesis:opinion_vote", world.process, conversation.pk, statement.pk), {"value": "1"}
    )
    assert response.status_code == 302
    assert reverse("account_login") in response["Location"]
    assert not OpinionVote.objects.exists()


def test_a_member_proposes_a_statement_a_facilitator_accepts_it(client, world):
    conversation = make_conversation(world.process, statements=1, allow_statements=True)
    client.force_login(world.member)
    propose = url("synthesis:statement_propose", world.process, conversation.pk)
    response = client.post(propose, {"text": "   "})
    assert response.status_code == 400
    assert response.context["statement_form"].errors
    response = client.post(propose, {"text": "Kell egy megyei kulturális kártya"}, follow=True)
    assert response.status_code == 200
    proposed = Statement.objects.get(text__hu="Kell egy megyei kulturális kártya")
    assert proposed.moderation == Statement.Moderation.PENDING
    assert proposed in response.context["state"].my_pending
    assert proposed not in response.context["state"].statements

    client.force_login(world.facilitator)
    page = client.get(url("synthesis:conversation_statements", world.process, conversation.pk))
    assert f'data-statement="{proposed.pk}" data-moderation="0"'.encode() in page.content
    response = client.post(
        url("synthesis:statement_moderate", world.process, conversation.pk, proposed.pk),
        {"moderation": "1"},
    )
    assert response.status_code == 302
    proposed.refresh_from_db()
    assert proposed.moderation == Statement.Moderation.ACCEPTED


# --- facilitator pages ----------------------------------------------------------------------


def test_a_facilitator_creates_a_poll_adds_statements_and_closes_it(client, world):
    client.force_login(world.facilitator)
    create = url("synthesis:conversation_create", world.process)
    response = client.post(create, {"title": ""})
    assert response.status_code == 200
    assert response.context["form"].errors["title"]
    response = client.post(create, {"title": "Kultúra a falvakban", "allow_statements": "on"})
    conversation = Conversation.objects.get()
    statements_url = url("synthesis:conversation_statements", world.process, conversation.pk)
    assert response["Location"] == statements_url
    assert conversation.allow_statements

    assert client.post(statements_url, {"text": "Legyen falunap minden faluban"}).status_code == 302
    response = client.post(statements_url, {"text": "legyen falunap minden faluban"})
    assert response.status_code == 400
    assert response.context["form"].errors["text"]

    contribution = make_contribution(world.process, world.member, title="Olvasótábor")
    response = client.post(
        url("synthesis:statements_from_contributions", world.process, conversation.pk),
        {"contributions": [contribution.pk]},
    )
    assert response.status_code == 302
    assert conversation.statements.filter(contribution=contribution).exists()
    assert conversation.statements.count() == 2

    response = client.post(
        url("synthesis:conversation_set_open", world.process, conversation.pk), {"open": "0"}
    )
    conversation.refresh_from_db()
    assert conversation.is_open is False

    edit = url("synthesis:conversation_edit", world.process, conversation.pk)
    client.post(edit, {"title": "Kultúra a falvakban 2"})
    conversation.refresh_from_db()
    assert conversation.title == "Kultúra a falvakban 2"
    assert conversation.allow_statements is False


def _files(comments=COMMENTS, votes=VOTES):
    return {
        "comments": SimpleUploadedFile("comments.csv", comments.encode(), "text/csv"),
        "votes": SimpleUploadedFile("votes.csv", votes.encode(), "text/csv"),
    }


def test_polis_import_form_imports_once(client, world):
    client.force_login(world.facilitator)
    form_url = url("synthesis:polis_import", world.process)
    response = client.post(form_url, {**_files(), "title": "Hargita Pol.is"})
    conversation = Conversation.objects.get()
    assert response["Location"] == url("synthesis:conversation_map", world.process, conversation.pk)
    # The counts come after their labels (Hungarian page): no noun has to agree with a number.
    said = client.get(response["Location"]).content.decode()
    assert "Új állítások: 4, új szavazatok:" in said
    assert conversation.title == "Hargita Pol.is"
    assert conversation.statements.count() == 4
    votes = OpinionVote.objects.count()
    response = client.post(form_url, {**_files(), "conversation": conversation.pk}, follow=True)
    assert response.status_code == 200
    assert gettext("These files were already imported: nothing changed.") in (
        response.content.decode()
    )
    assert Conversation.objects.count() == 1
    assert conversation.statements.count() == 4
    assert OpinionVote.objects.count() == votes


def test_a_malformed_polis_file_is_a_form_error_and_nothing_is_stored(client, world):
    client.force_login(world.facilitator)
    response = client.post(
        url("synthesis:polis_import", world.process),
        _files(votes=VOTES + "1600000030,x,99,1,1\n"),
    )
    assert response.status_code == 400
    errors = response.context["form"].non_field_errors()
    assert errors and "votes.csv" in errors[0]
    assert errors[0] in response.content.decode()
    assert not Conversation.objects.exists()
    assert not Statement.objects.exists()
    assert not OpinionVote.objects.exists()


def test_a_too_large_polis_file_is_refused(client, world, monkeypatch):
    import cultiva.synthesis.forms_opinion as forms_opinion

    monkeypatch.setattr(forms_opinion, "POLIS_MAX_BYTES", 100)
    client.force_login(world.facilitator)
    response = client.post(url("synthesis:polis_import", world.process), _files())
    assert response.status_code == 400
    assert response.context["form"].errors["comments"]
    assert not Conversation.objects.exists()


# --- the opinion map ------------------------------------------------------------------------


def test_the_map_shows_the_planted_groups(client, world):
    conversation = make_conversation(world.process, statements=0)
    plant_votes(conversation, groups=3, per_group=20, missing=0.1, noise=0.02)
    client.force_login(world.facilitator)
    response = client.get(url("synthesis:conversation_map", world.process, conversation.pk))
    assert response.status_code == 200
    content = response.content.decode()
    opinion_map = response.context["map"]
    assert [g.label for g in opinion_map.groups] == ["A", "B", "C"]
    assert sorted(g.size for g in opinion_map.groups) == [20, 20, 20]
    for label in "ABC":
        assert f'<tr data-group="{label}"><th scope="row">{label}</th><td>20</td>' in content
        assert f'<li data-group="{label}">' in content
    assert content.count('<path d="M') >= 60  # one marker per participant
    assert 'id="consensus"' in content and 'id="divisive"' in content
    # The planted consensus statements (30..33) head the consensus table.
    statements = statements_of(conversation)
    planted_consensus = {statements[i].pk for i in range(30, 34)}
    assert {s.statement_id for s in response.context["consensus"][:4]} == planted_consensus
    # Statements 34..36: one planted group agrees, the others disagree: divisive, not shared.
    planted_divisive = {statements[i].pk for i in range(34, 37)}
    assert planted_divisive <= {s.statement_id for s in opinion_map.divisive[:8]}
    assert not planted_divisive & {s.statement_id for s in opinion_map.consensus}
    for line in opinion_map.consensus:
        assert all(agree > 50 for _label, agree, _disagree in line.per_group)
    # Every group has representative statements with percentages in and outside it.
    for group in opinion_map.groups:
        assert group.representative
        best = group.representative[0]
        assert best.in_agree is not None and best.out_agree is not None
    assert OpinionAnalysis.objects.filter(conversation=conversation).exists()


def test_the_map_says_when_there_are_too_few_votes(client, world):
    conversation = make_conversation(world.process)
    services.vote_cast(statement=statements_of(conversation)[0], voter=world.member, value=1)
    client.force_login(world.facilitator)
    response = client.get(url("synthesis:conversation_map", world.process, conversation.pk))
    assert response.status_code == 200
    assert b'id="map-empty"' in response.content
    assert b"opinion-map-svg" not in response.content


def test_a_large_poll_is_computed_in_the_background(client, world, monkeypatch):
    import cultiva.synthesis.views.opinion as views

    monkeypatch.setattr(views, "INLINE_ANALYSIS_VOTES", 10)
    conversation = make_conversation(world.process, statements=0)
    plant_votes(conversation, groups=2, per_group=10)
    client.force_login(world.facilitator)
    map_url = url("synthesis:conversation_map", world.process, conversation.pk)
    response = client.get(map_url)
    assert b'id="map-stale"' in response.content
    assert not OpinionAnalysis.objects.exists()
    response = client.post(url("synthesis:conversation_analyse", world.process, conversation.pk))
    assert response["Location"] == map_url
    assert OpinionAnalysis.objects.filter(conversation=conversation).exists()  # immediate tasks
    response = client.get(map_url)
    assert b'id="map-stale"' not in response.content
    assert [g.label for g in response.context["map"].groups] == ["A", "B"]


# --- escaping -------------------------------------------------------------------------------


def test_a_statement_with_markup_renders_as_text(client, world):
    conversation = make_conversation(world.process, statements=0, allow_statements=True)
    _truth, statements = plant_votes(conversation, groups=2, per_group=10)
    Statement.objects.filter(pk=statements[0].pk).update(text={"hu": XSS})
    Conversation.objects.filter(pk=conversation.pk).update(title=XSS)
    client.force_login(world.facilitator)
    pages = [
        url("synthesis:conversation_list", world.process),
        url("synthesis:conversation_detail", world.process, conversation.pk),
        url("synthesis:conversation_statements", world.process, conversation.pk),
        url("synthesis:conversation_map", world.process, conversation.pk),
    ]
    for page in pages:
        content = client.get(page).content.decode()
        assert "<script>alert" not in content, page
        assert "<img src=x" not in content, page
        assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;" in content, page


# --- query counts ---------------------------------------------------------------------------


def count_queries(client, address) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(address)
    assert response.status_code == 200
    return len(queries)


def add_polls(world, n, voters):
    for i in range(n):
        conversation = make_conversation(world.process, statements=5, title=f"Szavazás {i}")
        OpinionVote.objects.bulk_create(
            OpinionVote(statement=s, voter=v, value=1)
            for s in statements_of(conversation)
            for v in voters
        )


@pytest.mark.parametrize("role", ["anonymous", "member", "facilitator"])
def test_poll_list_queries_do_not_grow(client, world, role):
    login(client, world, role)
    address = url("synthesis:conversation_list", world.process)
    add_polls(world, 2, [world.member])
    few = count_queries(client, address)
    add_polls(world, 20, [world.member, world.outsider, world.expert])
    assert count_queries(client, address) == few


def test_voting_and_statement_pages_queries_do_not_grow(client, world):
    conversation = make_conversation(world.process, statements=3)
    client.force_login(world.facilitator)
    voting = url("synthesis:conversation_detail", world.process, conversation.pk)
    managing = url("synthesis:conversation_statements", world.process, conversation.pk)
    for statement in statements_of(conversation)[:2]:
        services.vote_cast(statement=statement, voter=world.facilitator, value=1)
    make_contribution(world.process, world.member, title="Első ötlet")
    few = (count_queries(client, voting), count_queries(client, managing))
    Statement.objects.bulk_create(
        Statement(conversation=conversation, text={"hu": f"Még egy {i}"}, language="hu")
        for i in range(60)
    )
    OpinionVote.objects.bulk_create(
        OpinionVote(statement=s, voter=world.facilitator, value=-1)
        for s in statements_of(conversation)[3:50]
    )
    for i in range(10):
        make_contribution(world.process, world.member, title=f"Ötlet {i}")
    assert (count_queries(client, voting), count_queries(client, managing)) == few


def test_map_page_queries_do_not_grow(client, world):
    conversation = make_conversation(world.process, statements=0)
    plant_votes(conversation, groups=2, per_group=8)
    client.force_login(world.facilitator)
    address = url("synthesis:conversation_map", world.process, conversation.pk)
    client.get(address)  # computes and stores the map
    few = count_queries(client, address)
    statements = statements_of(conversation)
    OpinionVote.objects.bulk_create(
        OpinionVote(statement=statements[j], external_voter=f"new{i}", value=(1 if i % 2 else -1))
        for i in range(60)
        for j in range(40)
        if (i + j) % 3
    )
    client.get(address)  # recomputes
    assert count_queries(client, address) == few
