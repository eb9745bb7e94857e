//! The rating vocabulary: the 12 criteria of the provincial portals (REGULATIONS.md §4.2 [V],
//! Thừa Thiên Huế portal), the 9 indices of the scoring tool (ND 61/2018 art. 31, TT 01/2018
//! art. 13 [V]) and the three-level scale (Rất hài lòng / Hài lòng / Không hài lòng, [S] local
//! survey practice; the national scale is [GAP]).

use serde::{Deserialize, Serialize};

/// One of the 12 portal criteria, numbered as on the portal.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Criterion {
    Overall,
    EaseOfUse,
    Timeliness,
    Attitude,
    TotalTime,
    TimeVsRules,
    Contacts,
    Agencies,
    OneStop,
    Publicity,
    FeedbackHandling,
    OnlineService,
}

impl Criterion {
    pub const ALL: [Criterion; 12] = [
        Criterion::Overall,
        Criterion::EaseOfUse,
        Criterion::Timeliness,
        Criterion::Attitude,
        Criterion::TotalTime,
        Criterion::TimeVsRules,
        Criterion::Contacts,
        Criterion::Agencies,
        Criterion::OneStop,
        Criterion::Publicity,
        Criterion::FeedbackHandling,
        Criterion::OnlineService,
    ];

    /// 1–12 as on the portal.
    pub fn number(self) -> u8 {
        Criterion::ALL.iter().position(|c| *c == self).unwrap_or(0) as u8 + 1
    }

    /// Criteria 4–12 are the nine indices of the scoring tool; 1–3 are portal-only.
    pub fn index(self) -> Option<Index> {
        Some(match self {
            Criterion::Overall | Criterion::EaseOfUse | Criterion::Timeliness => return None,
            Criterion::Attitude => Index::Attitude,
            Criterion::TotalTime => Index::TotalTime,
            Criterion::TimeVsRules => Index::BodyTime,
            Criterion::Contacts => Index::Contacts,
            Criterion::Agencies => Index::Agencies,
            Criterion::OneStop => Index::OneStop,
            Criterion::Publicity => Index::Publicity,
            Criterion::FeedbackHandling => Index::FeedbackHandling,
            Criterion::OnlineService => Index::OnlineService,
        })
    }

    pub fn label_vi(self) -> &'static str {
        match self {
            Criterion::Overall => "Đánh giá chung về dịch vụ",
            Criterion::EaseOfUse => "Mức độ dễ sử dụng",
            Criterion::Timeliness => "Tính kịp thời trong giải quyết và trả kết quả",
            Criterion::Attitude => "Thái độ của cán bộ, công chức",
            Criterion::TotalTime => "Tổng thời gian giải quyết so với quy định",
            Criterion::TimeVsRules => "Thời gian giải quyết của từng cơ quan so với quy định",
            Criterion::Contacts => "Số lần liên hệ để hoàn thiện hồ sơ",
            Criterion::Agencies => "Số cơ quan phải liên hệ",
            Criterion::OneStop => "Tiếp nhận, giải quyết, trả kết quả tại Bộ phận Một cửa",
            Criterion::Publicity => "Công khai thủ tục hành chính",
            Criterion::FeedbackHandling => "Tiếp thu, giải trình phản ánh, kiến nghị",
            Criterion::OnlineService => "Tiến độ và chất lượng dịch vụ công trực tuyến",
        }
    }

    pub fn label_en(self) -> &'static str {
        match self {
            Criterion::Overall => "Overall service assessment",
            Criterion::EaseOfUse => "Ease of use",
            Criterion::Timeliness => "Timeliness of processing and result delivery",
            Criterion::Attitude => "Attitude of officials",
            Criterion::TotalTime => "Total time against the legal limit",
            Criterion::TimeVsRules => "Time taken by each body against the rules",
            Criterion::Contacts => "Number of contacts to complete the dossier",
            Criterion::Agencies => "Number of agencies contacted",
            Criterion::OneStop => "Reception, processing and return at the one-stop office",
            Criterion::Publicity => "Publicity of procedures",
            Criterion::FeedbackHandling => "Handling of feedback",
            Criterion::OnlineService => "Progress and quality of the online service",
        }
    }
}

/// A rating level.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Level {
    VerySatisfied,
    Satisfied,
    Dissatisfied,
}

impl Level {
    pub const ALL: [Level; 3] = [Level::VerySatisfied, Level::Satisfied, Level::Dissatisfied];

    /// Points on the 2 / 1 / 0 scale of the scoring tool ([GAP]: the mapping of levels to
    /// points is ours; TT 01/2018 scores facts, not feelings).
    pub fn points(self) -> u8 {
        match self {
            Level::VerySatisfied => 2,
            Level::Satisfied => 1,
            Level::Dissatisfied => 0,
        }
    }

    pub fn label_vi(self) -> &'static str {
        match self {
            Level::VerySatisfied => "Rất hài lòng",
            Level::Satisfied => "Hài lòng",
            Level::Dissatisfied => "Không hài lòng",
        }
    }

    pub fn label_en(self) -> &'static str {
        match self {
            Level::VerySatisfied => "Very satisfied",
            Level::Satisfied => "Satisfied",
            Level::Dissatisfied => "Dissatisfied",
        }
    }
}

/// One of the nine indices of the scoring tool, each scored 2 / 1 / 0 (max 18).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Index {
    TotalTime,
    BodyTime,
    Contacts,
    Agencies,
    OneStop,
    Attitude,
    Publicity,
    FeedbackHandling,
    OnlineService,
}

impl Index {
    pub const ALL: [Index; 9] = [
        Index::TotalTime,
        Index::BodyTime,
        Index::Contacts,
        Index::Agencies,
        Index::OneStop,
        Index::Attitude,
        Index::Publicity,
        Index::FeedbackHandling,
        Index::OnlineService,
    ];

    /// 1–9 as in TT 01/2018 art. 13.
    pub fn number(self) -> u8 {
        Index::ALL.iter().position(|c| *c == self).unwrap_or(0) as u8 + 1
    }

    /// Indices 1, 2 and 3 are computed from the events and the control slip (R-SAT-1).
    pub fn automatic(self) -> bool {
        matches!(self, Index::TotalTime | Index::BodyTime | Index::Contacts)
    }

    /// The portal criterion that asks the citizen about this index.
    pub fn criterion(self) -> Criterion {
        Criterion::ALL
            .into_iter()
            .find(|c| c.index() == Some(self))
            .unwrap_or(Criterion::Overall)
    }

    pub fn label_vi(self) -> &'static str {
        self.criterion().label_vi()
    }

    pub fn label_en(self) -> &'static str {
        self.criterion().label_en()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn criteria_4_to_12_are_the_nine_indices() {
        assert_eq!(Criterion::Overall.number(), 1);
        assert_eq!(Criterion::OnlineService.number(), 12);
        let indices: Vec<u8> = Criterion::ALL[3..]
            .iter()
            .map(|c| c.index().unwrap().number())
            .collect();
        assert_eq!(indices, [6, 1, 2, 3, 4, 5, 7, 8, 9]);
        for i in Index::ALL {
            assert_eq!(i.criterion().index(), Some(i));
        }
        let auto: Vec<u8> = Index::ALL
            .iter()
            .filter(|i| i.automatic())
            .map(|i| i.number())
            .collect();
        assert_eq!(auto, [1, 2, 3]);
    }
}
