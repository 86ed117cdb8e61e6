"""The shipped .docx templates are the source of truth: they follow the layout rules, and a template re-saved
in LibreOffice (as a clerk editing it would) still passes preflight and renders the same text."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import docx
import pytest

from validators import kinds, resources

ROUND_TRIP = r"""
import json, sys
from service import preflight
from service.generation import render
from validators import kinds, resources

out = {"preflight": [str(p) for p in preflight.check_all()], "texts": {}}
for kind in kinds.KINDS_GENERATED:
    record = json.loads((resources.EXAMPLES / f"{kind}.json").read_text(encoding="utf-8"))
    for lang in resources.LANGS:
        out["texts"][f"{lang}/{kind}"] = render(kind, record, lang=lang).hex()
print(json.dumps(out))
"""


def _render_all(home: Path | None) -> dict:
    env = {**os.environ, "PYTHONPATH": str(resources.ROOT)}
    if home is not None:
        env["QUJAT_HOME"] = str(home)
    done = subprocess.run([sys.executable, "-c", ROUND_TRIP], capture_output=True, text=True, env=env,
                          timeout=600, check=False)
    assert done.returncode == 0, done.stderr[-3000:]
    return json.loads(done.stdout.strip().splitlines()[-1])




@pytest.mark.office
def test_templates_saved_by_libreoffice_still_pass_preflight_and_render_the_same(tmp_path, text_of):
    """The .docx templates are the source of truth: a clerk opens one in LibreOffice (or Word) and saves it;
    preflight still passes and every example renders to the same text."""
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        pytest.skip("LibreOffice is not installed: run `make install`")
    home = tmp_path / "home"
    for folder in ("schemas", "examples"):
        shutil.copytree(resources.ROOT / folder, home / folder)
    (home / "validators" / "proofing").mkdir(parents=True)
    (home / "validators" / "proofing" / "lexicons").symlink_to(resources.LEXICONS)
    for lang in resources.LANGS:
        files = [str(kinds.get(k).template_path(lang)) for k in kinds.KINDS_GENERATED]
        subprocess.run([soffice, f"-env:UserInstallation=file://{tmp_path}/profile", "--headless",
                        "--convert-to", "docx:MS Word 2007 XML", "--outdir", str(home / "templates" / lang),
                        *files], capture_output=True, timeout=300, check=True)
        for kind in kinds.KINDS_GENERATED:
            saved = (home / "templates" / lang / kinds.get(kind).template).read_bytes()
            assert saved != kinds.get(kind).template_path(lang).read_bytes()  # LibreOffice really rewrote it
    shipped, resaved = _render_all(None), _render_all(home)
    assert resaved["preflight"] == []
    def words(blob_hex: str) -> list[str]:
        return " ".join(text_of(bytes.fromhex(blob_hex))).split()

    for name, blob in shipped["texts"].items():
        assert words(resaved["texts"][name]) == words(blob), name


@pytest.mark.parametrize("lang", resources.LANGS)
@pytest.mark.parametrize("kind", kinds.KINDS_GENERATED)
def test_page_and_font(kind, lang):
    doc = docx.Document(str(resources.TEMPLATES / lang / f"{kind}.docx"))
    section = doc.sections[0]
    size = sorted((round(section.page_width.mm), round(section.page_height.mm)))
    assert size == [210, 297]
    assert (round(section.left_margin.mm), round(section.right_margin.mm)) == (30, 10)
    assert (round(section.top_margin.mm), round(section.bottom_margin.mm)) == (20, 20)
    normal = doc.styles["Normal"]
    assert normal.font.name == "Times New Roman" and normal.font.size.pt == 14
    lang_tag = normal.element.rPr.find("{*}lang").get("{http://schemas.openxmlformats.org/wordprocessingml/2006/main}val")
    assert lang_tag == ("kk-KZ" if lang == "kk" else "ru-RU")
    landscape = section.page_width > section.page_height
    assert landscape == (kind == "comparison-table")
