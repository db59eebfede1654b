"""Browser tests: the real app (`vamarket.cli serve`, production build) with its demo sign-in
provider, on a fresh SQLite database, driven by Playwright in Debian's Chromium."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = ROOT / "test-artifacts"
ADMIN_EMAIL = "tom@demo.vamarket.test"  # the demo client Tom is also the admin in browser tests


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _wait_for(url: str, process: subprocess.Popen, log: Path, seconds: int = 240) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"app exited early:\n{log.read_text()[-3000:]}")
        try:
            if httpx.get(url, timeout=2).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        time.sleep(1)
    raise RuntimeError(f"app did not answer at {url}:\n{log.read_text()[-3000:]}")


@pytest.fixture(scope="session")
def app_url(tmp_path_factory) -> Iterator[str]:
    """Base URL of a running vamarket (fresh database, demo data, demo sign-in)."""
    workdir = tmp_path_factory.mktemp("app")
    port, oidc_port, stripe_port = _free_port(), _free_port(), _free_port()
    env = {k: v for k, v in os.environ.items()
           if not k.startswith(("GOOGLE_", "GITHUB_", "OIDC_", "DEMO_OIDC_URL", "STRIPE_"))}
    env.update({
        "DATABASE_URL": f"sqlite:///{workdir / 'browser.db'}",
        "PUBLIC_URL": f"http://localhost:{port}",
        "DEMO_OIDC_PORT": str(oidc_port),
        "STRIPE_LOCAL_PORT": str(stripe_port),
        "UPLOAD_DIR": str(workdir / "uploads"),
        "FILES_DIR": str(workdir / "files"),
        "ADMIN_EMAILS": ADMIN_EMAIL,
    })
    for step in ("migrate", "seed"):
        subprocess.run([sys.executable, "-m", "vamarket.cli", step], cwd=ROOT, env=env, check=True)
    log = workdir / "app.log"
    with log.open("w") as out:
        process = subprocess.Popen(
            [sys.executable, "-m", "vamarket.cli", "serve", "--port", str(port)],
            cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT, start_new_session=True)
    base = f"http://localhost:{port}"
    try:
        _wait_for(base + "/", process, log)
        yield base
    finally:
        _stop(process)


def _stop(process: subprocess.Popen) -> None:
    if process.poll() is not None:
        return
    os.killpg(process.pid, signal.SIGTERM)
    try:
        process.wait(timeout=30)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)


@pytest.fixture
def page_for(chromium, app_url, request):
    """Factory for pages in fresh browser contexts (separate users); fails on console errors."""
    contexts, errors = [], []

    def _new(width: int = 1280):
        context = chromium.new_context(viewport={"width": width, "height": 900}, base_url=app_url)
        contexts.append(context)
        page = context.new_page()
        def on_console(message, page=page) -> None:
            # Only our own pages count: the demo provider's page loads styles from elsewhere.
            if message.type == "error" and page.url.startswith(app_url):
                errors.append(f"{page.url}: {message.text}")

        page.on("console", on_console)
        page.set_default_timeout(15000)
        return page

    yield _new
    ARTIFACTS.mkdir(exist_ok=True)
    for i, context in enumerate(contexts):
        for j, page in enumerate(context.pages):
            page.screenshot(path=ARTIFACTS / f"{request.node.name}-{i}-{j}-final.png", full_page=True)
        context.close()
    assert not errors, f"browser console errors: {errors}"
