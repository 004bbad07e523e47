"""Grading past one machine: a deterministic 1/N of the submissions per shard, and the merge of the shards.

Guards against a cluster run that loses or doubles a submission. A (student, assignment) belongs to
shard `sha256(student NUL assignment) mod N`: the same shard on every machine, whatever the order in
which folders are listed or submissions arrive, and about N equal parts. Shards count from 0, as
Slurm array task ids (`--array=0-(N-1)`) and Kubernetes Indexed Job completion indexes do.

Each shard grades into a folder of its own (`OUT/shards/K-of-N/`, the layout of `OUT/`) and ends
by writing `shard.json`: its K and N and every row it graded. `merge` refuses an incomplete or
inconsistent set (a shard missing, graded twice, of another N, a row in two shards), then copies
results, feedback and graded copies into `OUT/` and writes `grades.csv` and the report there.
"""

from __future__ import annotations

import hashlib
import json
import shutil
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

__all__ = ["MANIFEST", "MergeError", "Shard", "copy_trees", "merge_rows", "read_manifest", "shard_of", "write_manifest"]

MANIFEST = "shard.json"
TREES = ("grading/results", "feedback", "autograded")  # what each shard's folder holds per submission


class MergeError(ValueError):
    """The shard folders do not add up to one batch; the message says which shard or row and what to do."""


def shard_of(student: str, assignment: str, count: int) -> int:
    """The shard (0..count-1) that grades this student's assignment: a stable hash, not the order of folders."""
    digest = hashlib.sha256(f"{student}\0{assignment}".encode()).digest()
    return int.from_bytes(digest[:8], "big") % count


@dataclass(frozen=True)
class Shard:
    """Shard `index` of `count`: the submissions whose `shard_of` is `index`."""

    index: int
    count: int

    def __post_init__(self) -> None:
        if self.count < 1 or not 0 <= self.index < self.count:
            raise ValueError(
                f"shard {self.index}/{self.count}: K counts from 0 to N-1 (0/{max(self.count, 1)} is "
                f"the first), as Slurm array ids and Kubernetes completion indexes do"
            )

    @classmethod
    def parse(cls, text: str) -> Shard:
        """`K/N`, e.g. `0/3`; ValueError saying the form otherwise."""
        k, sep, n = text.partition("/")
        if not sep or not k.strip().isdigit() or not n.strip().isdigit():
            raise ValueError(f"--shard {text!r}: write K/N with whole numbers, K from 0 to N-1 (e.g. 0/3)")
        return cls(int(k), int(n))

    @property
    def name(self) -> str:
        """The shard's folder name, `K-of-N`."""
        return f"{self.index}-of-{self.count}"

    def holds(self, student: str, assignment: str) -> bool:
        """True when this shard grades the student's assignment."""
        return shard_of(student, assignment, self.count) == self.index


def write_manifest(folder: Path, shard: Shard, rows: list[Any]) -> Path:
    """Write `shard.json`: the shard and every row (GradeRow or dict) it graded, so merge can check completeness."""
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / MANIFEST
    data = {"shard": [shard.index, shard.count], "rows": [r if isinstance(r, dict) else asdict(r) for r in rows]}
    tmp = path.with_name(f".{MANIFEST}.tmp")
    tmp.write_text(json.dumps(data, indent=1))
    tmp.replace(path)
    return path


def read_manifest(folder: Path) -> tuple[Shard, list[dict[str, Any]]]:
    """The shard and rows a shard folder recorded; MergeError when it has not finished (no shard.json)."""
    path = folder / MANIFEST
    if not path.is_file():
        raise MergeError(f"{folder}: no {MANIFEST}, so this shard has not finished; rerun it (autograde --shard)")
    try:
        data = json.loads(path.read_text())
        shard = Shard(*(int(x) for x in data["shard"]))
        rows = [dict(r) for r in data["rows"]]
        for r in rows:
            if not shard.holds(str(r["student"]), str(r["assignment"])):
                raise MergeError(
                    f"{path}: row {r['student']}/{r['assignment']} belongs to shard "
                    f"{shard_of(str(r['student']), str(r['assignment']), shard.count)}/{shard.count}"
                )
    except (ValueError, KeyError, TypeError) as exc:
        if isinstance(exc, MergeError):
            raise
        raise MergeError(f"{path}: not a shard manifest ({exc})") from None
    return shard, rows


def merge_rows(folders: list[Path]) -> list[dict[str, Any]]:
    """Every row of a complete set of shard folders; MergeError naming what is missing or doubled."""
    if not folders:
        raise MergeError("no shard folders given")
    seen: dict[int, Path] = {}
    counts = set()
    rows: dict[tuple[str, str], dict[str, Any]] = {}
    for folder in folders:
        shard, shard_rows = read_manifest(folder)
        counts.add(shard.count)
        if len(counts) > 1:
            raise MergeError(f"the shard folders come from runs with different N: {sorted(counts)} ({folder})")
        if shard.index in seen:
            raise MergeError(f"shard {shard.index}/{shard.count} given twice: {seen[shard.index]} and {folder}")
        seen[shard.index] = folder
        for r in shard_rows:
            key = (str(r["student"]), str(r["assignment"]))
            if key in rows:
                raise MergeError(f"{key[0]}/{key[1]} was graded by two shards")
            rows[key] = r
    count = counts.pop()
    missing = sorted(set(range(count)) - set(seen))
    if missing:
        raise MergeError(f"shard(s) {', '.join(f'{k}/{count}' for k in missing)} missing: run them, then merge again")
    return [rows[key] for key in sorted(rows)]


def copy_trees(folders: list[Path], out: Path) -> int:
    """Copy each shard's results, feedback and graded copies into `out`; a file in two shards is a MergeError."""
    owner: dict[Path, Path] = {}
    for folder in folders:
        for tree in TREES:
            root = folder / tree
            for path in sorted(root.rglob("*")) if root.is_dir() else []:
                if path.is_symlink() or not path.is_file():
                    continue
                relative = path.relative_to(folder)
                if relative in owner:
                    raise MergeError(f"{relative} is in two shards: {owner[relative]} and {folder}")
                owner[relative] = folder
    for relative, folder in owner.items():
        target = out / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(folder / relative, target)
    return len(owner)
