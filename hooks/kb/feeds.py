"""Following changes: an Atom feed per language and a "recent changes" page.

A record's date is the day its file last changed in substance
(history.substantive_changes: commits announced as chore/typo/style/format,
and whitespace-only edits, do not count). Each record is one entry, whose id
is the record's permanent address in that language: a later change updates
the entry instead of adding a second one.

Addresses: feed.xml (Indonesian) and en/feed.xml; the page is changes/.
"""

from __future__ import annotations

from dataclasses import dataclass
from xml.sax.saxutils import escape as xml_escape, quoteattr

from . import dates
from .addresses import (SiteInfo, docs_target, prefix, record_url, relative, shorten,
                        summary, title)
from .model import KnowledgeBase, Record
from .strings import group
from .text import escape

ATOM = "http://www.w3.org/2005/Atom"
FEED_LIMIT = 50
PAGE_LIMIT = 100


@dataclass(frozen=True)
class Change:
    record: Record
    day: str  # ISO date: 2026-11-29


def feed_path(lang: str) -> str:
    return f"{prefix(lang)}feed.xml"


def changes(kb: KnowledgeBase, changed: dict[str, str]) -> list[Change]:
    """Every record with a known date, newest first (then by collection and id: a stable order)."""
    found = [Change(r, dates.parse(changed[r.file]).iso()) for r in kb.all() if changed.get(r.file)]
    found.sort(key=lambda c: (c.record.collection.name, c.record.id))
    found.sort(key=lambda c: c.day, reverse=True)
    return found


def atom(kb_changes: list[Change], lang: str, site: SiteInfo, limit: int = FEED_LIMIT,
         page_dir: str = "changes/") -> bytes:
    """A valid Atom 1.0 feed (RFC 4287) of the most recent changes, in one language."""
    w = group("feed", lang)
    feed_url = site.url + feed_path(lang)
    entries = kb_changes[:limit]
    updated = _timestamp(entries[0].day) if entries else (site.built or "1970-01-01T00:00:00Z")
    out = ['<?xml version="1.0" encoding="utf-8"?>',
           f'<feed xmlns="{ATOM}" xml:lang={quoteattr(lang)}>',
           f"  <id>{xml_escape(feed_url)}</id>",
           f"  <title>{xml_escape(w['feed'])} – {xml_escape(site.site_name(lang))}</title>",
           f"  <updated>{updated}</updated>",
           f"  <author><name>{xml_escape(site.site_name(lang))}</name><uri>{xml_escape(site.home(lang))}</uri></author>",
           f'  <link rel="self" type="application/atom+xml" href={quoteattr(feed_url)}/>',
           f'  <link rel="alternate" type="text/html" href={quoteattr(site.url + prefix(lang) + page_dir)}/>',
           "  <rights>CC BY 4.0</rights>"]
    for change in entries:
        record = change.record
        url = record_url(site, record, lang)
        label = group("collection_one", lang)[record.collection.name]
        out += ["  <entry>",
                f"    <id>{xml_escape(url)}</id>",
                f"    <title>{xml_escape(title(record, lang))}</title>",
                f"    <updated>{_timestamp(change.day)}</updated>",
                f'    <link rel="alternate" type="text/html" href={quoteattr(url)}/>',
                f"    <category term={quoteattr(record.collection.name)} label={quoteattr(label)}/>",
                f"    <summary>{xml_escape(shorten(summary(record, lang) or label, 500))}</summary>",
                "  </entry>"]
    out.append("</feed>")
    return ("\n".join(out) + "\n").encode("utf-8")


def _timestamp(day: str) -> str:
    return f"{dates.parse(day).first_day().isoformat()}T00:00:00Z"


def changes_page(kb_changes: list[Change], lang: str, limit: int = PAGE_LIMIT, page_dir: str = "changes/",
                 heading: bool = True) -> str:
    """The Markdown of the "recent changes" page (docs/changes/index.md and index.en.md), by day."""
    w = group("feed", lang)
    here = page_dir
    out = [f"# {w['page']}", ""] if heading else []
    feed_href = relative(prefix(lang) + page_dir, feed_path(lang))
    out += [w["intro"], "", f"{w['subscribe']} <a href=\"{feed_href}\" type=\"application/atom+xml\">"
                            f"{feed_path(lang).rsplit('/', 1)[-1]}</a>", ""]
    if not kb_changes:
        out.append(w["none"])
    day = None
    for change in kb_changes[:limit]:
        if change.day != day:
            day = change.day
            out += ["", f"## {dates.display(dates.parse(day), lang)}", ""]
        record = change.record
        target = relative(here, docs_target(record))
        label = group("collection_one", lang)[record.collection.name]
        out.append(f"- [{escape(title(record, lang))}]({target}) ({label})")
    return "\n".join(out).rstrip() + "\n"


def head_link(lang: str, site: SiteInfo) -> str:
    """<link rel="alternate"> for every page's <head>, so browsers and readers find the feed."""
    return (f'<link rel="alternate" type="application/atom+xml" href={quoteattr(site.url + feed_path(lang))} '
            f"title={quoteattr(group('feed', lang)['feed'] + ' – ' + site.site_name(lang))}>")
