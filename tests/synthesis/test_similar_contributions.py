""" "Similar contributions already exist" while typing: GET synthesis:similar_contributions."""

import pytest
from django.urls import reverse
from django.utils.translation import gettext

from cultiva.ideas.models import Contribution
from tests.factories import make_contribution
from tests.synthesis.dup_helpers import (
    HU_TWIN,
    make_others,
    make_twins,
    real_embedder,  # noqa: F401 - a fixture
    store_embeddings,
    store_vector,
)

S = Contribution.Status


@pytest.fixture(autouse=True)
def _fresh_cache():
    """Lookups are cached and counted per person; ids repeat between tests."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


def _url(world):
    return reverse("synthesis:similar_contributions", args=[world.process.slug])


def _ids(response) -> list[int]:
    import re

    return [int(pk) for pk in re.findall(r'data-contribution="(\d+)"', response.content.decode())]


def test_a_hungarian_text_finds_its_romanian_twin(client, world, real_embedder):  # noqa: F811
    hu, ro = make_twins(world)
    others = make_others(world)
    store_embeddings([ro, *others])
    hu.delete()  # the member is typing it now
    client.force_login(world.member)

    response = client.get(_url(world), {"text": f"{HU_TWIN[0]}\n{HU_TWIN[1]}"})

    assert response.status_code == 200
    found = _ids(response)
    assert found and found[0] == ro.pk
    html = response.content.decode()
    assert f'href="{reverse("ideas:detail", args=[ro.pk])}"' in html
    assert 'lang="ro"' in html
    assert ro.title in html
    assert gettext("Similar contributions already exist") in html
    assert not set(found) & {o.pk for o in others}


def test_anonymous_is_refused(client, world):
    make_contribution(world.process, world.expert, title="Olvasóklub időseknek")
    response = client.get(_url(world), {"text": "Olvasóklub időseknek a könyvtárban"})
    # Refused: sent to sign in, nothing of the process's contributions in the answer.
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))
    assert b"data-contribution" not in response.content


def test_hidden_process_is_404(client, world):
    from tests.factories import make_process, make_user

    hidden = make_process(is_published=False)
    client.force_login(make_user())
    response = client.get(
        reverse("synthesis:similar_contributions", args=[hidden.slug]), {"text": "x" * 40}
    )
    assert response.status_code == 404


@pytest.mark.parametrize("text", ["", "   ", "rövid", "népzene  ", None])
def test_short_or_missing_text_gives_an_empty_box(client, world, text):
    client.force_login(world.member)
    params = {} if text is None else {"text": text}
    response = client.get(_url(world), params)
    assert response.status_code == 200
    assert 'data-count="0"' in response.content.decode()
    assert _ids(response) == []


def test_only_visible_active_contributions_are_suggested(client, world, real_embedder):  # noqa: F811
    visible = make_contribution(world.process, world.expert, title="Látható")
    hidden = make_contribution(world.process, world.expert, title="Rejtett", status=S.HIDDEN)
    draft = make_contribution(world.process, world.expert, title="Piszkozat", status=S.DRAFT)
    merged = make_contribution(world.process, world.expert, title="Összevont", status=S.MERGED)
    # All point the same way as the typed text will: its own vector direction.
    from cultiva.synthesis.selectors.duplicates import query_vector

    text = "Havonta olvasóklub idős embereknek a falusi könyvtárban."
    vector = query_vector(text)
    from cultiva.synthesis import embeddings
    from cultiva.synthesis.models import ContributionEmbedding

    for contribution in (visible, hidden, draft, merged):
        ContributionEmbedding.objects.create(
            contribution=contribution,
            backend=real_embedder.name,
            dimensions=real_embedder.dimensions,
            vector=embeddings.vector_to_bytes(vector),
            text_hash="x" * 64,
        )
    client.force_login(world.member)
    assert _ids(client.get(_url(world), {"text": text})) == [visible.pk]
    # Editing: the contribution itself is not suggested.
    assert _ids(client.get(_url(world), {"text": text, "exclude": visible.pk})) == []


def test_at_most_five_best_first(client, world, real_embedder):  # noqa: F811
    from cultiva.synthesis.selectors.duplicates import query_vector

    text = "Havonta olvasóklub idős embereknek a falusi könyvtárban."
    target = query_vector(text)
    import numpy as np

    from cultiva.synthesis import embeddings
    from cultiva.synthesis.models import ContributionEmbedding

    rng = np.random.default_rng(0)
    made = []
    for i in range(8):
        contribution = make_contribution(world.process, world.expert, title=f"Hasonló {i}")
        noise = rng.normal(size=target.shape).astype(np.float32)
        noise -= noise @ target * target
        noise /= np.linalg.norm(noise)
        vector = target + noise * (0.05 * (i + 1))
        vector /= np.linalg.norm(vector)
        ContributionEmbedding.objects.create(
            contribution=contribution,
            backend=real_embedder.name,
            dimensions=real_embedder.dimensions,
            vector=embeddings.vector_to_bytes(vector),
            text_hash="x" * 64,
        )
        made.append(contribution)
    client.force_login(world.member)
    assert _ids(client.get(_url(world), {"text": text})) == [c.pk for c in made[:5]]


def test_title_with_markup_is_shown_as_text(client, world, real_embedder):  # noqa: F811
    payload = "<img src=x onerror=alert(1)>Olvasó<script>alert(1)</script>klub"
    twin = make_contribution(world.process, world.expert, title=payload)
    store_vector(twin, 0)
    from cultiva.synthesis.selectors import duplicates as selectors

    real = selectors.query_vector
    import numpy as np

    def along_first_axis(text):
        vector = np.zeros(real_embedder.dimensions, dtype=np.float32)
        vector[0] = 1.0
        return vector

    selectors.query_vector = along_first_axis
    try:
        client.force_login(world.member)
        html = client.get(_url(world), {"text": "valami hosszabb szöveg ide"}).content.decode()
    finally:
        selectors.query_vector = real
    assert "<script>alert(1)</script>" not in html
    assert "<img src=x" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_a_failing_embedder_gives_an_empty_box_not_an_error(client, world, monkeypatch):
    from cultiva.synthesis.selectors import duplicates as selectors

    make_contribution(world.process, world.expert)

    def broken(**kwargs):
        raise RuntimeError("model missing")

    monkeypatch.setattr(selectors, "similar_contributions", broken)
    client.force_login(world.member)
    response = client.get(_url(world), {"text": "Havonta olvasóklub idős embereknek"})
    assert response.status_code == 200
    assert 'data-count="0"' in response.content.decode()


def test_rate_limit_answers_with_an_empty_box(client, world, monkeypatch):
    from cultiva.synthesis.selectors import duplicates as selectors
    from cultiva.synthesis.views import duplicates as views

    calls = []

    def counting(**kwargs):
        calls.append(kwargs["text"])
        return []

    monkeypatch.setattr(selectors, "similar_contributions", counting)
    monkeypatch.setattr(views, "SIMILAR_RATE_LIMIT", 3)
    client.force_login(world.member)
    for i in range(5):
        response = client.get(_url(world), {"text": f"Egy elég hosszú szöveg {i}"})
        assert response.status_code == 200
    assert len(calls) == 3


def test_the_form_has_the_live_region(client, world):
    client.force_login(world.member)
    html = client.get(reverse("ideas:create", args=[world.process.slug])).content.decode()
    assert 'aria-live="polite"' in html
    assert f'data-similar-url="{_url(world)}"' in html
    assert "synthesis/similar.js" in html
