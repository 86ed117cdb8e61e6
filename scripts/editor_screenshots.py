"""Screenshots of LibreOffice Writer proofreading through Qujat, for docs/editors.md.

A real LibreOffice 7.4 window under Xvfb, driven with xdotool: its LanguageTool options page pointing at
`qujat serve`, a Kazakh and a Russian paragraph underlined with Qujat's matches, and the right-click menus
with Qujat's messages and suggestions. Writes docs/screenshots/lo-*.png.

    python scripts/editor_screenshots.py [OUT_DIR] [--cache DIR]

Needs (Debian 12): `apt-get install xvfb xdotool imagemagick libgtk-3-0` and the Debian LibreOffice that Qujat
uses. That one is the headless `-nogui` build, and other processes on the machine use it, so it is not
replaced: the GUI packages of the same version (libreoffice-core, -writer, -draw, -impress, -gtk3, and the
few libraries they add) are fetched with `apt-get download`, unpacked with `dpkg -x` next to a copy of the
installed tree in the cache folder (default /tmp/qujat-lo-gui, about 400 MB, reused on the next run) and run
from there with a private profile. That profile sets
`/org.openoffice.Office.Linguistic/GrammarChecking/LanguageTool` `BaseURL`/`IsEnabled` (as
scripts/lo_languagetool.py does) and switches off LibreOffice's own Kazakh and Russian spell checker, so every
underline in the pictures is Qujat's. The server runs on a free loopback port; nothing else is reached.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from xml.sax.saxutils import escape

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "scripts")]
from lo_languagetool import settings  # noqa: E402  (the LanguageTool settings, as the UNO test sets them)

from service.lifetime import end_process  # noqa: E402

SYSTEM_LO = Path("/usr/lib/libreoffice")
LO_PACKAGES = ("libreoffice-core", "libreoffice-writer", "libreoffice-draw", "libreoffice-impress",
               "libreoffice-gtk3")
# what the GUI build links that the headless build's dependencies did not install
EXTRA_LIBS = ("libzxing2", "libgstreamer-plugins-base1.0-0", "liborc-0.4-0")
TOOLS = {"Xvfb": "xvfb", "xdotool": "xdotool", "import": "imagemagick", "convert": "imagemagick"}

KK = ("Аудан әкімдігі ҚАУЛЫ ЕТЕДІ: 1. Аудандық білім бөлімі \"Цифрлық мектеп\" бағдарламасы бойынша "
      "мемлекеттк тапсырысты бекiту туралы  ұсынысты заң талаптарына карай енгізсін. 2. Осы қаулының "
      "орындалуын бақылау аудан әкімінің орынбасары Ж. Сәрсенбаевқа жүктелсін жүктелсін.")
RU = "О утверждении плана мероприятий на 2026 год и о исполнении районного бюджета, мероприятй по благоустройству."

DOCUMENT = """<?xml version="1.0" encoding="UTF-8"?>
<office:document xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0"
 xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0"
 xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"
 xmlns:fo="urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0"
 xmlns:svg="urn:oasis:names:tc:opendocument:xmlns:svg-compatible:1.0"
 office:version="1.2" office:mimetype="application/vnd.oasis.opendocument.text">
<office:font-face-decls><style:font-face style:name="Liberation Serif" svg:font-family="'Liberation Serif'"/>
</office:font-face-decls>
<office:styles>
<style:style style:name="Standard" style:family="paragraph">
 <style:paragraph-properties fo:margin-bottom="0.2cm" fo:text-align="justify"/>
 <style:text-properties style:font-name="Liberation Serif" fo:font-size="14pt" fo:language="kk" fo:country="KZ"/>
</style:style>
<style:style style:name="Russian" style:family="paragraph" style:parent-style-name="Standard">
 <style:text-properties style:font-name="Liberation Serif" fo:font-size="14pt" fo:language="ru" fo:country="RU"/>
</style:style>
</office:styles>
<office:body><office:text>
<text:p text:style-name="Standard">{kk}</text:p>
<text:p text:style-name="Russian">{ru}</text:p>
</office:text></office:body></office:document>
"""

QUIET = """<item oor:path="/org.openoffice.Office.Common/Misc">
  <prop oor:name="ShowTipOfTheDay" oor:op="fuse"><value>false</value></prop></item>
<item oor:path="/org.openoffice.Office.Common/Misc">
  <prop oor:name="FirstRun" oor:op="fuse"><value>false</value></prop></item>"""
# an empty list of spell checkers for a locale (the hunspell one stays "last found", so it is not re-added)
NO_SPELLER = """<item oor:path="/org.openoffice.Office.Linguistic/ServiceManager/SpellCheckerList">
  <prop oor:name="{loc}" oor:op="fuse" oor:type="oor:string-list"><value/></prop></item>
<item oor:path="/org.openoffice.Office.Linguistic/ServiceManager/LastFoundSpellCheckers">
  <prop oor:name="{loc}" oor:op="fuse" oor:type="oor:string-list"><value><it>org.openoffice.lingu.MySpellSpellChecker</it></value></prop></item>"""


def run(*cmd: str, **kw: object) -> subprocess.CompletedProcess[str]:
    return subprocess.run(cmd, check=True, text=True, capture_output=True, **kw)  # type: ignore[call-overload]


def installed_version() -> str:
    for name in ("libreoffice-core-nogui", "libreoffice-core"):
        out = subprocess.run(["dpkg-query", "-W", "-f=${Version}", name], text=True, capture_output=True)
        if out.returncode == 0 and out.stdout:
            return out.stdout
    sys.exit("LibreOffice is not installed (scripts/install-system.sh installs it)")


def prepare_office(cache: Path) -> tuple[Path, Path]:
    """A GUI LibreOffice of the installed version under cache/lo, extra libraries under cache/libs."""
    lo, libs, ready = cache / "lo", cache / "libs" / "usr" / "lib" / "x86_64-linux-gnu", cache / "ready"
    version = installed_version()
    if ready.is_file() and ready.read_text() == version:
        return lo, libs
    shutil.rmtree(cache, ignore_errors=True)
    debs, unpacked = cache / "debs", cache / "x"
    debs.mkdir(parents=True)
    print(f"fetching LibreOffice {version} GUI packages into {debs}", flush=True)
    run("apt-get", "download", *(f"{p}={version}" for p in LO_PACKAGES), *EXTRA_LIBS, cwd=debs)
    for deb in sorted(debs.glob("*.deb")):
        extra = any(deb.name.startswith(p + "_") for p in EXTRA_LIBS)
        run("dpkg", "-x", str(deb), str(cache / "libs" if extra else unpacked))
    run("cp", "-a", str(SYSTEM_LO), str(lo))
    run("cp", "-a", f"{unpacked / SYSTEM_LO.relative_to('/')}/.", f"{lo}/")
    for link in [p for p in lo.rglob("*") if p.is_symlink()]:  # relative links pointed into /usr/share
        target = os.readlink(link)
        if not target.startswith("/"):
            link.unlink()
            link.symlink_to(os.path.normpath(SYSTEM_LO / link.parent.relative_to(lo) / target))
    rc = lo / "program" / "fundamentalrc"
    rc.write_text(rc.read_text().replace(f"file://{SYSTEM_LO}", lo.as_uri()))
    missing = set()
    for lib in (lo / "program").glob("*.so"):
        out = subprocess.run(["ldd", str(lib)], text=True, capture_output=True,
                             env={**os.environ, "LD_LIBRARY_PATH": f"{lo / 'program'}:{libs}"}).stdout
        missing |= set(re.findall(r"(\S+) => not found", out))
    if missing:
        sys.exit(f"libraries missing for the GUI LibreOffice: {', '.join(sorted(missing))}")
    ready.write_text(version)
    return lo, libs


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def wait_for(what: str, check: object, seconds: float = 90) -> object:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        value = check()  # type: ignore[operator]
        if value:
            return value
        time.sleep(0.3)
    raise SystemExit(f"timed out waiting for {what}")


@contextmanager
def process(cmd: list[str], log: Path, env: dict[str, str] | None = None,
            cwd: Path | None = None) -> Iterator[subprocess.Popen[bytes]]:
    with log.open("wb") as out:
        proc = subprocess.Popen(cmd, stdout=out, stderr=subprocess.STDOUT, env=env, cwd=cwd)
    try:
        yield proc
    finally:
        end_process(proc, grace=20)


Box = tuple[int, int, int, int]  # x, y, width, height on the screen


class Screen:
    def __init__(self, display: str) -> None:
        self.env = {**os.environ, "DISPLAY": display}

    def key(self, *keys: str, pause: float = 0.3) -> None:
        run("xdotool", "key", "--clearmodifiers", *keys, env=self.env)
        time.sleep(pause)

    def find(self, text: str) -> None:
        """Select the first occurrence of text in the document with the Find toolbar, then close it."""
        self.key("ctrl+f", pause=1)
        run("xdotool", "type", "--delay", "120", text, env=self.env)
        self.key("Return", pause=1)
        self.key("Escape")

    def right_click(self, x: int, y: int) -> None:
        run("xdotool", "mousemove", "--sync", str(x), str(y), "click", "3", env=self.env)

    def until(self, what: str, path: Path, done: Callable[[Path], bool], seconds: float = 60,
              steady: float = 0.5) -> Path:
        """Screenshots into ``path`` until one satisfies ``done`` and the one ``steady`` seconds later is the
        same (LibreOffice has finished painting); on a loaded machine an action can take seconds to show."""
        deadline = time.monotonic() + seconds
        last = path.with_suffix(".prev.png")
        while time.monotonic() < deadline:
            self.grab(path)
            if done(path):
                time.sleep(steady)
                shutil.copy(path, last)
                self.grab(path)
                if change(last, path, None) is None and done(path):
                    return path
            time.sleep(0.5)
        raise SystemExit(f"timed out waiting for {what}")

    def windows(self, name: str) -> list[str]:
        out = subprocess.run(["xdotool", "search", "--name", name], text=True, capture_output=True, env=self.env)
        return out.stdout.split()

    def title(self, window: str) -> str:
        return run("xdotool", "getwindowname", window, env=self.env).stdout.strip()

    def grab(self, path: Path, window: str = "root") -> Path:
        run("import", "-window", window, str(path), env=self.env)
        return path


def change(before: Path, after: Path, region: Box | None) -> Box | None:
    """The box, within region (default: all), of what differs between two screenshots; None if nothing."""
    crop = ["-crop", f"{region[2]}x{region[3]}+{region[0]}+{region[1]}", "+repage"] if region else []
    out = subprocess.run(["convert", str(before), str(after), "-compose", "difference", "-composite", *crop,
                          "-threshold", "1%", "-format", "%@", "info:"], text=True, capture_output=True).stdout
    found = re.fullmatch(r"(\d+)x(\d+)\+(\d+)\+(\d+)", out.strip())
    if not found or not int(found[1]) or not int(found[2]):
        return None
    w, h, x, y = map(int, found.groups())
    return (region[0] if region else 0) + x, (region[1] if region else 0) + y, w, h


def around(*boxes: Box, pad: int = 24, left: int = 0) -> Box:
    x0 = min(b[0] for b in boxes) - pad - left
    y0 = min(b[1] for b in boxes) - pad
    x1 = max(b[0] + b[2] for b in boxes) + pad
    y1 = max(b[1] + b[3] for b in boxes) + pad
    return max(0, x0), max(0, y0), x1 - max(0, x0), y1 - max(0, y0)


def save(src: Path, dest: Path, box: Box) -> None:
    x, y, w, h = box
    run("convert", str(src), "-crop", f"{w}x{h}+{x}+{y}", "+repage", "-strip", "-colors", "256",
        "-define", "png:compression-level=9", str(dest))
    print(dest, f"{dest.stat().st_size // 1024} KB", flush=True)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("out", nargs="?", type=Path, default=ROOT / "docs" / "screenshots")
    ap.add_argument("--cache", type=Path, default=Path("/tmp/qujat-lo-gui"))
    args = ap.parse_args()
    lacking = sorted({pkg for tool, pkg in TOOLS.items() if not shutil.which(tool)})
    if lacking:
        sys.exit(f"install first: apt-get install {' '.join(lacking)}")
    lo, libs = prepare_office(args.cache)
    args.out.mkdir(parents=True, exist_ok=True)
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    display = next(f":{n}" for n in range(90, 200) if not Path(f"/tmp/.X11-unix/X{n}").exists()
                   and not Path(f"/tmp/.X{n}-lock").exists())
    with tempfile.TemporaryDirectory(prefix="qujat-lo-shots-") as tmp_name:
        tmp = Path(tmp_name)
        # every answer waits for its words (no typing budget), so the pictures show what the server finds
        server_env = {**os.environ, "PYTHONPATH": str(ROOT), "QUJAT_LT_BUDGET_MS": "600000"}
        server_cmd = [sys.executable, "-c", "from service.cli import main; main()", "serve", "--host", "127.0.0.1",
                      "--port", str(port), "--workers", "1"]
        with process(server_cmd, tmp / "server.log", env=server_env, cwd=ROOT), \
                process(["Xvfb", display, "-screen", "0", "1280x800x24", "-nolisten", "tcp"], tmp / "xvfb.log"):
            wait_for("qujat serve", lambda: _up(base + "/healthz"))
            wait_for("Xvfb", lambda: Path(f"/tmp/.X11-unix/X{display[1:]}").exists(), 20)
            try:
                shoot(Screen(display), lo, libs, tmp, base, args.out)
            except BaseException:
                kept = Path(tempfile.mkdtemp(prefix="qujat-lo-shots-failed-"))
                shutil.copytree(tmp, kept, dirs_exist_ok=True, ignore=shutil.ignore_patterns("home"))
                print(f"the screens and logs of this run are kept in {kept}", file=sys.stderr)
                raise


def _up(url: str) -> bool:
    try:
        with urllib.request.urlopen(url, timeout=2):
            return True
    except OSError:
        return False


def shoot(screen: Screen, lo: Path, libs: Path, tmp: Path, base: str, out: Path) -> None:
    home = tmp / "home"
    (home / "user").mkdir(parents=True)
    more = "\n".join([QUIET, *(NO_SPELLER.format(loc=loc) for loc in ("kk-KZ", "ru-RU"))])
    (home / "user" / "registrymodifications.xcu").write_text(settings(base + "/v2", more), encoding="utf-8")
    # a steady text cursor, so two screenshots differ only by what the script did
    (home / ".config" / "gtk-3.0").mkdir(parents=True)
    (home / ".config" / "gtk-3.0" / "settings.ini").write_text("[Settings]\ngtk-cursor-blink=false\n")
    doc = tmp / "қаулы.fodt"
    doc.write_text(DOCUMENT.format(kk=escape(KK), ru=escape(RU)), encoding="utf-8")
    env = {**screen.env, "HOME": str(home), "SAL_USE_VCLPLUGIN": "gtk3", "LD_LIBRARY_PATH": str(libs),
           "LANG": "C.UTF-8"}
    office = [str(lo / "program" / "soffice"), f"-env:UserInstallation={home.as_uri()}", "--norestore", "--nologo",
              str(doc)]
    server_log = tmp / "server.log"
    with process(office, tmp / "office.log", env=env):
        writer = wait_for("the Writer window", lambda: screen.windows("LibreOffice Writer"))[0]  # type: ignore[index]
        # LibreOffice proofreads each paragraph once through /v2/check; then give it a moment to paint
        wait_for("LibreOffice's checks", lambda: server_log.read_text(errors="replace").count('"/v2/check"') >= 2)
        screen.key("ctrl+Home")
        geometry = run("xdotool", "getwindowgeometry", writer, env=screen.env).stdout
        wx, wy = map(int, re.search(r"Position: (\d+),(\d+)", geometry).groups())  # type: ignore[union-attr]
        ww, wh = map(int, re.search(r"Geometry: (\d+)x(\d+)", geometry).groups())  # type: ignore[union-attr]
        text_area = (wx, wy + 130, ww, wh - 240)  # between the ruler and the Find toolbar
        page = screen.until("the underlines painted", tmp / "page.png",
                            lambda p: underlined_lines(p, text_area) >= 5, steady=3)
        save(page, out / "lo-writer-underlined.png", (wx, wy, ww, 385))

        # a right click on the Kazakh typo and on «О утверждении», the Russian paragraph's first words
        for name, word in (("kk", "мемлекеттк"), ("ru", "утверждении")):
            start = screen.grab(tmp / f"start-{name}.png")
            for attempt in range(3):  # xdotool types Cyrillic by remapping a key: on a busy machine a letter can slip
                screen.find(word)
                try:
                    selected = screen.until(f"«{word}» found", tmp / f"selected-{name}.png",
                                            lambda p, s=start: change(s, p, text_area) is not None, seconds=20)
                    break
                except SystemExit:
                    if attempt == 2:
                        raise
                    screen.key("Escape")
            screen.key("Left")
            before = screen.until("the selection gone", tmp / f"before-{name}.png",
                                  lambda p, s=selected: change(s, p, text_area) is not None)
            word_box = change(selected, before, text_area)  # the word, highlighted while selected
            assert word_box is not None
            x, y, w, h = word_box
            screen.right_click(x + w // 2, y + h // 2)
            menu = screen.until("the right-click menu", tmp / f"menu-{name}.png",
                                lambda p, b=before: menu_sized(change(b, p, text_area)))
            menu_box = change(before, menu, text_area)
            assert menu_box is not None
            save(menu, out / f"lo-writer-menu-{name}.png", around(word_box, menu_box, left=120))
            screen.key("Escape")
            screen.until("the menu closed", tmp / f"closed-{name}.png",
                         lambda p, b=before: not menu_sized(change(b, p, text_area)))

        # Tools ▸ Options (Alt+F12) ▸ Language Settings ▸ LanguageTool Server Settings
        screen.key("alt+F12")
        dialog = wait_for("the Options dialog", lambda: screen.windows("^Options"))[0]  # type: ignore[index]
        time.sleep(2)
        # the tree: collapse «LibreOffice», go to «Language Settings», open it, its third page
        screen.key("Home", "shift+Left", "Down", "Down", "shift+Right", "Down", "Down", "Down")
        wait_for("the LanguageTool page", lambda: "LanguageTool" in screen.title(dialog), 30)
        shot = screen.until("the LanguageTool page painted", tmp / "options.png", lambda p: True)
        dx, dy = map(int, re.search(r"Position: (\d+),(\d+)",  # type: ignore[union-attr]
                                    run("xdotool", "getwindowgeometry", dialog, env=screen.env).stdout).groups())
        dw = int(re.search(r"Geometry: (\d+)x", run("xdotool", "getwindowgeometry", dialog,  # type: ignore[union-attr]
                                                       env=screen.env).stdout)[1])
        save(shot, out / "lo-languagetool-options.png", (dx, dy, dw, 350))
        screen.key("Escape")


def underlined_lines(path: Path, region: Box) -> int:
    """How many text lines in region have a wavy underline (red or orange pixels) under some word."""
    from PIL import Image

    x, y, w, h = region
    with Image.open(path) as im:
        px = im.convert("RGB").crop((x, y, x + w, y + h)).load()
        assert px is not None
        rows = [any(r > 170 and g < 150 and b < 90 for r, g, b in (px[i, j] for i in range(0, w))) for j in range(h)]
    return sum(1 for j in range(1, h) if rows[j] and not rows[j - 1])


def menu_sized(box: Box | None) -> bool:
    return box is not None and box[2] >= 150 and box[3] >= 80


if __name__ == "__main__":
    main()
