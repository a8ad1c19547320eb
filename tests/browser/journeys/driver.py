"""One way to write a journey, three ways to run it.

A journey is written once against a ``Driver``; the ``driver`` fixture runs it

- ``mouse``: Playwright clicks, fills and picks options, as a sighted mouse user would;
- ``keyboard``: no ``click()`` at all. The driver moves focus with Tab and Shift+Tab to the
  element with the accessible name asked for (at most ``MAX_TABS`` presses, and it fails if focus
  never gets there), activates links and buttons with Enter, ticks with Space, moves through
  radios and select options with the arrow keys and types text. At every stop on the way it
  checks that focus is visible: the element's outline, box-shadow or background (or, for GOV.UK
  radios and checkboxes, the ring drawn on the label) differs from how it looks unfocused;
- ``no_js``: mouse actions in a browser context with JavaScript turned off.

After every navigation the driver checks the page it arrives on (``Driver.arrived``): no
server error, no axe-core WCAG 2.0/2.1/2.2 A/AA violation, reflow at 320 CSS pixels and at 400%
zoom (1280 by 1024 pixels at 400% is 320 by 256 CSS pixels: no sideways page scrolling, nothing
clipped, wide tables scroll inside a focusable, labelled region), and, when the page shows an
error summary, that each of its links moves focus to its field and that each of those fields is
described (aria-describedby) by its error message. axe and reflow run once per page
state: a state is the view plus the shape of its HTML (text left out, repeated rows counted
once) with or without JavaScript, so the keyboard run does not repeat what the mouse run checked.
"""

import datetime
import hashlib
import os
from collections import defaultdict
from urllib.parse import urlsplit

from django.urls import Resolver404, resolve

from ..axe import assert_no_axe_violations

MAX_TABS = 150
DESKTOP = {"width": 1280, "height": 720}
# 320 CSS pixels wide, and 400% zoom: a 1280x1024 screen at 400% shows 320x256 CSS pixels. One
# viewport checks both; being short, it also makes nearly every page scroll down, so that a
# vertical scrollbar, where the browser shows one, takes its share of the width.
NARROW = [{"width": 320, "height": 256}]

# JOURNEYS_SOFT=1: the checks on arrival collect what they find (shown at the end of the run)
# instead of failing at the first problem: for fixing many pages in one go.
SOFT = os.environ.get("JOURNEYS_SOFT") == "1"
PROBLEMS: list[str] = []

# Page states already checked with axe and for reflow in this test run, and every view the
# journeys reached (view name -> modes), for the summary at the end of the run.
CHECKED: set[tuple] = set()
VISITED: dict[str, set[str]] = defaultdict(set)

# The shape of the page: tags, classes, attribute names and the values that matter to
# assistive technology, children with runs of identical siblings (table rows, list items)
# counted once. Two pages with the same shape differ only in their text and data.
SHAPE_JS = """() => {
  const KEEP = new Set(["role", "type", "scope", "tabindex", "hidden", "lang", "dir"]);
  function shape(el) {
    let s = el.tagName;
    for (const a of [...el.attributes].map(a => a.name).sort()) {
      if (a === "class") s += "." + [...el.classList].sort().join(".");
      else s += "[" + a + (KEEP.has(a) || a.startsWith("aria-") && !a.endsWith("by")
        ? "=" + el.getAttribute(a) : "") + "]";
    }
    if ([...el.childNodes].some(n => n.nodeType === 3 && n.textContent.trim())) s += "#";
    let previous = null, inner = "";
    for (const child of el.children) {
      const c = shape(child);
      if (c !== previous) inner += c;
      previous = c;
    }
    return s + "(" + inner + ")";
  }
  return shape(document.body);
}"""

DESCRIBE_JS = """function describe(e) {
  if (!e) return "nothing";
  let s = e.tagName.toLowerCase();
  if (e.id) s += "#" + e.id;
  if (e.classList.length) s += "." + [...e.classList].join(".");
  const text = (e.innerText || e.value || e.getAttribute("aria-label") || "").trim();
  return s + (text ? ' "' + text.slice(0, 40).replace(/\\s+/g, " ") + '"' : "");
}"""

# How an element looks, in the properties a focus indicator changes. GOV.UK radios and
# checkboxes hide the input and draw the focus ring on the label's ::before.
STYLE_JS = """function look(e) {
  const props = ["outline-style", "outline-width", "outline-color", "box-shadow",
                 "background-color"];
  const read = (node, pseudo) => {
    const cs = getComputedStyle(node, pseudo);
    return props.map(p => cs.getPropertyValue(p)).join("|");
  };
  let s = read(e, null);
  if ((e.type === "radio" || e.type === "checkbox") && e.labels) {
    for (const label of e.labels) s += "#" + read(label, "::before");
  }
  return s;
}
function indicated(e) {
  const cs = getComputedStyle(e);
  const ring = (node, pseudo) => getComputedStyle(node, pseudo).boxShadow !== "none";
  return (cs.outlineStyle !== "none" && parseFloat(cs.outlineWidth) > 0) || cs.boxShadow !== "none"
    || ((e.type === "radio" || e.type === "checkbox") && [...(e.labels || [])].some(
      l => ring(l, "::before")));
}"""

# Remember how every focusable element looks unfocused, once per document.
SNAPSHOT_JS = (
    "() => {"
    + STYLE_JS
    + """
  if (window.__unfocused) return;
  window.__unfocused = new WeakMap();
  const focusable = "a[href], button, input:not([type=hidden]), select, textarea, summary, "
    + "[tabindex]:not([tabindex='-1'])";
  for (const e of document.querySelectorAll(focusable)) {
    if (e !== document.activeElement) window.__unfocused.set(e, look(e));
  }
}"""
)

# Where focus is now, whether it is on the target (or, for a radio group, on one of its
# radios), and whether it can be seen.
STEP_JS = (
    "([target, group]) => {"
    + STYLE_JS
    + DESCRIBE_JS
    + """
  const e = document.activeElement;
  if (!e || e === document.body) return {found: false, at: "body", visible: true};
  const found = e === target || (group && e.type === "radio" && e.name === target.name
                                 && e.form === target.form);
  if (e.type === "date" && !e.matches(":focus")) {
    // Focus is on the date field's own calendar button, inside the browser's shadow DOM, out
    // of the page's reach: Chromium draws its own focus ring around it.
    return {found: false, at: describe(e) + " (its calendar button)", visible: true};
  }
  const before = window.__unfocused && window.__unfocused.get(e);
  const visible = before === undefined ? indicated(e) : before !== look(e);
  // Back at an element seen before (not the next segment of the same date field): a full turn.
  window.__stops = window.__stops || new Set();
  const again = window.__stops.has(e) && window.__lastStop !== e;
  window.__stops.add(e);
  window.__lastStop = e;
  return {found, at: describe(e), visible, again};
}"""
)

DIRECTION_JS = """(target) => {
  const a = document.activeElement;
  if (a === target) return "here";
  if (!a || a === document.body) return "Tab";
  return a.compareDocumentPosition(target) & Node.DOCUMENT_POSITION_FOLLOWING ? "Tab" : "Shift+Tab";
}"""

REFLOW_JS = (
    "() => {"
    + DESCRIBE_JS
    + """
  const root = document.documentElement;
  const width = root.clientWidth;
  const problems = [];
  const scroller = e => e.closest(".portal-table-container");
  const all = [...document.body.querySelectorAll("*")];
  const overflow = root.scrollWidth - width;
  if (overflow > 0) {
    const wide = all.filter(e => {
      const r = e.getBoundingClientRect();
      const escapes = ["absolute", "fixed"].includes(getComputedStyle(e).position);
      return r.right > width + 1 && (escapes || !scroller(e.parentElement || e));
    });
    const outermost = wide.filter(e => !wide.includes(e.parentElement));
    problems.push(`the page scrolls sideways by ${overflow}px; too wide: `
                  + outermost.slice(0, 4).map(describe).join(", "));
  }
  for (const e of all) {
    if (e.clientWidth <= 1 || e.matches("input, textarea, select")) continue;
    if (e.scrollWidth <= e.clientWidth + 1) continue;
    const cs = getComputedStyle(e);
    if (cs.overflowX === "hidden" || cs.overflowX === "clip") {
      problems.push("cut off: " + describe(e));
    } else if (cs.overflowX === "auto" || cs.overflowX === "scroll") {
      const region = e.matches(".portal-table-container[role=region][tabindex='0'][aria-label]");
      if (!region) problems.push("scrolls but is not a focusable, labelled region: " + describe(e));
    }
  }
  return problems;
}"""
)

ERROR_LINKS_JS = """() => [...document.querySelectorAll(".govuk-error-summary__list a")]
  .map(a => ({text: a.innerText.trim(), target: decodeURIComponent(a.hash.slice(1))}))"""


# The fields an error summary links to, and whether each (or its fieldset) is described by its
# error message, so that a screen reader reads the message with the field.
DESCRIBED_JS = """(ids) => ids.map(id => {
  const field = document.getElementById(id);
  if (!field) return {id, described: false};
  const owners = [field, field.closest("fieldset")].filter(Boolean);
  const described = owners.some(owner => (owner.getAttribute("aria-describedby") || "")
    .split(/\\s+/).some(ref => {
      const message = ref && document.getElementById(ref);
      return message && message.classList.contains("govuk-error-message");
    }));
  return {id, described};
})"""


def assert_errors_described(page, field_ids) -> None:
    """Each field an error summary links to exists and is described by its error message."""
    missing = [x["id"] for x in page.evaluate(DESCRIBED_JS, field_ids) if not x["described"]]
    assert not missing, f"fields in error without their message as a description: {missing}"


def view_name(url: str) -> str:
    try:
        return resolve(urlsplit(url).path).view_name
    except Resolver404:
        return urlsplit(url).path


def assert_reflows(page) -> None:
    """At 320 CSS pixels wide and at 400% zoom: no sideways page scrolling, nothing clipped, and
    anything that scrolls inside the page is a focusable, labelled table region."""
    restore = page.viewport_size or DESKTOP
    try:
        for size in NARROW:
            page.set_viewport_size(size)
            problems = page.evaluate(REFLOW_JS)
            assert not problems, (
                f"{page.url} does not reflow at {size['width']}x{size['height']}:\n- "
                + "\n- ".join(problems)
            )
    finally:
        page.set_viewport_size(restore)


class Driver:
    """Acts on a Playwright page as a mouse user, a keyboard user or a browser without
    JavaScript; every method finds its element by role and accessible name (or label)."""

    def __init__(self, page, mode: str):
        self.page = page
        self.mode = mode
        self.keyboard = mode == "keyboard"
        self.javascript = mode != "no_js"
        self.focus_stops = 0  # Tab stops checked for a visible focus indicator

    def __repr__(self):
        return f"<Driver {self.mode} at {self.page.url}>"

    # --- Finding things ------------------------------------------------------------------

    def _scope(self, within):
        if within is not None and not isinstance(within, str):
            return within  # a locator already
        return self.page.locator(within) if within else self.page

    def link(self, name, *, exact=True, within=None):
        """A link, or a link that looks like a button (GOV.UK's role="button" links)."""
        scope = self._scope(within)
        return scope.get_by_role("link", name=name, exact=exact).or_(
            scope.locator("a[role=button]").filter(has_text=name)
        )

    def button(self, name, *, exact=True, within=None):
        return self._scope(within).get_by_role("button", name=name, exact=exact)

    def field(self, label, *, exact=True, within=None):
        """A form field by its label, with or without the "(optional)" of optional fields."""
        scope = self._scope(within)
        return scope.get_by_label(label, exact=exact).or_(
            scope.get_by_label(f"{label} (optional)", exact=True)
        )

    def heading(self) -> str:
        return self.page.locator("h1").inner_text().strip()

    def main_text(self) -> str:
        return self.page.locator("main").inner_text()

    # --- Navigation ----------------------------------------------------------------------

    def goto(self, url: str, *, status: int | None = None):
        """Open an address (typed in, bookmarked, or a link in an email); ``status`` for a page
        expected to answer with an error (404)."""
        response = self.page.goto(url)
        self.arrived(response, status=status)
        return self

    def follow(self, name, *, exact=True, within=None):
        """Follow the link with this accessible name to another page."""
        self._navigate(self.link(name, exact=exact, within=within))
        return self

    def menu(self, name):
        """Follow an item of the menu (the service navigation)."""
        return self.follow(name, within=".govuk-service-navigation")

    def submit(self, name, *, exact=True, within=None):
        """Press the button with this accessible name, which submits its form."""
        self._navigate(self.button(name, exact=exact, within=within))
        return self

    def download(self, name, *, exact=True, within=None) -> tuple[str, bytes]:
        """Follow a download link; return the file's name and content."""
        locator = self.link(name, exact=exact, within=within)
        with self.page.expect_download() as info:
            self._activate(locator)
        download = info.value
        with open(download.path(), "rb") as file:
            return download.suggested_filename, file.read()

    def _navigate(self, locator):
        with self.page.expect_navigation() as navigation:
            self._activate(locator)
        self.arrived(navigation.value)

    def _activate(self, locator):
        if self.keyboard:
            self.tab_to(locator)
            self.page.keyboard.press("Enter")
        else:
            locator.click()

    def sign_in(self, email: str, password: str):
        """From the home page, through the menu, with the log-in form."""
        self.goto("/")
        self.menu("Sign in")
        self.fill("Email address", email)
        self.fill("Password", password)
        return self.submit("Sign in")

    # --- Forms ---------------------------------------------------------------------------

    def fill(self, label, text: str, *, exact=True, within=None):
        locator = self.field(label, exact=exact, within=within)
        if not self.keyboard:
            locator.fill(text)
            return self
        self.tab_to(locator)
        self.page.keyboard.press("ControlOrMeta+A")
        self.page.keyboard.press("Delete")
        self.page.keyboard.type(text)
        held = locator.input_value()
        assert held == text, f"typed {text!r}, the field holds {held!r}"
        return self

    def fill_date(self, legend, iso: str):
        """GOV.UK's date input: the Day, Month and Year boxes of the group named ``legend``."""
        group = self.page.get_by_role("group", name=legend)
        date = datetime.date.fromisoformat(iso)
        for label, value in (("Day", date.day), ("Month", date.month), ("Year", date.year)):
            self.fill(label, str(value), within=group)
        return self

    def choose(self, label, *, exact=True, within=None):
        """Choose a radio."""
        locator = self.field(label, exact=exact, within=within)
        if not self.keyboard:
            locator.check()
            return self
        # Tab stops once in a radio group; the arrow keys move through it, checking as they go.
        self.tab_to(locator, radio_group=True)
        total = self.page.locator(f"input[type=radio][name='{locator.get_attribute('name')}']")
        for _ in range(total.count()):
            if locator.evaluate("e => e === document.activeElement"):
                break
            self.page.keyboard.press("ArrowDown")
        focused = locator.evaluate("e => e === document.activeElement")
        assert focused, f"the arrow keys never reached {label!r}"
        if not locator.is_checked():
            self.page.keyboard.press("Space")
        assert locator.is_checked()
        return self

    def tick(self, label, checked=True, *, exact=True, within=None):
        """Tick (or untick) a checkbox."""
        locator = self.field(label, exact=exact, within=within)
        if not self.keyboard:
            locator.set_checked(checked)
            return self
        self.tab_to(locator)
        if locator.is_checked() != checked:
            self.page.keyboard.press("Space")
        assert locator.is_checked() == checked
        return self

    def select(self, label, option: str, *, exact=True, within=None):
        """Pick the option with this text in a select."""
        locator = self.field(label, exact=exact, within=within)
        if not self.keyboard:
            locator.select_option(label=option)
            return self
        self.tab_to(locator)
        index = locator.evaluate(
            "(s, text) => [...s.options].findIndex(o => o.text.trim() === text)", option
        )
        assert index >= 0, f"no option {option!r} in {label!r}"
        current = locator.evaluate("s => s.selectedIndex")
        key = "ArrowDown" if index > current else "ArrowUp"
        for _ in range(abs(index - current)):
            self.page.keyboard.press(key)
        chosen = locator.evaluate("s => s.options[s.selectedIndex].text.trim()")
        assert chosen == option, f"the arrow keys chose {chosen!r} in {label!r}, not {option!r}"
        return self

    # --- The keyboard --------------------------------------------------------------------

    def tab_to(self, locator, *, radio_group=False, limit=MAX_TABS):
        """Move focus to ``locator``'s element with Tab (or Shift+Tab when it lies before the
        focused element), checking at each stop that focus is visible; fail after ``limit``
        presses or if focus never arrives."""
        target = locator.element_handle()
        self.page.evaluate(SNAPSHOT_JS)
        key = self.page.evaluate(DIRECTION_JS, target)
        if key == "here":
            return
        stops = []
        for _ in range(limit):
            self.page.keyboard.press(key)
            step = self.page.evaluate(STEP_JS, [target, radio_group])
            stops.append(step["at"])
            assert step["visible"], f"no visible focus indicator on {step['at']} at {self.page.url}"
            self.focus_stops += 1
            if step["found"]:
                return
        raise AssertionError(
            f"{limit} presses of {key} never reached {locator} on {self.page.url}; "
            f"focus went to: {', '.join(stops[:12])} ... {', '.join(stops[-5:])}"
        )

    def walk_tab_order(self, limit=MAX_TABS * 3) -> int:
        """Tab through the whole page from the top until focus leaves it or comes round again,
        checking that focus is visible at every stop; return the number of stops."""
        self.page.evaluate(SNAPSHOT_JS)
        self.page.evaluate("() => { window.__stops = new Set(); window.__lastStop = null; }")
        for stops in range(limit):
            self.page.keyboard.press("Tab")
            step = self.page.evaluate(STEP_JS, [None, False])
            if step["at"] == "body" or step.get("again"):
                return stops
            assert step["visible"], f"no visible focus indicator on {step['at']} at {self.page.url}"
            self.focus_stops += 1
        raise AssertionError(f"{limit} presses of Tab never left {self.page.url}")

    def focus_follows_links(self, names, expected_ids):
        """Activate each same-page link and check that focus lands on the element it names."""
        links = self.page.locator(".govuk-error-summary__list a")
        for n, (name, target) in enumerate(zip(names, expected_ids, strict=True)):
            self._activate(links.nth(n))
            focused = self.page.evaluate("document.activeElement && document.activeElement.id")
            assert focused == target, (
                f"the error summary link {name!r} on {self.page.url} moved focus to "
                f"{focused!r}, not to the field #{target}"
            )

    # --- Checks on arrival ---------------------------------------------------------------

    def arrived(self, response=None, *, status: int | None = None):
        """Check the page just reached (see the module docstring)."""
        page = self.page
        answered = response.status if response else 200
        if status is None:
            assert answered < 400, f"{page.url} answered {answered}"
        else:
            assert answered == status, f"{page.url} answered {answered}, not {status}"
        name = view_name(page.url)
        VISITED[name].add(self.mode)
        shape = hashlib.sha256(page.evaluate(SHAPE_JS).encode()).hexdigest()
        state = (name, self.javascript, shape)
        if state not in CHECKED:
            CHECKED.add(state)
            self._check(assert_no_axe_violations, page)
            self._check(assert_reflows, page)
        links = page.evaluate(ERROR_LINKS_JS)
        if links:
            texts, targets = [x["text"] for x in links], [x["target"] for x in links]
            self._check(assert_errors_described, page, targets)
            self._check(self.focus_follows_links, texts, targets)
        return self

    def _check(self, check, *args):
        try:
            check(*args)
        except AssertionError as problem:
            if not SOFT:
                raise
            PROBLEMS.append(f"[{self.mode}] {problem}")
