"""Markdown to safe HTML: what people write (minutes, descriptions) shown without risk.

The Markdown is rendered with a few common extensions, then sanitised with nh3 (an
allow-list HTML cleaner): only the usual formatting tags survive; scripts and styles are
dropped with their content; event handlers, `style` and unknown attributes are removed;
links keep only http(s) and mailto targets and get rel="nofollow noopener". No database.
"""

from __future__ import annotations

import re

import markdown as markdown_lib
import nh3
from django.utils.safestring import SafeString, mark_safe

EXTENSIONS = ["tables", "fenced_code", "sane_lists", "def_list", "nl2br"]

ALLOWED_TAGS = {
    "a", "abbr", "b", "blockquote", "br", "code", "dd", "del", "dl", "dt", "em",
    "h1", "h2", "h3", "h4", "h5", "h6", "hr", "i", "ins", "li", "ol", "p", "pre",
    "s", "strong", "sub", "sup", "table", "tbody", "td", "tfoot", "th", "thead", "tr", "ul",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {
    "a": {"href", "title"},
    "abbr": {"title"},
    "ol": {"start"},
    "td": {"colspan", "rowspan"},
    "th": {"colspan", "rowspan", "scope"},
}
URL_SCHEMES = {"http", "https", "mailto"}
LINK_REL = "nofollow noopener"

_HEADING = re.compile(r"<(/?)h([1-6])\b", re.IGNORECASE)


def _shift_headings(html: str, offset: int) -> str:
    if not offset:
        return html

    def shift(match: re.Match) -> str:
        level = min(int(match.group(2)) + offset, 6)
        return f"<{match.group(1)}h{level}"

    return _HEADING.sub(shift, html)


def sanitize_html(html: str) -> str:
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=URL_SCHEMES,
        link_rel=LINK_REL,
        strip_comments=True,
    )


def render_markdown(text: str, *, heading_offset: int = 1) -> SafeString:
    """Markdown → sanitised HTML, safe to put in a template.

    `heading_offset` moves headings down (with the default 1, "# Title" becomes an h2), so
    that the text fits under the page's own h1.
    """
    if not text or not text.strip():
        return mark_safe("")  # noqa: S308
    html = markdown_lib.markdown(text, extensions=EXTENSIONS, output_format="html")
    return mark_safe(sanitize_html(_shift_headings(html, heading_offset)))  # noqa: S308
