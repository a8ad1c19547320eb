"""Tests run in parallel (pytest-xdist, ``make test``) and beside other runs on one machine:
nothing a test writes may land in the checkout or in a folder another test process shares."""

import os
from pathlib import Path

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage


def test_uploads_and_open_data_zips_go_to_this_workers_own_folder(tmp_path_factory):
    own = tmp_path_factory.getbasetemp()  # one per xdist worker, one per run
    for folder in (settings.MEDIA_ROOT, settings.PORTAL_BULK_DIR):
        assert Path(folder).is_relative_to(own)
        assert not Path(folder).is_relative_to(settings.BASE_DIR)
    # Servers the tests start as subprocesses read the same folders from the environment.
    assert os.environ["PORTAL_MEDIA_ROOT"] == str(settings.MEDIA_ROOT)
    assert os.environ["PORTAL_BULK_DIR"] == str(settings.PORTAL_BULK_DIR)


def test_a_file_saved_through_the_storage_lands_in_this_workers_folder(tmp_path_factory):
    name = default_storage.save("isolation/check.txt", ContentFile(b"x"))
    try:
        assert Path(default_storage.path(name)).is_relative_to(tmp_path_factory.getbasetemp())
    finally:
        default_storage.delete(name)
