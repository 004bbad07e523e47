"""The trusted side of the channel: the student's objects as proxies that only ever return plain data.

A test cell runs in the grader's process (see `judge.py`) with `StudentNames` as its globals: a
name the test does not define itself is looked up in the student's kernel. What comes back is plain
data (a number, a string, a plain tensor, lists and dicts of these), rebuilt here by `wire.decode`,
or a `Remote`: a reference to an object that stays in the kernel. A `Remote` can be called, its
attributes read, and Python's operators applied to it; each is one request, and its result is again
plain data or a `Remote`. It cannot be compared, converted to a number or iterated: a test that
needs a number from a `Remote` fails with `NotPlainData`, so an answer whose value is an object of
the student's own class (a tensor subclass, a float subclass, a proxy) is never taken for a number.
Nothing but plain data and references to the kernel's own objects is ever sent there.
"""

from __future__ import annotations

import builtins
import socket
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

from .wire import WireError, decode, encode, receive, send

__all__ = ["Channel", "NotPlainData", "Remote", "StudentError", "StudentNames"]


class StudentError(Exception):
    """The student's code raised while answering a request; `kind` is its exception's type name."""

    def __init__(self, kind: str) -> None:
        super().__init__(f"the student's code raised {kind}")
        self.kind = kind


class NotPlainData(TypeError):
    """A test needed a number, a tensor or a list, and the student's code gave an object of its own."""


class Channel:
    """One test's connection to the kernel's serve loop: requests out, plain data or references back."""

    def __init__(self, sock: socket.socket, wait: Callable[[], None]) -> None:
        self.sock, self.wait = sock, wait
        self.count = 0
        self.forbidden: list[str] = []

    def request(self, kind: str, name: str = "", target: Remote | None = None, args: tuple = (),
                kwargs: dict | None = None) -> Any:
        """Send one request and return its decoded answer (raises StudentError if the student's code raised)."""
        self.count += 1
        message = {"id": self.count, "kind": kind, "name": name, "forbid": list(self.forbidden),
                   "args": encode(list(args), self._reference),
                   "kwargs": encode(dict(kwargs or {}), self._reference)}
        if target is not None:
            message["ref"] = self._reference(target)
        send(self.sock, message)
        while True:
            reply = receive(self.sock, self.wait)
            if reply.get("id") == self.count:
                break
        error = reply.get("error")
        if error is not None:
            kind_name = error[0] if type(error) is list and error and type(error[0]) is str else "an error"
            raise StudentError(kind_name[:80])
        if "ok" not in reply:
            raise WireError("a reply with neither a value nor an error")
        return decode(reply["ok"], self._remote)

    def end(self) -> None:
        """Tell the kernel the test is over (it drops every reference it handed out)."""
        send(self.sock, {"kind": "end"})

    @contextmanager
    def forbidding(self, tool: str) -> Iterator[None]:
        """Requests sent inside run with `tool` made to raise in the kernel."""
        self.forbidden.append(tool)
        try:
            yield
        finally:
            self.forbidden.remove(tool)

    def _remote(self, ref: dict[str, Any]) -> Remote:
        return Remote(self, ref["id"], ref["type"])

    def _reference(self, value: Any) -> dict[str, Any]:
        """A reference to one of the kernel's own objects; nothing of the grader's may be sent."""
        if isinstance(value, Remote) and value._channel is self:
            return {"$": "ref", "id": value._id, "type": value._type}
        what = "an object of an earlier test" if isinstance(value, Remote) else f"a {type(value).__name__}"
        raise TypeError(f"a test cannot send {what} to the student's code (only plain data and the student's own "
                        "objects cross to the kernel)")


def _not_plain(self: Remote, *args: Any) -> Any:
    raise NotPlainData(f"the student's code gave a {self._type} object where a number, a tensor or a list was "
                       "expected")


def _binary(name: str, reflected: bool = False) -> Callable[[Remote, Any], Any]:
    """An operator applied in the kernel, where the object lives."""

    def method(self: Remote, other: Any) -> Any:
        args = (other, self) if reflected else (self, other)
        return self._channel.request("op", name, args=args)

    return method


def _unary(name: str) -> Callable[[Remote], Any]:
    def method(self: Remote) -> Any:
        return self._channel.request("op", name, args=(self,))

    return method


class Remote:
    """An object that lives in the student's kernel; see the module's docstring for what it allows."""

    __slots__ = ("_channel", "_id", "_type")

    def __init__(self, channel: Channel, ref_id: int, type_name: str) -> None:
        self._channel, self._id, self._type = channel, ref_id, type_name

    def __getattr__(self, name: str) -> Any:
        if name.startswith("__"):
            raise AttributeError(name)
        return self._channel.request("getattr", name, target=self)

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        return self._channel.request("call", target=self, args=args, kwargs=kwargs)

    def __repr__(self) -> str:
        return f"<the student's {self._type} object>"

    __hash__ = object.__hash__
    __bool__ = __float__ = __int__ = __index__ = __complex__ = __len__ = __iter__ = _not_plain
    __eq__ = __ne__ = __lt__ = __le__ = __gt__ = __ge__ = __contains__ = _not_plain
    __add__, __radd__ = _binary("add"), _binary("add", reflected=True)
    __sub__, __rsub__ = _binary("sub"), _binary("sub", reflected=True)
    __mul__, __rmul__ = _binary("mul"), _binary("mul", reflected=True)
    __truediv__, __rtruediv__ = _binary("truediv"), _binary("truediv", reflected=True)
    __floordiv__, __rfloordiv__ = _binary("floordiv"), _binary("floordiv", reflected=True)
    __mod__, __rmod__ = _binary("mod"), _binary("mod", reflected=True)
    __pow__, __rpow__ = _binary("pow"), _binary("pow", reflected=True)
    __matmul__, __rmatmul__ = _binary("matmul"), _binary("matmul", reflected=True)
    __getitem__ = _binary("getitem")
    __neg__, __pos__, __abs__, __invert__ = _unary("neg"), _unary("pos"), _unary("abs"), _unary("invert")


class StudentNames(dict):
    """A test's globals: the names it defines, and, for any other name, the student's object of that name."""

    def __init__(self) -> None:
        super().__init__(__builtins__=builtins)
        self.channel: Channel | None = None
        self.fetched: dict[str, Any] = {}

    def connect(self, channel: Channel | None) -> None:
        """Look up the names of the next test through `channel` (None: the test is over)."""
        self.channel, self.fetched = channel, {}

    def __missing__(self, name: str) -> Any:
        if self.channel is None or hasattr(builtins, name):
            raise KeyError(name)  # a builtin: Python looks it up next
        if name not in self.fetched:
            try:
                self.fetched[name] = self.channel.request("lookup", name)
            except StudentError as exc:
                if exc.kind == "NameError":
                    raise KeyError(name) from None
                raise
        return self.fetched[name]
