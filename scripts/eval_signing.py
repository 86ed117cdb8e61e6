"""Evaluate Qujat's EDS verification on real signing material.

    .venv/bin/python scripts/eval_signing.py /work/shared/corpus/signing [--json OUT.json]

The folder is expected in the corpus layout (ncanode/, gokalkan/, pyhanko/, endesive/); every part that is
missing is skipped. Prints what verifies and what is reported, one line per signer:
  A. NCA RK test CMS (NCANode's tests; content "test123", or the CMS's own content when attached),
     trust = the NCA RK test CA certificates found under ncanode/;
  B. NCA RK / gokalkan certificates read the NCA RK way, and each chained to those CAs;
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
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from service.signing import certificates as certs  # noqa: E402
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
        for reason in signer.reasons + signer.unverified:
            print(f"        ✗ {reason}")


def section_a(root: Path) -> None:
    folder = root / "ncanode" / "from_test_code"
    if not folder.is_dir():
        return
    print("A. NCA RK test CMS (NCANode), trust: NCA RK test CAs")
    trust = trust_from([root / "ncanode" / "resources_head" / "ca"])
    for path in sorted(folder.glob("*.p7s")):
        detached = "DETACHED" in path.name.upper()
        try:
            show("A", path.name, verify(CONTENT if detached else None, path.read_bytes(), trust, path.name))
        except QujatError as exc:
            tally[("A", "unusable")] += 1
            print(f"  {path.name}: UNUSABLE {exc.message}")


def section_b(root: Path) -> None:
    paths = [p for sub in ("ncanode", "gokalkan") for p in sorted((root / sub).rglob("*"))
             if p.suffix in CERT_SUFFIXES and p.is_file()]
    if not paths:
        return
    print("B. Certificates read the NCA RK way, chained to the NCA RK test CAs at their own notBefore")
    trust = trust_from([root / "ncanode" / "resources_head" / "ca", root / "ncanode" / "from_test_code",
                        root / "ncanode" / "resources_2018" / "certs"])
    for path in paths:
        try:
            cert = certs.load_certificates(path.read_bytes(), str(path))[0]
        except QujatError as exc:
            print(f"  {path.name}: UNUSABLE {exc.message}")
            continue
        info = certs.describe(cert)
        when = cert["tbs_certificate"]["validity"]["not_before"].native + dt.timedelta(days=1)
        chain = certs.build_chain(cert, [], trust, when)
        tally[("B", chain.status)] += 1
        ids = ", ".join(x for x in (f"IIN {info.iin}" if info.iin else "", f"BIN {info.bin}" if info.bin else "",
                                    info.organisation or "") if x)
        print(f"  {path.relative_to(root)}: {info.full_name}; {ids or '-'}; {info.public_key_algorithm}; "
              f"{info.not_before[:10]}..{info.not_after[:10]}; issuer {info.issuer}; chain {chain.status}"
              + (f" ({'; '.join(chain.reasons)})" if chain.reasons else ""))


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
            show("C", path.name, verify(CONTENT, cms, trust_from(trust_paths), path.name))


def section_d(root: Path) -> None:
    trust = trust_from([root / "pyhanko/crypto/testing-ca/root/root.cert.pem",
                        root / "endesive/ca/demo2_ca.root.crt.pem"])
    pdfs = sorted(root.glob("*/pdf/*.pdf"))
    if not pdfs:
        return
    print("D. CMS inside signed PDFs (pyHanko, endesive), trust: pyHanko test root + endesive demo root")
    for path in pdfs:
        try:
            found = pdf_signatures(path.read_bytes(), trust)
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
    for section in (section_a, section_b, section_c, section_d):
        section(args.corpus)
    print("Summary:")
    for (section, status), count in sorted(tally.items()):
        print(f"  {section} {status}: {count}")
    if args.json:
        args.json.write_text(json.dumps(records, ensure_ascii=False, indent=2), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
