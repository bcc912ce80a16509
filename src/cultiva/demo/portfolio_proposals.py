"""Demo content for proposals and partner searches.

Called by `cultiva.demo.generator` after the projects are written, with the generator (its
process, organisations, people and their memberships). It adds, for organisations whose
domains fit each proposal:

- a draft of the demo member's organisation (only they and the staff see it), building on
  two published music contributions;
- a proposal awaiting the facilitators' decision, looking for a partner, with one offer
  accepted (now a partner in the role wanted) and one waiting — from the demo member's
  organisation, so the member sees "your organisation's offers";
- a proposal sent back with a reason (changes requested), and one declined with a reason;
- an accepted proposal of the demo member's organisation, in the portfolio with its code,
  looking for partners, with two offers for the member (as its lead) to answer.

Rows are written directly (not through the services), like the rest of the demo: generating
it sends no e-mail and writes no activity-log row per object.
"""

from __future__ import annotations

import random

from django.db.models import Max

from cultiva.accounts.models import Organisation
from cultiva.ideas.models import Contribution
from cultiva.portfolio.models import (
    PartnerInterest,
    PartnerSearch,
    Project,
    ProjectOrigin,
    ProjectPartner,
    ProposalStep,
)

S = Project.ProposalStatus

PROPOSALS = [
    # key, status, title hu/ro/en, summary hu/ro, domains, reason
    (
        "draft",
        S.DRAFT,
        (
            "Vándormúzeum a csíki falvakban",
            "Muzeu itinerant în satele din Ciuc",
            "A travelling museum in the villages of Csík",
        ),
        (
            "Egy kisbuszba épített kiállítás a Csíki Székely Múzeum tárgyaiból: iskolákba és "
            "kultúrotthonokba visszük a múzeumot, múzeumpedagógiai foglalkozással.",
            "O expoziție amenajată într-un microbuz, cu obiecte ale Muzeului Secuiesc al "
            "Ciucului: ducem muzeul în școli și cămine culturale, cu ateliere educative.",
        ),
        ("museums", "cultural-education"),
        "",
    ),
    (
        "submitted",
        S.SUBMITTED,
        ("Hargitai kórustalálkozó", "Întâlnirea corurilor din Harghita", "Harghita choir meeting"),
        (
            "Évente két napos találkozó a megye falusi és egyházi kórusainak, közös "
            "záróhangversennyel.",
            "Întâlnire anuală de două zile a corurilor sătești și bisericești din județ, cu "
            "un concert final comun.",
        ),
        ("music", "religious-heritage"),
        "",
    ),
    (
        "changes",
        S.CHANGES_REQUESTED,
        (
            "Mesterségek háza Gyergyóban",
            "Casa meșteșugurilor din Gheorgheni",
            "House of crafts in Gyergyó",
        ),
        (
            "Műhelyek és bemutatók a helyi kézművesek munkájáról, iskolai csoportoknak is.",
            "Ateliere și demonstrații ale meșteșugarilor locali, și pentru grupuri școlare.",
        ),
        ("folk-traditions", "cultural-education"),
        "Kérjük, adják meg a becsült költségvetést és a műhelyek helyszíneit, és kössék a "
        "javaslatot a kézművesség hiányáról szóló hozzászólásokhoz.\n"
        "Vă rugăm să precizați bugetul estimat și locațiile atelierelor.",
    ),
    (
        "declined",
        S.DECLINED,
        (
            "Szelfipont a főtéren",
            "Punct de selfie în piața centrală",
            "Selfie point on the main square",
        ),
        (
            "Világító felirat a város főterén a turistáknak.",
            "Inscripție luminoasă în piața centrală pentru turiști.",
        ),
        ("cultural-tourism",),
        "A javaslat nem kulturális program, és nem kapcsolódik a folyamat egyetlen "
        "hozzászólásához sem. / Propunerea nu este un program cultural.",
    ),
    (
        "accepted",
        S.ACCEPTED,
        (
            "Csíki várak és kúriák tanösvénye",
            "Traseul educativ al cetăților și conacelor din Ciuc",
            "Heritage trail of the castles and manor houses of Csík",
        ),
        (
            "Jelzett útvonal és táblák hat csíki vár, kúria és templomerőd között, "
            "letölthető vezetővel magyarul, románul és angolul.",
            "Traseu marcat cu panouri între șase cetăți, conace și biserici fortificate din "
            "Ciuc, cu ghid descărcabil în maghiară, română și engleză.",
        ),
        ("built-heritage", "cultural-tourism"),
        "",
    ),
]

SEARCHES = {
    "submitted": (
        {"hu": "helyszín és szállás a kórusoknak", "ro": "locație și cazare pentru coruri"},
        "ngo",
        ("music",),
        "Olyan partnert keresünk, amely fogadni tudja a kórusokat a faluban.",
    ),
    "accepted": (
        {"hu": "helyi fogadás és vezetés a falvakban", "ro": "primire și ghidaj local în sate"},
        "local-government",
        ("built-heritage", "cultural-tourism"),
        "Az útvonal településeinek önkormányzatait vagy helyi egyesületeit keressük.",
    ),
}

OFFERS = {
    "submitted": [
        ("accepted", "Kultúrotthonunk 200 férőhelyes, szállást a plébánia ad. Szívesen fogadjuk."),
        ("member", "A múzeum udvara helyszín lehet a záróhangversenynek."),
    ],
    "accepted": [
        ("pending", "Községünkben áll az egyik kúria; a kulcsot és a vezetést vállaljuk."),
        ("pending", "Egyesületünk önkéntesei vezetnének csoportokat az útvonal déli részén."),
    ],
}


def create_proposals(generator) -> None:
    """Write the demo's proposals and partner searches (see the module's text)."""
    rng = random.Random(f"{generator.seed}:proposals")
    process = generator.process
    member = generator.demo_users["member"]
    member_org = generator.organisations[0]
    used = {member_org.pk}
    by_domain = _organisations_by_domain()

    def lead_for(domains) -> tuple[Organisation, object]:
        for slug in domains:
            for org in by_domain.get(slug, []):
                if org.pk not in used and org.pk in generator.contact_of:
                    used.add(org.pk)
                    return org, generator.contact_of[org.pk]
        org = next(o for o in generator.organisations if o.pk not in used)
        used.add(org.pk)
        return org, generator.contact_of.get(org.pk, member)

    staff = generator.demo_users["facilitator"]
    published = Contribution.objects.filter(
        process=process,
        status__in=[Contribution.Status.SUBMITTED, Contribution.Status.IN_PORTFOLIO],
    )
    projects: dict[str, Project] = {}
    for key, status, title, summary, domains, reason in PROPOSALS:
        if key in ("draft", "accepted"):
            lead, proposer = member_org, member
        else:
            lead, proposer = lead_for(domains)
        project = Project.objects.create(
            process=process,
            code=_next_demo_code(process) if status == S.ACCEPTED else "",
            title={"hu": title[0], "ro": title[1], "en": title[2]},
            summary={"hu": summary[0], "ro": summary[1]},
            lead_organisation=lead,
            created_by=proposer,
            proposal_status=status,
        )
        project.domains.set([generator.term("domain", slug) for slug in domains])
        project.settlements.set([lead.settlement_id])
        origins = list(
            published.filter(domains__slug=domains[0]).order_by("pk").distinct()[:2]
        ) or list(published.order_by("pk")[:1])
        ProjectOrigin.objects.bulk_create(
            ProjectOrigin(project=project, contribution=c, added_by=proposer) for c in origins
        )
        if status == S.ACCEPTED:
            Contribution.objects.filter(pk__in=[c.pk for c in origins]).update(
                status=Contribution.Status.IN_PORTFOLIO
            )
        path = _path_to(status)
        for source, target in zip(["", *path[:-1]], path, strict=True):
            actor = proposer if target in (S.DRAFT, S.SUBMITTED) else staff
            note = reason if target == status else ""
            ProposalStep.objects.create(
                project=project, source=source, target=target, actor=actor, reason=note
            )
        projects[key] = project

    for key, (role, sector, domains, note) in SEARCHES.items():
        project = projects[key]
        search = PartnerSearch.objects.create(
            project=project,
            role=role,
            sector=generator.term("sector", sector),
            note=note,
            created_by=project.created_by,
        )
        search.domains.set([generator.term("domain", slug) for slug in domains])
        search.settlements.set([project.lead_organisation.settlement_id])
        for outcome, message in OFFERS[key]:
            if outcome == "member":
                organisation, person = member_org, member
            else:
                candidates = [
                    o
                    for slug in domains
                    for o in by_domain.get(slug, [])
                    if o.pk not in used and o.pk in generator.contact_of
                ] or [o for o in generator.organisations if o.pk not in used]
                organisation = rng.choice(candidates)
                used.add(organisation.pk)
                person = generator.contact_of.get(organisation.pk, member)
            status = (
                PartnerInterest.Status.ACCEPTED
                if outcome == "accepted"
                else PartnerInterest.Status.PENDING
            )
            PartnerInterest.objects.create(
                project=project,
                organisation=organisation,
                message=message,
                status=status,
                created_by=person,
                decided_by=project.created_by if status == "accepted" else None,
                decided_at=generator.now if status == "accepted" else None,
                answer="Köszönjük, örömmel!" if status == "accepted" else "",
            )
            if status == "accepted":
                ProjectPartner.objects.create(project=project, organisation=organisation, role=role)
    generator.counts["proposals"] = len(projects)
    generator.counts["partner_searches"] = len(SEARCHES)


def _next_demo_code(process) -> str:
    """The next code in the demo's own numbering (HR-0001, …)."""
    last = (
        Project.objects.filter(process=process, code__startswith="HR-")
        .aggregate(last=Max("code"))
        .get("last")
    )
    return f"HR-{int(last.rsplit('-', 1)[1]) + 1 if last else 1:04d}"


def _path_to(status: str) -> list[str]:
    if status == S.DRAFT:
        return [S.DRAFT]
    if status == S.SUBMITTED:
        return [S.DRAFT, S.SUBMITTED]
    return [S.DRAFT, S.SUBMITTED, status]


def _organisations_by_domain() -> dict[str, list[Organisation]]:
    found: dict[str, list[Organisation]] = {}
    rows = Organisation.domains.through.objects.select_related(
        "organisation", "taxonomyterm"
    ).order_by("organisation_id")
    for row in rows:
        found.setdefault(row.taxonomyterm.slug, []).append(row.organisation)
    return found
