"""Generation records: the schema of each kind, validation (errors name JSON paths), and resolution of
language-dependent texts for one language.

A text is a string or ``{"kk": …, "ru": …}``; ``bitext`` keeps both languages (the bilingual blank);
``rich`` (comparison-table wordings) becomes a docxtpl ``RichText`` (added → bold, removed → strikethrough).
"""

from __future__ import annotations

import functools
import itertools
import json
import math
import re
from collections.abc import Iterator
from typing import Any

import jsonschema
from docxtpl import RichText
from jsonschema.exceptions import ValidationError, best_match
from referencing import Registry, Resource

from validators import kinds, resources
from validators.errors import DataInvalid, UnknownName
from validators.texts import said

COMMON = "common.schema.json"
MAX_DETAILS = 100  # problems listed per record (a broken 2,000-row table need not list 2,000)
MAX_DEPTH = 32  # the deepest kind nests ~6 levels; deeper is junk, and would exhaust the validators' recursion
MAX_STRING = 100_000  # characters in one text (~30 pages); a longer one is a mistake, not a document
# Characters XML 1.0 cannot carry (a .docx holding one is corrupt): C0 controls but \t \n \r, and \a \f, which
# docxtpl turns into a new paragraph and a page break; lone surrogates; U+FFFE, U+FFFF.
NOT_IN_XML = re.compile("[\x00-\x06\x08\x0b\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
_BASE = "https://qujat.kz/schemas/"

Schema = dict[str, Any]


@functools.cache
def _load(name: str) -> Schema:
    path = resources.SCHEMAS / name
    with path.open(encoding="utf-8") as fh:
        return json.load(fh)


def schema(kind: str) -> Schema:
    """The JSON Schema of a generated kind (UnknownName for anything else)."""
    if kind not in kinds.KINDS_GENERATED:
        known = ", ".join(kinds.KINDS_GENERATED)
        said_as = "kind-not-generated" if kind in kinds.KINDS else "unknown-kind"
        raise UnknownName(f"unknown kind {kind!r} for generation; known: {known}",
                          messages=said(said_as, kind=kind, known=known))
    return _load(f"{kind}.schema.json")


@functools.cache
def _validator(kind: str | None, definition: str | None = None) -> jsonschema.Draft202012Validator:
    """The explaining validator of a kind, or of one shared definition (``_validator(None, "rich")``)."""
    common = _load(COMMON)
    registry = Registry().with_resources(
        [(_BASE + COMMON, Resource.from_contents(common)), (COMMON, Resource.from_contents(common))])
    root = schema(kind) if kind else {"$ref": f"{_BASE}{COMMON}#/$defs/{definition}"}
    return jsonschema.Draft202012Validator(root, registry=registry, format_checker=jsonschema.FormatChecker())


@functools.cache
def _fast_validator(kind: str) -> Any:
    """jsonschema-rs (compiled, ~1000× faster) answers valid/invalid; jsonschema explains the invalid ones."""
    try:
        import jsonschema_rs
    except ImportError:  # optional accelerator
        return None
    registry = jsonschema_rs.Registry([(_BASE + COMMON, _load(COMMON))])
    return jsonschema_rs.Draft202012Validator(schema(kind), registry=registry, validate_formats=True)


def json_path(parts: Any) -> str:
    out = "$"
    for part in parts:
        out += f"[{part}]" if isinstance(part, int) else f".{part}"
    return out


def _explain(error: ValidationError) -> ValidationError:
    """For oneOf/anyOf failures pick the most specific sub-error (e.g. the missing 'ru', not 'no match')."""
    if error.context:
        depth = max(len(e.absolute_path) for e in error.context)  # the branch that got furthest into the value
        deeper = best_match([e for e in error.context if len(e.absolute_path) == depth])
        if deeper is not None:
            return _explain(deeper)
    return error


def _detail(err: ValidationError, prefix: list) -> dict[str, str]:
    err = _explain(err)
    return {"path": json_path([*prefix, *err.absolute_path]), "message": err.message}


def _fast_detail(err: Any) -> dict[str, str]:
    """A jsonschema-rs error; a failed ``oneOf`` of a shared definition (text, rich) is explained by jsonschema
    on just that value, so the message names the inner path and problem (e.g. a segment's unknown mark)."""
    path, where = list(err.instance_path), list(err.schema_path)
    if len(where) >= 3 and where[-3] == "$defs" and where[-1] in ("oneOf", "anyOf"):
        inner = list(_validator(None, where[-2]).iter_errors(err.instance))
        if inner:
            return _detail(best_match(inner) or inner[0], path)
    return {"path": json_path(path), "message": err.message}


def _value_problems(data: Any) -> list[tuple[list, dict[str, str]]]:
    """What no schema can say: values that are not JSON (bytes, NaN, non-string keys), nesting deeper than
    MAX_DEPTH, strings longer than MAX_STRING or holding characters a .docx cannot carry. Iterative, so a
    hostile record cannot exhaust the stack; checked before the schema validators, which recurse."""
    found: list[tuple[list, dict[str, str]]] = []
    stack: list[tuple[Any, list]] = [(data, [])]
    while stack and len(found) <= MAX_DETAILS:
        value, path = stack.pop()
        problem = None
        if isinstance(value, str):
            bad = NOT_IN_XML.search(value[:MAX_STRING + 1])
            if len(value) > MAX_STRING:
                problem = f"the text has {len(value)} characters; the limit is {MAX_STRING}"
            elif bad:
                problem = (f"the text holds U+{ord(bad.group()):04X} at position {bad.start()}, a control character "
                           "or non-character that a document cannot carry")
        elif isinstance(value, (dict, list, tuple)) and len(path) >= MAX_DEPTH:
            problem = f"nested deeper than {MAX_DEPTH} levels"
        elif isinstance(value, dict):
            for key, item in value.items():
                if isinstance(key, str):
                    stack.append((item, [*path, key]))
                else:
                    found.append((path, {"path": json_path(path), "message": f"the key {key!r} is not a string"}))
        elif isinstance(value, (list, tuple)):
            stack.extend((item, [*path, i]) for i, item in enumerate(value))
        elif isinstance(value, float) and not math.isfinite(value):
            problem = f"{value} is not a JSON number"
        elif not (value is None or isinstance(value, (bool, int, float))):
            problem = f"a value of type {type(value).__name__} is not JSON"
        if problem:
            found.append((path, {"path": json_path(path), "message": problem}))
    return found


def _refuse(kind: str, found: list[tuple[list, Any]], explain: Any) -> None:
    """Raise DataInvalid for ``found`` [(path parts, error)], sorted by path, at most MAX_DETAILS listed."""
    found.sort(key=lambda item: [(0, p, "") if isinstance(p, int) else (1, 0, p) for p in item[0]])
    details = [explain(err) for _, err in found[:MAX_DETAILS]]
    head = "; ".join(f"{d['path']}: {d['message']}" for d in details[:3])
    more = f" (and {len(found) - 3} more)" if len(found) > 3 else ""
    if len(found) > MAX_DETAILS:
        more = f" (and more; the first {MAX_DETAILS} are listed)"
    raise DataInvalid(f"invalid {kind} record: {head}{more}", details=details)


def validate(kind: str, data: Any) -> None:
    """Raise DataInvalid listing every problem as {path, message} (sorted by path)."""
    if not isinstance(data, dict):
        raise DataInvalid(f"{kind}: the record must be a JSON object, not {type(data).__name__}",
                          details=[{"path": "$", "message": "expected an object"}])
    problems = _value_problems(data)
    if problems:
        _refuse(kind, problems, lambda detail: detail)
    fast = _fast_validator(kind)
    if fast is not None:
        if fast.is_valid(data):
            return
        found = ((list(e.instance_path), e) for e in fast.iter_errors(data))
        explain = _fast_detail
    else:
        found = ((list(e.absolute_path), e) for e in _validator(kind).iter_errors(data))
        explain = functools.partial(_detail, prefix=[])
    first = list(itertools.islice(found, MAX_DETAILS + 1))
    if first:
        _refuse(kind, first, explain)


# ---------------------------------------------------------------- schema walking
def _deref(node: Schema, doc: str) -> tuple[Schema, str, str | None]:
    """Follow one $ref: (target node, its document, the $defs name or None)."""
    ref = node["$ref"]
    target_doc, _, pointer = ref.partition("#")
    target_doc = target_doc or doc
    target: Any = _load(target_doc)
    for part in [p for p in pointer.split("/") if p]:
        target = target[part]
    name = pointer.rsplit("/", 1)[-1] if pointer.startswith("/$defs/") else None
    return target, target_doc, name


def properties(node: Schema, doc: str) -> dict[str, tuple[Schema, str]]:
    """All properties an object node declares, following $ref (used by resolution and preflight)."""
    out: dict[str, tuple[Schema, str]] = {}
    if "$ref" in node:
        target, tdoc, _ = _deref(node, doc)
        out.update(properties(target, tdoc))
    for name, sub in node.get("properties", {}).items():
        out[name] = (sub, doc)
    return out


def items(node: Schema, doc: str) -> tuple[Schema, str] | None:
    while "$ref" in node and "items" not in node:
        node, doc, _ = _deref(node, doc)
    return (node["items"], doc) if "items" in node else None


def leaf_type(node: Schema, doc: str) -> str | None:
    """'text', 'bitext', 'rich', 'date' when the node is one of the shared leaf definitions."""
    while "$ref" in node:
        if "properties" in node:
            return None
        target, doc, name = _deref(node, doc)
        if name in ("text", "bitext", "rich", "date"):
            return name
        node = target
    return None


def _plain(node: Schema, doc: str) -> Schema:
    while "$ref" in node:
        node, doc, _ = _deref(node, doc)
    return node


def kind_root(kind: str) -> tuple[Schema, str]:
    return schema(kind), f"{kind}.schema.json"


# ---------------------------------------------------------------- resolution for one language
def _text(value: Any, lang: str, path: str) -> str:
    if isinstance(value, dict):
        if lang not in value:
            raise DataInvalid(f"{path}: no {lang} text (have {', '.join(sorted(value))})",
                              details=[{"path": path, "message": f"no {lang} text"}])
        return value[lang]
    return value


def _rich(value: Any, lang: str, path: str) -> RichText:
    if not isinstance(value, list):
        return RichText(_text(value, lang, path))
    rt = RichText()
    for i, seg in enumerate(value):
        mark = seg.get("mark")
        rt.add(_text(seg["text"], lang, f"{path}[{i}].text"), bold=mark == "added", strike=mark == "removed")
    return rt


def _resolve(node: Schema, doc: str, value: Any, lang: str, path: str) -> Any:
    kind = leaf_type(node, doc)
    if kind == "text":
        return _text(value, lang, path)
    if kind == "rich":
        return _rich(value, lang, path)
    if kind in ("bitext", "date"):
        return value
    if isinstance(value, dict):
        props = properties(node, doc)
        return {k: (_resolve(*props[k], v, lang, f"{path}.{k}") if k in props else v) for k, v in value.items()}
    if isinstance(value, list):
        sub = items(node, doc)
        if sub is None:
            return list(value)
        return [_resolve(*sub, v, lang, f"{path}[{i}]") for i, v in enumerate(value)]
    return value


def resolve(kind: str, data: dict[str, Any], lang: str) -> dict[str, Any]:
    """The record with every text resolved for ``lang`` (DataInvalid names the path of a missing text)."""
    return _resolve(*kind_root(kind), data, lang, "$")


def strings(kind: str, data: dict[str, Any], lang: str) -> Iterator[tuple[str, str, str | None]]:
    """Every printable string of a record for ``lang``: (path, value, leaf type) — used by tests and checks."""
    def walk(node: Schema, doc: str, value: Any, path: str) -> Iterator[tuple[str, str, str | None]]:
        kind_ = leaf_type(node, doc)
        if kind_ == "bitext":
            for k in ("kk", "ru"):
                yield f"{path}.{k}", value[k], kind_
        elif kind_ == "text":
            yield path, _text(value, lang, path), kind_
        elif kind_ == "date":
            yield path, value, kind_
        elif kind_ == "rich":
            if isinstance(value, list):
                for i, seg in enumerate(value):
                    yield f"{path}[{i}].text", _text(seg["text"], lang, path), "text"
            else:
                yield path, _text(value, lang, path), "text"
        elif isinstance(value, dict):
            props = properties(node, doc)
            for k, v in value.items():
                if k in props:
                    yield from walk(*props[k], v, f"{path}.{k}")
        elif isinstance(value, list):
            sub = items(node, doc)
            for i, v in enumerate(value):
                if sub:
                    yield from walk(*sub, v, f"{path}[{i}]")
        elif isinstance(value, str) and "enum" not in _plain(node, doc):
            yield path, value, None

    yield from walk(*kind_root(kind), data, "$")
