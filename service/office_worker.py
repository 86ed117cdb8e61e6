"""One LibreOffice worker: owns the UNO connection to one soffice process and converts files on request.

Run by the Python that LibreOffice's ``uno`` module belongs to (on Debian ``/usr/bin/python3`` with
python3-uno), never imported by Qujat itself. ``service.office`` starts soffice, then this script:

    python3 office_worker.py --pipe NAME --soffice-pid PID --connect-timeout SECONDS

Protocol: one JSON object per line on stdin, one JSON answer per line on stdout.
  {"op": "convert", "src": PATH, "dst": PATH, "import_filter": NAME, "export_filter": NAME,
   "filter_data": {...}}                      -> {"ok": true} | {"ok": false, "error": KIND, "message": TEXT}
  {"op": "ping"}                              -> {"ok": true}
  {"op": "quit"}                              -> soffice is terminated, the worker exits
KIND is "load" (LibreOffice cannot read the input), "export" (it cannot write the output), "crash" (the
soffice process died or the connection broke) or "request" (a malformed request).
When stdin closes (the parent died), the worker terminates soffice, deletes the process's directory (--workdir)
and exits, so nothing is left behind.
"""

from __future__ import annotations

import argparse
import json
import os
import select
import shutil
import signal
import sys
import time

import uno  # provided by python3-uno; it must be imported before com.sun.star
from com.sun.star.beans import PropertyValue
from com.sun.star.io import IOException
from com.sun.star.lang import DisposedException, IllegalArgumentException
from com.sun.star.uno import RuntimeException

# Don't run macros, don't update external links: documents come from users.
NEVER_EXECUTE = 0
NO_UPDATE = 0


def prop(name: str, value: object) -> PropertyValue:
    p = PropertyValue()
    p.Name = name
    p.Value = value
    return p


def connect(pipe: str, deadline: float, soffice: Soffice):
    """The soffice Desktop, retrying until soffice accepts connections or the deadline passes."""
    local = uno.getComponentContext()
    resolver = local.ServiceManager.createInstanceWithContext("com.sun.star.bridge.UnoUrlResolver", local)
    url = f"uno:pipe,name={pipe};urp;StarOffice.ComponentContext"
    while True:
        try:
            ctx = resolver.resolve(url)
            return ctx.ServiceManager.createInstanceWithContext("com.sun.star.frame.Desktop", ctx)
        except Exception as exc:  # NoConnectException while soffice starts
            if time.monotonic() > deadline:
                raise TimeoutError(f"soffice did not accept a UNO connection on pipe {pipe}: {exc}") from exc
            if soffice.exited():
                raise ConnectionError(f"soffice (pid {soffice.pid}) exited before accepting connections") from exc
            time.sleep(0.05)


class Soffice:
    """The soffice process, watched through a pidfd, which turns readable as soon as it exits (even while
    it waits, a zombie, for our parent to reap it)."""

    def __init__(self, pid: int):
        self.pid = pid
        try:
            self._fd: int | None = os.pidfd_open(pid)
        except ProcessLookupError:
            self._fd = None

    def exited(self, wait: float = 0.0) -> bool:
        return self._fd is None or bool(select.select([self._fd], [], [], wait)[0])


def filter_data(values: dict) -> uno.Any:
    return uno.Any("[]com.sun.star.beans.PropertyValue", tuple(prop(k, v) for k, v in values.items()))


def convert(desktop, req: dict) -> dict:
    src_url = uno.systemPathToFileUrl(req["src"])
    dst_url = uno.systemPathToFileUrl(req["dst"])
    load_props = (
        prop("Hidden", True),
        prop("ReadOnly", True),
        prop("FilterName", req["import_filter"]),  # explicit: garbage must fail, not open as plain text
        prop("MacroExecutionMode", NEVER_EXECUTE),
        prop("UpdateDocMode", NO_UPDATE),
        prop("Silent", True),
    )
    try:
        doc = desktop.loadComponentFromURL(src_url, "_blank", 0, load_props)
    except (IllegalArgumentException, IOException) as exc:
        return {"ok": False, "error": "load", "message": exc.Message or type(exc).__name__}
    if doc is None:
        return {"ok": False, "error": "load",
                "message": f"LibreOffice cannot read it with the filter {req['import_filter']!r}"}
    try:
        store_props = [prop("FilterName", req["export_filter"])]
        if req.get("filter_data"):
            store_props.append(prop("FilterData", filter_data(req["filter_data"])))
        try:
            doc.storeToURL(dst_url, tuple(store_props))
        except IOException as exc:
            return {"ok": False, "error": "export", "message": exc.Message or type(exc).__name__}
    finally:
        try:
            doc.close(True)
        except Exception:  # noqa: BLE001 - a document that refuses to close is disposed with soffice
            pass
    return {"ok": True}


def handle(desktop, req: dict) -> dict:
    op = req.get("op")
    if op == "ping":
        desktop.getCurrentComponent()  # a round trip through the bridge
        return {"ok": True}
    if op == "convert":
        return convert(desktop, req)
    return {"ok": False, "error": "request", "message": f"unknown op {op!r}"}


def terminate(desktop, soffice: Soffice) -> None:
    try:
        if desktop is not None:
            desktop.terminate()
    except Exception:  # noqa: BLE001 - the bridge closes under us when soffice quits
        pass
    if not soffice.exited(wait=5.0):
        try:
            os.kill(soffice.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--pipe", required=True)
    parser.add_argument("--soffice-pid", type=int, required=True)
    parser.add_argument("--connect-timeout", type=float, default=60.0)
    parser.add_argument("--workdir", help="the process's directory (profile, files in flight), removed at exit")
    args = parser.parse_args()

    # Answers go to a private copy of stdout; anything else printed (by UNO or LibreOffice) goes to stderr.
    out = os.fdopen(os.dup(1), "w", encoding="utf-8", buffering=1)
    os.dup2(2, 1)

    def answer(obj: dict) -> None:
        out.write(json.dumps(obj) + "\n")
        out.flush()

    try:
        soffice = Soffice(args.soffice_pid)
        desktop = connect(args.pipe, time.monotonic() + args.connect_timeout, soffice)
    except (TimeoutError, ConnectionError) as exc:
        answer({"ok": False, "error": "start", "message": str(exc)})
        return 1
    answer({"ok": True, "ready": True, "pid": os.getpid()})

    for line in sys.stdin:
        try:
            req = json.loads(line)
        except json.JSONDecodeError as exc:
            answer({"ok": False, "error": "request", "message": f"bad JSON: {exc}"})
            continue
        if req.get("op") == "quit":
            break
        try:
            answer(handle(desktop, req))
        except (KeyError, TypeError) as exc:
            answer({"ok": False, "error": "request", "message": f"malformed request: {exc!r}"})
        except (DisposedException, RuntimeException) as exc:
            answer({"ok": False, "error": "crash", "message": f"{type(exc).__name__}: {exc.Message}"})
            return 1
        except Exception as exc:  # noqa: BLE001 - another UNO failure: report it; stay up only if soffice is
            alive = not soffice.exited()
            answer({"ok": False, "error": "export" if alive else "crash", "message": f"{type(exc).__name__}: {exc}"})
            if not alive:
                return 1
    terminate(desktop, soffice)
    if args.workdir:  # our parent normally does it; not if it was killed, and then this is the last chance
        remove_workdir(args.workdir)
    return 0


def remove_workdir(workdir: str) -> None:
    """Delete the process's folder. With private pipes this worker runs in soffice's mount namespace, where the
    folder is a bind mount over itself on a read-only /tmp: its contents go, the folder itself cannot. Then
    /tmp and /var/tmp are made writable again in this namespace (ours alone; the machine's mounts are not
    touched), the bind mounts dropped, and the folder (and a pipe folder of its own) removed."""
    import subprocess

    shutil.rmtree(workdir, ignore_errors=True)
    pipes = os.environ.get("OSL_SOCKET_PATH")
    if not pipes or not os.path.exists(workdir):
        return
    for path in ("/tmp", "/var/tmp"):
        subprocess.run(["mount", "-o", "remount,bind,rw", path], capture_output=True, check=False)
    for path in (pipes, workdir):
        subprocess.run(["umount", "-l", path], capture_output=True, check=False)
    for path in (workdir, pipes):
        shutil.rmtree(path, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
