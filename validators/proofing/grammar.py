"""Russian grammar through LanguageTool, only when it is configured; nothing is ever downloaded.

``QUJAT_LANGUAGETOOL_URL``  a running LanguageTool server (e.g. ``http://127.0.0.1:8081``), or
``QUJAT_LANGUAGETOOL_DIR``  a local LanguageTool directory holding ``languagetool-server.jar`` (Java ≥17
                            is needed; language-tool-python starts the server from it).
LanguageTool has no Kazakh module, so Kazakh text is never grammar-checked. Spelling matches of
LanguageTool are dropped (hunspell + lexicon do spelling) and so are whitespace ones (a rule of its own).
"""

from __future__ import annotations

import functools
import os
import threading
from dataclasses import dataclass
from pathlib import Path

from validators.errors import ServiceUnavailable
from validators.settings import current

_JARS = ("languagetool-server.jar", "LanguageTool.jar")
_SKIPPED_CATEGORIES = frozenset({"TYPOS"})
_SKIPPED_RULES = frozenset({"WHITESPACE_RULE", "DOUBLE_PUNCTUATION", "UPPERCASE_SENTENCE_START"})


@dataclass(frozen=True)
class GrammarIssue:
    rule: str  # LanguageTool rule id, e.g. "RU_COMPARATIVE_FOR_ADJ"
    message: str
    start: int
    end: int
    replacements: tuple[str, ...] = ()


def configuration() -> tuple[str | None, str]:
    """("url"|"dir"|None, detail): how LanguageTool is configured, or why it is not."""
    url = current().languagetool_url
    if url:
        return "url", url
    folder = current().languagetool_dir
    if folder:
        if not any((Path(folder) / jar).is_file() for jar in _JARS):
            return None, f"QUJAT_LANGUAGETOOL_DIR={folder} holds no {' or '.join(_JARS)}"
        return "dir", folder
    return None, "LanguageTool is not configured (set QUJAT_LANGUAGETOOL_URL or QUJAT_LANGUAGETOOL_DIR)"


class Grammar:
    """A LanguageTool client for Russian; one per process (starting a local server takes seconds)."""

    def __init__(self) -> None:
        mode, detail = configuration()
        if mode is None:
            raise ServiceUnavailable(detail)
        import language_tool_python

        try:
            if mode == "url":
                self.tool = language_tool_python.LanguageTool("ru-RU", remote_server=detail)
            else:
                os.environ["LTP_JAR_DIR_PATH"] = detail  # makes language-tool-python skip any download
                self.tool = language_tool_python.LanguageTool("ru-RU")
        except Exception as exc:  # noqa: BLE001 - Java missing, server down, bad directory
            raise ServiceUnavailable(f"LanguageTool ({mode} {detail}) could not start: {exc}") from None
        self._lock = threading.Lock()

    def check(self, text: str) -> list[GrammarIssue]:
        try:
            with self._lock:
                matches = self.tool.check(text)
        except Exception as exc:  # noqa: BLE001 - connection errors of every kind
            raise ServiceUnavailable(f"LanguageTool failed: {exc}") from None
        return [
            GrammarIssue(m.rule_id, m.message, m.offset, m.offset + m.error_length, tuple(m.replacements[:3]))
            for m in matches
            if m.category not in _SKIPPED_CATEGORIES and m.rule_id not in _SKIPPED_RULES
        ]


@functools.cache
def get_grammar() -> Grammar:
    """The process-wide LanguageTool client; raises ServiceUnavailable (cached) when not configured."""
    return Grammar()
