"""Work done on a second core: a forked process shares what this one has loaded (the catalogue)
without copying it, and sends back its result.

Only callers that know they have no threads ask for it (`parallel`): a fork copies one thread, and
a lock another thread held stays locked in the copy. `kb check` has no threads; `mkdocs build` has
none when the hook runs; `mkdocs serve` serves from threads, so it never forks. A thread a library
started (OpenBLAS starts one when numpy loads) is not a Python thread: `arrays` loads numpy without
it, and forkable() refuses whenever the process has a second thread of any kind.
"""
from __future__ import annotations

import multiprocessing
import os
from typing import Callable, TypeVar

T = TypeVar("T")


def _threads() -> int:
    """Threads of this process, native ones included (Linux); Python's count elsewhere."""
    try:
        return len(os.listdir("/proc/self/task"))
    except OSError:
        import threading
        return threading.active_count()


def arrays() -> None:
    """Import numpy and scipy.sparse (KB401 and KB402 compute with them) with OpenBLAS on one
    thread: the sparse products call no BLAS, and a worker thread would make every later fork
    unsafe. Done before forking, the import (a quarter of a second) is paid once, not per process."""
    import sys
    if "numpy" not in sys.modules:
        before = os.environ.get("OPENBLAS_NUM_THREADS")
        os.environ["OPENBLAS_NUM_THREADS"] = "1"  # read once, when the library loads
        try:
            import numpy  # noqa: F401
        finally:
            if before is None:
                del os.environ["OPENBLAS_NUM_THREADS"]
            else:
                os.environ["OPENBLAS_NUM_THREADS"] = before
    import scipy.sparse  # noqa: F401


def forkable(parallel: bool) -> bool:
    """Whether work may go to a forked process: asked for (the caller has no threads), not refused
    (KB_JOBS=1 in the environment keeps every command on one core), and the platform can fork and
    has a second core."""
    return (parallel and os.environ.get("KB_JOBS", "").strip() != "1"
            and "fork" in multiprocessing.get_all_start_methods() and (os.cpu_count() or 1) >= 2
            # a forked worker is a daemon, which may not start processes of its own
            and not multiprocessing.current_process().daemon and _threads() == 1)


def beside(fn: Callable[[], T], parallel: bool, lost: Callable[[], T] | None = None) -> Callable[[], T]:
    """Start fn in a forked process and return a function that waits for its result. Runs fn in
    place where forkable() says no. If the forked process dies, the result is lost() when given
    (the caller makes up for it), else fn run again here."""
    if not forkable(parallel):
        result = fn()
        return lambda: result
    ctx = multiprocessing.get_context("fork")
    receive, send = ctx.Pipe(duplex=False)
    child = ctx.Process(target=lambda: send.send(fn()), daemon=True)
    child.start()
    send.close()  # the child's copy stays open until it exits: then a recv here ends in EOFError

    def wait() -> T:
        try:
            return receive.recv()
        except EOFError:  # the child died: rather than lose its result, do the work here
            return (lost or fn)()
        finally:
            child.join()
    return wait
