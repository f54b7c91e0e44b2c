"""The site's languages, in one place: codes, names, page suffixes and URL prefixes.

Indonesian is the default language and lives at the site root; every other
language lives under /<code>/ and its hand-written pages are `page.<code>.md`
(mkdocs-static-i18n's suffix layout).
"""

from __future__ import annotations

LANGUAGES = ("id", "en")
DEFAULT = "id"
NAMES = {"id": "Indonesian", "en": "English"}
LOCALES = {"id": "id", "en": "en_GB"}  # Babel locales: both put the day first


def suffix(lang: str) -> str:
    """Source suffix before .md: '' for the default language, '.en' for English."""
    return "" if lang == DEFAULT else f".{lang}"


def prefix(lang: str) -> str:
    """URL prefix of a language: '' for the default language, 'en/' for English."""
    return "" if lang == DEFAULT else f"{lang}/"


def other(lang: str) -> str:
    return next(code for code in LANGUAGES if code != lang)


def of_source(src_uri: str) -> str:
    """The language of a page source: 'bantuan.en.md' -> 'en', 'bantuan.md' -> 'id'."""
    stem = src_uri.rsplit("/", 1)[-1].removesuffix(".md")
    code = stem.rsplit(".", 1)[-1] if "." in stem else DEFAULT
    return code if code in LANGUAGES else DEFAULT
