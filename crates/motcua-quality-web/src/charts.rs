//! Charts drawn on the server as inline SVG (issue #6 §5): readable without JavaScript, named by
//! `<title>` and described by `<desc>` for screen readers, and always printed next to a data
//! table that says the same (the text alternative, WCAG 1.1.1). Colours keep 3:1 against white
//! (WCAG 1.4.11) and every mark is also labelled in text, so nothing is told by colour alone.

use std::fmt::Write;

use motcua_ui::html::escape;

/// Blue of the UI kit (`--blue`, 8.6:1 on white).
const BLUE: &str = "#0a4d8c";
/// Dark amber (`--amber`, 8.3:1 on white) for the second series.
const AMBER: &str = "#6b4500";
const GRID: &str = "#767676";
const INK: &str = "#1a1a1a";

/// One value of a series (None: no data for that point, drawn as a gap).
#[derive(Debug, Clone, PartialEq)]
pub struct Point {
    pub label: String,
    pub value: Option<f64>,
    /// What the value says in words ("85,50 điểm"), printed on the mark.
    pub text: String,
}

/// A bar of a horizontal chart: one row with up to two measures (e.g. median and p90).
#[derive(Debug, Clone, PartialEq)]
pub struct BarRow {
    pub label: String,
    pub values: Vec<(f64, String)>,
}

fn open(id: &str, w: u32, h: u32, title: &str, desc: &str) -> String {
    let mut s = String::new();
    let _ = write!(
        s,
        "<svg class=\"chart\" xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {w} {h}\" role=\"img\" aria-labelledby=\"{id}-t {id}-d\" font-family=\"system-ui,sans-serif\">\
         <title id=\"{id}-t\">{}</title><desc id=\"{id}-d\">{}</desc>",
        escape(title),
        escape(desc)
    );
    s
}

/// A vertical bar chart of one value per period (the index month by month), on a 0–`max` scale.
pub fn columns(id: &str, title: &str, desc: &str, points: &[Point], max: f64) -> String {
    let (w, h) = (720u32, 320u32);
    let (left, right, top, bottom) = (56.0, 12.0, 34.0, 48.0);
    let plot_w = f64::from(w) - left - right;
    let plot_h = f64::from(h) - top - bottom;
    let mut s = open(id, w, h, title, desc);
    let max = if max > 0.0 { max } else { 1.0 };
    for i in 0..=4 {
        let v = max * f64::from(i) / 4.0;
        let y = top + plot_h - plot_h * f64::from(i) / 4.0;
        let _ = write!(
            s,
            "<line x1=\"{left}\" x2=\"{}\" y1=\"{y:.1}\" y2=\"{y:.1}\" stroke=\"{GRID}\" stroke-width=\"1\" stroke-dasharray=\"{}\"/>\
             <text x=\"{}\" y=\"{:.1}\" text-anchor=\"end\" font-size=\"18\" fill=\"{INK}\">{}</text>",
            left + plot_w,
            if i == 0 { "0" } else { "4 4" },
            left - 8.0,
            y + 6.0,
            trim_number(v)
        );
    }
    let n = points.len().max(1) as f64;
    let slot = plot_w / n;
    let bar = (slot * 0.62).min(60.0);
    for (i, p) in points.iter().enumerate() {
        let cx = left + slot * (i as f64 + 0.5);
        if let Some(v) = p.value {
            let bh = (v.clamp(0.0, max) / max) * plot_h;
            let y = top + plot_h - bh;
            let _ = write!(
                s,
                "<rect x=\"{:.1}\" y=\"{y:.1}\" width=\"{bar:.1}\" height=\"{bh:.1}\" fill=\"{BLUE}\"/>\
                 <text x=\"{cx:.1}\" y=\"{:.1}\" text-anchor=\"middle\" font-size=\"16\" fill=\"{INK}\">{}</text>",
                cx - bar / 2.0,
                (y - 8.0).max(16.0),
                escape(&p.text)
            );
        } else {
            let _ = write!(
                s,
                "<text x=\"{cx:.1}\" y=\"{:.1}\" text-anchor=\"middle\" font-size=\"16\" fill=\"{INK}\">–</text>",
                top + plot_h - 8.0
            );
        }
        let _ = write!(
            s,
            "<text x=\"{cx:.1}\" y=\"{:.1}\" text-anchor=\"middle\" font-size=\"17\" fill=\"{INK}\">{}</text>",
            f64::from(h) - bottom + 26.0,
            escape(&p.label)
        );
    }
    s.push_str("</svg>");
    s
}

/// A horizontal bar chart, one row per item (a step of a procedure), with one or two bars per
/// row (`series` names them, e.g. "trung vị" and "p90"); values share one scale.
pub fn bars(id: &str, title: &str, desc: &str, series: &[&str], rows: &[BarRow]) -> String {
    let w = 720u32;
    let label_h = 24.0;
    let bar_h = 22.0;
    let per_row = label_h + bar_h * series.len().max(1) as f64 + 14.0;
    let legend_h = 36.0;
    let h = (legend_h + per_row * rows.len().max(1) as f64 + 8.0).ceil() as u32;
    let mut s = open(id, w, h, title, desc);
    let colours = [BLUE, AMBER];
    for (i, name) in series.iter().enumerate() {
        let x = 8.0 + 200.0 * i as f64;
        let _ = write!(
            s,
            "<rect x=\"{x}\" y=\"8\" width=\"18\" height=\"18\" fill=\"{}\"{}/>\
             <text x=\"{}\" y=\"23\" font-size=\"17\" fill=\"{INK}\">{}</text>",
            colours[i % 2],
            pattern_attr(i),
            x + 26.0,
            escape(name)
        );
    }
    let max = rows
        .iter()
        .flat_map(|r| r.values.iter().map(|v| v.0))
        .fold(0.0_f64, f64::max)
        .max(1.0);
    let plot_w = f64::from(w) - 16.0 - 150.0;
    for (ri, r) in rows.iter().enumerate() {
        let y0 = legend_h + per_row * ri as f64;
        let _ = write!(
            s,
            "<text x=\"8\" y=\"{:.1}\" font-size=\"18\" font-weight=\"700\" fill=\"{INK}\">{}</text>",
            y0 + 18.0,
            escape(&r.label)
        );
        for (vi, (v, text)) in r.values.iter().enumerate() {
            let y = y0 + label_h + bar_h * vi as f64;
            let bw = (v.max(0.0) / max) * plot_w;
            let _ = write!(
                s,
                "<rect x=\"8\" y=\"{y:.1}\" width=\"{bw:.1}\" height=\"{:.1}\" fill=\"{}\"{}/>\
                 <text x=\"{:.1}\" y=\"{:.1}\" font-size=\"16\" fill=\"{INK}\">{}</text>",
                bar_h - 4.0,
                colours[vi % 2],
                pattern_attr(vi),
                8.0 + bw + 6.0,
                y + bar_h - 8.0,
                escape(text)
            );
        }
    }
    s.push_str("</svg>");
    s
}

/// The second series is outlined as well as coloured, so it differs in shape, not only in hue.
fn pattern_attr(i: usize) -> &'static str {
    if i % 2 == 1 {
        " stroke=\"#1a1a1a\" stroke-width=\"2\""
    } else {
        ""
    }
}

/// "12", "12.5" — axis labels without useless decimals.
fn trim_number(v: f64) -> String {
    let s = format!("{v:.1}");
    s.trim_end_matches('0').trim_end_matches('.').to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn columns_are_named_described_and_escaped() {
        let svg = columns(
            "trend",
            "Chỉ số <766>",
            "Điểm theo tháng",
            &[
                Point {
                    label: "01/26".into(),
                    value: Some(80.0),
                    text: "80,00".into(),
                },
                Point {
                    label: "02/26".into(),
                    value: None,
                    text: String::new(),
                },
            ],
            100.0,
        );
        assert!(svg.starts_with("<svg"));
        assert!(svg.contains("role=\"img\" aria-labelledby=\"trend-t trend-d\""));
        assert!(svg.contains("<title id=\"trend-t\">Chỉ số &lt;766&gt;</title>"));
        assert!(svg.contains(">80,00</text>"));
        assert!(svg.contains(">–</text>"), "a month without data is a gap");
        assert_eq!(svg.matches("<rect").count(), 1);
    }

    #[test]
    fn bars_share_one_scale() {
        let svg = bars(
            "b",
            "t",
            "d",
            &["median", "p90"],
            &[
                BarRow {
                    label: "Thẩm định".into(),
                    values: vec![(100.0, "1".into()), (200.0, "2".into())],
                },
                BarRow {
                    label: "Phê duyệt".into(),
                    values: vec![(50.0, "0,5".into()), (100.0, "1".into())],
                },
            ],
        );
        // The longest bar fills the plot (554 units); half the value is half the length.
        assert!(svg.contains("width=\"554.0\""));
        assert!(svg.contains("width=\"277.0\""));
        assert!(svg.contains("width=\"138.5\""));
    }
}
