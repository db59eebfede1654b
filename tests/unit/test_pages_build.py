"""Every page builds: a component error fails here in seconds instead of stopping the app."""

import pytest

from vamarket.pages.registry import page_specs

SPECS = page_specs()


def test_every_page_package_is_registered():
    routes = [spec["route"] for spec in SPECS]
    assert len(routes) == len(set(routes)), "two pages share a route"
    assert {"/", "/jobs", "/contracts/[contract_id]", "/billing"} <= set(routes)


@pytest.mark.parametrize("spec", SPECS, ids=[spec["route"] for spec in SPECS])
def test_page_builds_and_renders(spec):
    rendered = spec["component"]().render()
    assert rendered
