"""Every page of the app: each `vamarket/pages/<name>/page.py` lists its pages in `PAGES`."""

import importlib
import importlib.util
import pkgutil

import reflex as rx

import vamarket.pages as pages_pkg


def page_specs() -> list[dict]:
    """All page specs (keyword arguments for `App.add_page`), in package order."""
    specs: list[dict] = []
    for info in sorted(pkgutil.iter_modules(pages_pkg.__path__), key=lambda i: i.name):
        if not info.ispkg or importlib.util.find_spec(f"vamarket.pages.{info.name}.page") is None:
            continue
        module = importlib.import_module(f"vamarket.pages.{info.name}.page")
        specs.extend(module.PAGES)
    return specs


def add_pages(app: rx.App) -> None:
    """Register all pages on `app`."""
    for spec in page_specs():
        app.add_page(**spec)
