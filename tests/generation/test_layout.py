"""Layout of the generated documents: the signatures of a protocol never stand alone on a page (rendered to PDF by
LibreOffice, in kk and ru, no page holds only the signature block: the control paragraph before it is kept on
its page); the comparison table's columns suit their content; the example records name people consistently."""

from __future__ import annotations

import copy
import io
import json
import shutil

import pypdf
import pytest

from service.generation import render
from validators import resources

pytestmark = pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice is needed")

SIGNATURE_WORDS = {"kk": ("Төрағалық етуші", "Хатшы"), "ru": ("Председательствующий", "Секретарь")}


def _example() -> dict:
    return json.loads((resources.EXAMPLES / "protocol-short.json").read_text(encoding="utf-8"))


def _longer(data: dict, extra: int) -> dict:
    """The example with ``extra`` more decisions in its last item: the end of the text moves down the page."""
    out = copy.deepcopy(data)
    last = out["items"][-1]
    for k in range(extra):
        last["decisions"].append({"text": {"kk": f"Қосымша тапсырма {k + 1} орындалсын.",
                                           "ru": f"Выполнить дополнительное поручение {k + 1}."}})
    return out


def _pages(pdf: bytes) -> list[str]:
    return [(p.extract_text() or "") for p in pypdf.PdfReader(io.BytesIO(pdf)).pages]


def _only_signatures(text: str, lang: str, names: list[str]) -> bool:
    lines = [line.strip() for line in text.splitlines() if line.strip() and not line.strip().isdigit()]
    words = SIGNATURE_WORDS[lang]
    return bool(lines) and all(any(w in line for w in words) or any(n in line for n in names) for line in lines)


@pytest.mark.parametrize("lang", ["kk", "ru"])
@pytest.mark.parametrize("extra", [0, 1, 2, 3])
def test_no_page_holds_only_the_signature_block(lang, extra):
    data = _longer(_example(), extra)
    names = [p.get("signature_name") or p["name"] for p in (data["chair"], data["secretary"])]
    pages = _pages(render("protocol-short", data, lang=lang, format="pdf"))
    assert any(w in pages[-1] for w in SIGNATURE_WORDS[lang])
    alone = [i + 1 for i, text in enumerate(pages) if _only_signatures(text, lang, names)]
    assert not alone, f"page(s) {alone} of {len(pages)} hold only the signatures"


def _people(node):
    if isinstance(node, dict):
        if "signature_name" in node and "name" in node:
            yield node
        for v in node.values():
            yield from _people(v)
    elif isinstance(node, list):
        for v in node:
            yield from _people(v)


@pytest.mark.parametrize("path", sorted(resources.EXAMPLES.glob("*.json")), ids=lambda p: p.stem)
def test_example_records_name_each_person_the_same_way(path):
    """«Пазылбекұлы Ә.» in the list signs «Ә.Пазылбекұлы»: the surname and initial are the same in both places
    and in both languages."""
    data = json.loads(path.read_text(encoding="utf-8"))
    for person in _people(data):
        names = person["name"].values() if isinstance(person["name"], dict) else [person["name"]]
        initials, _, surname = person["signature_name"].rpartition(".")
        for name in names:
            assert name.split()[0] == surname, (path.name, name, person["signature_name"])
            assert name.split()[1][0] == initials[0], (path.name, name, person["signature_name"])


@pytest.mark.parametrize("lang", ["kk", "ru"])
def test_comparison_table_columns_suit_their_content(lang):
    """The grid (what Word and LibreOffice size a fixed table by) gives «№ п/п» a narrow column and the two
    wordings the widest ones."""
    import zipfile

    from lxml import etree

    data = render("comparison-table", json.loads((resources.EXAMPLES / "comparison-table.json").read_text("utf-8")),
                  lang=lang)
    root = etree.fromstring(zipfile.ZipFile(io.BytesIO(data)).read("word/document.xml"))
    ns = {"w": "http://schemas.openxmlformats.org/wordprocessingml/2006/main"}
    grids = [[int(c.get(f"{{{ns['w']}}}w")) for c in t.findall("w:tblGrid/w:gridCol", ns)]
             for t in root.iter(f"{{{ns['w']}}}tbl")]
    grid = next(g for g in grids if len(g) == 5)
    total = sum(grid)
    assert grid[0] / total < 0.08  # № п/п
    assert grid[2] == grid[3] == max(grid)  # current and proposed wording
