//! In-memory catalog search. The catalog is small (40 to a few thousand procedures), so the index
//! lives in memory and is rebuilt whenever the catalog changes (build a new one, swap it in).
//!
//! # Matching
//!
//! Text is folded ([`crate::fold`]: no diacritics, lowercase) and split into words; `y` is read
//! as `i` on both sides because Vietnamese spells the same syllable both ways ("ký"/"kí",
//! "lý"/"lí"). A query word matches a word of a procedure when it is
//! * **exact**: the same word;
//! * **prefix**: the *last* query word is the beginning of the word (the person is typing);
//! * **typo**: otherwise (no exact or prefix match anywhere in the catalog), one letter
//!   inserted, deleted, replaced or two neighbours swapped, when the catalog word has at least 4
//!   letters and the query word at least 3 ("sihn", "sin" → "sinh").
//!
//! Words are looked up in the name, the field (lĩnh vực, e.g. "hộ tịch") and the extra text
//! (English name, result). A query that looks like a procedure code ("1.001193", "1.0011",
//! "001193", "L.000123") searches codes only: exact code first, then codes starting with it.
//!
//! # Ranking (each rule only breaks ties of the rules before it)
//!
//! 1. the query words matched anywhere, each weighted by its rarity in the catalog,
//!    ln(1 + N / number of procedures it matches): "khai sinh" weighs more than "đăng ký", so
//!    "bản sao Giấy khai sinh" ranks above "đăng ký khai tử" for "đăng ký khai sinh"; a
//!    procedure matching more of the words (a superset) always ranks higher;
//! 2. better matches (exact 3, prefix 2, typo 1, summed over the query words);
//! 3. more query words matched in the name;
//! 4. the words matched in the name appear as the exact phrase (in order, adjacent) > in order
//!    > in any order;
//! 5. a larger share of the name matched (so "Thủ tục đăng ký khai sinh" beats a long bundle
//!    that also contains "đăng ký khai sinh");
//! 6. catalog order.
//!
//! The score packs these rules into bit fields of one `u32` (higher is better): weight in
//! quarters (8 bits) << 18 | quality (5) << 13 | name words (4) << 9 | phrase (2) << 7 |
//! share in percent (7). A code query scores 2³¹ (exact) or 2³⁰ (prefix).
//!
//! # Speed
//!
//! Words are folded and interned once at build; each word keeps the list of documents that
//! contain it, and how often it stands in the name. A query folds its words, finds the matching
//! catalog words (hash lookups; a sorted list for prefixes; one-deletion variants precomputed for
//! typos) and accumulates rules 1, 2, 3 and 5 per document from those lists alone, rarest words
//! first: once `limit` documents outweigh all that the remaining (common) words could give a
//! document not yet seen, those lists only update documents already seen (MaxScore). Only the
//! phrase rule needs a document's word positions: documents are taken best-possible-score first
//! and checked until none left can enter the top `limit`. Per-query scratch buffers are reused
//! per thread, so a query allocates only its result. `benches/search.rs` measures it.
//!
//! The rarity of a query word counts the procedures in the lists of its matched catalog words
//! (exact for a whole word; a prefix or a typo matching several words of one procedure counts
//! it more than once, which only makes that query word weigh a little less).

mod score;
#[cfg(test)]
mod tests;

use std::cell::RefCell;
use std::collections::HashMap;

use crate::procedure::ProcedureVersion;

/// At most this many query words are used (a search box, not a document).
const MAX_QUERY_WORDS: usize = 8;
/// Longer "words" are not words people search for; they are ignored.
const MAX_WORD_BYTES: usize = 40;

const EXACT: u16 = 3;
const PREFIX: u16 = 2;
const TYPO: u16 = 1;

const CODE_EXACT: u32 = 1 << 31;
const CODE_PREFIX: u32 = 1 << 30;

/// One document to index. `extra` is any further text to search with a lower weight.
#[derive(Debug, Clone, Copy)]
pub struct SearchDoc<'a, K> {
    pub key: K,
    pub name: &'a str,
    pub code: &'a str,
    pub field: &'a str,
    pub extra: &'a str,
}

/// A result: the document's key and its score (higher is better; see the module doc).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Hit<K> {
    pub key: K,
    pub score: u32,
}

/// The index (immutable; share it behind an `Arc` and swap it when the catalog changes).
#[derive(Debug, Clone)]
pub struct SearchIndex<K> {
    keys: Vec<K>,
    /// Word ids of the names, one after the other.
    words: Vec<u32>,
    /// Per document: start and end of its name in `words`.
    names: Vec<[u32; 2]>,
    vocabulary: HashMap<Box<str>, u32>,
    /// (word, id) sorted by word, for prefixes.
    sorted: Vec<(Box<str>, u32)>,
    /// Each word by id.
    by_id: Vec<Box<str>>,
    /// One-deletion variants of words of ≥ 4 letters → the words.
    deletions: HashMap<Box<str>, Vec<u32>>,
    /// Documents containing each word (`postings[offsets[w]..offsets[w + 1]]`), ascending, as
    /// `doc << 4 | occurrences in the name`.
    offsets: Vec<u32>,
    postings: Vec<u32>,
    /// (code, doc) sorted, and (the six digits after "D.", doc) sorted.
    codes: Vec<(Box<str>, u32)>,
    code_digits: Vec<(Box<str>, u32)>,
}

/// Folds `text` into `buf` for search (fold, then `y` → `i`).
fn normalise(text: &str, buf: &mut String) {
    buf.clear();
    crate::fold::fold_into(text, buf);
    if buf.contains('y') {
        *buf = buf.replace('y', "i");
    }
}

impl<K> SearchIndex<K> {
    /// The word ids of a document's name.
    fn name(&self, doc: u32) -> &[u32] {
        let [from, to] = self.names[doc as usize];
        &self.words[from as usize..to as usize]
    }
}

impl<K: Clone> SearchIndex<K> {
    pub fn new<'a>(items: impl IntoIterator<Item = SearchDoc<'a, K>>) -> Self {
        let mut ix = SearchIndex {
            keys: Vec::new(),
            words: Vec::new(),
            names: Vec::new(),
            vocabulary: HashMap::new(),
            sorted: Vec::new(),
            by_id: Vec::new(),
            deletions: HashMap::new(),
            offsets: Vec::new(),
            postings: Vec::new(),
            codes: Vec::new(),
            code_digits: Vec::new(),
        };
        let mut buf = String::new();
        let mut lists: Vec<Vec<u32>> = Vec::new();
        for item in items {
            let doc = ix.keys.len() as u32;
            ix.keys.push(item.key);
            let name_at = ix.words.len() as u32;
            for (part, text) in [item.name, item.field, item.extra].into_iter().enumerate() {
                normalise(text, &mut buf);
                for w in buf
                    .split(' ')
                    .filter(|w| !w.is_empty() && w.len() <= MAX_WORD_BYTES)
                {
                    let id = ix.intern(w, &mut lists);
                    let in_name = u32::from(part == 0);
                    if part == 0 {
                        ix.words.push(id);
                    }
                    // One entry per (word, document): the document and how often the word
                    // stands in its name (saturating at 15), read at query time for the share
                    // of the name matched without scanning the name.
                    let list = &mut lists[id as usize];
                    match list.last_mut() {
                        Some(last) if *last >> 4 == doc => {
                            if *last & 15 < 15 {
                                *last += in_name;
                            }
                        }
                        _ => list.push(doc << 4 | in_name),
                    }
                }
            }
            ix.names.push([name_at, ix.words.len() as u32]);
            let code = item.code.trim().to_uppercase();
            if !code.is_empty() {
                if let Some(digits) = code
                    .get(2..)
                    .filter(|_| code.as_bytes().get(1) == Some(&b'.'))
                {
                    ix.code_digits.push((digits.into(), doc));
                }
                ix.codes.push((code.into(), doc));
            }
        }
        ix.offsets.push(0);
        for list in &lists {
            ix.postings.extend_from_slice(list);
            ix.offsets.push(ix.postings.len() as u32);
        }
        ix.sorted = ix
            .vocabulary
            .iter()
            .map(|(w, &id)| (w.clone(), id))
            .collect();
        ix.sorted.sort();
        ix.codes.sort();
        ix.code_digits.sort();
        ix
    }

    fn intern(&mut self, w: &str, lists: &mut Vec<Vec<u32>>) -> u32 {
        if let Some(&id) = self.vocabulary.get(w) {
            return id;
        }
        let id = self.by_id.len() as u32;
        let len = w.chars().count();
        self.vocabulary.insert(w.into(), id);
        self.by_id.push(w.into());
        lists.push(Vec::new());
        if len >= 4 {
            for (i, c) in w.char_indices() {
                let variant = format!("{}{}", &w[..i], &w[i + c.len_utf8()..]);
                let ids = self.deletions.entry(variant.into()).or_default();
                if !ids.contains(&id) {
                    ids.push(id);
                }
            }
        }
        id
    }

    /// Number of documents.
    pub fn len(&self) -> usize {
        self.keys.len()
    }

    pub fn is_empty(&self) -> bool {
        self.keys.is_empty()
    }

    /// The best `limit` documents for `query`, best first.
    pub fn search(&self, query: &str, limit: usize) -> Vec<Hit<K>> {
        let mut out = Vec::new();
        self.search_into(query, limit, &mut out);
        out
    }

    /// [`SearchIndex::search`] into a caller's vector (cleared first).
    pub fn search_into(&self, query: &str, limit: usize, out: &mut Vec<Hit<K>>) {
        out.clear();
        if limit == 0 || self.keys.is_empty() {
            return;
        }
        if let Some(code) = code_query(query) {
            self.search_codes(&code, limit, out);
            return;
        }
        SCRATCH.with(|s| {
            let mut s = s.borrow_mut();
            let scored = score::run(self, query, limit, &mut s);
            out.extend(scored.iter().map(|&(score, doc)| Hit {
                key: self.keys[doc as usize].clone(),
                score,
            }));
        });
    }

    /// Exact code first, then codes starting with the query, then codes whose six digits start
    /// with it ("001193"), each in code order; at most `limit`.
    fn search_codes(&self, code: &str, limit: usize, out: &mut Vec<Hit<K>>) {
        let mut docs: Vec<(u32, u32)> = Vec::new();
        let exact = self.codes.partition_point(|(c, _)| c.as_ref() < code);
        if let Some((_, doc)) = self.codes.get(exact).filter(|(c, _)| c.as_ref() == code) {
            docs.push((*doc, CODE_EXACT));
        }
        'lists: for list in [&self.codes, &self.code_digits] {
            let from = list.partition_point(|(c, _)| c.as_ref() < code);
            for (_, doc) in list[from..].iter().take_while(|(c, _)| c.starts_with(code)) {
                if docs.len() >= limit {
                    break 'lists;
                }
                // Short list (at most `limit`): a linear check is enough.
                if !docs.iter().any(|&(d, _)| d == *doc) {
                    docs.push((*doc, CODE_PREFIX));
                }
            }
        }
        docs.truncate(limit);
        out.extend(docs.into_iter().map(|(doc, score)| Hit {
            key: self.keys[doc as usize].clone(),
            score,
        }));
    }
}

impl SearchIndex<crate::ids::ProcedureCode> {
    /// An index of catalog versions by code: name, code, field; English name and result as
    /// extra text.
    pub fn from_procedures<'a>(procedures: impl IntoIterator<Item = &'a ProcedureVersion>) -> Self {
        let procedures: Vec<&ProcedureVersion> = procedures.into_iter().collect();
        let extras: Vec<String> = procedures
            .iter()
            .map(|p| format!("{} {}", p.name_en.as_deref().unwrap_or(""), p.result_vi))
            .collect();
        SearchIndex::new(procedures.iter().zip(&extras).map(|(p, extra)| SearchDoc {
            key: p.code.clone(),
            name: &p.name_vi,
            code: p.code.as_str(),
            field: &p.field_vi,
            extra,
        }))
    }
}

/// The query as a code when it is made only of digits, dots, spaces and `L`, with a digit:
/// "1.001193", " 1.0011 ", "001193", "l.000123".
fn code_query(query: &str) -> Option<String> {
    let q: String = query
        .chars()
        .filter(|c| !c.is_whitespace())
        .map(|c| c.to_ascii_uppercase())
        .collect();
    let ok = !q.is_empty()
        && q.len() <= 8
        && q.bytes().any(|b| b.is_ascii_digit())
        && q.bytes()
            .all(|b| b.is_ascii_digit() || b == b'.' || b == b'L');
    ok.then_some(q)
}

thread_local! {
    /// Per-thread buffers reused by every query (no per-query allocation but the result).
    static SCRATCH: RefCell<score::Scratch> = RefCell::new(score::Scratch::default());
}
