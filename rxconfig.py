"""Reflex configuration, derived from vamarket's settings (see vamarket/settings.py)."""

import os
import sys

import reflex as rx

from vamarket.settings import SettingsError, get_settings

os.environ.setdefault("REFLEX_TELEMETRY_ENABLED", "false")
os.environ.setdefault("REFLEX_CHECK_LATEST_VERSION", "0")

try:
    _settings = get_settings()
except SettingsError as exc:  # one clear line instead of a traceback
    print(f"vamarket: setting error: {exc}", file=sys.stderr)
    sys.exit(2)
_port = int(os.environ.get("VAMARKET_PORT", "3000"))

config = rx.Config(
    app_name="vamarket",
    db_url=_settings.database_url,
    redis_url=_settings.redis_url or None,
    telemetry_enabled=False,
    show_built_with_reflex=False,
    frontend_port=_port,
    backend_port=int(os.environ.get("VAMARKET_BACKEND_PORT", "8000")),
    deploy_url=_settings.public_url,
    api_url=os.environ.get("VAMARKET_API_URL", _settings.public_url),
    plugins=[rx.plugins.RadixThemesPlugin(
        theme=rx.theme(accent_color="teal", radius="medium", appearance="light"))],
    disable_plugins=[rx.plugins.SitemapPlugin],
)
