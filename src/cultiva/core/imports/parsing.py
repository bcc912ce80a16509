"""Reading an uploaded CSV or XLSX file into a header and rows of text. No database here.

Everything that could hurt the server or fool the importer is refused with a translated
reason (`ImportRefused`) before any row is read: oversized files, NUL bytes, undecodable
text, ZIP files that are not spreadsheets, zip bombs, and files with too many rows.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
import zipfile
from dataclasses import dataclass, field
from decimal import Decimal

from django.utils.translation import gettext as _

from cultiva.core import text_encoding

MAX_BYTES = 5 * 1024 * 1024
MAX_ROWS = 5_000
ZIP_MAX_UNCOMPRESSED = 50 * 1024 * 1024
ZIP_MAX_RATIO = 100  # checked once the content exceeds ZIP_RATIO_FLOOR
ZIP_RATIO_FLOOR = 10 * 1024 * 1024
ZIP_MAX_ENTRIES = 1_000
MAX_COLUMNS = 100

# Older Romanian keyboards and cp1250 only have the cedilla forms; the correct letters
# are the comma-below ones.
CEDILLA_TO_COMMA = str.maketrans({"ş": "ș", "Ş": "Ș", "ţ": "ț", "Ţ": "Ț"})


class ImportRefused(Exception):
    """The file cannot be imported; the message says why, in the user's language."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = str(message)


@dataclass
class Table:
    header: list[str]
    # (row number in the file, cells) — the header is row 1.
    rows: list[tuple[int, list[str]]] = field(default_factory=list)
    format: str = "csv"
    # How a CSV's bytes were read (UTF-8, UTF-8 (BOM), Windows-1250); empty for XLSX.
    encoding: str = ""
    # XLSX: row number → columns holding a formula with no stored value (not importable).
    formulas: dict[int, set[int]] = field(default_factory=dict)

    def preview(self, count: int = 5) -> list[list[str]]:
        """The first rows' cells, to show the user how the file was read."""
        return [cells for _number, cells in self.rows[:count]]


def is_xlsx(data: bytes, filename: str = "") -> bool:
    return data.startswith(b"PK\x03\x04") or filename.lower().endswith((".xlsx", ".xlsm"))


def read_table(data: bytes, filename: str = "", *, max_rows: int = MAX_ROWS) -> Table:
    """The header and the non-empty rows of a CSV or XLSX file, or ImportRefused."""
    if not data:
        raise ImportRefused(_("The file is empty."))
    if len(data) > MAX_BYTES:
        raise ImportRefused(
            _("The file is too large: at most %(size)d MB can be imported at once.")
            % {"size": MAX_BYTES // (1024 * 1024)}
        )
    encoding = ""
    formulas: dict[int, set[int]] = {}
    if is_xlsx(data, filename):
        header, rows, formulas = _read_xlsx(data, max_rows)
        table_format = "xlsx"
    else:
        header, rows, encoding = _read_csv(data, max_rows)
        table_format = "csv"
    header = [cell.strip() for cell in header]
    while header and not header[-1]:
        header.pop()
    if not any(header):
        raise ImportRefused(_("The file has no header row: the first row must name the columns."))
    if len(header) > MAX_COLUMNS:
        raise ImportRefused(
            _("The file has too many columns (at most %(count)d).") % {"count": MAX_COLUMNS}
        )
    width = len(header)
    table = Table(header=header, format=table_format, encoding=encoding)
    for number, cells in rows:
        cells = [cell.strip() for cell in cells[:width]]
        cells += [""] * (width - len(cells))
        row_formulas = {column for column in formulas.get(number, ()) if column < width}
        if any(cells) or row_formulas:
            table.rows.append((number, cells))
        if row_formulas:
            table.formulas[number] = row_formulas
    if not table.rows:
        raise ImportRefused(_("The file has a header but no rows to import."))
    return table


def _too_many_rows(max_rows: int) -> ImportRefused:
    return ImportRefused(
        _(
            "The file has more than %(limit)d rows. Please split it into files of at most "
            "%(limit)d rows each."
        )
        % {"limit": max_rows}
    )


# --- CSV ----------------------------------------------------------------------------------


def decode_text(data: bytes) -> tuple[str, str]:
    """(text, encoding name) as core.text_encoding reads it; cedilla ş ţ become ș ț."""
    if b"\x00" in data:
        raise ImportRefused(
            _("The file contains NUL bytes: it is not a text (CSV) file. Save it as CSV or XLSX.")
        )
    try:
        text, encoding = text_encoding.decode_text(data)
    except text_encoding.NotText as error:
        raise ImportRefused(error.message) from None
    return text.translate(CEDILLA_TO_COMMA), encoding


def sniff_delimiter(text: str) -> str:
    first_line = text.split("\n", 1)[0]
    counts = {delimiter: first_line.count(delimiter) for delimiter in (";", ",", "\t")}
    best = max(counts, key=lambda delimiter: counts[delimiter])
    return best if counts[best] else ","


def _read_csv(data: bytes, max_rows: int) -> tuple[list[str], list[tuple[int, list[str]]], str]:
    text, encoding = decode_text(data)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=sniff_delimiter(text))
    header: list[str] | None = None
    rows: list[tuple[int, list[str]]] = []
    try:
        for number, cells in enumerate(reader, start=1):
            if header is None:
                header = cells
                continue
            if any(cell.strip() for cell in cells):
                if len(rows) >= max_rows:
                    raise _too_many_rows(max_rows)
                rows.append((number, cells))
    except csv.Error as error:
        raise ImportRefused(_("The CSV file is malformed: %(error)s") % {"error": error}) from None
    return header or [], rows, encoding


# --- XLSX ---------------------------------------------------------------------------------


def check_zip(data: bytes) -> None:
    """Refuse what is not an OOXML spreadsheet, or inflates far beyond its size."""
    not_xlsx = _("The file is not a valid Excel (XLSX) file. Save it again as XLSX or CSV.")
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, ValueError, OSError):
        raise ImportRefused(not_xlsx) from None
    with archive:
        entries = archive.infolist()
        names = {entry.filename for entry in entries}
        if "[Content_Types].xml" not in names or not any(name.startswith("xl/") for name in names):
            raise ImportRefused(not_xlsx)
        total = sum(entry.file_size for entry in entries)
        compressed = sum(entry.compress_size for entry in entries) or 1
        if (
            len(entries) > ZIP_MAX_ENTRIES
            or total > ZIP_MAX_UNCOMPRESSED
            or (total > ZIP_RATIO_FLOOR and total / compressed > ZIP_MAX_RATIO)
        ):
            raise ImportRefused(
                _("The file unpacks to far more data than a spreadsheet should; it was refused.")
            )


def cell_text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else format(Decimal(str(value)), "f")
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value).translate(CEDILLA_TO_COMMA)


FORMULA_ELEMENT = re.compile(rb"<(?:\w+:)?f[\s>/]")


def _has_formulas(data: bytes) -> bool:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return any(
            FORMULA_ELEMENT.search(archive.read(name))
            for name in archive.namelist()
            if name.startswith("xl/worksheets/") and name.endswith(".xml")
        )


def _formula_cells(data: bytes) -> set[tuple[int, int]]:
    """(row number, column index) of every formula cell of the first sheet."""
    from openpyxl import load_workbook

    workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=False)
    try:
        sheet = workbook.worksheets[0]
        return {
            (number, column)
            for number, cells in enumerate(sheet.iter_rows(), start=1)
            for column, cell in enumerate(cells[: MAX_COLUMNS + 1])
            if getattr(cell, "data_type", None) == "f"
        }
    finally:
        workbook.close()


def _read_xlsx(
    data: bytes, max_rows: int
) -> tuple[list[str], list[tuple[int, list[str]]], dict[int, set[int]]]:
    """Header, rows, and the formula cells whose value the file does not store.

    Excel stores each formula's last value, and that value is imported. Files written by
    other programs may hold only the formula: such cells are reported, not read as empty.
    """
    check_zip(data)
    from openpyxl import load_workbook

    not_xlsx = _("The file is not a valid Excel (XLSX) file. Save it again as XLSX or CSV.")
    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        formula_cells = _formula_cells(data) if _has_formulas(data) else set()
    except Exception:  # openpyxl raises many kinds on malformed OOXML
        raise ImportRefused(not_xlsx) from None
    try:
        sheet = workbook.worksheets[0] if workbook.worksheets else None
        if sheet is None:
            return [], [], {}
        header: list[str] | None = None
        rows: list[tuple[int, list[str]]] = []
        formulas: dict[int, set[int]] = {}
        for number, values in enumerate(sheet.iter_rows(values_only=True), start=1):
            cells = [cell_text(value) for value in values[: MAX_COLUMNS + 1]]
            if header is None:
                if not any(cell.strip() for cell in cells):
                    continue  # leading blank rows before the header
                header = cells
                continue
            empty_formulas = (
                {
                    column
                    for column in range(len(cells))
                    if (number, column) in formula_cells and not cells[column].strip()
                }
                if formula_cells
                else set()
            )
            if any(cell.strip() for cell in cells) or empty_formulas:
                if len(rows) >= max_rows:
                    raise _too_many_rows(max_rows)
                rows.append((number, cells))
                if empty_formulas:
                    formulas[number] = empty_formulas
        return header or [], rows, formulas
    except ImportRefused:
        raise
    except Exception:
        raise ImportRefused(not_xlsx) from None
    finally:
        workbook.close()
