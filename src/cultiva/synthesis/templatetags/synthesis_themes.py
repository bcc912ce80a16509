"""Links from the process page into the synthesis tools: `{% synthesis_links process %}`."""

from __future__ import annotations

from django import template

from cultiva.synthesis import rules
from cultiva.synthesis.models import ThemeBoard

register = template.Library()


@register.inclusion_tag("synthesis/themes/_process_links.html", takes_context=True)
def synthesis_links(context, process):
    """Facilitators: theme board, duplicate queue; everyone: the polls and the published summary."""
    request = context.get("request")
    user = getattr(request, "user", None)
    can_curate = bool(user is not None and rules.can_curate_themes(user, process))
    published = ThemeBoard.objects.filter(process=process, published_at__isnull=False).exists()
    return {"process": process, "can_curate": can_curate, "published": published}
