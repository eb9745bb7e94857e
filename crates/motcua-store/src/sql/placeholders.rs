//! Rewrites `$N` placeholders to SQLite's `?N`, leaving literals, quoted names and comments
//! untouched (a `$1` inside a string is data, not a parameter).

/// Returns `sql` with every `$<digits>` outside quotes and comments replaced by `?<digits>`.
pub fn rewrite_placeholders(sql: &str) -> String {
    let b = sql.as_bytes();
    let mut out = String::with_capacity(sql.len());
    let mut i = 0;
    let mut copied = 0;
    while i < b.len() {
        match b[i] {
            q @ (b'\'' | b'"' | b'`') => {
                // Skip to the closing quote; a doubled quote is an escaped quote and simply
                // restarts the scan, which lands on the same closing quote.
                i += 1;
                while i < b.len() && b[i] != q {
                    i += 1;
                }
                i += 1;
            }
            b'-' if b.get(i + 1) == Some(&b'-') => {
                while i < b.len() && b[i] != b'\n' {
                    i += 1;
                }
            }
            b'/' if b.get(i + 1) == Some(&b'*') => {
                i += 2;
                while i + 1 < b.len() && !(b[i] == b'*' && b[i + 1] == b'/') {
                    i += 1;
                }
                i += 2;
            }
            b'$' if b.get(i + 1).is_some_and(u8::is_ascii_digit) => {
                out.push_str(&sql[copied..i]);
                out.push('?');
                i += 1;
                copied = i;
            }
            _ => i += 1,
        }
    }
    out.push_str(&sql[copied.min(sql.len())..]);
    out
}

#[cfg(test)]
mod tests {
    use super::rewrite_placeholders as r;

    #[test]
    fn rewrites_outside_literals() {
        assert_eq!(r("SELECT $1, $12"), "SELECT ?1, ?12");
        assert_eq!(r("SELECT '$1', \"$2\", $3"), "SELECT '$1', \"$2\", ?3");
        assert_eq!(r("SELECT 'it''s $1' || $2"), "SELECT 'it''s $1' || ?2");
        assert_eq!(r("SELECT $1 -- $2\n, $3"), "SELECT ?1 -- $2\n, ?3");
        assert_eq!(r("SELECT /* $1 */ $2"), "SELECT /* $1 */ ?2");
        assert_eq!(r("SELECT $x, $"), "SELECT $x, $");
        assert_eq!(r("SELECT 'unterminated $1"), "SELECT 'unterminated $1");
        assert_eq!(r(""), "");
    }
}
