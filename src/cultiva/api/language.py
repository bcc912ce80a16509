"""`?lang=hu|ro|en` on any API address; without it LocaleMiddleware's choice stands
(Accept-Language, then the site's default)."""

from __future__ import annotations

from functools import wraps

from django.http import JsonResponse
from django.utils import translation
from django.utils.translation import get_supported_language_variant
from django.utils.translation import gettext as _

LANG_PARAMETER = "lang"


def with_requested_language(run):
    """Wrap an operation's `run` so the whole request, errors included, uses `?lang=`."""

    @wraps(run)
    def wrapper(request, *args, **kwargs):
        requested = request.GET.get(LANG_PARAMETER)
        if not requested:
            return run(request, *args, **kwargs)
        try:
            language = get_supported_language_variant(requested.strip())
        except LookupError:
            return JsonResponse(
                {"detail": _("Unsupported language: choose one of the site's languages.")},
                status=422,
            )
        with translation.override(language):
            response = run(request, *args, **kwargs)
        response.headers["Content-Language"] = language
        return response

    return wrapper
