"""ui.services: the pieces several apps' services share."""

import pytest

from tests.factories import CountyServiceFactory, UserFactory
from toolkit.models import CountyService
from toolkit.services import county_service_save, county_service_values
from ui.conflicts import EditConflict
from ui.services import FileImportError, locked_for_edit, unique_slug

pytestmark = pytest.mark.django_db


def test_a_slug_taken_gets_the_next_free_number():
    assert [CountyServiceFactory(name="Highways").slug for _ in range(2)] == [
        "highways",
        "highways-2",
    ]
    assert unique_slug(CountyService, "Highways") == "highways-3"
    assert unique_slug(CountyService, "Libraries") == "libraries"


def test_a_slug_is_cut_to_its_length_and_falls_back_when_nothing_is_left():
    assert unique_slug(CountyService, "Abcdef ghij", max_length=5) == "abcde"
    assert unique_slug(CountyService, "???", fallback="service") == "service"


def test_locked_for_edit_names_who_saved_last_from_the_history():
    officer, other = UserFactory(), UserFactory()
    values = {
        "name": "Highways",
        "team": "",
        "what_it_does": "Roads",
        "phone": "01865 000000",
        "email": "",
        "website": "",
        "how_to_reach": "",
    }
    service = county_service_save(by=officer, values=values)
    seen = county_service_values(service)
    county_service_save(by=other, values={**values, "phone": "01865 111111"}, instance=service)
    with pytest.raises(EditConflict) as error:
        locked_for_edit(
            service,
            seen=seen,
            current=county_service_values,
            typed={"phone": "01865 222222"},
        )
    assert error.value.conflict.changed_by == other
    assert [c.field for c in error.value.conflict.changes] == ["phone"]


def test_a_file_import_error_lists_every_problem_one_a_line():
    error = FileImportError(["line 2, name: a name is required", "line 3: more values"])
    assert str(error) == "line 2, name: a name is required\nline 3: more values"
    assert error.errors == ["line 2, name: a name is required", "line 3: more values"]
