"""Small builders for test data. Each returns saved objects with sensible defaults."""

from __future__ import annotations

import datetime as dt
import itertools
from dataclasses import dataclass

from django.utils import timezone

from cultiva.accounts.models import Membership, Organisation, User
from cultiva.core.models import County, MicroRegion, Settlement, TaxonomyTerm
from cultiva.ideas.models import Contribution
from cultiva.meetings.models import Meeting, Speaker
from cultiva.portfolio.models import Project, ProjectOrigin
from cultiva.processes.models import Phase, Process, ProcessRole
from cultiva.strategy.models import Goal, Measure, PriorityAxis, Strategy

_seq = itertools.count(1)
PASSWORD = "correct-horse-battery-staple-7"


def make_county() -> County:
    county, _ = County.objects.get_or_create(
        siruta=190, defaults={"name_ro": "Harghita", "name_hu": "Hargita"}
    )
    return county


def make_settlement(name_hu: str = "Csíkszereda", name_ro: str = "Miercurea Ciuc", **kw):
    county = make_county()
    region, _ = MicroRegion.objects.get_or_create(county=county, name=kw.pop("region", "Csík"))
    return Settlement.objects.create(
        county=county,
        micro_region=region,
        siruta=kw.pop("siruta", 90000 + next(_seq)),
        kind=kw.pop("kind", Settlement.Kind.MUNICIPALITY),
        name_hu=name_hu,
        name_ro=name_ro,
        **kw,
    )


def make_term(vocabulary: str = "domain", slug: str | None = None, **names) -> TaxonomyTerm:
    slug = slug or f"term-{next(_seq)}"
    name = names or {"hu": f"Terület {slug}", "ro": f"Domeniu {slug}", "en": f"Domain {slug}"}
    return TaxonomyTerm.objects.get_or_create(
        vocabulary=vocabulary, slug=slug, defaults={"name": name}
    )[0]


def make_user(email: str | None = None, **kw) -> User:
    email = email or f"user{next(_seq)}@example.org"
    user = User.objects.create_user(
        email=email,
        password=PASSWORD,
        full_name=kw.pop("full_name", email.split("@")[0].title()),
        **kw,
    )
    from allauth.account.models import EmailAddress

    EmailAddress.objects.create(user=user, email=email, verified=True, primary=True)
    return user


def make_organisation(settlement=None, name: str | None = None, **kw) -> Organisation:
    settlement = settlement or make_settlement()
    n = next(_seq)
    return Organisation.objects.create(
        name={"hu": name or f"Próba Egyesület {n}", "ro": name or f"Asociația Probă {n}"},
        legal_form=kw.pop("legal_form", Organisation.LegalForm.ASSOCIATION),
        sector=kw.pop("sector", None) or make_term("sector", "ngo"),
        settlement=settlement,
        **kw,
    )


def make_process(county=None, **kw) -> Process:
    today = timezone.localdate()
    process = Process.objects.create(
        slug=kw.pop("slug", f"process-{next(_seq)}"),
        title=kw.pop("title", {"hu": "Hargita kulturális stratégia", "ro": "Strategia culturală"}),
        county=county or make_county(),
        is_published=kw.pop("is_published", True),
        starts_on=today - dt.timedelta(days=30),
        ends_on=today + dt.timedelta(days=300),
        **kw,
    )
    Phase.objects.create(
        process=process,
        kind=Phase.Kind.SUBMISSION,
        title={"hu": "Ötletgyűjtés", "ro": "Colectarea ideilor", "en": "Collecting ideas"},
        starts_on=today - dt.timedelta(days=10),
        ends_on=today + dt.timedelta(days=20),
        accepts_contributions=True,
        accepts_votes=True,
    )
    return process


def make_meeting(process, **kw) -> Meeting:
    start = kw.pop("starts_at", None) or (timezone.now() + dt.timedelta(days=3)).replace(
        second=0, microsecond=0
    )
    return Meeting.objects.create(
        process=process,
        kind=kw.pop("kind", Meeting.Kind.WORKSHOP),
        title=kw.pop("title", {"hu": "Kulturális műhely", "ro": "Atelier cultural"}),
        starts_at=start,
        ends_at=start + dt.timedelta(hours=3),
        is_published=kw.pop("is_published", True),
        **kw,
    )


def make_speaker(process, **kw) -> Speaker:
    """A speaker of the process, on the bill of `meetings`."""
    meetings = kw.pop("meetings", ())
    speaker = Speaker.objects.create(
        process=process,
        full_name=kw.pop("full_name", f"Dr. Előadó {next(_seq)}"),
        email=kw.pop("email", f"speaker{next(_seq)}@example.org"),
        **kw,
    )
    for meeting in meetings:
        meeting.speakers.add(speaker)
    return speaker


def make_contribution(process, author, **kw) -> Contribution:
    domains = kw.pop("domains", None) or [make_term("domain", "heritage")]
    settlements = kw.pop("settlements", [])
    contribution = Contribution.objects.create(
        process=process,
        author=author,
        kind=kw.pop("kind", Contribution.Kind.IDEA),
        title=kw.pop("title", f"Ötlet {next(_seq)}"),
        body=kw.pop("body", "Részletes leírás."),
        language=kw.pop("language", "hu"),
        status=kw.pop("status", Contribution.Status.SUBMITTED),
        **kw,
    )
    contribution.domains.set(domains)
    contribution.settlements.set(settlements)
    return contribution


def make_project(process, origins=(), **kw) -> Project:
    n = next(_seq)
    project = Project.objects.create(
        process=process,
        code=kw.pop("code", f"P-{n:04d}"),
        title=kw.pop("title", {"hu": f"Projekt {n}", "ro": f"Proiect {n}"}),
        **kw,
    )
    for contribution in origins:
        ProjectOrigin.objects.create(project=project, contribution=contribution)
    return project


def make_strategy(process) -> tuple[Strategy, Measure]:
    strategy = Strategy.objects.create(
        process=process,
        title={
            "hu": "Hargita megye kulturális stratégiája",
            "ro": "Strategia culturală a județului Harghita",
        },
        vision={"hu": "Élő, összetartó kultúra.", "ro": "O cultură vie și solidară."},
        period_start=2027,
        period_end=2033,
    )
    goal = Goal.objects.create(
        strategy=strategy, code="C1", title={"hu": "Örökség", "ro": "Patrimoniu"}
    )
    axis = PriorityAxis.objects.create(
        goal=goal, code="C1.1", title={"hu": "Épített örökség", "ro": "Patrimoniu construit"}
    )
    measure = Measure.objects.create(
        axis=axis, code="C1.1.1", title={"hu": "Felújítás", "ro": "Restaurare"}
    )
    return strategy, measure


@dataclass
class World:
    """One process with a person in each role, and two organisations."""

    process: Process
    organisation: Organisation
    other_organisation: Organisation
    member: User
    outsider: User  # a member of the other organisation only
    facilitator: User
    coordinator: User
    expert: User
    decision_maker: User

    def user(self, role: str):
        from django.contrib.auth.models import AnonymousUser

        return AnonymousUser() if role == "anonymous" else getattr(self, role)


def make_world() -> World:
    process = make_process()
    settlement = make_settlement()
    organisation = make_organisation(settlement, name="Csíki Hagyományőrző Egyesület")
    other = make_organisation(settlement, name="Gyergyói Színjátszó Kör")
    users = {
        role: make_user(f"{role}@example.org")
        for role in ("member", "outsider", "facilitator", "coordinator", "expert", "decision_maker")
    }
    Membership.objects.create(user=users["member"], organisation=organisation)
    Membership.objects.create(user=users["outsider"], organisation=other)
    for role in ("member", "outsider", "facilitator", "coordinator", "expert", "decision_maker"):
        process_role = "member" if role == "outsider" else role
        ProcessRole.objects.create(process=process, user=users[role], role=process_role)
    return World(process=process, organisation=organisation, other_organisation=other, **users)


def bulk_contributions(world, n: int, domains=(), settlements=()) -> list[Contribution]:
    """n submitted contributions of the world's member, in bulk (for query counts), each in
    every one of `domains` and `settlements`."""
    rows = Contribution.objects.bulk_create(
        Contribution(
            process=world.process,
            author=world.member,
            organisation=world.organisation,
            kind="idea",
            title=f"Ötlet {i}",
            body="Leírás",
            language="hu",
            status="submitted",
        )
        for i in range(n)
    )
    Contribution.domains.through.objects.bulk_create(
        Contribution.domains.through(contribution=c, taxonomyterm=d) for c in rows for d in domains
    )
    Contribution.settlements.through.objects.bulk_create(
        Contribution.settlements.through(contribution=c, settlement=s)
        for c in rows
        for s in settlements
    )
    return rows


def make_call(process, **kw):
    """A call of a funder's programme in `process` (funder and programme made for it)."""
    from cultiva.funding.models import Call, Funder, Programme

    n = next(_seq)
    funder = kw.pop("funder", None) or Funder.objects.create(
        process=process,
        name={"hu": f"Alap {n}", "ro": f"Fond {n}", "en": f"Fund {n}"},
        short_name=f"F{n}",
        kind=Funder.Kind.NATIONAL,
        country="RO",
    )
    programme = kw.pop("programme", None) or Programme.objects.create(
        funder=funder, name={"hu": f"Program {n}", "ro": f"Program {n}", "en": f"Programme {n}"}
    )
    return Call.objects.create(
        programme=programme,
        process=process,
        code=kw.pop("code", f"CALL-{n}"),
        title=kw.pop("title", {"hu": f"Pályázat {n}", "ro": f"Apel {n}", "en": f"Call {n}"}),
        currency=kw.pop("currency", "RON"),
        **kw,
    )


def make_application(project, call, **kw):
    from cultiva.funding.models import Application

    return Application.objects.create(
        process=project.process,
        project=project,
        call=call,
        organisation=kw.pop("organisation", None) or project.lead_organisation,
        currency=kw.pop("currency", call.currency),
        **kw,
    )
