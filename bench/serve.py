"""How fast an edit shows in the preview (`make serve`, i.e. `mkdocs serve --dirty`) at N records.

    .venv/bin/python bench/serve.py [--records 1000] [--project DIR] [--edits 3]

In a fresh temporary copy of the project with N synthetic records
(bench/synth.py): starts the preview, waits for the first build, then edits
one record's first claim several times (each a different record), and for each
edit prints the seconds until the edited page serves the new text, how many
rebuilds ran and how many generated files were rewritten. `make bench` runs it
at 1,000 records.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import run  # noqa: E402
import synth  # noqa: E402

BASE = "/kb-tppo-kamboja/"


def fetch(url: str) -> str:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.read().decode("utf-8")
    except (urllib.error.URLError, ConnectionError, TimeoutError):
        return ""


def generated(docs: Path) -> dict[str, int]:
    return {p.relative_to(docs).as_posix(): p.stat().st_mtime_ns for folder in run.GENERATED
            for p in (docs / folder).rglob("*.md")}


def resident_mb(pid: int) -> float | None:
    """Resident memory of a process (Linux), to see whether the preview grows from edit to edit."""
    try:
        line = next(x for x in Path(f"/proc/{pid}/status").read_text().splitlines() if x.startswith("VmRSS:"))
    except (OSError, StopIteration):
        return None
    return int(line.split()[1]) / 1024


def measure(records: int, project: Path, python: str, edits: int) -> dict:
    work = Path(tempfile.mkdtemp(prefix=f"kb-serve-{records}-"))
    result: dict = {"records": records, "edits": []}
    process = None
    try:
        run.copy_project(project, work)
        synth.Synth(records, project).write(work / "data")
        with socket.socket() as sock:
            sock.bind(("127.0.0.1", 0))
            port = sock.getsockname()[1]
        url = f"http://127.0.0.1:{port}{BASE}"
        log_path = work / "serve.log"
        log = open(log_path, "w")
        started = time.perf_counter()
        process = subprocess.Popen([python, "-m", "mkdocs", "serve", "--dirty", "-a", f"127.0.0.1:{port}"],
                                   cwd=work, stdout=log, stderr=subprocess.STDOUT,
                                   env={**os.environ, "NO_MKDOCS_2_WARNING": "1", "SITE_URL": url})
        while "Serving on" not in log_path.read_text() and process.poll() is None:
            time.sleep(0.2)
        result["first_build"] = time.perf_counter() - started
        actors = sorted((work / "data" / "actors").glob("*.yaml"))[-edits:]
        for number, record in enumerate(actors):
            time.sleep(1.0)
            before = generated(work / "docs")
            builds_before = log_path.read_text().count("Documentation built")
            text = record.read_text(encoding="utf-8")
            marker = f"Edit{number}Marker"
            edited = re.sub(r"(text:\n\s+id: )", rf"\g<1>{marker} ", text, count=1)
            assert edited != text, f"no claim text found in {record}"
            started = time.perf_counter()
            record.write_text(edited, encoding="utf-8")
            page = f"{url}actors/{record.stem}/"
            while marker not in fetch(page):
                if time.perf_counter() - started > 300:
                    raise TimeoutError(f"edit {number} not shown within 300 s")
                time.sleep(0.1)
            shown = time.perf_counter() - started
            time.sleep(3)  # a second rebuild, if the edit caused one, would have started by now
            after = generated(work / "docs")
            result["edits"].append({
                "record": record.stem, "seconds": shown,
                "rebuilds": log_path.read_text().count("Documentation built") - builds_before,
                "rewritten": sum(1 for path, mtime in after.items() if before.get(path) != mtime),
                "generated": len(after), "rss_mb": resident_mb(process.pid),
                "rebuild_log": [line for line in log_path.read_text().splitlines()
                                if "kb:" in line or "Documentation built" in line][-3:]})
            print(f"[{records}] edit {number + 1}: shown after {shown:.2f} s", file=sys.stderr, flush=True)
    finally:
        if process is not None:
            process.terminate()
            process.wait(timeout=20)
        shutil.rmtree(work, ignore_errors=True)
    return result


def table(result: dict) -> str:
    lines = ["| records | first build | edit | shown after | rebuilds | generated files rewritten | preview's memory |",
             "| --- | --- | --- | --- | --- | --- | --- |"]
    for number, edit in enumerate(result["edits"], 1):
        memory = f"{edit['rss_mb']:.0f} MB" if edit.get("rss_mb") else "–"
        lines.append(f"| {result['records']:,} | {result['first_build']:.0f} s | {number} ({edit['record']}) "
                     f"| {edit['seconds']:.2f} s | {edit['rebuilds']} "
                     f"| {edit['rewritten']} of {edit['generated']:,} | {memory} |")
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--records", type=int, default=1000)
    parser.add_argument("--project", type=Path, default=HERE.parent)
    parser.add_argument("--edits", type=int, default=3)
    parser.add_argument("--json", type=Path)
    args = parser.parse_args()
    venv = args.project / ".venv" / "bin" / "python"
    python = str(venv if venv.is_file() else sys.executable)
    result = measure(args.records, args.project.resolve(), python, args.edits)
    print(table(result))
    if args.json:
        args.json.write_text(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
