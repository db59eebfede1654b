"""The demo people: the same subjects are offered by the demo sign-in provider and seeded."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class DemoPerson:
    """One seeded demo account."""

    subject: str
    email: str
    name: str
    is_client: bool
    is_va: bool


DEMO_PEOPLE: tuple[DemoPerson, ...] = (
    DemoPerson("client-sari", "sari@demo.vamarket.test", "Sari Wijaya", True, False),
    DemoPerson("client-tom", "tom@demo.vamarket.test", "Tom Becker", True, False),
    DemoPerson("va-dewi", "dewi@demo.vamarket.test", "Dewi Lestari", False, True),
    DemoPerson("va-budi", "budi@demo.vamarket.test", "Budi Santoso", False, True),
    DemoPerson("va-rina", "rina@demo.vamarket.test", "Rina Putri", False, True),
    DemoPerson("agency-owner-andi", "andi@demo.vamarket.test", "Andi Pratama", False, True),
)
