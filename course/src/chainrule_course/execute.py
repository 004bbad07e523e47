"""Regenerate each notebook's .ipynb from its .py (the source of truth) and execute it in place.

The written .ipynb depends only on the .py and what the code prints: cell ids are derived from the
cells, execution timings and version numbers are left out, so re-running on an unchanged .py gives
an unchanged file (figures aside, whose PNG bytes belong to the installed matplotlib).

    python -m chainrule_course execute notebooks/01_composition.py [more.py ...]
"""

from __future__ import annotations

import argparse
import hashlib
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

__all__ = ["execute_notebook", "main"]

KERNELSPEC = {"display_name": "Python 3 (ipykernel)", "language": "python", "name": "python3"}
# A kernel that dies before it answers, no cell run: kept from the TCP days, when jupyter_client chose ports another
# process (a parallel kernel, an outgoing connection) could take first (jupyter_client#154 and #487, nbmake#129).
KERNEL_START_FAILURES = ("Kernel died before replying to kernel_info", "Kernel didn't respond")
KERNEL_STARTS = 3  # attempts before such a failure is reported


def _socket_config(folder: str) -> Any:
    """Kernel settings for Unix sockets in `folder`, as the grader's kernels use: no TCP port to race for.

    With TCP, two kernels started at once can draw the same port; one then runs without a heartbeat, or a client
    talks to the other's kernel, and a CI run hung until its time limit. A socket file in a folder of its own cannot
    collide, and the folder's short path stays under the 107 bytes a socket's name may take.
    """
    from traitlets.config import Config

    return Config({"KernelManager": {"transport": "ipc", "connection_file": str(Path(folder) / "kernel.json")}})


def _stable_ids(nb: Any) -> None:
    """Give each cell an id derived from its type and source, so regenerating does not churn ids."""
    seen: dict[str, int] = {}
    for cell in nb.cells:
        digest = hashlib.sha1(f"{cell.cell_type}\0{cell.source}".encode()).hexdigest()[:8]
        seen[digest] = seen.get(digest, 0) + 1
        cell.id = digest if seen[digest] == 1 else f"{digest}-{seen[digest]}"


def execute_notebook(py_path: Path, timeout: int = 300, out: Path | None = None,
                     env: dict[str, str] | None = None) -> Path:
    """Build `<name>.ipynb` beside a py:percent file (or at `out`), execute it top to bottom, write it with outputs.

    The kernel always runs in the notebook's own folder, wherever the result is written. `env`
    adds to the kernel's environment (the portability check sets numerical libraries' switches there).
    """
    import jupytext
    import nbformat
    from nbclient import NotebookClient
    from nbclient.exceptions import CellExecutionError, CellTimeoutError

    if py_path.suffix != ".py" or not py_path.exists():
        raise FileNotFoundError(f"{py_path}: expected an existing py:percent notebook (.py)")
    nb = jupytext.read(str(py_path), fmt="py:percent")
    nb.metadata = {"kernelspec": dict(KERNELSPEC)}
    _stable_ids(nb)
    for attempt in range(1, KERNEL_STARTS + 1):
        sockets = tempfile.mkdtemp(prefix="chainrule-kernel-")
        client = NotebookClient(
            nb,
            timeout=timeout,
            kernel_name="python3",
            record_timing=False,
            extra_arguments=["--IPKernelApp.log_level=ERROR"],  # no transport warnings in the terminal
            resources={"metadata": {"path": str(py_path.parent.resolve())}},
            config=_socket_config(sockets),
        )
        try:
            client.execute(**({"env": {**os.environ, **env}} if env else {}))
            break
        except CellExecutionError as exc:
            raise RuntimeError(f"{py_path}: a cell raised while executing (tag it raises-exception if it "
                               f"is meant to):\n{exc}") from None
        except CellTimeoutError:
            raise RuntimeError(f"{py_path}: a cell ran longer than {timeout} s (the limit per cell)") from None
        except RuntimeError as exc:
            if attempt == KERNEL_STARTS or not any(failure in str(exc) for failure in KERNEL_START_FAILURES):
                raise RuntimeError(f"{py_path}: {exc} ({attempt} kernel start(s))") from None
        finally:
            shutil.rmtree(sockets, ignore_errors=True)
    nb.metadata["language_info"] = {"name": "python"}  # the kernel filled in its version: keep the name only
    out = out or py_path.with_suffix(".ipynb")
    nbformat.write(nb, str(out))
    return out


def main(argv: list[str] | None = None) -> int:
    """Command line: execute each named .py notebook, reporting the time each took."""
    parser = argparse.ArgumentParser(prog="python -m chainrule_course execute", description=__doc__.split("\n")[0])
    parser.add_argument("notebooks", nargs="+", type=Path, help="py:percent notebooks to regenerate and execute")
    args = parser.parse_args(argv)
    failed = 0
    for py_path in args.notebooks:
        start = time.perf_counter()
        try:
            out = execute_notebook(py_path)
        except (FileNotFoundError, RuntimeError) as exc:
            print(f"FAILED {exc}", file=sys.stderr)
            failed += 1
            continue
        print(f"executed {py_path} -> {out} in {time.perf_counter() - start:.1f} s")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
