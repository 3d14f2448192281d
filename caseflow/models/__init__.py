"""SQLAlchemy models, split by aggregate."""

from caseflow.models.calendar import CalendarDay
from caseflow.models.campaign import Campaign
from caseflow.models.case import Case
from caseflow.models.deadline import Deadline
from caseflow.models.draw import Draw, DrawAssignment
from caseflow.models.event import Event
from caseflow.models.evidence import Document, EvidenceFile
from caseflow.models.inspection import Answer, Inspection, InspectionAnswer, InspectionCorrection
from caseflow.models.numbering import NumberSequence
from caseflow.models.organisation import UNIT_LEVELS, Unit
from caseflow.models.party import PARTY_KINDS, Party
from caseflow.models.pending import PendingStatus, PendingStep
from caseflow.models.person import ROLES, Certificate, User
from caseflow.models.plan import InspectionKind, Plan, PlanTarget
from caseflow.models.recusal import Recusal
from caseflow.models.security import SecurityEntry, SecurityKind, SignInThrottle
from caseflow.models.submission import Submission, SubmissionScope
from caseflow.models.token import ApiToken

__all__ = [
    "Answer",
    "Inspection",
    "InspectionAnswer",
    "InspectionCorrection",
    "ApiToken",
    "CalendarDay",
    "Campaign",
    "Case",
    "Certificate",
    "Deadline",
    "Document",
    "Draw",
    "DrawAssignment",
    "Event",
    "EvidenceFile",
    "InspectionKind",
    "NumberSequence",
    "PARTY_KINDS",
    "Party",
    "PendingStatus",
    "PendingStep",
    "Plan",
    "PlanTarget",
    "ROLES",
    "SecurityEntry",
    "SecurityKind",
    "SignInThrottle",
    "Submission",
    "SubmissionScope",
    "Recusal",
    "UNIT_LEVELS",
    "Unit",
    "User",
]
