"""Charter versions to compare: version 1 as published and a version 2 that differs."""

import copy
import json

import pytest

from commitments.models import CharterVersion
from commitments.services import DATA_DIR, charter_version_load


def v1_data() -> dict:
    with open(DATA_DIR / "charter-v1.json", encoding="utf-8") as f:
        return json.load(f)


def load_version(data: dict) -> CharterVersion:
    version, _ = charter_version_load(data=data)
    return CharterVersion.objects.with_contents().get(pk=version.pk)


@pytest.fixture
def two_versions(db):
    """Version 1, superseded by version 2 (published): one principle removed, one commitment
    added, one statement changed, one added and one removed."""
    first = v1_data()
    v1 = load_version(first)
    data = copy.deepcopy(first)
    data["number"] = 2
    data["published_on"] = "2026-01-15"
    data["principles"] = [p for p in data["principles"] if p["key"] != "relationship-building"]
    communication = next(c for c in data["commitments"] if c["key"] == "communication")
    communication["statements"][1] = "Communicate with respect, civility and patience."
    communication["statements"].append("Reply to every letter within 20 working days.")
    resources = next(c for c in data["commitments"] if c["key"] == "resources")
    del resources["statements"][0]
    data["commitments"].append(
        {"key": "climate", "title": "Climate", "statements": ["Act on climate together."]}
    )
    v2 = load_version(data)
    return v1, v2
