from django.apps import AppConfig
from django.contrib.auth.signals import user_logged_in


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = "Accounts"

    def ready(self):
        from .session_limits import session_started

        user_logged_in.connect(session_started, dispatch_uid="accounts.session_started")
