#!/usr/bin/env python3
"""The HTML report in a real browser: headless Chromium driven over the DevTools protocol (a pipe).

For the report of a bundled argument and of tests/data/valid/injection.yaml it asserts that the diagram's
SVG is present with a non-zero rendered size, that the claim texts that look like markup show as text
and no element or script from them exists, that no dialog opened, and that the console logged no error
(a Content-Security-Policy violation, i.e. an attempted fetch or script, counts as one). A control page
with a real injection checks that the harness does see elements, dialogs and console errors.

Usage: report_browser_test.py ARGRAPH_BINARY   (CTest passes it; run from the source root)
Screenshots go to $ARGRAPH_SCREENSHOT_DIR when set (to look at them), else to a temporary folder.
"""
import base64
import json
import os
import select
import shutil
import subprocess
import sys
import tempfile
import time

CHROMIUM_FLAGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
    "--disable-default-apps", "--disable-extensions", "--mute-audio", "--hide-scrollbars",
]
INJECTED_TEXTS = ["<script>alert(1)</script>", "\"><img src=x onerror=alert(1)>"]


class Browser:
    """Chromium with --remote-debugging-pipe: commands go to its fd 3, answers come from its fd 4."""

    def __init__(self, executable, profile):
        to_child_r, self.to_child_w = os.pipe()
        self.from_child_r, from_child_w = os.pipe()

        def wire():  # in the child: the pipe ends become fds 3 and 4, inheritable
            r, w = os.dup(to_child_r), os.dup(from_child_w)
            while r < 5 or w < 5:
                r, w = os.dup(r), os.dup(w)
            os.dup2(r, 3)
            os.dup2(w, 4)

        self.process = subprocess.Popen(
            [executable, *CHROMIUM_FLAGS, "--user-data-dir=" + profile, "--remote-debugging-pipe",
             "--window-size=1366,900", "about:blank"],
            close_fds=False, preexec_fn=wire, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        os.close(to_child_r)
        os.close(from_child_w)
        self.buffer = b""
        self.last_id = 0
        self.events = []
        self.dialogs = {}  # session -> messages of the dialogs it opened (each accepted at once)

    def send(self, method, params=None, session=None):
        self.last_id += 1
        message = {"id": self.last_id, "method": method, "params": params or {}}
        if session:
            message["sessionId"] = session
        os.write(self.to_child_w, json.dumps(message).encode() + b"\0")
        while True:
            answer = self.read()
            if answer.get("id") == self.last_id:
                if "error" in answer:
                    raise RuntimeError(f"{method}: {answer['error']}")
                return answer["result"]
            self.events.append(answer)

    def read(self, timeout=60.0):
        while b"\0" not in self.buffer:
            ready, _, _ = select.select([self.from_child_r], [], [], max(0.0, timeout))
            if not ready:
                raise TimeoutError("Chromium did not answer")
            chunk = os.read(self.from_child_r, 1 << 20)
            if not chunk:
                raise RuntimeError("Chromium closed the DevTools pipe")
            self.buffer += chunk
        raw, self.buffer = self.buffer.split(b"\0", 1)
        return json.loads(raw)

    def receive(self, timeout):
        """Reads one event; a dialog is recorded and accepted at once (it would block the page)."""
        event = self.read(timeout)
        if event.get("method") == "Page.javascriptDialogOpening":
            session = event.get("sessionId")
            self.dialogs.setdefault(session, []).append(event["params"].get("message", ""))
            self.send("Page.handleJavaScriptDialog", {"accept": True}, session=session)
        else:
            self.events.append(event)

    def wait_for(self, method, session, timeout=60.0):
        end = time.time() + timeout
        while True:
            for event in self.events:
                if event.get("method") == method and event.get("sessionId") == session:
                    self.events.remove(event)
                    return event
            self.receive(end - time.time())

    def drain(self, seconds):
        end = time.time() + seconds
        while time.time() < end:
            try:
                self.receive(end - time.time())
            except TimeoutError:
                return

    def close(self):
        try:
            self.send("Browser.close")
            self.process.wait(timeout=20)
        except Exception:
            self.process.kill()
            self.process.wait()


# Evaluated in the page (DevTools evaluation is not subject to the page's CSP).
PROBE = """JSON.stringify((() => {
  const svg = document.querySelector('#diagram svg');
  const box = svg ? svg.getBoundingClientRect() : null;
  const text = document.body.innerText;
  return {
    diagram: box ? {width: box.width, height: box.height} : null,
    diagram_nodes: svg ? svg.querySelectorAll('g.node').length : 0,
    charts: document.querySelectorAll('svg.chart').length,
    scripts: document.querySelectorAll('script').length,
    images: document.querySelectorAll('img').length,
    iframes: document.querySelectorAll('iframe').length,
    event_handlers: [...document.querySelectorAll('*')].filter(
        e => [...e.attributes].some(a => a.name.startsWith('on'))).length,
    texts: %s.map(t => text.includes(t) || [...document.querySelectorAll('title')].some(x => x.textContent.includes(t))),
    title: document.title,
  };
})())""" % json.dumps(INJECTED_TEXTS)


def inspect(browser, url, screenshot):
    """Loads `url` in a fresh tab; returns (probe results, console errors, dialogs)."""
    target = browser.send("Target.createTarget", {"url": "about:blank"})["targetId"]
    session = browser.send("Target.attachToTarget", {"targetId": target, "flatten": True})["sessionId"]
    for domain in ("Page.enable", "Runtime.enable", "Log.enable"):
        browser.send(domain, session=session)
    browser.send("Emulation.setDeviceMetricsOverride",
                 {"width": 1366, "height": 900, "deviceScaleFactor": 1, "mobile": False}, session=session)
    browser.send("Page.navigate", {"url": url}, session=session)
    browser.wait_for("Page.loadEventFired", session)
    browser.drain(0.5)
    probe = json.loads(browser.send("Runtime.evaluate", {"expression": PROBE, "returnByValue": True},
                                    session=session)["result"]["value"])
    shot = browser.send("Page.captureScreenshot", {"format": "png", "captureBeyondViewport": True},
                        session=session)
    with open(screenshot, "wb") as out:
        out.write(base64.b64decode(shot["data"]))
    browser.drain(0.2)
    errors, dialogs = [], browser.dialogs.pop(session, [])
    for event in [e for e in browser.events if e.get("sessionId") == session]:
        method, params = event.get("method"), event.get("params", {})
        if method == "Log.entryAdded" and params["entry"]["level"] == "error":
            errors.append(params["entry"]["text"])
        elif method == "Runtime.consoleAPICalled" and params["type"] in ("error", "assert"):
            errors.append(" ".join(str(a.get("value", a.get("description", ""))) for a in params["args"]))
        elif method == "Runtime.exceptionThrown":
            errors.append(params["exceptionDetails"].get("text", "exception"))
    browser.events = [e for e in browser.events if e.get("sessionId") != session]
    browser.send("Target.closeTarget", {"targetId": target})
    return probe, errors, dialogs


def main():
    argraph = os.path.abspath(sys.argv[1])
    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    if not chromium:
        print("FAIL: chromium is not installed (scripts/setup installs it)")
        return 1
    bundled = "arguments/absolute-difficulty.yaml"
    if not os.path.exists(bundled):
        bundled = "arguments/example.yaml"
    work = tempfile.mkdtemp(prefix="argraph-browser-")
    shots = os.environ.get("ARGRAPH_SCREENSHOT_DIR") or work
    os.makedirs(shots, exist_ok=True)
    failures = []

    def check(condition, message):
        if not condition:
            failures.append(message)

    browser = Browser(chromium, os.path.join(work, "profile"))
    try:
        # The control: a page where the injection is real. The harness must see it.
        control = os.path.join(work, "control.html")
        with open(control, "w") as out:
            out.write("<!DOCTYPE html><html><body><div id=diagram><svg width=10 height=10></svg></div>"
                      "<img src=x onerror=\"console.error('control')\"><script>alert(1)</script></body></html>")
        probe, errors, dialogs = inspect(browser, "file://" + control, os.path.join(shots, "control.png"))
        check(probe["images"] == 1 and probe["scripts"] == 1, f"control: elements not seen: {probe}")
        check(dialogs == ["1"], f"control: the alert was not seen: {dialogs}")
        check(any("control" in e for e in errors), f"control: the console error was not seen: {errors}")

        for name, source in (("bundled", bundled), ("injection", "tests/data/valid/injection.yaml")):
            page = os.path.join(work, name + ".html")
            run = subprocess.run([argraph, "report", source, "-o", page], capture_output=True, text=True,
                                 timeout=120)
            check(run.returncode == 0, f"{name}: argraph report exited {run.returncode}: {run.stderr}")
            if run.returncode != 0:
                continue
            probe, errors, dialogs = inspect(browser, "file://" + page, os.path.join(shots, name + ".png"))
            print(f"{name}: {json.dumps(probe)}")
            diagram = probe["diagram"]
            check(diagram is not None, f"{name}: no diagram SVG")
            check(diagram is not None and diagram["width"] > 100 and diagram["height"] > 50,
                  f"{name}: the diagram has no size: {diagram}")
            check(probe["diagram_nodes"] >= 3, f"{name}: the diagram has {probe['diagram_nodes']} nodes")
            check(probe["charts"] >= 1, f"{name}: no chart")
            check(probe["scripts"] == 0, f"{name}: {probe['scripts']} script elements")
            check(probe["images"] == 0, f"{name}: {probe['images']} img elements")
            check(probe["iframes"] == 0, f"{name}: {probe['iframes']} iframes")
            check(probe["event_handlers"] == 0, f"{name}: {probe['event_handlers']} elements with on* attributes")
            check(not dialogs, f"{name}: dialogs opened: {dialogs}")
            check(not errors, f"{name}: console errors: {errors}")
            if name == "injection":
                check(all(probe["texts"]), f"injection: the injected texts are not shown as text: {probe['texts']}")
                check("<script>alert('title')</script>" in probe["title"], f"injection: title {probe['title']!r}")
            with open(os.path.join(shots, name + ".png"), "rb") as shot:
                check(len(shot.read()) > 10000, f"{name}: the screenshot is nearly empty")
    finally:
        browser.close()
        if shots != work:
            print(f"screenshots in {shots}")
        shutil.rmtree(work, ignore_errors=True)

    for failure in failures:
        print("FAIL:", failure)
    print("ok" if not failures else f"{len(failures)} failures")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
