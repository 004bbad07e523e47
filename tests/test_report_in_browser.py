"""The class report in headless Chromium, as the instructor opens it (`make test-browser`).

Built from a small synthetic results folder (tests/batch_factory.py, with a hostile student name),
not from a grading run. Served from a local port with every other address blocked, in light and in
dark, and from disk: no console error, no request elsewhere, every image loaded and given an alt
text, no script run, and no serious or critical axe-core violation.
"""

from __future__ import annotations

import pytest
from batch_factory import class_batch
from chainrule_course.book import serious_violations
from chainrule_course.grading.report import write_report
from chainrule_course.grading.results import records

pytestmark = pytest.mark.browser

IMAGES = """() => [...document.images].map(i => ({ok: i.complete && i.naturalWidth > 0,
                                               alt: (i.getAttribute('alt') || '').trim()}))"""


@pytest.fixture(scope="module")
def report(tmp_path_factory):
    """report.html of a synthetic class, and the folder it is in."""
    out = tmp_path_factory.mktemp("report")
    page = write_report(records(class_batch(out / "build")), out / "site" / "report.html")
    return page


@pytest.fixture(scope="module")
def report_url(report):
    from chainrule_course.book import serve

    with serve(report.parent) as url:
        yield f"{url}/report.html"


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_the_report_as_an_instructor_sees_it(open_page, report_url, repo, scheme):
    page, problems = open_page(report_url, color_scheme=scheme)
    assert page.title() == "Class report"
    images = page.evaluate(IMAGES)
    assert images and all(i["ok"] for i in images), f"images that did not load: {images}"
    assert all(i["alt"].startswith("Histogram of") for i in images), images
    assert page.evaluate("document.querySelectorAll('script').length") == 0
    assert page.locator("img[src='x']").count() == 0, "a student-written tag became an element"
    violations = serious_violations(page, repo.root / "tests/browser/node_modules/axe-core/axe.min.js")
    assert not violations, f"report ({scheme}): axe-core finds\n" + "\n".join(violations)
    shot = repo.build / "screenshots" / scheme / "report.png"
    shot.parent.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(shot), full_page=True)
    assert not problems, "\n".join(problems)


def test_the_report_opens_from_disk_with_no_network(open_page, report):
    page, problems = open_page(report.as_uri())
    assert all(i["ok"] for i in page.evaluate(IMAGES))
    assert page.locator("h2").all_inner_texts() == [
        "Score distribution",
        "Questions",
        "Slowest submissions",
        "Flagged for review",
    ]
    assert not problems, problems
