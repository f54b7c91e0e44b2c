"""Cumulative time of the stack's parts in two cProfile dumps, per page (bench/PROFILE.md).

    python bench/profile_parts.py prof-500.out 1040 prof-5000.out 10040
"""

from __future__ import annotations

import pstats
import sys

PARTS = [
    ("build.py", "_populate_page", "Markdown → HTML (_populate_page)"),
    ("build.py", "_build_page", "page template (_build_page)"),
    ("search/plugin.py", "on_page_context", "Material search: index each page"),
    ("search/plugin.py", "on_post_build", "Material search: write index"),
    ("build.py", "_build_theme_template", "theme templates (sitemap.xml, 404)"),
    ("reconfigure.py", "reconfigure_files", "i18n: files + alternates (on_files)"),
    ("reconfigure.py", "reconfigure_page_context", "i18n: language switcher per page"),
    ("reconfigure.py", "reconfigure_search_index", "i18n: merge search index"),
    ("nav.py", "get_navigation", "MkDocs navigation"),
    ("files.py", "set_exclusions", "MkDocs not_in_nav/exclude matching"),
    ("files.py", "get_files", "MkDocs file discovery"),
    ("pages.py", "validate_anchor_links", "MkDocs anchor validation"),
    ("files.py", "copy_static_files", "static files"),
]


def cumulative(stats: dict, file: str, function: str) -> float:
    return sum(v[3] for k, v in stats.items() if k[0].endswith(file) and k[2] == function)


def main() -> None:
    small, large = pstats.Stats(sys.argv[1]).stats, pstats.Stats(sys.argv[3]).stats
    pages_small, pages_large = int(sys.argv[2]), int(sys.argv[4])
    print("| part | small: s | ms/page | large: s | ms/page | growth per page |\n|---|---|---|---|---|---|")
    rows = [(cumulative(small, f, fn), cumulative(large, f, fn), label) for f, fn, label in PARTS]
    rows.append((max(v[3] for v in small.values()), max(v[3] for v in large.values()), "**whole build**"))
    for x, y, label in rows:
        if x == 0 and y == 0:
            continue
        growth = (y / pages_large) / (x / pages_small) if x else float("nan")
        print(f"| {label} | {x:.2f} | {1e3 * x / pages_small:.2f} | {y:.2f} | {1e3 * y / pages_large:.2f} "
              f"| {growth:.2f}× |")


if __name__ == "__main__":
    main()
