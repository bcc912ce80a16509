"""Themes: group contributions by meaning from their stored embeddings.

Plain numpy / scikit-learn, no database. What `cluster` does, and why:

1. Prepare the vectors. The stored e5 vectors are already centred with the language axes
   removed (see `embeddings`); here each language's own mean is subtracted as well (what is
   left of "this is Hungarian" is shared by all Hungarian rows of the run; the language is the
   one stored with the vector when the caller passes it, else detected from the text), then the
   rows are centred, reduced to at most PCA_DIMENSIONS principal components and put on the
   unit sphere: k-means on unit vectors is spherical k-means, i.e. clusters by cosine.
   Adjusted Rand index on the evaluation set (data/evaluation_contributions.csv, 10 themes,
   k = 10, mean of seeds) with single-view vectors: k-means on raw e5 0.08; on the centred
   vectors with the language axes removed 0.29; with the per-language means removed 0.32;
   + PCA 20 and unit rows (this module) 0.36. The stored vectors now average four views of
   each text (see `embeddings`): 0.47; with the mixture refinement of step 3: 0.51 (automatic
   count 0.47). Tried and not better on those: PCA 40/80/none,
   consensus of 200 k-means runs, spectral and Louvain on k-NN graphs, Ward, CCA against
   stemmed TF-IDF, e5's sparse latent terms, taxonomy-name anchors, keyword-only texts, word
   dropout views, nuisance-direction projection, von Mises–Fisher mixtures, contrastive linear
   projections, density peaks; all 0.40–0.51. Why: k-means started at the
   gold themes' centres stays near them (ARI 0.66) with the same inertia as the partitions
   found from random starts, so the objective cannot tell the gold grouping from others that
   group by another facet (events, venues, young people across sectors). The baseline,
   TF-IDF + k-means, scores 0.01.
2. Choose the number of themes when not given: for each k from 2 to
   min(MAX_THEMES, rows / MIN_ROWS_PER_THEME), k-means on (a sample of at most
   SEARCH_SAMPLE rows of) the data and the mean cosine silhouette of the result (exact, see
   `silhouette`), averaged over SEARCH_RUNS seeds. Contribution themes overlap, so the curve
   is flat and noisy near its top; the *smallest* k whose silhouette is within
   SILHOUETTE_TOLERANCE of the best is taken (fewer, broader themes are easier to curate
   than many thin ones that score the same). On the evaluation set a single run picked 8, 19,
   16 or 9 themes for seeds 0–3; three runs and the tolerance pick 8 for each.
3. k-means with the chosen k (MiniBatchKMeans above MINIBATCH_ROWS rows), seeded: same input
   and seed, same result; then a Gaussian mixture with one shared covariance, started at the
   k-means centres, reassigns the rows (`_mixture_refine`).
4. Locked themes come back as they were; pinned rows stay in the theme a person put them in
   (see `cluster`). Themes people described or placed contributions in guide the run: one
   k-means centre starts at each, in GUIDED_PCA_DIMENSIONS, without the mixture step (see
   `_fit`, `_guides`). Evaluation set, its ten themes described beforehand by name and a
   sentence or two (data/evaluation_theme_descriptions.csv, written without seeing the texts):
   ARI 0.61; with 3 / 6 / 10 contributions per theme placed as well 0.64 / 0.69 / 0.76.
   Representatives are the members closest to the theme's centre; keywords are the stems
   that set the theme apart (text.KeywordIndex); the label is made of them, in Hungarian and
   Romanian when both are well represented (`KeywordIndex.label`).
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass, field

import numpy as np

from cultiva.synthesis.text import KeywordIndex, detect_language, normalise

PCA_DIMENSIONS = 20
# Guided runs (themes described or contributions placed by people) keep more of the vectors:
# the guides point at the facet people mean, and a facet the top 20 components fold into
# another stays apart (evaluation set, described themes: ARI 0.55 at 20, 0.61 at 80).
GUIDED_PCA_DIMENSIONS = 80
# A described theme takes the name of the found theme that holds at least DESCRIPTION_EVIDENCE
# of the DESCRIPTION_NEIGHBOURS contributions nearest to its description, counting only those
# at least DESCRIPTION_SIMILARITY alike (prepared space). Evaluation set: the fifth nearest row
# of each of the ten descriptions scores 0.35–0.48; descriptions of unrelated subjects
# (space research, football, health care) have at most one row above 0.33.
DESCRIPTION_NEIGHBOURS = 5
DESCRIPTION_SIMILARITY = 0.33
DESCRIPTION_EVIDENCE = 2
MAX_THEMES = 30
MIN_ROWS_PER_THEME = 8
SEARCH_SAMPLE = 3000
SEARCH_RUNS = 3
SILHOUETTE_TOLERANCE = 0.03
MINIBATCH_ROWS = 5000
# Threads for BLAS / OpenMP while clustering. The matrices are small (at most 20 columns
# after PCA): threads cost more in start-up and waiting than they save, and on a busy
# machine they fight over the cores. 18,547 rows, 2 cores with other jobs running: the choice
# of the number of themes took 22-28 s with the default 2 threads, 1 s with one.
THREADS = 1
# Gaussian-mixture refinement of the k-means themes (see _mixture_refine).
MIXTURE_REGULARISATION = 1e-2
MIXTURE_ITERATIONS = 100
REPRESENTATIVES = 5
KEYWORDS = 5
# Mixed themes (`mixed_themes`): among at least MIXED_MIN_THEMES themes of MIXED_MIN_MEMBERS
# contributions or more, those whose cohesion is in the lowest MIXED_SHARE of the board's.
MIXED_MIN_THEMES = 4
MIXED_MIN_MEMBERS = 3
MIXED_SHARE = 0.25


@dataclass
class ThemeFound:
    members: list[int]  # row indices, closest to the centre first
    representatives: list[int]  # best first, at most REPRESENTATIVES
    keywords: list[str]
    label: str
    # The key of the locked, pinned or described theme this is (None: a new automatic theme).
    key: str | None = None


@dataclass
class Clustering:
    themes: list[ThemeFound] = field(default_factory=list)
    theme_count: int = 0
    silhouette: float | None = None
    seed: int = 0


def _unit(matrix: np.ndarray) -> np.ndarray:
    norms = np.linalg.norm(matrix, axis=1, keepdims=True)
    norms[norms == 0] = 1.0
    return matrix / norms


def row_languages(
    texts: list[str] | None,
    languages: list[str | None] | None = None,
    *,
    normalised: bool = False,
) -> list[str] | None:
    """The language of each row: the one given (e.g. stored with the embedding), detected
    from the text only where it is missing (None or ""). None when neither is known.

    Each distinct text is detected once (`normalised`: the texts went through
    `text.normalise` already).
    """
    if languages is None:
        if texts is None:
            return None
        languages = [None] * len(texts)
    elif texts is not None and len(languages) != len(texts):
        raise ValueError(f"{len(texts)} texts but {len(languages)} languages")
    result: list[str] = []
    detected: dict[str, str] = {}
    for row, language in enumerate(languages):
        if not language:
            if texts is None:
                language = ""
            else:
                text = texts[row] or ""
                language = detected.get(text)
                if language is None:
                    language = detected[text] = detect_language(text, normalised=normalised)
        result.append(language)
    return result


def prepare(
    vectors: np.ndarray,
    texts: list[str] | None = None,
    *,
    seed: int = 0,
    languages: list[str | None] | None = None,
    dimensions: int = PCA_DIMENSIONS,
) -> np.ndarray:
    """Vectors ready for spherical k-means: language means removed, centred, PCA, unit rows.

    The language of a row is `languages[row]` when given and not empty, else detected from
    `texts[row]`; without either the language means are not removed.
    """
    return _prepare(vectors, None, texts, seed=seed, languages=languages, dimensions=dimensions)[0]


def _prepare(
    vectors: np.ndarray,
    extra: np.ndarray | None,
    texts: list[str] | None = None,
    *,
    seed: int = 0,
    languages: list[str | None] | None = None,
    dimensions: int = PCA_DIMENSIONS,
) -> tuple[np.ndarray, np.ndarray]:
    """`prepare`, and the `extra` rows (theme descriptions) put through the same centring and
    projection, fitted on `vectors` alone. An extra row has no language of its own (a
    description may mix both), so no language mean is removed from it."""
    matrix = np.asarray(vectors, dtype=np.float64)
    if matrix.ndim != 2:
        raise ValueError("vectors must be a two-dimensional matrix")
    extra = np.zeros((0, matrix.shape[1])) if extra is None else np.asarray(extra, np.float64)
    extra = _unit(extra.reshape(-1, matrix.shape[1]))
    if not len(matrix):
        return matrix, extra
    matrix = _unit(matrix)
    if texts is not None and len(texts) != len(matrix):
        texts = None
    if languages is not None and len(languages) != len(matrix):
        languages = None
    known = row_languages(texts, languages)
    if known is not None:
        languages = np.array(known)
        for language in np.unique(languages):
            rows = languages == language
            if rows.sum() > 1:
                matrix[rows] -= matrix[rows].mean(axis=0)
    centre = matrix.mean(axis=0)
    matrix, extra = matrix - centre, extra - centre
    dimensions = min(dimensions, matrix.shape[0] - 1, matrix.shape[1])
    if dimensions >= 2 and matrix.shape[1] > dimensions:
        from sklearn.decomposition import PCA

        solver = "randomized" if matrix.shape[0] > 2000 else "full"
        projection = PCA(dimensions, svd_solver=solver, random_state=seed)
        matrix = projection.fit_transform(matrix)
        extra = projection.transform(extra) if len(extra) else extra[:, :dimensions]
    return _unit(matrix), _unit(extra)


def _limited_threads():
    # The libraries must be loaded first: threadpoolctl limits only the pools it finds.
    import sklearn.cluster  # noqa: F401
    import sklearn.decomposition  # noqa: F401
    from threadpoolctl import threadpool_limits

    return threadpool_limits(limits=THREADS)


def _kmeans(
    matrix: np.ndarray,
    k: int,
    seed: int,
    *,
    quick: bool = False,
    guides: np.ndarray | None = None,
) -> np.ndarray:
    """k-means labels; `guides` (rows of centres) start the first centres where people put
    contributions or described a theme, the others start by k-means++."""
    from sklearn.cluster import KMeans, MiniBatchKMeans, kmeans_plusplus

    with warnings.catch_warnings():
        # Duplicate rows can leave fewer distinct points than k: scikit-learn warns, fine.
        warnings.simplefilter("ignore")
        init, n_init = "k-means++", (1 if quick else 10)
        if guides is not None and len(guides):
            init, _indices = kmeans_plusplus(matrix, n_clusters=k, random_state=seed)
            init[: len(guides)] = guides[:k]
            n_init = 1
        if len(matrix) > MINIBATCH_ROWS:
            model = MiniBatchKMeans(
                k,
                init=init,
                random_state=seed,
                n_init=1 if quick or n_init == 1 else 3,
                batch_size=2048,
                max_iter=100,
            )
        else:
            model = KMeans(k, init=init, random_state=seed, n_init=n_init)
        return model.fit_predict(matrix)


def silhouette(matrix: np.ndarray, labels: np.ndarray) -> float | None:
    """Mean cosine silhouette of unit rows, exact, in O(rows × dimensions × themes).

    For unit vectors the mean cosine distance from a row to a group is
    1 − row · (sum of the group) / size, so no rows × rows distance matrix is needed.
    Rows alone in their group score 0 (as in scikit-learn). None for fewer than 2 groups.
    """
    labels = np.asarray(labels)
    groups, inverse, counts = np.unique(labels, return_inverse=True, return_counts=True)
    if len(groups) < 2 or len(groups) >= len(matrix):
        return None
    sums = np.zeros((len(groups), matrix.shape[1]))
    np.add.at(sums, inverse, matrix)
    similarity = matrix @ sums.T  # rows × groups
    self_similarity = np.einsum("ij,ij->i", matrix, matrix)
    rows = np.arange(len(matrix))
    own_count = counts[inverse]
    with np.errstate(divide="ignore", invalid="ignore"):
        own = 1 - (similarity[rows, inverse] - self_similarity) / (own_count - 1)
        other = 1 - similarity / counts
        other[rows, inverse] = np.inf
        nearest = other.min(axis=1)
        # A row identical to its own and the nearest group scores 0/0: 0, as in scikit-learn.
        scores = (nearest - own) / np.maximum(own, nearest)
    scores[own_count == 1] = 0.0
    return float(np.nan_to_num(scores).mean())


def choose_theme_count(matrix: np.ndarray, *, seed: int = 0) -> tuple[int, float | None]:
    """(k, its silhouette): the smallest k within SILHOUETTE_TOLERANCE of the best silhouette."""
    rows = len(matrix)
    top = max(2, min(MAX_THEMES, rows // MIN_ROWS_PER_THEME))
    if rows < 4:
        return 1, None
    sample = matrix
    if rows > SEARCH_SAMPLE:
        rng = np.random.default_rng(seed)
        sample = matrix[np.sort(rng.choice(rows, SEARCH_SAMPLE, replace=False))]
    scores: dict[int, float] = {}
    for k in range(2, min(top, len(sample) - 1) + 1):
        runs = [
            silhouette(sample, _kmeans(sample, k, seed + offset, quick=True))
            for offset in range(SEARCH_RUNS)
        ]
        runs = [score for score in runs if score is not None]
        if runs:
            scores[k] = float(np.mean(runs))
    if not scores:
        return 1, None
    best = max(scores.values())
    floor = best - SILHOUETTE_TOLERANCE * abs(best)
    k = min(k for k, score in scores.items() if score >= floor)
    return k, scores[k]


def cluster_labels(
    vectors: np.ndarray,
    *,
    n_themes: int | None = None,
    seed: int = 0,
    texts: list[str] | None = None,
    languages: list[str | None] | None = None,
) -> list[int]:
    """A theme number for each row (0 = the largest theme); used by cluster_file and tests.

    `texts` / `languages`: for the per-language centring (see `prepare`).
    """
    with _limited_threads():
        matrix = prepare(vectors, texts, seed=seed, languages=languages)
        labels, _k, _score = _fit(matrix, n_themes, seed)
    return _by_size(labels).tolist()


def _fit(matrix: np.ndarray, n_themes: int | None, seed: int, guides: np.ndarray | None = None):
    """(labels, number of themes, silhouette). With `guides` (start centres) there is no
    mixture step: the guides already say which facet matters, and the mixture, which learns
    its covariance from the unguided shape of the data, may move a centre away from where
    people put it. On the evaluation set it makes little difference there (80 dimensions,
    mean of 8 seeds: ten themes described 0.608 without, 0.603 with; 3 / 6 placed per theme
    0.557 / 0.617 without, 0.531 / 0.627 with); the gain of guided runs comes from the
    guides and the GUIDED_PCA_DIMENSIONS."""
    rows = len(matrix)
    if rows == 0:
        return np.zeros(0, dtype=int), 0, None
    if n_themes is None:
        # A guided matrix has GUIDED_PCA_DIMENSIONS; its first PCA_DIMENSIONS columns are the
        # unguided projection, so the number of themes is chosen as in an unguided run (and
        # the search over k, the slow part, stays in 20 dimensions).
        search = matrix if guides is None else _unit(matrix[:, :PCA_DIMENSIONS])
        k, score = choose_theme_count(search, seed=seed)
    else:
        k, score = max(1, min(int(n_themes), rows)), None
    if guides is not None:
        # Every theme people described or placed contributions in gets a centre of its own.
        k = min(max(k, len(guides)), rows)
    if k <= 1:
        return np.zeros(rows, dtype=int), 1, None
    labels = _kmeans(matrix, k, seed, guides=guides)
    if guides is None:
        labels = _mixture_refine(matrix, labels, seed)
    if score is None:
        score = silhouette(matrix, labels)
    return labels, len(set(labels.tolist())), score


def _mixture_refine(matrix: np.ndarray, labels: np.ndarray, seed: int) -> np.ndarray:
    """The k-means themes refined by a Gaussian mixture with one covariance shared by all
    themes, started at the k-means centres (unguided runs only, see `_fit`).

    k-means measures every direction alike; the shared covariance learns which directions
    vary within themes and weighs them down. Evaluation set, 16 seeds, k = 10: ARI 0.455 →
    0.50; on 12 random 80 % subsets it helped 9 times (mean +0.02).
    """
    from sklearn.mixture import GaussianMixture

    groups = np.unique(labels)
    if len(groups) < 2 or len(matrix) <= len(groups) or matrix.shape[1] < 2:
        return labels
    centres = np.vstack([matrix[labels == group].mean(axis=0) for group in groups])
    mixture = GaussianMixture(
        len(groups),
        covariance_type="tied",
        reg_covar=MIXTURE_REGULARISATION,
        means_init=centres,
        max_iter=MIXTURE_ITERATIONS,
        random_state=seed,
    )
    with warnings.catch_warnings():
        # Not converging within MIXTURE_ITERATIONS still leaves a usable assignment.
        warnings.simplefilter("ignore")
        refined = mixture.fit(matrix).predict(matrix)
    return refined


def _by_size(labels: np.ndarray) -> np.ndarray:
    """Renumber themes: 0 is the largest, ties by the first row that belongs to them."""
    values, first, counts = np.unique(labels, return_index=True, return_counts=True)
    order = sorted(range(len(values)), key=lambda i: (-counts[i], first[i]))
    mapping = {int(values[i]): rank for rank, i in enumerate(order)}
    return np.array([mapping[int(label)] for label in labels], dtype=int)


def cluster(
    vectors: np.ndarray,
    texts: list[str],
    *,
    n_themes: int | None = None,
    seed: int = 0,
    locked: dict[str, list[int]] | None = None,
    pinned: dict[int, str] | None = None,
    described: dict[str, np.ndarray] | None = None,
    languages: list[str | None] | None = None,
) -> Clustering:
    """Group the rows into themes (see the module docstring).

    - `locked`: theme key → row indices. Those themes come back with the same key and the
      same members; their rows are not clustered.
    - `pinned`: row index → key of an unlocked theme a person put the row in. The row stays
      in a theme with that key.
    - `described`: key of an unlocked theme → the embedding of its name and description,
      written by a person (same backend as `vectors`). The theme comes back even if nothing
      joins it.
    - Pinned and described themes guide the run (`_guides`): one k-means centre starts at
      each. A key goes to the found theme holding most of its pinned rows and of the rows
      nearest its description (`_assign_keys`); the theme keeps whatever else the run put
      there. A pinned key that finds no theme of its own comes back with just its pinned
      rows, a described one empty. Guided runs keep GUIDED_PCA_DIMENSIONS of the vectors.
    - `n_themes` counts the themes made of the unlocked rows (None: chosen by silhouette).
    - `languages`: the language of each row when already known ("hu", "ro", "en", "other",
      e.g. `ContributionEmbedding.detected_language`); rows with None or "" are detected from
      their text. Each text is normalised once (for the keywords).
    """
    locked = dict(locked or {})
    pinned = dict(pinned or {})
    vectors = np.asarray(vectors, dtype=np.float32)
    rows = len(vectors)
    if len(texts) != rows:
        raise ValueError(f"{rows} vectors but {len(texts)} texts")
    if languages is not None and len(languages) != rows:
        raise ValueError(f"{rows} vectors but {len(languages)} languages")
    locked_rows = {row for members in locked.values() for row in members}
    pinned = {row: key for row, key in pinned.items() if row not in locked_rows and row < rows}
    described = {key: vector for key, vector in (described or {}).items() if key not in locked}
    free = [row for row in range(rows) if row not in locked_rows]

    texts = [normalise(text) for text in texts]
    languages = row_languages(texts, languages, normalised=True)
    described_keys = sorted(described)
    with _limited_threads():
        matrix, descriptions = _prepare(
            vectors,
            np.vstack([described[key] for key in described_keys]) if described_keys else None,
            texts,
            seed=seed,
            languages=languages,
            dimensions=GUIDED_PCA_DIMENSIONS if pinned or described else PCA_DIMENSIONS,
        )
        descriptions = dict(zip(described_keys, descriptions, strict=True))
        guides = _guides(matrix, pinned, descriptions)
        labels, _k, score = (
            _fit(matrix[free], n_themes, seed, guides) if free else (np.zeros(0), 0, None)
        )
    groups: dict[int, list[int]] = {}
    for row, label in zip(free, labels.tolist(), strict=True):
        groups.setdefault(int(label), []).append(row)

    keyed = _assign_keys(groups, pinned, _description_evidence(matrix, free, descriptions))
    index = KeywordIndex(texts, languages, normalised=True)
    themes = [_theme(matrix, index, texts, sorted(members), key) for key, members in locked.items()]
    for key, members in keyed:
        themes.append(_theme(matrix, index, texts, sorted(members), key))
    kept = set(locked) | set(described)
    themes = [theme for theme in themes if theme.members or theme.key in kept]
    return Clustering(themes=themes, theme_count=len(themes), silhouette=score, seed=seed)


def _guides(
    matrix: np.ndarray, pinned: dict[int, str], descriptions: dict[str, np.ndarray]
) -> np.ndarray | None:
    """One start centre per pinned or described key, in key order (None without guidance).

    A key's centre is the direction of its pinned rows' mean plus its prepared description,
    each as a unit vector. Contributions a person placed and a description a person wrote say
    what the theme is about: the run starts a centre there, so similar contributions gather
    around it. Evaluation set, mean of seeds: 3 / 6 / 10 placed per theme lift the ARI from
    about 0.5 to 0.56 / 0.64 / 0.72; the ten themes described by name and description, written
    without seeing the contributions, 0.61 (bench/bench_theme_quality.py).
    """
    keys = sorted(set(pinned.values()) | set(descriptions))
    if not keys:
        return None
    centres = []
    for key in keys:
        centre = np.zeros(matrix.shape[1])
        placed = [row for row, pinned_key in pinned.items() if pinned_key == key]
        if placed:
            centre += _unit(matrix[placed].mean(axis=0, keepdims=True))[0]
        if key in descriptions:
            centre += descriptions[key]
        centres.append(centre / (float(np.linalg.norm(centre)) or 1.0))
    return np.asarray(centres, dtype=matrix.dtype)


def _description_evidence(
    matrix: np.ndarray, free: list[int], descriptions: dict[str, np.ndarray]
) -> dict[str, list[int]]:
    """Key → the free rows that show what its description means: among the
    DESCRIPTION_NEIGHBOURS rows nearest to it, those at least DESCRIPTION_SIMILARITY alike."""
    if not free or not descriptions:
        return {key: [] for key in descriptions}
    rows = np.asarray(free)
    keys = list(descriptions)
    similarities = matrix[rows] @ np.vstack([descriptions[key] for key in keys]).T
    evidence = {}
    for column, key in enumerate(keys):
        similarity = similarities[:, column]
        nearest = np.argsort(-similarity, kind="stable")[:DESCRIPTION_NEIGHBOURS]
        evidence[key] = [int(rows[i]) for i in nearest if similarity[i] >= DESCRIPTION_SIMILARITY]
    return evidence


def _assign_keys(
    groups: dict[int, list[int]], pinned: dict[int, str], evidence: dict[str, list[int]]
) -> list[tuple[str | None, list[int]]]:
    """Found groups with the keys given to them, pinned rows moved to their key.

    A key goes to the group where most of its pinned rows and of its description's evidence
    rows (`_description_evidence`) landed, each found group taking at most one key. A key
    known by its description alone needs DESCRIPTION_EVIDENCE of those rows in the group:
    a description nothing in the data resembles names no group, and its theme comes back
    empty. Naming by evidence rather than by the centre a guide started is deliberate: a
    centre can wander off to other contributions (a description is a vaguer point than a
    contribution), and the name must go where its contributions are.
    """
    keys = sorted(set(pinned.values()) | set(evidence))
    label_of = {row: label for label, members in groups.items() for row in members}
    result: dict[int, str] = {}
    if keys and groups:
        from scipy.optimize import linear_sum_assignment

        labels = sorted(groups)
        counts = np.zeros((len(keys), len(labels)))
        for row, key in pinned.items():
            if row in label_of:
                counts[keys.index(key), labels.index(label_of[row])] += 1
        pinned_keys = set(pinned.values())
        for key, rows in evidence.items():
            found = np.zeros(len(labels))
            for row in rows:
                if row in label_of:
                    found[labels.index(label_of[row])] += 1
            if key not in pinned_keys:
                found[found < DESCRIPTION_EVIDENCE] = 0
            counts[keys.index(key)] += found
        key_rows, label_columns = linear_sum_assignment(-counts)
        for key_row, column in zip(key_rows.tolist(), label_columns.tolist(), strict=True):
            if counts[key_row, column] > 0:
                result[labels[column]] = keys[key_row]
    out: dict[str | int, list[int]] = {}
    for label in sorted(groups):
        name = result.get(label)
        out[name if name is not None else label] = [
            row for row in groups[label] if row not in pinned
        ]
    for row, key in pinned.items():
        out.setdefault(key, []).append(row)
    for key in evidence:
        out.setdefault(key, [])
    ordered = sorted(out.items(), key=lambda item: (-len(item[1]), min(item[1], default=0)))
    return [(name if isinstance(name, str) else None, members) for name, members in ordered]


def _theme(matrix, index: KeywordIndex, texts, members: list[int], key) -> ThemeFound:
    if not members:
        return ThemeFound(members=[], representatives=[], keywords=[], label="", key=key)
    block = matrix[members]
    centre = block.mean(axis=0)
    norm = float(np.linalg.norm(centre)) or 1.0
    scores = block @ (centre / norm)
    order = sorted(range(len(members)), key=lambda i: (-scores[i], members[i]))
    ranked = [members[i] for i in order]
    keywords = index.keywords(ranked, top=KEYWORDS)
    label = index.label(ranked) or _short(texts[ranked[0]])
    return ThemeFound(
        members=ranked,
        representatives=ranked[:REPRESENTATIVES],
        keywords=keywords,
        label=label,
        key=key,
    )


def _short(text: str, limit: int = 60) -> str:
    text = " ".join((text or "").split())
    return text if len(text) <= limit else text[: limit - 1].rsplit(" ", 1)[0] + "…"


def centre_similarities(matrix: np.ndarray, rows) -> list[float]:
    """Cosine similarity of each of these rows (unit vectors) to the direction of their mean:
    a theme's membership scores (most representative first when sorted); their mean is the
    theme's cohesion (see `mixed_themes`)."""
    if not len(rows):
        return []
    block = matrix[list(rows)]
    centre = block.mean(axis=0)
    norm = float(np.linalg.norm(centre)) or 1.0
    return [round(float(value), 4) for value in block @ (centre / norm)]


def mixed_themes(cohesion: dict, sizes: dict) -> set:
    """The themes to check first: the least cohesive quarter of the board.

    `cohesion`: theme → the mean cosine similarity of its members to their centre (the mean of
    their membership scores), `sizes`: theme → member count. Cohesion is relative to the
    board, not an absolute bar: its level depends on the embedding backend and the data.
    Evaluation set, unguided runs, seeds 0–7, 68 themes of 3 or more: cohesion and purity (the
    share of a theme's largest gold theme) have Spearman 0.77; the themes flagged here are 47 %
    pure on average, the others 79 % (tests/synthesis/test_clustering.py).
    """
    sized = {key: value for key, value in cohesion.items() if value is not None}
    sized = {key: value for key, value in sized.items() if sizes.get(key, 0) >= MIXED_MIN_MEMBERS}
    if len(sized) < MIXED_MIN_THEMES:
        return set()
    bar = float(np.quantile(list(sized.values()), MIXED_SHARE))
    return {key for key, value in sized.items() if value <= bar}
