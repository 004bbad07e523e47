"""A time budget per statement: SymPy can take minutes over one unlucky expression, and one statement must not hang
a course's CI. Past the budget, the statement is counted unchecked with that reason.

The budget is a real-time alarm (`signal.setitimer`), so it works only in the main thread on Unix; elsewhere (a
thread, Windows) there is no budget and a statement takes what it takes.
"""

from __future__ import annotations

import signal
import threading
from collections.abc import Iterator
from contextlib import contextmanager

__all__ = ["BUDGET", "OverBudget", "budget"]

BUDGET = 30  # seconds for one statement, scalar and matrix readers each


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
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
