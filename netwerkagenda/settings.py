"""Settings for the Netwerkagenda portal, read from environment variables.

Defaults give a working local site on SQLite; every value that production needs
is named in the README. A malformed value stops the start with a clear error.
"""

from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP
from django.utils.translation import gettext_lazy as _
from js_asset import Script

from netwerkagenda.environment import env_bool, env_int, env_list, env_str
from netwerkagenda.release import fingerprint

BASE_DIR = Path(__file__).resolve().parent.parent


# Fail closed: a server that forgets a variable runs as production, never in debug mode.
# `make run` and `make test` switch development on explicitly (DEBUG=true).
DEBUG = env_bool("DEBUG", False)
SECRET_KEY = env_str("SECRET_KEY")
MIN_SECRET_KEY_LENGTH = 50
if not DEBUG and len(SECRET_KEY) < MIN_SECRET_KEY_LENGTH:
    raise ImproperlyConfigured(
        "SECRET_KEY is required when DEBUG is off: set it to a long random string "
        f"(at least {MIN_SECRET_KEY_LENGTH} characters)."
    )
SECRET_KEY = SECRET_KEY or "insecure-development-key-only-for-debug"

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost" if DEBUG else "")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")
PUBLIC_FINAL_AGENDA = env_bool("PUBLIC_FINAL_AGENDA", False)
# The portal's address, for links in emails (sent outside any request).
SITE_URL = env_str("SITE_URL", "http://127.0.0.1:8000").rstrip("/")

INSTALLED_APPS = [
    "daphne",  # runserver serves the ASGI application (WebSockets for co-editing)
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "guardian",
    "simple_history",
    "django_prose_editor",
    "django_tasks_db",
    "channels",
    "axes",
    "infra",
    "partners",
    "teams",
    "agenda",
    "portal",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "infra.input.ControlCharactersMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "infra.middleware.LockErrorMiddleware",
    "infra.middleware.NoStoreForSignedInMiddleware",
    "infra.middleware.RenewSessionMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "netwerkagenda.urls"
WSGI_APPLICATION = "netwerkagenda.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.csp",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

# Persistent connections by default, checked before each request reuses one, so that a
# restarted database server costs no failed requests.
DATABASES = {
    "default": dj_database_url.parse(
        env_str("DATABASE_URL") or f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=env_int("DATABASE_CONN_MAX_AGE", 60),
        conn_health_checks=True,
    )
}
# SQLite ignores select_for_update. So every transaction takes the write lock when it
# begins (IMMEDIATE) and a second writer waits up to `timeout` seconds for it instead of
# failing with "database is locked"; in WAL mode pages can be read meanwhile.
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "partners.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
    "guardian.backends.ObjectPermissionBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
]
# Login throttling (django-axes, rules in partners/throttling.py): a user name (in any
# case) from one client address is locked out after LOGIN_FAILURES_PER_ACCOUNT failures,
# and a client address after LOGIN_FAILURES_PER_ADDRESS failures over all user names,
# for AXES_COOLOFF_MINUTES. Behind the TLS proxy the client address is read from the
# X-Forwarded-For entries that the TRUSTED_PROXIES nearest proxies added.
LOGIN_FAILURES_PER_ACCOUNT = env_int("AXES_FAILURE_LIMIT", 5)
LOGIN_FAILURES_PER_ADDRESS = env_int("AXES_ADDRESS_FAILURE_LIMIT", 20)
TRUSTED_PROXIES = env_int("TRUSTED_PROXIES", 1 if env_bool("BEHIND_TLS_PROXY", False) else 0)
AXES_FAILURE_LIMIT = "infra.throttling.failure_limit"
AXES_CLIENT_IP_CALLABLE = "infra.throttling.client_ip"
AXES_USERNAME_CALLABLE = "infra.throttling.username"
AXES_COOLOFF_TIME = env_int("AXES_COOLOFF_MINUTES", 15) / 60
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"], "ip_address"]
AXES_RESET_ON_SUCCESS = False  # infra.throttling.forget_own_failures does it per account
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
# A personal answer link (agenda/governance/invitations.py) works ANSWER_LINK_DAYS days; an
# address that opened ANSWER_LINK_FAILURES dead links is refused all for AXES_COOLOFF_MINUTES.
ANSWER_LINK_DAYS = env_int("ANSWER_LINK_DAYS", 14)
ANSWER_LINK_FAILURES = env_int("ANSWER_LINK_FAILURES", 10)

LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

# Guardian's anonymous user is a database row; the portal never grants it anything.
ANONYMOUS_USER_NAME = None
GUARDIAN_RAISE_403 = False

LANGUAGE_CODE = "nl"
LANGUAGES = [("nl", _("Dutch")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/Amsterdam"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "media/"
MEDIA_ROOT = Path(env_str("MEDIA_ROOT", str(BASE_DIR / "media")))
# Stored files (agenda and chapter PDFs, documents): on disk in MEDIA_ROOT by default,
# or with STORAGE_BACKEND=s3 in an S3-compatible bucket (a cloud bucket or a self-hosted
# S3 server), so that several web and worker machines share them. The bucket stays
# private: the portal streams each download after its permission check.
STORAGE_BACKEND = env_str("STORAGE_BACKEND", "local")
if STORAGE_BACKEND not in {"local", "s3"}:
    raise ImproperlyConfigured("STORAGE_BACKEND must be 'local' or 's3'")
_DEFAULT_STORAGE = {"BACKEND": "django.core.files.storage.FileSystemStorage"}
if STORAGE_BACKEND == "s3":
    _DEFAULT_STORAGE = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": env_str("S3_BUCKET"),
            "endpoint_url": env_str("S3_ENDPOINT_URL") or None,
            "region_name": env_str("S3_REGION") or None,
            "access_key": env_str("S3_ACCESS_KEY_ID"),
            "secret_key": env_str("S3_SECRET_ACCESS_KEY"),
            "default_acl": None,  # the bucket's own (private) policy
            "file_overwrite": False,
            "querystring_auth": True,  # a URL of a file, if one is ever made, expires
            "querystring_expire": 300,
        },
    }
    if not _DEFAULT_STORAGE["OPTIONS"]["bucket_name"]:
        raise ImproperlyConfigured("STORAGE_BACKEND=s3 needs S3_BUCKET")
STORAGES = {
    "default": _DEFAULT_STORAGE,
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}

# Console email while developing; SMTP (the EMAIL_* variables) when DEBUG is off.
_EMAIL_BACKEND = env_str("EMAIL_BACKEND", "console" if DEBUG else "smtp")
MAILERS = {
    "default": {"BACKEND": "django.core.mail.backends.console.EmailBackend"}
    if _EMAIL_BACKEND == "console"
    else {
        "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
        "OPTIONS": {
            "host": env_str("EMAIL_HOST", "localhost"),
            "port": env_int("EMAIL_PORT", 25),
            "username": env_str("EMAIL_HOST_USER"),
            "password": env_str("EMAIL_HOST_PASSWORD"),
            "use_tls": env_bool("EMAIL_USE_TLS", False),
            "timeout": env_int("EMAIL_TIMEOUT", 30),
        },
    }
}
if _EMAIL_BACKEND not in {"console", "smtp"}:
    raise ImproperlyConfigured(f"EMAIL_BACKEND must be console or smtp, not {_EMAIL_BACKEND!r}")
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "Netwerkagenda <noreply@netwerkagenda.test>")

# Immediate while developing; in production workers (manage.py db_worker, one per queue)
# do long work, so that rendering a PDF or a slow mail server never holds up a request,
# and mail never waits behind PDFs.
TASK_QUEUES = ["mail", "pdf"]
TASKS = {
    "default": {
        "BACKEND": env_str(
            "TASKS_BACKEND",
            "django.tasks.backends.immediate.ImmediateBackend"
            if DEBUG
            else "django_tasks_db.DatabaseBackend",
        ),
        "QUEUES": TASK_QUEUES,
    }
}
# A PDF rendering is stopped after PDF_RENDER_TIMEOUT seconds and recorded as failed; a
# PDF still waiting after PDF_STALE_MINUTES (its worker died, or none runs) is enqueued
# again and the page says that it waits for the background worker.
# ``manage.py send_reminders`` e-mails whoever still has to act this many days before a
# milestone's date (each threshold once): "7,1" by default.
REMINDER_DAYS = sorted(
    {int(days) for days in env_str("REMINDER_DAYS", "7,1").split(",") if days.strip()}
)
# The largest upload to "Documenten en video's": a document, and a video.
DOCUMENT_MAX_MB = env_int("DOCUMENT_MAX_MB", 20)
VIDEO_MAX_MB = env_int("VIDEO_MAX_MB", 200)
# ``manage.py worker`` writes a heartbeat line this often (seconds).
WORKER_HEARTBEAT_SECONDS = env_int("WORKER_HEARTBEAT_SECONDS", 60)
PDF_RENDER_TIMEOUT = env_int("PDF_RENDER_TIMEOUT", 120)
PDF_RENDER_MEMORY_MB = env_int("PDF_RENDER_MEMORY_MB", 1536)  # a rendering's memory, at most
PDF_STALE_MINUTES = env_int("PDF_STALE_MINUTES", 10)
# Signing the ratified agenda: PKCS#12 file, passphrase, RFC 3161 server (README).
SIGNING_CERTIFICATE = env_str("SIGNING_CERTIFICATE")
SIGNING_PASSPHRASE = env_str("SIGNING_PASSPHRASE")
SIGNING_TSA_URL = env_str("SIGNING_TSA_URL")
PDF_CHECK_MAX_MB = env_int("PDF_CHECK_MAX_MB", 30)  # the largest PDF the check page reads

# The portal's editor preset (static/js/editor.js): Tiptap without its injected <style>.
DJANGO_PROSE_EDITOR_PRESETS = {
    "portal": [
        Script("django_prose_editor/editor.js", type="module"),
        Script("js/editor.js", type="module"),
    ]
}

SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF, CSP.NONCE],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:"],
    "font-src": [CSP.SELF],
    "connect-src": [CSP.SELF],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.SELF],
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
}

# A session ends after SESSION_IDLE_HOURS without a request. A request renews it when it
# was last renewed SESSION_RENEW_MINUTES ago (infra.middleware.RenewSessionMiddleware),
# not on every request: a write per request would contend with real work for the database.
SESSION_COOKIE_AGE = env_int("SESSION_IDLE_HOURS", 8) * 60 * 60
SESSION_RENEW_MINUTES = 5
SESSION_COOKIE_SECURE = env_bool("SESSION_COOKIE_SECURE", not DEBUG)
CSRF_COOKIE_SECURE = env_bool("CSRF_COOKIE_SECURE", not DEBUG)
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", not DEBUG)
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 0 if DEBUG else 31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = not DEBUG
SECURE_HSTS_PRELOAD = not DEBUG
SECURE_PROXY_SSL_HEADER = (
    ("HTTP_X_FORWARDED_PROTO", "https") if env_bool("BEHIND_TLS_PROXY", False) else None
)

SIMPLE_HISTORY_HISTORY_CHANGE_REASON_USE_TEXT_FIELD = True

_SERVER_LOGGERS = ["django.server", "django.channels.server"]
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    # A personal answer link's token (/antwoord/<token>/) is masked in every line, the
    # development servers' request lines included.
    "filters": {"secret_paths": {"()": "infra.logs.MaskSecretPaths", "prefixes": ["/antwoord/"]}},
    "handlers": {"console": {"class": "logging.StreamHandler", "filters": ["secret_paths"]}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
    # WeasyPrint reports every layout step at INFO; keep its warnings (refused URLs) only.
    "loggers": {"weasyprint": {"level": "WARNING"}, "axes": {"level": "WARNING"}}
    | {name: {"handlers": ["console"], "propagate": False} for name in _SERVER_LOGGERS},
}

# Largest request body Django reads into memory, in MB (files excluded). The edit form
# carries up to six rich-text aspects of up to 100,000 characters each; urlencoded
# (markup and accented letters take three to six bytes a character) that reaches about
# 4 MB. The limit stays above that, so the form itself answers a too-long text with a
# field error and keeps the text; only beyond it does the 400 page say what to shorten
# (partners/errors.py). DATA_UPLOAD_MAX_NUMBER_FIELDS keeps Django's 1,000: an action
# row has at most nine fields, so that is about a hundred rows, far more than a chapter has.
DATA_UPLOAD_MAX_MEMORY_SIZE = env_int("MAX_REQUEST_MB", 10) * 1024 * 1024
if DATA_UPLOAD_MAX_MEMORY_SIZE <= 0:
    raise ImproperlyConfigured("MAX_REQUEST_MB must be a whole number of megabytes, at least 1")


# Live co-editing (agenda/consumers.py): WebSockets through Django Channels on the ASGI
# application (netwerkagenda/asgi.py). Processes share Yjs updates through Redis when
# REDIS_URL is set; one process (make run) does with the in-memory layer.
ASGI_APPLICATION = "netwerkagenda.asgi.application"
COEDIT_ENABLED = env_bool("COEDIT_ENABLED", True)
# A history record is written on its own after this many minutes without an edit
# (manage.py save_idle_drafts, run every minute by a timer).
COEDIT_IDLE_MINUTES = env_int("COEDIT_IDLE_MINUTES", 10)
if COEDIT_IDLE_MINUTES < 1:
    raise ImproperlyConfigured("COEDIT_IDLE_MINUTES must be a whole number of minutes, at least 1")
REDIS_URL = env_str("REDIS_URL")
# Fail closed: in production the web and ASGI processes are several, and without Redis
# their editors would not hear each other (nor a submit end their sessions).
if COEDIT_ENABLED and not DEBUG and not REDIS_URL:
    raise ImproperlyConfigured(
        "Live co-editing needs REDIS_URL in production (or COEDIT_ENABLED=false)"
    )
CHANNEL_LAYERS = {
    "default": (
        {
            "BACKEND": "channels_redis.core.RedisChannelLayer",
            "CONFIG": {"hosts": [REDIS_URL], "prefix": env_str("CHANNEL_PREFIX", "netwerkagenda")},
        }
        if REDIS_URL
        else {"BACKEND": "channels.layers.InMemoryChannelLayer"}
    )
}

# What is computed from things that cannot change (a history record, an agenda version,
# a pair of them) is cached under their ids (infra/caching.py); nothing is invalidated.
# In Redis when CACHE_URL (else REDIS_URL) is set, shared by every process; else in each
# process's memory (make run, the tests). Keys begin with the release, so a deploy starts
# with an empty cache of its own.
RELEASE = env_str("RELEASE") or fingerprint(BASE_DIR)
CACHE_URL = env_str("CACHE_URL", REDIS_URL)
CACHES = {
    "default": (
        {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": CACHE_URL}
        if CACHE_URL
        else {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "OPTIONS": {"MAX_ENTRIES": 2000},
        }
    )
    | {"KEY_PREFIX": f"netwerkagenda-{RELEASE}", "TIMEOUT": env_int("CACHE_DAYS", 7) * 24 * 3600}
}
