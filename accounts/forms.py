"""allauth's forms with the portal's GOV.UK markup (``ui.forms.GovukFormMixin``: classes, error
states, and the error summary), plugged in through ``ACCOUNT_FORMS`` and ``MFA_FORMS``.

The sign-up form also asks for the person's full name, shown to the policy team and the
council when they ask to act for a council.
"""

from allauth.account import forms as account
from allauth.mfa.base import forms as mfa_base
from allauth.mfa.recovery_codes import forms as recovery_codes
from allauth.mfa.totp import forms as totp
from django import forms

from ui.forms import GovukFormMixin


class LoginForm(GovukFormMixin, account.LoginForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["login"].label = "Email address"
        self.fields["login"].widget.attrs.pop("placeholder", None)
        self.fields["password"].widget.attrs.pop("placeholder", None)
        if "remember" in self.fields:
            self.fields["remember"].label = "Keep me signed in on this device"


class SignupForm(GovukFormMixin, account.SignupForm):
    full_name = forms.CharField(
        label="Full name",
        max_length=200,
        help_text="As you would sign a letter. The policy team and your council see it.",
        error_messages={"required": "Enter your full name."},
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )
    field_order = ["full_name", "email", "password1", "password2"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.order_fields(self.field_order)
        self.fields["email"].label = "Email address"
        self.fields["email"].help_text = "We send a link to check it. Use your council address."
        self.fields["password2"].label = "Password (again)"
        for field in self.fields.values():
            field.widget.attrs.pop("placeholder", None)

    def save(self, request):
        user = super().save(request)
        user.full_name = self.cleaned_data["full_name"].strip()
        user.save(update_fields=["full_name"])
        return user


def _plain(form):
    for field in form.fields.values():
        field.widget.attrs.pop("placeholder", None)


class AddEmailForm(GovukFormMixin, account.AddEmailForm):
    pass


class ChangePasswordForm(GovukFormMixin, account.ChangePasswordForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _plain(self)


class SetPasswordForm(GovukFormMixin, account.SetPasswordForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _plain(self)


class ResetPasswordForm(GovukFormMixin, account.ResetPasswordForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["email"].label = "Email address"
        _plain(self)


class ResetPasswordKeyForm(GovukFormMixin, account.ResetPasswordKeyForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["password2"].label = "New password (again)"
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
