"""Deterministic demo data: a county-wide cultural strategy process, at three sizes.

`demo_generate(scale=..., seed=...)` loads the territory and the vocabularies, then
builds a published process with phases, organisations, people, meetings,
contributions, projects and a draft strategy, and runs the meeting series: speakers,
agenda, registration windows and questions, registrations with a waiting list,
attendance, feedback, minutes and materials; last, `cultiva.demo.synthesis` adds an opinion
poll with planted opinion groups and cross-language duplicate twins, and every contribution is
indexed for search and queued for embedding (the background worker computes the vectors and the
duplicate queue after the transaction commits). The same seed gives the same data: every
choice comes from `random.Random(seed)` (each meeting's registrations from a stream of
its own) and every generated date from the fixed `BASE_DATE`. Only two things follow
today's date: the phases (so the demo accepts ideas now), and which meetings are over
(those have attendance, feedback, minutes and materials; upcoming ones have the
registrations made so far); the poll's votes are not dated after it. All rows are
written with `bulk_create`, in batches, so the large scale stays fast.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import random
import unicodedata
from collections import defaultdict
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from decimal import Decimal

from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from cultiva.accounts.models import Membership, Organisation, User
from cultiva.core.activity import activity_record
from cultiva.core.models import Settlement, TaxonomyTerm
from cultiva.core.taxonomy import taxonomy_load_defaults
from cultiva.core.territory import territory_load_harghita
from cultiva.demo import content, portfolio_cards, portfolio_review
from cultiva.demo import funding_applications as demo_funding_applications
from cultiva.demo import portfolio_gaps as demo_portfolio_gaps
from cultiva.demo import portfolio_proposals as demo_proposals
from cultiva.demo import synthesis as demo_synthesis
from cultiva.demo.portfolio_selections import demo_saved_portfolios
from cultiva.funding.catalogue_load import demo_funding_catalogue
from cultiva.ideas.indexing import contributions_reindex
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
from cultiva.meetings.search import build_search_document
from cultiva.portfolio.models import Project, ProjectOrigin
from cultiva.processes.models import Phase, Process, ProcessRole
from cultiva.strategy.models import Goal, Measure, MeasureProject, PriorityAxis, Strategy
from cultiva.synthesis.models import Conversation, OpinionVote, Statement, Theme

DEMO_PASSWORD = "cultiva-demo"  # noqa: S105 - the documented demo password
DEMO_DOMAIN = "demo.cultiva.local"
DEMO_ACCOUNTS: list[tuple[str, str]] = [
    ("coordinator", f"coordinator@{DEMO_DOMAIN}"),
    ("facilitator", f"facilitator@{DEMO_DOMAIN}"),
    ("expert", f"expert@{DEMO_DOMAIN}"),
    ("member", f"member@{DEMO_DOMAIN}"),
    ("decision_maker", f"decision@{DEMO_DOMAIN}"),
]
_DEMO_NAMES = {
    "coordinator": ("Szász Enikő", "hu"),
    "facilitator": ("Bartha Levente", "hu"),
    "expert": ("Kolumbán Ágnes", "hu"),
    "member": ("Fazakas Csaba", "hu"),
    "decision_maker": ("Ioana Moldovan", "ro"),
}
PROCESS_SLUG = "hargita-2027"
BASE_DATE = dt.date(2026, 9, 1)
BATCH = 500
REGISTRATION_OPENS_BEFORE = dt.timedelta(days=30)
REGISTRATION_CLOSES_BEFORE = dt.timedelta(hours=1)


@dataclass(frozen=True)
class Scale:
    organisations: int
    people: int
    meetings: int
    contributions: int
    projects: int
    facilitators: int
    experts: int
    decision_makers: int
    speakers: int  # external lecturers, from content.SPEAKERS


SCALES: dict[str, Scale] = {
    "small": Scale(40, 60, 12, 150, 20, 3, 4, 2, 8),
    "county": Scale(300, 450, 40, 2_000, 200, 8, 12, 5, 20),
    "large": Scale(2_000, 3_000, 200, 20_000, 2_000, 20, 40, 10, 40),
}


@dataclass
class DemoResult:
    process: Process
    counts: dict[str, int]


def demo_data_exists() -> bool:
    return Process.objects.exists()


# --- helpers ----------------------------------------------------------------------------------


def _ascii(text: str) -> str:
    text = unicodedata.normalize("NFKD", text)
    return "".join(char for char in text if not unicodedata.combining(char))


def _slug(text: str) -> str:
    return slugify(_ascii(text))


def hungarian_adjective(name: str) -> str:
    """'Csíkszereda' -> 'csíkszeredai', 'Zetelaka' -> 'zetelaki', 'Máréfalva' -> 'máréfalvi'."""
    for ending, replacement in (("falva", "falvi"), ("laka", "laki"), ("háza", "házi")):
        if name.endswith(ending):
            name = name[: -len(ending)] + replacement
            break
    else:
        if not name.endswith("i"):
            name += "i"
    return name[0].lower() + name[1:]


def hungarian_article(word: str) -> str:
    return "az" if word[:1].lower() in "aáeéiíoóöőuúüű" else "a"


@dataclass(frozen=True)
class Place:
    """A settlement or a village of it, with every form of its name the texts need."""

    settlement_index: int
    hu: str
    ro: str
    kind: str
    region: str
    weight: float

    def fill(self, pattern: str, ro_unit: str = "") -> str:
        adj = hungarian_adjective(self.hu)
        article = hungarian_article(adj)
        return pattern.format(
            hu=self.hu,
            hu_adj=adj,
            Hu_adj=adj[0].upper() + adj[1:],
            a_hu_adj=f"{article} {adj}",
            A_hu_adj=f"{article.capitalize()} {adj}",
            ro=self.ro,
            ro_unit=ro_unit,
            en=self.ro,
        )


_KIND_WEIGHT = {
    Settlement.Kind.COUNTY_SEAT: 8.0,
    Settlement.Kind.MUNICIPALITY: 5.0,
    Settlement.Kind.TOWN: 3.0,
    Settlement.Kind.COMMUNE: 1.5,
}
_RO_UNIT = {
    Settlement.Kind.COUNTY_SEAT: "Municipiului {ro}",
    Settlement.Kind.MUNICIPALITY: "Municipiului {ro}",
    Settlement.Kind.TOWN: "Orașului {ro}",
    Settlement.Kind.COMMUNE: "Comunei {ro}",
}


def _weighted_sample(rng: random.Random, items: list, weights: list[float], k: int) -> list:
    """k distinct items, heavier ones more likely (Efraimidis–Spirakis)."""
    keyed = sorted(
        ((rng.random() ** (1.0 / weight), index) for index, weight in enumerate(weights)),
        reverse=True,
    )
    return [items[index] for _key, index in keyed[:k]]


def _aware(day: dt.date, hour: int, minute: int = 0) -> dt.datetime:
    return timezone.make_aware(
        dt.datetime.combine(day, dt.time(hour, minute)), timezone.get_default_timezone()
    )


@contextlib.contextmanager
def _manual_timestamps(*models) -> Iterator[None]:
    """Let bulk_create keep the timestamps we set instead of stamping 'now'."""
    saved = []
    for model in models:
        for field in model._meta.concrete_fields:
            if getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False):
                saved.append((field, field.auto_now, field.auto_now_add))
                field.auto_now = field.auto_now_add = False
    try:
        yield
    finally:
        for field, auto_now, auto_now_add in saved:
            field.auto_now, field.auto_now_add = auto_now, auto_now_add


def _bulk(model, objects: list) -> list:
    return model.objects.bulk_create(objects, batch_size=BATCH)


def _region(settlement: Settlement | None) -> str:
    """The micro-region's name of a settlement (loaded with it), or ""."""
    if settlement is None or settlement.micro_region is None:
        return ""
    return settlement.micro_region.name


def _overlap(first: Meeting, second: Meeting) -> bool:
    return first.starts_at < second.ends_at and second.starts_at < first.ends_at


def _personal_code(rng: random.Random) -> str:
    """Like models.new_personal_code, but from the seeded stream."""
    return "".join(rng.choice(CODE_ALPHABET) for _ in range(6))


# --- the generator ----------------------------------------------------------------------------


class _Generator:
    def __init__(
        self,
        scale: Scale,
        seed: int,
        progress: Callable[[str], None],
        now: dt.datetime | None = None,
    ):
        self.scale = scale
        self.seed = seed
        self.rng = random.Random(seed)
        self.progress = progress
        self.counts: dict[str, int] = {}
        # Which meetings are over (attendance, feedback, minutes, materials) follows the
        # real date, like the phases; everything else is fixed by the seed.
        self.now = now or timezone.now()

    # territory and vocabularies
    def load_reference(self) -> None:
        territory_load_harghita()
        taxonomy_load_defaults()
        self.settlements = list(
            Settlement.objects.select_related("micro_region")
            .prefetch_related("localities")
            .order_by("siruta")
        )
        self.by_siruta = {s.siruta: s for s in self.settlements}
        self.terms: dict[str, dict[str, TaxonomyTerm]] = defaultdict(dict)
        for term in TaxonomyTerm.objects.order_by("vocabulary", "position", "slug"):
            self.terms[term.vocabulary][term.slug] = term
        self.uat_places: list[Place] = []
        self.village_places: list[Place] = []
        for index, settlement in enumerate(self.settlements):
            region = settlement.micro_region.name if settlement.micro_region else ""
            self.uat_places.append(
                Place(
                    index,
                    settlement.name_hu or settlement.name_ro,
                    settlement.name_ro,
                    settlement.kind,
                    region,
                    _KIND_WEIGHT[settlement.kind],
                )
            )
            for locality in sorted(settlement.localities.all(), key=lambda loc: loc.siruta):
                name_hu = locality.name_hu
                if (
                    not name_hu
                    or " " in name_hu
                    or "-" in name_hu
                    or locality.name_ro == settlement.name_ro
                ):
                    continue
                self.village_places.append(
                    Place(index, name_hu, locality.name_ro, "village", region, 0.6)
                )
        self.town_places = [p for p in self.uat_places if p.kind != Settlement.Kind.COMMUNE]
        self.progress(
            _("territory: %(settlements)s settlements, %(villages)s villages")
            % {"settlements": len(self.uat_places), "villages": len(self.village_places)}
        )

    def term(self, vocabulary: str, slug: str) -> TaxonomyTerm:
        return self.terms[vocabulary][slug]

    # process
    def create_process(self) -> None:
        today = timezone.localdate()
        spans = [
            (
                Phase.Kind.WORKSHOPS,
                -75,
                -10,
                ("Műhelyek és előadások", "Ateliere și prelegeri", "Workshops and lectures"),
            ),
            (
                Phase.Kind.SUBMISSION,
                -30,
                45,
                ("Ötletgyűjtés", "Colectarea ideilor", "Collecting ideas"),
            ),
            (Phase.Kind.SYNTHESIS, 46, 75, ("Összegzés", "Sinteză", "Synthesis")),
            (
                Phase.Kind.PORTFOLIO,
                76,
                130,
                ("Projektportfólió", "Portofoliul de proiecte", "Project portfolio"),
            ),
            (
                Phase.Kind.STRATEGY,
                131,
                190,
                ("A stratégia megírása", "Redactarea strategiei", "Drafting the strategy"),
            ),
            (
                Phase.Kind.CONSULTATION,
                191,
                235,
                ("Társadalmi egyeztetés", "Consultare publică", "Public consultation"),
            ),
            (
                Phase.Kind.CONFERENCE,
                236,
                240,
                ("Kulturális konferencia", "Conferința culturală", "Cultural conference"),
            ),
        ]
        phases = []
        for position, (kind, start, end, (hu, ro, en)) in enumerate(spans, start=1):
            phases.append(
                Phase(
                    kind=kind,
                    title={"hu": hu, "ro": ro, "en": en},
                    starts_on=today + dt.timedelta(days=start),
                    ends_on=today + dt.timedelta(days=end),
                    position=position,
                    accepts_contributions=kind == Phase.Kind.SUBMISSION,
                    accepts_votes=kind == Phase.Kind.SUBMISSION,
                    accepts_comments=kind == Phase.Kind.CONSULTATION,
                )
            )
        monitoring_start = today + dt.timedelta(days=241)
        phases.append(
            Phase(
                kind=Phase.Kind.MONITORING,
                title={
                    "hu": "Megvalósítás és monitoring",
                    "ro": "Implementare și monitorizare",
                    "en": "Implementation and monitoring",
                },
                starts_on=monitoring_start,
                ends_on=max(dt.date(2033, 12, 31), monitoring_start),
                position=len(phases) + 1,
            )
        )
        county = self.settlements[0].county
        with _manual_timestamps(Process):
            self.process = Process.objects.create(
                slug=PROCESS_SLUG,
                title=dict(content.STRATEGY_TITLE),
                description={
                    "hu": "Hargita megye 2027–2033-as kulturális stratégiáját közösen írjuk: "
                    "műhelyeken, előadásokon és online gyűjtjük az ötleteket, szükségleteket és "
                    "jó gyakorlatokat, ezekből áll össze a projektportfólió és a stratégia.",
                    "ro": "Scriem împreună strategia culturală a județului Harghita pentru "
                    "2027–2033: adunăm idei, nevoi și bune practici la ateliere, prelegeri și "
                    "online, iar din ele se construiesc portofoliul de proiecte și strategia.",
                    "en": "We write Harghita County's cultural strategy for 2027–2033 together: "
                    "ideas, needs and good practices gathered at workshops, lectures and online "
                    "become the project portfolio and the strategy.",
                },
                county=county,
                is_published=True,
                starts_on=phases[0].starts_on,
                ends_on=phases[-1].ends_on,
                created_at=_aware(BASE_DATE, 9),
            )
        for phase in phases:
            phase.process = self.process
        _bulk(Phase, phases)
        self.counts["phases"] = len(phases)

    # people
    def _person_name(self) -> tuple[str, str, str]:
        rng = self.rng
        if rng.random() < 0.2:
            first = rng.choice(content.RO_FEMALE if rng.random() < 0.5 else content.RO_MALE)
            last = rng.choice(content.RO_SURNAMES)
            return f"{first} {last}", f"{_slug(first)}.{_slug(last)}", "ro"
        first = rng.choice(content.HU_FEMALE if rng.random() < 0.5 else content.HU_MALE)
        last = rng.choice(content.HU_SURNAMES)
        return f"{last} {first}", f"{_slug(first)}.{_slug(last)}", "hu"

    def create_people(self) -> None:
        from allauth.account.models import EmailAddress

        password = make_password(DEMO_PASSWORD)
        joined = _aware(BASE_DATE - dt.timedelta(days=30), 8)
        users: list[User] = []
        self.demo_users: dict[str, User] = {}
        for role, email in DEMO_ACCOUNTS:
            name, language = _DEMO_NAMES[role]
            user = User(
                email=email,
                full_name=name,
                preferred_language=language,
                password=password,
                is_staff=role == "coordinator",
                date_joined=joined,
            )
            self.demo_users[role] = user
            users.append(user)
        self.people: list[User] = []
        self.language_of: dict[int, str] = {}
        for index in range(self.scale.people):
            name, handle, language = self._person_name()
            user = User(
                email=f"{handle}.{index + 1}@{DEMO_DOMAIN}",
                full_name=name,
                preferred_language=language,
                password=password,
                date_joined=joined + dt.timedelta(minutes=index),
            )
            self.people.append(user)
            users.append(user)
        _bulk(User, users)
        _bulk(
            EmailAddress,
            [EmailAddress(user=u, email=u.email, verified=True, primary=True) for u in users],
        )
        self.counts["people"] = len(users)

        roles = [
            ProcessRole(process=self.process, user=self.demo_users[role], role=role)
            for role, _email in DEMO_ACCOUNTS
        ]
        special = self.rng.sample(
            range(len(self.people)),
            self.scale.facilitators + self.scale.experts + self.scale.decision_makers,
        )
        special_roles = (
            [ProcessRole.Role.FACILITATOR] * self.scale.facilitators
            + [ProcessRole.Role.EXPERT] * self.scale.experts
            + [ProcessRole.Role.DECISION_MAKER] * self.scale.decision_makers
        )
        special_of = dict(zip(special, special_roles, strict=True))
        self.facilitator_people = [
            self.people[i] for i, role in special_of.items() if role == ProcessRole.Role.FACILITATOR
        ]
        self.expert_people = [
            self.people[i] for i, role in special_of.items() if role == ProcessRole.Role.EXPERT
        ]
        for index, person in enumerate(self.people):
            roles.append(
                ProcessRole(
                    process=self.process,
                    user=person,
                    role=special_of.get(index, ProcessRole.Role.MEMBER),
                )
            )
        _bulk(ProcessRole, roles)
        self.counts["process_roles"] = len(roles)
        self.coordinator = self.demo_users["coordinator"]
        self.progress(
            _("people: %(people)s (%(demo)s demo accounts)")
            % {"people": len(users), "demo": len(DEMO_ACCOUNTS)}
        )

    # organisations
    def create_organisations(self) -> None:
        rng = self.rng
        wanted = self.scale.organisations
        specs: list[tuple[dict, str, str, str, str, int, tuple[str, ...]]] = []
        seen: set[str] = set()
        for hu, ro, short, siruta, sector, legal, size, domains in content.FIXED_ORGANISATIONS:
            index = self.settlements.index(self.by_siruta[siruta])
            specs.append(({"hu": hu, "ro": ro}, short, sector, legal, size, index, domains))
            seen.add(hu)
        towns = {Settlement.Kind.COUNTY_SEAT, Settlement.Kind.MUNICIPALITY, Settlement.Kind.TOWN}
        candidates: list[tuple[content.OrgTemplate, Place]] = []
        weights: list[float] = []
        for template in content.ORG_TEMPLATES:
            if template.places == "any":
                places = self.uat_places + self.village_places
            else:
                places = self.uat_places
            for place in places:
                if template.places == "town" and place.kind not in towns:
                    continue
                if template.regions and place.region not in template.regions:
                    continue
                candidates.append((template, place))
                weights.append(place.weight)
        chosen = _weighted_sample(rng, candidates, weights, len(candidates))
        for template, place in chosen:
            if len(specs) >= wanted:
                break
            ro_pattern = content.ORG_RO_BY_KIND.get((template.key, place.kind), template.ro)
            ro_unit = place.fill(_RO_UNIT.get(place.kind, "{ro}"))
            name = {"hu": place.fill(template.hu), "ro": place.fill(ro_pattern, ro_unit)}
            if template.key == "library" and place.kind in towns:
                name["hu"] = name["hu"].replace("Községi", "Városi")
            if name["hu"] in seen:
                continue
            seen.add(name["hu"])
            size = rng.choice(template.sizes)
            specs.append(
                (
                    name,
                    "",
                    template.sector,
                    template.legal_form,
                    size,
                    place.settlement_index,
                    template.domains,
                )
            )
        if len(specs) < wanted:  # more than the name combinations: number the rest
            base = list(specs)
            round_ = 2
            while len(specs) < wanted:
                for name, short, sector, legal, size, index, domains in base:
                    if len(specs) >= wanted:
                        break
                    numbered = {code: f"{text} ({round_})" for code, text in name.items()}
                    specs.append((numbered, short, sector, legal, size, index, domains))
                round_ += 1

        organisations: list[Organisation] = []
        domain_rows = []
        created = _aware(BASE_DATE - dt.timedelta(days=20), 10)
        for number, (name, short, sector, legal, size, index, domains) in enumerate(specs):
            slug = slugify(_ascii(name["hu"]))[:40].strip("-") or f"org-{number}"
            organisations.append(
                Organisation(
                    name=name,
                    short_name=short,
                    legal_form=legal,
                    sector=self.term("sector", sector),
                    settlement=self.settlements[index],
                    size_band=size,
                    email=f"info@{slug}.example.org" if rng.random() < 0.6 else "",
                    website=f"https://{slug}.example.org" if rng.random() < 0.3 else "",
                    created_at=created + dt.timedelta(minutes=number),
                )
            )
            picked = rng.sample(domains, rng.randint(1, len(domains)))
            domain_rows.append([self.term("domain", slug) for slug in picked])
        with _manual_timestamps(Organisation):
            _bulk(Organisation, organisations)
        through = Organisation.domains.through
        _bulk(
            through,
            [
                through(organisation_id=org.pk, taxonomyterm_id=term.pk)
                for org, terms in zip(organisations, domain_rows, strict=True)
                for term in terms
            ],
        )
        self.organisations = organisations
        self.orgs_by_settlement: dict[int, list[Organisation]] = defaultdict(list)
        for org in organisations:
            self.orgs_by_settlement[org.settlement_id].append(org)
        self.counts["organisations"] = len(organisations)

        # memberships: the demo member leads the first organisation
        memberships = [
            Membership(
                user=self.demo_users["member"],
                organisation=organisations[0],
                role=Membership.Role.CONTACT,
                position="elnök / președinte",
                is_administrator=True,
            )
        ]
        pairs = {(self.demo_users["member"].pk, organisations[0].pk)}
        self.orgs_of: dict[int, list[Organisation]] = defaultdict(list)
        self.orgs_of[self.demo_users["member"].pk].append(organisations[0])
        self.contact_of: dict[int, User] = {organisations[0].pk: self.demo_users["member"]}
        for org in organisations:
            for position in range(rng.randint(1, 3)):
                person = self.people[rng.randrange(len(self.people))]
                if (person.pk, org.pk) in pairs:
                    continue
                pairs.add((person.pk, org.pk))
                hu, ro = rng.choice(content.POSITIONS)
                memberships.append(
                    Membership(
                        user=person,
                        organisation=org,
                        role=Membership.Role.CONTACT if position == 0 else Membership.Role.STAFF,
                        position=f"{hu} / {ro}",
                        is_administrator=position == 0,
                    )
                )
                self.orgs_of[person.pk].append(org)
                if position == 0:
                    self.contact_of.setdefault(org.pk, person)
        _bulk(Membership, memberships)
        self.counts["memberships"] = len(memberships)
        self.progress(
            _("organisations: %(organisations)s, memberships: %(memberships)s")
            % {"organisations": len(organisations), "memberships": len(memberships)}
        )

    # meetings
    def create_meetings(self) -> None:
        rng = self.rng
        n = self.scale.meetings
        regions = list(content.REGIONS.values())
        domains = list(self.terms["domain"].values())
        plan: list[tuple[str, object]] = [("lecture", key) for key in content.CORE_LECTURES]
        plan += [("workshop", region) for region in regions]
        n_conference = max(1, n // 12)
        other_lectures = [key for key in content.LECTURES if key not in content.CORE_LECTURES]
        cycle = 0
        while len(plan) < n - n_conference:
            step = cycle % 3
            if step == 0:
                plan.append(
                    (
                        "lecture",
                        (other_lectures + list(content.CORE_LECTURES))[
                            (cycle // 3) % len(content.LECTURES)
                        ],
                    )
                )
            elif step == 1:
                plan.append(("theme_workshop", (regions[cycle % 4], domains[cycle % len(domains)])))
            else:
                plan.append(("public_forum", rng.choice(self.uat_places)))
            cycle += 1
        plan = plan[: n - n_conference]
        plan += [("conference_session", domains[i % len(domains)]) for i in range(n_conference)]

        meetings: list[Meeting] = []
        topic_rows: list[list[TaxonomyTerm]] = []
        span = 110
        for index, (kind, subject) in enumerate(plan):
            if kind == "conference_session":
                day = BASE_DATE + dt.timedelta(days=150 + index % 2)
            else:
                day = BASE_DATE + dt.timedelta(
                    days=int(index * span / max(1, n)) + rng.randint(0, 3)
                )
            fmt = Meeting.Format.IN_PERSON
            settlement = None
            topics: list[TaxonomyTerm] = []
            if kind == "lecture":
                hu, ro, en = content.LECTURES[subject]
                title = {"hu": hu, "ro": ro, "en": en}
                place = rng.choice(self.town_places)
                settlement = self.settlements[place.settlement_index]
                fmt = rng.choice(
                    [
                        Meeting.Format.IN_PERSON,
                        Meeting.Format.IN_PERSON,
                        Meeting.Format.HYBRID,
                        Meeting.Format.ONLINE,
                    ]
                )
                topics = [self.term("expertise", subject)]
                meeting_kind, hour, hours, capacity = (
                    Meeting.Kind.LECTURE,
                    17,
                    2,
                    rng.randint(60, 150),
                )
                description = content.MEETING_DESCRIPTIONS["lecture"]
            elif kind in ("workshop", "theme_workshop"):
                if kind == "workshop":
                    (region_hu, region_ro, region_en, centre) = subject
                    title = {
                        "hu": f"Kulturális stratégiai műhely – {region_hu}",
                        "ro": f"Atelier de strategie culturală – {region_ro}",
                        "en": f"Cultural strategy workshop – {region_en}",
                    }
                    topics = [self.term("expertise", "culture")]
                else:
                    (region_hu, region_ro, region_en, centre), domain = subject
                    title = {
                        "hu": f"Tematikus műhely: {domain.name['hu']} – {region_hu}",
                        "ro": f"Atelier tematic: {domain.name['ro']} – {region_ro}",
                        "en": f"Themed workshop: {domain.name['en']} – {region_en}",
                    }
                    topics = [domain]
                region_places = [p for p in self.uat_places if p.region == region_hu]
                if kind == "workshop" or not region_places:
                    settlement = self.by_siruta[centre]
                else:
                    settlement = self.settlements[rng.choice(region_places).settlement_index]
                meeting_kind, hour, hours, capacity = (
                    Meeting.Kind.WORKSHOP,
                    10,
                    4,
                    rng.randint(25, 40),
                )
                description = content.MEETING_DESCRIPTIONS["workshop"]
            elif kind == "public_forum":
                place = subject
                settlement = self.settlements[place.settlement_index]
                title = {
                    "hu": f"Lakossági fórum a kulturális stratégiáról – {place.hu}",
                    "ro": f"Forum public despre strategia culturală – {place.ro}",
                    "en": f"Public forum on the cultural strategy – {place.ro}",
                }
                topics = [self.term("expertise", "regional-development")]
                meeting_kind, hour, hours, capacity = (
                    Meeting.Kind.PUBLIC_FORUM,
                    18,
                    2,
                    rng.randint(60, 100),
                )
                description = content.MEETING_DESCRIPTIONS["public_forum"]
            else:
                domain = subject
                number = index - (n - n_conference) + 1
                title = {
                    "hu": f"Kulturális konferencia, {number}. szekció: {domain.name['hu']}",
                    "ro": f"Conferința culturală, secțiunea {number}: {domain.name['ro']}",
                    "en": f"Cultural conference, session {number}: {domain.name['en']}",
                }
                settlement = self.by_siruta[83320]
                topics = [domain]
                meeting_kind, hour, hours, capacity = (
                    Meeting.Kind.CONFERENCE_SESSION,
                    9 + 2 * (number % 4),
                    2,
                    200,
                )
                fmt = Meeting.Format.HYBRID
                description = content.MEETING_DESCRIPTIONS["conference_session"]
            starts = _aware(day, hour)
            meetings.append(
                Meeting(
                    process=self.process,
                    kind=meeting_kind,
                    format=fmt,
                    title=title,
                    description=dict(zip(("hu", "ro", "en"), description, strict=True)),
                    starts_at=starts,
                    ends_at=starts + dt.timedelta(hours=hours),
                    venue="" if fmt == Meeting.Format.ONLINE else rng.choice(content.VENUES),
                    settlement=None if fmt == Meeting.Format.ONLINE else settlement,
                    online_url=(
                        f"https://meet.example.org/cultiva-{index + 1}"
                        if fmt != Meeting.Format.IN_PERSON
                        else ""
                    ),
                    capacity=capacity,
                    is_published=True,
                    registration_opens_at=starts - REGISTRATION_OPENS_BEFORE,
                    registration_closes_at=starts - REGISTRATION_CLOSES_BEFORE,
                )
            )
            topic_rows.append(topics)
        _bulk(Meeting, meetings)
        through = Meeting.domains.through
        _bulk(
            through,
            [
                through(meeting_id=meeting.pk, taxonomyterm_id=term.pk)
                for meeting, terms in zip(meetings, topic_rows, strict=True)
                for term in terms
            ],
        )
        self.meetings = meetings
        self.meeting_plan = plan
        self.meeting_topics = topic_rows
        self.contribution_meetings = [
            m for m in meetings if m.kind in (Meeting.Kind.WORKSHOP, Meeting.Kind.PUBLIC_FORUM)
        ] or meetings
        self.counts["meetings"] = len(meetings)
        self.progress(_("meetings: %(count)s") % {"count": len(meetings)})

    # contributions
    def plan_contributions(self) -> None:
        rng = self.rng
        n = self.scale.contributions
        templates = content.CONTRIBUTION_TEMPLATES
        kinds = [
            Contribution.Kind.IDEA,
            Contribution.Kind.NEED,
            Contribution.Kind.SHORTCOMING,
            Contribution.Kind.GOOD_PRACTICE,
        ]
        kind_weights = [0.38, 0.27, 0.22, 0.13]
        by_kind = defaultdict(list)
        for template in templates:
            by_kind[template.kind].append(template)
        ro_speakers = [p for p in self.people if p.preferred_language == "ro"]
        hu_speakers = [p for p in self.people if p.preferred_language == "hu"]
        place_weights_uat = [p.weight for p in self.uat_places]
        villages_of: dict[int, list[Place]] = defaultdict(list)
        for village in self.village_places:
            villages_of[village.settlement_index].append(village)
        self.contributions: list[Contribution] = []
        self.contribution_info: list[tuple[content.ContributionTemplate, Place]] = []
        domain_rows, settlement_rows, target_rows = [], [], []
        for index in range(n):
            kind = rng.choices(kinds, kind_weights)[0]
            template = rng.choice(by_kind[kind])
            place = rng.choices(self.uat_places, place_weights_uat)[0]
            villages = villages_of.get(place.settlement_index, ())
            if villages and rng.random() < 0.4:
                place = rng.choice(villages)
            settlement = self.settlements[place.settlement_index]
            ro_share = 0.7 if settlement.siruta in content.ROMANIAN_MAJORITY else 0.22
            language = "ro" if rng.random() < ro_share else "hu"
            extra_hu, extra_ro = rng.choice(content.BODY_EXTRAS[kind])
            res_hu, res_ro = rng.choice(content.RESOURCES)
            amount = rng.choice([5, 8, 12, 15, 20, 30, 45, 60, 80, 120, 250, 400])
            if language == "ro":
                title = place.fill(template.ro_title)
                body = f"{template.ro_body} {extra_ro}"
                resources = res_ro.format(n=amount)
            else:
                title = place.fill(template.hu_title)
                body = f"{template.hu_body} {extra_hu}"
                resources = res_hu.format(n=amount)
            speakers = ro_speakers if language == "ro" and ro_speakers else hu_speakers
            if index < 3:
                author = self.demo_users["member"]
            elif rng.random() < 0.85 and speakers:
                author = rng.choice(speakers)
            else:
                author = rng.choice(self.people)
            organisations = self.orgs_of.get(author.pk, [])
            organisation = (
                rng.choice(organisations) if organisations and rng.random() < 0.75 else None
            )
            source = rng.choices(
                [
                    Contribution.Source.ONLINE,
                    Contribution.Source.MEETING,
                    Contribution.Source.WALL,
                    Contribution.Source.PAPER,
                    Contribution.Source.IMPORT,
                ],
                [0.5, 0.3, 0.08, 0.07, 0.05],
            )[0]
            meeting = None
            if source in (Contribution.Source.MEETING, Contribution.Source.WALL):
                meeting = rng.choice(self.contribution_meetings)
                created = meeting.starts_at + dt.timedelta(minutes=rng.randint(20, 150))
            else:
                created = _aware(
                    BASE_DATE + dt.timedelta(days=rng.randint(0, 85)),
                    rng.randint(7, 22),
                    rng.randint(0, 59),
                )
            status = rng.choices(
                [
                    Contribution.Status.SUBMITTED,
                    Contribution.Status.DRAFT,
                    Contribution.Status.WITHDRAWN,
                    Contribution.Status.HIDDEN,
                ],
                [0.93, 0.04, 0.02, 0.01],
            )[0]
            submitted = (
                None
                if status == Contribution.Status.DRAFT
                else created + dt.timedelta(minutes=rng.randint(1, 90))
            )
            self.contributions.append(
                Contribution(
                    process=self.process,
                    meeting=meeting,
                    kind=kind,
                    title=title[:200],
                    body=body,
                    language=language,
                    author=author,
                    organisation=organisation,
                    resources_needed=resources,
                    time_horizon=rng.choice(Contribution.TimeHorizon.values),
                    source=source,
                    status=status,
                    created_at=created,
                    submitted_at=submitted,
                    updated_at=submitted or created,
                )
            )
            self.contribution_info.append((template, place))
            picked_domains = template.domains[: rng.randint(1, len(template.domains))]
            domain_rows.append([self.term("domain", slug) for slug in picked_domains])
            settlement_rows.append([settlement])
            target_rows.append([self.term("target_group", slug) for slug in template.targets])
        self._contribution_m2m = (domain_rows, settlement_rows, target_rows)

    def plan_projects(self) -> None:
        rng = self.rng
        eligible = [
            i for i, c in enumerate(self.contributions) if c.status == Contribution.Status.SUBMITTED
        ]
        by_template: dict[str, list[int]] = defaultdict(list)
        for i in eligible:
            by_template[self.contribution_info[i][0].key].append(i)
        primaries = rng.sample(eligible, min(self.scale.projects, len(eligible)))
        maturities = [
            Project.Maturity.IDEA,
            Project.Maturity.CONCEPT,
            Project.Maturity.READY,
            Project.Maturity.APPLIED,
            Project.Maturity.FUNDED,
            Project.Maturity.RUNNING,
            Project.Maturity.COMPLETED,
            Project.Maturity.DROPPED,
        ]
        maturity_weights = [30, 30, 15, 10, 7, 5, 2, 1]
        self.project_plans = []
        for number, primary in enumerate(primaries, start=1):
            template, place = self.contribution_info[primary]
            others = [i for i in by_template[template.key] if i != primary]
            origins = [primary, *rng.sample(others, min(len(others), rng.randint(0, 2)))]
            for i in origins:
                self.contributions[i].status = Contribution.Status.IN_PORTFOLIO
            first = self.contributions[primary]
            settlement = self.settlements[place.settlement_index]
            lead = first.organisation or (
                rng.choice(self.orgs_by_settlement[settlement.pk])
                if self.orgs_by_settlement.get(settlement.pk)
                else rng.choice(self.organisations)
            )
            partners = [o for o in rng.sample(self.organisations, rng.randint(0, 2)) if o != lead]
            hu, ro, en = template.project
            participants = rng.choice([40, 80, 120, 200, 300, 500])
            created = max(self.contributions[i].created_at for i in origins) + dt.timedelta(
                days=rng.randint(3, 30)
            )
            project = Project(
                process=self.process,
                code=f"HR-{number:04d}",
                title={"hu": place.fill(hu), "ro": place.fill(ro), "en": place.fill(en)},
                summary={
                    "hu": template.hu_body,
                    "ro": template.ro_body,
                    "en": content.PROJECT_EN_SUMMARY.format(n=len(origins)),
                },
                objectives=dict(zip(("hu", "ro", "en"), content.PROJECT_OBJECTIVES, strict=True)),
                expected_results={
                    code: text.format(n=participants)
                    for code, text in zip(("hu", "ro", "en"), content.PROJECT_RESULTS, strict=True)
                },
                lead_organisation=lead,
                budget_total=Decimal(rng.randrange(20, 2500) * 1000),
                maturity=rng.choices(maturities, maturity_weights)[0],
                created_by=self.coordinator,
                created_at=created,
                updated_at=created,
            )
            origin_settlements = sorted(
                {self.contribution_info[i][1].settlement_index for i in origins}
            )
            self.project_plans.append((project, origins, partners, origin_settlements, template))

    def write_contributions(self) -> None:
        with _manual_timestamps(Contribution):
            _bulk(Contribution, self.contributions)
        domain_rows, settlement_rows, target_rows = self._contribution_m2m
        pairs = list(
            zip(self.contributions, domain_rows, settlement_rows, target_rows, strict=True)
        )
        through = Contribution.domains.through
        _bulk(
            through,
            [
                through(contribution_id=c.pk, taxonomyterm_id=t.pk)
                for c, terms, _s, _t in pairs
                for t in terms
            ],
        )
        through = Contribution.settlements.through
        _bulk(
            through,
            [
                through(contribution_id=c.pk, settlement_id=s.pk)
                for c, _d, settlements, _t in pairs
                for s in settlements
            ],
        )
        through = Contribution.target_groups.through
        _bulk(
            through,
            [
                through(contribution_id=c.pk, taxonomyterm_id=t.pk)
                for c, _d, _s, terms in pairs
                for t in terms
            ],
        )
        self.counts["contributions"] = len(self.contributions)
        self.progress(_("contributions: %(count)s") % {"count": len(self.contributions)})

    def write_projects(self) -> None:
        projects = [plan[0] for plan in self.project_plans]
        with _manual_timestamps(Project, ProjectOrigin):
            _bulk(Project, projects)
            origins = [
                ProjectOrigin(
                    project=project,
                    contribution=self.contributions[i],
                    added_by=self.coordinator,
                    added_at=project.created_at,
                )
                for project, indexes, _p, _s, _t in self.project_plans
                for i in indexes
            ]
            _bulk(ProjectOrigin, origins)
        partners = Project.partners.through
        _bulk(
            partners,
            [
                partners(project_id=p.pk, organisation_id=o.pk)
                for p, _i, orgs, _s, _t in self.project_plans
                for o in orgs
            ],
        )
        settlements = Project.settlements.through
        _bulk(
            settlements,
            [
                settlements(project_id=p.pk, settlement_id=self.settlements[s].pk)
                for p, _i, _o, indexes, _t in self.project_plans
                for s in indexes
            ],
        )
        domains = Project.domains.through
        _bulk(
            domains,
            [
                domains(project_id=p.pk, taxonomyterm_id=self.term("domain", slug).pk)
                for p, _i, _o, _s, template in self.project_plans
                for slug in template.domains
            ],
        )
        self.counts["projects"] = len(projects)
        self.counts["project_origins"] = len(origins)
        self.progress(
            _("projects: %(projects)s, origins: %(origins)s")
            % {"projects": len(projects), "origins": len(origins)}
        )

    # strategy
    def create_strategy(self) -> None:
        rng = self.rng
        with _manual_timestamps(Strategy, MeasureProject):
            strategy = Strategy.objects.create(
                process=self.process,
                title=dict(content.STRATEGY_TITLE),
                vision=dict(content.STRATEGY_VISION),
                summary=dict(content.STRATEGY_SUMMARY),
                period_start=2027,
                period_end=2033,
                status=Strategy.Status.DRAFT,
                updated_at=_aware(BASE_DATE + dt.timedelta(days=120), 12),
            )
            measures: dict[str, Measure] = {}
            for g_pos, (g_code, g_hu, g_ro, g_en, axes) in enumerate(content.STRATEGY_TREE, 1):
                goal = Goal.objects.create(
                    strategy=strategy,
                    code=g_code,
                    position=g_pos,
                    title={"hu": g_hu, "ro": g_ro, "en": g_en},
                )
                for a_pos, (a_code, a_hu, a_ro, a_en, items) in enumerate(axes, 1):
                    axis = PriorityAxis.objects.create(
                        goal=goal,
                        code=a_code,
                        position=a_pos,
                        title={"hu": a_hu, "ro": a_ro, "en": a_en},
                    )
                    new = [
                        Measure(
                            axis=axis,
                            code=m_code,
                            position=m_pos,
                            title={"hu": m_hu, "ro": m_ro, "en": m_en},
                        )
                        for m_pos, (m_code, m_hu, m_ro, m_en) in enumerate(items, 1)
                    ]
                    for measure in _bulk(Measure, new):
                        measures[measure.code] = measure
            links = [
                MeasureProject(
                    measure=measures[template.measure],
                    project=project,
                    linked_at=project.created_at + dt.timedelta(days=7),
                )
                for project, _i, _o, _s, template in self.project_plans
                if rng.random() < 0.75
            ]
            _bulk(MeasureProject, links)
        self.counts["measures"] = len(measures)
        self.counts["measure_projects"] = len(links)
        self.strategy = strategy
        self.progress(
            _("strategy: %(measures)s measures, %(links)s project links")
            % {"measures": len(measures), "links": len(links)}
        )

    # the meeting series: speakers, agenda, registration, attendance, feedback, minutes,
    # materials
    def _meeting_rng(self, index: int, purpose: str) -> random.Random:
        """A stream of its own for each meeting and purpose.

        The registrations of a meeting that is over stay the same from one day to the next,
        however many other meetings have ended meanwhile.
        """
        return random.Random(f"{self.seed}:{purpose}:{index}")

    def _speaker_bio(
        self, role: str, institution: tuple[str, str, str], expertise: tuple[str, ...]
    ) -> dict[str, str]:
        roles = content.SPEAKER_ROLES[role]
        extra = self.rng.choice(content.SPEAKER_BIO_EXTRAS)
        bio = {}
        for i, code in enumerate(("hu", "ro", "en")):
            areas = ", ".join(
                self.term("expertise", slug).name.get(code, slug).lower() for slug in expertise
            )
            where = f" ({institution[i]})" if institution[i] else ""
            bio[code] = f"{roles[i]}{where}. {content.SPEAKER_BIO_AREAS[i]}: {areas}. {extra[i]}"
        return bio

    def create_speakers(self) -> None:
        speakers: list[Speaker] = []
        expertise_rows: list[tuple[str, ...]] = []
        self.speaker_language: list[str] = []

        def add(speaker: Speaker, language: str, expertise: tuple[str, ...]) -> None:
            speakers.append(speaker)
            expertise_rows.append(expertise)
            self.speaker_language.append(language)

        expert = self.demo_users["expert"]
        name, institution, role, expertise = content.DEMO_EXPERT_SPEAKER
        names = content.INSTITUTIONS[institution]
        add(
            Speaker(
                process=self.process,
                person=expert,
                full_name=name,
                affiliation=names[0],
                biography=self._speaker_bio(role, names, expertise),
                email=expert.email,
                is_external=False,
            ),
            "hu",
            expertise,
        )
        for name, language, institution, role, expertise in content.SPEAKERS[: self.scale.speakers]:
            names = content.INSTITUTIONS[institution]
            independent = institution == "independent"
            add(
                Speaker(
                    process=self.process,
                    full_name=name,
                    affiliation=names[0 if language == "hu" else 1],
                    biography=self._speaker_bio(
                        role, ("", "", "") if independent else names, expertise
                    ),
                    email=f"{_slug(' '.join(name.split()[-2:]))}@example.org",
                    is_external=True,
                ),
                language,
                expertise,
            )
        # A few of the process's own experts lecture too, under their organisation's name.
        internal = self.expert_people[: max(1, self.scale.speakers // 8)]
        for number, person in enumerate(internal):
            role, expertise = content.INTERNAL_SPEAKER_PROFILES[
                number % len(content.INTERNAL_SPEAKER_PROFILES)
            ]
            organisations = self.orgs_of.get(person.pk) or [None]
            organisation = organisations[0]
            language = "ro" if person.preferred_language == "ro" else "hu"
            if organisation is not None:
                org_names = (
                    organisation.name.get("hu", ""),
                    organisation.name.get("ro", ""),
                    organisation.name.get("ro", ""),
                )
            else:
                org_names = ("", "", "")
            add(
                Speaker(
                    process=self.process,
                    person=person,
                    full_name=person.full_name,
                    organisation=organisation,
                    affiliation=org_names[0 if language == "hu" else 1],
                    biography=self._speaker_bio(role, org_names, expertise),
                    email=person.email,
                    is_external=False,
                ),
                language,
                expertise,
            )
        _bulk(Speaker, speakers)
        through = Speaker.expertise.through
        _bulk(
            through,
            [
                through(speaker_id=speaker.pk, taxonomyterm_id=self.term("expertise", slug).pk)
                for speaker, slugs in zip(speakers, expertise_rows, strict=True)
                for slug in slugs
            ],
        )
        self.speakers = speakers
        self.speaker_expertise = expertise_rows
        self.counts["speakers"] = len(speakers)
        self.progress(
            _("speakers: %(count)s (%(external)s external)")
            % {"count": len(speakers), "external": sum(s.is_external for s in speakers)}
        )

    def _assign_speakers(self) -> list[list[int]]:
        """For each meeting, the indexes of its speakers in `self.speakers`, main one first.

        Lecturers are chosen by the lecture's expertise area, the least busy first, so the
        same few dozen people give the series' lectures, and nobody speaks at two meetings
        at once. The demo expert (speaker 0) opens the series and responds at its last
        lecture.
        """
        rng = self.rng
        meetings = self.meetings
        by_expertise: dict[str, list[int]] = defaultdict(list)
        for index, slugs in enumerate(self.speaker_expertise):
            for slug in slugs:
                by_expertise[slug].append(index)
        everyone = list(range(len(self.speakers)))
        overview = sorted(set(by_expertise["regional-development"] + by_expertise["culture"]))
        lectures = [i for i, (kind, _subject) in enumerate(self.meeting_plan) if kind == "lecture"]
        first_lecture = lectures[0] if lectures else None
        last_lecture = max(lectures, key=lambda i: (meetings[i].starts_at, i)) if lectures else None
        booked: list[list[int]] = [[] for _ in everyone]  # meeting indexes per speaker
        booked[0] = sorted({i for i in (first_lecture, last_lecture) if i is not None})

        def pick(index: int, candidates: list[int], exclude: list[int]) -> int:
            def free(c: int) -> bool:
                return c not in exclude and not any(
                    _overlap(meetings[index], meetings[j]) for j in booked[c]
                )

            pool = [c for c in candidates if free(c)] or [c for c in everyone if free(c)]
            pool = pool or [c for c in everyone if c not in exclude]
            low = min(len(booked[c]) for c in pool)
            chosen = rng.choice([c for c in pool if len(booked[c]) <= low])
            booked[chosen].append(index)
            return chosen

        assigned: list[list[int]] = []
        for index, (kind, subject) in enumerate(self.meeting_plan):
            chosen: list[int] = []
            if kind == "lecture":
                if index == first_lecture:
                    chosen.append(0)
                else:
                    chosen.append(pick(index, by_expertise[subject], chosen))
                if index == last_lecture and 0 not in chosen:
                    chosen.append(0)
                elif rng.random() < 0.3:
                    chosen.append(pick(index, by_expertise[subject], chosen))
            elif kind in ("workshop", "theme_workshop"):
                if rng.random() < 0.6:
                    chosen.append(pick(index, overview, chosen))
            elif kind == "conference_session":
                chosen.append(pick(index, everyone, chosen))
                chosen.append(pick(index, everyone, chosen))
            assigned.append(chosen)
        return assigned

    def create_programme(self) -> None:
        """Speakers of each meeting, agenda items, registration and feedback questions."""
        self.meeting_speakers = self._assign_speakers()
        through = Meeting.speakers.through
        _bulk(
            through,
            [
                through(meeting_id=meeting.pk, speaker_id=self.speakers[s].pk)
                for meeting, chosen in zip(self.meetings, self.meeting_speakers, strict=True)
                for s in chosen
            ],
        )
        items: list[AgendaItem] = []
        item_speakers: list[list[int]] = []
        self.agenda_of: dict[int, list[AgendaItem]] = defaultdict(list)
        for meeting, chosen in zip(self.meetings, self.meeting_speakers, strict=True):
            if meeting.kind == Meeting.Kind.LECTURE:
                template = (
                    content.LECTURE_AGENDA_WITH_RESPONSE
                    if len(chosen) > 1
                    else content.LECTURE_AGENDA
                )
            elif meeting.kind == Meeting.Kind.WORKSHOP:
                template = content.WORKSHOP_AGENDA
            else:
                continue
            for offset, length, title, description, who in template:
                starts = meeting.starts_at + dt.timedelta(minutes=offset)
                item = AgendaItem(
                    meeting=meeting,
                    starts_at=starts,
                    ends_at=starts + dt.timedelta(minutes=length),
                    title=dict(zip(("hu", "ro", "en"), title, strict=True)),
                    description=(
                        dict(zip(("hu", "ro", "en"), description, strict=True))
                        if description
                        else {}
                    ),
                )
                items.append(item)
                self.agenda_of[meeting.pk].append(item)
                if who == "main" and chosen:
                    item_speakers.append([chosen[0]])
                elif who == "second" and len(chosen) > 1:
                    item_speakers.append(chosen[1:])
                else:
                    item_speakers.append([])
        _bulk(AgendaItem, items)
        through = AgendaItem.speakers.through
        _bulk(
            through,
            [
                through(agendaitem_id=item.pk, speaker_id=self.speakers[s].pk)
                for item, chosen in zip(items, item_speakers, strict=True)
                for s in chosen
            ],
        )
        self.counts["agenda_items"] = len(items)

        questions: list[RegistrationQuestion] = []
        for meeting in self.meetings:
            if meeting.kind != Meeting.Kind.WORKSHOP:
                continue
            for position, (label, kind, choices, required) in enumerate(
                content.REGISTRATION_QUESTIONS, start=1
            ):
                questions.append(
                    RegistrationQuestion(
                        meeting=meeting,
                        label=dict(zip(("hu", "ro", "en"), label, strict=True)),
                        kind=kind,
                        choices=[
                            dict(zip(("hu", "ro", "en"), choice, strict=True)) for choice in choices
                        ],
                        is_required=required,
                        position=position,
                    )
                )
        _bulk(RegistrationQuestion, questions)
        self.questions_of: dict[int, list[RegistrationQuestion]] = defaultdict(list)
        for question in questions:
            self.questions_of[question.meeting_id].append(question)
        self.counts["registration_questions"] = len(questions)

        self.feedback_questions = _bulk(
            FeedbackQuestion,
            [
                FeedbackQuestion(
                    process=self.process,
                    label=dict(zip(("hu", "ro", "en"), label, strict=True)),
                    kind=kind,
                    position=position,
                )
                for position, (label, kind) in enumerate(content.FEEDBACK_QUESTIONS, start=1)
            ],
        )
        self.counts["feedback_questions"] = len(self.feedback_questions)
        self.progress(
            _("programme: %(items)s agenda items, %(questions)s registration questions")
            % {"items": len(items), "questions": len(questions)}
        )

    @staticmethod
    def _registration_open(meeting: Meeting, now: dt.datetime) -> bool:
        return meeting.registration_opens_at <= now < meeting.registration_closes_at

    def _plan_member(self) -> None:
        """The demo member's series, chosen without the random stream (it follows the date).

        Present at a few meetings that are over (enough for a series certificate), a
        confirmed place at an upcoming meeting, and on the waiting list of a workshop.
        """
        now = self.now
        home = _region(self.orgs_of[self.demo_users["member"].pk][0].settlement)

        def near_home(i: int) -> tuple[int, dt.datetime, int]:
            meeting = self.meetings[i]
            close = meeting.kind == Meeting.Kind.LECTURE or _region(meeting.settlement) == home
            return (0 if close else 1, meeting.starts_at, i)

        wanted = self.process.series_certificate_min_meetings + 1
        ended = [
            i
            for i, m in enumerate(self.meetings)
            if m.ends_at <= now and m.kind in (Meeting.Kind.LECTURE, Meeting.Kind.WORKSHOP)
        ]
        self.member_present: set[int] = set()
        for i in sorted(ended, key=near_home):  # one place at a time
            if len(self.member_present) == wanted:
                break
            meeting = self.meetings[i]
            if not any(_overlap(meeting, self.meetings[j]) for j in self.member_present):
                self.member_present.add(i)
        upcoming = sorted(
            (i for i, m in enumerate(self.meetings) if m.starts_at > now), key=near_home
        )
        open_upcoming = [i for i in upcoming if self._registration_open(self.meetings[i], now)]
        self.member_waiting = next(
            (i for i in open_upcoming if self.meetings[i].kind == Meeting.Kind.WORKSHOP), None
        )
        others = [i for i in open_upcoming if i != self.member_waiting] or [
            i for i in upcoming if i != self.member_waiting
        ]
        self.member_upcoming = others[0] if others else None

    def create_registrations(self) -> None:
        now = self.now
        member = self.demo_users["member"]
        self._plan_member()
        staff = {p.pk for p in self.facilitator_people}
        pool = [p for p in self.people if p.pk not in staff]
        region_of: dict[int, str] = {}
        for person in pool:
            organisations = self.orgs_of.get(person.pk)
            region_of[person.pk] = _region(organisations[0].settlement if organisations else None)
        local_pool: dict[str, list[User]] = defaultdict(list)
        for person in pool:
            local_pool[region_of[person.pk]].append(person)
        other_pool = {
            name: [p for p in pool if region_of[p.pk] != name]
            for name in {_region(m.settlement) for m in self.meetings} - {""}
        }
        checkin_staff = [self.demo_users["facilitator"], *self.facilitator_people]
        demand = {
            Meeting.Kind.LECTURE: (0.45, 1.05, 0.6),
            Meeting.Kind.WORKSHOP: (0.7, 1.3, 0.85),
            Meeting.Kind.PUBLIC_FORUM: (0.3, 0.8, 0.9),
            Meeting.Kind.CONFERENCE_SESSION: (0.6, 1.1, 0.0),
        }
        Status, Attendance = Registration.Status, Registration.Attendance
        registrations: list[Registration] = []
        self.present_of: dict[int, list[Registration]] = defaultdict(list)
        busy: dict[int, list[Meeting]] = defaultdict(list)  # where each person was present
        for index, meeting in enumerate(self.meetings):
            rng = self._meeting_rng(index, "registrations")
            opens, closes = meeting.registration_opens_at, meeting.registration_closes_at
            window_end = min(closes, now)
            capacity = meeting.capacity or 0
            low, high, local_share = demand[meeting.kind]
            factor = rng.uniform(low, high)
            people: list[User] = []
            if window_end > opens:
                share = (window_end - opens) / (closes - opens)
                wanted = round(capacity * factor * share**0.7)
                if index == self.member_waiting:
                    wanted = max(wanted, capacity + 3)
                region = _region(meeting.settlement)
                if not region or local_share == 0:
                    people = rng.sample(pool, min(wanted, len(pool)))
                else:
                    local = local_pool.get(region, [])
                    k_local = min(len(local), round(wanted * local_share))
                    others = other_pool[region]
                    people = rng.sample(local, k_local) + rng.sample(
                        others, min(len(others), wanted - k_local)
                    )
            speaking = {self.speakers[s].person_id for s in self.meeting_speakers[index]}
            people = [p for p in people if p.pk not in speaking]
            span = max(window_end - opens, dt.timedelta(minutes=1))
            times = [
                opens + dt.timedelta(seconds=int(span.total_seconds() * rng.betavariate(1.2, 2)))
                for _person in people
            ]
            entries = list(zip(times, people, strict=True))
            member_index = None
            member_registered_by = member
            if index in self.member_present or index == self.member_upcoming:
                if window_end > opens:
                    at = opens + min(dt.timedelta(hours=2), span / 10)
                else:  # registration not open yet: a facilitator put them on the list
                    at = now - dt.timedelta(minutes=5)
                    member_registered_by = self.demo_users["facilitator"]
                entries.append((at, member))
                member_index = len(entries) - 1
            elif index == self.member_waiting:
                entries.append((window_end, member))
                member_index = len(entries) - 1

            # Who keeps a place: first come first served, cancellations promote the first
            # person waiting (as the registration services do).
            events = [(at, 0, i) for i, (at, _person) in enumerate(entries)]
            cancel_limit = min(meeting.starts_at - dt.timedelta(hours=2), now)
            for i, (at, _person) in enumerate(entries):
                if (
                    i != member_index
                    and index != self.member_waiting
                    and rng.random() < 0.07
                    and cancel_limit > at
                ):
                    events.append((at + (cancel_limit - at) * rng.random(), 1, i))
            events.sort(key=lambda event: (event[0], event[1], event[2]))
            status: dict[int, str] = {}
            confirmed_at: dict[int, dt.datetime] = {}
            cancelled_at: dict[int, dt.datetime] = {}
            confirmed: set[int] = set()
            waiting: list[int] = []
            for at, kind, i in events:
                if kind == 0:
                    if len(confirmed) < capacity:
                        confirmed.add(i)
                        status[i], confirmed_at[i] = Status.CONFIRMED, at
                    else:
                        waiting.append(i)
                        status[i] = Status.WAITING
                    continue
                if status[i] == Status.CONFIRMED:
                    confirmed.discard(i)
                    if waiting:
                        promoted = waiting.pop(0)
                        confirmed.add(promoted)
                        status[promoted], confirmed_at[promoted] = Status.CONFIRMED, at
                elif status[i] == Status.WAITING:
                    waiting.remove(i)
                status[i], cancelled_at[i] = Status.CANCELLED, at

            ended = meeting.ends_at <= now
            reminder_at = meeting.starts_at - dt.timedelta(hours=meeting.reminder_hours)
            questions = self.questions_of.get(meeting.pk, [])
            codes: set[str] = set()
            for i, (at, person) in enumerate(entries):
                code = _personal_code(rng)
                while code in codes:
                    code = _personal_code(rng)
                codes.add(code)
                organisations = self.orgs_of.get(person.pk)
                organisation = organisations[0] if organisations else None
                if i == member_index:
                    by = member_registered_by
                elif organisation is not None and rng.random() < 0.1:
                    by = self.contact_of.get(organisation.pk, person)  # a colleague did it
                else:
                    by = person
                answers: dict[str, object] = {}
                for question in questions:
                    if question.kind == RegistrationQuestion.Kind.CHOICE:
                        answers[str(question.pk)] = rng.choices(
                            range(len(question.choices)), content.DIET_WEIGHTS
                        )[0]
                    elif rng.random() < 0.05:
                        language = "ro" if person.preferred_language == "ro" else "hu"
                        answers[str(question.pk)] = rng.choice(
                            content.ACCESSIBILITY_ANSWERS[language]
                        )
                registration = Registration(
                    meeting=meeting,
                    person=person,
                    registered_by=by,
                    organisation=organisation,
                    status=status[i],
                    answers=answers,
                    personal_code=code,
                    created_at=at,
                    confirmed_at=confirmed_at.get(i),
                    cancelled_at=cancelled_at.get(i),
                )
                if status[i] == Status.CONFIRMED:
                    if reminder_at <= now and meeting.reminder_hours:
                        registration.reminder_sent_at = max(reminder_at, confirmed_at[i])
                    if ended:
                        elsewhere = any(_overlap(meeting, other) for other in busy[person.pk])
                        self._record_attendance(
                            registration,
                            rng,
                            checkin_staff,
                            present=i == member_index,
                            free=not elsewhere,
                        )
                        if registration.attendance == Attendance.PRESENT:
                            self.present_of[index].append(registration)
                            busy[person.pk].append(meeting)
                registrations.append(registration)
        with _manual_timestamps(Registration):
            _bulk(Registration, registrations)
        present = sum(r.attendance == Attendance.PRESENT for r in registrations)
        self.counts["registrations"] = len(registrations)
        self.counts["attendance_present"] = present
        self.progress(
            _("registrations: %(registrations)s, present at meetings that are over: %(present)s")
            % {"registrations": len(registrations), "present": present}
        )

    @staticmethod
    def _record_attendance(
        registration: Registration,
        rng: random.Random,
        staff: list[User],
        *,
        present: bool,
        free: bool,
    ) -> None:
        """Present (80 %), absent or excused; never present at two meetings at once."""
        Attendance = Registration.Attendance
        draw = rng.random()
        if present or (draw < 0.8 and free):
            registration.attendance = Attendance.PRESENT
            registration.checked_in_at = registration.meeting.starts_at + dt.timedelta(
                minutes=rng.randint(-25, 20), seconds=rng.randint(0, 59)
            )
            if rng.random() < 0.18:
                registration.checkin_method = Registration.CheckinMethod.SELF
                registration.checked_in_by = registration.person
            else:
                registration.checkin_method = Registration.CheckinMethod.FACILITATOR
                registration.checked_in_by = rng.choice(staff)
        elif draw < 0.92:
            registration.attendance = Attendance.ABSENT
        else:
            registration.attendance = Attendance.EXCUSED

    def create_feedback(self) -> None:
        now = self.now
        member = self.demo_users["member"]
        ratings = [q for q in self.feedback_questions if q.kind == FeedbackQuestion.Kind.RATING]
        texts = [q for q in self.feedback_questions if q.kind == FeedbackQuestion.Kind.TEXT]
        first_member_meeting = min(self.member_present, default=None)
        responses: list[FeedbackResponse] = []
        for index, present in sorted(self.present_of.items()):
            rng = self._meeting_rng(index, "feedback")
            meeting = self.meetings[index]
            for registration in present:
                person = registration.person
                if person == member:
                    if index != first_member_meeting:
                        continue  # left for the member to try the form
                elif rng.random() >= 0.4:
                    continue
                mood = rng.choices(range(1, 6), content.RATING_WEIGHTS)[0]
                answers: dict[str, object] = {
                    str(q.pk): min(5, max(1, mood + rng.choice((-1, 0, 0, 0, 1)))) for q in ratings
                }
                if texts and rng.random() < 0.3:
                    language = "ro" if person.preferred_language == "ro" else "hu"
                    answers[str(texts[0].pk)] = rng.choice(content.FEEDBACK_TEXTS[language])
                responses.append(
                    FeedbackResponse(
                        meeting=meeting,
                        respondent=person,
                        answers=answers,
                        created_at=min(
                            meeting.ends_at + dt.timedelta(minutes=rng.randint(5, 3 * 24 * 60)),
                            now,
                        ),
                    )
                )
        with _manual_timestamps(FeedbackResponse):
            _bulk(FeedbackResponse, responses)
        self.counts["feedback_responses"] = len(responses)

    def create_minutes(self) -> None:
        now = self.now
        author = self.demo_users["facilitator"]
        ideas_of: dict[int, list[str]] = defaultdict(list)
        for contribution in self.contributions:
            if contribution.meeting_id and contribution.status in (
                Contribution.Status.SUBMITTED,
                Contribution.Status.IN_PORTFOLIO,
            ):
                ideas_of[contribution.meeting_id].append(contribution.title)
        minutes: list[Minutes] = []
        for index, meeting in enumerate(self.meetings):
            if meeting.kind != Meeting.Kind.WORKSHOP or meeting.ends_at > now:
                continue
            rng = self._meeting_rng(index, "minutes")
            ideas = [f"- {title}" for title in ideas_of.get(meeting.pk, [])[:6]]
            for hu, ro in rng.sample(content.MINUTES_EXTRA_IDEAS, max(0, 4 - len(ideas))):
                ideas.append(f"- {hu} / {ro}")
            agenda = "\n".join(
                f"{number}. {item.title['hu']} / {item.title['ro']} "
                f"({timezone.localtime(item.starts_at):%H:%M}–"
                f"{timezone.localtime(item.ends_at):%H:%M})"
                for number, item in enumerate(self.agenda_of.get(meeting.pk, []), start=1)
            )
            starts = timezone.localtime(meeting.starts_at)
            ends = timezone.localtime(meeting.ends_at)
            settlement = meeting.settlement
            place = (
                f"{meeting.venue}, {settlement.name_hu or settlement.name_ro} / "
                f"{settlement.name_ro}"
                if settlement
                else "online"
            )
            body = content.MINUTES_TEMPLATE.format(
                title_hu=meeting.title["hu"],
                title_ro=meeting.title["ro"],
                date=f"{starts:%Y. %m. %d.} / {starts:%d.%m.%Y}, {starts:%H:%M}–{ends:%H:%M}",
                venue=place,
                present=len(self.present_of.get(index, [])),
                agenda=agenda,
                ideas="\n".join(ideas),
            ).strip()
            written = min(meeting.ends_at + dt.timedelta(hours=rng.randint(18, 72)), now)
            minutes.append(
                Minutes(
                    meeting=meeting,
                    body=body,
                    is_published=True,
                    published_at=written,
                    updated_at=written,
                    updated_by=author,
                )
            )
        with _manual_timestamps(Minutes, MinutesRevision):
            _bulk(Minutes, minutes)
            _bulk(
                MinutesRevision,
                [
                    MinutesRevision(
                        minutes=item,
                        number=1,
                        body=item.body,
                        author=author,
                        created_at=item.published_at,
                    )
                    for item in minutes
                ],
            )
        self.counts["minutes"] = len(minutes)

    def create_materials(self) -> None:
        now = self.now
        facilitator = self.demo_users["facilitator"]
        licences = list(content.LICENCE_WEIGHTS)
        licence_weights = list(content.LICENCE_WEIGHTS.values())
        materials: list[Material] = []
        topic_rows: list[list[TaxonomyTerm]] = []
        for index, meeting in enumerate(self.meetings):
            if meeting.kind != Meeting.Kind.LECTURE or meeting.ends_at > now:
                continue
            chosen = self.meeting_speakers[index]
            if not chosen:
                continue
            rng = self._meeting_rng(index, "materials")
            first = content.MATERIALS[0] if rng.random() < 0.8 else content.MATERIALS[1]
            kinds = [first]
            if rng.random() < 0.45:
                kinds.append(rng.choice([k for k in content.MATERIALS if k is not first]))
            for number, (key, title_hu, title_ro, file_name, text_hu, text_ro) in enumerate(kinds):
                s = chosen[min(number, len(chosen) - 1)]
                speaker = self.speakers[s]
                language = self.speaker_language[s]
                title, description = (
                    (title_ro, text_ro) if language == "ro" else (title_hu, text_hu)
                )
                title = f"{title} – {meeting.title[language]}"[:200]
                topics = list(self.meeting_topics[index])
                for slug in self.speaker_expertise[s][:1]:
                    term = self.term("expertise", slug)
                    if term not in topics:
                        topics.append(term)
                materials.append(
                    Material(
                        process=self.process,
                        meeting=meeting,
                        speaker=speaker,
                        title=title,
                        description=description,
                        language=language,
                        url=f"https://example.org/cultiva/{PROCESS_SLUG}/eloadas-{index + 1:03d}/"
                        f"{file_name}",
                        licence=rng.choices(licences, licence_weights)[0],
                        visibility=(
                            Material.Visibility.PARTICIPANTS
                            if rng.random() < (0.15 if key == "slides" else 0.5)
                            else Material.Visibility.PUBLIC
                        ),
                        search_document=build_search_document(
                            title, description, language=language
                        ),
                        uploaded_by=speaker.person or facilitator,
                        created_at=min(
                            meeting.ends_at + dt.timedelta(hours=rng.randint(1, 72)), now
                        ),
                    )
                )
                topic_rows.append(topics)
        with _manual_timestamps(Material):
            _bulk(Material, materials)
        through = Material.topics.through
        _bulk(
            through,
            [
                through(material_id=material.pk, taxonomyterm_id=term.pk)
                for material, terms in zip(materials, topic_rows, strict=True)
                for term in terms
            ],
        )
        self.counts["materials"] = len(materials)
        self.progress(
            _(
                "meetings that are over: %(feedback)s feedback answers, %(minutes)s minutes, "
                "%(materials)s materials"
            )
            % {
                "feedback": self.counts["feedback_responses"],
                "minutes": self.counts["minutes"],
                "materials": len(materials),
            }
        )

    # synthesis: duplicate twins, an opinion poll, search documents and embeddings
    def create_synthesis(self) -> None:
        """Plant cross-language duplicate twins and an opinion poll with opinion groups, then
        index every contribution for search; the embeddings (and from them the duplicate
        queue) are computed by the background worker once the transaction commits."""
        self.poll_base_time = _aware(BASE_DATE, 10) + demo_synthesis.POLL_OPENS_AFTER
        twins = demo_synthesis.plan_twins(self)
        with _manual_timestamps(Contribution):
            _bulk(Contribution, twins)
        for field, position in (("domains", 0), ("settlements", 1), ("target_groups", 2)):
            through = getattr(Contribution, field).through
            target = "settlement_id" if field == "settlements" else "taxonomyterm_id"
            _bulk(
                through,
                [
                    through(contribution_id=c.pk, **{target: item.pk})
                    for c, rows in zip(twins, self.twin_m2m, strict=True)
                    for item in rows[position]
                ],
            )
        self.contributions.extend(twins)
        self.counts["contributions"] = len(self.contributions)
        self.counts["duplicate_twins"] = len(twins) // 2

        conversation, statements, votes = demo_synthesis.plan_poll(self)
        with _manual_timestamps(Conversation, Statement, OpinionVote):
            conversation.save()
            _bulk(Statement, statements)
            _bulk(OpinionVote, demo_synthesis.vote_rows(self, statements, votes))
        self.conversation = conversation
        self.counts["opinion_groups"] = demo_synthesis.store_analysis(conversation)
        self.counts["poll_statements"] = len(statements)
        self.counts["poll_votes"] = len(votes)
        self.progress(
            _("opinion poll: %(statements)s statements, %(votes)s votes, %(groups)s groups")
            % {
                "statements": len(statements),
                "votes": len(votes),
                "groups": self.counts["opinion_groups"],
            }
        )
        themes = demo_synthesis.expected_themes(self)
        _bulk(Theme, themes)
        self.counts["expected_themes"] = len(themes)
        # Search documents, and (after commit, in the worker) the embeddings.
        contributions_reindex(self.contributions)


def demo_generate(
    *,
    scale: str = "small",
    seed: int = 1,
    progress: Callable[[str], None] | None = None,
    actor=None,
    now: dt.datetime | None = None,
) -> DemoResult:
    """Build the demo data set. The caller checks that the database is empty enough.

    `now` (default: the current time) decides which meetings are over: those get
    attendance, feedback, minutes and materials; upcoming ones get registrations so far.
    """
    if scale not in SCALES:
        raise ValueError(
            _("Unknown scale %(scale)s; choose one of %(choices)s.")
            % {"scale": scale, "choices": ", ".join(SCALES)}
        )
    generator = _Generator(SCALES[scale], seed, progress or (lambda _message: None), now)
    with transaction.atomic():
        generator.load_reference()
        generator.create_process()
        generator.create_people()
        generator.create_organisations()
        generator.create_meetings()
        generator.plan_contributions()
        generator.plan_projects()
        generator.write_contributions()
        generator.write_projects()
        portfolio_cards.write_project_cards(generator)
        demo_proposals.create_proposals(generator)
        portfolio_review.create_review_round(generator)
        demo_portfolio_gaps.add_supports(generator)
        generator.create_strategy()
        generator.create_speakers()
        generator.create_programme()
        generator.create_registrations()
        generator.create_feedback()
        generator.create_minutes()
        generator.create_materials()
        generator.create_synthesis()
        demo_saved_portfolios(generator)
        demo_funding_catalogue(generator)
        demo_funding_applications.create_applications(generator)
        activity_record(
            actor=actor,
            verb="demo.generated",
            target=generator.process,
            process=generator.process,
            changes={"scale": scale, "seed": seed, **generator.counts},
        )
    return DemoResult(process=generator.process, counts=generator.counts)
