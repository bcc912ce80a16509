"""Coordinators import the county's list of organisations through the import wizard."""

from __future__ import annotations

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook

from cultiva.accounts.models import Organisation
from cultiva.core.imports import kind_get
from cultiva.core.imports import services as wizard
from cultiva.core.models import ActivityLog, Locality, SpreadsheetImport, TaxonomyTerm
from tests.factories import make_settlement

pytestmark = pytest.mark.django_db

HEADER = "Név;Denumire;Jogi forma;Ágazat;Település;Kulturális területek;CUI;Honlap"


@pytest.fixture
def territory(world):
    for vocabulary, slug, names in (
        ("sector", "ngo", {"hu": "Civil szervezet", "ro": "Organizație neguvernamentală"}),
        ("sector", "public-institution", {"hu": "Közintézmény", "ro": "Instituție publică"}),
        ("domain", "music", {"hu": "Zene", "ro": "Muzică", "en": "Music"}),
    ):
        TaxonomyTerm.objects.update_or_create(
            vocabulary=vocabulary, slug=slug, defaults={"name": names}
        )
    gyergyo = make_settlement("Gyergyószentmiklós", "Gheorgheni")
    sanmartin = make_settlement("Csíkszentmárton", "Sânmartin")
    Locality.objects.create(
        settlement=sanmartin, siruta=85001, name_ro="Ciucsângeorgiu", name_hu="Csíkcsekefalva"
    )
    return gyergyo


def csv_file(*rows: str) -> bytes:
    return "\r\n".join([HEADER, *rows]).encode("utf-8")


GOOD = (
    # Romanian settlement name without diacritics, Romanian sector name.
    "Gyergyói Zenebarátok;Asociația Prietenii Muzicii;egyesület;Organizatie neguvernamentala;"
    "Gheorgheni;Zene;RO14399840;zenebaratok.example.org",
    # Hungarian settlement name without accents; a village maps to its unit.
    "Csekefalvi Múzeum;Muzeul din Ciucsângeorgiu;intezmeny;Közintézmény;Csikcsekefalva;;;",
    # Only a Romanian name; the county seat by its Hungarian name.
    ";Fundația Harghita;alapítvány;Civil szervezet;Csíkszereda;Muzică;18547290;",
)


def run(world, data: bytes, name="szervezetek.csv"):
    kind = kind_get("organisations")
    batch = wizard.import_upload(
        kind=kind, process=None, uploaded_by=world.coordinator, filename=name, data=data
    )
    check = wizard.import_check(kind=kind, batch=batch, actor=world.coordinator)
    return kind, batch, check


def test_a_good_list_is_imported_matching_settlements_in_either_language(world, territory):
    kind, batch, check = run(world, csv_file(*GOOD))
    assert check.problem_count == 0, check.problem_rows[0].problems if check.problem_rows else ""
    wizard.import_commit(kind=kind, batch=batch, actor=world.coordinator)
    zene = Organisation.objects.get(registry_code="14399840")
    assert zene.name == {"hu": "Gyergyói Zenebarátok", "ro": "Asociația Prietenii Muzicii"}
    assert zene.settlement == territory and zene.legal_form == "association"
    assert zene.sector.slug == "ngo" and [d.slug for d in zene.domains.all()] == ["music"]
    assert zene.website == "https://zenebaratok.example.org"
    museum = Organisation.objects.get(name__ro="Muzeul din Ciucsângeorgiu")
    assert museum.settlement.name_hu == "Csíkszentmárton"
    assert museum.sector.slug == "public-institution"
    assert Organisation.objects.get(registry_code="18547290").settlement.name_ro == (
        "Miercurea Ciuc"
    )
    assert ActivityLog.objects.filter(verb="organisation.imported").count() == 3
    assert ActivityLog.objects.filter(verb="import.committed").exists()


def test_one_bad_row_imports_nothing(world, territory):
    before = Organisation.objects.count()
    bad = "Rossz Egyesület;;egyesület;Civil szervezet;Nincsilyenfalva;;14399841;"
    kind, batch, check = run(world, csv_file(*GOOD, bad))
    assert check.problem_count == 1
    problems = check.problem_rows[0].problems
    assert any("Ismeretlen település" in p for p in problems)
    assert any("adószám" in p for p in problems)
    with pytest.raises(Exception, match="nothing was imported|semmi"):
        wizard.import_commit(kind=kind, batch=batch, actor=world.coordinator)
    assert Organisation.objects.count() == before


def test_importing_the_same_list_again_adds_nothing(world, territory):
    kind, batch, _check = run(world, csv_file(*GOOD))
    wizard.import_commit(kind=kind, batch=batch, actor=world.coordinator)
    count = Organisation.objects.count()
    # The same rows, one name spelt without accents: matched by tax code or name + settlement.
    again = [GOOD[0], GOOD[1].replace("Csekefalvi Múzeum", "Csekefalvi Muzeum"), GOOD[2]]
    kind, batch, check = run(world, csv_file(*again))
    assert check.already_imported_count == 3 and check.ok_count == 0
    batch = wizard.import_commit(kind=kind, batch=batch, actor=world.coordinator)
    assert batch.created_count == 0 and batch.skipped_count == 3
    assert Organisation.objects.count() == count


def test_a_row_repeated_in_the_file_is_imported_once(world, territory):
    kind, batch, check = run(world, csv_file(GOOD[0], GOOD[0]))
    assert check.repeated_rows[0].repeated_row == 2
    wizard.import_commit(kind=kind, batch=batch, actor=world.coordinator)
    assert Organisation.objects.filter(registry_code="14399840").count() == 1


def test_the_wizard_pages_work_for_a_coordinator_with_an_xlsx_file(client, world, territory):
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(HEADER.split(";"))
    sheet.append(GOOD[0].split(";"))
    buffer = io.BytesIO()
    workbook.save(buffer)
    client.force_login(world.coordinator)
    start = reverse("accounts:organisation_import_start")
    response = client.post(start, {"file": SimpleUploadedFile("lista.xlsx", buffer.getvalue())})
    batch = SpreadsheetImport.objects.get(kind="organisations")
    assert batch.process is None
    assert response["Location"] == reverse("accounts:organisation_import_columns", args=[batch.pk])
    columns = client.get(response["Location"]).content.decode()
    assert "Gyergyói Zenebarátok" in columns  # the preview
    check = client.get(reverse("accounts:organisation_import_check", args=[batch.pk]))
    assert "1 szervezet importálása" in check.content.decode()
    client.post(reverse("accounts:organisation_import_commit", args=[batch.pk]))
    assert Organisation.objects.filter(registry_code="14399840").exists()
    done = client.get(reverse("accounts:organisation_import_check", args=[batch.pk]))
    assert "1 szervezet importálva" in done.content.decode()


@pytest.mark.parametrize("role", ["anonymous", "member", "facilitator", "expert"])
def test_only_coordinators_import(client, world, role):
    if role != "anonymous":
        client.force_login(world.user(role))
    response = client.get(reverse("accounts:organisation_import_start"))
    assert response.status_code in (302, 403)
    assert response.status_code == (302 if role == "anonymous" else 403)
