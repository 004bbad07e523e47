"""Grading the chapter's assignments: the instructors' part of the course tooling.

Each module guards against one thing:

- `course`: what counts (answer and test cells, points) and nbgrader's release of student versions;
- `prechecks`: edits visible in the file alone (deleted, duplicated, reordered or edited cells, ...);
- `sandbox`: reading, writing, networking, surviving or exhausting the machine (bubblewrap, limits);
- `harness`: tampering with the tests from inside the kernel (runs first, inside the sandbox);
- `runner`: a kernel that lies, hangs, floods or dies, for one submission;
- `feedback`: hidden tests leaking to students;
- `batch`: one submission stopping the class, an interrupted run losing work;
- `cli`: the `release` and `autograde` commands of `python -m chainrule_course`.
"""

from .batch import GradeRow, Settings, grade_all
from .course import release, solved_copy
from .prechecks import run_checks
from .resources import Limits
from .sandbox import SandboxUnavailable

__all__ = ["GradeRow", "Limits", "SandboxUnavailable", "Settings", "grade_all", "release", "run_checks",
           "solved_copy"]
