"""How a reader outside the repository opens a notebook: Binder and Colab links, and the cell that installs the helpers.

All of it is built from one setting, `[project.urls] Repository` in the reader's pyproject.toml, so
publishing the repository somewhere else means changing that line and running `make execute`.
"""

from __future__ import annotations

from pathlib import Path

try:
    import tomllib
except ModuleNotFoundError:  # Python 3.10: the dev extra installs tomli
    import tomli as tomllib

__all__ = ["binder_url", "colab_url", "install_lines", "repository_url"]

BRANCH = "main"


def repository_url(pyproject: Path) -> str:
    """The one setting that holds the repository's URL: [project.urls] Repository in pyproject.toml."""
    urls = tomllib.loads(pyproject.read_text())["project"].get("urls", {})
    if "Repository" not in urls:
        raise ValueError(f"{pyproject} has no [project.urls] Repository: the launch links need it")
    return str(urls["Repository"]).rstrip("/")


def _github_path(repository: str) -> str:
    """`owner/name` of a GitHub URL, which Binder and Colab both launch from."""
    prefix = "https://github.com/"
    if not repository.startswith(prefix) or repository[len(prefix):].count("/") != 1:
        raise ValueError(f"{repository}: Binder and Colab launch links need a https://github.com/owner/name URL")
    return repository[len(prefix):]


def binder_url(repository: str, notebook: str) -> str:
    """Binder's launch link for one notebook (a path in the repository), opened in JupyterLab."""
    return f"https://mybinder.org/v2/gh/{_github_path(repository)}/{BRANCH}?urlpath=lab/tree/{notebook}"


def colab_url(repository: str, notebook: str) -> str:
    """Colab's link for one notebook (a path in the repository)."""
    return f"https://colab.research.google.com/github/{_github_path(repository)}/blob/{BRANCH}/{notebook}"


def install_lines(repository: str) -> str:
    """The lines that open each section's first code cell: on Colab, install the helpers; where they are, nothing."""
    return (
        "# On Colab, or in any Python without this chapter's helpers, the next lines install them (once).\n"
        "import importlib.util\n"
        "import subprocess\n"
        "import sys\n"
        "\n"
        'if importlib.util.find_spec("chainrule_helpers") is None:\n'
        f'    HELPERS = "chainrule-helpers @ git+{repository}"\n'
        '    subprocess.run([sys.executable, "-m", "pip", "install", "--quiet", HELPERS], check=True)\n'
    )
