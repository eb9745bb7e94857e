//! The index report as the pages print it: every indicator with numerator, denominator, ratio,
//! points, threshold, or "chưa đo được" with the reason; group sums and the total. The same rows
//! feed the leader's dashboard (numbers are links to their lists), the public page (no links),
//! and the CSV / XLSX export.

use motcua_domain::quality::Decimal2;
use motcua_domain::quality::index766::{IndexReport, IndicatorReport, IndicatorStatus, ValueKind};
use motcua_ui::Lang;

use crate::export::{Cell, Table};

/// A figure, with the address of the list behind it when there is one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Num {
    pub text: String,
    pub href: Option<String>,
}

#[derive(Debug, Clone)]
pub struct Side {
    pub label: String,
    pub num: Num,
    pub den: String,
    pub ratio: String,
}

#[derive(Debug, Clone)]
pub struct IndicatorRow {
    pub id: String,
    pub name: String,
    pub status: &'static str,
    pub measured: bool,
    pub numerator: Option<Num>,
    pub denominator: Option<Num>,
    pub ratio: String,
    pub points: String,
    pub pmax: String,
    pub threshold: String,
    pub reason: String,
    pub sides: Vec<Side>,
}

#[derive(Debug, Clone)]
pub struct GroupRow {
    pub id: String,
    pub name: String,
    pub points: String,
    pub max: String,
    pub measured_max: String,
    pub indicators: Vec<IndicatorRow>,
}

#[derive(Debug, Clone)]
pub struct IndexView {
    pub version: String,
    pub total: String,
    pub max: String,
    pub measured_max: String,
    /// The total as a share of what motcua could measure.
    pub measured_share: String,
    pub groups: Vec<GroupRow>,
}

/// "85,71" in Vietnamese, "85.71" in English.
pub fn dec(lang: Lang, d: Decimal2) -> String {
    let s = d.to_string();
    match lang {
        Lang::Vi => s.replace('.', ","),
        Lang::En => s,
    }
}

fn opt(lang: Lang, d: Option<Decimal2>) -> String {
    d.map(|d| dec(lang, d)).unwrap_or_else(|| "–".into())
}

fn status(lang: Lang, s: IndicatorStatus) -> &'static str {
    match s {
        IndicatorStatus::Scored => lang.pick("Tính điểm", "Scored"),
        IndicatorStatus::NotScored => {
            lang.pick("Theo dõi, không tính điểm", "Monitored, not scored")
        }
        IndicatorStatus::NotApplicable => lang.pick(
            "Không áp dụng (mẫu số bằng 0)",
            "Not applicable (denominator 0)",
        ),
        IndicatorStatus::NotMeasured => lang.pick("Chưa đo được", "Not measured"),
    }
}

/// Where the list of `part` of indicator `id` is, if the page links numbers.
pub type Linker<'a> = &'a dyn Fn(&str, &str) -> Option<String>;

fn indicator(lang: Lang, i: &IndicatorReport, link: Option<Linker<'_>>) -> IndicatorRow {
    let num = |v: Option<u64>, part: &str| {
        v.map(|v| Num {
            text: v.to_string(),
            href: link.and_then(|l| l(&i.id, part)),
        })
    };
    let average = i.value_kind == ValueKind::AverageWorkingDays;
    let ratio = match (i.ratio, average) {
        (Some(r), true) => format!("{} {}", dec(lang, r), lang.pick("ngày", "days")),
        (Some(r), false) => format!("{} %", dec(lang, r)),
        (None, _) => "–".into(),
    };
    let reason = match lang {
        Lang::Vi => i.reason_vi.clone(),
        Lang::En => i.reason_en.clone(),
    }
    .unwrap_or_default();
    IndicatorRow {
        id: i.id.clone(),
        name: lang.pick(&i.name_vi, &i.name_en).to_string(),
        status: status(lang, i.status),
        measured: i.measured,
        // 2.2's "numerator" is a sum of minutes: shown as the average only.
        numerator: if average {
            None
        } else {
            num(i.numerator, "numerator")
        },
        denominator: num(i.denominator, "denominator"),
        ratio,
        points: opt(lang, i.points),
        pmax: dec(lang, i.pmax),
        threshold: i
            .threshold
            .map(|t| format!("{} %", dec(lang, t)))
            .unwrap_or_else(|| "–".into()),
        reason,
        sides: i
            .details
            .iter()
            .map(|s| Side {
                label: lang.pick(&s.label_vi, &s.label_en).to_string(),
                num: Num {
                    text: s.numerator.to_string(),
                    href: link.and_then(|l| l(&i.id, &format!("side:{}", s.id))),
                },
                den: s.denominator.to_string(),
                ratio: s
                    .ratio
                    .map(|r| format!("{} %", dec(lang, r)))
                    .unwrap_or_else(|| "–".into()),
            })
            .collect(),
    }
}

pub fn view(lang: Lang, r: &IndexReport, link: Option<Linker<'_>>) -> IndexView {
    let share = if r.measured_max.hundredths() > 0 {
        let pct = Decimal2(
            (r.total.hundredths() * 10_000 + r.measured_max.hundredths() / 2)
                / r.measured_max.hundredths(),
        );
        format!("{} %", dec(lang, pct))
    } else {
        "–".into()
    };
    IndexView {
        version: r.version.clone(),
        total: dec(lang, r.total),
        max: dec(lang, r.max),
        measured_max: dec(lang, r.measured_max),
        measured_share: share,
        groups: r
            .groups
            .iter()
            .map(|g| GroupRow {
                id: g.id.clone(),
                name: lang.pick(&g.name_vi, &g.name_en).to_string(),
                points: dec(lang, g.points),
                max: dec(lang, g.max),
                measured_max: dec(lang, g.measured_max),
                indicators: g
                    .indicators
                    .iter()
                    .map(|i| indicator(lang, i, link))
                    .collect(),
            })
            .collect(),
    }
}

/// The index as a sheet: one row per indicator, then the group sums and the total.
pub fn table(lang: Lang, title: &str, r: &IndexReport) -> Table {
    let mut t = Table::new(
        title,
        &[
            lang.pick("Nhóm", "Group"),
            lang.pick("Chỉ số", "Indicator"),
            lang.pick("Tên", "Name"),
            lang.pick("Trạng thái", "Status"),
            lang.pick("Tử số", "Numerator"),
            lang.pick("Mẫu số", "Denominator"),
            lang.pick("Tỷ lệ (%) / ngày", "Ratio (%) / days"),
            lang.pick("Ngưỡng (%)", "Threshold (%)"),
            lang.pick("Điểm", "Points"),
            lang.pick("Điểm tối đa", "Max points"),
            lang.pick("Lý do chưa đo", "Why not measured"),
        ],
    );
    for g in &r.groups {
        for i in &g.indicators {
            let average = i.value_kind == ValueKind::AverageWorkingDays;
            t.push(vec![
                g.id.clone().into(),
                i.id.clone().into(),
                lang.pick(&i.name_vi, &i.name_en).to_string().into(),
                status(lang, i.status).into(),
                if average {
                    Cell::Empty
                } else {
                    i.numerator.into()
                },
                i.denominator.into(),
                i.ratio.into(),
                i.threshold.into(),
                i.points.into(),
                i.pmax.into(),
                match lang {
                    Lang::Vi => i.reason_vi.clone(),
                    Lang::En => i.reason_en.clone(),
                }
                .into(),
            ]);
        }
        t.push(vec![
            g.id.clone().into(),
            Cell::Empty,
            format!(
                "{} {}",
                lang.pick("Cộng nhóm", "Group total"),
                lang.pick(&g.name_vi, &g.name_en)
            )
            .into(),
            Cell::Empty,
            Cell::Empty,
            Cell::Empty,
            Cell::Empty,
            Cell::Empty,
            g.points.into(),
            g.max.into(),
            Cell::Empty,
        ]);
    }
    t.push(vec![
        Cell::Empty,
        Cell::Empty,
        lang.pick("Tổng điểm", "Total").into(),
        Cell::Empty,
        Cell::Empty,
        Cell::Empty,
        Cell::Empty,
        Cell::Empty,
        r.total.into(),
        r.max.into(),
        Cell::Empty,
    ]);
    t
}
