"""Evaluate Qujat's EDS verification on real signing material.

    .venv/bin/python scripts/eval_signing.py /work/shared/corpus/signing [--json OUT.json]

The folder is expected in the corpus layout (ncanode/, gokalkan/, pyhanko/, endesive/); every part that is
missing is skipped. Prints what verifies and what is reported, one line per signer:
  A. NCA RK test CMS (NCANode's tests; content "test123", or the CMS's own content when attached),
     trust = Qujat's shipped NCA RK *test* set, revocation from the corpus CRLs/OCSP answers (offline);
     judged now and as if verified at its signing time;
  B. NCA RK / gokalkan certificates read the NCA RK way, each chained to Qujat's *shipped* anchors
     (production set, else test set) at its own notBefore;
  E. the certificates of the corpus PKCS#12 keys (valid and revoked ones) checked for revocation against the
     corpus NCA test CRLs and OCSP answers, the expectation taken from the key's name;
  C. detached CMS over "test123" made by pyHanko (an independent CMS producer) with the corpus PKCS#12 keys
     (NCANode RSA Qwerty12, pyHanko signer1 empty password, endesive demo user 1234), verified by Qujat;
  D. the CMS inside the signed PDFs of pyHanko and endesive.
"""

from __future__ import annotations

import argparse
import asyncio
import collections
import datetime as dt
import json
import logging
import shutil
import subprocess
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from asn1crypto import x509  # noqa: E402

from service.signing import anchors  # noqa: E402
from service.signing import certificates as certs  # noqa: E402
from service.signing import revocation as rev  # noqa: E402
from service.signing.pdfsig import signatures as pdf_signatures  # noqa: E402
from service.signing.verify import VerificationResult, verify  # noqa: E402
from validators.errors import QujatError  # noqa: E402

CONTENT = b"test123"
CERT_SUFFIXES = (".cer", ".crt", ".pem", ".der")
tally: collections.Counter = collections.Counter()
records: list[dict] = []


def trust_from(paths: list[Path]) -> certs.TrustStore | None:
    found = []
    for path in paths:
        files = sorted(p for p in path.rglob("*") if p.suffix in CERT_SUFFIXES) if path.is_dir() else [path]
        for file in files:
            try:
                found.extend(certs.load_certificates(file.read_bytes(), str(file)))
            except QujatError:
                continue
    return certs.TrustStore(found, " + ".join(str(p) for p in paths)) if found else None


def corpus_revocation(root: Path) -> rev.RevocationConfig:
    """The corpus's NCA test CRLs and OCSP answers, offline (no network)."""
    head = root / "ncanode" / "resources_head"
    crls = tuple(p.read_bytes() for p in sorted((head / "crl").glob("*.crl")))
    answers = tuple(p.read_bytes() for p in sorted((head / "ocsp").glob("*.bin")))
    return rev.RevocationConfig(online=False, crls=crls, ocsp_responses=answers)


def show(section: str, label: str, result: VerificationResult) -> None:
    tally[(section, result.status)] += 1
    records.append({"section": section, "item": label, **result.to_dict()})
    print(f"  {label}: {result.status.upper()}")
    for reason in result.reasons:
        print(f"      ! {reason}")
    for signer in result.signers:
        cert = signer.certificate
        who = f"{cert.full_name}" + (f" IIN {cert.iin}" if cert and cert.iin else "") + \
            (f" BIN {cert.bin}" if cert and cert.bin else "") if cert else "?"
        stamp = f", TSP {signer.timestamp.time} {signer.timestamp.status}" if signer.timestamp else ""
        chain = signer.chain.status if signer.chain else "-"
        print(f"    - {signer.status}: {who}; {signer.signature_algorithm}; signed {signer.signing_time}{stamp}; "
              f"chain {chain}")
        for answer in signer.revocation:
            print(f"        revocation {answer.certificate}: {answer.status} {answer.source or ''} "
                  f"{answer.revoked_at or ''} {'; '.join(answer.why) if answer.status == 'unknown' else ''}")
        for reason in signer.reasons:
            print(f"        ✗ {reason}")


def section_a(root: Path) -> None:
    folder = root / "ncanode" / "from_test_code"
    if not folder.is_dir():
        return
    trust = anchors.load_set("test")
    config = corpus_revocation(root)
    print(f"A. NCA RK test CMS (NCANode), trust: {trust.origin}; revocation: corpus CRLs and OCSP answers")
    for path in sorted(folder.glob("*.p7s")):
        detached = "DETACHED" in path.name.upper()
        try:
            now = verify(CONTENT if detached else None, path.read_bytes(), trust, path.name, revocation=config)
            show("A", f"{path.name} (now)", now)
            signed = [dt.datetime.fromisoformat(s.signing_time) for s in now.signers if s.signing_time]
            if signed:
                then = verify(CONTENT if detached else None, path.read_bytes(), trust, path.name,
                              now=max(signed) + dt.timedelta(hours=1), revocation=config)
                show("A-then", f"{path.name} (as if verified at its signing time)", then)
        except QujatError as exc:
            tally[("A", "unusable")] += 1
            print(f"  {path.name}: UNUSABLE {exc.message}")


def section_b(root: Path) -> None:
    paths = [p for sub in ("ncanode", "gokalkan") for p in sorted((root / sub).rglob("*"))
             if p.suffix in CERT_SUFFIXES and p.is_file()]
    if not paths:
        return
    sets = {name: anchors.load_set(name) for name in anchors.TRUST_SETS}
    print("B. Certificates read the NCA RK way, chained to Qujat's shipped anchors at their own notBefore")
    for path in paths:
        try:
            cert = certs.load_certificates(path.read_bytes(), str(path))[0]
        except QujatError as exc:
            print(f"  {path.name}: UNUSABLE {exc.message}")
            continue
        info = certs.describe(cert)
        when = cert["tbs_certificate"]["validity"]["not_before"].native + dt.timedelta(days=1)
        chains = {name: certs.build_chain(cert, [], store, when) for name, store in sets.items()}
        chained = next((name for name, chain in chains.items() if chain.status == "trusted"), None)
        status = f"trusted by the shipped {chained} set" if chained else \
            "; ".join(f"{name}: {chain.status}" for name, chain in chains.items())
        tally[("B", f"trusted ({chained})" if chained else "not chained")] += 1
        ids = ", ".join(x for x in (f"IIN {info.iin}" if info.iin else "", f"BIN {info.bin}" if info.bin else "",
                                    info.organisation or "") if x)
        roles = ", ".join(r["ru"] for r in info.roles)
        template = info.template["ru"] if info.template else "-"
        print(f"  {path.relative_to(root)}: {info.full_name}; {ids or '-'}; {info.public_key_algorithm}; "
              f"{info.not_before[:10]}..{info.not_after[:10]}; issuer {info.issuer}; roles {roles or '-'}; "
              f"template {template}; {status}")


def _p12_certificate(path: Path) -> x509.Certificate | None:
    for password in ("Qwerty12", "Aa123456"):
        run = subprocess.run(["openssl", "pkcs12", "-in", str(path), "-nokeys", "-clcerts", "-legacy",
                              "-passin", f"pass:{password}"], capture_output=True)
        if run.returncode == 0 and b"BEGIN CERTIFICATE" in run.stdout:
            return certs.load_certificates(run.stdout, str(path))[0]
    return None


def section_e(root: Path) -> None:
    keys = sorted((root / "ncanode").rglob("*.p12"))
    if not keys or shutil.which("openssl") is None:
        return
    shipped = [c for name in anchors.TRUST_SETS for c in anchors.load_set(name).certificates]
    config = corpus_revocation(root)
    print("E. Revocation of the corpus keys' certificates: corpus NCA test CRLs and OCSP answers (offline), "
          "judged at 2022-09-01; expected from the key's name (REVOKED → revoked, VALID → good)")
    when = dt.datetime(2022, 9, 1, tzinfo=dt.UTC)
    for path in keys:
        cert = _p12_certificate(path)
        if cert is None:
            print(f"  {path.name}: certificate not readable")
            continue
        issuer = next((c for c in shipped if c.subject == cert.issuer), None)
        if issuer is None:
            tally[("E", "no issuer among the shipped anchors")] += 1
            print(f"  {path.name}: issuer «{certs.name_text(cert.issuer)}» is not among the shipped anchors")
            continue
        answer = rev.check(cert, issuer, config, when)
        expected = "revoked" if "REVOKED" in path.name.upper() else "good" if "VALID" in path.name.upper() else "?"
        verdict = "as expected" if answer.status == expected else f"expected {expected}"
        tally[("E", f"{answer.status}, {verdict}")] += 1
        detail = f"{answer.revoked_at} {answer.reason}" if answer.status == "revoked" else \
            "; ".join(answer.why) if answer.status == "unknown" else ""
        print(f"  {path.name}: {answer.status} by {answer.source or '-'} {detail} — {verdict}")


def section_c(root: Path) -> None:
    from pyhanko.sign.signers import SimpleSigner
    from pyhanko.sign.signers.pdf_cms import PdfCMSSignedAttributes

    logging.getLogger("pyhanko").setLevel(logging.CRITICAL)  # a GOST PKCS#12 is reported below, not traced

    keys = [
        (root / "ncanode/resources_2018/individual_valid", "RSA256_*.p12", b"Qwerty12",
         [root / "ncanode/resources_2018/certs"]),
        (root / "ncanode/resources_2018/individual_valid", "AUTH_RSA256_*.p12", b"Qwerty12",
         [root / "ncanode/resources_2018/certs"]),
        (root / "ncanode/from_test_code", "*VALID_SIGN_2004.p12", b"Qwerty12", [root / "ncanode/resources_head/ca"]),
        (root / "ncanode/from_test_code", "*VALID_2015.p12", b"Aa123456", [root / "ncanode/resources_head/ca"]),
        (root / "gokalkan/internal_testdata_test", "gost1.p12", b"Qwerty12", [root / "ncanode/resources_head/ca"]),
        (root / "pyhanko/crypto/testing-ca/interm", "signer1.pfx", b"",
         [root / "pyhanko/crypto/testing-ca/root/root.cert.pem"]),
        (root / "endesive/ca", "demo2_user1.p12", b"1234", [root / "endesive/ca/demo2_ca.root.crt.pem"]),
    ]
    print('C. Detached CMS (CAdES) over "test123" made by pyHanko with the corpus keys, signingTime a day after '
          "the certificate's notBefore, verified by Qujat")
    for folder, pattern, password, trust_paths in keys:
        for path in sorted(folder.glob(pattern)) if folder.is_dir() else []:
            if pattern.startswith("RSA256") and path.name.startswith("AUTH"):
                continue
            try:
                signer = SimpleSigner.load_pkcs12(str(path), passphrase=password or None)
            except (ValueError, OSError) as exc:
                signer, error = None, exc
            if signer is None:
                tally[("C", "not signable here")] += 1
                why = "a GOST key (PKCS#12 with a GOST private key: cryptography/pyHanko can't load it)"
                print(f"  {path.name}: not signable here: {why if 'gost' in path.name.lower() or '2015' in path.name else error}")
                continue
            # signed "back then": a day after the certificate was issued (every corpus key has expired since)
            issued = signer.signing_cert["tbs_certificate"]["validity"]["not_before"].native
            attrs = PdfCMSSignedAttributes(signing_time=issued + dt.timedelta(days=1))
            cms = asyncio.run(signer.async_sign_general_data(CONTENT, "sha256", detached=True, use_cades=True,
                                                             signed_attr_settings=attrs)).dump()
            offline = rev.RevocationConfig(online=False)
            store = trust_from(trust_paths)
            show("C", f"{path.name} (now)", verify(CONTENT, cms, store, path.name, revocation=offline))
            show("C-then", f"{path.name} (at its signing time)", verify(
                CONTENT, cms, store, path.name, now=issued + dt.timedelta(days=1, hours=1), revocation=offline))


def section_d(root: Path) -> None:
    trust = trust_from([root / "pyhanko/crypto/testing-ca/root/root.cert.pem",
                        root / "endesive/ca/demo2_ca.root.crt.pem"])
    pdfs = sorted(root.glob("*/pdf/*.pdf"))
    if not pdfs:
        return
    print("D. CMS inside signed PDFs (pyHanko, endesive), trust: pyHanko test root + endesive demo root")
    for path in pdfs:
        try:
            found = pdf_signatures(path.read_bytes(), trust, rev.RevocationConfig(online=False))
        except QujatError as exc:
            tally[("D", "unusable")] += 1
            print(f"  {path.parent.parent.name}/{path.name}: UNUSABLE {exc.message}")
            continue
        for entry in found:
            label = f"{path.parent.parent.name}/{path.name} [{entry.field_name} {entry.sub_filter}]"
            if entry.result is None:
                tally[("D", "unverifiable")] += 1
                print(f"  {label}: NOT CHECKED — {'; '.join(entry.notes)}")
                continue
            show("D", label, entry.result)
            for note in entry.notes:
                print(f"      ! {note}")
            if not entry.covers_whole_file:
                print("      (covers an earlier revision: later incremental updates are not signed)")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("corpus", type=Path, help="the signing corpus folder")
    parser.add_argument("--json", type=Path, help="also write every result as JSON here")
    args = parser.parse_args()
    if not args.corpus.is_dir():
        print(f"not a folder: {args.corpus}", file=sys.stderr)
        return 2
    for section in (section_a, section_b, section_e, section_c, section_d):
        section(args.corpus)
    print("Summary:")
    for (section, status), count in sorted(tally.items()):
        print(f"  {section} {status}: {count}")
    if args.json:
        args.json.write_text(json.dumps(records, ensure_ascii=False, indent=2), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
