"""All of vamarket's settings, read once from the environment (and an optional `.env` file).

A missing or malformed setting stops start-up with one line naming it (`SettingsError`).
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from urllib.parse import urlparse

PROJECT_ROOT = Path(__file__).resolve().parent.parent
SUPPORTED_LOCALES = ("en", "id")
SUPPORTED_CURRENCIES = ("USD", "IDR")
DEFAULT_SQLITE_URL = f"sqlite:///{PROJECT_ROOT / 'vamarket.db'}"
DEMO_PROVIDER = "demo"


class SettingsError(RuntimeError):
    """A setting is missing or malformed; the message is one line naming it."""


@dataclass(frozen=True)
class OAuthProvider:
    """One sign-in provider: a name used in URLs, a label for the button and its credentials."""

    name: str
    label: str
    kind: str  # "oidc" (discovery URL) or "github" (plain OAuth2)
    client_id: str
    client_secret: str
    discovery_url: str = ""


@dataclass(frozen=True)
class Settings:
    """Typed view of the environment; build it with `load_settings`."""

    database_url: str = DEFAULT_SQLITE_URL
    redis_url: str = ""
    public_url: str = "http://localhost:3000"
    session_secret: str = ""
    session_days: int = 14
    stripe_secret_key: str = ""
    stripe_webhook_secret: str = ""
    stripe_api_base: str = ""
    platform_fee_percent: int = 10
    down_payment_min_percent: int = 20
    down_payment_max_percent: int = 30
    admin_emails: tuple[str, ...] = ()
    default_locale: str = "en"
    default_currency: str = "USD"
    providers: tuple[OAuthProvider, ...] = field(default_factory=tuple)
    demo_oidc_url: str = ""
    upload_dir: Path = PROJECT_ROOT / "uploaded_files"
    review_reveal_days: int = 14
    milestone_review_days: int = 14
    hourly_review_days: int = 5  # silence approves a submitted week after this many days
    checkout_expiry_hours: int = 24
    sweep_interval_seconds: int = 60  # the app's background sweep; 0 turns it off
    files_dir: Path = PROJECT_ROOT / "private_files"  # attachments; served only through /files
    smtp_host: str = ""  # no host: notifications stay in-app, no email is queued
    smtp_port: int = 587
    smtp_username: str = ""
    smtp_password: str = ""
    smtp_from: str = ""
    smtp_starttls: bool = True

    @property
    def is_sqlite(self) -> bool:
        """True on the embedded default database."""
        return self.database_url.startswith("sqlite")

    @property
    def email_enabled(self) -> bool:
        """True when SMTP settings are given: notifications are then also sent by email."""
        return bool(self.smtp_host)

    @property
    def secure_cookies(self) -> bool:
        """Cookies carry `Secure` when the public URL is https."""
        return self.public_url.startswith("https://")

    def provider(self, name: str) -> OAuthProvider | None:
        """The configured provider called `name`, or None."""
        return next((p for p in self.providers if p.name == name), None)


def _read_env_file(path: Path) -> dict[str, str]:
    values: dict[str, str] = {}
    if not path.is_file():
        return values
    for raw in path.read_text(encoding="utf-8").splitlines():
        line = raw.strip()
        if not line or line.startswith("#") or "=" not in line:
            continue
        key, _, value = line.partition("=")
        values[key.strip()] = value.strip().strip('"').strip("'")
    return values


def _int(env: dict[str, str], key: str, default: int, low: int, high: int) -> int:
    raw = env.get(key, "").strip()
    if not raw:
        return default
    try:
        value = int(raw)
    except ValueError:
        raise SettingsError(f"{key} must be a whole number, got {raw!r}") from None
    if not low <= value <= high:
        raise SettingsError(f"{key} must be between {low} and {high}, got {value}")
    return value


def _url(env: dict[str, str], key: str, default: str, schemes: tuple[str, ...]) -> str:
    raw = env.get(key, "").strip() or default
    if not raw:
        return ""
    scheme = urlparse(raw).scheme.split("+")[0]
    if scheme not in schemes:
        raise SettingsError(f"{key} must be a URL starting with {' or '.join(s + '://' for s in schemes)}")
    return raw


def _pair(env: dict[str, str], prefix: str) -> tuple[str, str] | None:
    client_id = env.get(f"{prefix}_CLIENT_ID", "").strip()
    secret = env.get(f"{prefix}_CLIENT_SECRET", "").strip()
    if not client_id and not secret:
        return None
    if not client_id or not secret:
        missing = f"{prefix}_CLIENT_ID" if not client_id else f"{prefix}_CLIENT_SECRET"
        raise SettingsError(f"{missing} is required when the other half of {prefix} is set")
    return client_id, secret


def _providers(env: dict[str, str]) -> tuple[OAuthProvider, ...]:
    found: list[OAuthProvider] = []
    google = _pair(env, "GOOGLE")
    if google:
        found.append(OAuthProvider("google", "Google", "oidc", *google,
                                   "https://accounts.google.com/.well-known/openid-configuration"))
    github = _pair(env, "GITHUB")
    if github:
        found.append(OAuthProvider("github", "GitHub", "github", *github))
    raw = env.get("OIDC_PROVIDERS", "").strip()
    if raw:
        try:
            items = json.loads(raw)
            assert isinstance(items, list)
        except (ValueError, AssertionError):
            raise SettingsError("OIDC_PROVIDERS must be a JSON list of objects") from None
        for item in items:
            found.append(_generic_provider(item))
    names = [p.name for p in found]
    if len(names) != len(set(names)):
        raise SettingsError("OIDC_PROVIDERS names must be unique")
    return tuple(found)


def _generic_provider(item: object) -> OAuthProvider:
    keys = ("name", "discovery_url", "client_id", "client_secret")
    if not isinstance(item, dict) or any(not str(item.get(k, "")).strip() for k in keys):
        raise SettingsError(f"OIDC_PROVIDERS entries need {', '.join(keys)}")
    name = str(item["name"]).strip().lower()
    if not name.isidentifier() or name in ("google", "github", DEMO_PROVIDER):
        raise SettingsError(f"OIDC_PROVIDERS name {name!r} must be a simple word, not reserved")
    url = str(item["discovery_url"])
    if urlparse(url).scheme not in ("http", "https"):
        raise SettingsError(f"OIDC_PROVIDERS discovery_url for {name!r} must be http(s)")
    label = str(item.get("label") or name.title())
    return OAuthProvider(name, label, "oidc", str(item["client_id"]),
                         str(item["client_secret"]), url)


def _smtp(env: dict[str, str]) -> dict[str, object]:
    """SMTP_* settings; with SMTP_HOST set, SMTP_FROM is required and a login comes in pairs."""
    host = env.get("SMTP_HOST", "").strip()
    if not host:
        return {}
    sender = env.get("SMTP_FROM", "").strip()
    if "@" not in sender:
        raise SettingsError("SMTP_FROM must be an email address when SMTP_HOST is set")
    username = env.get("SMTP_USERNAME", "").strip()
    password = env.get("SMTP_PASSWORD", "")
    if bool(username) != bool(password):
        raise SettingsError("SMTP_USERNAME and SMTP_PASSWORD must be given together")
    starttls = env.get("SMTP_STARTTLS", "true").strip().lower()
    if starttls not in ("true", "false", "1", "0", "yes", "no", ""):
        raise SettingsError("SMTP_STARTTLS must be true or false")
    return dict(smtp_host=host, smtp_port=_int(env, "SMTP_PORT", 587, 1, 65535),
                smtp_username=username, smtp_password=password, smtp_from=sender,
                smtp_starttls=starttls in ("true", "1", "yes", ""))


def load_settings(environ: dict[str, str] | None = None, env_file: Path | None = None) -> Settings:
    """Build settings from `.env` (if present) overlaid with the process environment."""
    env = _read_env_file(env_file if env_file is not None else PROJECT_ROOT / ".env")
    env.update(environ if environ is not None else os.environ)

    locale = env.get("DEFAULT_LOCALE", "en").strip() or "en"
    if locale not in SUPPORTED_LOCALES:
        raise SettingsError(f"DEFAULT_LOCALE must be one of {', '.join(SUPPORTED_LOCALES)}")
    currency = env.get("DEFAULT_CURRENCY", "USD").strip().upper() or "USD"
    if currency not in SUPPORTED_CURRENCIES:
        raise SettingsError(f"DEFAULT_CURRENCY must be one of {', '.join(SUPPORTED_CURRENCIES)}")

    secret = env.get("SESSION_SECRET", "").strip()
    if secret and len(secret) < 32:
        raise SettingsError("SESSION_SECRET must be at least 32 characters")
    stripe_key = env.get("STRIPE_SECRET_KEY", "").strip()
    if stripe_key and not stripe_key.startswith(("sk_", "rk_")):
        raise SettingsError("STRIPE_SECRET_KEY must start with sk_ or rk_")

    admins = tuple(
        e.strip().lower() for e in env.get("ADMIN_EMAILS", "").split(",") if e.strip()
    )
    if any("@" not in e for e in admins):
        raise SettingsError("ADMIN_EMAILS must be a comma-separated list of email addresses")

    dp_min = _int(env, "DOWN_PAYMENT_MIN_PERCENT", 20, 0, 100)
    dp_max = _int(env, "DOWN_PAYMENT_MAX_PERCENT", 30, 0, 100)
    if dp_min > dp_max:
        raise SettingsError("DOWN_PAYMENT_MIN_PERCENT must not be above DOWN_PAYMENT_MAX_PERCENT")

    providers = _providers(env)
    demo_url = _url(env, "DEMO_OIDC_URL", "", ("http", "https"))
    if demo_url:
        providers = (*providers, OAuthProvider(
            DEMO_PROVIDER, "Demo sign-in", "oidc", "vamarket-demo", "vamarket-demo-secret",
            demo_url.rstrip("/") + "/.well-known/openid-configuration"))

    return Settings(
        database_url=_url(env, "DATABASE_URL", DEFAULT_SQLITE_URL, ("sqlite", "postgresql")),
        redis_url=_url(env, "REDIS_URL", "", ("redis", "rediss")),
        public_url=_url(env, "PUBLIC_URL", "http://localhost:3000", ("http", "https")).rstrip("/"),
        session_secret=secret,
        session_days=_int(env, "SESSION_DAYS", 14, 1, 365),
        stripe_secret_key=stripe_key,
        stripe_webhook_secret=env.get("STRIPE_WEBHOOK_SECRET", "").strip(),
        stripe_api_base=_url(env, "STRIPE_API_BASE", "", ("http", "https")),
        platform_fee_percent=_int(env, "PLATFORM_FEE_PERCENT", 10, 0, 50),
        down_payment_min_percent=dp_min,
        down_payment_max_percent=dp_max,
        admin_emails=admins,
        default_locale=locale,
        default_currency=currency,
        providers=providers,
        demo_oidc_url=demo_url,
        upload_dir=Path(env.get("UPLOAD_DIR", "").strip() or PROJECT_ROOT / "uploaded_files"),
        review_reveal_days=_int(env, "REVIEW_REVEAL_DAYS", 14, 1, 90),
        milestone_review_days=_int(env, "MILESTONE_REVIEW_DAYS", 14, 1, 90),
        hourly_review_days=_int(env, "HOURLY_REVIEW_DAYS", 5, 0, 60),
        checkout_expiry_hours=_int(env, "CHECKOUT_EXPIRY_HOURS", 24, 1, 24 * 30),
        sweep_interval_seconds=_int(env, "SWEEP_INTERVAL_SECONDS", 60, 0, 24 * 3600),
        files_dir=Path(env.get("FILES_DIR", "").strip() or PROJECT_ROOT / "private_files"),
        **_smtp(env),
    )


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    """The process-wide settings (read once)."""
    return load_settings()
