"""Effective text style of .pptx runs (size, typeface) and the colours a deck uses, from python-pptx objects.

python-pptx reports only what a run sets itself; PowerPoint inherits the rest. The cascade resolved here:
run ``a:rPr`` → paragraph ``a:pPr/a:defRPr`` → the shape's ``a:lstStyle`` → for placeholders: the layout
placeholder's and the master placeholder's ``a:lstStyle``, then the master's ``p:txStyles`` (titleStyle for
titles, bodyStyle for body/object placeholders, otherStyle for the rest) → the presentation's
``p:defaultTextStyle`` → 18 pt. Plain text boxes, auto shapes and table cells are not placeholders: they skip
the master's bodyStyle and use ``p:defaultTextStyle`` then ``otherStyle``. ``a:normAutofit@fontScale`` on the
shape (or its layout placeholder) shrinks the rendered size. Theme fonts (+mj-lt, +mn-lt) resolve through the
master's theme.
"""

from __future__ import annotations

import io
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from lxml import etree

NS = {
    "a": "http://schemas.openxmlformats.org/drawingml/2006/main",
    "p": "http://schemas.openxmlformats.org/presentationml/2006/main",
    "r": "http://schemas.openxmlformats.org/officeDocument/2006/relationships",
}
DEFAULT_SIZE_PT = 18.0  # PowerPoint's (and LibreOffice's) size for text nothing sizes
_TITLE_TYPES = {"title", "ctrTitle"}
_OTHER_TYPES = {"dt", "ftr", "sldNum", "hdr"}
_THEME_RT = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/theme"


@dataclass(frozen=True)
class RunStyle:
    slide: int  # 1-based
    shape: str  # shape name (the name of the table or group member for cells and grouped shapes)
    text: str
    size_pt: float  # effective, after fontScale
    size_source: str  # where the size came from, e.g. "master bodyStyle", "run"
    font_scale: float  # 1.0 unless normAutofit shrinks the text
    typeface: str  # effective latin typeface, theme fonts resolved
    typeface_source: str


def _x(el: Any, path: str) -> list:
    """XPath with our prefixes (python-pptx's elements override ``xpath`` without ``namespaces``)."""
    return etree._Element.xpath(el, path, namespaces=NS)


def _number(value: str | None) -> int | None:
    """An integer attribute (sz, lvl, fontScale, colour channel); None when absent or not a number, so a
    damaged value falls through the cascade like an unset one instead of stopping the rule."""
    try:
        return int(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return None


def _attr_from(el: Any, path: str, attr: str) -> str | None:
    if el is None:
        return None
    found = _x(el, path)
    if found:
        value = found[0].get(attr)
        if value not in (None, ""):
            return value
    return None


def _level_props(list_style: Any, level: int) -> Any:
    """The ``a:lvlNpPr`` of a list style (lstStyle, titleStyle, bodyStyle, otherStyle, defaultTextStyle)."""
    if list_style is None:
        return None
    found = _x(list_style, f"a:lvl{level + 1}pPr")
    return found[0] if found else None


def _ph(element: Any) -> Any:
    found = _x(element, "./*[1]/p:nvPr/p:ph")
    return found[0] if found else None


def _find_placeholder(shapes_root: Any, ph: Any, by_type_only: bool) -> Any:
    """The shape in a layout/master spTree that a placeholder inherits from (by idx, else by type)."""
    ph_type = ph.get("type", "obj")
    idx = ph.get("idx", "0")
    candidates = _x(shapes_root, ".//p:sp[./p:nvSpPr/p:nvPr/p:ph]")
    if not by_type_only:
        for sp in candidates:
            if _ph(sp).get("idx", "0") == idx and idx != "0":
                return sp
    wanted = {"ctrTitle": "title", "subTitle": "body", "obj": "body"}.get(ph_type, ph_type)
    for sp in candidates:
        other = _ph(sp).get("type", "obj")
        if other == ph_type or {"ctrTitle": "title", "subTitle": "body", "obj": "body"}.get(other, other) == wanted:
            return sp
    return None


class DeckStyle:
    """Resolves run styles of one presentation; theme and master lookups are cached per master."""

    def __init__(self, prs: Any):
        self.prs = prs
        pres_el = prs.part._element
        found = _x(pres_el, "p:defaultTextStyle")
        self.default_text_style = found[0] if found else None
        self._themes: dict[int, dict[str, str]] = {}

    # -- theme --------------------------------------------------------------------------------------
    def theme_fonts(self, master: Any) -> dict[str, str]:
        key = id(master.part)
        if key not in self._themes:
            fonts = {"major": "", "minor": ""}
            try:
                theme = etree.fromstring(master.part.part_related_by(_THEME_RT).blob)
                fonts["major"] = _attr_from(theme, ".//a:fontScheme/a:majorFont/a:latin", "typeface") or ""
                fonts["minor"] = _attr_from(theme, ".//a:fontScheme/a:minorFont/a:latin", "typeface") or ""
            except (KeyError, etree.XMLSyntaxError):
                pass
            self._themes[key] = fonts
        return self._themes[key]

    def _resolve_typeface(self, typeface: str, master: Any) -> str:
        if typeface.startswith("+mj"):
            return self.theme_fonts(master)["major"] or typeface
        if typeface.startswith("+mn"):
            return self.theme_fonts(master)["minor"] or typeface
        return typeface

    # -- cascade ------------------------------------------------------------------------------------
    def _chain(self, shape_el: Any, txbody: Any, slide: Any, level: int) -> list[tuple[str, Any]]:
        """Property holders above the paragraph, nearest first, each with a name for messages."""
        chain: list[tuple[str, Any]] = []
        lst = _x(txbody, "a:lstStyle")
        chain.append(("shape list style", _level_props(lst[0] if lst else None, level)))
        layout = slide.slide_layout
        master = layout.slide_master
        ph = _ph(shape_el) if shape_el is not None else None
        if ph is not None:
            layout_sp = _find_placeholder(layout._element, ph, by_type_only=False)
            for name, sp in (("layout placeholder", layout_sp),
                             ("master placeholder", _find_placeholder(master._element, ph, by_type_only=True))):
                if sp is not None:
                    sp_lst = _x(sp, "p:txBody/a:lstStyle")
                    chain.append((name, _level_props(sp_lst[0] if sp_lst else None, level)))
            ph_type = ph.get("type", "obj")
            style = "titleStyle" if ph_type in _TITLE_TYPES else "otherStyle" if ph_type in _OTHER_TYPES else "bodyStyle"
            found = _x(master._element, f"p:txStyles/p:{style}")
            chain.append((f"master {style}", _level_props(found[0] if found else None, level)))
            chain.append(("presentation defaultTextStyle", _level_props(self.default_text_style, level)))
        else:
            chain.append(("presentation defaultTextStyle", _level_props(self.default_text_style, level)))
            found = _x(master._element, "p:txStyles/p:otherStyle")
            chain.append(("master otherStyle", _level_props(found[0] if found else None, level)))
        return chain

    def _font_scale(self, shape_el: Any, txbody: Any, slide: Any) -> float:
        value = _attr_from(txbody, "a:bodyPr/a:normAutofit", "fontScale")
        if value is None and shape_el is not None and _ph(shape_el) is not None:
            layout_sp = _find_placeholder(slide.slide_layout._element, _ph(shape_el), by_type_only=False)
            if layout_sp is not None:
                value = _attr_from(layout_sp, "p:txBody/a:bodyPr/a:normAutofit", "fontScale")
        if value is None:
            return 1.0
        value = value.strip()
        try:
            scale = float(value[:-1]) / 100 if value.endswith("%") else int(value) / 100000
        except ValueError:
            return 1.0
        return scale if 0 < scale <= 1 else 1.0

    def runs_of_text_body(self, txbody: Any, shape_el: Any, slide: Any, number: int, name: str,
                          is_title: bool) -> Iterator[RunStyle]:
        master = slide.slide_layout.slide_master
        scale = self._font_scale(shape_el, txbody, slide)
        for p in _x(txbody, "a:p"):
            level = min(max(_number(_attr_from(p, "a:pPr", "lvl")) or 0, 0), 8)
            chain = [("paragraph", _first(_x(p, "a:pPr/a:defRPr")))]
            holders = self._chain(shape_el, txbody, slide, level)
            for run in _x(p, "a:r | a:fld"):
                text = "".join(_x(run, "a:t/text()"))
                if not text.strip():
                    continue
                rpr = _first(_x(run, "a:rPr"))
                levels = [("run", rpr), *chain, *[(n, _first(_x(h, "a:defRPr")) if h is not None
                                                    else None) for n, h in holders]]
                size, size_src = DEFAULT_SIZE_PT, "default 18 pt"
                for src, el in levels:
                    sz = _number(el.get("sz")) if el is not None else None
                    if sz and sz > 0:
                        size, size_src = sz / 100, src
                        break
                face, face_src = "", ""
                for src, el in levels:
                    tf = _attr_from(el, "a:latin", "typeface") if el is not None else None
                    if tf:
                        face, face_src = tf, src
                        break
                if not face:
                    face, face_src = ("+mj-lt" if is_title else "+mn-lt"), "theme default"
                if face.startswith("+"):
                    face_src += f", theme {'major' if face.startswith('+mj') else 'minor'} font {face}"
                yield RunStyle(number, name, text, round(size * scale, 2), size_src, scale,
                               self._resolve_typeface(face, master), face_src)

    def runs(self) -> Iterator[RunStyle]:
        """Every visible text run of every slide, with its effective style."""
        for number, slide in enumerate(self.prs.slides, start=1):
            for shape in slide.shapes:
                yield from self._shape_runs(shape, slide, number)

    def _shape_runs(self, shape: Any, slide: Any, number: int) -> Iterator[RunStyle]:
        el = shape._element
        if el.tag == f"{{{NS['p']}}}grpSp":
            for sub in shape.shapes:
                yield from self._shape_runs(sub, slide, number)
            return
        txbody = _first(_x(el, "p:txBody"))
        if txbody is not None:
            ph = _ph(el)
            is_title = ph is not None and ph.get("type") in _TITLE_TYPES
            yield from self.runs_of_text_body(txbody, el, slide, number, shape.name, is_title)
        for tc_body in _x(el, ".//a:tbl//a:tc/a:txBody"):
            yield from self.runs_of_text_body(tc_body, None, slide, number, shape.name, False)

    # -- colour -------------------------------------------------------------------------------------
    def colours(self) -> Iterator[tuple[str, tuple[int, int, int]]]:
        """(where, rgb) of every colour the slides, their layouts and masters use, pictures included."""
        seen_parts: set[int] = set()
        for number, slide in enumerate(self.prs.slides, start=1):
            layout = slide.slide_layout
            master = layout.slide_master
            scheme = self._colour_scheme(master)
            for where, part_obj in ((f"slide {number}", slide), ("layout", layout), ("master", master)):
                if id(part_obj.part) in seen_parts:
                    continue
                seen_parts.add(id(part_obj.part))
                yield from self._xml_colours(where, part_obj._element, scheme)
                yield from self._picture_colours(where, part_obj)

    def _colour_scheme(self, master: Any) -> dict[str, tuple[int, int, int]]:
        scheme: dict[str, tuple[int, int, int]] = {}
        try:
            theme = etree.fromstring(master.part.part_related_by(_THEME_RT).blob)
        except (KeyError, etree.XMLSyntaxError):
            return scheme
        for el in _x(theme, ".//a:clrScheme/*"):
            name = etree.QName(el).localname
            rgb = _first(_x(el, "a:srgbClr/@val | a:sysClr/@lastClr"))
            colour = _hex(rgb) if rgb else None
            if colour is not None:
                scheme[name] = colour
        clr_map = _first(_x(master._element, "p:clrMap"))
        if clr_map is not None:
            for alias, target in clr_map.attrib.items():
                if target in scheme:
                    scheme[alias] = scheme[target]
        return scheme

    @staticmethod
    def _xml_colours(where: str, root: Any, scheme: dict[str, tuple[int, int, int]]) -> Iterator[tuple[str, tuple[int, int, int]]]:
        for el in _x(root, ".//a:srgbClr | .//a:sysClr | .//a:schemeClr | .//a:scrgbClr"):
            if _overridden_style_ref(el):
                continue
            tag = etree.QName(el).localname
            rgb = None
            if tag == "srgbClr":
                rgb = _hex(el.get("val", "000000"))
            elif tag == "sysClr" and el.get("lastClr"):
                rgb = _hex(el.get("lastClr"))
            elif tag == "schemeClr" and el.get("val") in scheme:
                rgb = scheme[el.get("val")]
            elif tag == "scrgbClr":
                channels = [_number(el.get(c, "0")) for c in ("r", "g", "b")]
                r, g, b = (int(min(max(v, 0), 100000) * 255 / 100000) if v is not None else -1 for v in channels)
                if min(r, g, b) >= 0:
                    rgb = (r, g, b)
            if rgb is not None:  # a damaged value is no colour
                yield where, rgb

    @staticmethod
    def _picture_colours(where: str, part_obj: Any) -> Iterator[tuple[str, tuple[int, int, int]]]:
        try:
            from PIL import Image
        except ImportError:
            return
        for rid in _x(part_obj._element, ".//a:blip/@r:embed"):
            try:
                blob = part_obj.part.related_part(rid).blob
                with Image.open(io.BytesIO(blob)) as img:
                    img.draft("RGB", (64, 64))
                    small = img.convert("RGB").resize((24, 24))
            except Exception:  # noqa: BLE001 - an unreadable picture is no evidence either way
                continue
            pixels: Any = small.get_flattened_data() if hasattr(small, "get_flattened_data") else small.getdata()
            colourful = [px for px in pixels if not is_gray(px)]
            if len(colourful) >= 6:
                yield f"{where} picture", colourful[0]


_FILLS = "a:solidFill or a:gradFill or a:noFill or a:pattFill or a:blipFill"


def _overridden_style_ref(el: Any) -> bool:
    """A colour in a shape's ``p:style`` that its own ``p:spPr`` overrides (or an effect), so never drawn."""
    ref = el.getparent()
    if ref is None or etree.QName(ref).namespace != NS["a"]:
        return False
    kind = etree.QName(ref).localname
    style = ref.getparent()
    if style is None or etree.QName(style).localname != "style":
        return False
    shape = style.getparent()
    if kind == "effectRef":
        return True
    if kind == "fillRef":
        return bool(_x(shape, f"boolean(p:spPr[{_FILLS}])"))
    if kind == "lnRef":
        return bool(_x(shape, f"boolean(p:spPr/a:ln[{_FILLS}])"))
    if kind == "fontRef":
        return not _x(shape, "boolean(.//a:t[normalize-space()])")
    return False


def _first(items: list) -> Any:
    return items[0] if items else None


def _hex(value: str) -> tuple[int, int, int] | None:
    """RRGGBB → (r, g, b); None when the value is not hexadecimal."""
    value = (value or "000000").strip()[-6:].rjust(6, "0")
    try:
        return int(value[0:2], 16), int(value[2:4], 16), int(value[4:6], 16)
    except ValueError:
        return None


def is_gray(rgb: tuple[int, int, int], tolerance: int = 16) -> bool:
    return max(rgb) - min(rgb) <= tolerance


def aspect_ratio(prs: Any) -> tuple[int, int, float]:
    """(width EMU, height EMU, width/height) of the slides."""
    width, height = int(prs.slide_width or 0), int(prs.slide_height or 0)
    return width, height, (width / height if height else 0.0)
