//! A small JSON reader that remembers where every value and key starts.
//!
//! serde_json reports positions only for syntax errors; the catalog import must also say on which
//! line and column a *semantic* problem is ("copies" is "3 bản", a code is malformed …), so the
//! importer reads the file into this spanned tree first. It follows RFC 8259 (no comments, no
//! trailing commas); duplicate keys are kept so that the importer can report them.

/// A value and the byte offset where it starts.
#[derive(Debug, Clone, PartialEq)]
pub struct Node {
    pub at: usize,
    pub value: Value,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    Null,
    Bool(bool),
    /// The number as written (validated against the JSON grammar).
    Number(String),
    String(String),
    Array(Vec<Node>),
    Object(Vec<Member>),
}

#[derive(Debug, Clone, PartialEq)]
pub struct Member {
    pub key: String,
    pub key_at: usize,
    pub value: Node,
}

impl Value {
    /// The JSON type name, for messages.
    pub fn type_name(&self) -> &'static str {
        match self {
            Value::Null => "null",
            Value::Bool(_) => "boolean",
            Value::Number(_) => "number",
            Value::String(_) => "string",
            Value::Array(_) => "array",
            Value::Object(_) => "object",
        }
    }
}

/// Why the text is not JSON, at a byte offset.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SyntaxError {
    pub at: usize,
    pub kind: SyntaxKind,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SyntaxKind {
    UnexpectedEnd,
    /// Found this character where `expected` was due.
    Unexpected {
        found: char,
        expected: &'static str,
    },
    BadEscape,
    BadNumber,
    /// A raw control character (e.g. a line break) inside a string.
    ControlCharacter,
    TrailingText,
    TooDeep,
}

/// Nesting beyond this is refused: the catalog is three levels deep, and a recursive reader must
/// not overflow its stack on hostile input.
const MAX_DEPTH: usize = 64;

pub fn parse(text: &str) -> Result<Node, SyntaxError> {
    let mut p = Parser {
        s: text.as_bytes(),
        text,
        i: 0,
    };
    // Editors on Windows may save a byte-order mark; it is not part of the JSON.
    if text.starts_with('\u{FEFF}') {
        p.i = 3;
    }
    p.ws();
    let node = p.value(0)?;
    p.ws();
    if p.i < p.s.len() {
        return Err(p.err(SyntaxKind::TrailingText));
    }
    Ok(node)
}

struct Parser<'a> {
    s: &'a [u8],
    text: &'a str,
    i: usize,
}

impl Parser<'_> {
    fn err(&self, kind: SyntaxKind) -> SyntaxError {
        SyntaxError { at: self.i, kind }
    }

    fn unexpected(&self, expected: &'static str) -> SyntaxError {
        match self.text[self.i..].chars().next() {
            Some(found) => self.err(SyntaxKind::Unexpected { found, expected }),
            None => self.err(SyntaxKind::UnexpectedEnd),
        }
    }

    fn ws(&mut self) {
        while let Some(b' ' | b'\t' | b'\n' | b'\r') = self.s.get(self.i) {
            self.i += 1;
        }
    }

    fn value(&mut self, depth: usize) -> Result<Node, SyntaxError> {
        if depth > MAX_DEPTH {
            return Err(self.err(SyntaxKind::TooDeep));
        }
        let at = self.i;
        let value = match self.s.get(self.i) {
            None => return Err(self.err(SyntaxKind::UnexpectedEnd)),
            Some(b'{') => self.object(depth)?,
            Some(b'[') => self.array(depth)?,
            Some(b'"') => Value::String(self.string()?),
            Some(b'-' | b'0'..=b'9') => self.number()?,
            Some(b't') => self.literal("true", Value::Bool(true))?,
            Some(b'f') => self.literal("false", Value::Bool(false))?,
            Some(b'n') => self.literal("null", Value::Null)?,
            Some(_) => return Err(self.unexpected("a value")),
        };
        Ok(Node { at, value })
    }

    fn literal(&mut self, word: &'static str, v: Value) -> Result<Value, SyntaxError> {
        if self.s[self.i..].starts_with(word.as_bytes()) {
            self.i += word.len();
            Ok(v)
        } else {
            Err(self.unexpected("a value"))
        }
    }

    fn array(&mut self, depth: usize) -> Result<Value, SyntaxError> {
        self.i += 1;
        let mut items = Vec::new();
        self.ws();
        if self.s.get(self.i) == Some(&b']') {
            self.i += 1;
            return Ok(Value::Array(items));
        }
        loop {
            self.ws();
            items.push(self.value(depth + 1)?);
            self.ws();
            match self.s.get(self.i) {
                Some(b',') => self.i += 1,
                Some(b']') => {
                    self.i += 1;
                    return Ok(Value::Array(items));
                }
                _ => return Err(self.unexpected("',' or ']'")),
            }
        }
    }

    fn object(&mut self, depth: usize) -> Result<Value, SyntaxError> {
        self.i += 1;
        let mut members = Vec::new();
        self.ws();
        if self.s.get(self.i) == Some(&b'}') {
            self.i += 1;
            return Ok(Value::Object(members));
        }
        loop {
            self.ws();
            if self.s.get(self.i) != Some(&b'"') {
                return Err(self.unexpected("a key in double quotes"));
            }
            let key_at = self.i;
            let key = self.string()?;
            self.ws();
            if self.s.get(self.i) != Some(&b':') {
                return Err(self.unexpected("':'"));
            }
            self.i += 1;
            self.ws();
            let value = self.value(depth + 1)?;
            members.push(Member { key, key_at, value });
            self.ws();
            match self.s.get(self.i) {
                Some(b',') => self.i += 1,
                Some(b'}') => {
                    self.i += 1;
                    return Ok(Value::Object(members));
                }
                _ => return Err(self.unexpected("',' or '}'")),
            }
        }
    }

    fn string(&mut self) -> Result<String, SyntaxError> {
        self.i += 1; // opening quote
        let mut out = String::new();
        loop {
            // Copy the run of plain characters in one go (the text is valid UTF-8 and the
            // delimiters are ASCII, so slicing at them is safe).
            let run = self.i;
            while let Some(&b) = self.s.get(self.i) {
                if b == b'"' || b == b'\\' || b < 0x20 {
                    break;
                }
                self.i += 1;
            }
            out.push_str(&self.text[run..self.i]);
            match self.s.get(self.i) {
                None => return Err(self.err(SyntaxKind::UnexpectedEnd)),
                Some(b'"') => {
                    self.i += 1;
                    return Ok(out);
                }
                Some(b'\\') => {
                    self.i += 1;
                    self.escape(&mut out)?;
                }
                Some(_) => return Err(self.err(SyntaxKind::ControlCharacter)),
            }
        }
    }

    fn escape(&mut self, out: &mut String) -> Result<(), SyntaxError> {
        let c = match self.s.get(self.i) {
            None => return Err(self.err(SyntaxKind::UnexpectedEnd)),
            Some(b'"') => '"',
            Some(b'\\') => '\\',
            Some(b'/') => '/',
            Some(b'b') => '\u{8}',
            Some(b'f') => '\u{c}',
            Some(b'n') => '\n',
            Some(b'r') => '\r',
            Some(b't') => '\t',
            Some(b'u') => {
                self.i += 1;
                let hi = self.hex4()?;
                let c = if (0xD800..0xDC00).contains(&hi) {
                    // A surrogate pair must follow: \uD83D\uDE00.
                    if !self.s[self.i..].starts_with(b"\\u") {
                        return Err(self.err(SyntaxKind::BadEscape));
                    }
                    self.i += 2;
                    let lo = self.hex4()?;
                    if !(0xDC00..0xE000).contains(&lo) {
                        return Err(self.err(SyntaxKind::BadEscape));
                    }
                    char::from_u32(0x10000 + ((hi - 0xD800) << 10) + (lo - 0xDC00))
                } else {
                    char::from_u32(hi)
                };
                out.push(c.ok_or_else(|| self.err(SyntaxKind::BadEscape))?);
                return Ok(());
            }
            Some(_) => return Err(self.err(SyntaxKind::BadEscape)),
        };
        self.i += 1;
        out.push(c);
        Ok(())
    }

    fn hex4(&mut self) -> Result<u32, SyntaxError> {
        let digits = self
            .s
            .get(self.i..self.i + 4)
            .ok_or_else(|| self.err(SyntaxKind::BadEscape))?;
        let mut v = 0;
        for &d in digits {
            let n = (d as char)
                .to_digit(16)
                .ok_or_else(|| self.err(SyntaxKind::BadEscape))?;
            v = v * 16 + n;
        }
        self.i += 4;
        Ok(v)
    }

    fn number(&mut self) -> Result<Value, SyntaxError> {
        let start = self.i;
        let digits = |p: &mut Self| {
            let from = p.i;
            while p.s.get(p.i).is_some_and(u8::is_ascii_digit) {
                p.i += 1;
            }
            p.i > from
        };
        if self.s.get(self.i) == Some(&b'-') {
            self.i += 1;
        }
        if self.s.get(self.i) == Some(&b'0') {
            self.i += 1;
        } else if !digits(self) {
            return Err(self.err(SyntaxKind::BadNumber));
        }
        if self.s.get(self.i) == Some(&b'.') {
            self.i += 1;
            if !digits(self) {
                return Err(self.err(SyntaxKind::BadNumber));
            }
        }
        if let Some(b'e' | b'E') = self.s.get(self.i) {
            self.i += 1;
            if let Some(b'+' | b'-') = self.s.get(self.i) {
                self.i += 1;
            }
            if !digits(self) {
                return Err(self.err(SyntaxKind::BadNumber));
            }
        }
        if self.s.get(self.i).is_some_and(u8::is_ascii_digit) {
            // "01": a leading zero followed by more digits.
            return Err(self.err(SyntaxKind::BadNumber));
        }
        Ok(Value::Number(self.text[start..self.i].to_string()))
    }
}

/// Maps byte offsets to 1-based line and column numbers. Columns count characters (not bytes),
/// as editors show them; a tab counts as one.
pub struct LineIndex {
    starts: Vec<usize>,
}

impl LineIndex {
    pub fn new(text: &str) -> Self {
        let mut starts = vec![0];
        starts.extend(text.match_indices('\n').map(|(i, _)| i + 1));
        LineIndex { starts }
    }

    pub fn position(&self, text: &str, offset: usize) -> (usize, usize) {
        let offset = offset.min(text.len());
        let line = self.starts.partition_point(|&s| s <= offset) - 1;
        let start = self.starts[line];
        let mut end = offset;
        while !text.is_char_boundary(end) {
            end -= 1;
        }
        let col = text[start..end]
            .trim_start_matches('\u{FEFF}')
            .chars()
            .count();
        (line + 1, col + 1)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pos(text: &str, at: usize) -> (usize, usize) {
        LineIndex::new(text).position(text, at)
    }

    #[test]
    fn reads_values_with_positions() {
        let text = "[\n  {\"a\": \"Đăng\", \"b\": null},\n  [1, -2.5e3, true]\n]";
        let root = parse(text).unwrap();
        let Value::Array(items) = &root.value else {
            panic!()
        };
        let Value::Object(members) = &items[0].value else {
            panic!()
        };
        assert_eq!(members[0].key, "a");
        assert_eq!(members[0].value.value, Value::String("Đăng".into()));
        assert_eq!(pos(text, members[0].key_at), (2, 4));
        // Columns count characters: "Đăng" is 5 bytes but 4 columns.
        assert_eq!(pos(text, members[1].key_at), (2, 17));
        let Value::Array(nums) = &items[1].value else {
            panic!()
        };
        assert_eq!(nums[1].value, Value::Number("-2.5e3".into()));
        assert_eq!(pos(text, nums[2].at), (3, 15));
    }

    #[test]
    fn escapes() {
        let root = parse(r#""a\"b\\c\/\n\u00e9\ud83d\ude00""#).unwrap();
        assert_eq!(root.value, Value::String("a\"b\\c/\né😀".into()));
    }

    #[test]
    fn syntax_errors_have_positions() {
        let cases: [(&str, usize); 12] = [
            ("[1, 2", 5),
            ("[1 2]", 3),
            ("{\"a\" 1}", 5),
            ("{a: 1}", 1),
            ("[01]", 2),
            ("[1.]", 3),
            ("\"ab\ncd\"", 3),
            ("\"\\x\"", 2),
            ("\"\\ud800x\"", 7),
            ("[] []", 3),
            ("[tru]", 1),
            ("[1,]", 3),
        ];
        for (text, at) in cases {
            let e = parse(text).unwrap_err();
            assert_eq!(e.at, at, "{text:?}: {e:?}");
        }
        let deep = "[".repeat(200);
        assert_eq!(parse(&deep).unwrap_err().kind, SyntaxKind::TooDeep);
    }

    #[test]
    fn byte_order_mark_is_skipped() {
        let text = "\u{FEFF}[true]";
        assert!(parse(text).is_ok());
        assert_eq!(pos(text, 4), (1, 2));
    }
}
