"""Which Chromium the browser tests drive: the same rule here, in .ci/run and on GitHub's ubuntu-latest.

1. $CHROMIUM, when set (it must then exist);
2. the usual system locations (Debian's chromium, Ubuntu's chromium-browser, Google Chrome);
3. Playwright's own Chromium (`python -m playwright install chromium`; the workflow installs it).
Nothing found is an error naming every place tried: the browser tests never skip silently.
"""

from __future__ import annotations

import os
from pathlib import Path

SYSTEM = ("/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome")


class ChromiumNotFound(RuntimeError):
    pass


def _runnable(path: str | os.PathLike) -> bool:
    path = Path(path)
    return path.is_file() and os.access(path, os.X_OK)


def _playwright_chromium() -> str | None:
    """The executable Playwright would launch, if it is installed; None otherwise."""
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        return None
    try:
        with sync_playwright() as playwright:
            return playwright.chromium.executable_path
    except Exception:  # the driver could not start: treat as not found, and say so below
        return None


def find_chromium(environ=os.environ, system=SYSTEM, playwright=_playwright_chromium) -> str:
    tried = []
    if environ.get("CHROMIUM"):
        if _runnable(environ["CHROMIUM"]):
            return environ["CHROMIUM"]
        raise ChromiumNotFound(f"CHROMIUM={environ['CHROMIUM']} is not an executable file")
    tried.append("$CHROMIUM (not set)")
    for path in system:
        if _runnable(path):
            return path
        tried.append(path)
    bundled = playwright()
    if bundled and _runnable(bundled):
        return bundled
    tried.append(f"Playwright's Chromium ({bundled or 'playwright not installed or its driver failed'})")
    raise ChromiumNotFound("no Chromium found; tried: " + "; ".join(tried)
                           + ". Install one (python -m playwright install chromium) or set CHROMIUM.")
