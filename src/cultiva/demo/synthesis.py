"""Demo content for the synthesis tools: an opinion poll with planted groups, duplicate twins.

Called by `cultiva.demo.generator` as its last step, with the generator (its people, process,
settlements, terms, `now` and seed). Everything comes from a random stream of its own
(`random.Random(f"{seed}:synthesis")`), so the rest of the demo is the same as without it.

- The poll "Mire költsön a megye a kultúrában?" has `POLL_STATEMENTS` (Hungarian and Romanian).
  Most demo people belong to one of three opinion groups (`GROUPS`: heritage first, young and
  contemporary, villages and living together); each statement says how each group leans, and
  votes follow that lean with some noise, plus a share of people who vote at random. The poll
  stays open, and the demo member account has not voted yet, so a member can try it. Two
  statements proposed by participants wait for moderation. The opinion map is computed once.
- `TWINS`: ideas sent in twice, once in Hungarian and once in Romanian by different people, so
  the duplicate queue has cross-language pairs once the background worker has embedded them.
- `EXPECTED_THEMES`: two themes the county office described on the theme board before the
  first clustering run, so the board shows them and the first run starts from them.
"""

from __future__ import annotations

import datetime as dt
import random

from cultiva.accounts.models import User
from cultiva.ideas.models import Contribution
from cultiva.synthesis.models import (
    Conversation,
    OpinionAnalysis,
    OpinionVote,
    Statement,
    Theme,
)

POLL_TITLE = "Mire költsön a megye a kultúrában? / Pe ce să cheltuiască județul în cultură?"
POLL_DESCRIPTION = (
    "Szavazzon az állításokra: egyetért, nem ért egyet vagy bizonytalan. Saját állítást is "
    "javasolhat.\n\n"
    "Votați afirmațiile: de acord, dezacord sau nesigur. Puteți propune și o afirmație proprie."
)
# Days after the demo's BASE_DATE when the poll opened, and how long votes kept coming.
POLL_OPENS_AFTER = dt.timedelta(days=14, hours=10)
POLL_VOTING_DAYS = 60

# The planted opinion groups (name for the reader only) and who tends to belong to them:
# the share among Hungarian- and Romanian-speaking demo people.
GROUPS = ("heritage first", "young and contemporary", "villages and living together")
GROUP_SHARE = {"hu": (0.44, 0.36, 0.2), "ro": (0.15, 0.25, 0.6)}
# People voting without a group's lean (random votes), and people who do not vote at all.
NOISE_SHARE = 0.08
ABSTAIN_SHARE = 0.12
VOTES_PER_PERSON = (11, 20)

# How a group leans on a statement: (agree, disagree, pass) probabilities.
LEAN = {
    "+": (0.84, 0.08, 0.08),
    "-": (0.08, 0.82, 0.10),
    "0": (0.34, 0.30, 0.36),
}

# (text, language, lean of each group in GROUPS order)
POLL_STATEMENTS: tuple[tuple[str, str, str], ...] = (
    (
        "A megyei kulturális pénzek nagyobb része műemlék templomok, kúriák és kastélyok "
        "felújítására menjen.",
        "hu",
        "+--",
    ),
    (
        "A népzene és a néptánc tanítása minden iskolában legyen támogatott délutáni program.",
        "hu",
        "+-0",
    ),
    (
        "Kortárs művészeti fesztiválokra és rezidenciaprogramokra több pénz kell, mint eddig.",
        "hu",
        "-+-",
    ),
    (
        "A fiatalok a digitális kultúrában élnek: a megye támogasson játékfejlesztő, "
        "filmes és zenei stúdiókat.",
        "hu",
        "-+0",
    ),
    (
        "Egy nagy, turistákat vonzó fesztivál többet ér a megyének, mint sok kis falunap.",
        "hu",
        "0+-",
    ),
    (
        "A falusi kultúrotthonok fűtése és felújítása fontosabb, mint bármilyen új rendezvény.",
        "hu",
        "0-+",
    ),
    (
        "A pályázati kiírások és az eredmények legyenek nyilvánosak és érthetőek.",
        "hu",
        "+++",
    ),
    (
        "A székely hagyományok ápolása a kultúrpolitika első feladata.",
        "hu",
        "+-0",
    ),
    (
        "Kétnyelvű (magyar–román) rendezvényeket kell támogatni, hogy a közösségek találkozzanak.",
        "hu",
        "-0+",
    ),
    (
        "A könyvtárakból közösségi terek legyenek, ahol a fiatalok esténként is összejöhetnek.",
        "hu",
        "0++",
    ),
    (
        "Az önkéntes kulturális egyesületek kapjanak alapműködési támogatást, ne csak "
        "projektpénzt.",
        "hu",
        "+++",
    ),
    (
        "A kortárs építészet és design ne kapjon megyei pénzt, amíg a régi épületek romlanak.",
        "hu",
        "+--",
    ),
    (
        "Mozgókönyvtár és vándorszínház vigye el a kultúrát a legkisebb falvakba is.",
        "hu",
        "0-+",
    ),
    (
        "Județul să finanțeze mai multe evenimente culturale bilingve, în română și maghiară.",
        "ro",
        "-0+",
    ),
    (
        "Comunitățile românești mici din județ au nevoie de sprijin pentru bibliotecile și "
        "căminele culturale.",
        "ro",
        "0-+",
    ),
    (
        "Banii pentru cultură trebuie să ajungă mai ales la tineri: ateliere de artă "
        "contemporană, muzică, film.",
        "ro",
        "-+0",
    ),
    (
        "Restaurarea bisericilor și conacelor vechi este cea mai bună investiție culturală.",
        "ro",
        "+--",
    ),
    (
        "Apelurile de proiecte ar trebui simplificate, ca asociațiile mici să poată aplica "
        "fără consultanți.",
        "ro",
        "+++",
    ),
    (
        "Un festival mare, cunoscut în toată țara, ar aduce mai mulți turiști decât "
        "multe evenimente mici.",
        "ro",
        "0+-",
    ),
    (
        "Tradițiile populare sunt deja bine finanțate; banii noi să meargă spre cultura digitală.",
        "ro",
        "-+-",
    ),
)

# Proposed by participants, waiting for a facilitator's moderation.
PENDING_STATEMENTS: tuple[tuple[str, str], ...] = (
    (
        "A kulturális programokról egyetlen közös, kétnyelvű megyei naptár tájékoztasson.",
        "hu",
    ),
    (
        "Ar trebui să existe burse pentru tinerii artiști care rămân să lucreze în județ.",
        "ro",
    ),
)

# Cross-language duplicates: (settlement SIRUTA, kind, domains, targets, Hungarian
# (title, body), Romanian (title, body)).
Twin = tuple[int, str, tuple[str, ...], tuple[str, ...], tuple[str, str], tuple[str, str]]
TWINS: tuple[Twin, ...] = (
    (
        83320,
        "idea",
        ("museums", "cultural-tourism"),
        ("tourists", "people-with-disabilities"),
        (
            "Kétnyelvű hangos tárlatvezető alkalmazás a Csíki Székely Múzeumban",
            "A Mikó-várban a feliratok nagy része csak egy nyelven olvasható. Egy telefonos "
            "alkalmazás magyarul és románul (később angolul is) elmesélné a kiállított "
            "tárgyak történetét, a gyengénlátó látogatók pedig végighallgathatnák a teljes "
            "tárlatot.",
        ),
        (
            "Aplicație de ghid audio bilingv la Muzeul Secuiesc al Ciucului",
            "În Cetatea Mikó majoritatea textelor din expoziție sunt într-o singură limbă. O "
            "aplicație pe telefon, în maghiară și română (mai târziu și în engleză), ar "
            "povesti istoria obiectelor expuse, iar vizitatorii cu deficiențe de vedere ar "
            "putea asculta întreaga expoziție.",
        ),
    ),
    (
        83133,
        "idea",
        ("visual-arts",),
        ("youth",),
        (
            "Legális graffitifal a fiataloknak a sportcsarnok mellett",
            "A fiatalok most engedély nélkül festenek a házfalakra. Jelöljünk ki egy hosszú "
            "falat a sportcsarnok mellett, ahol legálisan graffitizhetnek, és évente egyszer "
            "graffitifesztivált is rendezhetnénk.",
        ),
        (
            "Perete legal de graffiti pentru tineri lângă sala de sport",
            "Acum tinerii pictează fără permisiune pe pereții caselor. Să desemnăm un perete "
            "lung lângă sala de sport unde să poată face graffiti legal, iar o dată pe an am "
            "putea organiza și un festival de graffiti.",
        ),
    ),
    (
        84175,
        "idea",
        ("community-culture", "folk-traditions"),
        ("families", "rural-communities"),
        (
            "Közösségi kemence és kenyérsütő nap a falu közepén",
            "Építsünk közösen egy kemencét a templom melletti téren. Havonta egyszer "
            "kenyérsütő napot tartanánk, ahol az idősek megtanítják a fiataloknak a régi "
            "recepteket, a kenyeret pedig együtt fogyasztanánk el.",
        ),
        (
            "Cuptor comunitar și zi de copt pâine în centrul satului",
            "Să construim împreună un cuptor pe piațeta de lângă biserică. O dată pe lună am "
            "organiza o zi de copt pâine, în care vârstnicii îi învață pe tineri rețetele "
            "vechi, iar pâinea o mâncăm împreună.",
        ),
    ),
    (
        83561,
        "idea",
        ("visual-arts", "festivals"),
        ("youth", "families"),
        (
            "Nyári szabadtéri mozi a főtéren, helyi rövidfilmekkel",
            "Júliusban és augusztusban minden pénteken este vetítsünk filmet a főtéren. A "
            "film előtt a környékbeli fiatal filmesek rövidfilmjeit mutatnánk be, a "
            "belépés ingyenes lenne.",
        ),
        (
            "Cinema în aer liber vara în piața centrală, cu scurtmetraje locale",
            "În iulie și august să proiectăm în fiecare vineri seara un film în piața "
            "centrală. Înainte de film am prezenta scurtmetrajele tinerilor cineaști din "
            "zonă, cu intrare liberă.",
        ),
    ),
    (
        83320,
        "idea",
        ("music", "creative-industries"),
        ("youth", "professionals"),
        (
            "Podcast a megye zenekarairól és kórusairól",
            "Havonta egy podcastepizódban mutatnánk be egy helyi zenekart vagy kórust: "
            "beszélgetés a tagokkal és élő felvétel a próbáról. Az epizódok ingyen "
            "meghallgathatók lennének.",
        ),
        (
            "Podcast despre formațiile și corurile din județ",
            "În fiecare lună, un episod de podcast ar prezenta o formație sau un cor local: o "
            "discuție cu membrii și o înregistrare live de la repetiție. Episoadele ar putea fi "
            "ascultate gratuit.",
        ),
    ),
)


# (name, what belongs in it) as a facilitator types them on the board.
EXPECTED_THEMES: tuple[tuple[str, str], ...] = (
    (
        "Könyvtárak és olvasás / Biblioteci și lectură",
        "A falusi és városi könyvtárak nyitvatartása, elérhetősége és programjai, az olvasás "
        "népszerűsítése. Programul, accesul și activitățile bibliotecilor, promovarea lecturii.",
    ),
    (
        "Kultúrotthonok és felszerelés / Cămine culturale și dotări",
        "A kultúrotthonok állapota, fűtése, színpada és hangtechnikája, próbatermek. Starea "
        "căminelor culturale, încălzirea, scena și sonorizarea, sălile de repetiții.",
    ),
)


def expected_themes(generator) -> list[Theme]:
    """The described themes, unsaved, in board order."""
    return [
        Theme(
            process=generator.process,
            # "Hungarian name / Romanian name": one version per language.
            label=dict(zip(("hu", "ro"), label.split(" / "), strict=True)),
            language="hu",
            label_is_custom=True,
            description={"hu": description},
            position=position,
        )
        for position, (label, description) in enumerate(EXPECTED_THEMES)
    ]


def _rng(seed: int) -> random.Random:
    return random.Random(f"{seed}:synthesis")


def plan_twins(generator) -> list[Contribution]:
    """The twin contributions (not yet written), Hungarian first, each twin a few days later."""
    rng = _rng(generator.seed)
    hu_people = [p for p in generator.people if p.preferred_language == "hu"] or generator.people
    ro_people = [p for p in generator.people if p.preferred_language == "ro"] or generator.people
    by_siruta = generator.by_siruta
    fallback = generator.settlements[0]
    made: list[Contribution] = []
    generator.twin_m2m = []
    base = generator.poll_base_time
    for index, (siruta, kind, domains, targets, hu, ro) in enumerate(TWINS):
        settlement = by_siruta.get(siruta, fallback)
        first_at = base - dt.timedelta(days=rng.randint(5, 12), hours=rng.randint(0, 8))
        second_at = first_at + dt.timedelta(days=rng.randint(2, 9), minutes=rng.randint(0, 600))
        for language, (title, body), people, created in (
            ("hu", hu, hu_people, first_at),
            ("ro", ro, ro_people, second_at),
        ):
            made.append(
                Contribution(
                    process=generator.process,
                    kind=kind,
                    title=title,
                    body=body,
                    language=language,
                    author=rng.choice(people),
                    source=Contribution.Source.ONLINE,
                    status=Contribution.Status.SUBMITTED,
                    time_horizon=Contribution.TimeHorizon.values[index % 3],
                    created_at=created,
                    submitted_at=created + dt.timedelta(minutes=rng.randint(1, 30)),
                    updated_at=created,
                )
            )
            generator.twin_m2m.append(
                (
                    [generator.term("domain", slug) for slug in domains],
                    [settlement],
                    [generator.term("target_group", slug) for slug in targets],
                )
            )
    return made


def plan_poll(generator) -> tuple[Conversation, list[Statement], list[tuple[int, User, int]]]:
    """The poll, its statements, and votes as (statement index, voter, value)."""
    rng = _rng(generator.seed + 1)
    opens = generator.poll_base_time
    conversation = Conversation(
        process=generator.process,
        title=POLL_TITLE,
        description=POLL_DESCRIPTION,
        source=Conversation.Source.STATEMENTS,
        is_open=True,
        allow_statements=True,
        created_by=generator.demo_users["facilitator"],
        created_at=opens - dt.timedelta(hours=2),
    )
    statements = [
        Statement(
            conversation=conversation,
            text={language: text},
            language=language,
            author=generator.demo_users["facilitator"],
            moderation=Statement.Moderation.ACCEPTED,
            created_at=opens - dt.timedelta(hours=1, minutes=len(POLL_STATEMENTS) - number),
        )
        for number, (text, language, _lean) in enumerate(POLL_STATEMENTS)
    ]
    voters = [p for p in generator.people if rng.random() >= ABSTAIN_SHARE]
    votes: list[tuple[int, User, int]] = []
    values = (1, -1, 0)
    generator.poll_groups = {}
    for person in voters:
        shares = GROUP_SHARE.get(person.preferred_language, GROUP_SHARE["hu"])
        group = (
            None
            if rng.random() < NOISE_SHARE
            else rng.choices(range(len(GROUPS)), weights=shares)[0]
        )
        generator.poll_groups[person.pk] = group
        count = rng.randint(*VOTES_PER_PERSON)
        for index in sorted(rng.sample(range(len(POLL_STATEMENTS)), count)):
            if group is None:
                value = rng.choice(values)
            else:
                lean = POLL_STATEMENTS[index][2][group]
                value = rng.choices(values, weights=LEAN[lean])[0]
            votes.append((index, person, value))
    for text, language in PENDING_STATEMENTS:
        speakers = [p for p in voters if p.preferred_language == language] or voters
        statements.append(
            Statement(
                conversation=conversation,
                text={language: text},
                language=language,
                author=rng.choice(speakers),
                moderation=Statement.Moderation.PENDING,
                created_at=min(
                    opens + dt.timedelta(days=rng.randint(3, 20), hours=rng.randint(0, 9)),
                    max(generator.now, opens),
                ),
            )
        )
    return conversation, statements, votes


def vote_time(generator, rng: random.Random) -> dt.datetime:
    """A moment in the voting period, not after the demo's `now` once the poll is open."""
    opens = generator.poll_base_time
    moment = opens + dt.timedelta(minutes=rng.randint(0, POLL_VOTING_DAYS * 24 * 60))
    return min(moment, max(generator.now, opens))


def vote_rows(generator, statements: list[Statement], votes) -> list[OpinionVote]:
    rng = _rng(generator.seed + 2)
    rows = []
    for index, voter, value in votes:
        moment = vote_time(generator, rng)
        rows.append(
            OpinionVote(
                statement=statements[index],
                voter=voter,
                value=value,
                created_at=moment,
                updated_at=moment,
            )
        )
    return rows


def store_analysis(conversation: Conversation) -> int:
    """Compute and keep the opinion map (like `services.opinion.analysis_compute`, but without
    an activity row: the demo records one row for everything). Returns the number of groups."""
    from cultiva.synthesis import opinion
    from cultiva.synthesis.services.opinion import analysis_state, analysis_votes

    count, _latest = analysis_state(conversation)
    result = opinion.analyse(analysis_votes(conversation))
    OpinionAnalysis.objects.create(
        conversation=conversation, vote_count=count, result=opinion.result_to_json(result)
    )
    return result.group_count
