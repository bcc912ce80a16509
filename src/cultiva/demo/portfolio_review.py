"""The demo's finished expert review round: criteria, pre-checks, reviewers with their
expertise, conflict declarations (one found by Cultiva, one declared), and submitted reviews
whose scores differ by each reviewer's severity, so the ranking has something to show.

Everything is written with bulk_create; the same seed gives the same round.
"""

from __future__ import annotations

import datetime as dt
import random
from decimal import Decimal

from cultiva.accounts.models import Membership
from cultiva.core.models import TaxonomyTerm
from cultiva.portfolio import assignment as assignment_plan
from cultiva.portfolio import eligibility
from cultiva.portfolio.models import (
    ConflictDeclaration,
    Criterion,
    Project,
    Review,
    ReviewAssignment,
    ReviewerExpertise,
    ReviewRound,
    RoundProject,
    Score,
)
from cultiva.portfolio.review_services import detected_conflicts, project_facts
from cultiva.processes.models import ProcessRole

MAX_PROJECTS = 400
CHECKS = ["budget_present", "lead_present", "summary_official", "active"]

# (key, weight, reason required, name hu/ro/en, guidance hu/ro/en)
CRITERIA = [
    (
        "relevance",
        "3",
        True,
        ("A megye igényeire válaszol", "Răspunde nevoilor județului", "Answers the county's needs"),
        (
            "Mennyire felel a műhelyeken megfogalmazott igényekre és hiányokra?",
            "În ce măsură răspunde nevoilor și lipsurilor formulate în ateliere?",
            "How well does it answer the needs and shortcomings raised in the workshops?",
        ),
    ),
    (
        "feasibility",
        "2",
        True,
        ("Megvalósíthatóság", "Fezabilitate", "Feasibility"),
        (
            "Reális-e a költségvetés, az ütemezés és a partnerség?",
            "Sunt realiste bugetul, calendarul și parteneriatul?",
            "Are the budget, the timeline and the partnership realistic?",
        ),
    ),
    (
        "impact",
        "2",
        False,
        ("Közösségi hatás", "Impact comunitar", "Community impact"),
        (
            "Hány embert ér el, és kiket, akik ma kimaradnak?",
            "Pe câți oameni îi atinge și pe cine dintre cei excluși azi?",
            "How many people does it reach, and who among those left out today?",
        ),
    ),
    (
        "sustainability",
        "1",
        False,
        ("Fenntarthatóság", "Sustenabilitate", "Sustainability"),
        (
            "Folytatódik-e a támogatás után?",
            "Continuă după încheierea finanțării?",
            "Will it go on after the funding ends?",
        ),
    ),
]

# Reasons by criterion and level (low 1-2, middle 3, high 4-5), in the reviewer's language.
REASONS = {
    "relevance": {
        "low": (
            "Az igényfelmérés hivatkozásai általánosak, a helyi hiányt nem mutatja be.",
            "Referințele la nevoi sunt generale, lipsa locală nu este demonstrată.",
            "The needs it cites are general; the local gap is not shown.",
        ),
        "mid": (
            "Valós igényre épül, de a célcsoport kijelölése még pontatlan.",
            "Se bazează pe o nevoie reală, dar grupul țintă este încă vag definit.",
            "It builds on a real need, but the target group is still loosely defined.",
        ),
        "high": (
            "Közvetlenül a műhelyeken többször felvetett hiányra válaszol.",
            "Răspunde direct unei lipse semnalate de mai multe ori în ateliere.",
            "It answers a shortcoming raised at several workshops directly.",
        ),
    },
    "feasibility": {
        "low": (
            "A költségvetés alulbecsült, a partnerek szerepe tisztázatlan.",
            "Bugetul este subestimat, rolul partenerilor neclar.",
            "The budget is underestimated and the partners' roles are unclear.",
        ),
        "mid": (
            "Megvalósítható, ha az ütemezés egy évadot csúszhat.",
            "Fezabil dacă se acceptă o întârziere de o stagiune.",
            "Feasible if the timeline may slip by a season.",
        ),
        "high": (
            "Tapasztalt vezető szervezet, reális költségvetés és ütemterv.",
            "Organizație lider cu experiență, buget și calendar realiste.",
            "An experienced lead, a realistic budget and timeline.",
        ),
    },
    "impact": {
        "low": ("Szűk kör éri el.", "Atinge un cerc restrâns.", "It reaches a narrow circle."),
        "mid": (
            "Több települést is elér, főleg a már aktív közönséget.",
            "Atinge mai multe localități, mai ales publicul deja activ.",
            "It reaches several settlements, mostly the already active audience.",
        ),
        "high": (
            "Kistelepüléseken élő fiatalokat és időseket is bevon.",
            "Implică tineri și vârstnici din localitățile mici.",
            "It involves young and old people in small villages.",
        ),
    },
    "sustainability": {
        "low": (
            "Nincs terv a folytatásra.",
            "Nu există un plan de continuare.",
            "There is no plan to go on.",
        ),
        "mid": (
            "Az önkormányzat szóban vállalta a folytatást.",
            "Primăria și-a asumat verbal continuarea.",
            "The local council promised verbally to carry it on.",
        ),
        "high": (
            "Saját bevétel és önkéntes hálózat biztosítja a folytatást.",
            "Venituri proprii și o rețea de voluntari asigură continuarea.",
            "Its own income and a volunteer network keep it going.",
        ),
    },
}
COMMENTS = {
    "fund": (
        "Erős, jól előkészített projekt; érdemes támogatni.",
        "Proiect solid, bine pregătit; merită finanțat.",
        "A strong, well-prepared project; worth funding.",
    ),
    "maybe": (
        "Ígéretes, de a költségvetést és a partnerséget pontosítani kell.",
        "Promițător, dar bugetul și parteneriatul trebuie precizate.",
        "Promising, but the budget and partnership need sharpening.",
    ),
    "no": (
        "Ebben a formában nem javaslom; érdemes átdolgozni és újra benyújtani.",
        "În această formă nu îl recomand; merită revizuit și redepus.",
        "Not in this form; worth reworking and submitting again.",
    ),
}
LANGUAGES = ("hu", "ro", "en")


def _level(value: int) -> str:
    return "low" if value <= 2 else "mid" if value == 3 else "high"


def create_review_round(generator) -> ReviewRound | None:
    """A closed round over the demo's portfolio, reviewed by the process's experts."""
    process, rng = generator.process, random.Random(generator.seed * 7919 + 14)
    now = generator.now
    experts = list(
        ProcessRole.objects.filter(process=process, role=ProcessRole.Role.EXPERT)
        .select_related("user")
        .order_by("user_id")
    )
    experts = [role.user for role in experts]
    projects = list(
        Project.objects.in_portfolio()
        .filter(process=process)
        .select_related("lead_organisation")
        .prefetch_related("settlements", "domains")
        .order_by("code")[:MAX_PROJECTS]
    )
    if len(experts) < 3 or not projects:
        return None
    deadline = now - dt.timedelta(days=12)
    opened = deadline - dt.timedelta(days=30)
    review_round = ReviewRound.objects.create(
        process=process,
        title={
            "hu": "A kulturális projektportfólió szakmai bírálata",
            "ro": "Evaluarea de specialitate a portofoliului de proiecte culturale",
            "en": "Expert review of the cultural project portfolio",
        },
        instructions={
            "hu": "Minden szempontot 1–5 között pontozzon, és indokolja a pontszámot.",
            "ro": "Punctați fiecare criteriu între 1 și 5 și motivați punctajul.",
            "en": "Score each criterion from 1 to 5 and give your reasons.",
        },
        status=ReviewRound.Status.CLOSED,
        deadline=deadline,
        reviewers_per_project=3,
        reviewers_see_others=False,
        eligibility_checks=CHECKS,
        funding_line=max(3, len(projects) // 4),
        created_by=generator.coordinator,
    )
    criteria = Criterion.objects.bulk_create(
        Criterion(
            round=review_round,
            position=position,
            name=dict(zip(LANGUAGES, name, strict=True)),
            guidance=dict(zip(LANGUAGES, guidance, strict=True)),
            weight=Decimal(weight),
            scale_min=1,
            scale_max=5,
            reason_required=required,
        )
        for position, (_key, weight, required, name, guidance) in enumerate(CRITERIA)
    )
    keys = [c[0] for c in CRITERIA]

    # Entries with their pre-checks.
    results = eligibility.check_projects(project_facts(projects), CHECKS)
    RoundProject.objects.bulk_create(
        RoundProject(
            round=review_round,
            project=p,
            eligible=not results[p.pk],
            eligibility_failures=[{"key": f.key, "reason": f.reason} for f in results[p.pk]],
        )
        for p in projects
    )
    entered = [p for p in projects if not results[p.pk]]

    # Each expert declares two or three domains.
    domain_ids = list(
        TaxonomyTerm.objects.filter(vocabulary="domain").order_by("pk").values_list("pk", flat=True)
    )
    expertise = ReviewerExpertise.objects.bulk_create(
        ReviewerExpertise(process=process, reviewer=e) for e in experts
    )
    declared = {
        e.reviewer_id: set(rng.sample(domain_ids, min(len(domain_ids), rng.choice((2, 3)))))
        for e in expertise
    }
    ReviewerExpertise.domains.through.objects.bulk_create(
        ReviewerExpertise.domains.through(reviewerexpertise=e, taxonomyterm_id=d)
        for e in expertise
        for d in sorted(declared[e.reviewer_id])
    )

    # One expert works for a project's lead organisation: Cultiva keeps them out.
    detected = detected_conflicts(
        project_ids=[p.pk for p in entered], reviewer_ids=[e.pk for e in experts]
    )
    if not detected and entered:
        target, insider = entered[0], experts[-1]
        Membership.objects.get_or_create(user=insider, organisation=target.lead_organisation)
        detected = {(target.pk, insider.pk): "lead"}
    plan = assignment_plan.assign(
        projects=[
            assignment_plan.Slot(p.pk, frozenset(d.pk for d in p.domains.all())) for p in entered
        ],
        reviewers=[assignment_plan.Slot(e.pk, frozenset(declared[e.pk])) for e in experts],
        per_project=min(3, len(experts) - 1),
        conflicts=set(detected),
    )
    # One reviewer declares a family link with one project after being assigned.
    declared_conflict = plan.pairs[len(plan.pairs) // 2] if plan.pairs else None
    rows = ReviewAssignment.objects.bulk_create(
        [
            ReviewAssignment(
                round=review_round,
                project_id=p,
                reviewer_id=r,
                status=ReviewAssignment.Status.CONFLICT
                if (p, r) == declared_conflict
                else ReviewAssignment.Status.ASSIGNED,
                created_by=generator.coordinator,
            )
            for p, r in plan.pairs
        ]
        + [
            ReviewAssignment(
                round=review_round,
                project_id=p,
                reviewer_id=r,
                status=ReviewAssignment.Status.CONFLICT,
                created_by=generator.coordinator,
            )
            for p, r in sorted(detected)
        ]
    )
    declarations = []
    for row in rows:
        pair = (row.project_id, row.reviewer_id)
        if pair in detected:
            declarations.append(
                ConflictDeclaration(
                    assignment=row,
                    kind=ConflictDeclaration.Kind.MEMBER,
                    note="A bíráló a projekt vezető szervezetének tagja.",
                    detected=True,
                )
            )
        elif pair == declared_conflict:
            declarations.append(
                ConflictDeclaration(
                    assignment=row,
                    kind=ConflictDeclaration.Kind.FAMILY,
                    note="A projektvezető a sógorom.",
                )
            )
        else:
            declarations.append(ConflictDeclaration(assignment=row, kind="none"))
    ConflictDeclaration.objects.bulk_create(declarations)

    # Scores: the project's quality, each criterion's own spread, and the reviewer's severity.
    quality = {p.pk: rng.gauss(3.4, 0.8) for p in entered}
    # From the strictest (a point below the others) to the most lenient, in a seeded order.
    steps = [-1.0 + 1.8 * i / (len(experts) - 1) for i in range(len(experts))]
    rng.shuffle(steps)
    severity = {e.pk: step for e, step in zip(experts, steps, strict=True)}
    language = {
        e.pk: e.preferred_language if e.preferred_language in LANGUAGES else "hu" for e in experts
    }
    active = [row for row in rows if row.status == ReviewAssignment.Status.ASSIGNED]
    reviews, values = [], []
    for row in active:
        lang = LANGUAGES.index(language[row.reviewer_id])
        scores = []
        for index, _criterion in enumerate(criteria):
            raw = quality[row.project_id] + severity[row.reviewer_id] + rng.gauss(0, 0.6)
            raw += (-0.3, 0.1, 0.2, -0.4)[index % 4]
            scores.append(max(1, min(5, round(raw))))
        weighted = sum(s * float(c.weight) for s, c in zip(scores, criteria, strict=True))
        mean = weighted / sum(float(c.weight) for c in criteria)
        recommendation = "fund" if mean >= 3.8 else "maybe" if mean >= 2.8 else "no"
        reviews.append(
            Review(
                assignment=row,
                status=Review.Status.SUBMITTED,
                recommendation=recommendation,
                comment=COMMENTS[recommendation][lang],
                submitted_at=deadline - dt.timedelta(hours=rng.randint(2, 24 * 25)),
            )
        )
        values.append((scores, lang))
    reviews = Review.objects.bulk_create(reviews)
    Score.objects.bulk_create(
        Score(
            review=review,
            criterion=criterion,
            value=value,
            reason=REASONS[key][_level(value)][lang],
        )
        for review, (scores, lang) in zip(reviews, values, strict=True)
        for criterion, key, value in zip(criteria, keys, scores, strict=True)
    )
    ReviewRound.objects.filter(pk=review_round.pk).update(created_at=opened)
    generator.counts["review_assignments"] = len(rows)
    generator.counts["reviews"] = len(reviews)
    return review_round
