"""The FastAPI application: routers per concern (listed in ``ROUTERS``), JSON errors, request ids and logs, the API-key gate, CORS, the work queue,
and the web page at ``/``."""

from __future__ import annotations

import asyncio
import gc
import logging
from contextlib import asynccontextmanager
from pathlib import Path

from fastapi import FastAPI
from fastapi.middleware.cors import CORSMiddleware
from fastapi.openapi.utils import get_openapi
from fastapi.responses import FileResponse
from fastapi.staticfiles import StaticFiles
from starlette.formparsers import MultiPartParser

from service import ltprotocol
from service.api import errors
from service.api.deps import QueuedRoute
from service.api.middleware import RequestContextMiddleware, configure_logging
from service.api.routers import batches, compare, languagetool, meta, parity, render, signing, validate
from service.api.settings import Settings
from service.api.workqueue import WorkQueue
from service.warmup import warm_up

STATIC = Path(__file__).resolve().parent / "static"
log = logging.getLogger("qujat.http")


# Every router of the API; a new one is added here (and nowhere else).
ROUTERS = (batches.router, compare.router, meta.router, parity.router, render.router, signing.router,
           validate.router, languagetool.router)


@asynccontextmanager
async def _lifespan(app: FastAPI):
    try:
        await asyncio.to_thread(warm_up, templates=True)
    except Exception:  # a broken profile must be visible, but /healthz and the page still serve
        log.exception("warm-up failed")
    await asyncio.to_thread(ltprotocol.start_word_judge)  # /v2/check's judging process, ready before requests
    app.state.work.start()
    gc.freeze()  # what start-up loaded lives as long as the process: keep it out of the collector's scans
    yield
    app.state.work.shutdown()  # (the word judge's process ends with this process)


def _openapi(app: FastAPI):
    def schema() -> dict:
        if app.openapi_schema is None:
            doc = get_openapi(title=app.title, version=app.version, description=app.description,
                              routes=app.routes)
            components = doc.setdefault("components", {})
            components.setdefault("securitySchemes", {})["ApiKey"] = {
                "type": "apiKey", "in": "header", "name": "X-API-Key",
                "description": "Needed when the server sets QUJAT_API_KEYS",
            }
            for path, operations in doc.get("paths", {}).items():
                if path.startswith("/v1/"):
                    for op in operations.values():
                        op.setdefault("security", [{"ApiKey": []}, {}])
            app.openapi_schema = doc
        return app.openapi_schema

    return schema


def create_app(settings: Settings | None = None) -> FastAPI:
    settings = settings or Settings.from_env()
    configure_logging(settings.log_level)
    # Uploads stay in memory up to the limit (never spooled to a temporary file on disk).
    MultiPartParser.spool_max_size = max(MultiPartParser.spool_max_size, settings.max_request_bytes)

    app = FastAPI(title="Qujat", version="0.1.0", lifespan=_lifespan,
                  description="Generation and validation of akimat documents in Kazakh and Russian.")
    app.state.settings = settings
    app.state.work = WorkQueue.from_settings(settings)
    errors.install(app)

    app.state.queued_paths = set()
    for router in ROUTERS:
        app.include_router(router, max_body_size=settings.max_request_bytes,
                           responses=errors.error_responses(*errors.DOCUMENTED_ERRORS))
        app.state.queued_paths.update(r.path for r in router.routes if isinstance(r, QueuedRoute))

    if STATIC.is_dir():
        app.mount("/static", StaticFiles(directory=STATIC), name="static")

        @app.get("/", include_in_schema=False)
        async def index() -> FileResponse:
            return FileResponse(STATIC / "index.html", media_type="text/html; charset=utf-8")

    app.openapi = _openapi(app)  # type: ignore[method-assign]
    app.add_middleware(RequestContextMiddleware, settings=settings)
    if settings.cors_origins:
        app.add_middleware(
            CORSMiddleware,
            allow_origins=list(settings.cors_origins),
            allow_methods=["GET", "POST", "OPTIONS"],
            allow_headers=["X-API-Key", "X-Request-ID", "Content-Type"],
            expose_headers=["Content-Disposition", "X-Request-ID", "Retry-After"],
            max_age=600,
        )
    return app
