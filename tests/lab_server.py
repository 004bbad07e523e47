"""Start the student's JupyterLab (chainrule_course.lab, as `make lab` does) for a test, on a copy.

The server runs with the interpreter that runs the tests, on a port it picks and reports itself,
over a copy of the notebooks (with the repository's jupytext.toml beside them), so that a test may
run, edit and save them without touching the repository.
"""

from __future__ import annotations

import contextlib
import os
import queue
import re
import shutil
import signal
import subprocess
import threading
import time
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from chainrule_course.lab import lab_command
from chainrule_course.repository import find

REPO = find(Path(__file__).resolve().parent)
ROOT = REPO.root
NOTEBOOKS = REPO.notebooks

TOKEN = "chainrule-test"


@dataclass(frozen=True)
class Lab:
    """A running server: its base URL, its token, and the folder it serves."""

    url: str
    token: str
    root: Path


def copy_notebooks(to: Path) -> Path:
    """A copy of notebooks/ under `to`, with the jupytext settings that pair each .py and .ipynb."""
    shutil.copy(ROOT / "jupytext.toml", to / "jupytext.toml")
    target = to / "notebooks"
    shutil.copytree(NOTEBOOKS, target, ignore=shutil.ignore_patterns(".ipynb_checkpoints", "__pycache__"))
    return target


def _answers(url: str) -> bool:
    """Whether the server answers this URL yet."""
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.status == 200
    except OSError:
        return False


@contextlib.contextmanager
def running_lab(tmp: Path, timeout: float = 90.0) -> Iterator[Lab]:
    """JupyterLab on a copy of the notebooks; yields once it reports the address it listens on."""
    root = copy_notebooks(tmp)
    options = ["--port=0", "--ServerApp.ip=127.0.0.1", f"--IdentityProvider.token={TOKEN}"]
    command = lab_command(root, REPO.jupytext_config, options)
    env = {**os.environ, "JUPYTER_RUNTIME_DIR": str(tmp / "runtime")}
    server = subprocess.Popen(command, cwd=tmp, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                              text=True, start_new_session=True)
    lines: queue.Queue[str] = queue.Queue()
    threading.Thread(target=lambda: [lines.put(line) for line in server.stderr], daemon=True).start()
    log, url, deadline = [], None, time.monotonic() + timeout
    try:
        while url is None and time.monotonic() < deadline:
            try:
                line = lines.get(timeout=1)
            except queue.Empty:
                assert server.poll() is None, "JupyterLab exited:\n" + "".join(log)
                continue
            log.append(line)
            match = re.search(r"(http://127\.0\.0\.1:\d+)/", line)
            url = match.group(1) if match else None
        assert url is not None, f"JupyterLab reported no address within {timeout:.0f} s:\n" + "".join(log)
        # It reports the address just before it starts listening there: wait until it answers.
        while not _answers(f"{url}/api/status?token={TOKEN}"):
            assert time.monotonic() < deadline and server.poll() is None, "JupyterLab never answered:\n" + "".join(log)
            time.sleep(0.2)
        yield Lab(url, TOKEN, root)
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, signal.SIGKILL)
            server.wait()
