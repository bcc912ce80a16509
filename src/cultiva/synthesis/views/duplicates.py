"""The duplicate queue (facilitators) and "similar contributions already exist" while typing."""

from __future__ import annotations

import logging

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_POST
from django_tasks import TaskResultStatus

from cultiva.core.forms import error_text
from cultiva.core.views import paginate
from cultiva.processes.views import get_visible_process
from cultiva.synthesis import rules
from cultiva.synthesis.forms_duplicates import MergeForm, SimilarQueryForm
from cultiva.synthesis.models import ContributionMerge, DuplicateCandidate
from cultiva.synthesis.selectors import duplicates as selectors
from cultiva.synthesis.services import duplicates as services

logger = logging.getLogger(__name__)

QUEUE_PAGE_SIZE = 20
# Lookups per person and minute; more are answered with an empty box until the minute is over.
SIMILAR_RATE_LIMIT = 40
SIMILAR_CACHE_SECONDS = 60


def _queue(slug: str):
    return redirect("synthesis:duplicate_queue", slug=slug)


def _reviewed_process(request, slug: str):
    process = get_visible_process(request, slug)
    rules.can_review_duplicates(request.user, process).enforce()
    return process


def _reviewed(request, slug: str, model, pk: int, *related: str):
    """One of the process's candidates or merges, for someone who reviews duplicates."""
    process = _reviewed_process(request, slug)
    found = model.objects.select_related(*related).filter(process=process, pk=pk).first()
    if found is None:
        raise Http404
    return found


@login_required
def duplicate_queue(request, slug: str):
    process = _reviewed_process(request, slug)
    page = paginate(request, selectors.pending_candidates(process=process), QUEUE_PAGE_SIZE)
    return render(
        request,
        "synthesis/duplicates/queue.html",
        {
            "process": process,
            "page": page,
            "candidates": selectors.attach_support_counts(page.object_list),
            "merges": selectors.recent_merges(process=process),
            "counts": selectors.queue_counts(process=process),
            "filters": request.GET,
        },
    )


@require_POST
@login_required
def duplicates_look(request, slug: str):
    """The "look for duplicates" button: a background task, immediate in tests."""
    from cultiva.synthesis.tasks.duplicates import duplicates_find_task

    process = _reviewed_process(request, slug)
    result = duplicates_find_task.enqueue(process.pk, request.user.pk)
    if result.status == TaskResultStatus.SUCCESSFUL:
        found = result.return_value
        if found:
            messages.success(
                request,
                ngettext(
                    "%(count)s new possible duplicate found.",
                    "%(count)s new possible duplicates found.",
                    found,
                )
                % {"count": found},
            )
        else:
            messages.success(request, _("No new possible duplicates found."))
    elif result.status == TaskResultStatus.FAILED:
        messages.error(request, _("Looking for duplicates failed. Please try again later."))
    else:
        messages.success(
            request, _("Looking for duplicates. New pairs appear here in a few minutes.")
        )
    return _queue(slug)


def _pending_candidate(request, slug: str, pk: int) -> DuplicateCandidate:
    return _reviewed(request, slug, DuplicateCandidate, pk, "process", "first", "second")


@require_POST
@login_required
def duplicate_merge(request, slug: str, pk: int):
    candidate = _pending_candidate(request, slug, pk)
    form = MergeForm(request.POST, candidate=candidate)
    if not form.is_valid():
        messages.error(request, _("Choose one of the two contributions to keep."))
        return _queue(slug)
    kept, merged = form.kept_and_merged()
    try:
        services.contributions_merge(
            actor=request.user, kept=kept, merged=merged, candidate=candidate
        )
    except ValidationError as error:
        messages.error(request, error_text(error))
    else:
        messages.success(
            request,
            _("“%(merged)s” is merged into “%(kept)s”.")
            % {"merged": merged.title, "kept": kept.title},
        )
    return _queue(slug)


@require_POST
@login_required
def duplicate_dismiss(request, slug: str, pk: int):
    candidate = _pending_candidate(request, slug, pk)
    try:
        services.duplicate_dismiss(actor=request.user, candidate=candidate)
    except ValidationError as error:
        messages.error(request, error_text(error))
    else:
        messages.success(request, _("Marked as not duplicates; the pair will not come back."))
    return _queue(slug)


@require_POST
@login_required
def merge_undo(request, slug: str, pk: int):
    merge = _reviewed(request, slug, ContributionMerge, pk, "process", "kept", "merged")
    try:
        services.merge_undo(actor=request.user, merge=merge)
    except ValidationError as error:
        messages.error(request, error_text(error))
    else:
        messages.success(
            request,
            _("The merge is undone: “%(title)s” is separate again.")
            % {"title": merge.merged.title},
        )
    if request.POST.get("next") == "contribution":
        return redirect("ideas:detail", pk=merge.kept_id)
    return _queue(slug)


# --- similar while typing ---------------------------------------------------------------------


def _over_rate_limit(user_id: int) -> bool:
    key = f"synthesis:similar:rate:{user_id}"
    if cache.add(key, 1, timeout=60):
        return False
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.add(key, 1, timeout=60)
        return False
    return count > SIMILAR_RATE_LIMIT


@require_GET
def similar_contributions(request, slug: str):
    """An HTML fragment: up to five links to similar contributions (empty when none)."""
    process = get_visible_process(request, slug)
    rules.can_see_similar(request.user, process).enforce()
    form = SimilarQueryForm(request.GET)
    text = form.cleaned_data["text"] if form.is_valid() else ""
    exclude = form.cleaned_data["exclude"] if form.is_valid() else None
    results = []
    if len(" ".join(text.split())) >= selectors.SIMILAR_MIN_CHARS and not _over_rate_limit(
        request.user.pk
    ):
        digest = selectors.similar_text_key(text)
        key = f"synthesis:similar:{request.user.pk}:{process.pk}:{exclude or 0}:{digest}"
        results = cache.get(key)
        if results is None:
            try:
                results = selectors.similar_contributions(
                    user=request.user, process=process, text=text, exclude=exclude
                )
            except Exception:  # noqa: BLE001 - the box stays empty; the form goes on working
                logger.exception("similar contributions failed for process %s", process.pk)
                results = []
            else:
                cache.set(key, results, SIMILAR_CACHE_SECONDS)
    html = render_to_string(
        "synthesis/duplicates/_similar.html",
        {"results": results, "process": process},
        request=request,
    )
    response = HttpResponse(html)
    response["Cache-Control"] = "private, no-store"
    return response
