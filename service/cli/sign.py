"""`qujat sign prepare | verify | package`: signature-ready bundles, detached CMS verification, signed
packages. No logic here: calls into service.signing."""

from __future__ import annotations

import json
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from service.cli.app import EXIT_UNUSABLE, app, fail, guarded
from validators.document import read_source
from validators.errors import QujatError

sign_app = typer.Typer(help="EDS: signature-ready output (NCALayer), CMS verification, signed packages.",
                       no_args_is_help=True)
app.add_typer(sign_app, name="sign")


class OutputFormat(StrEnum):
    text = "text"
    json = "json"


TrustOption = Annotated[Path | None, typer.Option(
    "--trust", help="Trust store: a PEM bundle, a DER certificate or a folder of them (env QUJAT_TRUST_STORE)",
    envvar="QUJAT_TRUST_STORE")]


def _read(path: Path, what: str) -> bytes:
    """The file's bytes through the same bounded reader as `qujat check` (regular files only, size-limited)."""
    if not path.exists():
        fail(f"{what} not found: {path}")
    try:
        return read_source(path)[0]
    except QujatError as exc:
        fail(f"{what}: {exc.message}")
        raise  # unreachable: fail() exits


@sign_app.command("prepare")
@guarded
def prepare_command(
    file: Annotated[Path, typer.Argument(help="The document: .docx, .pptx or .pdf")],
    out: Annotated[Path, typer.Option("-o", "--out", help="Output folder")],
) -> None:
    """Render FILE to PDF/A-2b (byte-deterministic) and write document.pdf, document.sha256 and the NCALayer
    requests (ncalayer-request.json over the data, ncalayer-request-hash.json over the SHA-256 hash)."""
    from service.signing.prepare import prepare

    bundle = prepare(_read(file, "document"))
    for path in bundle.write(out):
        typer.echo(str(path))
    how = "rendered to PDF/A-2b" if bundle.rendered else "already a PDF: passed through unchanged"
    typer.echo(f"{file.name}: {how}; sha256 {bundle.sha256}")


@sign_app.command("verify")
@guarded
def verify_command(
    file: Annotated[Path, typer.Argument(help="The signed document (the exact bytes that were signed)")],
    signature: Annotated[Path | None, typer.Option(
        "--signature", "-s", help="Detached CMS: DER, PEM or base64 (without it: the PDF's own signatures)")] = None,
    trust: TrustOption = None,
    output: Annotated[OutputFormat, typer.Option("--format", help="text or json")] = OutputFormat.text,
) -> None:
    """Verify a detached CMS over FILE (or, without --signature, the signatures inside a signed PDF).
    Exit 0 valid, 1 invalid or not verifiable here, 2 unusable input."""
    from service.signing.certificates import TrustStore
    from service.signing.verify import verify

    store = TrustStore.load(trust) if trust else None
    if signature is None:
        _verify_pdf(_read(file, "document"), file.name, store, output)
        return
    result = verify(_read(file, "document"), _read(signature, "signature"), store, file.name)
    if output is OutputFormat.json:
        typer.echo(json.dumps(result.to_dict(), ensure_ascii=False, indent=2))
    else:
        typer.echo(format_text(result))
    raise typer.Exit(result.exit_code)


def _verify_pdf(data: bytes, name: str, store, output: OutputFormat) -> None:
    from service.signing.pdfsig import signatures

    found = signatures(data, store)
    if not found:
        fail(f"{name}: no signature inside; give the detached CMS with --signature")
    if output is OutputFormat.json:
        typer.echo(json.dumps([s.to_dict() for s in found], ensure_ascii=False, indent=2))
    else:
        for entry in found:
            typer.echo(f"[{entry.field_name} {entry.sub_filter}] {entry.status}")
            for note in entry.notes:
                typer.echo(f"  ! {note}")
            if entry.result:
                typer.echo(format_text(entry.result))
    raise typer.Exit(0 if all(s.status == "valid" for s in found) else 1)


def format_text(result) -> str:
    """A human summary of a VerificationResult."""
    lines = [f"{result.document_name}: {result.status.upper()} (sha256 {result.document_sha256})"]
    lines += [f"  ! {reason}" for reason in result.reasons]
    for signer in result.signers:
        cert = signer.certificate
        who = cert.full_name if cert else "unknown signer"
        lines.append(f"  signer {signer.index}: {signer.status} — {who}")
        if cert:
            ids = [f"IIN {cert.iin}" if cert.iin else "", f"BIN {cert.bin}" if cert.bin else "",
                   cert.organisation or ""]
            lines.append(f"    {', '.join(i for i in ids if i) or 'no IIN/BIN'}; serial {cert.serial_number}; "
                         f"valid {cert.not_before[:10]} – {cert.not_after[:10]}; issuer {cert.issuer}")
        lines.append(f"    algorithm {signer.signature_algorithm} / {signer.digest_algorithm}; "
                     f"signed {signer.signing_time or '—'}")
        if signer.timestamp:
            lines.append(f"    time-stamp {signer.timestamp.time} by {signer.timestamp.authority or '?'}: "
                         f"{signer.timestamp.status}")
        if signer.chain:
            lines.append(f"    chain {signer.chain.status}: {' → '.join(signer.chain.path)}")
        lines += [f"    ✗ {r}" for r in signer.reasons + signer.unverified]
        lines += [f"    ⚠ {w}" for w in signer.warnings]
    return "\n".join(lines)


@sign_app.command("package")
@guarded
def package_command(
    file: Annotated[Path, typer.Argument(help="The signed document")],
    signatures: Annotated[list[Path], typer.Option("--signature", "-s", help="A detached CMS (repeatable)")],
    out: Annotated[Path, typer.Option("-o", "--out", help="The package PDF to write")],
    trust: TrustOption = None,
) -> None:
    """One PDF with FILE and every CMS attached, FILE's pages and one sheet per signature (DDC style)."""
    from service.signing.certificates import TrustStore
    from service.signing.package import build

    if not signatures:
        fail("give at least one --signature", EXIT_UNUSABLE)
    store = TrustStore.load(trust) if trust else None
    pdf, results = build(_read(file, "document"), [_read(s, "signature") for s in signatures], file.name, store)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_bytes(pdf)
    for path, result in zip(signatures, results, strict=True):
        typer.echo(f"{path.name}: {result.status}")
    typer.echo(str(out))


@sign_app.command("pades-prepare")
@guarded
def pades_prepare_command(
    file: Annotated[Path, typer.Argument(help="The PDF to sign in place (PAdES, RSA keys)")],
    out: Annotated[Path, typer.Option("-o", "--out", help="Output folder")],
) -> None:
    """Reserve a signature field in FILE and write document.pades-prepared.pdf and ncalayer-request-hash.json
    (NCALayer signs the byte-range SHA-256; then run pades-finish with its CMS)."""
    from service.signing import pades

    prepared = pades.prepare(_read(file, "document"))
    out.mkdir(parents=True, exist_ok=True)
    (out / "document.pades-prepared.pdf").write_bytes(prepared.pdf)
    (out / "ncalayer-request-hash.json").write_text(
        json.dumps(prepared.ncalayer_request(), ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    typer.echo(f"{out / 'document.pades-prepared.pdf'}\n{out / 'ncalayer-request-hash.json'}\n"
               f"byte-range sha256 {prepared.digest.hex()}")


@sign_app.command("pades-finish")
@guarded
def pades_finish_command(
    file: Annotated[Path, typer.Argument(help="document.pades-prepared.pdf, unchanged")],
    signature: Annotated[Path, typer.Option("--signature", "-s", help="The CMS NCALayer returned")],
    out: Annotated[Path, typer.Option("-o", "--out", help="The signed PDF to write")],
) -> None:
    """Embed the CMS into the prepared PDF: a PAdES (adbe.pkcs7.detached) signed PDF."""
    from service.signing import pades

    out.write_bytes(pades.finish(_read(file, "prepared PDF"), _read(signature, "signature")))
    typer.echo(str(out))
