"""Cumulative time of the stack's parts in two cProfile dumps, per page (bench/PROFILE.md).

    python bench/profile_parts.py prof-500.out 1040 prof-5000.out 10040
"""
import pstats, sys
want = [("build.py", "_populate_page", "Markdown → HTML (_populate_page)"),
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
a = pstats.Stats(sys.argv[1]).stats; b = pstats.Stats(sys.argv[3]).stats
pa, pb = int(sys.argv[2]), int(sys.argv[4])
def cum(st, f, fn):
    return sum(v[3] for k, v in st.items() if k[0].endswith(f) and k[2] == fn)
tot_a = max(v[3] for v in a.values()); tot_b = max(v[3] for v in b.values())
print(f"| part | 500: s | ms/page | 5,000: s | ms/page | growth per page |\n|---|---|---|---|---|---|")
for f, fn, label in want:
    x, y = cum(a, f, fn), cum(b, f, fn)
    if x == 0 and y == 0: continue
    print(f"| {label} | {x:.2f} | {1e3*x/pa:.2f} | {y:.2f} | {1e3*y/pb:.2f} | {(y/pb)/(x/pa) if x else float('nan'):.2f}× |")
print(f"| **whole build (under cProfile)** | {tot_a:.1f} | {1e3*tot_a/pa:.1f} | {tot_b:.1f} | {1e3*tot_b/pb:.1f} | {(tot_b/pb)/(tot_a/pa):.2f}× |")
