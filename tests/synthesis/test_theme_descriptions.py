"""Themes people describe before or between runs: services, runs that keep them, pages."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils.translation import gettext, override

from cultiva.core.models import ActivityLog
from cultiva.synthesis.models import ClusteringRun, Theme, ThemeMembership
from cultiva.synthesis.services import themes as services
from tests.synthesis.theme_helpers import fallback_embedder, make_themed_contributions  # noqa: F401

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("fallback_embedder")]

LIBRARY = (
    "Könyvtárak és olvasás / Biblioteci și lectură",
    "Községi könyvtárak, könyvek, olvasóterem és az olvasás. "
    "Bibliotecile comunale, cărți, sala de lectură și lectura.",
)


def run(world, capture, **kw) -> ClusteringRun:
    with capture(execute=True):
        started = services.clustering_run_start(
            actor=world.facilitator, process=world.process, **kw
        )
    started.refresh_from_db()
    assert started.status == ClusteringRun.Status.DONE, started.error
    return started


def describe_library(world) -> Theme:
    label, description = LIBRARY
    return services.theme_create(
        actor=world.facilitator, process=world.process, label=label, description=description
    )


def test_a_theme_described_before_the_first_run_gathers_its_contributions(
    world, django_capture_on_commit_callbacks
):
    themed = make_themed_contributions(world.process, world.member)
    library = describe_library(world)
    assert library.label_is_custom and not library.memberships.exists()
    entry = ActivityLog.objects.get(verb="theme.created")
    assert entry.changes["label"] == {"hu": "Könyvtárak és olvasás", "ro": "Biblioteci și lectură"}

    run(world, django_capture_on_commit_callbacks, n_themes=3)
    library.refresh_from_db()  # the same theme, its name and description kept
    assert library.label == entry.changes["label"]
    assert list(library.description.values()) == [LIBRARY[1]]
    gathered = set(library.memberships.values_list("contribution_id", flat=True))
    assert len(gathered & {c.pk for c in themed["library"]}) >= 5
    assert Theme.objects.filter(process=world.process).count() == 3
    assert ThemeMembership.objects.filter(theme__process=world.process).count() == 18


def test_a_described_theme_stays_through_runs_even_when_nothing_joins_it(
    world, django_capture_on_commit_callbacks
):
    make_themed_contributions(world.process, world.member)
    space = services.theme_create(
        actor=world.facilitator,
        process=world.process,
        label="Űrkutatás",
        description="Rakéták, műholdak és csillagvizsgálók.",
    )
    for seed in (0, 1):
        run(world, django_capture_on_commit_callbacks, n_themes=3, seed=seed)
        assert Theme.objects.get(pk=space.pk).label == {"hu": "Űrkutatás"}
    # Without its description it is an ordinary automatic theme: nothing pinned keeps it, so
    # the next run replaces it.
    services.theme_describe(actor=world.facilitator, theme=space, description="")
    run(world, django_capture_on_commit_callbacks, n_themes=3)
    assert not Theme.objects.filter(pk=space.pk).exists()
    assert ThemeMembership.objects.filter(theme__process=world.process).count() == 18


def test_a_described_theme_stays_when_there_is_nothing_to_cluster(
    world, django_capture_on_commit_callbacks
):
    library = describe_library(world)
    run(world, django_capture_on_commit_callbacks)
    assert Theme.objects.filter(pk=library.pk).exists()


def test_a_locked_described_theme_keeps_its_members(world, django_capture_on_commit_callbacks):
    themed = make_themed_contributions(world.process, world.member)
    library = describe_library(world)
    services.theme_member_move(
        actor=world.facilitator, theme=library, contribution_ids=[themed["music"][0].pk]
    )
    services.theme_lock(actor=world.facilitator, theme=library)
    run(world, django_capture_on_commit_callbacks, n_themes=3)
    members = set(library.memberships.values_list("contribution_id", flat=True))
    assert members == {themed["music"][0].pk}


def test_creating_needs_a_name_and_a_description(world):
    with pytest.raises(ValidationError) as refused:
        services.theme_create(
            actor=world.facilitator, process=world.process, label=" ", description=""
        )
    assert set(refused.value.message_dict) == {"label", "description"}
    with pytest.raises(ValidationError) as refused:
        services.theme_create(
            actor=world.facilitator, process=world.process, label="Zene", description="  "
        )
    assert set(refused.value.message_dict) == {"description"}
    with pytest.raises(ValidationError) as refused:
        services.theme_create(
            actor=world.facilitator,
            process=world.process,
            label="Zene",
            description="x" * (services.MAX_DESCRIPTION + 1),
        )
    assert set(refused.value.message_dict) == {"description"}
    assert not Theme.objects.exists()
    assert not ActivityLog.objects.filter(verb="theme.created").exists()


@pytest.mark.parametrize("role", ["member", "outsider", "expert"])
def test_only_facilitators_describe_themes(world, role):
    user = getattr(world, role)
    with pytest.raises(PermissionDenied):
        services.theme_create(actor=user, process=world.process, label="Zene", description="Zene.")
    theme = Theme.objects.create(process=world.process, label={"hu": "Zene"})
    with pytest.raises(PermissionDenied):
        services.theme_describe(actor=user, theme=theme, description="Zene.")
    theme.refresh_from_db()
    assert theme.description == {}


def test_coordinators_describe_themes(world):
    theme = services.theme_create(
        actor=world.coordinator, process=world.process, label="Zene", description="Népzene."
    )
    assert theme.description == {"hu": "Népzene."}


def test_describing_records_before_and_after_and_skips_no_change(world):
    theme = Theme.objects.create(process=world.process, label={"hu": "Zene"})
    services.theme_describe(actor=world.facilitator, theme=theme, description=" Népzene. ")
    services.theme_describe(actor=world.facilitator, theme=theme, description="Népzene.")
    entries = ActivityLog.objects.filter(verb="theme.described")
    assert entries.count() == 1
    assert entries.get().changes["description"] == [{}, {"hu": "Népzene."}]


# --- pages ---------------------------------------------------------------------------------


def board_url(world):
    return reverse("synthesis:theme_board", args=[world.process.slug])


def create_url(world):
    return reverse("synthesis:theme_create", args=[world.process.slug])


def test_add_a_theme_from_the_board(client, world):
    client.force_login(world.facilitator)
    page = client.get(board_url(world)).content.decode()
    assert 'data-form="theme-create"' in page
    response = client.post(
        create_url(world), {"label_hu": LIBRARY[0], "description_hu": LIBRARY[1]}, follow=True
    )
    assert response.status_code == 200
    page = response.content.decode()
    theme = Theme.objects.get(process=world.process)
    assert f'data-theme-id="{theme.pk}"' in page
    assert "data-theme-description" in page and "olvasóterem" in page
    # Nothing in it yet: nothing to make a project of.
    assert reverse("synthesis:theme_promote", args=[world.process.slug, theme.pk]) not in page


def test_a_refused_new_theme_comes_back_filled_in_with_its_error(client, world):
    client.force_login(world.facilitator)
    response = client.post(create_url(world), {"label_hu": "Népzene és tánc", "description_hu": ""})
    assert response.status_code == 400
    page = response.content.decode()
    assert 'value="Népzene és tánc"' in page  # nothing typed is lost
    with override("hu"):
        assert gettext("Fill in the text in at least one language.") in page
    long = "hosszú " * 200
    response = client.post(create_url(world), {"label_hu": "Zene", "description_hu": long})
    assert response.status_code == 400
    assert long.strip() in response.content.decode()
    assert not Theme.objects.exists()


def test_describe_from_the_theme_page_and_show_it_in_the_public_summary(client, world):
    theme = Theme.objects.create(process=world.process, label={"hu": "Zene"})
    music = make_themed_contributions(world.process, world.member)["music"][0]
    ThemeMembership.objects.create(theme=theme, contribution=music, score=0.9)
    client.force_login(world.facilitator)
    slug = world.process.slug
    detail = reverse("synthesis:theme_detail", args=[slug, theme.pk])
    assert 'data-action="describe"' in client.get(detail).content.decode()
    url = reverse("synthesis:theme_describe", args=[slug, theme.pk])
    response = client.post(url, {"description_hu": "Népzene <b>és</b> <script>x()</script>"})
    assert response.status_code == 302 and response["Location"] == detail
    theme.refresh_from_db()
    assert theme.description["hu"].startswith("Népzene")
    client.post(reverse("synthesis:theme_publish", args=[slug]), {"published": "1"})
    client.logout()
    client.force_login(world.member)
    summary = client.get(reverse("synthesis:theme_summary", args=[slug])).content.decode()
    assert "Népzene &lt;b&gt;és&lt;/b&gt; &lt;script&gt;" in summary
    assert "<script>x()" not in summary


def test_a_too_long_description_on_the_theme_page_is_refused_and_kept(client, world):
    theme = Theme.objects.create(
        process=world.process, label={"hu": "Zene"}, description={"hu": "Népzene."}
    )
    client.force_login(world.facilitator)
    url = reverse("synthesis:theme_describe", args=[world.process.slug, theme.pk])
    long = "népzene " * 200
    response = client.post(url, {"description_hu": long})
    assert response.status_code == 400
    assert long.strip() in response.content.decode()
    theme.refresh_from_db()
    assert theme.description == {"hu": "Népzene."}


@pytest.mark.parametrize("role", ["member", "outsider", "anonymous"])
def test_others_cannot_post_descriptions(client, world, role):
    theme = Theme.objects.create(process=world.process, label={"hu": "Zene"})
    if role != "anonymous":
        client.force_login(getattr(world, role))
    slug = world.process.slug
    created = client.post(create_url(world), {"label_hu": "X", "description_hu": "Y"})
    described = client.post(
        reverse("synthesis:theme_describe", args=[slug, theme.pk]), {"description_hu": "Y"}
    )
    expected = 302 if role == "anonymous" else 403
    assert created.status_code == described.status_code == expected
    assert Theme.objects.count() == 1
    theme.refresh_from_db()
    assert theme.description == {}


def test_promoting_a_described_theme_offers_its_description_as_the_summary(client, world):
    theme = services.theme_create(
        actor=world.facilitator, process=world.process, label=LIBRARY[0], description=LIBRARY[1]
    )
    book = make_themed_contributions(world.process, world.member)["library"][0]
    ThemeMembership.objects.create(theme=theme, contribution=book, score=0.9)
    client.force_login(world.facilitator)
    page = client.get(
        reverse("synthesis:theme_promote", args=[world.process.slug, theme.pk])
    ).content.decode()
    assert "Községi könyvtárak, könyvek, olvasóterem" in page
    assert book.title in page
