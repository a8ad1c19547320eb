from allauth.account.adapter import DefaultAccountAdapter
from django.shortcuts import resolve_url

# A new user's next step: "Your councils", whose first action is to ask to act for a council.
# A URL name, not an import: accounts sits below councils and never imports it.
NEXT_STEP_URL = "councils:my-councils"


class AccountAdapter(DefaultAccountAdapter):
    """Anyone may sign up; an account alone grants no power over any council."""

    def is_open_for_signup(self, request):
        return True

    def get_signup_redirect_url(self, request) -> str:
        """Where a new user lands once signed up and verified (also when the verification
        link logs them in): the next step, not the home page."""
        return resolve_url(NEXT_STEP_URL)

    def get_email_verification_redirect_url(self, email_address) -> str:
        """Where the verification link leads a user already signed in (a ``next`` parameter
        still wins): the next step, not the home page."""
        if self.request.user.is_authenticated:
            return resolve_url(NEXT_STEP_URL)
        return super().get_email_verification_redirect_url(email_address)
