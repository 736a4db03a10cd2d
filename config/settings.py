"""Settings, read from the environment with safe defaults for a first run.

A first run needs nothing: SQLite under var/, a filesystem Celery broker, mail to files.
Production (DEBUG=0) refuses to start with the development secret or without ALLOWED_HOSTS.
"""

import base64
import hashlib
import os
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from config.schedules import BEAT_SCHEDULE

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(os.environ.get("VAR_DIR", BASE_DIR / "var"))
VAR_DIR.mkdir(parents=True, exist_ok=True)


def env_bool(name, default):
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in ("1", "true", "yes", "on")


def env_list(name, default=""):
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEVELOPMENT_SECRET_KEY = "dev-only-insecure-secret-key-do-not-use-in-production"
DEBUG = env_bool("DEBUG", True)
SECRET_KEY = os.environ.get("SECRET_KEY", DEVELOPMENT_SECRET_KEY)
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost,testserver" if DEBUG else "")

if not DEBUG:
    if SECRET_KEY == DEVELOPMENT_SECRET_KEY or len(SECRET_KEY) < 50:
        raise ImproperlyConfigured("Production needs a real SECRET_KEY (50+ random characters).")
    if not ALLOWED_HOSTS:
        raise ImproperlyConfigured("Production needs ALLOWED_HOSTS.")

# Resident ID numbers at rest (core.sealed): Fernet keys, comma-separated, the first one current (the others only
# decrypt, during a rotation), and a separate HMAC key for the look-up column. A first run derives both from
# SECRET_KEY; production must set them.
ID_NUMBER_KEYS = env_list("ID_NUMBER_KEYS")
ID_NUMBER_HMAC_KEY = os.environ.get("ID_NUMBER_HMAC_KEY", "")
if DEBUG and not ID_NUMBER_KEYS:
    ID_NUMBER_KEYS = [base64.urlsafe_b64encode(hashlib.sha256(f"id-number-key:{SECRET_KEY}".encode()).digest()).decode()]
if DEBUG and not ID_NUMBER_HMAC_KEY:
    ID_NUMBER_HMAC_KEY = hashlib.sha256(f"id-number-hmac:{SECRET_KEY}".encode()).hexdigest()
if not DEBUG and (not ID_NUMBER_KEYS or len(ID_NUMBER_HMAC_KEY) < 32):
    raise ImproperlyConfigured("Production needs ID_NUMBER_KEYS (Fernet keys) and ID_NUMBER_HMAC_KEY (32+ characters).")

# The client's address (core.http.client_address): how many reverse proxies in front of the application append to
# X-Forwarded-For. 0 (the default): the application is reached directly and REMOTE_ADDR is the client.
TRUSTED_PROXY_COUNT = int(os.environ.get("TRUSTED_PROXY_COUNT", "0"))

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "rules.apps.AutodiscoverRulesConfig",
    "django_fsm_log",
    "django_celery_beat",
    "crispy_forms",
    "crispy_bootstrap5",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "accounts",
    "competition",
    "tenure",
    "notifications",
    "audit",
    "ops",
    "reports",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "config.middleware.SecurityHeadersMiddleware",
    # A database that does not answer gives a 503 page (not a 500); first, so every other layer's headers apply.
    "config.middleware.DatabaseUnavailableMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "accounts.middleware.FirstPasswordMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "audit.middleware.AuditPermissionDeniedMiddleware",
    # Security (README): an idle session ends; who must log in with two factors sees nothing else until he has.
    "accounts.middleware.IdleTimeoutMiddleware",
    "accounts.middleware.TwoFactorRequiredMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Last, as its documentation asks: it reads the result of authentication.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "accounts.context_processors.roles",
                "notifications.context_processors.unread_notifications",
                "config.navigation.navigation",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL", f"sqlite:///{VAR_DIR / 'db.sqlite3'}"),
        conn_max_age=int(os.environ.get("DATABASE_CONN_MAX_AGE", "60")),
        # A connection kept from an earlier request is checked before it is reused: after PostgreSQL restarts,
        # every worker reconnects by itself instead of failing its next request.
        conn_health_checks=True,
    )
}
# Seconds the 503 page asks a client to wait when the database does not answer (Retry-After).
DATABASE_UNAVAILABLE_RETRY_AFTER = int(os.environ.get("DATABASE_UNAVAILABLE_RETRY_AFTER", "10"))
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # A first run on SQLite: wait for a lock instead of failing when the worker writes too.
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    # Every transaction takes SQLite's write lock when it begins (it has no row locks): the checks a transaction
    # makes before writing (the per-round cap, a transition's state) then hold against a second web worker or the
    # Celery worker, as PostgreSQL's row locks make them hold there.
    DATABASES["default"].setdefault("OPTIONS", {}).update(timeout=20, transaction_mode="IMMEDIATE")

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "accounts.User"

AUTHENTICATION_BACKENDS = [
    # Axes first: it refuses a locked-out address before a password is checked.
    "axes.backends.AxesStandaloneBackend",
    "rules.permissions.ObjectPermissionBackend",
    # Django's, with a cheaper read of the user of each request (accounts/backends.py).
    "accounts.backends.ModelBackend",
]

PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2SHA1PasswordHasher",
    "django.contrib.auth.hashers.ScryptPasswordHasher",
]

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "home"

# Login throttling: five failures lock the username from that address for a finite time.
AXES_FAILURE_LIMIT = int(os.environ.get("AXES_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = float(os.environ.get("AXES_COOLOFF_HOURS", "0.25"))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "accounts/locked_out.html"
# Password spraying: failed logins from one address across usernames, in a window of 15 minutes (accounts.forms).
LOGIN_FAILURES_PER_ADDRESS = int(os.environ.get("LOGIN_FAILURES_PER_ADDRESS", "30"))
LOGIN_ADDRESS_WINDOW = 15 * 60
# The same client address as the audit log and the rate limits (TRUSTED_PROXY_COUNT).
AXES_CLIENT_IP_CALLABLE = "core.http.client_ip"

# Two factors (TOTP, django-otp): no setting turns them off. The issuer names the account in the phone's app.
OTP_TOTP_ISSUER = os.environ.get("OTP_TOTP_ISSUER", "竞争上岗")
# An office (or administrator) session ends after this many minutes without a request; others after SESSION_COOKIE_AGE.
OFFICE_SESSION_IDLE_MINUTES = int(os.environ.get("OFFICE_SESSION_IDLE_MINUTES", "30"))
# Separated duties (三员分立): one account holds one of the three administrator roles, unless a small office allows more.
ALLOW_COMBINED_ADMIN_ROLES = env_bool("ALLOW_COMBINED_ADMIN_ROLES", False)
# The audit log is kept at least 180 days (Cybersecurity Law art. 21); purge_audit removes only older rows.
AUDIT_RETENTION_DAYS = int(os.environ.get("AUDIT_RETENTION_DAYS", "180"))

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", _("Simplified Chinese")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = VAR_DIR / "staticfiles"
STATIC_ROOT.mkdir(exist_ok=True)
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", VAR_DIR / "media"))
MEDIA_URL = "/media/"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

# Celery: a broker that needs no server on a first run; Redis in production and CI.
CELERY_BROKER_URL = os.environ.get("CELERY_BROKER_URL", "filesystem://")
if CELERY_BROKER_URL == "filesystem://":
    _broker_dir = VAR_DIR / "broker"
    for sub in ("out", "processed", "control"):
        (_broker_dir / sub).mkdir(parents=True, exist_ok=True)
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "data_folder_in": str(_broker_dir / "out"),
        "data_folder_out": str(_broker_dir / "out"),
        "processed_folder": str(_broker_dir / "processed"),
        # Kombu keeps its exchange table here (by default a "control" folder in the working directory).
        "control_folder": str(_broker_dir / "control"),
        "store_processed": False,
    }
CELERY_RESULT_BACKEND = None
CELERY_TASK_ALWAYS_EAGER = env_bool("CELERY_TASK_ALWAYS_EAGER", False)
CELERY_TASK_ACKS_LATE = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TIMEZONE = TIME_ZONE
CELERY_BEAT_SCHEDULER = "django_celery_beat.schedulers:DatabaseScheduler"
# The broker may go away: a request must not wait seconds for it. One quick attempt to queue a task; if it fails,
# the task is kept in the database (ops.QueuedTask) and queued again by a periodic job (config/celery.py).
CELERY_TASK_PUBLISH_RETRY_POLICY = {"max_retries": 1, "interval_start": 0, "interval_step": 0.2, "interval_max": 0.2}
CELERY_BROKER_CONNECTION_TIMEOUT = 2
# A worker waits for its broker to come back however long it takes, instead of exiting after 100 attempts.
CELERY_BROKER_CONNECTION_MAX_RETRIES = None
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
if CELERY_BROKER_URL.startswith("redis"):
    CELERY_BROKER_TRANSPORT_OPTIONS = {"socket_connect_timeout": 2}
REDIS_URL = os.environ.get("REDIS_URL", CELERY_BROKER_URL if CELERY_BROKER_URL.startswith("redis") else "")

CACHES = {
    "default": (
        {
            # A Redis error is a cache miss, never a failed request (core/cache.py); a dead Redis costs at most
            # these timeouts, and then nothing for a second.
            "BACKEND": "core.cache.TolerantRedisCache",
            "LOCATION": REDIS_URL,
            "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5},
        }
        if REDIS_URL
        # A first run without Redis: one process's memory (rate limits then count per process).
        else {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
    )
}

if REDIS_URL:
    # Sessions read from Redis first: one database query less on every logged-in request.
    SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"

EMAIL_BACKEND = os.environ.get(
    "EMAIL_BACKEND",
    "django.core.mail.backends.filebased.EmailBackend" if DEBUG else "django.core.mail.backends.smtp.EmailBackend",
)
EMAIL_FILE_PATH = VAR_DIR / "mail"
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
EMAIL_TIMEOUT = 10
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "jinggang@example.org")
# The site's address as its users reach it: the links in notification mails start with it.
SITE_URL = os.environ.get("SITE_URL", "http://localhost:8000")

# Notifications: external channels for reminders (the inbox is always written), and the SMS backend
# (a class with send_sms(phone, text); the default only logs).
NOTIFICATION_CHANNELS = env_list("NOTIFICATION_CHANNELS", "email,sms")
SMS_BACKEND = os.environ.get("SMS_BACKEND", "notifications.channels.LoggingSmsBackend")
# Reminders: lead times per rule in days (the office's RuleSetting rows override these), attempts per
# reminder for transient errors, and how long a claimed row may stay "sending" before it counts as interrupted.
REMINDER_LEAD_DAYS = {}
REMINDER_MAX_ATTEMPTS = int(os.environ.get("REMINDER_MAX_ATTEMPTS", "4"))
REMINDER_SEND_LEASE_SECONDS = int(os.environ.get("REMINDER_SEND_LEASE_SECONDS", "600"))
TENURE_MAX_AGE = int(os.environ.get("TENURE_MAX_AGE", "60"))
# An export whose worker has not reported progress for this long died with it: the scan marks it failed, and its
# requester can start it again (reports/tasks.py, exports_recover).
EXPORT_LEASE_SECONDS = int(os.environ.get("EXPORT_LEASE_SECONDS", "600"))
# manage.py backup writes here unless told otherwise (README: Production deployment).
BACKUP_DIR = Path(os.environ.get("BACKUP_DIR", VAR_DIR / "backups"))

SESSION_COOKIE_AGE = int(os.environ.get("SESSION_COOKIE_AGE", str(8 * 3600)))
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CONTENT_TYPE_NOSNIFF = True

if not DEBUG:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
    SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", str(365 * 24 * 3600)))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

# Tenure rules that are district policy, not per campaign (DOMAIN.md, Tenure). The flags read them.
TENURE_MAX_AGE = int(os.environ.get("TENURE_MAX_AGE", "60"))
# Optional per-sex maximum age, e.g. {"F": 55}; a sex not named uses TENURE_MAX_AGE.
TENURE_MAX_AGE_BY_SEX = {}
TENURE_MAX_YEARS_AT_LEVEL = int(os.environ.get("TENURE_MAX_YEARS_AT_LEVEL", "15"))
TENURE_MAX_CONSECUTIVE_TERMS = int(os.environ.get("TENURE_MAX_CONSECUTIVE_TERMS", "2"))
# The annual review of a year is due on this day of it (month, day); its reminder comes within the rule's lead time.
TENURE_ANNUAL_REVIEW_DUE = (12, 31)
# The exit record (退岗: talk, handover, personnel file, next arrangement) is due this many days after a term ends.
TENURE_EXIT_RECORD_DAYS = int(os.environ.get("TENURE_EXIT_RECORD_DAYS", "30"))

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    "loggers": {"axes": {"level": "WARNING"}},
}

# Every periodic job is declared in config/schedules.py; the database scheduler picks them up.
CELERY_BEAT_SCHEDULE = BEAT_SCHEDULE
