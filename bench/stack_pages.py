"""A plain MkDocs project with N synthetic records, for profiling the stack alone.

    python bench/stack_pages.py <built project> <target dir> <records> [--fixes]

<built project> is a checkout whose docs/ already holds generated pages (one
`mkdocs build` wrote them). The target gets mkdocs.yml without the hooks and
with `reconfigure_search: false`, the hand-written docs/, overrides/, and
<records> records spread over the collections like the real data: each record
is a real generated page (both languages, x.md / x.en.md) under a new id, its
links pointing at other synthetic records. Record pages stay out of the nav
(`not_in_nav`), as in the project. The collection indexes list every record.

With --search-dedup the i18n plugin keeps `reconfigure_search: true` (its
O(n²) de-duplication of the combined search index runs). With --fixes the target's mkdocs.yml also loads hooks/stack_fixes.py (copied
from the main tree), so the same pages can be built with and without the fixes.
"""

from __future__ import annotations

import argparse
import random
import re
import shutil
from pathlib import Path

COLLECTIONS = ["actors", "agreements", "operations", "instruments", "events", "figures", "systems", "channels"]
GENERATED = COLLECTIONS + ["sources", "glossary", "timeline"]
LINK = re.compile(r"\(\.\./(" + "|".join(COLLECTIONS) + r")/([a-z0-9-]+)\.md\)")
HERE = Path(__file__).resolve().parent


def plain_config(text: str, fixes: bool, search_dedup: bool = False) -> str:
    text = re.sub(r"^hooks:\n(  - .*\n)+", "", text, flags=re.MULTILINE)
    if not search_dedup:
        text = text.replace("reconfigure_search: true", "reconfigure_search: false")
    if fixes:
        text += "\nhooks:\n  - hooks/stack_hook.py\n"
    return text


def make(source: Path, target: Path, records: int, fixes: bool = False, search_dedup: bool = False,
         seed: int = 1) -> int:
    rng = random.Random(seed)
    if target.exists():
        shutil.rmtree(target)
    target.mkdir(parents=True)
    (target / "mkdocs.yml").write_text(plain_config((source / "mkdocs.yml").read_text(), fixes, search_dedup))
    shutil.copytree(source / "overrides", target / "overrides")
    shutil.copytree(source / "docs", target / "docs",
                    ignore=lambda d, names: [n for n in names if Path(d) == source / "docs" and n in GENERATED])
    if fixes:
        (target / "hooks").mkdir()
        shutil.copy(HERE.parent / "hooks" / "stack_fixes.py", target / "hooks" / "stack_fixes.py")
        (target / "hooks" / "stack_hook.py").write_text(
            "import sys, pathlib\nsys.path.insert(0, str(pathlib.Path(__file__).parent))\n"
            "import stack_fixes\nstack_fixes.apply()\n")

    real = {c: sorted(p.name[:-3] for p in (source / "docs" / c).glob("*.md")
                      if not p.name.endswith(".en.md") and p.name != "index.md") for c in COLLECTIONS}
    total = sum(len(v) for v in real.values())
    ids: dict[str, list[tuple[str, str]]] = {}  # collection -> [(new id, template id)]
    for c, templates in real.items():
        n = max(1, round(records * len(templates) / total))
        ids[c] = [(f"{t}-s{k}", t) for k in range(n // len(templates) + 1) for t in templates][:n]

    def relink(text: str) -> str:
        return LINK.sub(lambda m: f"(../{m.group(1)}/{rng.choice(ids[m.group(1)])[0]}.md)", text)

    pages = 0
    for c, pairs in ids.items():
        folder = target / "docs" / c
        folder.mkdir()
        for suffix in (".md", ".en.md"):
            index = (source / "docs" / c / f"index{suffix}").read_text().split("\n- [")[0]
            lines = []
            for new, old in pairs:
                text = relink((source / "docs" / c / f"{old}{suffix}").read_text())
                text = re.sub(r"^# (.*)$", lambda m: f"# {m.group(1)} · {new}", text, count=1, flags=re.MULTILINE)
                (folder / f"{new}{suffix}").write_text(text)
                pages += 1
                lines.append(f"- [{new}]({new}.md)")
            (folder / f"index{suffix}").write_text(index.rstrip() + "\n\n" + "\n".join(lines) + "\n")
            pages += 1
    for c in ["sources", "glossary", "timeline"]:
        (target / "docs" / c).mkdir()
        for suffix in (".md", ".en.md"):
            (target / "docs" / c / f"index{suffix}").write_text(relink((source / "docs" / c / f"index{suffix}").read_text()))
    return pages


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("source", type=Path)
    parser.add_argument("target", type=Path)
    parser.add_argument("records", type=int)
    parser.add_argument("--fixes", action="store_true", help="load hooks/stack_fixes.py")
    parser.add_argument("--search-dedup", action="store_true", help="keep the i18n plugin's reconfigure_search: true")
    args = parser.parse_args()
    print(make(args.source, args.target, args.records, args.fixes, args.search_dedup), "record pages written")


if __name__ == "__main__":
    main()
