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

import csv
import io
from dataclasses import dataclass
from pathlib import Path

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


def _decode(data: bytes | str, filename: str) -> str:
    if isinstance(data, bytes):
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            line = data.count(b"\n", 0, exc.start) + 1
            raise PolisFormatError(
                gettext(
                    "%(file)s, line %(line)d: the file is not UTF-8 text "
                    "(save it as UTF-8 and upload it again)."
                )
                % {"file": filename, "line": line},
                filename=filename,
                row=line,
            ) from None
    else:
        text = data.removeprefix("\ufeff")
    nul = text.find("\x00")
    if nul >= 0:
        line = text.count("\n", 0, nul) + 1
        raise PolisFormatError(
            gettext("%(file)s, line %(line)d: the file contains NUL bytes; it is not a CSV file.")
            % {"file": filename, "line": line},
            filename=filename,
            row=line,
        )
    if not text.strip():
        raise _error(filename, gettext("the file is empty."))
    return text


def _rows(text: str, filename: str, required: tuple[str, ...]):
    """Yield (row number, {column: value}) for the data rows; checks the header first."""
    reader = csv.reader(io.StringIO(text, newline=""))
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
                positions = {name: header.index(name) for name in required}
                continue
            if not record or all(not value.strip() for value in record):
                continue
            if len(record) < len(header):
                record = record + [""] * (len(header) - len(record))
            yield row_number, {name: record[i] for name, i in positions.items()}
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
    number = _whole_number(value, column, filename, row)
    if number < 0:
        raise _error_at(
            filename,
            row,
            gettext("“%(value)s” in column %(column)s is not a valid id.")
            % {"value": value.strip()[:40], "column": column},
        )
    return str(number)


def _read_comments(text: str, filename: str) -> list[PolisComment]:
    comments: list[PolisComment] = []
    seen: set[str] = set()
    for row, values in _rows(text, filename, COMMENT_COLUMNS):
        comment_id = _identifier(values["comment-id"], "comment-id", filename, row)
        if comment_id in seen:
            raise _error_at(
                filename,
                row,
                gettext("comment id %(id)s appears twice.") % {"id": comment_id},
            )
        seen.add(comment_id)
        moderated = _whole_number(values["moderated"], "moderated", filename, row)
        if moderated not in (-1, 0, 1):
            raise _error_at(
                filename,
                row,
                gettext("moderated must be -1, 0 or 1, not %(value)s.") % {"value": moderated},
            )
        comments.append(
            PolisComment(
                comment_id=comment_id,
                author_id=_identifier(values["author-id"], "author-id", filename, row),
                text=values["comment-body"],
                moderated=moderated,
                timestamp=_whole_number(values["timestamp"], "timestamp", filename, row),
            )
        )
    if not comments:
        raise _error(filename, gettext("the file has no comments."))
    return comments


def _read_votes(
    text: str, filename: str, comment_ids: set[str], comments_filename: str
) -> list[tuple[str, str, int]]:
    # (voter, comment) → (timestamp, position, vote) of the latest row; ids are shared strings
    # so two million rows stay small.
    latest: dict[tuple[str, str], tuple[int, int, int]] = {}
    known: dict[str, str] = {c: c for c in comment_ids}
    voters: dict[str, str] = {}
    for position, (row, values) in enumerate(_rows(text, filename, VOTE_COLUMNS)):
        if position >= MAX_VOTE_ROWS:
            raise _error_at(
                filename,
                row,
                gettext("more than %(limit)s vote rows; split the conversation or ask an admin.")
                % {"limit": f"{MAX_VOTE_ROWS:,}"},
            )
        comment_id = _identifier(values["comment-id"], "comment-id", filename, row)
        if comment_id not in known:
            raise _error_at(
                filename,
                row,
                gettext("a vote for comment %(id)s, which is not in %(comments)s.")
                % {"id": comment_id, "comments": comments_filename},
            )
        comment_id = known[comment_id]
        vote = _whole_number(values["vote"], "vote", filename, row)
        if vote not in (-1, 0, 1):
            raise _error_at(
                filename,
                row,
                gettext("vote must be 1 (agree), -1 (disagree) or 0 (pass), not %(value)s.")
                % {"value": vote},
            )
        timestamp = _whole_number(values["timestamp"], "timestamp", filename, row)
        voter = _identifier(values["voter-id"], "voter-id", filename, row)
        voter = voters.setdefault(voter, voter)
        key = (voter, comment_id)
        previous = latest.get(key)
        if previous is None or timestamp >= previous[0]:
            latest[key] = (timestamp, position, vote)
    ordered = sorted(latest.items(), key=lambda item: (item[1][0], item[1][1]))
    return [(voter, comment_id, vote) for (voter, comment_id), (_t, _p, vote) in ordered]


def read_polis_export(
    comments_csv: bytes | str,
    votes_csv: bytes | str,
    *,
    comments_filename: str = COMMENTS_FILE,
    votes_filename: str = VOTES_FILE,
) -> PolisExport:
    """Parse the two files of a Pol.is export; raises `PolisFormatError` (see the module doc)."""
    comments = _read_comments(_decode(comments_csv, comments_filename), comments_filename)
    votes = _read_votes(
        _decode(votes_csv, votes_filename),
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
