from __future__ import annotations

from django.conf import settings
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.text import slugify

from cultiva.core.activity import activity_record
from cultiva.core.documents import html_to_pdf_cached
from cultiva.processes.views import get_visible_process
from cultiva.strategy import rules
from cultiva.strategy.models import Strategy
from cultiva.strategy.selectors import current_strategy, strategy_tree


def get_visible_strategy(request, pk: int) -> Strategy:
    try:
        strategy = strategy_tree(pk=pk)
    except Strategy.DoesNotExist:
        raise Http404 from None
    if not rules.can_view_process(request.user, strategy.process):
        raise Http404
    rules.can_view_strategy(request.user, strategy).enforce()
    return strategy


def strategy_for_process(request, slug: str):
    process = get_visible_process(request, slug)
    strategy = current_strategy(process=process)
    if strategy is None:
        return render(
            request,
            "strategy/none.html",
            {"process": process, "can_create": rules.can_create_strategy(request.user, process)},
        )
    return strategy_view(request, strategy.pk)


def strategy_view(request, pk: int):
    strategy = get_visible_strategy(request, pk)
    return render(
        request,
        "strategy/detail.html",
        {
            "process": strategy.process,
            "strategy": strategy,
            "languages": settings.LANGUAGES,
            "can_edit": rules.can_edit_strategy(request.user, strategy),
        },
    )


def strategy_pdf(request, pk: int):
    strategy = get_visible_strategy(request, pk)
    language = request.GET.get("lang") or translation.get_language()
    if language not in settings.CONTENT_LANGUAGES:
        language = settings.LANGUAGE_CODE
    with translation.override(language):
        html = render_to_string(
            "strategy/document.html", {"strategy": strategy, "language": language}
        )
        filename = f"{slugify(str(strategy)) or 'strategy'}-v{strategy.version}-{language}.pdf"
    pdf = html_to_pdf_cached(html, base_url=request.build_absolute_uri("/"))
    activity_record(
        actor=request.user,
        verb="strategy.exported",
        target=strategy,
        process=strategy.process,
        changes={"format": "pdf", "language": language},
    )
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
