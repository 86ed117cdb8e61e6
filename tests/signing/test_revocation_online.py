"""Online revocation against real servers on loopback: a CRL served over HTTP from the certificate's own
distribution point, and OpenSSL's OCSP responder (`openssl ocsp -port`) named in the certificate's AIA.
OpenSSL's responder binds every interface, so it runs inside a network namespace of its own that has only
a loopback (``unshare -n``), together with the verification it answers."""

from __future__ import annotations

import datetime as dt
import json
import os
import shutil
import socket
import subprocess
import sys
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import serialization
from cryptography.x509.oid import NameOID
from signing_pki import NOW, YEAR, issue, make_crl, nca_name, rsa_key, sign_detached

from service.signing import revocation
from service.signing.certificates import TrustStore, load_certificates
from service.signing.revocation import RevocationConfig
from service.signing.verify import verify

ROOT = Path(__file__).resolve().parents[2]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class _Quiet(BaseHTTPRequestHandler):
    """A handler that answers 200 with a body and does not log."""

    def reply(self, body: bytes, content_type: str) -> None:
        self.send_response(200)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


class _Files(_Quiet):
    served: dict[str, bytes] = {}
    hits: list[str] = []

    def do_GET(self):  # noqa: N802 - http.server's name
        type(self).hits.append(self.path)
        body = type(self).served.get(self.path)
        if body is None:
            self.send_error(404)
            return
        self.reply(body, "application/pkix-crl")


@pytest.fixture()
def crl_server():
    """An HTTP server on 127.0.0.1 serving CRLs from its ``served`` dict; stopped after the test."""
    server = ThreadingHTTPServer(("127.0.0.1", free_port()), _Files)
    _Files.served, _Files.hits = {}, []
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    revocation.clear_cache()
    yield server
    server.shutdown()
    server.server_close()
    revocation.clear_cache()


def _ca(name: str, issuer=None, crl_url=None):
    return issue(x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, name)]), rsa_key(), issuer, ca=True,
                 not_before=NOW - 5 * YEAR, not_after=NOW + 5 * YEAR, crl_url=crl_url)


def test_crl_from_the_distribution_point(crl_server, document):
    base = f"http://127.0.0.1:{crl_server.server_port}"
    root = _ca("ROOT CRL TEST")
    nca = _ca("NCA RSA CRL TEST", root, crl_url=f"{base}/root.crl")
    good = issue(nca_name("ЖАҚСЫ АДАМ", iin="111111111111"), rsa_key(), nca, ca=False, crl_url=f"{base}/nca.crl")
    bad = issue(nca_name("ҚАЙТАРЫЛҒАН АДАМ", iin="222222222222"), rsa_key(), nca, ca=False,
                crl_url=f"{base}/nca.crl")
    revoked_at = NOW - dt.timedelta(days=2)
    _Files.served.update({"/root.crl": make_crl(root), "/nca.crl": make_crl(nca, [(bad, revoked_at)])})
    trust = TrustStore([root.asn1])
    online = RevocationConfig(online=True, timeout=5)

    result = verify(document, sign_detached(document, [bad], chain=[nca]), trust, revocation=online)
    signer = result.signers[0]
    assert result.status == "invalid" and result.exit_code == 1
    leaf, ca = signer.revocation
    assert (leaf.status, leaf.source, leaf.reason) == ("revoked", f"CRL {base}/nca.crl", "key_compromise")
    assert dt.datetime.fromisoformat(leaf.revoked_at) == revoked_at
    assert (ca.status, ca.source) == ("good", f"CRL {base}/root.crl")

    assert verify(document, sign_detached(document, [good], chain=[nca]), trust, revocation=online).valid
    assert _Files.hits.count("/nca.crl") == 1  # the second verification was answered from the cache

    crl_server.shutdown()
    crl_server.server_close()
    revocation.clear_cache()
    down = verify(document, sign_detached(document, [good], chain=[nca]), trust, revocation=online)
    assert down.status == "revocation-unknown" and down.exit_code == 1
    assert any(f"{base}/nca.crl" in why for why in down.signers[0].revocation[0].why)


def _write_pem(path: Path, party) -> None:
    path.write_bytes(party.pem)


@pytest.mark.skipif(shutil.which("openssl") is None or shutil.which("unshare") is None,
                    reason="needs openssl and unshare (util-linux)")
def test_openssl_ocsp_responder_good_revoked_and_down(tmp_path, document):
    """The responder answers good and revoked (asked with SHA-256 CertIDs, and with SHA-1 when so configured);
    stopped, the same certificate's status is unknown."""
    probe = subprocess.run(["unshare", "-n", "true"], capture_output=True)
    if probe.returncode:
        pytest.skip(f"network namespaces are not available here: {probe.stderr.decode().strip()}")
    port = 18000 + os.getpid() % 2000  # the namespace is empty: any port is free in it
    url = f"http://127.0.0.1:{port}/"
    root = _ca("ROOT OCSP TEST")
    nca = _ca("NCA RSA OCSP TEST", root)
    good = issue(nca_name("ЖАҚСЫ АДАМ", iin="333333333333"), rsa_key(), nca, ca=False, ocsp_url=url)
    bad = issue(nca_name("ҚАЙТАРЫЛҒАН АДАМ", iin="444444444444"), rsa_key(), nca, ca=False, ocsp_url=url)
    revoked_at = NOW - dt.timedelta(days=1)

    def row(party, status: str, when: dt.datetime | None) -> str:
        expiry = party.cert.not_valid_after_utc.strftime("%y%m%d%H%M%SZ")
        revoked = f"{when.strftime('%y%m%d%H%M%SZ')},keyCompromise" if when else ""
        return f"{status}\t{expiry}\t{revoked}\t{party.cert.serial_number:X}\tunknown\t/CN=x\n"

    (tmp_path / "index.txt").write_text(row(good, "V", None) + row(bad, "R", revoked_at))
    _write_pem(tmp_path / "nca.pem", nca)
    (tmp_path / "nca.key").write_bytes(nca.key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()))
    (tmp_path / "trust.pem").write_bytes(root.pem)
    (tmp_path / "root.crl").write_bytes(make_crl(root))
    (tmp_path / "document").write_bytes(document)
    (tmp_path / "good.cms").write_bytes(sign_detached(document, [good], chain=[nca]))
    (tmp_path / "bad.cms").write_bytes(sign_detached(document, [bad], chain=[nca]))

    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    run = subprocess.run(["unshare", "-n", sys.executable, str(Path(__file__).with_name("ocsp_netns.py")),
                          str(tmp_path), str(port)], capture_output=True, text=True, env=env, timeout=120)
    assert run.returncode == 0, run.stdout + run.stderr
    answers = json.loads(run.stdout)

    assert answers["good"]["status"] == "valid", answers["good"]["revocation"][0]["why"]
    assert answers["good"]["revocation"][0]["source"] == f"OCSP {url}"
    # asked with a SHA-256 CertID by default; the same responder answers a SHA-1 one as well
    assert answers["good_sha1"]["status"] == "valid", answers["good_sha1"]["revocation"][0]["why"]
    assert answers["revoked"]["status"] == "invalid"
    revoked = answers["revoked"]["revocation"][0]
    assert (revoked["status"], revoked["reason"]) == ("revoked", "key_compromise")
    assert dt.datetime.fromisoformat(revoked["revoked_at"]) == revoked_at
    assert answers["down"]["status"] == "revocation-unknown"
    assert answers["down"]["revocation"][0]["status"] == "unknown"
    assert any(url in why for why in answers["down"]["revocation"][0]["why"])


def test_offline_folder_of_the_operator(tmp_path, document, monkeypatch):
    """QUJAT_REVOCATION_DIR: the operator syncs CRLs into a folder; no network is asked."""
    root = _ca("ROOT FOLDER TEST")
    nca = _ca("NCA FOLDER TEST", root)
    person = issue(nca_name("ПАПКА АДАМ", iin="555555555555"), rsa_key(), nca, ca=False,
                   crl_url="http://127.0.0.1:9/never.crl")
    (tmp_path / "root.crl").write_bytes(make_crl(root))
    (tmp_path / "nca.crl").write_bytes(make_crl(nca, [(person, NOW - dt.timedelta(hours=5))]))
    monkeypatch.setenv("QUJAT_REVOCATION_DIR", str(tmp_path))
    monkeypatch.setenv("QUJAT_REVOCATION_ONLINE", "0")
    result = verify(document, sign_detached(document, [person], chain=[nca]),
                    TrustStore(load_certificates(root.pem)))
    assert result.status == "invalid" and result.signers[0].revocation[0].status == "revoked"


# ------------------------------------------------------------------------------------------------- delta CRLs

def _delta_pki(base_url: str):
    root = _ca("ROOT DELTA TEST")
    nca = _ca("NCA RSA DELTA TEST", root, crl_url=f"{base_url}/root.crl")
    people = {name: issue(nca_name(f"{name.upper()} АДАМ", iin=iin), rsa_key(), nca, ca=False,
                          crl_url=f"{base_url}/nca.crl")
              for name, iin in (("good", "611111111111"), ("fresh", "622222222222"), ("held", "633333333333"))}
    return root, nca, people


def test_delta_crl_named_by_the_base_is_fetched_and_combined(crl_server, document):
    """The base CRL names its delta (freshestCRL); a certificate revoked only in the delta is invalid, a hold
    in the base lifted by the delta (removeFromCRL) is good, and without a usable delta a certificate the
    base does not list is not called good."""
    base = f"http://127.0.0.1:{crl_server.server_port}"
    root, nca, people = _delta_pki(base)
    an_hour_ago = NOW - dt.timedelta(hours=1)
    base_crl = make_crl(nca, [(people["held"], NOW - dt.timedelta(days=3))], reason=x509.ReasonFlags.certificate_hold,
                        number=7, freshest=f"{base}/nca-delta.crl", this_update=NOW - dt.timedelta(days=2))
    delta_crl = make_crl(nca, [(people["fresh"], an_hour_ago)], number=8, base_number=7)
    lift = make_crl(nca, [(people["held"], an_hour_ago)], reason=x509.ReasonFlags.remove_from_crl, number=9,
                    base_number=7)
    _Files.served.update({"/root.crl": make_crl(root), "/nca.crl": base_crl, "/nca-delta.crl": delta_crl})
    trust = TrustStore([root.asn1])
    online = RevocationConfig(online=True, timeout=5)

    def check(name: str):
        return verify(document, sign_detached(document, [people[name]], chain=[nca]), trust, revocation=online)

    fresh = check("fresh")
    assert fresh.status == "invalid"
    leaf = fresh.signers[0].revocation[0]
    assert (leaf.status, leaf.reason) == ("revoked", "key_compromise")
    assert leaf.source == f"CRL {base}/nca.crl + delta {base}/nca-delta.crl"
    assert dt.datetime.fromisoformat(leaf.revoked_at) == an_hour_ago
    good = check("good")
    assert good.valid and good.signers[0].revocation[0].source == f"CRL {base}/nca.crl + delta {base}/nca-delta.crl"
    assert check("held").status == "invalid"  # on hold in the base, and this delta does not lift it

    revocation.clear_cache()
    _Files.served["/nca-delta.crl"] = lift
    held = check("held")
    assert held.valid, held.signers[0].revocation[0].why
    assert check("fresh").valid  # this delta no longer lists it (a later delta replaces an earlier one)

    revocation.clear_cache()
    _Files.served["/nca-delta.crl"] = make_crl(nca, [], number=10, base_number=9)  # for a newer base only
    later = check("good")
    assert later.status == "revocation-unknown"
    assert any("applies to base CRL number 9" in why for why in later.signers[0].revocation[0].why)

    revocation.clear_cache()
    del _Files.served["/nca-delta.crl"]
    missing = check("good")
    assert missing.status == "revocation-unknown" and missing.exit_code == 1
    assert any("delta CRL" in why and f"{base}/nca-delta.crl" in why for why in missing.signers[0].revocation[0].why)


def test_delta_crl_offline_in_the_operators_folder(tmp_path, document, monkeypatch):
    """Offline, the delta is taken from the CRLs the operator gives; a delta on its own never says «good»."""
    root, nca, people = _delta_pki("http://127.0.0.1:9")
    (tmp_path / "root.crl").write_bytes(make_crl(root))
    (tmp_path / "nca.crl").write_bytes(make_crl(nca, [], number=3, freshest="http://127.0.0.1:9/nca-delta.crl"))
    trust = TrustStore([root.asn1])
    offline = RevocationConfig(online=False, folder=tmp_path)

    def check(name: str, config: RevocationConfig = offline):
        return verify(document, sign_detached(document, [people[name]], chain=[nca]), trust, revocation=config)

    without = check("fresh")
    assert without.status == "revocation-unknown"
    assert any("delta CRL" in why for why in without.signers[0].revocation[0].why)

    (tmp_path / "nca-delta.crl").write_bytes(make_crl(nca, [(people["fresh"], NOW - dt.timedelta(hours=2))],
                                                      number=4, base_number=3))
    assert check("fresh").status == "invalid"
    assert check("good").valid

    alone = RevocationConfig(online=False, crls=(make_crl(root), (tmp_path / "nca-delta.crl").read_bytes()))
    assert check("good", alone).status == "revocation-unknown"


# ------------------------------------------------------------------------------------ OCSP CertID: SHA-256, SHA-1

class _Sha1OnlyResponder(_Quiet):
    """An OCSP responder that knows certificates by SHA-1 CertIDs only, as older responders do: a SHA-256
    request gets «unknown» (or, with mode «malformed», the malformedRequest status)."""

    issuer = None
    known: dict[int, object] = {}
    mode = "unknown"
    asked: list[str] = []

    def do_POST(self):  # noqa: N802 - http.server's name
        from cryptography.hazmat.primitives import hashes
        from cryptography.x509 import ocsp

        request = ocsp.load_der_ocsp_request(self.rfile.read(int(self.headers["Content-Length"])))
        cls = type(self)
        cls.asked.append(request.hash_algorithm.name)
        cert = cls.known[request.serial_number]
        if isinstance(request.hash_algorithm, hashes.SHA1) or cls.mode == "both":
            status = ocsp.OCSPCertStatus.GOOD
        elif cls.mode == "malformed":
            self._answer(ocsp.OCSPResponseBuilder.build_unsuccessful(ocsp.OCSPResponseStatus.MALFORMED_REQUEST))
            return
        else:
            status = ocsp.OCSPCertStatus.UNKNOWN
        builder = ocsp.OCSPResponseBuilder().add_response(
            cert=cert.cert, issuer=cls.issuer.cert, algorithm=request.hash_algorithm, cert_status=status,
            this_update=NOW - dt.timedelta(minutes=5), next_update=NOW + dt.timedelta(hours=1),
            revocation_time=None, revocation_reason=None,
        ).responder_id(ocsp.OCSPResponderEncoding.HASH, cls.issuer.cert)
        self._answer(builder.sign(cls.issuer.key, hashes.SHA256()))

    def _answer(self, response) -> None:
        self.reply(response.public_bytes(serialization.Encoding.DER), "application/ocsp-response")


@pytest.mark.parametrize("mode", ["unknown", "malformed", "both"])
def test_ocsp_asks_with_sha256_and_falls_back_to_sha1(document, mode):
    server = ThreadingHTTPServer(("127.0.0.1", free_port()), _Sha1OnlyResponder)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    revocation.clear_cache()
    try:
        url = f"http://127.0.0.1:{server.server_port}/"
        root = _ca("ROOT CERTID TEST")
        nca = _ca("NCA RSA CERTID TEST", root)
        person = issue(nca_name("ХЭШ АДАМ", iin="644444444444"), rsa_key(), nca, ca=False, ocsp_url=url)
        _Sha1OnlyResponder.issuer, _Sha1OnlyResponder.known = nca, {person.cert.serial_number: person}
        _Sha1OnlyResponder.mode, _Sha1OnlyResponder.asked = mode, []
        trust = TrustStore([root.asn1])
        signature = sign_detached(document, [person], chain=[nca])
        crls = (make_crl(root),)

        result = verify(document, signature, trust, revocation=RevocationConfig(online=True, timeout=5, crls=crls))
        assert result.valid, result.signers[0].revocation[0].why
        assert result.signers[0].revocation[0].source == f"OCSP {url}"
        assert _Sha1OnlyResponder.asked == (["sha256"] if mode == "both" else ["sha256", "sha1"])

        revocation.clear_cache()
        _Sha1OnlyResponder.asked = []
        sha1 = RevocationConfig(online=True, timeout=5, crls=crls, ocsp_cert_id="sha1")
        assert verify(document, signature, trust, revocation=sha1).valid
        assert _Sha1OnlyResponder.asked == ["sha1"]
    finally:
        server.shutdown()
        server.server_close()
        revocation.clear_cache()
