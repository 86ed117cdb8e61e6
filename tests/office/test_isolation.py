"""A document cannot make the server fetch what it names: linked pictures are neither requested nor read."""

from __future__ import annotations

import io
import re
import threading
import zipfile
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import docx
import pytest
from PIL import Image
from pypdf import PdfReader

from service import office_source

pytestmark = pytest.mark.office


class _Recorder(BaseHTTPRequestHandler):
    requests: list[str] = []

    def do_GET(self):  # noqa: N802 - http.server's name
        self.requests.append(self.path)
        self.send_error(404)

    do_OPTIONS = do_HEAD = do_PROPFIND = do_GET  # noqa: N815 - WebDAV probes count too

    def log_message(self, *args):
        pass


@pytest.fixture
def listener():
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Recorder)
    _Recorder.requests = []
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}", _Recorder.requests
    server.shutdown()
    server.server_close()


def linked_picture_docx(url: str) -> bytes:
    """A DOCX whose picture is linked (r:link, TargetMode="External") to ``url`` instead of embedded."""
    picture = io.BytesIO()
    Image.new("RGB", (40, 30), (20, 90, 200)).save(picture, "PNG")
    document = docx.Document()
    document.add_paragraph("Сурет алдында")
    document.add_picture(io.BytesIO(picture.getvalue()))
    document.add_paragraph("Сурет артында")
    saved = io.BytesIO()
    document.save(saved)
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(saved.getvalue())) as src, zipfile.ZipFile(out, "w") as dst:
        for name in src.namelist():
            data = src.read(name)
            if name == "word/_rels/document.xml.rels":
                data = re.sub(rb'Target="media/image1\.png"', f'Target="{url}" TargetMode="External"'.encode(), data)
            elif name == "word/document.xml":
                data = data.replace(b"r:embed=", b"r:link=")
            dst.writestr(name, data)
    return out.getvalue()


def test_a_linked_picture_is_not_fetched(pool, listener):
    base, requests = listener
    pdf = pool.convert(linked_picture_docx(f"{base}/spy.png"))
    text = PdfReader(io.BytesIO(pdf)).pages[0].extract_text()
    assert "Сурет алдында" in text and "Сурет артында" in text
    assert requests == []


def test_external_relationships_are_removed_and_hyperlinks_kept(listener):
    base, _ = listener
    document = docx.Document()
    paragraph = document.add_paragraph("Сілтеме: ")
    part = document.part
    rel_id = part.relate_to("https://adilet.zan.kz/", docx.opc.constants.RELATIONSHIP_TYPE.HYPERLINK,
                            is_external=True)
    hyperlink = paragraph._p.makeelement(docx.oxml.ns.qn("w:hyperlink"), {docx.oxml.ns.qn("r:id"): rel_id})
    paragraph._p.append(hyperlink)
    saved = io.BytesIO()
    document.save(saved)
    plain = saved.getvalue()
    assert office_source.without_external_links(plain, "docx") == plain  # nothing to remove: same bytes

    cleaned = office_source.without_external_links(linked_picture_docx(f"{base}/spy.png"), "docx")
    with zipfile.ZipFile(io.BytesIO(cleaned)) as package:
        rels = package.read("word/_rels/document.xml.rels").decode()
    assert base not in rels
    assert office_source.REMOVED_TARGET in rels
