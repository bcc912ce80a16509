import pytest

from cultiva.synthesis import polis
from cultiva.synthesis.polis import PolisFormatError, read_polis_dir, read_polis_export

COMMENTS = (
    "timestamp,datetime,comment-id,author-id,agrees,disagrees,moderated,comment-body\n"
    "1000,Mon Jan 01 2024,0,5,2,1,1,Több kulturális program a falvakban\n"
    '1001,Mon Jan 01 2024,1,6,1,0,0,"Mai multe biblioteci,\nși deschise seara"\n'
    "1002,Mon Jan 01 2024,2,5,0,1,-1,spam spam\n"
)
VOTES = (
    "timestamp,datetime,comment-id,voter-id,vote\n"
    "2000,x,0,10,1\n"
    "2001,x,1,10,-1\n"
    "2002,x,0,11,0\n"
    "2003,x,2,11,1\n"
)


def _error(comments=COMMENTS, votes=VOTES) -> PolisFormatError:
    with pytest.raises(PolisFormatError) as caught:
        read_polis_export(comments, votes)
    return caught.value


def test_comments_and_votes_are_read():
    export = read_polis_export(COMMENTS, VOTES)
    assert [(c.comment_id, c.author_id, c.moderated, c.timestamp) for c in export.comments] == [
        ("0", "5", 1, 1000),
        ("1", "6", 0, 1001),
        ("2", "5", -1, 1002),
    ]
    assert export.comments[0].text == "Több kulturális program a falvakban"
    assert export.votes == [("10", "0", 1), ("10", "1", -1), ("11", "0", 0), ("11", "2", 1)]


def test_quoted_comment_bodies_may_span_lines():
    export = read_polis_export(COMMENTS, VOTES)
    assert export.comments[1].text == "Mai multe biblioteci,\nși deschise seara"


def test_votes_on_moderated_out_comments_are_kept_and_the_caller_filters_them():
    export = read_polis_export(COMMENTS, VOTES)
    assert ("11", "2", 1) in export.votes
    assert export.moderated_out() == {"2"}
    assert ("11", "2", 1) not in export.votes_for_analysis()
    assert len(export.votes_for_analysis()) == 3


def test_a_later_vote_replaces_the_earlier_one_by_timestamp_then_file_order():
    votes = (
        "timestamp,datetime,comment-id,voter-id,vote\n"
        "3000,x,0,10,-1\n"  # latest by timestamp, although first in the file
        "2000,x,0,10,1\n"
        "2500,x,1,10,1\n"
        "2500,x,1,10,0\n"  # same timestamp: the later row wins
        "2600,x,0,11,1\n"
    )
    export = read_polis_export(COMMENTS, votes)
    assert export.votes == [("10", "1", 0), ("11", "0", 1), ("10", "0", -1)]


@pytest.mark.parametrize("as_bytes", [True, False])
def test_byte_order_mark_is_accepted(as_bytes):
    comments = "\ufeff" + COMMENTS
    votes = "\ufeff" + VOTES
    if as_bytes:
        comments, votes = comments.encode("utf-8"), votes.encode("utf-8")
    export = read_polis_export(comments, votes)
    assert len(export.comments) == 3 and len(export.votes) == 4
    assert export.comments[0].timestamp == 1000


def test_columns_are_found_by_name_and_extra_ones_ignored():
    comments = "comment-body,moderated,author-id,comment-id,timestamp,extra\nHello,1,007,0012,5,z\n"
    votes = "vote,voter-id,comment-id,timestamp\n1,3,12,6\r\n"
    export = read_polis_export(comments.encode(), votes.encode())
    assert export.comments[0].comment_id == "12"
    assert export.comments[0].author_id == "7"
    assert export.votes == [("3", "12", 1)]


def test_header_only_votes_is_a_conversation_without_votes():
    export = read_polis_export(COMMENTS, "timestamp,datetime,comment-id,voter-id,vote\n")
    assert export.votes == []


def test_read_polis_dir(tmp_path):
    (tmp_path / "comments.csv").write_text(COMMENTS, encoding="utf-8")
    (tmp_path / "votes.csv").write_text(VOTES, encoding="utf-8")
    assert len(read_polis_dir(tmp_path).votes) == 4
    (tmp_path / "votes.csv").unlink()
    with pytest.raises(PolisFormatError) as caught:
        read_polis_dir(tmp_path)
    assert "votes.csv" in str(caught.value)


@pytest.mark.parametrize(
    ("comments", "votes", "filename", "row"),
    [
        (
            "timestamp,comment-id,author-id,comment-body\n1,0,1,x\n",
            VOTES,
            "comments.csv",
            1,
        ),
        (COMMENTS, "timestamp,datetime,comment-id,vote\n1,x,0,1\n", "votes.csv", 1),
        (
            COMMENTS.replace("1001,Mon Jan 01 2024,1,", "1001,Mon Jan 01 2024,one,"),
            VOTES,
            "comments.csv",
            3,
        ),
        (COMMENTS.replace(",6,1,0,0,", ",anna,1,0,0,"), VOTES, "comments.csv", 3),
        (COMMENTS.replace(",1,0,0,", ",1,0,maybe,"), VOTES, "comments.csv", 3),
        (COMMENTS.replace(",1,0,0,", ",1,0,2,"), VOTES, "comments.csv", 3),
        (
            COMMENTS.replace("1002,Mon Jan 01 2024,2,", "1002,Mon Jan 01 2024,0,"),
            VOTES,
            "comments.csv",
            4,  # rows are records: the multi-line body above is one row
        ),
        (COMMENTS.replace("1000,", "yesterday,"), VOTES, "comments.csv", 2),
        (COMMENTS, VOTES.replace("2002,x,0,11,0", "2002,x,0,eleven,0"), "votes.csv", 4),
        (COMMENTS, VOTES.replace("2001,x,1,10,-1", "2001,x,1,10,agree"), "votes.csv", 3),
        (COMMENTS, VOTES.replace("2001,x,1,10,-1", "2001,x,1,10,2"), "votes.csv", 3),
        (COMMENTS, VOTES.replace("2001,x,1,10,-1", "2001,x,1,10,"), "votes.csv", 3),
        (COMMENTS, VOTES.replace("2003,x,2,11,1", "2003,x,99,11,1"), "votes.csv", 5),
        (COMMENTS, VOTES.replace("2003,x,2,11,1", "2003,x,-3,11,1"), "votes.csv", 5),
        (COMMENTS, VOTES.replace("2000,", "soon,"), "votes.csv", 2),
        (COMMENTS, VOTES.replace(",0,11,0", ",0,99999999999999999999999,0"), "votes.csv", 4),
        (COMMENTS, VOTES.replace("2001,", "99999999999999999999999,"), "votes.csv", 3),
    ],
    ids=[
        "comments-missing-columns",
        "votes-missing-voter-id",
        "comment-id-not-a-number",
        "author-id-not-a-number",
        "moderated-not-a-number",
        "moderated-out-of-range",
        "duplicate-comment-id",
        "comment-timestamp-not-a-number",
        "voter-id-not-a-number",
        "vote-not-a-number",
        "vote-out-of-range",
        "vote-empty",
        "vote-for-unknown-comment",
        "negative-comment-id",
        "vote-timestamp-not-a-number",
        "voter-id-too-big",
        "vote-timestamp-too-big",
    ],
)
def test_malformed_rows_are_refused_naming_file_and_row(comments, votes, filename, row):
    error = _error(comments, votes)
    assert error.filename == filename
    assert error.row == row
    assert filename in str(error) and str(row) in str(error)


def test_missing_columns_are_named():
    error = _error(votes="timestamp,datetime,comment-id,vote\n1,x,0,1\n")
    assert "voter-id" in str(error)


@pytest.mark.parametrize("which", ["comments", "votes"])
def test_nul_bytes_are_refused(which):
    kwargs = {"comments": COMMENTS.encode(), "votes": VOTES.encode()}
    kwargs[which] = kwargs[which].replace(b"\n", b"\n\x00", 1)
    error = _error(**kwargs)
    assert error.filename == f"{which}.csv"
    assert error.row == 2


@pytest.mark.parametrize("which", ["comments", "votes"])
def test_bytes_that_are_not_utf8_are_refused(which):
    kwargs = {"comments": COMMENTS.encode(), "votes": VOTES.encode()}
    if which == "comments":
        kwargs["comments"] = COMMENTS.encode("utf-8").replace(
            "Több".encode(), "Több".encode("cp1250")
        )
    else:
        kwargs["votes"] = VOTES.encode() + b"2004,\xff\xfe,0,12,1\n"
    error = _error(**kwargs)
    assert error.filename == f"{which}.csv"
    assert error.row == (2 if which == "comments" else 6)


def test_text_that_cannot_be_utf8_is_refused():
    error = _error(votes=VOTES + "2004,x,0,12,1\ud800\n")
    assert (error.filename, error.row) == ("votes.csv", 6)


@pytest.mark.parametrize(
    ("comments", "votes", "filename"),
    [
        (b"", VOTES, "comments.csv"),
        (COMMENTS, b"", "votes.csv"),
        ("\ufeff \n\n", VOTES, "comments.csv"),
        (
            "timestamp,datetime,comment-id,author-id,agrees,disagrees,moderated,comment-body\n",
            VOTES,
            "comments.csv",
        ),
    ],
    ids=["comments-empty", "votes-empty", "comments-blank", "comments-header-only"],
)
def test_empty_files_are_refused(comments, votes, filename):
    error = _error(comments, votes)
    assert error.filename == filename
    assert str(error).startswith(filename)


def test_too_many_vote_rows_are_refused(monkeypatch):
    monkeypatch.setattr(polis, "MAX_VOTE_ROWS", 3)
    error = _error()
    assert error.filename == "votes.csv"
    assert error.row == 5
    monkeypatch.setattr(polis, "MAX_VOTE_ROWS", 4)
    assert len(read_polis_export(COMMENTS, VOTES).votes) == 4
