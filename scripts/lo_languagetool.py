#!/usr/bin/python3
"""Proofread texts with LibreOffice's own LanguageTool client pointed at a LanguageTool-compatible server.

Run with the Python that has LibreOffice's ``uno`` module (Debian: /usr/bin/python3 with python3-uno):
    /usr/bin/python3 scripts/lo_languagetool.py http://127.0.0.1:8000/v2 kk-KZ "мәтін" ["text" …]
It starts a headless soffice with a private profile whose settings point
``/org.openoffice.Office.Linguistic/GrammarChecking/LanguageTool`` at the server (BaseURL, IsEnabled),
calls ``org.openoffice.lingu.LanguageToolGrammarChecker.doProofreading`` for each text and prints one JSON
line per text: the errors as LibreOffice received them (start, length, type, rule, comments, suggestions).
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from xml.sax.saxutils import escape

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from service.lifetime import end_process  # noqa: E402  (a leaf module: the standard library only)

SETTINGS = """<?xml version="1.0" encoding="UTF-8"?>
<oor:items xmlns:oor="http://openoffice.org/2001/registry" xmlns:xs="http://www.w3.org/2001/XMLSchema"
           xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
<item oor:path="/org.openoffice.Office.Linguistic/GrammarChecking/LanguageTool">
  <prop oor:name="BaseURL" oor:op="fuse"><value>{url}</value></prop></item>
<item oor:path="/org.openoffice.Office.Linguistic/GrammarChecking/LanguageTool">
  <prop oor:name="IsEnabled" oor:op="fuse"><value>true</value></prop></item>
{more}
</oor:items>
"""


def settings(url: str, more: str = "") -> str:
    """registrymodifications.xcu of a profile whose LanguageTool server is ``url`` (…/v2), with ``more`` items
    (scripts/editor_screenshots.py adds its own)."""
    return SETTINGS.format(url=escape(url), more=more)


def main() -> int:
    import uno  # type: ignore[import-not-found]
    from com.sun.star.beans import PropertyValue  # type: ignore[import-not-found]
    from com.sun.star.lang import Locale  # type: ignore[import-not-found]

    url, language, texts = sys.argv[1], sys.argv[2], sys.argv[3:]
    home = Path(tempfile.mkdtemp(prefix="qujat-lo-lt-"))
    (home / "user").mkdir()
    (home / "user" / "registrymodifications.xcu").write_text(settings(url), encoding="utf-8")
    pipe = f"qujat_lt_{os.getpid()}"
    office = subprocess.Popen(
        ["soffice", "--headless", "--invisible", "--norestore", "--nologo", "--nodefault",
         f"-env:UserInstallation={home.as_uri()}", f"--accept=pipe,name={pipe};urp;"],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env={**os.environ, "HOME": str(home)})
    try:
        resolver = uno.getComponentContext().ServiceManager.createInstanceWithContext(
            "com.sun.star.bridge.UnoUrlResolver", uno.getComponentContext())
        deadline = time.monotonic() + 60
        while True:
            try:
                ctx = resolver.resolve(f"uno:pipe,name={pipe};urp;StarOffice.ComponentContext")
                break
            except Exception:  # noqa: BLE001 - not listening yet
                if time.monotonic() > deadline or office.poll() is not None:
                    print(json.dumps({"error": "soffice did not start"}), flush=True)
                    return 2
                time.sleep(0.3)
        checker = ctx.ServiceManager.createInstanceWithContext("org.openoffice.lingu.LanguageToolGrammarChecker", ctx)
        lang, _, country = language.partition("-")
        locale = Locale(lang, country, "")
        for n, text in enumerate(texts):
            result = checker.doProofreading(f"doc{n}", text, locale, 0, len(text), (PropertyValue(),))
            errors = [{"start": e.nErrorStart, "length": e.nErrorLength, "type": e.nErrorType,
                       "rule": e.aRuleIdentifier, "short": e.aShortComment, "full": e.aFullComment,
                       "suggestions": list(e.aSuggestions)} for e in result.aErrors]
            print(json.dumps({"text": text, "errors": errors}, ensure_ascii=False), flush=True)
        return 0
    finally:
        end_process(office, grace=20)
        shutil.rmtree(home, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
