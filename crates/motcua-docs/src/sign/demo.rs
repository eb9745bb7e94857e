//! A throwaway certificate authority for demo mode and tests. Its name says, in both
//! languages' readers' terms, that it is not valid for legal use: a signature made with it proves
//! integrity only, never an agency's legal act (Luật Giao dịch điện tử 20/2023/QH15 requires a
//! certificate from a licensed CA for that).

use der::Decode;
use rcgen::{
    BasicConstraints, CertificateParams, DistinguishedName, DnType, ExtendedKeyUsagePurpose, IsCa,
    Issuer, KeyPair, KeyUsagePurpose, PKCS_ECDSA_P256_SHA256, date_time_ymd,
};
use x509_cert::Certificate;

use super::{Key, Signer};
use crate::DocError;

/// The demo CA's common name, as shown by PDF readers.
pub const DEMO_CA_NAME: &str = "motcua DEMO CA — not valid for legal use";

/// A demo CA and a unit signing certificate issued by it.
#[derive(Clone, Debug)]
pub struct DemoCa {
    /// The CA certificate (PEM), to publish as the demo trust anchor.
    pub ca_pem: String,
    /// The CA certificate, parsed (pass it to [`super::verify_pdf`]).
    pub ca: Certificate,
    /// Signs as the unit; its chain is [unit certificate, CA certificate].
    pub signer: Signer,
    /// The unit's private key (PKCS#8 PEM) and certificate chain (PEM), e.g. to write to a
    /// demo configuration directory.
    pub signer_key_pem: String,
    pub signer_chain_pem: String,
}

fn err(e: impl std::fmt::Display) -> DocError {
    DocError::signing(format!("demo CA: {e}"))
}

/// Makes a demo CA and a signing certificate for a unit called "motcua DEMO — đơn vị thử nghiệm".
pub fn demo_ca() -> Result<DemoCa, DocError> {
    demo_ca_for("motcua DEMO — đơn vị thử nghiệm (not valid for legal use)")
}

/// Makes a demo CA and a signing certificate for the named unit (ECDSA P-256, SHA-256).
pub fn demo_ca_for(unit_name: &str) -> Result<DemoCa, DocError> {
    let ca_key = KeyPair::generate_for(&PKCS_ECDSA_P256_SHA256).map_err(err)?;
    let mut ca_params = CertificateParams::new(Vec::<String>::new()).map_err(err)?;
    let mut dn = DistinguishedName::new();
    dn.push(DnType::CountryName, "VN");
    dn.push(DnType::OrganizationName, "motcua DEMO");
    dn.push(DnType::CommonName, DEMO_CA_NAME);
    ca_params.distinguished_name = dn;
    ca_params.is_ca = IsCa::Ca(BasicConstraints::Constrained(0));
    ca_params.key_usages = vec![KeyUsagePurpose::KeyCertSign, KeyUsagePurpose::CrlSign];
    ca_params.not_before = date_time_ymd(2025, 1, 1);
    ca_params.not_after = date_time_ymd(2040, 12, 31);
    let ca_cert = ca_params.self_signed(&ca_key).map_err(err)?;
    let issuer = Issuer::new(ca_params, ca_key);

    let key = KeyPair::generate_for(&PKCS_ECDSA_P256_SHA256).map_err(err)?;
    let mut params = CertificateParams::new(Vec::<String>::new()).map_err(err)?;
    let mut dn = DistinguishedName::new();
    dn.push(DnType::CountryName, "VN");
    dn.push(DnType::OrganizationName, "motcua DEMO");
    dn.push(DnType::CommonName, unit_name);
    params.distinguished_name = dn;
    params.is_ca = IsCa::ExplicitNoCa;
    // Document signing: digitalSignature + nonRepudiation (contentCommitment); NSS (pdfsig)
    // checks the "email signer" usage, hence emailProtection.
    params.key_usages = vec![
        KeyUsagePurpose::DigitalSignature,
        KeyUsagePurpose::ContentCommitment,
    ];
    params.extended_key_usages = vec![ExtendedKeyUsagePurpose::EmailProtection];
    params.not_before = date_time_ymd(2025, 1, 1);
    params.not_after = date_time_ymd(2035, 12, 31);
    let cert = params.signed_by(&key, &issuer).map_err(err)?;

    let ca = Certificate::from_der(ca_cert.der()).map_err(err)?;
    let leaf = Certificate::from_der(cert.der()).map_err(err)?;
    let signer_key_pem = key.serialize_pem();
    let signer = Signer {
        key: Key::from_pkcs8_der(&key.serialize_der())?,
        chain: vec![leaf, ca.clone()],
    };
    Ok(DemoCa {
        ca_pem: ca_cert.pem(),
        ca,
        signer,
        signer_key_pem,
        signer_chain_pem: format!("{}{}", cert.pem(), ca_cert.pem()),
    })
}
