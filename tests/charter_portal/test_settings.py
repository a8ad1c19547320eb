"""The settings are safe by default: production refuses to start half-configured, and
`check --deploy` is clean when configured."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PRODUCTION = {
    "DJANGO_SECRET_KEY": "a-long-random-production-secret-key-" + "x" * 40,
    "DJANGO_ALLOWED_HOSTS": "charter.example.org",
    "DATABASE_URL": "sqlite:////tmp/charter-check-deploy.sqlite3",
    "SMTP_HOST": "smtp.example.org",
}


def _manage(*args, env):
    clean = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("DJANGO_", "SMTP_", "WHITENOISE_", "PORTAL_")) and k != "DATABASE_URL"
    }
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env={**clean, **env},
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_check_deploy_is_clean_in_production_mode():
    result = _manage("check", "--deploy", "--fail-level", "WARNING", env=PRODUCTION)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


@pytest.mark.parametrize("missing", ["DJANGO_SECRET_KEY", "DJANGO_ALLOWED_HOSTS"])
def test_production_refuses_to_start_without(missing):
    env = {k: v for k, v in PRODUCTION.items() if k != missing}
    result = _manage("check", env=env)
    assert result.returncode != 0
    assert f"{missing} must be set" in result.stderr


def test_debug_is_off_unless_asked():
    result = _manage(
        "shell", "-c", "from django.conf import settings; print(settings.DEBUG)", env=PRODUCTION
    )
    assert result.stdout.strip().splitlines()[-1] == "False", result.stderr


def test_a_nonsense_debug_value_is_refused():
    result = _manage("check", env={**PRODUCTION, "DJANGO_DEBUG": "perhaps"})
    assert result.returncode != 0
    assert "DJANGO_DEBUG must be a true or false value" in result.stderr


STORAGE = (
    "from django.core.files.storage import storages; print(type(storages['default']).__name__)"
)


def test_uploads_go_to_the_file_system_unless_s3_is_asked():
    result = _manage("shell", "-c", STORAGE, env=PRODUCTION)
    assert result.stdout.strip().splitlines()[-1] == "FileSystemStorage", result.stderr
    s3 = {**PRODUCTION, "PORTAL_STORAGE": "s3", "PORTAL_S3_BUCKET": "charter-uploads"}
    result = _manage("shell", "-c", STORAGE, env=s3)
    assert result.stdout.strip().splitlines()[-1] == "S3Storage", result.stderr
    result = _manage("check", "--deploy", "--fail-level", "WARNING", env=s3)
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.parametrize(
    ("env", "message"),
    [
        ({"PORTAL_STORAGE": "s3"}, "PORTAL_S3_BUCKET must be set"),
        ({"PORTAL_STORAGE": "ftp"}, "PORTAL_STORAGE must be 'filesystem' or 's3'"),
    ],
)
def test_a_half_configured_storage_is_refused(env, message):
    result = _manage("check", env={**PRODUCTION, **env})
    assert result.returncode != 0
    assert message in result.stderr
