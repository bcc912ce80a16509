"""The demo's project cards: activities, timeline and milestones, budget lines by year and
source, output indicators, risks, partners' roles, target groups and synergies, coherent with
each project's theme (its contribution template's domain) and maturity.

Called once from `generator.generate` after the projects are written; everything is written
with bulk_create (a handful of queries whatever the number of projects). Its own random
generator (seeded from the demo's seed) keeps the rest of the demo unchanged.
"""

from __future__ import annotations

import datetime as dt
import random
from decimal import Decimal

from cultiva.portfolio.models import (
    BudgetLine,
    Milestone,
    OutputIndicator,
    Project,
    ProjectPartner,
    Risk,
)

# The family of a project's theme, by the first domain of its contribution template.
FAMILY_OF_DOMAIN = {
    "museums": "heritage",
    "religious-heritage": "heritage",
    "built-heritage": "heritage",
    "cultural-tourism": "heritage",
    "folk-traditions": "traditions",
    "dance": "traditions",
    "music": "traditions",
    "libraries": "reading",
    "literature": "reading",
    "theatre": "stage",
    "festivals": "stage",
    "visual-arts": "stage",
    "community-culture": "community",
    "cultural-education": "community",
}


def _m(hu: str, ro: str, en: str) -> dict[str, str]:
    return {"hu": hu, "ro": ro, "en": en}


FAMILIES = {
    "heritage": {
        "area": _m("Kulturális örökség", "Patrimoniu cultural", "Cultural heritage"),
        "theme": _m(
            "Az épített és szellemi örökség védelme és bemutatása",
            "Protejarea și valorificarea patrimoniului construit și imaterial",
            "Protecting and presenting built and intangible heritage",
        ),
        "activities": [
            _m(
                "Állapotfelmérés és dokumentáció szakértőkkel",
                "Evaluarea stării și documentare cu experți",
                "Condition survey and documentation with experts",
            ),
            _m(
                "Engedélyes tervek elkészítése",
                "Elaborarea proiectelor tehnice autorizate",
                "Preparing the permitted technical plans",
            ),
            _m(
                "Restaurálási és felújítási munkák",
                "Lucrări de restaurare și renovare",
                "Restoration and renovation works",
            ),
            _m(
                "Kétnyelvű tájékoztató táblák és kiadvány",
                "Panouri informative și broșură bilingve",
                "Bilingual information boards and booklet",
            ),
            _m(
                "Tárlatvezetések iskolás csoportoknak",
                "Ghidaje pentru grupuri de elevi",
                "Guided tours for school groups",
            ),
            _m(
                "Digitális bemutató a megye honlapján",
                "Prezentare digitală pe site-ul județului",
                "Digital presentation on the county website",
            ),
        ],
        "main_event": _m(
            "Átadás és nyílt nap", "Inaugurare și zi a porților deschise", "Handover and open day"
        ),
        "indicators": [
            (_m("Felújított felület", "Suprafață renovată", "Surface renovated"), "m²", 120),
            (
                _m("Látogatók száma évente", "Număr de vizitatori pe an", "Visitors per year"),
                "fő",
                1500,
            ),
            (_m("Digitalizált tételek", "Obiecte digitalizate", "Items digitised"), "db", 400),
            (_m("Tárlatvezetések", "Ghidaje", "Guided tours"), "alkalom", 24),
        ],
        "risks": [
            (
                _m("Az engedélyezés elhúzódik", "Autorizarea întârzie", "Permits are delayed"),
                _m(
                    "Korai egyeztetés a műemlékvédelmi hatósággal",
                    "Consultare timpurie cu direcția pentru patrimoniu",
                    "Early consultation with the heritage authority",
                ),
            ),
            (
                _m(
                    "Rejtett szerkezeti károk",
                    "Degradări structurale ascunse",
                    "Hidden structural damage",
                ),
                _m(
                    "10% tartalékkeret a költségvetésben",
                    "Rezervă de 10% în buget",
                    "10% contingency in the budget",
                ),
            ),
            (
                _m(
                    "Kevés szakképzett restaurátor",
                    "Puțini restauratori calificați",
                    "Few qualified restorers",
                ),
                _m(
                    "Keretszerződés a megyei múzeummal",
                    "Acord-cadru cu muzeul județean",
                    "Framework agreement with the county museum",
                ),
            ),
        ],
    },
    "traditions": {
        "area": _m(
            "Hagyományőrzés és közösségi kultúra",
            "Tradiții și cultură comunitară",
            "Traditions and community culture",
        ),
        "theme": _m(
            "A népi kultúra átadása a fiatal nemzedékeknek",
            "Transmiterea culturii populare generațiilor tinere",
            "Passing folk culture on to the young",
        ),
        "activities": [
            _m(
                "Heti foglalkozások helyi mesterekkel",
                "Ateliere săptămânale cu meșteri locali",
                "Weekly sessions with local masters",
            ),
            _m(
                "Nyári tábor a környező falvak gyerekeinek",
                "Tabără de vară pentru copiii din satele vecine",
                "Summer camp for children of the nearby villages",
            ),
            _m(
                "Gyűjtőút idős adatközlőkhöz",
                "Colectare de teren la informatori vârstnici",
                "Field collection with elderly informants",
            ),
            _m(
                "Táncház-sorozat élő zenével",
                "Serie de case de dans cu muzică live",
                "Dance house series with live music",
            ),
            _m(
                "Népviselet-varrás és javítás",
                "Confecționarea și repararea costumelor populare",
                "Sewing and mending folk costumes",
            ),
            _m(
                "Záró gálaműsor a falu közönségének",
                "Spectacol de gală pentru comunitate",
                "Closing gala for the village",
            ),
        ],
        "main_event": _m("Gálaműsor", "Spectacol de gală", "Gala performance"),
        "indicators": [
            (_m("Résztvevő fiatalok", "Tineri participanți", "Young participants"), "fő", 60),
            (_m("Foglalkozások", "Ateliere", "Sessions"), "alkalom", 30),
            (
                _m(
                    "Rögzített dallamok és táncok",
                    "Melodii și dansuri înregistrate",
                    "Tunes and dances recorded",
                ),
                "db",
                80,
            ),
            (_m("Fellépések", "Spectacole", "Performances"), "alkalom", 6),
        ],
        "risks": [
            (
                _m("Kevés jelentkező", "Puțini înscriși", "Too few sign-ups"),
                _m(
                    "Toborzás az iskolákkal közösen",
                    "Recrutare împreună cu școlile",
                    "Recruiting together with the schools",
                ),
            ),
            (
                _m(
                    "A mesterek elfoglaltak",
                    "Meșterii nu sunt disponibili",
                    "Masters are unavailable",
                ),
                _m(
                    "Két oktató minden foglalkozásra",
                    "Doi instructori pentru fiecare atelier",
                    "Two teachers for every session",
                ),
            ),
            (
                _m(
                    "Rossz idő a szabadtéri eseményen",
                    "Vreme rea la evenimentul în aer liber",
                    "Bad weather at the outdoor event",
                ),
                _m(
                    "Esőhelyszín a kultúrotthonban",
                    "Locație de rezervă în căminul cultural",
                    "Rain venue in the community hall",
                ),
            ),
        ],
    },
    "reading": {
        "area": _m(
            "Könyvtár és olvasáskultúra", "Biblioteci și cultura lecturii", "Libraries and reading"
        ),
        "theme": _m(
            "Hozzáférés a könyvhöz és a tudáshoz minden településen",
            "Acces la carte și cunoaștere în fiecare localitate",
            "Access to books and knowledge in every settlement",
        ),
        "activities": [
            _m(
                "Állománybővítés a felhasználók kérései szerint",
                "Completarea fondului de carte la cererea cititorilor",
                "New books chosen with the readers",
            ),
            _m(
                "Rendszeres kölcsönzési pontok a falvakban",
                "Puncte regulate de împrumut în sate",
                "Regular lending points in the villages",
            ),
            _m(
                "Felolvasóestek helyi szerzőkkel",
                "Seri de lectură cu autori locali",
                "Reading evenings with local authors",
            ),
            _m(
                "Digitális készségek idősebbeknek",
                "Competențe digitale pentru vârstnici",
                "Digital skills for older people",
            ),
            _m(
                "Önkéntes könyvtárosok képzése",
                "Formarea bibliotecarilor voluntari",
                "Training volunteer librarians",
            ),
            _m(
                "Akadálymentes bejárat és olvasósarok",
                "Acces fără bariere și colț de lectură",
                "Step-free entrance and reading corner",
            ),
        ],
        "main_event": _m(
            "Az olvasóhely megnyitása",
            "Deschiderea punctului de lectură",
            "Opening of the reading point",
        ),
        "indicators": [
            (_m("Új olvasók", "Cititori noi", "New readers"), "fő", 150),
            (_m("Kölcsönzések évente", "Împrumuturi pe an", "Loans per year"), "db", 2400),
            (_m("Kiszolgált települések", "Localități deservite", "Settlements served"), "db", 8),
            (_m("Felolvasóestek", "Seri de lectură", "Reading evenings"), "alkalom", 10),
        ],
        "risks": [
            (
                _m("Az önkéntesek lemorzsolódnak", "Voluntarii renunță", "Volunteers drop out"),
                _m(
                    "Önkéntes-koordinátor és elismerési program",
                    "Coordonator de voluntari și program de recunoaștere",
                    "A volunteer coordinator and recognition",
                ),
            ),
            (
                _m(
                    "A jármű fenntartása drága",
                    "Întreținerea vehiculului e costisitoare",
                    "The vehicle is costly to run",
                ),
                _m(
                    "Közös fenntartás a kistérség önkormányzataival",
                    "Întreținere comună cu primăriile din zonă",
                    "Shared running costs with the area's councils",
                ),
            ),
            (
                _m("Alacsony érdeklődés", "Interes scăzut", "Low interest"),
                _m(
                    "Programok a helyi igények felmérése alapján",
                    "Programe pe baza unei consultări locale",
                    "Programmes based on a local survey",
                ),
            ),
        ],
    },
    "stage": {
        "area": _m(
            "Előadó-művészet és fesztiválok",
            "Arte spectacolului și festivaluri",
            "Performing arts and festivals",
        ),
        "theme": _m(
            "Élő előadások és közösségi ünnepek a vidéki településeken",
            "Spectacole și sărbători comunitare în localitățile rurale",
            "Live performances and community festivals in rural places",
        ),
        "activities": [
            _m(
                "Műsorterv és fellépők kiválasztása",
                "Program artistic și selecția artiștilor",
                "Programme and choice of performers",
            ),
            _m(
                "Színpadtechnika beszerzése",
                "Achiziția echipamentelor de scenă",
                "Buying stage equipment",
            ),
            _m(
                "Ifjúsági műhely rendezővel",
                "Atelier pentru tineri cu un regizor",
                "Youth workshop with a director",
            ),
            _m(
                "Kétnyelvű kommunikáció és plakátok",
                "Comunicare și afișe bilingve",
                "Bilingual communication and posters",
            ),
            _m(
                "Vendégjáték a szomszédos településeken",
                "Turneu în localitățile vecine",
                "Touring the neighbouring settlements",
            ),
            _m(
                "Közönségfelmérés az előadások után",
                "Sondaj de public după spectacole",
                "Audience survey after the shows",
            ),
        ],
        "main_event": _m("Bemutató előadás", "Premieră", "Premiere"),
        "indicators": [
            (_m("Előadások", "Spectacole", "Performances"), "alkalom", 12),
            (_m("Nézők", "Spectatori", "Audience"), "fő", 2000),
            (
                _m("Bevont fiatal alkotók", "Tineri creatori implicați", "Young artists involved"),
                "fő",
                25,
            ),
            (_m("Partnertelepülések", "Localități partenere", "Partner settlements"), "db", 5),
        ],
        "risks": [
            (
                _m("A fellépők lemondanak", "Artiștii anulează", "Performers cancel"),
                _m(
                    "Tartaléklista és korai szerződés",
                    "Listă de rezervă și contracte din timp",
                    "Reserve list and early contracts",
                ),
            ),
            (
                _m("Drágul a technika", "Echipamentele se scumpesc", "Equipment prices rise"),
                _m(
                    "Közös eszközpark a kistérségben",
                    "Parc comun de echipamente în zonă",
                    "Shared equipment pool in the area",
                ),
            ),
            (
                _m("Kevés néző", "Public puțin", "Small audiences"),
                _m(
                    "Esti kulturális járat a falvakból",
                    "Transport cultural de seară din sate",
                    "Evening culture bus from the villages",
                ),
            ),
        ],
    },
    "community": {
        "area": _m(
            "Közösségi kultúra és képzés",
            "Cultură comunitară și formare",
            "Community culture and training",
        ),
        "theme": _m(
            "Erős helyi kulturális szervezetek és terek",
            "Organizații și spații culturale locale puternice",
            "Strong local cultural organisations and venues",
        ),
        "activities": [
            _m(
                "Igényfelmérés a település lakóival",
                "Consultarea locuitorilor",
                "Needs survey with the residents",
            ),
            _m(
                "A kultúrotthon felújítása és berendezése",
                "Renovarea și dotarea căminului cultural",
                "Renovating and equipping the community hall",
            ),
            _m(
                "Pályázatíró és szervezői képzés",
                "Curs de scriere de proiecte și organizare",
                "Grant writing and organising course",
            ),
            _m(
                "Közös programnaptár a kistérségben",
                "Calendar comun de evenimente în zonă",
                "Shared events calendar for the area",
            ),
            _m(
                "Kétnyelvű közösségi programsorozat",
                "Serie de programe comunitare bilingve",
                "Bilingual community programme series",
            ),
            _m(
                "Mentorprogram kezdő szervezeteknek",
                "Mentorat pentru organizațiile începătoare",
                "Mentoring for new organisations",
            ),
        ],
        "main_event": _m("Közösségi nap", "Zi comunitară", "Community day"),
        "indicators": [
            (_m("Képzett szervezők", "Organizatori formați", "Organisers trained"), "fő", 30),
            (_m("Közösségi események", "Evenimente comunitare", "Community events"), "alkalom", 20),
            (_m("Beadott pályázatok", "Proiecte depuse", "Grant applications filed"), "db", 12),
            (_m("Felújított terek", "Spații renovate", "Venues renovated"), "db", 1),
        ],
        "risks": [
            (
                _m(
                    "Az önrész nem áll rendelkezésre",
                    "Contribuția proprie lipsește",
                    "Own contribution is missing",
                ),
                _m(
                    "Önkormányzati határozat a projekt elején",
                    "Hotărâre de consiliu la începutul proiectului",
                    "A council decision at the start",
                ),
            ),
            (
                _m(
                    "Energiaárak emelkedése",
                    "Creșterea prețurilor la energie",
                    "Rising energy prices",
                ),
                _m(
                    "Szigetelés és napelemek a felújításban",
                    "Izolare și panouri solare în renovare",
                    "Insulation and solar panels in the renovation",
                ),
            ),
            (
                _m("Kevés önkéntes", "Puțini voluntari", "Few volunteers"),
                _m(
                    "Együttműködés az ifjúsági szervezetekkel",
                    "Colaborare cu organizațiile de tineret",
                    "Working with youth organisations",
                ),
            ),
        ],
    },
}

PARTNER_ROLES = [
    _m("társszervező", "co-organizator", "co-organiser"),
    _m("helyszín biztosítása", "asigură locația", "provides the venue"),
    _m("kommunikáció és toborzás", "comunicare și recrutare", "communication and recruiting"),
    _m("szakmai háttér", "expertiză", "expertise"),
    _m("önkéntesek szervezése", "coordonarea voluntarilor", "coordinating volunteers"),
]
KICK_OFF = _m(
    "Nyitó megbeszélés a partnerekkel",
    "Întâlnire de lansare cu partenerii",
    "Kick-off with the partners",
)
CLOSING = _m("Zárójelentés és elszámolás", "Raport final și decont", "Final report and accounts")
# Share of the planned budget that is secured, by maturity.
SECURED_SHARE = {
    Project.Maturity.IDEA: (0, 0),
    Project.Maturity.CONCEPT: (0, 15),
    Project.Maturity.READY: (10, 35),
    Project.Maturity.APPLIED: (25, 50),
    Project.Maturity.FUNDED: (85, 100),
    Project.Maturity.RUNNING: (100, 100),
    Project.Maturity.COMPLETED: (100, 100),
    Project.Maturity.DROPPED: (0, 0),
}
SOURCE_MIXES = [
    ("own", "county", "local"),
    ("own", "county", "eu"),
    ("local", "county", "national"),
    ("own", "private", "county"),
    ("own", "eu", "national"),
]


def _pick(rng: random.Random, pool: list, low: int, high: int) -> list:
    return rng.sample(pool, min(len(pool), rng.randint(low, high)))


def _bullets(items: list[dict[str, str]]) -> dict[str, str]:
    return {code: "\n".join(f"– {item[code]}" for item in items) for code in ("hu", "ro", "en")}


def _month_start(day: dt.date) -> dt.date:
    return day.replace(day=1)


def _split(total: Decimal, parts: int, rng: random.Random) -> list[Decimal]:
    """`total` in `parts` amounts rounded to 1,000 that add up to it exactly."""
    weights = [rng.randint(2, 6) for _ in range(parts)]
    amounts = [
        (total * weight / sum(weights) / 1000).quantize(Decimal(1)) * 1000 for weight in weights
    ]
    amounts[0] += total - sum(amounts)
    return amounts


def write_project_cards(generator) -> None:
    rng = random.Random(f"{generator.seed}-project-cards")
    milestones, lines, risks, indicators, roles = [], [], [], [], []
    targets = Project.target_groups.through
    synergies = Project.synergy_projects.through
    target_rows, synergy_rows = [], []
    by_family: dict[str, list[Project]] = {}
    updated = []
    for project, _origins, _partners, _settlements, template in generator.project_plans:
        family_key = FAMILY_OF_DOMAIN.get(template.domains[0], "community")
        family = FAMILIES[family_key]
        chosen = _pick(rng, family["activities"], 3, 5)
        project.development_area = family["area"]
        project.programme_theme = family["theme"]
        project.activities = _bullets(chosen)
        project.presentation_ideas = _m(
            "Bemutatás a megyei kulturális fórumon és a helyi sajtóban.",
            "Prezentare la forumul cultural județean și în presa locală.",
            "Presented at the county culture forum and in the local press.",
        )
        project.financing = _m(
            "Vegyes finanszírozás: önrész, önkormányzati és pályázati források.",
            "Finanțare mixtă: contribuție proprie, fonduri locale și granturi.",
            "Mixed financing: own contribution, local funds and grants.",
        )
        project.responsible_body = (
            project.lead_organisation.name if project.lead_organisation else {}
        )
        start = _month_start(project.created_at.date() + dt.timedelta(days=rng.randint(45, 200)))
        months = rng.choice([6, 9, 12, 18, 24])
        end = _month_start(start + dt.timedelta(days=31 * months)) - dt.timedelta(days=1)
        project.start_date, project.end_date = start, end
        updated.append(project)
        by_family.setdefault(family_key, []).append(project)

        milestones += [
            Milestone(project=project, date=start + dt.timedelta(days=14), name=KICK_OFF),
            Milestone(
                project=project,
                date=start + (end - start) * rng.randint(5, 8) // 10,
                name=family["main_event"],
            ),
            Milestone(project=project, date=end, name=CLOSING),
        ]
        total = project.budget_total or Decimal(50000)
        years = list(range(start.year, end.year + 1))
        sources = rng.choice(SOURCE_MIXES)[: rng.randint(2, 3)]
        cells = [(year, source) for year in years for source in sources]
        low, high = SECURED_SHARE[project.maturity]
        for (year, source), planned in zip(cells, _split(total, len(cells), rng), strict=True):
            share = Decimal(rng.randint(low, high)) / 100
            secured = (
                planned if source == "own" and high else (planned * share).quantize(Decimal(1))
            )
            lines.append(
                BudgetLine(
                    project=project,
                    year=year,
                    source=source,
                    planned=planned,
                    secured=min(secured, planned),
                )
            )
        scale = max(Decimal("0.5"), min(Decimal(4), total / Decimal(400000)))
        for position, (name, unit, base) in enumerate(_pick(rng, family["indicators"], 2, 3)):
            target = (Decimal(base) * scale * Decimal(rng.randint(70, 130)) / 100).quantize(
                Decimal(1)
            )
            indicators.append(
                OutputIndicator(
                    project=project,
                    name=name,
                    unit=unit,
                    target=max(target, Decimal(1)),
                    position=position,
                )
            )
        for position, (description, mitigation) in enumerate(_pick(rng, family["risks"], 1, 3)):
            risks.append(
                Risk(
                    project=project,
                    description=description,
                    mitigation=mitigation,
                    position=position,
                )
            )
        target_rows += [
            targets(project_id=project.pk, taxonomyterm_id=generator.term("target_group", slug).pk)
            for slug in template.targets
        ]
    for members in by_family.values():
        # Some projects of one theme work together (no project with itself).
        for project in members:
            others = [p for p in members if p.pk != project.pk]
            if others and rng.random() < 0.35:
                partner = rng.choice(others)
                synergy_rows.append(synergies(from_project_id=project.pk, to_project_id=partner.pk))
                project.synergies = _m(
                    f"Közös programok és eszközök a(z) {partner.code} projekttel.",
                    f"Programe și echipamente comune cu proiectul {partner.code}.",
                    f"Shared programmes and equipment with project {partner.code}.",
                )
    Project.objects.bulk_update(
        updated,
        [
            "development_area",
            "programme_theme",
            "activities",
            "presentation_ideas",
            "financing",
            "responsible_body",
            "start_date",
            "end_date",
            "synergies",
        ],
        batch_size=500,
    )
    for partnership in ProjectPartner.objects.filter(project__process=generator.process).order_by(
        "pk"
    ):
        partnership.role = rng.choice(PARTNER_ROLES)
        roles.append(partnership)
    ProjectPartner.objects.bulk_update(roles, ["role"], batch_size=500)
    for model, rows in (
        (Milestone, milestones),
        (BudgetLine, lines),
        (Risk, risks),
        (OutputIndicator, indicators),
        (targets, target_rows),
        (synergies, synergy_rows),
    ):
        model.objects.bulk_create(rows, batch_size=1000)
