"""allauth's forms with the portal's GOV.UK markup (``ui.forms.GovukFormMixin``: classes, error
states, and the error summary), plugged in through ``ACCOUNT_FORMS`` and ``MFA_FORMS``.

The sign-up form also asks for the person's full name, shown to the policy team and the
council when they ask to act for a council.
"""

from allauth.account import forms as account
from allauth.account.adapter import get_adapter
from allauth.account.models import EmailAddress
from allauth.mfa.base import forms as mfa_base
from allauth.mfa.recovery_codes import forms as recovery_codes
from allauth.mfa.totp import forms as totp
from django import forms
from django.conf import settings

from ui.forms import GovukFormMixin

from .names import name_validate
from .session_limits import session_remember

EMAIL_REQUIRED = "Enter your email address."
EMAIL_INVALID = "Enter an email address in the correct format, like name@example.org."


def _hours(seconds: int) -> str:
    hours = seconds // 3600
    if hours and hours % 24 == 0:
        days = hours // 24
        return f"{days} day{'s' if days != 1 else ''}"
    return f"{hours} hour{'s' if hours != 1 else ''}"


def _email_messages(field) -> None:
    field.label = "Email address"
    field.error_messages.update(required=EMAIL_REQUIRED, invalid=EMAIL_INVALID)


class LoginForm(GovukFormMixin, account.LoginForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _plain(self)
        _email_messages(self.fields["login"])
        self.fields["password"].error_messages["required"] = "Enter your password."
        if "remember" in self.fields:
            self.fields["remember"].label = (
                f"Keep me signed in on this device for "
                f"{_hours(settings.PORTAL_SESSION_REMEMBER_AGE)}"
            )
            self.fields["remember"].help_text = (
                f"Otherwise you are signed out after "
                f"{_hours(settings.SESSION_COOKIE_AGE)} without using the portal, or when you "
                "close your browser. Do not tick this on a computer other people use."
            )

    def login(self, request, redirect_url=None):
        response = super().login(request, redirect_url)
        if self.cleaned_data.get("remember"):
            session_remember(request.session)
        return response


class SignupForm(GovukFormMixin, account.SignupForm):
    full_name = forms.CharField(
        label="Full name",
        max_length=200,
        help_text="As you would sign a letter. The policy team and your council see it.",
        error_messages={"required": "Enter your full name."},
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
        validators=[name_validate],
    )
    field_order = ["full_name", "email", "password1", "password2"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.order_fields(self.field_order)
        _plain(self)
        _email_messages(self.fields["email"])
        self.fields["password1"].error_messages["required"] = "Enter a password."
        self.fields["password2"].error_messages["required"] = "Enter the password again."
        self.fields["email"].help_text = "We send a link to check it. Use your council address."
        self.fields["password2"].label = "Password (again)"

    def save(self, request):
        user = super().save(request)
        user.full_name = self.cleaned_data["full_name"].strip()
        user.save(update_fields=["full_name"])
        return user


PASSWORD_REQUIRED = {
    "oldpassword": "Enter your current password.",
    "password1": "Enter a new password.",
    "password2": "Enter the new password again.",
}


def _plain(form):
    """No placeholders (GOV.UK uses labels and hints), labels in sentence case ("New
    password", not allauth's "New Password"), and messages that say what to do."""
    for name, field in form.fields.items():
        field.widget.attrs.pop("placeholder", None)
        if field.label:
            label = str(field.label)
            field.label = label[:1] + label[1:].lower()
        if name in PASSWORD_REQUIRED:
            field.error_messages["required"] = PASSWORD_REQUIRED[name]


class AddEmailForm(GovukFormMixin, account.AddEmailForm):
    """The new address that is to replace the account's one (``ACCOUNT_CHANGE_EMAIL``)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _email_messages(self.fields["email"])
        _plain(self)
        self.fields["email"].label = "New email address"


class ChangePasswordForm(GovukFormMixin, account.ChangePasswordForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _plain(self)

    def clean_oldpassword(self):
        """A wrong current password counts towards the log-in lock-out (accounts/adapter.py)."""
        password = self.cleaned_data.get("oldpassword", "")
        adapter = get_adapter()
        if not adapter.password_check(adapter.request, user=self.user, password=password):
            raise adapter.validation_error("enter_current_password")
        return password


class SetPasswordForm(GovukFormMixin, account.SetPasswordForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _plain(self)


class ResetPasswordForm(GovukFormMixin, account.ResetPasswordForm):
    """A reset link goes only to an address its account has verified: an address added but not
    confirmed (a typo, or someone else's) never leads into the account. The page says the same
    either way (``ACCOUNT_PREVENT_ENUMERATION``)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _email_messages(self.fields["email"])
        _plain(self)

    def clean_email(self):
        email = super().clean_email()
        verified = {
            user_id
            for user_id, address in EmailAddress.objects.filter(
                user__in=self.users, verified=True
            ).values_list("user_id", "email")
            if address.lower() == email.lower()
        }
        self.users = [user for user in self.users if user.pk in verified]
        return email


class ResetPasswordKeyForm(GovukFormMixin, account.ResetPasswordKeyForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _plain(self)


class ReauthenticateForm(GovukFormMixin, account.ReauthenticateForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _plain(self)


class MfaAuthenticateForm(GovukFormMixin, mfa_base.AuthenticateForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["code"].label = "Code from your authenticator app (or a recovery code)"
        self.fields["code"].widget.attrs.update(
            {"autocomplete": "one-time-code", "inputmode": "numeric", "spellcheck": "false"}
        )
        _plain(self)


class MfaReauthenticateForm(GovukFormMixin, mfa_base.ReauthenticateForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _plain(self)


class ActivateTOTPForm(GovukFormMixin, totp.ActivateTOTPForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["code"].label = "Code from your authenticator app"
        self.fields["code"].widget.attrs.update(
            {"autocomplete": "one-time-code", "inputmode": "numeric", "spellcheck": "false"}
        )
        _plain(self)


class DeactivateTOTPForm(GovukFormMixin, totp.DeactivateTOTPForm):
    pass


class GenerateRecoveryCodesForm(GovukFormMixin, recovery_codes.GenerateRecoveryCodesForm):
    pass
