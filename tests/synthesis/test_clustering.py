"""Themes from embeddings (synthesis.clustering): the labelled evaluation set, edge cases."""

from __future__ import annotations

import csv
import time
from pathlib import Path

import numpy as np
import pytest
from sklearn.cluster import KMeans
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.metrics import adjusted_rand_score

from cultiva.synthesis import clustering, embeddings

EVALUATION = Path(embeddings.__file__).parent / "data" / "evaluation_contributions.csv"
# The issue asks for 0.6. With multilingual-e5-small (4-bit), four views of each text
# averaged (see embeddings) and the mixture refinement (see clustering), this deliberately
# varied set reaches 0.40–0.54 (automatic count) and 0.46–0.55 (true count) over seeds 0–7;
# one view and plain k-means reached 0.30–0.39. The bars below guard that level and the
# margin over the baseline. Issue 5 stays open until a method reaches 0.6 here.
# The automatic count moves with small changes (a few more stop words: 8 themes instead of 9,
# mean 0.40 instead of 0.46), hence its lower bar.
ARI_BAR = 0.45
ARI_BAR_AUTOMATIC = 0.40
MARGIN = 0.30


@pytest.fixture(scope="module")
def evaluation():
    with EVALUATION.open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    texts = [row["text"] for row in rows]
    embeddings.reset_embedder()
    vectors = embeddings.get_embedder().embed(texts)
    assert not embeddings.is_fallback(embeddings.get_embedder())
    return texts, [row["theme"] for row in rows], vectors


def _labels(result: clustering.Clustering, rows: int) -> list[int]:
    labels = [-1] * rows
    for number, theme in enumerate(result.themes):
        for row in theme.members:
            assert labels[row] == -1, "a row is in two themes"
            labels[row] = number
    assert -1 not in labels, "a row is in no theme"
    return labels


def _baseline(texts, themes, seed=0):
    """TF-IDF + k-means with the true number of themes."""
    matrix = TfidfVectorizer().fit_transform(texts)
    labels = KMeans(len(set(themes)), n_init=10, random_state=seed).fit_predict(matrix)
    return adjusted_rand_score(themes, labels)


def test_themes_of_the_evaluation_set_beat_the_tfidf_baseline(evaluation):
    texts, themes, vectors = evaluation
    baseline = _baseline(texts, themes)

    automatic = clustering.cluster(vectors, texts, seed=0)
    ari_auto = adjusted_rand_score(themes, _labels(automatic, len(texts)))
    assert 2 <= automatic.theme_count <= 30
    assert automatic.silhouette is not None

    true_count = clustering.cluster(vectors, texts, n_themes=len(set(themes)), seed=0)
    assert true_count.theme_count == len(set(themes))
    ari_true = adjusted_rand_score(themes, _labels(true_count, len(texts)))

    assert ari_auto >= ARI_BAR_AUTOMATIC, (ari_auto, baseline)
    assert ari_true >= ARI_BAR, (ari_true, baseline)
    assert ari_auto >= baseline + MARGIN, (ari_auto, baseline)
    assert ari_true >= baseline + MARGIN, (ari_true, baseline)


def test_contributions_people_placed_guide_the_next_run(evaluation):
    """A facilitator puts three contributions of each theme where they belong; the next run
    gathers the similar ones around them."""
    import random

    texts, themes, vectors = evaluation
    rng = random.Random(0)
    pinned = {}
    for theme in sorted(set(themes)):
        rows = [row for row, label in enumerate(themes) if label == theme]
        for row in rng.sample(rows, 3):
            pinned[row] = theme
    unguided = clustering.cluster(vectors, texts, seed=0)
    guided = clustering.cluster(vectors, texts, seed=0, pinned=pinned)

    ari_unguided = adjusted_rand_score(themes, _labels(unguided, len(texts)))
    ari_guided = adjusted_rand_score(themes, _labels(guided, len(texts)))
    assert ari_guided >= ari_unguided + 0.08, (ari_guided, ari_unguided)
    placed = {theme.key: set(theme.members) for theme in guided.themes}
    assert all(row in placed[key] for row, key in pinned.items())


def _written_descriptions(themes: list[str]) -> dict[str, str]:
    path = EVALUATION.parent / "evaluation_theme_descriptions.csv"
    with path.open(encoding="utf-8") as handle:
        written = {
            row["theme"]: embeddings.text_for_embedding(row["label"], row["description"])
            for row in csv.DictReader(handle)
        }
    return {theme: written[theme] for theme in sorted(set(themes))}


def test_themes_people_described_guide_the_run(evaluation):
    """The facilitators describe the ten themes they expect (written without seeing the
    contributions, data/evaluation_theme_descriptions.csv); the run gathers each theme's
    contributions under its description."""
    texts, themes, vectors = evaluation
    written = _written_descriptions(themes)
    described = dict(
        zip(written, embeddings.get_embedder().embed(list(written.values())), strict=True)
    )
    unguided = clustering.cluster(vectors, texts, seed=0)
    guided = clustering.cluster(vectors, texts, seed=0, described=described)

    ari_unguided = adjusted_rand_score(themes, _labels(unguided, len(texts)))
    ari_guided = adjusted_rand_score(themes, _labels(guided, len(texts)))
    # Measured 0.61 against 0.47 (bench/bench_theme_quality.py).
    assert ari_guided >= ari_unguided + 0.08, (ari_guided, ari_unguided)
    assert ari_guided >= 0.55, ari_guided
    by_key = {theme.key: theme for theme in guided.themes}
    assert set(by_key) == set(written)  # every described theme comes back, under its key
    # In most described themes, most of the theme's contributions land there (measured: 9 of
    # 10; folk traditions lose half theirs to a theme of festivals and events).
    holding_most = [
        key
        for key, theme in by_key.items()
        if 2 * len({row for row in theme.members if themes[row] == key}) >= themes.count(key)
    ]
    assert len(holding_most) >= 8, holding_most


def test_a_described_theme_nothing_joins_still_comes_back(evaluation):
    texts, _themes, vectors = evaluation
    embedder = embeddings.get_embedder()
    described = {
        "theme-41": embedder.embed(["Űrkutatás / Cercetare spațială. Rakéták és műholdak."])[0]
    }
    # Space research: hardly anything in the set fits. The theme still comes back, once,
    # with whatever (if anything) the run put near its description.
    result = clustering.cluster(vectors, texts, n_themes=5, seed=0, described=described)
    keys = [theme.key for theme in result.themes]
    assert keys.count("theme-41") == 1
    _labels(result, len(texts))  # every row exactly once
    # A locked key is never guided by a description.
    locked = clustering.cluster(
        vectors, texts, n_themes=5, seed=0, locked={"theme-41": [1, 2]}, described=described
    )
    theme = next(t for t in locked.themes if t.key == "theme-41")
    assert sorted(theme.members) == [1, 2]


def test_same_input_and_seed_same_themes(evaluation):
    texts, _themes, vectors = evaluation
    first = clustering.cluster(vectors, texts, n_themes=8, seed=3)
    second = clustering.cluster(vectors.copy(), list(texts), n_themes=8, seed=3)
    assert [theme.members for theme in first.themes] == [t.members for t in second.themes]
    assert [theme.label for theme in first.themes] == [t.label for t in second.themes]
    assert first.seed == 3
    assert clustering.cluster_labels(vectors, n_themes=8, seed=3) == clustering.cluster_labels(
        vectors, n_themes=8, seed=3
    )


def test_themes_have_labels_keywords_and_central_representatives(evaluation):
    texts, _themes, vectors = evaluation
    result = clustering.cluster(vectors, texts, n_themes=10, seed=0)
    sizes = [len(theme.members) for theme in result.themes]
    assert sizes == sorted(sizes, reverse=True)
    for theme in result.themes:
        assert theme.keywords and theme.label
        # Hungarian and Romanian both make up a fifth of every theme here: a two-part label.
        hungarian, romanian = theme.label.split(" / ")
        assert len(hungarian.split(", ")) == len(romanian.split(", ")) == 2
        assert 1 <= len(theme.representatives) <= 5
        assert theme.representatives == theme.members[: len(theme.representatives)]
        assert theme.key is None
        # Keywords are words of the members' texts.
        member_text = " ".join(texts[row] for row in theme.members).casefold()
        assert all(keyword in member_text for keyword in theme.keywords)
        label_words = theme.label.replace(" / ", ", ").split(", ")
        assert all(word in member_text for word in label_words)
    # The first representative is nearer the theme's centre than its last member.
    prepared = clustering.prepare(vectors, texts)
    theme = result.themes[0]
    centre = prepared[theme.members].mean(axis=0)
    assert prepared[theme.representatives[0]] @ centre >= prepared[theme.members[-1]] @ centre


def test_locked_themes_come_back_unchanged_and_pinned_rows_stay(evaluation):
    texts, _themes, vectors = evaluation
    locked_rows = [0, 5, 17, 200, 301]  # an odd mix a person locked on purpose
    pinned = {3: "theme-7", 250: "theme-7", 120: "theme-9"}
    result = clustering.cluster(
        vectors, texts, n_themes=6, seed=1, locked={"theme-1": locked_rows}, pinned=pinned
    )
    by_key = {theme.key: theme for theme in result.themes if theme.key}
    assert sorted(by_key["theme-1"].members) == sorted(locked_rows)
    assert 3 in by_key["theme-7"].members and 250 in by_key["theme-7"].members
    assert 120 in by_key["theme-9"].members
    labels = _labels(result, len(texts))  # every row exactly once
    assert len(set(labels)) == len(result.themes) == result.theme_count
    unlocked = [theme for theme in result.themes if theme.key != "theme-1"]
    # The run added rows to the pinned themes (they are not just the pinned rows).
    assert len(by_key["theme-9"].members) > 1
    assert len([theme for theme in unlocked if theme.key is None]) >= 4
    # Locked rows are never clustered into other themes.
    assert not set(locked_rows) & {row for theme in unlocked for row in theme.members}


def test_a_locked_theme_whose_rows_are_gone_still_comes_back():
    rng = np.random.default_rng(0)
    vectors = embeddings.l2_normalise(rng.normal(size=(12, 16)))
    texts = [f"szöveg {index}" for index in range(12)]
    result = clustering.cluster(vectors, texts, n_themes=2, locked={"theme-4": []})
    assert [t.members for t in result.themes if t.key == "theme-4"] == [[]]


def test_planted_themes_are_recovered_and_counted_quickly():
    rng = np.random.default_rng(7)
    centres = rng.normal(size=(12, 384))
    truth = rng.integers(0, 12, size=6000)
    vectors = embeddings.l2_normalise(centres[truth] * 0.6 + rng.normal(size=(6000, 384)))
    texts = [""] * 6000
    started = time.perf_counter()
    result = clustering.cluster(vectors, texts, seed=0)
    assert time.perf_counter() - started < 60
    assert result.theme_count == 12
    assert adjusted_rand_score(truth, _labels(result, 6000)) > 0.9


def test_small_and_empty_inputs():
    assert clustering.cluster(np.zeros((0, 8)), []).themes == []
    one = clustering.cluster(np.ones((1, 8)), ["Egy könyvtár kellene"])
    assert [theme.members for theme in one.themes] == [[0]]
    assert one.themes[0].label
    three = clustering.cluster(np.eye(3, 8), ["a", "b", "c"])
    assert sorted(row for theme in three.themes for row in theme.members) == [0, 1, 2]
    # More themes asked than rows: at most one theme per row.
    assert clustering.cluster(np.eye(3, 8), ["a", "b", "c"], n_themes=9).theme_count <= 3
    with pytest.raises(ValueError):
        clustering.cluster(np.eye(3, 8), ["a", "b"])


def _count_calls(monkeypatch, name: str) -> list[int]:
    """Count the calls of text.<name>, also where clustering imported it (the original runs)."""
    from cultiva.synthesis import text

    calls = [0]
    for module in (text, clustering):
        original = getattr(module, name)

        def counted(*args, _original=original, **kwargs):
            calls[0] += 1
            return _original(*args, **kwargs)

        monkeypatch.setattr(module, name, counted)
    return calls


def test_languages_given_are_used_and_only_missing_ones_detected(evaluation, monkeypatch):
    from cultiva.synthesis import text

    texts, _themes, vectors = evaluation
    stored = [text.detect_language(item) for item in texts]
    detections = _count_calls(monkeypatch, "detect_language")

    given = clustering.cluster(vectors, texts, n_themes=8, seed=2, languages=stored)
    assert detections[0] == 0
    # Same themes as when every language is detected (once per distinct text).
    detected = clustering.cluster(vectors, texts, n_themes=8, seed=2)
    assert 0 < detections[0] <= len(set(texts))
    assert [t.members for t in given.themes] == [t.members for t in detected.themes]
    assert [t.keywords for t in given.themes] == [t.keywords for t in detected.themes]

    # Only a row whose language is unknown ("" or None) is detected.
    detections[0] = 0
    partly = list(stored)
    partly[4], partly[9] = "", None
    clustering.cluster(vectors, texts, n_themes=8, seed=2, languages=partly)
    assert detections[0] == 2
    detections[0] = 0
    assert clustering.cluster_labels(vectors, n_themes=8, seed=2, languages=stored) == (
        clustering.cluster_labels(vectors, n_themes=8, seed=2, texts=texts)
    )
    assert 0 < detections[0] <= len(set(texts))

    # The languages given are the ones used: other languages, other per-language centring.
    everything_hungarian = clustering.prepare(vectors, texts, languages=["hu"] * len(texts))
    assert not np.allclose(everything_hungarian, clustering.prepare(vectors, texts))
    with pytest.raises(ValueError):
        clustering.cluster(vectors, texts, languages=stored[:-1])


def test_each_text_is_normalised_once(monkeypatch):
    normalised = _count_calls(monkeypatch, "normalise")
    rng = np.random.default_rng(3)
    # Two themes, each in both languages (the clustering removes each language's mean, so
    # themes that are one language each would not show).
    texts = (
        [f"Könyvtár  felújítása\tés  olvasóterem {index}" for index in range(10)]
        + [f"Renovarea bibliotecii\u200b și sala de lectură {index}" for index in range(10)]
        + [f"A templom  restaurálása {index}" for index in range(10)]
        + [f"Restaurarea bisericii\u200b monument {index}" for index in range(10)]
    )
    centres = np.repeat(rng.normal(size=(2, 16)) * 3, 20, axis=0)
    vectors = embeddings.l2_normalise(centres + rng.normal(size=(40, 16)))
    result = clustering.cluster(vectors, texts, n_themes=2, seed=0)
    assert normalised[0] == len(texts)
    assert sorted(sorted(theme.members) for theme in result.themes) == [
        list(range(20)),
        list(range(20, 40)),
    ]
    library, church = sorted(result.themes, key=lambda theme: min(theme.members))
    assert "könyvtár" in library.keywords and "bibliotecii" in library.keywords
    assert "templom" in church.keywords and "bisericii" in church.keywords


def test_a_description_names_the_theme_where_its_nearest_contributions_are():
    # Two tight groups of rows on two axes; a description pointing at the second group.
    rng = np.random.default_rng(0)
    first = embeddings.l2_normalise(np.eye(8)[0] + 0.05 * rng.normal(size=(6, 8)))
    second = embeddings.l2_normalise(np.eye(8)[1] + 0.05 * rng.normal(size=(6, 8)))
    matrix = np.vstack([first, second]).astype(np.float64)
    groups = {0: list(range(6)), 1: list(range(6, 12))}
    described = {"theme-2": np.eye(8)[1], "theme-3": -np.eye(8)[0]}
    evidence = clustering._description_evidence(matrix, list(range(12)), described)
    assert len(evidence["theme-2"]) == clustering.DESCRIPTION_NEIGHBOURS
    assert set(evidence["theme-2"]) <= set(groups[1])
    assert evidence["theme-3"] == []  # nothing resembles it
    named = dict(clustering._assign_keys(groups, {}, evidence))
    assert sorted(named["theme-2"]) == groups[1]
    assert named["theme-3"] == []  # comes back empty, naming nothing
    assert sorted(named[None]) == groups[0]
    # A single resembling row is not enough to name a theme after a description.
    named = dict(clustering._assign_keys(groups, {}, {"theme-2": [7]}))
    assert named["theme-2"] == [] and None in named
    # Pinned rows outweigh a description's evidence for another key.
    pinned = {6: "theme-5", 7: "theme-5", 8: "theme-5"}
    named = clustering._assign_keys(groups, pinned, {"theme-2": [9, 10]})
    keys = {key: members for key, members in named}
    assert set(keys["theme-5"]) == set(groups[1])
    assert keys["theme-2"] == []


def test_mixed_themes_are_the_least_pure(evaluation):
    """The board flags its least cohesive quarter as mixed: on the evaluation set those themes
    hold contributions of several gold themes far more than the others do."""
    texts, themes, vectors = evaluation
    flagged, others = [], []
    for seed in range(4):
        result = clustering.cluster(vectors, texts, seed=seed)
        cohesion, sizes, purity = {}, {}, {}
        for number, theme in enumerate(result.themes):
            scores = clustering.centre_similarities(vectors, theme.members)
            cohesion[number] = sum(scores) / len(scores)
            sizes[number] = len(theme.members)
            gold = [themes[row] for row in theme.members]
            purity[number] = max(gold.count(name) for name in set(gold)) / len(gold)
        mixed = clustering.mixed_themes(cohesion, sizes)
        assert 0 < len(mixed) < len(result.themes)
        flagged += [purity[number] for number in mixed]
        others += [purity[number] for number in purity if number not in mixed]
    # Measured: 0.47 against 0.79 over seeds 0-7.
    assert sum(flagged) / len(flagged) + 0.2 <= sum(others) / len(others), (flagged, others)


def test_mixed_themes_need_enough_themes_and_ignore_small_and_empty_ones():
    sizes = {key: 10 for key in "abcdefgh"}
    cohesion = {"a": 0.7, "b": 0.6, "c": 0.5, "d": 0.65, "e": 0.68, "f": 0.4, "g": 0.66, "h": 0.62}
    # The lowest quarter of eight: the two least cohesive.
    assert clustering.mixed_themes(cohesion, sizes) == {"c", "f"}
    # A theme of two contributions is not judged (its cohesion says little), nor an empty one.
    assert clustering.mixed_themes({**cohesion, "f": 0.1}, {**sizes, "f": 2}) == {"c", "b"}
    assert "x" not in clustering.mixed_themes({**cohesion, "x": None}, {**sizes, "x": 0})
    # Fewer than four themes to compare: nothing is flagged.
    three = {"a": 0.7, "b": 0.2, "c": 0.6}
    assert clustering.mixed_themes(three, {key: 10 for key in three}) == set()
    assert clustering.centre_similarities(np.eye(3, dtype=np.float32), []) == []
