"""Shared test setup: a headless matplotlib backend, the tiers' markers, the repository, and the browser."""

from __future__ import annotations

import os
from pathlib import Path

import matplotlib
import pytest
from hypothesis import settings

# Headless figures for the helper tests. Not through MPLBACKEND: the notebook kernels that nbval
# starts inherit the environment, and must keep their inline backend to show (and compare) figures.
matplotlib.use("Agg")

# Property tests draw the same examples on every run (a failure reproduces, a mutant is caught every
# time or never), and keep no example database, so nothing of theirs lands in the repository.
# HYPOTHESIS_PROFILE=explore draws fresh examples, for a maintainer hunting for new failures.
settings.register_profile("ci", derandomize=True, database=None, print_blob=True)
settings.register_profile("explore", max_examples=500, database=None)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))



def pytest_configure(config: pytest.Config) -> None:
    """nbval's kernels listen on Unix sockets, as every kernel the course starts does (chainrule_course.execute).

    Over TCP, kernels started at once by two workers can draw the same port, and a run can hang until CI's limit.
    nbval has no setting for the transport, so its kernel manager is given one whose default is a socket file.
    """
    try:
        import nbval.kernel
    except ImportError:  # nbval is a dev dependency; without it there are no notebook items to run
        return
    import uuid

    from jupyter_client import KernelManager
    from jupyter_core.paths import jupyter_runtime_dir
    from traitlets import default

    class SocketKernelManager(KernelManager):
        """A kernel manager whose kernels listen on socket files beside their connection file."""

        @default("transport")
        def _transport_default(self) -> str:
            return "ipc"

        @default("connection_file")
        def _connection_file_default(self) -> str:
            # An absolute path: the sockets are named after it, and the kernel runs in the notebook's folder.
            os.makedirs(jupyter_runtime_dir(), exist_ok=True)
            return os.path.join(jupyter_runtime_dir(), f"kernel-{uuid.uuid4()}.json")

    nbval.kernel.KernelManager = SocketKernelManager


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Mark each notebook nbval re-executes `notebooks`, so that tier is selected like the others (-m)."""
    for item in items:
        if type(item).__module__.startswith("nbval"):
            item.add_marker(pytest.mark.notebooks)


@pytest.fixture(scope="session")
def repo():
    """The repository these tests belong to, with its folders (chainrule_course.repository)."""
    from chainrule_course.repository import find

    return find(Path(__file__).resolve().parent)


@pytest.fixture(scope="session")
def chromium():
    """Debian's headless Chromium under Playwright (imported here: only `make test-browser` installs it)."""
    from chainrule_course.book import CHROMIUM, CHROMIUM_ARGS
    from playwright.sync_api import sync_playwright

    assert Path(CHROMIUM).exists(), f"{CHROMIUM} is missing: run `make test-browser`, which installs chromium"
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture(scope="session")
def book_url(repo):
    """The built book, served from build/book/ on a local port."""
    from chainrule_course.book import serve

    book = repo.build / "book"
    assert (book / "index.html").exists(), "the book is not built: run `make book` (make test-browser does)"
    with serve(book) as url:
        yield url


@pytest.fixture
def open_page(chromium):
    """open_page(url, color_scheme) -> (page, problems): a page that may talk to its own server only.

    `problems` collects console errors, uncaught exceptions, failed or refused requests, and every
    request to another address, which is blocked.
    """
    from urllib.parse import urlsplit

    contexts = []

    def opener(url: str, color_scheme: str = "light", viewport: dict | None = None):
        origin = urlsplit(url).netloc
        context = chromium.new_context(color_scheme=color_scheme, viewport=viewport or {"width": 1280, "height": 900})
        contexts.append(context)
        problems: list[str] = []

        def route(route):
            if urlsplit(route.request.url).netloc == origin or route.request.url.startswith(("data:", "blob:")):
                route.continue_()
            else:
                problems.append(f"request to another address: {route.request.url}")
                route.abort()

        context.route("**/*", route)
        page = context.new_page()
        page.on("console", lambda m: problems.append(f"console error: {m.text}") if m.type == "error" else None)
        page.on("pageerror", lambda e: problems.append(f"uncaught: {e}"))
        page.on("response", lambda r: problems.append(f"{r.status}: {r.url}") if r.status >= 400 else None)
        page.goto(url, wait_until="load")
        return page, problems

    yield opener
    for context in contexts:
        context.close()
