"""The Reflex app: pages registered from each page package, /auth routes mounted beside them."""

import reflex as rx

from vamarket.auth.routes import build_auth_app
from vamarket.pages import registry

app = rx.App(api_transformer=build_auth_app())
registry.add_pages(app)
