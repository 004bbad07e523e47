"""pyproject.toml and environment.yml name the same packages with the same lower bounds."""

from __future__ import annotations

import re
import sys
from pathlib import Path

import yaml
from chainrule_course.repository import find

REPO = find(Path(__file__).resolve().parent)
ROOT = REPO.root

if sys.version_info >= (3, 11):
    import tomllib
else:  # Python 3.10: the backport, installed by the dev extra there
    import tomli as tomllib


CONDA_NAMES = {"pytorch": "torch", "antlr-python-runtime": "antlr4-python3-runtime"}


def parse(requirement: str) -> tuple[str, str]:
    """('name', 'lower bound') from 'name>=1.2'; ('name', '==1.2') from a pin, 'name==1.2.*' or conda's 'name=1.2'."""
    m = re.fullmatch(r"\s*([A-Za-z0-9_.\-]+)\s*>=\s*([0-9][0-9.]*)\s*", requirement)
    pin = re.fullmatch(r"\s*([A-Za-z0-9_.\-]+)\s*(?:==|=)\s*([0-9][0-9.]*?)(?:\.\*)?\s*", requirement)
    assert m or pin, f"{requirement!r}: every dependency needs a tested lower bound (name>=version) or a pin"
    return ((m or pin).group(1).lower().replace("_", "-"), m.group(2) if m else f"=={pin.group(2)}")


def test_pyproject_and_environment_yml_agree():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    course = tomllib.loads((ROOT / "course/pyproject.toml").read_text())["project"]
    # Backports with an environment marker (tomli on 3.10) are pip-only; conda's Python is newer.
    requirements = project["dependencies"] + course["dependencies"] + course["optional-dependencies"]["dev"]
    pip_side = dict(parse(r) for r in requirements if ";" not in r)
    env = yaml.safe_load((ROOT / "environment.yml").read_text())
    conda_side = {}
    for dep in env["dependencies"]:
        if isinstance(dep, str) and dep not in ("pip",) and not dep.startswith("python"):
            name, bound = parse(dep)
            conda_side[CONDA_NAMES.get(name, name)] = bound
    assert conda_side == pip_side
    assert project["requires-python"] == ">=3.10" and "python>=3.10" in env["dependencies"]
    pip_section = next(d["pip"] for d in env["dependencies"] if isinstance(d, dict))
    assert pip_section == ["--editable ./nbtruth", "--editable ./course", "--editable ."], \
        "environment.yml must install nbtruth, the course tooling and the reader's helpers themselves"


def test_binder_copy_matches_without_the_local_install():
    root = yaml.safe_load((ROOT / "environment.yml").read_text())
    binder = yaml.safe_load((ROOT / ".binder" / "environment.yml").read_text())
    assert binder["dependencies"] == [d for d in root["dependencies"] if not isinstance(d, dict)]
    post_build = (ROOT / ".binder" / "postBuild").read_text()
    assert "pip install --no-deps --editable ./nbtruth --editable ./course --editable ." in post_build
