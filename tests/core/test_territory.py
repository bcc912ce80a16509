"""Loading a county's territory from CSV: validation, idempotence, encodings, admin import."""

from __future__ import annotations

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db.models import Count
from django.urls import reverse

from cultiva.core.models import ActivityLog, County, Locality, MicroRegion, Settlement
from cultiva.core.territory import (
    DATA_DIR,
    MAX_UPLOAD_BYTES,
    TerritoryImportError,
    normalise_kind,
    read_csv_upload,
    territory_load_csv,
    territory_load_harghita,
)
from tests.factories import make_user

pytestmark = pytest.mark.django_db

UAT_HEADER = "siruta,type,name_ro,name_hu,micro_region,lat,lon\n"


def load_small(uat_text: str, localities_text: str | None = None, **kwargs):
    return territory_load_csv(
        county_siruta=kwargs.pop("county_siruta", 190),
        county_name_ro=kwargs.pop("county_name_ro", "Harghita"),
        county_name_hu=kwargs.pop("county_name_hu", "Hargita"),
        uat_rows=read_csv_upload(uat_text.encode()),
        locality_rows=read_csv_upload(localities_text.encode()) if localities_text else None,
        **kwargs,
    )


def test_harghita_loads_every_settlement_and_locality_with_both_names():
    result = territory_load_harghita()

    assert result.settlements == result.settlements_created == 67
    assert result.localities == result.localities_created == 264
    assert Settlement.objects.count() == 67
    assert Locality.objects.count() == 264
    assert set(MicroRegion.objects.values_list("name", flat=True)) == {
        "Csík",
        "Gyergyó",
        "Udvarhelyszék",
        "Felső-Maros",
    }
    seat = Settlement.objects.get(siruta=83320)
    assert (seat.name_hu, seat.name_ro) == ("Csíkszereda", "Miercurea Ciuc")
    assert seat.kind == Settlement.Kind.COUNTY_SEAT
    assert seat.micro_region.name == "Csík"
    assert str(seat.latitude) == "46.36000"
    assert Settlement.objects.filter(name_hu="").count() == 0
    # One village has no known Hungarian name (see data/SOURCES.md); all others have both.
    assert Locality.objects.exclude(name_hu="").count() == 263
    assert Locality.objects.get(siruta=84790).name_ro == "Păltiniș-Ciuc"
    kinds = dict(Settlement.objects.values_list("kind").annotate(n=Count("id")))
    assert kinds == {"county_seat": 1, "municipality": 3, "town": 5, "commune": 58}
    assert County.objects.get(siruta=190).name_hu == "Hargita"


def test_reloading_creates_no_duplicates_and_updates_changed_names():
    territory_load_harghita()
    again = territory_load_harghita()
    assert again.settlements_created == again.settlements_updated == 0
    assert again.localities_created == again.localities_updated == 0
    assert Settlement.objects.count() == 67
    assert Locality.objects.count() == 264
    assert MicroRegion.objects.count() == 4

    load_small(
        UAT_HEADER + "83320,municipiu (reședință de județ),Miercurea-Ciuc,Csíkszereda,Csík,,\n"
    )
    seat = Settlement.objects.get(siruta=83320)
    assert seat.name_ro == "Miercurea-Ciuc"
    assert seat.latitude is None
    assert Settlement.objects.count() == 67


def test_the_load_is_recorded_in_the_activity_log():
    actor = make_user()
    territory_load_harghita(actor=actor)
    entry = ActivityLog.objects.get(verb="territory.imported")
    assert entry.actor == actor
    assert entry.changes == {"settlements": 67, "localities": 264}
    assert entry.target_id == str(County.objects.get(siruta=190).pk)


def test_bad_rows_are_all_reported_with_row_numbers_and_nothing_is_written():
    uat = (
        UAT_HEADER
        + "83320,municipiu (reședință de județ),Miercurea Ciuc,Csíkszereda,Csík,46.36,25.81\n"
        + "83561,municipiu,,Gyergyószentmiklós,Gyergyó,46.72,25.61\n"  # row 3: no name_ro
        + "83632,municipiu,Toplița,Maroshévíz,Felső-Maros,north,25.35\n"  # row 4: latitude
        + "83133,metropolis,Odorheiu Secuiesc,Székelyudvarhely,Udvarhelyszék,46.31,25.3\n"
        + "83133,comună,Duplicate,,,,\n"  # row 6: repeated code
    )
    localities = "siruta,parent_siruta,name_ro\n83339,83320,Miercurea Ciuc\n99999,12345,Nowhere\n"

    with pytest.raises(TerritoryImportError) as caught:
        load_small(uat, localities)

    errors = caught.value.errors
    text = "\n".join(errors)
    assert "3. sor" in text and "name_ro" in text
    assert "4. sor" in text and "north" in text
    assert "5. sor" in text and "metropolis" in text
    assert "6. sor" in text and "83133" in text
    assert "Helységfájl, 3. sor" in text and "12345" in text
    assert len(errors) == 5
    assert not County.objects.exists()
    assert not Settlement.objects.exists()
    assert not Locality.objects.exists()
    assert not ActivityLog.objects.exists()


def test_missing_required_columns_are_reported_once():
    with pytest.raises(TerritoryImportError) as caught:
        load_small("siruta,name_hu\n1,Valami\n")
    assert len(caught.value.errors) == 1
    assert "type" in caught.value.errors[0] and "name_ro" in caught.value.errors[0]


def test_a_failing_file_leaves_an_existing_territory_untouched():
    territory_load_harghita()
    with pytest.raises(TerritoryImportError):
        load_small(UAT_HEADER + "83320,municipiu,Renamed,,,,\n83561,town?,X,,,,\n")
    assert Settlement.objects.get(siruta=83320).name_ro == "Miercurea Ciuc"


@pytest.mark.parametrize(
    ("value", "kind"),
    [
        ("municipiu (reședință de județ)", "county_seat"),
        ("Municipiu (resedinta de judet)", "county_seat"),
        ("municipiu", "municipality"),
        ("oraș", "town"),
        ("oraş", "town"),  # cedilla, as Windows-1250 spells it
        ("comună", "commune"),
        ("commune", "commune"),
        ("county_seat", "county_seat"),
        ("3", "commune"),
        ("village", None),
    ],
)
def test_type_accepts_siruta_words_and_english_keys(value, kind):
    assert normalise_kind(value) == kind


def test_windows_1250_files_decode_and_cedillas_become_commas():
    text = (
        "siruta;type;name_ro;name_hu;micro_region;lat;lon\n"
        "83632;municipiu;Topliţa;Maroshévíz;Felső-Maros;46,92;25,35\n"
    )
    data = text.encode("cp1250")  # Excel's "CSV" in a Hungarian or Romanian Windows
    rows = read_csv_upload(data)
    assert rows[0]["name_hu"] == "Maroshévíz"
    assert rows[0]["name_ro"] == "Topliţa"
    territory_load_csv(
        county_siruta=190, county_name_ro="Harghita", uat_rows=rows, locality_rows=None
    )
    settlement = Settlement.objects.get(siruta=83632)
    assert settlement.name_ro == "Toplița"  # comma below
    assert str(settlement.latitude) == "46.92000"


def test_utf8_with_bom_decodes():
    data = "\ufeff" + UAT_HEADER + "85760,comună,Sândominic,Csíkszentdomokos,Csík,46.58,25.78\n"
    rows = read_csv_upload(data.encode("utf-8"))
    assert list(rows[0])[0] == "siruta"
    assert rows[0]["name_hu"] == "Csíkszentdomokos"


def test_utf8_with_a_broken_byte_is_refused_not_read_as_windows_1250():
    data = (UAT_HEADER + "85760,comună,Sândominic,Csíkszentdomokos,Csík,46.58,25.78\n").encode()
    data = data.replace("Csíkszent".encode(), b"Cs\xedkszent")  # one byte of Windows-1250
    with pytest.raises(TerritoryImportError) as caught:
        read_csv_upload(data)
    assert "UTF-8" in caught.value.errors[0] and "2. sor" in caught.value.errors[0]


def test_nul_bytes_and_oversized_files_are_refused():
    with pytest.raises(TerritoryImportError) as caught:
        read_csv_upload(b"siruta,type,name_ro\n1,comuna,A\x00B\n")
    assert "NUL" in caught.value.errors[0]
    with pytest.raises(TerritoryImportError) as caught:
        read_csv_upload(b"a" * (MAX_UPLOAD_BYTES + 1))
    assert "túl nagy" in caught.value.errors[0]


def test_load_territory_command_default_and_custom_files(tmp_path):
    out = io.StringIO()
    call_command("load_territory", stdout=out)
    assert "67" in out.getvalue() and "264" in out.getvalue()

    uat = tmp_path / "uat.csv"
    uat.write_text(
        "siruta,type,name_ro,name_hu\n54975,municipiu (reședință de județ),Cluj-Napoca,Kolozsvár\n",
        encoding="utf-8",
    )
    call_command(
        "load_territory",
        "--uat",
        str(uat),
        "--county-siruta",
        "120",
        "--county-name-ro",
        "Cluj",
        "--county-name-hu",
        "Kolozs",
        stdout=io.StringIO(),
    )
    assert Settlement.objects.get(siruta=54975).county.name_hu == "Kolozs"

    bad = tmp_path / "bad.csv"
    bad.write_text("siruta,type,name_ro\nabc,comună,\n", encoding="utf-8")
    with pytest.raises(CommandError) as caught:
        call_command("load_territory", "--uat", str(bad), stdout=io.StringIO())
    assert "2. sor" in str(caught.value)


# --- admin import -------------------------------------------------------------------------


def _upload(name: str, path=None, text: str | None = None) -> SimpleUploadedFile:
    content = path.read_bytes() if path else text.encode()
    return SimpleUploadedFile(name, content, content_type="text/csv")


def _post_import(client, **files):
    return client.post(
        reverse("admin:core_settlement_import"),
        {
            "county_siruta": 190,
            "county_name_ro": "Harghita",
            "county_name_hu": "Hargita",
            **files,
        },
    )


def test_admin_import_works_for_a_superuser(client):
    admin = make_user(is_staff=True, is_superuser=True)
    client.force_login(admin)

    changelist = client.get(reverse("admin:core_settlement_changelist"))
    assert changelist.status_code == 200
    assert reverse("admin:core_settlement_import").encode() in changelist.content

    form = client.get(reverse("admin:core_settlement_import"))
    assert form.status_code == 200

    response = _post_import(
        client,
        uat_file=_upload("uat.csv", DATA_DIR / "uat.csv"),
        localities_file=_upload("localities.csv", DATA_DIR / "localities.csv"),
    )
    assert response.status_code == 302
    assert Settlement.objects.count() == 67
    assert Locality.objects.count() == 264
    assert ActivityLog.objects.get(verb="territory.imported").actor == admin


def test_admin_import_lists_row_errors(client):
    client.force_login(make_user(is_staff=True, is_superuser=True))
    response = _post_import(
        client,
        uat_file=_upload("uat.csv", text=UAT_HEADER + "83320,municipiu,,,,,\n"),
    )
    assert response.status_code == 200
    messages = [str(m) for m in response.context["messages"]]
    assert any("2. sor" in m for m in messages)
    assert not Settlement.objects.exists()


def test_admin_import_is_open_to_coordinators(client, world):
    world.coordinator.is_staff = True
    world.coordinator.save()
    client.force_login(world.coordinator)
    assert client.get(reverse("admin:core_settlement_import")).status_code == 200
    changelist = client.get(reverse("admin:core_settlement_changelist"))
    assert changelist.status_code == 200
    assert reverse("admin:core_settlement_import").encode() in changelist.content


def test_admin_import_is_refused_to_other_staff(client, world):
    settlements = Settlement.objects.count()  # the world has one
    world.facilitator.is_staff = True
    world.facilitator.save()
    client.force_login(world.facilitator)
    response = client.get(reverse("admin:core_settlement_import"))
    assert response.status_code in (302, 403)
    response = _post_import(client, uat_file=_upload("uat.csv", DATA_DIR / "uat.csv"))
    assert response.status_code in (302, 403)
    assert Settlement.objects.count() == settlements
    assert not ActivityLog.objects.filter(verb="territory.imported").exists()


def test_activity_log_admin_is_read_only(client):
    client.force_login(make_user(is_staff=True, is_superuser=True))
    territory_load_harghita()
    entry = ActivityLog.objects.get()
    assert client.get(reverse("admin:core_activitylog_changelist")).status_code == 200
    assert client.get(reverse("admin:core_activitylog_add")).status_code == 403
    assert client.get(reverse("admin:core_activitylog_delete", args=[entry.pk])).status_code == 403
