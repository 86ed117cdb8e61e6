"""The pool's life: a killed or hung soffice is replaced, concurrent callers are served, shutdown leaves nothing."""

from __future__ import annotations

import io
import os
import signal
from concurrent.futures import ThreadPoolExecutor

import docx
import pytest
from PIL import Image
from pypdf import PdfReader

from service import office
from validators.errors import ServiceUnavailable, UnusableDocument

pytestmark = pytest.mark.office


def pages(pdf: bytes) -> int:
    return len(PdfReader(io.BytesIO(pdf)).pages)


def running(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/stat", "rb") as stat:
            return stat.read().rsplit(b")", 1)[1].split()[0] != b"Z"
    except OSError:
        return False


def test_processes_start_lazily(make_docx):
    pool = office.OfficePool(office.OfficeConfig(workers=2))
    try:
        assert pool.pids() == []
        pool.convert(make_docx(1))
        assert len(pool.pids()) == 1  # one caller at a time needs one process
    finally:
        pool.shutdown()


def test_a_killed_soffice_is_replaced(single_pool, make_docx):
    assert pages(single_pool.convert(make_docx(2))) == 2
    [old] = single_pool.pids()
    os.kill(old, signal.SIGKILL)
    assert pages(single_pool.convert(make_docx(3))) == 3
    [new] = single_pool.pids()
    assert new != old
    assert not running(old)


def test_a_timeout_stops_the_document_and_the_pool_recovers(single_pool, make_docx, long_docx):
    single_pool.convert(make_docx(1))
    [old] = single_pool.pids()
    with pytest.raises(UnusableDocument) as caught:
        single_pool.convert(long_docx, timeout=0.05)
    assert "timed out" in caught.value.message
    assert not running(old)
    assert pages(single_pool.convert(make_docx(2))) == 2
    assert single_pool.pids() != [old]


def test_concurrent_callers_use_both_processes(pool, make_docx):
    documents = [make_docx(n % 3 + 1) for n in range(6)]
    with ThreadPoolExecutor(max_workers=4) as executor:
        results = list(executor.map(pool.convert, documents))
    assert [pages(pdf) for pdf in results] == [n % 3 + 1 for n in range(6)]
    assert len(pool.pids()) == 2


def test_shutdown_stops_every_soffice(make_docx):
    pool = office.OfficePool(office.OfficeConfig(workers=2))
    with ThreadPoolExecutor(max_workers=2) as executor:
        list(executor.map(pool.convert, [make_docx(1), make_docx(1)]))
    started = pool.pids()
    assert started
    pool.shutdown()
    assert not any(running(pid) for pid in started)
    with pytest.raises(ServiceUnavailable):
        pool.convert(make_docx(1))


def test_module_api_uses_one_shared_pool(make_docx):
    assert office.get_pool() is office.get_pool()
    assert pages(office.convert(make_docx(2), pdfa=True)) == 2
    office.shutdown()
    assert pages(office.convert(make_docx(1))) == 1  # a new pool after shutdown
    office.shutdown()


def test_missing_soffice_is_reported_as_unavailable(monkeypatch, make_docx):
    monkeypatch.setenv("QUJAT_SOFFICE", "/nonexistent/libreoffice/program/soffice")
    assert not office.available()
    pool = office.OfficePool(office.OfficeConfig(workers=1))
    with pytest.raises(ServiceUnavailable) as caught:
        pool.convert(make_docx(1))
    assert "QUJAT_SOFFICE" in caught.value.message


def test_a_soffice_that_cannot_start_is_reported_with_its_words(monkeypatch, tmp_path, make_docx):
    broken = tmp_path / "program" / "soffice.bin"
    broken.parent.mkdir()
    broken.write_text("#!/bin/sh\necho 'libsal missing: broken install' >&2\nexit 1\n")
    broken.chmod(0o755)
    monkeypatch.setenv("QUJAT_SOFFICE", str(broken))
    pool = office.OfficePool(office.OfficeConfig(workers=1, start_timeout=20))
    with pytest.raises(ServiceUnavailable) as caught:
        pool.convert(make_docx(1))
    assert "could not start" in caught.value.message
    assert "broken install" in caught.value.message
    assert pool.pids() == []


def test_bad_pool_settings_are_reported(monkeypatch):
    monkeypatch.setenv("QUJAT_OFFICE_WORKERS", "zero")
    with pytest.raises(ServiceUnavailable) as caught:
        office.OfficeConfig.from_env()
    assert "QUJAT_OFFICE_WORKERS" in caught.value.message


def test_a_document_that_aborts_soffice_over_uno_is_converted_from_the_command_line(single_pool, make_docx):
    # LibreOffice 7.4 aborts (SIGABRT) loading, over UNO, a Word comment that holds a picture.
    picture = io.BytesIO()
    Image.new("RGB", (40, 30), (200, 30, 30)).save(picture, "PNG")
    document = docx.Document()
    paragraph = document.add_paragraph("Әкімдік қаулысының жобасы.")
    comment = document.add_comment(paragraph.runs[0], text="Ескерту", author="Тексеруші", initials="Т")
    comment.paragraphs[0].add_run().add_picture(io.BytesIO(picture.getvalue()))
    blob = io.BytesIO()
    document.save(blob)
    pdf = single_pool.convert(blob.getvalue(), pdfa=True)
    assert pages(pdf) == 1
    assert "қаулысының" in PdfReader(io.BytesIO(pdf)).pages[0].extract_text()
    assert b"pdfaid:part>2" in pdf
    assert pages(single_pool.convert(make_docx(2))) == 2  # and the pool goes on
