from django.apps import AppConfig


class ConsultationsConfig(AppConfig):
    name = "consultations"
    verbose_name = "Consultations"

    def ready(self):
        # Emails inviting councils to respond count towards a council's limit of one email a
        # day, kept by councils (which must not import this app): register how to find them.
        from councils.hooks import council_tasks_register
        from councils.services.invitations import emails_to_councils_register

        from .services import consultation_emails_since, open_consultation_tasks

        emails_to_councils_register(consultation_emails_since)
        # "Your councils" shows a clerk the open consultations their council can respond to.
        council_tasks_register(self.label, open_consultation_tasks)
