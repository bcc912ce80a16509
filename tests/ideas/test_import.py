"""Spreadsheet import: files refused safely, every row checked, all-or-nothing commit."""

from __future__ import annotations

import io
import zipfile

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from cultiva.core.models import ActivityLog
from cultiva.ideas.imports import parsing, services, validation
from cultiva.ideas.imports.parsing import ImportRefused
from cultiva.ideas.models import Contribution, ExtraField, ImportBatch
from tests.factories import make_settlement, make_term, make_user

HEADER_HU = "Típus;Cím;Leírás;Kulturális terület;Település;Szervezet"


@pytest.fixture
def setup(world):
    make_settlement("Gyergyószentmiklós", "Gheorgheni", siruta=83937)
    heritage = make_term("domain", "heritage", hu="Épített örökség", ro="Patrimoniu", en="Heritage")
    music = make_term("domain", "music", hu="Zene", ro="Muzică", en="Music")
    return world, heritage, music


def csv_file(*lines: str, encoding: str = "utf-8") -> bytes:
    return "\r\n".join(lines).encode(encoding)


def good_rows() -> list[str]:
    return [
        HEADER_HU,
        "ötlet;Tájház felújítása;A falu tájházát fel kell újítani.;Épített örökség;Csíkszereda;",
        "szükséglet;Próbaterem;Nincs hol próbálni.;Zene, Patrimoniu;Gheorgheni;",
        "bună practică;Șezătoare;Seri de șezătoare în sat.;Muzică;Miercurea-Ciuc;",
    ]


def upload(world, data: bytes, name: str = "ideas.csv", user=None):
    return services.import_upload(
        process=world.process, uploaded_by=user or world.facilitator, filename=name, data=data
    )


def state():
    return (Contribution.objects.count(), ImportBatch.objects.count(), ActivityLog.objects.count())


# --- parsing -----------------------------------------------------------------------------


def test_utf8_semicolon_csv():
    table = parsing.read_table(csv_file(*good_rows()), "x.csv")
    assert table.header[:3] == ["Típus", "Cím", "Leírás"]
    assert len(table.rows) == 3
    assert table.rows[0][0] == 2  # file row numbers, the header is row 1


def test_utf8_bom_comma_csv():
    data = "\ufeffTitle,Description\r\nŐrség,Ünnep ű ő\r\n".encode()
    table = parsing.read_table(data, "x.csv")
    assert table.header == ["Title", "Description"]
    assert table.rows[0][1] == ["Őrség", "Ünnep ű ő"]


def test_cp1250_hungarian_and_romanian_text_with_cedillas():
    text = "Cím;Leírás\r\nŐsz és tűz;Târgul de toamnă la Băile Tuşnad, ţară\r\n"
    table = parsing.read_table(text.encode("cp1250"), "old.csv")
    assert table.rows[0][1] == ["Ősz és tűz", "Târgul de toamnă la Băile Tușnad, țară"]


@pytest.mark.parametrize(
    "data",
    [
        b"",
        b"Title;Body\r\nA\x00B;C\r\n",
        "Cím;Leírás\r\n".encode() + b"\x81\x98 broken\r\n",
        b"Title;Body\r\n",
        b"\r\n\r\n",
    ],
    ids=["empty", "nul", "undecodable", "header-only", "blank"],
)
def test_bad_csv_refused(data):
    with pytest.raises(ImportRefused):
        parsing.read_table(data, "bad.csv")


def test_too_many_rows_refused_with_the_limit():
    data = ("Title;Body\r\n" + "x;y\r\n" * 50_000).encode()
    with pytest.raises(ImportRefused) as refused:
        parsing.read_table(data, "big.csv")
    assert "5000" in refused.value.message


def test_xlsx_read():
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["Cím", "Leírás", "Összeg -tól"])
    sheet.append(["Színház", "Új színpad", 1500.0])
    buffer = io.BytesIO()
    workbook.save(buffer)
    table = parsing.read_table(buffer.getvalue(), "a.xlsx")
    assert table.format == "xlsx"
    assert table.rows[0][1] == ["Színház", "Új színpad", "1500"]


def zip_bomb(megabytes: int = 60) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("xl/worksheets/sheet1.xml", b"\0" * (megabytes * 1024 * 1024))
    return buffer.getvalue()


def test_zip_bomb_and_fake_xlsx_refused():
    with pytest.raises(ImportRefused):
        parsing.read_table(zip_bomb(), "bomb.xlsx")
    with pytest.raises(ImportRefused):  # under 50 MB, but inflating a thousandfold
        parsing.read_table(zip_bomb(20), "bomb.xlsx")
    with pytest.raises(ImportRefused):
        parsing.read_table(b"not a zip at all", "fake.xlsx")
    with pytest.raises(ImportRefused):
        parsing.read_table(b"PK\x03\x04 truncated", "broken.xlsx")


def test_amounts():
    assert str(validation.parse_amount("1 000")) == "1000"
    assert str(validation.parse_amount("1.000,50")) == "1000.50"
    assert str(validation.parse_amount("2500 lei")) == "2500"
    assert validation.parse_amount("sok") is None


# --- check and commit --------------------------------------------------------------------


def test_mapping_guessed_from_hungarian_romanian_english_headers(world):
    header = ["TIPUS", "Titlu", "Description", "Localitate", "E-mail", "Szervezet"]
    mapping = validation.mapping_guess(header, [])
    assert mapping == {
        "kind": 0,
        "title": 1,
        "body": 2,
        "settlements": 3,
        "author_email": 4,
        "organisation": 5,
    }


def test_dry_run_lists_problems_per_row_with_suggestions(setup):
    world, *_ = setup
    lines = [
        HEADER_HU + ";Összeg -tól;Összeg -ig",
        "ötlet;Jó;Leírás;Örökség;Csikszereda;;10;5",
        "álom;;Leírás;Zenee;Miercurea-Ciuk;Nincs ilyen;sok;",
        "ötlet;Jó cím;;;;;;",
    ]
    before = Contribution.objects.count()
    batch = upload(world, csv_file(*lines))
    check = services.import_check(batch=batch, actor=world.facilitator)
    assert Contribution.objects.count() == before
    by_row = {row.number: row for row in check.problem_rows}
    assert set(by_row) == {2, 3, 4}
    joined = {number: " ".join(row.problems) for number, row in by_row.items()}
    assert "Épített örökség" in joined[2]  # suggestion for the domain
    assert "Csíkszereda" not in joined[2]  # "Csikszereda" is accepted without accents
    assert "Csíkszereda" in joined[3]  # "Miercurea-Ciuk" finds Csíkszereda / Miercurea Ciuc
    assert "Zene" in joined[3]
    assert len(by_row[3].problems) >= 5  # kind, title, domain, settlement, organisation, amount
    assert len(by_row[4].problems) == 1  # only the description
    assert not check.can_commit
    with pytest.raises(Exception):  # noqa: B017 - the service refuses, nothing is written
        services.import_commit(batch=batch, actor=world.facilitator)
    assert Contribution.objects.count() == before


def test_corrected_file_imports_and_reimport_adds_nothing(
    setup, django_capture_on_commit_callbacks
):
    world, heritage, music = setup
    author = make_user("szerzo@example.org")
    lines = good_rows()
    lines[0] += ";E-mail;Összeg -tól;Összeg -ig"
    lines[1] += ";SZERZO@example.org;1 000;2.500"
    lines[2] += ";;;"
    lines[3] += ";;;"
    logs = ActivityLog.objects.count()
    batch = upload(world, csv_file(*lines))
    check = services.import_check(batch=batch, actor=world.facilitator)
    assert check.can_commit, [row.problems for row in check.problem_rows]
    with django_capture_on_commit_callbacks(execute=True):
        batch = services.import_commit(batch=batch, actor=world.facilitator)
    assert batch.created_count == 3 and batch.status == ImportBatch.Status.COMMITTED
    assert ActivityLog.objects.count() == logs + 2  # the upload and the one import entry
    imported = Contribution.objects.filter(import_batch=batch).order_by("import_row")
    first, second, third = imported
    assert first.author == author and first.entered_by == world.facilitator
    assert first.source == Contribution.Source.IMPORT
    assert first.status == Contribution.Status.SUBMITTED
    assert first.import_row == 2 and str(first.resources_amount_max) == "2500.00"
    assert second.kind == "need" and set(second.domains.all()) == {heritage, music}
    assert second.author == world.facilitator
    assert third.kind == "good_practice" and third.settlements.get().name_hu == "Csíkszereda"
    assert "tajhaz" in first.search_document  # indexed for search after the commit

    again = upload(world, csv_file(*lines), name="again.csv")
    check = services.import_check(batch=again, actor=world.facilitator)
    assert check.duplicate_count == 3 and check.can_commit
    again = services.import_commit(batch=again, actor=world.facilitator)
    assert again.created_count == 0 and again.skipped_count == 3
    assert Contribution.objects.filter(source=Contribution.Source.IMPORT).count() == 3


def test_extra_fields_mapped_and_checked(setup):
    world, *_ = setup
    ExtraField.objects.create(
        process=world.process,
        key="audience",
        label={"hu": "Várható résztvevők", "ro": "Participanți", "en": "Audience"},
        kind=ExtraField.Kind.NUMBER,
        is_required=True,
    )
    ExtraField.objects.create(
        process=world.process,
        key="free",
        label={"hu": "Ingyenes", "ro": "Gratuit", "en": "Free"},
        kind=ExtraField.Kind.YES_NO,
    )
    lines = good_rows()
    lines[0] += ";Participanți;Ingyenes"
    lines[1] += ";120;igen"
    lines[2] += ";sok;nu"
    lines[3] += ";;"
    batch = upload(world, csv_file(*lines))
    check = services.import_check(batch=batch, actor=world.facilitator)
    assert [row.number for row in check.problem_rows] == [3, 4]
    assert check.results[0].values["extra"] == {"audience": "120", "free": True}


def test_refused_files_leave_the_database_unchanged(setup):
    world, *_ = setup
    before = state()
    too_big = b"Title;Body\r\n" + b"x" * (parsing.MAX_BYTES + 1)
    many = ("Title;Body\r\n" + "x;y\r\n" * 50_000).encode()
    for name, data in [
        ("bomb.xlsx", zip_bomb()),
        ("nul.csv", b"Title;Body\r\nA\x00;B\r\n"),
        ("broken.csv", b"Title;Body\r\n\x81\x98;x\r\n"),
        ("big.csv", too_big),
        ("many.csv", many),
    ]:
        with pytest.raises(ImportRefused):
            upload(world, data, name=name)
    assert state() == before


@pytest.mark.parametrize("role", ["member", "outsider", "expert", "decision_maker"])
def test_only_facilitators_and_coordinators_import(setup, role):
    world, *_ = setup
    with pytest.raises(PermissionDenied):
        upload(world, csv_file(*good_rows()), user=world.user(role))


def test_query_count_does_not_grow_with_rows(setup):
    world, *_ = setup

    def run(count: int) -> int:
        lines = [HEADER_HU] + [
            f"ötlet;Ötlet {count}-{i};Leírás {i};Zene;Csíkszereda;" for i in range(count)
        ]
        batch = upload(world, csv_file(*lines), name=f"{count}.csv")
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        with CaptureQueriesContext(connection) as queries:
            services.import_commit(batch=batch, actor=world.facilitator)
        inserts = [q for q in queries if q["sql"].lstrip().upper().startswith("INSERT")]
        return len(queries) - len(inserts), len(inserts)

    (small, _small_inserts), (large, large_inserts) = run(10), run(1000)
    # reads and updates do not depend on the rows; inserts go in batches (SQLite's are smaller)
    assert small == large
    assert large_inserts <= 60, large_inserts
    assert Contribution.objects.filter(source="import").count() == 1010


# --- views -------------------------------------------------------------------------------


def client_for(client, user):
    if user is not None and user.is_authenticated:
        client.force_login(user)
    return client


@pytest.mark.parametrize(
    "role,expected",
    [
        ("anonymous", 302),
        ("outsider", 403),
        ("member", 403),
        ("expert", 403),
        ("decision_maker", 403),
        ("facilitator", 200),
        ("coordinator", 200),
    ],
)
def test_import_pages_per_role(setup, client, role, expected):
    world, *_ = setup
    client = client_for(client, world.user(role))
    slug = world.process.slug
    for url in (
        reverse("ideas:import_start", args=[slug]),
        reverse("ideas:import_template", args=[slug, "xlsx"]),
        reverse("ideas:import_template", args=[slug, "csv"]),
    ):
        assert client.get(url).status_code == expected, url


def test_whole_flow_through_the_pages(setup, client):
    world, *_ = setup
    client = client_for(client, world.facilitator)
    slug = world.process.slug
    start = reverse("ideas:import_start", args=[slug])
    bad = good_rows() + ["ötlet;Rossz;Leírás;Nincs ilyen terület;Sehol;"]
    from django.core.files.uploadedfile import SimpleUploadedFile

    response = client.post(start, {"file": SimpleUploadedFile("a.csv", csv_file(*bad))})
    assert response.status_code == 302
    batch = ImportBatch.objects.get()
    columns = client.get(response["Location"])
    assert columns.status_code == 200
    form = columns.context["form"]
    data = {name: form[name].value() or "" for name in form.fields}
    response = client.post(response["Location"], data)
    assert response.status_code == 302
    check = client.get(response["Location"])
    assert check.status_code == 200
    assert [row.number for row in check.context["problem_rows"]] == [5]
    assert b"row-5" in check.content
    commit = reverse("ideas:import_commit", args=[slug, batch.pk])
    assert client.post(commit).status_code == 302
    assert Contribution.objects.filter(source="import").count() == 0

    response = client.post(start, {"file": SimpleUploadedFile("b.csv", csv_file(*good_rows()))})
    batch = ImportBatch.objects.latest("id")
    client.post(response["Location"], data)
    response = client.post(reverse("ideas:import_commit", args=[slug, batch.pk]))
    assert response.status_code == 302
    assert Contribution.objects.filter(source="import").count() == 3
    assert client.get(response["Location"]).status_code == 200


def test_refused_upload_shows_the_reason(setup, client):
    world, *_ = setup
    client = client_for(client, world.facilitator)
    from django.core.files.uploadedfile import SimpleUploadedFile

    response = client.post(
        reverse("ideas:import_start", args=[world.process.slug]),
        {"file": SimpleUploadedFile("bomb.xlsx", zip_bomb())},
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert response.status_code == 200
    assert response.context["form"].errors["file"]
    assert ImportBatch.objects.count() == 0


def test_template_lists_valid_values(setup, client):
    world, *_ = setup
    client = client_for(client, world.facilitator)
    response = client.get(reverse("ideas:import_template", args=[world.process.slug, "xlsx"]))
    workbook = load_workbook(io.BytesIO(response.content))
    header = [cell.value for cell in workbook.worksheets[0][1]]
    assert validation.mapping_guess([h.rstrip(" *") for h in header], [])["title"] == 1
    values = [row for row in workbook.worksheets[1].iter_rows(values_only=True)]
    assert any("Gyergyószentmiklós" in row for row in values)
    csv_response = client.get(reverse("ideas:import_template", args=[world.process.slug, "csv"]))
    assert csv_response.content.startswith("\ufeff".encode())


@pytest.mark.parametrize(
    "role,expected",
    [("anonymous", 302), ("member", 403), ("outsider", 403), ("decision_maker", 403)],
)
def test_batch_pages_refused_to_others(setup, client, role, expected):
    world, *_ = setup
    batch = upload(world, csv_file(*good_rows()))
    user = world.user(role)
    if user.is_authenticated:
        client.force_login(user)
    slug = world.process.slug
    for name in ("import_columns", "import_check"):
        assert client.get(reverse(f"ideas:{name}", args=[slug, batch.pk])).status_code == expected
    commit = reverse("ideas:import_commit", args=[slug, batch.pk])
    assert client.post(commit).status_code == expected
    assert not Contribution.objects.filter(source="import").exists()


def test_coordinator_continues_a_batch_and_get_cannot_commit(setup, client):
    world, *_ = setup
    batch = upload(world, csv_file(*good_rows()))
    client.force_login(world.coordinator)
    slug = world.process.slug
    assert client.get(reverse("ideas:import_check", args=[slug, batch.pk])).status_code == 200
    assert client.get(reverse("ideas:import_commit", args=[slug, batch.pk])).status_code == 405
    other = reverse("ideas:import_check", args=[slug, batch.pk + 999])
    assert client.get(other).status_code == 404


# --- villages ----------------------------------------------------------------------------


@pytest.fixture
def villages(setup):
    from cultiva.core.models import Locality

    world, *_ = setup
    sanmartin = make_settlement("Csíkszentmárton", "Sânmartin", kind="commune")
    for siruta, hu, ro in (
        (85804, "Csíkcsekefalva", "Ciucani"),
        (85831, "Úzvölgye", "Valea Uzului"),
    ):
        Locality.objects.create(settlement=sanmartin, siruta=siruta, name_hu=hu, name_ro=ro)
    # One village name in two units.
    lueta = make_settlement("Lövéte", "Lueta", kind="commune")
    bilbor = make_settlement("Bélbor", "Bilbor", kind="commune")
    Locality.objects.create(settlement=lueta, siruta=85430, name_hu="Bükkloka", name_ro="Făgețel")
    Locality.objects.create(settlement=bilbor, siruta=84420, name_hu="Bükkhavas", name_ro="Făgețel")
    return world, sanmartin


def test_village_names_map_to_their_unit(villages, django_capture_on_commit_callbacks):
    world, sanmartin = villages
    ExtraField.objects.create(
        process=world.process,
        key="venue",
        label={"hu": "Helyszín", "ro": "Loc", "en": "Venue"},
        kind=ExtraField.Kind.SETTLEMENT,
    )
    lines = [
        HEADER_HU + ";Helyszín",
        "ötlet;Kórus;Közös éneklés.;Zene;Csikcsekefalva;;Uzvolgye",  # no accents
        "ötlet;Tánc;Táncház.;Zene;Valea Uzului, Ciucani;;",  # Romanian names
        "ötlet;Mozi;Falumozi.;Zene;Csíkszentmárton;;",  # the unit itself
    ]
    batch = upload(world, csv_file(*lines))
    check = services.import_check(batch=batch, actor=world.facilitator)
    assert check.can_commit, [row.problems for row in check.problem_rows]
    assert [row.values["settlements"] for row in check.results] == [[sanmartin.pk]] * 3
    assert check.results[0].values["extra"] == {"venue": sanmartin.pk}
    # The dry run says which unit each village was taken for.
    assert dict(check.village_notes) == {
        "Csikcsekefalva → Csíkszentmárton / Sânmartin": 1,
        "Uzvolgye → Csíkszentmárton / Sânmartin": 1,
        "Valea Uzului → Csíkszentmárton / Sânmartin": 1,
        "Ciucani → Csíkszentmárton / Sânmartin": 1,
    }
    assert check.results[2].notes == []
    with django_capture_on_commit_callbacks(execute=True):
        services.import_commit(batch=batch, actor=world.facilitator)
    imported = Contribution.objects.filter(import_batch=batch)
    assert {c.settlements.get() for c in imported} == {sanmartin}


def test_a_village_name_in_two_units_is_an_error_naming_both(villages):
    world, _sanmartin = villages
    lines = [HEADER_HU, "ötlet;Erdei tábor;Nyári tábor.;Zene;Fagetel;"]
    batch = upload(world, csv_file(*lines))
    check = services.import_check(batch=batch, actor=world.facilitator)
    assert not check.can_commit
    (problem,) = check.problem_rows[0].problems
    assert "Fagetel" in problem and "Lövéte / Lueta" in problem and "Bélbor / Bilbor" in problem
    # The Hungarian names differ, so they are not ambiguous.
    lines = [HEADER_HU, "ötlet;Erdei tábor;Nyári tábor.;Zene;Bükkloka;"]
    check = services.import_check(batch=upload(world, csv_file(*lines)), actor=world.facilitator)
    assert check.can_commit and check.village_notes == [("Bükkloka → Lövéte / Lueta", 1)]


def test_unknown_place_suggests_villages_with_their_unit(villages):
    world, _sanmartin = villages
    lines = [HEADER_HU, "ötlet;Kórus;Közös éneklés.;Zene;Csikcsekefalv;"]
    check = services.import_check(batch=upload(world, csv_file(*lines)), actor=world.facilitator)
    (problem,) = check.problem_rows[0].problems
    assert "Csíkcsekefalva / Ciucani (Csíkszentmárton / Sânmartin)" in problem


def test_dry_run_page_lists_mapped_villages(villages, client):
    world, _sanmartin = villages
    client = client_for(client, world.facilitator)
    lines = [HEADER_HU, "ötlet;Kórus;Közös éneklés.;Zene;Csíkcsekefalva;"]
    batch = upload(world, csv_file(*lines))
    page = client.get(reverse("ideas:import_check", args=[world.process.slug, batch.pk]))
    assert page.status_code == 200
    assert "Csíkcsekefalva → Csíkszentmárton / Sânmartin" in page.content.decode()


def test_villages_of_the_real_territory(setup):
    from cultiva.core.territory import territory_load_harghita

    world, *_ = setup
    territory_load_harghita()
    lines = [
        HEADER_HU,
        "ötlet;Kórus;Közös éneklés.;Zene;Csíkcsekefalva;",
        "ötlet;Tábor;Erdei tábor.;Zene;Fagetel;",
    ]
    check = services.import_check(batch=upload(world, csv_file(*lines)), actor=world.facilitator)
    assert check.village_notes == [("Csíkcsekefalva → Csíkszentmárton / Sânmartin", 1)]
    assert [row.number for row in check.problem_rows] == [3]


@pytest.mark.parametrize("step", ["ideas:import_columns", "ideas:import_check"])
def test_an_upload_whose_file_is_gone_says_so_instead_of_failing(client, world, step):
    batch = upload(world, csv_file(*good_rows()))
    batch.file.delete(save=True)  # the daily clean-up, or storage lost it
    client.force_login(world.facilitator)
    response = client.get(reverse(step, args=[world.process.slug, batch.pk]), follow=True)
    assert response.status_code == 200
    assert "A feltöltött fájl már nincs meg" in response.content.decode()
