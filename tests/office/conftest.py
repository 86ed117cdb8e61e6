"""Fixtures of the office tests: DOCX/PPTX documents built with python-docx/python-pptx, and LibreOffice pools."""

from __future__ import annotations

import io
from collections.abc import Callable, Iterator
from datetime import datetime

import docx
import pytest
from docx.enum.text import WD_BREAK
from pptx import Presentation

from service import office

if not office.available():
    pytest.skip("LibreOffice (soffice) or python3-uno is not installed: run `make install`",
                allow_module_level=True)


@pytest.fixture(scope="session")
def make_docx() -> Callable[..., bytes]:
    """A DOCX of ``pages`` pages (explicit page breaks), text in ``font``, core properties dated ``modified``."""

    def build(pages: int = 1, *, font: str = "Times New Roman", modified: datetime | None = None,
              paragraphs_per_page: int = 3) -> bytes:
        document = docx.Document()
        for page in range(pages):
            for line in range(paragraphs_per_page):
                run = document.add_paragraph().add_run(
                    f"Бет {page + 1}, жол {line + 1}. Страница {page + 1}: об утверждении положения.")
                run.font.name = font
            if page < pages - 1:
                document.paragraphs[-1].add_run().add_break(WD_BREAK.PAGE)
        if modified is not None:
            document.core_properties.modified = modified
            document.core_properties.created = modified
        buffer = io.BytesIO()
        document.save(buffer)
        return buffer.getvalue()

    return build


@pytest.fixture(scope="session")
def long_docx() -> bytes:
    """A long DOCX (hundreds of pages): LibreOffice needs well over a few milliseconds to lay it out."""
    document = docx.Document()
    text = "Әкімдік қаулы етеді: ережесі бекітілсін, орындалуын бақылау жүктелсін. " * 12
    for _ in range(3000):
        document.add_paragraph(text)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


@pytest.fixture(scope="session")
def make_pptx() -> Callable[[int], bytes]:
    """A 16:9 PPTX of ``slides`` slides, each with a title."""

    def build(slides: int) -> bytes:
        deck = Presentation()
        deck.slide_width, deck.slide_height = 12192000, 6858000
        for number in range(slides):
            slide = deck.slides.add_slide(deck.slide_layouts[0])
            slide.shapes.title.text = f"Слайд {number + 1}"
        buffer = io.BytesIO()
        deck.save(buffer)
        return buffer.getvalue()

    return build


@pytest.fixture(scope="module")
def pool() -> Iterator[office.OfficePool]:
    """A two-process pool shared by a test module, shut down after it."""
    shared = office.OfficePool(office.OfficeConfig(workers=2, timeout=120))
    yield shared
    shared.shutdown()


@pytest.fixture
def single_pool() -> Iterator[office.OfficePool]:
    """A one-process pool of the test's own (for killing and timing out its soffice)."""
    own = office.OfficePool(office.OfficeConfig(workers=1, timeout=120))
    yield own
    own.shutdown()
