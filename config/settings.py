"""Monthwise settings, read from the environment.

With nothing set this is the embedded default: DEBUG on, SQLite, Celery tasks run
in-process, the offline AI provider and console e-mail. Setting DEBUG=false makes it
production, which refuses to start without SECRET_KEY. Any variable can also be given as
<NAME>_FILE, the path of a file holding the value (Docker/Kubernetes secrets).
"""

from datetime import timedelta
from pathlib import Path

import environ
from celery.schedules import crontab
from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.FileAwareEnv()

DEBUG = env.bool("DEBUG", default=True)

if DEBUG:
    SECRET_KEY = env.str("SECRET_KEY", default="dev-only-insecure-key-change-me-0123456789-abcdefghijklmnop")
else:
    SECRET_KEY = env.str("SECRET_KEY", default="")
    if len(SECRET_KEY) < 50:
        raise ImproperlyConfigured(
            "SECRET_KEY (or SECRET_KEY_FILE) must be set to at least 50 random characters when DEBUG=false."
        )

ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "[::1]"] if DEBUG else [])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])
SITE_URL = env.str("SITE_URL", default="http://127.0.0.1:8000")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "rest_framework",
    "rest_framework_simplejwt.token_blacklist",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "axes",
    "accounts",
    "planning",
    "insights",
    "coaching",
    "calendars",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "config.middleware.RejectNulCharactersMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # After authentication, before the first middleware that reads the user: 503, not 500.
    "config.availability.DatabaseUnavailableMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "accounts.middleware.UserTimezoneMiddleware",
    # Axes last: it turns a lockout raised during authentication into a 429 page.
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
                "django.template.context_processors.csp",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

# --- Database -------------------------------------------------------------------------
DATABASES = {"default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}")}
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    DATABASES["default"].setdefault("OPTIONS", {})
    if env.bool("DATABASE_POOL", default=True):
        # Django's native psycopg pool; with it on, CONN_MAX_AGE must stay 0.
        DATABASES["default"]["OPTIONS"]["pool"] = {
            "min_size": env.int("DATABASE_POOL_MIN", default=1),
            "max_size": env.int("DATABASE_POOL_MAX", default=10),
            # Seconds a request waits for a connection. With the database down every
            # request would wait this long before failing; 2 s lets it answer 503 promptly.
            "timeout": env.float("DATABASE_POOL_TIMEOUT", default=2.0),
        }
        DATABASES["default"]["CONN_MAX_AGE"] = 0
    # libpq gives up connecting after this many seconds (an unreachable host, not a refusal).
    DATABASES["default"]["OPTIONS"].setdefault("connect_timeout", env.int("DATABASE_CONNECT_TIMEOUT", default=2))
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Cache, Celery ----------------------------------------------------------------------
REDIS_URL = env.str("REDIS_URL", default="")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            # A cache that is away must fail fast: callers (throttles, the insights
            # debounce) carry on without it rather than hold the request.
            "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

CELERY_BROKER_URL = env.str("CELERY_BROKER_URL", default=REDIS_URL or "memory://")
CELERY_RESULT_BACKEND = None
# Without a broker the tasks run in-process (the embedded default).
CELERY_TASK_ALWAYS_EAGER = env.bool("CELERY_TASK_ALWAYS_EAGER", default=not REDIS_URL)
CELERY_TASK_EAGER_PROPAGATES = False
CELERY_TASK_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TIMEZONE = "UTC"
CELERY_TASK_TIME_LIMIT = 300
CELERY_TASK_SOFT_TIME_LIMIT = 240
# A late-acked task whose worker died (SIGKILL, OOM, a lost machine) goes back to the
# queue: at once when a pool child dies (generate_plan rejects on worker lost), else when
# Redis's visibility timeout expires. That timeout sits just above the hard time limit, so a
# lost generation returns in minutes rather than the default hour; every countdown (retries,
# the insights debounce) must stay below it, or Redis hands the waiting task out twice.
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "visibility_timeout": env.int("BROKER_VISIBILITY_TIMEOUT", default=CELERY_TASK_TIME_LIMIT + 60),
    # An unreachable broker fails an enqueue in about a second instead of hanging the request.
    "socket_connect_timeout": 2,
    "socket_timeout": 5,
}
CELERY_BROKER_CONNECTION_TIMEOUT = 2
CELERY_TASK_PUBLISH_RETRY_POLICY = {"max_retries": 2, "interval_start": 0, "interval_step": 0.2, "interval_max": 0.5}
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_DEFAULT_QUEUE = env.str("CELERY_TASK_DEFAULT_QUEUE", default="monthwise")
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
# Celery beat's own schedule (django-celery-beat does not support Django 6.1).
CELERY_BEAT_SCHEDULE: dict = {
    "insights-nightly": {
        "task": "insights.tasks.recompute_all_insights",
        "schedule": crontab(hour=3, minute=15),
    },
    # Plan requests whose worker vanished or whose queued message was lost: tried once
    # more, or failed with the quota returned.
    "planning-stuck-requests": {
        "task": "planning.tasks.recover_stuck_plan_requests",
        "schedule": 60.0,
    },
    "coaching-cache-purge": {
        "task": "coaching.tasks.purge_expired_coaching_cache",
        "schedule": crontab(hour=4, minute=0),
    },
    # Calendar connections that asked for it, not paused, not synced in the last half hour.
    "calendars-auto-sync": {
        "task": "calendars.tasks.sync_due_calendars",
        "schedule": crontab(minute="*/30"),
    },
}

# --- Auth ---------------------------------------------------------------------------
AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2SHA1PasswordHasher",
    "django.contrib.auth.hashers.ScryptPasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "home"

# Login lockout (django-axes): 5 failures for one e-mail from one address lock that pair
# out for 15 minutes, for the HTML form and the token endpoint alike.
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = timedelta(minutes=env.int("AXES_COOLOFF_MINUTES", default=15))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_USERNAME_CALLABLE = "accounts.lockout.username_from_attempt"
AXES_RESET_ON_SUCCESS = True
AXES_DISABLE_ACCESS_LOG = True
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_HTTP_RESPONSE_CODE = 429
AXES_IPWARE_PROXY_COUNT = env.int("PROXY_COUNT", default=0)

# --- API --------------------------------------------------------------------------------
# The largest request body read, in bytes (pages and API): 1 MiB, far above the longest
# legitimate input (5 000 characters of goals). The API answers a bigger one with a JSON 413.
DATA_UPLOAD_MAX_MEMORY_SIZE = 1_048_576
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        # simplejwt's, refusing tokens issued before a password change or "log out everywhere".
        "accounts.tokens.GenerationJWTAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    # DRF's JSON parser with nesting-depth and NUL/surrogate limits (issue 11).
    "DEFAULT_PARSER_CLASSES": ["config.api.parsers.LimitedJSONParser"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "config.api.errors.json_exception_handler",
    "DEFAULT_PAGINATION_CLASS": "config.api.pagination.Pagination",
    "DEFAULT_THROTTLE_CLASSES": [
        # Fail open: with Redis away the API answers unthrottled instead of 500.
        "config.throttling.FailOpenAnonRateThrottle",
        "config.throttling.FailOpenUserRateThrottle",
    ],
    "DEFAULT_THROTTLE_RATES": {
        "anon": env.str("THROTTLE_ANON", default="60/min"),
        "user": env.str("THROTTLE_USER", default="600/min"),
        "auth": env.str("THROTTLE_AUTH", default="20/min"),
    },
    "UNAUTHENTICATED_USER": "django.contrib.auth.models.AnonymousUser",
    # The throttles' client address: the one our own proxies saw, as for the login lockout.
    # Unset, DRF would key on the whole X-Forwarded-For, which the client writes.
    "NUM_PROXIES": AXES_IPWARE_PROXY_COUNT,
}
SIMPLE_JWT = {
    "ACCESS_TOKEN_LIFETIME": timedelta(minutes=env.int("JWT_ACCESS_MINUTES", default=15)),
    "REFRESH_TOKEN_LIFETIME": timedelta(days=env.int("JWT_REFRESH_DAYS", default=14)),
    "ROTATE_REFRESH_TOKENS": True,
    "BLACKLIST_AFTER_ROTATION": True,
    "UPDATE_LAST_LOGIN": True,
    "USER_ID_FIELD": "id",
    "SIGNING_KEY": env.str("JWT_SIGNING_KEY", default=SECRET_KEY),
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Monthwise API",
    "DESCRIPTION": "Plans, tasks, insights and coaching. Authenticate with `Authorization: Bearer <access JWT>`.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    "SCHEMA_PATH_PREFIX": "/api",
    # One name for the weekday codes, used by a commitment's `day` and `days` alike.
    "ENUM_NAME_OVERRIDES": {"WeekdayEnum": "planning.scheduler.types.WEEKDAYS"},
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "config.openapi.add_error_responses",
    ],
}

# --- AI -----------------------------------------------------------------------------
OPENAI_API_KEY = env.str("OPENAI_API_KEY", default="")
AI_PROVIDER = {
    # A key alone selects the OpenAI-compatible provider; AI_PROVIDER=offline forces offline.
    "name": env.str("AI_PROVIDER", default="openai" if OPENAI_API_KEY else "offline"),
    "api_key": OPENAI_API_KEY,
    "base_url": env.str("OPENAI_BASE_URL", default="") or None,
    "model": env.str("OPENAI_MODEL", default="gpt-4o-mini"),
    "timeout": env.float("OPENAI_TIMEOUT", default=20.0),
    "max_retries": env.int("OPENAI_MAX_RETRIES", default=2),
}

# --- Product limits ---------------------------------------------------------------------
MONTHLY_GENERATION_ALLOWANCE = env.int("MONTHLY_GENERATION_ALLOWANCE", default=5)
COACHING_ALLOWANCE = env.int("COACHING_ALLOWANCE", default=30)
COACHING_PERIOD_DAYS = env.int("COACHING_PERIOD_DAYS", default=30)
COACHING_CACHE_DAYS = env.int("COACHING_CACHE_DAYS", default=7)
# A burst of activity logs waits this long and then recomputes the person's insights once.
INSIGHTS_RECOMPUTE_DELAY_SECONDS = env.int("INSIGHTS_RECOMPUTE_DELAY_SECONDS", default=30)
# Calendar addresses on these hosts (names, IP addresses or networks) may be private: a
# Nextcloud on the LAN. Every other private, loopback or link-local address is refused (SSRF).
CALENDAR_ALLOWED_PRIVATE_HOSTS = env.list("CALENDAR_ALLOWED_PRIVATE_HOSTS", default=[])
# A burst of session changes (a plan accepted, several moves) waits this long, then one sync
# writes them to the person's CalDAV calendars.
CALENDAR_SESSIONS_SYNC_DELAY_SECONDS = env.int("CALENDAR_SESSIONS_SYNC_DELAY_SECONDS", default=20)

# --- Calendars --------------------------------------------------------------------------
# Fernet keys that encrypt calendar passwords at rest, comma-separated: the first encrypts,
# every one decrypts (rotate with `manage.py calendar_credentials_rotate`). Unset, a
# development server derives one from SECRET_KEY and a production server refuses to keep
# calendar passwords (links without one still work); see calendars.credentials.
CALENDAR_CREDENTIALS_KEY = env.list("CALENDAR_CREDENTIALS_KEY", default=[])

# --- I18N, static, mail -----------------------------------------------------------------
LANGUAGE_CODE = "en-us"
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}

# E-mail (Django 6.1 MAILERS). EMAIL_URL like smtp+tls://user:pass@host:587 selects SMTP;
# without it: the console in development, SMTP on localhost:25 in production.
_email = env.email_url("EMAIL_URL", default="smtp://localhost:25" if not DEBUG else "consolemail://")
_email_backend = env.str("EMAIL_BACKEND", default=_email["EMAIL_BACKEND"])
_email_options = {
    "host": _email.get("EMAIL_HOST") or "localhost",
    "port": _email.get("EMAIL_PORT") or 25,
    "username": _email.get("EMAIL_HOST_USER") or "",
    "password": _email.get("EMAIL_HOST_PASSWORD") or "",
    "use_tls": bool(_email.get("EMAIL_USE_TLS")),
    "use_ssl": bool(_email.get("EMAIL_USE_SSL")),
    "timeout": 10,
}
MAILERS = {
    "default": {
        "BACKEND": _email_backend,
        "OPTIONS": _email_options if _email_backend.endswith("smtp.EmailBackend") else {},
    }
}
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="Monthwise <noreply@localhost>")

# --- Security -----------------------------------------------------------------------
# Django's built-in CSP: scripts and styles only from our own origin, no inline code.
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF],
    # Nonced <style> blocks position the week view's items; style="" stays forbidden.
    "style-src": [CSP.SELF, CSP.NONCE],
    "img-src": [CSP.SELF, "data:"],
    "font-src": [CSP.SELF],
    "connect-src": [CSP.SELF],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.SELF],
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
}
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
if not DEBUG:
    SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=True)
    SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=31536000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    if env.bool("BEHIND_TLS_PROXY", default=False):
        SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_REDIRECT_EXEMPT = [r"^health/$"]

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
    "loggers": {"axes": {"level": "WARNING"}},
}
