"""The facilitators' translation queue: what people read across languages still lacks."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from cultiva.processes.views import get_visible_process
from cultiva.synthesis import rules
from cultiva.synthesis.selectors.translations import translation_queue as queue_of


@login_required
def translation_queue(request, slug: str):
    process = get_visible_process(request, slug)
    rules.can_view_translation_queue(request.user, process).enforce()
    return render(
        request,
        "synthesis/translations/queue.html",
        {"process": process, "queue": queue_of(process=process)},
    )
