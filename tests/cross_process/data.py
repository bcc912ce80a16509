"""Two processes with separate people, and one object of every kind in process A.

The generated cross-process test (tests/test_cross_process.py) opens every URL that names an
object of A as each person of process B and as an anonymous visitor.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.contrib.auth.models import AnonymousUser
from django.core.files.base import ContentFile
from django.utils import timezone

from cultiva.accounts.models import Membership, MembershipRequest
from cultiva.api.services import api_token_create
from cultiva.core.activity import activity_record
from cultiva.core.models import SpreadsheetImport
from cultiva.ideas.models import (
    Comment,
    ContributionRevision,
    ExtraField,
    Follow,
    ImportBatch,
    Report,
    Support,
    Wall,
    WallCard,
    WallColumn,
    WallParticipant,
)
from cultiva.meetings.models import (
    AgendaItem,
    Announcement,
    Certificate,
    FeedbackQuestion,
    FeedbackResponse,
    Invitation,
    Material,
    Minutes,
    MinutesRevision,
    Registration,
    RegistrationQuestion,
)
from cultiva.portfolio.models import (
    ConflictDeclaration,
    Criterion,
    PartnerInterest,
    PartnerSearch,
    ProjectAttachment,
    Review,
    ReviewAssignment,
    ReviewRound,
    RoundProject,
    SavedPortfolio,
    Score,
)
from cultiva.processes.models import Invitation as RoleInvitation
from cultiva.processes.models import ProcessRole
from cultiva.synthesis.models import (
    ClusteringRun,
    ContributionMerge,
    Conversation,
    DuplicateCandidate,
    Statement,
    Theme,
    ThemeBoard,
    ThemeMembership,
)
from tests.factories import (
    make_contribution,
    make_meeting,
    make_organisation,
    make_process,
    make_project,
    make_settlement,
    make_speaker,
    make_strategy,
    make_term,
    make_user,
)

# The people of process B, who hold no role in A.
OUTSIDER_ROLES = ("coordinator", "facilitator", "expert", "member", "decision_maker")


@dataclass
class CrossWorld:
    a: object  # the process whose objects are tried
    b: object  # the process of the people who try them
    people_a: dict  # role -> person of A (owners of A's objects)
    people_b: dict  # role -> person of B
    nobody: object  # signed in, no role anywhere: what any signed-in person may see
    tokens: dict = field(default_factory=dict)  # person pk -> raw API token
    objects: dict = field(default_factory=dict)  # kind -> object of A
    clients: dict = field(default_factory=dict)  # (who, api?) -> a test client

    def person(self, who: str):
        if who == "anonymous":
            return AnonymousUser()
        if who == "nobody":
            return self.nobody
        return self.people_b[who]


def build() -> CrossWorld:
    now = timezone.now()
    settlement = make_settlement()
    a = make_process(slug="folyamat-a")
    b = make_process(slug="folyamat-b")
    org_a = make_organisation(settlement, name="A Egyesület")
    people_a = {}
    for role in ("coordinator", "facilitator", "expert", "member", "decision_maker"):
        people_a[role] = make_user(f"a-{role}@example.org", full_name=f"A {role}")
        ProcessRole.objects.create(process=a, user=people_a[role], role=role)
    membership_a = Membership.objects.create(
        user=people_a["member"],
        organisation=org_a,
        role=Membership.Role.CONTACT,
        is_administrator=True,
    )
    join_request_a = MembershipRequest.objects.create(
        user=people_a["facilitator"], organisation=org_a
    )
    people_b = {}
    org_b = make_organisation(settlement, name="B Egyesület")
    for role in OUTSIDER_ROLES:
        people_b[role] = make_user(f"b-{role}@example.org", full_name=f"B {role}")
        ProcessRole.objects.create(process=b, user=people_b[role], role=role)
        Membership.objects.create(user=people_b[role], organisation=org_b)
    # Like B's people, a member of an organisation; unlike them, no role in any process.
    nobody = make_user("nobody@example.org", full_name="Senki Sem")
    Membership.objects.create(user=nobody, organisation=org_b)
    world = CrossWorld(a=a, b=b, people_a=people_a, people_b=people_b, nobody=nobody)
    for person in [*people_b.values(), nobody, people_a["member"]]:
        world.tokens[person.pk] = api_token_create(user=person, name="próba")[1]

    member, facilitator = people_a["member"], people_a["facilitator"]
    o = world.objects
    o["organisation"] = org_a
    o["membership"] = membership_a
    o["membership_request"] = join_request_a
    o["settlement"] = settlement
    # Meetings: one that took place (registration, attendance, minutes, feedback,
    # certificate), with its agenda, speaker, questions and materials.
    o["meeting"] = meeting = make_meeting(
        a,
        starts_at=(now - dt.timedelta(days=2)).replace(second=0, microsecond=0),
        venue="Kultúrház",
    )
    o["speaker"] = make_speaker(
        a, full_name="Dr. A Előadó", email="a.speaker.private@example.org", meetings=[meeting]
    )
    o["agenda_item"] = AgendaItem.objects.create(
        meeting=meeting,
        starts_at=meeting.starts_at,
        ends_at=meeting.ends_at,
        title={"hu": "Nyitó előadás"},
    )
    o["agenda_item"].speakers.add(o["speaker"])
    o["registration_question"] = RegistrationQuestion.objects.create(
        meeting=meeting, label={"hu": "Étrend?"}
    )
    o["registration"] = Registration.objects.create(
        meeting=meeting,
        person=member,
        organisation=org_a,
        status=Registration.Status.CONFIRMED,
        attendance=Registration.Attendance.PRESENT,
    )
    o["invitation"] = Invitation.objects.create(
        meeting=meeting, email="a.invited@example.org", invited_by=facilitator
    )
    o["material"] = Material.objects.create(
        process=a,
        meeting=meeting,
        speaker=o["speaker"],
        title="A diák",
        url="https://example.org/a.pdf",
        language="hu",
        licence=Material.Licence.CC_BY,
        uploaded_by=facilitator,
    )
    o["private_material"] = Material.objects.create(
        process=a,
        meeting=meeting,
        title="A belső jegyzet",
        url="https://example.org/a-internal.pdf",
        language="hu",
        licence=Material.Licence.CC_BY,
        visibility=Material.Visibility.PARTICIPANTS,
        uploaded_by=facilitator,
    )
    o["minutes"] = Minutes.objects.create(
        meeting=meeting, body="A jegyzőkönyv", is_published=True, updated_by=facilitator
    )
    o["minutes_revision"] = MinutesRevision.objects.create(
        minutes=o["minutes"], number=1, body="A jegyzőkönyv", author=facilitator
    )
    o["feedback_question"] = FeedbackQuestion.objects.create(process=a, label={"hu": "Hasznos?"})
    o["feedback"] = FeedbackResponse.objects.create(
        meeting=meeting, respondent=member, answers={str(o["feedback_question"].pk): 5}
    )
    o["certificate"] = Certificate.objects.create(
        kind=Certificate.Kind.MEETING,
        person=member,
        process=a,
        meeting=meeting,
        holder_name=member.full_name,
    )
    # Contributions and what hangs on them.
    domain = make_term("domain", "heritage")
    o["contribution"] = contribution = make_contribution(
        a, member, organisation=org_a, title="A ötlet", domains=[domain], meeting=meeting
    )
    o["second_contribution"] = second = make_contribution(a, member, title="A másik ötlet")
    o["draft"] = make_contribution(a, member, title="A piszkozat", status="draft")
    activity_record(actor=member, verb="contribution.created", target=o["draft"], process=a)
    ContributionRevision.objects.create(
        contribution=contribution, number=1, data={"title": "A ötlet"}, author=member
    )
    o["comment"] = Comment.objects.create(contribution=contribution, author=member, body="A szó")
    o["hidden_comment"] = Comment.objects.create(
        contribution=contribution,
        author=member,
        body="A rejtett",
        is_hidden=True,
        hidden_reason="sértő",
        hidden_by=facilitator,
    )
    o["report"] = Report.objects.create(comment=o["comment"], reporter=member, reason="A panasz")
    Support.objects.create(contribution=contribution, person=member)
    Follow.objects.create(contribution=contribution, person=member)
    o["phase"] = a.phases.first()  # make_process gives each process a submission phase
    o["extra_field"] = ExtraField.objects.create(
        process=a, key="budget", label={"hu": "Költségvetés"}, kind="text"
    )
    o["import"] = ImportBatch.objects.create(
        process=a, uploaded_by=facilitator, filename="a.csv", file_hash="0" * 64
    )
    o["import"].file.save("a.csv", ContentFile("title,body\nA sor,A leírás\n".encode()))
    # The live wall of the meeting.
    o["wall"] = wall = Wall.objects.create(
        meeting=meeting, title="A fal", created_by=facilitator, allow_guests=True
    )
    o["wall_column"] = WallColumn.objects.create(wall=wall, title="A oszlop")
    participant = WallParticipant.objects.create(wall=wall, person=member, token="a" * 32)
    o["wall_card"] = WallCard.objects.create(
        wall=wall, column=o["wall_column"], author=participant, text="A kártya", client_id="a1"
    )
    # Synthesis: a theme board, a run, a theme, a duplicate pair, a merge, a poll.
    ThemeBoard.objects.create(process=a)
    run = ClusteringRun.objects.create(process=a, started_by=facilitator, status="done")
    o["theme"] = Theme.objects.create(process=a, label={"hu": "A téma"}, language="hu", run=run)
    ThemeMembership.objects.create(theme=o["theme"], contribution=contribution)
    o["duplicate"] = DuplicateCandidate.objects.create(
        process=a, first=contribution, second=second, similarity=0.93
    )
    third = make_contribution(a, member, title="A harmadik ötlet")
    o["merge"] = ContributionMerge.objects.create(
        process=a, kept=second, merged=third, merged_by=facilitator
    )
    o["poll"] = Conversation.objects.create(
        process=a, meeting=meeting, title="A szavazás", created_by=facilitator
    )
    o["statement"] = Statement.objects.create(
        conversation=o["poll"], text={"hu": "A állítás"}, language="hu", author=member
    )
    # Portfolio and strategy.
    o["project"] = make_project(a, origins=[contribution], lead_organisation=org_a)
    o["project_attachment"] = ProjectAttachment(
        project=o["project"], title="A melléklet", content_type="text/plain", size=5
    )
    o["project_attachment"].file.save("a.txt", ContentFile(b"hello"), save=True)
    # Proposals and partners: a draft proposal (private to A's organisation and staff), a
    # partner search on the project, and an offer from another organisation of A's people.
    o["proposal"] = make_project(
        a,
        code="",
        title={"hu": "A javaslat piszkozata"},
        lead_organisation=org_a,
        created_by=member,
        proposal_status="draft",
    )
    o["partner_search"] = PartnerSearch.objects.create(
        project=o["project"], role={"hu": "A partnerszerep"}, created_by=member
    )
    org_a_partner = make_organisation(settlement, name="A Partner Kör")
    Membership.objects.create(user=facilitator, organisation=org_a_partner)
    o["partner_interest"] = PartnerInterest.objects.create(
        project=o["project"],
        organisation=org_a_partner,
        message="A partner ajánlata",
        created_by=facilitator,
    )
    o["saved_portfolio"] = SavedPortfolio.objects.create(
        process=a, name="A mentett portfóliója", kind="hand", created_by=people_a["coordinator"]
    )
    o["saved_portfolio"].projects.set([o["project"]])
    o["strategy"], o["measure"] = make_strategy(a)
    # The expert review: a round whose results are published (the ranking stays A's
    # staff's), a criterion, A's expert assigned, no conflict declared, a submitted review.
    o["review_round"] = review_round = ReviewRound.objects.create(
        process=a, title={"hu": "A bírálati kör"}, status="published", funding_line=1
    )
    o["criterion"] = criterion = Criterion.objects.create(
        round=review_round, name={"hu": "A szempont"}
    )
    RoundProject.objects.create(round=review_round, project=o["project"])
    o["review_assignment"] = assignment = ReviewAssignment.objects.create(
        round=review_round, project=o["project"], reviewer=people_a["expert"]
    )
    ConflictDeclaration.objects.create(assignment=assignment, kind="none")
    review = Review.objects.create(
        assignment=assignment,
        status="submitted",
        recommendation="fund",
        comment="A belső megjegyzés",
    )
    Score.objects.create(review=review, criterion=criterion, value=4, reason="A indoklás")
    o["api_token"] = member.api_tokens.get()
    o["invitation_import"] = SpreadsheetImport.objects.create(
        kind="invitations", process=a, uploaded_by=people_a["coordinator"], filename="a.csv"
    )
    o["invitation_import"].file.save(
        "a-list.csv", ContentFile(b"email;role\na.invited@example.org;expert\n")
    )
    o["role_invitation"] = RoleInvitation.objects.create(
        process=a,
        email="a.invited@example.org",
        role="facilitator",
        language="hu",
        invited_by=people_a["coordinator"],
        expires_at=now + dt.timedelta(days=14),
    )
    o["announcement"] = Announcement.objects.create(
        process=a,
        audience=Announcement.Audience.MEETING_REGISTERED,
        meeting=meeting,
        subject={"hu": "A közlemény"},
        body={"hu": "A közlemény szövege"},
        sent_by=facilitator,
        recipients_count=1,
    )
    # Funding: a funder's programme and call with a required document and a deadline, an
    # exchange rate, and the organisation's application with its checklist and private notes.
    from cultiva.funding.models import ApplicationDocument, CallDeadline, CallDocument, ExchangeRate
    from tests.factories import make_application, make_call

    o["call"] = call = make_call(a, max_amount=250000, opens_on=now.date())
    o["funder"] = call.programme.funder
    o["programme"] = call.programme
    o["call_document"] = CallDocument.objects.create(call=call, name={"hu": "Költségvetés"})
    o["call_deadline"] = CallDeadline.objects.create(call=call, due_at=now + dt.timedelta(days=20))
    o["exchange_rate"] = ExchangeRate.objects.create(
        process=a, currency="EUR", ron_per_unit="4.970000", valid_on=now.date()
    )
    o["application"] = make_application(
        o["project"], call, notes="A pályázat belső jegyzete", created_by=member
    )
    o["application_document"] = ApplicationDocument.objects.create(
        application=o["application"], call_document=o["call_document"], name={"hu": "Költségvetés"}
    )
    o["calls_import"] = SpreadsheetImport.objects.create(
        kind="funding_calls", process=a, uploaded_by=people_a["coordinator"], filename="a.csv"
    )
    o["calls_import"].file.save("a-calls.csv", ContentFile(b"funder;programme;code\nA;A;A-1\n"))
    return world
