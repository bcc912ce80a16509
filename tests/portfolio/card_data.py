"""POST data of the full card editor (the form and its formsets), for the card tests."""

from __future__ import annotations

PREFIXES = ("partners", "milestones", "budget", "risks", "indicators")


def rows(prefix: str, *items: dict, initial: int = 0) -> dict:
    data = {f"{prefix}-TOTAL_FORMS": str(len(items)), f"{prefix}-INITIAL_FORMS": str(initial)}
    for index, item in enumerate(items):
        for name, value in item.items():
            data[f"{prefix}-{index}-{name}"] = value
    return data


def full_card(project, **changes) -> dict:
    """The card with every part filled in; `changes` replace single POST keys."""
    data = {
        "version": project.version,
        "title_hu": "Csíki néptánctábor",
        "title_ro": "Tabăra de dansuri populare din Ciuc",
        "title_en": "",
        "development_area_hu": "Közösségi kultúra",
        "programme_theme_hu": "Hagyományőrzés",
        "summary_hu": "Nyári tábor gyerekeknek.",
        "objectives_hu": "Átadni a néptáncot.",
        "rationale_ro": "Lipsesc taberele.",
        "activities_hu": "Tánctanítás, zenekari próbák, gálaműsor.",
        "expected_results_en": "60 children",
        "synergies_hu": "A táncház-sorozattal közösen.",
        "financing_hu": "Megyei pályázat és önrész.",
        "responsible_body_hu": "Csíki Hagyományőrző Egyesület",
        "presentation_ideas_hu": "Gálaműsor a főtéren.",
        "related_proposals_hu": "Néptáncoktatás a falvakban.",
        "lead_organisation": project.lead_organisation_id or "",
        "start_date": "2027-03-01",
        "end_date": "2028-10-31",
        "budget_total": "120000",
        "currency": "RON",
        "private_notes": "Az igazgató telefonszáma a titkárságon.",
        **rows(
            "milestones",
            {"date": "2027-06-01", "name_hu": "Jelentkezés lezárul"},
            {"date": "2027-07-15", "name_hu": "Gálaműsor", "name_ro": "Spectacol de gală"},
        ),
        **rows(
            "budget",
            {"year": "2027", "source": "own", "planned": "20000", "secured": "20000"},
            {"year": "2027", "source": "county", "planned": "60000", "secured": "30000"},
            {"year": "2028", "source": "eu", "planned": "40000", "secured": ""},
        ),
        **rows(
            "risks", {"description_hu": "Kevés jelentkező", "mitigation_hu": "Iskolai toborzás"}
        ),
        **rows("indicators", {"name_hu": "Résztvevő gyerekek", "unit": "fő", "target": "60"}),
        **rows("partners"),
    }
    data.update(changes)
    return data
