"""Writes of the theme board: clustering runs and what facilitators decide about themes.

A clustering run (`clustering_run_start` → task → `clustering_run_execute`) embeds the
contributions that lack a vector, clusters the process's vectors and applies the result:
locked themes keep their name and members, pinned memberships (moved or split off by a person)
stay where they are, themes people described (`theme_create`, `theme_describe`) guide the run
and stay through it, the other automatic themes are replaced, and a theme that survives
(because of pinned members or a description) keeps a name a person gave it. Every decision is
one transaction with an activity row, and asks `rules.can_curate_themes` first.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import timedelta
from decimal import Decimal

import numpy as np
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from cultiva.core.activity import activity_record
from cultiva.core.i18n import localize
from cultiva.ideas.models import Contribution
from cultiva.synthesis import clustering, embeddings, rules
from cultiva.synthesis.models import ClusteringRun, Theme, ThemeBoard, ThemeMembership
from cultiva.synthesis.selectors.embeddings import ACTIVE_STATUSES
from cultiva.synthesis.theme_summary import SummarySource, theme_summary

MAX_THEMES = 60
MAX_DESCRIPTION = 1000
STALE_RUN = timedelta(hours=1)


def theme_key(theme_id: int) -> str:
    return f"t{theme_id}"


def _theme_id(key: str | None) -> int | None:
    if key and key.startswith("t") and key[1:].isdigit():
        return int(key[1:])
    return None


def _versions(value: str | dict[str, str] | None, *, keep: dict | None = None) -> dict[str, str]:
    """A name or description as {language: text}. A plain string is the version in the
    language it reads in, the other versions of `keep` staying; a dict is every version."""
    from cultiva.synthesis.services.opinion import text_language

    if isinstance(value, dict):
        return {
            code: text.strip()
            for code, text in value.items()
            if code in dict(settings.LANGUAGES) and (text or "").strip()
        }
    text = (value or "").strip()
    if not text:
        return {}
    both = _halves(text)
    if both:
        return both
    return {**(keep or {}), text_language(text): text}


def _halves(text: str) -> dict[str, str]:
    """ "Hungarian words / Romanian words" (as the clustering names a bilingual theme, and as
    people often type a name) as one version per language; {} when it is not that."""
    from cultiva.synthesis.text import detect_language

    parts = [part.strip() for part in text.split(" / ")]
    if len(parts) == 2 and all(parts):
        languages = [detect_language(part) for part in parts]
        if languages[0] != languages[1] and set(languages) <= set(dict(settings.LANGUAGES)):
            return dict(zip(languages, parts, strict=True))
    return {}


def board_for(process) -> ThemeBoard:
    board, _created = ThemeBoard.objects.get_or_create(process=process)
    return board


# --- clustering runs ---------------------------------------------------------------------


def clustering_run_start(*, actor, process, n_themes: int | None = None, seed: int = 0):
    """Queue a clustering run; the task runs it after the transaction commits."""
    rules.can_curate_themes(actor, process).enforce()
    if n_themes is not None and not 2 <= n_themes <= MAX_THEMES:
        raise ValidationError(
            {"n_themes": _("Ask for between 2 and %(max)d themes.") % {"max": MAX_THEMES}}
        )
    # A run that has not finished within STALE_RUN is taken for dead (its worker stopped).
    busy = ClusteringRun.objects.filter(
        process=process,
        status__in=[ClusteringRun.Status.QUEUED, ClusteringRun.Status.RUNNING],
        created_at__gte=timezone.now() - STALE_RUN,
    ).exists()
    if busy:
        raise ValidationError(_("A clustering run is already under way for this process."))
    with transaction.atomic():
        board_for(process)
        run = ClusteringRun.objects.create(
            process=process, started_by=actor, requested_themes=n_themes, seed=seed
        )
        activity_record(
            actor=actor,
            verb="themes.run_started",
            target=run,
            process=process,
            changes={"themes": n_themes or "auto", "seed": seed},
        )

        def enqueue() -> None:
            from cultiva.synthesis.tasks.themes import run_clustering

            run_clustering.enqueue(run.pk)

        transaction.on_commit(enqueue)
    return run


def clustering_run_execute(run_id: int) -> ClusteringRun | None:
    """Embed what is missing, cluster, write the themes. Marks the run done or failed."""
    run = ClusteringRun.objects.select_related("process").filter(pk=run_id).first()
    if run is None or run.status not in (ClusteringRun.Status.QUEUED, ClusteringRun.Status.RUNNING):
        return run
    ClusteringRun.objects.filter(pk=run.pk).update(status=ClusteringRun.Status.RUNNING)
    run.status = ClusteringRun.Status.RUNNING
    try:
        _execute(run)
    except Exception as error:  # a failed run is shown on the board, with its reason
        ClusteringRun.objects.filter(pk=run.pk).update(
            status=ClusteringRun.Status.FAILED, error=str(error)[:2000], finished_at=timezone.now()
        )
        run.status = ClusteringRun.Status.FAILED
        run.error = str(error)
        return run
    run.refresh_from_db()
    return run


def _execute(run: ClusteringRun) -> None:
    from cultiva.synthesis.selectors.embeddings import (
        current_embedder,
        ids_missing_embeddings,
        process_vectors,
    )
    from cultiva.synthesis.services.embeddings import embeddings_compute

    process = run.process
    embedder = current_embedder()
    missing = ids_missing_embeddings(process, backend=embedder.name)
    if missing:
        embeddings_compute(missing, embedder=embedder)
    data = process_vectors(process, backend=embedder.name, dimensions=embedder.dimensions)
    row_of = data.row_of()

    locked: dict[str, list[int]] = {}
    pinned: dict[int, str] = {}
    memberships = ThemeMembership.objects.filter(theme__process=process).values_list(
        "theme_id", "theme__is_locked", "contribution_id", "is_pinned"
    )
    locked_ids: set[int] = set()
    for theme_id, is_locked, contribution_id, is_pinned in memberships:
        if is_locked:
            locked_ids.add(theme_id)
            if contribution_id in row_of:
                locked.setdefault(theme_key(theme_id), []).append(row_of[contribution_id])
        elif is_pinned and contribution_id in row_of:
            pinned[row_of[contribution_id]] = theme_key(theme_id)
    for theme_id in Theme.objects.filter(process=process, is_locked=True).values_list(
        "pk", flat=True
    ):
        locked_ids.add(theme_id)
    described = _described(process, locked_ids, embedder)
    free_rows = len(data.ids) - sum(len(rows) for rows in locked.values())
    n_themes = run.requested_themes
    if free_rows < 2:
        result = clustering.Clustering(themes=[], theme_count=0, silhouette=None, seed=run.seed)
        result.themes = [
            clustering.ThemeFound(
                members=rows, representatives=rows[:5], keywords=[], label="", key=key
            )
            for key, rows in locked.items()
        ]
    else:
        if n_themes is not None:
            n_themes = max(1, min(n_themes, free_rows - 1))
        result = clustering.cluster(
            data.matrix,
            data.texts,
            n_themes=n_themes,
            seed=run.seed,
            locked=locked,
            pinned=pinned,
            described=described,
            languages=data.languages,  # stored with the vectors: not detected again
        )
    _apply(run, data, result, locked_ids)


def _described(process, locked_ids: set[int], embedder) -> dict[str, np.ndarray]:
    """Theme key → embedding of the name and description of each unlocked described theme."""
    themes = list(
        Theme.objects.filter(process=process)
        .exclude(description={})
        .exclude(pk__in=locked_ids)
        .values_list("pk", "label", "description")
    )
    if not themes:
        return {}
    # Every language version: the embedding model reads Hungarian and Romanian alike.
    vectors = embedder.embed(
        [
            embeddings.text_for_embedding(
                " / ".join((label or {}).values()), " ".join((text or {}).values())
            )
            for _pk, label, text in themes
        ]
    )
    return {
        theme_key(pk): vector for (pk, _label, _text), vector in zip(themes, vectors, strict=True)
    }


@transaction.atomic
def _apply(run: ClusteringRun, data, result, locked_ids: set[int]) -> None:
    process = run.process
    existing = {theme.pk: theme for theme in Theme.objects.filter(process=process)}
    kept_ids: set[int] = set(locked_ids)
    written: list[tuple[Theme, list[int]]] = []
    for found in result.themes:
        theme_id = _theme_id(found.key)
        theme = existing.get(theme_id) if theme_id is not None else None
        if theme is not None and theme.is_locked:
            # Unchanged: same name, same members. Only the scores are refreshed.
            written.append((theme, list(found.members)))
            continue
        if theme is None:
            theme = Theme(process=process)
        else:
            kept_ids.add(theme.pk)
        if not theme.label_is_custom:
            theme.label = _versions(
                (found.label or ", ".join(found.keywords[:3]) or _("Theme"))[:200]
            )
            theme.language = theme.language or next(iter(theme.label), "")
        theme.keywords = list(found.keywords)
        theme.run = run
        written.append((theme, list(found.members)))

    # Automatic themes that did not survive go, their memberships with them; themes people
    # described stay (the run usually returns them anyway, see clustering.cluster).
    Theme.objects.filter(process=process, description={}).exclude(pk__in=kept_ids).delete()
    # Memberships of surviving unlocked themes are rebuilt (pinned ones stay as they are).
    ThemeMembership.objects.filter(theme__process=process, theme__is_locked=False).exclude(
        is_pinned=True
    ).delete()
    # Contributions that left the process's body of ideas leave unlocked themes too.
    ThemeMembership.objects.filter(theme__process=process, theme__is_locked=False).exclude(
        contribution_id__in=data.ids
    ).delete()

    written.sort(key=lambda pair: (not pair[0].is_locked, -len(pair[1])))
    new_memberships: list[ThemeMembership] = []
    score_updates: list[ThemeMembership] = []
    present = dict(
        ThemeMembership.objects.filter(theme__process=process).values_list("contribution_id", "pk")
    )
    for position, (theme, rows) in enumerate(written):
        theme.position = position
        theme.save()
        scores = clustering.centre_similarities(data.matrix, rows)
        for row, score in zip(rows, scores, strict=True):
            contribution_id = data.ids[row]
            if contribution_id in present:
                score_updates.append(
                    ThemeMembership(pk=present[contribution_id], score=score, theme=theme)
                )
            else:
                new_memberships.append(
                    ThemeMembership(theme=theme, contribution_id=contribution_id, score=score)
                )
    ThemeMembership.objects.bulk_create(new_memberships, batch_size=1000)
    if score_updates:
        ThemeMembership.objects.bulk_update(score_updates, ["score", "theme"], batch_size=1000)
    ClusteringRun.objects.filter(pk=run.pk).update(
        status=ClusteringRun.Status.DONE,
        backend=data.backend,
        theme_count=len(written),
        contribution_count=len(data.ids),
        silhouette=result.silhouette,
        finished_at=timezone.now(),
    )
    activity_record(
        actor=run.started_by,
        verb="themes.run_done",
        target=run,
        process=process,
        changes={"themes": len(written), "contributions": len(data.ids)},
    )


def _rescore(theme_ids: Sequence[int]) -> None:
    """Recompute the membership scores of these themes from the stored vectors."""
    from cultiva.synthesis.selectors.embeddings import vectors_for

    memberships = list(ThemeMembership.objects.filter(theme_id__in=theme_ids))
    if not memberships:
        return
    data = vectors_for([m.contribution_id for m in memberships])
    row_of = data.row_of()
    by_theme: dict[int, list[ThemeMembership]] = {}
    for membership in memberships:
        by_theme.setdefault(membership.theme_id, []).append(membership)
    changed = []
    for members in by_theme.values():
        rows = [row_of[m.contribution_id] for m in members if m.contribution_id in row_of]
        scores = dict(
            zip(
                [data.ids[r] for r in rows],
                clustering.centre_similarities(data.matrix, rows),
                strict=True,
            )
        )
        for membership in members:
            membership.score = scores.get(membership.contribution_id, 0.0)
            changed.append(membership)
    ThemeMembership.objects.bulk_update(changed, ["score"], batch_size=1000)


def _refresh_keywords(themes: Sequence[Theme]) -> None:
    """New keywords for themes whose members changed (and their label if automatic)."""
    from cultiva.synthesis import text

    process_id = themes[0].process_id
    rows = ThemeMembership.objects.filter(theme__process_id=process_id).values_list(
        "theme_id", "contribution__title", "contribution__body"
    )
    texts: list[str] = []
    positions: dict[int, list[int]] = {}
    for theme_id, title, body in rows:
        positions.setdefault(theme_id, []).append(len(texts))
        texts.append(embeddings.text_for_embedding(title, body))
    index = text.KeywordIndex(texts)
    for theme in themes:
        mine = positions.get(theme.pk, [])
        theme.keywords = index.keywords(mine) if mine else []
        if not theme.label_is_custom and theme.keywords:
            theme.label = _versions(index.label(mine)[:200])
            theme.language = theme.language or next(iter(theme.label), "")
        theme.save(update_fields=["keywords", "label", "language", "updated_at"])


# --- curation ----------------------------------------------------------------------------


def _active_contributions(process, contribution_ids) -> list[Contribution]:
    ids = {int(pk) for pk in contribution_ids}
    found = list(
        Contribution.objects.filter(process=process, pk__in=ids, status__in=ACTIVE_STATUSES)
    )
    if len(found) != len(ids):
        raise ValidationError(_("Some of the chosen contributions are not part of this process."))
    return found


@transaction.atomic
def theme_rename(*, actor, theme: Theme, label: str | dict[str, str]) -> Theme:
    """A new name: a string (in the writer's language; a name people gave keeps its other
    versions) or the name in each language ({"hu": ..., "ro": ...}), as a facilitator enters
    a translation."""
    rules.can_curate_themes(actor, theme.process).enforce()
    # A name people gave keeps its other versions (translations); an automatic one does not.
    keep = theme.label if theme.label_is_custom else None
    versions = {code: text[:200] for code, text in _versions(label, keep=keep).items()}
    if not versions:
        raise ValidationError({"label": _("A theme needs a name.")})
    if versions == theme.label and theme.label_is_custom:
        return theme
    before = dict(theme.label or {})
    theme.label = versions
    theme.language = theme.language or next(iter(versions))
    theme.label_is_custom = True
    theme.save(update_fields=["label", "language", "label_is_custom", "updated_at"])
    activity_record(
        actor=actor,
        verb="theme.renamed",
        target=theme,
        process=theme.process,
        changes={"label": [before, theme.label]},
    )
    return theme


def _clean_description(description: str | dict[str, str], keep: dict | None = None) -> dict:
    versions = _versions(description, keep=keep)
    if any(len(text) > MAX_DESCRIPTION for text in versions.values()):
        raise ValidationError(
            {
                "description": _("A description can have at most %(limit)d characters.")
                % {"limit": MAX_DESCRIPTION}
            }
        )
    return versions


@transaction.atomic
def theme_create(
    *, actor, process, label: str | dict[str, str], description: str | dict[str, str]
) -> Theme:
    """A theme people expect, before or between runs: a name and what belongs in it.

    It has no members yet; the next clustering run starts a theme from its description
    (`clustering.cluster(described=...)`) and keeps it even if nothing joins it.
    """
    rules.can_curate_themes(actor, process).enforce()
    label = {code: text[:200] for code, text in _versions(label).items()}
    errors = {}
    if not label:
        errors["label"] = _("A theme needs a name.")
    try:
        description = _clean_description(description)
    except ValidationError as error:
        errors.update(error.message_dict)
    if "description" not in errors and not description:
        errors["description"] = _("Say in a few words what belongs in this theme.")
    if errors:
        raise ValidationError(errors)
    last = Theme.objects.filter(process=process).order_by("-position").first()
    theme = Theme.objects.create(
        process=process,
        label=label,
        language=next(iter(label)),
        label_is_custom=True,
        description=description,
        position=last.position + 1 if last else 0,
    )
    activity_record(
        actor=actor,
        verb="theme.created",
        target=theme,
        process=process,
        changes={"label": theme.label, "description": description},
    )
    return theme


@transaction.atomic
def theme_describe(*, actor, theme: Theme, description: str | dict[str, str]) -> Theme:
    """Say what belongs in the theme. A described theme guides the next clustering run and
    stays through it; an empty description makes it an ordinary theme again. A string is the
    description in the language it reads in (other versions stay); a dict, every version."""
    rules.can_curate_themes(actor, theme.process).enforce()
    description = _clean_description(description, keep=theme.description)
    if description != theme.description:
        before = theme.description
        theme.description = description
        theme.save(update_fields=["description", "updated_at"])
        activity_record(
            actor=actor,
            verb="theme.described",
            target=theme,
            process=theme.process,
            changes={"description": [before, description]},
        )
    return theme


@transaction.atomic
def theme_lock(*, actor, theme: Theme, locked: bool = True) -> Theme:
    rules.can_curate_themes(actor, theme.process).enforce()
    if theme.is_locked != locked:
        theme.is_locked = locked
        theme.save(update_fields=["is_locked", "updated_at"])
        activity_record(
            actor=actor,
            verb="theme.locked" if locked else "theme.unlocked",
            target=theme,
            process=theme.process,
        )
    return theme


@transaction.atomic
def theme_member_move(*, actor, theme: Theme, contribution_ids: Sequence[int]) -> Theme:
    """Put these contributions into `theme` (from wherever they were); they are pinned there."""
    rules.can_curate_themes(actor, theme.process).enforce()
    contributions = _active_contributions(theme.process, contribution_ids)
    ids = [c.pk for c in contributions]
    sources = set(
        ThemeMembership.objects.filter(contribution_id__in=ids)
        .exclude(theme=theme)
        .values_list("theme_id", flat=True)
    )
    locked_sources = Theme.objects.filter(pk__in=sources, is_locked=True)
    if locked_sources.exists() or (theme.is_locked and ids):
        raise ValidationError(_("Unlock the theme before changing its members."))
    ThemeMembership.objects.filter(contribution_id__in=ids).delete()
    ThemeMembership.objects.bulk_create(
        [ThemeMembership(theme=theme, contribution_id=pk, is_pinned=True) for pk in ids]
    )
    touched = [theme, *Theme.objects.filter(pk__in=sources)]
    _rescore([t.pk for t in touched])
    _refresh_keywords(touched)
    activity_record(
        actor=actor,
        verb="theme.members_moved",
        target=theme,
        process=theme.process,
        changes={"contributions": ids, "from": sorted(sources)},
    )
    return theme


@transaction.atomic
def theme_split(*, actor, theme: Theme, contribution_ids: Sequence[int], label: str = "") -> Theme:
    """A new theme from some members of `theme`; they are pinned in it."""
    rules.can_curate_themes(actor, theme.process).enforce()
    if theme.is_locked:
        raise ValidationError(_("Unlock the theme before changing its members."))
    ids = {int(pk) for pk in contribution_ids}
    members = set(
        theme.memberships.filter(contribution_id__in=ids).values_list("contribution_id", flat=True)
    )
    if not ids or members != ids:
        raise ValidationError(_("Choose some of this theme's contributions to split off."))
    if len(ids) == theme.memberships.count():
        raise ValidationError(_("Leave at least one contribution in the theme."))
    label = (label or "").strip()[:200]
    new = Theme.objects.create(
        process=theme.process,
        label=_versions(label or _("New theme")),
        language=theme.language,
        label_is_custom=bool(label),
        position=theme.position,
    )
    ThemeMembership.objects.filter(theme=theme, contribution_id__in=ids).update(
        theme=new, is_pinned=True
    )
    _rescore([theme.pk, new.pk])
    _refresh_keywords([theme, new])
    activity_record(
        actor=actor,
        verb="theme.split",
        target=new,
        process=theme.process,
        changes={"from": theme.pk, "contributions": sorted(ids)},
    )
    return new


@transaction.atomic
def theme_merge(*, actor, theme: Theme, into: Theme) -> Theme:
    """All members of `theme` join `into` (pinned); `theme` is deleted."""
    rules.can_curate_themes(actor, theme.process).enforce()
    if theme.pk == into.pk or theme.process_id != into.process_id:
        raise ValidationError({"into": _("Choose another theme of this process.")})
    if theme.is_locked or into.is_locked:
        raise ValidationError(_("Unlock the theme before changing its members."))
    moved = list(theme.memberships.values_list("contribution_id", flat=True))
    theme.memberships.update(theme=into, is_pinned=True)
    label = localize(theme.label)
    theme.delete()
    _rescore([into.pk])
    _refresh_keywords([into])
    activity_record(
        actor=actor,
        verb="theme.merged",
        target=into,
        process=into.process,
        changes={"merged": label, "contributions": moved},
    )
    return into


@transaction.atomic
def board_publish(*, actor, process, published: bool = True) -> ThemeBoard:
    rules.can_curate_themes(actor, process).enforce()
    board = board_for(process)
    if published and board.published_at is None:
        board.published_at = timezone.now()
        board.published_by = actor
    elif not published:
        board.published_at = None
        board.published_by = None
    board.save()
    activity_record(
        actor=actor,
        verb="themes.published" if published else "themes.unpublished",
        target=board,
        process=process,
    )
    return board


# --- themes into projects ----------------------------------------------------------------


def theme_project_defaults(theme: Theme, representatives: Sequence[Contribution]) -> dict:
    """Title and summary offered on the confirm form, per language: the theme's name, and the
    description people wrote for it (when there is one) followed by an extractive summary of
    its most representative contributions (synthesis.theme_summary)."""
    sources = [SummarySource(c.title, c.body, c.language) for c in representatives]
    summary = theme_summary(sources)
    for language, text in _per_language(theme, theme.description).items():
        summary[language] = "\n\n".join(part for part in (text, summary.get(language)) if part)
    return {"title": _per_language(theme, theme.label), "summary": summary}


def _per_language(theme: Theme, value) -> dict[str, str]:
    # Older rows and callers may hold one plain text: it is in the theme's own language.
    if isinstance(value, str):
        return {theme.language or settings.LANGUAGE_CODE: value} if value else {}
    return {code: text for code, text in (value or {}).items() if text}


@transaction.atomic
def theme_promote(
    *,
    actor,
    theme: Theme,
    title: dict[str, str],
    summary: dict[str, str],
    lead_organisation,
    budget_total: Decimal | None = None,
):
    """A portfolio project from the theme's contributions; the theme is locked and linked.
    The lead organisation is the facilitator's choice (a theme gathers many organisations)."""
    from cultiva.portfolio.services import project_promote_from_contributions

    rules.can_curate_themes(actor, theme.process).enforce()
    if theme.project_id is not None:
        raise ValidationError(_("This theme is already a project."))
    contributions = list(
        Contribution.objects.filter(
            theme_membership__theme=theme, status__in=ACTIVE_STATUSES
        ).select_related("process", "organisation")
    )
    if not contributions:
        raise ValidationError(_("The theme has no contributions that can become a project."))
    project = project_promote_from_contributions(
        actor=actor,
        contributions=contributions,
        title=title,
        summary=summary,
        lead_organisation=lead_organisation,
        budget_total=budget_total,
    )
    theme.project = project
    theme.is_locked = True
    theme.save(update_fields=["project", "is_locked", "updated_at"])
    activity_record(
        actor=actor,
        verb="theme.promoted",
        target=theme,
        process=theme.process,
        changes={"project": project.code, "contributions": [c.pk for c in contributions]},
    )
    return project


def contributions_promote(
    *,
    actor,
    process,
    contribution_ids: Sequence[int],
    title: dict[str, str],
    summary: dict[str, str],
    lead_organisation,
    budget_total: Decimal | None = None,
):
    """A portfolio project from a selection of contributions (chosen on the theme board)."""
    from cultiva.portfolio.services import project_promote_from_contributions

    rules.can_curate_themes(actor, process).enforce()
    if not contribution_ids:
        raise ValidationError(_("Choose at least one contribution."))
    contributions = _active_contributions(process, contribution_ids)
    contributions.sort(key=lambda c: c.pk)
    return project_promote_from_contributions(
        actor=actor,
        contributions=contributions,
        title=title,
        summary=summary,
        lead_organisation=lead_organisation,
        budget_total=budget_total,
    )
