"""SQLAlchemy models, split by aggregate."""

from caseflow.models.calendar import CalendarDay
from caseflow.models.case import Case
from caseflow.models.deadline import Deadline
from caseflow.models.event import Event
from caseflow.models.evidence import Document, EvidenceFile
from caseflow.models.numbering import NumberSequence
from caseflow.models.organisation import UNIT_LEVELS, Unit
from caseflow.models.party import PARTY_KINDS, Party
from caseflow.models.person import ROLES, Certificate, User
from caseflow.models.token import ApiToken

__all__ = [
    "ApiToken",
    "CalendarDay",
    "Case",
    "Certificate",
    "Deadline",
    "Document",
    "Event",
    "EvidenceFile",
    "NumberSequence",
    "PARTY_KINDS",
    "Party",
    "ROLES",
    "UNIT_LEVELS",
    "Unit",
    "User",
]
