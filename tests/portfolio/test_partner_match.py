"""The partner matcher on hand-made rows, with known answers (no database)."""

from __future__ import annotations

from django.utils import translation

from cultiva.portfolio.partner_match import Candidate, Wanted, reason_text, reasons_for, suggest

MUSIC, THEATRE, HERITAGE = 1, 2, 3
NGO, CHURCH = 10, 11
CSIKSZEREDA, CSIKSZENTDOMOKOS, GYERGYO = 100, 101, 200
CSIK, GYERGYO_REGION = 1000, 2000

WANTED = Wanted(
    sector_id=NGO,
    sector_name="civil",
    domains={MUSIC: "zene", THEATRE: "színház"},
    settlement_ids=frozenset({CSIKSZEREDA}),
    micro_region_ids=frozenset({CSIK}),
)


def org(id, name, **kw):
    base = dict(
        sector_id=CHURCH,
        domain_ids=frozenset(),
        settlement_id=GYERGYO,
        settlement_name="Gyergyószentmiklós",
        micro_region_id=GYERGYO_REGION,
        micro_region_name="Gyergyó",
    )
    base.update(kw)
    return Candidate(id=id, name=name, **base)


def test_the_reasons_and_their_points():
    candidate = org(
        1,
        "Csíki Zenei Egyesület",
        sector_id=NGO,
        domain_ids=frozenset({MUSIC, HERITAGE}),
        settlement_id=CSIKSZENTDOMOKOS,
        settlement_name="Csíkszentdomokos",
        micro_region_id=CSIK,
        micro_region_name="Csík",
        contributions_on_topic=3,
        meetings_attended=2,
    )
    reasons = reasons_for(WANTED, candidate)
    assert [(r.kind, r.points) for r in reasons] == [
        ("domains", 3.0),
        ("sector", 2.0),
        ("micro_region", 2.0),
        ("contributions", 3.0),
        ("attendance", 1.0),
    ]
    with translation.override("en"):
        assert [reason_text(r) for r in reasons] == [
            "works in zene",
            "a civil organisation",
            "based in the Csík micro-region",
            "3 contributions on this topic",
            "attended 2 meetings",
        ]


def test_the_settlement_itself_counts_more_than_its_micro_region():
    here = org(
        1, "A", settlement_id=CSIKSZEREDA, settlement_name="Csíkszereda", micro_region_id=CSIK
    )
    reasons = reasons_for(WANTED, here)
    assert [(r.kind, r.points, r.names) for r in reasons] == [("settlement", 3.0, ("Csíkszereda",))]


def test_ranking_with_known_answer_ties_by_name_and_caps():
    rows = [
        # 2 domains (6) = 6
        org(1, "Bástya Színház", domain_ids=frozenset({MUSIC, THEATRE})),
        # 1 domain (3) + sector (2) + settlement (3) = 8
        org(
            2,
            "Csíki Zenede",
            sector_id=NGO,
            domain_ids=frozenset({MUSIC}),
            settlement_id=CSIKSZEREDA,
        ),
        # same 6 as #1, sorts after it by name
        org(3, "Zenélő Kör", domain_ids=frozenset({MUSIC, THEATRE})),
        # only activity, no fit with the profile: never suggested
        org(4, "Aktív Egyesület", contributions_on_topic=50, meetings_attended=40),
        # 1 domain (3) + contributions capped at 5 (5) + attendance capped at 4 (2) = 10
        org(
            5,
            "Hargitai Népzene",
            domain_ids=frozenset({MUSIC}),
            contributions_on_topic=9,
            meetings_attended=12,
        ),
        # the lead itself: excluded
        org(6, "Vezető", sector_id=NGO, domain_ids=frozenset({MUSIC, THEATRE})),
    ]
    found = suggest(WANTED, rows, exclude=[6])
    assert [(s.organisation_id, s.score) for s in found] == [
        (5, 10.0),
        (2, 8.0),
        (1, 6.0),
        (3, 6.0),
    ]
    assert suggest(WANTED, rows, exclude=[6], limit=2)[1].organisation_id == 2


def test_an_empty_profile_suggests_by_nothing():
    assert suggest(Wanted(), [org(1, "A", domain_ids=frozenset({MUSIC}))]) == []


def test_reasons_text_joins_them():
    found = suggest(WANTED, [org(1, "A", domain_ids=frozenset({MUSIC}), meetings_attended=1)])
    with translation.override("en"):
        assert found[0].reasons_text == "works in zene; attended 1 meeting"
