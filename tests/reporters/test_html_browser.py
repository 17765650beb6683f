"""The HTML report in a real browser: Debian's ``chromium`` and ``chromium-driver`` through selenium
(pointed at the system browser; nothing is downloaded).

It opens the report of the bundled vulnerable fixture, checks that it renders with no console
error and no network request, that the filters by severity, tool and rule work, and saves a
screenshot to ``tests/artifacts/html-report.png`` (git-ignored; the path is printed at the end
of the run). A report of hostile code must not run any of it.

Outside CI the test is skipped, with the reason printed at the end of the run, when the browser
or selenium is missing; in CI (``CI`` set, as ``.ci/run`` does) a missing browser is a failure.
"""

from __future__ import annotations

import json
import os
import time
import shutil
import tempfile
from pathlib import Path

import pytest
from click.testing import CliRunner
from html_check import assert_self_contained_and_inert, parse

from mcpaudit.cli import main

REPO = Path(__file__).resolve().parents[2]
FIXTURE = REPO / "fixtures" / "vulnerable"
SCREENSHOT = REPO / "tests" / "artifacts" / "html-report.png"
CHROMIUM_FLAGS = ("--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking",
                  "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage", "--window-size=1280,1900")

HOSTILE_SOURCE = '''\
import subprocess

from mcp.server.fastmcp import FastMCP

mcp = FastMCP("x")


@mcp.tool(description="</title></style></script><script>window.__pwned = 1</script><img src=x onerror=window.__pwned=2>")
def run_cmd(cmd: str) -> str:
    """<svg onload="window.__pwned=3"></svg> \\" onmouseover=window.__pwned=4 x=\\" \u202egnp.exe"""
    return subprocess.check_output("echo " + cmd + "<script>window.__pwned=5</script>", shell=True).decode()
'''
HOSTILE_NAME = '"><img src=x onerror=window.__pwned=6>.py'


def _browser_parts(run_note):
    missing = []
    try:
        import selenium  # noqa: F401
    except ImportError:
        missing.append("the selenium package (pip install -e '.[test]')")
    chromium = next((shutil.which(n) for n in ("chromium", "chromium-browser") if shutil.which(n)), None)
    driver = shutil.which("chromedriver")
    if chromium is None:
        missing.append("chromium (apt-get install chromium)")
    if driver is None:
        missing.append("chromedriver (apt-get install chromium-driver)")
    if missing:
        reason = "HTML browser test not run: missing " + ", ".join(missing)
        run_note(reason)
        if os.environ.get("CI"):
            pytest.fail(reason + "; in CI the browser must be installed (.ci/run installs it)")
        pytest.skip(reason)
    return chromium, driver


@pytest.fixture(scope="module")
def browser(run_note):
    chromium, chromedriver = _browser_parts(run_note)
    os.environ.setdefault("SE_OFFLINE", "true")  # selenium must never fetch a driver or a browser
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = chromium
    profile = tempfile.mkdtemp(prefix="mcpaudit-chromium-")
    for flag in CHROMIUM_FLAGS + (f"--user-data-dir={profile}",):
        options.add_argument(flag)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL", "performance": "ALL"})
    driver = webdriver.Chrome(options=options, service=Service(executable_path=chromedriver))
    try:
        yield driver
    finally:
        driver.quit()
        shutil.rmtree(profile, ignore_errors=True)


def _report(args, out: Path, cache: Path) -> str:
    res = CliRunner().invoke(main, ["scan", *args, "-f", "html", "-o", str(out), "--fail-on", "never",
                                    "--cache-dir", str(cache), "--no-progress"], catch_exceptions=False)
    assert res.exit_code == 0, res.output
    return out.read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def vulnerable_page(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("html")
    old = os.getcwd()
    os.chdir(REPO)  # the target as a user types it
    try:
        text = _report([str(FIXTURE.relative_to(REPO))], tmp / "report.html", tmp / "cache")
    finally:
        os.chdir(old)
    return tmp / "report.html", text


def _open(driver, path: Path):
    driver.get_log("browser")
    driver.get_log("performance")  # drop what the browser did before our page
    driver.get(path.resolve().as_uri())
    # get() usually returns after the load event; on a loaded machine the page can still be
    # parsing, so wait for it (a page that never finishes loading fails here)
    deadline = time.monotonic() + 60
    while driver.execute_script("return document.readyState") != "complete" and time.monotonic() < deadline:
        time.sleep(0.1)
    assert driver.execute_script("return document.readyState") == "complete"


def _console_errors(driver):
    return [entry for entry in driver.get_log("browser") if entry.get("level") in ("SEVERE", "ERROR", "WARNING")]


def _requests(driver, page_uri: str):
    urls = []
    for entry in driver.get_log("performance"):
        msg = json.loads(entry["message"])["message"]
        if msg.get("method") == "Network.requestWillBeSent":
            params = msg["params"]
            if params.get("documentURL") == page_uri or params["request"]["url"].startswith(("http", "ws", "ftp")):
                urls.append(params["request"]["url"])
    return urls


def _visible(driver):
    return [a for a in driver.find_elements("css selector", "article.finding") if a.is_displayed()]


def test_report_renders_with_no_console_error_and_no_network(browser, vulnerable_page, run_note):
    path, text = vulnerable_page
    assert_self_contained_and_inert(text)
    _open(browser, path)
    assert browser.title.startswith("mcpaudit: fixtures/vulnerable · score ")
    errors = _console_errors(browser)
    assert errors == [], errors
    requests = _requests(browser, path.resolve().as_uri())
    assert all(u == path.resolve().as_uri() or u.startswith("data:") for u in requests), requests
    n = text.count('<article class="finding')
    assert n >= 20 and len(_visible(browser)) == n
    assert browser.find_element("id", "f-count").text == f"{n} of {n} findings"
    # the chart drew a bar per checklist and the overall one
    assert len(browser.find_elements("css selector", "svg.chart rect.bar")) == 6
    assert browser.find_element("css selector", "svg.chart").size["height"] > 100
    SCREENSHOT.parent.mkdir(parents=True, exist_ok=True)
    assert browser.save_screenshot(str(SCREENSHOT))
    assert SCREENSHOT.stat().st_size > 20_000
    run_note(f"HTML report screenshot (real Chromium): {SCREENSHOT}")


def test_filters_by_severity_tool_and_rule(browser, vulnerable_page):
    from selenium.webdriver.support.ui import Select

    path, text = vulnerable_page
    _open(browser, path)
    doc = parse(text)
    articles = [a for t, a in doc.tags if t == "article"]
    total = len(articles)
    severity, tool, rule = (Select(browser.find_element("id", i)) for i in ("f-severity", "f-tool", "f-rule"))

    severity.select_by_value("critical")
    critical = sum(a["data-severity"] == "critical" for a in articles)
    assert critical and len(_visible(browser)) == critical
    assert all("sev-critical" in a.get_attribute("class") for a in _visible(browser))
    assert browser.find_element("id", "f-count").text == f"{critical} of {total} findings"
    severity.select_by_value("high")  # high and above
    assert len(_visible(browser)) == sum(a["data-severity"] in ("critical", "high") for a in articles)

    severity.select_by_value("")
    key = next(o.get_attribute("value") for o in tool.options if o.text == "grep_logs")
    tool.select_by_value(key)
    shown = _visible(browser)
    assert len(shown) == sum(a["data-tool"] == key for a in articles) >= 1
    assert all("grep_logs" in a.text for a in shown)
    # groups with nothing left are hidden with their findings
    assert len([g for g in browser.find_elements("css selector", "div.group") if g.is_displayed()]) == 1

    tool.select_by_value("")
    rule_key = next(o.get_attribute("value") for o in rule.options if o.text == "tool-sql-injection")
    rule.select_by_value(rule_key)
    shown = _visible(browser)
    assert shown and all("tool-sql-injection" in a.find_element("css selector", "code.rule").text for a in shown)
    assert len(shown) == sum(a["data-rule"] == rule_key for a in articles)

    severity.select_by_value("critical")  # no critical SQL injection here: nothing matches, and it says so
    assert _visible(browser) == [] and browser.find_element("id", "f-none").is_displayed()

    browser.find_element("id", "f-reset").click()
    assert len(_visible(browser)) == total and not browser.find_element("id", "f-none").is_displayed()

    # a tool's findings count in the inventory filters to that tool
    button = browser.find_element("css selector", "button.filter-tool")
    browser.execute_script("arguments[0].scrollIntoView({block: 'center'})", button)
    button.click()
    assert Select(browser.find_element("id", "f-tool")).first_selected_option.get_attribute("value") == \
        button.get_attribute("data-tool")
    assert 1 <= len(_visible(browser)) < total
    assert _console_errors(browser) == []


def test_a_report_of_hostile_code_runs_none_of_it(browser, tmp_path):
    repo = tmp_path / "repo"
    repo.mkdir()
    (repo / "server.py").write_text(HOSTILE_SOURCE, encoding="utf-8")
    (repo / HOSTILE_NAME).write_text(HOSTILE_SOURCE, encoding="utf-8")
    out = tmp_path / "hostile.html"
    text = _report(["--engines", "cst", str(repo)], out, tmp_path / "cache")
    assert_self_contained_and_inert(text)
    _open(browser, out)
    assert browser.execute_script("return window.__pwned === undefined")
    assert browser.execute_script("return document.scripts.length") == 1
    assert browser.execute_script("return document.images.length") == 0
    assert browser.execute_script("return document.querySelectorAll('[onerror],[onload],[onmouseover]').length") == 0
    page_text = browser.find_element("tag name", "body").text
    assert "window.__pwned = 1" in page_text and "<U+202E>gnp.exe" in page_text  # shown, as text
    assert _console_errors(browser) == []
