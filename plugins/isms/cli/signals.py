"""Ctrl-C and ``kill``: how every command stops when asked to, with exit status 130 and no traceback.

SIGINT and SIGTERM raise :class:`Interrupted` rather than ``KeyboardInterrupt``. The difference matters:
CPython remembers a ``KeyboardInterrupt`` that leaves code run from a string (``exec``/``eval``, as
``dataclasses`` and ``namedtuple`` do while a module is imported) as *unhandled*, even when a caller
catches it, and a ``python -m isms`` process then kills itself with SIGINT at exit instead of returning
our 130. Lazy imports happen in the middle of a snapshot, so a signal that landed in one made the
interrupted snapshot die by SIGINT (-2) after it had cleaned up and said so. A subclass of
``BaseException`` that is not ``KeyboardInterrupt`` is not remembered, passes through ``except
Exception`` like a Ctrl-C, and lets ``subprocess`` kill and reap a child before it propagates.
"""

from __future__ import annotations

import signal
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from types import FrameType

STOPPING = (signal.SIGINT, signal.SIGTERM)


class Interrupted(BaseException):
    """The user (Ctrl-C) or a supervisor (``kill``) asked the command to stop."""


def _raise(signum: int, frame: FrameType | None) -> None:
    raise Interrupted(signum)


@contextmanager
def interruptible() -> Iterator[None]:
    """Within this block SIGINT and SIGTERM raise :class:`Interrupted`; the previous handlers come back after.

    Signal handlers can only be set in the main thread; elsewhere (a command run from a worker thread of a
    test) the block leaves them as they are."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    previous = {signum: signal.signal(signum, _raise) for signum in STOPPING}
    try:
        yield
    finally:
        for signum, handler in previous.items():
            signal.signal(signum, handler)
