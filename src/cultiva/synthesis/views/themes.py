"""Theme board (facilitators), one theme's members, and the public summary of themes."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.text import Truncator, slugify
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from cultiva.core import charts, spreadsheets
from cultiva.core.activity import activity_record
from cultiva.core.forms import add_service_errors
from cultiva.core.i18n import localize
from cultiva.core.redirects import redirect_back
from cultiva.core.views import paginate
from cultiva.processes.views import get_visible_process
from cultiva.synthesis import exports, rules
from cultiva.synthesis.forms_themes import (
    DescribeForm,
    LabelsForm,
    MergeForm,
    MoveForm,
    RenameForm,
    RunForm,
    SelectionForm,
    SplitForm,
    ThemeCreateForm,
    ThemePromoteForm,
)
from cultiva.synthesis.models import ClusteringRun, Theme
from cultiva.synthesis.selectors import themes as selectors
from cultiva.synthesis.selectors.embeddings import embeddings_are_fallback
from cultiva.synthesis.services import themes as services

LANGUAGES = ("hu", "ro", "en")


def _curated_process(request, slug: str):
    process = get_visible_process(request, slug)
    rules.can_curate_themes(request.user, process).enforce()
    return process


def _theme(process, pk: int) -> Theme:
    theme = Theme.objects.filter(process=process, pk=pk).select_related("process").first()
    if theme is None:
        raise Http404
    return theme


def _board_url(process) -> str:
    return reverse("synthesis:theme_board", args=[process.slug])


def _theme_url(theme) -> str:
    return reverse("synthesis:theme_detail", args=[theme.process.slug, theme.pk])


def _error_messages(request, error: ValidationError) -> None:
    for message in error.messages:
        messages.error(request, message)


def _form_errors(request, form) -> None:
    for errors in form.errors.values():
        for message in errors:
            messages.error(request, message)


_REFUSED = object()
# The bar chart gives its labels a third of its width (160 px of 480): about 16 characters.
CHART_LABEL_CHARS = 16


def _form_action(request, form, action, success: str, *, errors_on_form: bool = False):
    """Bound form → service → a message: the field errors, the service's refusal, or success.

    ``action`` gets the cleaned data; returns its result, or ``_REFUSED`` when nothing was done.
    ``errors_on_form``: the errors stay on the form (no messages), for a view that shows the
    form again as it was typed.
    """
    if not form.is_valid():
        if not errors_on_form:
            _form_errors(request, form)
        return _REFUSED
    try:
        result = action(form.cleaned_data)
    except ValidationError as error:
        if errors_on_form:
            add_service_errors(form, error)
        else:
            _error_messages(request, error)
        return _REFUSED
    messages.success(request, success)
    return result


def _promoted(request, project):
    messages.success(
        request, _("Project %(code)s is now in the portfolio.") % {"code": project.code}
    )
    return redirect("portfolio:detail", pk=project.pk)


def _promote_page(request, process, theme, contributions, form):
    return render(
        request,
        "synthesis/themes/promote.html",
        {
            "process": process,
            "theme": theme,
            "contributions": contributions,
            "form": form,
            "section_url": _board_url(process),
            "section_label": _("Theme board"),
        },
    )


def _with_charts(rows):
    """Attach a small bar chart to each non-empty spread (the template shows its table too)."""
    titles = {
        "settlements": _("Settlements"),
        "domains": _("Cultural domains"),
        "sectors": _("Organisation sectors"),
    }
    for row in rows:
        row.charts = []
        for name, title in titles.items():
            spread = getattr(row, name)
            if not spread.rows:
                continue
            chart = charts.bar_chart(
                title=f"{localize(row.theme.label)}: {title}",
                # Long names (“Csíkszentgyörgy / Ciucsângeorgiu”) would be cut off at the
                # chart's left edge: shortened here, written out in full in the table beside it.
                labels=[Truncator(label).chars(CHART_LABEL_CHARS) for label, _c in spread.rows],
                values=[count for _label, count in spread.rows],
                width=480,
                bar_height=18,
            )
            row.charts.append({"name": name, "title": title, "spread": spread, "svg": chart})
    return rows


@login_required
def theme_board(request, slug: str):
    return _board_page(request, _curated_process(request, slug))


def _board_page(request, process, create_form=None):
    run = selectors.latest_run(process)
    rows = _with_charts(selectors.theme_rows(process))
    return render(
        request,
        "synthesis/themes/board.html",
        {
            "process": process,
            "board": selectors.board_of(process),
            "run": run,
            "run_busy": run is not None
            and run.status in (ClusteringRun.Status.QUEUED, ClusteringRun.Status.RUNNING),
            "run_form": RunForm(initial={"seed": run.seed if run else 0}),
            "create_form": create_form or ThemeCreateForm(),
            "rows": rows,
            "unthemed": selectors.unthemed_count(process),
            "fallback": embeddings_are_fallback(),
        },
        status=400 if create_form is not None else 200,
    )


@login_required
def theme_run_status(request, slug: str):
    """The last run's status as JSON, for the board's progress note (themes.js)."""
    process = _curated_process(request, slug)
    run = selectors.latest_run(process)
    return JsonResponse(
        {
            "status": run.status if run else None,
            "label": run.get_status_display() if run else "",
            "themes": run.theme_count if run else None,
        }
    )


@login_required
@require_POST
def theme_run(request, slug: str):
    process = _curated_process(request, slug)
    _form_action(
        request,
        RunForm(request.POST),
        lambda data: services.clustering_run_start(
            actor=request.user, process=process, n_themes=data["n_themes"], seed=data["seed"] or 0
        ),
        _("The clustering has started."),
    )
    return redirect(_board_url(process))


@login_required
def theme_detail(request, slug: str, pk: int):
    process = _curated_process(request, slug)
    return _theme_page(request, process, _theme(process, pk))


def _theme_page(request, process, theme, describe_form=None):
    return render(
        request,
        "synthesis/themes/theme.html",
        {
            "process": process,
            "theme": theme,
            "mixed": theme.pk in selectors.mixed_theme_ids(list(selectors.themes_of(process))),
            "page": paginate(request, selectors.theme_members(theme)),
            "filters": request.GET,
            "rename_form": LabelsForm(initial={"label": theme.label}),
            "describe_form": describe_form
            or DescribeForm(initial={"description": theme.description}),
            "merge_form": MergeForm(theme=theme),
            "move_form": MoveForm(process=process),
            "section_url": _board_url(process),
            "section_label": _("Theme board"),
        },
        status=400 if describe_form is not None else 200,
    )


@login_required
@require_POST
def theme_rename(request, slug: str, pk: int):
    process = _curated_process(request, slug)
    theme = _theme(process, pk)
    # The board renames in one language (a plain field), the theme page in each.
    form = RenameForm(request.POST) if "label" in request.POST else LabelsForm(request.POST)
    _form_action(
        request,
        form,
        lambda data: services.theme_rename(actor=request.user, theme=theme, label=data["label"]),
        _("The theme was renamed."),
    )
    if request.POST.get("next") == "queue":
        return redirect("synthesis:translation_queue", slug=process.slug)
    return redirect(
        request.POST.get("next") == "theme" and _theme_url(theme) or _board_url(process)
    )


@login_required
@require_POST
def theme_create(request, slug: str):
    """Add a theme people expect; a refused form comes back filled in, with its errors."""
    process = _curated_process(request, slug)
    form = ThemeCreateForm(request.POST)
    created = _form_action(
        request,
        form,
        lambda data: services.theme_create(
            actor=request.user,
            process=process,
            label=data["label"],
            description=data["description"],
        ),
        _("The theme was added. The next clustering run gathers contributions into it."),
        errors_on_form=True,
    )
    if created is not _REFUSED:
        return redirect(_board_url(process) + "#expected")
    return _board_page(request, process, create_form=form)


@login_required
@require_POST
def theme_describe(request, slug: str, pk: int):
    process = _curated_process(request, slug)
    theme = _theme(process, pk)
    form = DescribeForm(request.POST)
    described = _form_action(
        request,
        form,
        lambda data: services.theme_describe(
            actor=request.user, theme=theme, description=data["description"]
        ),
        _("The description was saved."),
        errors_on_form=True,
    )
    if described is not _REFUSED:
        if request.POST.get("next") == "queue":
            return redirect("synthesis:translation_queue", slug=process.slug)
        return redirect(_theme_url(theme))
    return _theme_page(request, process, theme, describe_form=form)


@login_required
@require_POST
def theme_lock(request, slug: str, pk: int):
    process = _curated_process(request, slug)
    theme = _theme(process, pk)
    locked = request.POST.get("locked") == "1"
    services.theme_lock(actor=request.user, theme=theme, locked=locked)
    if locked:
        messages.success(request, _("The theme is locked: new runs keep its name and members."))
    else:
        messages.success(request, _("The theme is unlocked."))
    return redirect(_board_url(process))


@login_required
@require_POST
def theme_split(request, slug: str, pk: int):
    process = _curated_process(request, slug)
    theme = _theme(process, pk)
    new = _form_action(
        request,
        SplitForm(request.POST, process=process),
        lambda data: services.theme_split(
            actor=request.user,
            theme=theme,
            contribution_ids=[c.pk for c in data["contributions"]],
            label=data["label"],
        ),
        _("A new theme was split off."),
    )
    return redirect(_theme_url(theme if new is _REFUSED else new))


@login_required
@require_POST
def theme_move(request, slug: str, pk: int):
    process = _curated_process(request, slug)
    theme = _theme(process, pk)
    _form_action(
        request,
        MoveForm(request.POST, process=process),
        lambda data: services.theme_member_move(
            actor=request.user,
            theme=data["theme"],
            contribution_ids=[c.pk for c in data["contributions"]],
        ),
        _("The contributions were moved."),
    )
    return redirect(_theme_url(theme))


@login_required
@require_POST
def theme_merge(request, slug: str, pk: int):
    process = _curated_process(request, slug)
    theme = _theme(process, pk)
    into = _form_action(
        request,
        MergeForm(request.POST, theme=theme),
        lambda data: services.theme_merge(actor=request.user, theme=theme, into=data["into"]),
        _("The themes were merged."),
    )
    return redirect(_theme_url(theme if into is _REFUSED else into))


@login_required
@require_POST
def board_publish(request, slug: str):
    process = _curated_process(request, slug)
    published = request.POST.get("published") == "1"
    services.board_publish(actor=request.user, process=process, published=published)
    if published:
        messages.success(request, _("The summary of themes is public."))
    else:
        messages.success(request, _("The summary of themes is no longer public."))
    return redirect(_board_url(process))


def _multilingual_initial(text: str, language: str) -> list[str]:
    return [text if code == language else "" for code in LANGUAGES]


def _language(request) -> str:
    return request.LANGUAGE_CODE if request.LANGUAGE_CODE in LANGUAGES else "hu"


@login_required
def theme_promote(request, slug: str, pk: int):
    """Confirm form: a portfolio project from the theme (title and summary editable)."""
    process = _curated_process(request, slug)
    theme = _theme(process, pk)
    if theme.project_id:
        messages.info(request, _("This theme is already a project."))
        return redirect("portfolio:detail", pk=theme.project_id)
    representatives = list(selectors.theme_members(theme)[:3])
    defaults = services.theme_project_defaults(theme, representatives)
    form = ThemePromoteForm(
        request.POST or None,
        initial={
            "title": [defaults["title"].get(code, "") for code in LANGUAGES],
            # The extractive summary, each paragraph in its contribution's language.
            "summary": [defaults["summary"].get(code, "") for code in LANGUAGES],
        },
    )
    if request.method == "POST" and form.is_valid():
        try:
            project = services.theme_promote(
                actor=request.user,
                theme=theme,
                title=form.cleaned_data["title"],
                summary=form.cleaned_data["summary"],
                lead_organisation=form.cleaned_data["lead_organisation"],
                budget_total=form.cleaned_data["budget_total"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            return _promoted(request, project)
    return _promote_page(request, process, theme, selectors.theme_members(theme), form)


@login_required
@require_POST
def selection_promote(request, slug: str):
    """Ticked contributions (board or theme page) → confirm form → a portfolio project."""
    process = _curated_process(request, slug)
    selection = SelectionForm(request.POST, process=process)
    if not selection.is_valid():
        _form_errors(request, selection)
        return redirect_back(request, request.POST.get("back"), _board_url(process))
    chosen = list(selection.cleaned_data["contributions"].order_by("pk"))
    language = _language(request)
    if request.POST.get("confirm") == "1":
        form = ThemePromoteForm(request.POST)
        if form.is_valid():
            try:
                project = services.contributions_promote(
                    actor=request.user,
                    process=process,
                    contribution_ids=[c.pk for c in chosen],
                    title=form.cleaned_data["title"],
                    summary=form.cleaned_data["summary"],
                    lead_organisation=form.cleaned_data["lead_organisation"],
                    budget_total=form.cleaned_data["budget_total"],
                )
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                return _promoted(request, project)
    else:
        first = chosen[0]
        listing = "\n".join(f"– {c.title}" for c in chosen)
        form = ThemePromoteForm(
            initial={
                "title": _multilingual_initial(first.title, language),
                "summary": _multilingual_initial(listing, language),
            }
        )
    return _promote_page(request, process, None, chosen, form)


@login_required
def themes_export(request, slug: str, fmt: str):
    """The themes and their contributions as a spreadsheet (see synthesis.exports)."""
    process = _curated_process(request, slug)
    if fmt not in spreadsheets.CONTENT_TYPES:
        raise Http404
    export = selectors.theme_export(process)
    data = exports.themes_bytes(fmt, export)
    activity_record(
        actor=request.user,
        verb="themes.exported",
        target=process,
        process=process,
        changes={"format": fmt, "themes": len(export.themes)},
    )
    stem = f"{process.slug}-{slugify(_('themes'))}-{timezone.localdate().isoformat()}"
    return spreadsheets.download(data, fmt, stem)


def theme_summary(request, slug: str):
    """The public summary of themes, once a facilitator published it."""
    process = get_visible_process(request, slug)
    rules.can_view_theme_summary(request.user, process).enforce()
    rows = _with_charts(selectors.theme_rows(process, public=True))
    return render(
        request,
        "synthesis/themes/summary.html",
        {
            "process": process,
            "board": selectors.board_of(process),
            "rows": [row for row in rows if row.count],
            "can_curate": rules.can_curate_themes(request.user, process),
        },
    )
