"""How sources are named and cited: short citations, full references, the "cite this page" text.

Every function returns Markdown built from escaped pieces (`Safe`), or plain
text where the caller escapes (`citation_text`).
"""

from __future__ import annotations

from . import dates
from .model import Record
from .strings import Strings
from .text import Safe, escape, external


def year_of(source: Record, words: Strings, lang: str) -> str:
    if source.get("published"):
        return str(dates.parse(source["published"]).year)
    if source.get("year"):
        return str(source["year"])
    return words.label("words", "no_year", lang)


def short_citation(source: Record, words: Strings, lang: str) -> str:
    """Ardanya dkk. (2025) / Ardanya et al. (2025) / Tempo.co (2023): plain text."""
    families = [a.split(",")[0].strip() for a in source.get("authors") or []]
    if not families:
        who = source.get("container") or source["title"]
    elif len(families) == 1:
        who = families[0]
    elif len(families) == 2:
        who = f"{families[0]} & {families[1]}"
    else:
        who = f"{families[0]} {words.label('words', 'et_al', lang)}"
    return f"{who} ({year_of(source, words, lang)})"


def pages_label(pages, words: Strings, lang: str) -> str:
    text = str(pages)
    many = any(ch in text for ch in "-–,")
    return f"{words.label('words', 'pages' if many else 'page', lang)} {text.replace('-', '–')}"


def reference(source: Record, words: Strings, lang: str) -> Safe:
    """The full entry, APA-like: Authors (Date). Title. *Container*, vol(issue), pages. Address."""
    authors = list(source.get("authors") or [])
    if len(authors) > 1:
        authors[-1] = "& " + authors[-1]
    when = year_of(source, words, lang)
    if source.get("published") and dates.parse(source["published"]).precision != "year":
        when = dates.display(dates.parse(source["published"]), lang)
    parts = [f"{escape(', '.join(authors))} ({escape(when)})." if authors else f"({escape(when)})."]
    title = source["title"]
    parts.append(escape(title if title.endswith((".", "?", "!")) else title + "."))
    if source.get("container"):
        container = f"*{escape(source['container'])}*"
        if source.get("volume"):
            container += f", {escape(source['volume'])}"
            if source.get("issue"):
                container += f"({escape(source['issue'])})"
        if source.get("pages"):
            container += f", {escape(str(source['pages']).replace('-', '–'))}"
        parts.append(container + ".")
    if source.get("doi"):
        parts.append(external(f"https://doi.org/{source['doi']}"))
    elif source.get("url"):
        parts.append(external(source["url"]))
    if source.get("accessed"):
        parts.append(f"({escape(words.label('words', 'accessed', lang))} "
                     f"{escape(dates.display(dates.parse(source['accessed']), lang))})")
    return Safe(" ".join(parts))


def citation_text(name: str, day: str | None, site_name: str, url: str, words: Strings, lang: str) -> str:
    """The page as a reference a reader can paste: title, date of last data change, site, address."""
    when = dates.display(dates.parse(day), lang) if day else words.label("words", "no_year", lang)
    return f"{name}. ({when}). {words.label('words', 'in', lang)} {site_name}. {url}"
