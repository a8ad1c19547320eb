from django.apps import AppConfig


class CouncilsConfig(AppConfig):
    name = "councils"
    verbose_name = "Councils"

    def ready(self):
        # What accounts (a lower floor, which never imports councils) needs from this app.
        from accounts.hooks import next_step_register, personal_data_register

        from .personal_data import personal_data

        next_step_register(label="Your councils", url="councils:my-councils")
        personal_data_register(self.label, personal_data())
