"""The FastAPI application: routers per concern (every module in ``service.api.routers`` that defines
``router`` is included), JSON errors, and the web page at ``/``."""

from __future__ import annotations

import importlib
import pkgutil

from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse

from validators.errors import QujatError


def create_app() -> FastAPI:
    app = FastAPI(title="Qujat", version="0.1.0",
                  description="Generation and validation of akimat documents in Kazakh and Russian.")

    @app.exception_handler(QujatError)
    async def qujat_error(_: Request, exc: QujatError) -> JSONResponse:
        return JSONResponse(exc.to_dict(), status_code=exc.http_status)

    from service.api import routers

    for info in sorted(pkgutil.iter_modules(routers.__path__), key=lambda i: i.name):
        module = importlib.import_module(f"{routers.__name__}.{info.name}")
        if hasattr(module, "router"):
            app.include_router(module.router)
    return app
