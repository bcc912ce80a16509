"""Reading Pol.is open-data exports (comments.csv + votes.csv). Plain module, no ORM.

comments.csv: ``timestamp,datetime,comment-id,author-id,agrees,disagrees,moderated,comment-body``
(moderated: -1 moderated out, 0 not moderated yet, 1 accepted). votes.csv:
``timestamp,datetime,comment-id,voter-id,vote`` (1 agree, -1 disagree, 0 pass).

- Columns are found by name (any order; extra columns ignored; ``datetime``, ``agrees`` and
  ``disagrees`` are not needed). Ids are whole numbers and are returned as strings without
  leading zeros ("007" → "7").
- A later vote row (by timestamp, then by position in the file) replaces the same voter's
  earlier vote on the same comment; `PolisExport.votes` holds one vote per voter and comment,
  in that order.
- Votes on moderated-out comments (moderated = -1) are KEPT in `PolisExport.votes`: the caller
  decides (the opinion_groups command and the import leave them out of the analysis; use
  `PolisExport.votes_for_analysis()`).
- Files are UTF-8, with or without a byte-order mark; quoted comment bodies may span lines.
- Anything else is refused with `PolisFormatError`, whose message (translated, for people)
  names the file and the row: missing columns, ids or votes that are not numbers, a vote other
  than -1/0/1, a vote for a comment id not in comments.csv, NUL bytes, bytes that are not UTF-8,
  an empty file, more than `MAX_VOTE_ROWS` vote rows. Row numbers count the header as row 1,
  as a spreadsheet shows them.
"""

from __future__ import annotations

import codecs
import csv
import io
from array import array
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from django.utils.translation import gettext

MAX_VOTE_ROWS = 2_000_000
COMMENTS_FILE = "comments.csv"
VOTES_FILE = "votes.csv"
COMMENT_COLUMNS = ("timestamp", "comment-id", "author-id", "moderated", "comment-body")
VOTE_COLUMNS = ("timestamp", "comment-id", "voter-id", "vote")


class PolisFormatError(ValueError):
    """A malformed export; `message` is translated and names the file (and row when known)."""

    def __init__(self, message: str, *, filename: str = "", row: int | None = None):
        super().__init__(message)
        self.message = message
        self.filename = filename
        self.row = row

    def __str__(self) -> str:
        return self.message


@dataclass
class PolisComment:
    comment_id: str
    author_id: str
    text: str
    moderated: int
    timestamp: int


@dataclass
class PolisExport:
    comments: list[PolisComment]
    votes: list[tuple[str, str, int]]  # (voter_id, comment_id, vote), latest per voter+comment

    def moderated_out(self) -> set[str]:
        """Ids of the comments a moderator removed (moderated = -1)."""
        return {c.comment_id for c in self.comments if c.moderated == -1}

    def votes_for_analysis(self) -> list[tuple[str, str, int]]:
        """The votes without those on moderated-out comments, as (voter, comment, vote)."""
        out = self.moderated_out()
        return [vote for vote in self.votes if vote[1] not in out]


def _error_at(filename: str, row: int, problem: str) -> PolisFormatError:
    return PolisFormatError(
        gettext("%(file)s, row %(row)d: %(problem)s")
        % {"file": filename, "row": row, "problem": problem},
        filename=filename,
        row=row,
    )


def _error(filename: str, problem: str) -> PolisFormatError:
    return PolisFormatError(
        gettext("%(file)s: %(problem)s") % {"file": filename, "problem": problem},
        filename=filename,
    )


def _not_utf8(filename: str, line: int) -> PolisFormatError:
    return PolisFormatError(
        gettext(
            "%(file)s, line %(line)d: the file is not UTF-8 text "
            "(save it as UTF-8 and upload it again)."
        )
        % {"file": filename, "line": line},
        filename=filename,
        row=line,
    )


def _checked_bytes(data: bytes | str, filename: str) -> bytes:
    """The file as UTF-8 bytes without a byte-order mark, after the encoding, NUL and
    emptiness checks. Parsing then streams from the bytes (a 50 MB votes.csv is not held
    again as text)."""
    if isinstance(data, str):
        try:
            data = data.removeprefix("\ufeff").encode("utf-8")
        except UnicodeEncodeError as exc:
            raise _not_utf8(filename, data.count("\n", 0, exc.start) + 1) from None
    else:
        data = bytes(data).removeprefix(codecs.BOM_UTF8)
        try:
            data.decode("utf-8")
        except UnicodeDecodeError as exc:
            raise _not_utf8(filename, data.count(b"\n", 0, exc.start) + 1) from None
    nul = data.find(b"\x00")
    if nul >= 0:
        line = data.count(b"\n", 0, nul) + 1
        raise PolisFormatError(
            gettext("%(file)s, line %(line)d: the file contains NUL bytes; it is not a CSV file.")
            % {"file": filename, "line": line},
            filename=filename,
            row=line,
        )
    if not data.strip():
        raise _error(filename, gettext("the file is empty."))
    return data


def _rows(data: bytes, filename: str, required: tuple[str, ...]):
    """Yield (row number, [values of the `required` columns]) for the data rows, after
    checking the header (row 1)."""
    text = io.TextIOWrapper(io.BytesIO(data), encoding="utf-8", newline="")
    reader = csv.reader(text)
    row_number = 0
    try:
        header: list[str] | None = None
        for record in reader:
            row_number += 1
            if header is None:
                header = [name.strip().lower().replace("_", "-") for name in record]
                missing = [name for name in required if name not in header]
                if missing:
                    raise _error_at(
                        filename,
                        row_number,
                        gettext("missing columns: %(columns)s (the header has: %(header)s).")
                        % {"columns": ", ".join(missing), "header": ", ".join(header)},
                    )
                positions = [header.index(name) for name in required]
                width = len(header)
                continue
            if len(record) < width:
                if not any(value.strip() for value in record):
                    continue
                record = record + [""] * (width - len(record))
            yield row_number, [record[i] for i in positions]
    except csv.Error as exc:
        problem = gettext("the CSV is malformed (%(detail)s).") % {"detail": exc}
        raise _error_at(filename, row_number + 1, problem) from None


def _whole_number(value: str, column: str, filename: str, row: int) -> int:
    text = value.strip()
    try:
        number = int(text)
    except ValueError:
        number = None
    if number is None:
        # Some tools write whole numbers as "12.0".
        try:
            as_float = float(text)
        except ValueError:
            as_float = None
        if as_float is not None and as_float.is_integer():
            number = int(as_float)
    if number is None:
        raise _error_at(
            filename,
            row,
            gettext("“%(value)s” in column %(column)s is not a whole number.")
            % {"value": text[:40], "column": column},
        )
    return number


def _identifier(value: str, column: str, filename: str, row: int) -> str:
    return str(_id_number(value, column, filename, row))


def _id_number(value: str, column: str, filename: str, row: int) -> int:
    """An id as a number (fast path of `_identifier`), at most 2**63 - 1."""
    try:
        number = int(value)
    except ValueError:
        number = _whole_number(value, column, filename, row)
    if not 0 <= number < 2**63:
        raise _error_at(
            filename,
            row,
            gettext("“%(value)s” in column %(column)s is not a valid id.")
            % {"value": value.strip()[:40], "column": column},
        )
    return number


def _read_comments(data: bytes, filename: str) -> list[PolisComment]:
    comments: list[PolisComment] = []
    seen: set[str] = set()
    for row, (timestamp, comment_id, author_id, moderated, body) in _rows(
        data, filename, COMMENT_COLUMNS
    ):
        comment_id = _identifier(comment_id, "comment-id", filename, row)
        if comment_id in seen:
            raise _error_at(
                filename,
                row,
                gettext("comment id %(id)s appears twice.") % {"id": comment_id},
            )
        seen.add(comment_id)
        moderated = _whole_number(moderated, "moderated", filename, row)
        if moderated not in (-1, 0, 1):
            raise _error_at(
                filename,
                row,
                gettext("moderated must be -1, 0 or 1, not %(value)s.") % {"value": moderated},
            )
        comments.append(
            PolisComment(
                comment_id=comment_id,
                author_id=_identifier(author_id, "author-id", filename, row),
                text=body,
                moderated=moderated,
                timestamp=_whole_number(timestamp, "timestamp", filename, row),
            )
        )
    if not comments:
        raise _error(filename, gettext("the file has no comments."))
    return comments


def _read_votes(
    data: bytes, filename: str, comment_ids: set[str], comments_filename: str
) -> list[tuple[str, str, int]]:
    # Columns of whole numbers (2 million rows take about 50 MB here), deduplicated with numpy.
    timestamps, voters, comments, values = array("q"), array("q"), array("q"), array("b")
    known = {int(c) for c in comment_ids}
    count = 0
    for row, (timestamp, comment_id, voter_id, vote) in _rows(data, filename, VOTE_COLUMNS):
        if count >= MAX_VOTE_ROWS:
            raise _error_at(
                filename,
                row,
                gettext("more than %(limit)s vote rows; split the conversation or ask an admin.")
                % {"limit": f"{MAX_VOTE_ROWS:,}"},
            )
        comment = _id_number(comment_id, "comment-id", filename, row)
        if comment not in known:
            raise _error_at(
                filename,
                row,
                gettext("a vote for comment %(id)s, which is not in %(comments)s.")
                % {"id": comment, "comments": comments_filename},
            )
        try:
            value = int(vote)
        except ValueError:
            value = _whole_number(vote, "vote", filename, row)
        if value not in (-1, 0, 1):
            raise _error_at(
                filename,
                row,
                gettext("vote must be 1 (agree), -1 (disagree) or 0 (pass), not %(value)s.")
                % {"value": value},
            )
        try:
            stamp = int(timestamp)
        except ValueError:
            stamp = _whole_number(timestamp, "timestamp", filename, row)
        try:
            timestamps.append(stamp)
        except OverflowError:
            raise _error_at(
                filename,
                row,
                gettext("“%(value)s” in column %(column)s is not a valid time.")
                % {"value": timestamp.strip()[:40], "column": "timestamp"},
            ) from None
        voters.append(_id_number(voter_id, "voter-id", filename, row))
        comments.append(comment)
        values.append(value)
        count += 1
    if not count:
        return []
    stamp_a = np.frombuffer(timestamps, dtype=np.int64)
    voter_a = np.frombuffer(voters, dtype=np.int64)
    comment_a = np.frombuffer(comments, dtype=np.int64)
    position = np.arange(count)
    # The last row of each (voter, comment) by timestamp, then by position in the file …
    order = np.lexsort((position, stamp_a, comment_a, voter_a))
    sorted_voters, sorted_comments = voter_a[order], comment_a[order]
    last = np.ones(count, dtype=bool)
    last[:-1] = (sorted_voters[1:] != sorted_voters[:-1]) | (
        sorted_comments[1:] != sorted_comments[:-1]
    )
    keep = order[last]
    # … listed in the order they were cast.
    keep = keep[np.lexsort((keep, stamp_a[keep]))]
    kept_voters = voter_a[keep].tolist()
    kept_comments = comment_a[keep].tolist()
    kept_values = np.frombuffer(values, dtype=np.int8)[keep].tolist()
    voter_names = {v: str(v) for v in set(kept_voters)}
    comment_names = {c: str(c) for c in set(kept_comments)}
    return [
        (voter_names[v], comment_names[c], value)
        for v, c, value in zip(kept_voters, kept_comments, kept_values, strict=True)
    ]


def read_polis_export(
    comments_csv: bytes | str,
    votes_csv: bytes | str,
    *,
    comments_filename: str = COMMENTS_FILE,
    votes_filename: str = VOTES_FILE,
) -> PolisExport:
    """Parse the two files of a Pol.is export; raises `PolisFormatError` (see the module doc)."""
    comments = _read_comments(_checked_bytes(comments_csv, comments_filename), comments_filename)
    votes = _read_votes(
        _checked_bytes(votes_csv, votes_filename),
        votes_filename,
        {c.comment_id for c in comments},
        comments_filename,
    )
    return PolisExport(comments=comments, votes=votes)


def read_polis_dir(path) -> PolisExport:
    """`read_polis_export` of DIR/comments.csv and DIR/votes.csv."""
    directory = Path(path)
    contents: list[bytes] = []
    for name in (COMMENTS_FILE, VOTES_FILE):
        try:
            contents.append((directory / name).read_bytes())
        except FileNotFoundError:
            raise PolisFormatError(
                gettext("%(file)s is missing from %(dir)s.") % {"file": name, "dir": directory},
                filename=name,
            ) from None
        except OSError as exc:
            raise PolisFormatError(
                gettext("%(file)s cannot be read: %(reason)s")
                % {"file": name, "reason": exc.strerror or exc},
                filename=name,
            ) from None
    return read_polis_export(contents[0], contents[1])
