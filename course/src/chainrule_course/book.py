"""The chapter as a static book, HTML and one PDF, built offline from the committed notebooks.

    python -m chainrule_course book [--out build/book] [--no-pdf]

Staging (build/book-source/) gathers the pages of book/, every section's .ipynb as committed (never
executed: their outputs are the verified ones) with each figure's alt text taken from the sentence
that introduces it, the instructors' and verification pages cut from README.md, the assignments as
students receive them, and MathJax from the django-static-mathjax wheel. Sphinx with MyST-NB writes
the site; headless Chromium prints the single-page build to build/book/chainrule.pdf.
"""

from __future__ import annotations

import argparse
import contextlib
import functools
import http.server
import os
import re
import shutil
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import nbformat

from .launch import repository_url
from .repository import Repository, RepositoryNotFound, find

__all__ = ["add_alt_text", "build", "chapter_map", "readme_section", "serve",
           "serious_violations", "stage", "student_version", "wait_for_math", "wait_until_still"]

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
# Chromium as root, headless, talking to nothing but the page it is given.
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-sync",
                 "--disable-background-networking", "--disable-component-update"]
SOLUTION = re.compile(r"^([ \t]*)### BEGIN SOLUTION\n.*?^[ \t]*### END SOLUTION[ \t]*\n?", re.M | re.S)
HIDDEN_TESTS = re.compile(r"^[ \t]*### BEGIN HIDDEN TESTS\n.*?^[ \t]*### END HIDDEN TESTS[ \t]*\n?", re.M | re.S)


def readme_section(readme: str, heading: str, repository: str) -> str:
    """One `## ` section of the README as a page: its heading the title, links made to work in the book.

    Links to a section's notebook become links to its page; other links into the repository
    (a folder, a file) point at the repository's web view.
    """
    match = re.search(rf"^## {re.escape(heading)}\n(.*?)(?=^## |\Z)", readme, re.M | re.S)
    if match is None:
        raise ValueError(f"README.md has no section '## {heading}'")
    text = re.sub(r"^#(#+) ", r"\1 ", match.group(1), flags=re.M)  # ### becomes ##, under the page's #
    text = re.sub(r"\]\(notebooks/(\d\d_\w+\.ipynb)\)", r"](\1)", text)
    text = re.sub(r"\]\((?!https?:|#|mailto:|\d\d_\w+\.ipynb\))([^)\s]+)\)", rf"]({repository}/tree/main/\1)", text)
    return f"# {heading}\n{text}"


def chapter_map(index_py: str) -> str:
    """The chapter map: the table of notebooks/00_index.py, without its comment marks."""
    rows = [line[2:] for line in index_py.splitlines() if line.startswith("# |")]
    if len(rows) < 3:
        raise ValueError("notebooks/00_index.py has no chapter-map table")
    return "\n".join(rows)


def _plain(markdown: str) -> str:
    """Markdown as a screen reader should hear it: no math delimiters, backticks or emphasis marks."""
    text = re.sub(r"\$+|`|\*\*|(?<!\w)\*|\\[,;!]", "", markdown)
    return re.sub(r"\s+", " ", text).strip()


def add_alt_text(nb: Any) -> int:
    """Give every figure the alt text of the paragraph that introduces it; return how many were given."""
    given = 0
    for previous, cell in zip(nb.cells, nb.cells[1:]):
        figure = cell.cell_type == "code" and any("image/png" in o.get("data", {}) for o in cell.outputs)
        if figure and previous.cell_type == "markdown":
            paragraphs = [p for p in previous.source.split("\n\n") if p.strip() and not p.startswith("#")]
            if not paragraphs:
                raise ValueError(f"the figure of cell {nb.cells.index(cell)} has no sentence introducing it")
            cell.metadata.setdefault("mystnb", {})["image"] = {"alt": _plain(paragraphs[-1])}
            given += 1
    return given


def student_version(nb: Any) -> Any:
    """An assignment as students receive it: solutions replaced, hidden tests removed, no outputs."""
    nb = nbformat.from_dict(nbformat.v4.upgrade(nb) if nb.nbformat < 4 else nb)
    for cell in nb.cells:
        cell.source = SOLUTION.sub(r"\1# YOUR CODE HERE\n\1raise NotImplementedError()\n", cell.source)
        cell.source = HIDDEN_TESTS.sub("", cell.source)
        if cell.cell_type == "code":
            cell.outputs, cell.execution_count = [], None
    return nb


def stage(src: Path, repo: Repository) -> None:
    """Gather everything the book is built from into `src`, a fresh directory."""
    shutil.rmtree(src, ignore_errors=True)
    shutil.copytree(repo.book_sources, src, ignore=shutil.ignore_patterns("__pycache__"))
    readme = repo.readme.read_text()
    index = (src / "index.md").read_text()
    (src / "index.md").write_text(index.replace("<!-- chapter-map -->",
                                                chapter_map((repo.notebooks / "00_index.py").read_text())))
    for path in sorted(repo.notebooks.glob("[0-9][0-9]_*.ipynb")):
        if path.stem == "00_index":  # its map is the landing page's
            continue
        nb = nbformat.read(path, as_version=4)
        add_alt_text(nb)
        nbformat.write(nb, src / path.name)
    assignments = src / "assignments"
    assignments.mkdir()
    names = []
    for path in sorted(repo.assignments.glob("[0-9][0-9]_*.ipynb")):
        nbformat.write(student_version(nbformat.read(path, as_version=4)), assignments / path.name)
        names.append(f"assignments/{path.stem}")
    toctree = "\n".join(["```{toctree}", ":caption: The assignments, as students receive them", ":maxdepth: 1", "",
                         *names, "```"])
    repository = repository_url(repo.pyproject)
    instructors = readme_section(readme, "For instructors: graded assignments", repository)
    (src / "instructors.md").write_text(f"{instructors}\n{toctree}\n")
    (src / "verification.md").write_text(readme_section(readme, "How verification works", repository))
    import mathjax  # the django-static-mathjax wheel: MathJax 3 as plain static files

    es5 = Path(mathjax.__file__).parent / "static/mathjax/es5"
    shutil.copytree(es5, src / "_static/mathjax", ignore=shutil.ignore_patterns("*-full*", "*speech*", "*.map"))


def _sphinx(src: Path, builder: str, out: Path, repository: str) -> None:
    """Run Sphinx on the staged sources; warnings are errors, so a broken link or image stops the build."""
    env = {**os.environ, "CHAINRULE_REPOSITORY": repository}
    command = [sys.executable, "-m", "sphinx", "-b", builder, "-q", "-W", "--keep-going", "-j", "auto",
               "-c", str(src), str(src), str(out)]
    result = subprocess.run(command, env=env, capture_output=True, text=True)
    if result.returncode != 0:
        raise RuntimeError(f"sphinx ({builder}) failed:\n{result.stderr or result.stdout}")


@contextlib.contextmanager
def serve(directory: Path) -> Iterator[str]:
    """Serve a directory on a free local port for as long as the block runs; yields the base URL."""
    handler = functools.partial(_QuietHandler, directory=str(directory))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    """A static file handler that does not print a line per request."""

    def log_message(self, format: str, *args: Any) -> None:
        pass


def wait_for_math(page: Any) -> None:
    """Wait, in a Playwright page, until MathJax (where the page loads it) has typeset every formula."""
    page.wait_for_function("() => !document.querySelector('script[src*=mathjax]') || "
                           "(window.MathJax && MathJax.startup && MathJax.startup.promise)")
    page.evaluate("() => window.MathJax && MathJax.startup ? MathJax.startup.promise.then(() => true) : true")


# A finite CSS transition or animation still running; infinite ones (spinners) and paused ones never finish.
_MOVING = ("document.getAnimations().filter(a => a.playState === 'running' && a.effect && "
           "a.effect.getComputedTiming().endTime !== Infinity)")

# axe-core's serious and critical violations, one line each: what it is and the first element where.
_AXE_SERIOUS = """async () => (await axe.run(document, {resultTypes: ['violations']})).violations
  .filter(v => v.impact === 'serious' || v.impact === 'critical')
  .map(v => `${v.impact} ${v.id}: ${v.help} (${v.nodes.length}x, first at ${v.nodes[0].target})`)"""


def wait_until_still(page: Any) -> None:
    """Wait, in a Playwright page, until every finite CSS transition and animation has finished.

    The theme turns dark after the page loads, and its buttons fade to their colours over 0.15 s: a
    colour measured before then is one no reader sees once the page is at rest.
    """
    page.evaluate(f"() => Promise.all({_MOVING}.map(a => a.finished.catch(() => null)))")


def serious_violations(page: Any, axe_script: Path) -> list[str]:
    """axe-core's serious and critical violations on the page at rest, one line each."""
    wait_until_still(page)
    page.add_script_tag(path=str(axe_script))
    return page.evaluate(_AXE_SERIOUS)


def _print_pdf(single: Path, pdf: Path) -> None:
    """Print the single-page build to PDF in headless Chromium, once MathJax has typeset every formula."""
    from playwright.sync_api import sync_playwright

    with serve(single) as url, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            page = browser.new_page()
            page.goto(f"{url}/index.html", wait_until="load")
            wait_for_math(page)
            page.emulate_media(media="print")
            page.pdf(path=str(pdf), format="A4", print_background=True,
                     margin={"top": "15mm", "bottom": "15mm", "left": "12mm", "right": "12mm"})
        finally:
            browser.close()


def build(repo: Repository, out: Path, *, pdf: bool = True) -> list[Path]:
    """Stage the sources and build the site into `out` (and `out`/chainrule.pdf); return what was written."""
    src = out.parent / f"{out.name}-source"
    stage(src, repo)
    repository = repository_url(repo.pyproject)
    shutil.rmtree(out, ignore_errors=True)
    _sphinx(src, "html", out, repository)
    written = [out / "index.html"]
    if pdf:
        single = out.parent / f"{out.name}-single"
        shutil.rmtree(single, ignore_errors=True)
        _sphinx(src, "singlehtml", single, repository)
        _print_pdf(single, out / "chainrule.pdf")
        written.append(out / "chainrule.pdf")
    return written


def main(argv: list[str] | None = None) -> int:
    """Command line: build the book, print where it is."""
    parser = argparse.ArgumentParser(prog="python -m chainrule_course book", description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=None, help="where the site goes (default build/book)")
    parser.add_argument("--no-pdf", action="store_true", help="skip the PDF (no Chromium needed)")
    args = parser.parse_args(argv)
    try:
        repo = find()
        written = build(repo, (args.out or repo.build / "book").resolve(), pdf=not args.no_pdf)
    except (RuntimeError, ValueError, RepositoryNotFound) as error:
        print(f"book: {error}", file=sys.stderr)
        return 1
    for path in written:
        print(f"wrote {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
