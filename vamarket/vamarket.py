"""The Reflex app: pages registered from each page package; /auth, /stripe/webhook and /files
mounted beside them; the background sweep runs on a schedule."""

import reflex as rx

from vamarket import sweep
from vamarket.auth.routes import build_auth_app
from vamarket.files_route import build_files_app
from vamarket.pages import registry
from vamarket.payments.webhook_route import build_webhook_app

app = rx.App(api_transformer=[build_auth_app(), build_webhook_app(), build_files_app()])
registry.add_pages(app)
app.register_lifespan_task(sweep.run_on_schedule)  # every SWEEP_INTERVAL_SECONDS
