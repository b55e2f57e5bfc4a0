"""Settings for every environment: apps, database from DATABASE_URL, Jinja2 with GOV.UK Frontend."""

import os
from pathlib import Path

import dj_database_url

BASE_DIR = Path(__file__).resolve().parent.parent.parent
VAR_DIR = Path(os.environ.get("ONESTOP_VAR_DIR", BASE_DIR / "var"))
NODE_MODULES = BASE_DIR / "node_modules"
# Each scheme's policy file lives at POLICIES_DIR/<scheme>/policy.yaml; edits are picked up
# without a restart, and a policy that fails to load leaves the last good one in use.
POLICIES_DIR = Path(os.environ.get("POLICIES_DIR", BASE_DIR / "policies"))

SECRET_KEY = os.environ.get("SECRET_KEY", "dev-only-not-secret-change-me-in-production")
DEBUG = os.environ.get("DEBUG", "") == "1"
ALLOWED_HOSTS = os.environ.get("ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]").split(",")

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.admin",
    "django_tasks",
    "django_tasks_db",
    "ninja",  # the API's Swagger UI from ninja's own static files, not a CDN
    "onestop.core",
    "onestop.councils",
    "onestop.notifications",
    "onestop.people",
    "onestop.policy",
    "onestop.intake",
    "onestop.budgets",
    "onestop.fulfilment",
    "onestop.casework",
    "onestop.directory",
    "onestop.insight",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    # The language a person chose with the English / Cymraeg switch (a cookie), else English.
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    # After CSRF, so the too-many-requests page can offer to send a refused form again.
    "onestop.core.rate_limits.PublicRateLimitMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "onestop.core.middleware.NoStoreForStaffMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"
AUTH_USER_MODEL = "councils.User"
LOGIN_URL = "councils:sign_in"
LOGIN_REDIRECT_URL = "councils:home"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.jinja2.Jinja2",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {"environment": "config.jinja2.environment"},
    },
    {
        # Django's own admin still renders with Django templates.
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ]
        },
    },
]

VAR_DIR.mkdir(parents=True, exist_ok=True)
# Uploaded case documents: outside the web root; only a checked, audited view reads them.
PRIVATE_FILES_DIR = Path(os.environ.get("PRIVATE_FILES_DIR", VAR_DIR / "private-files"))
MAX_DOCUMENT_BYTES = 10 * 1024 * 1024
DATABASE_URL = os.environ.get("DATABASE_URL", "")
if DATABASE_URL:
    DATABASES = {"default": dj_database_url.parse(DATABASE_URL, conn_max_age=60)}
else:
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": os.environ.get("SQLITE_PATH", str(VAR_DIR / "onestop.sqlite3")),
            "OPTIONS": {
                # IMMEDIATE takes the write lock when a transaction starts, so concurrent
                # writers queue instead of failing half way; WAL lets readers carry on.
                "transaction_mode": "IMMEDIATE",
                "timeout": 20,
                "init_command": (
                    "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;"
                ),
            },
        }
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Tasks are grouped by purpose on named queues, so a backlog of one never delays another.
TASK_QUEUES = ["default", "notifications", "fulfilment", "matching"]
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": TASK_QUEUES}}

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
]

LANGUAGE_CODE = "en-gb"
LANGUAGES = [("en", "English"), ("cy", "Cymraeg")]
TIME_ZONE = "Europe/London"
USE_I18N = True
# Our own translations (Welsh letters); compiled to .mo by `make install`.
LOCALE_PATHS = [BASE_DIR / "locale"]
USE_TZ = True

STATIC_URL = "/assets/"
STATIC_ROOT = VAR_DIR / "staticfiles"
STATIC_ROOT.mkdir(parents=True, exist_ok=True)
# GOV.UK Frontend's compiled CSS asks for /assets/fonts and /assets/images, so its assets
# folder is served at the root of STATIC_URL; the CSS and JS sit under govuk/ and moj/.
STATICFILES_DIRS = [
    NODE_MODULES / "govuk-frontend/dist/govuk/assets",
    NODE_MODULES / "@ministryofjustice/frontend/moj/assets",
    ("govuk", NODE_MODULES / "govuk-frontend/dist/govuk"),
    ("moj", NODE_MODULES / "@ministryofjustice/frontend/moj"),
]
WHITENOISE_USE_FINDERS = True

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_AGE = 8 * 60 * 60
CSRF_COOKIE_HTTPONLY = True
# Counts failed look-ups on the public review pages. Each process has its own memory; with
# several web processes or servers, set a shared cache here so the limits hold across them.
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
# Rate limits, counted in the cache above (so per process until a shared cache is set).
# The partner API: each organisation's requests that create things ("submit") and that read.
API_RATE_LIMITS = {
    "submit": os.environ.get("API_RATE_LIMIT_SUBMIT", "60/min"),
    "read": os.environ.get("API_RATE_LIMIT_READ", "300/min"),
}
# The public pages (/councils/..., /partners/...): each client's requests; "" for no limit.
PUBLIC_RATE_LIMIT = os.environ.get("PUBLIC_RATE_LIMIT", "120/min")
PUBLIC_RATE_LIMIT_PAGE = "onestop.intake.public.too_many_requests.too_many_requests_page"
# Addresses never limited, such as the council's own kiosks: "10.20.0.0/16,192.0.2.7".
PUBLIC_RATE_LIMIT_EXEMPT = [
    n.strip() for n in os.environ.get("PUBLIC_RATE_LIMIT_EXEMPT", "").split(",") if n.strip()
]
# How many proxies (load balancers) in front of onestop add to X-Forwarded-For; 0 when people
# reach it directly. Only then is X-Forwarded-For believed, and only the trusted proxy's entry.
TRUSTED_PROXY_COUNT = int(os.environ.get("TRUSTED_PROXY_COUNT", "0"))
# A kiosk forgets everything typed after this long with no request, for the next person.
KIOSK_INACTIVITY_SECONDS = int(os.environ.get("KIOSK_INACTIVITY_SECONDS", "120"))

# Fulfilment. A worker's claim on an award lasts this long; a worker that dies holding one
# leaves it to be claimed again after it (onestop/fulfilment/services/outbox.py).
FULFILMENT_LEASE_SECONDS = float(os.environ.get("FULFILMENT_LEASE_SECONDS", "120"))
# A real provider's client replaces the local backend for an award type here, for example
# {"cash_out": "yourcouncil.paypoint.PayPointClient"} (docs/fulfilment.md).
FULFILMENT_PROVIDERS: dict[str, str] = {}
# How long a cash-out code can be used, and how long a new prepaid card waits to be collected
# (and where), before reconciliation returns the money to the budget.
CASH_OUT_VALID_DAYS = int(os.environ.get("CASH_OUT_VALID_DAYS", "14"))
PREPAID_CARD_COLLECT_DAYS = int(os.environ.get("PREPAID_CARD_COLLECT_DAYS", "14"))
PREPAID_CARD_COLLECT_FROM = os.environ.get("PREPAID_CARD_COLLECT_FROM", "")
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"

# GOV.UK Notify: when NOTIFY_API_KEY is set, messages and letters go through Notify; otherwise
# they are kept in the local outbox, visible to staff. See docs/notifications.md.
NOTIFY_API_KEY = os.environ.get("NOTIFY_API_KEY", "")
NOTIFY_BASE_URL = os.environ.get("NOTIFY_BASE_URL", "https://api.notifications.service.gov.uk")
# The one Notify template per channel that carries our wording: "sms=<uuid>,email=<uuid>".
# The SMS template's content is ((body)); the email template's subject is ((subject)), its
# content ((body)). Letters are sent as PDFs (precompiled), so need no template.
NOTIFY_TEMPLATE_IDS = dict(
    pair.strip().split("=", 1)
    for pair in os.environ.get("NOTIFY_TEMPLATE_IDS", "").split(",")
    if "=" in pair
)
# Postage for letters sent through Notify: "first", "second" or "economy".
NOTIFY_LETTER_POSTAGE = os.environ.get("NOTIFY_LETTER_POSTAGE", "second")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    "loggers": {"django.db.backends": {"level": "WARNING"}},
}
