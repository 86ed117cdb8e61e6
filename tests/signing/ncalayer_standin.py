"""A STAND-IN for NCALayer (NCALayer itself can't be installed here): a WebSocket server on 127.0.0.1 that
speaks NCALayer's protocol as ncalayer-js-client uses it, and signs with a test key.

- on connect it sends ``{"result": {"version": "1.4"}}``;
- ``kz.digiflow.mobile.extensions`` / ``getVersion`` (the client's KAZTOKEN probe) gets an error answer, as
  from a plain NCALayer;
- ``kz.gov.pki.knca.basics`` / ``sign`` with ``format: cms`` gets ``{"status": true, "body": {"result":
  [<base64 CMS>]}}``: a CMS over the base64-decoded data (detached or attached as asked), signed by the test
  party with signingCertificateV2 and a time-stamp from the test TSA.
Every request is kept in ``requests`` so a test can check what the page sent."""

from __future__ import annotations

import base64
import json
import threading

from signing_pki import Party, sign_detached
from websockets.sync.server import serve


class NCALayerStandIn:
    def __init__(self, signer: Party, chain: list[Party], tsa: Party | None = None):
        self.signer, self.chain, self.tsa = signer, chain, tsa
        self.requests: list[dict] = []
        self._server = serve(self._session, "127.0.0.1", 0)
        self.port = self._server.socket.getsockname()[1]
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    @property
    def url(self) -> str:
        return f"ws://127.0.0.1:{self.port}"

    def __enter__(self) -> NCALayerStandIn:
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self._server.shutdown()
        self._thread.join(10)

    def _session(self, websocket) -> None:
        websocket.send(json.dumps({"result": {"version": "1.4 (stand-in)"}}))
        for message in websocket:
            request = json.loads(message)
            self.requests.append(request)
            websocket.send(json.dumps(self._answer(request)))

    def _answer(self, request: dict) -> dict:
        if request.get("module") != "kz.gov.pki.knca.basics" or request.get("method") != "sign":
            return {"status": False, "code": "500", "message": "module not found", "details": request.get("module")}
        args = request.get("args") or {}
        params = args.get("signingParams") or {}
        if args.get("format") != "cms" or params.get("digested"):
            return {"status": False, "code": "500", "message": "the stand-in signs CMS over data only"}
        data = args.get("data")
        items = data if isinstance(data, list) else [data]
        results = []
        for item in items:
            content = base64.b64decode(item) if params.get("decode", True) else item.encode()
            cms = sign_detached(content, [self.signer], chain=self.chain, tsa=self.tsa, ess=True,
                                attached=bool(params.get("encapsulate")))
            results.append(base64.b64encode(cms).decode())
        return {"status": True, "body": {"result": results}}
