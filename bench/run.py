"""`make bench`: how the build scales, against the stack alone, at several sizes.

    .venv/bin/python bench/run.py [--sizes 500 1000 5000] [--check-sizes 1000 5000]
                                  [--repeat 3] [--project DIR] [--python PY] [--data-mode synth|clone] [--keep]

For each size N, in a fresh temporary directory (never in the project):

1. copies the project (mkdocs.yml, docs/ without the generated folders, hooks/,
   overrides/) and writes a synthetic data/ of N records (bench/synth.py,
   validated against data/schema with jsonschema; `--data-mode clone`
   multiplies the project's own data instead, for a tree whose schema synth.py
   does not target);
2. **ours**: `mkdocs build` with the project's hooks, from nothing (no generated
   page, no .cache/kb). KB_TIMINGS=<file> asks the hook to write {"seconds":
   <time the build spent in the project's hook events>, "process_cpu": <CPU time
   of the build process itself, without the workers it forked>};
3. **reference**: the same generated Markdown (left in docs/ by build 2), built
   with the project's hooks removed from mkdocs.yml: MkDocs + Material +
   mkdocs-static-i18n alone. If the project's hook applies hooks/stack_fixes.py,
   the reference applies it too (a one-line hook that calls
   stack_fixes.apply()), so the ratio measures our code and not the stack fixes;
   Steps 2 and 3 alternate `--repeat` times (3 by default), and the fastest run
   of each counts: on a shared machine one build varies by up to 30 % from one
   minute to the next (the reference at 1,000 records: 57.3 s, then 43.6 s),
   and noise only ever adds time. Each round builds every size, smallest
   first, so that the sizes whose time per page is compared meet the machine
   at the same moments (on 30 November, with every run of one size after
   another, the 5,000-record builds fell in a slow half hour: time per page
   1.33× that of 500 records, against 0.96× in the morning);
4. `python -m kb --data <data> check` at the sizes in --check-sizes: once on the
   fresh copy, then after each of three edits (the middle time counts); with
   Python keeping compiled modules, as it does by default (this machine sets
   PYTHONDONTWRITEBYTECODE, which the checks run without).

Per build: wall time, CPU time (user + system; the machine may be shared, and
CPU time is the steadier figure), peak memory of the build process (rusage
maxrss of that child), pages (index.html files), output size, time per page,
ratio to the reference, and the share of time in our own code. A failing step
prints its error and the run goes on with the next size.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import re
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))

import synth  # noqa: E402

sys.path.insert(0, str(ROOT / "hooks"))
from kb.project import GENERATED  # noqa: E402  (the docs/ folders the build writes)


@dataclass
class Run:
    ok: bool
    wall: float = 0.0
    cpu: float = 0.0
    rss_mb: float = 0.0
    pages: int = 0
    size_mb: float = 0.0
    own: float | None = None  # seconds in the project's hook events (the build waits for them)
    main_cpu: float | None = None  # CPU time of the build's own process, without the workers it forked
    error: str = ""


def measure(command: list[str], cwd: Path, env: dict | None = None, timeout: float = 7200) -> tuple[Run, str]:
    """Run a command; wall time, CPU time and peak RSS of that process tree (wait4 rusage). env: variables
    to set, or to remove (None)."""
    started = time.perf_counter()
    with tempfile.TemporaryFile() as out:
        environment = {key: value for key, value in {**os.environ, **(env or {})}.items() if value is not None}
        process = subprocess.Popen(command, cwd=cwd, env=environment,
                                   stdout=out, stderr=subprocess.STDOUT)
        deadline = started + timeout
        while True:
            pid, status, usage = os.wait4(process.pid, os.WNOHANG)
            if pid:
                break
            if time.perf_counter() > deadline:
                process.kill()
                pid, status, usage = os.wait4(process.pid, 0)
                break
            time.sleep(0.05)
        wall = time.perf_counter() - started
        process.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        output = out.read().decode("utf-8", "replace")
    run = Run(ok=process.returncode == 0, wall=wall, cpu=usage.ru_utime + usage.ru_stime,
              rss_mb=usage.ru_maxrss / 1024)  # Linux: kilobytes
    if not run.ok:
        lines = output.strip().splitlines()
        shown = lines if len(lines) <= 20 else lines[:12] + [f"... ({len(lines) - 16} more lines)"] + lines[-4:]
        run.error = f"exit {process.returncode}:\n" + "\n".join(shown)
    return run, output


def site_figures(run: Run, site: Path) -> None:
    if site.is_dir():
        run.pages = sum(1 for _ in site.rglob("index.html"))
        run.size_mb = sum(p.stat().st_size for p in site.rglob("*") if p.is_file()) / 1e6


def copy_project(project: Path, target: Path) -> None:
    shutil.copy(project / "mkdocs.yml", target / "mkdocs.yml")
    ignore_cache = shutil.ignore_patterns("__pycache__", "*.pyc", ".pytest_cache")
    shutil.copytree(project / "hooks", target / "hooks", ignore=ignore_cache)
    if (project / "overrides").is_dir():
        shutil.copytree(project / "overrides", target / "overrides", ignore=ignore_cache)
    docs = project / "docs"
    shutil.copytree(docs, target / "docs",
                    ignore=lambda d, names: [n for n in names if Path(d) == docs and n in GENERATED])


def reference_config(text: str, stack_fixes: bool) -> str:
    """mkdocs.yml without the knowledge base's hook (hooks/build.py: generation, markers, term links,
    policy, downloads). hooks/reader.py stays: the theme's overrides read their words from it, so without it
    the stack alone could not render the theme at all; its cost (one search-index split per build, one
    string replacement per page) is counted as the stack's, which flatters neither side much."""
    if re.search(r"^\s+- hooks/build\.py", text, flags=re.MULTILINE):
        text = re.sub(r"^\s+- hooks/build\.py.*\n", "", text, flags=re.MULTILINE)
    else:
        text = re.sub(r"^hooks:[ \t]*\n((?:[ \t]+-.*\n|[ \t]*#.*\n)+)", "", text, flags=re.MULTILINE)
        text = re.sub(r"^hooks:[ \t]*\[.*\]\n", "", text, flags=re.MULTILINE)
    if stack_fixes:
        text += "\nhooks:\n  - hooks/stack_fixes_only.py\n"
    return text


def uses_stack_fixes(hooks: Path) -> bool:
    """Whether the project's hook applies hooks/stack_fixes.py (then the reference applies it too)."""
    if not (hooks / "stack_fixes.py").is_file():
        return False
    return any("stack_fixes" in p.read_text(encoding="utf-8", errors="replace")
               for p in hooks.rglob("*.py") if p.name not in ("stack_fixes.py", "stack_fixes_only.py"))


STACK_FIXES_HOOK = '''"""Reference build: the stack fixes alone, without the project's code (written by bench/run.py)."""
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
import stack_fixes  # noqa: E402

stack_fixes.apply()
'''


def make_data(mode: str, project: Path, target: Path, records: int) -> tuple[dict, list[str]]:
    if mode == "clone":
        import clone
        counts = clone.write(project / "data", target, records)
        return counts, []
    counts = synth.Synth(records, project).write(target)
    return counts, synth.validate(target)


@dataclass
class Size:
    """One size being benchmarked: its temporary copy of the project and its runs so far."""

    records: int
    work: Path
    result: dict
    ours_runs: list
    ref_runs: list

    @property
    def failed(self) -> bool:
        return "error" in self.result or any(not r.ok for r in self.ours_runs + self.ref_runs)


def prepare(records: int, args) -> Size:
    """A fresh temporary copy of the project with N records, and the reference's mkdocs.yml beside it."""
    size = Size(records, Path(tempfile.mkdtemp(prefix=f"kb-bench-{records}-")), {"records": records}, [], [])
    try:
        copy_project(args.project, size.work)
        started = time.perf_counter()
        counts, schema_errors = make_data(args.data_mode, args.project, size.work / "data", records)
        size.result.update(data=counts, synth_seconds=time.perf_counter() - started, schema_errors=len(schema_errors))
        for line in schema_errors[:10]:
            print(f"  schema: {line}", file=sys.stderr)
        fixes = uses_stack_fixes(size.work / "hooks")
        if fixes:
            (size.work / "hooks" / "stack_fixes_only.py").write_text(STACK_FIXES_HOOK)
        reference = reference_config((size.work / "mkdocs.yml").read_text(), fixes)
        (size.work / "mkdocs.reference.yml").write_text(reference)
    except Exception as err:  # a broken tree must not stop the other sizes
        size.result["error"] = f"{type(err).__name__}: {err}"
        print(f"[{records}] FAILED: {size.result['error']}", file=sys.stderr)
    return size


def build_once(size: Size, attempt: int, args) -> None:
    """Our build from nothing (no generated page, no kb cache), then the reference's."""
    python, work, records = str(args.python), size.work, size.records
    env = {"NO_MKDOCS_2_WARNING": "1", "KB_TIMINGS": str(work / "timings.json")}
    for folder in GENERATED:
        shutil.rmtree(work / "docs" / folder, ignore_errors=True)
    shutil.rmtree(work / ".cache", ignore_errors=True)
    print(f"[{records}] our build ({attempt + 1}/{args.repeat}) ...", file=sys.stderr, flush=True)
    ours, _ = measure([python, "-m", "mkdocs", "build", "--site-dir", str(work / "site-ours")], work, env)
    site_figures(ours, work / "site-ours")
    if (work / "timings.json").is_file():
        try:
            timings = json.loads((work / "timings.json").read_text())
            ours.own, ours.main_cpu = float(timings["seconds"]), timings.get("process_cpu")
        except (ValueError, KeyError, TypeError) as err:
            print(f"  timings.json unreadable: {err}", file=sys.stderr)
    size.ours_runs.append(ours)
    if not ours.ok:
        print(f"[{records}] our build FAILED\n{ours.error}", file=sys.stderr)
        return
    print(f"[{records}] reference build ({attempt + 1}/{args.repeat}) ...", file=sys.stderr, flush=True)
    ref, _ = measure([python, "-m", "mkdocs", "build", "-f", "mkdocs.reference.yml",
                      "--site-dir", str(work / "site-ref")], work, {"NO_MKDOCS_2_WARNING": "1"})
    site_figures(ref, work / "site-ref")
    size.ref_runs.append(ref)
    if not ref.ok:
        print(f"[{records}] reference build FAILED\n{ref.error}", file=sys.stderr)


def finish(size: Size, args) -> dict:
    """The fastest runs, then `kb check` (first from nothing, then after edits); the copy is removed."""
    python, work, records, result = str(args.python), size.work, size.records, size.result
    try:
        if size.ours_runs:
            result["ours"] = fastest(size.ours_runs)
            result["ours_walls"] = [r.wall for r in size.ours_runs]
        if size.ref_runs:
            result["reference"] = fastest(size.ref_runs)
            result["reference_walls"] = [r.wall for r in size.ref_runs]
        if records in args.check_sizes and "error" not in result:
            # `make check` as a maintainer meets it: the first run on a fresh copy (nothing kept in
            # .cache/kb yet), then again after editing one record (what kb.cache keeps is reused).
            shutil.rmtree(work / ".cache", ignore_errors=True)
            command = [python, "-m", "kb", "--data", str(work / "data"), "check"]
            # Python as a maintainer's machine runs it: it keeps the compiled modules (__pycache__) of the
            # first run for the next. A machine that sets PYTHONDONTWRITEBYTECODE (this one does) would
            # otherwise compile kb's modules again on every check.
            plain = {"PYTHONDONTWRITEBYTECODE": None}
            print(f"[{records}] kb check ...", file=sys.stderr, flush=True)
            check, _ = measure(command, work / "hooks", plain)
            result["check_first"] = check
            # After an edit: three edits of three records, each checked; the middle time counts (one check
            # takes about a second, so a moment's load on a shared machine would otherwise decide it).
            after = []
            for number in range(3):
                edit_one_record(work / "data", number)
                after.append(measure(command, work / "hooks", plain)[0])
            result["check_walls"] = [r.wall for r in after]
            check = sorted(after, key=lambda r: r.wall)[1] if all(r.ok for r in after) else \
                next(r for r in after if not r.ok)
            result["check"] = check
            for run_ in (result["check_first"], check):
                if not run_.ok:
                    print(f"[{records}] kb check FAILED\n{run_.error}", file=sys.stderr)
    except Exception as err:  # a broken tree must not stop the other sizes
        result["error"] = f"{type(err).__name__}: {err}"
        print(f"[{records}] FAILED: {result['error']}", file=sys.stderr)
    finally:
        if args.keep:
            print(f"[{records}] kept {work}", file=sys.stderr)
        else:
            shutil.rmtree(work, ignore_errors=True)
    return result


def fastest(runs: list[Run]) -> Run:
    """The fastest successful run (a failed one if none succeeded)."""
    ok = [r for r in runs if r.ok]
    return min(ok, key=lambda r: r.wall) if ok else runs[-1]


def edit_one_record(data: Path, number: int = 0) -> None:
    """Change the text of one record's first claim (the number-th record from the end), as a maintainer's
    edit would."""
    record = sorted((data / "actors").glob("*.yaml"))[-1 - number]
    text = record.read_text(encoding="utf-8")
    record.write_text(re.sub(r"(text:\n\s+id: )", r"\g<1>Disunting. ", text, count=1), encoding="utf-8")


def fmt(value, spec: str, missing: str = "–") -> str:
    return missing if value is None else format(value, spec)


def table(results: list[dict]) -> str:
    head = ("| records | pages | build | CPU | reference | ref. CPU | ratio | own code | ms/page | ref. ms/page "
            "| peak memory | output | `kb check` first | `kb check` after an edit |")
    lines = [head, "| " + " | ".join(["---"] * 14) + " |"]
    for r in results:
        ours, ref, check, first = r.get("ours"), r.get("reference"), r.get("check"), r.get("check_first")
        if ours is None or not ours.ok:
            reason = r.get("error") or (ours.error if ours else "") or "failed"
            reason = reason.strip().splitlines()[-1][:100].replace("|", "/")
            lines.append(f"| {r['records']:,} | build failed: {reason} |" + " |" * 12)
            continue
        ref_ok = ref is not None and ref.ok
        cells = [
            f"{r['records']:,}", f"{ours.pages:,}", f"{ours.wall:.1f} s", f"{ours.cpu:.1f} s" + (f" ({ours.main_cpu:.1f} s in MkDocs' process)" if ours.main_cpu else ""),
            f"{ref.wall:.1f} s" if ref_ok else "failed", f"{ref.cpu:.1f} s" if ref_ok else "–",
            f"{ours.wall / ref.wall:.2f} (CPU {ours.cpu / ref.cpu:.2f})" if ref_ok else "–",
            f"{ours.own:.1f} s ({100 * ours.own / ours.wall:.0f}%)" if ours.own is not None else "not reported",
            f"{1000 * ours.wall / max(ours.pages, 1):.1f}",
            f"{1000 * ref.wall / max(ref.pages, 1):.1f}" if ref_ok else "–",
            f"{ours.rss_mb:.0f} MB" + (f" (ref. {ref.rss_mb:.0f})" if ref_ok else ""),
            f"{ours.size_mb:.0f} MB",
            (f"{first.wall:.2f} s" if first.ok else "failed") if first else "–",
            (f"{check.wall:.2f} s" if check.ok else "failed") if check else "–",
        ]
        lines.append("| " + " | ".join(cells) + " |")
    ok = [r for r in results if r.get("ours") and r["ours"].ok]
    if len(ok) >= 2:
        first, last = ok[0], ok[-1]
        def per_page(run):
            return run.wall / max(run.pages, 1)
        growth = per_page(last["ours"]) / per_page(first["ours"])
        text = f"\nTime per page, {last['records']:,} against {first['records']:,} records: ours {growth:.2f}×"
        if first.get("reference") and last.get("reference") and first["reference"].ok and last["reference"].ok:
            text += f", reference {per_page(last['reference']) / per_page(first['reference']):.2f}×"
        cpu = (last["ours"].cpu / max(last["ours"].pages, 1)) / (first["ours"].cpu / max(first["ours"].pages, 1))
        text += f" (CPU time per page: ours {cpu:.2f}×)."
        lines.append(text)
    return "\n".join(lines)


def machine() -> str:
    cpu = ""
    try:
        cpu = next(line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines()
                   if line.startswith("model name"))
    except (OSError, StopIteration):
        pass
    load = ", load %.1f" % os.getloadavg()[0] if hasattr(os, "getloadavg") else ""
    return f"{os.cpu_count()} CPUs ({cpu or platform.machine()}), Python {platform.python_version()}{load}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[500, 1000, 5000])
    parser.add_argument("--check-sizes", type=int, nargs="*", default=[1000, 5000])
    parser.add_argument("--project", type=Path, default=ROOT)
    parser.add_argument("--python", type=Path, default=None, help="the project's venv python (default: <project>/.venv)")
    parser.add_argument("--data-mode", choices=["synth", "clone"], default="synth")
    parser.add_argument("--repeat", type=int, default=3, help="builds of each kind per size; the fastest counts")
    parser.add_argument("--keep", action="store_true", help="keep the temporary directories")
    parser.add_argument("--json", type=Path, help="also write the raw figures here")
    args = parser.parse_args()
    args.project = args.project.resolve()
    if args.python is None:
        venv = args.project / ".venv" / "bin" / "python"
        args.python = venv if venv.is_file() else Path(sys.executable)
    print(f"Machine: {machine()}", file=sys.stderr)
    # Every size is built in each round, smallest first, so that each size's runs meet the machine at the same
    # moments: the time per page of 5,000 records is compared with that of 500, and a machine that slows
    # down for a quarter of an hour would otherwise slow only the sizes built in that quarter of an hour.
    sizes = [prepare(n, args) for n in args.sizes]
    for attempt in range(args.repeat):
        for size in sizes:
            if not size.failed:
                build_once(size, attempt, args)
    results = []
    for size in sizes:
        results.append(finish(size, args))
        print(table(results[-1:]).splitlines()[2], file=sys.stderr, flush=True)
    print(f"\nBenchmark on {machine()}; project {args.project}, data: {args.data_mode}\n")
    print(table(results))
    if args.json:
        args.json.write_text(json.dumps(results, default=lambda o: o.__dict__, indent=2))


if __name__ == "__main__":
    main()
