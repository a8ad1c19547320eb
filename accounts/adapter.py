from allauth.account.adapter import DefaultAccountAdapter


class AccountAdapter(DefaultAccountAdapter):
    """Anyone may sign up; an account alone grants no power over any council."""

    def is_open_for_signup(self, request):
        return True
