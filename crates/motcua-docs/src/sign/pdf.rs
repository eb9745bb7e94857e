//! Signing a PDF by incremental update (ISO 32000-1 §7.5.6, §12.8): the original bytes stay
//! untouched, and we append a signature dictionary, a signature field/widget, a new catalog
//! with /AcroForm, a new first page with the widget in /Annots, and a cross-reference section.
//! /ByteRange covers every byte of the final file except the /Contents hex string.

use lopdf::{Dictionary, Object, ObjectId};
use sha2::{Digest, Sha256};

use super::{Signer, cms_sig};
use crate::DocError;

/// What the signature dictionary says besides the signature itself.
#[derive(Clone, Debug, Default)]
pub struct SignOptions {
    /// /Reason, e.g. "Ký số kết quả giải quyết thủ tục hành chính".
    pub reason: String,
    /// /Location, e.g. "Hà Nội".
    pub location: String,
    /// /ContactInfo (optional).
    pub contact: Option<String>,
}

/// Signs `pdf` with `signer` at `time` (written as /M in Vietnam time, UTC+7).
/// Returns the original bytes followed by the incremental update.
pub fn sign_pdf(
    pdf: &[u8],
    signer: &Signer,
    options: &SignOptions,
    time: jiff::Timestamp,
) -> Result<Vec<u8>, DocError> {
    let doc = crate::images::load_untrusted(pdf)?;
    if doc.trailer.get(b"Encrypt").is_ok() {
        return Err(DocError::EncryptedPdf);
    }
    let prev = startxref(pdf).ok_or_else(|| DocError::not_a_pdf("no startxref"))?;
    let xref_stream = !pdf[prev..].starts_with(b"xref");
    let root_id = doc
        .trailer
        .get(b"Root")
        .and_then(Object::as_reference)
        .map_err(DocError::not_a_pdf)?;
    let page_id = doc
        .page_iter()
        .next()
        .ok_or_else(|| DocError::not_a_pdf("no pages"))?;
    let mut next_id = doc
        .trailer
        .get(b"Size")
        .and_then(Object::as_i64)
        .map(|s| s as u32)
        .unwrap_or(0)
        .max(doc.max_id + 1);
    let mut alloc = || {
        let id = (next_id, 0u16);
        next_id += 1;
        id
    };
    let sig_id = alloc();
    let field_id = alloc();
    let xref_id = xref_stream.then(&mut alloc);

    // Catalog with /AcroForm listing our field (and any existing fields).
    let mut catalog = doc
        .get_dictionary(root_id)
        .map_err(DocError::not_a_pdf)?
        .clone();
    let mut acroform = match catalog.get(b"AcroForm") {
        Ok(Object::Reference(r)) => doc.get_dictionary(*r).map_err(DocError::not_a_pdf)?.clone(),
        Ok(Object::Dictionary(d)) => d.clone(),
        _ => Dictionary::new(),
    };
    let mut fields = match acroform.get(b"Fields") {
        Ok(Object::Array(a)) => a.clone(),
        Ok(Object::Reference(r)) => doc
            .get_object(*r)
            .and_then(Object::as_array)
            .cloned()
            .unwrap_or_default(),
        _ => Vec::new(),
    };
    let field_name = format!("Signature{}", fields.len() + 1);
    fields.push(Object::Reference(field_id));
    acroform.set("Fields", Object::Array(fields));
    // SigFlags 3 = SignaturesExist | AppendOnly (ISO 32000-1 table 219).
    acroform.set("SigFlags", Object::Integer(3));
    catalog.set("AcroForm", Object::Dictionary(acroform));
    // PAdES in a PDF 1.7 file: declare the ETSI extension (ETSI EN 319 142-1 §5.1, ESIC level 2).
    if catalog.get(b"Extensions").is_err() {
        let mut esic = Dictionary::new();
        esic.set("BaseVersion", Object::Name(b"1.7".to_vec()));
        esic.set("ExtensionLevel", Object::Integer(2));
        let mut ext = Dictionary::new();
        ext.set("ESIC", Object::Dictionary(esic));
        catalog.set("Extensions", Object::Dictionary(ext));
    }

    // First page with the (invisible) widget in /Annots.
    let mut page = doc
        .get_dictionary(page_id)
        .map_err(DocError::not_a_pdf)?
        .clone();
    let mut annots = match page.get(b"Annots") {
        Ok(Object::Array(a)) => a.clone(),
        Ok(Object::Reference(r)) => doc
            .get_object(*r)
            .and_then(Object::as_array)
            .cloned()
            .unwrap_or_default(),
        _ => Vec::new(),
    };
    annots.push(Object::Reference(field_id));
    page.set("Annots", Object::Array(annots));

    let mut field = Dictionary::new();
    field.set("Type", Object::Name(b"Annot".to_vec()));
    field.set("Subtype", Object::Name(b"Widget".to_vec()));
    field.set("FT", Object::Name(b"Sig".to_vec()));
    field.set("T", text_string(&field_name));
    field.set("V", Object::Reference(sig_id));
    // Print + Locked; zero-size rectangle = invisible signature (the page already prints
    // "đã được ký số" next to its QR code).
    field.set("F", Object::Integer(132));
    field.set(
        "Rect",
        Object::Array(vec![0.into(), 0.into(), 0.into(), 0.into()]),
    );
    field.set("P", Object::Reference(page_id));

    let local = time.to_zoned(jiff::tz::TimeZone::fixed(jiff::tz::offset(7)));
    let m = format!("D:{}+07'00'", local.strftime("%Y%m%d%H%M%S"));
    let mut sig_tail = Dictionary::new();
    sig_tail.set(
        "M",
        Object::String(m.into_bytes(), lopdf::StringFormat::Literal),
    );
    sig_tail.set("Name", text_string(&signer_cn(signer)));
    if !options.reason.is_empty() {
        sig_tail.set("Reason", text_string(&options.reason));
    }
    if !options.location.is_empty() {
        sig_tail.set("Location", text_string(&options.location));
    }
    if let Some(c) = &options.contact {
        sig_tail.set("ContactInfo", text_string(c));
    }

    // Room for the CMS: certificates + signature + attributes, with a margin.
    let certs: usize = signer
        .chain
        .iter()
        .map(|c| der::Encode::to_der(c).map(|d| d.len()).unwrap_or(2048))
        .sum();
    let mut reserve = certs + 1536;
    loop {
        let mut out = pdf.to_vec();
        if !out.ends_with(b"\n") {
            out.push(b'\n');
        }
        let mut offsets: Vec<(ObjectId, usize)> = Vec::new();
        // Signature dictionary, written by hand to know where the placeholders are.
        offsets.push((sig_id, out.len()));
        out.extend_from_slice(format!("{} 0 obj\n<</Type/Sig/Filter/Adobe.PPKLite/SubFilter/ETSI.CAdES.detached/ByteRange", sig_id.0).as_bytes());
        let br_at = out.len();
        out.extend_from_slice(&[b' '; 44]);
        out.extend_from_slice(b"/Contents ");
        let contents_start = out.len();
        out.push(b'<');
        out.extend(std::iter::repeat_n(b'0', reserve * 2));
        out.push(b'>');
        let contents_end = out.len();
        write_dict_body(&mut out, &sig_tail);
        out.extend_from_slice(b">>\nendobj\n");
        for (id, obj) in [(field_id, &field), (root_id, &catalog), (page_id, &page)] {
            offsets.push((id, out.len()));
            out.extend_from_slice(format!("{} {} obj\n", id.0, id.1).as_bytes());
            write_object(&mut out, &Object::Dictionary(obj.clone()));
            out.extend_from_slice(b"\nendobj\n");
        }
        let mut trailer = Dictionary::new();
        trailer.set("Root", Object::Reference(root_id));
        if let Ok(info) = doc.trailer.get(b"Info") {
            trailer.set("Info", info.clone());
        }
        if let Ok(id) = doc.trailer.get(b"ID") {
            trailer.set("ID", id.clone());
        }
        trailer.set("Prev", Object::Integer(prev as i64));
        if let Some(xref_id) = xref_id {
            write_xref_stream(&mut out, &mut offsets, xref_id, next_id, trailer);
        } else {
            trailer.set("Size", Object::Integer(next_id as i64));
            write_xref_table(&mut out, &offsets, &trailer);
        }

        // Fill in /ByteRange, then sign the two ranges.
        let len = out.len();
        let ranges = format!(
            "[0 {} {} {}]",
            contents_start,
            contents_end,
            len - contents_end
        );
        out[br_at..br_at + ranges.len()].copy_from_slice(ranges.as_bytes());
        let mut h = Sha256::new();
        h.update(&out[..contents_start]);
        h.update(&out[contents_end..]);
        let digest: [u8; 32] = h.finalize().into();
        let cms = cms_sig::sign_digest(signer, &digest)?;
        if cms.len() > reserve {
            reserve = cms.len() + 256;
            continue;
        }
        let hex = hex::encode_upper(&cms);
        out[contents_start + 1..contents_start + 1 + hex.len()].copy_from_slice(hex.as_bytes());
        return Ok(out);
    }
}

fn signer_cn(signer: &Signer) -> String {
    let cn = const_oid::db::rfc4519::CN;
    for rdn in signer.chain[0].tbs_certificate.subject.0.iter() {
        for atv in rdn.0.iter() {
            if atv.oid == cn
                && let Ok(s) = der::asn1::Utf8StringRef::try_from(&atv.value)
            {
                return s.as_str().to_owned();
            }
        }
    }
    signer.subject()
}

/// Offset of the last cross-reference section (the number after the last `startxref`).
pub(crate) fn startxref(pdf: &[u8]) -> Option<usize> {
    let tail_start = pdf.len().saturating_sub(2048);
    let tail = &pdf[tail_start..];
    let pos = tail.windows(9).rposition(|w| w == b"startxref")?;
    let rest = std::str::from_utf8(&tail[pos + 9..]).ok()?;
    let n: usize = rest.split_whitespace().next()?.parse().ok()?;
    (n < pdf.len()).then_some(n)
}

/// A PDF text string: PDFDocEncoding is only safe for ASCII, so anything else is UTF-16BE
/// with a byte-order mark (ISO 32000-1 §7.9.2.2) — Vietnamese reasons and names need it.
fn text_string(s: &str) -> Object {
    if s.is_ascii() {
        Object::String(s.as_bytes().to_vec(), lopdf::StringFormat::Literal)
    } else {
        let mut b = vec![0xFE, 0xFF];
        for u in s.encode_utf16() {
            b.extend_from_slice(&u.to_be_bytes());
        }
        Object::String(b, lopdf::StringFormat::Hexadecimal)
    }
}

fn write_dict_body(out: &mut Vec<u8>, d: &Dictionary) {
    for (k, v) in d.iter() {
        write_name(out, k);
        out.push(b' ');
        write_object(out, v);
    }
}

fn write_name(out: &mut Vec<u8>, n: &[u8]) {
    out.push(b'/');
    for &c in n {
        if c.is_ascii_alphanumeric() || b"-_.+*,;:!?'".contains(&c) {
            out.push(c);
        } else {
            out.extend_from_slice(format!("#{c:02X}").as_bytes());
        }
    }
}

/// Serialises the objects we rewrite (dictionaries, arrays, scalars; never streams).
fn write_object(out: &mut Vec<u8>, o: &Object) {
    match o {
        Object::Null => out.extend_from_slice(b"null"),
        Object::Boolean(b) => out.extend_from_slice(if *b { b"true" } else { b"false" }),
        Object::Integer(i) => out.extend_from_slice(i.to_string().as_bytes()),
        Object::Real(r) => out.extend_from_slice(format!("{r}").as_bytes()),
        Object::Name(n) => write_name(out, n),
        Object::String(s, lopdf::StringFormat::Literal) => {
            out.push(b'(');
            for &c in s {
                if matches!(c, b'(' | b')' | b'\\') {
                    out.push(b'\\');
                    out.push(c);
                } else if c == b'\r' {
                    out.extend_from_slice(b"\\r");
                } else {
                    out.push(c);
                }
            }
            out.push(b')');
        }
        Object::String(s, lopdf::StringFormat::Hexadecimal) => {
            out.push(b'<');
            out.extend_from_slice(hex::encode_upper(s).as_bytes());
            out.push(b'>');
        }
        Object::Array(a) => {
            out.push(b'[');
            for (i, v) in a.iter().enumerate() {
                if i > 0 {
                    out.push(b' ');
                }
                write_object(out, v);
            }
            out.push(b']');
        }
        Object::Dictionary(d) => {
            out.extend_from_slice(b"<<");
            write_dict_body(out, d);
            out.extend_from_slice(b">>");
        }
        // A catalog or page never holds a direct stream; write null rather than corrupt data.
        Object::Stream(_) => out.extend_from_slice(b"null"),
        Object::Reference((id, generation)) => {
            out.extend_from_slice(format!("{id} {generation} R").as_bytes())
        }
    }
}

/// Groups sorted object ids into consecutive runs: (first id, offsets with generations).
fn subsections(offsets: &[(ObjectId, usize)]) -> Vec<(u32, Vec<(usize, u16)>)> {
    let mut sorted = offsets.to_vec();
    sorted.sort();
    let mut out: Vec<(u32, Vec<(usize, u16)>)> = Vec::new();
    for ((id, generation), off) in sorted {
        match out.last_mut() {
            Some((start, entries)) if *start + entries.len() as u32 == id => {
                entries.push((off, generation))
            }
            _ => out.push((id, vec![(off, generation)])),
        }
    }
    out
}

fn write_xref_table(out: &mut Vec<u8>, offsets: &[(ObjectId, usize)], trailer: &Dictionary) {
    let xref_at = out.len();
    out.extend_from_slice(b"xref\n");
    for (start, entries) in subsections(offsets) {
        out.extend_from_slice(format!("{start} {}\n", entries.len()).as_bytes());
        for (off, generation) in entries {
            // Each entry is exactly 20 bytes (ISO 32000-1 §7.5.4).
            out.extend_from_slice(format!("{off:010} {generation:05} n\r\n").as_bytes());
        }
    }
    out.extend_from_slice(b"trailer\n");
    write_object(out, &Object::Dictionary(trailer.clone()));
    out.extend_from_slice(format!("\nstartxref\n{xref_at}\n%%EOF\n").as_bytes());
}

/// For files whose last section is a cross-reference stream, the update is one too
/// (ISO 32000-1 §7.5.8); entries are uncompressed, /W [1 4 2].
fn write_xref_stream(
    out: &mut Vec<u8>,
    offsets: &mut Vec<(ObjectId, usize)>,
    xref_id: ObjectId,
    size: u32,
    mut dict: Dictionary,
) {
    let xref_at = out.len();
    offsets.push((xref_id, xref_at));
    let mut index = Vec::new();
    let mut data = Vec::new();
    for (start, entries) in subsections(offsets) {
        index.push(Object::Integer(start as i64));
        index.push(Object::Integer(entries.len() as i64));
        for (off, generation) in entries {
            data.push(1u8);
            data.extend_from_slice(&(off as u32).to_be_bytes());
            data.extend_from_slice(&generation.to_be_bytes());
        }
    }
    dict.set("Type", Object::Name(b"XRef".to_vec()));
    dict.set("Size", Object::Integer(size as i64));
    dict.set("Index", Object::Array(index));
    dict.set("W", Object::Array(vec![1.into(), 4.into(), 2.into()]));
    dict.set("Length", Object::Integer(data.len() as i64));
    out.extend_from_slice(format!("{} 0 obj\n", xref_id.0).as_bytes());
    write_object(out, &Object::Dictionary(dict));
    out.extend_from_slice(b"\nstream\n");
    out.extend_from_slice(&data);
    out.extend_from_slice(b"\nendstream\nendobj\n");
    out.extend_from_slice(format!("startxref\n{xref_at}\n%%EOF\n").as_bytes());
}
