"""Glossary terms at work in pages: abbreviation tooltips and links to first mentions."""

from __future__ import annotations

import re
from dataclasses import dataclass

from .model import KnowledgeBase

# Text inside these elements is never linked.
_SKIP = {"a", "h1", "h2", "h3", "h4", "h5", "h6", "code", "pre", "abbr", "script", "style", "summary",
         "button", "label", "select", "option", "textarea", "svg"}
_TOKEN = re.compile(r"(<!--.*?-->|<[^>]+>)", re.DOTALL)
_TAG = re.compile(r"<\s*(/)?\s*([a-zA-Z0-9]+)[^>]*?(/)?\s*>")
_VOID = {"br", "hr", "img", "input", "meta", "link", "wbr", "source", "col", "area", "base", "embed", "track"}


def abbreviations(kb: KnowledgeBase, lang: str) -> dict[str, str]:
    """{abbreviation: its expansion in one language}, for tooltips."""
    return {term["abbr"]: " ".join(term["name"][lang].split())
            for term in sorted(kb.collection("terms"), key=lambda t: t.id) if term.get("abbr")}


def abbreviation_lines(kb: KnowledgeBase, lang: str) -> str:
    """Markdown abbreviation definitions (`*[WNI]: Warga Negara Indonesia`) for the prose pages.

    Abbreviations are checked by the schema (letters, digits, spaces, . / -); the expansion after
    the colon becomes the title attribute, escaped by Python-Markdown.
    """
    return "\n".join(f"*[{abbr}]: {expansion}" for abbr, expansion in abbreviations(kb, lang).items())


@dataclass(frozen=True)
class Term:
    id: str
    pattern: re.Pattern


def terms_for(kb: KnowledgeBase, lang: str) -> list[Term]:
    """Terms to find in running text: by name in the language, longest first."""
    found = []
    for term in kb.collection("terms"):
        name = term["name"][lang].strip()
        if term.get("abbr") or len(name) < 4:
            continue  # abbreviations get tooltips instead of links
        pattern = re.compile(rf"(?<![\w-])({re.escape(name)})(?![\w-])", re.IGNORECASE)
        found.append(Term(term.id, pattern))
    return sorted(found, key=lambda t: -len(t.pattern.pattern))


def link_first_mentions(html: str, terms: list[Term], href_for, skip_ids=(), scope_class: str | None = None) -> str:
    """Link the first mention of each term, once per page, outside headings and links.

    With scope_class, only text inside the first element with that class is
    considered (a record page links terms in its summary only).
    """
    tokens = _TOKEN.split(html)
    stack: list[str] = []
    in_scope = scope_class is None
    scope_depth = None
    done = set(skip_ids)
    for index, token in enumerate(tokens):
        if not token:
            continue
        if token.startswith("<"):
            match = _TAG.match(token)
            if not match or token.startswith("<!"):
                continue
            closing, name, self_closing = match.group(1), match.group(2).lower(), match.group(3)
            if closing:
                while stack and stack.pop() != name:
                    pass
                if scope_depth is not None and len(stack) < scope_depth:
                    in_scope, scope_depth = False, None
            elif name not in _VOID and not self_closing:
                stack.append(name)
                if scope_class and scope_depth is None and re.search(rf'class="[^"]*\b{scope_class}\b', token):
                    in_scope, scope_depth = True, len(stack)
            continue
        if not in_scope or any(tag in _SKIP for tag in stack):
            continue
        pieces, rest = [], token
        while True:
            best = None
            for term in terms:
                if term.id not in done:
                    match = term.pattern.search(rest)
                    if match and (best is None or match.start() < best[1].start()):
                        best = (term, match)
            if best is None:
                break
            term, match = best
            pieces.append(f'{rest[: match.start()]}<a class="kb-term" href="{href_for(term.id)}">{match.group(1)}</a>')
            rest = rest[match.end():]
            done.add(term.id)
        tokens[index] = "".join(pieces) + rest
    return "".join(tokens)
