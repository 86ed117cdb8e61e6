"""`qujat serve`: the HTTP service and web page (uvicorn)."""

from __future__ import annotations

import os

import typer

from service.cli.app import app, error_line, exit_code, fail
from validators.errors import QujatError

DEFAULT_WORKERS = max(1, min(2, os.cpu_count() or 1))


@app.command()
def serve(
    host: str = typer.Option("127.0.0.1", help="address to listen on"),
    port: int = typer.Option(8000, min=1, max=65535, help="TCP port"),
    workers: int = typer.Option(DEFAULT_WORKERS, min=1, max=64,
                                help="server processes (default: one per core, at most 2)"),
    processes: int = typer.Option(None, min=0, max=64,
                                  help="compute processes per server process for checks, so parsing never "
                                       "holds up the event loop (default: QUJAT_PROCESSES, else 1; 0 = threads)"),
) -> None:
    """Serve the HTTP API and the web page (http://HOST:PORT/)."""
    import uvicorn

    from service.api.settings import Settings

    if processes is not None:
        os.environ["QUJAT_PROCESSES"] = str(processes)
    os.environ.setdefault("QUJAT_PROCESSES", "1")  # inherited by every worker
    from service.lifetime import sweep_multiprocessing_tempdirs

    sweep_multiprocessing_tempdirs()  # what killed batch runners and workers of an earlier run left
    try:
        settings = Settings.from_env()  # a malformed QUJAT_* variable stops here with its name, not in every worker
    except ValueError as exc:
        fail(str(exc))
    try:  # a broken profile or catalog file stops here, named, in the reader's language — not in every worker
        from validators import profiles

        for profile_id in profiles.available():
            profiles.load(profile_id)
    except QujatError as exc:
        fail(error_line(exc), exit_code(exc))
    from service.cli.app import message_lang
    from validators.texts import text

    typer.echo("qujat: " + text("cli.serving", message_lang(), host=host, port=port, workers=workers,
                                processes=settings.processes), err=True)
    uvicorn.run("service.api.app:create_app", factory=True, host=host, port=port, workers=workers,
                access_log=False, log_level="warning", timeout_keep_alive=30)
