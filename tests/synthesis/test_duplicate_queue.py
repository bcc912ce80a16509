"""The duplicate queue: finding pairs (across languages), deciding them, per role, query counts."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils.translation import gettext

from cultiva.ideas.models import Contribution, Support
from cultiva.synthesis.models import ContributionMerge, DuplicateCandidate
from cultiva.synthesis.services.duplicates import contributions_merge, duplicates_find
from tests.factories import make_contribution
from tests.synthesis.dup_helpers import (
    make_others,
    make_pair,
    make_twins,
    real_embedder,  # noqa: F401 - a fixture
    store_embeddings,
    store_vector,
)
from tests.synthesis.theme_helpers import fallback_embedder  # noqa: F401 - a fixture

S = Contribution.Status


def _queue_url(world):
    return reverse("synthesis:duplicate_queue", args=[world.process.slug])


def test_hungarian_idea_and_its_romanian_twin_are_proposed(world, real_embedder):  # noqa: F811
    hu, ro = make_twins(world)
    others = make_others(world)
    store_embeddings([hu, ro, *others])

    assert duplicates_find(world.process, actor=world.facilitator) == 1
    pair = DuplicateCandidate.objects.get()
    assert {pair.first_id, pair.second_id} == {hu.pk, ro.pk}
    assert pair.first_id < pair.second_id
    assert pair.status == DuplicateCandidate.Status.PENDING
    # Running again adds nothing.
    assert duplicates_find(world.process) == 0
    assert DuplicateCandidate.objects.count() == 1


def test_a_decided_pair_is_not_proposed_again(world, real_embedder):  # noqa: F811
    a = make_contribution(world.process, world.member)
    b = make_contribution(world.process, world.member)
    c = make_contribution(world.process, world.member)
    d = make_contribution(world.process, world.member)
    store_vector(a, 0)
    store_vector(b, 0, mix=0.01)
    store_vector(c, 4)
    store_vector(d, 4, mix=0.01)
    assert duplicates_find(world.process) == 2
    first, second = DuplicateCandidate.objects.order_by("first_id")
    client_pairs = {(first.first_id, first.second_id), (second.first_id, second.second_id)}
    assert client_pairs == {(a.pk, b.pk), (c.pk, d.pk)}

    from cultiva.synthesis.services.duplicates import duplicate_dismiss, merge_undo

    duplicate_dismiss(actor=world.facilitator, candidate=first)
    merge = contributions_merge(actor=world.facilitator, kept=c, merged=d, candidate=second)
    assert duplicates_find(world.process) == 0
    # Undoing the merge puts the pair back in the queue, still only once.
    merge_undo(actor=world.facilitator, merge=merge)
    assert duplicates_find(world.process) == 0
    assert DuplicateCandidate.objects.count() == 2
    assert DuplicateCandidate.objects.filter(status="pending").get().pk == second.pk


def test_drafts_hidden_and_merged_are_not_compared(world, real_embedder):  # noqa: F811
    a = make_contribution(world.process, world.member)
    for status in (S.DRAFT, S.HIDDEN, S.WITHDRAWN):
        twin = make_contribution(world.process, world.member, status=status)
        store_vector(twin, 0)
    store_vector(a, 0)
    assert duplicates_find(world.process) == 0


@pytest.mark.parametrize(
    ("role", "status"),
    [
        ("anonymous", 302),
        ("member", 403),
        ("outsider", 403),
        ("expert", 403),
        ("decision_maker", 403),
        ("facilitator", 200),
        ("coordinator", 200),
    ],
)
def test_queue_per_role(client, world, role, status):
    candidate, first, second = make_pair(world)
    if role != "anonymous":
        client.force_login(world.user(role))
    response = client.get(_queue_url(world))
    assert response.status_code == status
    if status == 200:
        html = response.content.decode()
        assert f'data-pair="{candidate.pk}"' in html
        assert first.title in html and second.title in html
    # Nobody but staff can act on the pair either.
    slug = world.process.slug
    merge = client.post(
        reverse("synthesis:duplicate_merge", args=[slug, candidate.pk]), {"keep": first.pk}
    )
    dismiss_status = status if status != 200 else 302
    assert merge.status_code == dismiss_status
    candidate.refresh_from_db()
    expected = "merged" if status == 200 else "pending"
    assert candidate.status == expected


def test_merge_dismiss_and_undo_through_the_queue(client, world):
    slug = world.process.slug
    candidate, first, second = make_pair(world)
    other, third, fourth = make_pair(world, similarity=0.93)
    Support.objects.create(contribution=second, person=world.expert)
    client.force_login(world.facilitator)

    page = client.get(_queue_url(world)).content.decode()
    assert f'data-pair="{candidate.pk}"' in page and f'data-pair="{other.pk}"' in page
    assert 'data-supports="1"' in page

    # Keep the second: the first is merged into it.
    response = client.post(
        reverse("synthesis:duplicate_merge", args=[slug, candidate.pk]), {"keep": second.pk}
    )
    assert response.status_code == 302
    first.refresh_from_db()
    assert first.status == S.MERGED and first.merged_into_id == second.pk

    client.post(reverse("synthesis:duplicate_dismiss", args=[slug, other.pk]))
    other.refresh_from_db()
    assert other.status == DuplicateCandidate.Status.DISMISSED

    page = client.get(_queue_url(world)).content.decode()
    assert "data-pair=" not in page
    merge = ContributionMerge.objects.get()
    assert f'data-merge="{merge.pk}"' in page

    client.post(reverse("synthesis:merge_undo", args=[slug, merge.pk]))
    first.refresh_from_db()
    assert first.status == S.SUBMITTED and first.merged_into_id is None
    page = client.get(_queue_url(world)).content.decode()
    assert f'data-pair="{candidate.pk}"' in page
    assert f'data-merge="{merge.pk}"' not in page


def test_keep_must_be_one_of_the_pair(client, world):
    candidate, first, second = make_pair(world)
    stranger = make_contribution(world.process, world.member)
    client.force_login(world.facilitator)
    response = client.post(
        reverse("synthesis:duplicate_merge", args=[world.process.slug, candidate.pk]),
        {"keep": stranger.pk},
        follow=True,
    )
    assert gettext("Choose one of the two contributions to keep.") in response.content.decode()
    candidate.refresh_from_db()
    assert candidate.status == "pending"
    assert not ContributionMerge.objects.exists()


def test_look_for_duplicates_button(client, world, real_embedder):  # noqa: F811
    hu, ro = make_twins(world)
    store_embeddings([hu, ro])
    client.force_login(world.facilitator)
    response = client.post(
        reverse("synthesis:duplicates_look", args=[world.process.slug]), follow=True
    )
    assert response.status_code == 200
    assert DuplicateCandidate.objects.filter(first=hu, second=ro).exists()
    html = response.content.decode()
    assert f'data-pair="{DuplicateCandidate.objects.get().pk}"' in html
    assert "data-fallback" not in html


def test_pair_of_another_process_is_404(client, world):
    from tests.factories import make_process

    candidate, *_ = make_pair(world)
    other = make_process()
    client.force_login(world.coordinator)
    from cultiva.processes.models import ProcessRole

    ProcessRole.objects.create(process=other, user=world.coordinator, role="coordinator")
    response = client.post(reverse("synthesis:duplicate_dismiss", args=[other.slug, candidate.pk]))
    assert response.status_code == 404


def _count(client, url) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


def test_queue_query_count_does_not_grow(client, world):
    client.force_login(world.facilitator)
    for _ in range(3):
        candidate, first, second = make_pair(world)
        Support.objects.create(contribution=first, person=world.expert)
    merged_pair = make_pair(world)
    contributions_merge(
        actor=world.facilitator,
        kept=merged_pair[1],
        merged=merged_pair[2],
        candidate=merged_pair[0],
    )
    few = _count(client, _queue_url(world))
    for _ in range(15):
        candidate, first, second = make_pair(world)
        Support.objects.create(contribution=second, person=world.expert)
        pair = make_pair(world)
        contributions_merge(actor=world.facilitator, kept=pair[1], merged=pair[2])
    many = _count(client, _queue_url(world))
    assert many == few


def test_word_fallback_finds_copies_and_says_so(client, world, fallback_embedder):  # noqa: F811
    text = ("Falusi könyvtár felújítása", "A községi könyvtár felújítása és új olvasóterem.")
    a = make_contribution(world.process, world.member, title=text[0], body=text[1])
    b = make_contribution(world.process, world.outsider, title=text[0], body=text[1] + " Sürgős!")
    c = make_contribution(world.process, world.expert, title="Néptánctábor", body="Nyári tábor.")
    store_embeddings([a, b, c])
    assert duplicates_find(world.process) == 1
    assert DuplicateCandidate.objects.filter(first=a, second=b).exists()
    client.force_login(world.facilitator)
    assert "data-fallback" in client.get(_queue_url(world)).content.decode()


def test_after_an_embedding_batch_only_new_contributions_are_paired(world, real_embedder):  # noqa: F811
    from cultiva.synthesis.tasks.duplicates import duplicates_find_for_task

    a, b, c, d = (make_contribution(world.process, world.member) for _ in range(4))
    store_vector(a, 0)
    store_vector(b, 0, mix=0.01)
    store_vector(c, 4)
    store_vector(d, 4, mix=0.01)
    result = duplicates_find_for_task.enqueue([b.pk])
    assert result.return_value == 1
    assert list(DuplicateCandidate.objects.values_list("first_id", "second_id")) == [(a.pk, b.pk)]
    assert duplicates_find(world.process, contribution_ids=[a.pk, b.pk]) == 0
    assert duplicates_find(world.process) == 1
    assert DuplicateCandidate.objects.filter(first=c, second=d).exists()


def test_markup_in_a_pair_is_shown_as_text(client, world):
    payload = "<script>alert(1)</script><b>Könyvtár</b>"
    candidate, first, second = make_pair(world)
    Contribution.objects.filter(pk=first.pk).update(title=payload, body=payload)
    client.force_login(world.facilitator)
    html = client.get(_queue_url(world)).content.decode()
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;&lt;b&gt;Könyvtár&lt;/b&gt;" in html


def test_the_same_proposal_for_other_places_is_not_a_duplicate(world):
    from tests.factories import make_settlement

    zetelaka = make_settlement("Zetelaka", "Zetea")
    korond = make_settlement("Korond", "Corund")
    here = make_contribution(world.process, world.member, title="Népviselet a tánccsoportnak")
    there = make_contribution(world.process, world.expert, title="Népviselet a tánccsoportnak")
    copy_there = make_contribution(world.process, world.outsider, title="Népviselet")
    here.settlements.add(zetelaka)
    there.settlements.add(korond)
    copy_there.settlements.add(korond)
    store_vector(here, 0)
    store_vector(there, 0, mix=0.3)  # similar (0.96), but for another village
    store_vector(copy_there, 0)  # a near copy of `here` (1.0), and in the village of `there`

    duplicates_find(world.process)

    pairs = {frozenset((p.first_id, p.second_id)) for p in DuplicateCandidate.objects.all()}
    assert pairs == {
        frozenset((here.pk, copy_there.pk)),  # near copies are proposed wherever they are
        frozenset((there.pk, copy_there.pk)),  # same village, similar text
    }
