"""Inviting a list from a spreadsheet through the import wizard: all or nothing, and safe to
repeat (an address already invited, or holding the role, is reported and skipped)."""

from __future__ import annotations

import io

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook

from cultiva.core.models import ActivityLog
from cultiva.processes.models import Invitation

pytestmark = pytest.mark.django_db

GOOD = [
    "E-mail;Szerep;Nyelv;Név",
    "kovacs.anna@example.org;moderátor;magyar;Kovács Anna",
    "ion.pop@example.org;membru;ro;Ion Pop",
    "JANE@example.org;expert;en;Jane",
    "jane@example.org;expert;en;Jane again",  # repeated in the file: imported once
]


def csv_file(lines, name="meghivottak.csv"):
    return SimpleUploadedFile(name, "\r\n".join(lines).encode(), content_type="text/csv")


def run_wizard(client, world, upload, commit=True):
    """Upload, accept the guessed columns, check; commit when asked. Returns the check page."""
    slug = world.process.slug
    response = client.post(
        reverse("processes:invitations_import_start", args=[slug]), {"file": upload}
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    columns_url = response["Location"]
    page = client.get(columns_url)
    form = page.context["form"]
    data = {name: form[name].value() or "" for name in form.fields}
    response = client.post(columns_url, data)
    assert response.status_code == 302
    check_url = response["Location"]
    check = client.get(check_url)
    if commit and check.context["check"].can_commit:
        client.post(check_url.replace("/check/", "/commit/"))
    return check


def test_good_list_invites_everyone_in_their_language(client, world):
    client.force_login(world.coordinator)
    check = run_wizard(client, world, csv_file(GOOD))
    assert check.context["check"].ok_count == 3
    invitations = {i.email: i for i in Invitation.objects.filter(process=world.process)}
    assert set(invitations) == {
        "kovacs.anna@example.org",
        "ion.pop@example.org",
        "jane@example.org",
    }
    assert invitations["kovacs.anna@example.org"].role == "facilitator"
    assert invitations["ion.pop@example.org"].language == "ro"
    assert len(mail.outbox) == 3
    by_address = {m.to[0]: m for m in mail.outbox}
    assert "Invitație" in by_address["ion.pop@example.org"].subject
    assert "Meghívó" in by_address["kovacs.anna@example.org"].subject
    assert "Invitation" in by_address["jane@example.org"].subject
    assert ActivityLog.objects.filter(
        process=world.process, verb="invitation.list_imported"
    ).exists()


def test_a_bad_row_imports_nothing(client, world):
    client.force_login(world.coordinator)
    bad = [*GOOD, "nem-cim;tag;hu;Rossz", "jo@example.org;főnök;hu;Ismeretlen szerep"]
    check = run_wizard(client, world, csv_file(bad))
    result = check.context["check"]
    assert result.problem_count == 2 and not result.can_commit
    body = check.content.decode()
    assert "nem-cim" in body and "főnök" in body
    # Committing anyway is refused.
    client.post(check.request["PATH_INFO"].replace("/check/", "/commit/"))
    assert not Invitation.objects.exists() and not mail.outbox


def test_repeated_import_invites_no_one_twice(client, world):
    client.force_login(world.coordinator)
    run_wizard(client, world, csv_file(GOOD))
    assert Invitation.objects.count() == 3
    # The same list again, plus someone already holding the role: nothing new but one row.
    again = [*GOOD, f"{world.expert.email};expert;hu;", "uj@example.org;tag;;"]
    check = run_wizard(client, world, csv_file(again, "ujra.csv"))
    result = check.context["check"]
    assert result.ok_count == 1 and result.already_imported_count == 4
    body = check.content.decode()
    assert "kovacs.anna@example.org" in body and world.expert.email in body  # reported
    assert Invitation.objects.count() == 4 and len(mail.outbox) == 4
    new = Invitation.objects.get(email="uj@example.org")
    assert new.role == "member" and new.language == "hu"


def test_xlsx_list(client, world):
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["Email", "Rol", "Limbă", "Nume"])
    sheet.append(["maria@example.org", "coordonator", "română", "Maria"])
    buffer = io.BytesIO()
    workbook.save(buffer)
    client.force_login(world.coordinator)
    run_wizard(
        client,
        world,
        SimpleUploadedFile(
            "lista.xlsx",
            buffer.getvalue(),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        ),
    )
    invitation = Invitation.objects.get()
    assert (invitation.role, invitation.language) == ("coordinator", "ro")


@pytest.mark.parametrize("role", ["facilitator", "expert", "member", "decision_maker"])
def test_only_coordinators_import_lists(client, world, role):
    client.force_login(world.user(role))
    url = reverse("processes:invitations_import_start", args=[world.process.slug])
    assert client.get(url).status_code == 403
    assert client.post(url, {"file": csv_file(GOOD)}).status_code == 403
    assert not Invitation.objects.exists()
