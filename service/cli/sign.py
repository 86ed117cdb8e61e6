"""`qujat sign prepare | verify | package`: signature-ready bundles, detached CMS verification, signed
packages. No logic here: calls into service.signing."""

from __future__ import annotations

import json
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from service.cli.app import (
    EXIT_UNUSABLE,
    app,
    error_line,
    exit_code,
    fail,
    guarded,
    message_lang,
    messages_help,
)
from validators import texts as texts_mod
from validators.document import read_source
from validators.errors import QujatError
from validators.texts import said

sign_app = typer.Typer(help="EDS: signature-ready output (NCALayer), CMS verification, signed packages.",
                       no_args_is_help=True)
app.add_typer(sign_app, name="sign")


class OutputFormat(StrEnum):
    text = "text"
    json = "json"


TrustOption = Annotated[Path | None, typer.Option(
    "--trust", help="Extra trust anchors added to the trust set: a PEM bundle, a DER certificate or a folder "
    "(default: QUJAT_TRUST_STORE)")]
TrustSetOption = Annotated[str | None, typer.Option(
    "--trust-set", help="Shipped anchors: production (NCA RK, default) or test (NCA RK test PKI) "
    "(default: QUJAT_TRUST_SET)")]
CrlOption = Annotated[list[Path] | None, typer.Option(
    "--crl", help="A CRL file (DER or PEM), complete or delta, to check revocation offline (repeatable)")]
OcspOption = Annotated[list[Path] | None, typer.Option(
    "--ocsp", help="An OCSP response file (DER) to check revocation offline (repeatable)")]
OfflineOption = Annotated[bool, typer.Option(
    "--offline", help="Do not fetch CRLs or ask OCSP responders (env QUJAT_REVOCATION_ONLINE=0)")]
LangOption = Annotated[str | None, typer.Option("--messages", help=messages_help("the text report and errors"))]


def _policy(trust: Path | None, trust_set: str | None, crl: list[Path] | None, ocsp: list[Path] | None,
            offline: bool):
    """The trust store (shipped set + operator's anchors) and where revocation answers come from."""
    from service.signing.anchors import configured
    from service.signing.revocation import RevocationConfig

    store = configured(trust_set, trust)
    config = RevocationConfig.from_env(tuple(_read(p, "CRL") for p in crl or []),
                                       tuple(_read(p, "OCSP response") for p in ocsp or []),
                                       online=False if offline else None)
    return store, config


def _read(path: Path, what: str) -> bytes:
    """The file's bytes through the same bounded reader as `qujat check` (regular files only, size-limited)."""
    if not path.exists():
        fail(said("path-missing", path=path))
    try:
        return read_source(path)[0]
    except QujatError as exc:
        fail(error_line(exc), exit_code(exc))


@sign_app.command("prepare")
@guarded
def prepare_command(
    file: Annotated[Path, typer.Argument(help="The document: .docx, .pptx or .pdf")],
    out: Annotated[Path, typer.Option("-o", "--out", help="Output folder")],
    lang_out: LangOption = None,
) -> None:
    """Render FILE to PDF/A-2b (byte-deterministic) and write document.pdf, document.sha256 and the NCALayer
    requests (ncalayer-request.json over the data, ncalayer-request-hash.json over the SHA-256 hash)."""
    from service.signing.prepare import prepare

    bundle = prepare(_read(file, "document"))
    for path in bundle.write(out):
        typer.echo(str(path))
    lang = message_lang(lang_out)
    how = texts_mod.texts("cli.sign-rendered" if bundle.rendered else "cli.sign-passed")
    typer.echo(texts_mod.text("cli.sign-prepared", lang, name=file.name, how=how, sha256=bundle.sha256))


@sign_app.command("verify")
@guarded
def verify_command(
    file: Annotated[Path, typer.Argument(help="The signed document (the exact bytes that were signed), or an "
                                              "attached CMS / NCALayer answer when --signature is not given")],
    signature: Annotated[Path | None, typer.Option(
        "--signature", "-s", help="The CMS: DER, PEM, base64, NCALayer's JSON answer or a JSON array "
        "(without it: FILE's own signatures: a signed PDF, or an attached CMS)")] = None,
    trust: TrustOption = None,
    trust_set: TrustSetOption = None,
    crl: CrlOption = None,
    ocsp: OcspOption = None,
    offline: OfflineOption = False,
    output: Annotated[OutputFormat, typer.Option("--format", help="text or json")] = OutputFormat.text,
    lang_out: LangOption = None,
) -> None:
    """Verify the CMS over FILE: integrity, chain to the trust anchors, revocation (OCSP/CRL), key usage,
    time. Exit 0 valid; 1 invalid, untrusted, revocation unknown or not verifiable here; 2 unusable input."""
    from service.signing.verify import verify

    lang = message_lang(lang_out)

    store, config = _policy(trust, trust_set, crl, ocsp, offline)
    data = _read(file, "document")
    if signature is None:
        from service.signing.package import package_parts, verify_upload

        if data.lstrip()[:5] == b"%PDF-" and not all(package_parts(data)):
            _verify_pdf(data, file.name, store, config, output, lang)  # a PAdES-signed PDF
            return
        # a signed package (its document against its CMS), or an attached CMS carrying its content
        result = verify_upload(data, file.name, None, store, config)
    else:
        result = verify(data, _read(signature, "signature"), store, file.name, revocation=config)
    if output is OutputFormat.json:
        typer.echo(json.dumps(result.to_dict(), ensure_ascii=False, indent=2))
    else:
        typer.echo(format_text(result, lang))
    raise typer.Exit(result.exit_code)


def _verify_pdf(data: bytes, name: str, store, config, output: OutputFormat, lang: str) -> None:
    from service.signing import texts
    from service.signing.pdfsig import signatures

    found = signatures(data, store, config)
    if not found:
        fail(said("sign-no-signature", name=name))
    if output is OutputFormat.json:
        typer.echo(json.dumps([s.to_dict() for s in found], ensure_ascii=False, indent=2))
    else:
        lang = lang if lang in texts.LANGS else "ru"
        for entry in found:
            typer.echo(texts.say("face", "pdf-field", lang, field=entry.field_name, sub_filter=entry.sub_filter,
                                 status=entry.status_text))
            for note in entry.note_texts:
                typer.echo(f"  ! {note[lang]}")
            if entry.result:
                typer.echo(format_text(entry.result, lang))
    raise typer.Exit(0 if all(s.status == "valid" for s in found) else 1)


def format_text(result, lang: str = "ru") -> str:
    """A human summary of a VerificationResult, in ``lang`` (kk, ru or en): every word from
    service/signing/texts.json; what the checks wrote in English is said by pattern (texts.explain)."""
    from service.signing import texts
    from service.signing.verify import answer_text, check_text, timestamp_text

    lang = lang if lang in texts.LANGS else "ru"

    def label(key: str, **params: object) -> str:
        return texts.say("sheet", key, lang, **params)

    lines = [f"{result.document_name}: {texts.say('status', result.status, lang)} (sha256 {result.document_sha256})",
             "  " + texts.say("face", "trust", lang, store=texts.origin(result.trust_store))]
    lines += [f"  ! {reason[lang]}" for reason in result.reason_texts]
    for signer in result.signers:
        cert = signer.certificate
        who = (cert.full_name or cert.common_name) if cert else "—"
        lines.append(f"  {label('signature', n=signer.index)}: "
                     f"{texts.say('status', signer.status, lang)} — {who}")
        if cert:
            ids = [f"{label('iin')} {cert.iin}" if cert.iin else "", f"{label('bin')} {cert.bin}" if cert.bin else "",
                   cert.organisation or ""]
            lines.append(f"    {', '.join(i for i in ids if i) or '—'}; {label('serial')} {cert.serial_number}; "
                         f"{cert.not_before[:10]} – {cert.not_after[:10]}; {label('issuer')} {cert.issuer}")
            if cert.roles:
                lines.append(f"    {label('role')}: {', '.join(r[lang] for r in cert.roles)}")
            if cert.template:
                lines.append(f"    {label('template')}: {cert.template[lang]}")
        lines.append(f"    {label('algorithm')}: {signer.signature_algorithm} / {signer.digest_algorithm}; "
                     f"{label('time')}: {signer.signing_time or '—'}")
        if signer.timestamp:
            lines.append(f"    {timestamp_text(signer.timestamp)[lang]}")
        checks = (", " if lang == "en" else "; ").join(check_text(k, v)[lang] for k, v in signer.checks.items())
        lines.append("    " + texts.say("face", "checks", lang, checks=checks))
        if signer.chain:
            lines.append(f"    {label('chain')}: {texts.check_value('chain', signer.chain.status)[lang]}: "
                         f"{' → '.join(signer.chain.path)}")
        for answer in signer.revocation:
            lines.append(f"    {label('revocation')}: {answer.certificate}: {answer_text(answer)[lang]}")
        for message in signer.messages:
            lines.append(f"    {'⚠' if message.kind == 'warning' else '✗'} {message.text[lang]}")
    return "\n".join(lines)


@sign_app.command("package")
@guarded
def package_command(
    file: Annotated[Path, typer.Argument(help="The signed document")],
    signatures: Annotated[list[Path], typer.Option("--signature", "-s", help="A detached CMS (repeatable)")],
    out: Annotated[Path, typer.Option("-o", "--out", help="The package PDF to write")],
    trust: TrustOption = None,
    trust_set: TrustSetOption = None,
    crl: CrlOption = None,
    ocsp: OcspOption = None,
    offline: OfflineOption = False,
    link: Annotated[str | None, typer.Option(
        "--link", help="Base URL of this service's verification page for the QR code (default: QUJAT_PUBLIC_URL)")] = None,
    lang_out: LangOption = None,
) -> None:
    """One PDF/A-3b with FILE and every CMS attached, FILE's pages and one sheet per signature (DDC style) with
    a QR code linking to the verification page."""
    from service.signing import texts as signing_texts
    from service.signing.package import build

    if not signatures:
        fail(said("sign-need-signature"), EXIT_UNUSABLE)
    store, config = _policy(trust, trust_set, crl, ocsp, offline)
    pdf, results = build(_read(file, "document"), [_read(s, "signature") for s in signatures], file.name, store,
                         revocation=config, public_url=link)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_bytes(pdf)
    lang = message_lang(lang_out)
    for path, result in zip(signatures, results, strict=True):
        typer.echo(signing_texts.say("face", "package-line", lang, name=path.name,
                                     status=signing_texts.tri("status", result.status)))
    typer.echo(str(out))


@sign_app.command("pades-prepare")
@guarded
def pades_prepare_command(
    file: Annotated[Path, typer.Argument(help="The PDF to sign in place (PAdES, RSA keys)")],
    out: Annotated[Path, typer.Option("-o", "--out", help="Output folder")],
    lang_out: LangOption = None,
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
               + texts_mod.text("cli.pades-digest", message_lang(lang_out), sha256=prepared.digest.hex()))


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
