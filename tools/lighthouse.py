"""Lighthouse (npm package lighthouse, from ./node_modules: `npm ci`) on the home page and a record
page, mobile, served gzip-compressed under /kb-tppo-kamboja/ by tools/serve_subpath.py.

    .venv/bin/python tools/lighthouse.py [path ...]     # after `mkdocs build`
Goal (issue 10): performance >= 98, accessibility, best practices and SEO 100.
"""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

import reader_support as rs  # noqa: E402

PAGES = ["", "actors/bp2mi/"]
CATEGORIES = ["performance", "accessibility", "best-practices", "seo"]


def main(paths: list[str]) -> int:
    base, stop = rs.serve()
    flags = " ".join(rs.ARGS + ["--headless=new"])
    ok = True
    try:
        for path in paths or PAGES:
            with tempfile.TemporaryDirectory() as tmp:
                report = Path(tmp) / "report.json"
                subprocess.run([str(rs.NODE_MODULES / ".bin" / "lighthouse"), base + path, "--quiet",
                                f"--chrome-flags={flags}", "--output=json", f"--output-path={report}",
                                f"--only-categories={','.join(CATEGORIES)}"],
                               check=True, env={"CHROME_PATH": rs.CHROMIUM, "PATH": "/usr/bin:/bin"})
                data = json.loads(report.read_text(encoding="utf-8"))
            scores = {c: round(data["categories"][c]["score"] * 100) for c in CATEGORIES}
            print(f"/{path:20} " + "  ".join(f"{c} {s}" for c, s in scores.items()))
            for category in CATEGORIES:
                for ref in data["categories"][category]["auditRefs"]:
                    audit = data["audits"][ref["id"]]
                    if ref.get("weight") and audit.get("score") is not None and audit["score"] < 1:
                        print(f"    {category}: {audit['id']} ({audit['score']}): {audit['title']}"
                              + (f" {audit['displayValue']}" if audit.get("displayValue") else ""))
            ok &= scores["performance"] >= 98 and all(scores[c] == 100 for c in CATEGORIES[1:])
    finally:
        stop()
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
