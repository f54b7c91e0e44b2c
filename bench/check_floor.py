"""The least time a first `make check` could take with the libraries it stands on (issue 12).

    .venv/bin/python bench/check_floor.py [--sizes 1000 5000] [--json bench/check_floor.json]

A check from nothing (no .cache/kb: a fresh clone, or the first check after a schema or code change)
has to do at least this, whatever code drives it:

- start Python and import PyYAML, Python-Markdown and jsonschema;
- parse every record file with PyYAML's C parser (yaml.CSafeLoader: the fastest load PyYAML has;
  the check also keeps the line of every field, which costs more);
- convert every Markdown text of the data with Python-Markdown, the converter MkDocs uses, set up as
  the project's texts are (kb.text): the links and images a text makes are known exactly only from
  its conversion, and "a green check is a green build" needs them exact;
- validate every record against its schema with jsonschema (Draft 2020-12, formats checked, the
  schemas' $refs inlined as kb.schema does), which the project could swap for a faster validator.

For each size, in a fresh temporary copy with the synthetic data of bench/synth.py, the script times
each part alone in a process of its own (CPU seconds), then the floor: the start-up, plus the parts
divided over the machine's cores as if the cores were shared perfectly, once without and once with
jsonschema; and the real first check (`python -m kb check`, no .cache/kb) beside it.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))

import synth  # noqa: E402
from run import copy_project, measure  # noqa: E402

TARGETS = {1000: 1.0, 5000: 5.0}  # issue 12: `make check` under 1 s at 1,000 records, under 5 s at 5,000

# Each part runs in a process of its own (python -c PART hooks-dir data-dir) and prints its CPU seconds.
# Finding the Markdown texts and inlining the schemas is set-up, outside the time.
PARTS = {
    "start-up": None,  # wall time of `python -c "import yaml, markdown, jsonschema"`
    "PyYAML": """
import sys, time
from pathlib import Path
import yaml
files = sorted(Path(sys.argv[2]).glob("*/*.yaml"))
started = time.process_time()
for path in files:
    yaml.load(path.read_bytes(), Loader=yaml.CSafeLoader)
print(time.process_time() - started)
""",
    "Python-Markdown": """
import sys, time
from pathlib import Path
sys.path.insert(0, sys.argv[1])
from kb.load import at
from kb.model import COLLECTIONS
from kb.schema import load
from kb.text import MarkdownRenderer
import yaml
schemas, texts = load(Path(sys.argv[2]) / "schema"), []
for collection in COLLECTIONS:
    for path in sorted((Path(sys.argv[2]) / collection.name).glob("*.yaml")):
        data = yaml.load(path.read_bytes(), Loader=yaml.CSafeLoader)
        texts += [at(data, p) for p in schemas.check(collection.schema, data).markdown]
md = MarkdownRenderer({}, lambda *parts: None).md  # the project's set-up of Python-Markdown
started = time.process_time()
for text in texts:
    md.reset().convert(text)
print(time.process_time() - started)
""",
    "jsonschema": """
import sys, time
from pathlib import Path
sys.path.insert(0, sys.argv[1])
from jsonschema import Draft202012Validator
from kb.model import COLLECTIONS
from kb.schema import FORMATS, load
import yaml
schemas, records = load(Path(sys.argv[2]) / "schema"), []
validators = {stem: Draft202012Validator(schemas.inline(root, f"{stem}.schema.json"), format_checker=FORMATS)
              for stem, root in schemas.roots.items()}
for collection in COLLECTIONS:
    for path in sorted((Path(sys.argv[2]) / collection.name).glob("*.yaml")):
        records.append((validators[collection.schema], yaml.load(path.read_bytes(), Loader=yaml.CSafeLoader)))
started = time.process_time()
for validator, data in records:
    for _ in validator.iter_errors(data):
        pass
print(time.process_time() - started)
""",
}


PLAIN = {"PYTHONDONTWRITEBYTECODE": None}  # Python as a maintainer's machine runs it: compiled modules kept


def part_seconds(name: str, python: str, hooks: Path, data: Path) -> float:
    """The fastest of a few runs of one part (noise only adds time): CPU seconds, or wall for the start-up."""
    if PARTS[name] is None:
        command = [python, "-c", "import yaml, markdown, jsonschema"]
        measure(command, hooks, PLAIN)  # once, to compile and cache
        return min(measure(command, hooks, PLAIN)[0].wall for _ in range(3))
    seconds = []
    for _ in range(2):
        run, output = measure([python, "-c", PARTS[name], str(hooks), str(data)], hooks, PLAIN)
        if not run.ok:
            raise RuntimeError(f"{name}: {run.error}")
        seconds.append(float(output.split()[-1]))
    return min(seconds)


def floor_size(records: int, python: str, cores: int) -> dict:
    work = Path(tempfile.mkdtemp(prefix=f"kb-floor-{records}-"))
    try:
        copy_project(ROOT, work)
        synth.Synth(records, ROOT).write(work / "data")
        result: dict = {"records": records, "files": sum(1 for _ in (work / "data").glob("*/*.yaml"))}
        parts = {name: part_seconds(name, python, work / "hooks", work / "data") for name in PARTS}
        result["parts"] = parts
        startup, shared = parts["start-up"], parts["PyYAML"] + parts["Python-Markdown"]
        result["floor"] = startup + shared / cores
        result["floor_with_jsonschema"] = startup + (shared + parts["jsonschema"]) / cores
        check_command = [python, "-m", "kb", "--data", str(work / "data"), "check"]
        measure(check_command, work / "hooks", PLAIN)  # compiles kb's modules
        firsts = []
        for _ in range(2):
            shutil.rmtree(work / ".cache", ignore_errors=True)
            firsts.append(measure(check_command, work / "hooks", PLAIN)[0].wall)
        result["check_first"] = min(firsts)
        result["target"] = TARGETS.get(records)
        return result
    finally:
        shutil.rmtree(work, ignore_errors=True)


def table(results: list[dict], cores: int) -> str:
    lines = ["| records | start-up | PyYAML | Python-Markdown | jsonschema | floor | floor with jsonschema "
             "| first `kb check` | target |", "| " + " | ".join(["---"] * 9) + " |"]
    for r in results:
        p = r["parts"]
        lines.append(f"| {r['records']:,} | {p['start-up']:.2f} s | {p['PyYAML']:.2f} s | "
                     f"{p['Python-Markdown']:.2f} s | {p['jsonschema']:.2f} s | {r['floor']:.2f} s | "
                     f"{r['floor_with_jsonschema']:.2f} s | {r['check_first']:.2f} s | "
                     + (f"{r['target']:.0f} s |" if r["target"] else "– |"))
    lines.append(f"\nParts in CPU seconds (start-up: wall); floor = start-up + parts / {cores} cores.")
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="*", default=[1000, 5000])
    parser.add_argument("--json", type=Path)
    parser.add_argument("--python", default=str(ROOT / ".venv" / "bin" / "python"))
    args = parser.parse_args()
    cores = os.cpu_count() or 1
    results = []
    for records in args.sizes:
        print(f"[{records}] ...", file=sys.stderr, flush=True)
        results.append(floor_size(records, args.python, cores))
    print(table(results, cores))
    if args.json:
        args.json.write_text(json.dumps({"when": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()), "cores": cores,
                                         "machine": platform.machine(), "results": results}, indent=1) + "\n")


if __name__ == "__main__":
    main()
