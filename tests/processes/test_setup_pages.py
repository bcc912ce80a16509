"""The set-up pages per role: who may create, edit, copy a process and edit its phases."""

from __future__ import annotations

import pytest
from django.urls import reverse

from cultiva.core.models import ActivityLog
from cultiva.processes.models import Phase, Process
from cultiva.processes.rules import can_copy_process, can_create_process, can_manage_process
from tests.factories import make_county, make_process, make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def people(world):
    other = make_process(slug="masik-folyamat")
    other_coordinator = make_user("other-coordinator@example.org")
    other.roles.create(user=other_coordinator, role="coordinator")
    admin = make_user("admin@example.org", is_staff=True, is_superuser=True)
    return {
        "coordinator": world.coordinator,
        "other_coordinator": other_coordinator,
        "facilitator": world.facilitator,
        "member": world.member,
        "platform_admin": admin,
    }


@pytest.mark.parametrize(
    ("who", "create", "manage", "copy"),
    [
        ("coordinator", True, True, True),
        ("other_coordinator", True, False, False),
        ("facilitator", False, False, False),
        ("member", False, False, False),
        ("platform_admin", True, True, True),
    ],
)
def test_rules_per_role(world, people, who, create, manage, copy):
    user = people[who]
    assert bool(can_create_process(user)) is create
    assert bool(can_manage_process(user, world.process)) is manage
    assert bool(can_copy_process(user, world.process)) is copy


def test_anonymous_may_do_nothing(world, client):
    from django.contrib.auth.models import AnonymousUser

    assert not can_create_process(AnonymousUser())
    assert not can_manage_process(AnonymousUser(), world.process)
    response = client.get(reverse("processes:create"))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


@pytest.mark.parametrize(
    ("who", "status"),
    [("coordinator", 200), ("other_coordinator", 403), ("facilitator", 403), ("member", 403)],
)
def test_setup_page_per_role(client, world, people, who, status):
    client.force_login(people[who])
    response = client.get(reverse("processes:setup", args=[world.process.slug]))
    assert response.status_code == status
    if status == 200:
        assert "Ötletgyűjtés" in response.content.decode()
        assert 'class="timeline-bar' in response.content.decode()


def test_nav_shows_set_up_to_coordinators_only(client, world, people):
    client.force_login(world.coordinator)
    assert reverse("processes:setup_list") in client.get("/").content.decode()
    client.force_login(world.member)
    assert reverse("processes:setup_list") not in client.get("/").content.decode()
    assert client.get(reverse("processes:setup_list")).status_code == 403


def _create_data(**overrides):
    data = {
        "title_hu": "Gyergyói stratégia",
        "title_ro": "Strategia Gheorgheni",
        "slug": "gyergyo-2027",
        "county": make_county().pk,
        "languages": ["hu", "ro"],
        "visibility": "draft",
        "starts_on": "2027-01-01",
        "ends_on": "2027-12-31",
        "coordinators": "coordinator@example.org\n",
    }
    data.update(overrides)
    return data


def test_platform_admin_creates_a_process_and_names_a_coordinator(client, world, people):
    client.force_login(people["platform_admin"])
    found = client.get(reverse("processes:create"), {"q": "coordinator@exa"})
    assert "coordinator@example.org" in found.content.decode()
    response = client.post(reverse("processes:create"), _create_data())
    assert response.status_code == 302
    process = Process.objects.get(slug="gyergyo-2027")
    assert response["Location"] == reverse("processes:setup", args=[process.slug])
    assert process.roles.filter(user=world.coordinator, role="coordinator").exists()
    assert not process.roles.filter(user=people["platform_admin"]).exists()


def test_a_coordinator_finds_only_the_people_of_their_own_processes(client, world, people):
    """E-mail addresses are for the coordinators of processes a person takes part in: the
    coordinator of another process neither sees nor can name the people of this one."""
    client.force_login(people["other_coordinator"])
    found = client.get(reverse("processes:create"), {"q": "example.org"}).content.decode()
    assert "other-coordinator@example.org" in found
    assert "member@example.org" not in found
    assert "coordinator@example.org\n" not in found and "— coordinator@example.org" not in found
    response = client.post(
        reverse("processes:create"), _create_data(coordinators="member@example.org\n")
    )
    assert response.status_code == 200
    assert "coordinators" in response.context["form"].errors
    assert not Process.objects.filter(slug="gyergyo-2027").exists()


def test_bad_create_input_keeps_what_was_typed(client, world, people):
    client.force_login(people["platform_admin"])
    response = client.post(
        reverse("processes:create"),
        _create_data(slug="rossz cím", ends_on="2026-01-01", coordinators="senki@example.org"),
    )
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert {"slug", "ends_on", "coordinators"} <= set(errors)
    assert "Gyergyói stratégia" in response.content.decode()
    assert not Process.objects.filter(title__hu="Gyergyói stratégia").exists()


def test_coordinator_edits_the_process_and_phases(client, world):
    client.force_login(world.coordinator)
    process = world.process
    url = reverse("processes:edit", args=[process.slug])
    form = client.get(url)
    assert form.status_code == 200
    data = _create_data(
        slug=process.slug,
        starts_on=process.starts_on.isoformat(),
        ends_on=process.ends_on.isoformat(),
        visibility="published",
    )
    del data["coordinators"]
    assert client.post(url, data).status_code == 302
    process.refresh_from_db()
    assert process.title["hu"] == "Gyergyói stratégia"
    phase = process.phases.get()
    response = client.post(
        reverse("processes:phase_create", args=[process.slug]),
        {
            "kind": "submission",
            "title_hu": "Második gyűjtés",
            "starts_on": phase.starts_on.isoformat(),
            "ends_on": phase.ends_on.isoformat(),
        },
    )
    assert response.status_code == 200 and "starts_on" in response.context["form"].errors
    response = client.post(
        reverse("processes:phase_create", args=[process.slug]),
        {
            "kind": "consultation",
            "title_hu": "Konzultáció",
            "starts_on": phase.starts_on.isoformat(),
            "ends_on": phase.ends_on.isoformat(),
            "accepts_comments": "on",
        },
    )
    assert response.status_code == 302
    added = process.phases.get(kind="consultation")
    assert added.accepts_comments and not added.accepts_votes
    client.post(reverse("processes:phase_move", args=[process.slug, added.pk]), {"direction": "up"})
    assert process.phases.order_by("position").first() == added
    client.post(reverse("processes:phase_delete", args=[process.slug, phase.pk]))
    assert not Phase.objects.filter(pk=phase.pk).exists()
    assert ActivityLog.objects.filter(process=process, verb__startswith="phase.").count() == 3


def test_a_phase_is_reached_through_its_own_process_only(client, world, people):
    other = Process.objects.get(slug="masik-folyamat")
    other_phase = other.phases.get()
    client.force_login(world.coordinator)
    url = reverse("processes:phase_edit", args=[world.process.slug, other_phase.pk])
    assert client.get(url).status_code == 404


def test_coordinator_copies_the_process(client, world):
    client.force_login(world.coordinator)
    response = client.post(
        reverse("processes:copy", args=[world.process.slug]),
        {"title_hu": "Jövő évi", "slug": "jovo-evi", "starts_on": "2031-01-01"},
    )
    assert response.status_code == 302
    copy = Process.objects.get(slug="jovo-evi")
    assert copy.phases.count() == 1 and not copy.is_published
    assert list(copy.roles.values_list("user", flat=True)) == [world.coordinator.pk]


def test_publish_button(client, world):
    world.process.is_published = False
    world.process.save()
    client.force_login(world.coordinator)
    client.post(reverse("processes:publish", args=[world.process.slug]), {"publish": "1"})
    world.process.refresh_from_db()
    assert world.process.is_published


def test_logo_is_served_with_its_type(client, world, settings, tmp_path):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from tests.processes.test_setup_services import PNG

    settings.MEDIA_ROOT = tmp_path
    assert client.get(reverse("processes:logo", args=[world.process.slug])).status_code == 404
    client.force_login(world.coordinator)
    data = _create_data(
        slug=world.process.slug,
        starts_on=world.process.starts_on.isoformat(),
        ends_on=world.process.ends_on.isoformat(),
        visibility="published",
        logo=SimpleUploadedFile("logo.png", PNG, content_type="image/png"),
    )
    del data["coordinators"]
    assert (
        client.post(reverse("processes:edit", args=[world.process.slug]), data).status_code == 302
    )
    response = client.get(reverse("processes:logo", args=[world.process.slug]))
    assert response.status_code == 200 and response["Content-Type"] == "image/png"
    bad = dict(data, logo=SimpleUploadedFile("logo.png", b"<svg></svg>"))
    response = client.post(reverse("processes:edit", args=[world.process.slug]), bad)
    assert response.status_code == 200 and "logo" in response.context["form"].errors
    del data["logo"]
    response = client.post(reverse("processes:edit", args=[world.process.slug]), data)
    world.process.refresh_from_db()
    assert world.process.logo  # saving without a new file keeps the logo
    data["remove_logo"] = "on"
    client.post(reverse("processes:edit", args=[world.process.slug]), data)
    world.process.refresh_from_db()
    assert not world.process.logo
    assert client.get(reverse("processes:logo", args=[world.process.slug])).status_code == 404


def test_set_up_list_and_page_do_not_grow_queries_with_rows(client, world):
    import datetime as dt

    from tests.test_query_counts import count_queries

    client.force_login(world.coordinator)

    def add(n):
        for _ in range(n):
            process = make_process()
            process.roles.create(user=world.coordinator, role="coordinator")
            Phase.objects.create(
                process=world.process,
                kind="workshops",
                title={"hu": "Műhely"},
                starts_on=world.process.starts_on,
                ends_on=world.process.starts_on + dt.timedelta(days=1),
            )

    setup_list = reverse("processes:setup_list")
    setup = reverse("processes:setup", args=[world.process.slug])
    add(2)
    few = count_queries(client, setup_list), count_queries(client, setup)
    add(10)
    assert (count_queries(client, setup_list), count_queries(client, setup)) == few
