"""Run the independent jobs of a build on every core the machine gives it.

MkDocs renders pages on one core; planning a thousand records' pages (HTML of their text, the
explorer's words, the status report) is ours and splits into jobs that share nothing but the
records already loaded. Forked workers inherit those records as they are in memory, so nothing is
sent to a worker and only the jobs' results (page text) come back. Where fork is not offered
or not safe (Windows, macOS), or for one worker (the preview gives one: its server runs threads,
which a fork does not copy), jobs run one after the other in the calling process: the same results,
in the same order. It sits in the lowest layer: the pages' planning (build/) and the search index's
writing (site/) both use it.
"""
from __future__ import annotations

import gc
import multiprocessing
import os
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Generic, TypeVar

T = TypeVar("T")

_JOBS: Sequence[Callable[[], object]] = ()  # what a forked worker runs, by index: set just before the fork


def available_workers() -> int:
    """The cores this process may run on (a container's or a CI runner's share, not the host's)."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not offered on macOS or Windows
        return os.cpu_count() or 1


def room_for_a_copy(meminfo: str | None = None, statm: str | None = None) -> bool:
    """The machine has the memory for a second process as large as this one now (Linux ``MemAvailable``
    against this process's resident size), or cannot say (no /proc: not Linux).

    A forked build of another language grows about as large as this one, on top of it: where that would
    not fit, the languages are built one after the other instead, as slowly as before and as safely.
    ``meminfo`` and ``statm`` are the text of /proc/meminfo and /proc/self/statm, read when not given.
    """
    try:
        meminfo = meminfo if meminfo is not None else Path("/proc/meminfo").read_text()
        statm = statm if statm is not None else Path("/proc/self/statm").read_text()
    except OSError:
        return True
    available = next((int(line.split()[1]) * 1024 for line in meminfo.splitlines()
                      if line.startswith("MemAvailable:")), None)
    if available is None:
        return True
    resident = int(statm.split()[1]) * os.sysconf("SC_PAGE_SIZE")
    return available >= resident


def forking_allowed() -> bool:
    """Fork is offered, and safe: macOS offers it but its system libraries may crash in a forked child."""
    return "fork" in multiprocessing.get_all_start_methods() and sys.platform != "darwin"


def run_jobs(jobs: Sequence[Callable[[], T]], workers: int = 1) -> list[T]:
    """Each job's result, in the order of ``jobs``.

    With ``workers`` > 1, jobs are handed out in their order to that many forked processes, one
    at a time: put the longest first, so no worker is left with a long job at the end. A job's
    exception is raised here, as if it ran in this process.
    """
    global _JOBS
    workers = min(workers, len(jobs))
    if workers <= 1 or not forking_allowed():
        return [job() for job in jobs]
    _JOBS = jobs
    # The garbage collector of a worker would visit every object it inherited, writing to each, and
    # so copy the whole parent process, page by page: the objects there so far are left out of it.
    frozen_before = gc.get_freeze_count()  # a build that froze its records keeps them frozen
    gc.freeze()
    try:
        with multiprocessing.get_context("fork").Pool(workers) as pool:
            return pool.map(_run, range(len(jobs)), chunksize=1)
    finally:
        _JOBS = ()
        if not frozen_before:
            gc.unfreeze()


def _run(index: int) -> object:
    return _JOBS[index]()


class Later(Generic[T]):
    """A job run in a forked process while this one goes on: MkDocs renders the pages on one core
    while the data files it only copies are made on another. :meth:`result` waits for it.

    Where fork is not offered the job runs at once, in this process.
    """

    def __init__(self, job: Callable[[], T]) -> None:
        self._done = not forking_allowed()
        self._value: T | None = job() if self._done else None
        if self._done:
            return
        context = multiprocessing.get_context("fork")
        self._receive, send = context.Pipe(duplex=False)
        self._process = context.Process(target=_send_result, args=(job, send), daemon=True)
        self._process.start()
        send.close()

    def result(self) -> T:
        """The job's result; its exception is raised here."""
        if not self._done:
            try:
                ok, value = self._receive.recv()
            except EOFError:
                ok, value = False, None
            finally:
                self._receive.close()
                self._process.join()
            if value is None and not ok:
                raise RuntimeError(f"a build worker stopped before it finished (exit code "
                                   f"{self._process.exitcode}; out of memory?)")
            if not ok:
                raise value
            self._value, self._done = value, True
        return self._value  # type: ignore[return-value]

    def cancel(self) -> None:
        """Stop the job if it is still running (a build that failed needs no more of its work)."""
        if not self._done:
            self._process.terminate()
            self._process.join()
            self._receive.close()
            self._done = True


def _send_result(job: Callable[[], object], send) -> None:
    gc.freeze()  # see run_jobs: what the worker inherited stays shared with the build
    try:
        outcome = (True, job())
    except BaseException as exc:  # noqa: BLE001 - given to the parent, which raises it
        outcome = (False, exc)
    send.send(outcome)
    send.close()
