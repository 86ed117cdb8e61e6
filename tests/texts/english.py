"""The English-word scan of tests/texts: Latin words a Kazakh or Russian clerk would read, less an allow-list."""

from __future__ import annotations

import re

# Latin words a Kazakh or Russian clerk reads as they are: file formats, products, fonts, units.
ALLOWED = {
    "docx", "pdf", "pptx", "doc", "xlsx", "zip", "cms", "sig", "p7s", "csv", "html", "json",
    "arial", "times", "new", "roman", "libreoffice", "languagetool", "hunspell", "word", "qujat", "ncalayer",
    "mail", "e", "url", "id", "http", "https", "www", "kz", "iin", "bin", "ok", "sha", "tesseract",
    "office", "powerpoint", "celery", "qr", "api", "md", "pki", "crl", "ocsp", "pades", "rsa", "rtf", "xml", "dtd", "ppt", "xls", "utf", "redis", "der", "pem", "base",
    "kk", "ru", "en",  # the language codes a user types
}
LATIN_WORD = re.compile(r"[A-Za-z][A-Za-z]+")


def english(s: str) -> list[str]:
    """Latin words in ``s`` that are not on the allow-list (template fields removed first)."""
    s = re.sub(r"\{[^{}]*\}", " ", s)
    s = re.sub(r"(?<!\w)--?[a-z][\w-]*", " ", s)  # a command-line option, typed as it is written
    return [w for w in LATIN_WORD.findall(s) if w.lower() not in ALLOWED]
