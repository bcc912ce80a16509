"""The portfolio's models, one module per part (projects, review, …)."""

from cultiva.portfolio.models.projects import (
    MaturityChange,
    Project,
    ProjectOrigin,
    ProjectPartner,
    ProjectQuerySet,
)
from cultiva.portfolio.models.review import (
    ConflictDeclaration,
    Criterion,
    Review,
    ReviewAssignment,
    ReviewerExpertise,
    ReviewRound,
    RoundProject,
    Score,
)

__all__ = [
    "ConflictDeclaration",
    "Criterion",
    "MaturityChange",
    "Project",
    "ProjectOrigin",
    "ProjectPartner",
    "ProjectQuerySet",
    "Review",
    "ReviewAssignment",
    "ReviewerExpertise",
    "ReviewRound",
    "RoundProject",
    "Score",
]
