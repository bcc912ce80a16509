"""Drafts, edits, submission, withdrawal, paper entry, provenance, history and escaping."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from cultiva.core.models import ActivityLog
from cultiva.ideas import services
from cultiva.ideas.models import Contribution, ContributionRevision, ImportBatch
from tests.factories import make_contribution, make_meeting, make_settlement, make_user
from tests.ideas.test_submission_helpers import domain, form_data, make_field


def _create(client, world, term, **extra):
    client.force_login(world.member)
    return client.post(reverse("ideas:create", args=[world.process.slug]), form_data(term, **extra))


def test_draft_edit_submit_withdraw_with_revisions_and_log(client, world):
    term = domain()
    make_field(world.process, "kozonseg", "number", label={"hu": "Várt közönség"})
    settlement = make_settlement("Csíkszentdomokos", "Sândominic")
    response = _create(
        client,
        world,
        term,
        save_draft="",
        partners="Polgármesteri hivatal",
        resources_amount_min="1000",
        resources_amount_max="5000",
        extra__kozonseg="200",
        settlements=[settlement.pk],
        organisation=world.organisation.pk,
    )
    contribution = Contribution.objects.get()
    assert response.status_code == 302
    assert contribution.status == Contribution.Status.DRAFT and contribution.submitted_at is None
    assert contribution.partners == "Polgármesteri hivatal"
    assert contribution.extra == {"kozonseg": "200"}
    first = contribution.revisions.get()
    assert first.number == 1 and first.data["status"] == "draft"
    assert first.data["settlements"] == [{"id": settlement.pk, "name": str(settlement)}]
    assert first.data["organisation"]["id"] == world.organisation.pk
    assert first.data["extra"] == {"kozonseg": "200"}
    assert first.data["resources_amount_min"] == "1000.00"

    edit_url = reverse("ideas:edit", args=[contribution.pk])
    form_page = client.get(edit_url).content.decode()
    assert "Polgármesteri hivatal" in form_page and 'value="200"' in form_page
    response = client.post(
        edit_url,
        form_data(
            term,
            title="Népdalkörök nagy találkozója",
            extra__kozonseg="350",
            organisation=world.organisation.pk,
            save_draft="",
        ),
    )
    assert response.status_code == 302
    contribution.refresh_from_db()
    assert contribution.title == "Népdalkörök nagy találkozója"
    assert contribution.status == Contribution.Status.DRAFT
    assert contribution.extra == {"kozonseg": "350"}

    history = client.get(reverse("ideas:history", args=[contribution.pk]))
    rows = history.context["rows"]
    assert [row["revision"].number for row in rows] == [2, 1]
    changed = {str(change["field"]): change for change in rows[0]["changes"]}
    assert "Várt közönség" in changed and changed["Várt közönség"]["after"] == "350"
    assert any(c["after"] == "Népdalkörök nagy találkozója" for c in rows[0]["changes"])

    client.post(reverse("ideas:status", args=[contribution.pk]), {"status": "submitted"})
    contribution.refresh_from_db()
    assert contribution.status == Contribution.Status.SUBMITTED and contribution.submitted_at
    client.post(reverse("ideas:status", args=[contribution.pk]), {"status": "withdrawn"})
    contribution.refresh_from_db()
    assert contribution.status == Contribution.Status.WITHDRAWN
    assert list(contribution.revisions.order_by("number").values_list("data__status", flat=True))[
        -2:
    ] == ["submitted", "withdrawn"]
    assert contribution.revisions.count() == 4
    verbs = list(
        ActivityLog.objects.filter(target_id=str(contribution.pk))
        .order_by("id")
        .values_list("verb", flat=True)
    )
    assert verbs == [
        "contribution.drafted",
        "contribution.edited",
        "contribution.submitted",
        "contribution.withdrawn",
    ]
    # A withdrawn contribution can no longer be edited.
    assert client.get(edit_url).status_code == 403


def test_save_and_submit_from_the_edit_form(client, world):
    term = domain()
    _create(client, world, term, save_draft="")
    contribution = Contribution.objects.get()
    client.post(reverse("ideas:edit", args=[contribution.pk]), form_data(term, submit=""))
    contribution.refresh_from_db()
    assert contribution.status == Contribution.Status.SUBMITTED
    assert contribution.revisions.count() == 2  # no content change: only the submission


def test_edit_refused_after_the_phase_closes(client, world):
    term = domain()
    contribution = make_contribution(world.process, world.member, title="Eredeti cím")
    world.process.phases.update(ends_on=timezone.localdate() - dt.timedelta(days=1))
    client.force_login(world.member)
    url = reverse("ideas:edit", args=[contribution.pk])
    assert client.get(url).status_code == 403
    assert client.post(url, form_data(term, title="Megváltozott cím")).status_code == 403
    contribution.refresh_from_db()
    assert contribution.title == "Eredeti cím"
    page = client.get(reverse("ideas:detail", args=[contribution.pk])).content.decode()
    assert url not in page


def test_service_refuses_edit_by_someone_else(world):
    contribution = make_contribution(world.process, world.member)
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        services.contribution_update(
            contribution=contribution,
            actor=world.facilitator,
            kind="idea",
            title="Más",
            body="Más leírás, elég hosszú szöveg.",
            language="hu",
            domains=[],
        )


def test_member_cannot_edit_onto_a_foreign_organisation(client, world):
    term = domain()
    _create(client, world, term, save_draft="")
    contribution = Contribution.objects.get()
    response = client.post(
        reverse("ideas:edit", args=[contribution.pk]),
        form_data(term, organisation=world.other_organisation.pk, save_draft=""),
    )
    assert response.status_code == 200 and "organisation" in response.context["form"].errors
    contribution.refresh_from_db()
    assert contribution.organisation is None


def test_facilitator_enters_a_paper_form_for_a_person(client, world):
    term = domain()
    meeting = make_meeting(world.process)
    person = make_user("nagy.ilona@example.org", full_name="Nagy Ilona")
    client.force_login(world.facilitator)
    response = client.post(
        reverse("ideas:enter", args=[world.process.slug]),
        form_data(
            term,
            source="meeting",
            organisation=world.other_organisation.pk,  # not the facilitator's organisation
            person_email="NAGY.ILONA@example.org",
            meeting=meeting.pk,
            submit="",
        ),
    )
    assert response.status_code == 302
    contribution = Contribution.objects.get()
    assert contribution.author == person and contribution.entered_by == world.facilitator
    assert contribution.source == Contribution.Source.MEETING
    assert contribution.organisation == world.other_organisation
    assert contribution.meeting == meeting
    assert contribution.status == Contribution.Status.SUBMITTED
    entry = ActivityLog.objects.get(verb="contribution.submitted")
    assert entry.actor == world.facilitator and entry.changes["on_behalf_of"] == person.pk
    page = client.get(reverse("ideas:detail", args=[contribution.pk])).content.decode()
    assert str(world.facilitator) in page and "Nagy Ilona" in page


def test_paper_entry_without_a_person_keeps_the_facilitator_as_author(client, world):
    term = domain()
    client.force_login(world.facilitator)
    client.post(
        reverse("ideas:enter", args=[world.process.slug]),
        form_data(term, source="paper", organisation=world.organisation.pk, submit=""),
    )
    contribution = Contribution.objects.get()
    assert contribution.author == world.facilitator
    assert contribution.source == Contribution.Source.PAPER
    assert contribution.entered_by == world.facilitator


def test_paper_entry_with_an_unknown_email_keeps_the_input(client, world):
    term = domain()
    client.force_login(world.facilitator)
    response = client.post(
        reverse("ideas:enter", args=[world.process.slug]),
        form_data(term, source="paper", person_email="senki@example.org"),
    )
    assert response.status_code == 200 and "person_email" in response.context["form"].errors
    assert "senki@example.org" in response.content.decode()
    assert not Contribution.objects.exists()


def test_paper_entry_refused_for_members(client, world):
    term = domain()
    client.force_login(world.member)
    response = client.post(
        reverse("ideas:enter", args=[world.process.slug]),
        form_data(term, source="paper", organisation=world.other_organisation.pk),
    )
    assert response.status_code == 403
    assert not Contribution.objects.exists()


def test_member_cannot_submit_for_an_organisation_they_do_not_belong_to(client, world):
    response = _create(client, world, domain(), organisation=world.other_organisation.pk)
    assert response.status_code == 200 and "organisation" in response.context["form"].errors
    assert not Contribution.objects.exists()


def test_detail_shows_import_and_wall_provenance(client, world):
    batch = ImportBatch.objects.create(
        process=world.process, filename="csik-muhely.xlsx", file_hash="x" * 64
    )
    contribution = make_contribution(
        world.process,
        world.member,
        source=Contribution.Source.IMPORT,
        import_batch=batch,
        import_row=17,
        entered_by=world.facilitator,
    )
    page = client.get(reverse("ideas:detail", args=[contribution.pk])).content.decode()
    assert "csik-muhely.xlsx" in page and "17" in page
    assert str(Contribution.Source.IMPORT.label) in page or "import" in page.lower()


XSS = ["<script>alert(1)</script>", "<img src=x onerror=alert(1)>"]


@pytest.mark.parametrize("payload", XSS)
def test_payloads_render_as_text(client, world, payload):
    term = domain()
    make_field(world.process, "megjegyzes", "text")
    response = _create(
        client,
        world,
        term,
        title=f"Cím {payload}",
        body=f"Leírás, elég hosszan: {payload}",
        partners=f"Partner {payload}",
        resources_needed=f"Eszköz {payload}",
        extra__megjegyzes=f"Extra {payload}",
        submit="",
    )
    assert response.status_code == 302
    contribution = Contribution.objects.get()
    escaped = payload.replace("<", "&lt;").replace(">", "&gt;")
    detail = client.get(reverse("ideas:detail", args=[contribution.pk])).content.decode()
    listing = client.get(reverse("ideas:list", args=[world.process.slug])).content.decode()
    history = client.get(reverse("ideas:history", args=[contribution.pk])).content.decode()
    for page in (detail, listing, history):
        assert payload not in page
        assert escaped in page
    for label in ("Leírás", "Partner", "Eszköz", "Extra"):
        assert f"{label}" in detail
    assert detail.count(escaped) >= 5


def test_every_change_writes_a_revision(world):
    term = domain()
    contribution = services.contribution_create(
        author=world.member,
        process=world.process,
        kind="need",
        title="Próbaterem",
        body="Próbaterem kell a színjátszóknak.",
        language="hu",
        domains=[term],
        submit=True,
    )
    services.contribution_change_status(
        contribution=contribution, actor=world.facilitator, target="hidden", reason="spam"
    )
    numbers = list(ContributionRevision.objects.order_by("number").values_list("number", flat=True))
    assert numbers == [1, 2]
    contribution.refresh_from_db()
    assert "probaterem" in contribution.search_document.lower()  # searchable at once


def _queries(client, url) -> int:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def test_history_page_queries_do_not_grow_with_revisions(client, world):
    term = domain()
    contribution = services.contribution_create(
        author=world.member,
        process=world.process,
        kind="idea",
        title="Első változat",
        body="Egy elég hosszú leírás a próbához.",
        language="hu",
        domains=[term],
        submit=False,
    )

    def edit(n):
        for i in range(n):
            services.contribution_update(
                contribution=contribution,
                actor=world.member,
                kind="idea",
                title=f"Változat {i} {ContributionRevision.objects.count()}",
                body="Egy elég hosszú leírás a próbához.",
                language="hu",
                domains=[term],
            )

    client.force_login(world.member)
    url = reverse("ideas:history", args=[contribution.pk])
    edit(3)
    few = _queries(client, url)
    edit(30)
    assert _queries(client, url) == few


def test_template_editor_queries_do_not_grow_with_fields(client, world):
    client.force_login(world.coordinator)
    url = reverse("ideas:template", args=[world.process.slug])
    for i in range(3):
        make_field(world.process, f"a{i}", "text")
    few = _queries(client, url)
    for i in range(30):
        make_field(world.process, f"b{i}", "text")
    assert _queries(client, url) == few


def test_detail_shows_the_wall_and_meeting_a_card_came_from(client, world):
    from cultiva.ideas.models import Wall, WallCard

    meeting = make_meeting(world.process)
    wall = Wall.objects.create(meeting=meeting, title="Mi hiányzik a Csíki-medencében?")
    card = WallCard.objects.create(wall=wall, text="Próbaterem", client_id="c1")
    contribution = make_contribution(
        world.process,
        world.member,
        source=Contribution.Source.WALL,
        wall_card=card,
        meeting=meeting,
    )
    page = client.get(reverse("ideas:detail", args=[contribution.pk])).content.decode()
    assert "Mi hiányzik a Csíki-medencében?" in page
    assert reverse("meetings:detail", args=[world.process.slug, meeting.pk]) in page
