"""Every page of the app, in one list."""

import reflex as rx

from vamarket.pages.landing import page as landing

PAGES = [landing.PAGE]


def add_pages(app: rx.App) -> None:
    """Register all pages on `app`."""
    for spec in PAGES:
        app.add_page(**spec)
