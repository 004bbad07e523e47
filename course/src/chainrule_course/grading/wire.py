"""The channel between the trusted tests and the student's kernel: plain data in length-prefixed JSON frames.

Both sides load this one file (the kernel from its read-only copy in the sandbox, by path), so it
needs only the standard library, and torch for tensors. What crosses it:

- numbers, strings, booleans and None as JSON; lists, tuples and dicts of plain data;
- a tensor as its dtype, shape and raw bytes, rebuilt on arrival as a plain `torch.Tensor`
  (never a subclass: a subclass's own methods stay on the side that made it);
- a *reference* `{"$": "ref", "id": n, "type": name}` to an object that stays where it was made
  (a student's `Value`, a model): the other side can only name it in later requests.

Never a pickle, never code. The trusted side decodes with `decode(..., trusted_refs=...)`, which
checks every field's type and size and refuses anything else with `WireError`.
"""

from __future__ import annotations

import base64
import json
import math
import socket
import struct
from collections.abc import Callable
from typing import Any

MAX_FRAME = 64 << 20  # bytes in one message: a student's reply larger than this is refused
MAX_DEPTH = 32  # nesting of lists and dicts in one value
MAX_TEXT = 10_000  # characters in one string
DTYPES = ("float64", "float32", "float16", "bfloat16", "int64", "int32", "int16", "int8", "uint8", "bool",
          "complex64", "complex128")
HEADER = struct.Struct(">I")


class WireError(ValueError):
    """A message that is not plain data of the agreed shape (too big, too deep, of an unknown kind)."""


def send(sock: socket.socket, message: dict[str, Any]) -> None:
    """Write one message as a 4-byte length and its JSON."""
    body = json.dumps(message, allow_nan=True, separators=(",", ":")).encode()
    if len(body) > MAX_FRAME:
        raise WireError(f"a message of {len(body)} bytes is larger than the channel's {MAX_FRAME}")
    sock.sendall(HEADER.pack(len(body)) + body)


def receive(sock: socket.socket, wait: Callable[[], None] | None = None) -> dict[str, Any]:
    """Read one message; `wait` is called between reads (the trusted side checks its time limits there)."""
    size = HEADER.unpack(_exactly(sock, HEADER.size, wait))[0]
    if size > MAX_FRAME:
        raise WireError(f"a message of {size} bytes is larger than the channel's {MAX_FRAME}")
    try:
        message = json.loads(_exactly(sock, size, wait))
    except (ValueError, RecursionError) as exc:
        raise WireError(f"a message that is not JSON ({type(exc).__name__})") from None
    if not isinstance(message, dict):
        raise WireError("a message that is not a JSON object")
    return message


def _exactly(sock: socket.socket, size: int, wait: Callable[[], None] | None) -> bytes:
    """`size` bytes from the socket, calling `wait` whenever none are ready."""
    chunks, got = [], 0
    while got < size:
        try:
            chunk = sock.recv(min(size - got, 1 << 20))
        except TimeoutError:
            if wait is not None:
                wait()
            continue
        if not chunk:
            raise ConnectionError("the other side closed the channel")
        chunks.append(chunk)
        got += len(chunk)
    return b"".join(chunks)


def encode(value: Any, ref: Callable[[Any], dict[str, Any]], depth: int = 0) -> Any:
    """Plain data as JSON-ready values; anything else becomes `ref(value)` (a reference the other side may use)."""
    if depth > MAX_DEPTH:
        raise WireError(f"a value nested more than {MAX_DEPTH} deep")
    if value is None or isinstance(value, (bool, str)):
        return value if not isinstance(value, str) else value[:MAX_TEXT]
    if isinstance(value, int):
        return int(value)
    if isinstance(value, float):
        return float(value) if math.isfinite(value) else {"$": "float", "repr": repr(float(value))}
    if isinstance(value, (list, tuple)):
        items = [encode(item, ref, depth + 1) for item in value]
        return items if isinstance(value, list) else {"$": "tuple", "items": items}
    if isinstance(value, dict) and all(isinstance(key, (str, int)) for key in value):
        return {"$": "dict", "items": [[key, encode(item, ref, depth + 1)] for key, item in value.items()]}
    tensor = _as_tensor(value)
    if tensor is not None:
        data = tensor.detach().cpu().contiguous()
        raw = data.view(torch_int_view(data)).numpy().tobytes() if data.numel() else b""
        return {"$": "tensor", "dtype": str(data.dtype).removeprefix("torch."), "shape": list(data.shape),
                "data": base64.b64encode(raw).decode()}
    number = _as_number(value)
    if number is not None:
        return encode(number, ref, depth)
    return ref(value)


def torch_int_view(tensor: Any) -> Any:
    """An integer dtype of the same width (numpy has no bfloat16; bytes are bytes)."""
    import torch

    return {1: torch.uint8, 2: torch.int16, 4: torch.int32, 8: torch.int64, 16: torch.complex128}[
        tensor.element_size()] if tensor.dtype in (torch.bfloat16, torch.float16, torch.bool) else tensor.dtype


def _as_tensor(value: Any) -> Any:
    """A torch tensor or parameter (a subclass of neither), or None."""
    import sys

    torch = sys.modules.get("torch")
    if torch is None or not isinstance(value, torch.Tensor):
        return None
    return value if type(value) in (torch.Tensor, torch.nn.Parameter) else None


def _as_number(value: Any) -> float | int | bool | None:
    """A numpy scalar as the Python number it holds, or None."""
    module = type(value).__module__
    if module == "numpy" and hasattr(value, "item"):
        item = value.item()
        return item if isinstance(item, (int, float, bool)) else None
    return None


def decode(value: Any, resolve: Callable[[dict[str, Any]], Any], depth: int = 0) -> Any:
    """Rebuild plain data from its JSON form, checking every field; `resolve` turns a reference into an object."""
    if depth > MAX_DEPTH:
        raise WireError(f"a value nested more than {MAX_DEPTH} deep")
    if value is None or type(value) in (bool, int, float):
        return value
    if type(value) is str:
        if len(value) > MAX_TEXT:
            raise WireError(f"a string longer than {MAX_TEXT} characters")
        return value
    if type(value) is list:
        return [decode(item, resolve, depth + 1) for item in value]
    if type(value) is not dict or type(value.get("$")) is not str:
        raise WireError(f"a value of an unknown kind ({type(value).__name__})")
    kind = value["$"]
    if kind == "tuple" and type(value.get("items")) is list:
        return tuple(decode(item, resolve, depth + 1) for item in value["items"])
    if kind == "dict" and type(value.get("items")) is list:
        pairs = value["items"]
        if not all(type(pair) is list and len(pair) == 2 and type(pair[0]) in (str, int) for pair in pairs):
            raise WireError("a dict whose keys are not strings or integers")
        return {pair[0]: decode(pair[1], resolve, depth + 1) for pair in pairs}
    if kind == "float" and value.get("repr") in ("nan", "inf", "-inf"):
        return float(value["repr"])
    if kind == "tensor":
        return _tensor(value)
    if kind == "ref" and type(value.get("id")) is int and type(value.get("type")) is str:
        return resolve(value)
    raise WireError(f"a value of an unknown kind ({kind[:40]!r})")


def _tensor(value: dict[str, Any]) -> Any:
    """A plain torch tensor from its dtype, shape and bytes, each checked against the others."""
    import torch

    dtype, shape, data = value.get("dtype"), value.get("shape"), value.get("data")
    if dtype not in DTYPES or type(shape) is not list or type(data) is not str:
        raise WireError("a tensor without a known dtype, a shape and its data")
    if len(shape) > 16 or not all(type(n) is int and 0 <= n for n in shape):
        raise WireError("a tensor whose shape is not a list of sizes")
    kind = getattr(torch, dtype)
    count = math.prod(shape)
    empty = torch.empty(0, dtype=kind)
    raw = base64.b64decode(data.encode(), validate=True)
    if len(raw) != count * empty.element_size():
        raise WireError(f"a tensor of shape {tuple(shape)} and dtype {dtype} with {len(raw)} bytes of data")
    if not count:
        return torch.empty(shape, dtype=kind)
    flat = torch.frombuffer(bytearray(raw), dtype=torch_int_view(empty))
    return flat.view(kind).reshape(shape).clone()
