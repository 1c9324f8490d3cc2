#!/usr/bin/env python3
"""Opens every page of a run's site/ in headless Chromium (DevTools protocol,
Debian's chromium and python3-websocket) and checks what a reader gets:

* the page loads with no console error, no uncaught exception and no failed
  request, and requests nothing outside the run folder (no network at all);
* every link resolves: a file inside the run folder that exists, and its
  #fragment, if any, names an element of the page;
* axe-core (vendored in tests/vendor/axe-core, MPL-2.0) finds no serious or
  critical WCAG 2.1 A/AA violation;
* the page does not scroll sideways at 1280 and at 390 pixels wide (a
  phone), with every chart's data table open: a table wider than the page
  scrolls in its own container, a focusable region named by the caption;
* on the home page the table sort, the filter box and the palette switch work
  from the keyboard's point of view (buttons, an input, aria attributes).

usage: site_check.py CHROMIUM RUN_DIR AXE_JS [SCREENSHOT_DIR]
Prints one line per page and 'N passed, N failed'; exit 1 on any failure.
"""
import base64
import json
import os
import re
import subprocess
import sys
import tempfile
import time
import urllib.parse

import websocket  # python3-websocket (Debian)


class Browser:
    def __init__(self, chromium, profile):
        self.proc = subprocess.Popen(
            [chromium, "--headless=new", "--no-sandbox", "--disable-gpu",
             "--no-first-run", "--no-default-browser-check", "--disable-extensions",
             "--disable-background-networking", "--disable-component-update",
             "--disable-sync", "--metrics-recording-only", "--mute-audio",
             "--allow-file-access-from-files", "--remote-debugging-port=0",
             "--user-data-dir=" + profile, "--window-size=1280,900", "about:blank"],
            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
        url = None
        deadline = time.time() + 60
        while time.time() < deadline:
            line = self.proc.stderr.readline()
            if not line:
                break
            m = re.search(r"DevTools listening on (ws://\S+)", line)
            if m:
                url = m.group(1)
                break
        if not url:
            self.proc.kill()
            raise RuntimeError("chromium did not start its DevTools endpoint")
        self.ws = websocket.create_connection(url, timeout=120)
        self.next_id = 0
        self.events = []
        target = self.call("Target.createTarget", {"url": "about:blank"})["targetId"]
        self.session = self.call("Target.attachToTarget",
                                 {"targetId": target, "flatten": True})["sessionId"]

    def call(self, method, params=None, session=None):
        self.next_id += 1
        msg = {"id": self.next_id, "method": method, "params": params or {}}
        if session:
            msg["sessionId"] = session
        self.ws.send(json.dumps(msg))
        while True:
            r = json.loads(self.ws.recv())
            if r.get("id") == self.next_id:
                if "error" in r:
                    raise RuntimeError("%s: %s" % (method, r["error"]))
                return r.get("result", {})
            if "method" in r:
                self.events.append(r)

    def page(self, method, params=None):
        return self.call(method, params, self.session)

    def wait_event(self, name, timeout=60):
        deadline = time.time() + timeout
        while time.time() < deadline:
            for i, e in enumerate(self.events):
                if e["method"] == name:
                    del self.events[i]
                    return e
            self.events.append(json.loads(self.ws.recv()))
        raise RuntimeError("timeout waiting for " + name)

    def eval(self, expr, awaiting=False):
        r = self.page("Runtime.evaluate", {"expression": expr, "returnByValue": True,
                                           "awaitPromise": awaiting})
        if "exceptionDetails" in r:
            raise RuntimeError("script error: %s" % r["exceptionDetails"].get("text"))
        return r["result"].get("value")

    def close(self):
        try:
            self.ws.close()
        finally:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()


def file_of(url):
    u = urllib.parse.urlparse(url)
    return urllib.parse.unquote(u.path), u.fragment


def load(b, path):
    b.events = []
    b.page("Page.navigate", {"url": "file://" + path})
    b.wait_event("Page.loadEventFired")
    b.eval("new Promise(r => setTimeout(r, 100))", awaiting=True)  # deferred script ran


def problems_of_load(b, run_dir):
    out = []
    for e in b.events:
        m, p = e["method"], e.get("params", {})
        if m == "Runtime.consoleAPICalled" and p.get("type") in ("error", "assert"):
            out.append("console error: %s" % [a.get("value") for a in p.get("args", [])])
        elif m == "Runtime.exceptionThrown":
            out.append("exception: %s" % p["exceptionDetails"].get("text"))
        elif m == "Log.entryAdded" and p["entry"].get("level") == "error":
            out.append("log error: %s" % p["entry"].get("text"))
        elif m == "Network.requestWillBeSent":
            url = p["request"]["url"]
            if url.startswith("data:"):
                continue
            f, _ = file_of(url)
            if not url.startswith("file://") or not f.startswith(run_dir + "/"):
                out.append("request outside the run folder: %s" % url)
        elif m == "Network.loadingFailed":
            out.append("request failed: %s" % p.get("errorText"))
    return out


def broken_links(b, run_dir, path):
    bad = []
    links = b.eval("Array.from(document.querySelectorAll('a[href]'), a => a.href)")
    ids = {}
    for url in sorted(set(links)):
        if not url.startswith("file://"):
            bad.append("link outside the run folder: %s" % url)
            continue
        f, frag = file_of(url)
        if not f.startswith(run_dir + "/") or not os.path.isfile(f):
            bad.append("broken link: %s" % url)
            continue
        if frag and f == path:
            if frag not in ids:
                ids[frag] = b.eval("!!document.getElementById(%s)" % json.dumps(frag))
            if not ids[frag]:
                bad.append("link to a missing #%s" % frag)
    return bad, len(links)


AXE_RUN = """axe.run(document, {runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a',
  'wcag21aa']}, resultTypes: ['violations']}).then(r => r.violations.map(v => ({id: v.id,
  impact: v.impact, n: v.nodes.length, help: v.help,
  target: v.nodes.slice(0, 2).map(x => x.target.join(' '))})))"""


CHART_CHECKS = r"""Array.from(document.querySelectorAll('figure.chart')).flatMap((f, i) => {
  const out = [], svg = f.querySelector('svg.chart');
  const name = 'chart ' + (i + 1);
  if (!svg) return [name + ': no inline SVG'];
  if (svg.getAttribute('role') !== 'img' || !svg.getAttribute('aria-label'))
    out.push(name + ': SVG without role img and a name');
  if (!f.querySelector('details table th[scope=col]'))
    out.push(name + ': no data table (text alternative)');
  if (!svg.querySelector('g.hits title'))
    out.push(name + ': no tooltip');
  if (!f.querySelector('figcaption')) out.push(name + ': no caption');
  return out;
})"""


WIDTH_CHECK = r"""(() => {
  const out = [], shut = [];
  document.querySelectorAll('details:not([open])').forEach(d => { d.open = true; shut.push(d); });
  const W = document.documentElement.clientWidth, sw = document.documentElement.scrollWidth;
  if (sw > W) out.push('the page scrolls sideways: ' + sw + ' px of content in ' + W + ' px');
  document.querySelectorAll('table').forEach((t, i) => {
    const w = t.closest('.table-wrap');
    if (!w) { out.push('table ' + (i + 1) + ' has no scroll container'); return; }
    if (w.scrollWidth > w.clientWidth && !(w.tabIndex === 0 && w.getAttribute('role') === 'region'
        && (w.getAttribute('aria-label') || w.getAttribute('aria-labelledby'))))
      out.push('table ' + (i + 1) + ' scrolls in a container that is not a named, focusable region');
  });
  shut.forEach(d => { d.open = false; });
  return out;
})()"""


def width_problems(b):
    """Sideways scrolling at a desktop's and at a phone's width."""
    out = b.eval(WIDTH_CHECK)
    b.page("Emulation.setDeviceMetricsOverride",
           {"width": 390, "height": 844, "deviceScaleFactor": 1, "mobile": True})
    try:
        out += b.eval(WIDTH_CHECK)
    finally:
        b.page("Emulation.clearDeviceMetricsOverride")
    return out


def chart_problems(b):
    probs = b.eval(CHART_CHECKS)
    # The charts' own elements are presentational (role="img", named, with
    # the data as a table): axe need not walk their thousands of glyphs,
    # which would take it a minute a page.
    b.eval("document.querySelectorAll('svg.chart').forEach(s => s.replaceChildren())")
    return probs


def axe_violations(b, axe_src):
    b.eval(axe_src)
    vs = b.eval(AXE_RUN, awaiting=True)
    return ["axe %s (%s, %d node(s)): %s e.g. %s" % (v["id"], v["impact"], v["n"], v["help"],
                                                     v["target"])
            for v in vs if v["impact"] in ("serious", "critical")]


HOME_CHECKS = r"""(() => {
  const out = [];
  const t = document.querySelector('table.sortable');
  const th = t.tHead.rows[0].cells[2], btn = th.querySelector('button');
  if (!btn) out.push('no sort button');
  btn.click();
  if (th.getAttribute('aria-sort') !== 'ascending') out.push('aria-sort not ascending');
  const vals = Array.from(t.tBodies[0].rows, r => r.cells[2].getAttribute('data-v'))
    .filter(v => v !== null).map(parseFloat);
  for (let i = 1; i < vals.length; i++) if (vals[i] < vals[i-1]) { out.push('not sorted'); break; }
  btn.click();
  if (th.getAttribute('aria-sort') !== 'descending') out.push('aria-sort not descending');
  const f = document.getElementById('filter');
  f.value = 'smoking'; f.dispatchEvent(new Event('input'));
  const shown = Array.from(document.querySelectorAll('.findable li')).filter(li => !li.hidden);
  if (!shown.length || shown.some(li => !/smoking/i.test(li.textContent)))
    out.push('filter "smoking" shows ' + shown.length + ' item(s), not all about smoking');
  if (!/match/.test(document.getElementById('filter-status').textContent))
    out.push('filter status not announced');
  const p = document.getElementById('palette');
  p.click();
  if (!document.body.classList.contains('cvd') || p.getAttribute('aria-pressed') !== 'true')
    out.push('palette switch did not switch');
  p.click();
  return out;
})()"""


def main():
    chromium, run_dir, axe_path = sys.argv[1:4]
    shots = sys.argv[4] if len(sys.argv) > 4 else None
    run_dir = os.path.realpath(run_dir)
    site = os.path.join(run_dir, "site")
    pages = sorted(f for f in os.listdir(site) if f.endswith(".html"))
    with open(axe_path, encoding="utf-8") as fh:
        axe_src = fh.read()
    passed = failed = 0
    with tempfile.TemporaryDirectory(ignore_cleanup_errors=True) as profile:
        b = Browser(chromium, profile)
        try:
            for dom in ("Page", "Runtime", "Log", "Network"):
                b.page(dom + ".enable")
            for name in pages:
                path = os.path.join(site, name)
                load(b, path)
                probs = problems_of_load(b, run_dir)
                bad, nlinks = broken_links(b, run_dir, path)
                probs += bad
                if name == "index.html":
                    probs += b.eval(HOME_CHECKS)
                    load(b, path)
                if shots:
                    png = b.page("Page.captureScreenshot", {"format": "png"})["data"]
                    with open(os.path.join(shots, name + ".png"), "wb") as fh:
                        fh.write(base64.b64decode(png))
                probs += width_problems(b)
                probs += chart_problems(b)
                probs += axe_violations(b, axe_src)
                if probs:
                    failed += 1
                    print("FAIL  site/%s" % name)
                    for p in probs:
                        print("      " + p)
                else:
                    passed += 1
                    print("PASS  site/%s (%d links)" % (name, nlinks))
        finally:
            b.close()
    print("%d passed, %d failed" % (passed, failed))
    return 1 if failed or not passed else 0


if __name__ == "__main__":
    sys.exit(main())
