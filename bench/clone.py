"""A data/ folder of about N records made by copying the project's own data (any schema version).

    python bench/clone.py <project data dir> <target data dir> <records>

Copy 0 keeps the real ids, so the hand-written pages' links resolve. Copy k
renames every record id X to X-k<k>, and rewrites every reference inside the
copy the same way (string values equal to an id, and ../<collection>/<id>.md
links in Markdown). Fields whose values are enumerations (kind, status, ...)
are left alone. Sources and schema are shared, not copied. Used by
bench/run.py --data-mode clone, for a tree whose schema bench/synth.py does not
target (e.g. the schema before the claims model).
"""

from __future__ import annotations

import re
import shutil
import sys
from pathlib import Path

import yaml

PAGED = ["actors", "agreements", "operations", "instruments", "events", "figures", "systems", "channels"]
SHARED = {"sources", "schema", "series"}
ENUM_KEYS = {"kind", "status", "country", "jurisdiction", "role", "counts", "lang", "type", "collection"}
LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def write(data: Path, target: Path, records: int) -> dict[str, int]:
    if target.exists():
        raise SystemExit(f"{target} exists; clone writes only into a new folder")
    collections = [d.name for d in sorted(data.iterdir()) if d.is_dir()]
    cloned = [c for c in collections if c not in SHARED]
    ids = {p.stem for c in cloned for p in (data / c).glob("*.yaml")}
    real = sum(1 for c in PAGED if (data / c).is_dir() for _ in (data / c).glob("*.yaml"))
    copies = max(1, -(-records // max(real, 1)))
    link = re.compile(r"(\.\./(?:" + "|".join(cloned) + r")/)([a-z0-9-]+)(\.md|/)")
    anchor = re.compile(r"(\.\./glossary/(?:index\.md)?#)([a-z0-9-]+)")
    target.mkdir(parents=True)
    for name in SHARED & set(collections):
        shutil.copytree(data / name, target / name)
    for path in data.glob("*.yaml"):
        shutil.copy(path, target / path.name)
    counts = {c: 0 for c in cloned}

    def rename(node, suffix: str, key: str | None = None):
        if isinstance(node, dict):
            return {k: rename(v, suffix, k) for k, v in node.items()}
        if isinstance(node, list):
            return [rename(v, suffix, key) for v in node]
        if isinstance(node, str) and key not in ENUM_KEYS:
            if node in ids:
                return node + suffix
            node = link.sub(lambda m: m.group(1) + (m.group(2) + suffix if m.group(2) in ids else m.group(2)) + m.group(3), node)
            return anchor.sub(lambda m: m.group(1) + (m.group(2) + suffix if m.group(2) in ids else m.group(2)), node)
        return node

    for k in range(copies):
        suffix = "" if k == 0 else f"-k{k}"
        for c in cloned:
            (target / c).mkdir(exist_ok=True)
            for path in sorted((data / c).glob("*.yaml")):
                text = path.read_text(encoding="utf-8")
                if k == 0:
                    (target / c / path.name).write_text(text, encoding="utf-8")
                else:
                    head = "".join(line + "\n" for line in text.splitlines() if line.startswith("# yaml-language-server"))
                    record = rename(yaml.load(text, Loader=LOADER), suffix)
                    (target / c / f"{path.stem}{suffix}.yaml").write_text(
                        head + yaml.safe_dump(record, allow_unicode=True, sort_keys=False, width=1000), encoding="utf-8")
                counts[c] += 1
    return counts


if __name__ == "__main__":
    print(write(Path(sys.argv[1]), Path(sys.argv[2]), int(sys.argv[3])))
