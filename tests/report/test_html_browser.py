"""The HTML report in a real headless Chromium (Debian's `chromium`, installed by .ci/run): it loads with no
console error and no network request, the anatomy graph renders, a screenshot shows content, and an
accessibility pass (names, contrast, keyboard focus) holds."""

from __future__ import annotations

import base64
import json

import pytest

from tests.conftest import ROOT, run_cli
from tests.report.browser import Browser, BrowserError, Page, chromium_binary, decode_png

NAIVE = ROOT / "examples" / "naive-loop"


@pytest.fixture(scope="module")
def page(tmp_path_factory):
    binary = chromium_binary()
    if binary is None:
        pytest.skip("chromium is not installed (.ci/run installs Debian's chromium with apt when it can)")
    out = tmp_path_factory.mktemp("html") / "report.html"
    result = run_cli("audit", str(NAIVE), "--format", "html", "-o", str(out))
    assert result.exit_code == 1, result.output  # the naive agent has findings at or above high
    try:
        browser = Browser(binary)
    except OSError as error:
        pytest.skip(f"chromium could not start: {error}")
    try:
        yield Page(browser, out)
    except BrowserError as error:
        pytest.skip(f"chromium did not answer over the DevTools pipe: {error}")
    finally:
        browser.close()


@pytest.fixture(scope="module")
def anatomy():
    return json.loads(run_cli("audit", str(NAIVE), "--format", "json").stdout)["anatomy"]


def test_it_loads_with_no_console_error_and_no_network(page):
    assert page.console_errors() == []
    assert page.evaluate("document.readyState") == "complete"
    assert [url for url in page.requested_urls() if not url.startswith("file:")] == []
    assert page.evaluate("document.querySelectorAll('script, link[rel=stylesheet], img[src^=http]').length") == 0


def test_the_verdict_comes_first(page):
    first = page.evaluate("document.querySelector('main h1 + .verdict').textContent")
    assert first == "Verdict: 6 findings at or above high, exit 1"
    assert page.evaluate("document.title").startswith("harness-audit: Verdict:")


def test_the_anatomy_graph_renders_every_node_and_marks_missing_gates(page, anatomy):
    box = page.evaluate("(() => { const r = document.querySelector('svg.anatomy').getBoundingClientRect();"
                        " return [r.width, r.height]; })()")
    assert box[0] > 600 and box[1] > 150
    sinks = {(s["kind"], s["path"], s["line"]) for t in anatomy["tools"] for s in t["sinks"]}
    expected = len(anatomy["entry_points"]) + len(anatomy["loops"]) + len(anatomy["dispatches"]) + len(anatomy["tools"]) + len(sinks)
    assert page.evaluate("document.querySelectorAll('svg.anatomy g.node').length") == expected == 10
    labels = page.evaluate("[...document.querySelectorAll('svg.anatomy text.edge-label')].map(t => t.textContent)")
    assert labels == ["no gate"] * 3  # bash -> shell, write_file and edit_file -> file-write
    # Every node is drawn inside the picture (none off-canvas) and has a size.
    rects = page.evaluate("[...document.querySelectorAll('svg.anatomy g.node rect')].map(r => {"
                          " const b = r.getBBox(); return [b.x, b.y, b.width, b.height]; })")
    view = page.evaluate("document.querySelector('svg.anatomy').viewBox.baseVal.width")
    assert all(w > 0 and h > 0 and 0 <= x and x + w <= view for x, y, w, h in rects)
    # The bash node links to its code excerpt, which exists on the page.
    target = page.evaluate("document.querySelector('svg.anatomy g.node[data-key^=\"tool:bash\"]').parentNode.getAttribute('href')")
    assert target == "#src-agent-py-48" and page.evaluate(f"!!document.getElementById('{target[1:]}')")


def test_a_screenshot_of_the_graph_and_the_verdict_is_not_blank(page):
    for selector in ("svg.anatomy", ".verdict"):
        x, y, width, height = page.evaluate(
            f"(() => {{ const r = document.querySelector('{selector}').getBoundingClientRect();"
            " return [r.x, r.y + window.scrollY, r.width, r.height]; })()")
        shot = page.send("Page.captureScreenshot", {"format": "png", "captureBeyondViewport": True,
                                                    "clip": {"x": x, "y": y, "width": width, "height": height, "scale": 0.5}})
        w, h, rows = decode_png(base64.b64decode(shot["data"]))
        assert w > 50 and h > 10
        channels = len(rows[0]) // w
        pixels = [bytes(row[i:i + 3]) for row in rows for i in range(0, len(row), channels)]
        inked = sum(1 for p in pixels if p != b"\xff\xff\xff")
        assert inked / len(pixels) > 0.02, f"{selector} looks blank"
        assert len(set(pixels)) > 20, f"{selector} has almost no distinct colours"


# Names, contrast (WCAG 2.1 AA: 4.5:1, 3:1 for large text) on every element that shows text.
ACCESSIBILITY = r"""
(() => {
  const problems = [];
  const parse = c => { const m = c.match(/rgba?\(([^)]+)\)/); if (!m) return null;
    const p = m[1].split(/[ ,\/]+/).filter(Boolean).map(Number); return {r: p[0], g: p[1], b: p[2], a: p.length > 3 ? p[3] : 1}; };
  const lum = c => { const f = v => { v /= 255; return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4); };
    return 0.2126 * f(c.r) + 0.7152 * f(c.g) + 0.0722 * f(c.b); };
  const background = el => { for (let e = el; e; e = e.parentElement) {
      if (e instanceof SVGElement && !(e instanceof SVGSVGElement)) continue;
      const c = parse(getComputedStyle(e).backgroundColor); if (c && c.a > 0) return c; }
    return {r: 255, g: 255, b: 255, a: 1}; };
  if (!document.documentElement.lang) problems.push('no lang on <html>');
  if (!document.title) problems.push('no <title>');
  for (const a of document.querySelectorAll('a')) {
    const name = (a.getAttribute('aria-label') || a.textContent || '').trim();
    if (!name) problems.push('link without a name: ' + a.outerHTML.slice(0, 80));
    const href = a.getAttribute('href') || '';
    if (href.startsWith('#') && href.length > 1 && !document.getElementById(href.slice(1))) problems.push('broken link ' + href);
  }
  for (const svg of document.querySelectorAll('svg')) {
    if (svg.getAttribute('role') !== 'img' || !svg.querySelector('title') || !svg.getAttribute('aria-labelledby'))
      problems.push('svg without role=img and a title');
  }
  for (const table of document.querySelectorAll('table')) if (!table.querySelector('th')) problems.push('table without headers');
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  let checked = 0;
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const el = node.parentElement; if (!node.textContent.trim() || !el) continue;
    const style = getComputedStyle(el);
    if (style.visibility === 'hidden' || el.closest('.skip')) continue;
    const svgText = el instanceof SVGElement;
    const fg = parse(svgText ? style.fill : style.color); if (!fg) continue;
    const bg = background(el);
    const [hi, lo] = [lum(fg), lum(bg)].sort((a, b) => b - a);
    const ratio = (hi + 0.05) / (lo + 0.05);
    const size = parseFloat(style.fontSize), bold = parseInt(style.fontWeight) >= 700;
    const needed = (size >= 24 || (bold && size >= 18.66)) ? 3 : 4.5;
    checked++;
    if (ratio < needed) problems.push(`contrast ${ratio.toFixed(2)} < ${needed}: "${node.textContent.trim().slice(0, 40)}"`);
  }
  return {problems, checked};
})()
"""


def test_accessibility_names_and_contrast(page):
    result = page.evaluate(ACCESSIBILITY)
    assert result["checked"] > 200  # the pass looked at the whole page
    assert result["problems"] == []


def test_keyboard_reaches_the_skip_link_first_then_every_link_with_a_visible_focus(page):
    page.evaluate("document.activeElement.blur(); window.scrollTo(0, 0)")
    focusable = page.evaluate("document.querySelectorAll('a[href], summary, pre[tabindex=\"0\"]').length")
    seen, order, outlines = [], [], []
    for _ in range(40):
        page.press_tab()
        seen.append(page.evaluate("document.activeElement.getAttribute('href') || document.activeElement.tagName"))
        order.append(page.evaluate("[...document.querySelectorAll('*')].indexOf(document.activeElement)"))
        outlines.append(page.evaluate(
            "(() => { const e = document.activeElement; if (e instanceof SVGElement) {"
            " const r = e.querySelector('rect'); return getComputedStyle(r).strokeWidth; }"
            " const s = getComputedStyle(e); return s.outlineStyle + ' ' + s.outlineWidth; })()"))
    assert focusable > 40
    assert seen[0] == "#fix-first"  # the skip link
    assert "#src-agent-py-74" in seen  # the first step's code place
    assert order == sorted(set(order))  # focus moves forward in reading order, never stuck
    assert all(o not in ("none 0px", "") and not o.startswith("none") for o in outlines), outlines
