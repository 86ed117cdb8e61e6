"""LibreOffice pool: DOCX/PPTX/ODT → PDF (optionally PDF/A-2b, optionally byte-deterministic), page counts and
the fonts substituted while rendering.

A pool of warm soffice processes, each with its own user profile (``-env:UserInstallation``) and driven over
UNO by one worker (``service/office_worker.py``, run by the Python that owns LibreOffice's ``uno`` module,
talking JSON lines over pipes). Processes start lazily; a conversion that outlives its timeout gets its soffice
killed and replaced; a dead soffice is replaced before the next document, and a document that aborts soffice
over UNO gets one cold ``soffice --convert-to``. Documents cannot make LibreOffice fetch URLs or files (external
links removed, a refusing proxy in every profile). Thread-safe: the HTTP server and the batch runner call it
concurrently. A leaf module: it imports nothing of ours but ``validators.errors``, ``service.limits`` (and its
office_* helpers).

Ceilings per document (each refused or ended with a kk/ru/en message from service/limits.yaml): pages
(explicit breaks counted before rendering, the PDF's pages after), slides, table cells, CPU seconds and memory
of soffice while it converts. Nothing is left behind: soffice writes its temporary files (``lu*.tmp``) into
the process's private folder, and a process that is killed, times out or dies is reaped at once (a watcher
thread) with its folder (profile, temporary files, files in flight) and its UNO pipe sockets removed.
LibreOffice 7.4 creates those sockets in /tmp whatever TMPDIR says (``/tmp/OSL_PIPE_<uid>_<name>``); the
pool names them, records them and unlinks them with the process. With root, soffice and its worker run in a
mount namespace of their own that makes the sockets go to the process's private folder (``private_pipes_supported``);
everywhere they are owner-only (umask 077).

Configuration (environment; fields of validators.settings.Settings):
  QUJAT_OFFICE_WORKERS        soffice processes in the pool (default 2)
  QUJAT_OFFICE_TIMEOUT        seconds allowed per document (default 60)
  QUJAT_OFFICE_START_TIMEOUT  seconds allowed for one soffice to start (default 60)
  QUJAT_OFFICE_QUEUE_TIMEOUT  seconds a caller may wait for a free process (default 300)
  QUJAT_OFFICE_RECYCLE_AFTER  documents after which a process is restarted, 0 = never (default 200)
  QUJAT_OFFICE_MAX_PAGES      pages of one document, 0 = no limit (default 500)
  QUJAT_OFFICE_MAX_SLIDES     slides of one presentation, 0 = no limit (default 300)
  QUJAT_OFFICE_MAX_TABLE_CELLS  table cells of one document, 0 = no limit (default 5000)
  QUJAT_OFFICE_MAX_CPU_SECONDS  CPU seconds soffice may spend on one document, 0 = no limit (default 30)
  QUJAT_OFFICE_MAX_MEMORY_MB  soffice memory (RSS) while converting; above it the conversion is ended (default 2048)
  QUJAT_OFFICE_RECYCLE_MEMORY_MB  soffice memory after a document above which the process is restarted (default 1024)
  QUJAT_SOFFICE               the soffice (or soffice.bin) to run (default: found on PATH / /usr/lib/libreoffice)
  QUJAT_OFFICE_PYTHON         a Python that can ``import uno`` (default: LibreOffice's own, else /usr/bin/python3)
"""

from __future__ import annotations

import atexit
import functools
import hashlib
import json
import os
import queue
import select
import shutil
import subprocess
import tempfile
import threading
import time
import uuid
from collections import OrderedDict
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from service import limits, office_fonts, office_pdf, office_source
from service.lifetime import end_process
from validators.errors import ServiceUnavailable, UnsupportedType, UnusableDocument
from validators.settings import SettingsError, current

WORKER_SCRIPT = Path(__file__).with_name("office_worker.py")
FIXED_DATE = datetime(2000, 1, 1, tzinfo=UTC)  # deterministic PDFs of documents that carry no date
_RESTART_REQUESTED = 81  # soffice's exit code after it initialised a fresh user profile

# source extension → (LibreOffice application, import filter)
IMPORT_FILTERS = {
    "docx": ("writer", "MS Word 2007 XML"),
    "doc": ("writer", "MS Word 97"),
    "odt": ("writer", "writer8"),
    "rtf": ("writer", "Rich Text Format"),
    "pptx": ("impress", "Impress MS PowerPoint 2007 XML"),
    "ppt": ("impress", "MS PowerPoint 97"),
    "odp": ("impress", "impress8"),
}
# (application, target extension) → export filter
EXPORT_FILTERS = {
    ("writer", "pdf"): "writer_pdf_Export",
    ("writer", "docx"): "MS Word 2007 XML",
    ("writer", "odt"): "writer8",
    ("impress", "pdf"): "impress_pdf_Export",
    ("impress", "pptx"): "Impress MS PowerPoint 2007 XML",
    ("impress", "odp"): "impress8",
}
PDFA_2B = {"SelectPdfVersion": 2}


@dataclass(frozen=True)
class RenderInfo:
    """What rendering a document showed: its page count and the fonts asked for, used and substituted."""

    pages: int
    fonts_requested: list[str] = field(default_factory=list)  # from the document: styles in use, runs, theme
    fonts_embedded: list[str] = field(default_factory=list)  # families the rendered PDF uses
    substituted: list[tuple[str, str]] = field(default_factory=list)  # (requested, used instead)
    metric_compatible: list[tuple[str, str]] = field(default_factory=list)  # the substitutions that keep metrics
    declared_pages: int | None = None  # the count the last application to lay it out stored, when believable

    @property
    def layout_faithful(self) -> bool:
        """True when every substitution is metric-compatible, so the page count should match Word's."""
        return len(self.metric_compatible) == len(self.substituted)

    @property
    def confident(self) -> bool:
        """True when the page count can be enforced: fonts are faithful and no stored count contradicts it."""
        return self.layout_faithful and self.declared_pages in (None, self.pages)

    def to_dict(self) -> dict:
        return {"pages": self.pages, "fonts_requested": self.fonts_requested,
                "fonts_embedded": self.fonts_embedded,
                "substituted": [list(s) for s in self.substituted],
                "metric_compatible": [list(s) for s in self.metric_compatible],
                "layout_faithful": self.layout_faithful, "declared_pages": self.declared_pages,
                "confident": self.confident}


# ---------------------------------------------------------------------------------------------- configuration

@dataclass(frozen=True)
class OfficeConfig:
    """Settings of a pool; ``from_env`` reads the QUJAT_OFFICE_* variables."""

    workers: int = 2
    timeout: float = 60.0
    start_timeout: float = 60.0
    queue_timeout: float = 300.0
    recycle_after: int = 200
    max_pages: int = 500
    max_slides: int = 300
    max_table_cells: int = 5000
    max_cpu_seconds: float = 30.0
    max_memory_mb: float = 2048.0
    recycle_memory_mb: float = 1024.0

    @classmethod
    def from_env(cls) -> OfficeConfig:
        """The QUJAT_OFFICE_* settings; a malformed one makes the office unavailable, naming it."""
        try:
            settings = current()
        except SettingsError as exc:
            raise ServiceUnavailable(exc.message) from None
        return cls(workers=settings.office_workers, timeout=settings.office_timeout,
                   start_timeout=settings.office_start_timeout, queue_timeout=settings.office_queue_timeout,
                   recycle_after=settings.office_recycle_after, max_pages=settings.office_max_pages,
                   max_slides=settings.office_max_slides, max_table_cells=settings.office_max_table_cells,
                   max_cpu_seconds=settings.office_max_cpu_seconds, max_memory_mb=settings.office_max_memory_mb,
                   recycle_memory_mb=settings.office_recycle_memory_mb)


@functools.cache
def _find_soffice(configured: str | None) -> str | None:
    """The soffice.bin to run (not the shell wrapper: we need the real process to watch and kill)."""
    candidates = [configured] if configured else [shutil.which("soffice"), shutil.which("libreoffice"),
                                                  "/usr/lib/libreoffice/program/soffice"]
    for candidate in candidates:
        if not candidate:
            continue
        real = Path(candidate).resolve()
        binary = real if real.name == "soffice.bin" else real.with_name("soffice.bin")
        if binary.is_file() and os.access(binary, os.X_OK):
            return str(binary)
    return None


@functools.cache
def _find_python(configured: str | None, soffice: str) -> str | None:
    """A Python interpreter that can ``import uno`` (LibreOffice's bundled one, else the system's)."""
    candidates = [configured] if configured else [str(Path(soffice).with_name("python")), "/usr/bin/python3",
                                                  shutil.which("python3")]
    for candidate in candidates:
        if not candidate or not Path(candidate).is_file():
            continue
        try:
            ok = subprocess.run([candidate, "-c", "import uno"], capture_output=True, timeout=30).returncode == 0
        except (OSError, subprocess.TimeoutExpired):
            ok = False
        if ok:
            return candidate
    return None


def binaries() -> tuple[str, str]:
    """Paths of soffice and of a Python that imports uno; ServiceUnavailable when either is missing."""
    soffice = _find_soffice(current().soffice or None)
    if soffice is None:
        raise ServiceUnavailable("LibreOffice (soffice) is not installed: install libreoffice-writer-nogui and "
                                 "libreoffice-impress-nogui (make install), or set QUJAT_SOFFICE")
    python = _find_python(current().office_python or None, soffice)
    if python is None:
        raise ServiceUnavailable("no Python can import LibreOffice's uno module: install python3-uno "
                                 "(make install), or set QUJAT_OFFICE_PYTHON")
    return soffice, python


def available() -> bool:
    """True when LibreOffice and a UNO-capable Python are installed (processes are not started)."""
    try:
        binaries()
    except ServiceUnavailable:
        return False
    return True


# ------------------------------------------------------------------------------------------ one soffice process

# Every http/https/ftp request LibreOffice would make goes to a proxy that refuses it: a document cannot make
# the server fetch URLs (linked pictures in .doc/.rtf…; OOXML/ODF links are also removed beforehand).
_NO_NETWORK = "".join(
    f'<item oor:path="/org.openoffice.Inet/Settings"><prop oor:name="{name}" oor:op="fuse">'
    f"<value>{value}</value></prop></item>\n"
    for name, value in [("ooInetProxyType", "2"), ("ooInetNoProxy", ""),
                        *[(f"ooInet{scheme}Proxy{part}", value) for scheme in ("HTTP", "HTTPS", "FTP")
                          for part, value in (("Name", "127.0.0.1"), ("Port", "1"))]])


def _seed_profile(profile: Path) -> None:
    """Create a user profile whose settings forbid network access (LibreOffice fills in the rest)."""
    (profile / "user").mkdir(parents=True, exist_ok=True)
    (profile / "user" / "registrymodifications.xcu").write_text(
        '<?xml version="1.0" encoding="UTF-8"?>\n<oor:items xmlns:oor="http://openoffice.org/2001/registry" '
        'xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">\n'
        + _NO_NETWORK + "</oor:items>\n", encoding="utf-8")


def _soffice_command(soffice: str, profile: Path) -> list[str]:
    """soffice.bin, headless, on its own user profile."""
    return [soffice, "--headless", "--invisible", "--nologo", "--norestore", "--nodefault", "--nolockcheck",
            f"-env:UserInstallation={profile.as_uri()}"]


def _soffice_env(tmp: Path) -> dict[str, str]:
    """UTC clock (stable PDF dates), the headless VCL plugin, our fontconfig (Kazakh font names), and
    ``tmp`` (the process's private folder) for LibreOffice's temporary files (``lu*.tmp``)."""
    tmp.mkdir(mode=0o700, parents=True, exist_ok=True)
    return dict(os.environ, TZ="UTC", SAL_USE_VCLPLUGIN="svp", TMPDIR=str(tmp), TMP=str(tmp), TEMP=str(tmp),
                **office_fonts.fontconfig_env())


_CLOCK_TICKS = os.sysconf("SC_CLK_TCK") if hasattr(os, "sysconf") else 100
_PAGE_BYTES = os.sysconf("SC_PAGE_SIZE") if hasattr(os, "sysconf") else 4096


def cpu_seconds(pid: int) -> float | None:
    """User + system CPU seconds the process has used (Linux /proc), None when it cannot be read."""
    try:
        with open(f"/proc/{pid}/stat", "rb") as fh:
            fields = fh.read().rsplit(b")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / _CLOCK_TICKS
    except (OSError, IndexError, ValueError):
        return None


def rss_mb(pid: int) -> float | None:
    """Resident memory of the process in MB (Linux /proc), None when it cannot be read."""
    try:
        with open(f"/proc/{pid}/statm", "rb") as fh:
            return int(fh.read().split()[1]) * _PAGE_BYTES / (1024 * 1024)
    except (OSError, IndexError, ValueError):
        return None


def _unix_sockets(pid: int) -> list[str]:
    """Paths of the UNIX sockets the process has open (its listening UNO pipes)."""
    inodes = set()
    try:
        for fd in os.listdir(f"/proc/{pid}/fd"):
            try:
                target = os.readlink(f"/proc/{pid}/fd/{fd}")
            except OSError:
                continue
            if target.startswith("socket:["):
                inodes.add(target[8:-1])
        with open("/proc/net/unix", encoding="utf-8", errors="replace") as fh:
            next(fh, None)
            return sorted({parts[7] for parts in (line.split() for line in fh)
                           if len(parts) >= 8 and parts[6] in inodes and parts[7].startswith("/")})
    except OSError:
        return []


def _pipe_path(name: str, folder: Path | None = None) -> str:
    """Where LibreOffice 7.4 puts the socket of ``--accept=pipe,name=NAME``: /tmp (hard-coded in
    sal/osl/unx/pipe.cxx, TMPDIR is not read), or ``folder`` when the process runs with private pipes."""
    return f"{folder or '/tmp'}/OSL_PIPE_{os.getuid()}_{name}"


# LibreOffice's pipe directory is /tmp, else /var/tmp, and only when neither is writable its bootstrap variable
# OSL_SOCKET_PATH. With root, soffice and its UNO worker run in a mount namespace of their own where /tmp and
# /var/tmp are read-only bind mounts (the process's folder and its pipe folder bound writable again over
# themselves), so both sides of the pipe use OSL_SOCKET_PATH = the private pipe folder. Runs inside ``unshare``.
_PRIVATE_PIPES_SCRIPT = ('set -e; for d in /tmp /var/tmp; do if [ -d "$d" ]; then mount --bind "$d" "$d"; '
                         'mount -o remount,bind,ro "$d"; fi; done; for d in "$1" "$2"; do mount --bind "$d" "$d"; '
                         'mount -o remount,bind,rw "$d"; done; shift 2; exec "$@"')
_SUN_PATH_MAX = 107  # sockaddr_un.sun_path holds 108 bytes with the terminating NUL


@functools.cache
def private_pipes_supported() -> bool:
    """True when soffice can run with its pipes in its private folder: root (CAP_SYS_ADMIN for a mount
    namespace), ``unshare``, ``nsenter`` and ``mount`` present, and a namespace can be made here (a container
    without the capability cannot)."""
    if os.geteuid() != 0 or not all(shutil.which(b) for b in ("unshare", "nsenter", "mount")):
        return False
    try:
        with tempfile.TemporaryDirectory(prefix="qujat-probe-") as probe:
            return subprocess.run(["unshare", "--mount", "--propagation", "private", "sh", "-c",
                                   _PRIVATE_PIPES_SCRIPT, "sh", probe, probe, "touch", f"{probe}/ok"],
                                  capture_output=True, timeout=10).returncode == 0 and Path(probe, "ok").exists()
    except (OSError, subprocess.TimeoutExpired):
        return False


def _private_pipe_dir(folder: Path) -> Path | None:
    """The folder for the process's pipe sockets when they can be private (see ``private_pipes_supported``):
    ``folder/p``, or a private folder of its own in /tmp when that path is too long for a UNIX socket address
    (a deep TMPDIR); None: the sockets go to /tmp (the documented limit)."""
    if not private_pipes_supported():
        return None
    for pipes in (folder / "p", None):
        if pipes is None:
            pipes = Path(tempfile.mkdtemp(prefix="qujat-pipes-", dir="/tmp"))
        longest = len(str(_pipe_path("SingleOfficeIPC_" + "0" * 32, pipes)).encode())
        if longest <= _SUN_PATH_MAX:
            pipes.mkdir(mode=0o700, exist_ok=True)
            return pipes
    return None


def _in_private_namespace(command: list[str], folder: Path, pipes: Path) -> list[str]:
    """``command`` run in a mount namespace of its own where LibreOffice puts its pipes in ``pipes``."""
    return ["unshare", "--mount", "--propagation", "private", "sh", "-c", _PRIVATE_PIPES_SCRIPT, "sh", str(folder),
            str(pipes), *command]


def _same_mount_namespace(pid: int) -> bool:
    try:
        return os.readlink(f"/proc/{pid}/ns/mnt") == os.readlink("/proc/self/ns/mnt")
    except OSError:
        return False


class _Timeout(Exception):
    """The worker did not answer in time."""


class _Crash(Exception):
    """The soffice process or its worker died or broke the connection."""


class _Limit(Exception):
    """soffice went past a per-document ceiling (CPU seconds, memory) while converting; ``error`` says so."""

    def __init__(self, error: Exception):
        super().__init__(str(error))
        self.error = error


@dataclass
class _Budget:
    """What one conversion may use of soffice: CPU seconds (from ``cpu_start``) and memory."""

    pid: int
    cpu_start: float
    max_cpu_seconds: float
    max_memory_mb: float

    def check(self) -> None:
        if self.max_cpu_seconds:
            used = cpu_seconds(self.pid)
            if used is not None and used - self.cpu_start > self.max_cpu_seconds:
                raise _Limit(limits.exceeded("document-cpu", f"{self.max_cpu_seconds:g}",
                                             round(used - self.cpu_start, 1)))
        if self.max_memory_mb:
            rss = rss_mb(self.pid)
            if rss is not None and rss > self.max_memory_mb:
                raise _Limit(limits.exceeded("document-memory", f"{self.max_memory_mb:g}", round(rss)))


def _detail(answer: dict) -> str:
    message = answer.get("message") or ""
    return f" ({message})" if message and "cannot read it with the filter" not in message else ""


class OfficeProcess:
    """One soffice with its own user profile and the UNO worker that drives it; restartable."""

    def __init__(self, slot: int, config: OfficeConfig):
        self.slot = slot
        self.config = config
        self.jobs = 0
        self._dir: Path | None = None
        self._soffice: subprocess.Popen | None = None
        self._worker: subprocess.Popen | None = None
        self._buffer = b""
        self._pipes: list[str] = []  # UNO pipe sockets of the running soffice, unlinked with it
        self._pipe_dir: Path | None = None  # their private folder (None: /tmp, see private_pipes_supported)
        self.lock = threading.Lock()  # held while a caller or the pool's watcher uses the process

    @property
    def pid(self) -> int | None:
        """The soffice process id, or None when not running."""
        return self._soffice.pid if self._soffice is not None and self.alive() else None

    @property
    def started(self) -> bool:
        """True from start until the process is killed or stopped (even if soffice died meanwhile)."""
        return self._dir is not None

    def alive(self) -> bool:
        return (self._soffice is not None and self._soffice.poll() is None
                and self._worker is not None and self._worker.poll() is None)

    def ensure_started(self) -> None:
        if self.alive():
            return
        self.kill()
        self.start()

    def rss_mb(self) -> float | None:
        pid = self.pid
        return rss_mb(pid) if pid is not None else None

    def start(self) -> None:
        soffice, python = binaries()
        self._dir = Path(tempfile.mkdtemp(prefix=f"qujat-office-{self.slot}-"))
        (self._dir / "io").mkdir(mode=0o700)
        _seed_profile(self._dir / "profile")
        deadline = time.monotonic() + self.config.start_timeout
        for _ in range(3):  # a fresh profile makes soffice exit once with 81 ("restart me")
            answer = self._launch(soffice, python, deadline)
            if answer.get("ok"):
                self.jobs = 0
                if self._soffice is not None:
                    self._pipes = sorted(set(self._pipes) | set(_unix_sockets(self._soffice.pid)))
                return
            restart = self._soffice is not None and self._soffice.poll() == _RESTART_REQUESTED
            self._stop_processes()
            if not restart:
                break
        log = self._log_tail()
        self.kill()
        raise ServiceUnavailable(f"LibreOffice could not start: {answer.get('message', 'no answer')}"
                                 + (f"; soffice said: {log}" if log else ""))

    def _launch(self, soffice: str, python: str, deadline: float) -> dict:
        assert self._dir is not None
        pipe = f"qujat_{os.getpid()}_{self.slot}_{uuid.uuid4().hex[:12]}"  # no document data in a name
        if self._pipe_dir is None:  # one per process folder, kept across a restart on a fresh profile
            self._pipe_dir = _private_pipe_dir(self._dir)
        self._pipes.append(_pipe_path(pipe, self._pipe_dir))
        with open(self._dir / "soffice.log", "ab") as log:
            try:
                self._spawn(soffice, python, pipe, deadline, log)
            except OSError as exc:
                return {"ok": False, "message": f"cannot run {soffice} or {python}: {exc}"}
        self._buffer = b""
        try:
            return self._read_answer(deadline)
        except _Timeout:
            return {"ok": False, "message": f"no UNO connection within {self.config.start_timeout:g} s"}
        except _Crash as exc:
            return {"ok": False, "message": str(exc)}

    def _spawn(self, soffice: str, python: str, pipe: str, deadline: float, log) -> None:
        """Start soffice (its own session, its own profile, listening on ``pipe``) and the UNO worker. Both
        run under umask 077 (the sockets are owner-only); with private pipes, in soffice's mount namespace."""
        assert self._dir is not None
        env = _soffice_env(self._dir / "tmp")
        command = [*_soffice_command(soffice, self._dir / "profile"),
                   f"--accept=pipe,name={pipe};urp;StarOffice.ComponentContext"]
        worker = [python, str(WORKER_SCRIPT), "--pipe", pipe, "--soffice-pid", "{pid}",
                  "--connect-timeout", f"{max(deadline - time.monotonic(), 1):.1f}", "--workdir", str(self._dir)]
        worker_env = None
        if self._pipe_dir is not None:
            env["OSL_SOCKET_PATH"] = str(self._pipe_dir)
            worker_env = dict(os.environ, OSL_SOCKET_PATH=str(self._pipe_dir))
            command = _in_private_namespace([*command, f"-env:OSL_SOCKET_PATH={self._pipe_dir}"], self._dir,
                                            self._pipe_dir)
        self._soffice = subprocess.Popen(command, stdin=subprocess.DEVNULL, stdout=log, stderr=log, env=env,
                                         start_new_session=True, umask=0o077)
        worker = [part.replace("{pid}", str(self._soffice.pid)) for part in worker]
        if self._pipe_dir is not None:
            while _same_mount_namespace(self._soffice.pid) and self._soffice.poll() is None \
                    and time.monotonic() < deadline:
                time.sleep(0.005)  # unshare has not made its namespace yet: joining now would join ours
            worker = ["nsenter", f"--target={self._soffice.pid}", "--mount", "--", *worker]
        self._worker = subprocess.Popen(worker, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=log,
                                        env=worker_env, start_new_session=True, umask=0o077)

    def _log_tail(self) -> str:
        try:
            text = (self._dir / "soffice.log").read_text(errors="replace") if self._dir else ""
        except OSError:
            return ""
        return " ".join(text.split())[-300:]

    def _read_answer(self, deadline: float, budget: _Budget | None = None) -> dict:
        """The worker's next answer; soffice is watched meanwhile, so its death (or, with a ``budget``, its
        going past the CPU or memory ceiling) is noticed at once."""
        assert self._worker is not None and self._worker.stdout is not None
        fd = self._worker.stdout.fileno()
        while b"\n" not in self._buffer:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise _Timeout()
            if self._soffice is not None and self._soffice.poll() is not None:
                raise _Crash(f"soffice exited with code {self._soffice.returncode}")
            if budget is not None:
                budget.check()
            ready, _, _ = select.select([fd], [], [], min(remaining, 0.25))
            if ready:
                chunk = os.read(fd, 65536)
                if not chunk:
                    raise _Crash("the UNO worker exited")
                self._buffer += chunk
        line, _, self._buffer = self._buffer.partition(b"\n")
        try:
            return json.loads(line)
        except json.JSONDecodeError as exc:
            raise _Crash(f"garbled answer from the UNO worker: {line[:200]!r}") from exc

    def request(self, message: dict, timeout: float, budget: _Budget | None = None) -> dict:
        """Send one request to the worker and wait for its answer; on timeout (or past the ``budget``) the
        processes are killed."""
        assert self._worker is not None and self._worker.stdin is not None
        try:
            self._worker.stdin.write((json.dumps(message) + "\n").encode())
            self._worker.stdin.flush()
            return self._read_answer(time.monotonic() + timeout, budget)
        except (BrokenPipeError, OSError) as exc:
            self.kill()
            raise _Crash(f"the UNO worker is gone ({exc})") from exc
        except (_Timeout, _Crash, _Limit):
            self.kill()
            raise

    def convert_file(self, data: bytes, source_ext: str, target: str, import_filter: str, export_filter: str,
                     filter_data: dict, timeout: float) -> bytes:
        """Convert ``data`` through files in this process's private directory (removed right after)."""
        assert self._dir is not None
        token = uuid.uuid4().hex
        src = self._dir / "io" / f"{token}.{source_ext}"
        dst = self._dir / "io" / f"{token}.out.{target}"
        budget = None
        if self._soffice is not None:
            budget = _Budget(self._soffice.pid, cpu_seconds(self._soffice.pid) or 0.0,
                             self.config.max_cpu_seconds, self.config.max_memory_mb)
        try:
            src.write_bytes(data)
            answer = self.request({"op": "convert", "src": str(src), "dst": str(dst),
                                   "import_filter": import_filter, "export_filter": export_filter,
                                   "filter_data": filter_data}, timeout, budget)
            self.jobs += 1
            if answer.get("ok"):
                if not dst.is_file():
                    raise UnusableDocument(f"LibreOffice wrote no {target.upper()} for the document")
                return dst.read_bytes()
            if answer.get("error") == "crash":
                self.kill()
                raise _Crash(answer.get("message", "soffice crashed"))
            if answer.get("error") == "export":
                raise UnusableDocument(f"LibreOffice could not write the {target.upper()}" + _detail(answer))
            raise UnusableDocument(f"LibreOffice cannot load the {source_ext.upper()} file: it is corrupt, "
                                   f"encrypted or not a {source_ext.upper()}" + _detail(answer))
        finally:
            for path in (src, dst):
                path.unlink(missing_ok=True)

    def _stop_processes(self, polite: bool = False) -> None:
        if polite and self.alive():
            try:
                assert self._worker is not None and self._worker.stdin is not None
                self._worker.stdin.write(b'{"op": "quit"}\n')
                self._worker.stdin.flush()
                self._worker.wait(timeout=10)
            except (OSError, subprocess.TimeoutExpired, AssertionError):
                pass
        for proc in (self._worker, self._soffice):
            end_process(proc, group=True)  # each leads its own session: its children go too
        for proc in (self._worker, self._soffice):
            if proc is not None:
                for stream in (proc.stdin, proc.stdout):
                    if stream is not None:
                        stream.close()
        self._worker = self._soffice = None
        for path in self._pipes:  # LibreOffice leaves its pipe sockets when it is killed
            try:
                os.unlink(path)
            except OSError:
                pass
        self._pipes = []

    def kill(self) -> None:
        """Kill soffice and its worker at once and delete the profile and any files in flight."""
        self._stop_processes(polite=False)
        self._remove_dir()

    def stop(self) -> None:
        """Ask soffice to quit (killing it if it does not) and delete its directory."""
        self._stop_processes(polite=True)
        self._remove_dir()

    def _remove_dir(self) -> None:
        if self._pipe_dir is not None:  # the pipe folder, when a deep TMPDIR put it in /tmp of its own
            shutil.rmtree(self._pipe_dir, ignore_errors=True)
            self._pipe_dir = None
        if self._dir is not None:
            shutil.rmtree(self._dir, ignore_errors=True)
            self._dir = None


def _filter_options(export_filter: str, filter_data: dict) -> str:
    """The command line's ``FILTER:{json}`` form of an export filter and its FilterData."""
    if not filter_data:
        return export_filter
    typed = {name: {"type": "boolean" if isinstance(value, bool) else "long" if isinstance(value, int) else
                    "string", "value": str(value).lower() if isinstance(value, bool) else str(value)}
             for name, value in filter_data.items()}
    return f"{export_filter}:{json.dumps(typed)}"


def _convert_cold(data: bytes, source_ext: str, target: str, import_filter: str, export_filter: str,
                  filter_data: dict, timeout: float, crash: str) -> bytes:
    """One ``soffice --convert-to`` with a throwaway profile, killed at the timeout (raises _Timeout)."""
    soffice, _ = binaries()
    deadline = time.monotonic() + timeout
    with tempfile.TemporaryDirectory(prefix="qujat-office-cold-") as tmp:
        work = Path(tmp)
        source = work / f"document.{source_ext}"
        source.write_bytes(data)
        _seed_profile(work / "profile")
        command = [*_soffice_command(soffice, work / "profile"), f"--infilter={import_filter}",
                   "--convert-to", f"{target}:{_filter_options(export_filter, filter_data)}",
                   "--outdir", str(work / "out"), str(source)]
        env = _soffice_env(work / "tmp")
        pipes = _private_pipe_dir(work)  # its SingleOfficeIPC pipe, like the pool's, not in /tmp
        if pipes is not None:
            env["OSL_SOCKET_PATH"] = str(pipes)
            command = _in_private_namespace(command, work, pipes)
        try:
            for _ in range(2):  # a fresh profile first asks for a restart (exit 81)
                proc = subprocess.Popen(command, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                                        stderr=subprocess.DEVNULL, env=env, start_new_session=True, umask=0o077)
                try:
                    code = proc.wait(timeout=max(deadline - time.monotonic(), 0.001))
                except subprocess.TimeoutExpired:
                    end_process(proc, group=True)  # each leads its own session: its children go too
                    raise _Timeout() from None
                if code != _RESTART_REQUESTED:
                    break
        finally:
            if pipes is not None and work not in pipes.parents:  # a pipe folder of its own in /tmp
                shutil.rmtree(pipes, ignore_errors=True)
        produced = work / "out" / f"document.{target}"
        if not produced.is_file():
            raise UnusableDocument(f"LibreOffice crashed on the document ({crash}), also from its command line")
        return produced.read_bytes()


# ------------------------------------------------------------------------------------------------------ pool

class OfficePool:
    """A fixed number of lazily started soffice processes; ``convert`` borrows one per document."""

    def __init__(self, config: OfficeConfig | None = None):
        self.config = config or OfficeConfig.from_env()
        self.owner_pid = os.getpid()
        self._processes = [OfficeProcess(slot, self.config) for slot in range(self.config.workers)]
        self._free: queue.LifoQueue[OfficeProcess] = queue.LifoQueue()
        for process in reversed(self._processes):
            self._free.put(process)
        self._closed = False
        self._stopped = threading.Event()
        self._watcher = threading.Thread(target=self._watch, name="qujat-office-watch", daemon=True)
        self._watcher.start()

    def _watch(self, interval: float = 0.5) -> None:
        """Reap a dead soffice at once and clean up after it (profile, temporary files, pipes); restart an
        idle process whose memory stays above QUJAT_OFFICE_RECYCLE_MEMORY_MB."""
        while not self._stopped.wait(interval):
            for process in self._processes:
                if not process.lock.acquire(blocking=False):
                    continue  # in use: its caller notices a death itself
                try:
                    if process.started and not process.alive():
                        process.kill()
                    elif self._too_big(process):
                        process.stop()
                except Exception:  # noqa: BLE001 - the watcher must outlive any one failure
                    pass
                finally:
                    process.lock.release()

    def _too_big(self, process: OfficeProcess) -> bool:
        limit = self.config.recycle_memory_mb
        rss = process.rss_mb() if limit else None
        return rss is not None and rss > limit

    @property
    def size(self) -> int:
        return len(self._processes)

    def pids(self) -> list[int]:
        """soffice process ids of the processes running now."""
        return [p.pid for p in self._processes if p.pid is not None]

    def _acquire(self) -> OfficeProcess:
        if self._closed:
            raise ServiceUnavailable("the LibreOffice pool is shut down")
        try:
            process = self._free.get(timeout=self.config.queue_timeout)
        except queue.Empty:
            raise ServiceUnavailable(f"all {self.size} LibreOffice processes stayed busy for "
                                     f"{self.config.queue_timeout:g} s; try again later") from None
        if self._closed:
            self._free.put(process)
            raise ServiceUnavailable("the LibreOffice pool is shut down")
        return process

    def _release(self, process: OfficeProcess) -> None:
        try:
            if self._closed:
                process.kill()
            elif self.config.recycle_after and process.jobs >= self.config.recycle_after:
                process.stop()  # long-lived soffice grows; a fresh one starts with the next document
            elif self._too_big(process):
                process.stop()  # a huge document left soffice holding its memory: start afresh
        finally:
            process.lock.release()
            self._free.put(process)

    def check_size(self, data: bytes, source_ext: str) -> office_source.Size:
        """Refuse, before rendering, a document past the page, slide or table-cell ceiling."""
        found = office_source.size(data, source_ext)
        config = self.config
        if config.max_pages and found.pages_at_least > config.max_pages:
            raise limits.exceeded("document-pages", config.max_pages, found.pages_at_least)
        if config.max_slides and found.slides > config.max_slides:
            raise limits.exceeded("document-slides", config.max_slides, found.slides)
        if config.max_table_cells and found.table_cells > config.max_table_cells:
            raise limits.exceeded("document-table-cells", config.max_table_cells, found.table_cells)
        return found

    def convert(self, data: bytes, *, source_ext: str = "docx", target: str = "pdf", pdfa: bool = False,
                deterministic: bool = False, timeout: float | None = None) -> bytes:
        """See the module-level ``convert``."""
        source_ext, target = source_ext.lower().lstrip("."), target.lower().lstrip(".")
        if source_ext not in IMPORT_FILTERS:
            raise UnsupportedType(f"LibreOffice conversion reads {', '.join(sorted(IMPORT_FILTERS))}, "
                                  f"not {source_ext!r}")
        app, import_filter = IMPORT_FILTERS[source_ext]
        export_filter = EXPORT_FILTERS.get((app, target))
        if export_filter is None:
            targets = sorted(t for a, t in EXPORT_FILTERS if a == app)
            raise UnsupportedType(f"a {source_ext.upper()} converts to {', '.join(targets)}, not {target!r}")
        if pdfa and target != "pdf":
            raise UnsupportedType("PDF/A applies to target 'pdf' only")
        office_source.check_type(data, source_ext)
        self.check_size(data, source_ext)
        data = office_source.without_external_links(data, source_ext)
        timeout = float(timeout) if timeout else self.config.timeout
        filter_data = dict(PDFA_2B) if pdfa else {}
        process = self._acquire()
        process.lock.acquire()
        try:
            process.ensure_started()
            try:
                result = process.convert_file(data, source_ext, target, import_filter, export_filter,
                                              filter_data, timeout)
            except _Crash as exc:
                # LibreOffice 7.4 aborts on some documents loaded over UNO (e.g. an image inside a Word
                # comment) that its own command line converts: one cold run, in this process's slot.
                result = _convert_cold(data, source_ext, target, import_filter, export_filter, filter_data,
                                       timeout, crash=str(exc))
        except _Timeout:
            raise UnusableDocument(f"the conversion timed out after {timeout:g} s (LibreOffice was stopped "
                                   "and replaced): the document is too large or makes LibreOffice hang; "
                                   "raise QUJAT_OFFICE_TIMEOUT for very long documents") from None
        except _Limit as exc:
            raise exc.error from None
        finally:
            self._release(process)
        if target == "pdf" and self.config.max_pages:
            pages = office_pdf.page_count(result)
            if pages > self.config.max_pages:
                raise limits.exceeded("document-pages", self.config.max_pages, pages)
        if deterministic and target == "pdf":
            when = office_source.document_date(data, source_ext) or FIXED_DATE
            result = office_pdf.make_deterministic(result, when)
        return result

    def shutdown(self) -> None:
        """Stop every soffice (politely, then by force) and delete the profiles. Idempotent."""
        self._closed = True
        self._stopped.set()
        for process in self._processes:
            held = process.lock.acquire(timeout=5)  # a conversion in flight is ended by the stop
            try:
                process.stop()
            finally:
                if held:
                    process.lock.release()


# ------------------------------------------------------------------------------------------------ module API

_pool: OfficePool | None = None
_pool_lock = threading.Lock()
_info_cache: OrderedDict[tuple[str, str], RenderInfo] = OrderedDict()
_info_lock = threading.Lock()
_INFO_CACHE_SIZE = 128


def get_pool() -> OfficePool:
    """The process-wide pool (created on first use; a forked child gets its own)."""
    global _pool
    with _pool_lock:
        if _pool is None or _pool.owner_pid != os.getpid() or _pool._closed:
            binaries()  # fail with a clear message before anything starts
            _pool = OfficePool()
        return _pool


def shutdown() -> None:
    """Stop the process-wide pool's soffice processes (also run at interpreter exit)."""
    global _pool
    with _pool_lock:
        pool, _pool = _pool, None
    if pool is not None and pool.owner_pid == os.getpid():
        pool.shutdown()


atexit.register(shutdown)


def convert(data: bytes, *, source_ext: str = "docx", target: str = "pdf", pdfa: bool = False,
            deterministic: bool = False, timeout: float | None = None) -> bytes:
    """Convert a document with LibreOffice (DOCX/DOC/ODT/RTF → PDF/DOCX/ODT, PPTX/PPT/ODP → PDF/PPTX/ODP).

    ``pdfa``: PDF/A-2b. ``deterministic``: the same input gives the same PDF bytes (dates from the document's
    core properties, else 2000-01-01; /ID from the content hash). ``timeout``: seconds for this document
    (default QUJAT_OFFICE_TIMEOUT). Raises UnusableDocument (cannot load, or timed out), UnsupportedType,
    ServiceUnavailable (LibreOffice absent or unable to start)."""
    return get_pool().convert(data, source_ext=source_ext, target=target, pdfa=pdfa,
                              deterministic=deterministic, timeout=timeout)


def render_info(data: bytes, source_ext: str = "docx") -> RenderInfo:
    """Render the document and report its page count and font substitutions (a PDF is read as it is)."""
    source_ext = source_ext.lower().lstrip(".")
    cache_key = (hashlib.sha256(data).hexdigest(), source_ext)
    with _info_lock:
        if cache_key in _info_cache:
            _info_cache.move_to_end(cache_key)
            return _info_cache[cache_key]
    if source_ext == "pdf":
        pdf = data
        requested: set[str] = set()
    else:
        pdf = convert(data, source_ext=source_ext, target="pdf")
        requested = office_source.requested_fonts(data, source_ext)
    pages = office_pdf.page_count(pdf)
    used = {office_fonts.family_of(name) for name in office_pdf.font_names(pdf)}
    substituted = office_fonts.substitutions(requested, used)
    info = RenderInfo(
        pages=pages,
        fonts_requested=sorted(requested, key=str.lower),
        fonts_embedded=sorted(used, key=str.lower),
        substituted=substituted,
        metric_compatible=[s for s in substituted if office_fonts.is_metric_compatible(*s)],
        declared_pages=None if source_ext == "pdf" else office_source.declared_pages(data, source_ext),
    )
    with _info_lock:
        _info_cache[cache_key] = info
        while len(_info_cache) > _INFO_CACHE_SIZE:
            _info_cache.popitem(last=False)
    return info


def page_count(data: bytes, source_ext: str = "docx") -> int:
    """Pages of the document as LibreOffice lays it out (a PDF's own page count for ``source_ext="pdf"``)."""
    return render_info(data, source_ext).pages
