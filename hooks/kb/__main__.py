"""Command line for maintainers (run from hooks/, or through the Makefile):

    python -m kb check                 validate data/ and the prose pages, writing nothing (fast: see kb.cache)
    python -m kb generate              check, then write the generated pages into docs/
    python -m kb build                 check, then a strict MkDocs build that replaces site/ only if it succeeds
    python -m kb new actors some-id    write data/actors/some-id.yaml with every field
    python -m kb translations          list every field and page lacking its second language
    python -m kb fields [--write F]    print the field reference, or refresh it inside F
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

from . import fields
from .model import BY_NAME
from .problems import DataError
from .project import Project
from .schema import load as load_schemas
from .translations import missing_translations

ROOT = Path(__file__).resolve().parents[2]


def check(args) -> int:
    started = time.perf_counter()
    outcome = Project(args.data.parent).validate()
    count = sum(1 for _ in outcome.kb.all())
    print(f"{count} records checked in {time.perf_counter() - started:.2f} s: no problems "
          f"({len(outcome.paths)} pages to render: make build).")
    return 0


def generate(args) -> int:
    started = time.perf_counter()
    outcome = Project(args.data.parent).generate()
    report = outcome.report
    print(f"{len(report.written)} page(s) written, {report.unchanged} unchanged, {len(report.removed)} removed "
          f"in {time.perf_counter() - started:.2f} s.")
    return 0


def build(args) -> int:
    """A strict build into a fresh folder, swapped in for site/ only when it succeeded: a failed build
    (bad data, a broken link, a warning) leaves the previous site/ byte for byte as it was."""
    root = args.data.parent
    check(args)
    target, fresh, old = root / "site", root / ".site-next", root / ".site-old"
    for folder in (fresh, old):
        shutil.rmtree(folder, ignore_errors=True)
    result = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(fresh)], cwd=root)
    if result.returncode != 0:
        shutil.rmtree(fresh, ignore_errors=True)
        print("the build failed (see above); site/ is unchanged.", file=sys.stderr)
        return 1
    if target.exists():
        target.rename(old)
    fresh.rename(target)
    shutil.rmtree(old, ignore_errors=True)
    print(f"site/ rebuilt in {root}")
    return 0


def new(args) -> int:
    if args.collection not in BY_NAME:
        print(f"unknown collection '{args.collection}'; expected one of: {', '.join(BY_NAME)}", file=sys.stderr)
        return 2
    target = args.data / args.collection / f"{args.id}.yaml"
    if target.exists():
        print(f"{target.relative_to(args.data.parent)} exists already; choose another id", file=sys.stderr)
        return 2
    text = fields.scaffold(load_schemas(args.data / "schema"), args.collection, args.id)
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(text, encoding="utf-8")
    print(f"wrote {target.relative_to(args.data.parent)}: replace every TODO, then run make check")
    return 0


def translations(args) -> int:
    missing = missing_translations(args.data.parent)
    for problem in missing:
        print(problem)
    print(f"{len(missing)} missing translation(s).")
    return 1 if missing else 0


def reference(args) -> int:
    schemas = load_schemas(args.data / "schema")
    if args.write:
        args.write.write_text(fields.with_reference(args.write.read_text(encoding="utf-8"), schemas), encoding="utf-8")
        print(f"field reference refreshed in {args.write}")
    else:
        print(fields.reference(schemas), end="")
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m kb")
    parser.add_argument("--data", type=Path, default=ROOT / "data")
    sub = parser.add_subparsers(dest="command", required=True)
    sub.add_parser("check", help="validate data/ and render every page in memory").set_defaults(run=check)
    sub.add_parser("generate", help="check, then write the generated pages into docs/").set_defaults(run=generate)
    sub.add_parser("build", help="strict build that replaces site/ only on success").set_defaults(run=build)
    scaffold = sub.add_parser("new", help="write a new record with every field in place")
    scaffold.add_argument("collection", help=", ".join(BY_NAME))
    scaffold.add_argument("id")
    scaffold.set_defaults(run=new)
    sub.add_parser("translations", help="list what lacks its second language").set_defaults(run=translations)
    fields_parser = sub.add_parser("fields", help="the field reference, generated from the schema")
    fields_parser.add_argument("--write", type=Path)
    fields_parser.set_defaults(run=reference)
    args = parser.parse_args(argv)
    args.data = args.data.resolve()
    if not (args.data / "schema").is_dir():
        print(f"{args.data} has no schema/ folder; expected the project's data/ folder", file=sys.stderr)
        return 2
    try:
        return args.run(args)
    except DataError as err:
        print(err.report(), file=sys.stderr)
        return 1


def hard_exit(code: int) -> None:
    """End without freeing, one by one, the objects of the loaded data: that took 0.1 s of a one-second
    `make check` at 1,000 records. The output is flushed first; nothing else waits for an orderly exit."""
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(code)


if __name__ == "__main__":
    hard_exit(main())
