"""reformpress with a Markdown engine that costs (almost) nothing: the what-if of bench/floor.py.

    python bench/without_markdown.py build --no-search --root SITE

The same command line as ``python -m reformpress``; the one difference is that each section's
Markdown becomes its paragraphs, escaped, and its pictures become figures (their sizes read as
usual, so the same smaller copies are made and the same files copied), sanitised by nh3 as any
engine's HTML must be — about what a Markdown engine written in C would give, at no cost.  Everything else (loading, checking, the cache,
related news, page rendering, QR codes, feeds, writing) runs as it does in a real build.

Not a product and not a test: its pages lack emphasis, links, lists and tables.  It answers one
question, with a measurement instead of an estimate: how fast would a cold build be if
Python-Markdown were replaced?
"""

from __future__ import annotations

import html

from reformpress.model import Figure, HtmlPolicy
from reformpress.site import assemble
from reformpress.text.markdown import DEFAULT_POLICY, IMAGE_RE, Rendered, _cleaner


def paragraphs(
    pieces: list[tuple[str, str]],
    sizes: dict[str, tuple[int, int]] | None = None,
    policy: HtmlPolicy | None = None,
    eager_first: bool = False,
    pictures: str = "",
) -> list[Rendered]:
    """:func:`reformpress.text.markdown.render_pieces`, but each blank-line block is a paragraph or a picture."""
    sizes = sizes or {}
    done = []
    for text, _prefix in pieces:
        parts, figures = [], []
        for block in text.split("\n\n"):
            block = block.strip()
            image = IMAGE_RE.fullmatch(block)
            if image:
                src, caption = image["src"], image["title"] or image["alt"]
                width, height = sizes.get(src, (0, 0))
                figures.append(Figure(src, caption, width, height))
                parts.append(f'<figure><img src="{html.escape(pictures + src)}" width="{width}" height="{height}" alt="{html.escape(image["alt"])}"><figcaption>{html.escape(caption)}</figcaption></figure>')
            elif block:
                parts.append(f"<p>{html.escape(block)}</p>")
        done.append(Rendered(_cleaner(policy or DEFAULT_POLICY).clean("\n".join(parts)), (), tuple(figures), ()))  # any engine's HTML is sanitised
    return done


if __name__ == "__main__":  # the page workers' server imports this file again: it must not build
    assemble.render_pieces = paragraphs  # type: ignore[assignment]  # the Markdown workers are forks: they inherit it
    from reformpress.commands.cli import main

    main(prog_name="reformpress")
