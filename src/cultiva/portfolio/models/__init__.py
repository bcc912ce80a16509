"""The portfolio's models, one module per part (projects, review, …)."""

from cultiva.portfolio.models.partners import PartnerInterest, PartnerSearch
from cultiva.portfolio.models.projects import (
    MaturityChange,
    Project,
    ProjectOrigin,
    ProjectPartner,
    ProjectQuerySet,
)
from cultiva.portfolio.models.proposals import ProposalStep
from cultiva.portfolio.models.review import (
    ConflictDeclaration,
    Criterion,
    Review,
    ReviewAssignment,
    ReviewRound,
    RoundProject,
    Score,
)

__all__ = [
    "ConflictDeclaration",
    "Criterion",
    "MaturityChange",
    "PartnerInterest",
    "PartnerSearch",
    "Project",
    "ProjectOrigin",
    "ProjectPartner",
    "ProjectQuerySet",
    "ProposalStep",
    "Review",
    "ReviewAssignment",
    "ReviewRound",
    "RoundProject",
    "Score",
]
