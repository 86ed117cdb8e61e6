"""Issue 15 (6, 7): ceilings per document and nothing left behind.

Pages, slides and table cells past their ceiling are refused before LibreOffice lays the document out; a
document that makes soffice burn more CPU seconds or memory than allowed is ended; soffice holding too much
memory after a document is recycled. Every refusal carries its setting and a kk/ru/en message
(service/limits.yaml). A killed or timed-out soffice leaves no profile, no ``lu*.tmp`` temporary files, no
pipe socket and no zombie behind."""

from __future__ import annotations

import io
import os
import signal
import tempfile
import time
from pathlib import Path

import docx
import pytest

from service import limits, office
from service.api.errors import http_status

pytestmark = pytest.mark.office


def pool_with(**config) -> office.OfficePool:
    return office.OfficePool(office.OfficeConfig(workers=1, timeout=120, **config))


def refused(caught, limit_id: str) -> None:
    err = caught.value
    assert isinstance(err, limits.LimitExceeded) and http_status(err) == 413
    assert err.details["limit"] == limit_id and err.details["setting"] == limits.setting(limit_id)
    texts = err.details["messages"]
    assert set(texts) == {"kk", "ru", "en"} and len(set(texts.values())) == 3
    assert err.details["setting"] in texts["ru"] and err.message == texts["en"]


def table_docx(rows: int, cols: int) -> bytes:
    document = docx.Document()
    table = document.add_table(rows=rows, cols=cols)
    table.cell(0, 0).text = "Өтініш"
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def test_page_breaks_slides_and_table_cells_refused_before_rendering(make_docx, make_pptx):
    pool = pool_with(max_pages=40, max_slides=10, max_table_cells=300)
    try:
        with pytest.raises(limits.LimitExceeded) as caught:
            pool.convert(make_docx(80, paragraphs_per_page=1))
        refused(caught, "document-pages")
        assert caught.value.details["value"] == 80
        with pytest.raises(limits.LimitExceeded) as caught:
            pool.convert(make_pptx(25), source_ext="pptx")
        refused(caught, "document-slides")
        with pytest.raises(limits.LimitExceeded) as caught:
            pool.convert(table_docx(50, 10))
        refused(caught, "document-table-cells")
        assert pool.pids() == []  # LibreOffice was never started for them
        assert len(pool.convert(make_docx(3))) > 1000  # within the ceilings: rendered
    finally:
        pool.shutdown()


def test_pages_counted_after_rendering_when_the_text_flows(make_docx):
    """No explicit breaks: the rendered PDF's pages are counted and the ceiling still holds."""
    pool = pool_with(max_pages=3)
    try:
        with pytest.raises(limits.LimitExceeded) as caught:
            pool.convert(make_docx(1, paragraphs_per_page=400))
        refused(caught, "document-pages")
    finally:
        pool.shutdown()


def test_cpu_seconds_per_document_end_the_conversion(long_docx, make_docx):
    pool = pool_with(max_cpu_seconds=0.5)
    try:
        pool.convert(make_docx(1))
        [old] = pool.pids()
        with pytest.raises(limits.LimitExceeded) as caught:
            pool.convert(long_docx)
        refused(caught, "document-cpu")
        assert not running(old)
        assert len(pool.convert(make_docx(1))) > 1000  # a fresh soffice takes the next document
    finally:
        pool.shutdown()


def test_memory_ceiling_ends_a_conversion_and_recycles_an_idle_process(make_docx):
    pool = pool_with(max_memory_mb=1)
    try:
        with pytest.raises(limits.LimitExceeded) as caught:
            pool.convert(make_docx(1))
        refused(caught, "document-memory")
    finally:
        pool.shutdown()
    pool = pool_with(recycle_memory_mb=1)  # any soffice is "too big" after its document
    try:
        pool.convert(make_docx(1))
        assert pool.pids() == []  # recycled right after its document
        assert len(pool.convert(make_docx(1))) > 1000  # and the next document gets a fresh one
    finally:
        pool.shutdown()


def running(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/stat", "rb") as stat:
            return stat.read().rsplit(b")", 1)[1].split()[0] != b"Z"
    except OSError:
        return False


def exists(pid: int) -> bool:
    """The process exists, as a zombie too (not yet reaped by its parent)."""
    return Path(f"/proc/{pid}").exists()


def pipes_of(pool: office.OfficePool) -> list[str]:
    """The pipe sockets the pool's soffice listens on (LibreOffice puts them in /tmp)."""
    return [path for process in pool._processes for path in process._pipes]


@pytest.fixture
def private_tmp(tmp_path, monkeypatch):
    """A temp dir of the test's own, for the pool's folders and anything soffice would write to TMPDIR."""
    tmp = tmp_path / "tmp"
    tmp.mkdir()
    monkeypatch.setenv("TMPDIR", str(tmp))
    monkeypatch.setattr(tempfile, "tempdir", None)
    return tmp


def settle(check, limit: float = 15.0) -> bool:
    deadline = time.monotonic() + limit
    while not check():
        if time.monotonic() > deadline:
            return False
        time.sleep(0.1)
    return True


def test_a_killed_soffice_is_reaped_at_once_and_leaves_nothing(private_tmp, make_docx):
    pool = pool_with()
    try:
        pool.convert(make_docx(2))
        [pid] = pool.pids()
        pipes = pipes_of(pool)
        assert len(pipes) == 2 and all(os.path.exists(p) for p in pipes)  # UNO pipe and SingleOfficeIPC
        os.kill(pid, signal.SIGKILL)
        assert settle(lambda: not exists(pid)), "the killed soffice stays a zombie"
        assert settle(lambda: not [p for p in private_tmp.iterdir() if not p.name.startswith("qujat-fontconfig-")]), \
            sorted(p.name for p in private_tmp.rglob("*"))
        assert not any(os.path.exists(p) for p in pipes)
    finally:
        pool.shutdown()


def test_a_timed_out_conversion_leaves_no_temp_files_profile_or_pipe(private_tmp, long_docx, make_docx):
    pool = pool_with()
    try:
        pool.convert(make_docx(1))
        [pid] = pool.pids()
        pipes = pipes_of(pool)
        assert pipes and all(os.path.exists(p) for p in pipes)
        with pytest.raises(Exception, match="timed out"):
            pool.convert(long_docx, timeout=3)
        assert not exists(pid)
        # no lu*.tmp, no profile, no partial PDF (the shared font alias file holds no document and is kept on purpose)
        assert sorted(p.name for p in private_tmp.rglob("*") if not p.name.startswith("qujat-fontconfig-")) == []
        assert not any(os.path.exists(p) for p in pipes)
    finally:
        pool.shutdown()
    assert not [p for p in private_tmp.iterdir() if not p.name.startswith("qujat-fontconfig-")]


def test_sign_prepare_refuses_documents_past_the_default_ceilings(make_docx, make_pptx):
    """The issue's recipes at CI scale, through HTTP with the default settings: a resolution with a 500×20
    table, a deck past 300 slides and a docx past 500 page breaks are refused at once (413) with their
    setting and kk/ru/en texts — not rendered for minutes into a huge PDF."""
    from fastapi.testclient import TestClient

    from service.api.app import create_app

    c = TestClient(create_app())
    cases = [("table.docx", table_docx(500, 20), "document-table-cells"),
             ("deck.pptx", make_pptx(320), "document-slides"),
             ("breaks.docx", make_docx(520, paragraphs_per_page=1), "document-pages")]
    for name, data, limit_id in cases:
        r = c.post("/v1/sign/prepare", files={"file": (name, data)})
        assert r.status_code == 413, (name, r.text)
        error = r.json()["error"]
        assert error["details"]["limit"] == limit_id, error
        assert set(error["details"]["messages"]) == {"kk", "ru", "en"}


def test_uno_pipes_are_private_owner_only_and_named_without_document_data(private_tmp, make_docx):
    """LibreOffice 7.4 puts its pipe sockets in /tmp whatever TMPDIR says. With root the pool runs soffice and its
    UNO worker in a mount namespace where /tmp is read-only, so the sockets go to a private folder (the
    process's, or one of its own in /tmp when the process folder is too deep for a socket address); either way
    they are owner-only (umask 077) and named by the pool (pid, slot, random), not by anything of a document."""
    import stat

    pool = pool_with()
    secret = "Секретное-постановление-4711"
    try:
        pool.convert(make_docx(1))
        [process] = pool._processes
        assert process.pid is not None
        listening = office._unix_sockets(process.pid)
        assert len(listening) == 2, listening  # the UNO pipe and SingleOfficeIPC
        for path in listening:
            mode = os.stat(path).st_mode
            assert stat.S_ISSOCK(mode) and stat.S_IMODE(mode) & 0o077 == 0, (path, oct(mode))
            assert secret not in path and "docx" not in path
        if office.private_pipes_supported():
            folder = process._pipe_dir
            assert folder is not None and all(Path(p).parent == folder for p in listening), listening
            assert stat.S_IMODE(folder.stat().st_mode) == 0o700
            assert not any(Path(p).exists() for p in (f"/tmp/{Path(p).name}" for p in listening))
        pipe_dir = process._pipe_dir
    finally:
        pool.shutdown()
    assert not any(os.path.exists(p) for p in listening)
    assert pipe_dir is None or not pipe_dir.exists()


def test_a_pipe_folder_too_deep_for_a_socket_address_is_replaced_by_one_in_tmp(tmp_path):
    if not office.private_pipes_supported():
        pytest.skip("no mount namespace here (needs root): the sockets stay in /tmp, owner-only")
    deep = tmp_path / ("d" * 60) / ("e" * 60)
    deep.mkdir(parents=True)
    folder = office._private_pipe_dir(deep)
    try:
        assert folder is not None and folder.parent == Path("/tmp") and folder.name.startswith("qujat-pipes-")
        assert len(office._pipe_path("SingleOfficeIPC_" + "0" * 32, folder)) <= office._SUN_PATH_MAX
    finally:
        if folder is not None:
            folder.rmdir()
    assert office._private_pipe_dir(tmp_path) == tmp_path / "p" or len(str(tmp_path)) > 40


def test_a_process_whose_owner_is_killed_leaves_no_folder(tmp_path):
    """The pool's owner dies by SIGKILL: its UNO worker sees stdin close, ends soffice and deletes the folder. With
    private pipes the worker runs in soffice's mount namespace, where the folder is a mount point on a read-only
    /tmp: it must still go, not stay behind empty."""
    import subprocess
    import sys

    script = ("import sys, time; from service.office import OfficeConfig, OfficeProcess; "
              "p = OfficeProcess(0, OfficeConfig()); p.start(); print(p._dir, flush=True); time.sleep(120)")
    env = dict(os.environ, TMPDIR=str(tmp_path), PYTHONPATH=str(Path(__file__).resolve().parents[2]))
    owner = subprocess.Popen([sys.executable, "-c", script], stdout=subprocess.PIPE, text=True, env=env)
    try:
        assert owner.stdout is not None
        folder = Path(owner.stdout.readline().strip())
        assert folder.is_dir() and folder.parent == tmp_path
        owner.kill()
        owner.wait(10)
        assert settle(lambda: not folder.exists(), 30), sorted(p.name for p in folder.rglob("*"))
    finally:
        owner.kill()


def test_a_cold_conversion_keeps_its_pipe_private_too(tmp_path, make_docx, monkeypatch):
    """The one-off ``soffice --convert-to`` (for a document that aborts soffice over UNO) opens a SingleOfficeIPC
    pipe as well: with private pipes it is not in /tmp either, and the conversion still works."""
    made: list[Path] = []
    original = office._private_pipe_dir

    def recording(folder: Path) -> Path | None:
        pipes = original(folder)
        if pipes is not None:
            made.append(pipes)
        return pipes

    monkeypatch.setattr(office, "_private_pipe_dir", recording)
    pdf = office._convert_cold(make_docx(1), "docx", "pdf", "MS Word 2007 XML", "writer_pdf_Export", {}, 120, "test")
    assert pdf.startswith(b"%PDF")
    if office.private_pipes_supported():
        assert made and not any(p.exists() for p in made)  # used, and gone with the conversion
