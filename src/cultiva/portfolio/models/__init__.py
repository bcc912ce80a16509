"""The portfolio's models, one module per part (projects, review, …)."""

from cultiva.portfolio.models.card_parts import (
    BudgetLine,
    Milestone,
    OutputIndicator,
    ProjectAttachment,
    ProjectVersion,
    Risk,
)
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
    ReviewerExpertise,
    ReviewRound,
    RoundProject,
    Score,
)
from cultiva.portfolio.models.selections import SavedPortfolio

__all__ = [
    "BudgetLine",
    "Milestone",
    "OutputIndicator",
    "ProjectAttachment",
    "ProjectVersion",
    "Risk",
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
    "ReviewerExpertise",
    "ReviewRound",
    "RoundProject",
    "SavedPortfolio",
    "Score",
]
