"""Fixes for the parts of the MkDocs stack whose cost grows faster than the number of pages.

Measured and explained in bench/PROFILE.md. Call `apply()` once from the MkDocs
hook (module level or on_startup); it is idempotent. Each fix checks that the
upstream code is still the version it was written against and, if not, leaves
it alone and says so in the log, so an upgrade never runs a stale patch
silently: drop the fix once upstream ships its own.

1. mkdocs-static-i18n 1.3.1, `ExtendedPlugin.reconfigure_search_duplicates`
   (mkdocs_static_i18n/reconfigure.py). With `reconfigure_search: true` it
   compares every default-language search entry with every other-language
   entry (a `filter` over the whole list per entry, then `list.remove`): O(n²)
   in the number of search entries. At 5,000 records (90,514 entries) it took
   820 of a 906 s build. Upstream improved it once (ultrabug/mkdocs-static-i18n
   PR #253, after issue #57 "Large site friction") but it is still quadratic.
   The replacement indexes the other-language entries by (title, text) and
   keeps the same rule: an other-language entry is removed when its title and
   text equal a default-language entry's and its location ends with that
   entry's location. Result: the same index (checked in bench/PROFILE.md),
   in linear time. One difference: upstream removes items from the list it is
   iterating over, which can skip a duplicate that directly follows another;
   this version removes every duplicate the rule matches.
"""

from __future__ import annotations

import hashlib
import inspect
import logging

log = logging.getLogger("mkdocs.hooks.stack_fixes")

# sha256 of the upstream function's source this fix replaces (mkdocs-static-i18n 1.3.1).
_I18N_DEDUP_SHA256 = "af6b4924f53aebbb62013296c84f135ff7be77cfb4072d348d6d6b5bd3d96f16"
_applied: set[str] = set()


def _source_digest(function) -> str:
    return hashlib.sha256(inspect.getsource(function).encode()).hexdigest()


def deduplicate_search_entries(entries: list[dict], languages: list[str]) -> None:
    """Remove, in place, other-language search entries that duplicate a default-language entry.

    `languages` are the build languages; an entry whose location starts with
    "<lang>/" belongs to that language's tree, every other entry to the default
    language (at the site root).
    """
    prefixes = tuple(f"{lang}/" for lang in languages)
    candidates: dict[tuple, list[dict]] = {}
    for entry in entries:
        if entry["location"].startswith(prefixes):
            candidates.setdefault((entry["title"], entry["text"]), []).append(entry)
    if not candidates:
        return
    removed: set[int] = set()
    for entry in entries:
        if entry["location"].startswith(prefixes):
            continue
        for other in candidates.get((entry["title"], entry["text"]), ()):
            if id(other) not in removed and other["location"].endswith(entry["location"]):
                removed.add(id(other))
                log.debug(f"removed duplicated search entry: {other['title']} {other['location']}")
    if removed:
        entries[:] = [entry for entry in entries if id(entry) not in removed]


def fix_i18n_search_duplicates() -> bool:
    """Make mkdocs-static-i18n's search de-duplication linear (see the module docstring, fix 1)."""
    if "i18n-search-duplicates" in _applied:
        return True
    try:
        from mkdocs_static_i18n.reconfigure import ExtendedPlugin
    except ImportError:
        return False
    original = ExtendedPlugin.reconfigure_search_duplicates
    if _source_digest(original) != _I18N_DEDUP_SHA256:
        log.warning("stack_fixes: mkdocs-static-i18n's reconfigure_search_duplicates is not the 1.3.1 version "
                    "this fix replaces; left as it is (check whether the fix is still needed: bench/PROFILE.md)")
        return False

    def reconfigure_search_duplicates(self, search_index_entries):
        deduplicate_search_entries(search_index_entries, list(self.build_languages))

    reconfigure_search_duplicates.__doc__ = original.__doc__
    reconfigure_search_duplicates.__wrapped__ = original
    ExtendedPlugin.reconfigure_search_duplicates = reconfigure_search_duplicates
    _applied.add("i18n-search-duplicates")
    return True


def apply() -> list[str]:
    """Apply every fix; returns the names of those in effect."""
    fix_i18n_search_duplicates()
    return sorted(_applied)
