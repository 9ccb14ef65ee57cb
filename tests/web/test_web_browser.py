"""The pages in a real browser: Debian's headless Chromium driven by Selenium (through
/usr/bin/chromedriver), against a real uvicorn server on a loopback port, over the
store of the examples/ articles. Screenshots are kept in the session's artifact
directory (its path is printed)."""

from __future__ import annotations

import shutil
import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
import uvicorn

from eventwire.web import create_app

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
CHROMEDRIVER = shutil.which("chromedriver")

pytestmark = pytest.mark.skipif(
    CHROMIUM is None or CHROMEDRIVER is None,
    reason="Chromium and chromedriver are not installed "
    "(apt-get install chromium chromium-driver; .ci/run installs them)",
)

WAIT = 20.0


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture(scope="module")
def server(readonly_store) -> Iterator[str]:
    """A real uvicorn server over the examples store, in a thread of this process."""
    port = free_port()
    config = uvicorn.Config(
        create_app(readonly_store), host="127.0.0.1", port=port, log_level="warning"
    )
    running = uvicorn.Server(config)
    thread = threading.Thread(target=running.run, daemon=True)
    thread.start()
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + WAIT
    while time.monotonic() < deadline:
        try:
            if httpx.get(base + "/api/v1/overview", timeout=1).status_code == 200:
                break
        except httpx.TransportError:
            time.sleep(0.1)
    else:
        pytest.fail("the server did not start")
    yield base
    running.should_exit = True
    thread.join(timeout=10)


@pytest.fixture(scope="module")
def browser():
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for argument in (
        "--headless=new",
        "--no-sandbox",
        "--disable-dev-shm-usage",
        "--disable-gpu",
        "--window-size=1280,1000",
        "--no-first-run",
        "--disable-extensions",
        "--disable-background-networking",
    ):
        options.add_argument(argument)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    driver = webdriver.Chrome(service=Service(CHROMEDRIVER), options=options)
    driver.set_page_load_timeout(WAIT)
    yield driver
    driver.quit()


def wait_for(driver, script: str, timeout: float = WAIT):
    """Poll a JavaScript expression until it is truthy; its value."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = driver.execute_script(f"return {script};")
        if value:
            return value
        time.sleep(0.1)
    raise AssertionError(f"timed out waiting for: {script}")


def console_errors(driver) -> list[str]:
    return [entry["message"] for entry in driver.get_log("browser") if entry["level"] == "SEVERE"]


def screenshot(driver, artifacts: Path, name: str) -> None:
    path = artifacts / f"{name}.png"
    driver.save_screenshot(str(path))
    assert path.stat().st_size > 5_000
    print(f"screenshot: {path}")


COLOURED_PIXELS = """
const canvas = document.querySelector('#timeline canvas');
const data = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height).data;
let coloured = 0;
for (let i = 0; i < data.length; i += 4) {
  const [r, g, b, a] = [data[i], data[i + 1], data[i + 2], data[i + 3]];
  if (a > 200 && Math.max(r, g, b) - Math.min(r, g, b) > 60) coloured++;
}
return coloured;
"""


def test_overview_draws_the_timeline_and_the_map(server, browser, artifacts, example_pairs):
    browser.get_log("browser")  # start clean
    browser.get(server + "/")
    wait_for(browser, "document.getElementById('timeline').dataset.ready")
    wait_for(browser, "document.getElementById('map').dataset.ready")
    timeline = browser.execute_script("return document.getElementById('timeline').dataset")
    assert timeline["ready"] == "1" and int(timeline["bars"]) > 0
    assert browser.execute_script(COLOURED_PIXELS) > 200  # bars were painted, in colour
    located = {
        (e.location.lat, e.location.lon)
        for _, d in example_pairs
        for e in d.events
        if e.location and e.location.lat is not None
    }
    assert browser.execute_script("return document.getElementById('map').dataset.ready") == "1"
    drawn = wait_for(
        browser,
        "document.querySelectorAll('#map path.event-point, #map .marker-cluster').length",
    )
    assert (
        drawn >= 1
        and int(browser.execute_script("return document.getElementById('map').dataset.points"))
        >= len(located) - 1
    )  # one point per place and category
    outlines = browser.execute_script("return document.querySelectorAll('#map path').length")
    assert outlines > 100  # the bundled world outlines (offline)
    screenshot(browser, artifacts, "overview")
    assert console_errors(browser) == []


def test_clicking_an_event_opens_its_evidence(server, browser, artifacts):
    browser.get(server + "/events?type=ASSAULT")
    from selenium.webdriver.common.by import By

    rows = browser.find_elements(By.CSS_SELECTOR, "tr.event-row")
    assert rows
    link = rows[0].find_element(By.CSS_SELECTOR, "a.evidence")
    words = link.text
    link.click()
    wait_for(browser, "document.body.dataset.page === 'event'")
    assert "/events/" in browser.current_url
    trigger = browser.find_elements(By.CSS_SELECTOR, ".article-text mark.hl-trigger")
    assert trigger and any(part in " ".join(t.text for t in trigger) for part in words.split())
    assert browser.find_elements(By.CSS_SELECTOR, ".article-text mark.hl-actor")
    colour = browser.execute_script(
        "return getComputedStyle(document.querySelector('.article-text mark.hl-trigger'))"
        ".backgroundColor"
    )
    assert colour not in ("rgba(0, 0, 0, 0)", "transparent")
    screenshot(browser, artifacts, "evidence")
    assert console_errors(browser) == []


def test_brushing_the_timeline_filters_by_dates(server, browser):
    from selenium.webdriver.common.action_chains import ActionChains
    from selenium.webdriver.common.by import By

    browser.get(server + "/")
    wait_for(browser, "document.getElementById('timeline').dataset.ready")
    over = browser.find_element(By.CSS_SELECTOR, "#timeline .u-over")
    width = over.size["width"]
    actions = ActionChains(browser)
    actions.move_to_element_with_offset(over, -width // 2 + 5, 0).click_and_hold()
    actions.move_by_offset(width - 10, 0).release().perform()
    wait_for(browser, "location.search.includes('since=')")
    assert "until=" in browser.current_url
    wait_for(browser, "document.getElementById('timeline').dataset.ready")
    assert console_errors(browser) == []


@pytest.mark.parametrize("path", ["/actors", "/figures", "/articles/kyiv-drones"])
def test_other_pages_load_without_errors(server, browser, artifacts, path):
    browser.get(server + path)
    if path in ("/actors", "/figures"):
        element = "balance" if path == "/actors" else "series"
        state = wait_for(browser, f"document.getElementById('{element}').dataset.ready")
        assert state == "1"
        assert browser.execute_script(
            f"return document.querySelectorAll('#{element} canvas').length"
        )
    screenshot(browser, artifacts, path.strip("/").replace("/", "-"))
    assert console_errors(browser) == []
