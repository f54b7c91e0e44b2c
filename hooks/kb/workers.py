"""Render pages on every core: the jobs are split between this process and forked copies of it.

A forked worker shares the loaded knowledge base and the compiled templates
with its parent (nothing is pickled on the way in), renders its share and
sends back the pages and what each read (kb.model.reading). A failure while
rendering becomes one problem line, never a traceback, in any process.
In a full build, `Stream` keeps such workers rendering and writing pages while
MkDocs converts the first ones. Every worker talks back through the same pipe
of pickled messages (`_fork`, `_messages`).
"""

from __future__ import annotations

import os
import pickle
import sys
import threading
import traceback
from pathlib import Path

from .model import reading
from .problems import DataError, Problem

MIN_JOBS = 400  # below this, forking costs more than it saves


def cores() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # pragma: no cover - not Linux
        return os.cpu_count() or 1


def mapped(function, items: list, workers: int | None = None, minimum: int = 100) -> list:
    """[function(item) for item in items], on every core: the items are split between this process and
    forked copies of it, which send their results back pickled. An exception is raised here, as if the
    work had been done in this process."""
    workers = min(workers or cores(), 8)
    if workers <= 1 or len(items) < minimum or not hasattr(os, "fork"):
        return [function(item) for item in items]
    shares = [items[i::workers] for i in range(workers)]
    children = [_fork(lambda send, share=share: send([function(item) for item in share])) for share in shares[1:]]
    results = [[function(item) for item in shares[0]]]
    for child in children:
        found = _collect(*child)
        if isinstance(found, BaseException):
            raise found
        results.append(found)
    out: list = [None] * len(items)
    for offset, share in enumerate(results):
        out[offset::workers] = share
    return out


def _fork(work) -> tuple[int, int]:
    """Run work(send) in a forked copy of this process; (pid, pipe) to read what send(message) sent
    (`_messages`). An exception in work() is sent as a RuntimeError naming it."""
    sys.stdout.flush()
    sys.stderr.flush()
    read_end, write_end = os.pipe()
    pid = os.fork()
    if pid == 0:  # the worker: work, send, leave without running the parent's exit handlers
        os.close(read_end)
        try:
            with os.fdopen(write_end, "wb") as out:
                def send(message) -> None:
                    payload = pickle.dumps(message, protocol=pickle.HIGHEST_PROTOCOL)
                    out.write(len(payload).to_bytes(8, "big") + payload)
                    out.flush()
                try:
                    work(send)
                except BaseException as err:  # noqa: BLE001 - raised or reported by the parent
                    send(RuntimeError(f"in a worker: {type(err).__name__}: {err}"))
        finally:
            os._exit(0)
    os.close(write_end)
    return pid, read_end


def _messages(read_end: int):
    """Every message a worker sent, until it closed its end of the pipe."""
    with os.fdopen(read_end, "rb") as handle:
        while len(head := handle.read(8)) == 8:
            yield pickle.loads(handle.read(int.from_bytes(head, "big")))


def _collect(pid: int, read_end: int):
    """The one message of a worker of `mapped`: its result, or the exception it stopped with."""
    messages = list(_messages(read_end))
    os.waitpid(pid, 0)
    return messages[0] if messages else RuntimeError("a worker stopped without a result")


def render(renderer, jobs: list, workers: int | None = None) -> tuple[dict[str, tuple[str, frozenset]], list[Problem]]:
    """{path: (Markdown, keys read)} of every job, and the problems of the jobs that failed."""
    count = min(workers or cores(), 8) if len(jobs) >= MIN_JOBS else 1
    shares = [jobs[i::count] for i in range(count)]  # interleaved: big pages and small ones in every share
    pages: dict[str, tuple[str, frozenset]] = {}
    problems: list[Problem] = []
    try:
        done = mapped(lambda share: _share(renderer, share), shares, count, minimum=2)
    except RuntimeError as err:  # a worker that could not send its pages
        return pages, [Problem("hooks/kb/templates", 0, "", f"cannot be shown: {err}")]
    for found_pages, found_problems in done:
        pages.update(found_pages)
        problems += found_problems
    return pages, problems


def _share(renderer, jobs: list) -> tuple[dict[str, tuple[str, frozenset]], list[Problem]]:
    pages = {}
    for job in jobs:
        try:
            with reading() as reads:
                text = renderer.page(job)
        except Exception as err:  # noqa: BLE001 - reported as a problem, with where it happened
            return pages, [failure(renderer, err)]
        pages[job.path] = (text, frozenset(reads))
    return pages, []


def failure(renderer, err: Exception) -> Problem:
    frame = next((f for f in reversed(traceback.extract_tb(err.__traceback__)) if f.filename.endswith(".j2")), None)
    template = f" (template {Path(frame.filename).name}, line {frame.lineno})" if frame else ""
    return Problem(renderer.current or "hooks/kb/templates", 0, "",
                   f"cannot be shown: {type(err).__name__}: {err}{template}")


# -- pages rendered while MkDocs builds ---------------------------------------------------------

class Stream:
    """Pages rendered and written into docs/ by forked workers while this process goes on with other work:
    `wait(path)` returns once that page is written, `finish()` once every page is.

    A full MkDocs build spends most of its time on one core converting Markdown; the pages it converts
    first can be rendered on the other cores meanwhile. Each worker renders its share of the jobs in the
    order given, hands every page to `deliver(path, text)` (which writes it into docs/, if it changed) and
    then says so here; after its share, the first worker sends `extra()` (the files published beside the
    pages). The pages themselves stay on disk, not in this process's memory. A failure stops that worker
    and is raised by the next `wait()`, `checked()` or `finish()`, as a DataError.

    check: a function returning problems, run by the first worker before the first job of its share for
    which check_before(job) is true (or after its share); `checked()` waits for it and raises them."""

    def __init__(self, renderer, jobs: list, deliver, extra=None, workers: int | None = None,
                 check=None, check_before=None):
        count = max(1, min((workers or cores()) - 1, 8))  # one core stays with the caller
        self.paths = {job.path for job in jobs}
        self._ready: set[str] = set()
        self._problems: list[Problem] = []
        self._extra = None
        self._checked = check is None
        self._written = 0
        self._running = count
        self._condition = threading.Condition()
        children = []
        for index in range(count):
            share = jobs[index::count]
            first = index == 0
            children.append(_fork(lambda send, share=share, first=first: _stream_share(
                renderer, share, deliver, extra if first else None, send, check if first else None,
                check_before or (lambda job: False))))
        for pid, read_end in children:  # threads only after every fork
            threading.Thread(target=self._receive, args=(pid, read_end), daemon=True).start()

    def wait(self, path: str) -> None:
        """Return once the page at path is written into docs/ (at once if it was already)."""
        with self._condition:
            while path not in self._ready and not self._problems and self._running:
                self._condition.wait()
            self._raise()
            if path not in self._ready:
                raise DataError([Problem("hooks/kb/templates", 0, "", f"cannot be shown: no worker wrote {path}")])

    def checked(self) -> None:
        """Wait for the check (if any) and raise its problems, as a DataError."""
        with self._condition:
            while not self._checked and not self._problems and self._running:
                self._condition.wait()
            self._raise()

    def finish(self) -> tuple[int, object]:
        """Wait for every worker: (how many pages were written anew into docs/, what `extra()` returned)."""
        with self._condition:
            while self._running and not self._problems:
                self._condition.wait()
            self._raise()
            return self._written, self._extra

    def _raise(self) -> None:
        if self._problems:
            raise DataError(list(self._problems))

    def _receive(self, pid: int, read_end: int) -> None:
        ended = False
        for message in _messages(read_end):
            ended = self._take(message) or ended
        os.waitpid(pid, 0)
        if not ended:
            self._take(("failure", Problem("hooks/kb/templates", 0, "", "cannot be shown: a worker stopped")))

    def _take(self, message) -> bool:
        """Note one message of a worker; whether it was the worker's last."""
        if isinstance(message, BaseException):  # deliver() or extra() failed
            message = ("failure", Problem("hooks/kb/templates", 0, "", f"cannot be shown: {message}"))
        kind = message[0]
        with self._condition:
            if kind == "page":
                self._ready.add(message[1])
                self._written += message[2]
            elif kind == "extra":
                self._extra = message[1]
            elif kind == "checked":
                self._problems += message[1]
                self._checked = True
            elif kind == "failure":
                self._problems.append(message[1])
            if kind in ("done", "failure"):
                self._running -= 1
            self._condition.notify_all()
        return kind in ("done", "failure")


def _stream_share(renderer, jobs: list, deliver, extra, send, check, check_before) -> None:
    for job in jobs:
        if check is not None and check_before(job):
            send(("checked", check()))
            check = None
        try:
            text = renderer.page(job)
        except Exception as err:  # noqa: BLE001 - reported as a problem, with where it happened
            send(("failure", failure(renderer, err)))
            return
        send(("page", job.path, deliver(job.path, text)))
    if check is not None:
        send(("checked", check()))
    if extra is not None:
        send(("extra", extra()))
    send(("done",))
