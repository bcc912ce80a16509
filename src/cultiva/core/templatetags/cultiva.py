import re

from django import template

from cultiva.core.i18n import localize

register = template.Library()


@register.filter
def localized(value, language=None):
    """The text of a multilingual value in the active (or given) language, with fallback."""
    return localize(value, language or None)


@register.filter
def in_language(value, language):
    """The text in exactly this language, or nothing (for side-by-side bilingual views)."""
    if isinstance(value, dict):
        return value.get(language, "")
    return ""


@register.filter
def change_value(value):
    """An activity log change: [before, after] reads 'before → after'."""
    if isinstance(value, list | tuple) and len(value) == 2:
        before, after = value
        return f"{'–' if before in (None, '') else before} → {after}"
    if isinstance(value, list | tuple):
        return ", ".join(str(item) for item in value)
    return value


# Two full stops where one ends a value and the other the sentence: not part of an ellipsis.
DOUBLED_FULL_STOP = re.compile(r"(?<!\.)\.\.(?!\.)")


@register.filter(is_safe=True)
def one_full_stop(text):
    """A sentence ending with a Hungarian date ("Közzétéve: 2026. október 10.") keeps the
    date's own full stop as its end, as Hungarian writes it, instead of adding a second one.

    Used around a translated sentence (`{% filter one_full_stop %}{% blocktranslate %}…`),
    so it holds whatever place each language gives the date in the sentence.
    """
    return DOUBLED_FULL_STOP.sub(".", str(text))
