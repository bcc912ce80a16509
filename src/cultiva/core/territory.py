"""Loading a county's territory (settlements and localities) from CSV files.

Every row is checked first and all problems are reported together, with row numbers;
nothing is written unless the whole file is valid. Loading is an upsert by SIRUTA code,
so running it again with the same files changes nothing, and corrected names update.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path

from django.db import transaction
from django.utils.translation import gettext as _

from cultiva.core import text_encoding
from cultiva.core.activity import activity_record
from cultiva.core.cache import REFERENCE_DATA, generation_bump
from cultiva.core.models import County, Locality, MicroRegion, Settlement
from cultiva.core.text import fold

DATA_DIR = Path(__file__).resolve().parent / "data"
MAX_UPLOAD_BYTES = 2 * 1024 * 1024

HARGHITA_SIRUTA = 190
HARGHITA_NAME_RO = "Harghita"
HARGHITA_NAME_HU = "Hargita"

UAT_REQUIRED = ("siruta", "type", "name_ro")
LOCALITY_REQUIRED = ("siruta", "parent_siruta", "name_ro")

Kind = Settlement.Kind

# SIRUTA type words (without diacritics, lower case), SIRUTA `tip` numbers, English keys.
_KIND_ALIASES: dict[str, str] = {
    "municipiu resedinta de judet": Kind.COUNTY_SEAT,
    "municipiu resedinta judet": Kind.COUNTY_SEAT,
    "1": Kind.COUNTY_SEAT,
    "municipiu": Kind.MUNICIPALITY,
    "4": Kind.MUNICIPALITY,
    "oras": Kind.TOWN,
    "2": Kind.TOWN,
    "comuna": Kind.COMMUNE,
    "3": Kind.COMMUNE,
    **{kind.value: kind.value for kind in Kind},
    "county seat": Kind.COUNTY_SEAT,
}

# Romanian written with cedillas (legacy code pages) -> comma below.
_CEDILLA_TO_COMMA = str.maketrans({"ş": "ș", "Ş": "Ș", "ţ": "ț", "Ţ": "Ț"})


class TerritoryImportError(Exception):
    """The files cannot be loaded. `errors` lists every problem, one message each."""

    def __init__(self, errors: Iterable[str]):
        self.errors = [str(error) for error in errors]
        super().__init__("\n".join(self.errors))


@dataclass
class LoadResult:
    county: County
    settlements_created: int = 0
    settlements_updated: int = 0
    settlements_unchanged: int = 0
    localities_created: int = 0
    localities_updated: int = 0
    localities_unchanged: int = 0
    micro_regions: list[str] = field(default_factory=list)

    @property
    def settlements(self) -> int:
        return self.settlements_created + self.settlements_updated + self.settlements_unchanged

    @property
    def localities(self) -> int:
        return self.localities_created + self.localities_updated + self.localities_unchanged


# --- reading files ----------------------------------------------------------------------


def read_csv_upload(file_bytes: bytes) -> list[dict[str, str]]:
    """Decode an uploaded CSV file into rows keyed by lower-case column name.

    Accepts UTF-8 with or without BOM, or plausible Windows-1250 (core.text_encoding); comma,
    semicolon or tab separated. Blank lines are kept as empty rows so row numbers in error messages
    match the line numbers a spreadsheet shows (the header is row 1).
    """
    if len(file_bytes) > MAX_UPLOAD_BYTES:
        raise TerritoryImportError(
            [
                _("The file is too large (%(size)s MB); the limit is %(limit)s MB.")
                % {
                    "size": f"{len(file_bytes) / 1024 / 1024:.1f}",
                    "limit": MAX_UPLOAD_BYTES // 1024 // 1024,
                }
            ]
        )
    if b"\x00" in file_bytes:
        raise TerritoryImportError(
            [_("The file contains NUL bytes: it is not a CSV text file. Save it as CSV (UTF-8).")]
        )
    try:
        text, _encoding = text_encoding.decode_text(file_bytes)
    except text_encoding.NotText as error:
        raise TerritoryImportError([error.message]) from None
    return _parse_csv_text(text)


def read_csv_path(path: str | Path) -> list[dict[str, str]]:
    return read_csv_upload(Path(path).read_bytes())


def _parse_csv_text(text: str) -> list[dict[str, str]]:
    lines = text.splitlines()
    if not lines or not lines[0].strip():
        return []
    header_line = lines[0]
    delimiter = max([",", ";", "\t"], key=header_line.count)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        header = next(reader)
    except StopIteration:
        return []
    columns = [column.strip().lower() for column in header]
    rows: list[dict[str, str]] = []
    for values in reader:
        row = {
            column: (values[index].strip() if index < len(values) else "")
            for index, column in enumerate(columns)
            if column
        }
        rows.append(row)
    return rows


# --- validation -------------------------------------------------------------------------


def normalise_kind(value: str) -> str | None:
    """Map a SIRUTA type word, tip number or English key to a Settlement.Kind value."""
    text = fold((value or "").strip())
    text = text.replace("(", " ").replace(")", " ").replace("_", " ").replace("-", " ")
    text = " ".join(text.split())
    return _KIND_ALIASES.get(text) or _KIND_ALIASES.get(text.replace(" ", "_"))


def _clean_name(value: str | None) -> str:
    return " ".join((value or "").split()).translate(_CEDILLA_TO_COMMA)


def _parse_siruta(value: str | None) -> int | None:
    text = (value or "").strip()
    if not text.isdigit():
        return None
    number = int(text)
    return number if 0 < number < 2**31 else None


def _parse_coordinate(value: str | None, limit: int) -> tuple[bool, Decimal | None]:
    """(ok, value). An empty cell is fine and means 'unknown'."""
    text = (value or "").strip().replace(",", ".")
    if not text:
        return True, None
    try:
        number = Decimal(text)
    except InvalidOperation:
        return False, None
    if not number.is_finite() or abs(number) > limit:
        return False, None
    return True, number.quantize(Decimal("0.00001"))


def _is_blank(row: Mapping[str, str]) -> bool:
    return not any((value or "").strip() for value in row.values())


def _lower_keys(row: Mapping[str, str]) -> dict[str, str]:
    return {key.strip().lower(): value for key, value in row.items() if key}


def _missing_columns(rows: list[Mapping[str, str]], required: Iterable[str]) -> list[str]:
    present: set[str] = set()
    for row in rows:
        present.update(key.strip().lower() for key in row if key)
    return [column for column in required if column not in present]


def _validate_uat_rows(rows: list[Mapping[str, str]], errors: list[str]) -> list[dict]:
    label = _("Settlements file")
    if not rows or all(_is_blank(row) for row in rows):
        errors.append(_("%(file)s: the file has no rows.") % {"file": label})
        return []
    missing = _missing_columns(rows, UAT_REQUIRED)
    if missing:
        errors.append(
            _("%(file)s: required columns are missing: %(columns)s.")
            % {"file": label, "columns": ", ".join(missing)}
        )
        return []
    cleaned: list[dict] = []
    seen: dict[int, int] = {}
    for index, raw in enumerate(rows):
        number = index + 2  # the header is row 1
        if _is_blank(raw):
            continue
        row = _lower_keys(raw)
        problems: list[str] = []
        siruta = _check_siruta(row, seen, number, problems)
        kind = normalise_kind(row.get("type", ""))
        if kind is None:
            problems.append(
                _(
                    "unknown type “%(value)s”; use municipiu (reședință de județ), "
                    "municipiu, oraș or comună."
                )
                % {"value": row.get("type", "")}
            )
        name_ro, latitude, longitude = _check_names_and_place(row, problems)
        _report(errors, label, number, problems)
        if not problems:
            cleaned.append(
                {
                    "siruta": siruta,
                    "kind": kind,
                    "name_ro": name_ro,
                    "name_hu": _clean_name(row.get("name_hu")),
                    "micro_region": _clean_name(row.get("micro_region")),
                    "latitude": latitude,
                    "longitude": longitude,
                }
            )
    return cleaned


def _validate_locality_rows(
    rows: list[Mapping[str, str]],
    settlement_sirutas: set[int],
    errors: list[str],
) -> list[dict]:
    label = _("Localities file")
    if not rows or all(_is_blank(row) for row in rows):
        return []
    missing = _missing_columns(rows, LOCALITY_REQUIRED)
    if missing:
        errors.append(
            _("%(file)s: required columns are missing: %(columns)s.")
            % {"file": label, "columns": ", ".join(missing)}
        )
        return []
    cleaned: list[dict] = []
    seen: dict[int, int] = {}
    for index, raw in enumerate(rows):
        number = index + 2
        if _is_blank(raw):
            continue
        row = _lower_keys(raw)
        problems: list[str] = []
        siruta = _check_siruta(row, seen, number, problems)
        parent = _parse_siruta(row.get("parent_siruta"))
        if parent is None or parent not in settlement_sirutas:
            problems.append(
                _("the parent SIRUTA code “%(value)s” is not a settlement of this county.")
                % {"value": row.get("parent_siruta", "")}
            )
        name_ro, latitude, longitude = _check_names_and_place(row, problems)
        _report(errors, label, number, problems)
        if not problems:
            cleaned.append(
                {
                    "siruta": siruta,
                    "parent": parent,
                    "name_ro": name_ro,
                    "name_hu": _clean_name(row.get("name_hu")),
                    "latitude": latitude,
                    "longitude": longitude,
                }
            )
    return cleaned


def _check_siruta(row: Mapping[str, str], seen: dict[int, int], number: int, problems: list):
    """The row's SIRUTA code, or None with the reason added to `problems`."""
    siruta = _parse_siruta(row.get("siruta"))
    if siruta is None:
        problems.append(
            _("the SIRUTA code “%(value)s” is not a positive whole number.")
            % {"value": row.get("siruta", "")}
        )
    elif siruta in seen:
        problems.append(
            _("the SIRUTA code %(siruta)s already appears in row %(other)s.")
            % {"siruta": siruta, "other": seen[siruta]}
        )
        siruta = None
    else:
        seen[siruta] = number
    return siruta


def _check_names_and_place(row: Mapping[str, str], problems: list):
    """The Romanian name and the coordinates, each problem added to `problems`."""
    name_ro = _clean_name(row.get("name_ro"))
    if not name_ro:
        problems.append(_("the Romanian name (name_ro) is missing."))
    ok_lat, latitude = _parse_coordinate(row.get("lat"), 90)
    if not ok_lat:
        problems.append(
            _("the latitude “%(value)s” is not a number between -90 and 90.")
            % {"value": row.get("lat", "")}
        )
    ok_lon, longitude = _parse_coordinate(row.get("lon"), 180)
    if not ok_lon:
        problems.append(
            _("the longitude “%(value)s” is not a number between -180 and 180.")
            % {"value": row.get("lon", "")}
        )
    return name_ro, latitude, longitude


def _report(errors: list[str], label: str, number: int, problems: list[str]) -> None:
    for problem in problems:
        errors.append(
            _("%(file)s, row %(row)s: %(problem)s")
            % {"file": label, "row": number, "problem": problem}
        )


# --- loading ----------------------------------------------------------------------------

_SETTLEMENT_FIELDS = ("kind", "name_ro", "name_hu", "latitude", "longitude")
_LOCALITY_FIELDS = ("name_ro", "name_hu", "latitude", "longitude")


def territory_load_csv(
    *,
    county_siruta: int,
    county_name_ro: str,
    county_name_hu: str = "",
    uat_rows: Iterable[Mapping[str, str]],
    locality_rows: Iterable[Mapping[str, str]] | None = None,
    actor=None,
) -> LoadResult:
    """Check every row, then upsert the county, its micro-regions, settlements, localities.

    Raises TerritoryImportError listing every problem (and writes nothing) when any row
    is invalid.
    """
    errors: list[str] = []
    county_name_ro = _clean_name(county_name_ro)
    county_name_hu = _clean_name(county_name_hu)
    if not county_siruta or int(county_siruta) <= 0:
        errors.append(_("The county's SIRUTA code must be a positive whole number."))
    if not county_name_ro:
        errors.append(_("The county's Romanian name is required."))

    uat_list = list(uat_rows)
    locality_list = list(locality_rows or [])
    settlements = _validate_uat_rows(uat_list, errors)
    file_sirutas = {row["siruta"] for row in settlements}
    if locality_list:
        parents = file_sirutas | set(
            Settlement.objects.filter(county__siruta=county_siruta).values_list("siruta", flat=True)
        )
        # Count rows that failed validation as known parents, so one bad settlement row
        # does not produce a second error on every one of its villages.
        parents |= {_parse_siruta(_lower_keys(row).get("siruta")) for row in uat_list}
        localities = _validate_locality_rows(locality_list, parents, errors)
    else:
        localities = []
    if errors:
        raise TerritoryImportError(errors)

    with transaction.atomic():
        result = _write(
            county_siruta=int(county_siruta),
            county_name_ro=county_name_ro,
            county_name_hu=county_name_hu,
            settlements=settlements,
            localities=localities,
        )
        activity_record(
            actor=actor,
            verb="territory.imported",
            target=result.county,
            changes={"settlements": result.settlements, "localities": result.localities},
        )
    return result


def _write(
    *,
    county_siruta: int,
    county_name_ro: str,
    county_name_hu: str,
    settlements: list[dict],
    localities: list[dict],
) -> LoadResult:
    county, created = County.objects.get_or_create(
        siruta=county_siruta, defaults={"name_ro": county_name_ro, "name_hu": county_name_hu}
    )
    if not created and (county.name_ro, county.name_hu) != (county_name_ro, county_name_hu):
        county.name_ro = county_name_ro
        county.name_hu = county_name_hu or county.name_hu
        county.save(update_fields=["name_ro", "name_hu"])
    result = LoadResult(county=county)

    region_names = sorted({row["micro_region"] for row in settlements if row["micro_region"]})
    regions = {region.name: region for region in MicroRegion.objects.filter(county=county)}
    missing_regions = [
        MicroRegion(county=county, name=name) for name in region_names if name not in regions
    ]
    if missing_regions:
        MicroRegion.objects.bulk_create(missing_regions)
        regions = {region.name: region for region in MicroRegion.objects.filter(county=county)}
    result.micro_regions = region_names

    existing = Settlement.objects.in_bulk(
        [row["siruta"] for row in settlements], field_name="siruta"
    )
    to_create, to_update = [], []
    for row in settlements:
        values = {name: row[name] for name in _SETTLEMENT_FIELDS}
        region = regions.get(row["micro_region"]) if row["micro_region"] else None
        settlement = existing.get(row["siruta"])
        if settlement is None:
            to_create.append(
                Settlement(county=county, micro_region=region, siruta=row["siruta"], **values)
            )
            continue
        changed = settlement.county_id != county.pk or settlement.micro_region_id != (
            region.pk if region else None
        )
        for name, value in values.items():
            if getattr(settlement, name) != value:
                setattr(settlement, name, value)
                changed = True
        if changed:
            settlement.county = county
            settlement.micro_region = region
            to_update.append(settlement)
        else:
            result.settlements_unchanged += 1
    Settlement.objects.bulk_create(to_create, batch_size=500)
    Settlement.objects.bulk_update(
        to_update, ["county", "micro_region", *_SETTLEMENT_FIELDS], batch_size=500
    )
    generation_bump(REFERENCE_DATA)  # bulk writes send no signal
    result.settlements_created = len(to_create)
    result.settlements_updated = len(to_update)

    if localities:
        parents = dict(
            Settlement.objects.filter(siruta__in={row["parent"] for row in localities}).values_list(
                "siruta", "pk"
            )
        )
        existing_localities = Locality.objects.in_bulk(
            [row["siruta"] for row in localities], field_name="siruta"
        )
        to_create, to_update = [], []
        for row in localities:
            values = {name: row[name] for name in _LOCALITY_FIELDS}
            parent_id = parents[row["parent"]]
            locality = existing_localities.get(row["siruta"])
            if locality is None:
                to_create.append(Locality(settlement_id=parent_id, siruta=row["siruta"], **values))
                continue
            changed = locality.settlement_id != parent_id
            for name, value in values.items():
                if getattr(locality, name) != value:
                    setattr(locality, name, value)
                    changed = True
            if changed:
                locality.settlement_id = parent_id
                to_update.append(locality)
            else:
                result.localities_unchanged += 1
        Locality.objects.bulk_create(to_create, batch_size=500)
        Locality.objects.bulk_update(to_update, ["settlement", *_LOCALITY_FIELDS], batch_size=500)
        result.localities_created = len(to_create)
        result.localities_updated = len(to_update)
    return result


def territory_load_harghita(*, actor=None) -> LoadResult:
    """Load the bundled Harghita County files (67 settlements, 264 localities)."""
    return territory_load_csv(
        county_siruta=HARGHITA_SIRUTA,
        county_name_ro=HARGHITA_NAME_RO,
        county_name_hu=HARGHITA_NAME_HU,
        uat_rows=read_csv_path(DATA_DIR / "uat.csv"),
        locality_rows=read_csv_path(DATA_DIR / "localities.csv"),
        actor=actor,
    )
