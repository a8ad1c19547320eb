"""A signed-in person's own data: a copy of it to download, and closing the account."""

from allauth.account.adapter import get_adapter
from django import forms
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_not_required
from django.http import JsonResponse
from django.shortcuts import redirect, resolve_url
from django.utils.decorators import method_decorator
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.generic import FormView, View

from ui.downloads import json_response
from ui.forms import GovukForm

from .hooks import next_step
from .services import account_close, user_data_export
from .session_limits import session_seconds_left, session_touch


class YourDataView(View):
    """GET: everything the portal holds about you, as a JSON file."""

    http_method_names = ["get", "head"]

    def get(self, request, *args, **kwargs):
        response = json_response("your-data.json", user_data_export(user=request.user))
        response["Cache-Control"] = "no-store"
        return response


class AccountCloseForm(GovukForm):
    password = forms.CharField(
        label="Your password",
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
        error_messages={"required": "Enter your password to close your account."},
    )
    confirm = forms.BooleanField(
        label="I understand that I can no longer sign in, act for a council or report progress",
        error_messages={"required": "Tick the box to confirm that you want to close your account."},
    )

    def __init__(self, *args, user, request, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.request = request

    def clean_password(self):
        """A wrong password counts towards the same lock-out as a log-in (a locked-out account
        is refused here too: accounts/adapter.py)."""
        password = self.cleaned_data["password"]
        if not get_adapter(self.request).password_check(
            self.request, user=self.user, password=password
        ):
            raise forms.ValidationError("The password is not right. Check it and try again.")
        return password


class AccountCloseView(FormView):
    """Confirm with your password; the account is deactivated and your personal data removed."""

    template_name = "accounts/close.html"
    form_class = AccountCloseForm

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "user": self.request.user, "request": self.request}

    def form_valid(self, form):
        account_close(user=self.request.user)
        logout(self.request)
        messages.success(
            self.request,
            "Your account is closed and your personal details are removed. The records of "
            "councils' decisions you made stay, without your name.",
        )
        return redirect("home")

    def get_context_data(self, **kwargs):
        title = "Close your account"
        return super().get_context_data(
            page_title=title,
            breadcrumbs=[("Home", "/"), next_step(), (title, None)],
            cancel_url=next_step()[1],
            **kwargs,
        )


@method_decorator(login_not_required, name="dispatch")
class SessionView(View):
    """How long until you are signed out (GET, JSON for the warning's script), and "Stay
    signed in" (POST: the limit starts again from now). The POST works without JavaScript: it
    goes back to the page it came from (``next``)."""

    http_method_names = ["get", "head", "post"]

    def get(self, request, *args, **kwargs):
        return self._state(request)

    def post(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            if _wants_json(request):
                return self._state(request)
            messages.info(request, "You were signed out. Sign in again to go on.")
            return redirect(resolve_url("account_login"))
        session_touch(request.session, force=True)
        if _wants_json(request):
            return self._state(request)
        messages.success(request, "You're still signed in.")
        next_url = request.POST.get("next", "")
        if not url_has_allowed_host_and_scheme(
            next_url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
        ):
            next_url = resolve_url("home")
        return redirect(next_url)

    def _state(self, request):
        signed_in = request.user.is_authenticated
        response = JsonResponse(
            {
                "signed_in": signed_in,
                "seconds_left": session_seconds_left(request.session) if signed_in else 0,
            }
        )
        response["Cache-Control"] = "no-store"
        return response


def _wants_json(request) -> bool:
    return "application/json" in request.headers.get("Accept", "")
