"""Settings for Newsroom, driven by environment variables (see README, "Configuration").

Safe defaults exist only while DEBUG is on; with DEBUG off a missing secret key or
host list stops the start with a clear message instead of running insecurely.
"""

import os
import re
from pathlib import Path

from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured

from newsroom.env import env_bool, env_int, env_list, env_str

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(os.environ.get("NEWSROOM_VAR_DIR", BASE_DIR / "var"))


DEBUG = env_bool("DJANGO_DEBUG", False)

SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "DJANGO_SECRET_KEY is not set. Set it to a long random string "
            "(python -c 'import secrets; print(secrets.token_urlsafe(50))'), "
            "or set DJANGO_DEBUG=1 for local development."
        )
    SECRET_KEY = "django-insecure-development-only-key-do-not-use-in-production"

ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS")
if not ALLOWED_HOSTS:
    if not DEBUG:
        raise ImproperlyConfigured(
            "DJANGO_ALLOWED_HOSTS is not set. List the host names this site answers to, "
            "comma-separated (e.g. news.example.cn,www.news.example.cn)."
        )
    ALLOWED_HOSTS = ["127.0.0.1", "localhost", "[::1]", "testserver"]

CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.postgres",
    "django.contrib.sitemaps",
    "taggit",
    "newsroom",
    "people",
    "articles",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.http.ConditionalGetMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Innermost: reads the script prefix and URLconf once for the links a view writes.
    "newsroom.links.RequestLinks",
]

ROOT_URLCONF = "newsroom.urls"
WSGI_APPLICATION = "newsroom.wsgi.application"

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
                "newsroom.context_processors.site",
            ],
        },
    },
]

# Database: DATABASE_URL names a PostgreSQL server; without it an embedded server from the
# pgserver package is started on demand with its data under var/ (see newsroom/embedded_pg).
DATABASE_URL = os.environ.get("DATABASE_URL", "").strip()
CONN_MAX_AGE = env_int("DJANGO_CONN_MAX_AGE", 60)
if DATABASE_URL:
    import dj_database_url

    DATABASES = {
        "default": dj_database_url.parse(
            DATABASE_URL, conn_max_age=CONN_MAX_AGE, conn_health_checks=CONN_MAX_AGE > 0
        )
    }
    if DATABASES["default"]["ENGINE"] != "django.db.backends.postgresql":
        raise ImproperlyConfigured("DATABASE_URL must name a PostgreSQL server (postgres://…).")
    # Django's backend with a cheaper health check of kept connections (newsroom/postgres).
    DATABASES["default"]["ENGINE"] = "newsroom.postgres"
    # A server that does not answer fails /healthz within the health check's timeout instead
    # of hanging on TCP retries; ?connect_timeout=N in the URL overrides it.
    DATABASES["default"].setdefault("OPTIONS", {}).setdefault("connect_timeout", 5)
elif not DEBUG and not env_bool("NEWSROOM_ALLOW_EMBEDDED_DB", False):
    # The embedded server is for development and single-machine trials: a production start
    # without DATABASE_URL is almost always a missing variable, and would quietly keep the
    # archive in var/pgdata of one container.
    raise ImproperlyConfigured(
        "DATABASE_URL is not set. In production (DJANGO_DEBUG off) name the PostgreSQL server: "
        "DATABASE_URL=postgres://user:password@host:5432/name. To use the embedded server "
        "anyway (one machine, data in var/pgdata), set NEWSROOM_ALLOW_EMBEDDED_DB=1."
    )
else:
    DATABASES = {
        "default": {
            "ENGINE": "newsroom.embedded_pg",
            "NAME": os.environ.get("NEWSROOM_EMBEDDED_DB", "newsroom"),
            "USER": "postgres",
            "CONN_MAX_AGE": CONN_MAX_AGE,
            "CONN_HEALTH_CHECKS": CONN_MAX_AGE > 0,
        }
    }
EMBEDDED_PGDATA = VAR_DIR / "pgdata"
EMBEDDED_DB_NAME = os.environ.get("NEWSROOM_EMBEDDED_DB", "newsroom")

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文")]
TIME_ZONE = env_str("DJANGO_TIME_ZONE", "Asia/Shanghai")
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = Path(env_str("DJANGO_STATIC_ROOT", str(VAR_DIR / "static")))
MEDIA_URL = "media/"
MEDIA_ROOT = Path(env_str("DJANGO_MEDIA_ROOT", str(VAR_DIR / "media")))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}

# Uploads of bulletins are bounded; ingest enforces the same limit on files from the shell.
NEWSROOM_MAX_BULLETIN_BYTES = env_int("NEWSROOM_MAX_BULLETIN_BYTES", 5 * 1024 * 1024)
DATA_UPLOAD_MAX_MEMORY_SIZE = NEWSROOM_MAX_BULLETIN_BYTES + 1024 * 1024
NEWSROOM_SITE_NAME = env_str("NEWSROOM_SITE_NAME", "区报资料库")

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SECURE = env_bool("DJANGO_SECURE_COOKIES", not DEBUG)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

# --- Operations: production hardening, Content Security Policy, logs ------------------------
# (README "Operations"; `manage.py check --deploy` is clean with the defaults below.)

if not DEBUG:
    # The criteria of Django's own check (security.W009), refused instead of warned about:
    # a short or guessable key lets anyone forge sessions and password-reset links.
    if (
        len(SECRET_KEY) < 50
        or len(set(SECRET_KEY)) < 5
        or SECRET_KEY.startswith("django-insecure-")
    ):
        raise ImproperlyConfigured(
            "DJANGO_SECRET_KEY is too weak for production: use at least 50 random characters "
            "(python -c 'import secrets; print(secrets.token_urlsafe(50))')."
        )
    if "*" in ALLOWED_HOSTS:
        raise ImproperlyConfigured(
            "DJANGO_ALLOWED_HOSTS must list the site's host names, not '*': links in "
            "password-reset mails and feeds are built from the Host header."
        )

# HTTPS is terminated by a reverse proxy in front of gunicorn, which tells Django with a
# header. Set DJANGO_SECURE_PROXY_SSL_HEADER only when the proxy always sets (or strips) that
# header, or a client could claim HTTPS itself:
# https://docs.djangoproject.com/en/5.2/ref/settings/#secure-proxy-ssl-header
_proxy_header = env_str("DJANGO_SECURE_PROXY_SSL_HEADER", "")
if _proxy_header:
    _name, _, _value = _proxy_header.partition("=")
    if not re.fullmatch(r"[A-Za-z0-9-]+", _name.strip()):
        raise ImproperlyConfigured(
            "DJANGO_SECURE_PROXY_SSL_HEADER must be a header name such as X-Forwarded-Proto, "
            f"optionally with =value (default https), not {_proxy_header!r}."
        )
    SECURE_PROXY_SSL_HEADER = (
        "HTTP_" + _name.strip().upper().replace("-", "_"),
        _value.strip() or "https",
    )
SECURE_SSL_REDIRECT = env_bool("DJANGO_SECURE_SSL_REDIRECT", not DEBUG)
# Health probes reach the container directly over plain HTTP, not through the proxy.
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
# Browsers only honour HSTS on HTTPS responses, so these do nothing on a plain-HTTP intranet.
SECURE_HSTS_SECONDS = env_int("DJANGO_SECURE_HSTS_SECONDS", 0 if DEBUG else 31_536_000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("DJANGO_SECURE_HSTS_INCLUDE_SUBDOMAINS", True)
SECURE_HSTS_PRELOAD = env_bool("DJANGO_SECURE_HSTS_PRELOAD", True)

# Content Security Policy (django-csp): everything from our own origin, nothing inline —
# the templates carry no inline script, style or event handler, and the admin needs only its
# own static files. https://django-csp.readthedocs.io/en/latest/configuration.html
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "object-src": [NONE],
        "base-uri": [NONE],
        "frame-ancestors": [NONE],
        "form-action": [SELF],
    }
}
# Outermost: the request log sees every response, redirects and errors included, and gives
# each request the id that all its log lines carry.
MIDDLEWARE.insert(0, "newsroom.middleware.RequestLogMiddleware")
# django-csp's middleware, with the headers built once rather than per response.
MIDDLEWARE.insert(
    MIDDLEWARE.index("django.middleware.security.SecurityMiddleware") + 1,
    "newsroom.middleware.ContentSecurityPolicyMiddleware",
)
# Anonymous readers' pages from the cache, before everything but the request log: a stored
# page carries the headers all the rest added, the security headers included, so that
# articles.pagecache.CachedPagesFirst can answer it without running any middleware.
MIDDLEWARE.insert(1, "articles.pagecache.PageCacheMiddleware")

# Logs go to stdout, one JSON object per line in production (newsroom/logs.py); plain text
# lines are easier to read while developing.
LOG_FORMAT = env_str("DJANGO_LOG_FORMAT", "text" if DEBUG else "json").lower()
if LOG_FORMAT not in {"json", "text"}:
    raise ImproperlyConfigured(f"DJANGO_LOG_FORMAT must be json or text, not {LOG_FORMAT!r}.")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"request_id": {"()": "newsroom.logs.RequestIdFilter"}},
    "formatters": {
        "json": {"()": "newsroom.logs.JsonFormatter"},
        "text": {"format": "%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s"},
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "stream": "ext://sys.stdout",
            "filters": ["request_id"],
            "formatter": LOG_FORMAT,
        }
    },
    "root": {
        "handlers": ["console"],
        "level": env_str("DJANGO_LOG_LEVEL", "INFO").upper(),
    },
    "loggers": {"pgserver": {"level": "WARNING"}},
}

# --- Cache and page cache (issue #7) ------------------------------------------------------
# Redis when REDIS_URL is set: shared by every worker and by manage.py commands, so an edit
# anywhere invalidates pages everywhere. Without it, each process has its own memory cache:
# right for one process (runserver), but a change made in another process (another worker,
# the ingest command) reaches it only when its pages expire; `check --deploy` warns.
REDIS_URL = os.environ.get("REDIS_URL", "").strip()
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "newsroom.cache.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": os.environ.get("NEWSROOM_CACHE_KEY_PREFIX", "newsroom"),
            # A cache that does not answer quickly is treated as absent (pages are rendered).
            "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
        }
    }
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": "newsroom",
        }
    }
# Seconds anonymous readers are served a stored page (0: no page cache); search results
# are kept for less, since queries are many and each is asked rarely. Without Redis the
# page cache is off unless asked for: a per-process cache would serve pages that another
# process's edits made stale.
NEWSROOM_PAGE_CACHE_SECONDS = env_int("NEWSROOM_PAGE_CACHE_SECONDS", 300 if REDIS_URL else 0)
NEWSROOM_SEARCH_CACHE_SECONDS = env_int("NEWSROOM_SEARCH_CACHE_SECONDS", 60 if REDIS_URL else 0)
