"""What an organisation's page shows from later stages: contributions, projects, attendance...

`accounts` comes before ideas, meetings and portfolio in the pipeline and never imports them.
Each later app registers an `OrganisationSection` here (in its AppConfig.ready): a function
that, for an organisation and the viewer, returns what that app has to show (a count and links
to what the viewer may see) or None. The page walks this registry.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any


@dataclass
class SectionContent:
    count: int
    # (label, url) of the items the viewer may open, newest or most relevant first.
    items: list[tuple[str, str]] = field(default_factory=list)
    more_url: str = ""  # where the whole list is, when there is one


@dataclass(frozen=True)
class OrganisationSection:
    key: str  # "ideas.contributions": unique, stable
    label: Any  # a translatable heading
    order: int  # position on the page
    content: Callable[[Any, Any], SectionContent | None]  # (organisation, viewer)


_sections: dict[str, OrganisationSection] = {}


def register(section: OrganisationSection) -> None:
    _sections[section.key] = section


def sections() -> list[OrganisationSection]:
    return sorted(_sections.values(), key=lambda section: (section.order, section.key))


def page_sections(organisation, viewer) -> list[tuple[OrganisationSection, SectionContent]]:
    shown = []
    for section in sections():
        content = section.content(organisation, viewer)
        if content is not None:
            shown.append((section, content))
    return shown
