"""Command line: `python -m vamarket.cli migrate | seed | sweep | serve [--dev] [--port N]`.

`serve` starts the local demo sign-in provider when no provider is configured, then Reflex;
Ctrl-C stops both.
"""

from __future__ import annotations

import argparse
import logging
import os
import subprocess
import sys

from vamarket.settings import PROJECT_ROOT, SettingsError, load_settings

DEMO_OIDC_PORT = int(os.environ.get("DEMO_OIDC_PORT", "9400"))


def _settings_or_exit():
    try:
        return load_settings()
    except SettingsError as exc:
        print(f"vamarket: setting error: {exc}", file=sys.stderr)
        raise SystemExit(2) from None


def cmd_migrate(_args: argparse.Namespace) -> int:
    """Apply migrations to the configured database."""
    settings = _settings_or_exit()
    from vamarket.migrations import upgrade_to_head

    upgrade_to_head(settings.database_url)
    print(f"migrated {settings.database_url.split('@')[-1]}")
    return 0


def cmd_seed(_args: argparse.Namespace) -> int:
    """Load the demo data once (repeating it changes nothing)."""
    _settings_or_exit()
    from vamarket.db import session_scope
    from vamarket.demo.seed import seed_demo

    with session_scope() as session:
        created = seed_demo(session)
    print("demo data loaded" if created else "demo data already present")
    return 0


def cmd_sweep(_args: argparse.Namespace) -> int:
    """Run the background sweep once and print what it did (`sweep <name>=<n> ...`)."""
    _settings_or_exit()
    from vamarket.sweep import format_line, run_once

    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    counts = run_once()
    print(format_line(counts))
    return 1 if any(name.endswith(".job_failed") for name in counts) else 0


def _reflex_command(args: argparse.Namespace) -> list[str]:
    base = [sys.executable, "-m", "reflex", "run", "--loglevel", "warning"]
    if args.dev:
        return base
    return [*base, "--env", "prod", "--single-port",
            "--frontend-port", str(args.port), "--backend-port", str(args.port)]


def reflex_environment(base: dict[str, str]) -> dict[str, str]:
    """`base` plus what Reflex needs here: the project's bun, and no outside probes."""
    env = dict(base)
    bun_dir = PROJECT_ROOT / ".tools" / "node_modules" / ".bin"
    env["PATH"] = f"{bun_dir}{os.pathsep}{env.get('PATH', '')}"
    env.setdefault("REFLEX_USE_SYSTEM_BUN", "1")
    env.setdefault("REFLEX_TELEMETRY_ENABLED", "false")
    env.setdefault("REFLEX_CHECK_LATEST_VERSION", "0")
    env.setdefault("REFLEX_HTTP_CLIENT_BIND_ADDRESS", "0.0.0.0")  # noqa: S104 - Reflex's own client
    return env


def _start_local_stripe(settings, env: dict[str, str], args: argparse.Namespace):
    """Start the local Stripe-compatible server and point the app (in `env`) at it."""
    from vamarket.payments import runtime

    port = int(os.environ.get("STRIPE_LOCAL_PORT", str(runtime.LOCAL_PORT)))
    backend = "http://localhost:8000" if args.dev else f"http://localhost:{args.port}"
    secret = settings.stripe_webhook_secret or runtime.LOCAL_WEBHOOK_SECRET
    process = subprocess.Popen(  # noqa: S603
        [sys.executable, "-m", "vamarket.stripe_local", "--port", str(port),
         "--webhook-url", f"{backend}/stripe/webhook", "--webhook-secret", secret,
         "--public-url", f"http://localhost:{port}"], cwd=PROJECT_ROOT, env=env)
    env["STRIPE_API_BASE"] = f"http://127.0.0.1:{port}"
    env["STRIPE_WEBHOOK_SECRET"] = secret
    print(f"local Stripe-compatible server at http://localhost:{port}")
    return process


def cmd_serve(args: argparse.Namespace) -> int:
    """Serve the app (production build on one port, or hot-reload with --dev)."""
    settings = _settings_or_exit()
    env = reflex_environment(dict(os.environ))
    env["VAMARKET_PORT"] = str(args.port)
    env["REFLEX_UPLOADED_FILES_DIR"] = str(settings.upload_dir)  # Reflex serves what we store
    if args.dev:
        env.setdefault("AUTH_CALLBACK_BASE", "http://localhost:8000")
        env.setdefault("VAMARKET_API_URL", "http://localhost:8000")
    else:
        env.setdefault("PUBLIC_URL", f"http://localhost:{args.port}")
    stripe_server = _start_local_stripe(settings, env, args) if not settings.stripe_secret_key else None
    provider = None
    if not settings.providers:
        from vamarket.demo.oidc import start_demo_provider

        provider = start_demo_provider(DEMO_OIDC_PORT)
        env["DEMO_OIDC_URL"] = f"http://localhost:{DEMO_OIDC_PORT}"
        print(f"demo sign-in provider at http://localhost:{DEMO_OIDC_PORT}")
    print(f"vamarket on http://localhost:{args.port}  (Ctrl-C stops it)")
    app = subprocess.Popen(_reflex_command(args), cwd=PROJECT_ROOT, env=env)  # noqa: S603
    try:
        return app.wait()
    except KeyboardInterrupt:
        app.terminate()
        app.wait(timeout=20)
        return 0
    finally:
        for child in (provider, stripe_server):
            if child is not None:
                child.terminate()
                child.wait(timeout=10)


def main(argv: list[str] | None = None) -> int:
    """Entry point."""
    parser = argparse.ArgumentParser(prog="vamarket")
    sub = parser.add_subparsers(dest="command", required=True)
    sub.add_parser("migrate").set_defaults(func=cmd_migrate)
    sub.add_parser("seed").set_defaults(func=cmd_seed)
    sub.add_parser("sweep").set_defaults(func=cmd_sweep)
    serve = sub.add_parser("serve")
    serve.add_argument("--dev", action="store_true")
    serve.add_argument("--port", type=int, default=3000)
    serve.set_defaults(func=cmd_serve)
    args = parser.parse_args(argv)
    return args.func(args)


if __name__ == "__main__":
    raise SystemExit(main())
