"""PPTX → model: slides with the text of every shape (groups and tables flattened); ``native`` is the
python-pptx Presentation, for the slide rules that resolve fonts and sizes."""

from __future__ import annotations

import io

from pptx.exc import PythonPptxError
from pptx.shapes.group import GroupShape

from validators.document.container import open_package, vet_all_xml
from validators.errors import UnusableDocument
from validators.model import Document, Shape, Slide
from validators.texts import said


def _shape_texts(shape) -> list[str]:  # noqa: ANN001 - python-pptx shape
    texts: list[str] = []
    if isinstance(shape, GroupShape):  # not shape.shape_type: it raises on a shape without geometry
        for sub in shape.shapes:
            texts.extend(_shape_texts(sub))
        return texts
    if getattr(shape, "has_text_frame", False) and shape.has_text_frame:
        texts.append("\n".join(p.text for p in shape.text_frame.paragraphs))
    if getattr(shape, "has_table", False) and shape.has_table:
        for row in shape.table.rows:
            texts.append("\t".join(c.text for c in row.cells))
    return texts


# What python-pptx raises, lazily, on a package whose parts or relationships are broken (a missing
# slide/layout/master part, a wrong root element, an id that is not a number, an external target).
_BROKEN_PART = (KeyError, ValueError, TypeError, AttributeError, IndexError, PythonPptxError)


def read_pptx(doc: Document) -> None:
    with open_package(doc.data) as zf:
        vet_all_xml(zf)  # python-pptx's parser must never see a DTD
    try:
        from pptx import Presentation

        prs = Presentation(io.BytesIO(doc.data))
    except UnusableDocument:
        raise
    except Exception as exc:  # noqa: BLE001 - python-pptx raises many types on broken packages
        raise UnusableDocument(f"the presentation cannot be read ({type(exc).__name__}: {exc})",
                               messages=said("pptx-damaged")) from None
    doc.native = prs
    cp = prs.core_properties
    doc.properties = {k: str(getattr(cp, k)) for k in ("title", "author", "subject", "created", "modified")
                      if getattr(cp, k, None)}
    try:
        prs.slide_width, prs.slide_height  # noqa: B018 - read now: the slide rules rely on them
        slides = list(prs.slides)
    except _BROKEN_PART as exc:
        raise UnusableDocument(f"ppt/presentation.xml is damaged ({type(exc).__name__}: {exc})",
                               messages=said("pptx-slides-damaged")) from None
    for number, sl in enumerate(slides, start=1):
        try:
            sl.slide_layout.slide_master  # noqa: B018 - the style rules inherit through both
            slide = Slide(number=number)
            for shape in sl.shapes:
                text = "\n".join(t for t in _shape_texts(shape) if t)
                slide.shapes.append(Shape(name=shape.name, text=text, shape_id=shape.shape_id))
        except _BROKEN_PART as exc:
            raise UnusableDocument(f"slide {number} of the presentation is damaged "
                                   f"({type(exc).__name__}: {exc})",
                                   messages=said("pptx-slide-damaged", n=number)) from None
        doc.slides.append(slide)
