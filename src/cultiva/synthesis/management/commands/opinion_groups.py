"""Opinion groups of a Pol.is export, for analysts: the same computation as the opinion map."""

from __future__ import annotations

import csv
import os
import tempfile
import time
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext

from cultiva.synthesis.opinion import MAX_GROUPS, analyse
from cultiva.synthesis.polis import PolisFormatError, read_polis_dir

# From this many vote rows on, the command reports each step on stderr.
PROGRESS_FROM_VOTES = 50_000


def _groups_option(value: str) -> int | None:
    if value.strip().lower() == "auto":
        return None
    try:
        groups = int(value)
    except ValueError:
        groups = 0
    if not 2 <= groups <= MAX_GROUPS:
        raise CommandError(
            gettext("--groups must be “auto” or a number from 2 to %(max)d, not “%(value)s”.")
            % {"max": MAX_GROUPS, "value": value}
        )
    return groups


class Command(BaseCommand):
    help = (
        "Opinion groups of a Pol.is export (DIR/comments.csv and DIR/votes.csv), computed as on "
        "the opinion map: writes participant,group for every participant placed in a group "
        "(groups numbered from 0, largest first). Votes on moderated-out comments are left out; "
        "participants with fewer than --min-votes votes are not placed."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--polis-dir", required=True, help="Folder with comments.csv and votes.csv."
        )
        parser.add_argument(
            "--output", required=True, help="CSV file to write (participant,group)."
        )
        parser.add_argument(
            "--groups", default="auto", help=f"auto (chosen by silhouette) or 2..{MAX_GROUPS}."
        )
        parser.add_argument("--seed", type=int, default=0, help="Seed of k-means (default 0).")
        parser.add_argument(
            "--min-votes",
            type=int,
            default=7,
            help="Votes a participant needs to be placed (capped by the number of comments).",
        )

    def handle(self, *args, **options):
        n_groups = _groups_option(str(options["groups"]))
        directory = Path(options["polis_dir"])
        if not directory.is_dir():
            raise CommandError(gettext("%(dir)s is not a folder.") % {"dir": directory})
        output = Path(options["output"])
        if not output.parent.is_dir():
            raise CommandError(gettext("The folder of %(file)s does not exist.") % {"file": output})
        started = time.perf_counter()
        try:
            size = (directory / "votes.csv").stat().st_size
        except OSError:
            size = 0
        # A vote row of a Pol.is export is about 30 bytes.
        big = size >= PROGRESS_FROM_VOTES * 30 or options["verbosity"] > 1
        self._progress(gettext("Reading %(dir)s …") % {"dir": directory}, force=big)
        try:
            export = read_polis_dir(directory)
        except PolisFormatError as exc:
            raise CommandError(str(exc)) from None
        votes = export.votes_for_analysis()
        left_out = export.moderated_out()
        self._progress(
            gettext(
                "%(votes)d votes on %(comments)d comments (%(out)d moderated out, their votes "
                "left out); computing the groups …"
            )
            % {"votes": len(votes), "comments": len(export.comments), "out": len(left_out)},
            force=big,
        )
        result = analyse(
            votes, n_groups=n_groups, seed=options["seed"], min_votes=options["min_votes"]
        )
        self._progress(gettext("Writing %(file)s …") % {"file": output}, force=big)
        self._write(output, result.participants)
        elapsed = time.perf_counter() - started
        if result.group_count == 0:
            self.stdout.write(
                gettext(
                    "Too few participants with enough votes to form groups "
                    "(%(excluded)d left out); %(file)s has only its header."
                )
                % {"excluded": result.excluded_participants, "file": output}
            )
            return
        self.stdout.write(
            gettext(
                "%(placed)d participants in %(groups)d groups (%(excluded)d with too few votes "
                "left out) written to %(file)s in %(seconds).1f s."
            )
            % {
                "placed": len(result.participants),
                "groups": result.group_count,
                "excluded": result.excluded_participants,
                "file": output,
                "seconds": elapsed,
            }
        )

    def _progress(self, message: str, *, force: bool) -> None:
        if force:
            self.stderr.write(message)
            self.stderr.flush()

    def _write(self, output: Path, participants) -> None:
        # Written next to the target and renamed, so a failure never leaves half a file.
        try:
            handle, temporary = tempfile.mkstemp(
                dir=output.parent, prefix=f".{output.name}.", suffix=".tmp"
            )
            try:
                with os.fdopen(handle, "w", encoding="utf-8", newline="") as file:
                    writer = csv.writer(file, lineterminator="\n")
                    writer.writerow(["participant", "group"])
                    writer.writerows([p.participant, p.group] for p in participants)
                os.replace(temporary, output)
            except BaseException:
                Path(temporary).unlink(missing_ok=True)
                raise
        except OSError as exc:
            raise CommandError(
                gettext("%(file)s cannot be written: %(reason)s")
                % {"file": output, "reason": exc.strerror or exc}
            ) from None
