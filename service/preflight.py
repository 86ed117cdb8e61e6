"""Template preflight, judged the way docxtpl renders the template — and nothing else.

Each part docxtpl renders (the body, the headers and footers, the footnotes, the core properties it fills) is
read through docxtpl's own machinery (``DocxTemplate.get_xml``/``get_part_xml``), patched by the application's
``service.generation.patch_xml`` (docxtpl's ``patch_xml``: tags split across runs joined, its ``{%p``, ``{%tr``,
``{%tc``, ``{%r``, ``{{r``, ``{% hm %}``, ``{% vm %}``, ``{% colspan %}``, ``{% cellbg %}`` tags) and compiled
by the Jinja environment the application renders with (its filters: ``longdate``, ``attrdate``,
``shortdate``, ``table``). Reported, each with a location a person can find in Word (``paragraph N``,
``table T row R cell C paragraph P``, headers/footers prefixed with their part) and the paragraph's text:

- ``syntax``: what docxtpl would fail on — a ``TemplateSyntaxError`` (an unknown or unclosed tag, an unknown
  filter …); for an unclosed block, also where the block was opened;
- ``undeclared-variable`` (only when the template's kind is known): a name or attribute the kind's JSON Schema
  does not declare, which the render would silently leave empty; attributes are followed through loops
  (``{% for p in points %}{{ p.txt }}`` → ``'txt' is not a property``);
- ``not-rendered``: a tag in a part the renderer never fills, left in the document as typed (endnotes always;
  with a kind, everything outside the body, since the application renders the body only).

The location comes from markers (processing instructions, which docxtpl's patching passes through as tags) put
before every paragraph, table row and cell of a copy of the part; the verdict itself comes from the unmarked
part, exactly as docxtpl builds it.
"""

from __future__ import annotations

import functools
import io
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import jinja2
from docxtpl import DocxTemplate
from jinja2 import nodes
from lxml import etree

from service import records
from service.generation import BUILTINS, body_xml, environment, patch_xml
from validators import kinds, resources
from validators.document import read_source
from validators.document.container import open_package, parse_xml, read_part, require_part, sniff
from validators.errors import UnsupportedType, UnusableDocument
from validators.texts import Texts, join, said, text, texts

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
TAG = re.compile(r"\{\{.*?\}\}|\{%.*?%\}", re.DOTALL)
MARK = "qujat-at"
MARKER = re.compile(r"<\?qujat-at (\d+)\?>")
FOOTNOTES = "application/vnd.openxmlformats-officedocument.wordprocessingml.footnotes+xml"
ENDNOTES = "application/vnd.openxmlformats-officedocument.wordprocessingml.endnotes+xml"
# DocxTemplate.render_properties: the core properties docxtpl renders as templates
PROPERTIES = ("author", "comments", "identifier", "language", "subject", "title")
OPENERS = {"for", "if", "macro", "call", "filter", "with", "block", "autoescape", "set"}
EXCERPT = 120


# A place in a template, as steps from the part down: ("part", "header1.xml"), ("table", 1), ("row", 2),
# ("cell", 3), ("paragraph", 1); ("footnote"|"endnote", id), ("property", name); alone: ("start"|"document"|
# "file"|"template", "").
Place = tuple[tuple[str, str | int], ...]
_NUMBERED = ("table", "row", "cell", "paragraph", "footnote", "endnote")


def location_of(place: Place) -> str:
    """The stable, machine-readable location (``table 1 row 2 cell 3 paragraph 1``, ``header1.xml paragraph 2``,
    ``document properties: title``) — the same in every language."""
    words = {"start": "start of the document", "document": "document", "file": "file", "template": "template"}
    out = []
    for key, value in place:
        if key in _NUMBERED:
            out.append(f"{key} {value}")
        elif key == "property":
            out.append(f"document properties: {value}")
        elif key == "part":
            out.append(str(value))
        else:
            out.append(words[key])
    return " ".join(out)


def place_texts(place: Place) -> Texts:
    """The place as a template author finds it in Word, in kk, ru and en (``place.*`` and ``preflight.*``)."""
    parts: list[Texts] = []
    for i, (key, value) in enumerate(place):
        if key in ("table", "row", "cell", "paragraph"):
            parts.append(texts(f"place.{key}", n=value))
        elif key == "part":
            if i + 1 < len(place) and place[i + 1][0] in ("footnote", "endnote"):
                continue  # «сноска 3» says where
            name = str(value)
            stem = next((s for s in ("header", "footer", "footnotes", "endnotes") if name.startswith(s)), "part")
            parts.append(texts(f"preflight.part-{stem}", name=name))
        elif key == "property":
            parts.append(texts("preflight.place-property", name=texts(f"preflight.property-{value}")))
        else:
            parts.append(texts(f"preflight.place-{key}", n=value))
    return join(parts) if parts else texts("preflight.place-document", n="")


@dataclass(frozen=True)
class Problem:
    template: str
    code: str  # syntax | undeclared-variable | not-rendered | missing | language-mismatch
    location: str  # machine-readable, the same in every language (``location_of``)
    message: str  # the English detail (Jinja's own words for a syntax error)
    excerpt: str = ""  # the text of the paragraph (or cell) at the location, as Word shows it
    messages: Texts = field(default_factory=Texts, compare=False)  # what it says to people, kk/ru/en
    place: Texts = field(default_factory=Texts, compare=False)  # the location said in kk/ru/en

    def to_dict(self) -> dict[str, Any]:
        return {"template": self.template, "code": self.code, "location": self.location, "message": self.message,
                "excerpt": self.excerpt, "messages": dict(self.messages), "place": dict(self.place)}

    def text(self, lang: str) -> str:
        """One line for a person: the template, the place, what is wrong (kk/ru from data; en: the detail)."""
        quoted = f" «{self.excerpt}»" if self.excerpt else ""
        if lang == "en":
            return f"{self.template}: {self.location}: {self.code}: {self.message}{quoted}"
        return (f"{self.template}: {self.place.get_text(lang)}: {text(f'preflight.code-{self.code}', lang)}: "
                f"{self.messages.get_text(lang)}{quoted}")

    def __str__(self) -> str:
        return self.text("en")


def problem(template: str, code: str, place: Place, key: str, excerpt: str = "", **args: Any) -> Problem:
    """A problem saying ``preflight.<key>`` with ``args``, at ``place``."""
    says = texts(f"preflight.{key}", **args)
    return Problem(template, code, location_of(place), says["en"], excerpt, says, place_texts(place))


@dataclass
class Part:
    """One part as docxtpl renders it: the XML it patches, and a copy with a location marker before every
    paragraph, row and cell (``places[i]`` = (location, text) of marker i)."""

    name: str
    label: Place  # the part's own steps (empty for the body)
    xml: str
    marked: str = ""
    places: list[tuple[Place, str]] = field(default_factory=list)
    raw: bool = False  # a core property: plain Jinja, not patched

    def where(self, index: int) -> tuple[Place, str]:
        if 0 <= index < len(self.places):
            return self.places[index]
        return (self.label or (("start", ""),)), ""


# ---------------------------------------------------------------- reading a template the docxtpl way
def _text(el: Any) -> str:
    text = " ".join("".join(t.text or "" for t in el.iter(f"{W}t")).split())
    return text if len(text) <= EXCERPT else text[:EXCERPT - 1] + "…"


def _locate(container: Any, prefix: Place, out: list[tuple[Any, Place]]) -> None:
    """(element, location) for every paragraph, table row and cell under ``container``, in document order;
    paragraphs and tables numbered from 1 at each level (content controls are transparent)."""
    p_no = t_no = 0

    def walk(parent: Any) -> None:
        nonlocal p_no, t_no
        for child in parent:
            if child.tag == f"{W}p":
                p_no += 1
                out.append((child, (*prefix, ("paragraph", p_no))))
            elif child.tag == f"{W}tbl":
                t_no += 1
                table: Place = (*prefix, ("table", t_no))
                for r_no, row in enumerate(child.findall(f"{W}tr"), 1):
                    out.append((row, (*table, ("row", r_no))))
                    for c_no, cell in enumerate(row.findall(f"{W}tc"), 1):
                        out.append((cell, (*table, ("row", r_no), ("cell", c_no))))
                        _locate(cell, (*table, ("row", r_no), ("cell", c_no)), out)
            elif child.tag in (f"{W}footnote", f"{W}endnote"):
                _locate(child, (*prefix, (child.tag[len(W):], str(child.get(f"{W}id")))), out)
            elif child.tag in (f"{W}sdt", f"{W}sdtContent", f"{W}customXml", f"{W}smartTag"):
                walk(child)

    walk(container)


_START = re.compile(r"<w:(?:p|tr|tc)[ >/]")


def _marked(xml: str, label: Place) -> tuple[str, list[tuple[Place, str]]]:
    """``xml`` with ``<?qujat-at i?>`` before every paragraph, row and cell, and their places. The markers are
    put into the text itself, so the part keeps every byte it had (an entity stays an entity); when the part
    spells its elements otherwise than ``w:``, into a re-serialised copy."""
    root = etree.fromstring(xml.encode("utf-8"), parser=etree.XMLParser(resolve_entities=False, no_network=True,
                                                                          huge_tree=False))
    container = root.find(f"{W}body")
    found: list[tuple[Any, Place]] = []
    _locate(root if container is None else container, label, found)
    places = [(location, _text(el)) for el, location in found]
    order = list(root.iter(f"{W}p", f"{W}tr", f"{W}tc"))
    starts = [m.start() for m in _START.finditer(xml)]
    if len(starts) == len(order):
        at = {el: starts[n] for n, el in enumerate(order)}
        out, pos = [], 0
        for i, (el, _) in enumerate(found):
            out += [xml[pos:at[el]], f"<?{MARK} {i}?>"]
            pos = at[el]
        return "".join(out) + xml[pos:], places
    for i, (el, _) in enumerate(found):
        el.addprevious(etree.ProcessingInstruction(MARK, str(i)))
    return etree.tostring(root, encoding="unicode"), places


def _helper(template: str, blob: bytes) -> DocxTemplate:
    """docxtpl's template object, for a .docx package within the limits (vetted: sizes, ratios, encryption)."""
    if sniff(blob) != "docx":
        raise UnsupportedType(f"{template}: not a Word document (.docx)", messages=said("template-not-docx",
                                                                                         template=template))
    with open_package(blob) as zf:  # every XML part through the hardened parser first: no DTD, a bad part named
        for name in zf.namelist():
            if name.endswith((".xml", ".rels")):
                parse_xml(read_part(zf, name) or b"", name)
    helper = DocxTemplate(io.BytesIO(blob))
    try:
        helper.init_docx()
    except Exception as exc:  # python-docx raises many types on a damaged package
        raise UnusableDocument(f"{template}: cannot read the template as a Word document ({exc})",
                               messages=said("template-unreadable", template=template)) from exc
    return helper


def read_parts(template: str, helper: DocxTemplate) -> tuple[list[Part], list[Part]]:
    """(the parts docxtpl renders, the parts it leaves as typed) of a template, read by docxtpl itself."""
    def damaged(name: str, exc: Exception) -> UnusableDocument:
        return UnusableDocument(f"{template}: {name} cannot be read ({exc})",
                                messages=said("doc-part-damaged", part=name))

    rendered = [Part("word/document.xml", (), helper.get_xml())]
    for uri in (helper.HEADER_URI, helper.FOOTER_URI):
        for _, part in helper.get_headers_footers(uri):
            name = str(part.partname).lstrip("/")
            try:
                rendered.append(Part(name, (("part", name.rsplit("/", 1)[-1]),), helper.get_part_xml(part)))
            except (etree.XMLSyntaxError, ValueError) as exc:
                raise damaged(name, exc) from exc
    left: list[Part] = []
    for part in helper.docx.part.package.parts:
        if part.content_type in (FOOTNOTES, ENDNOTES):
            name = str(part.partname).lstrip("/")
            try:
                blob_xml = part.blob.decode("utf-8") if isinstance(part.blob, bytes) else part.blob
            except UnicodeDecodeError as exc:
                raise damaged(name, exc) from exc
            (rendered if part.content_type == FOOTNOTES else left).append(
                Part(name, (("part", name.rsplit("/", 1)[-1]),), blob_xml))
    for prop in PROPERTIES:
        value = getattr(helper.docx.core_properties, prop) or ""
        rendered.append(Part(f"docProps/core.xml {prop}", (("property", prop),), value, raw=True))
    for part in rendered + left:
        if not part.raw:
            try:
                part.marked, part.places = _marked(part.xml, part.label)
            except etree.XMLSyntaxError as exc:
                raise damaged(part.name, exc) from exc
    return rendered, left


def _application_body(template: str, blob: bytes) -> Part:
    """The body as the application compiles it (``service.generation.body_xml`` of the stored document.xml)."""
    with open_package(blob) as zf:
        document = require_part(zf, "word/document.xml").decode("utf-8")
    marked, places = _marked(document, ())
    try:
        return Part("word/document.xml", (), body_xml(document), body_xml(marked), places)
    except ValueError as exc:
        raise UnusableDocument(f"{template}: word/document.xml has no <w:body>",
                               messages=said("doc-part-damaged", part="word/document.xml")) from exc


# ---------------------------------------------------------------- compiling the way docxtpl does
def _docxtpl_source(helper: DocxTemplate, part: Part) -> str:
    """What ``DocxTemplate.render_xml_part`` hands to Jinja for this part."""
    if part.raw:
        return part.xml
    return re.sub(r"<w:p([ >])", r"\n<w:p\1", patch_xml(helper, part.xml))


def _marked_source(helper: DocxTemplate, part: Part) -> tuple[str, list[int]]:
    """The patched marked part with every marker turned into a line break, and the marker owning each line."""
    if part.raw:
        return part.xml, [-1] * (part.xml.count("\n") + 1)
    pieces = MARKER.split(patch_xml(helper, part.marked))
    owners, current, text = [-1], -1, []
    for i, piece in enumerate(pieces):
        if i % 2:
            current = int(piece)
            owners.append(current)
            text.append("\n")
        else:
            owners.extend([current] * piece.count("\n"))
            text.append(piece)
    return "".join(text), owners


def _open_blocks(env: jinja2.Environment, source: str, upto: int) -> list[tuple[str, int]]:
    """The blocks still open at line ``upto`` (keyword, line of its tag), innermost last."""
    stack: list[tuple[str, int]] = []
    try:
        tokens = [t for t in env.lexer.tokeniter(source, None) if t[1] != "whitespace"]
    except jinja2.TemplateSyntaxError:
        return stack
    for i, (lineno, token, _) in enumerate(tokens):
        if lineno > upto:
            break
        if token != "block_begin" or i + 1 >= len(tokens) or tokens[i + 1][1] != "name":
            continue
        word = tokens[i + 1][2]
        if word == "set":  # only {% set x %}…{% endset %} opens a block
            rest = []
            for _, tok, val in tokens[i + 2:]:
                if tok == "block_end":
                    break
                rest.append((tok, val))
            if ("operator", "=") in rest:
                continue
        if word in OPENERS:
            stack.append((word, lineno))
        elif word.startswith("end") and stack and stack[-1][0] == word[3:]:
            stack.pop()
    return stack


# Jinja's syntax errors (English, its own words) → the text a template author reads (preflight.syntax-*): the
# first pattern that matches; anything else says "syntax-other" (the English detail stays in ``message``).
_JINJA_SAYS: tuple[tuple[re.Pattern[str], str], ...] = tuple((re.compile(rx), key) for rx, key in (
    (r"^Encountered unknown tag '(?P<tag>[^']*)'\. You probably made a nesting mistake", "syntax-nesting"),
    (r"^Encountered unknown tag '(?P<tag>[^']*)'", "syntax-unknown-tag"),
    (r"^unexpected end of template, expected '(?P<expected>[^']*)'", "syntax-unclosed-tag"),
    (r"^Unexpected end of template", "syntax-unexpected-end"),
    (r"^No filter named '(?P<name>[^']*)'", "syntax-unknown-filter"),
    (r"^No test named '(?P<name>[^']*)'", "syntax-unknown-test"),
    (r"^expected token '(?P<expected>[^']*)', got '(?P<got>[^']*)'", "syntax-unexpected"),
    (r"^unexpected '(?P<got>[^']*)'", "syntax-unexpected"),
    (r"^unexpected char '(?P<got>.*)' at \d+", "syntax-unexpected"),
    (r"^unexpected char (?P<got>\S+) at \d+", "syntax-unexpected"),
    (r"^tag name expected", "syntax-tag-name"),
    (r"^Invalid character in identifier", "syntax-bad-name"),
    (r"^expected name or number", "syntax-bad-name"),
))


# How Jinja describes a token (lexer._describe_token_type) → the characters a template author types, or a word.
_TOKEN_TYPED = {"begin of comment": "{#", "end of comment": "#}", "begin of statement block": "{%",
                "end of statement block": "%}", "begin of print statement": "{{", "end of print statement": "}}"}
_TOKEN_WORDS = {"end of template": "token-eof", "template data / text": "token-text", "name": "token-name",
                "integer": "token-number", "float": "token-number", "string": "token-string"}


def _token(described: str) -> str | Texts:
    if described in _TOKEN_WORDS:
        return texts(f"preflight.{_TOKEN_WORDS[described]}")
    return _TOKEN_TYPED.get(described, described)


def syntax_texts(message: str) -> Texts:
    """Jinja's syntax error ``message`` said in kk, ru (from data) and en (Jinja's own words)."""
    for rx, key in _JINJA_SAYS:
        m = rx.search(message)
        if m:
            args = {k: _token(v) for k, v in m.groupdict().items() if v is not None}
            if key == "syntax-unexpected" and "expected" not in args:
                key = "syntax-unexpected-plain"
            return Texts({**texts(f"preflight.{key}", **args), "en": message})
    return Texts({**texts("preflight.syntax-other"), "en": message})


def _syntax(template: str, env: jinja2.Environment, helper: DocxTemplate, part: Part) -> Problem | None:
    try:
        env.from_string(_docxtpl_source(helper, part))  # parse and compile, as docxtpl's render does
        return None
    except jinja2.TemplateSyntaxError as exc:
        message = exc.message or str(exc)
    says = syntax_texts(message)
    source, owners = _marked_source(helper, part)
    try:
        env.from_string(source)
        where: tuple[Place, str] = (part.label or (("document", ""),), "")  # (never seen: markers are inert)
    except jinja2.TemplateSyntaxError as marked_exc:
        lineno = marked_exc.lineno or 1
        where = part.where(owners[min(lineno, len(owners)) - 1])
        innermost = re.search(r"innermost block that needs to be closed is '(\w+)'", message)
        opened = _open_blocks(env, source, lineno)
        if innermost and opened and opened[-1][0] == innermost.group(1):
            block = opened[-1][0]
            opener_at = part.where(owners[min(opened[-1][1], len(owners)) - 1])
            if "Unexpected end of template" in message:
                where = opener_at
                says = join([texts("preflight.syntax-never-closed", block=block), says], ": ")
                says["en"] = f"{{% {block} %}} is never closed. {message}"
            elif opener_at != where:
                says = join([says, texts("preflight.syntax-opened-at", block=block,
                                         place=place_texts(opener_at[0]))], " ")
                says["en"] = f"{message} (the {{% {block} %}} was opened at {location_of(opener_at[0])})"
    return Problem(template, "syntax", location_of(where[0]), says["en"], where[1], says, place_texts(where[0]))


def _not_rendered(template: str, part: Part, why: str) -> Iterator[Problem]:
    """Every paragraph of ``part`` holding a tag: nothing will replace it."""
    located: list[tuple[Any, Place]] = []
    _locate(etree.fromstring(part.xml.encode("utf-8"), parser=etree.XMLParser(resolve_entities=False,
                                                                              no_network=True)), part.label, located)
    for el, place in located:
        if el.tag == f"{W}p":
            tag = TAG.search("".join(t.text or "" for t in el.iter(f"{W}t")))
            if tag:
                yield problem(template, "not-rendered", place, "not-rendered", _text(el), tag=tag.group(0),
                              why=texts(f"preflight.{why}"))


# ---------------------------------------------------------------- variables
SchemaRef = tuple[dict, str] | None


def _names(target: nodes.Node) -> list[nodes.Name]:
    return [target] if isinstance(target, nodes.Name) else list(target.find_all(nodes.Name))


class _Variables:
    """Walk the Jinja AST with scopes; report names and attributes the kind's schema does not declare."""

    def __init__(self, template: str, kind: str, where: Callable[[int], tuple[Place, str]]):
        self.template, self.where_line = template, where
        root = records.kind_root(kind)
        self.top: dict[str, SchemaRef] = dict(records.properties(*root))
        self.problems: list[Problem] = []

    def report(self, node: nodes.Node, key: str, **args: Any) -> None:
        place, excerpt = self.where_line(getattr(node, "lineno", 1) or 1)
        found = problem(self.template, "undeclared-variable", place, key, excerpt, **args)
        if found not in self.problems:
            self.problems.append(found)

    def lookup(self, name: str, scopes: list[dict[str, SchemaRef]]) -> tuple[bool, SchemaRef]:
        for scope in reversed(scopes):
            if name in scope:
                return True, scope[name]
        if name in self.top:
            return True, self.top[name]
        return name in BUILTINS, None

    def schema_of(self, node: nodes.Node, scopes: list[dict[str, SchemaRef]]) -> SchemaRef:
        if isinstance(node, nodes.Name):
            return self.lookup(node.name, scopes)[1]
        if isinstance(node, nodes.Getattr):
            base = self.schema_of(node.node, scopes)
            return records.properties(*base).get(node.attr) if base else None
        if isinstance(node, nodes.Getitem):
            base = self.schema_of(node.node, scopes)
            return records.items(*base) if base else None
        if isinstance(node, nodes.Or):
            return self.schema_of(node.left, scopes)
        return None

    def walk(self, node: nodes.Node, scopes: list[dict[str, SchemaRef]]) -> None:
        if isinstance(node, nodes.For):
            self.walk(node.iter, scopes)
            iterable = self.schema_of(node.iter, scopes)
            item = records.items(*iterable) if iterable else None
            inner: dict[str, SchemaRef] = {"loop": None}
            for target in _names(node.target):
                inner[target.name] = item
            for child in [*node.body, *([node.test] if node.test else [])]:
                self.walk(child, [*scopes, inner])
            for child in node.else_:
                self.walk(child, scopes)
            return
        if isinstance(node, nodes.Assign):
            self.walk(node.node, scopes)
            for target in _names(node.target):
                scopes[-1][target.name] = self.schema_of(node.node, scopes)
            return
        if isinstance(node, nodes.Name) and node.ctx == "load":
            known, _ = self.lookup(node.name, scopes)
            if not known:
                self.report(node, "undeclared-name", name=node.name)
            return
        if isinstance(node, nodes.Getattr):
            self.walk(node.node, scopes)
            base = self.schema_of(node.node, scopes)
            if base is not None:
                leaf = records.leaf_type(*base)
                if leaf in ("text", "date", "rich"):
                    self.report(node, f"attribute-of-{leaf}", name=node.attr)
                elif node.attr not in records.properties(*base):
                    self.report(node, "not-a-property", name=node.attr)
            return
        for child in node.iter_child_nodes():
            self.walk(child, scopes)


# ---------------------------------------------------------------- one template
def _liner(part: Part, owners: list[int]) -> Callable[[int], tuple[Place, str]]:
    """Line of the marked source → (location, text) of its paragraph."""
    return lambda line: part.where(owners[min(line, len(owners)) - 1])


QUJAT_BODY_ONLY = "why-body-only"  # preflight.<key>: why a tag stays as typed
DOCXTPL_SKIPS = "why-no-endnotes"


def _analyse(template: str, blob: bytes, kind: str | None, lang: str) -> tuple[list[Problem], set[str]]:
    """Problems of one template, and the names and attributes its body uses (for the kk/ru comparison)."""
    helper = _helper(template, blob)
    try:
        rendered, left = read_parts(template, helper)
    except (UnicodeDecodeError, ValueError, KeyError, etree.XMLSyntaxError) as exc:
        raise UnusableDocument(f"{template}: a part of the template cannot be read ({exc})",
                               messages=said("template-unreadable", template=template)) from exc
    env = environment(lang)
    if kind in kinds.KINDS_GENERATED:  # the application renders the body only, as service.generation reads it
        left = [*left, *[p for p in rendered[1:] if not p.raw]]
        rendered = [_application_body(template, blob)]
    problems: list[Problem] = []
    used: set[str] = set()
    for part in rendered:
        problem = _syntax(template, env, helper, part)
        if problem:
            problems.append(problem)
            continue
        if part.name != "word/document.xml":
            continue
        source, owners = _marked_source(helper, part)
        ast = env.parse(source)
        used = {n.name for n in ast.find_all(nodes.Name)} | {g.attr for g in ast.find_all(nodes.Getattr)}
        if kind in kinds.KINDS_GENERATED:
            checker = _Variables(template, kind, _liner(part, owners))
            checker.walk(ast, [{}])
            problems += checker.problems
    for part in left:
        why = DOCXTPL_SKIPS if part.name.endswith("endnotes.xml") else QUJAT_BODY_ONLY
        problems += _not_rendered(template, part, why)
    return problems, used


class _Lenient(jinja2.ChainableUndefined):
    """A missing value that is also callable: a trial render with no data runs every tag it can."""

    def __call__(self, *args: Any, **kwargs: Any) -> _Lenient:  # type: ignore[override]
        return self


@functools.cache
def _trial_environment(lang: str) -> jinja2.Environment:
    """The application's environment where a missing value renders empty (its own filters too)."""
    env = environment(lang).overlay(undefined=_Lenient)
    env.filters = dict(env.filters)  # the overlay shares the dict: wrap the application's filters in a copy
    for name, fn in environment(lang).filters.items():
        if getattr(fn, "__module__", "").startswith("service."):
            env.filters[name] = (lambda f: lambda v, *a, **k: "" if isinstance(v, jinja2.Undefined)
                                 else f(v, *a, **k))(fn)
    return env


def trial_render(blob: bytes, context: dict[str, Any] | None = None, lang: str = "ru") -> str | None:
    """Render ``blob`` with docxtpl itself (``DocxTemplate.render`` then ``save``), in the application's Jinja
    environment; a missing value renders empty. None when docxtpl renders it, else what it failed with. The
    ground truth preflight is measured against (scripts/eval_preflight.py, tests)."""
    env = _trial_environment(lang)
    try:
        helper = DocxTemplate(io.BytesIO(blob))
        helper.render(context or {}, env)
        helper.save(io.BytesIO())
    except Exception as exc:  # whatever docxtpl raises is its verdict
        return f"{type(exc).__name__}: {exc}"
    return None


def check_bytes(template: str, blob: bytes, kind: str | None = None, lang: str = "ru") -> list[Problem]:
    return _analyse(template, blob, kind, lang)[0]


def kind_of(path: Path) -> str | None:
    """The kind whose template file this is (by name), if any."""
    return next((k.id for k in kinds.REGISTRY.values() if k.generated and k.template == path.name), None)


def check_file(path: Path, kind: str | None = None) -> list[Problem]:
    path = Path(path)
    lang = path.parent.name if path.parent.name in resources.LANGS else "ru"
    if kind is not None:
        kinds.generated(kind)  # UnknownName for a kind that has no template
    kind = kind or kind_of(path)
    name = f"{path.parent.name}/{path.name}" if path.parent.name else path.name
    return check_bytes(name, read_source(path)[0], kind, lang)


def check_all() -> list[Problem]:
    """Every shipped template (templates/<lang>/<kind>.docx); a missing template is a problem too, and so is a
    field one language's template prints and the other's does not (it would be dropped in one language)."""
    problems: list[Problem] = []
    for kind in kinds.KINDS_GENERATED:
        used: dict[str, set[str]] = {}
        for lang in resources.LANGS:
            path = kinds.get(kind).template_path(lang)
            if not path.is_file():
                problems.append(problem(f"{lang}/{kind}.docx", "missing", (("file", ""),), "missing"))
                continue
            found, used[lang] = _analyse(f"{lang}/{kind}.docx", path.read_bytes(), kind, lang)
            problems += found
        problems += language_mismatch(kind, used)
    return problems


def language_mismatch(kind: str, used: dict[str, set[str]]) -> list[Problem]:
    if len(used) < 2 or not all(used.values()):
        return []
    out = []
    for lang, other in (("kk", "ru"), ("ru", "kk")):
        only = sorted(used[lang] - used[other] - {lang, other})  # body.kk / body.ru on the blank
        if only:
            out.append(problem(f"{other}/{kind}.docx", "language-mismatch", (("template", ""),), "language-mismatch",
                               names=", ".join(only), other=f"{lang}/{kind}.docx"))
    return out
