"""Before/after: mkdocs-static-i18n's reconfigure_search_duplicates against bench/stack_fixes.py.

    python bench/dedup_check.py <site>/search/search_index.json [entries] [--original]

Runs the fix (and with --original the upstream 1.3.1 method) on a copy of a
real combined search index, prints the CPU time of each and whether both
leave the same list. See bench/PROFILE.md.
"""

from __future__ import annotations

import copy
import json
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import stack_fixes  # noqa: E402
from mkdocs_static_i18n.reconfigure import ExtendedPlugin  # noqa: E402

ORIGINAL = ExtendedPlugin.reconfigure_search_duplicates


class Plugin:
    """The one attribute the upstream method reads."""

    build_languages = ["id", "en"]


def main() -> None:
    docs = json.loads(Path(sys.argv[1]).read_text())["docs"]
    limit = int(sys.argv[2]) if len(sys.argv) > 2 and sys.argv[2].isdigit() else len(docs)
    if limit < len(docs):  # half default-language entries, half English ones
        docs = docs[: limit // 2] + [d for d in docs if d["location"].startswith("en/")][: limit // 2]
    print(f"{len(docs)} entries ({sum(d['location'].startswith('en/') for d in docs)} under en/)")
    fixed = copy.deepcopy(docs)
    started = time.process_time()
    stack_fixes.deduplicate_search_entries(fixed, Plugin.build_languages)
    print(f"stack_fixes: {time.process_time() - started:.3f} s CPU, {len(docs) - len(fixed)} removed", flush=True)
    if "--original" in sys.argv:
        upstream = copy.deepcopy(docs)
        started = time.process_time()
        ORIGINAL(Plugin(), upstream)
        print(f"upstream 1.3.1: {time.process_time() - started:.2f} s CPU, {len(docs) - len(upstream)} removed; "
              f"same result: {fixed == upstream}")


if __name__ == "__main__":
    main()
