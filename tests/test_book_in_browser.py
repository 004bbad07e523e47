"""The built book in headless Chromium, page by page, the way a reader sees it (`make test-browser`).

Every page is loaded from a local server with every other address blocked, in light and in dark,
and must show no console error, load every resource, typeset every formula, give every image an alt
text, link only to pages and anchors that exist, and pass axe-core with no serious or critical
violation. Screenshots land in build/screenshots/ for people to look at.
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
from chainrule_course.book import SOLUTION, serious_violations, wait_for_math, wait_until_still
from chainrule_course.launch import repository_url
from chainrule_course.repository import find

REPO = find(Path(__file__).resolve().parent)
ROOT = REPO.root
NOTEBOOKS = REPO.notebooks
BOOK = REPO.build / "book"
AXE = REPO.root / "tests/browser/node_modules/axe-core/axe.min.js"

pytestmark = pytest.mark.browser

SECTIONS = [p.stem for p in sorted(NOTEBOOKS.glob("[0-9][0-9]_*.ipynb")) if p.stem != "00_index"]
ASSIGNMENTS = [f"assignments/{p.stem}" for p in sorted((ROOT / "assignments").glob("[0-9][0-9]_*.ipynb"))]
PAGES = ["index", *SECTIONS, "instructors", *ASSIGNMENTS, "verification", "search", "genindex"]
SHOTS = ROOT / "build/screenshots"

# Math typeset: MathJax replaces each formula's TeX by an mjx-container. Raw TeX left in the text
# outside code (a `$` pair, `\(`, `\frac`) means a formula the reader sees as source.
UNTYPESET = """() => {
  const pending = [...document.querySelectorAll('.math')].filter(m => !m.querySelector('mjx-container'));
  const main = document.querySelector('main') || document.body;
  const clone = main.cloneNode(true);
  clone.querySelectorAll('pre, code, mjx-container, script, style').forEach(n => n.remove());
  const text = clone.textContent;
  const raw = (text.match(/\\$\\$|\\\\\\(|\\\\frac|\\\\partial|\\\\mathbb/g) || []);
  return {pending: pending.map(m => m.textContent.slice(0, 60)), raw};
}"""
IMAGES = """() => [...document.images].map(i => ({src: i.currentSrc || i.src, ok: i.complete && i.naturalWidth > 0,
                                               alt: (i.getAttribute('alt') || '').trim()}))"""


@cache
def anchors(path: Path) -> frozenset[str]:
    """The ids a built page defines, which a link's #fragment may name."""
    return frozenset(re.findall(r'\bid="([^"]+)"', path.read_text()))


def broken_links(page, base: str) -> list[str]:
    """Links to this site whose page, or whose #anchor on that page, does not exist."""
    broken = []
    for href in sorted(set(page.eval_on_selector_all("a[href]", "links => links.map(a => a.href)"))):
        parts = urlsplit(href)
        if not href.startswith(base) or parts.path.endswith("/_sources/"):
            continue
        target = BOOK / unquote(parts.path).lstrip("/")
        if target.is_dir():
            target = target / "index.html"
        if not target.exists():
            broken.append(f"{href}: no such page")
        elif parts.fragment and target.suffix == ".html" and unquote(parts.fragment) not in anchors(target):
            broken.append(f"{href}: no anchor #{parts.fragment}")
    return broken


def test_the_book_has_exactly_the_chapters_pages():
    built = sorted(str(p.relative_to(BOOK).with_suffix("")) for p in BOOK.rglob("*.html")
                   if not any(part.startswith("_") for part in p.relative_to(BOOK).parts))
    assert built == sorted(PAGES), "make book must build every section, the landing, instructor and verification pages"


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("name", PAGES)
def test_a_page_as_a_reader_sees_it(open_page, book_url, name, scheme):
    page, problems = open_page(f"{book_url}/{name}.html", color_scheme=scheme)
    wait_for_math(page)
    assert page.evaluate("document.documentElement.dataset.theme") == scheme
    untypeset = page.evaluate(UNTYPESET)
    assert not untypeset["pending"] and not untypeset["raw"], f"{name}: formulas left as TeX: {untypeset}"
    images = page.evaluate(IMAGES)
    assert all(i["ok"] for i in images), f"{name}: images that did not load: {[i for i in images if not i['ok']]}"
    missing_alt = [i["src"] for i in images if not i["alt"]]
    assert not missing_alt, f"{name}: images without alt text: {missing_alt}"
    assert not broken_links(page, book_url), f"{name}: " + "\n".join(broken_links(page, book_url))
    violations = serious_violations(page, AXE)
    assert not violations, f"{name} ({scheme}): axe-core finds\n" + "\n".join(violations)
    shot = SHOTS / scheme / f"{name}.png"
    shot.parent.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(shot), full_page=True)
    assert not problems, f"{name} ({scheme}):\n" + "\n".join(problems)


SEARCH_BUTTON = """() => { const text = document.querySelector('.search-button__default-text');
  const button = text.closest('button');
  return [getComputedStyle(text).color, getComputedStyle(button).backgroundColor]; }"""


def test_colours_are_judged_once_the_dark_theme_has_faded_in(chromium, book_url):
    """axe measures the search button's final dark colours, not the black it fades from after load."""
    still = chromium.new_context(color_scheme="dark", reduced_motion="reduce")
    moving = chromium.new_context(color_scheme="dark")
    try:
        at_rest = still.new_page()
        at_rest.goto(f"{book_url}/index.html", wait_until="load")
        page = moving.new_page()
        page.goto(f"{book_url}/index.html", wait_until="load")
        wait_until_still(page)
        assert page.evaluate(SEARCH_BUTTON) == at_rest.evaluate(SEARCH_BUTTON)
    finally:
        still.close()
        moving.close()


def test_sections_read_in_order_with_previous_and_next():
    for before, name, after in zip(["index", *SECTIONS], SECTIONS, [*SECTIONS[1:], "instructors"]):
        html = (BOOK / f"{name}.html").read_text()
        previous = re.search(r'class="left-prev"\s+href="([^"]+)"', html)
        following = re.search(r'class="right-next"\s+href="([^"]+)"', html)
        assert previous and following, f"{name}: no previous/next links"
        assert (previous.group(1), following.group(1)) == (f"{before}.html", f"{after}.html"), name


def test_a_section_page_offers_its_notebook_binder_and_colab_launches_and_copy_buttons(open_page, book_url):
    page, problems = open_page(f"{book_url}/01_composition.html")
    downloads = page.eval_on_selector_all("a[href$='.ipynb']", "links => links.map(a => a.href)")
    assert f"{book_url}/_sources/01_composition.ipynb" in downloads
    assert page.request.get(f"{book_url}/_sources/01_composition.ipynb").ok
    launch = page.eval_on_selector_all("a[href*='mybinder.org']", "links => links.map(a => a.href)")
    path = "/".join(urlsplit(repository_url(REPO.pyproject)).path.strip("/").split("/")[:2])
    assert any(f"mybinder.org/v2/gh/{path}/main?urlpath=lab/tree/notebooks/01_composition.ipynb" in h for h in launch)
    colab = page.eval_on_selector_all("a[href*='colab.research.google.com']", "links => links.map(a => a.href)")
    assert f"https://colab.research.google.com/github/{path}/blob/main/notebooks/01_composition.ipynb" in colab
    code_cells = page.locator("div.cell_input").count()
    assert code_cells > 0 and page.locator("button.copybtn").count() >= code_cells
    assert not problems, problems


def test_each_figure_is_described_by_the_sentence_that_introduces_it(open_page, book_url):
    page, _ = open_page(f"{book_url}/04_chain_rule_on_graphs.html")
    alts = page.eval_on_selector_all("div.cell_output img", "images => images.map(i => i.alt)")
    assert any(alt.startswith("draw_graph draws both graphs") for alt in alts), alts


def test_search_finds_a_section_with_no_network(open_page, book_url):
    page, problems = open_page(f"{book_url}/search.html?q=Jacobian")
    page.wait_for_selector("#search-results li a", timeout=15000)
    hits = page.eval_on_selector_all("#search-results li a", "links => links.map(a => a.href)")
    assert any("05_jacobians.html" in h for h in hits), hits
    assert not problems, problems


def test_the_book_reads_from_disk_too(open_page):
    page, problems = open_page((BOOK / "01_composition.html").as_uri())
    wait_for_math(page)
    assert page.locator("mjx-container").count() > 10
    assert not page.evaluate(UNTYPESET)["pending"]
    assert not [p for p in problems if "another address" in p], problems


def test_the_instructors_pages_show_no_solution_and_no_hidden_test():
    for name in ASSIGNMENTS:
        html = (BOOK / f"{name}.html").read_text()
        text = re.sub(r"<[^>]+>", "", html).replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")
        source = (ROOT / f"{name}.py").read_text()
        blocks = [m.group(0) for m in SOLUTION.finditer(source)]
        outside = {line.strip() for line in SOLUTION.sub("", source).splitlines()}  # what students see anyway
        solution_lines = [line.strip() for block in blocks for line in block.splitlines()[1:-1]
                          if len(line.strip()) > 12 and line.strip() not in outside]
        assert solution_lines, f"{name}: no solution found in the source to look for"
        assert "BEGIN SOLUTION" not in text and "HIDDEN TESTS" not in text
        shown = [line for line in solution_lines if line in text]
        assert not shown, f"{name} shows its solution: {shown}"
        assert "raise NotImplementedError()" in text


def test_the_print_edition_is_one_pdf_with_every_section():
    pdf = BOOK / "chainrule.pdf"
    data = pdf.read_bytes()
    assert data.startswith(b"%PDF")
    pages = len(re.findall(rb"/Type\s*/Page\b", data))
    images = len(re.findall(rb"/Subtype\s*/Image", data))
    figures = sum(1 for p in NOTEBOOKS.glob("[0-9][0-9]_*.ipynb") if p.stem != "00_index"
                  for _ in re.finditer(r'"image/png"', p.read_text()))
    assert pages >= 3 * len(SECTIONS), f"{pages} pages for {len(SECTIONS)} sections"
    assert images >= figures, f"{images} images in the PDF, {figures} figures in the chapter"
    assert re.search(rb"/FontName\s*/[A-Z]{6}\+MathJax_Main", data), "the formulas must be typeset (MathJax's fonts)"
