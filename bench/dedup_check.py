"""Before/after: mkdocs-static-i18n's reconfigure_search_duplicates against hooks/stack_fixes.py.

    python bench/dedup_check.py <site>/search/search_index.json [entries] [--original]

Runs the fix (and with --original the upstream 1.3.1 method) on a copy of a
real combined search index, prints the CPU time of each and whether both
leave the same list. See bench/PROFILE.md.
"""
import copy, json, sys, time
from pathlib import Path
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "hooks"))
from mkdocs_static_i18n.reconfigure import ExtendedPlugin
import stack_fixes
original = ExtendedPlugin.reconfigure_search_duplicates
class Fake:  # the two attributes the method reads
    build_languages = ["id", "en"]
docs = json.load(open(sys.argv[1]))["docs"]
limit = int(sys.argv[2]) if len(sys.argv) > 2 else len(docs)
docs = docs[:limit] if limit >= len(docs) else docs[:limit//2] + [d for d in docs if d["location"].startswith("en/")][:limit//2]
print(f"{len(docs)} entries ({sum(d['location'].startswith('en/') for d in docs)} under en/)")
a = copy.deepcopy(docs); t = time.process_time(); stack_fixes.deduplicate_search_entries(a, ["id", "en"]); fixed = time.process_time() - t
print(f"stack_fixes: {fixed:.3f} s CPU, {len(docs) - len(a)} removed", flush=True)
if "--original" in sys.argv:
    b = copy.deepcopy(docs); t = time.process_time(); original(Fake(), b); orig = time.process_time() - t
    print(f"upstream 1.3.1: {orig:.2f} s CPU, {len(docs) - len(b)} removed; same result: {a == b}")
