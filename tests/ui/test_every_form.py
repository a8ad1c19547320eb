"""Every GOV.UK form of the portal, walked: the same rules for required fields, dates, web
addresses and limits on all of them, so that no form is left behind when one is fixed."""

import importlib
import re

import pytest
from allauth.core import context
from django import forms
from django.test import RequestFactory

from actions.models import ActionItem
from councils.models import Council
from ui.forms import DateField, GovukFormMixin, LengthLimit, WebAddressField
from ui.forms import DateInput as GovukDateInput

MODULES = [
    "accounts.forms",
    "accounts.views",
    "actions.filters",
    "actions.forms",
    "charter_portal.charter_versions",
    "consultations.forms",
    "commitments.forms",
    "councils.filters",
    "councils.forms.clerks",
    "councils.forms.invitations",
    "councils.forms.progress",
    "councils.forms.register",
    "councils.forms.signing",
    "toolkit.forms",
]
BARE = str(forms.Field.default_error_messages["required"])


def _subclasses(cls):
    for sub in cls.__subclasses__():
        yield sub
        yield from _subclasses(sub)


def every_form_class():
    for module in MODULES:
        importlib.import_module(module)
    return sorted(
        {
            cls
            for cls in _subclasses(GovukFormMixin)
            # Only the portal's own classes: not tests' or ui's, nor the classes django-filter
            # makes on the fly from a FilterSet's form.
            if cls.__module__ in MODULES
        },
        key=lambda cls: f"{cls.__module__}.{cls.__name__}",
    )


def _user():
    from tests.factories import UserFactory

    return UserFactory()


def _request():
    from django.contrib.auth.models import AnonymousUser

    request = RequestFactory().post("/")
    request.user = AnonymousUser()
    request.session = {}
    return request


# What each form needs besides its data (a form missing here fails the test: add it).
EXTRA = {
    "LoginForm": lambda: {"request": context.request},
    "SignupForm": dict,
    "AddEmailForm": lambda: {"user": _user()},
    "ChangePasswordForm": lambda: {"user": _user()},
    "SetPasswordForm": lambda: {"user": _user()},
    "ResetPasswordForm": dict,
    "ResetPasswordKeyForm": lambda: {"user": _user(), "temp_key": "x"},
    "ReauthenticateForm": lambda: {"user": _user()},
    "MfaAuthenticateForm": lambda: {"user": _user()},
    "MfaReauthenticateForm": lambda: {"user": _user()},
    "ActivateTOTPForm": lambda: {"user": _user()},
    "DeactivateTOTPForm": lambda: {"authenticator": None},
    "GenerateRecoveryCodesForm": lambda: {"user": _user()},
    "AccountCloseForm": lambda: {"user": _user(), "request": _request()},
    "PlanFilterForm": dict,
    "ActionItemForm": dict,
    "ActionItemCreateForm": dict,
    "ActionItemEditForm": dict,
    "ActionUpdateForm": lambda: {"item": ActionItem()},
    "ActionItemCloseForm": dict,
    "ActionItemMoveForm": dict,
    "VersionForm": dict,
    "SectionForm": dict,
    "VersionCompareForm": lambda: {"versions": []},
    "DirectoryFilterForm": dict,
    "CouncilRoleRequestForm": lambda: {"user": _user(), "councils": Council.objects.all()},
    "CouncilSearchForm": dict,
    "CouncilRoleDecisionForm": dict,
    "CouncilRoleRemoveForm": dict,
    "InvitationForm": dict,
    "ContactsUploadForm": dict,
    "ProgressReportForm": dict,
    "ProgressUploadForm": dict,
    "ProgressPeriodForm": dict,
    "ProgressDownloadForm": dict,
    "CouncilCorrectionForm": dict,
    "SignatureForm": lambda: {"version": None},
    "PaperSignatureForm": lambda: {"version": None},
    "SignatureWithdrawForm": dict,
    "ConsultationForm": dict,
    "QuestionForm": dict,
    "ResponseForm": lambda: {"questions": _questions(), "individual": True},
    "ThemeForm": lambda: {"section_choices": [("aims", "The aims")]},
    "ResourceForm": dict,
    "CountyServiceForm": dict,
    "ToolkitFilterForm": dict,
}


def _questions():
    from consultations.models import Question

    return [Question(pk=1, order=1, section="aims", text="Do the aims meet your needs?")]


@pytest.fixture(autouse=True)
def allauth_request():
    # allauth's two-factor forms read the session of the request being answered.
    with context.request_context(_request()):
        yield


def test_every_form_is_walked():
    assert {cls.__name__ for cls in every_form_class()} <= set(EXTRA)
    apps = (
        "accounts.",
        "actions.",
        "charter_portal.",
        "commitments.",
        "consultations.",
        "councils.",
        "toolkit.",
    )
    elsewhere = {
        f"{cls.__module__}.{cls.__name__}"
        for cls in _subclasses(GovukFormMixin)
        if cls.__module__.startswith(apps) and cls.__module__ not in MODULES
    }
    assert not elsewhere, "add their modules to MODULES"


@pytest.mark.django_db
@pytest.mark.parametrize("form_class", every_form_class(), ids=lambda cls: cls.__name__)
def test_an_empty_form_names_each_field_and_what_to_do(form_class):
    form = form_class(data={}, **EXTRA[form_class.__name__]())
    form.is_valid()
    messages = [message for message, _anchor in form.error_summary()]
    assert len(messages) == len(set(messages)), "one error appears once"
    for name, field in form.fields.items():
        if field.required:
            required = str(field.error_messages["required"])
            assert required != BARE, f"{name} has Django's bare message"
            assert re.match(r"(Enter|Choose|Select|Give|Tell|Say|Tick|Confirm|Type)\b", required), (
                f"{name}: “{required}” does not say what to do"
            )
    assert all(BARE not in message for message in messages)


@pytest.mark.django_db
@pytest.mark.parametrize("form_class", every_form_class(), ids=lambda cls: cls.__name__)
def test_dates_web_addresses_and_limits_follow_the_same_rules(form_class):
    form = form_class(**EXTRA[form_class.__name__]())
    for name, field in form.fields.items():
        if isinstance(field, forms.DateField) or isinstance(field.widget, GovukDateInput):
            assert isinstance(field, DateField), f"{name} is not ui.forms.DateField"
        if isinstance(field, forms.URLField):
            assert isinstance(field, WebAddressField), f"{name} is not ui.forms.WebAddressField"
        assert "maxlength" not in field.widget.attrs, f"{name} would be cut by the browser"
        if isinstance(field, forms.CharField) and field.max_length:
            limits = [v for v in field.validators if isinstance(v, LengthLimit)]
            assert limits or "max_length" in field.error_messages, name
