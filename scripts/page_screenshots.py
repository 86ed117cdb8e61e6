"""Screenshots of the web page for docs/: the check tab with a report and the form with an error at its field,
at 1280 and 390 px wide, in Kazakh and Russian. Starts `qujat serve` on a free loopback port, drives Debian's
Chromium with Playwright, writes docs/screenshots/*.png.

    python scripts/page_screenshots.py [OUT_DIR]
"""

from __future__ import annotations

import io
import json
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
from service.lifetime import end_process  # noqa: E402

CHROMIUM = "/usr/bin/chromium"


def _documents(folder: Path) -> tuple[Path, Path]:
    """The example resolution in kk and ru, the Russian one with defects a clerk would make."""
    import docx

    from service.generation import render

    data = json.loads((ROOT / "examples" / "resolution.json").read_text(encoding="utf-8"))
    kk = folder / "қаулы.docx"
    kk.write_bytes(render("resolution", data, lang="kk"))
    d = docx.Document(io.BytesIO(render("resolution", data, lang="ru")))
    for p in d.paragraphs:
        for r in p.runs:
            r.text = r.text.replace("Об утверждении", "О утверждении").replace(" города ", "  города  ")
            r.text = r.text.replace("2025", "2024", 1) if "2025 года" in r.text and "№" not in r.text else r.text
    ru = folder / "постановление.docx"
    d.save(ru)
    return kk, ru


def main(out: Path) -> None:
    from playwright.sync_api import sync_playwright

    out.mkdir(parents=True, exist_ok=True)
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    server = subprocess.Popen([sys.executable, "-c", "from service.cli import main; main()", "serve", "--host",
                               "127.0.0.1", "--port", str(port), "--workers", "1"], cwd=ROOT,
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(120):
            try:
                urllib.request.urlopen(base + "/healthz", timeout=1)
                break
            except OSError:
                time.sleep(0.5)
        with tempfile.TemporaryDirectory() as tmp, sync_playwright() as p:
            kk, ru = _documents(Path(tmp))
            browser = p.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu"])
            for lang in ("kk", "ru"):
                for width in (1280, 390):
                    ctx = browser.new_context(viewport={"width": width, "height": 900 if width > 500 else 844},
                                              device_scale_factor=1, locale={"kk": "kk-KZ", "ru": "ru-RU"}[lang])
                    page = ctx.new_page()
                    page.goto(base + "/")
                    page.wait_for_selector("body[data-ready=true]")
                    page.click(f"[data-ui-lang={lang}]")
                    page.set_input_files("#file-input", str(ru))
                    page.set_input_files("#pair-input", str(kk))
                    page.select_option("#check-kind", "resolution")
                    page.uncheck("#opt-pages")
                    page.click("#check-btn")
                    page.wait_for_selector("#verdict strong")
                    page.query_selector("#report").scroll_into_view_if_needed()
                    page.screenshot(path=str(out / f"check-{lang}-{width}.png"), full_page=width < 500)
                    page.click("#tab-generate")
                    page.wait_for_selector("#gen-form [data-path='number']")
                    page.fill("#gen-form [data-path='number']", "")
                    page.click("#gen-download")
                    page.wait_for_selector("#gen-form .sf-error")
                    page.wait_for_timeout(300)
                    page.screenshot(path=str(out / f"form-{lang}-{width}.png"))
                    ctx.close()
                    print(out / f"check-{lang}-{width}.png", out / f"form-{lang}-{width}.png")
            browser.close()
    finally:
        end_process(server, grace=30)


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "docs" / "screenshots")
