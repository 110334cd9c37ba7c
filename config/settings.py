"""Liaison settings: one file, every deployment difference comes from environment variables.

Defaults are the embedded ones (SQLite under var/, database task queue, local memory cache,
console mail) so `make run` needs nothing else. See DESIGN.md §5 for the at-scale parts.
"""

from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP

from config.env import envbool, envint, envlist, envstr

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(envstr("LIAISON_VAR_DIR", str(BASE_DIR / "var")))
VAR_DIR.mkdir(parents=True, exist_ok=True)

DEBUG = envbool("DEBUG", True)
_DEV_SECRET = "django-insecure-liaison-development-only"
SECRET_KEY = envstr("SECRET_KEY", _DEV_SECRET if DEBUG else "")
ALLOWED_HOSTS = envlist("ALLOWED_HOSTS", ["127.0.0.1", "localhost", "[::1]"] if DEBUG else [])

if not DEBUG:
    # Production refuses to start on the development key or with no host to serve.
    if not SECRET_KEY or SECRET_KEY.startswith("django-insecure") or len(SECRET_KEY) < 40:
        raise ImproperlyConfigured(
            "DEBUG is off: set SECRET_KEY to a random string of at least 40 characters."
        )
    if not ALLOWED_HOSTS:
        raise ImproperlyConfigured("DEBUG is off: set ALLOWED_HOSTS (comma-separated).")

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.forms",
    "django_tasks_db",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "liaison.core",
    "liaison.orgs",
    "liaison.members",
    "liaison.activities",
    "liaison.proposals",
    "liaison.duty",
    "liaison.reports",
    "liaison.notify",
    "liaison.plans",
    "liaison.research",
    "liaison.workdays",
    "liaison.opinions",
]

MIDDLEWARE = [
    # Answers the common check-in scan itself on PostgreSQL, else steps aside (see its module).
    "liaison.activities.fastpath.CheckInFastPathMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "liaison.core.middleware.SessionRefreshMiddleware",
    "liaison.core.middleware.LanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "liaison.core.middleware.InputCleaningMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "liaison.core.middleware.RequestContextMiddleware",
    "liaison.orgs.middleware.SecondFactorMiddleware",
    "liaison.orgs.middleware.ForcePasswordChangeMiddleware",
]

FORM_RENDERER = "liaison.core.forms.BootstrapRenderer"
ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"
ASGI_APPLICATION = "config.asgi.application"

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
                "django.template.context_processors.i18n",
                "liaison.core.context_processors.navigation",
            ],
        },
    },
]

# --- Database -------------------------------------------------------------------------------
DATABASE_URL = envstr("DATABASE_URL", f"sqlite:///{VAR_DIR / 'liaison.sqlite3'}")
DATABASES = {
    "default": dj_database_url.parse(
        DATABASE_URL, conn_max_age=envint("DB_CONN_MAX_AGE", 0), conn_health_checks=True
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets readers run beside the writer; IMMEDIATE takes the write lock at BEGIN so two
    # writers queue on the busy timeout instead of failing with "database is locked".
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "transaction_mode": "IMMEDIATE",
        "timeout": envint("SQLITE_BUSY_TIMEOUT", 20),
    }
elif DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    options = DATABASES["default"].setdefault("OPTIONS", {})
    # Parameters bound on the server, and a statement prepared once it has run this often on a
    # connection: PostgreSQL then parses and plans it once, and psycopg sends the values as they
    # are instead of quoting them into the text (a page's ten queries: ≈ 1 ms less). 0 turns
    # preparing off, DB_SERVER_BINDING=0 the binding (a PgBouncer older than 1.21 in
    # transaction mode needs both).
    options["prepare_threshold"] = envint("DB_PREPARE_THRESHOLD", 2) or None
    options["server_side_binding"] = envbool("DB_SERVER_BINDING", True)
    if not envbool("PG_JIT", False):
        # PostgreSQL's JIT compiles a query the planner thinks costly: a dashboard's one UNION
        # of thirty small aggregates spent 13 s compiling to run in 20 ms. Off for these short
        # queries (PG_JIT=1 puts it back).
        options["options"] = "-c jit=off"
    # The default random_page_cost (4) prices an index read as a spinning disk's seek, so a
    # scoped list's "id IN (ids of this office)" became a hash join over every member; on SSD
    # or a cache-resident database 1.1 is the usual figure (PG_RANDOM_PAGE_COST to change it).
    page_cost = envstr("PG_RANDOM_PAGE_COST", "1.1")
    if page_cost:
        options["options"] = f"{options.get('options', '')} -c random_page_cost={page_cost}".strip()
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Cache and sessions ---------------------------------------------------------------------
REDIS_URL = envstr("REDIS_URL")
if REDIS_URL and envstr("PYTEST_XDIST_WORKER"):
    # `make test` runs in parallel workers (gw0, gw1, …) and every test starts by clearing the
    # cache, which in Redis empties the whole database: each worker takes its own, counting
    # down from the one given (…/15 → 15 for gw0, 14 for gw1).
    base, _, db = REDIS_URL.rpartition("/")
    worker = int(envstr("PYTEST_XDIST_WORKER").removeprefix("gw"))
    REDIS_URL = f"{base}/{int(db or 0) - worker}"
if REDIS_URL:
    CACHES = {"default": {"BACKEND": "liaison.core.cache.RedisCache", "LOCATION": REDIS_URL}}
    SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# Sessions end after this many idle minutes: SessionRefreshMiddleware pushes the expiry
# forward, writing the session at most once a minute.
SESSION_IDLE_MINUTES = envint("SESSION_IDLE_MINUTES", 30)
SESSION_COOKIE_AGE = SESSION_IDLE_MINUTES * 60
SESSION_SAVE_EVERY_REQUEST = False
SESSION_COOKIE_HTTPONLY = True

# --- Background tasks (django.tasks) --------------------------------------------------------
TASKS = {"default": {"BACKEND": envstr("TASKS_BACKEND", "django_tasks_db.DatabaseBackend")}}

# --- Accounts -------------------------------------------------------------------------------
AUTH_USER_MODEL = "orgs.User"
AUTHENTICATION_BACKENDS = ["liaison.orgs.backends.UsernameOrPhoneBackend"]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"
LOGIN_MAX_FAILURES = envint("LOGIN_MAX_FAILURES", 5)
LOGIN_LOCKOUT_MINUTES = envint("LOGIN_LOCKOUT_MINUTES", 15)
# Failed login attempts (login and code forms) per client address per window of seconds.
LOGIN_RATE_LIMIT = envint("LOGIN_RATE_LIMIT", 20)
LOGIN_RATE_WINDOW = envint("LOGIN_RATE_WINDOW", 300)
# Scans of check-in codes per signed-in user (not per address: a hall shares one Wi-Fi).
CHECKIN_RATE_LIMIT = envint("CHECKIN_RATE_LIMIT", 20)
CHECKIN_RATE_WINDOW = envint("CHECKIN_RATE_WINDOW", 60)
CHECKIN_FAST_PATH = envbool("CHECKIN_FAST_PATH", True)
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 10},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
    {"NAME": "liaison.orgs.passwords.CharacterClassesValidator", "OPTIONS": {"min_classes": 3}},
    {"NAME": "liaison.orgs.passwords.NotUsernameValidator"},
    {"NAME": "liaison.orgs.passwords.PasswordHistoryValidator", "OPTIONS": {"size": 5}},
]
# Two-factor login (TOTP): these roles must enrol when OTP_ENFORCED is on, which it is by default
# in production mode; development (DEBUG on, the demo office) leaves it to each user.
OTP_REQUIRED_ROLES = envlist(
    "OTP_REQUIRED_ROLES", ["admin", "security_admin", "audit_admin", "office_director"]
)
OTP_ENFORCED = envbool("OTP_ENFORCED", not DEBUG)
OTP_TOTP_ISSUER = envstr("OTP_TOTP_ISSUER", "Liaison 政协联络处")
# Days a password stays valid; 0 (the default) turns expiry off. An expired password sends the
# user to the change form before anything else, like a temporary one.
PASSWORD_EXPIRY_DAYS = envint("PASSWORD_EXPIRY_DAYS", 0)

# --- Security -------------------------------------------------------------------------------
CSRF_FAILURE_VIEW = "liaison.core.views.csrf_failure"
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
_csp = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF, CSP.NONCE],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:"],
    "font-src": [CSP.SELF, "data:"],
    "connect-src": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
    "form-action": [CSP.SELF],
    "base-uri": [CSP.SELF],
    "object-src": [CSP.NONE],
}
if DEBUG:
    # Development reports violations without breaking Django's own debug pages.
    SECURE_CSP_REPORT_ONLY = _csp
else:
    SECURE_CSP = _csp
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    LANGUAGE_COOKIE_SECURE = True
    SECURE_SSL_REDIRECT = envbool("SECURE_SSL_REDIRECT", True)
    SECURE_HSTS_SECONDS = envint("SECURE_HSTS_SECONDS", 31536000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    if envbool("BEHIND_TLS_PROXY", False):
        SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
CSRF_TRUSTED_ORIGINS = envlist("CSRF_TRUSTED_ORIGINS")
# How many reverse proxies of ours stand in front (nginx: 1). The client address for the audit
# log and the rate limits is then read from X-Forwarded-For; 0 uses the peer address.
TRUSTED_PROXY_COUNT = envint("TRUSTED_PROXY_COUNT", 0)

# --- Internationalization -------------------------------------------------------------------
LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文"), ("zh-hant", "繁體中文"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = envstr("TIME_ZONE", "Asia/Shanghai")
USE_I18N = True
USE_TZ = True

# --- Files ----------------------------------------------------------------------------------
STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = VAR_DIR / "staticfiles"
MEDIA_URL = "media/"
MEDIA_ROOT = Path(envstr("MEDIA_ROOT", str(VAR_DIR / "media")))
# Uploads live on local disk by default. Several app nodes share them through S3-compatible
# storage: MEDIA_STORAGE=s3 with django-storages installed (docs/deploy.md). Files are always
# served through permission-checked views (core.uploads.serve_file), never by URL.
_S3_OPTIONS = {
    "bucket_name": envstr("S3_BUCKET"),
    "endpoint_url": envstr("S3_ENDPOINT_URL") or None,
    "region_name": envstr("S3_REGION") or None,
    "access_key": envstr("S3_ACCESS_KEY_ID"),
    "secret_key": envstr("S3_SECRET_ACCESS_KEY"),
    "default_acl": "private",
    "querystring_auth": True,
    "file_overwrite": False,
}
STORAGES = {
    "default": (
        {"BACKEND": "storages.backends.s3.S3Storage", "OPTIONS": _S3_OPTIONS}
        if envstr("MEDIA_STORAGE", "local") == "s3"
        else {"BACKEND": "django.core.files.storage.FileSystemStorage"}
    ),
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
# Largest upload liaison.core.uploads accepts (per file), in megabytes.
UPLOAD_MAX_BYTES = envint("UPLOAD_MAX_MB", 10) * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024
# Exports over this many rows are written by the task worker, kept this many days.
EXPORT_BACKGROUND_ROWS = envint("EXPORT_BACKGROUND_ROWS", 5000)
EXPORT_KEEP_DAYS = envint("EXPORT_KEEP_DAYS", 7)

# --- Mail -----------------------------------------------------------------------------------
# SMTP when EMAIL_HOST is set; otherwise mail is printed to the console (development).
_email_host = envstr("EMAIL_HOST")
if _email_host:
    MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {
                "host": _email_host,
                "port": envint("EMAIL_PORT", 587),
                "username": envstr("EMAIL_HOST_USER"),
                "password": envstr("EMAIL_HOST_PASSWORD"),
                "use_tls": envbool("EMAIL_USE_TLS", True),
                "timeout": envint("EMAIL_TIMEOUT", 20),
            },
        }
    }
else:
    MAILERS = {"default": {"BACKEND": "django.core.mail.backends.console.EmailBackend"}}
# Links in mail and calendar feeds point here.
SITE_URL = envstr("SITE_URL", "http://127.0.0.1:8000")
# notify: failed mail or SMS is retried after BACKOFF seconds, doubling, MAX_ATTEMPTS in all.
NOTIFY_MAX_ATTEMPTS = envint("NOTIFY_MAX_ATTEMPTS", 4)
NOTIFY_RETRY_BACKOFF = envint("NOTIFY_RETRY_BACKOFF", 60)
SMS_BACKEND = envstr("SMS_BACKEND", "liaison.notify.sms.LogSmsBackend")
DEFAULT_FROM_EMAIL = envstr("DEFAULT_FROM_EMAIL", "liaison@localhost")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# --- Logging --------------------------------------------------------------------------------
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": envstr("LOG_LEVEL", "INFO")},
    "loggers": {"django.db.backends": {"level": "WARNING"}},
}
