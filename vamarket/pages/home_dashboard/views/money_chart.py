"""A side's money per month: a bar chart (recharts) with the exact figures listed under it."""

from __future__ import annotations

import reflex as rx

from vamarket.components.layout import T
from vamarket.pages.home_dashboard.state import HomeDashboardState as S


def _currency_switch(side: str) -> rx.Component:
    return rx.cond(S.currencies[side].length() > 1, rx.segmented_control.root(
        rx.foreach(S.currencies[side], lambda cur: rx.segmented_control.item(cur, value=cur)),
        value=S.currency[side], on_change=lambda cur: S.show_currency(side, cur), size="1",
        id=f"{side}-currency"))


def _table(side: str, in_key: str, out_key: str) -> rx.Component:
    def row(item) -> rx.Component:
        return rx.table.row(rx.table.cell(item["month"]), rx.table.cell(item["in"]),
                            rx.table.cell(item["out"]))
    return rx.table.root(
        rx.table.header(rx.table.row(rx.table.column_header_cell(T["home.month"]),
                                     rx.table.column_header_cell(T[in_key]),
                                     rx.table.column_header_cell(T[out_key]))),
        rx.table.body(rx.foreach(S.tables[side], row)),
        size="1", width="100%", id=f"{side}-money-table")


def money_chart(side: str, title_key: str, in_key: str, out_key: str,
                empty_key: str) -> rx.Component:
    """The last twelve months of `side` ("client" or "va") in the chosen currency."""
    chart = rx.recharts.bar_chart(
        rx.recharts.cartesian_grid(stroke_dasharray="3 3", vertical=False),
        rx.recharts.x_axis(data_key="month", font_size=11, interval="preserveStartEnd"),
        rx.recharts.y_axis(width=56, font_size=11),
        rx.recharts.graphing_tooltip(),
        rx.recharts.legend(),
        rx.recharts.bar(data_key="in", name=T[in_key], fill="var(--teal-9)", radius=3,
                        is_animation_active=False),
        rx.recharts.bar(data_key="out", name=T[out_key], fill="var(--amber-9)", radius=3,
                        is_animation_active=False),
        data=S.charts[side], width="100%", height=260)
    return rx.card(rx.vstack(
        rx.flex(rx.heading(T[title_key], size="4"), rx.spacer(), _currency_switch(side),
                width="100%", align="center", wrap="wrap", spacing="2"),
        rx.cond(S.tables[side].length() > 0, rx.vstack(
            rx.box(chart, width="100%", id=f"{side}-chart"),
            rx.text(T["home.amounts_in"], " ", S.currency[side], size="1", color_scheme="gray"),
            _table(side, in_key, out_key),
            spacing="2", width="100%"),
            rx.text(T[empty_key], color_scheme="gray", size="2", id=f"{side}-chart-empty")),
        spacing="3", width="100%"), width="100%")
