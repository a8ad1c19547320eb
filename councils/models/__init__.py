from .clerks import CouncilRole
from .links import LinkCheck
from .outbox import OutgoingEmail, OutgoingEmailRecipient
from .progress import ProgressReport, ReportingPeriod
from .register import Council, CouncilCode, District
from .reminders import ProgressReminder
from .signatures import Invitation, Signature

__all__ = [
    "Council",
    "CouncilCode",
    "CouncilRole",
    "District",
    "Invitation",
    "LinkCheck",
    "OutgoingEmail",
    "OutgoingEmailRecipient",
    "ProgressReminder",
    "ProgressReport",
    "ReportingPeriod",
    "Signature",
]
