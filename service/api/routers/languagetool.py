"""LanguageTool's API for editors: ``GET /v2/languages`` and ``POST /v2/check`` (see service.ltprotocol and
docs/editors.md). Errors are answered as LanguageTool answers them: a status and a plain-text «Error: …»."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse, PlainTextResponse, Response

from service import ltprotocol
from service.api.deps import AppSettings
from service.api.middleware import key_accepted
from service.api.settings import Settings

router = APIRouter(prefix="/v2", tags=["editors (LanguageTool API)"])


@router.get("/languages", summary="Languages an editor may ask for (LanguageTool API)")
async def languages() -> list[dict[str, str]]:
    return list(ltprotocol.LANGUAGES)


async def _body(request: Request, limit: int) -> bytes:
    chunks, size = [], 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > limit:
            raise ltprotocol.ProtocolError(413, {
                "kk": f"Сұрау тым үлкен: шегі {limit} байт.", "ru": f"Запрос слишком большой: предел {limit} байт.",
                "en": f"The request is too large: the limit is {limit} bytes."})
        chunks.append(chunk)
    return b"".join(chunks)


_TEXT_ERROR = {"content": {"text/plain": {"schema": {"type": "string", "example": "Error: …"}}}}
RESPONSES: dict[int | str, dict] = {
    200: {"description": "LanguageTool's answer: software, language (with detectedLanguage), matches",
          "content": {"application/json": {}}},
    400: {"description": "a request LanguageTool would refuse (no text, unknown language, bad data)", **_TEXT_ERROR},
    401: {"description": "QUJAT_API_KEYS is set and neither X-API-Key nor apiKey holds a key", **_TEXT_ERROR},
    413: {"description": "the text is longer than QUJAT_LT_MAX_CHARS, or the body too large", **_TEXT_ERROR},
}
FIELDS = {
    "type": "object",
    "properties": {
        "text": {"type": "string", "description": "the text to proof"},
        "data": {"type": "string", "description": "annotated text: {\"annotation\": [{\"text\"}|{\"markup\", "
                                                  "\"interpretAs\"}]} (instead of text)"},
        "language": {"type": "string", "example": "kk-KZ", "description": "kk-KZ, kk, ru-RU, ru or auto"},
        "motherTongue": {"type": "string", "description": "the language of the messages (kk, ru, en)"},
        "preferredVariants": {"type": "string", "description": "languages to fall back on with auto"},
        "enabledRules": {"type": "string"}, "disabledRules": {"type": "string"},
        "enabledCategories": {"type": "string"}, "disabledCategories": {"type": "string"},
        "enabledOnly": {"type": "string", "enum": ["true", "false"]},
        "level": {"type": "string"}, "apiKey": {"type": "string"}, "username": {"type": "string"},
    },
    "required": ["language"],
}
SUMMARY = "Proof a paragraph in Kazakh or Russian (LanguageTool API)"


async def _answer(fields_of: Callable[[], Awaitable[dict[str, str]]], request: Request,
                  settings: Settings) -> Response:
    lang = "ru"
    try:
        fields = await fields_of()
        lang = ltprotocol.message_lang(fields)
        offered = request.headers.get("x-api-key") or fields.get("apiKey")
        if not key_accepted(offered, settings.api_keys):
            raise ltprotocol.ProtocolError(401, {
                "kk": "API кілті дұрыс емес немесе берілмеген (X-API-Key немесе apiKey).",
                "ru": "Неверный или отсутствующий ключ API (X-API-Key или apiKey).",
                "en": "A valid API key is required (X-API-Key or apiKey)."})
        answer = await asyncio.to_thread(ltprotocol.run, fields, max_chars=settings.lt_max_chars,
                                         budget=settings.lt_budget_ms / 1000, judge=ltprotocol.word_judge())
    except ltprotocol.ProtocolError as exc:
        return PlainTextResponse(exc.text(lang), status_code=exc.status)
    return JSONResponse(answer)


@router.post("/check", summary=SUMMARY, responses=RESPONSES, response_class=JSONResponse,
             openapi_extra={"requestBody": {"required": True,
                                            "content": {"application/x-www-form-urlencoded": {"schema": FIELDS}}}})
async def check(request: Request, settings: AppSettings) -> Response:
    async def fields() -> dict[str, str]:
        body = await _body(request, settings.lt_max_body_bytes)
        return ltprotocol.parse_body(body, request.headers.get("content-type", ""))

    return await _answer(fields, request, settings)


@router.get("/check", summary=SUMMARY + ", fields in the query", responses=RESPONSES, response_class=JSONResponse)
async def check_by_query(request: Request, settings: AppSettings) -> Response:
    async def fields() -> dict[str, str]:
        return dict(request.query_params)

    return await _answer(fields, request, settings)
