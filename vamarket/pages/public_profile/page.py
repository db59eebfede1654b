"""A user's public profile at /u/<id>: what anyone may see, never an email."""

from __future__ import annotations

import reflex as rx

from vamarket.components.layout import T, page_frame
from vamarket.pages.public_profile.reputation_view import ProfileReputationState as R
from vamarket.pages.public_profile.reputation_view import figures, review_list
from vamarket.pages.public_profile.state import PublicProfileState as S

# The route argument is not called `user_id`: that name is taken by AppState.user_id.
ROUTE = "/u/[profile_id]"


def _facts() -> rx.Component:
    def fact(icon: str, label_key: str, value) -> rx.Component:
        return rx.hstack(rx.icon(icon, size=16, color="var(--gray-10)"),
                         rx.text(T[label_key], ": ", size="2", color_scheme="gray"),
                         rx.text(value, size="2", weight="medium"), align="center", spacing="1")
    return rx.flex(
        rx.cond(S.rate_text != "", fact("wallet", "public.rate", S.rate_text + T["public.per_hour"])),
        rx.cond(S.p_hours > 0, fact("clock", "public.hours", S.p_hours.to_string())),
        rx.cond(S.p_timezone != "", fact("globe", "public.timezone", S.p_timezone)),
        rx.cond(S.p_languages.length() > 0, fact("languages", "public.languages",
                                                   S.p_languages.join(", ").upper())),
        wrap="wrap", spacing="4",
    )


def _badges(items, key_prefix: str, color: str) -> rx.Component:
    return rx.flex(rx.foreach(items, lambda slug: rx.badge(T[key_prefix + slug], color_scheme=color,
                                                           size="2")), wrap="wrap", spacing="2")


def _va_part() -> rx.Component:
    return rx.vstack(
        _facts(),
        rx.cond(S.p_bio != "", rx.text(S.p_bio, white_space="pre-wrap", id="public-bio")),
        rx.cond(S.p_categories.length() > 0, _badges(S.p_categories, "category.", "teal")),
        rx.cond(S.p_skills.length() > 0, _badges(S.p_skills, "skill.", "gray")),
        rx.cond(S.p_tags.length() > 0, rx.flex(rx.foreach(S.p_tags, lambda t: rx.badge(
            t, variant="outline", size="2")), wrap="wrap", spacing="2")),
        rx.cond(S.p_links.length() > 0, rx.vstack(
            rx.heading(T["public.portfolio"], size="3"),
            rx.foreach(S.p_links, lambda u: rx.link(u, href=u, is_external=True, rel="nofollow noopener",
                                                     word_break="break-all")),
            spacing="1")),
        rx.cond(S.p_agency_slug != "", rx.text(
            T["public.member_of"], " ", rx.link(S.p_agency_name, href="/agencies/" + S.p_agency_slug,
                                                id="public-agency-link"), size="2")),
        spacing="4", width="100%",
    )


def _profile() -> rx.Component:
    return rx.vstack(
        rx.flex(
            rx.avatar(src=rx.cond(S.p_photo != "", rx.get_upload_url(S.p_photo), ""),
                      fallback=S.p_name.to(str)[:1], size="8", radius="full"),
            rx.vstack(
                rx.heading(S.p_name, size="7", id="public-name"),
                rx.cond(S.p_headline != "", rx.text(S.p_headline, size="4", color_scheme="gray")),
                rx.hstack(rx.cond(S.p_is_va, rx.badge(T["public.role_va"])),
                          rx.cond(S.p_is_client, rx.badge(T["public.role_client"], color_scheme="blue")),
                          rx.cond(S.p_company != "", rx.text(S.p_company, size="2")),
                          rx.cond(S.p_country != "", rx.text("(" + S.p_country + ")", size="2")),
                          wrap="wrap", align="center"),
                spacing="2"),
            spacing="4", align=rx.breakpoints(initial="start", sm="center"),
            direction=rx.breakpoints(initial="column", sm="row"),
        ),
        figures(),
        rx.cond(S.p_is_va, _va_part()),
        review_list(),
        spacing="5", width="100%",
    )


def public_profile() -> rx.Component:
    """The profile, a not-found message, or a spinner while loading."""
    return page_frame(rx.cond(
        S.loaded,
        rx.cond(S.found, _profile(), rx.callout(T["public.not_found"], icon="user-x",
                                                 id="public-not-found")),
        rx.center(rx.spinner(size="3"), padding="6"),
    ))


PAGES = [dict(component=public_profile, route=ROUTE, on_load=[S.load, R.load_reputation], title="vamarket")]
