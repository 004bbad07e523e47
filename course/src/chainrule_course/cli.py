"""The course tooling's one command line: `python -m chainrule_course COMMAND [options]`.

Each command is a module's `main`, imported only when it runs (the book's and the grader's
dependencies are extras that a maintainer may not have installed). `python -m chainrule_course`
alone lists the commands; `COMMAND --help` shows a command's options.
"""

from __future__ import annotations

import importlib
import sys

__all__ = ["COMMANDS", "main"]

# command: (module under chainrule_course, what it does and the make target that runs it)
COMMANDS: dict[str, tuple[str, str]] = {
    "execute": ("execute", "regenerate each .ipynb from its .py and execute it (make execute)"),
    "verify": ("verify", "check notebooks against their own text with nbtruth and the house style"),
    "drift": ("drift", "which outputs new dependency versions change, cell by cell (make refresh, test-latest)"),
    "portability": ("portability", "re-execute as other machines would; outputs must not move (make test-portability)"),
    "lab": ("lab", "the student's JupyterLab on notebooks/ (make lab)"),
    "book": ("book", "the chapter as a website and one PDF in build/book/ (make book)"),
    "release": ("grading.cli", "student versions of the assignments into build/release/ (make release)"),
    "autograde": ("grading.cli", "grade a folder of submissions in the sandbox (make autograde)"),
    "merge": ("grading.cli", "one grades.csv, feedback and report from autograde --shard folders"),
    "report": ("grading.cli", "the class report, build/report.html and .csv, from a graded batch"),
    "export": ("grading.cli", "grades into Canvas or Moodle: their import file, matched on a roster (make export)"),
}
GRADING = {"release", "autograde", "merge", "report", "export"}


def usage() -> str:
    """The list of commands, one line each."""
    lines = ["usage: python -m chainrule_course COMMAND [options]   (COMMAND --help for its options)", "", "commands:"]
    lines += [f"  {name:12} {what}" for name, (_, what) in COMMANDS.items()]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    """Run one command with the rest of the arguments; the exit status is the command's."""
    argv = list(sys.argv[1:] if argv is None else argv)
    if not argv or argv[0] in ("-h", "--help"):
        print(usage())
        return 0 if argv else 2
    command, rest = argv[0], argv[1:]
    if command not in COMMANDS:
        print(f"unknown command {command!r}\n\n{usage()}", file=sys.stderr)
        return 2
    module = importlib.import_module(f"chainrule_course.{COMMANDS[command][0]}")
    return int(module.main([command, *rest] if command in GRADING else rest) or 0)
