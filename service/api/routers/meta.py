"""What the service knows: kinds (with their generation schema and example), profiles, rules, and health."""

from __future__ import annotations

import asyncio
import json
from pathlib import Path
from typing import Any

from fastapi import APIRouter, Query, Request

from service.api import health
from validators import kinds as registry
from validators import profiles, resources
from validators.errors import ConfigurationError, UnknownName

router = APIRouter(tags=["meta"])



def _read_json(path: Path) -> Any:
    with path.open(encoding="utf-8") as fh:
        return json.load(fh)


def _schema_path(kind: str) -> Path:
    return registry.get(kind).schema_path


def bundle_schema(path: Path) -> dict:
    """The schema at ``path`` with every reference into a sibling file copied into its own ``$defs``, so a
    client (the web page's form builder) resolves everything locally."""
    files: dict[Path, dict] = {path: _read_json(path)}
    defs: dict[str, Any] = {}

    def local(file: Path, name: str) -> str:
        key = name if file == path else f"{file.name.removesuffix('.schema.json')}--{name}"
        if file != path and key not in defs:
            defs[key] = {}
            if file not in files:
                files[file] = _read_json(file)
            defs[key] = rewrite(files[file].get("$defs", {}).get(name, {}), file)
        return key

    def rewrite(node: Any, file: Path) -> Any:
        if isinstance(node, list):
            return [rewrite(item, file) for item in node]
        if not isinstance(node, dict):
            return node
        out = {k: rewrite(v, file) for k, v in node.items() if k != "$ref"}
        ref = node.get("$ref")
        if isinstance(ref, str):
            target, _, fragment = ref.partition("#")
            target_file = (file.parent / target).resolve() if target else file
            if fragment.startswith("/$defs/") and target_file.is_file():
                ref = f"#/$defs/{local(target_file, fragment.removeprefix('/$defs/'))}"
            out["$ref"] = ref
        return out

    root = rewrite(files[path], path)
    root.pop("$id", None)
    if defs:
        root["$defs"] = {**root.get("$defs", {}), **defs}
    return root


def _generated_kind(kind: str) -> str:
    return registry.generated(kind).id


@router.get("/v1/kinds", summary="Kinds of document: which are generated and where their schema is")
def kinds() -> dict:
    items = []
    for entry in registry.REGISTRY.values():
        kind, generated = entry.id, entry.generated
        schema = _schema_path(kind)
        title = _read_json(schema).get("title") if generated and schema.is_file() else None
        items.append({
            "id": kind,
            "generated": generated,
            "names": dict(entry.names),
            "group": entry.group,
            "title": title,
            "schema": f"/v1/kinds/{kind}/schema" if generated else None,
            "example": f"/v1/kinds/{kind}/example" if generated else None,
        })
    return {"kinds": items, "langs": list(resources.LANGS), "default_profile": resources.DEFAULT_PROFILE}


@router.get("/v1/kinds/{kind}/schema", summary="The JSON Schema of a kind's generation record")
def kind_schema(kind: str) -> dict:
    path = _schema_path(_generated_kind(kind))
    if not path.is_file():
        raise UnknownName(f"no schema is installed for kind {kind!r}")
    return bundle_schema(path)


@router.get("/v1/kinds/{kind}/example", summary="A realistic generation record of a kind")
def kind_example(kind: str) -> dict:
    path = registry.generated(kind).example_path
    if not path.is_file():
        raise UnknownName(f"no example is installed for kind {kind!r}")
    return _read_json(path)


def _profile_entry(profile_id: str) -> dict:
    try:
        return profiles.load(profile_id).to_dict()
    except ConfigurationError as exc:
        return {"id": profile_id, "error": exc.message}


@router.get("/v1/profiles", summary="Profiles: one per regulation")
def list_profiles() -> dict:
    return {"default": resources.DEFAULT_PROFILE, "profiles": [_profile_entry(p) for p in profiles.available()]}


@router.get("/v1/rules", summary="The rules a profile enables, each with its clause and messages")
def rules(profile: str | None = Query(None, description="profile id; the default profile when absent",
                                      max_length=100)) -> dict:
    return profiles.load(profile).to_dict(with_rules=True)


@router.get("/healthz", summary="Liveness and honest availability of LibreOffice, hunspell, LanguageTool, Redis")
async def healthz(request: Request) -> dict:
    parts = await asyncio.to_thread(health.components)
    work = request.app.state.work
    return {
        "status": health.status(parts),
        "version": request.app.version,
        "components": {name: c.to_dict() for name, c in parts.items()},
        "queue": {"admitted": work.admitted, "capacity": work.capacity, "threads": work.threads},
    }
