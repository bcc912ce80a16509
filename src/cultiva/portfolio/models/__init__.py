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
    ReviewRound,
    RoundProject,
    Score,
)
from cultiva.portfolio.models.selections import SavedPortfolio

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
    "ReviewRound",
    "RoundProject",
    "SavedPortfolio",
    "Score",
]
