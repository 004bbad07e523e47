"""The assignments under the sandboxed grader, with honest, broken and hostile submissions.

Every hostile student below is a real notebook that tries one way to earn marks its answers do not
earn, to read what it must not, or to harm the machine; each asserts the score it must get and the
reason the instructor sees. Marked `grading`: `make test-grading` runs them (they need nbgrader
and bubblewrap), `make test` does not.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import socket
import subprocess
import sys
import threading
from pathlib import Path

import chainrule_course
import nbformat
import pytest
from chainrule_course.grading.batch import Settings, grade_all
from chainrule_course.grading.cli import ensure_released, main
from chainrule_course.grading.course import is_answer, load_assignments, solved_copy
from chainrule_course.grading.resources import Limits
from chainrule_course.grading.runner import run_submission
from chainrule_course.grading.sandbox import Zygote
from chainrule_course.repository import find

REPO = find(Path(__file__).resolve().parent)
ROOT = REPO.root

pytestmark = pytest.mark.grading

ASSIGNMENTS = ROOT / "assignments"
NAMES = sorted(p.stem for p in ASSIGNMENTS.glob("[0-9][0-9]_*.ipynb"))
A1 = "01_derivatives_by_hand"
HIDDEN_ONLY = "torch.linspace(-2.0, 3.0, 7)"  # text that appears only in assignment 1's hidden tests
TOOLING = Path(chainrule_course.__file__).resolve().parent
WRONG = "def grad_composition(x):\n    return x * 0\n"  # costs exactly test_composition's 2 points
FORMULA = "=2+3*7"  # a student folder named like a spreadsheet formula


def snapshot(folder: Path) -> dict[str, str]:
    """Hash of every file under a folder, to prove grading changed nothing there."""
    return {str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file() and not p.is_symlink()}


def edit_cell(path: Path, grade_id: str, change) -> None:
    """Apply `change` to the source of the cell with this nbgrader grade_id, in place."""
    nb = nbformat.read(str(path), as_version=4)
    for cell in nb.cells:
        if cell.metadata.get("nbgrader", {}).get("grade_id") == grade_id:
            cell.source = change(cell.source)
    nbformat.write(nb, str(path))


def edit_cells(path: Path, change) -> None:
    """Apply `change` to the list of cells, in place."""
    nb = nbformat.read(str(path), as_version=4)
    nb.cells = change(nb.cells)
    nbformat.write(nb, str(path))


def index_of(cells, grade_id: str) -> int:
    return next(i for i, c in enumerate(cells) if c.metadata.get("nbgrader", {}).get("grade_id") == grade_id)


class Listener:
    """A TCP server on loopback that records whether anyone connected."""

    def __init__(self) -> None:
        self.sock = socket.create_server(("127.0.0.1", 0))
        self.port = self.sock.getsockname()[1]
        self.connections = 0
        self.sock.settimeout(0.5)
        self.running = True
        self.thread = threading.Thread(target=self._serve, daemon=True)
        self.thread.start()

    def _serve(self) -> None:
        while self.running:
            try:
                conn, _ = self.sock.accept()
                self.connections += 1
                conn.close()
            except OSError:
                continue

    def close(self) -> None:
        self.running = False
        self.thread.join()
        self.sock.close()


def hostile(work: Path, listener: Listener, course: Path) -> dict[str, str]:
    """Answer-cell code for assignment 1's first question, one student per threat."""
    source = ASSIGNMENTS / f"{A1}.ipynb"
    marker = work / "escaped"
    return {
        # Read outside: the instructor's source notebook (solutions) and the gradebook.
        "reader": ("import json\n"
                   f"nb = json.load(open({str(source)!r}))\n"
                   "for c in nb['cells']:\n"
                   "    if c['cell_type'] == 'code':\n"
                   "        exec(''.join(c['source']))\n"),
        "dbreader": f"print(open({str(course / 'gradebook.db')!r}, 'rb').read()[:2000])\n" + WRONG,
        # The course tooling (grader, runner, release) is not in the sandbox: only the reader's helpers are.
        # Were it readable, this student would answer right; it is not, so the cell raises.
        "toolreader": (f"print(open({str(TOOLING / 'grading' / 'runner.py')!r}).read()[:200])\n"
                       "def grad_composition(x):\n    return 6 * (3 * x - 2)\n"),
        # Write outside: the source notebooks and a file beside the grader's results.
        "writer": (f"open({str(source)!r}, 'w').write('vandalised')\n" + WRONG),
        "outwriter": (f"open({str(marker)!r}, 'w').write('escaped')\n" + WRONG),
        "network": (f"import socket\nsocket.create_connection(('127.0.0.1', {listener.port}), timeout=2)\n" + WRONG),
        "survivor": ("import subprocess\n"
                     f"subprocess.Popen(['sh', '-c', 'sleep 20; touch {marker}-survivor'], start_new_session=True)\n"
                     + WRONG),
        "memorybomb": "hog = [bytearray(1 << 28) for _ in range(64)]\n" + WRONG,
        "forkbomb": ("import os, time\n"
                     "try:\n"
                     "    for _ in range(10_000):\n"
                     "        if os.fork() == 0:\n"
                     "            time.sleep(30)\n"
                     "            os._exit(0)\n"
                     "except OSError:\n"
                     "    pass\n" + WRONG),
        "flood": "for _ in range(40):\n    print('x' * 100_000)\n" + WRONG,
        # Kernel tampering: each would make the wrong answer pass under a naive grader.
        "customexc": ("get_ipython().set_custom_exc((BaseException,), lambda *args, **kwargs: None)\n" + WRONG),
        "events": ("get_ipython().events.register('pre_run_cell', lambda info: None)\n" + WRONG),
        "sysmodules": ("import sys, types\n"
                       "fake = types.ModuleType('chainrule_helpers.numerics')\n"
                       "fake.check_gradients = lambda *args, **kwargs: None\n"
                       "sys.modules['chainrule_helpers.numerics'] = fake\n" + WRONG),
        "setattr": ("import chainrule_helpers.numerics as numerics\n"
                    "setattr(numerics, 'check_gradients', lambda *args, **kwargs: None)\n" + WRONG),
        "importlib": ("import importlib\n"
                      "importlib.import_module('torch').allclose = lambda *args, **kwargs: True\n"
                      "importlib.import_module('chainrule_helpers.numerics').GradientMismatch = KeyError\n" + WRONG),
        "builtins": ("import builtins\nbuiltins.abs = lambda x: 0\n" + WRONG),
        "codeswap": ("from chainrule_helpers.numerics import check_gradients\n"
                     "check_gradients.__code__ = (lambda *args, **kwargs: None).__code__\n" + WRONG),
        "ctypes": ("import ctypes\nctypes.string_at(id(0), 8)\n" + WRONG),
        "globalswap": ("def grad_composition(x):\n"
                       "    globals()['check_gradients'] = lambda *args, **kwargs: None\n"
                       "    return x * 0\n"),
        # The grader's socket replaced by a FIFO, its log by a link to an endless device: tests get no answers.
        "sockswap": ("import os, sys\nrun = os.path.dirname(sys.argv[1])\n"
                     "os.unlink(os.path.join(run, 'serve.sock'))\nos.mkfifo(os.path.join(run, 'serve.sock'))\n"
                     "os.unlink(os.path.join(run, 'kernel.log'))\n"
                     "os.symlink('/dev/zero', os.path.join(run, 'kernel.log'))\n"
                     + WRONG),
        # Looking for the tests or a key anywhere in the kernel: memory by a bytes path, frames from a timer.
        "memscan": ("import re\nfound = False\n"
                    "for line in open(b'/proc/self/maps'):\n"
                    "    start, end = (int(v, 16) for v in line.split()[0].split('-'))\n"
                    "    if 'r' in line.split()[1] and end - start < 1 << 28:\n"
                    "        try:\n"
                    "            with open(b'/proc/self/mem', 'rb') as mem:\n"
                    "                mem.seek(start)\n"
                    # A pattern whose own text does not match itself: only a copy of the hidden test would.
                    "                found = found or re.search(rb'linspace\\(-2\\.0, 3\\.0, 7\\)', "
                    "mem.read(end - start)) is not None\n"
                    "        except OSError:\n"
                    "            pass\n"
                    "def grad_composition(x):\n    return 6 * (3 * x - 2) if found else x * 0\n"),
        "framewalker": ("import re, signal, sys\nseen = []\n"
                        "def look(sig, frame):\n"
                        # a careful attacker leaves no trace in the code it interrupts: str() of a tensor runs torch
                        # ops, which the grader counts as the answer's use of autograd when the timer fires inside a
                        # test (CI, once: 5 of 10 instead of 8), so it reads builtin values only, and never raises
                        "    try:\n"
                        "        while frame is not None:\n"
                        # A pattern whose own text does not match itself, as in memscan.
                        "            seen.extend(v for v in frame.f_locals.values()\n"
                        "                        if type(v).__module__ == 'builtins'\n"
                        "                        and re.search(r'linspace\\(-2\\.0, 3\\.0, 7\\)', str(v)[:9999]))\n"
                        "            frame = frame.f_back\n"
                        "    except Exception:\n"
                        "        pass\n"
                        # re-armed once a walk ends: on a slow machine a walk longer than the interval would
                        # starve the notebook (it timed out once in CI), so the grade would test the machine
                        "    signal.setitimer(signal.ITIMER_REAL, 0.05)\n"
                        "signal.signal(signal.SIGALRM, look)\nsignal.setitimer(signal.ITIMER_REAL, 0.05)\n"
                        "def grad_composition(x):\n    return 6 * (3 * x - 2) if seen else x * 0\n"),
        # Answers that are objects of the student's own classes, and patches of the student's copy of the tools.
        "subclass": ("class Yes(torch.Tensor):\n"
                     "    @classmethod\n"
                     "    def __torch_function__(cls, func, types, args=(), kwargs=None):\n"
                     "        return True\n"
                     "def grad_composition(x):\n    return (x * 0).as_subclass(Yes)\n"),
        "classpatch": ("import chainrule_helpers.numerics as n\n"
                       "n.GradientCheck.disagreements = lambda self: []\n"
                       "n.GradientCheck.ok = property(lambda self: True)\n"
                       "torch.Tensor.__lt__ = lambda self, other: True\n" + WRONG),
        "libspoof": ("import sys\n"
                     "code = compile('def grad_composition(x):\\n    return x * 0\\n',\n"
                     "               sys.prefix + '/lib/fake.py', 'exec')\n"
                     "exec(code)\n"),
        # Filling the disk and memory: the home, /tmp and /dev/shm are capped tmpfs; the run folder is watched.
        "shmbomb": ("for i in range(64):\n"
                    "    with open(f'/dev/shm/x{i}', 'wb') as f:\n"
                    "        f.write(b'x' * (60 << 20))\n" + WRONG),
        "diskbomb": ("for i in range(64):\n"
                     "    with open(f'/home/student/x{i}', 'wb') as f:\n"
                     "        f.write(b'x' * (60 << 20))\n" + WRONG),
        # Not hostile: standard-library code that inspects frames for its own purposes is never taken for an attack.
        "stdlib": ("import collections, dataclasses, functools, inspect, logging, warnings\n"
                   "Pair = collections.namedtuple('Pair', 'inner outer')\n"
                   "@dataclasses.dataclass\nclass Rule:\n    factor: float = 6.0\n"
                   "logging.getLogger('student').warning('logging works')\n"
                   "@functools.lru_cache(maxsize=None)\ndef scale():\n    return Rule().factor\n"
                   "def grad_composition(x):\n"
                   "    warnings.warn('a warning is fine')\n"
                   "    inspect.stack()\n"
                   "    p = collections.namedtuple('P', 'a b')(3 * x - 2, scale())\n"
                   "    return p.b * p.a\n"),
        "runfiller": ("import os, sys\nrun = os.path.dirname(sys.argv[1])\n"
                      "for i in range(16):\n"
                      "    with open(os.path.join(run, f'x{i}'), 'wb') as f:\n"
                      "        f.write(b'x' * (8 << 20))\n" + WRONG),
        "imitator": ("print('Success! Your notebook passes all the tests.')\nprint('test_composition pass')\n" + WRONG),
        "killer": "import os\nos.kill(os.getpid(), 9)\n",
        # Exfiltration: capture every cell the kernel runs and print it later.
        "exfiltrator": ("import sys\nseen = []\n"
                        "get_ipython().events.register('pre_run_cell', lambda info: seen.append(info.raw_cell))\n"
                        "def grad_composition(x):\n"
                        "    print(seen, list(get_ipython().user_ns.get('In', [])))\n"
                        "    return 6 * (3 * x - 2)\n"),
    }


@pytest.fixture(scope="module")
def graded(tmp_path_factory):
    """Release, build honest, broken and hostile submissions, grade them all once with the sandbox."""
    work = tmp_path_factory.mktemp("grading")
    out = work / "build"
    released_dir = ensure_released(ASSIGNMENTS, out)
    released = {name: released_dir / name / f"{name}.ipynb" for name in NAMES}
    subs = work / "submissions"
    for name in NAMES:
        solved_copy(released[name], ASSIGNMENTS / f"{name}.ipynb", subs / "solver" / name / f"{name}.ipynb")
        (subs / "blank" / name).mkdir(parents=True)
        shutil.copyfile(released[name], subs / "blank" / name / f"{name}.ipynb")
    solved = subs / "solver" / A1 / f"{A1}.ipynb"
    make_bad_submissions(subs, solved)
    for name in NAMES:  # deleting cells must never hand back the solution
        for student, keep in (("emptied", lambda c: False), ("noanswers", lambda c: not is_answer(c))):
            path = subs / student / name / f"{name}.ipynb"
            path.parent.mkdir(parents=True)
            shutil.copyfile(subs / "solver" / name / f"{name}.ipynb", path)
            edit_cells(path, lambda cells, keep=keep: [c for c in cells if keep(c)])
    make_hostile_files(subs, solved)
    listener = Listener()
    for student, code in hostile(work, listener, out / "grading" / "course").items():
        path = subs / student / A1 / f"{A1}.ipynb"
        path.parent.mkdir(parents=True)
        shutil.copyfile(solved, path)
        edit_cell(path, "composition", lambda src, code=code: code)
    before = {"submissions": snapshot(subs), "assignments": snapshot(ASSIGNMENTS)}
    rows = grade_all(subs, ASSIGNMENTS, released_dir, out, out / "grades.csv", Settings(cell_timeout=15),
                     progress=False)
    listener.close()
    after = {"submissions": snapshot(subs), "assignments": snapshot(ASSIGNMENTS)}
    by_key = {(r.student, r.assignment): r for r in rows}
    return {"rows": by_key, "before": before, "after": after, "work": work, "out": out, "subs": subs,
            "released": released, "listener": listener}


def make_hostile_files(subs: Path, solved: Path) -> None:
    """Students whose notebook is not a notebook file, and one whose name is a spreadsheet formula."""
    for student, make in (("linked", lambda p: p.symlink_to(ASSIGNMENTS / f"{A1}.ipynb")),
                          ("shadow", lambda p: p.symlink_to("/etc/shadow")),
                          ("fifonb", lambda p: os.mkfifo(p)),
                          ("dirnb", lambda p: p.mkdir()),
                          ("dangling", lambda p: p.symlink_to(subs / "nowhere.ipynb"))):
        path = subs / student / A1 / f"{A1}.ipynb"
        path.parent.mkdir(parents=True)
        make(path)
    (subs / FORMULA / A1).mkdir(parents=True)
    shutil.copyfile(solved, subs / FORMULA / A1 / f"{A1}.ipynb")


def make_bad_submissions(subs: Path, solved: Path) -> None:
    """One student per kind of broken (not hostile) submission of assignment 1."""

    def student(name: str) -> Path:
        path = subs / name / A1 / f"{A1}.ipynb"
        path.parent.mkdir(parents=True)
        shutil.copyfile(solved, path)
        return path

    student("notjson").write_text("{ this is not a notebook")
    edit_cells(student("deleted"), lambda cells: [c for i, c in enumerate(cells) if i != index_of(cells, "test_local")])

    def duplicate_paths(cells):
        copy = nbformat.from_dict(cells[index_of(cells, "paths")])
        copy.id = "duplicated-paths"  # as Jupyter does when a cell is copied and pasted
        return cells + [copy]

    edit_cells(student("duplicated"), duplicate_paths)
    edit_cells(student("reordered"), lambda cells: [cells[index_of(cells, "test_paths")]]
               + [c for i, c in enumerate(cells) if i != index_of(cells, "test_paths")])
    edit_cell(student("endless"), "composition", lambda src: "while True:\n    pass\n" + src)
    edit_cell(student("badimport"), "local", lambda src: "import a_module_that_does_not_exist\n" + src)
    edit_cell(student("chatty"), "vector", lambda src: src + "\nprint('x' * 300_000)\n")
    path = student("bigfile")
    nb = nbformat.read(str(path), as_version=4)
    nb.cells[index_of(nb.cells, "paths")].outputs = [nbformat.v4.new_output("stream", name="stdout",
                                                                            text="y" * 3_000_000)]
    nbformat.write(nb, str(path))
    edit_cell(student("redefiner"), "composition",
              lambda src: "def check_gradients(*args, **kwargs):\n    return None\n\n\n" + WRONG)
    edit_cell(student("testeditor"), "test_composition", lambda src: "pass\n")
    edit_cell(subs / "testeditor" / A1 / f"{A1}.ipynb", "composition", lambda src: WRONG)


def row(graded, student, assignment=A1):
    return graded["rows"][(student, assignment)]


@pytest.mark.parametrize("name", NAMES)
def test_each_solution_scores_full_marks_without_reasons(graded, name):
    r = row(graded, "solver", name)
    assert r.max_score > 0 and r.score == r.max_score and r.reasons == [], r


@pytest.mark.parametrize("name", NAMES)
def test_an_untouched_release_scores_zero(graded, name):
    r = row(graded, "blank", name)
    assert r.max_score > 0 and r.score == 0, r
    assert not any("grader failed" in reason for reason in r.reasons), r


@pytest.mark.parametrize("name", NAMES)
@pytest.mark.parametrize("student", ["emptied", "noanswers"])
def test_a_notebook_without_its_answer_cells_scores_zero_and_says_so(graded, name, student):
    r = row(graded, student, name)
    assert r.max_score > 0 and r.score == 0, r
    assert any(reason.startswith("cells deleted:") and "restored as released" in reason for reason in r.reasons), r


@pytest.mark.parametrize(
    ("student", "reason", "lost"),
    [
        ("notjson", "not a readable notebook", 10),
        ("deleted", "cells deleted: test_local", 0),
        ("duplicated", "cells duplicated: paths", 0),
        ("reordered", "cells reordered", 3),
        ("endless", "cell composition timed out", 2),
        ("badimport", "cell local raised ModuleNotFoundError", 3),
        ("chatty", None, 0),
        ("bigfile", "stored output of 3.0 MB", 0),
        ("redefiner", "redefines what the tests use: check_gradients", 2),
        ("testeditor", "test cells edited: test_composition", 2),
    ],
)
def test_a_broken_submission_gets_a_row_and_a_reason(graded, student, reason, lost):
    r = row(graded, student)
    if reason is not None:
        assert any(reason in found for found in r.reasons), r
    assert r.score == r.max_score - lost, r


@pytest.mark.parametrize(
    ("student", "reason", "lost"),
    [
        ("reader", "cell composition raised FileNotFoundError", 2),  # the source notebook is not there
        ("dbreader", "cell composition raised", 2),
        ("toolreader", "cell composition raised FileNotFoundError", 2),  # the grader's source is not there
        ("writer", "cell composition raised", 2),
        ("outwriter", "cell composition raised", 2),
        ("network", "cell composition raised ConnectionRefusedError", 2),
        ("survivor", None, 2),
        ("memorybomb", "cell composition raised MemoryError", 2),
        ("forkbomb", None, 2),
        ("flood", "cell composition printed more than 2 MB", 2),
        # Tampering with the kernel changes nothing: the tests run in the grader's process.
        ("customexc", None, 2),
        ("events", None, 2),
        ("sysmodules", None, 2),
        ("setattr", None, 2),
        ("importlib", None, 2),
        ("builtins", None, 2),
        ("codeswap", None, 2),
        ("ctypes", None, 2),
        ("globalswap", None, 2),
        ("imitator", None, 2),
        ("exfiltrator", None, 0),
        ("memscan", None, 2),
        ("framewalker", None, 2),
        ("subclass", None, 2),
        ("classpatch", None, 2),
        ("libspoof", None, 2),
        ("killer", "cell composition ended the kernel", 10),
        ("sockswap", "the kernel did not answer the grader", 10),
        ("shmbomb", "cell composition raised OSError", 2),
        ("diskbomb", "cell composition raised OSError", 2),
        ("runfiller", "MB into its run folder", 10),
    ],
)
def test_a_hostile_submission_earns_only_what_its_answers_earn(graded, student, reason, lost):
    r = row(graded, student)
    if reason is not None:
        assert any(reason in found for found in r.reasons), r
    assert r.score == r.max_score - lost, r


@pytest.mark.parametrize(("student", "kind"), [("linked", "a symbolic link"), ("shadow", "a symbolic link"),
                                             ("fifonb", "a FIFO"), ("dirnb", "a folder"),
                                             ("dangling", "a symbolic link")])
def test_a_notebook_that_is_not_a_regular_file_gets_a_row_and_is_never_read(graded, student, kind):
    r = row(graded, student)
    assert r.score == 0 and r.reasons == [f"the notebook {A1}.ipynb is {kind} (not read)"], r
    assert not (graded["out"] / "feedback" / student).exists()  # nothing of the linked file is shown anywhere
    sheet = (graded["out"] / "grades.csv").read_text()
    assert "root:" not in sheet and "BEGIN SOLUTION" not in sheet


def test_a_student_named_like_a_formula_is_graded_and_neutralised_in_the_csv(graded):
    assert row(graded, FORMULA).score == 10
    lines = (graded["out"] / "grades.csv").read_text().splitlines()
    assert any(line.startswith(f"'{FORMULA},") for line in lines), lines
    assert not any(line.startswith("=") for line in lines)


def test_standard_library_code_that_inspects_frames_is_never_taken_for_tampering(graded):
    r = row(graded, "stdlib")
    assert r.score == r.max_score and r.reasons == [], r


def test_nothing_outside_the_sandbox_was_read_written_or_reached(graded):
    assert graded["after"] == graded["before"]
    assert not (graded["work"] / "escaped").exists()
    assert graded["listener"].connections == 0


def test_no_process_outlives_grading(graded):
    import time

    time.sleep(1)
    leftover = subprocess.run(["pgrep", "-f", str(graded["work"] / "escaped")], capture_output=True, text=True)
    assert leftover.stdout == "", leftover.stdout
    # Exactly the hostile notebooks' sleepers: an unrelated `sleep 200` elsewhere on the machine is not ours.
    assert subprocess.run(["pgrep", "-fx", "sleep 20"], capture_output=True).stdout == b""
    assert subprocess.run(["pgrep", "-f", "time[.]sleep[(]30[)]"], capture_output=True).stdout == b""


def test_no_hidden_test_reaches_any_student(graded):
    pages = sorted((graded["out"] / "feedback").rglob("*.html"))
    assert len(pages) >= 20
    for page in pages:
        text = page.read_text()
        assert HIDDEN_ONLY not in text and "BEGIN HIDDEN TESTS" not in text, page
        assert "xxxxxxxxxx" not in text, page  # no grading output at all: the flood is not shown either
    # Even the instructor's copy never shows a hidden test in what student code printed.
    graded_copy = nbformat.read(str(graded["out"] / "autograded" / "exfiltrator" / A1 / f"{A1}.ipynb"), as_version=4)
    printed = [str(out) for cell in graded_copy.cells for out in cell.get("outputs", [])]
    assert printed and not any(HIDDEN_ONLY in text for text in printed)


def test_feedback_states_each_tests_points(graded):
    page = (graded["out"] / "feedback" / "solver" / A1 / f"{A1}.html").read_text()
    assert "Score: <strong>10 / 10</strong>" in page and "test_composition" in page
    wrong = (graded["out"] / "feedback" / "imitator" / A1 / f"{A1}.html").read_text()
    assert "Score: <strong>8 / 10</strong>" in wrong and "at x = 0.0 your dz/dx is 0.0, expected -12.0" in wrong


def test_grades_csv_has_a_row_per_submission(graded):
    lines = (graded["out"] / "grades.csv").read_text().splitlines()
    assert lines[0] == "student,assignment,score,max_score,reason"
    assert len(lines) - 1 == len(graded["rows"])
    assert row(graded, "notjson", NAMES[1]).reasons == ["no submission"]


def test_a_rerun_grades_only_what_changed(graded, tmp_path):
    out = graded["out"]
    csv_before = (out / "grades.csv").read_text()
    subs = graded["subs"]
    edit_cell(subs / "blank" / A1 / f"{A1}.ipynb", "composition",
              lambda src: "def grad_composition(x):\n    return 6 * (3 * x - 2)\n")
    import time

    start = time.monotonic()
    rows = grade_all(subs, ASSIGNMENTS, out / "grading" / "released", out, out / "grades.csv",
                     Settings(cell_timeout=15), progress=False)
    assert time.monotonic() - start < 60  # one kernel, not seventy
    by_key = {(r.student, r.assignment): r for r in rows}
    assert by_key[("blank", A1)].score == 2
    assert by_key[("solver", A1)].score == 10
    assert (out / "grades.csv").read_text() != csv_before


def test_without_the_sandbox_every_row_is_marked(tmp_path, capsys):
    subs = tmp_path / "subs"
    name = NAMES[0]
    released = ensure_released(ASSIGNMENTS, tmp_path / "build")
    solved_copy(released / name / f"{name}.ipynb", ASSIGNMENTS / f"{name}.ipynb", subs / "s" / name / f"{name}.ipynb")
    code = main(["autograde", str(subs), "--out", str(tmp_path / "build"), "--no-sandbox", "--workers", "1"])
    assert code == 0
    assert "WARNING: grading WITHOUT the sandbox" in capsys.readouterr().err
    sheet = (tmp_path / "build" / "grades.csv").read_text().splitlines()
    assert all("graded WITHOUT the sandbox" in line for line in sheet[1:])


def test_grading_stops_before_anything_when_the_sandbox_cannot_start(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("PATH", str(tmp_path))  # no bwrap on PATH
    code = main(["autograde", str(tmp_path), "--out", str(tmp_path / "build")])
    assert code == 2
    err = capsys.readouterr().err
    assert "bubblewrap" in err and "apt-get install bubblewrap" in err and "--no-sandbox" in err
    assert not (tmp_path / "build" / "grades.csv").exists()


def test_every_source_notebook_validates():
    sources = sorted(ASSIGNMENTS.glob("*.ipynb"))
    result = subprocess.run([sys.executable, "-m", "nbgrader", "validate", *map(str, sources)],
                            capture_output=True, text=True, timeout=600, cwd=ASSIGNMENTS)
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.count("Success! Your notebook passes all the tests.") == len(NAMES), result.stdout


def test_release_strips_solutions_and_hidden_tests(graded):
    assert sorted(graded["released"]) == NAMES
    for path in graded["released"].values():
        text = path.read_text()
        assert "BEGIN SOLUTION" not in text and "BEGIN HIDDEN TESTS" not in text
        assert "raise NotImplementedError()" in text


def test_the_instructor_tools_leave_jupyterlab_consistent():
    result = subprocess.run([sys.executable, "-m", "pip", "check"], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout


def test_a_fork_bombs_leftovers_do_not_stop_the_next_submission(graded, tmp_path):
    # One worker, so the honest student is graded right after the bomb, by the same grading process.
    subs = tmp_path / "subs"
    for student in ("a_bomb", "b_honest"):
        shutil.copytree(graded["subs"] / ("forkbomb" if student == "a_bomb" else "solver") / A1, subs / student / A1)
    rows = grade_all(subs, ASSIGNMENTS, graded["out"] / "grading" / "released", tmp_path / "out",
                     tmp_path / "grades.csv", Settings(cell_timeout=15), workers=1, progress=False)
    honest = next(r for r in rows if r.student == "b_honest")
    assert honest.score == honest.max_score and honest.reasons == [], honest


def test_neither_a_busy_machine_nor_a_cpu_burning_neighbour_changes_an_honest_score(graded, tmp_path):
    hog = ("import subprocess, sys\n"
           "burners = [subprocess.Popen([sys.executable, '-c', 'while True: pass'], start_new_session=True)\n"
           "           for _ in range(80)]\n" + WRONG)
    alone, beside = tmp_path / "alone", tmp_path / "beside"
    shutil.copytree(graded["subs"] / "solver" / A1, alone / "honest" / A1)
    shutil.copytree(graded["subs"] / "solver" / A1, beside / "honest" / A1)
    shutil.copytree(graded["subs"] / "solver" / A1, beside / "hog" / A1)
    edit_cell(beside / "hog" / A1 / f"{A1}.ipynb", "composition", lambda src: hog)
    seconds = {}  # the honest submission's own grading time, as its row records it
    busy = [subprocess.Popen([sys.executable, "-c", "while True: pass"]) for _ in range(4)]  # a loaded machine
    try:
        rows = grade_all(alone, ASSIGNMENTS, graded["out"] / "grading" / "released", tmp_path / "out-busy",
                         tmp_path / "busy.csv", Settings(cell_timeout=15), workers=1, progress=False)
    finally:
        for process in busy:
            process.kill()
    assert [(r.score, r.reasons) for r in rows] == [(10, [])], rows
    for name, subs, workers in (("alone", alone, 1), ("beside", beside, 2)):
        rows = grade_all(subs, ASSIGNMENTS, graded["out"] / "grading" / "released", tmp_path / f"out-{name}",
                         tmp_path / f"{name}.csv", Settings(cell_timeout=15), workers=workers, progress=False)
        honest = next(r for r in rows if r.student == "honest")
        assert honest.score == honest.max_score and honest.reasons == [], (name, honest)
        seconds[name] = honest.seconds
    assert seconds["beside"] < 1.5 * seconds["alone"] + 5, seconds


LEAVE_BEHIND = """import ctypes, os
for place in ('/tmp', os.path.expanduser('~'), '/dev/shm'):
    open(os.path.join(place, 'left-behind'), 'w').write('for the next student')
ok = ctypes.CDLL(None).shmget(0x5EED, 4096, 0o1666) >= 0  # a System V segment outlives its processes
"""
FIND_NOTHING = """import ctypes, os, socket
status = dict(line.split(':', 1) for line in open('/proc/self/status').read().splitlines() if ':' in line)
ok = (not any(os.path.exists(os.path.join(p, 'left-behind')) for p in ('/tmp', os.path.expanduser('~'), '/dev/shm'))
      and ctypes.CDLL(None).shmget(0x5EED, 0, 0) < 0
      and all(int(status[k], 16) == 0 for k in ('CapPrm', 'CapEff', 'CapBnd')) and status['NoNewPrivs'].strip() == '1'
      and os.getuid() != 0 and os.getgroups() == [])
zygote_dirs = [line.split()[1] for line in open('/proc/self/mounts') if 'chainrule-zygote' in line.split()[1]]
for folder in zygote_dirs:  # the spool and the zygote's control folder: no listing, no connecting
    try:
        os.listdir(folder)
        ok = False
    except PermissionError:
        pass
    try:
        socket.socket(socket.AF_UNIX).connect(os.path.join(folder, 'zygote.sock'))
        ok = False
    except (PermissionError, FileNotFoundError):
        pass
for pid in (p for p in os.listdir('/proc') if p.isdigit()):
    try:
        if os.stat(f'/proc/{pid}').st_uid != os.getuid():
            os.kill(int(pid), 0)  # signalling another user's process (the zygote, bubblewrap's init) is refused
            ok = False
    except (PermissionError, ProcessLookupError, FileNotFoundError):
        pass
"""


def warm_answer(graded, prefix: str) -> nbformat.NotebookNode:
    """Assignment 1's solution whose first answer is right only if `prefix` leaves `ok` true."""
    nb = nbformat.read(str(graded["subs"] / "solver" / A1 / f"{A1}.ipynb"), as_version=4)
    cell = nb.cells[index_of(nb.cells, "composition")]
    cell.source = f"{prefix}\n{cell.source}\nif not ok:\n    def grad_composition(x):\n        return x * 0\n"
    return nb


def test_a_warm_kernel_starts_from_nothing_the_previous_one_left(graded):
    # Two submissions in turn on one zygote (one batch worker): the second finds no file, no shared memory and no
    # System V segment of the first, no capability, and cannot reach the zygote; both must score full marks.
    assignment = load_assignments(ASSIGNMENTS, graded["out"] / "grading" / "released")[A1]
    zygote = Zygote(Limits())
    try:
        first = run_submission(warm_answer(graded, LEAVE_BEHIND), assignment, Limits(), 15, zygote=zygote)
        second = run_submission(warm_answer(graded, FIND_NOTHING), assignment, Limits(), 15, zygote=zygote)
        zygote.process.kill()
        zygote.process.wait()
        cold = run_submission(warm_answer(graded, FIND_NOTHING), assignment, Limits(), 15, zygote=zygote)
    finally:
        zygote.stop()
    for outcome in (first, second, cold):
        assert [r.status for r in outcome.tests.values()] == ["passed"] * 4 and outcome.reasons == [], outcome
    assert "zygote" in first.limits and "zygote" in second.limits, (first.limits, second.limits)
    assert "zygote" not in cold.limits, cold.limits  # a dead zygote: the kernel started cold, and graded the same
