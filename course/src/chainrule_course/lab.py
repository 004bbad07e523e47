"""The student's JupyterLab, started the one way that `make lab` and the tests share.

    python -m chainrule_course lab [--root notebooks] [more jupyter lab options ...]

The file browser lists each section once: the `.py` twins stay on disk (jupytext keeps each pair in
step when either side is saved) but are hidden from the listing. No announcement pop-up asks a
student about news or updates, and nothing is fetched from the network.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence
from pathlib import Path

from jupyter_server.services.contents.manager import ContentsManager

from .repository import RepositoryNotFound, find

try:
    import tomllib
except ModuleNotFoundError:  # Python 3.10: the dev extra installs tomli
    import tomli as tomllib

__all__ = ["HIDDEN", "lab_command", "main", "pairing_options"]

# Settings that override JupyterLab's defaults: never fetch news, never ask the student about it.
SETTINGS = Path(__file__).resolve().parent / "lab_settings"
# jupyter_server's own hidden patterns, then the sections' paired .py files.
HIDDEN = [*ContentsManager.class_traits()["hide_globs"].default(), "[0-9][0-9]_*.py"]


def pairing_options(config: Path) -> list[str]:
    """The repository's jupytext.toml as server options: jupytext looks for it only below the server's root."""
    settings = tomllib.loads(config.read_text())
    return [f"--JupytextConfiguration.{key}={value}" for key, value in sorted(settings.items())]


def lab_command(root: Path, jupytext_config: Path, extra: Sequence[str] = ()) -> list[str]:
    """The command line that starts JupyterLab on `root` with the chapter's settings and its jupytext pairing."""
    command = [sys.executable, "-m", "jupyterlab", "--no-browser", f"--ServerApp.root_dir={root}",
               "--LabApp.news_url=None", f"--LabApp.app_settings_dir={SETTINGS}",
               "--LabApp.check_for_updates_class=jupyterlab.handlers.announcements.NeverCheckForUpdate"]
    command += [f"--ContentsManager.hide_globs={pattern}" for pattern in HIDDEN]
    command += pairing_options(jupytext_config)
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        command.append("--allow-root")  # JupyterLab refuses root unless told; containers often are root
    return command + list(extra)


def main(argv: Sequence[str] | None = None) -> int:
    """Start JupyterLab in place of this process (Ctrl-C stops it)."""
    parser = argparse.ArgumentParser(prog="python -m chainrule_course lab", description=__doc__.splitlines()[0])
    parser.add_argument("--root", type=Path, default=None, help="the folder to open (default notebooks/)")
    args, extra = parser.parse_known_args(argv)
    try:
        repo = find()
    except RepositoryNotFound as error:
        print(f"lab: {error}", file=sys.stderr)
        return 2
    root = args.root or repo.notebooks
    if not root.is_dir():
        print(f"lab: {root} is not a folder", file=sys.stderr)
        return 2
    command = lab_command(root.resolve(), repo.jupytext_config, extra)
    os.execv(command[0], command)
    return 0  # not reached: execv replaces this process


if __name__ == "__main__":
    sys.exit(main())
