import csv
import shutil
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from sklearn.metrics import adjusted_rand_score

from cultiva.synthesis.management.commands import opinion_groups

SMALL = Path(__file__).parent / "data" / "polis_small"


def _run(*args):
    out, err = StringIO(), StringIO()
    call_command("opinion_groups", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def _read(path):
    with open(path, encoding="utf-8", newline="") as file:
        return list(csv.reader(file))


def _planted():
    return {row[0]: int(row[1]) for row in _read(SMALL / "planted_groups.csv")[1:]}


def test_writes_the_planted_groups_of_a_polis_export(tmp_path):
    target = tmp_path / "groups.csv"
    out, _err = _run("--polis-dir", str(SMALL), "--output", str(target))
    rows = _read(target)
    assert rows[0] == ["participant", "group"]
    placed = {participant: int(group) for participant, group in rows[1:]}
    planted = _planted()
    # Every planted voter is placed; the three with two votes each are not.
    assert set(placed) == set(planted)
    assert not {"900", "901", "902"} & set(placed)
    assert set(placed.values()) == {0, 1}
    ari = adjusted_rand_score([planted[p] for p in placed], [placed[p] for p in placed])
    assert ari >= 0.9
    assert "60" in out and str(target) in out


def test_groups_and_seed_options(tmp_path):
    target = tmp_path / "groups.csv"
    _run("--polis-dir", str(SMALL), "--output", str(target), "--groups", "3", "--seed", "4")
    assert {row[1] for row in _read(target)[1:]} == {"0", "1", "2"}
    first = target.read_bytes()
    _run("--polis-dir", str(SMALL), "--output", str(target), "--groups", "3", "--seed", "4")
    assert target.read_bytes() == first


def test_moderated_out_comments_are_left_out_of_the_analysis(tmp_path, monkeypatch):
    seen = {}
    real = opinion_groups.analyse

    def spy(votes, **kwargs):
        seen["comments"] = {comment for _voter, comment, _vote in votes}
        return real(votes, **kwargs)

    monkeypatch.setattr(opinion_groups, "analyse", spy)
    _run("--polis-dir", str(SMALL), "--output", str(tmp_path / "g.csv"))
    assert "28" not in seen["comments"]  # moderated -1
    assert "29" in seen["comments"]  # not moderated yet: kept


def test_progress_goes_to_stderr_for_big_inputs(tmp_path, monkeypatch):
    _out, err = _run("--polis-dir", str(SMALL), "--output", str(tmp_path / "g.csv"))
    assert err == ""
    monkeypatch.setattr(opinion_groups, "PROGRESS_FROM_VOTES", 100)
    out, err = _run("--polis-dir", str(SMALL), "--output", str(tmp_path / "g.csv"))
    lines = err.strip().splitlines()
    assert len(lines) == 3  # reading, counts, writing
    assert "1288" in lines[1]  # votes after the moderated-out comment's are left out
    assert str(tmp_path / "g.csv") in out


def _copy(tmp_path) -> Path:
    folder = tmp_path / "export"
    shutil.copytree(SMALL, folder)
    return folder


@pytest.mark.parametrize(
    ("file", "old", "new", "where"),
    [
        ("votes.csv", b",x,4,100,", b",x,77,100,", "votes.csv"),
        ("votes.csv", b"voter-id", b"voter", "votes.csv"),
        ("comments.csv", b",1,T\xc3\xb6bb", b",1,T\xf6bb", "comments.csv"),
        ("votes.csv", b",x,4,100,1", b",x,4,100,5", "votes.csv"),
    ],
    ids=["unknown-comment", "missing-column", "not-utf8", "bad-vote"],
)
def test_malformed_exports_are_refused_with_the_parser_message(tmp_path, file, old, new, where):
    folder = _copy(tmp_path)
    path = folder / file
    data = path.read_bytes()
    assert old in data
    path.write_bytes(data.replace(old, new, 1))
    target = tmp_path / "groups.csv"
    with pytest.raises(CommandError) as caught:
        _run("--polis-dir", str(folder), "--output", str(target))
    assert where in str(caught.value)
    assert not target.exists()


def test_missing_file_and_missing_folder_are_refused(tmp_path):
    folder = _copy(tmp_path)
    (folder / "votes.csv").unlink()
    with pytest.raises(CommandError, match="votes.csv"):
        _run("--polis-dir", str(folder), "--output", str(tmp_path / "g.csv"))
    with pytest.raises(CommandError, match="nowhere"):
        _run("--polis-dir", str(tmp_path / "nowhere"), "--output", str(tmp_path / "g.csv"))


@pytest.mark.parametrize("groups", ["1", "6", "many", "0"])
def test_bad_groups_option_is_refused(tmp_path, groups):
    with pytest.raises(CommandError, match="--groups"):
        _run("--polis-dir", str(SMALL), "--output", str(tmp_path / "g.csv"), "--groups", groups)


def test_unwritable_output_is_refused_and_nothing_half_written(tmp_path):
    with pytest.raises(CommandError):
        _run("--polis-dir", str(SMALL), "--output", str(tmp_path / "no" / "g.csv"))
    target = tmp_path / "g.csv"
    target.mkdir()  # a folder where the file should go
    with pytest.raises(CommandError):
        _run("--polis-dir", str(SMALL), "--output", str(target))
    assert [p.name for p in tmp_path.iterdir()] == ["g.csv"]


def test_too_few_voters_writes_only_the_header(tmp_path):
    folder = _copy(tmp_path)
    lines = (folder / "votes.csv").read_bytes().splitlines(keepends=True)
    (folder / "votes.csv").write_bytes(b"".join(lines[:12]))
    target = tmp_path / "g.csv"
    _out, _err = _run("--polis-dir", str(folder), "--output", str(target))
    assert _read(target) == [["participant", "group"]]
