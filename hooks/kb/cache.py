"""Work kept between runs: what each record file says on its own, and what Markdown makes of each text.

Both depend only on their input (a file's bytes, a text and the glossary's
abbreviations) and on the code and schemas that read them. A Project keeps one
`Store` in memory across the rebuilds of `mkdocs serve`; `python -m kb check`
and `generate` also keep it on disk in `.cache/kb/` (ignored by git, safe to
delete), so the next run reads only the files that changed. A store written
by other code or other schemas is ignored as a whole: its salt differs.
"""

from __future__ import annotations

import gc
import hashlib
import os
import pickle
import tempfile
from pathlib import Path

from . import workers
from .load import FileResult, read_record
from .model import COLLECTIONS
from .yamlfile import MAX_BYTES

HERE = Path(__file__).parent
FORMAT = 2


def salt(schema_dir: Path) -> str:
    """A digest of the code that reads records and of the schemas: a change to either empties the store."""
    digest = hashlib.sha256(str(FORMAT).encode())
    for path in sorted([*HERE.glob("*.py"), *Path(schema_dir).glob("*.json")]):
        digest.update(path.name.encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()


def context_key(value) -> str:
    """A short key for what a remembered check reads besides its record (Store.remembered)."""
    return hashlib.sha1(repr(value).encode()).hexdigest()


class Store:
    def __init__(self, file: Path | None, salt: str):
        self.file = file
        self.salt = salt
        self.records: dict[str, tuple[str, FileResult]] = {}  # shown path -> (digest of bytes, result)
        self.analyses: dict[tuple, object] = {}  # (abbreviations, text) -> text.Analysis
        # shown path -> (mtime in ns, size, digest): a file whose size and time did not change is not read
        # again to be hashed (as git's index does; an edit always changes the time in nanoseconds)
        self.stats: dict[str, tuple[int, int, str]] = {}
        # (check, shown path, digest, context) -> problems: checks of one record that depend only on it and
        # on a context (the glossary, the set of records) and that the whole data set would otherwise rerun
        self.checks: dict[tuple, list] = {}
        self.seen: set[str] = set()
        self.used: dict[tuple, list] = {}  # the checks asked for in this run: the others are forgotten
        self.digests: dict[str, str] = {}  # shown path -> digest, found by prefetch() for read() in this run
        self.changed = False
        if file is not None and file.is_file():
            gc.disable()  # millions of new objects, none garbage: collecting while unpickling only costs time
            try:
                with file.open("rb") as handle:
                    kept = pickle.load(handle)
                if kept.get("salt") == salt:
                    self.records, self.analyses = kept["records"], kept["analyses"]
                    self.stats, self.checks = kept["stats"], kept["checks"]
            except Exception:  # noqa: BLE001 - a damaged cache is only slower, never wrong: start empty
                self.records, self.analyses, self.stats, self.checks = {}, {}, {}, {}
            finally:
                gc.enable()
        self.saved_analyses = len(self.analyses)

    def read(self, path: Path, shown: str, collection, schemas) -> tuple[FileResult, str]:
        """The file's result, read again only if its bytes changed; and the digest of those bytes."""
        self.seen.add(shown)
        if path.stat().st_size > MAX_BYTES:  # refused by read_record without reading the whole file
            return read_record(path, shown, collection, schemas), ""
        digest = self.digests.pop(shown, None) or self.digest(path, shown)
        found = self.records.get(shown)
        if found is not None and found[0] == digest:
            return found[1], digest
        result = read_record(path, shown, collection, schemas)
        self.records[shown] = (digest, result)
        self.changed = True
        return result, digest

    def prefetch(self, data_dir: Path, schemas) -> None:
        """Read, on every core, the record files whose bytes changed since they were last read (load()
        then finds them all here; it alone decides which files are records and reports the others)."""
        todo = []
        for collection in COLLECTIONS:
            folder = data_dir / collection.name
            if not folder.is_dir() or folder.is_symlink():
                continue
            for path in sorted(folder.glob("*.yaml")):
                if path.is_symlink() or not path.is_file() or path.stat().st_size > MAX_BYTES:
                    continue
                shown = path.relative_to(data_dir.parent).as_posix()
                digest = self.digests[shown] = self.digest(path, shown)
                if self.records.get(shown, ("",))[0] != digest:
                    todo.append((path, shown, collection, digest))
        results = workers.mapped(lambda item: read_record(item[0], item[1], item[2], schemas), todo)
        for (_, shown, _, digest), result in zip(todo, results):
            self.records[shown] = (digest, result)
            self.changed = True

    def digest(self, path: Path, shown: str) -> str:
        """The digest of a file's bytes; hashed again only when its size or modification time changed."""
        stat = path.stat()
        kept = self.stats.get(shown)
        if kept is not None and kept[:2] == (stat.st_mtime_ns, stat.st_size):
            return kept[2]
        digest = hashlib.sha1(path.read_bytes()).hexdigest()
        self.stats[shown] = (stat.st_mtime_ns, stat.st_size, digest)
        self.changed = True
        return digest

    def remembered(self, check: str, record, context, find) -> list:
        """find(record)'s problems, found again only when the record's file or the context changed.
        context: a hashable value that stands for everything else the check reads."""
        key = (check, record.file, record.digest, context)
        found = self.checks.get(key) if record.digest else None
        if found is None:
            found = find(record)
            self.changed = True
        self.used[key] = found
        return found

    def save(self, forget: bool = True) -> None:
        """Write the store (atomically) if anything was read anew; forget files and checks not seen in this
        run (forget=False: a worker adding to what its parent saved, which saw the files)."""
        gone: set = set()
        if forget:
            gone = set(self.records) - self.seen
            for shown in gone:
                del self.records[shown]
                self.stats.pop(shown, None)
            if self.used:
                gone |= self.checks.keys() - self.used.keys()
                self.checks = {}
        self.checks.update(self.used)
        self.used = {}
        self.seen, self.digests = set(), {}
        if self.file is None or not (self.changed or gone or len(self.analyses) != self.saved_analyses):
            return
        self.file.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(dir=self.file.parent, prefix=".store-")
        with os.fdopen(handle, "wb") as out:
            pickle.dump({"salt": self.salt, "records": self.records, "analyses": self.analyses,
                         "stats": self.stats, "checks": self.checks}, out, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(temporary, self.file)
        self.changed = False
        self.saved_analyses = len(self.analyses)
