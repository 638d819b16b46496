"""The workspace in a real browser: headless Chromium driven by Selenium against ``draftkit serve``.

Starts the real command on a free port, builds the report from 总览, redrafts a section against the
local fake OpenAI-compatible server, uploads a .docx with a wrong figure on 核对, sees it highlighted
and downloads the annotated copy; rolls last year's report forward on 滚动更新, makes the fill-in
workbook and downloads the rolled-forward .docx. Screenshots of every page go to ``$DRAFTKIT_SCREENSHOTS`` (the
README's are made with ``DRAFTKIT_SCREENSHOTS=docs/screenshots``), else to the test's temp folder.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
import zipfile
from pathlib import Path
from typing import Any, Iterator

import pytest

from conftest import wrong_figure_docx
from fakeserver import OpenAIServer

pytestmark = pytest.mark.slow

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
DRIVER = shutil.which("chromedriver")
FLAGS = ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
         "--disable-component-update", "--no-first-run", "--disable-sync", "--disable-dev-shm-usage",
         "--lang=zh-CN", "--window-size=1400,1000"]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def server(project: Path, tmp_path: Path) -> Iterator[dict[str, Any]]:
    """``draftkit serve`` on a copy of the built sample project, drafting against the fake model server."""
    with OpenAIServer() as llm:
        port = _free_port()
        env = {**os.environ, "DRAFTKIT_EMBEDDER": "hash", "OPENAI_API_KEY": "sk-local-test",
               "OPENAI_BASE_URL": llm.base_url, "DRAFTKIT_MODEL": "fake-model"}
        log = open(tmp_path / "serve.log", "w")  # noqa: SIM115
        proc = subprocess.Popen([sys.executable, "-c", "from draftkit.cli import main; main()", "--project",
                                 str(project), "serve", "--port", str(port)], env=env, stdout=log, stderr=log)
        url = f"http://127.0.0.1:{port}"
        try:
            deadline = time.monotonic() + 60
            while True:
                try:
                    urllib.request.urlopen(url + "/check", timeout=2).read()
                    break
                except OSError:
                    if proc.poll() is not None or time.monotonic() > deadline:
                        pytest.fail("draftkit serve did not start:\n" + (tmp_path / "serve.log").read_text())
                    time.sleep(0.3)
            yield {"url": url, "llm": llm, "project": project, "log": tmp_path / "serve.log"}
        finally:
            proc.terminate()
            proc.wait(timeout=20)
            log.close()


@pytest.fixture
def browser(tmp_path: Path) -> Iterator[Any]:
    if not CHROMIUM or not DRIVER:
        pytest.skip("Chromium 或 chromedriver 未安装（Debian：apt-get install chromium chromium-driver）")
    webdriver = pytest.importorskip("selenium.webdriver", reason="selenium 未安装（pip install -e '.[test]'）")
    from selenium.webdriver.chrome.service import Service

    downloads = tmp_path / "downloads"
    downloads.mkdir()
    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for flag in FLAGS:
        options.add_argument(flag)
    options.add_experimental_option("prefs", {"download.default_directory": str(downloads),
                                              "download.prompt_for_download": False})
    driver = webdriver.Chrome(service=Service(executable_path=DRIVER), options=options)
    driver.downloads = downloads
    try:
        yield driver
    finally:
        driver.quit()


def _wait(driver: Any, condition: Any, timeout: float = 60, what: str = "") -> Any:
    from selenium.webdriver.support.ui import WebDriverWait

    return WebDriverWait(driver, timeout, poll_frequency=0.2).until(condition, message=what)


def _shot(driver: Any, name: str, fallback: Path, height: int = 1000) -> Path:
    """A screenshot of the page's top ``height`` pixels (or the whole page if shorter)."""
    folder = Path(os.environ.get("DRAFTKIT_SCREENSHOTS") or fallback)
    folder.mkdir(parents=True, exist_ok=True)
    full = driver.execute_script("return document.documentElement.scrollHeight")
    driver.set_window_size(1400, min(full, height) + 90)
    driver.execute_script("window.scrollTo(0, 0)")
    time.sleep(0.3)
    path = folder / f"{name}.png"
    driver.save_screenshot(str(path))
    driver.set_window_size(1400, 1000)
    return path


def test_workspace_in_chromium(browser: Any, server: dict[str, Any], tmp_path: Path) -> None:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import Select

    url, project, shots = server["url"], server["project"], tmp_path / "screenshots"
    try:
        # 总览: build the report with the button; the job bar shows progress, then the page reloads
        browser.get(url + "/")
        assert "示例职业技术学院" in browser.find_element(By.CSS_SELECTOR, ".school").text
        browser.find_element(By.XPATH, "//button[text()='组装']").click()
        _wait(browser, lambda d: "done" in d.find_element(By.ID, "jobbar").get_attribute("class"), 180,
              "组装 did not finish")
        _wait(browser, lambda d: "已生成 report" in d.find_element(By.CSS_SELECTOR, "#jobbar .job-msg").text, 30)
        time.sleep(1.5)  # the page reloads itself after a finished job
        _wait(browser, lambda d: d.execute_script("return document.readyState") == "complete")
        assert "下载 report.docx" in browser.page_source
        _shot(browser, "overview", shots, 1250)

        # 数据: metrics, tables, charts
        browser.get(url + "/data")
        _wait(browser, lambda d: d.execute_script(
            "return Array.from(document.images).every(i => i.complete && i.naturalWidth > 0)"), 60, "charts")
        assert "全日制在校生数" in browser.page_source
        browser.execute_script("document.querySelectorAll('details')[1].open = false")
        _shot(browser, "data", shots, 1300)

        # 章节: the offline draft with its facts and exemplars; redraft it with the model (the local fake server)
        browser.get(url + "/sections/talent-employment")
        # one of the exemplars is last year's report (which one ranks first depends on the sample texts)
        assert any("2022-quality-report.docx" in e.text for e in browser.find_elements(By.CSS_SELECTOR, ".exemplar"))
        _shot(browser, "section", shots, 1200)
        Select(browser.find_element(By.NAME, "backend")).select_by_value("openai")
        browser.find_element(By.CSS_SELECTOR, "#redraft button").click()
        _wait(browser, lambda d: "学校相关指标达到" in d.find_element(By.CSS_SELECTOR, ".draft-body").text, 180,
              "redrafted text did not appear")
        assert server["llm"].calls == 1
        assert "fake-model" in browser.find_element(By.CSS_SELECTOR, ".side-cards").text

        # 核对: upload a .docx with a wrong figure, see it highlighted with its explanation
        wrong = wrong_figure_docx(project / "outputs" / "2023" / "report.docx", tmp_path / "审核稿.docx")
        browser.get(url + "/check")
        _shot(browser, "check-form", shots, 700)
        browser.find_element(By.NAME, "file").send_keys(str(wrong))
        browser.find_element(By.CSS_SELECTOR, "#check-form button[type=submit]").click()
        _wait(browser, lambda d: "/check/" in d.current_url, 120, "no result page")
        mark = _wait(browser, lambda d: d.find_element(By.CSS_SELECTOR, "#doc-text mark.f-error"), 30)
        assert mark.text == "17420人"
        browser.find_element(By.CSS_SELECTOR, ".finding a").click()  # the finding in the list jumps to it
        _wait(browser, lambda d: d.find_element(By.ID, "tip").is_displayed(), 10)
        assert "17402人" in browser.find_element(By.ID, "tip").text
        browser.execute_script("window.scrollTo(0, 0)")
        browser.execute_script("""
            const m = document.querySelector("#doc-text mark.f-error");
            const box = document.querySelector('.doc-text');
            box.parentElement.scrollIntoView();
            m.dispatchEvent(new Event('mouseenter'));""")
        _shot(browser, "check", shots, 1100)

        # the annotated copy: downloaded by the browser, with the comment on the wrong figure
        browser.find_element(By.ID, "download-annotated").click()
        target = browser.downloads / "审核稿.checked.docx"
        _wait(browser, lambda d: target.is_file() and not list(browser.downloads.glob("*.crdownload")), 60,
              f"download missing: {list(browser.downloads.iterdir())}")
        from docx import Document

        doc = Document(str(target))
        ours = [c for c in doc.comments if c.author == "draftkit 核对"]
        assert len(ours) == 1 and "17402人" in ours[0].text
        start = doc.element.body.xpath(f'//w:commentRangeStart[@w:id="{ours[0].comment_id}"]')[0]
        assert start.getnext().xpath("string(.//w:t)") == "17420人"

        # 滚动更新: last year's report rolled forward by a job; the summary, then the .docx with tracked changes
        browser.get(url + "/rollforward")
        last_year = project / "corpus" / "reports" / "2022-quality-report.docx"
        browser.find_element(By.NAME, "file").send_keys(str(last_year))
        browser.find_element(By.CSS_SELECTOR, "#roll-form button[type=submit]").click()
        _wait(browser, lambda d: d.find_elements(By.ID, "download-rolled"), 180, "no roll-forward result")
        stats = browser.find_element(By.CSS_SELECTOR, ".roll-stats").text
        assert "已更新（Word 修订）" in stats and "未能更新（标黄并批注）" in stats
        browser.find_element(By.ID, "make-workbook").click()  # the fill-in workbook from the same upload
        _wait(browser, lambda d: d.find_element(By.ID, "workbook").is_displayed(), 60, "no workbook")
        assert browser.find_element(By.CSS_SELECTOR, "#workbook .wb-name").text.endswith(".xlsx")
        browser.execute_script("document.querySelector('#unresolved details').open = true")
        _shot(browser, "rollforward", shots, 1250)
        browser.find_element(By.ID, "download-rolled").click()
        rolled = browser.downloads / "rollforward.docx"
        _wait(browser, lambda d: rolled.is_file() and not list(browser.downloads.glob("*.crdownload")), 60,
              f"download missing: {list(browser.downloads.iterdir())}")
        xml = zipfile.ZipFile(rolled).read("word/document.xml").decode("utf-8")
        assert "<w:ins " in xml and "<w:del " in xml
        assert rolled.read_bytes() == (project / "outputs" / "2023" / "rollforward.docx").read_bytes()
    except Exception:
        print(server["log"].read_text(encoding="utf-8", errors="replace"))
        raise
