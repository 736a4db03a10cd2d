"""Accessibility (issue 20.3): axe-core, served from our own static files, checks every page each demo role reaches by
following links, in Chinese and in English, and fails on any serious or critical violation (WCAG 2 A and AA)."""

import os
import re
from collections import deque

import pytest
from django.core.management import call_command
from django.test import Client

from accounts.models import User
from competition.management.commands.load_demo import DEMO_PASSWORD

pytestmark = pytest.mark.browser

LINK = re.compile(r'href="(/[^"#]*)"')
SKIP = ("/static/", "/media/", "/accounts/logout", "/i18n/", "/admin/")
ROLES = [None, "office", "luodian", "candidate", "examiner"]
PHONE_ROLES = {None, "candidate", "examiner"}
AXE = "/static/vendor/axe-core/axe.min.js"
RUN_AXE = """async () => {
  const result = await axe.run(document, {runOnly: {type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]}});
  return result.violations.filter(v => v.impact === "serious" || v.impact === "critical")
    .map(v => `${v.impact} ${v.id}: ${v.nodes.slice(0, 3).map(n => n.target.join(" ")).join(" | ")}`);
}"""


def html_pages(client, start="/", limit=400):
    """The HTML pages reachable from ``start``, one per shape of address (ids and query left out), in the order
    found: a page's template is checked once, not once per row of the demo data."""
    seen, shapes, queue, pages = {start}, set(), deque([start]), []
    while queue and len(seen) <= limit:
        url = queue.popleft()
        response = client.get(url)
        if response.status_code != 200 or "text/html" not in response.get("Content-Type", ""):
            continue
        shape = re.sub(r"\d+", "N", url.split("?", 1)[0])
        if shape not in shapes:
            shapes.add(shape)
            pages.append(url)
        for link in LINK.findall(response.content.decode()):
            link = link.replace("&amp;", "&")
            if not link.startswith(SKIP) and link not in seen:
                seen.add(link)
                queue.append(link)
    return pages


@pytest.fixture
def demo(transactional_db):
    call_command("load_demo", stdout=open(os.devnull, "w"))


@pytest.mark.parametrize("username", ROLES)
def test_no_serious_or_critical_violation_on_any_page_of_the_role(demo, journey, username):
    client = Client()
    if username:
        client.force_login(User.objects.get(username=username))
    pages = html_pages(client)
    assert len(pages) > (3 if username is None else 6)
    violations = {}  # each violation, with the pages (and language) it is found on
    # The candidate's, the examiner's and the public pages (the vote page among them) are also used on phones.
    passes = [("zh-CN", False), ("en", False)] + ([("zh-CN", True)] if username in PHONE_ROLES else [])
    for language, phone in passes:
        person = journey(f"{username or 'public'}-{language}{'-phone' if phone else ''}", language=language, phone=phone)
        if username:
            person.login(username, DEMO_PASSWORD)
        for url in pages:
            page = person.go(url)
            page.add_script_tag(url=AXE)
            where = f"{url} ({language}{', phone' if phone else ''})"
            for violation in page.evaluate(RUN_AXE):
                violations.setdefault(violation, []).append(where)
            if phone and page.evaluate("document.documentElement.scrollWidth > window.innerWidth"):
                violations.setdefault("scrolls sideways on a phone", []).append(where)
    assert violations == {}, "\n".join(f"{v}\n    on {', '.join(urls)}" for v, urls in violations.items())


def test_the_keyboard_reaches_the_content_first_and_shows_where_it_is(demo, journey):
    person = journey("keyboard")
    person.login("office", DEMO_PASSWORD)
    page = person.go("/office/posts/")
    page.keyboard.press("Tab")
    skip = page.evaluate("document.activeElement.getAttribute('href')")
    assert skip == "#main"
    assert page.evaluate("document.activeElement.getBoundingClientRect().width") > 0  # shown when focused
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"
    # The next stop is a link or a control inside the page's content, with a visible focus indicator.
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.closest('main') !== null")
    style = page.evaluate(
        "(() => { const s = getComputedStyle(document.activeElement);"
        " return [s.outlineStyle, s.outlineWidth, s.boxShadow]; })()"
    )
    assert (style[0] != "none" and style[1] != "0px") or style[2] != "none", style
