"""Settings of the Plateforme TIG: one file, driven by environment variables.

Development defaults are safe and need nothing installed (SQLite, console e-mail).
Production (TIG_ENV=production) refuses to start without a real secret key and
allowed hosts, and turns on secure cookies, HTTPS redirection and HSTS.
"""

import os
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP

from config.env import env_bool, env_choice, env_int, env_list, env_str

BASE_DIR = Path(__file__).resolve().parent.parent

# pytest sets PYTEST_VERSION for the whole session: tests need no extra variable.
ENVIRONMENT = env_choice(
    "TIG_ENV",
    "test" if "PYTEST_VERSION" in os.environ else "development",
    ("development", "test", "production"),
)
PRODUCTION = ENVIRONMENT == "production"
TESTING = ENVIRONMENT == "test"

DEBUG = env_bool("DEBUG", ENVIRONMENT == "development")

DEVELOPMENT_SECRET_KEY = "développement-uniquement-jamais-en-production-0123456789abcdefghijklmnop"
SECRET_KEY = env_str("SECRET_KEY", DEVELOPMENT_SECRET_KEY)

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", [] if PRODUCTION else ["127.0.0.1", "localhost", "testserver"])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])

if PRODUCTION:
    if SECRET_KEY == DEVELOPMENT_SECRET_KEY or len(SECRET_KEY) < 50:
        raise ImproperlyConfigured("SECRET_KEY must be set to a random value of at least 50 characters")
    if DEBUG:
        raise ImproperlyConfigured("DEBUG must be off in production")
    if not ALLOWED_HOSTS:
        raise ImproperlyConfigured("ALLOWED_HOSTS must name the site's host names in production")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "dsfr",
    "widget_tweaks",
    "django_htmx",
    "django_tasks_db",
    "tig.core",
    "tig.audit",
    "tig.territories",
    "tig.accounts",
    "tig.organisations",
    "tig.posts",
    "tig.notifications",
    "tig.habilitations",
    "tig.measures",
    "tig.collective",
    # Above the domain: statistics (then open data, the API, prospecting…).
    "tig.training",
    "tig.stats",
    "tig.prospecting",
    "tig.partnerships",
    "tig.network",
    "tig.api",
    "rest_framework",
    "drf_spectacular",
    # The top of the layers: the site's own pages and the demonstration data.
    "tig.pages",
    "tig.demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Pages compressed here (static files are compressed ahead by WhiteNoise, which answers
    # before this point). BREACH: Django pads each compressed response with random bytes, masks
    # the CSRF token per response, and session cookies are SameSite=Lax (docs/deploiement.md).
    "django.middleware.gzip.GZipMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "tig.core.middleware.csp_nonce_for_templates",
    "tig.core.middleware.reject_nul_bytes",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "tig.audit.middleware.audit_actor",
    "tig.partnerships.middleware.ConfinePartnerCoordinators",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "tig.core.middleware.htmx_login_redirect",
]

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
                "tig.core.context_processors.site",
                "tig.notifications.context_processors.unread_notifications",
            ],
        },
    },
]
FORM_RENDERER = "dsfr.forms.DsfrDjangoTemplates"

# Database: SQLite by default (nothing to install), PostgreSQL through DATABASE_URL.
DATABASE_URL = env_str("DATABASE_URL")
if DATABASE_URL:
    DATABASES = {"default": dj_database_url.parse(DATABASE_URL, conn_max_age=env_int("DB_CONN_MAX_AGE", 60))}
    if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
        # PostgreSQL compiles a query whose estimated cost is high (a search around Paris at
        # a million posts) to machine code first: up to 250 ms for a query that runs in 30.
        # The platform's queries are short; the compiler never pays for itself here.
        DATABASES["default"].setdefault("OPTIONS", {})["options"] = "-c jit=off"
else:
    (BASE_DIR / "var").mkdir(exist_ok=True)
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": env_str("SQLITE_PATH", str(BASE_DIR / "var" / "db.sqlite3")),
            # Persistent connections, as on PostgreSQL: opening SQLite and its pragmas on each
            # request cost a fifth of the search page's throughput under gunicorn (bench/throughput.py).
            "CONN_MAX_AGE": env_int("DB_CONN_MAX_AGE", 60),
            "OPTIONS": {
                # WAL lets the web server, the worker and the scheduler read while one writes;
                # IMMEDIATE transactions take the write lock up front instead of failing mid-way.
                "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;",
                "transaction_mode": "IMMEDIATE",
                "timeout": 20,
            },
        }
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = ["tig.accounts.backends.EmailBackend"]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "pages:home"
LOGOUT_REDIRECT_URL = "pages:home"

PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
if TESTING:
    # Argon2 is deliberately slow; tests create many users.
    PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher", *PASSWORD_HASHERS]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
PASSWORD_RESET_TIMEOUT = 60 * 60 * 2

# Lockout after repeated failed logins (per e-mail address), counted in the database
# so that it holds across several application servers.
LOGIN_FAILURE_LIMIT = env_int("LOGIN_FAILURE_LIMIT", 5)
LOGIN_LOCKOUT_MINUTES = env_int("LOGIN_LOCKOUT_MINUTES", 15)
INVITATION_VALIDITY_DAYS = env_int("INVITATION_VALIDITY_DAYS", 14)
# An invitation still unanswered after this many days is sent again, once, with a new link.
INVITATION_REMINDER_DAYS = env_int("INVITATION_REMINDER_DAYS", 7)
# Follow-up of measures (tig.measures): the only data on convicted people. It can be switched
# off (its pages and tasks disappear, the rest of the platform is unchanged). Closed measures are
# anonymised after MEASURES_RETENTION_YEARS, like the justice system's own files. The hour limits
# of TNR and of contraventions are not confirmed in the current texts: they are settings.
MEASURES_ENABLED = env_bool("MEASURES_ENABLED", True)
# Counts of persons below this (zero aside) are published as « secret »: docs/decisions/0014.
STATS_SECRECY_THRESHOLD = env_int("STATS_SECRECY_THRESHOLD", 11)
# The national target the statistics page measures France against: the baromètre's « au moins
# 30 000 postes de TIG proposés » (docs/decisions/0015). A setting, for the agency's next target.
STATS_NATIONAL_TARGET_POSTS = env_int("STATS_NATIONAL_TARGET_POSTS", 30_000)
MEASURES_RETENTION_YEARS = env_int("MEASURES_RETENTION_YEARS", 5)
# Prospecting (tig.prospecting): the contacts of a target abandoned this many months ago are
# deleted (docs/regles.md, P8; to be confirmed with the agency's data protection officer).
PROSPECTING_CONTACTS_RETENTION_MONTHS = env_int("PROSPECTING_CONTACTS_RETENTION_MONTHS", 12)
# What a referent is reminded to chase (docs/regles.md, P9): targets in progress untouched this
# many days, invitations to sign up unanswered this many days (sent again once), hosts that have
# hosted nobody this many months.
PROSPECTING_UNTOUCHED_DAYS = env_int("PROSPECTING_UNTOUCHED_DAYS", 60)
PROSPECTING_INVITATION_WAIT_DAYS = env_int("PROSPECTING_INVITATION_WAIT_DAYS", 14)
HOST_IDLE_MONTHS = env_int("HOST_IDLE_MONTHS", 6)
# The kinds of reminder the daily task sends, through one engine (tig/notifications/reminders.py).
REMINDERS = [
    "tig.notifications.invitations.InvitationReminder",
    "tig.posts.reminders.ConfirmationReminder",
    "tig.prospecting.reminders.ReferentDigest",
    "tig.prospecting.reminders.TargetInvitationReminder",
    "tig.partnerships.reminders.AgreementExpiryReminder",
    "tig.network.reminders.EventReminder",
    "tig.training.invitations.TrainingReminder",
]
# The training (docs/regles.md, F6): a learner invited to a course is reminded this often until
# they complete it or mute the training's notifications.
TRAINING_REMINDER_DAYS = env_int("TRAINING_REMINDER_DAYS", 14)
# National partnerships (docs/regles.md, P11): an agreement « arrive à échéance » this many days
# before its end, and the agency is reminded of it from then on, until the next one is entered.
PARTNERSHIP_EXPIRY_NOTICE_DAYS = env_int("PARTNERSHIP_EXPIRY_NOTICE_DAYS", 90)
MEASURE_TNR_HOURS = (env_int("MEASURE_TNR_MIN_HOURS", 1), env_int("MEASURE_TNR_MAX_HOURS", 100))
MEASURE_CONTRAVENTION_HOURS = (
    env_int("MEASURE_CONTRAVENTION_MIN_HOURS", 20),
    env_int("MEASURE_CONTRAVENTION_MAX_HOURS", 120),
)

# An organisation's sign-up waits this long for its first administrator's confirmation.
SIGNUP_VALIDITY_HOURS = env_int("SIGNUP_VALIDITY_HOURS", 48)
# Sign-ups waiting for one address at most: a new one never cancels another (it may be someone
# else's), and a flood of them stops here.
SIGNUP_MAX_PENDING = env_int("SIGNUP_MAX_PENDING", 3)

SESSION_COOKIE_AGE = 60 * 60 * 10
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True

LANGUAGE_CODE = "fr"
# Our wordings first: they keep Django's own where an app's catalogue would change them.
LOCALE_PATHS = [BASE_DIR / "locale"]
LANGUAGES = [("fr", "Français")]
TIME_ZONE = "Europe/Paris"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = Path(env_str("STATIC_ROOT", str(BASE_DIR / "staticfiles")))
# Documents of the files (habilitation, registration): outside the static root, served by a view
# that checks access. Several application servers share it (a network volume) in production.
PRIVATE_MEDIA_ROOT = Path(env_str("PRIVATE_MEDIA_ROOT", str(BASE_DIR / "var" / "documents")))
DOCUMENT_MAX_BYTES = env_int("DOCUMENT_MAX_MB", 10) * 1024 * 1024
# The training's media (docs/regles.md, F7): an image, a video or a sound, its captions.
TRAINING_IMAGE_MAX_BYTES = env_int("TRAINING_IMAGE_MAX_MB", 2) * 1024 * 1024
TRAINING_VIDEO_MAX_BYTES = env_int("TRAINING_VIDEO_MAX_MB", 100) * 1024 * 1024
TRAINING_CAPTIONS_MAX_BYTES = 1024 * 1024
NODE_MODULES = BASE_DIR / "node_modules"
STATICFILES_DIRS = [
    BASE_DIR / "static",
    ("vendor/leaflet", NODE_MODULES / "leaflet" / "dist"),
    ("vendor/leaflet.markercluster", NODE_MODULES / "leaflet.markercluster" / "dist"),
    # The State's charts (web components, Vue and Chart.js compiled in): the statistics page only.
    ("vendor/dsfr-chart", NODE_MODULES / "@gouvfr" / "dsfr-chart" / "dist" / "DSFRChart"),
]
# The design system's stylesheet, cut to what the pages use, is built from the installed
# django-dsfr by a finder (tig/core/assets.py) into ASSETS_ROOT, then collected like any file.
ASSETS_ROOT = Path(env_str("ASSETS_ROOT", str(BASE_DIR / "var" / "assets")))
STATICFILES_FINDERS = [
    "django.contrib.staticfiles.finders.FileSystemFinder",
    "django.contrib.staticfiles.finders.AppDirectoriesFinder",
    "tig.core.assets.DsfrStylesheetFinder",
]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if PRODUCTION
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}

# Outside production, WhiteNoise serves straight from the apps' static folders, no collectstatic.
WHITENOISE_USE_FINDERS = not PRODUCTION
WHITENOISE_AUTOREFRESH = not PRODUCTION

# Background work: Django's tasks framework, stored in the database and run by
# `manage.py db_worker`. Tests run tasks immediately.
TASKS = {
    "default": {
        "BACKEND": env_str(
            "TASKS_BACKEND",
            "django.tasks.backends.immediate.ImmediateBackend" if TESTING else "django_tasks_db.DatabaseBackend",
        ),
    }
}

_MAIL_BACKEND = env_str(
    "EMAIL_BACKEND",
    "django.core.mail.backends.smtp.EmailBackend" if PRODUCTION else "django.core.mail.backends.console.EmailBackend",
)
MAILERS = {
    "default": {
        "BACKEND": _MAIL_BACKEND,
        "OPTIONS": {
            "host": env_str("EMAIL_HOST", "localhost"),
            "port": env_int("EMAIL_PORT", 25),
            "username": env_str("EMAIL_HOST_USER"),
            "password": env_str("EMAIL_HOST_PASSWORD"),
            "use_tls": env_bool("EMAIL_USE_TLS", False),
            "timeout": env_int("EMAIL_TIMEOUT", 20),
        }
        if _MAIL_BACKEND.endswith("smtp.EmailBackend")
        else {},
    }
}
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "Plateforme TIG <ne-pas-repondre@tig.justice.gouv.fr>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
# Absolute links in e-mails (invitations, password reset) are built on this address.
SITE_URL = env_str("SITE_URL", "http://127.0.0.1:8000")

# Security. Behind the reverse proxy, HTTPS is announced by X-Forwarded-Proto.
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", PRODUCTION)
SESSION_COOKIE_SECURE = PRODUCTION
CSRF_COOKIE_SECURE = PRODUCTION
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 60 * 60 * 24 * 365 if PRODUCTION else 0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = PRODUCTION
# The HSTS preload list is a commitment of the whole registrable domain, made by its owner
# (the ministry for justice.gouv.fr), not by one application: check --deploy's reminder is
# silenced, and docs/deploiement.md says why.
SILENCED_SYSTEM_CHECKS = ["security.W021"]
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

# Maps. Plan IGN (no key needed) outside tests; tests run with no tile server at all,
# the département outlines drawn from our own GeoJSON keep the map readable.
PLAN_IGN_TILES = (
    "https://data.geopf.fr/wmts?SERVICE=WMTS&REQUEST=GetTile&VERSION=1.0.0"
    "&LAYER=GEOGRAPHICALGRIDSYSTEMS.PLANIGNV2&STYLE=normal&TILEMATRIXSET=PM&FORMAT=image/png"
    "&TILEMATRIX={z}&TILEROW={y}&TILECOL={x}"
)
MAP_TILE_URL = env_str("MAP_TILE_URL", "" if TESTING else PLAN_IGN_TILES)
MAP_TILE_ATTRIBUTION = env_str("MAP_TILE_ATTRIBUTION", "© IGN")

# Street-level geocoding through the national address API (IGN Géoplateforme),
# off by default: posts are placed at their commune's point and the pin can be moved.
GEOCODER_URL = env_str("GEOCODER_URL")
GEOCODER_TIMEOUT_SECONDS = env_int("GEOCODER_TIMEOUT_SECONDS", 3)

AUDIT_RETENTION_YEARS = env_int("AUDIT_RETENTION_YEARS", 3)
# A page or document read again by the same person within this time is the same consultation.
AUDIT_READ_WINDOW_SECONDS = env_int("AUDIT_READ_WINDOW_SECONDS", 60)


def _origin(url: str) -> str:
    from urllib.parse import urlsplit

    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}" if parts.scheme and parts.netloc else ""


SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF, CSP.NONCE],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:", *filter(None, [_origin(MAP_TILE_URL)])],
    "font-src": [CSP.SELF],
    "connect-src": [CSP.SELF],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.SELF],
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
}

# The public API (/api/v1/; docs/decisions/0013). Read only, JSON only, keys only (no session:
# no cookie, no CSRF); requests per minute counted in the database (tig.api.throttling).
API_PATH_PREFIX = "/api/"
API_RATE_WITH_KEY = env_int("API_RATE_WITH_KEY", 300)
API_RATE_ANONYMOUS = env_int("API_RATE_ANONYMOUS", 60)
# Requests each process counts before writing them (1: every request written, the limit exact;
# a client may pass its limit by fewer than this per process: docs/decisions/0016).
API_RATE_BATCH = env_int("API_RATE_BATCH", 10)
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": ["tig.api.authentication.TokenAuthentication"],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_THROTTLE_CLASSES": ["tig.api.throttling.MinuteThrottle"],
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": ["rest_framework.parsers.JSONParser"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "tig.api.errors.handle",
    "UNAUTHENTICATED_USER": "django.contrib.auth.models.AnonymousUser",
    # The addresses behind the reverse proxies (X-Forwarded-For), for the limit without a key.
    "NUM_PROXIES": env_int("API_NUM_PROXIES", 1 if PRODUCTION else 0),
}
SPECTACULAR_SETTINGS = {
    "TITLE": "API de la plateforme TIG",
    "DESCRIPTION": (
        "Les postes de travail d'intérêt général (TIG) et de travail non rémunéré (TNR), les structures d'accueil, "
        "les communes et les statistiques. Lecture seule. Une clé personnelle (en-tête « Authorization: Bearer "
        "<clé> », créée depuis Mon compte) donne ce que son compte voit sur le site ; les communes et les "
        f"statistiques se lisent sans clé. Limites : {API_RATE_WITH_KEY} requêtes par minute et par clé, "
        f"{API_RATE_ANONYMOUS} sans clé par adresse. La version 1 ne change que par ajouts."
    ),
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    "SCHEMA_PATH_PREFIX": "/api/v1",
    "SCHEMA_PATH_PREFIX_TRIM": False,
    "SERVERS": [{"url": "/", "description": "Ce site"}],
    "DISABLE_ERRORS_AND_WARNINGS": False,
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
    "loggers": {"django.db.backends": {"level": "INFO"}},
}
