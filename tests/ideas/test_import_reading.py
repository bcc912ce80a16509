"""How an import file is read, and what the check says about rows it cannot take.

Encodings: UTF-8 is read strictly; Windows-1250 only when the file is not UTF-8 and reads as
Hungarian or Romanian letters. A UTF-8 file with one broken byte was read whole as
Windows-1250 and imported as mojibake ("JĂł sor Ĺ‘") with "0 problems"; now it is refused
with where it broke. The mapping and check steps show the encoding and the first rows.
Formula cells with no stored value were reported as "Title is missing", and rows repeated in
one file as "already imported".
"""

from __future__ import annotations

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation
from openpyxl import Workbook

from cultiva.ideas.imports import parsing, services
from cultiva.ideas.imports.parsing import ImportRefused
from cultiva.ideas.models import Contribution, ImportBatch
from tests.factories import make_settlement, make_term
from tests.ideas.test_import import HEADER_HU, csv_file, good_rows, upload


@pytest.fixture
def setup(world):
    make_settlement("Gyergyószentmiklós", "Gheorgheni", siruta=83937)
    make_term("domain", "heritage", hu="Épített örökség", ro="Patrimoniu", en="Heritage")
    make_term("domain", "music", hu="Zene", ro="Muzică", en="Music")
    return world


HUNGARIAN = ["Cím;Leírás", "Jó sor ő;Árvíztűrő tükörfúrógép, őszi ünnep", "Második;Rövid leírás"]
ROMANIAN = ["Titlu;Descriere", "Şcoală de vară;Târgul de toamnă la Băile Tuşnad, ţară"]


def test_valid_utf8_is_read_as_utf8():
    table = parsing.read_table(csv_file(*HUNGARIAN), "a.csv")
    assert table.encoding == "UTF-8"
    assert table.rows[0][1] == ["Jó sor ő", "Árvíztűrő tükörfúrógép, őszi ünnep"]


def test_utf8_with_bom_is_read_as_utf8():
    table = parsing.read_table(b"\xef\xbb\xbf" + csv_file(*HUNGARIAN), "a.csv")
    assert table.encoding == "UTF-8 (BOM)"
    assert table.header == ["Cím", "Leírás"]


def test_windows_1250_hungarian_file():
    table = parsing.read_table(csv_file(*HUNGARIAN, encoding="cp1250"), "a.csv")
    assert table.encoding == "Windows-1250"
    assert table.rows[0][1] == ["Jó sor ő", "Árvíztűrő tükörfúrógép, őszi ünnep"]


def test_windows_1250_romanian_file_cedillas_become_commas():
    table = parsing.read_table(csv_file(*ROMANIAN, encoding="cp1250"), "a.csv")
    assert table.encoding == "Windows-1250"
    assert table.rows[0][1] == ["Școală de vară", "Târgul de toamnă la Băile Tușnad, țară"]


def test_utf8_with_one_broken_byte_is_refused_with_where_it_broke():
    data = csv_file(*HUNGARIAN).replace("Második".encode(), b"M\xe1sodik")
    with pytest.raises(ImportRefused) as refused:
        parsing.read_table(data, "a.csv")
    message = refused.value.message
    assert "UTF-8" in message and "3. sor 2. bájt" in message, message  # line 3, byte 2
    # and never garbage: a lone bad byte in a file that is otherwise UTF-8 too
    data = csv_file(*HUNGARIAN) + b"\r\nHarmadik;\xff"
    with pytest.raises(ImportRefused):
        parsing.read_table(data, "a.csv")


def test_text_that_is_neither_utf8_nor_plausible_1250_is_refused():
    data = b"Title;Body\r\nA;" + "Привет мир".encode("cp1251")
    with pytest.raises(ImportRefused):
        parsing.read_table(data, "a.csv")


def client_for(client, user):
    client.force_login(user)
    return client


def test_broken_upload_is_refused_on_the_page_and_nothing_is_kept(setup, client):
    world = setup
    client = client_for(client, world.facilitator)
    start = reverse("ideas:import_start", args=[world.process.slug])
    data = csv_file(*good_rows()).replace("Tájház".encode(), b"T\xe1jh\xe1z")
    response = client.post(start, {"file": SimpleUploadedFile("a.csv", data)})
    assert response.status_code == 200
    assert "UTF-8" in response.content.decode()
    assert not ImportBatch.objects.exists()


def test_mapping_and_check_pages_show_the_encoding_and_the_first_rows(setup, client):
    world = setup
    client = client_for(client, world.facilitator)
    # cp1250 has only the cedilla forms: Şezătoare is read back as Șezătoare
    rows = [row.replace("Ș", "Ş").replace("ș", "ş") for row in good_rows()]
    batch = upload(world, csv_file(*rows, encoding="cp1250"))
    slug = world.process.slug
    columns = client.get(reverse("ideas:import_columns", args=[slug, batch.pk]))
    page = columns.content.decode()
    assert 'data-encoding="Windows-1250"' in page
    assert "Tájház felújítása" in page and "Șezătoare" in page  # the rows as read
    check = client.get(reverse("ideas:import_check", args=[slug, batch.pk]))
    page = check.content.decode()
    assert 'data-encoding="Windows-1250"' in page
    assert "Tájház felújítása" in page


def xlsx(rows) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)  # openpyxl stores formulas without a computed value
    return buffer.getvalue()


def test_formula_cells_without_a_value_are_named_as_formulas(setup):
    world = setup
    data = xlsx(
        [
            ["Típus", "Cím", "Leírás", "Kulturális terület"],
            ["ötlet", '=CONCATENATE("Táj", "ház")', "A tájházat fel kell újítani.", "Zene"],
            ["ötlet", "Próbaterem", "Nincs hol próbálni.", "Zene"],
        ]
    )
    batch = upload(world, data, name="a.xlsx")
    with translation.override("en"):
        check = services.import_check(batch=batch, actor=world.facilitator)
    first, second = check.results
    assert len(first.problems) == 1, first.problems
    assert "formula" in first.problems[0] and "Title" in first.problems[0]
    assert "missing" not in first.problems[0]
    assert second.ok


def test_rows_repeated_in_one_file_name_the_first_row(setup, client):
    world = setup
    row = good_rows()[1]
    batch = upload(world, csv_file(HEADER_HU, row, row, row))
    check = services.import_check(batch=batch, actor=world.facilitator)
    assert [r.repeated_row for r in check.results] == [None, 2, 2]
    assert check.already_imported_count == 0
    page = client_for(client, world.facilitator).get(
        reverse("ideas:import_check", args=[world.process.slug, batch.pk])
    )
    text = page.content.decode()
    assert "4. sor: ismétlődik ebben a fájlban, 2. sor" in text  # Row 4: repeated …, row 2
    assert "2 sor egy korábbi sort ismétel a fájlban" in text
    assert "0 sort már importáltak" in text
    services.import_commit(batch=batch, actor=world.facilitator)
    assert Contribution.objects.filter(source="import").count() == 1
