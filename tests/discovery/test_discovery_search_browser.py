"""Search as a reader uses it: the Pagefind UI in Debian's chromium.

The dev build names SITEURL (http://127.0.0.1:8000) in its links. The browser
visits that origin, and every request for it is answered from this test's own
HTTP server on a free port (so nothing else listening on 8000 can answer in
its place). The origin must stay SITEURL's: pagefind-ui.js loads pagefind.js
with a module import, which a cross-origin script may not do.
"""

from __future__ import annotations

import functools
import re
import threading
from collections import Counter
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import quote, urlsplit

import pytest
from discovery_support import SEED_PAGE, pagefind_fragments, parse, site_url_of

pytestmark = pytest.mark.browser

# An upper bound for the UI to answer, not a speed requirement.
RESULT_WAIT_MS = 15_000
SEED_PATH = "/" + SEED_PAGE.parent.as_posix() + "/"


class _QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, format, *args):
        pass


@pytest.fixture(scope="module")
def server(sample_output):
    handler = functools.partial(_QuietHandler, directory=str(sample_output))
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


# `browser`: the session's one chromium (tests/conftest.py); a second sync Playwright
# in the same process fails ("Sync API inside the asyncio loop").


@pytest.fixture(scope="module")
def site(sample_output) -> str:
    return site_url_of(sample_output)


@pytest.fixture
def page(browser, server, site):
    context = browser.new_context()
    outside: list[str] = []
    problems: list[str] = []

    def from_local_server(route):  # the browser sees SITEURL; the bytes come from here
        route.fulfill(response=route.fetch(url=server + route.request.url[len(site) :]))

    def refuse(route):
        outside.append(route.request.url)
        route.abort()

    context.route(re.compile(r"^(?!" + re.escape(site) + "/).*"), refuse)
    context.route(re.compile("^" + re.escape(site) + "/.*"), from_local_server)
    tab = context.new_page()
    tab.on("pageerror", lambda error: problems.append(f"page error: {error}"))
    tab.on(
        "console",
        # Failed loads are judged by URL below (an article's photo is not search's).
        lambda message: (
            problems.append(f"console: {message.text}")
            if message.type == "error" and not message.text.startswith("Failed to load resource")
            else None
        ),
    )
    # What search itself loads: the page, its script and the Pagefind bundle.
    search_files = (f"{site}/cari/", f"{site}/pagefind/", f"{site}/theme/js/search.js")
    tab.on(
        "response",
        lambda response: (
            problems.append(f"{response.status} {response.url}")
            if response.status >= 400 and response.url.startswith(search_files)
            else None
        ),
    )
    yield tab
    context.unroute_all(behavior="ignoreErrors")  # requests still in flight at the end
    context.close()
    assert outside == [], "the search page must not load anything from elsewhere (no CDN)"
    assert problems == []


# Done when the UI's message is final (Indonesian: "Ditemukan N hasil ..." or
# "... tidak ditemukan") and every listed result has loaded its link.
_RESULTS_SETTLED = """() => {
  const message = document.querySelector('.pagefind-ui__message');
  if (!message || message.textContent.startsWith('Mencari')) return false;
  if (message.textContent.includes('tidak ditemukan')) return true;
  const results = document.querySelectorAll('.pagefind-ui__result').length;
  const links = document.querySelectorAll('.pagefind-ui__result-link').length;
  return results > 0 && links === results;
}"""


def _result_paths(tab) -> list[str]:
    tab.wait_for_function(_RESULTS_SETTLED, timeout=RESULT_WAIT_MS)
    hrefs = tab.eval_on_selector_all(
        ".pagefind-ui__result-link", "links => links.map(a => a.getAttribute('href'))"
    )
    return [urlsplit(h).path for h in hrefs]


def _search_by_url(tab, site: str, query: str) -> list[str]:
    """The SearchAction way in: /cari/?q=..."""
    tab.goto(f"{site}/cari/?q={quote(query)}")
    return _result_paths(tab)


def test_typing_smart_city_finds_the_seed_story_in_an_indonesian_ui(page, site):
    page.goto(f"{site}/cari/")
    field = page.wait_for_selector(".pagefind-ui__search-input", timeout=RESULT_WAIT_MS)
    assert field.get_attribute("placeholder") == "Cari"
    field.fill("smart city")
    paths = _result_paths(page)
    assert SEED_PATH in paths
    message = page.text_content(".pagefind-ui__message")
    assert message.startswith("Ditemukan") and "smart city" in message
    # A result leads to the story itself.
    page.click(f'.pagefind-ui__result-link[href$="{SEED_PATH}"]')
    page.wait_for_url(f"**{SEED_PATH}")
    assert "Smart City" in page.title()


def test_search_action_url_runs_the_query(page, site):
    assert SEED_PATH in _search_by_url(page, site, "smart city")


def test_stemmer_joins_kesepakatan_with_sepakat(page, site, sample_output):
    # The story says "sepakat" (and "disepakati" in a caption), never the query
    # word itself: only the Indonesian stemmer (ke-...-an removed) can join them.
    text = parse(sample_output / SEED_PAGE).text_content().lower()
    assert "kesepakatan" not in text
    assert re.search(r"\bsepakat\b", text)
    assert SEED_PATH in _search_by_url(page, site, "kesepakatan")


def test_root_word_finds_its_ber_prefixed_form(page, site, sample_output):
    # The seed story says "bekerja sama"; "kerja" alone appears nowhere in it.
    text = parse(sample_output / SEED_PAGE).text_content().lower()
    assert "bekerja sama" in text and not re.search(r"\bkerja\b", text)
    assert SEED_PATH in _search_by_url(page, site, "kerja sama")


def test_filters_offer_category_and_year(page, site):
    _search_by_url(page, site, "kotamobagu")
    filters = page.text_content(".pagefind-ui__filter-panel")
    assert "Kategori" in filters and "Tahun" in filters
    assert "Advertorial" in filters and "2016" in filters


# Done when the UI says it found ``count`` results ("Ditemukan N hasil ...")
# and every listed result has loaded its link.
_SHOWS_RESULTS = """count => {
  const message = document.querySelector('.pagefind-ui__message');
  if (!message || !message.textContent.startsWith(`Ditemukan ${count} hasil`)) return false;
  const results = document.querySelectorAll('.pagefind-ui__result').length;
  const links = document.querySelectorAll('.pagefind-ui__result-link').length;
  return results > 0 && links === results;
}"""


def _every_result_path(tab, count: int) -> set[str]:
    """All ``count`` results, pressing "load more" (5 at a time) until none is left."""
    tab.wait_for_function(_SHOWS_RESULTS, arg=count, timeout=RESULT_WAIT_MS)
    more = tab.locator(".pagefind-ui__button")
    while more.count():
        shown = tab.locator(".pagefind-ui__result-link").count()
        more.click()
        tab.wait_for_function(
            "shown => document.querySelectorAll('.pagefind-ui__result-link').length > shown"
            " || !document.querySelector('.pagefind-ui__button')",
            arg=shown,
            timeout=RESULT_WAIT_MS,
        )
    tab.wait_for_function(_SHOWS_RESULTS, arg=count, timeout=RESULT_WAIT_MS)
    hrefs = tab.eval_on_selector_all(
        ".pagefind-ui__result-link", "links => links.map(a => a.getAttribute('href'))"
    )
    assert len(hrefs) == count
    return {urlsplit(h).path for h in hrefs}


# Done when one filter's "value (count)" labels are drawn (after the results)
# and add up to ``total``: every story has exactly one category and one year.
_FILTER_COUNTED = """([name, total]) => {
  const labels = document.querySelectorAll(
    `.pagefind-ui__filter-checkbox[name="${name}"] + label`);
  let sum = 0;
  for (const label of labels) {
    const count = label.textContent.match(/\\((\\d+)\\)\\s*$/);
    if (!count) return false;
    sum += Number(count[1]);
  }
  return labels.length > 0 && sum === total;
}"""


def _filter_counts(tab, name: str, total: int) -> dict[str, int]:
    """The UI's "value (count)" labels of one filter, once they count ``total`` results."""
    tab.wait_for_function(_FILTER_COUNTED, arg=[name, total], timeout=RESULT_WAIT_MS)
    labels = tab.eval_on_selector_all(
        f'.pagefind-ui__filter-checkbox[name="{name}"] + label',
        "ls => ls.map(l => l.textContent)",
    )
    counts = {}
    for label in labels:
        value, count = re.fullmatch(r"(.+) \((\d+)\)", label.strip()).groups()
        if int(count):
            counts[value] = int(count)
    return counts


def _toggle(tab, name: str, value: str) -> None:
    block = tab.locator(".pagefind-ui__filter-block", has=tab.locator(f'input[name="{name}"]'))
    if block.get_attribute("open") is None:
        block.locator("summary").click()  # the values sit in a closed <details>
    block.locator(f'input[name="{name}"][value="{value}"]').click()


def test_category_and_year_filters_narrow_the_results(page, site, sample_output):
    """The filter index (sorted by plugins/search_index after Pagefind wrote it in
    random order) still maps each category and year to its own stories."""
    category = {f["url"]: f["filters"]["Kategori"][0] for f in pagefind_fragments(sample_output)}
    year = {f["url"]: f["filters"]["Tahun"][0] for f in pagefind_fragments(sample_output)}
    # Typed once the UI has loaded every filter chunk, which it starts on the
    # field's focus event (autofocus came before the listener: blur, refocus).
    # With ?q= the first search races that load, and Pagefind UI 1.5.2 then
    # shows the whole site's counts, or only the filters loaded so far
    # (ui.svelte; seen with Pagefind's own unsorted index as well).
    page.goto(f"{site}/cari/")
    field = page.wait_for_selector(".pagefind-ui__search-input", timeout=RESULT_WAIT_MS)
    field.evaluate("input => input.blur()")
    field.focus()
    for name in ("Kategori", "Tahun"):
        page.wait_for_selector(
            f'.pagefind-ui__filter-checkbox[name="{name}"]',
            state="attached",
            timeout=RESULT_WAIT_MS,
        )
    field.fill("kotamobagu")
    page.wait_for_function(_RESULTS_SETTLED, timeout=RESULT_WAIT_MS)
    total = int(re.match(r"Ditemukan (\d+) hasil", page.text_content(".pagefind-ui__message"))[1])
    found = _every_result_path(page, total)
    per_category = Counter(category[path] for path in found)
    assert len(per_category) > 1, "the query must span several categories to filter them"
    assert _filter_counts(page, "Kategori", total) == per_category
    assert _filter_counts(page, "Tahun", total) == Counter(year[path] for path in found)

    # The category with most of the results, but not all of them.
    chosen, expected = per_category.most_common(1)[0]
    _toggle(page, "Kategori", chosen)
    assert _every_result_path(page, expected) == {p for p in found if category[p] == chosen}
    # Year and category together, then the year alone (back to every result).
    chosen_year = year[next(p for p in found if category[p] == chosen)]
    _toggle(page, "Tahun", chosen_year)
    in_both = {p for p in found if category[p] == chosen and year[p] == chosen_year}
    assert _every_result_path(page, len(in_both)) == in_both
    _toggle(page, "Kategori", chosen)
    in_year = {p for p in found if year[p] == chosen_year}
    assert _every_result_path(page, len(in_year)) == in_year
