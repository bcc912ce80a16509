"""The shared spreadsheet writers (core.spreadsheets): what opens in Excel or LibreOffice."""

from __future__ import annotations

import csv
import io

from openpyxl import load_workbook

from cultiva.core.spreadsheets import Sheet, csv_bytes, xlsx_bytes


def test_xlsx_keeps_text_as_text_freezes_the_header_and_sizes_the_columns():
    data = xlsx_bytes(
        [
            Sheet("Javaslatok [2026]", ["Cím", "Szám"], [["=1+1", 3], ["ő\x07ș", None]]),
            Sheet("Témák", ["Téma"], [["Könyvtárak és olvasás / Biblioteci și lectură"]], 0),
        ]
    )
    first, second = load_workbook(io.BytesIO(data)).worksheets
    assert first.title == "Javaslatok  2026"  # [ ] are not allowed in sheet names
    assert first["A1"].value == "Cím" and first["A1"].font.b
    assert first["A2"].value == "=1+1" and first["A2"].data_type == "s"  # never a formula
    assert first["B2"].value == 3 and first["B2"].data_type == "n"
    assert first["A3"].value == "őș"  # a control character Excel refuses is dropped
    assert first.freeze_panes == "B2"
    assert second.freeze_panes == "A2"
    assert second.column_dimensions["A"].width > first.column_dimensions["A"].width


def test_csv_has_a_byte_order_mark_and_neutralised_formulas():
    text = csv_bytes(["Cím"], [["=HYPERLINK(1)"], ["-2"], ["ș"]]).decode("utf-8")
    assert text.startswith("\ufeff")
    rows = list(csv.reader(io.StringIO(text.lstrip("\ufeff"))))
    assert rows == [["Cím"], ["'=HYPERLINK(1)"], ["'-2"], ["ș"]]
