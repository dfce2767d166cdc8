"""End-to-end tests in a real browser: Playwright driving the system's Chromium, headless,
against ``uvicorn`` serving the demo park on a loopback port.

Screenshots go to ``test-artifacts/screenshots/`` (gitignored; CI keeps them). Without
``/usr/bin/chromium`` these tests are skipped, except under ``CI=true``, where they fail.
"""

from __future__ import annotations

import os
import socket
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from greenmfg.access import Access, DemoAccount
from greenmfg.workspace import Workspace
from tests.api.conftest import csv_of, settings

pytestmark = pytest.mark.browser

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
                 "--no-first-run", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync"]
SCREENSHOTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "screenshots"
ENTERPRISE = "CEM01"  # the demo enterprise user's enterprise (the park's first)
OTHER_ENTERPRISE = "ALU01"


def _require_chromium() -> None:
    if CHROMIUM.exists():
        return
    message = f"{CHROMIUM} is missing: install Debian's chromium (apt-get install -y chromium)"
    if os.environ.get("CI") == "true":
        pytest.fail(message, pytrace=False)
    pytest.skip(message)


@dataclass(frozen=True)
class Server:
    url: str
    accounts: dict[str, DemoAccount]


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    """uvicorn serving the demo park on a free loopback port, in a thread of this process."""
    _require_chromium()
    import uvicorn

    from greenmfg.web import create_site

    path = tmp_path_factory.mktemp("browser") / "demo.duckdb"
    with Workspace(path, actor="demo") as ws:
        park, _ = ws.load_demo()
        accounts = {a.role.value: a for a in Access(ws).create_demo_accounts(park)}
    port = _free_port()
    config = uvicorn.Config(create_site(path, settings()), host="127.0.0.1", port=port,
                            log_level="warning", lifespan="on")
    uv = uvicorn.Server(config)
    thread = threading.Thread(target=uv.run, name="uvicorn", daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not uv.started:
        if time.monotonic() > deadline or not thread.is_alive():
            raise RuntimeError("uvicorn did not start within 30 s")
        time.sleep(0.05)
    try:
        yield Server(f"http://127.0.0.1:{port}", accounts)
    finally:
        uv.should_exit = True
        thread.join(timeout=30)


@pytest.fixture(scope="module")
def browser(server: Server) -> Iterator[Any]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        chromium = pw.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS,
                                      headless=True)
        try:
            yield chromium
        finally:
            chromium.close()


@pytest.fixture
def page(browser: Any) -> Iterator[Any]:
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="zh-CN")
    try:
        yield context.new_page()
    finally:
        context.close()


def _shot(page: Any, name: str) -> None:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=True)


def _sign_in(page: Any, server: Server, role: str) -> None:
    account = server.accounts[role]
    page.goto(f"{server.url}/login")
    page.fill("#username", account.username)
    page.fill("#password", account.password)
    page.click("#sign-in")
    page.wait_for_load_state("load")


def _wait_for_charts(page: Any) -> int:
    page.wait_for_selector("html[data-charts-ready]", timeout=15_000)
    return int(page.get_attribute("html", "data-charts-ready"))


def _series(page: Any, chart_id: str) -> dict[str, float]:
    """The first series of a drawn chart as {category: value}, read back from ECharts."""
    found: dict[str, float] = page.evaluate(
        """(id) => {
            const option = echarts.getInstanceByDom(document.getElementById(id)).getOption();
            const axis = option.xAxis[0].data;
            const out = {};
            option.series[0].data.forEach((v, i) => { out[axis[i]] = v; });
            return out;
        }""", chart_id)
    return found


def test_sign_in_shows_the_enterprise_charts(page: Any, server: Server) -> None:
    _sign_in(page, server, "enterprise")
    assert page.url.endswith(f"/enterprise/{ENTERPRISE}")
    assert _wait_for_charts(page) == 3
    # every chart has drawn a canvas of its full size
    for chart_id in ("chart-by-month", "chart-by-source", "chart-by-carrier"):
        box = page.locator(f"#{chart_id} canvas").first.bounding_box()
        assert box is not None and box["width"] > 300 and box["height"] > 300
    months = _series(page, "chart-by-month")
    assert sorted(months) == [f"2025-{m:02d}" for m in range(1, 13)]
    _shot(page, "01-enterprise-zh")


def test_upload_updates_the_chart(page: Any, server: Server, tmp_path: Path) -> None:
    _sign_in(page, server, "enterprise")
    _wait_for_charts(page)
    before = _series(page, "chart-by-month")
    # 1,000 MWh more bought in 2025-03 from a new meter: + 1000 × 0.6849 = 684.9 tCO2e
    # (Inner Mongolia provincial factor 2022, the latest published for 2025)
    extra = tmp_path / "extra-electricity.csv"
    extra.write_bytes(csv_of([{"org_code": ENTERPRISE, "site": f"{ENTERPRISE}-MILL",
                               "source": "e2e meter", "item": "electricity_purchased",
                               "period": "2025-03", "quantity": "1000", "unit": "MWh"}]))
    page.click("#nav-upload")
    page.set_input_files("#upload-file", str(extra))
    page.click("#upload-send")
    page.wait_for_selector("#upload-result")
    _shot(page, "02-upload-accepted")
    page.click("#upload-link")
    _wait_for_charts(page)
    after = _series(page, "chart-by-month")
    assert after["2025-03"] - before["2025-03"] == pytest.approx(684.9, abs=0.002)
    assert after["2025-04"] == before["2025-04"]
    _shot(page, "03-enterprise-after-upload")


def test_upload_lists_rejected_rows(page: Any, server: Server, tmp_path: Path) -> None:
    _sign_in(page, server, "enterprise")
    bad = tmp_path / "bad.csv"
    bad.write_bytes(csv_of([
        {"org_code": ENTERPRISE, "site": "S", "source": "x", "item": "natural_gas",
         "period": "2025-13", "quantity": "1", "unit": "万Nm3"},
        {"org_code": ENTERPRISE, "site": "S", "source": "x", "item": "no_such_fuel",
         "period": "2025-01", "quantity": "1", "unit": "t"}]))
    page.goto(f"{server.url}/upload")
    page.set_input_files("#upload-file", str(bad))
    page.click("#upload-send")
    page.wait_for_selector("#rejected-rows")
    assert page.locator("#rejected-rows tbody tr").count() == 2
    _shot(page, "04-upload-rejected-rows")


def test_switch_language(page: Any, server: Server) -> None:
    _sign_in(page, server, "park")
    assert page.url.endswith("/park/BT-DEMO-PARK")
    _wait_for_charts(page)
    assert "园区概览" in page.inner_text("#page-title")
    _shot(page, "05-park-zh")
    page.click("a[data-lang=en]")
    _wait_for_charts(page)
    assert page.get_attribute("html", "lang") == "en"
    assert "Park overview" in page.inner_text("#page-title")
    legend = page.evaluate("""() => echarts.getInstanceByDom(
        document.getElementById('chart-green')).getOption().series[0].data.map(d => d.name)""")
    assert legend == ["Covered (green)", "Other grid electricity"]
    _shot(page, "06-park-en")


def test_regulator_sees_the_region_trend(page: Any, server: Server) -> None:
    _sign_in(page, server, "regulator")
    assert _wait_for_charts(page) == 2
    years = _series(page, "chart-trend")
    assert sorted(years) == ["2024", "2025"]
    _shot(page, "07-region")


def test_enterprise_user_cannot_open_another_enterprise(page: Any, server: Server) -> None:
    _sign_in(page, server, "enterprise")
    response = page.goto(f"{server.url}/enterprise/{OTHER_ENTERPRISE}")
    assert response.status == 404
    assert page.get_attribute("#error", "data-status") == "404"
    assert "包头示范铝业" not in page.content()
    _shot(page, "08-other-enterprise-404")
