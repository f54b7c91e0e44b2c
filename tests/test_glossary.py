"""Glossary links: the first mention of a term, once, never in a heading or a link."""

from __future__ import annotations

import re

from kb.glossary import Term, link_first_mentions


def terms(*pairs):
    return [Term(id, re.compile(rf"(?<![\w-])({re.escape(name)})(?![\w-])", re.IGNORECASE)) for id, name in pairs]


def href(id):
    return f"../glossary/#{id}"


def test_first_mention_is_linked_once():
    html = "<p>Human trafficking is a crime. Human trafficking again.</p>"
    out = link_first_mentions(html, terms(("ht", "human trafficking")), href)
    assert out == ('<p><a class="kb-term" href="../glossary/#ht">Human trafficking</a> is a crime. '
                   "Human trafficking again.</p>")


def test_never_inside_headings_or_links():
    html = ('<h2 id="x">Human security</h2><p><a href="y">human security</a> and '
            "<strong>human security</strong></p>")
    out = link_first_mentions(html, terms(("hs", "human security")), href)
    assert out.count("kb-term") == 1
    assert '<h2 id="x">Human security</h2>' in out and '<a href="y">human security</a>' in out
    assert '<strong><a class="kb-term" href="../glossary/#hs">human security</a></strong>' in out


def test_several_terms_in_one_text_and_no_partial_words():
    html = "<p>soft power and due diligence; softpowered is not a term</p>"
    out = link_first_mentions(html, terms(("sp", "soft power"), ("dd", "due diligence")), href)
    assert out.count("kb-term") == 2
    assert "softpowered is not a term" in out


def test_scope_limits_links_to_the_summary():
    html = ('<div class="admonition"><p>soft power</p></div><div class="kb-summary"><p>soft power</p></div>'
            "<p>soft power</p>")
    out = link_first_mentions(html, terms(("sp", "soft power")), href, scope_class="kb-summary")
    assert out == ('<div class="admonition"><p>soft power</p></div><div class="kb-summary"><p>'
                   '<a class="kb-term" href="../glossary/#sp">soft power</a></p></div><p>soft power</p>')
