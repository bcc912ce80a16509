"""`?lang=hu|ro|en` on any API address; without it LocaleMiddleware's choice stands
(Accept-Language, then the site's default)."""

from __future__ import annotations

from functools import wraps

from django.conf import settings
from django.http import JsonResponse
from django.utils import translation
from django.utils.translation import gettext as _

LANG_PARAMETER = "lang"


def api_languages() -> list[str]:
    """The values `?lang=` accepts: the site's language codes, exactly."""
    return [code for code, _name in settings.LANGUAGES]


def with_requested_language(run):
    """Wrap an operation's `run` so the whole request, errors included, uses `?lang=`.

    A `lang` that is not one of the codes (empty, another case, a region variant) is a 422,
    as the OpenAPI schema's enum says, rather than quietly falling back to another language.
    """

    @wraps(run)
    def wrapper(request, *args, **kwargs):
        if LANG_PARAMETER not in request.GET:
            return run(request, *args, **kwargs)
        language = request.GET[LANG_PARAMETER]
        if language not in api_languages():
            return JsonResponse(
                {
                    "detail": _("Unsupported language “%(value)s”: choose one of %(choices)s.")
                    % {"value": language[:20], "choices": ", ".join(api_languages())}
                },
                status=422,
            )
        with translation.override(language):
            response = run(request, *args, **kwargs)
        response.headers["Content-Language"] = language
        return response

    return wrapper
