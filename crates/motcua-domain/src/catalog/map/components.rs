//! Required documents (thành phần hồ sơ): the published counts and whether an item is
//! required of every applicant.

use crate::fold::fold;

/// Reads a published count: "1 bản chính", "02 bản sao", "0 bản chính, 1 bản sao",
/// "1 bản chính và 2 bản sao" (any order, each kind at most once, diacritics optional).
/// Returns (originals, copies), or `None` when the text says something else.
pub fn parse_copies(text: &str) -> Option<(u8, u8)> {
    let folded = fold(text);
    let toks: Vec<&str> = folded.split(' ').filter(|t| !t.is_empty()).collect();
    let (mut originals, mut copies) = (None, None);
    let mut i = 0;
    while i < toks.len() {
        if toks[i] == "va" && i > 0 {
            i += 1;
            continue;
        }
        let n: u8 = toks[i]
            .bytes()
            .all(|b| b.is_ascii_digit())
            .then(|| toks[i].parse().ok())
            .flatten()?;
        if toks.get(i + 1) != Some(&"ban") {
            return None;
        }
        let slot = match toks.get(i + 2) {
            Some(&"chinh") => &mut originals,
            Some(&"sao") => &mut copies,
            _ => return None,
        };
        if slot.replace(n).is_some() {
            return None;
        }
        i += 3;
    }
    let (o, c) = (originals.unwrap_or(0), copies.unwrap_or(0));
    (originals.is_some() || copies.is_some()).then_some(())?;
    // "0 bản chính" alone asks for nothing: the national data uses it for explanatory notes.
    (o > 0 || c > 0).then_some((o, c))
}

/// True when the item is asked only in some cases:
/// * "Trường hợp …", "Trong trường hợp …", "Đối với …", "Nếu …" at the start;
/// * "trong trường hợp", "đối với (những) trường hợp", "tùy từng trường hợp", "nếu có" anywhere;
/// * "đối với …" in the first clause (before the first '.' or ';'): "Quyết định tiếp nhận đối
///   với trẻ em ở cơ sở nuôi dưỡng"; later it only adds to a required item ("Tờ khai …; đối với
///   người chưa thành niên thì …");
/// * a condition in parentheses: "(nếu người có yêu cầu lựa chọn nộp hồ sơ trực tiếp)";
/// * a sub-dossier of one case: "…, hồ sơ gồm: …";
/// * an item that starts by repeating the procedure's name names a case of it ("Đăng ký thường
///   trú vào chỗ ở hợp pháp do thuê …" in "Đăng ký thường trú");
/// * an item addressed to a category of applicant: "Người nước ngoài … phải nộp …", "Công dân
///   Việt Nam là công chức … phải nộp …".
///
/// "X; trường hợp không có X thì nộp Y" is an alternative, not a condition: still required.
pub fn is_conditional(name: &str, procedure_name: &str) -> bool {
    let folded = fold(name);
    let toks: Vec<&str> = folded.split(' ').filter(|t| !t.is_empty()).collect();
    let starts = |w: &[&str]| toks.starts_with(w);
    let has = |w: &[&str]| toks.windows(w.len()).any(|x| x == w);
    if starts(&["truong", "hop"])
        || starts(&["trong", "truong", "hop"])
        || starts(&["neu"])
        || starts(&["doi", "voi"])
        || has(&["trong", "truong", "hop"])
        || has(&["doi", "voi", "truong", "hop"])
        || has(&["doi", "voi", "nhung", "truong", "hop"])
        || has(&["tuy", "tung", "truong", "hop"])
        || has(&["neu", "co"])
        || has(&["ho", "so", "gom"])
    {
        return true;
    }
    let first_clause = name.split(['.', ';']).next().unwrap_or("");
    let first = fold(first_clause);
    if format!(" {first} ").contains(" doi voi ") {
        return true;
    }
    if (starts(&["nguoi"]) || starts(&["cong", "dan"])) && has(&["phai", "nop"]) {
        return true;
    }
    let procedure = fold(procedure_name);
    let procedure = procedure.strip_prefix("thu tuc ").unwrap_or(&procedure);
    if !procedure.is_empty()
        && folded.len() > procedure.len()
        && folded.starts_with(procedure)
        && folded.as_bytes()[procedure.len()] == b' '
    {
        return true;
    }
    // "(nếu người có yêu cầu lựa chọn nộp hồ sơ theo hình thức trực tiếp)": a condition in
    // parentheses, e.g. the paper form is needed only at the desk.
    let mut rest = name;
    while let Some(open) = rest.find('(') {
        let after = &rest[open + 1..];
        let inner = after.find(')').map_or(after, |close| &after[..close]);
        if fold(inner).split(' ').any(|t| t == "neu") {
            return true;
        }
        rest = after;
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn copies() {
        assert_eq!(parse_copies("1 bản chính"), Some((1, 0)));
        assert_eq!(parse_copies("0 bản chính, 1 bản sao"), Some((0, 1)));
        assert_eq!(parse_copies("02 bản sao"), Some((0, 2)));
        assert_eq!(parse_copies("1 bản chính, 1 bản sao"), Some((1, 1)));
        assert_eq!(parse_copies("2 bản chính, 2 bản sao"), Some((2, 2)));
        assert_eq!(parse_copies("1 ban sao va 1 ban chinh"), Some((1, 1)));
        assert_eq!(parse_copies("  01   Bản Chính "), Some((1, 0)));
        for bad in [
            "",
            "bản chính",
            "1 bản",
            "1 bản gốc",
            "3",
            "1 bản chính, 1 bản chính",
            "0 bản chính",
            "300 bản sao",
            "một bản chính",
            "1 bản chính 2",
            "va 1 ban sao",
        ] {
            assert_eq!(parse_copies(bad), None, "{bad:?}");
        }
    }

    #[test]
    fn conditional_items() {
        assert!(is_conditional(
            "Đăng ký thường trú vào chỗ ở hợp pháp do thuê, mượn, ở nhờ Hợp đồng",
            "Đăng ký thường trú"
        ));
        for c in [
            "Trường hợp trẻ em bị bỏ rơi thì phải có biên bản",
            "Văn bản ủy quyền (được chứng thực) trong trường hợp ủy quyền thực hiện",
            "Tờ khai đăng ký khai sinh theo mẫu (nếu người có yêu cầu lựa chọn nộp hồ sơ trực tiếp)",
            "Mảnh trích đo bản đồ địa chính thửa đất (nếu có).",
            "Nếu có con chung thì nộp thêm",
            "Đối với Công an nhân dân: Giấy giới thiệu",
            "Văn bản cử người giám hộ đối với trường hợp đăng ký giám hộ cử.",
            "Ngoài giấy tờ nêu trên, tùy từng trường hợp, bên nam, bên nữ phải nộp",
            "Quyết định tiếp nhận đối với trẻ em ở cơ sở nuôi dưỡng.",
            "Đăng ký tạm trú theo danh sách, hồ sơ gồm: Tờ khai",
            "Người nước ngoài, công dân Việt Nam định cư ở nước ngoài phải nộp bản sao hộ chiếu",
        ] {
            assert!(is_conditional(c, "Thủ tục đăng ký khai sinh"), "{c}");
        }
        for r in [
            "Giấy chứng sinh; trường hợp không có Giấy chứng sinh thì nộp văn bản của người làm chứng",
            "Hộ chiếu/Thẻ căn cước công dân/Thẻ căn cước (sau đây gọi tắt là giấy tờ tùy thân)",
            "Giấy đề nghị đăng ký hộ kinh doanh",
            "Tờ khai thay đổi thông tin cư trú (Mẫu CT01); đối với người chưa thành niên thì ghi rõ ý kiến",
            "Đăng ký tạm trú",
        ] {
            assert!(!is_conditional(r, "Đăng ký tạm trú"), "{r}");
        }
    }
}
