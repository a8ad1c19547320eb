"""The benchmark's ceiling (bench/): a public view that answers a few bytes without the database."""

import pytest


@pytest.mark.django_db
def test_ping_answers_ok_to_anyone_without_the_database(anon_client, django_assert_num_queries):
    with django_assert_num_queries(0):
        response = anon_client.get("/ping/")
    assert response.status_code == 200
    assert response.content == b"ok"
    assert response["Content-Type"] == "text/plain"


def test_ping_works_without_database_access(client):
    # No django_db mark: pytest-django fails the test if the view touches the database.
    assert client.get("/ping/").content == b"ok"
