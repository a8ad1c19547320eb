"""Council pickers name the district, as several councils share a name (Bourton in the Vale
of White Horse and in West Oxfordshire; also Drayton, Milton, Wootton)."""

import pytest

from actions.filters import ActionPlanFilter
from actions.forms import ActionItemCreateForm
from actions.models import ActionItem
from councils.forms.clerks import CouncilRoleRequestForm
from councils.forms.register import CouncilCorrectionForm
from councils.forms.signing import PaperSignatureForm
from councils.models import Council
from tests.factories import ActionItemFactory, CouncilFactory, DistrictFactory, UserFactory

pytestmark = pytest.mark.django_db

BOTH = ("Bourton (Vale of White Horse)", "Bourton (West Oxfordshire)")


@pytest.fixture
def bourtons(charter):
    return [
        CouncilFactory(name="Bourton", slug=slug, district=DistrictFactory(name=district))
        for slug, district in (
            ("bourton-vale", "Vale of White Horse"),
            ("bourton-west", "West Oxfordshire"),
        )
    ]


def _labels(field) -> list[str]:
    return [str(label) for _value, label in field.choices]


def test_the_clerks_and_the_paper_signature_pickers(bourtons):
    councils = Council.objects.current().select_related("district")
    request = CouncilRoleRequestForm(user=UserFactory(), councils=councils)
    paper = PaperSignatureForm(version=None)
    for form in (request, paper):
        assert set(BOTH) <= set(_labels(form.fields["council"]))


def test_the_replaced_by_picker(bourtons):
    labels = _labels(CouncilCorrectionForm(instance=CouncilFactory()).fields["replaced_by"])
    assert set(BOTH) <= set(labels)


def test_the_action_plans_lead_council_picker_and_filter(bourtons):
    assert set(BOTH) <= set(_labels(ActionItemCreateForm().fields["lead_council"]))
    for council in bourtons:
        ActionItemFactory(lead_council=council)
    plan = ActionPlanFilter({}, queryset=ActionItem.objects.all())
    assert set(BOTH) <= set(_labels(plan.form.fields["lead"]))
