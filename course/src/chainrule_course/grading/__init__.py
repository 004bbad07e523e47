"""Grading the chapter's assignments: the instructors' part of the course tooling.

Each module guards against one thing:

- `course`: what counts (answer and test cells, points) and nbgrader's release of student versions;
- `files`: a submission that is a link, a FIFO, a device or a folder (opened without following links, capped);
- `prechecks`: edits visible in the file alone (deleted, duplicated, reordered or edited cells, forbidden tools);
- `sandbox`: reading, writing or networking outside the submission's own copy, surviving grading (bubblewrap);
- `resources`: exhausting the machine or slowing a neighbour (cgroups, rlimits, CPU-time meters);
- `harness`: the kernel's start inside the sandbox: limits, then answering the tests' requests;
- `zygote`: paying torch's import for every kernel (one warm, sandboxed process per worker forks each kernel,
  which leaves its namespaces, joins its cgroup and drops to its own user id before the harness runs);
- `wire`: anything but plain data crossing between the kernel and the grader;
- `remote`: a student's object passing for a number (proxies that only return plain data);
- `judge`: the tests running anywhere but in the grader's own process;
- `runner`: a kernel that lies, hangs, floods, fills its folder or dies, for one submission;
- `diagnosis`, `hints`, `misconceptions`: feedback that says only "failed" (counterexamples, named mistakes);
- `feedback`: hidden tests leaking to students;
- `batch`: one submission stopping the class, a worker's death charged to others, an interrupted run losing work;
- `csvsafe`: a cell a spreadsheet would run as a formula;
- `results`, `report`, `export`, `shard`: the class report, the LMS's gradebook import, grading past one machine;
- `cli`: the `release`, `autograde`, `merge`, `report` and `export` commands of `python -m chainrule_course`.
"""

from .batch import GradeRow, Settings, grade_all
from .course import release, solved_copy
from .prechecks import run_checks
from .resources import Limits
from .sandbox import SandboxUnavailable

__all__ = ["GradeRow", "Limits", "SandboxUnavailable", "Settings", "grade_all", "release", "run_checks",
           "solved_copy"]
