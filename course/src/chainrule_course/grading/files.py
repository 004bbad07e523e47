"""Reading files a student controls: never through a link, only regular files, never more than a cap.

Guards against a submission that is not what it claims: a symlink to `/etc/shadow` or to the
instructor's source notebook, a FIFO that blocks the reader forever, a device such as `/dev/zero`
that never ends, a directory. Every file of a submission, and every file a kernel could have
written (its run folder), is read through `read_capped`; what it refuses gets a reason and its
content is never read.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

__all__ = ["NotRegular", "describe", "read_capped"]

KINDS = ((stat.S_ISLNK, "a symbolic link"), (stat.S_ISDIR, "a folder"), (stat.S_ISFIFO, "a FIFO"),
         (stat.S_ISSOCK, "a socket"), (stat.S_ISCHR, "a device"), (stat.S_ISBLK, "a device"))


class NotRegular(OSError):
    """The path is not a regular file (or is larger than the cap): its content is not read."""


def describe(path: Path) -> str | None:
    """What a path is, when it is not a regular file ("a symbolic link", "a FIFO", ...); None for a regular file."""
    try:
        mode = os.lstat(path).st_mode
    except FileNotFoundError:
        return "missing"
    for test, name in KINDS:
        if test(mode):
            return name
    return None


def read_capped(path: Path, cap: int, tail: bool = False) -> bytes:
    """The bytes of a regular file, opened without following links; NotRegular if it is not one or is too large
    (with `tail`, a larger file gives its last `cap` bytes instead)."""
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK | os.O_CLOEXEC)
    except OSError as exc:
        what = describe(path)
        raise NotRegular(f"is {what}" if what else f"cannot be opened ({exc.strerror})") from None
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise NotRegular(f"is {describe(path) or 'not a regular file'}")
        if info.st_size > cap:
            if not tail:
                raise NotRegular(f"is larger than {cap >> 20} MB")
            os.lseek(fd, info.st_size - cap, os.SEEK_SET)
        chunks, left = [], cap
        while left > 0:
            chunk = os.read(fd, min(left, 1 << 20))
            if not chunk:
                break
            chunks.append(chunk)
            left -= len(chunk)
        return b"".join(chunks)
    finally:
        os.close(fd)
