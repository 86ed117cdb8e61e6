"""The shipped templates are what scripts/build_templates.py builds, and follow the layout rules."""

from __future__ import annotations

import importlib.util

import docx
import pytest

from validators import kinds, resources


def test_shipped_templates_are_the_built_ones(tmp_path):
    spec = importlib.util.spec_from_file_location("build_templates", resources.ROOT / "scripts" / "build_templates.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    module.main(tmp_path)
    for lang in resources.LANGS:
        for kind in kinds.KINDS_GENERATED:
            built = (tmp_path / lang / f"{kind}.docx").read_bytes()
            shipped = (resources.TEMPLATES / lang / f"{kind}.docx").read_bytes()
            assert built == shipped, f"templates/{lang}/{kind}.docx is stale: run scripts/build_templates.py"


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
