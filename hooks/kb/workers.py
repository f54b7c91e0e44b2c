"""Render pages on every core: the jobs are split between this process and forked copies of it.

A forked worker shares the loaded knowledge base and the compiled templates
with its parent (nothing is pickled on the way in), renders its share and
sends back the pages and what each read (kb.model.reading). A failure while
rendering becomes one problem line, never a traceback, in any process.
In a full build, `Stream` keeps such workers rendering, writing and converting
pages while MkDocs converts the first ones. Every worker talks back through the
same pipe of pickled messages (`_fork`, `_messages`).
"""

from __future__ import annotations

import os
import pickle
import shutil
import sys
import tempfile
import threading
import traceback
import weakref
from dataclasses import dataclass
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


# -- pages rendered (and converted) while MkDocs builds -------------------------------------------

AHEAD = 16  # pages a worker keeps rendered ahead of the caller before it converts some itself

# The state of each job, in memory shared by every process (Stream._state).
WAITING, RENDERED, CONVERTING, CONVERTED, TAKEN = range(5)


class Stream:
    """Pages rendered and written into docs/ by forked workers while this process goes on with other work:
    `take(path)` returns once that page is written, with its conversion to HTML if a worker made it;
    `finish()` returns once every page is written.

    A full MkDocs build spends most of its time on one core, and about half of it converting Markdown.
    The workers render the pages in the order given (the order MkDocs reads them), each page once (a
    shared counter hands them out), write each into docs/ if it changed, and say so here. Given
    `convert(path, text)`, a worker that is AHEAD pages ahead of where the caller reads converts the last
    page it rendered, unless the caller has taken it meanwhile: the caller converts the pages at its
    position while the workers convert those further on. A conversion is kept in a spool folder until
    taken (not in this process's memory). After its share, the first worker sends `extra()` (the files
    published beside the pages). A failure stops that worker and is raised by the next `take()`,
    `checked()` or `finish()`, as a DataError.

    check: a generator function whose value is a list of problems (kb.project.texts_check), run by the
    first worker in steps, whenever it is AHEAD pages ahead of the caller, and to its end before the
    first job for which check_before(job) is true (or after the last job); `checked()` waits for it and
    raises the problems."""

    def __init__(self, renderer, jobs: list, deliver, extra=None, workers: int | None = None,
                 check=None, check_before=None, convert=None):
        import multiprocessing  # noqa: PLC0415 - shared memory and a lock that forked workers inherit

        count = max(1, min((workers or cores()) - 1, 8))  # one core stays with the caller
        self.paths = {job.path for job in jobs}
        self._index = {job.path: index for index, job in enumerate(jobs)}
        self._state = multiprocessing.RawArray("b", len(jobs))
        self._counters = multiprocessing.RawArray("q", 2)  # [next job to render, where the caller reads]
        self._lock = multiprocessing.Lock()
        self._spool = Path(tempfile.mkdtemp(prefix="kb-pages-")) if convert is not None else None
        if self._spool is not None:
            weakref.finalize(self, shutil.rmtree, self._spool, True)
        self.converted = 0  # pages taken with their conversion (the rest: converted by the caller)
        self._problems: list[Problem] = []
        self._extra = None
        self._checked = check is None
        self._written = 0
        self._running = count
        self._condition = threading.Condition()
        shared = _Shared(jobs, self._state, self._counters, self._lock, self._spool)
        children = []
        for index in range(count):
            first = index == 0
            children.append(_fork(lambda send, first=first: _stream_work(
                renderer, shared, deliver, extra if first else None, send, check if first else None,
                check_before or (lambda job: False), convert)))
        for pid, read_end in children:  # threads only after every fork
            threading.Thread(target=self._receive, args=(pid, read_end), daemon=True).start()

    def take(self, path: str):
        """Once the page at path is written into docs/: its conversion (what `convert` returned) if a
        worker made it, or None: the caller converts it (no worker will)."""
        index = self._index[path]
        with self._lock:
            self._counters[1] = max(self._counters[1], index)
        with self._condition:
            while True:
                with self._lock:
                    state = self._state[index]
                    if state == RENDERED:
                        self._state[index] = TAKEN
                if state in (RENDERED, TAKEN):
                    return None
                if state == CONVERTED:
                    spooled = self._spool / f"{index}.pickle"
                    found = pickle.loads(spooled.read_bytes())
                    spooled.unlink()
                    self.converted += 1
                    return found
                self._raise()
                if not self._running:
                    raise DataError([Problem("hooks/kb/templates", 0, "", f"cannot be shown: no worker wrote {path}")])
                self._condition.wait()

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
            self._condition.notify_all()  # also for "html": a conversion is in the spool, or given up
        return kind in ("done", "failure")


@dataclass
class _Shared:
    """What the workers of one Stream share: the jobs, their states, the counters, the lock, the spool."""

    jobs: list
    state: object
    counters: object
    lock: object
    spool: Path | None

    def next_step(self, rendered: dict, checking: bool) -> tuple[str, int]:
        """What a worker does next: ("render", job), ("check", -1) (a step of the check), ("convert", job)
        or ("stop", -1). `rendered`: {job: Markdown} of the pages it rendered and has not converted, in the
        order rendered; the last is converted first, and those the caller took meanwhile are dropped on
        the way. A worker AHEAD pages ahead of the caller checks or converts; otherwise it renders, so
        that the caller never waits for a page."""
        with self.lock:
            following, reading = self.counters[0], self.counters[1]
            while rendered and self.state[last := next(reversed(rendered))] != RENDERED:
                del rendered[last]
            ahead = following - reading >= AHEAD or following >= len(self.jobs)
            if checking and ahead:
                return "check", -1
            if rendered and ahead:
                index = next(reversed(rendered))
                self.state[index] = CONVERTING
                return "convert", index
            if following < len(self.jobs):
                self.counters[0] = following + 1
                return "render", following
            return "stop", -1

    def set(self, index: int, state: int) -> None:
        with self.lock:
            self.state[index] = state


class _Check:
    """A check that runs in steps (a generator whose value is its problems), and sends them when done."""

    def __init__(self, check, send):
        self.steps = check() if check is not None else None
        self.send = send

    def step(self) -> None:
        try:
            next(self.steps)
        except StopIteration as done:
            self.send(("checked", done.value))
            self.steps = None

    def finish(self) -> None:
        while self.steps is not None:
            self.step()


def _stream_work(renderer, shared: _Shared, deliver, extra, send, check, check_before, convert) -> None:
    rendered: dict[int, str] = {}  # pages this worker rendered, to convert unless taken (next_step)
    checking = _Check(check, send)
    while True:
        step, index = shared.next_step(rendered, checking.steps is not None)
        if step == "stop":
            break
        if step == "check":
            checking.step()
            continue
        job = shared.jobs[index]
        if step == "render":
            if check_before(job):
                checking.finish()
            try:
                text = renderer.page(job)
            except Exception as err:  # noqa: BLE001 - reported as a problem, with where it happened
                send(("failure", failure(renderer, err)))
                return
            written = deliver(job.path, text)
            if convert is not None:
                rendered[index] = text
            shared.set(index, RENDERED)
            send(("page", job.path, written))
        else:
            text = rendered.pop(index)
            try:
                found = convert(job.path, text)
            except Exception:  # noqa: BLE001 - the caller converts it, and meets the same problem there
                found = None
            if found is None:
                shared.set(index, RENDERED)
            else:
                (shared.spool / f"{index}.pickle").write_bytes(pickle.dumps(found, protocol=pickle.HIGHEST_PROTOCOL))
                shared.set(index, CONVERTED)
            send(("html", job.path))
    checking.finish()
    if extra is not None:
        send(("extra", extra()))
    send(("done",))
