"""What people see in emails: the portal's own name and address (never "example.com"),
subjects in sentence case, readable console emails, and local links on `make run`'s port."""

import io
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from django.contrib.sites.models import Site
from django.core import mail
from django.core.mail import EmailMessage
from django.core.management import call_command

from charter_portal.site import site_sync
from tests.helpers import sign_up
from ui.mail import ReadableConsoleBackend

pytestmark = pytest.mark.django_db

PASSWORD = "a-long-Pass-phrase-2026"


def test_a_new_database_names_the_site_from_the_settings(settings):
    site = Site.objects.get(pk=settings.SITE_ID)
    assert site.name == "Oxfordshire Councils Charter"
    assert "example.com" not in site.domain


def test_bootstrap_writes_the_name_and_address(settings):
    settings.SITE_URL = "https://charter.oxfordshire.gov.uk"
    out = io.StringIO()
    call_command("bootstrap", stdout=out)
    assert Site.objects.get(pk=settings.SITE_ID).domain == "charter.oxfordshire.gov.uk"
    assert "Site: Oxfordshire Councils Charter at charter.oxfordshire.gov.uk." in out.getvalue()


def test_sign_up_email_has_no_example_com_and_a_sentence_case_subject(anon_client, settings):
    settings.SITE_URL = "http://127.0.0.1:8117"
    site_sync()
    sign_up(anon_client, email="ada@adderbury.example.org", password=PASSWORD)
    [email] = mail.outbox
    assert "example.com" not in email.body + email.subject
    assert email.subject == "[Oxfordshire Councils Charter] Confirm your email address"
    assert "Oxfordshire Councils Charter" in email.body and "127.0.0.1:8117" in email.body


@pytest.mark.parametrize(
    "template",
    [
        "account/email/email_confirmation_subject.txt",
        "account/email/password_reset_key_subject.txt",
        "account/email/unknown_account_subject.txt",
        "mfa/email/totp_activated_subject.txt",
    ],
)
def test_allauth_subjects_are_in_sentence_case(template):
    from django.template.loader import render_to_string

    subject = render_to_string(template).strip()
    words = subject.split()
    assert all(not w[0].isupper() for w in words[1:]), subject


def test_console_emails_are_readable_8_bit_text():
    stream = io.StringIO()
    link = "https://127.0.0.1:8000/councils/" + "a-long-path/" * 8
    message = EmailMessage(
        subject="Sign the charter – a reminder",
        body=f"Adderbury’s clerk: please sign.\n{link}\n",
        to=["clerk@example.org"],
    )
    ReadableConsoleBackend(stream=stream).send_messages([message])
    printed = stream.getvalue()
    assert "Subject: Sign the charter – a reminder" in printed
    assert "Adderbury’s clerk" in printed and link in printed
    assert "quoted-printable" not in printed and "=E2=80" not in printed
    assert not re.search(r"=\n", printed)  # no soft line breaks


def test_local_links_use_the_port_make_run_serves_on():
    code = "from django.conf import settings; print(settings.SITE_URL)"
    env = {
        **{k: v for k, v in os.environ.items() if k not in ("PORTAL_SITE_URL", "PORT")},
        "DJANGO_DEBUG": "1",
        "DJANGO_SETTINGS_MODULE": "charter_portal.settings",
        "PORT": "8117",
    }
    out = subprocess.run(
        [sys.executable, "-c", f"import django; django.setup(); {code}"],
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    assert out.stdout.strip() == "http://127.0.0.1:8117"
    makefile = (Path(__file__).parents[2] / "Makefile").read_text()
    assert "PORT=$(PORT) DJANGO_DEBUG=1 uv run python manage.py bootstrap" in makefile
