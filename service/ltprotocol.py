"""LanguageTool's HTTP protocol (``POST /v2/check``, ``GET /v2/languages``) over Qujat's paragraph proofing.

Editors that let a user set a LanguageTool server — LibreOffice, the ONLYOFFICE plugin, LanguageTool's browser
extensions and Word add-ins, ``language_tool_python`` — get Kazakh and Russian matches from
:func:`validators.proofing.textcheck.check_text` in the JSON they expect. Offsets and lengths are counted in
UTF-16 code units, as those clients count. Bodies are read as sent: properly form-encoded, or raw as
LibreOffice 7.x posts them (``text=…&language=kk-KZ`` without URL-encoding, so «+ 5 & 6 … 100%» arrives as is).
"""

from __future__ import annotations

import functools
import json
import logging
import multiprocessing
import os
import re
import urllib.parse
from concurrent.futures import Executor, ProcessPoolExecutor
from dataclasses import dataclass, field
from typing import Any

from validators.proofing.textcheck import LANGS, RuleSelection, TextCheck, TextMatch, check_text, sentence_at
from validators.proofing.typing import WordJudge

log = logging.getLogger("qujat.http")

SOFTWARE = {"name": "Qujat", "version": "0.1.0", "buildDate": "", "apiVersion": 1, "premium": False,
            "premiumHint": "", "status": ""}
LANGUAGES = (  # what GET /v2/languages lists, and the codes /v2/check accepts
    {"name": "Kazakh", "code": "kk", "longCode": "kk-KZ"},
    {"name": "Russian", "code": "ru", "longCode": "ru-RU"},
)
LANGUAGE_NAMES = {"kk": {"kk": "Қазақ тілі", "ru": "Казахский", "en": "Kazakh"},
                  "ru": {"kk": "Орыс тілі", "ru": "Русский", "en": "Russian"}}
CONTEXT_CHARS = 40


class ProtocolError(Exception):
    """A request LanguageTool would refuse; answered as LanguageTool does: status and a plain-text «Error: …»."""

    def __init__(self, status: int, message: dict[str, str]):
        super().__init__(message["en"])
        self.status = status
        self.message = message

    def text(self, lang: str) -> str:
        return "Error: " + self.message.get(lang, self.message["ru"])


def _error(status: int, kk: str, ru: str, en: str) -> ProtocolError:
    return ProtocolError(status, {"kk": kk, "ru": ru, "en": en})


# --- the request ---------------------------------------------------------------------------------------------

_FORM_SAFE = re.compile(rb"\A[A-Za-z0-9*\-._~%+=&]*\Z")  # every byte a form encoder may emit
_ESCAPE_OK = re.compile(rb"%(?![0-9A-Fa-f]{2})")
_RAW_BODY = re.compile(
    r"\A(?P<field>text|data)=(?P<value>.*)&language=(?P<language>[A-Za-z]{2,3}(?:-[A-Za-z0-9]+)*|auto)"
    r"(?P<rest>(?:&[A-Za-z]+=[^&]*)*)\Z",
    re.DOTALL,
)


def parse_body(body: bytes, content_type: str = "") -> dict[str, str]:
    """The request's fields from a form-encoded body, or from the raw ``text=…&language=…`` LibreOffice sends."""
    if content_type.startswith("application/json"):
        try:
            decoded = json.loads(body.decode("utf-8"))
        except (UnicodeDecodeError, json.JSONDecodeError):
            raise _error(400, "Сұраудың денесі JSON емес.", "Тело запроса — не JSON.",
                         "The request body is not JSON.") from None
        if not isinstance(decoded, dict):
            raise _error(400, "JSON нысан болуы тиіс.", "JSON должен быть объектом.", "JSON must be an object.")
        return {str(k): v if isinstance(v, str) else json.dumps(v, ensure_ascii=False) for k, v in decoded.items()}
    try:
        text = body.decode("utf-8")
    except UnicodeDecodeError:
        raise _error(400, "Сұрау UTF-8 кодталмаған.", "Запрос не в кодировке UTF-8.",
                     "The request is not UTF-8.") from None
    if _FORM_SAFE.match(body) and not _ESCAPE_OK.search(body):
        return dict(urllib.parse.parse_qsl(text, keep_blank_values=True))
    raw = _RAW_BODY.match(text)
    if raw is None:  # raw characters but not LibreOffice's shape: read what can be read, as-is
        return dict(pair.partition("=")[::2] for pair in text.split("&") if "=" in pair)
    fields = {raw["field"]: raw["value"], "language": raw["language"]}
    fields.update(urllib.parse.parse_qsl(raw["rest"].lstrip("&"), keep_blank_values=True))
    return fields


@dataclass
class CheckRequest:
    text: str  # what is proofed: markup of annotated ``data`` already removed
    language: str  # "kk", "ru" or "auto"
    mother_tongue: str | None
    preferred: tuple[str, ...]
    selection: RuleSelection
    to_original: list[int] | None = None  # plain-text offset → offset in the annotated original
    original: str = ""
    fields: dict[str, str] = field(default_factory=dict)


def _codes(value: str | None) -> frozenset[str]:
    return frozenset(v.strip() for v in (value or "").split(",") if v.strip())


def _lang_code(value: str) -> str | None:
    code = value.strip().split("-")[0].lower()
    return code if code in LANGS else None


def message_lang(fields: dict[str, str]) -> str:
    """The language of the messages: the user's ``motherTongue`` (kk, ru or en), else the text's, else Russian."""
    mother = (fields.get("motherTongue") or "").lower()
    if mother.startswith("en"):
        return "en"
    return _lang_code(mother) or _lang_code(fields.get("language") or "") or "ru"


def read_request(fields: dict[str, str], max_chars: int) -> CheckRequest:
    """Validate the fields of a /v2/check call; ProtocolError names what is wrong."""
    language = (fields.get("language") or "").strip()
    if not language:
        raise _error(400, "«language» параметрі жоқ.", "Не указан параметр «language».",
                     "Missing 'language' parameter.")
    if language != "auto" and _lang_code(language) is None:
        raise _error(400, f"«{language}» тілі қолдау көрсетілмейді: kk-KZ, ru-RU немесе auto.",
                     f"Язык «{language}» не поддерживается: kk-KZ, ru-RU или auto.",
                     f"'{language}' is not a language code known to this server: kk-KZ, ru-RU or auto.")
    if "text" in fields:
        original, text, mapping = fields["text"], fields["text"], None
    elif "data" in fields:
        original, text, mapping = _annotated(fields["data"])
    else:
        raise _error(400, "«text» немесе «data» параметрі жоқ.", "Не указан параметр «text» или «data».",
                     "Missing 'text' or 'data' parameter.")
    if len(original) > max_chars:
        raise _error(413, f"Мәтін тым ұзын: {len(original)} таңба, шегі {max_chars}.",
                     f"Текст слишком длинный: {len(original)} символов при пределе {max_chars}.",
                     f"Your text exceeds the limit of {max_chars} characters (it's {len(original)} characters).")
    mother = message_lang({"motherTongue": fields.get("motherTongue") or ""}) if fields.get("motherTongue") else None
    preferred = tuple(c for c in (_lang_code(v) for v in _codes(fields.get("preferredVariants"))) if c)
    selection = RuleSelection(
        enabled=_codes(fields.get("enabledRules")), disabled=_codes(fields.get("disabledRules")),
        enabled_categories=_codes(fields.get("enabledCategories")),
        disabled_categories=_codes(fields.get("disabledCategories")),
        enabled_only=(fields.get("enabledOnly") or "").lower() == "true",
    )
    return CheckRequest(text=text, language=_lang_code(language) or "auto", mother_tongue=mother,
                        preferred=preferred, selection=selection, to_original=mapping, original=original,
                        fields=fields)


def _annotated(data: str) -> tuple[str, str, list[int]]:
    """LanguageTool's annotated text: ``{"annotation": [{"text": …} | {"markup": …, "interpretAs": …}]}`` →
    (the original with markup, the text to proof, plain offset → original offset)."""
    try:
        parts = json.loads(data).get("annotation")
        if not isinstance(parts, list):
            raise TypeError
    except (json.JSONDecodeError, AttributeError, TypeError):
        raise _error(400, "«data» — LanguageTool-дың белгіленген мәтіні емес.",
                     "«data» — не размеченный текст LanguageTool.",
                     "'data' is not LanguageTool's annotated text: {\"annotation\": [...]}.") from None
    original: list[str] = []
    plain: list[str] = []
    mapping: list[int] = []
    pos = 0
    for part in parts:
        if not isinstance(part, dict):
            raise _error(400, "«annotation» элементтері нысан болуы тиіс.",
                         "Элементы «annotation» должны быть объектами.", "Annotation items must be objects.")
        if "text" in part:
            chunk = str(part["text"])
            original.append(chunk)
            plain.append(chunk)
            mapping.extend(range(pos, pos + len(chunk)))
            pos += len(chunk)
        elif "markup" in part:
            markup = str(part["markup"])
            spoken = str(part.get("interpretAs", ""))
            original.append(markup)
            plain.append(spoken)
            mapping.extend([pos] * len(spoken))  # what markup stands for points at the markup
            pos += len(markup)
    mapping.append(pos)  # the end
    return "".join(original), "".join(plain), mapping


# --- the answer --------------------------------------------------------------------------------------------

def utf16_offsets(text: str) -> list[int] | None:
    """UTF-16 offset of every Python index of ``text`` (and of its end); None when they coincide."""
    if text.isascii() or all(ord(ch) < 0x10000 for ch in text):
        return None
    out, units = [], 0
    for ch in text:
        out.append(units)
        units += 2 if ord(ch) >= 0x10000 else 1
    out.append(units)
    return out


def _units(table: list[int] | None, index: int) -> int:
    return index if table is None else table[index]


def answer(request: CheckRequest, result: TextCheck) -> dict[str, Any]:
    """The JSON LanguageTool answers a /v2/check with."""
    msg_lang = request.mother_tongue or result.lang
    original = request.original
    table = utf16_offsets(original)
    matches = [_match(request, m, msg_lang, original, table) for m in result.matches]
    detected = result.detected or result.lang
    long_code = {entry["code"]: entry["longCode"] for entry in LANGUAGES}
    return {
        "software": SOFTWARE,
        "warnings": {"incompleteResults": not result.complete},
        "language": {
            "name": LANGUAGE_NAMES[result.lang]["en"], "code": long_code[result.lang],
            "detectedLanguage": {"name": LANGUAGE_NAMES[detected]["en"], "code": long_code[detected],
                                 "confidence": round(result.confidence, 2)},
        },
        "matches": matches,
        "notes": [{"code": code, "message": text.get(msg_lang, text["ru"])} for code, text in result.notes.items()],
    }


def _match(request: CheckRequest, m: TextMatch, lang: str, original: str, table: list[int] | None) -> dict:
    start, end = m.start, m.end
    if request.to_original is not None:
        start = request.to_original[start]
        end = request.to_original[end - 1] + 1 if end > m.start else start
    a = max(0, start - CONTEXT_CHARS)
    b = min(len(original), end + CONTEXT_CHARS)
    context = ("…" if a else "") + original[a:b] + ("…" if b < len(original) else "")
    ctx_table = utf16_offsets(context)
    in_context = start - a + (1 if a else 0)
    offset = _units(table, start)
    return {
        "message": m.message.get(lang, m.message["ru"]),
        "shortMessage": m.presentation.short.get(lang, m.presentation.short["ru"]),
        "replacements": [{"value": r} for r in m.replacements],
        "offset": offset,
        "length": _units(table, end) - offset,
        "context": {"text": context, "offset": _units(ctx_table, in_context),
                    "length": _units(ctx_table, in_context + end - start) - _units(ctx_table, in_context)},
        "sentence": sentence_at(request.text, m.start),
        "type": {"typeName": "UnknownWord" if m.presentation.issue_type == "misspelling" else "Other"},
        "rule": {
            "id": m.rule.id,
            "description": m.presentation.short.get(lang, m.presentation.short["ru"]),
            "issueType": m.presentation.issue_type,
            "category": {"id": m.presentation.category,
                         "name": m.presentation.category_name.get(lang, m.presentation.category_name["ru"])},
        },
        "ignoreForIncompleteSentence": False,
        "contextForSureMatch": 0,
    }


def run(fields: dict[str, str], *, max_chars: int, budget: float | None = None, profile: str | None = None,
        judge: WordJudge | None = None) -> dict[str, Any]:
    """A whole /v2/check: fields in, LanguageTool's JSON out (ProtocolError for a request it would refuse).
    ``budget``: seconds new words may take to judge; what is not judged by then comes in a later answer."""
    request = read_request(fields, max_chars)
    lang = None if request.language == "auto" else request.language
    result = check_text(request.text, lang, profile=profile, selection=request.selection,
                        preferred=request.preferred, budget=budget, judge=judge)
    return answer(request, result)


@functools.cache
def word_judge() -> WordJudge:
    """The service's judge of new words: they are judged in a process of its own (which ends with the server),
    so a slow word never competes with the answers for this process's interpreter."""
    return WordJudge(_judge_process)


def _judge_process() -> Executor:
    return ProcessPoolExecutor(max_workers=1, mp_context=multiprocessing.get_context("spawn"),
                               initializer=_start_judge, initargs=(os.getpid(),))


def _start_judge(parent: int) -> None:
    from service.lifetime import die_with_parent
    from validators.proofing.speller import get_speller
    from validators.proofing.suggest import get_suggester

    die_with_parent(parent)
    try:
        get_speller()
        get_suggester()
    except Exception:  # noqa: BLE001 - absent dictionaries: each answer's notes say so
        pass


def start_word_judge() -> None:
    """Start the judging process and wait until it has judged a word (dictionaries loaded), so no editor's
    request pays for it."""
    try:
        word_judge().check("проверка", "ru", budget=60)
    except Exception:  # noqa: BLE001 - absent dictionaries: each answer's notes say so
        log.warning("the word judge of /v2/check did not start", exc_info=True)
