"""Opinion poll services: votes, permissions per role, statements, Pol.is import, the map."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied, ValidationError
from sklearn.metrics import adjusted_rand_score

from cultiva.core.models import ActivityLog
from cultiva.synthesis.models import Conversation, OpinionAnalysis, OpinionVote, Statement
from cultiva.synthesis.polis import PolisFormatError
from cultiva.synthesis.services import opinion as services
from cultiva.synthesis.tasks.opinion import opinion_analyse
from tests.factories import make_contribution, make_meeting, make_process, make_user
from tests.synthesis.opinion_page_helpers import make_conversation, plant_votes, statements_of

pytestmark = pytest.mark.django_db

AGREE, DISAGREE, PASS = 1, -1, 0

COMMENTS = (
    "timestamp,datetime,comment-id,author-id,agrees,disagrees,moderated,comment-body\n"
    "1600000000,x,0,1,2,0,1,Több pénz a falusi kultúrházaknak\n"
    "1600000001,x,1,2,0,2,1,A fesztiválokat a megyeszékhelyre kell vinni\n"
    "1600000002,x,2,1,0,0,-1,Reklám\n"
    '1600000003,x,3,3,1,1,0,"Kétnyelvű, magyar-román feliratok"\n'
)
VOTES = (
    "timestamp,datetime,comment-id,voter-id,vote\n"
    "1600000010,x,0,1,1\n"
    "1600000011,x,1,1,-1\n"
    "1600000012,x,0,2,1\n"
    "1600000013,x,1,2,0\n"
    "1600000014,x,1,2,-1\n"  # the same voter again: replaces the pass
    "1600000015,x,3,3,1\n"
)


def _user(world, role):
    return AnonymousUser() if role == "anonymous" else world.user(role)


# --- votes ----------------------------------------------------------------------------------


def test_a_second_vote_replaces_the_first(world):
    conversation = make_conversation(world.process)
    statement = statements_of(conversation)[0]
    services.vote_cast(statement=statement, voter=world.member, value=AGREE)
    services.vote_cast(statement=statement, voter=world.member, value=DISAGREE)
    services.vote_cast(statement=statement, voter=world.member, value=DISAGREE)  # no change
    vote = OpinionVote.objects.get()
    assert vote.voter == world.member
    assert vote.value == DISAGREE
    verbs = list(
        ActivityLog.objects.filter(verb__startswith="opinion.").values_list("verb", flat=True)
    )
    assert sorted(verbs) == ["opinion.vote_changed", "opinion.voted"]


@pytest.mark.parametrize(
    "role", ["member", "outsider", "facilitator", "coordinator", "expert", "decision_maker"]
)
def test_everyone_in_the_process_may_vote(world, role):
    conversation = make_conversation(world.process)
    statement = statements_of(conversation)[0]
    services.vote_cast(statement=statement, voter=world.user(role), value=PASS)
    assert OpinionVote.objects.filter(voter=world.user(role), value=PASS).count() == 1


def test_anonymous_and_strangers_to_a_hidden_process_may_not_vote(world):
    conversation = make_conversation(world.process)
    statement = statements_of(conversation)[0]
    with pytest.raises(PermissionDenied):
        services.vote_cast(statement=statement, voter=AnonymousUser(), value=AGREE)
    hidden = make_process(is_published=False)
    secret = make_conversation(hidden)
    with pytest.raises(PermissionDenied):
        services.vote_cast(statement=statements_of(secret)[0], voter=make_user(), value=AGREE)
    assert not OpinionVote.objects.exists()


def test_a_closed_poll_refuses_votes_and_reopening_accepts_them(world):
    conversation = make_conversation(world.process)
    statement = statements_of(conversation)[0]
    services.conversation_set_open(
        conversation=conversation, actor=world.facilitator, is_open=False
    )
    with pytest.raises(PermissionDenied):
        services.vote_cast(statement=statement, voter=world.member, value=AGREE)
    assert not OpinionVote.objects.exists()
    services.conversation_set_open(conversation=conversation, actor=world.facilitator, is_open=True)
    statement.refresh_from_db()
    services.vote_cast(statement=statement, voter=world.member, value=AGREE)
    assert OpinionVote.objects.count() == 1
    verbs = set(ActivityLog.objects.values_list("verb", flat=True))
    assert {"conversation.closed", "conversation.reopened", "opinion.voted"} <= verbs


def test_only_accepted_statements_take_votes(world):
    conversation = make_conversation(world.process)
    statement = statements_of(conversation)[0]
    services.statement_moderate(
        statement=statement, actor=world.facilitator, moderation=Statement.Moderation.REJECTED
    )
    with pytest.raises(ValidationError):
        services.vote_cast(statement=statement, voter=world.member, value=AGREE)
    with pytest.raises(ValidationError):
        services.vote_cast(statement=statements_of(conversation)[1], voter=world.member, value=7)
    assert not OpinionVote.objects.exists()


# --- polls and statements -------------------------------------------------------------------


@pytest.mark.parametrize("role", ["member", "outsider", "expert", "decision_maker", "anonymous"])
def test_only_facilitators_and_coordinators_manage_polls(world, role):
    with pytest.raises(PermissionDenied):
        services.conversation_create(process=world.process, actor=_user(world, role), title="X")
    conversation = make_conversation(world.process)
    with pytest.raises(PermissionDenied):
        services.statement_moderate(
            statement=statements_of(conversation)[0],
            actor=_user(world, role),
            moderation=Statement.Moderation.REJECTED,
        )
    with pytest.raises(PermissionDenied):
        services.conversation_set_open(
            conversation=conversation, actor=_user(world, role), is_open=False
        )
    assert Conversation.objects.count() == 1


@pytest.mark.parametrize("role", ["facilitator", "coordinator"])
def test_facilitators_create_and_edit_polls(world, role):
    actor = world.user(role)
    conversation = services.conversation_create(
        process=world.process, actor=actor, title="  Kultúra   a falvakban ", allow_statements=True
    )
    assert conversation.title == "Kultúra a falvakban"
    services.conversation_update(conversation=conversation, actor=actor, title="Új cím")
    conversation.refresh_from_db()
    assert conversation.title == "Új cím"
    assert conversation.allow_statements is False
    with pytest.raises(ValidationError):
        services.conversation_create(process=world.process, actor=actor, title="   ")
    assert list(
        ActivityLog.objects.filter(target_id=str(conversation.pk))
        .order_by("pk")
        .values_list("verb", flat=True)
    ) == ["conversation.created", "conversation.updated"]


def test_participants_propose_statements_that_wait_for_moderation(world):
    conversation = make_conversation(world.process, statements=0)
    with pytest.raises(PermissionDenied):
        services.statement_add(conversation=conversation, actor=world.member, text="Saját")
    conversation.allow_statements = True
    conversation.save()
    proposed = services.statement_add(
        conversation=conversation, actor=world.member, text="Legyen táncház minden faluban"
    )
    typed = services.statement_add(
        conversation=conversation, actor=world.facilitator, text="Kell egy megyei kulturális alap"
    )
    assert proposed.moderation == Statement.Moderation.PENDING
    assert typed.moderation == Statement.Moderation.ACCEPTED
    with pytest.raises(ValidationError):  # the same text again
        services.statement_add(
            conversation=conversation, actor=world.member, text="legyen táncház minden faluban"
        )
    with pytest.raises(PermissionDenied):
        services.statement_add(conversation=conversation, actor=AnonymousUser(), text="Névtelen")
    with pytest.raises(ValidationError):  # participants vote on accepted statements only
        services.vote_cast(statement=proposed, voter=world.outsider, value=AGREE)
    services.statement_moderate(
        statement=proposed, actor=world.facilitator, moderation=Statement.Moderation.ACCEPTED
    )
    services.vote_cast(statement=proposed, voter=world.outsider, value=AGREE)
    assert OpinionVote.objects.filter(statement=proposed).count() == 1


def test_statements_from_contributions_are_linked_and_not_repeated(world):
    conversation = make_conversation(world.process, statements=0)
    first = make_contribution(world.process, world.member, title="Falumúzeum Csíkszentdomokoson")
    second = make_contribution(world.process, world.member, title="Kórustalálkozó")
    created = services.statements_from_contributions(
        conversation=conversation, actor=world.facilitator, contributions=[first, second]
    )
    assert {s.contribution_id for s in created} == {first.pk, second.pk}
    assert {s.text["hu"] for s in statements_of(conversation)} == {
        "Falumúzeum Csíkszentdomokoson",
        "Kórustalálkozó",
    }
    again = services.statements_from_contributions(
        conversation=conversation, actor=world.facilitator, contributions=[first]
    )
    assert again == []
    assert conversation.statements.count() == 2
    other = make_contribution(make_process(), world.member, title="Máshonnan")
    with pytest.raises(ValidationError):
        services.statements_from_contributions(
            conversation=conversation, actor=world.facilitator, contributions=[other]
        )
    with pytest.raises(PermissionDenied):
        services.statements_from_contributions(
            conversation=conversation, actor=world.member, contributions=[first]
        )
    assert conversation.statements.count() == 2


# --- Pol.is import --------------------------------------------------------------------------


def _import(world, comments=COMMENTS, votes=VOTES, **kw):
    return services.polis_import(
        process=world.process,
        actor=world.facilitator,
        comments_csv=comments.encode(),
        votes_csv=votes.encode(),
        filename="comments.csv",
        **kw,
    )


def test_polis_import_stores_the_conversation(world):
    result = _import(world, title="Pol.is: Hargita")
    conversation = result.conversation
    assert conversation.source == Conversation.Source.POLIS
    assert conversation.is_open is False
    statements = {s.external_id: s for s in conversation.statements.all()}
    assert set(statements) == {"0", "1", "2", "3"}
    assert statements["2"].moderation == Statement.Moderation.REJECTED
    assert statements["3"].moderation == Statement.Moderation.PENDING
    assert statements["3"].text == {"hu": "Kétnyelvű, magyar-román feliratok"}
    votes = {
        (v.external_voter, v.statement.external_id): v.value
        for v in OpinionVote.objects.select_related("statement")
    }
    assert votes == {("1", "0"): 1, ("1", "1"): -1, ("2", "0"): 1, ("2", "1"): -1, ("3", "3"): 1}
    assert (result.statements_created, result.votes_created) == (4, 5)
    # Imported polls take no new votes.
    with pytest.raises(PermissionDenied):
        services.vote_cast(statement=statements["0"], voter=world.member, value=AGREE)
    with pytest.raises(ValidationError):
        services.conversation_set_open(
            conversation=conversation, actor=world.facilitator, is_open=True
        )
    with pytest.raises(ValidationError):  # its statements come from the export only
        services.statement_add(conversation=conversation, actor=world.facilitator, text="Új")
    assert conversation.statements.count() == 4


def test_importing_the_same_files_again_changes_nothing(world):
    first = _import(world)
    conversation = first.conversation
    before = list(OpinionVote.objects.order_by("pk").values_list("pk", "value", "updated_at"))
    log = ActivityLog.objects.count()
    again = _import(world, conversation=conversation)
    assert not again.changed
    assert conversation.statements.count() == 4
    assert (
        list(OpinionVote.objects.order_by("pk").values_list("pk", "value", "updated_at")) == before
    )
    assert ActivityLog.objects.count() == log
    assert Conversation.objects.count() == 1


def test_the_same_files_imported_again_without_choosing_the_poll_find_it(world):
    first = _import(world)
    log = ActivityLog.objects.count()
    again = _import(world)
    assert again.conversation == first.conversation
    assert not again.changed
    assert Conversation.objects.count() == 1
    assert ActivityLog.objects.count() == log
    # Other files make a poll of their own.
    other = _import(world, votes=VOTES + "1600000099,x,1,7,1\n")
    assert other.conversation != first.conversation
    assert Conversation.objects.count() == 2


def test_a_newer_export_adds_and_updates_only_what_changed(world):
    conversation = _import(world).conversation
    comments = COMMENTS.replace("1600000003,x,3,3,1,1,0,", "1600000003,x,3,3,1,1,1,") + (
        "1600000004,x,4,2,0,0,1,Új állítás\n"
    )
    votes = VOTES + "1600000020,x,0,1,-1\n" + "1600000021,x,4,1,1\n"
    result = _import(world, comments=comments, votes=votes, conversation=conversation)
    assert (result.statements_created, result.statements_updated) == (1, 1)
    assert (result.votes_created, result.votes_updated) == (1, 1)
    assert conversation.statements.count() == 5
    assert OpinionVote.objects.get(external_voter="1", statement__external_id="0").value == -1
    assert OpinionVote.objects.count() == 6


@pytest.mark.parametrize(
    "comments, votes",
    [
        (COMMENTS, VOTES + "1600000030,x,99,1,1\n"),  # a vote for an unknown comment
        (COMMENTS, VOTES + "1600000030,x,0,1,5\n"),  # not a vote
        (COMMENTS.replace("comment-body", "body"), VOTES),  # a column missing
        ("", VOTES),
        (COMMENTS, "\x00\x01binary"),
    ],
)
def test_a_malformed_export_stores_nothing(world, comments, votes):
    with pytest.raises(PolisFormatError) as error:
        _import(world, comments=comments, votes=votes)
    assert str(error.value)
    assert not Conversation.objects.exists()
    assert not Statement.objects.exists()
    assert not OpinionVote.objects.exists()


def test_a_failure_half_way_rolls_the_whole_import_back(world, monkeypatch):
    def broken(conversation, export, result):
        Statement.objects.create(conversation=conversation, text={"hu": "félig"}, external_id="x")
        raise RuntimeError("disk full")

    monkeypatch.setattr(services, "_polis_store", broken)
    with pytest.raises(RuntimeError):
        _import(world)
    assert not Conversation.objects.exists()
    assert not Statement.objects.exists()


def test_only_facilitators_import(world):
    with pytest.raises(PermissionDenied):
        services.polis_import(
            process=world.process,
            actor=world.member,
            comments_csv=COMMENTS.encode(),
            votes_csv=VOTES.encode(),
        )
    assert not Conversation.objects.exists()


# --- the opinion map ------------------------------------------------------------------------


def test_the_analysis_finds_the_planted_groups_and_is_cached(world):
    conversation = make_conversation(world.process, statements=0)
    truth, statements = plant_votes(conversation, groups=3, per_group=20)
    assert services.analysis_is_stale(conversation, None)
    analysis = services.analysis_compute(conversation=conversation, actor=world.facilitator)
    result = analysis.result
    assert result["group_count"] == 3
    # External voters are "x" + their id; people of Cultiva "u" + their user id.
    placed = {p.removeprefix("x"): group for p, group, *_rest in result["participants"]}
    assert set(placed) == set(truth)
    # The planted groups are found again (a stray participant or two may land elsewhere).
    order = sorted(truth)
    assert adjusted_rand_score([truth[p] for p in order], [placed[p] for p in order]) >= 0.9
    assert analysis.vote_count == OpinionVote.objects.count()
    # Nothing changed: the stored map is reused.
    computed_at = analysis.computed_at
    again = services.analysis_compute(conversation=conversation, actor=world.facilitator)
    assert again.computed_at == computed_at
    assert not services.analysis_is_stale(conversation, again)
    # A new vote makes it stale; the task recomputes it.
    services.vote_cast(statement=statements[0], voter=world.member, value=AGREE)
    assert services.analysis_is_stale(conversation, again)
    opinion_analyse.enqueue(conversation.pk)
    fresh = OpinionAnalysis.objects.get(conversation=conversation)
    assert fresh.vote_count == again.vote_count + 1
    assert not services.analysis_is_stale(conversation, fresh)
    # A changed vote makes it stale too.
    services.vote_cast(statement=statements[0], voter=world.member, value=DISAGREE)
    assert services.analysis_is_stale(conversation, fresh)


def test_rejected_statements_are_left_out_of_the_analysis(world):
    conversation = make_conversation(world.process, statements=0)
    _truth, statements = plant_votes(conversation, groups=2, per_group=10)
    services.statement_moderate(
        statement=statements[0], actor=world.facilitator, moderation=Statement.Moderation.REJECTED
    )
    used = {statement for _p, statement, _v in services.analysis_votes(conversation)}
    assert str(statements[0].pk) not in used
    assert str(statements[1].pk) in used


def test_a_poll_belongs_to_a_meeting_of_its_own_process(world):
    own = make_meeting(world.process)
    other = make_meeting(make_process())
    conversation = services.conversation_create(
        process=world.process, actor=world.facilitator, title="A műhelyen", meeting=own
    )
    assert conversation.meeting == own
    with pytest.raises(ValidationError) as error:
        services.conversation_update(
            conversation=conversation, actor=world.facilitator, title="X", meeting=other
        )
    assert "meeting" in error.value.message_dict
    conversation.refresh_from_db()
    assert conversation.meeting == own
