"""Settings for the Oxfordshire Councils Charter portal.

One module, read from the environment, safe by default:

- ``DJANGO_DEBUG`` is off unless set to a true value (``1``, ``true``, ``yes``, ``on``).
- With debug off (production), ``DJANGO_SECRET_KEY`` and ``DJANGO_ALLOWED_HOSTS`` must be set,
  or the portal refuses to start.
- ``DATABASE_URL`` picks the database (PostgreSQL in production); without it, a local SQLite
  file ``db.sqlite3`` is used.

The README lists every variable.
"""

import os
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP

BASE_DIR = Path(__file__).resolve().parent.parent

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off", ""}


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    value = value.strip().lower()
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    raise ImproperlyConfigured(f"{name} must be a true or false value, not {value!r}.")


def env_int(name: str, default: int) -> int:
    value = os.environ.get(name, "").strip()
    if not value:
        return default
    try:
        return int(value)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be a whole number, not {value!r}.") from None


def env_list(name: str, default: list[str] | None = None) -> list[str]:
    value = os.environ.get(name, "")
    items = [item.strip() for item in value.split(",") if item.strip()]
    return items or list(default or [])


def env_required(name: str) -> str:
    value = os.environ.get(name, "").strip()
    if not value:
        raise ImproperlyConfigured(
            f"{name} must be set when DJANGO_DEBUG is off (production). See README.md."
        )
    return value


DEBUG = env_bool("DJANGO_DEBUG", default=False)

if DEBUG:
    SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY") or "insecure-local-development-only"
    ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", ["127.0.0.1", "localhost", "[::1]"])
else:
    SECRET_KEY = env_required("DJANGO_SECRET_KEY")
    ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS") or env_required("DJANGO_ALLOWED_HOSTS")

CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS")

# Where the portal is served, for links in emails, feeds and downloads; locally the port
# `make run` serves on (PORT). Its name, in emails and authenticator apps. `bootstrap` writes
# both into the sites framework's Site, which allauth's emails read (never "example.com").
SITE_URL = os.environ.get(
    "PORTAL_SITE_URL", f"http://127.0.0.1:{os.environ.get('PORT') or '8000'}"
).rstrip("/")
SITE_NAME = os.environ.get("PORTAL_SITE_NAME", "Oxfordshire Councils Charter")
SITE_ID = 1

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.forms",
    "django.contrib.sites",
    "django_filters",
    "simple_history",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "rest_framework",
    "drf_spectacular",
    "corsheaders",
    "django_tasks_db",
    "rules",  # the named rules' template tags (councils/permissions.py)
    # The portal's own apps, lowest floor first.
    "accounts",
    "commitments",
    "councils",
    "actions",
    "api",
    "partnerships",
    "consultations",
    "toolkit",
    "search",  # the site search: above every app whose things it finds
    "charter_portal",
]

MIDDLEWARE = [
    # Reliability: first, so that a database outage anywhere below is a 503 page.
    "charter_portal.middleware.DatabaseUnavailableMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    # Control characters in the address (400) and bodies over the limit (413), refused first.
    "charter_portal.middleware.RequestLimitsMiddleware",
    # The open data API answers GET from any origin (CORS_URLS_REGEX below).
    "corsheaders.middleware.CorsMiddleware",
    # Public pages from the shared cache, before everything they do not need.
    "ui.cache.PageCacheMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Cache-Control: private, no-store for anyone signed in (personal data).
    "charter_portal.middleware.PrivatePagesMiddleware",
    # A signed-in person's requests keep them signed in (accounts/session_limits.py).
    "accounts.session_limits.SessionActivityMiddleware",
    # Django's, keeping a form sent after the session ended (ui/unsent.py).
    "accounts.session_limits.LoginRequiredMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
]

ROOT_URLCONF = "charter_portal.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.csp",
                "charter_portal.context_processors.portal",
            ],
            # ui/ is not an app (it imports none): its template filters are named here.
            "libraries": {"govuk": "ui.templatetags.govuk"},
        },
    },
]

# GOV.UK Frontend markup for every form field, written once (ui/forms.py).
FORM_RENDERER = "ui.forms.GovukFormRenderer"

WSGI_APPLICATION = "charter_portal.wsgi.application"

DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=env_int("DATABASE_CONN_MAX_AGE", 60),
        # A "SELECT 1" before each request's first query, so that a connection broken by a
        # database restart is replaced without an error. Off saves a round trip per
        # request; a broken connection then fails one request per process.
        conn_health_checks=env_bool("DATABASE_CONN_HEALTH_CHECKS", default=True),
    )
}
DATABASES["default"]["ATOMIC_REQUESTS"] = False

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "accounts.User"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 10},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]

LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "home"

# Accounts: email is the log-in, verified before use; rate limits on log-in and sign-up.
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_CONFIRM_EMAIL_ON_GET = False
# Signing in by following the sign-up link works only in the browser that signed up (allauth
# checks the session).
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
# One address per account. A new address waits, unverified and giving access to nothing, until
# the signed-in owner opens the link sent to it (accounts/adapter.py); it then replaces the old
# address, which is told of the change (EMAIL_NOTIFICATIONS, also for a changed password).
ACCOUNT_CHANGE_EMAIL = True
ACCOUNT_MAX_EMAIL_ADDRESSES = 2  # the address and, while it waits, the one replacing it
ACCOUNT_EMAIL_NOTIFICATIONS = True
ACCOUNT_EMAIL_CONFIRMATION_AUTHENTICATED_REDIRECT_URL = "account_email"
# A password reset is sent only to a verified address (accounts/forms.py), and the page says
# the same whether or not an account has the address.
ACCOUNT_PREVENT_ENUMERATION = True
# No "you have no account" email to an address nobody has: anyone could make the portal send
# it to anyone.
ACCOUNT_EMAIL_UNKNOWN_ACCOUNTS = False
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
ACCOUNT_EMAIL_SUBJECT_PREFIX = f"[{SITE_NAME}] "
ACCOUNT_RATE_LIMITS = {
    "login": "30/m/ip",
    "login_failed": "10/m/ip,5/5m/key",
    "signup": "20/m/ip",
    "confirm_email": "1/3m/key",
    # Emails to an address typed by whoever asks: a few an hour per address, a few a day for
    # the addresses one person adds.
    "reset_password": "20/m/ip,5/h/key",
    "manage_email": "10/m/user,30/d/user",
}
ACCOUNT_ADAPTER = "accounts.adapter.AccountAdapter"
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
# allauth's forms with GOV.UK markup (accounts/forms.py); sign-up also asks for the full name.
ACCOUNT_FORMS = {
    name: f"accounts.forms.{cls}"
    for name, cls in {
        "login": "LoginForm",
        "signup": "SignupForm",
        "add_email": "AddEmailForm",
        "change_password": "ChangePasswordForm",
        "set_password": "SetPasswordForm",
        "reset_password": "ResetPasswordForm",
        "reset_password_from_key": "ResetPasswordKeyForm",
        "reauthenticate": "ReauthenticateForm",
    }.items()
}
MFA_FORMS = {
    name: f"accounts.forms.{cls}"
    for name, cls in {
        "authenticate": "MfaAuthenticateForm",
        "reauthenticate": "MfaReauthenticateForm",
        "activate_totp": "ActivateTOTPForm",
        "deactivate_totp": "DeactivateTOTPForm",
        "generate_recovery_codes": "GenerateRecoveryCodesForm",
    }.items()
}
MFA_TOTP_ISSUER = SITE_NAME

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "Europe/London"
USE_I18N = True
# Sentence case for allauth's title-case headings and buttons (locale/en_GB).
LOCALE_PATHS = [BASE_DIR / "locale"]
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
# Uploaded files (meeting papers of the partnerships register): served by the portal's own view,
# as downloads, never from a public URL of this folder. Back it up with the database.
MEDIA_ROOT = Path(os.environ.get("PORTAL_MEDIA_ROOT") or BASE_DIR / "media")
STATICFILES_DIRS = [BASE_DIR / "static"]
# Where uploaded files go (meeting papers, the toolkit's attachments): the file system under
# MEDIA_ROOT by default; PORTAL_STORAGE=s3 keeps them in an S3-compatible bucket through
# django-storages (private objects: the portal serves them itself, as downloads).
PORTAL_STORAGE = os.environ.get("PORTAL_STORAGE", "filesystem")
if PORTAL_STORAGE not in ("filesystem", "s3"):
    raise ImproperlyConfigured("PORTAL_STORAGE must be 'filesystem' or 's3'.")
if PORTAL_STORAGE == "s3" and not os.environ.get("PORTAL_S3_BUCKET"):
    raise ImproperlyConfigured("PORTAL_S3_BUCKET must be set when PORTAL_STORAGE is 's3'.")
DEFAULT_STORAGE = (
    {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": os.environ.get("PORTAL_S3_BUCKET", ""),
            "endpoint_url": os.environ.get("PORTAL_S3_ENDPOINT_URL") or None,
            "region_name": os.environ.get("PORTAL_S3_REGION") or None,
            # Credentials: AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY in the environment (or
            # the host's role), read by boto3 itself.
            "default_acl": "private",
            "querystring_auth": True,
            "file_overwrite": False,
        },
    }
    if PORTAL_STORAGE == "s3"
    else {"BACKEND": "django.core.files.storage.FileSystemStorage"}
)
STORAGES = {
    "default": DEFAULT_STORAGE,
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if env_bool("DJANGO_STATIC_MANIFEST", default=not DEBUG)
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}
# Tests run without collectstatic; whitenoise finds files through the finders there.
WHITENOISE_USE_FINDERS = env_bool("WHITENOISE_USE_FINDERS", default=DEBUG)

# Email through Django 6.1's MAILERS. Local runs print mail to the console; production sends
# through SMTP configured from the environment.
DEFAULT_FROM_EMAIL = os.environ.get(
    "PORTAL_FROM_EMAIL", "Oxfordshire Councils Charter <charter@oxfordshire.gov.uk>"
)
SERVER_EMAIL = DEFAULT_FROM_EMAIL
POLICY_TEAM_EMAIL = os.environ.get("PORTAL_POLICY_TEAM_EMAIL", "policyteam@oxfordshire.gov.uk")
# What a clerk is told the policy team usually takes to decide a request, until it has decided
# enough requests for the portal to measure it (councils.services.clerks.role_queue_usual_days).
PORTAL_POLICY_TEAM_RESPONSE_DAYS = env_int("PORTAL_POLICY_TEAM_RESPONSE_DAYS", 5)
# How many quarters after a quarter ends its progress reports are still on time: 1 keeps
# 2026/27 Q3 (October to December) open until 31 March 2027. Later reports are marked late.
PORTAL_REPORT_GRACE_QUARTERS = max(0, env_int("PORTAL_REPORT_GRACE_QUARTERS", 1))
if os.environ.get("SMTP_HOST"):
    MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {
                "host": os.environ["SMTP_HOST"],
                "port": env_int("SMTP_PORT", 587),
                "username": os.environ.get("SMTP_USER", ""),
                "password": os.environ.get("SMTP_PASSWORD", ""),
                "use_tls": env_bool("SMTP_USE_TLS", default=True),
                "timeout": env_int("SMTP_TIMEOUT", 10),
            },
        }
    }
else:
    # Printed readably: headers decoded, the text as written (not quoted-printable).
    MAILERS = {"default": {"BACKEND": "ui.mail.ReadableConsoleBackend"}}

# --- The shared caches ------------------------------------------------------------------------
# Two stores, shared by every gunicorn process and host:
# - "default" holds the security counters: allauth's rate limits and log-in lock-out, and the
#   two-factor codes already used (allauth reads Django's default cache and has no setting for
#   another). Nothing else writes to it, so no amount of public page traffic can push a counter
#   out. PORTAL_SECURITY_CACHE_URL, "db://" by default: its own table, `portal_security_cache`.
# - "pages" holds whole public pages (ui/cache.py), CACHE_URL, "db://" by default: the table
#   `portal_cache`, culled beyond CACHE_MAX_ENTRIES.
# A URL is "db://" (a table, made by `migrate` and `manage.py createcachetable`),
# "redis://host:6379/0" (the `redis` package: `uv add redis`; give the security store a Redis
# that never evicts keys, `maxmemory-policy noeviction`) or "locmem://" (this process only: tests).
# PORTAL_PAGE_CACHE_SECONDS: how long a public page may stay cached (it goes stale at once on any
# write, see ui/cache.py); 0: off.
SECURITY_CACHE_ALIAS = "default"
PAGE_CACHE_ALIAS = "pages"


def cache_from_url(url: str, *, table: str, max_entries: int) -> dict:
    """One ``CACHES`` entry from a cache URL (``db://``, ``redis://``, ``locmem://``); ``table``
    names the database table (and the store in this process for locmem)."""
    url = url.strip() or "db://"
    if url.startswith("db://"):
        return {
            "BACKEND": "django.core.cache.backends.db.DatabaseCache",
            "LOCATION": table,
            "OPTIONS": {"MAX_ENTRIES": max_entries},
        }
    if url.startswith(("redis://", "rediss://")):
        return {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": url,
            "KEY_PREFIX": table,
        }
    if url.startswith("locmem://"):
        return {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": table}
    raise ImproperlyConfigured(
        f"A cache URL must start with db://, redis:// or locmem://, not {url!r}."
    )


CACHE_URL = os.environ.get("CACHE_URL", "db://").strip() or "db://"
SECURITY_CACHE_URL = os.environ.get("PORTAL_SECURITY_CACHE_URL", "db://").strip() or "db://"
CACHES = {
    SECURITY_CACHE_ALIAS: cache_from_url(
        SECURITY_CACHE_URL,
        table="portal_security_cache",
        max_entries=env_int("PORTAL_SECURITY_CACHE_MAX_ENTRIES", 1_000_000),
    ),
    PAGE_CACHE_ALIAS: cache_from_url(
        CACHE_URL, table="portal_cache", max_entries=env_int("CACHE_MAX_ENTRIES", 20000)
    ),
}
PORTAL_PAGE_CACHE_SECONDS = env_int("PORTAL_PAGE_CACHE_SECONDS", 60 * 60)

# Background work (emails, reminders, link checks) through Django's tasks framework, on the
# database backend of the django-tasks project (django-tasks-db): tasks are rows of the portal's
# PostgreSQL, run by `manage.py db_worker` processes on any host (each row is claimed with
# SELECT ... FOR UPDATE SKIP LOCKED, so no two workers run one task). On SQLite (local runs
# without PostgreSQL) tasks run at once, in the process that enqueues them.
_IS_SQLITE = DATABASES["default"]["ENGINE"].endswith("sqlite3")
TASKS = {
    "default": {
        "BACKEND": os.environ.get(
            "PORTAL_TASKS_BACKEND",
            "django.tasks.backends.immediate.ImmediateBackend"
            if _IS_SQLITE
            else "django_tasks_db.DatabaseBackend",
        ),
        # "links": the weekly link check's batches, for a worker of their own (README).
        "QUEUES": ["default", "links"],
    }
}
# A task that raises is tried again after PORTAL_TASK_RETRY_FIRST_SECONDS, doubling up to an
# hour, PORTAL_TASK_MAX_ATTEMPTS times in all (ui/background.py); every failed attempt is kept
# with its traceback in the admin's "Task results" for the policy team.
PORTAL_TASK_RETRY_FIRST_SECONDS = env_int("PORTAL_TASK_RETRY_FIRST_SECONDS", 60)
PORTAL_TASK_RETRY_MAX_SECONDS = env_int("PORTAL_TASK_RETRY_MAX_SECONDS", 60 * 60)
PORTAL_TASK_MAX_ATTEMPTS = env_int("PORTAL_TASK_MAX_ATTEMPTS", 8)
# A task still "running" this long after it started was on a worker that died (killed, host
# lost): `run_schedules` enqueues it again (charter_portal/schedules.py). Longer than any task.
PORTAL_TASK_STALE_MINUTES = env_int("PORTAL_TASK_STALE_MINUTES", 30)
# `manage.py tasks_health` fails when a task has waited this long for a worker.
PORTAL_TASK_MAX_WAIT_MINUTES = env_int("PORTAL_TASK_MAX_WAIT_MINUTES", 10)

# Scheduled tasks, enqueued by `manage.py run_schedules` (charter_portal/schedules.py): name ->
# the task's dotted path and how often it runs, in seconds. Each run is enqueued once, whatever
# the number of schedulers running.
PORTAL_SCHEDULES = {
    # The outbox: emails whose first attempt failed, retried with their back-off.
    "outbox": {"task": "councils.tasks.outgoing_emails_send_due_task", "every": 60},
    # Reminders, daily; each council once (councils/services/reminders.py).
    "progress-reminders": {
        "task": "councils.scheduled_tasks.progress_reminders_task",
        "every": 24 * 60 * 60,
    },
    "invitation-reminders": {
        "task": "councils.scheduled_tasks.invitation_reminders_task",
        "every": 24 * 60 * 60,
    },
    "reaffirmation-reminders": {
        "task": "councils.scheduled_tasks.reaffirmation_reminders_task",
        "every": 24 * 60 * 60,
    },
    # Minutes and evidence links, weekly (councils/services/links.py).
    "link-checks": {"task": "councils.scheduled_tasks.links_check_task", "every": 7 * 24 * 60 * 60},
    # The partnerships register: frozen reports daily, overdue review reminders weekly.
    "freeze-reports": {
        "task": "partnerships.scheduled_tasks.reports_freeze_task",
        "every": 24 * 60 * 60,
    },
    "partnership-review-reminders": {
        "task": "partnerships.scheduled_tasks.review_reminders_task",
        "every": 7 * 24 * 60 * 60,
    },
}
# Progress reminders go this many days before a quarter's time for reports ends (report_by);
# reminders to sign / to re-affirm this many days after the invitation / request was sent.
PORTAL_PROGRESS_REMINDER_DAYS = env_int("PORTAL_PROGRESS_REMINDER_DAYS", 21)
PORTAL_INVITATION_REMINDER_DAYS = env_int("PORTAL_INVITATION_REMINDER_DAYS", 14)
PORTAL_REAFFIRMATION_REMINDER_DAYS = env_int("PORTAL_REAFFIRMATION_REMINDER_DAYS", 14)
# Link checks: seconds to wait for a council's website, and between two requests.
PORTAL_LINK_CHECK_TIMEOUT = env_int("PORTAL_LINK_CHECK_TIMEOUT", 10)
PORTAL_LINK_CHECK_DELAY = env_int("PORTAL_LINK_CHECK_DELAY", 1)
PORTAL_LINK_CHECK_BATCH = env_int("PORTAL_LINK_CHECK_BATCH", 20)  # links per task
# Off: a link to a loopback, private or link-local address is never asked (on in tests only).
PORTAL_LINK_CHECK_ALLOW_PRIVATE = env_bool("PORTAL_LINK_CHECK_ALLOW_PRIVATE", default=False)

# Request bodies: refused with a 413 page above PORTAL_MAX_REQUEST_BYTES (its Content-Length,
# before a byte is read: charter_portal/middleware.py). The largest form is the progress upload
# (a 2 MB file, councils/forms/progress.py) with its other fields. Uploads up to the limit stay
# in memory, never in a temporary file. The fields other than files are limited further, by
# Django: 2.5 MB and 1,000 fields (a 400 page beyond).
PORTAL_MAX_REQUEST_BYTES = env_int("PORTAL_MAX_REQUEST_BYTES", 4 * 1024 * 1024)
FILE_UPLOAD_MAX_MEMORY_SIZE = PORTAL_MAX_REQUEST_BYTES
DATA_UPLOAD_MAX_MEMORY_SIZE = int(2.5 * 1024 * 1024)
DATA_UPLOAD_MAX_NUMBER_FIELDS = 1000
# The largest attachment the policy team may upload to the toolkit (below the request limit).
PORTAL_UPLOAD_MAX_BYTES = env_int("PORTAL_UPLOAD_MAX_BYTES", 3 * 1024 * 1024)

# Security. HTTPS settings follow DEBUG: on in production, off for local runs over HTTP.
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
# Signed out after 8 hours without using the portal, or when the browser closes; "Keep me
# signed in on this device" at sign-in makes it 4 days (more than ten times as long: WCAG 2.2.1),
# and a warning offers more time before the end (accounts/session_limits.py).
SESSION_COOKIE_AGE = env_int("SESSION_COOKIE_AGE", 60 * 60 * 8)
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
PORTAL_SESSION_REMEMBER_AGE = env_int("PORTAL_SESSION_REMEMBER_AGE", 60 * 60 * 24 * 4)
PORTAL_SESSION_WARNING_SECONDS = max(20, env_int("PORTAL_SESSION_WARNING_SECONDS", 2 * 60))
CSRF_COOKIE_HTTPONLY = True
SECURE_SSL_REDIRECT = env_bool("DJANGO_SECURE_SSL_REDIRECT", default=not DEBUG)
SESSION_COOKIE_SECURE = not DEBUG
CSRF_COOKIE_SECURE = not DEBUG
SECURE_HSTS_SECONDS = env_int("DJANGO_HSTS_SECONDS", 0 if DEBUG else 60 * 60 * 24 * 365)
SECURE_HSTS_INCLUDE_SUBDOMAINS = not DEBUG
SECURE_HSTS_PRELOAD = env_bool("DJANGO_HSTS_PRELOAD", default=not DEBUG)
SECURE_PROXY_SSL_HEADER = (
    ("HTTP_X_FORWARDED_PROTO", "https") if env_bool("DJANGO_BEHIND_PROXY") else None
)
# The client's address, which rate limits and the log-in lock-out key on. Behind a reverse proxy
# every request comes from the proxy: without these, one person's failed log-ins would lock
# everyone out. PORTAL_TRUSTED_PROXY_COUNT: how many proxies of ours add to X-Forwarded-For (the
# address that many from the right is the client's); 1 by default with DJANGO_BEHIND_PROXY.
# PORTAL_TRUSTED_CLIENT_IP_HEADER: a header our proxy sets to the client's address instead
# (e.g. X-Real-IP); it wins over the count. Never trust a header a client can set itself.
ALLAUTH_TRUSTED_PROXY_COUNT = env_int(
    "PORTAL_TRUSTED_PROXY_COUNT", 1 if env_bool("DJANGO_BEHIND_PROXY") else 0
)
ALLAUTH_TRUSTED_CLIENT_IP_HEADER = (
    os.environ.get("PORTAL_TRUSTED_CLIENT_IP_HEADER", "").strip() or None
)
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF, CSP.NONCE],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:"],
    "font-src": [CSP.SELF],
    "connect-src": [CSP.SELF],
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
    "base-uri": [CSP.SELF],
    "object-src": [CSP.NONE],
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("DJANGO_LOG_LEVEL", "INFO")},
}

# The charter and register loaded by `manage.py bootstrap`.
COUNCIL_REGISTER_CSV = BASE_DIR / "councils" / "data" / "oxfordshire_councils.csv"

# --- Open data: the API, its licence, the bulk download ---
# The read-only API under /api/v1/ (api/): JSON only, no sessions or cookies (so no CSRF and no
# personal view of the data), a page of 100 records by default, throttled per client address.
REST_FRAMEWORK = {
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": [],
    "DEFAULT_AUTHENTICATION_CLASSES": [],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.AllowAny"],
    "UNAUTHENTICATED_USER": None,
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DEFAULT_PAGINATION_CLASS": "api.pagination.PortalPagination",
    "PAGE_SIZE": 100,
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_THROTTLE_CLASSES": ["rest_framework.throttling.AnonRateThrottle"],
    "DEFAULT_THROTTLE_RATES": {"anon": os.environ.get("PORTAL_API_THROTTLE", "600/minute")},
    "NUM_PROXIES": 1 if env_bool("DJANGO_BEHIND_PROXY") else None,
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Oxfordshire Councils Charter open data API",
    "DESCRIPTION": (
        "Read-only open data of the Oxfordshire Councils Charter portal: councils and their "
        "signatory status, signatures, progress reports, the action plan and the charter's "
        "versions. Open Government Licence v3.0."
    ),
    "VERSION": "1",
    "LICENSE": {
        "name": "Open Government Licence v3.0",
        "url": "https://www.nationalarchives.gov.uk/doc/open-government-licence/version/3/",
    },
    "SERVE_INCLUDE_SCHEMA": False,
    "SCHEMA_PATH_PREFIX": "/api/v1",
    "COMPONENT_SPLIT_REQUEST": True,
    "ENUM_NAME_OVERRIDES": {
        "CouncilStatusEnum": "councils.models.Council.Status",
        "CouncilKindEnum": "councils.models.Council.Kind",
        "ProgressStatusEnum": "councils.models.ProgressReport.Status",
        "ActionStatusEnum": "actions.models.Status",
        "CharterVersionStatusEnum": "commitments.models.CharterVersion.Status",
    },
}
# Any origin may read the API (GET, HEAD, OPTIONS); nothing else is open across origins.
CORS_URLS_REGEX = r"^/api/.*$"
CORS_ALLOW_ALL_ORIGINS = True
CORS_ALLOW_METHODS = ["GET", "HEAD", "OPTIONS"]
CORS_ALLOW_CREDENTIALS = False
CORS_EXPOSE_HEADERS = ["ETag", "Last-Modified", "Link"]
# Where the bulk download's ZIP is kept until the next write (one file per host).
PORTAL_BULK_DIR = Path(os.environ.get("PORTAL_BULK_DIR", BASE_DIR / "var" / "bulk"))
