"""Take the README's picture of a review page: headless Chromium (Debian's chromium and chromium-driver), nothing downloaded.

    .venv/bin/factpipe extract -q && .venv/bin/factpipe show outputs/facts.jsonl --articles corpus
    .venv/bin/python docs/screenshot.py outputs/facts.html docs/review.png

The window is 960x820 pixels, scrolled so that the first project sits under the
legend: the picture then holds all four fact types.
"""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

from selenium import webdriver
from selenium.webdriver.chrome.service import Service

SCROLL = "window.scrollTo(0, document.querySelector('[data-type=project]').getBoundingClientRect().top + window.scrollY - 330)"


def main(page: str, out: str) -> None:
    options = webdriver.ChromeOptions()
    options.binary_location = shutil.which("chromium") or "chromium"
    for argument in ("--headless=new", "--no-sandbox", "--disable-gpu", "--window-size=960,820", "--disable-background-networking"):
        options.add_argument(argument)
    driver = webdriver.Chrome(service=Service(executable_path=shutil.which("chromedriver")), options=options)
    try:
        driver.get(Path(page).resolve().as_uri())
        driver.execute_script(SCROLL)
        driver.save_screenshot(out)
    finally:
        driver.quit()


if __name__ == "__main__":
    main(*sys.argv[1:3])
