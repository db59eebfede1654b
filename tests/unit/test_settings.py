"""Settings: defaults, every kind of malformed value refused with one line naming it."""

import json

import pytest

from vamarket.settings import DEFAULT_SQLITE_URL, SettingsError, load_settings


def _load(**env):
    return load_settings({k: str(v) for k, v in env.items()}, env_file=None)


def test_defaults_are_the_embedded_setup(tmp_path):
    settings = load_settings({}, env_file=tmp_path / "missing.env")
    assert settings.database_url == DEFAULT_SQLITE_URL
    assert settings.is_sqlite
    assert settings.redis_url == ""
    assert settings.providers == ()
    assert settings.platform_fee_percent == 10
    assert (settings.milestone_review_days, settings.hourly_review_days) == (14, 5)
    assert settings.default_locale == "en"
    assert not settings.secure_cookies


def test_env_file_is_read_and_environment_wins(tmp_path):
    env_file = tmp_path / ".env"
    env_file.write_text("PLATFORM_FEE_PERCENT=12\nDEFAULT_LOCALE='id'\n# comment\n")
    settings = load_settings({"PLATFORM_FEE_PERCENT": "15"}, env_file=env_file)
    assert settings.platform_fee_percent == 15
    assert settings.default_locale == "id"


@pytest.mark.parametrize(("env", "named"), [
    ({"DATABASE_URL": "mysql://localhost/x"}, "DATABASE_URL"),
    ({"REDIS_URL": "http://localhost"}, "REDIS_URL"),
    ({"PLATFORM_FEE_PERCENT": "ten"}, "PLATFORM_FEE_PERCENT"),
    ({"PLATFORM_FEE_PERCENT": "80"}, "PLATFORM_FEE_PERCENT"),
    ({"SESSION_DAYS": "0"}, "SESSION_DAYS"),
    ({"DEFAULT_LOCALE": "fr"}, "DEFAULT_LOCALE"),
    ({"DEFAULT_CURRENCY": "EUR"}, "DEFAULT_CURRENCY"),
    ({"SESSION_SECRET": "short"}, "SESSION_SECRET"),
    ({"STRIPE_SECRET_KEY": "pk_test_123"}, "STRIPE_SECRET_KEY"),
    ({"ADMIN_EMAILS": "admin"}, "ADMIN_EMAILS"),
    ({"GOOGLE_CLIENT_ID": "abc"}, "GOOGLE_CLIENT_SECRET"),
    ({"GITHUB_CLIENT_SECRET": "abc"}, "GITHUB_CLIENT_ID"),
    ({"OIDC_PROVIDERS": "not json"}, "OIDC_PROVIDERS"),
    ({"OIDC_PROVIDERS": json.dumps([{"name": "x"}])}, "OIDC_PROVIDERS"),
    ({"OIDC_PROVIDERS": json.dumps([{"name": "google", "discovery_url": "https://a",
                                     "client_id": "i", "client_secret": "s"}])}, "OIDC_PROVIDERS"),
    ({"DEMO_OIDC_URL": "ftp://x"}, "DEMO_OIDC_URL"),
    ({"HOURLY_REVIEW_DAYS": "61"}, "HOURLY_REVIEW_DAYS"),
    ({"HOURLY_REVIEW_DAYS": "five"}, "HOURLY_REVIEW_DAYS"),
])
def test_malformed_setting_is_named_in_one_line(env, named):
    with pytest.raises(SettingsError) as info:
        _load(**env)
    message = str(info.value)
    assert named in message
    assert "\n" not in message


def test_providers_google_github_generic_and_demo():
    settings = _load(
        GOOGLE_CLIENT_ID="g-id", GOOGLE_CLIENT_SECRET="g-secret",
        GITHUB_CLIENT_ID="gh-id", GITHUB_CLIENT_SECRET="gh-secret",
        OIDC_PROVIDERS=json.dumps([{"name": "keycloak", "label": "Company SSO",
                                    "discovery_url": "https://sso.example/.well-known/openid-configuration",
                                    "client_id": "k", "client_secret": "ks"}]),
        DEMO_OIDC_URL="http://localhost:9400",
    )
    assert [p.name for p in settings.providers] == ["google", "github", "keycloak", "demo"]
    assert settings.provider("github").kind == "github"
    assert settings.provider("keycloak").label == "Company SSO"
    assert settings.provider("demo").discovery_url == \
        "http://localhost:9400/.well-known/openid-configuration"
    assert settings.provider("nope") is None


def test_admins_lowercased_and_https_means_secure_cookies():
    settings = _load(ADMIN_EMAILS="Boss@Example.com, ops@example.com",
                     PUBLIC_URL="https://vamarket.example")
    assert settings.admin_emails == ("boss@example.com", "ops@example.com")
    assert settings.secure_cookies
