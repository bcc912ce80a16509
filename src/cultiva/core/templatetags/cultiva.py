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
