"""A test PKI built with cryptography (a root, an NCA-like intermediate, signers whose subjects carry IIN
and BIN the NCA RK way, a TSA) and detached CMS signing with asn1crypto + cryptography, as NCALayer does."""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass

from asn1crypto import algos, cms, core, tsp
from asn1crypto import x509 as a_x509
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, padding, rsa
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

UTC = dt.UTC
NOW = dt.datetime.now(UTC).replace(microsecond=0)
YEAR = dt.timedelta(days=365)


@dataclass
class Party:
    cert: x509.Certificate
    key: object

    @property
    def der(self) -> bytes:
        return self.cert.public_bytes(serialization.Encoding.DER)

    @property
    def pem(self) -> bytes:
        return self.cert.public_bytes(serialization.Encoding.PEM)

    @property
    def asn1(self) -> a_x509.Certificate:
        return a_x509.Certificate.load(self.der)


def nca_name(common_name: str, surname: str | None = None, given_name: str | None = None,
             iin: str | None = None, bin_: str | None = None, organisation: str | None = None) -> x509.Name:
    """A subject as NCA RK writes it: CN «SURNAME NAME», SURNAME, serialNumber «IIN…», C=KZ, O, OU «BIN…»,
    GIVENNAME = patronymic."""
    attrs = [x509.NameAttribute(NameOID.COMMON_NAME, common_name)]
    if surname:
        attrs.append(x509.NameAttribute(NameOID.SURNAME, surname))
    if iin:
        attrs.append(x509.NameAttribute(NameOID.SERIAL_NUMBER, f"IIN{iin}"))
    attrs.append(x509.NameAttribute(NameOID.COUNTRY_NAME, "KZ"))
    if organisation:
        attrs.append(x509.NameAttribute(NameOID.ORGANIZATION_NAME, organisation))
    if bin_:
        attrs.append(x509.NameAttribute(NameOID.ORGANIZATIONAL_UNIT_NAME, f"BIN{bin_}"))
    if given_name:
        attrs.append(x509.NameAttribute(NameOID.GIVEN_NAME, given_name))
    return x509.Name(attrs)


def rsa_key():
    return rsa.generate_private_key(public_exponent=65537, key_size=2048)


def issue(subject: x509.Name, key, issuer: Party | None, *, ca: bool, not_before: dt.datetime | None = None,
          not_after: dt.datetime | None = None, eku=(ExtendedKeyUsageOID.EMAIL_PROTECTION,),
          non_repudiation: bool = True, crl_url: str | None = None, ocsp_url: str | None = None,
          policies: tuple[str, ...] = ()) -> Party:
    """A certificate for ``key`` signed by ``issuer`` (self-signed when None)."""
    not_before = not_before or NOW - YEAR
    not_after = not_after or NOW + YEAR
    signer_key = issuer.key if issuer else key
    builder = (x509.CertificateBuilder()
               .subject_name(subject)
               .issuer_name(issuer.cert.subject if issuer else subject)
               .public_key(key.public_key())
               .serial_number(x509.random_serial_number())
               .not_valid_before(not_before).not_valid_after(not_after)
               .add_extension(x509.BasicConstraints(ca=ca, path_length=None), critical=True)
               .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), critical=False))
    if issuer:
        builder = builder.add_extension(
            x509.AuthorityKeyIdentifier.from_issuer_public_key(issuer.key.public_key()), critical=False)
    if ca:
        usage = dict(digital_signature=False, content_commitment=False, key_cert_sign=True, crl_sign=True)
    else:
        usage = dict(digital_signature=True, content_commitment=non_repudiation, key_cert_sign=False,
                     crl_sign=False)
        if eku:
            builder = builder.add_extension(x509.ExtendedKeyUsage(list(eku)), critical=False)
    builder = builder.add_extension(x509.KeyUsage(key_encipherment=False, data_encipherment=False,
                                                  key_agreement=False, encipher_only=False, decipher_only=False,
                                                  **usage), critical=True)
    if crl_url:
        builder = builder.add_extension(x509.CRLDistributionPoints([x509.DistributionPoint(
            [x509.UniformResourceIdentifier(crl_url)], None, None, None)]), critical=False)
    if ocsp_url:
        builder = builder.add_extension(x509.AuthorityInformationAccess([x509.AccessDescription(
            x509.oid.AuthorityInformationAccessOID.OCSP, x509.UniformResourceIdentifier(ocsp_url))]), critical=False)
    if policies:
        builder = builder.add_extension(x509.CertificatePolicies(
            [x509.PolicyInformation(x509.ObjectIdentifier(p), None) for p in policies]), critical=False)
    cert = builder.sign(signer_key, hashes.SHA256())
    return Party(cert, key)


def make_crl(issuer: Party, revoked: list[tuple[Party, dt.datetime]] = (), *, this_update: dt.datetime | None = None,
             next_update: dt.datetime | None = None, reason=None, number: int | None = None,
             base_number: int | None = None, freshest: str | None = None) -> bytes:
    """A DER CRL signed by ``issuer`` listing ``revoked`` (certificate, revocation time); with ``number`` its
    CRLNumber, with ``base_number`` a delta CRL (DeltaCRLIndicator, critical), with ``freshest`` the URL of
    its delta CRL (freshestCRL)."""
    builder = (x509.CertificateRevocationListBuilder()
               .issuer_name(issuer.cert.subject)
               .last_update(this_update or NOW - dt.timedelta(hours=1))
               .next_update(next_update or NOW + dt.timedelta(days=1)))
    if number is not None:
        builder = builder.add_extension(x509.CRLNumber(number), critical=False)
    if base_number is not None:
        builder = builder.add_extension(x509.DeltaCRLIndicator(base_number), critical=True)
    if freshest:
        builder = builder.add_extension(x509.FreshestCRL([x509.DistributionPoint(
            [x509.UniformResourceIdentifier(freshest)], None, None, None)]), critical=False)
    for party, when in revoked:
        entry = x509.RevokedCertificateBuilder().serial_number(party.cert.serial_number).revocation_date(when)
        entry = entry.add_extension(x509.CRLReason(reason or x509.ReasonFlags.key_compromise), critical=False)
        builder = builder.add_revoked_certificate(entry.build())
    return builder.sign(issuer.key, hashes.SHA256()).public_bytes(serialization.Encoding.DER)


def make_ocsp(cert: Party, issuer: Party, *, revoked_at: dt.datetime | None = None,
              this_update: dt.datetime | None = None, next_update: dt.datetime | None = None) -> bytes:
    """A DER OCSP response for ``cert`` signed by its issuer: good, or revoked at ``revoked_at``."""
    from cryptography.x509 import ocsp

    status = ocsp.OCSPCertStatus.REVOKED if revoked_at else ocsp.OCSPCertStatus.GOOD
    builder = ocsp.OCSPResponseBuilder().add_response(
        cert=cert.cert, issuer=issuer.cert, algorithm=hashes.SHA1(), cert_status=status,
        this_update=this_update or NOW - dt.timedelta(minutes=30),
        next_update=next_update or NOW + dt.timedelta(hours=12),
        revocation_time=revoked_at, revocation_reason=x509.ReasonFlags.key_compromise if revoked_at else None,
    ).responder_id(ocsp.OCSPResponderEncoding.HASH, issuer.cert)
    return builder.sign(issuer.key, hashes.SHA256()).public_bytes(serialization.Encoding.DER)


@dataclass
class Pki:
    root: Party
    nca: Party
    person: Party       # individual: IIN only
    employee: Party     # legal-entity employee: IIN, O, BIN
    ec_signer: Party
    expired: Party
    tsa: Party
    stranger: Party     # issued by a CA outside the trust store

    def trust_pem(self) -> bytes:
        return self.root.pem + self.nca.pem

    def good_crls(self) -> tuple[bytes, ...]:
        """Empty CRLs of the root and the NCA: every certificate here is «good» offline."""
        return make_crl(self.root), make_crl(self.nca)


def build_pki() -> Pki:
    root = issue(x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "Qujat Test Root KZ"),
                            x509.NameAttribute(NameOID.COUNTRY_NAME, "KZ")]), rsa_key(), None, ca=True,
                 not_before=NOW - 10 * YEAR, not_after=NOW + 10 * YEAR)
    nca = issue(x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "ҰЛТТЫҚ КУӘЛАНДЫРУШЫ ОРТАЛЫҚ (RSA) TEST"),
                           x509.NameAttribute(NameOID.COUNTRY_NAME, "KZ")]), rsa_key(), root, ca=True,
                not_before=NOW - 5 * YEAR, not_after=NOW + 5 * YEAR)
    person = issue(nca_name("ТЕСТОВ ТЕСТ", "ТЕСТОВ", "ТЕСТОВИЧ", iin="123456789011"), rsa_key(), nca, ca=False)
    employee = issue(nca_name("ӘБІЛОВА ҚАРЛЫҒАШ", "ӘБІЛОВА", "СЕРІКҚЫЗЫ", iin="900101400123",
                              bin_="123456789021", organisation="ГУ «Аппарат акима города Туркестан»"),
                     rsa_key(), nca, ca=False, policies=("1.2.398.3.3.2.3",),
                     eku=(ExtendedKeyUsageOID.EMAIL_PROTECTION, x509.ObjectIdentifier("1.2.398.3.3.4.1.2"),
                          x509.ObjectIdentifier("1.2.398.3.3.4.1.2.1")))
    ec_signer = issue(nca_name("ЕСЕНОВ ЕРЛАН", "ЕСЕНОВ", iin="850505300456"), ec.generate_private_key(ec.SECP256R1()),
                      nca, ca=False)
    expired = issue(nca_name("ЕСКІ СЕРТИФИКАТ", "ЕСКІ", iin="700101300111"), rsa_key(), nca, ca=False,
                    not_before=NOW - 3 * YEAR, not_after=NOW - 2 * YEAR)
    tsa = issue(x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "TSA QUJAT TEST")]), rsa_key(), nca, ca=False,
                eku=(ExtendedKeyUsageOID.TIME_STAMPING,))
    other_root = issue(x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "Unknown CA")]), rsa_key(), None,
                       ca=True)
    stranger = issue(nca_name("БӨТЕН АДАМ", "БӨТЕН", iin="111111111111"), rsa_key(), other_root, ca=False)
    return Pki(root, nca, person, employee, ec_signer, expired, tsa, stranger)


def _sign_raw(key, data: bytes, digest: str, pss: bool) -> tuple[bytes, algos.SignedDigestAlgorithm]:
    hash_cls = {"sha256": hashes.SHA256, "sha384": hashes.SHA384, "sha512": hashes.SHA512}[digest]
    if isinstance(key, ec.EllipticCurvePrivateKey):
        return key.sign(data, ec.ECDSA(hash_cls())), algos.SignedDigestAlgorithm(
            {"algorithm": f"{digest}_ecdsa"})
    if pss:
        salt = hash_cls.digest_size
        signature = key.sign(data, padding.PSS(mgf=padding.MGF1(hash_cls()), salt_length=salt), hash_cls())
        params = algos.RSASSAPSSParams({
            "hash_algorithm": {"algorithm": digest},
            "mask_gen_algorithm": {"algorithm": "mgf1", "parameters": {"algorithm": digest}},
            "salt_length": salt})
        return signature, algos.SignedDigestAlgorithm({"algorithm": "rsassa_pss", "parameters": params})
    return key.sign(data, padding.PKCS1v15(), hash_cls()), algos.SignedDigestAlgorithm(
        {"algorithm": f"{digest}_rsa"})


def _signer_info(party: Party, content: bytes, content_type: str, signing_time: dt.datetime | None,
                 digest: str, pss: bool, ess_cert: Party | None = None) -> cms.SignerInfo:
    cert = party.asn1
    attrs = [cms.CMSAttribute({"type": "content_type", "values": [content_type]})]
    if ess_cert is not None:  # CAdES signingCertificateV2 naming ``ess_cert`` (normally the signer's own)
        attrs.append(cms.CMSAttribute({"type": "signing_certificate_v2", "values": [{"certs": [{
            "hash_algorithm": {"algorithm": "sha256"}, "cert_hash": hashlib.sha256(ess_cert.der).digest(),
            "issuer_serial": {"issuer": [a_x509.GeneralName("directory_name", ess_cert.asn1.issuer)],
                              "serial_number": ess_cert.asn1.serial_number}}]}]}))
    if signing_time is not None:
        attrs.append(cms.CMSAttribute({"type": "signing_time", "values": [cms.Time({"utc_time": signing_time})]}))
    attrs.append(cms.CMSAttribute({"type": "message_digest",
                                   "values": [hashlib.new(digest, content).digest()]}))
    signed_attrs = cms.CMSAttributes(attrs)
    signature, algorithm = _sign_raw(party.key, signed_attrs.dump(), digest, pss)
    return cms.SignerInfo({
        "version": "v1",
        "sid": cms.SignerIdentifier({"issuer_and_serial_number": cms.IssuerAndSerialNumber(
            {"issuer": cert.issuer, "serial_number": cert.serial_number})}),
        "digest_algorithm": {"algorithm": digest},
        "signed_attrs": signed_attrs,
        "signature_algorithm": algorithm,
        "signature": signature,
    })


def _signed_data(infos: list[cms.SignerInfo], certs: list[Party], content_type: str = "data",
                 content: bytes | None = None, digests: tuple[str, ...] = ("sha256",)) -> bytes:
    encap = {"content_type": content_type}
    if content is not None:
        encap["content"] = content if content_type == "data" else core.ParsableOctetString(content)
    signed = cms.SignedData({
        "version": "v1" if content_type == "data" else "v3",
        "digest_algorithms": [{"algorithm": d} for d in digests],
        "encap_content_info": encap,
        "certificates": [c.asn1 for c in certs],
        "signer_infos": infos,
    })
    return cms.ContentInfo({"content_type": "signed_data", "content": signed}).dump()


def timestamp_token(tsa: Party, signature: bytes, gen_time: dt.datetime, tamper: bool = False) -> cms.ContentInfo:
    """An RFC 3161 token over ``signature`` (the signer's signature value)."""
    imprint = hashlib.sha256(signature + (b"x" if tamper else b"")).digest()
    info = tsp.TSTInfo({
        "version": "v1", "policy": "1.2.398.3.3.2.6.1",
        "message_imprint": {"hash_algorithm": {"algorithm": "sha256"}, "hashed_message": imprint},
        "serial_number": 4242, "gen_time": gen_time,
    })
    der = info.dump()
    tsa_info = _signer_info(tsa, der, "tst_info", None, "sha256", False)
    return cms.ContentInfo.load(_signed_data([tsa_info], [tsa], "tst_info", der))


def sign_detached(content: bytes, signers: list[Party], *, chain: list[Party] = (),
                  signing_time: dt.datetime | None = None, digest: str = "sha256", pss: bool = False,
                  tsa: Party | None = None, tsa_time: dt.datetime | None = None,
                  tamper_tsa: bool = False, attached: bool = False, ess: bool | Party = False) -> bytes:
    """A detached CMS SignedData over ``content``, one SignerInfo per signer, as NCALayer writes it."""
    when = signing_time or NOW - dt.timedelta(minutes=5)
    infos = []
    for party in signers:
        ess_cert = party if ess is True else (ess if isinstance(ess, Party) else None)
        info = _signer_info(party, content, "data", when, digest, pss, ess_cert)
        if tsa is not None:
            token = timestamp_token(tsa, info["signature"].native, tsa_time or when, tamper_tsa)
            info["unsigned_attrs"] = cms.CMSAttributes([
                cms.CMSAttribute({"type": "signature_time_stamp_token", "values": [token]})])
        infos.append(info)
    return _signed_data(infos, [*signers, *chain], "data", content if attached else None, (digest,))


# ------------------------------------------------------------------------ GOST R 34.10-2015 (512), the Kalkan way

GOST_KEY_OID = "1.2.398.3.10.1.1.2.2"
GOST_SIG_OID = "1.2.398.3.10.1.1.2.3.2"
GOST_DIGEST_OID = "1.2.398.3.10.1.3.3"
_GOST_PARAMS = bytes.fromhex("3016060a2a830e030a010102020106082a830e030a010303")  # as in NCA RK certificates


@dataclass
class GostParty:
    cert: a_x509.Certificate
    private_key: bytes

    @property
    def der(self) -> bytes:
        return self.cert.dump()


def _gost_signer():
    from gostcrypto import gostsignature

    curve = gostsignature.CURVES_R_1323565_1_024_2019["id-tc26-gost-3410-12-512-paramSetA"]
    return gostsignature.new(gostsignature.MODE_512, curve)


def gost_sign(private_key: bytes, data: bytes) -> bytes:
    """Streebog-512 digest and GOST R 34.10-2015 signature, encoded as NCA RK's Kalkan writes them."""
    import os

    import gostcrypto

    digest = bytes(gostcrypto.gosthash.new("streebog512", data=data).digest())
    raw = _gost_signer().sign(bytearray(private_key), bytearray(digest[::-1]), bytearray(os.urandom(64)))
    return bytes(raw[:64])[::-1] + bytes(raw[64:])[::-1]


def gost_party(name: x509.Name, issuer: GostParty | None, *, ca: bool) -> GostParty:
    """A GOST 2015 certificate built with asn1crypto, signed with gostcrypto."""
    import os

    private_key = os.urandom(63).rjust(64, b"\x00")
    public = bytes(_gost_signer().public_key_generate(bytearray(private_key)))
    point = public[:64][::-1] + public[64:][::-1]  # x||y, each little-endian
    spki = a_x509.PublicKeyInfo.load(_spki_der(point))
    subject = a_x509.Name.load(name.public_bytes())
    tbs = a_x509.TbsCertificate({
        "version": "v3", "serial_number": int.from_bytes(os.urandom(8), "big"),
        "signature": {"algorithm": GOST_SIG_OID},
        "issuer": issuer.cert.subject if issuer else subject,
        "validity": {"not_before": a_x509.Time({"utc_time": NOW - YEAR}),
                     "not_after": a_x509.Time({"utc_time": NOW + YEAR})},
        "subject": subject, "subject_public_key_info": spki,
        "extensions": [
            {"extn_id": "basic_constraints", "critical": True, "extn_value": {"ca": ca}},
            {"extn_id": "key_usage", "critical": True,
             "extn_value": {"key_cert_sign", "crl_sign"} if ca else {"digital_signature", "non_repudiation"}},
        ],
    })
    signature = gost_sign(issuer.private_key if issuer else private_key, tbs.dump())
    cert = a_x509.Certificate({"tbs_certificate": tbs, "signature_algorithm": {"algorithm": GOST_SIG_OID},
                               "signature_value": signature})
    return GostParty(a_x509.Certificate.load(cert.dump()), private_key)


def _der_len(length: int) -> bytes:
    if length < 0x80:
        return bytes([length])
    body = length.to_bytes((length.bit_length() + 7) // 8, "big")
    return bytes([0x80 | len(body)]) + body


def _tlv(tag: int, body: bytes) -> bytes:
    return bytes([tag]) + _der_len(len(body)) + body


def _spki_der(point: bytes) -> bytes:
    algorithm = _tlv(0x30, core.ObjectIdentifier(GOST_KEY_OID).dump() + _GOST_PARAMS)
    key = _tlv(0x03, b"\x00" + _tlv(0x04, point))
    return _tlv(0x30, algorithm + key)


def sign_detached_gost(content: bytes, party: GostParty, signing_time: dt.datetime | None = None, *,
                       digest_oid: str = GOST_DIGEST_OID, signature_oid: str = GOST_SIG_OID,
                       flip_signature_byte: int | None = None) -> bytes:
    """A detached CMS with one GOST 2015 signer, as NCALayer writes it for a GOST key (the OIDs may be
    swapped for 2004 ones, and a byte of the signature value flipped, to test the reports)."""
    import gostcrypto

    attrs = cms.CMSAttributes([
        cms.CMSAttribute({"type": "content_type", "values": ["data"]}),
        cms.CMSAttribute({"type": "signing_time",
                          "values": [cms.Time({"utc_time": signing_time or NOW - dt.timedelta(minutes=5)})]}),
        cms.CMSAttribute({"type": "message_digest",
                          "values": [bytes(gostcrypto.gosthash.new("streebog512", data=content).digest())]}),
    ])
    value = bytearray(gost_sign(party.private_key, attrs.dump()))
    if flip_signature_byte is not None:
        value[flip_signature_byte] ^= 0xFF
    value = bytes(value)
    info = cms.SignerInfo({
        "version": "v1",
        "sid": cms.SignerIdentifier({"issuer_and_serial_number": cms.IssuerAndSerialNumber(
            {"issuer": party.cert.issuer, "serial_number": party.cert.serial_number})}),
        "digest_algorithm": {"algorithm": digest_oid},
        "signed_attrs": attrs,
        "signature_algorithm": {"algorithm": signature_oid},
        "signature": value,
    })
    signed = cms.SignedData({
        "version": "v1", "digest_algorithms": [{"algorithm": digest_oid}],
        "encap_content_info": {"content_type": "data"},
        "certificates": [party.cert], "signer_infos": [info],
    })
    return cms.ContentInfo({"content_type": "signed_data", "content": signed}).dump()
