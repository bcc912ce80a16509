"""The full project card: every part saved through the editor, bad input refused with
translated messages, partners with roles, attachments checked by content, a version with a
readable diff at every save, who may see what, and the detail page's queries."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation
from django.utils.html import escape

from cultiva.core.models import ActivityLog
from cultiva.portfolio import services
from cultiva.portfolio.card_diff import card_diff, word_diff
from cultiva.portfolio.card_layout import BudgetRow, budget_summary, card_sections, section_map
from cultiva.portfolio.models import (
    BudgetLine,
    Milestone,
    OutputIndicator,
    ProjectAttachment,
    ProjectVersion,
    Risk,
)
from tests.factories import make_project, make_term
from tests.meetings.test_materials import make_pdf
from tests.portfolio.card_data import full_card, rows


def edit_url(project):
    return reverse("portfolio:edit", args=[project.process.slug, project.pk])


def history_url(project):
    return reverse("portfolio:history", args=[project.process.slug, project.pk])


def detail_url(project):
    return reverse("portfolio:detail", args=[project.pk])


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def test_the_editor_saves_every_part_of_the_card(client, world, project):
    target = make_term("target_group", "children", hu="Gyerekek", ro="Copii", en="Children")
    other = make_project(world.process, title={"hu": "Táncház-sorozat"})
    client.force_login(world.member)
    response = client.post(
        edit_url(project),
        full_card(
            project,
            target_groups=[target.pk],
            synergy_projects=[other.pk],
            **rows(
                "partners",
                {
                    "organisation": world.other_organisation.pk,
                    "role_hu": "Zenekar biztosítása",
                    "role_ro": "Asigură orchestra",
                },
            ),
        ),
    )
    assert response.status_code == 302, response.context and response.context["form"].errors
    project.refresh_from_db()
    assert project.version == 2
    assert project.development_area == {"hu": "Közösségi kultúra"}
    assert project.activities == {"hu": "Tánctanítás, zenekari próbák, gálaműsor."}
    assert project.start_date == dt.date(2027, 3, 1) and project.end_date == dt.date(2028, 10, 31)
    assert list(project.target_groups.all()) == [target]
    assert list(project.synergy_projects.all()) == [other]
    partner = project.partnerships.get()
    assert partner.organisation == world.other_organisation
    assert partner.role == {"hu": "Zenekar biztosítása", "ro": "Asigură orchestra"}
    assert [(m.date.isoformat(), m.name) for m in Milestone.objects.filter(project=project)] == [
        ("2027-06-01", {"hu": "Jelentkezés lezárul"}),
        ("2027-07-15", {"hu": "Gálaműsor", "ro": "Spectacol de gală"}),
    ]
    lines = list(
        BudgetLine.objects.filter(project=project).values_list("year", "source", "secured")
    )
    assert lines == [
        (2027, "county", Decimal("30000")),
        (2027, "own", Decimal("20000")),
        (2028, "eu", Decimal("0")),  # a secured amount left empty is nothing secured yet
    ]
    assert Risk.objects.get(project=project).mitigation == {"hu": "Iskolai toborzás"}
    assert OutputIndicator.objects.get(project=project).target == Decimal("60")
    entry = ActivityLog.objects.get(verb="project.updated")
    assert entry.changes["budget_lines"] == 3 and "partners" in entry.changes

    page = client.get(detail_url(project)).content.decode()
    for text in (
        "Közösségi kultúra",
        "Tánctanítás, zenekari próbák, gálaműsor.",
        "Zenekar biztosítása",
        "Gálaműsor",
        "Kevés jelentkező",
        "Résztvevő gyerekek",
        "Gyerekek",
        "Táncház-sorozat",
        "120\xa0000 RON",  # planned total of the budget lines, grouped the Hungarian way
    ):
        assert text in page, text
    assert "Az igazgató telefonszáma" in page  # the private notes, for the people who edit


def test_private_notes_are_not_shown_to_readers(client, world, project):
    project.private_notes = "Belső megjegyzés"
    project.save()
    client.force_login(world.outsider)
    assert "Belső megjegyzés" not in client.get(detail_url(project)).content.decode()


def hu(message: str, **values) -> str:
    """The message as a Hungarian reader gets it, escaped as the page shows it."""
    with translation.override("hu"):
        text = translation.gettext(message)
    return escape(text % values if values else text)


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"budget-0-planned": "-5"}, hu("The amount cannot be negative.")),
        (
            {"budget-1-secured": "70000"},
            hu("The secured amount cannot be more than the planned amount."),
        ),
        (
            {"budget-0-year": "1850"},
            hu("Give a year between %(first)s and %(last)s.", first=2000, last=2100),
        ),
        (
            {"budget-2-year": "2031"},
            hu(
                "The year is outside the project's timeline (%(first)s–%(last)s).",
                first=2027,
                last=2028,
            ),
        ),
        ({"budget-2-source": "lottery"}, hu("Choose a source from the list.")),
        (
            {"budget-2-source": "own", "budget-2-year": "2027"},
            hu("Each source appears once per year: merge the lines of %(year)s.", year=2027),
        ),
        (
            {"start_date": "2028-01-01", "end_date": "2027-01-01"},
            hu("The end cannot be before the start."),
        ),
        ({"milestones-0-date": "tegnap"}, hu("Give a date like 2027-03-01.")),
        (
            {"indicators-0-target": "-1"},
            hu("Ensure this value is greater than or equal to %(limit_value)s.", limit_value=0),
        ),
        ({"end_date": "2027-13-45"}, hu("Give a date like 2027-03-01.")),
    ],
)
def test_bad_input_is_refused_in_hungarian(client, world, project, changes, message):
    client.force_login(world.member)
    response = client.post(edit_url(project), full_card(project, **changes))
    assert response.status_code == 200
    assert message in response.content.decode()
    project.refresh_from_db()
    assert project.version == 1 and not BudgetLine.objects.exists()
    assert not ProjectVersion.objects.exists()


def test_the_lead_cannot_also_be_a_partner(client, world, project):
    client.force_login(world.member)
    response = client.post(
        edit_url(project),
        full_card(project, **rows("partners", {"organisation": world.organisation.pk})),
    )
    assert response.status_code == 200
    assert hu("The lead organisation cannot also be a partner.") in response.content.decode()


def test_the_service_refuses_what_the_form_refuses(world, project):
    same = {
        "title": project.title,
        "summary": {},
        "objectives": {},
        "rationale": {},
        "expected_results": {},
        "lead_organisation": project.lead_organisation,
        "partners": [],
        "settlements": [],
        "domains": [],
        "budget_total": None,
        "currency": "RON",
    }
    bad_lines = [
        {"year": 2027, "source": "eu", "planned": Decimal(10), "secured": Decimal(20)},
    ]
    with pytest.raises(ValidationError) as refused:
        services.project_update(
            actor=world.member,
            project=project,
            expected_version=1,
            **same,
            card={"start_date": dt.date(2027, 1, 1), "end_date": dt.date(2026, 1, 1)},
            budget_lines=bad_lines,
        )
    assert set(refused.value.message_dict) == {"end_date", "budget_lines"}
    project.refresh_from_db()
    assert project.version == 1 and not BudgetLine.objects.exists()


def test_attachments_are_checked_by_content_kept_and_removed(client, world, project, media):
    client.force_login(world.member)
    fake = SimpleUploadedFile(
        "terv.pdf", b"MZ\x90\x00 not a pdf at all", content_type="application/pdf"
    )
    response = client.post(edit_url(project), full_card(project, new_attachment=fake))
    assert response.status_code == 200
    assert not ProjectAttachment.objects.exists()

    real = SimpleUploadedFile("terv.pdf", make_pdf("Budget"), content_type="application/pdf")
    response = client.post(
        edit_url(project),
        full_card(project, new_attachment=real, new_attachment_title="Költségvetés"),
    )
    assert response.status_code == 302
    attachment = ProjectAttachment.objects.get()
    assert attachment.title == "Költségvetés" and attachment.content_type == "application/pdf"
    download = reverse(
        "portfolio:attachment", args=[project.process.slug, project.pk, attachment.pk]
    )
    assert download in client.get(detail_url(project)).content.decode()
    response = client.get(download)
    assert response.status_code == 200
    assert b"".join(response.streaming_content).startswith(b"%PDF-")
    assert response["X-Content-Type-Options"] == "nosniff"

    project.refresh_from_db()
    client.post(edit_url(project), full_card(project, remove_attachments=[attachment.pk]))
    assert not ProjectAttachment.objects.exists()
    assert ActivityLog.objects.filter(
        verb="project.updated", changes__attachments_removed=["Költségvetés"]
    ).exists()


def test_too_large_attachments_are_refused(client, world, project, media, settings):
    settings.MATERIAL_MAX_BYTES = 1000
    client.force_login(world.member)
    big = SimpleUploadedFile("terv.pdf", make_pdf("x" * 2000), content_type="application/pdf")
    response = client.post(edit_url(project), full_card(project, new_attachment=big))
    assert response.status_code == 200 and "túl nagy" in response.content.decode()  # translated


def test_every_save_is_a_version_and_the_history_shows_a_word_diff(client, world, project):
    client.force_login(world.member)
    client.post(edit_url(project), full_card(project))
    project.refresh_from_db()
    client.post(
        edit_url(project),
        full_card(
            project,
            activities_hu="Tánctanítás, <b>népdalkör</b> és gálaműsor.",
            **{"budget-0-planned": "25000"},
        ),
    )
    project.refresh_from_db()
    assert project.version == 3
    versions = list(ProjectVersion.objects.filter(project=project).order_by("number"))
    assert [v.number for v in versions] == [1, 2, 3]  # 1 is the card before the first edit
    assert versions[0].actor is None and versions[2].actor == world.member
    assert versions[2].snapshot["budget_lines"][1]["planned"] == "25000.00"

    page = client.get(history_url(project)).content.decode()
    assert "<del>zenekari próbák, </del>" in page
    assert "<ins>&lt;b&gt;népdalkör&lt;/b&gt; és </ins>" in page  # the typed markup is escaped
    assert "<b>népdalkör</b>" not in page
    assert "Az igazgató" not in page  # private notes unchanged: not in the diff anyway

    # Any two versions: from the original card to the newest.
    page = client.get(history_url(project), {"a": 1, "b": 3}).content.decode()
    assert "<ins>[HU] Közösségi kultúra</ins>" in page
    # The reader's own (non-editor) view of the history hides the private notes' change.
    client.force_login(world.outsider)
    page = client.get(history_url(project), {"a": 1, "b": 3}).content.decode()
    assert "Az igazgató" not in page
    client.force_login(world.facilitator)
    page = client.get(history_url(project), {"a": 1, "b": 3}).content.decode()
    assert "Az igazgató telefonszáma" in page


def test_a_save_without_changes_keeps_no_version(world, project):
    same = {
        "title": project.title,
        "summary": project.summary,
        "objectives": {},
        "rationale": {},
        "expected_results": {},
        "lead_organisation": project.lead_organisation,
        "partners": [],
        "settlements": [],
        "domains": [],
        "budget_total": None,
        "currency": "RON",
        "milestones": [],
        "budget_lines": [],
    }
    services.project_update(actor=world.member, project=project, expected_version=1, **same)
    project.refresh_from_db()
    assert project.version == 1
    assert ProjectVersion.objects.filter(project=project).count() == 1  # the baseline only


def test_word_diff_marks_words_and_escapes():
    html = word_diff("a <script> here", "a <em>new</em> here")
    assert html == "a <del>&lt;script&gt; </del><ins>&lt;em&gt;new&lt;/em&gt; </ins>here"
    assert card_diff({"title": {"hu": "Régi"}}, {"title": {"hu": "Régi"}}) == []
    parts = card_diff(
        {"budget_lines": [{"year": 2027, "source": "eu", "planned": "1", "secured": "0"}]},
        {"budget_lines": []},
    )
    assert [p.key for p in parts] == ["budget_lines"] and "<del>" in parts[0].html


def test_budget_summary_adds_up_by_year_and_source():
    summary = budget_summary(
        [
            BudgetRow(2027, "own", Decimal(10), Decimal(10)),
            BudgetRow(2027, "eu", Decimal(100), Decimal(40)),
            BudgetRow(2028, "eu", Decimal(50), Decimal(0)),
        ]
    )
    assert summary.years == [2027, 2028] and summary.sources == ["own", "eu"]
    assert summary.by_year[2027] == (Decimal(110), Decimal(50))
    assert summary.by_source["eu"] == (Decimal(150), Decimal(40))
    assert summary.total == (Decimal(160), Decimal(50))


def test_card_sections_follow_the_programme_card(client, world, project):
    client.force_login(world.member)
    client.post(edit_url(project), full_card(project))
    from cultiva.portfolio.selectors import project_detail

    sections = card_sections(project_detail(pk=project.pk), "ro")
    keys = [s.key for s in sections]
    assert keys[:14] == [
        "development_area",
        "code",
        "title",
        "programme_theme",
        "summary",
        "objectives",
        "rationale",
        "activities",
        "expected_results",
        "synergies",
        "financing",
        "responsible_body",
        "presentation_ideas",
        "related_proposals",
    ]
    by_key = section_map(sections)
    assert by_key["title"].text == "Tabăra de dansuri populare din Ciuc"  # Romanian first
    assert by_key["summary"].text == "Nyári tábor gyerekeknek."  # falls back to Hungarian
    with translation.override("ro"):
        assert by_key["budget"].label == translation.gettext("Budget by year and source")
    assert by_key["budget"].table.footer[-1].startswith("120.000 RON")


EDIT_STATUS = {
    "lead_member": 200,
    "facilitator": 200,
    "coordinator": 200,
    "other_org_member": 403,
    "member": 403,
    "other_process_coordinator": 403,
    "anonymous": "login",
}


@pytest.mark.parametrize("who", sorted(EDIT_STATUS))
def test_who_may_edit_and_read_the_history(client, world, project, people, who):
    if people[who]:
        client.force_login(people[who])
    edit = client.get(edit_url(project))
    status = (
        "login"
        if edit.status_code == 302 and "/accounts/login/" in edit["Location"]
        else edit.status_code
    )
    assert status == EDIT_STATUS[who]
    posted = client.post(edit_url(project), full_card(project))
    project.refresh_from_db()
    assert (project.version == 2) == (EDIT_STATUS[who] == 200)
    # The history of a card is as public as the card (the process's visibility).
    assert client.get(history_url(project)).status_code == 200
    assert posted.status_code in (302, 403, 404)


def test_the_history_of_another_process_project_is_not_found(client, world, people):
    from tests.factories import make_process

    other = make_project(make_process(), lead_organisation=world.organisation)
    client.force_login(world.coordinator)
    url = reverse("portfolio:history", args=[world.process.slug, other.pk])
    assert client.get(url).status_code == 404


def _fill(project, n: int, world, others):
    Milestone.objects.bulk_create(
        Milestone(
            project=project, date=dt.date(2027, 1, 1) + dt.timedelta(days=i), name={"hu": f"M{i}"}
        )
        for i in range(n)
    )
    BudgetLine.objects.bulk_create(
        BudgetLine(
            project=project,
            year=2027 + i // 6,
            source=BudgetLine.Source.values[i % 6],
            planned=100,
            secured=50,
        )
        for i in range(n)
    )
    Risk.objects.bulk_create(
        Risk(project=project, description={"hu": f"R{i}"}, position=i) for i in range(n)
    )
    OutputIndicator.objects.bulk_create(
        OutputIndicator(project=project, name={"hu": f"I{i}"}, unit="db", target=i, position=i)
        for i in range(n)
    )
    for organisation in others[:n]:
        project.partnerships.create(organisation=organisation, role={"hu": "partner"})
    project.synergy_projects.add(*[make_project(world.process) for _ in range(min(n, 5))])


def test_detail_and_edit_pages_do_not_grow_with_the_rows(client, world, project):
    from tests.factories import make_organisation

    others = [make_organisation(name=f"Partner {i}") for i in range(12)]
    client.force_login(world.member)
    counts = {}
    for size, extra in (("few", 2), ("many", 10)):
        _fill(project, extra, world, others[len(counts) * 2 :])
        for name, url in (
            ("detail", detail_url(project)),
            ("edit", edit_url(project)),
            ("history", history_url(project)),
        ):
            with CaptureQueriesContext(connection) as captured:
                response = client.get(url)
            assert response.status_code == 200
            counts[(size, name)] = len(captured)
    for name in ("detail", "edit", "history"):
        assert counts[("many", name)] == counts[("few", name)], (name, counts)
