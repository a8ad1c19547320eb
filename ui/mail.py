"""Email printed to the console in local runs, readably.

Django's console backend prints the message as it would go on the wire: a subject with a dash
becomes ``=?utf-8?b?...?=`` and a body with a curly apostrophe or a long link is
quoted-printable, with ``=E2=80=99`` for ’ and ``=`` soft breaks that split links. This
backend prints the decoded headers and the text as written (8-bit), so a developer can read
the email and follow its links."""

from django.core.mail.backends.console import EmailBackend

SHOWN_HEADERS = ("From", "To", "Cc", "Bcc", "Reply-To", "Subject", "Date")


class ReadableConsoleBackend(EmailBackend):
    """The console backend, printing ``Header: value`` lines, a blank line, the plain text
    body, then a line naming each alternative (HTML) and attachment."""

    def write_message(self, message):
        msg = message.message()
        lines = [f"{name}: {msg[name]}" for name in SHOWN_HEADERS if msg[name]]
        lines += ["Content-Transfer-Encoding: 8bit", "", message.body.rstrip("\n")]
        for alternative in getattr(message, "alternatives", []) or []:
            lines.append(f"[alternative: {alternative.mimetype}]")
        for attachment in message.attachments:
            name = getattr(attachment, "filename", None) or "attachment"
            lines.append(f"[attachment: {name}]")
        self.stream.write("\n".join(lines) + "\n")
        self.stream.write("-" * 79 + "\n")
