import datetime

import pytest
from django.utils import timezone

from commitments.services import charter_version_draft
from consultations.services import consultation_open


@pytest.fixture
def draft(charter):
    return charter_version_draft(source=charter)


@pytest.fixture
def consultation(draft):
    """Open today, closing in a fortnight, councils only."""
    today = timezone.localdate()
    return consultation_open(
        version=draft,
        title="Consultation on the draft charter, 2027",
        opens_on=today,
        closes_on=today + datetime.timedelta(days=14),
    )
