"""Run inside a fresh network namespace (``unshare -n``): bring up its loopback, start OpenSSL's OCSP
responder on it, verify the good and the revoked signature against it (the good one also with SHA-1
CertIDs), stop it, verify again (responder down). Prints the results as JSON. Used by
test_revocation_online.py; FOLDER holds its files."""

from __future__ import annotations

import dataclasses
import json
import subprocess
import sys
import time
from pathlib import Path

from service.signing import revocation
from service.signing.certificates import TrustStore, load_certificates
from service.signing.revocation import RevocationConfig
from service.signing.verify import verify


def listening(port: int) -> bool:
    """The port is in LISTEN state (read from /proc: a probing connection would stall OpenSSL's
    one-request-at-a-time responder)."""
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        for line in Path(table).read_text().splitlines()[1:]:
            fields = line.split()
            if fields[1].rsplit(":", 1)[1] == f"{port:04X}" and fields[3] == "0A":
                return True
    return False


def wait_for(port: int, seconds: float = 15) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if listening(port):
            return
        time.sleep(0.1)
    raise SystemExit(f"the OCSP responder did not start on port {port}")


def main() -> int:
    folder, port = Path(sys.argv[1]), int(sys.argv[2])
    subprocess.run(["ip", "link", "set", "lo", "up"], check=True)
    responder = subprocess.Popen(
        ["openssl", "ocsp", "-index", str(folder / "index.txt"), "-port", str(port),
         "-rsigner", str(folder / "nca.pem"), "-rkey", str(folder / "nca.key"), "-CA", str(folder / "nca.pem"),
         "-nmin", "60", "-ignore_err"],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        wait_for(port)
        trust = TrustStore(load_certificates((folder / "trust.pem").read_bytes()))
        config = RevocationConfig(online=True, timeout=5, crls=((folder / "root.crl").read_bytes(),))
        document = (folder / "document").read_bytes()
        answers = {}
        for name, file in (("good", "good.cms"), ("revoked", "bad.cms")):
            answers[name] = verify(document, (folder / file).read_bytes(), trust, revocation=config).to_dict()
            answers[name]["revocation"] = answers[name]["signers"][0]["revocation"]
        sha1 = dataclasses.replace(config, ocsp_cert_id="sha1")
        answers["good_sha1"] = verify(document, (folder / "good.cms").read_bytes(), trust, revocation=sha1).to_dict()
        answers["good_sha1"]["revocation"] = answers["good_sha1"]["signers"][0]["revocation"]
    finally:
        responder.terminate()
        responder.wait(10)
    revocation.clear_cache()
    down = verify(document, (folder / "good.cms").read_bytes(), trust, revocation=config).to_dict()
    down["revocation"] = down["signers"][0]["revocation"]
    answers["down"] = down
    print(json.dumps(answers, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(main())
