"""The local demo OpenID provider (oidc-provider-mock) for `make run`.

`python -m vamarket.demo.oidc --port 9400` serves it with a required nonce. The demo people are
one-click users with a verified email and a name; typing any other subject signs in a new person
whose "email" is that subject, unverified (so it never joins an existing account).
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import time

import httpx
import werkzeug.serving
from oidc_provider_mock import User, app

from vamarket.demo.people import DEMO_PEOPLE


def demo_users() -> list[User]:
    """The demo people as predefined provider users (verified emails)."""
    return [User(sub=p.subject, claims={"email": p.email, "email_verified": True, "name": p.name})
            for p in DEMO_PEOPLE]


def main(argv: list[str] | None = None) -> int:
    """Serve the demo provider until interrupted."""
    parser = argparse.ArgumentParser(description="vamarket demo sign-in provider")
    parser.add_argument("--port", type=int, default=9400)
    parser.add_argument("--host", default="127.0.0.1")
    args = parser.parse_args(argv)
    os.environ["AUTHLIB_INSECURE_TRANSPORT"] = "1"  # local http only
    provider = app(require_nonce=True, user_claims=demo_users())
    server = werkzeug.serving.make_server(args.host, args.port, provider, threaded=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()
    return 0


def start_demo_provider(port: int, timeout: float = 20.0) -> subprocess.Popen:
    """Start the demo provider as its own process; return once its discovery document answers."""
    process = subprocess.Popen(  # noqa: S603 - fixed command line
        [sys.executable, "-m", "vamarket.demo.oidc", "--port", str(port)])
    url = f"http://127.0.0.1:{port}/.well-known/openid-configuration"
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"the demo sign-in provider exited with code {process.returncode}")
        try:
            if httpx.get(url, timeout=1).status_code == 200:
                return process
        except httpx.HTTPError:
            pass
        time.sleep(0.2)
    process.terminate()
    process.wait(timeout=5)
    raise RuntimeError(f"the demo sign-in provider did not answer on port {port}")


if __name__ == "__main__":
    raise SystemExit(main())
