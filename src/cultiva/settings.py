"""Django settings for Cultiva, read from environment variables.

Defaults give a working single-machine install on SQLite. Production sets
CULTIVA_DEBUG=false, CULTIVA_SECRET_KEY, CULTIVA_ALLOWED_HOSTS, DATABASE_URL and,
when several app processes run, REDIS_URL.
"""

import os
from pathlib import Path

import dj_database_url
from csp.constants import NONCE, NONE, SELF
from django.utils.translation import gettext_lazy as _

PACKAGE_DIR = Path(__file__).resolve().parent
BASE_DIR = Path(os.environ.get("CULTIVA_HOME", PACKAGE_DIR.parent.parent)).resolve()
VAR_DIR = Path(os.environ.get("CULTIVA_VAR_DIR", BASE_DIR / "var"))


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str) -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = env_bool("CULTIVA_DEBUG", False)
_INSECURE_DEV_KEY = "cultiva-insecure-development-key-only-for-local-use-0123456789"
# The secret key: CULTIVA_SECRET_KEY, else the key `manage.py make_secret_key` stored in
# var/secret_key (what `make run` does on its first run), else the repository's development
# key, which the deploy check and the ASGI/WSGI entry points refuse unless DEBUG is on.
SECRET_KEY_FILE = Path(os.environ.get("CULTIVA_SECRET_KEY_FILE", VAR_DIR / "secret_key"))


def read_secret_key() -> str:
    configured = os.environ.get("CULTIVA_SECRET_KEY", "").strip()
    if configured:
        return configured
    if SECRET_KEY_FILE.is_file():
        stored = SECRET_KEY_FILE.read_text(encoding="utf-8").strip()
        if stored:
            return stored
    return _INSECURE_DEV_KEY


SECRET_KEY = read_secret_key()
ALLOWED_HOSTS = env_list("CULTIVA_ALLOWED_HOSTS", "127.0.0.1,localhost,[::1]")
CSRF_TRUSTED_ORIGINS = env_list("CULTIVA_CSRF_TRUSTED_ORIGINS", "")
# The site's public address (https://kultura.example.ro): every link in an e-mail, certificate
# or calendar feed is built on it (cultiva.core.site). Required when CULTIVA_DEBUG is off.
SITE_URL = os.environ.get("CULTIVA_SITE_URL", "").strip()

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.forms",
    "channels",
    # django-ninja's own copy of the API docs' Swagger UI (no CDN, no inline script: CSP).
    "ninja",
    "allauth",
    "allauth.account",
    "axes",
    "django_tasks",
    "django_tasks_db",
    "cultiva.core",
    "cultiva.accounts",
    "cultiva.processes",
    "cultiva.meetings",
    "cultiva.ideas",
    "cultiva.synthesis",
    "cultiva.portfolio",
    "cultiva.funding",
    "cultiva.strategy",
    "cultiva.api",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # NUL characters never reach a view (PostgreSQL refuses them in text).
    "cultiva.core.nul_bytes.StripNulBytesMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "cultiva.core.availability.DatabaseUnavailableMiddleware",
    "cultiva.core.csp.CSPMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    # Axes must come last so it sees the outcome of authentication.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "cultiva.urls"
ASGI_APPLICATION = "cultiva.asgi.application"
WSGI_APPLICATION = "cultiva.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [PACKAGE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "cultiva.core.context_processors.navigation",
                "cultiva.ideas.engagement.notifications.unread_notifications",
            ],
        },
    },
]

# Widgets render through the project's template setting, so widget templates can be overridden.
FORMS_URLFIELD_ASSUME_HTTPS = True
FORM_RENDERER = "django.forms.renderers.TemplatesSetting"

# Databases: SQLite in WAL mode by default, anything dj-database-url knows by DATABASE_URL.
SQLITE_PATH = Path(os.environ.get("CULTIVA_SQLITE_PATH", VAR_DIR / "cultiva.sqlite3"))
if os.environ.get("DATABASE_URL"):
    DATABASES = {
        "default": dj_database_url.parse(
            os.environ["DATABASE_URL"],
            conn_max_age=int(os.environ.get("CULTIVA_DB_CONN_MAX_AGE", "0")),
            conn_health_checks=True,
        )
    }
    # Under ASGI every request runs in a thread of its own, and Django keeps a connection per
    # thread: kept-alive connections (CONN_MAX_AGE) piled up until PostgreSQL refused new
    # clients. A psycopg pool per process bounds them instead: each request borrows a
    # connection and gives it back when it ends; with every one busy, a request waits up to
    # CULTIVA_DB_POOL_TIMEOUT seconds and then gets the "try again" page (503).
    _pool_max = int(os.environ.get("CULTIVA_DB_POOL_MAX_SIZE", "10"))
    if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql" and _pool_max:
        DATABASES["default"]["CONN_MAX_AGE"] = 0  # pooled connections are never kept per thread
        DATABASES["default"].setdefault("OPTIONS", {})["pool"] = {
            "min_size": min(int(os.environ.get("CULTIVA_DB_POOL_MIN_SIZE", "1")), _pool_max),
            "max_size": _pool_max,
            "timeout": float(os.environ.get("CULTIVA_DB_POOL_TIMEOUT", "10")),
            # After an outage the pool retries after 1, 2, 4 … s; starting afresh every 30 s
            # keeps the wait after the database is back short (the default is 300 s).
            "reconnect_timeout": 30,
        }
else:
    SQLITE_PATH.parent.mkdir(parents=True, exist_ok=True)
    DATABASES = {
        "default": {
            # Django's SQLite backend with a small pool of warm connections per process.
            "ENGINE": "cultiva.core.db.sqlite3",
            "POOL_SIZE": int(os.environ.get("CULTIVA_SQLITE_POOL_SIZE", "8")),
            "NAME": SQLITE_PATH,
            "OPTIONS": {
                "transaction_mode": "IMMEDIATE",
                "timeout": 20,
                "init_command": (
                    "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;"
                ),
            },
        }
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

REDIS_URL = os.environ.get("REDIS_URL", "")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": "cultiva",
        }
    }
    # Sessions read from Redis, which every server process shares, and written through to
    # the database: one query less on each request of a signed-in person. (Not with the
    # per-process local-memory cache, where a logout in one process would not reach another.)
    SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    # Axes first: it refuses locked-out credentials before any other backend runs.
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
PASSWORD_HASHERS = [
    # Argon2id at OWASP's recommended cost (cultiva.accounts.hashers says why).
    "cultiva.accounts.hashers.WorkshopArgon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "core:dashboard"

# django-allauth: e-mail is the login; new addresses must be verified.
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
# People choose the name others see at sign-up (never their e-mail address).
ACCOUNT_SIGNUP_FORM_CLASS = "cultiva.accounts.forms.SignupForm"
ACCOUNT_ADAPTER = "cultiva.accounts.adapter.AccountAdapter"  # links on CULTIVA_SITE_URL
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_EMAIL_VERIFICATION = os.environ.get("CULTIVA_EMAIL_VERIFICATION", "mandatory")
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
ACCOUNT_EMAIL_SUBJECT_PREFIX = "[Cultiva] "
# A workshop's room logs in from one shared address: 50 people within a minute, some of them
# mistyping once, must all get in. So the per-address limits are wide, and the guard against
# guessing is per account: 10 failures per 5 minutes here, and axes' account+address lock.
ACCOUNT_RATE_LIMITS = {"login": "200/m/ip", "login_failed": "60/m/ip,10/5m/key"}

# django-axes: lock an account+address pair after repeated failures.
AXES_FAILURE_LIMIT = int(os.environ.get("CULTIVA_AXES_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = 1  # hours
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_USERNAME_FORM_FIELD = "login"
# allauth authenticates with `email=`, not the form's `login`: read what it really passes, so
# the lock is on the account and the address, not on everyone behind one address.
AXES_USERNAME_CALLABLE = "cultiva.accounts.lockout.login_attempt_username"
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "accounts/lockout.html"

# E-mail
EMAIL_BACKEND = os.environ.get(
    "CULTIVA_EMAIL_BACKEND",
    "django.core.mail.backends.smtp.EmailBackend"
    if os.environ.get("CULTIVA_EMAIL_HOST")
    else "django.core.mail.backends.console.EmailBackend",
)
EMAIL_HOST = os.environ.get("CULTIVA_EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("CULTIVA_EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("CULTIVA_EMAIL_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("CULTIVA_EMAIL_PASSWORD", "")
EMAIL_USE_TLS = env_bool("CULTIVA_EMAIL_TLS", False)
DEFAULT_FROM_EMAIL = os.environ.get("CULTIVA_FROM_EMAIL", "Cultiva <noreply@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# Languages: Hungarian is the demo default; Romanian and English are complete.
LANGUAGE_CODE = os.environ.get("CULTIVA_LANGUAGE", "hu")
LANGUAGES = [("hu", _("Hungarian")), ("ro", _("Romanian")), ("en", _("English"))]
CONTENT_LANGUAGES = [code for code, _name in LANGUAGES]
# The languages public content (poll statements, themes, contributions) should be read in:
# the territory's official languages; the translation queue lists what lacks one of them.
OFFICIAL_LANGUAGES = os.environ.get("CULTIVA_OFFICIAL_LANGUAGES", "hu,ro").split(",")
LOCALE_PATHS = [PACKAGE_DIR / "locale"]
USE_I18N = True
TIME_ZONE = os.environ.get("CULTIVA_TIME_ZONE", "Europe/Bucharest")
USE_TZ = True

STATIC_URL = "/static/"
STATICFILES_DIRS = [PACKAGE_DIR / "static"]
STATIC_ROOT = Path(os.environ.get("CULTIVA_STATIC_ROOT", VAR_DIR / "static"))
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(os.environ.get("CULTIVA_MEDIA_ROOT", VAR_DIR / "media"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if not DEBUG and not env_bool("CULTIVA_TESTING", False)
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}
WHITENOISE_USE_FINDERS = env_bool("CULTIVA_TESTING", False) or DEBUG

# Security: on in every environment; HTTPS-only parts switch on with CULTIVA_HTTPS.
HTTPS = env_bool("CULTIVA_HTTPS", False)
SESSION_COOKIE_SECURE = HTTPS
CSRF_COOKIE_SECURE = HTTPS
SECURE_SSL_REDIRECT = HTTPS
SECURE_HSTS_SECONDS = 31536000 if HTTPS else 0
SECURE_HSTS_INCLUDE_SUBDOMAINS = HTTPS
SECURE_HSTS_PRELOAD = HTTPS
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if HTTPS else None
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SESSION_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"

# Content-Security-Policy (django-csp) on every response: scripts, styles, images and fonts
# only from the site's own files (no inline script, no style="" attribute: pages use classes
# and data attributes, and static scripts bind their handlers); a script that must be inline
# carries the request's nonce (`<script nonce="{{ request.csp_nonce }}">`). connect-src 'self'
# covers fetch(); cultiva.core.csp adds the live wall's ws:/wss: origin of the request's host.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF, NONCE],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    },
}
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {
        "client_errors_without_traceback": {
            "()": "cultiva.core.logging.ClientErrorsWithoutTraceback"
        }
    },
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("CULTIVA_LOG_LEVEL", "INFO")},
    "loggers": {
        # A 403 is one line in the log, without a traceback (see cultiva.core.logging).
        "django.request": {"filters": ["client_errors_without_traceback"]},
        "django.security": {"filters": ["client_errors_without_traceback"]},
        "weasyprint": {"level": "ERROR"},
        "fontTools": {"level": "ERROR"},
        "axes": {"level": "WARNING"},
    },
}

API_PAGE_SIZE = 50

# Real time (the live wall): Redis fans messages out across app processes when REDIS_URL
# is set; otherwise an in-memory layer serves a single process.
if REDIS_URL:
    CHANNEL_LAYERS = {
        "default": {
            "BACKEND": "channels_redis.core.RedisChannelLayer",
            # redis-py 8 gives up reads after 5 s by default, shorter than channels-redis's
            # blocking receive, which would drop every idle WebSocket (channels_redis#422).
            "CONFIG": {
                "hosts": [{"address": REDIS_URL, "socket_timeout": None}],
                "prefix": "cultiva",
            },
        }
    }
else:
    CHANNEL_LAYERS = {"default": {"BACKEND": "channels.layers.InMemoryChannelLayer"}}

# Background tasks (e-mail, reminders) are stored in the database and run by
# `manage.py run_worker`; CULTIVA_TASKS_IMMEDIATE=true runs them in the request instead.
TASKS = {
    "default": {
        "BACKEND": "django_tasks.backends.immediate.ImmediateBackend"
        if env_bool("CULTIVA_TASKS_IMMEDIATE", False)
        else "django_tasks_db.DatabaseBackend",
        "QUEUES": ["default"],
    }
}

# Contribution embeddings (synthesis) are computed in a background task after every text write;
# the test settings turn this off so tests that do not need vectors do not compute them.
CULTIVA_EMBED_ON_SAVE = env_bool("CULTIVA_EMBED_ON_SAVE", True)

# Uploaded meeting materials: what is accepted and how large it may be.
MATERIAL_MAX_BYTES = int(os.environ.get("CULTIVA_MATERIAL_MAX_BYTES", str(20 * 1024 * 1024)))
