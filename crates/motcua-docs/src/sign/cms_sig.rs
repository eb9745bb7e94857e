//! CMS SignedData (RFC 5652) for PAdES baseline B (ETSI EN 319 142-1):
//! detached content, signed attributes content-type, message-digest and
//! signing-certificate-v2 (RFC 5035), and — as PAdES requires — **no** signing-time attribute:
//! the time goes in the signature dictionary's /M.

use cms::cert::{CertificateChoices, IssuerAndSerialNumber};
use cms::content_info::{CmsVersion, ContentInfo};
use cms::signed_data::{
    CertificateSet, EncapsulatedContentInfo, SignedData, SignerIdentifier, SignerInfo, SignerInfos,
};
use der::asn1::{ObjectIdentifier as Oid, OctetString, SetOfVec};
use der::{Any, Decode, Encode, Sequence, Tagged};
use sha2::{Digest, Sha256};
use signature::{SignatureEncoding, Signer as _};
use spki::AlgorithmIdentifierOwned;
use x509_cert::Certificate;
use x509_cert::attr::Attribute;
use x509_cert::ext::pkix::name::GeneralName;
use x509_cert::serial_number::SerialNumber;

use super::{Key, Signer};
use crate::DocError;

pub(crate) const ID_DATA: Oid = Oid::new_unwrap("1.2.840.113549.1.7.1");
pub(crate) const ID_SIGNED_DATA: Oid = Oid::new_unwrap("1.2.840.113549.1.7.2");
pub(crate) const ID_CONTENT_TYPE: Oid = Oid::new_unwrap("1.2.840.113549.1.9.3");
pub(crate) const ID_MESSAGE_DIGEST: Oid = Oid::new_unwrap("1.2.840.113549.1.9.4");
pub(crate) const ID_SIGNING_CERT_V2: Oid = Oid::new_unwrap("1.2.840.113549.1.9.16.2.47");
pub(crate) const ID_SHA256: Oid = Oid::new_unwrap("2.16.840.1.101.3.4.2.1");
pub(crate) const RSA_ENCRYPTION: Oid = Oid::new_unwrap("1.2.840.113549.1.1.1");
pub(crate) const SHA256_WITH_RSA: Oid = Oid::new_unwrap("1.2.840.113549.1.1.11");
pub(crate) const SHA384_WITH_RSA: Oid = Oid::new_unwrap("1.2.840.113549.1.1.12");
pub(crate) const SHA512_WITH_RSA: Oid = Oid::new_unwrap("1.2.840.113549.1.1.13");
pub(crate) const ECDSA_WITH_SHA256: Oid = Oid::new_unwrap("1.2.840.10045.4.3.2");
pub(crate) const EC_PUBLIC_KEY: Oid = Oid::new_unwrap("1.2.840.10045.2.1");

/// ESSCertIDv2 with the default hash algorithm (SHA-256), which DER requires us to omit.
#[derive(Clone, Debug, Sequence)]
struct EssCertIdV2 {
    cert_hash: OctetString,
    issuer_serial: IssuerSerial,
}

#[derive(Clone, Debug, Sequence)]
struct IssuerSerial {
    issuer: Vec<GeneralName>,
    serial_number: SerialNumber,
}

#[derive(Clone, Debug, Sequence)]
struct SigningCertificateV2 {
    certs: Vec<EssCertIdV2>,
}

fn alg(oid: Oid, null_params: bool) -> AlgorithmIdentifierOwned {
    AlgorithmIdentifierOwned {
        oid,
        parameters: null_params.then(|| Any::from(der::asn1::Null)),
    }
}

fn attribute(oid: Oid, value: &impl Encode) -> Result<Attribute, DocError> {
    let any =
        Any::from_der(&value.to_der().map_err(DocError::signing)?).map_err(DocError::signing)?;
    let values = SetOfVec::try_from(vec![any]).map_err(DocError::signing)?;
    Ok(Attribute { oid, values })
}

/// The signing-certificate-v2 attribute binding the signature to the signer certificate
/// (prevents certificate substitution; mandatory in PAdES baseline B).
fn signing_certificate_v2(cert: &Certificate) -> Result<Attribute, DocError> {
    let der = cert.to_der().map_err(DocError::signing)?;
    let id = EssCertIdV2 {
        cert_hash: OctetString::new(Sha256::digest(&der).to_vec()).map_err(DocError::signing)?,
        issuer_serial: IssuerSerial {
            issuer: vec![GeneralName::DirectoryName(
                cert.tbs_certificate.issuer.clone(),
            )],
            serial_number: cert.tbs_certificate.serial_number.clone(),
        },
    };
    attribute(
        ID_SIGNING_CERT_V2,
        &SigningCertificateV2 { certs: vec![id] },
    )
}

/// Builds a DER CMS ContentInfo(SignedData) over content whose SHA-256 is `digest`.
pub(crate) fn sign_digest(signer: &Signer, digest: &[u8; 32]) -> Result<Vec<u8>, DocError> {
    let cert = &signer.chain[0];
    let attrs = vec![
        attribute(ID_CONTENT_TYPE, &ID_DATA)?,
        attribute(
            ID_MESSAGE_DIGEST,
            &OctetString::new(digest.to_vec()).map_err(DocError::signing)?,
        )?,
        signing_certificate_v2(cert)?,
    ];
    let signed_attrs = SetOfVec::try_from(attrs).map_err(DocError::signing)?;
    // RFC 5652 §5.4: the signature covers the DER of the attributes with the SET OF tag.
    let to_sign = signed_attrs.to_der().map_err(DocError::signing)?;
    let (signature, signature_algorithm) = match &signer.key {
        Key::Rsa(k) => {
            let sk = rsa::pkcs1v15::SigningKey::<Sha256>::new((**k).clone());
            let sig = sk.try_sign(&to_sign).map_err(DocError::signing)?;
            (sig.to_vec(), alg(RSA_ENCRYPTION, true))
        }
        Key::P256(k) => {
            let sig: p256::ecdsa::Signature = k.try_sign(&to_sign).map_err(DocError::signing)?;
            (sig.to_der().to_vec(), alg(ECDSA_WITH_SHA256, false))
        }
    };
    let signer_info = SignerInfo {
        version: CmsVersion::V1,
        sid: SignerIdentifier::IssuerAndSerialNumber(IssuerAndSerialNumber {
            issuer: cert.tbs_certificate.issuer.clone(),
            serial_number: cert.tbs_certificate.serial_number.clone(),
        }),
        digest_alg: alg(ID_SHA256, false),
        signed_attrs: Some(signed_attrs),
        signature_algorithm,
        signature: OctetString::new(signature).map_err(DocError::signing)?,
        unsigned_attrs: None,
    };
    let certs: Vec<CertificateChoices> = signer
        .chain
        .iter()
        .cloned()
        .map(CertificateChoices::Certificate)
        .collect();
    let signed_data = SignedData {
        version: CmsVersion::V1,
        digest_algorithms: SetOfVec::try_from(vec![alg(ID_SHA256, false)])
            .map_err(DocError::signing)?,
        encap_content_info: EncapsulatedContentInfo {
            econtent_type: ID_DATA,
            econtent: None,
        },
        certificates: Some(CertificateSet(
            SetOfVec::try_from(certs).map_err(DocError::signing)?,
        )),
        crls: None,
        signer_infos: SignerInfos(
            SetOfVec::try_from(vec![signer_info]).map_err(DocError::signing)?,
        ),
    };
    let content = Any::encode_from(&signed_data).map_err(DocError::signing)?;
    ContentInfo {
        content_type: ID_SIGNED_DATA,
        content,
    }
    .to_der()
    .map_err(DocError::signing)
}

/// What a CMS signature says, after checking it against the digest of the signed bytes.
pub(crate) struct Checked {
    pub signer: Certificate,
    pub certificates: Vec<Certificate>,
    pub digest_ok: bool,
    pub signature_ok: bool,
    pub signing_cert_ok: bool,
    /// The unsigned parts of the CMS are exactly what a PAdES signer writes (see `profile`).
    pub profile_ok: bool,
}

fn attr_value(attrs: &[Attribute], oid: Oid) -> Option<&Any> {
    attrs
        .iter()
        .find(|a| a.oid == oid)
        .and_then(|a| a.values.iter().next())
}

/// Parses a DER ContentInfo(SignedData) and checks it against the signed bytes' SHA-256.
pub(crate) fn check(cms_der: &[u8], digest: &[u8; 32]) -> Result<Checked, String> {
    let ci = ContentInfo::from_der(cms_der).map_err(|e| format!("CMS: {e}"))?;
    if ci.content_type != ID_SIGNED_DATA {
        return Err("CMS is not SignedData".into());
    }
    let sd: SignedData = ci
        .content
        .decode_as()
        .map_err(|e| format!("SignedData: {e}"))?;
    let certificates: Vec<Certificate> = sd
        .certificates
        .iter()
        .flat_map(|s| s.0.iter())
        .filter_map(|c| match c {
            CertificateChoices::Certificate(c) => Some(c.clone()),
            _ => None,
        })
        .collect();
    let si = sd.signer_infos.0.iter().next().ok_or("no SignerInfo")?;
    let signer = match &si.sid {
        SignerIdentifier::IssuerAndSerialNumber(ias) => certificates.iter().find(|c| {
            c.tbs_certificate.issuer == ias.issuer
                && c.tbs_certificate.serial_number == ias.serial_number
        }),
        SignerIdentifier::SubjectKeyIdentifier(_) => certificates.first(),
    }
    .cloned()
    .ok_or("signer certificate not in the CMS")?;
    if si.digest_alg.oid != ID_SHA256 {
        return Err(format!("unsupported digest {}", si.digest_alg.oid));
    }
    let attrs = si.signed_attrs.as_ref().ok_or("no signed attributes")?;
    let attrs_vec: Vec<Attribute> = attrs.iter().cloned().collect();
    let digest_ok = attr_value(&attrs_vec, ID_MESSAGE_DIGEST)
        .and_then(|v| v.decode_as::<OctetString>().ok())
        .is_some_and(|o| o.as_bytes() == digest);
    let signing_cert_ok = match attr_value(&attrs_vec, ID_SIGNING_CERT_V2) {
        None => true, // adbe.pkcs7.detached signatures from other tools may omit it
        Some(v) => {
            let cert_hash = Sha256::digest(signer.to_der().map_err(|e| e.to_string())?);
            v.decode_as::<SigningCertificateV2>()
                .ok()
                .and_then(|s| s.certs.into_iter().next())
                .is_some_and(|id| id.cert_hash.as_bytes() == cert_hash.as_slice())
        }
    };
    let profile_ok = profile(&sd, si);
    let signed = attrs.to_der().map_err(|e| e.to_string())?;
    let signature_ok = verify_with_cert(
        &signer,
        &si.signature_algorithm.oid,
        &signed,
        si.signature.as_bytes(),
    );
    Ok(Checked {
        signer,
        certificates,
        digest_ok,
        signature_ok,
        signing_cert_ok,
        profile_ok,
    })
}

fn null_or_absent(a: &AlgorithmIdentifierOwned) -> bool {
    a.parameters
        .as_ref()
        .is_none_or(|p| p.tag() == der::Tag::Null && p.value().is_empty())
}

/// Most of a CMS SignedData is not covered by the signature (RFC 5652: digest algorithm list,
/// versions, the certificate set). A byte changed there would go unnoticed by a plain
/// signature check, so we hold the structure to the PAdES profile: SHA-256 only, detached
/// id-data, the right versions; the certificate set is checked in `verify::certs_explained`.
fn profile(sd: &SignedData, si: &SignerInfo) -> bool {
    let versions = match si.sid {
        SignerIdentifier::IssuerAndSerialNumber(_) => si.version == CmsVersion::V1,
        SignerIdentifier::SubjectKeyIdentifier(_) => si.version == CmsVersion::V3,
    } && matches!(sd.version, CmsVersion::V1 | CmsVersion::V3);
    let digests = sd
        .digest_algorithms
        .iter()
        .all(|a| a.oid == ID_SHA256 && null_or_absent(a))
        && null_or_absent(&si.digest_alg)
        && null_or_absent(&si.signature_algorithm);
    let detached =
        sd.encap_content_info.econtent_type == ID_DATA && sd.encap_content_info.econtent.is_none();
    versions && digests && detached
}

/// Verifies `sig` over `msg` with the public key of `cert`.
pub(crate) fn verify_with_cert(cert: &Certificate, alg: &Oid, msg: &[u8], sig: &[u8]) -> bool {
    use signature::Verifier;
    let spki = &cert.tbs_certificate.subject_public_key_info;
    let Ok(spki_der) = spki.to_der() else {
        return false;
    };
    if spki.algorithm.oid == RSA_ENCRYPTION {
        use rsa::pkcs8::DecodePublicKey;
        let Ok(pk) = rsa::RsaPublicKey::from_public_key_der(&spki_der) else {
            return false;
        };
        let Ok(s) = rsa::pkcs1v15::Signature::try_from(sig) else {
            return false;
        };
        match *alg {
            RSA_ENCRYPTION | SHA256_WITH_RSA => rsa::pkcs1v15::VerifyingKey::<Sha256>::new(pk)
                .verify(msg, &s)
                .is_ok(),
            SHA384_WITH_RSA => rsa::pkcs1v15::VerifyingKey::<sha2::Sha384>::new(pk)
                .verify(msg, &s)
                .is_ok(),
            SHA512_WITH_RSA => rsa::pkcs1v15::VerifyingKey::<sha2::Sha512>::new(pk)
                .verify(msg, &s)
                .is_ok(),
            _ => false,
        }
    } else if spki.algorithm.oid == EC_PUBLIC_KEY && *alg == ECDSA_WITH_SHA256 {
        use p256::pkcs8::DecodePublicKey;
        let Ok(vk) = p256::ecdsa::VerifyingKey::from_public_key_der(&spki_der) else {
            return false;
        };
        let Ok(s) = p256::ecdsa::Signature::from_der(sig) else {
            return false;
        };
        vk.verify(msg, &s).is_ok()
    } else {
        false
    }
}
