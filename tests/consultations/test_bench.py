"""The benchmark's consultation (bench/generate.py): sent responses, one per council and then
individuals, and the pages bench/ measures name it."""

import importlib.util
import random
from pathlib import Path
from types import SimpleNamespace

import pytest

from consultations.models import Answer, Consultation
from tests.factories import CouncilFactory

pytestmark = pytest.mark.django_db
GENERATE = Path(__file__).resolve().parents[2] / "bench" / "generate.py"


def test_the_bench_generates_a_consultation_and_measures_its_pages(charter):
    spec = importlib.util.spec_from_file_location("bench_generate", GENERATE)
    generate = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(generate)
    CouncilFactory.create_batch(3)
    generator = generate.Generator(SimpleNamespace(consultation_responses=5), random.Random(1))
    generator.version = charter
    generator.generate_consultation()

    consultation = Consultation.objects.get(title="Bench consultation on the draft")
    assert consultation.responses.submitted().count() == 5
    assert consultation.responses.filter(council__isnull=False).count() == 3
    assert Answer.objects.filter(response__consultation=consultation).count() == 15
    paths = {page["path"] for page in generate.pages.pick()}
    assert f"/consultations/{consultation.slug}/" in paths
    assert f"/consultations/{consultation.slug}/responses.csv" in paths
