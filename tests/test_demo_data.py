"""The demo data set: deterministic for a seed, the promised size, usable demo accounts."""

from __future__ import annotations

import datetime as dt
import io
import itertools
from collections import Counter

import pytest
from allauth.account.models import EmailAddress
from django.core.management import call_command
from django.core.management.base import CommandError
from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone

from cultiva.accounts.models import Membership, Organisation, User
from cultiva.core.i18n import localize
from cultiva.core.models import ActivityLog, Settlement, TaxonomyTerm
from cultiva.demo import portfolio_proposals as demo_proposals
from cultiva.demo import synthesis as demo_synthesis
from cultiva.demo.generator import (
    BASE_DATE,
    DEMO_ACCOUNTS,
    DEMO_PASSWORD,
    SCALES,
    demo_generate,
)
from cultiva.funding.models import Application, Call
from cultiva.ideas.models import Contribution
from cultiva.meetings.models import (
    CODE_ALPHABET,
    AgendaItem,
    FeedbackQuestion,
    FeedbackResponse,
    Material,
    Meeting,
    Minutes,
    MinutesRevision,
    Registration,
    RegistrationQuestion,
    Speaker,
)
from cultiva.meetings.rules import can_get_series_certificate
from cultiva.meetings.selectors.attendance import attended_count
from cultiva.portfolio.models import Project, ProjectOrigin
from cultiva.processes.models import Phase, Process, ProcessRole
from cultiva.strategy.models import Goal, Measure, MeasureProject, PriorityAxis, Strategy
from cultiva.synthesis import duplicates, embeddings, opinion
from cultiva.synthesis import rules as synthesis_rules
from cultiva.synthesis.models import Conversation, OpinionAnalysis, OpinionVote, Statement
from cultiva.synthesis.services.opinion import analysis_compute

pytestmark = pytest.mark.django_db

# Half-way through the series: some meetings are over, some are still to come.
MID_SERIES = timezone.make_aware(
    dt.datetime.combine(BASE_DATE + dt.timedelta(days=60), dt.time(12, 0)),
    timezone.get_default_timezone(),
)


def snapshot() -> dict:
    return {
        "contributions": sorted(
            Contribution.objects.values_list("title", "kind", "language", "status", "created_at")
        ),
        "organisations": sorted(Organisation.objects.values_list("name", flat=True), key=str),
        "people": sorted(User.objects.values_list("email", "full_name")),
        "projects": sorted(
            (p.code, p.title["hu"], p.maturity, str(p.budget_total)) for p in Project.objects.all()
        ),
        "meetings": sorted(Meeting.objects.values_list("starts_at", "kind")),
        "origins": sorted(
            ProjectOrigin.objects.values_list("project__code", "contribution__title")
        ),
        "speakers": sorted(
            Speaker.objects.values_list("full_name", "affiliation", "is_external", "email")
        ),
        "meeting_speakers": sorted(
            Meeting.speakers.through.objects.values_list("meeting__starts_at", "speaker__full_name")
        ),
        "agenda": sorted(
            AgendaItem.objects.values_list("meeting__starts_at", "starts_at", "ends_at")
        ),
        "registrations": sorted(
            Registration.objects.values_list(
                "meeting__starts_at",
                "person__email",
                "status",
                "attendance",
                "personal_code",
                "created_at",
                "checked_in_at",
            ),
            key=str,
        ),
        "feedback": sorted(
            (str(meeting), email, sorted(answers.values(), key=str))
            for meeting, email, answers in FeedbackResponse.objects.values_list(
                "meeting__starts_at", "respondent__email", "answers"
            )
        ),
        "minutes": sorted(Minutes.objects.values_list("body", flat=True)),
        "materials": sorted(
            Material.objects.values_list("title", "url", "licence", "visibility", "created_at")
        ),
        # A statement's text is {language: text}: compared as sorted items.
        "poll_votes": sorted(
            (sorted(text.items()), *rest)
            for text, *rest in OpinionVote.objects.values_list(
                "statement__text", "voter__email", "value", "created_at"
            )
        ),
        "poll_statements": sorted(
            (sorted(text.items()), *rest)
            for text, *rest in Statement.objects.values_list(
                "text", "moderation", "author__email", "created_at"
            )
        ),
    }


def delete_demo() -> None:
    ActivityLog.objects.all().delete()
    ProjectOrigin.objects.all().delete()
    MeasureProject.objects.all().delete()
    Process.objects.all().delete()  # cascades to meetings, contributions, projects, strategy
    Speaker.objects.all().delete()  # speakers belong to no process
    Membership.objects.all().delete()
    Organisation.objects.all().delete()
    EmailAddress.objects.all().delete()
    User.objects.all().delete()


def test_small_scale_is_deterministic_for_a_seed():
    demo_generate(scale="small", seed=1, now=MID_SERIES)
    first = snapshot()
    assert first["registrations"] and first["feedback"] and first["materials"]
    assert first["poll_votes"] and first["poll_statements"]
    delete_demo()
    demo_generate(scale="small", seed=1, now=MID_SERIES)
    second = snapshot()
    assert first == second
    delete_demo()
    demo_generate(scale="small", seed=2, now=MID_SERIES)
    third = snapshot()
    assert third["contributions"] != first["contributions"]
    assert third["registrations"] != first["registrations"]
    assert third["poll_votes"] != first["poll_votes"]


def test_small_scale_has_the_promised_size_and_shape():
    result = demo_generate(scale="small", seed=1)
    scale = SCALES["small"]
    process = Process.objects.get(slug="hargita-2027")
    assert result.process == process
    assert process.is_published
    assert process.title["hu"] == "Hargita megye kulturális stratégiája 2027–2033"
    assert process.title["ro"] == "Strategia culturală a județului Harghita 2027–2033"

    assert Settlement.objects.count() == 67
    assert TaxonomyTerm.objects.filter(vocabulary="domain").count() >= 14
    assert Organisation.objects.count() == scale.organisations
    assert Meeting.objects.count() == scale.meetings
    # the promised contributions plus the planted cross-language duplicate twins
    assert Contribution.objects.count() == scale.contributions + 2 * len(demo_synthesis.TWINS)
    # the promised projects plus the proposals of cultiva.demo.portfolio_proposals, one of
    # them accepted into the portfolio
    assert Project.objects.count() == scale.projects + len(demo_proposals.PROPOSALS)
    assert Project.objects.in_portfolio().count() == scale.projects + 1

    submission = Phase.objects.get(process=process, kind=Phase.Kind.SUBMISSION)
    assert submission.is_current() and submission.accepts_contributions
    assert Phase.objects.filter(process=process).count() == 8

    kinds = set(Contribution.objects.values_list("kind", flat=True))
    assert kinds == set(Contribution.Kind.values)
    romanian = Contribution.objects.filter(language="ro").count()
    assert 0.12 * scale.contributions < romanian < 0.4 * scale.contributions
    put_forward = Contribution.objects.filter(
        status__in=[Contribution.Status.SUBMITTED, Contribution.Status.IN_PORTFOLIO]
    )
    assert put_forward.count() > 0.85 * scale.contributions
    assert not Contribution.objects.filter(domains=None).exists()
    assert not Contribution.objects.filter(settlements=None).exists()

    meeting_kinds = set(Meeting.objects.values_list("kind", flat=True))
    assert {Meeting.Kind.LECTURE, Meeting.Kind.WORKSHOP} <= meeting_kinds
    workshops = Meeting.objects.filter(kind=Meeting.Kind.WORKSHOP)
    regions = {m.settlement.micro_region.name for m in workshops if m.settlement}
    assert regions == {"Csík", "Gyergyó", "Udvarhelyszék", "Felső-Maros"}

    codes = sorted(Project.objects.in_portfolio().values_list("code", flat=True))
    assert codes[0] == "HR-0001"
    assert not Project.objects.filter(origins=None).exists()
    # (the origins of proposals not accepted yet stay as they were)
    promoted = Contribution.objects.filter(
        project_links__project__proposal_status=Project.ProposalStatus.ACCEPTED
    ).distinct()
    assert set(promoted.values_list("status", flat=True)) == {Contribution.Status.IN_PORTFOLIO}
    assert all(
        project.title.get(code) for project in Project.objects.all() for code in ["hu", "ro", "en"]
    )

    strategy = Strategy.objects.get(process=process)
    assert strategy.status == Strategy.Status.DRAFT
    assert 3 <= Goal.objects.filter(strategy=strategy).count() <= 4
    for goal in Goal.objects.filter(strategy=strategy):
        assert goal.axes.count() == 2
        for axis in goal.axes.all():
            assert 2 <= axis.measures.count() <= 3
    assert PriorityAxis.objects.count() == 8
    assert Measure.objects.filter(project_links__isnull=False).exists()

    # Funding: applications in every status to the catalogue's calls (none without calls).
    statuses = set(Application.objects.filter(process=process).values_list("status", flat=True))
    if Call.objects.filter(process=process).exists():
        assert statuses == set(Application.Status.values)
        assert Application.objects.filter(status="rejected").exclude(rejection_reason="").exists()
    else:
        assert not statuses

    # one activity row for the territory and one for the demo, none per row
    assert ActivityLog.objects.count() == 2


def test_demo_accounts_exist_with_their_roles_and_can_log_in(client):
    demo_generate(scale="small", seed=1)
    process = Process.objects.get(slug="hargita-2027")
    for role, email in DEMO_ACCOUNTS:
        user = User.objects.get(email=email)
        assert EmailAddress.objects.filter(user=user, email=email, verified=True, primary=True)
        assert ProcessRole.objects.filter(process=process, user=user, role=role).exists()
        assert client.login(request=HttpRequest(), email=email, password=DEMO_PASSWORD), email
        client.logout()
    assert User.objects.get(email="coordinator@demo.cultiva.local").is_staff
    member = User.objects.get(email="member@demo.cultiva.local")
    assert member.memberships.exists()
    assert not client.login(request=HttpRequest(), email=member.email, password="wrong")


def test_command_prints_accounts_and_if_empty_skips_a_second_run():
    out = io.StringIO()
    call_command("demo_data", scale="small", seed=3, stdout=out)
    text = out.getvalue()
    for _role, email in DEMO_ACCOUNTS:
        assert email in text
    assert DEMO_PASSWORD in text
    contributions = Contribution.objects.count()

    out = io.StringIO()
    call_command("demo_data", "--if-empty", scale="small", seed=3, stdout=out)
    assert "--if-empty" in out.getvalue()
    assert Contribution.objects.count() == contributions
    assert Process.objects.count() == 1

    with pytest.raises(CommandError):
        call_command("demo_data", scale="small", seed=3, stdout=io.StringIO())


def test_small_scale_runs_the_meeting_series_half_way():
    demo_generate(scale="small", seed=1, now=MID_SERIES)
    process = Process.objects.get(slug="hargita-2027")
    meetings = list(Meeting.objects.prefetch_related("speakers", "agenda_items"))
    ended = [m for m in meetings if m.ends_at <= MID_SERIES]
    upcoming = [m for m in meetings if m.starts_at > MID_SERIES]
    assert ended and upcoming

    # speakers: mostly external, with expertise and a biography in three languages
    speakers = list(Speaker.objects.prefetch_related("expertise", "meetings"))
    assert len(speakers) >= SCALES["small"].speakers
    assert sum(s.is_external for s in speakers) > 0.7 * len(speakers)
    expertise = {term.slug for s in speakers for term in s.expertise.all()}
    assert {"culture", "management", "public-relations", "regional-development"} <= expertise
    for speaker in speakers:
        assert speaker.expertise.all(), speaker
        assert all(speaker.biography.get(code) for code in ("hu", "ro", "en")), speaker
    assert max(len(s.meetings.all()) for s in speakers) >= 2  # a speaker gives several
    for speaker in speakers:  # nobody speaks at two meetings at once
        talks = sorted(speaker.meetings.all(), key=lambda m: m.starts_at)
        assert all(a.ends_at <= b.starts_at for a, b in itertools.pairwise(talks))
    expert = Speaker.objects.get(person__email="expert@demo.cultiva.local")
    assert expert.meetings.filter(kind=Meeting.Kind.LECTURE).count() >= 2
    assert expert.agenda_items.exists()

    # agenda and registration windows
    for meeting in meetings:
        # 30 days before at the same local time (one hour off across a DST change)
        window = meeting.starts_at - meeting.registration_opens_at
        assert abs(window - dt.timedelta(days=30)) <= dt.timedelta(hours=1)
        assert meeting.registration_closes_at == meeting.starts_at - dt.timedelta(hours=1)
        items = list(meeting.agenda_items.all())
        if meeting.kind == Meeting.Kind.LECTURE:
            assert meeting.speakers.all(), meeting
        if meeting.kind in (Meeting.Kind.LECTURE, Meeting.Kind.WORKSHOP):
            assert len(items) >= 4, meeting
        for item in items:
            assert meeting.starts_at <= item.starts_at < item.ends_at <= meeting.ends_at
            assert all(item.title.get(code) for code in ("hu", "ro", "en"))
    lecture_items = AgendaItem.objects.filter(meeting__kind=Meeting.Kind.LECTURE)
    assert lecture_items.filter(speakers__isnull=False).exists()
    for workshop in [m for m in meetings if m.kind == Meeting.Kind.WORKSHOP]:
        kinds = list(workshop.registration_questions.values_list("kind", flat=True))
        assert kinds == [RegistrationQuestion.Kind.CHOICE, RegistrationQuestion.Kind.TEXT]

    # registrations: never above capacity, a waiting list only when full, unique codes
    registrations = list(Registration.objects.select_related("meeting"))
    assert registrations
    by_meeting: dict[int, list[Registration]] = {}
    for registration in registrations:
        by_meeting.setdefault(registration.meeting_id, []).append(registration)
    for meeting in meetings:
        rows = by_meeting.get(meeting.pk, [])
        statuses = Counter(r.status for r in rows)
        assert statuses[Registration.Status.CONFIRMED] <= meeting.capacity, meeting
        if statuses[Registration.Status.WAITING]:
            assert statuses[Registration.Status.CONFIRMED] == meeting.capacity, meeting
        codes = [r.personal_code for r in rows]
        assert len(codes) == len(set(codes)), meeting
        assert all(len(c) == 6 and set(c) <= set(CODE_ALPHABET) for c in codes)
        for registration in rows:
            assert registration.created_at <= MID_SERIES
            if meeting.ends_at > MID_SERIES:
                assert registration.attendance == ""  # attendance only once it is over
            elif registration.status == Registration.Status.CONFIRMED:
                assert registration.attendance in Registration.Attendance.values[1:]
            else:
                assert registration.attendance == ""
            if registration.attendance == Registration.Attendance.PRESENT:
                assert registration.checked_in_at and registration.checkin_method
    assert any(r.status == Registration.Status.WAITING for r in registrations)
    assert any(r.status == Registration.Status.CANCELLED for r in registrations)
    present_at: dict[int, list[Meeting]] = {}
    for registration in registrations:
        if registration.attendance == Registration.Attendance.PRESENT:
            present_at.setdefault(registration.person_id, []).append(registration.meeting)
    for attended in present_at.values():  # nobody is in two places at once
        attended.sort(key=lambda m: m.starts_at)
        assert all(a.ends_at <= b.starts_at for a, b in itertools.pairwise(attended))
    recorded = [r for r in registrations if r.attendance]
    present = sum(r.attendance == Registration.Attendance.PRESENT for r in recorded)
    assert 0.65 * len(recorded) < present < 0.95 * len(recorded)
    memberships = set(Membership.objects.values_list("user_id", "organisation_id"))
    assert all(
        (r.person_id, r.organisation_id) in memberships for r in registrations if r.organisation_id
    )

    # the demo member: a series certificate is possible, one upcoming place, one waiting
    member = User.objects.get(email="member@demo.cultiva.local")
    assert attended_count(person=member, process=process) >= (
        process.series_certificate_min_meetings
    )
    assert can_get_series_certificate(member, process)
    mine = Registration.objects.filter(person=member, meeting__starts_at__gt=MID_SERIES)
    assert mine.filter(status=Registration.Status.CONFIRMED).exists()
    assert mine.filter(
        status=Registration.Status.WAITING, meeting__kind=Meeting.Kind.WORKSHOP
    ).exists()

    # feedback, minutes and materials only for meetings that are over
    questions = list(FeedbackQuestion.objects.filter(process=process))
    assert Counter(q.kind for q in questions) == {"rating": 3, "text": 1}
    responses = list(FeedbackResponse.objects.select_related("meeting"))
    assert responses
    present_pairs = set(
        Registration.objects.filter(attendance=Registration.Attendance.PRESENT).values_list(
            "meeting_id", "person_id"
        )
    )
    rating_keys = {str(q.pk) for q in questions if q.kind == "rating"}
    for response in responses:
        assert response.meeting.ends_at <= MID_SERIES
        assert (response.meeting_id, response.respondent_id) in present_pairs
        assert rating_keys <= set(response.answers)
        assert all(1 <= response.answers[key] <= 5 for key in rating_keys)

    ended_workshops = {m.pk for m in ended if m.kind == Meeting.Kind.WORKSHOP}
    assert set(Minutes.objects.values_list("meeting_id", flat=True)) == ended_workshops
    for minutes in Minutes.objects.all():
        assert minutes.is_published and minutes.body.startswith("# ")
        assert "\n- " in minutes.body
        revision = MinutesRevision.objects.get(minutes=minutes)
        assert revision.number == 1 and revision.body == minutes.body

    materials = list(Material.objects.select_related("meeting"))
    assert materials
    for material in materials:
        assert material.meeting.kind == Meeting.Kind.LECTURE
        assert material.meeting.ends_at <= MID_SERIES
        assert material.url.startswith("https://example.org/cultiva/") and not material.file
        assert material.speaker_id and material.search_document.strip()
    assert {m.meeting_id for m in materials} == {
        m.pk for m in ended if m.kind == Meeting.Kind.LECTURE
    }
    assert Material.objects.filter(visibility=Material.Visibility.PUBLIC).exists()
    assert not Material.objects.filter(topics=None).exists()


@pytest.mark.parametrize("days", [-60, 400])
def test_series_before_it_starts_and_after_it_ends(days):
    now = timezone.make_aware(
        dt.datetime.combine(BASE_DATE + dt.timedelta(days=days), dt.time(12, 0)),
        timezone.get_default_timezone(),
    )
    demo_generate(scale="small", seed=1, now=now)
    process = Process.objects.get(slug="hargita-2027")
    member = User.objects.get(email="member@demo.cultiva.local")
    if days < 0:  # nothing is over and no registration is open yet
        assert not Registration.objects.exclude(attendance="").exists()
        assert not FeedbackResponse.objects.exists()
        assert not Minutes.objects.exists() and not Material.objects.exists()
        # only the member, put on a list by a facilitator
        assert list(Registration.objects.values_list("person", flat=True)) == [member.pk]
    else:  # everything is over
        assert not Registration.objects.filter(
            status=Registration.Status.CONFIRMED, attendance=""
        ).exists()
        assert attended_count(person=member, process=process) >= (
            process.series_certificate_min_meetings
        )
        assert Minutes.objects.count() == Meeting.objects.filter(kind="workshop").count()


# --- synthesis: the opinion poll and the duplicate twins ---------------------------------------


def test_small_demo_has_an_open_poll_whose_map_shows_opinion_groups(client):
    result = demo_generate(scale="small", seed=1, now=MID_SERIES)
    conversation = Conversation.objects.get(process=result.process)
    assert conversation.is_open and conversation.allow_statements
    accepted = Statement.objects.filter(
        conversation=conversation, moderation=Statement.Moderation.ACCEPTED
    )
    assert accepted.count() == len(demo_synthesis.POLL_STATEMENTS) >= 20
    texts = {text for value in accepted.values_list("text", flat=True) for text in value.values()}
    assert "A székely hagyományok ápolása a kultúrpolitika első feladata." in texts
    assert any("județul" in text.lower() for text in texts)  # Romanian statements too
    assert Statement.objects.filter(
        conversation=conversation, moderation=Statement.Moderation.PENDING
    ).exists()  # something for the facilitator to moderate

    votes = OpinionVote.objects.filter(statement__conversation=conversation)
    voters = set(votes.values_list("voter_id", flat=True))
    assert len(voters) > 0.6 * SCALES["small"].people
    assert votes.count() >= 7 * len(voters)  # everybody votes enough to be placed
    assert not votes.filter(created_at__gt=MID_SERIES).exists()

    # the demo member has not voted yet and may try it
    member = User.objects.get(email="member@demo.cultiva.local")
    assert member.pk not in voters
    assert synthesis_rules.can_vote_in_conversation(member, conversation)

    # the map is stored, and computing it again finds the same groups
    stored = opinion.result_from_json(OpinionAnalysis.objects.get(conversation=conversation).result)
    assert stored.group_count >= 2
    assert result.counts["opinion_groups"] == stored.group_count
    fresh = opinion.result_from_json(analysis_compute(conversation=conversation, force=True).result)
    assert fresh.group_count == stored.group_count
    assert all(group.size >= 5 for group in fresh.groups)
    assert fresh.excluded_participants == 0

    # the planted disagreements divide the groups, the planted consensus unites them
    lean_of = {text: lean for text, _language, lean in demo_synthesis.POLL_STATEMENTS}
    text_of = {pk: localize(text) for pk, text in accepted.values_list("pk", "text")}
    top_divisive = [lean_of[text_of[int(pk)]] for pk, _score in fresh.divisive[:3]]
    assert all("+" in lean and "-" in lean for lean in top_divisive)
    top_consensus = [lean_of[text_of[int(pk)]] for pk, _score in fresh.consensus[:2]]
    assert top_consensus == ["+++", "+++"]
    assert all(group.representative for group in fresh.groups)

    # the facilitator sees the stored map; the member can open the poll to vote
    client.force_login(User.objects.get(email="facilitator@demo.cultiva.local"))
    page = client.get(
        reverse("synthesis:conversation_map", args=[result.process.slug, conversation.pk])
    )
    assert page.status_code == 200
    assert f'data-stat="groups">{stored.group_count}<' in page.content.decode()
    client.force_login(member)
    page = client.get(
        reverse("synthesis:conversation_detail", args=[result.process.slug, conversation.pk])
    )
    assert page.status_code == 200


def test_small_demo_plants_cross_language_duplicate_twins(monkeypatch):
    scheduled: list[int] = []
    monkeypatch.setattr(
        "cultiva.synthesis.services.embeddings.embeddings_schedule", scheduled.extend
    )
    result = demo_generate(scale="small", seed=1, now=MID_SERIES)
    assert result.counts["duplicate_twins"] == len(demo_synthesis.TWINS) >= 3
    twins = []
    for _siruta, _kind, _domains, _targets, (hu_title, _hu), (
        ro_title,
        _ro,
    ) in demo_synthesis.TWINS:
        hu = Contribution.objects.get(title=hu_title, language="hu")
        ro = Contribution.objects.get(title=ro_title, language="ro")
        assert hu.author_id != ro.author_id
        for twin in (hu, ro):
            assert twin.status == Contribution.Status.SUBMITTED
            assert twin.domains.exists() and twin.settlements.exists()
        assert hu.settlements.get() == ro.settlements.get()
        twins.append((hu, ro))

    # every contribution is indexed for search and queued for embedding
    assert not Contribution.objects.filter(search_document="").exists()
    assert set(scheduled) == set(Contribution.objects.values_list("pk", flat=True))

    # with the multilingual model, each twin's closest match is its translation, above the
    # threshold of the duplicate queue
    embedder = embeddings.get_embedder()
    if embeddings.is_fallback(embedder):
        pytest.skip("the hashing fallback does not match across languages")
    rows = [twin for pair in twins for twin in pair]
    matrix = embedder.embed([embeddings.text_for_embedding(c.title, c.body) for c in rows])
    threshold, _similar = duplicates.thresholds_for(embedder.name)
    found = {
        (a, b)
        for a, b, _score in duplicates.duplicate_pairs(
            matrix, [c.pk for c in rows], threshold=threshold
        )
    }
    assert found == {tuple(sorted((hu.pk, ro.pk))) for hu, ro in twins}


def test_small_demo_board_starts_from_two_described_themes(
    client, django_capture_on_commit_callbacks
):
    from cultiva.synthesis.models import Theme
    from cultiva.synthesis.services.themes import clustering_run_start

    result = demo_generate(scale="small", seed=1, now=MID_SERIES)
    themes = list(Theme.objects.filter(process=result.process).order_by("position"))
    assert [f"{theme.label['hu']} / {theme.label['ro']}" for theme in themes] == [
        label for label, _ in demo_synthesis.EXPECTED_THEMES
    ]
    assert all(theme.description and not theme.memberships.exists() for theme in themes)
    assert result.counts["expected_themes"] == 2
    facilitator = User.objects.get(email="facilitator@demo.cultiva.local")
    client.force_login(facilitator)
    board = client.get(reverse("synthesis:theme_board", args=[result.process.slug]))
    assert board.content.decode().count("data-theme-description") == 2

    # The first run gathers the library ideas under the library theme the office described
    # (with the multilingual model: the word-statistics fallback is too weak to tell a
    # description's subject from others, so it names no theme after one).
    embeddings.reset_embedder()
    if embeddings.is_fallback(embeddings.get_embedder()):
        pytest.skip("needs the multilingual model")
    with django_capture_on_commit_callbacks(execute=True):
        clustering_run_start(actor=facilitator, process=result.process, seed=0)
    library = themes[0]
    members = list(library.memberships.values_list("contribution__title", flat=True))
    about_libraries = [
        title for title in members if "könyvtár" in title.lower() or "bibliotec" in title.lower()
    ]
    all_library_ideas = Contribution.objects.filter(process=result.process).filter(
        title__iregex=r"könyvtár|bibliotec"
    )
    assert len(about_libraries) >= all_library_ideas.count() / 2
    assert len(about_libraries) >= len(members) / 2
