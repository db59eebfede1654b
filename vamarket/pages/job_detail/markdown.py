"""Job descriptions are Markdown written by clients: render them to HTML that is safe to show.

Raw HTML in the source is escaped (markdown-it with html off), images show as their alt text
(no tracking pixels), and the result goes through nh3 with a short allow-list: no scripts, no event
handler attributes, links only to http, https and mailto, opened with rel="nofollow noopener".
"""

from __future__ import annotations

from html import escape

import nh3
from markdown_it import MarkdownIt

MAX_SOURCE = 20_000

_MD = MarkdownIt("commonmark", {"html": False, "linkify": False})
# An image is shown as its alt text: no remote loads from a job page.
_MD.add_render_rule("image", lambda self, tokens, idx, options, env: escape(tokens[idx].content))
_TAGS = {"p", "br", "strong", "em", "b", "i", "ul", "ol", "li", "blockquote", "code", "pre",
         "h1", "h2", "h3", "h4", "h5", "h6", "hr", "a"}
_ATTRIBUTES = {"a": {"href", "title"}}
_SCHEMES = {"http", "https", "mailto"}


def safe_html(markdown: str) -> str:
    """`markdown` as sanitized HTML (an empty string for empty input)."""
    source = (markdown or "")[:MAX_SOURCE]
    if not source.strip():
        return ""
    html = _MD.render(source)
    return nh3.clean(html, tags=_TAGS, attributes=_ATTRIBUTES, url_schemes=_SCHEMES,
                     link_rel="nofollow noopener noreferrer", strip_comments=True)
