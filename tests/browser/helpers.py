"""What the browser tests do again and again: log in, check a page with axe, measure it."""

import json
from pathlib import Path

from django.urls import reverse

AXE = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"
GRAVE = ("serious", "critical")
MEMBER_PASSWORD = "pw-Member-123"  # the reporter's and editor's, see tests/conftest.py


def log_in(context, username, password):
    page = context.new_page()
    page.goto(reverse("admin:login"))
    page.fill("#id_username", username)
    page.fill("#id_password", password)
    page.click("input[type=submit]")
    page.wait_for_url(f"**{reverse('admin:index')}")
    return page


def grave_accessibility_violations(page):
    """axe-core's serious and critical findings on the page as it is now, readably.

    axe is evaluated through the DevTools protocol rather than added as a <script>, so the
    page's Content-Security-Policy stays in force while it is checked.
    """
    if not AXE.exists():
        raise FileNotFoundError(f"{AXE} is missing: run `make install-browser-checks`.")
    page.evaluate(AXE.read_text(encoding="utf-8"))
    results = page.evaluate("axe.run(document, {resultTypes: ['violations']})")
    return [
        {
            "rule": violation["id"],
            "impact": violation["impact"],
            "help": violation["help"],
            "where": [node["target"] for node in violation["nodes"]][:5],
        }
        for violation in results["violations"]
        if violation["impact"] in GRAVE
    ]


def describe(violations):
    return json.dumps(violations, indent=2, ensure_ascii=False)


def sideways_overflow(page):
    """How many CSS pixels the document is wider than the window (0 when it fits)."""
    return page.evaluate("document.documentElement.scrollWidth - window.innerWidth")


# Running text: paragraphs, list items and table cells in the page's main part (not the
# site's name, tags' kind labels or other one-word furniture).
BODY_TEXT = "main p, main li, main dd, main td"


def body_text_sizes(page):
    """The computed font sizes, in CSS pixels, of the body and of its running text, each with
    the element's tag and class so that a failure says where."""
    return page.evaluate(
        """selector => [document.body, ...document.querySelectorAll(selector)]
            .filter(element => element.innerText.trim())
            .map(element => [
                element.tagName.toLowerCase() + (element.className ? "." + element.className : ""),
                parseFloat(getComputedStyle(element).fontSize),
            ])""",
        BODY_TEXT,
    )


def fill_body(page, text):
    """Types `text` as the article's body into the Markdown editor over its textarea."""
    editor = page.locator("#id_body ~ .EasyMDEContainer .CodeMirror")
    editor.evaluate("(element, text) => element.CodeMirror.setValue(text)", text)
