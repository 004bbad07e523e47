"""A time budget per statement: SymPy can take minutes over one unlucky expression, and one statement must not hang
a course's CI. Past the budget, the statement is counted unchecked with that reason.

The budget is a real-time alarm (`signal.setitimer`), so it works only in the main thread on Unix; elsewhere (a
thread, Windows) there is no budget and a statement takes what it takes. An alarm set before (pytest-timeout's) is
re-armed afterwards with the time it had left.
"""

from __future__ import annotations

import signal
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager

__all__ = ["BUDGET", "STATEMENT_BUDGET", "OverBudget", "budget"]

BUDGET = 30  # seconds for one statement, scalar and matrix readers each
# seconds for everything one statement's reading does, its budgeted readers and the work around them (putting
# definitions in, the equations it leaves to later ones): a bound on a notebook of n statements, n times this
STATEMENT_BUDGET = 90


class OverBudget(BaseException):
    """Deciding one statement took longer than its budget (a BaseException, so no reader's `except` swallows it)."""


@contextmanager
def budget(seconds: float) -> Iterator[None]:
    """Raise OverBudget in the block after `seconds` of wall time, where an alarm can be set; else no limit."""
    if not hasattr(signal, "setitimer") or threading.current_thread() is not threading.main_thread():
        yield
        return

    def expire(signum: int, frame: object) -> None:
        """The alarm: stop the statement being read."""
        raise OverBudget

    previous = signal.signal(signal.SIGALRM, expire)
    outer, _ = signal.setitimer(signal.ITIMER_REAL, seconds)  # an alarm someone else set (pytest-timeout's)
    started = time.monotonic()
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
        if outer:  # re-arm it with what is left of it, so it still fires (at once if its time has passed)
            signal.setitimer(signal.ITIMER_REAL, max(outer - (time.monotonic() - started), 1e-6))
