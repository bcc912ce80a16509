"""What the API returns. Multilingual values come as {"hu", "ro", "en"} dicts plus one
`display_*` field in the request's language (Accept-Language or ?lang=)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Annotated

from ninja import Field, Schema
from pydantic import WithJsonSchema

from cultiva.accounts.models import Organisation
from cultiva.core.i18n import localize
from cultiva.core.models import Settlement, TaxonomyTerm
from cultiva.ideas.models import Contribution
from cultiva.meetings.models import Meeting
from cultiva.portfolio.models import Project
from cultiva.processes.models import Phase

Multilingual = dict[str, str]


def choice(choices):
    """A model's TextChoices as an inline enum: several models name theirs `Kind`, and
    OpenAPI components named after the class would overwrite one another."""
    return Annotated[
        choices, WithJsonSchema({"type": "string", "enum": [str(v) for v in choices.values]})
    ]


SettlementKind = choice(Settlement.Kind)
Vocabulary = choice(TaxonomyTerm.Vocabulary)
LegalForm = choice(Organisation.LegalForm)
PhaseKind = choice(Phase.Kind)
MeetingKind = choice(Meeting.Kind)
MeetingFormat = choice(Meeting.Format)
ContributionKind = choice(Contribution.Kind)
ContributionStatus = choice(Contribution.Status)
ContributionSource = choice(Contribution.Source)
ProjectMaturity = choice(Project.Maturity)


def _slugs(manager) -> list[str]:
    return [term.slug for term in manager.all()]


def _request_user(context):
    from cultiva.api.auth import request_user

    return request_user(context["request"])


# Territory and taxonomy ---------------------------------------------------------------


class MicroRegionOut(Schema):
    id: int
    name: str


class SettlementOut(Schema):
    siruta: int
    kind: SettlementKind
    name_hu: str
    name_ro: str
    name: str = Field(description="The name in the request's language.")
    micro_region: MicroRegionOut | None
    latitude: float | None
    longitude: float | None


class SettlementRef(Schema):
    siruta: int
    name_hu: str
    name_ro: str
    name: str = Field(description="The name in the request's language.")


class CountyRef(Schema):
    siruta: int
    name_hu: str
    name_ro: str


class TermOut(Schema):
    vocabulary: Vocabulary
    slug: str
    name: Multilingual
    display_name: str
    position: int

    @staticmethod
    def resolve_display_name(obj) -> str:
        return localize(obj.name) or obj.slug


# Organisations -----------------------------------------------------------------------


class OrganisationRef(Schema):
    id: int
    display_name: str

    @staticmethod
    def resolve_display_name(obj) -> str:
        return localize(obj.name)


class OrganisationOut(Schema):
    id: int
    name: Multilingual
    display_name: str
    short_name: str
    legal_form: LegalForm
    sector: str = Field(description="Slug of the sector term.")
    settlement: SettlementRef
    domains: list[str] = Field(description="Slugs of the cultural domains.")
    website: str

    @staticmethod
    def resolve_display_name(obj) -> str:
        return localize(obj.name)

    @staticmethod
    def resolve_sector(obj) -> str:
        return obj.sector.slug

    @staticmethod
    def resolve_domains(obj) -> list[str]:
        return _slugs(obj.domains)


# Processes ---------------------------------------------------------------------------


class PhaseOut(Schema):
    kind: PhaseKind
    title: Multilingual
    display_title: str
    starts_on: dt.date
    ends_on: dt.date
    is_current: bool
    accepts_contributions: bool
    accepts_votes: bool
    accepts_comments: bool

    @staticmethod
    def resolve_display_title(obj) -> str:
        return str(obj)


class ProcessOut(Schema):
    slug: str
    title: Multilingual
    display_title: str
    description: Multilingual
    county: CountyRef
    is_published: bool
    starts_on: dt.date
    ends_on: dt.date
    meeting_count: int = Field(description="Published meetings.")
    contribution_count: int = Field(description="Public (submitted) contributions.")
    project_count: int

    @staticmethod
    def resolve_display_title(obj) -> str:
        return localize(obj.title) or obj.slug


class ProcessDetailOut(ProcessOut):
    phases: list[PhaseOut]


# Meetings ----------------------------------------------------------------------------


class MeetingOut(Schema):
    id: int
    process: str = Field(description="Slug of the process.")
    kind: MeetingKind
    format: MeetingFormat
    title: Multilingual
    display_title: str
    description: Multilingual
    starts_at: dt.datetime
    ends_at: dt.datetime
    venue: str
    settlement: SettlementRef | None
    online_url: str | None = Field(description="Given to signed-in callers only.")
    capacity: int | None
    topics: list[str] = Field(description="Slugs of the domain and expertise terms.")
    is_published: bool
    contribution_count: int = Field(description="Public contributions made at the meeting.")

    @staticmethod
    def resolve_process(obj) -> str:
        return obj.process.slug

    @staticmethod
    def resolve_display_title(obj) -> str:
        return localize(obj.title)

    @staticmethod
    def resolve_online_url(obj, context) -> str | None:
        if not obj.online_url or not _request_user(context).is_authenticated:
            return None
        return obj.online_url

    @staticmethod
    def resolve_topics(obj) -> list[str]:
        return _slugs(obj.domains)


# Contributions -----------------------------------------------------------------------


class ContributionOut(Schema):
    id: int
    process: str = Field(description="Slug of the process.")
    kind: ContributionKind
    status: ContributionStatus
    title: str
    body: str
    language: str
    domains: list[str] = Field(description="Slugs of the cultural domains.")
    settlements: list[int] = Field(description="SIRUTA codes.")
    author: str = Field(description="The proposer's name (never the e-mail address).")
    organisation: OrganisationRef | None
    meeting: int | None = Field(description="Id of the meeting, when it is visible.")
    source: ContributionSource
    time_horizon: str
    resources_needed: str
    created_at: dt.datetime
    submitted_at: dt.datetime | None

    @staticmethod
    def resolve_process(obj) -> str:
        return obj.process.slug

    @staticmethod
    def resolve_domains(obj) -> list[str]:
        return _slugs(obj.domains)

    @staticmethod
    def resolve_settlements(obj) -> list[int]:
        return [settlement.siruta for settlement in obj.settlements.all()]

    @staticmethod
    def resolve_author(obj) -> str:
        return obj.proposer_name

    @staticmethod
    def resolve_meeting(obj, context) -> int | None:
        from cultiva.api.queries import meeting_is_visible

        if obj.meeting is None:
            return None
        if meeting_is_visible(_request_user(context), obj.meeting, obj.process):
            return obj.meeting_id
        return None


class ContributionDetailOut(ContributionOut):
    target_groups: list[str] = Field(description="Slugs of the target groups.")
    projects: list[int] = Field(description="Ids of the projects that grew from it.")

    @staticmethod
    def resolve_target_groups(obj) -> list[str]:
        return _slugs(obj.target_groups)

    @staticmethod
    def resolve_projects(obj) -> list[int]:
        return sorted({link.project_id for link in obj.project_links.all()})


# Projects ----------------------------------------------------------------------------


class ProjectOut(Schema):
    id: int
    process: str = Field(description="Slug of the process.")
    code: str
    title: Multilingual
    display_title: str
    summary: Multilingual
    maturity: ProjectMaturity
    lead_organisation: OrganisationRef | None
    domains: list[str] = Field(description="Slugs of the cultural domains.")
    settlements: list[int] = Field(description="SIRUTA codes.")
    budget_total: Decimal | None
    currency: str
    origins: list[int] = Field(description="Ids of the contributions it grew from.")
    measures: list[str] = Field(description="Codes of the strategy measures it serves.")

    @staticmethod
    def resolve_process(obj) -> str:
        return obj.process.slug

    @staticmethod
    def resolve_display_title(obj) -> str:
        return localize(obj.title) or obj.code

    @staticmethod
    def resolve_domains(obj) -> list[str]:
        return _slugs(obj.domains)

    @staticmethod
    def resolve_settlements(obj) -> list[int]:
        return [settlement.siruta for settlement in obj.settlements.all()]

    @staticmethod
    def resolve_origins(obj) -> list[int]:
        return [contribution.pk for contribution in obj.visible_origins]

    @staticmethod
    def resolve_measures(obj) -> list[str]:
        return list(dict.fromkeys(link.measure.code for link in obj.visible_measure_links))


class ProjectDetailOut(ProjectOut):
    objectives: Multilingual
    rationale: Multilingual
    expected_results: Multilingual
    partners: list[OrganisationRef]
