"""Template preflight: undeclared variables, Jinja tags split across runs, unbalanced blocks, paragraph tags
sharing their paragraph — each with the paragraph or table-cell location.

Variables are checked against the kind's JSON Schema (plus the renderer's builtins), attribute by attribute
through loops: ``{% for p in points %}{{ p.txt }}`` is reported as ``p.txt`` not in the schema.
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import jinja2
from jinja2 import nodes
from lxml import etree

from service import records
from service.generation import BUILTINS, environment
from validators import kinds, resources
from validators.errors import UnusableDocument

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
TAG = re.compile(r"\{\{.*?\}\}|\{%.*?%\}|\{#.*?#\}", re.DOTALL)
OPEN = re.compile(r"\{[{%#]")
DOCXTPL_PREFIX = re.compile(r"^(\{[{%]-?)\s*(?:p|tr|tc|r)\s+")
BLOCK = re.compile(r"^\{%-?\s*(?:p\s+|tr\s+|tc\s+)?(\w+)")
OPENERS = {"for", "if", "macro", "call", "filter", "with", "block", "raw", "autoescape"}
MIDDLES = {"else": {"if", "for"}, "elif": {"if"}}


@dataclass(frozen=True)
class Problem:
    template: str
    code: str  # undeclared-variable | split-tag | unclosed-tag | unbalanced-block | syntax | crowded-tag
    location: str
    message: str

    def to_dict(self) -> dict[str, str]:
        return {"template": self.template, "code": self.code, "location": self.location, "message": self.message}

    def __str__(self) -> str:
        return f"{self.template}: {self.location}: {self.code}: {self.message}"


@dataclass
class Tag:
    text: str
    location: str
    alone: bool  # the only text of its paragraph


# ---------------------------------------------------------------- reading the XML
def _paragraphs(root: Any, part: str) -> Iterator[tuple[str, Any]]:
    """(location, w:p) in document order; body paragraphs and table cells numbered from 1."""
    body = root.find(f"{W}body")
    container = body if body is not None else root
    prefix = "" if part == "word/document.xml" else f"{part.rsplit('/', 1)[-1]} "
    p_no = t_no = 0
    for child in container:
        if child.tag == f"{W}p":
            p_no += 1
            yield f"{prefix}paragraph {p_no}", child
        elif child.tag == f"{W}tbl":
            t_no += 1
            for r_no, row in enumerate(child.iter(f"{W}tr"), 1):
                for c_no, cell in enumerate(row.findall(f"{W}tc"), 1):
                    for cp_no, p in enumerate(cell.iter(f"{W}p"), 1):
                        yield f"{prefix}table {t_no} row {r_no} cell {c_no} paragraph {cp_no}", p


def _runs(p: Any) -> list[str]:
    out = []
    for r in p.iter(f"{W}r"):
        out.append("".join(t.text or "" for t in r.iter(f"{W}t")))
    return out


def _scan_paragraph(template: str, location: str, p: Any, tags: list[Tag], problems: list[Problem]) -> None:
    runs = _runs(p)
    text = "".join(runs)
    if not OPEN.search(text) and "}}" not in text and "%}" not in text:
        return
    bounds, pos = [], 0
    for r in runs:
        bounds.append((pos, pos + len(r)))
        pos += len(r)

    def run_of(i: int) -> int:
        return next(n for n, (a, b) in enumerate(bounds) if a <= i < b)

    covered = 0
    for m in TAG.finditer(text):
        if OPEN.search(text, covered, m.start()):
            problems.append(Problem(template, "unclosed-tag", location,
                                    f"a tag opens but never closes before {m.group(0)!r}"))
        if run_of(m.start()) != run_of(m.end() - 1):
            problems.append(Problem(template, "split-tag", location,
                                    f"{m.group(0)!r} is split across {run_of(m.end() - 1) - run_of(m.start()) + 1} "
                                    "runs; retype it in one go"))
        tags.append(Tag(m.group(0), location, m.group(0).strip() == text.strip()))
        covered = m.end()
    rest = text[covered:]
    if OPEN.search(rest):
        problems.append(Problem(template, "unclosed-tag", location, f"unclosed tag in {rest.strip()[:60]!r}"))


def read_tags(template: str, blob: bytes) -> tuple[list[Tag], list[Problem]]:
    try:
        zf = zipfile.ZipFile(io.BytesIO(blob))
        parts = [n for n in zf.namelist()
                 if n == "word/document.xml" or re.fullmatch(r"word/(header|footer)\d*\.xml", n)]
        if "word/document.xml" not in parts:
            raise UnusableDocument(f"{template}: not a Word document (no word/document.xml)")
        tags: list[Tag] = []
        problems: list[Problem] = []
        for part in parts:
            root = etree.fromstring(zf.read(part), parser=etree.XMLParser(resolve_entities=False, no_network=True))
            for location, p in _paragraphs(root, part):
                _scan_paragraph(template, location, p, tags, problems)
    except (zipfile.BadZipFile, etree.XMLSyntaxError, KeyError) as exc:
        raise UnusableDocument(f"{template}: cannot read the template ({exc})") from exc
    return tags, problems


# ---------------------------------------------------------------- blocks
def _check_blocks(template: str, tags: list[Tag]) -> list[Problem]:
    problems: list[Problem] = []
    stack: list[tuple[str, Tag]] = []
    for tag in tags:
        if tag.text.startswith("{%") and re.match(r"^\{%-?\s*p\s", tag.text) and not tag.alone:
            problems.append(Problem(template, "crowded-tag", tag.location,
                                    f"{tag.text!r}: a {{%p %}} tag must be alone in its paragraph "
                                    "(the rest of the paragraph is dropped)"))
        m = BLOCK.match(tag.text)
        if not m:
            continue
        word = m.group(1)
        if word in OPENERS:
            stack.append((word, tag))
        elif word in MIDDLES:
            if not stack or stack[-1][0] not in MIDDLES[word]:
                problems.append(Problem(template, "unbalanced-block", tag.location,
                                        f"{tag.text!r} outside an {' or '.join(sorted(MIDDLES[word]))} block"))
        elif word.startswith("end") and word[3:] in OPENERS:
            if not stack:
                problems.append(Problem(template, "unbalanced-block", tag.location,
                                        f"{tag.text!r} closes a block that was never opened"))
            elif stack[-1][0] != word[3:]:
                opener = stack[-1][1]
                problems.append(Problem(template, "unbalanced-block", tag.location,
                                        f"{tag.text!r} closes {{% {stack[-1][0]} %}} opened at {opener.location}"))
                stack.pop()
            else:
                stack.pop()
    for word, tag in stack:
        problems.append(Problem(template, "unbalanced-block", tag.location,
                                f"{tag.text!r} is never closed (no end{word})"))
    return problems


# ---------------------------------------------------------------- variables
SchemaRef = tuple[dict, str] | None


def _names(target: nodes.Node) -> list[nodes.Name]:
    return [target] if isinstance(target, nodes.Name) else list(target.find_all(nodes.Name))


class _Variables:
    """Walk the Jinja AST with scopes; report names and attributes the kind's schema does not declare."""

    def __init__(self, template: str, kind: str, lines: list[str]):
        self.template, self.lines = template, lines
        root = records.kind_root(kind)
        self.top: dict[str, SchemaRef] = dict(records.properties(*root))
        self.problems: list[Problem] = []

    def where(self, node: nodes.Node) -> str:
        lineno = getattr(node, "lineno", 1) or 1
        return self.lines[min(lineno, len(self.lines)) - 1]

    def report(self, node: nodes.Node, message: str) -> None:
        problem = Problem(self.template, "undeclared-variable", self.where(node), message)
        if problem not in self.problems:
            self.problems.append(problem)

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
                self.report(node, f"{node.name!r} is not in the kind's schema nor a renderer builtin")
            return
        if isinstance(node, nodes.Getattr):
            self.walk(node.node, scopes)
            base = self.schema_of(node.node, scopes)
            if base is not None:
                if records.leaf_type(*base) in ("text", "date", "rich"):
                    self.report(node, f"attribute {node.attr!r} of a {records.leaf_type(*base)} value")
                elif node.attr not in records.properties(*base):
                    self.report(node, f"{node.attr!r} is not a property in the schema here")
            return
        for child in node.iter_child_nodes():
            self.walk(child, scopes)


def _source(tags: list[Tag]) -> tuple[str, list[str]]:
    """One Jinja source from the tags (docxtpl prefixes removed), and the location of every line."""
    parts, lines = [], []
    for tag in tags:
        text = DOCXTPL_PREFIX.sub(r"\1 ", tag.text)
        parts.append(text)
        lines.extend([tag.location] * (text.count("\n") + 1))
    return "\n".join(parts), lines


def _analyse(template: str, blob: bytes, kind: str | None, lang: str) -> tuple[list[Problem], set[str]]:
    """Problems of one template, and the names and attributes it uses (for the kk/ru comparison)."""
    tags, problems = read_tags(template, blob)
    block_problems = _check_blocks(template, tags)
    problems += block_problems
    if any(p.code == "unbalanced-block" for p in block_problems) or any(p.code == "unclosed-tag" for p in problems):
        return problems, set()
    source, lines = _source(tags)
    try:
        ast = environment(lang).parse(source)
    except jinja2.TemplateSyntaxError as exc:
        where = lines[min(exc.lineno or 1, len(lines)) - 1] if lines else "document"
        return [*problems, Problem(template, "syntax", where, exc.message or str(exc))], set()
    if kind in kinds.KINDS_GENERATED:
        checker = _Variables(template, kind, lines)
        checker.walk(ast, [{}])
        problems += checker.problems
    used = {n.name for n in ast.find_all(nodes.Name)} | {g.attr for g in ast.find_all(nodes.Getattr)}
    return problems, used


def check_bytes(template: str, blob: bytes, kind: str | None = None, lang: str = "ru") -> list[Problem]:
    return _analyse(template, blob, kind, lang)[0]


def check_file(path: Path, kind: str | None = None) -> list[Problem]:
    path = Path(path)
    lang = path.parent.name if path.parent.name in resources.LANGS else "ru"
    kind = kind or next((k.id for k in kinds.REGISTRY.values() if k.template == path.name), None)
    name = f"{path.parent.name}/{path.name}"
    return check_bytes(name, path.read_bytes(), kind, lang)


def check_all() -> list[Problem]:
    """Every shipped template (templates/<lang>/<kind>.docx); a missing template is a problem too, and so is a
    field one language's template prints and the other's does not (it would be dropped in one language)."""
    problems: list[Problem] = []
    for kind in kinds.KINDS_GENERATED:
        used: dict[str, set[str]] = {}
        for lang in resources.LANGS:
            path = kinds.get(kind).template_path(lang)
            if not path.is_file():
                problems.append(Problem(f"{lang}/{kind}.docx", "missing", "file", "template not found"))
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
            out.append(Problem(f"{other}/{kind}.docx", "language-mismatch", "template",
                               f"uses no {', '.join(only)} while {lang}/{kind}.docx does"))
    return out
