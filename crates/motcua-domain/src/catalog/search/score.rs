//! Query time: find the catalog words each query word matches, mark documents, rank (rules in
//! the parent module doc).

use std::cmp::Reverse;
use std::collections::BinaryHeap;

use super::{EXACT, MAX_QUERY_WORDS, MAX_WORD_BYTES, PREFIX, SearchIndex, TYPO, normalise};

/// Buffers reused across queries on one thread; every entry touched by a query is reset before
/// the query returns, so the large tables are never cleared in full.
#[derive(Debug, Default)]
pub struct Scratch {
    query: String,
    variant: String,
    /// Per catalog word: 2 bits per query word, the best match quality (0 = none).
    table: Vec<u16>,
    touched_words: Vec<u32>,
    /// Per document, accumulated from the postings of the matched words.
    docs: Vec<Acc>,
    touched_docs: Vec<u32>,
    /// Candidates as (upper bound of the score, document), a max-heap while ranking.
    heap: Vec<(u32, Reverse<u32>)>,
    /// The best `limit` lower bounds seen (a min-heap).
    lows: BinaryHeap<Reverse<u32>>,
    /// Query words (as 2-bit fields) served by the catalog words from a position on.
    suffix: Vec<u16>,
    scored: Vec<(u32, u32)>,
}

/// What the postings tell about one document for the current query.
#[derive(Debug, Default, Clone, Copy)]
struct Acc {
    /// 2 bits per query word: the best quality anywhere in the document.
    quality: u16,
    /// Query words found in the name.
    in_name: u8,
    /// Positions of the name holding a matched word.
    covered: u8,
    /// The rarity weight of the query words matched so far (capped at 255).
    weight: u8,
}

impl Scratch {
    fn mark(&mut self, word: u32, i: usize, quality: u16) {
        let e = &mut self.table[word as usize];
        if *e == 0 {
            self.touched_words.push(word);
        }
        let shift = 2 * i;
        if (*e >> shift) & 3 < quality {
            *e = (*e & !(3 << shift)) | (quality << shift);
        }
    }
}

/// Scores for `query`: (score, document), best first, at most `limit`.
pub fn run<'s, K>(
    ix: &SearchIndex<K>,
    query: &str,
    limit: usize,
    s: &'s mut Scratch,
) -> &'s [(u32, u32)] {
    s.scored.clear();
    let mut q = std::mem::take(&mut s.query);
    normalise(query, &mut q);
    let mut words = [""; MAX_QUERY_WORDS];
    let mut n = 0;
    for w in q.split(' ') {
        if w.is_empty() || w.len() > MAX_WORD_BYTES {
            continue;
        }
        if n == MAX_QUERY_WORDS {
            break;
        }
        words[n] = w;
        n += 1;
    }
    if n > 0 {
        if s.table.len() < ix.by_id.len() {
            s.table.resize(ix.by_id.len(), 0);
        }
        if s.docs.len() < ix.keys.len() {
            s.docs.resize(ix.keys.len(), Acc::default());
        }
        for (i, w) in words[..n].iter().enumerate() {
            match_word(ix, w, i, i + 1 == n, s);
        }
        rank(ix, n, limit, s);
        reset(s);
    }
    s.query = q;
    &s.scored
}

fn match_word<K>(ix: &SearchIndex<K>, w: &str, i: usize, last: bool, s: &mut Scratch) {
    let mut found = false;
    if let Some(&id) = ix.vocabulary.get(w) {
        s.mark(id, i, EXACT);
        found = true;
    }
    if last {
        let from = ix.sorted.partition_point(|(t, _)| t.as_ref() < w);
        for (t, id) in ix.sorted[from..]
            .iter()
            .take_while(|(t, _)| t.starts_with(w))
        {
            if t.len() > w.len() {
                s.mark(*id, i, PREFIX);
                found = true;
            }
        }
    }
    if found || w.chars().count() < 3 || w.bytes().all(|b| b.is_ascii_digit()) {
        return;
    }
    // One letter missing from the query word: the query is a deletion variant of the word.
    if let Some(ids) = ix.deletions.get(w) {
        for &id in ids {
            s.mark(id, i, TYPO);
        }
    }
    let mut variant = std::mem::take(&mut s.variant);
    for (at, c) in w.char_indices() {
        variant.clear();
        variant.push_str(&w[..at]);
        variant.push_str(&w[at + c.len_utf8()..]);
        // One letter too many in the query.
        if let Some(&id) = ix.vocabulary.get(variant.as_str())
            && ix.by_id[id as usize].chars().count() >= 4
        {
            s.mark(id, i, TYPO);
        }
        // One letter replaced, or two swapped: both lose a letter to the same variant.
        if let Some(ids) = ix.deletions.get(variant.as_str()) {
            for &id in ids {
                if within_one(w, &ix.by_id[id as usize]) {
                    s.mark(id, i, TYPO);
                }
            }
        }
    }
    s.variant = variant;
}

/// Damerau–Levenshtein distance ≤ 1 (adjacent swap counts as one).
fn within_one(a: &str, b: &str) -> bool {
    if a == b {
        return true;
    }
    let (a, b): (Vec<char>, Vec<char>) = (a.chars().collect(), b.chars().collect());
    let p = a.iter().zip(&b).take_while(|(x, y)| x == y).count();
    match a.len() as isize - b.len() as isize {
        0 => {
            a[p + 1..] == b[p + 1..]
                || (p + 1 < a.len()
                    && a[p] == b[p + 1]
                    && a[p + 1] == b[p]
                    && a[p + 2..] == b[p + 2..])
        }
        1 => a[p + 1..] == b[p..],
        -1 => a[p..] == b[p + 1..],
        _ => false,
    }
}

fn rank<K>(ix: &SearchIndex<K>, n: usize, limit: usize, s: &mut Scratch) {
    let postings = |id: u32| {
        let id = id as usize;
        &ix.postings[ix.offsets[id] as usize..ix.offsets[id + 1] as usize]
    };
    // Rarity of each query word, ln(1 + N / procedures it matches) in quarters, with the
    // procedures counted from the lists of its matched catalog words (exact for a whole word; a
    // prefix or typo matching several words of one procedure counts it more than once).
    let mut df = [0u32; MAX_QUERY_WORDS];
    for &w in &s.touched_words {
        let len = postings(w).len() as u32;
        let e = s.table[w as usize];
        for (i, d) in df.iter_mut().enumerate().take(n) {
            if (e >> (2 * i)) & 3 != 0 {
                *d += len;
            }
        }
    }
    let total = ix.keys.len() as f64;
    let mut weights = [0u32; MAX_QUERY_WORDS];
    for i in 0..n {
        let d = df[i].min(ix.keys.len() as u32);
        if d > 0 {
            weights[i] = (4.0 * (1.0 + total / f64::from(d)).ln()).round() as u32;
        }
    }
    let weights = &weights[..n];
    // Rarest words first. Once `limit` documents already outweigh everything the words
    // still to come could give a document not yet seen, such documents cannot enter the result
    // (the weight is the first ranking rule), so the remaining lists only update documents
    // already seen (the MaxScore idea).
    let mut order = std::mem::take(&mut s.touched_words);
    let rarest = |w: u32| {
        let e = s.table[w as usize];
        (0..n)
            .filter(|i| (e >> (2 * i)) & 3 != 0)
            .map(|i| df[i])
            .min()
            .unwrap_or(u32::MAX)
    };
    // Grouped by query word, rarest (heaviest) first, so that a common prefix such as "s" is
    // read last, when the result is usually already decided.
    order.sort_unstable_by_key(|&w| (rarest(w), postings(w).len(), w));
    s.suffix.clear();
    s.suffix.resize(order.len() + 1, 0);
    for j in (0..order.len()).rev() {
        s.suffix[j] = s.suffix[j + 1] | nonzero_fields(s.table[order[j] as usize]);
    }
    let mut hist = [0u32; 256];
    let mut closed = false;
    for (j, &id) in order.iter().enumerate() {
        if !closed && (j == 0 || s.suffix[j] != s.suffix[j - 1]) {
            let rest = weight_of(s.suffix[j], weights) as usize;
            let ahead: u32 = hist.get(rest + 1..).map_or(0, |h| h.iter().sum());
            closed = ahead as usize >= limit;
        }
        let e = s.table[id as usize];
        let bits = fields_to_bits(nonzero_fields(e));
        for &entry in postings(id) {
            let doc = entry >> 4;
            let in_name = entry & 15;
            let acc = &mut s.docs[doc as usize];
            if acc.quality == 0 {
                if closed {
                    continue;
                }
                s.touched_docs.push(doc);
            }
            let before = nonzero_fields(acc.quality);
            acc.quality = max_per_field(acc.quality, e, n);
            let after = nonzero_fields(acc.quality);
            if after != before {
                if before != 0 {
                    hist[usize::from(acc.weight)] -= 1;
                }
                acc.weight = weight_of(after, weights).min(255) as u8;
                hist[usize::from(acc.weight)] += 1;
            }
            if in_name > 0 {
                acc.in_name |= bits;
                acc.covered = acc.covered.saturating_add(in_name as u8);
            }
        }
    }
    s.touched_words = order;
    // Bounds of the phrase rule: none in the name scores 0; one word is trivially "the exact
    // phrase" (3); two or more score 1 to 3. The `limit`-th best lower bound is a threshold
    // under which a document cannot enter the result.
    s.heap.clear();
    s.lows.clear();
    for &doc in &s.touched_docs {
        let acc = s.docs[doc as usize];
        let base = base_score(ix, doc, acc);
        let (low, high) = match acc.in_name.count_ones() {
            0 => (base, base),
            1 => (base | 3 << 7, base | 3 << 7),
            _ => (base | 1 << 7, base | 3 << 7),
        };
        if s.lows.len() < limit {
            s.lows.push(Reverse(low));
        } else if low > s.lows.peek().map_or(0, |r| r.0) {
            s.lows.pop();
            s.lows.push(Reverse(low));
        }
        s.heap.push((high, Reverse(doc)));
    }
    if s.lows.len() >= limit {
        let threshold = s.lows.peek().map_or(0, |r| r.0);
        s.heap.retain(|&(high, _)| high >= threshold);
    }
    let mut heap = BinaryHeap::from(std::mem::take(&mut s.heap));
    while let Some((upper, Reverse(doc))) = heap.pop() {
        if s.scored.len() >= limit {
            let worst = s.scored[s.scored.len() - 1];
            if upper < worst.0 || (upper == worst.0 && doc > worst.1) {
                break;
            }
        }
        let acc = s.docs[doc as usize];
        let score = if acc.in_name.count_ones() >= 2 {
            base_score(ix, doc, acc) | phrase(ix.name(doc), &s.table, acc.in_name, n) << 7
        } else {
            upper
        };
        insert(&mut s.scored, (score, doc), limit);
    }
    s.heap = heap.into_vec();
}

/// Inserts into the best-first list kept at most `limit` long (best: higher score, then the
/// earlier document).
fn insert(list: &mut Vec<(u32, u32)>, item: (u32, u32), limit: usize) {
    let at = list.partition_point(|&(sc, d)| sc > item.0 || (sc == item.0 && d < item.1));
    if at < limit {
        list.insert(at, item);
        list.truncate(limit);
    }
}

/// The 2-bit fields of `q` that are not zero, as their low bits.
fn nonzero_fields(q: u16) -> u16 {
    (q | q >> 1) & 0x5555
}

/// Per 2-bit field maximum of two quality words.
fn max_per_field(a: u16, b: u16, n: usize) -> u16 {
    // Usual case: the word brings query words the document did not have yet.
    if nonzero_fields(a) & nonzero_fields(b) == 0 {
        return a | b;
    }
    let mut out = a;
    for i in 0..n {
        let shift = 2 * i;
        let q = (b >> shift) & 3;
        if q > (out >> shift) & 3 {
            out = (out & !(3 << shift)) | (q << shift);
        }
    }
    out
}

/// The score without the phrase rule, packed as bit fields (see the parent module doc):
/// rarity-weighted words matched (8 bits) | quality (5) | words in the name (4) | phrase (2,
/// left 0 here) | share of the name (7).
fn base_score<K>(ix: &SearchIndex<K>, doc: u32, acc: Acc) -> u32 {
    let q = acc.quality;
    // Sum of the 2-bit fields: low bits count once, high bits twice.
    let quality = (q & 0x5555).count_ones() + 2 * (q & 0xAAAA).count_ones();
    let [from, to] = ix.names[doc as usize];
    let share = (u32::from(acc.covered) * 100)
        .checked_div(to - from)
        .unwrap_or(0)
        .min(100);
    u32::from(acc.weight) << 18 | quality << 13 | acc.in_name.count_ones() << 9 | share
}

/// The summed weights of the query words whose 2-bit fields are set in `fields`.
fn weight_of(fields: u16, weights: &[u32]) -> u32 {
    let mut total = 0;
    let mut bits = fields;
    while bits != 0 {
        total += weights[bits.trailing_zeros() as usize / 2];
        bits &= bits - 1;
    }
    total
}

/// 2-bit fields (low bits set) → one bit per query word.
fn fields_to_bits(fields: u16) -> u8 {
    let mut out = 0u8;
    let mut bits = fields;
    while bits != 0 {
        out |= 1 << (bits.trailing_zeros() / 2);
        bits &= bits - 1;
    }
    out
}

/// 3: the query words found in the name stand there as the exact phrase; 2: in order; 1: in
/// some other order; 0: none in the name.
fn phrase(name: &[u32], table: &[u16], in_name: u8, n: usize) -> u32 {
    let mut order = [0usize; MAX_QUERY_WORDS];
    let mut len = 0;
    for i in 0..n {
        if in_name & (1 << i) != 0 {
            order[len] = i;
            len += 1;
        }
    }
    if len == 0 {
        return 0;
    }
    let order = &order[..len];
    let hit = |pos: usize, i: usize| (table[name[pos] as usize] >> (2 * i)) & 3 != 0;
    let adjacent = (0..=name.len().saturating_sub(len)).any(|start| {
        order
            .iter()
            .enumerate()
            .all(|(k, &i)| start + k < name.len() && hit(start + k, i))
    });
    if adjacent {
        return 3;
    }
    let mut pos = 0;
    for &i in order {
        match (pos..name.len()).find(|&p| hit(p, i)) {
            Some(p) => pos = p + 1,
            None => return 1,
        }
    }
    2
}

fn reset(s: &mut Scratch) {
    for &w in &s.touched_words {
        s.table[w as usize] = 0;
    }
    for &d in &s.touched_docs {
        s.docs[d as usize] = Acc::default();
    }
    s.touched_words.clear();
    s.touched_docs.clear();
}

#[cfg(test)]
mod tests {
    use super::within_one;

    #[test]
    fn one_edit() {
        for (a, b) in [
            ("sinh", "sinh"),
            ("sihn", "sinh"),
            ("sin", "sinh"),
            ("sinhh", "sinh"),
            ("sonh", "sinh"),
            ("isnh", "sinh"),
            ("sinh", "sint"),
            ("snih", "sinh"),
        ] {
            assert!(within_one(a, b), "{a} {b}");
        }
        for (a, b) in [("si", "sinh"), ("abcd", "badc"), ("hsni", "sinh")] {
            assert!(!within_one(a, b), "{a} {b}");
        }
    }
}
