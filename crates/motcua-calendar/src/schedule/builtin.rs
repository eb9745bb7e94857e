//! The announced schedules shipped with motcua, compiled into the binary so that it needs no data
//! directory at run time. Add a year here when its file is added to `data/calendar/`.

pub(super) const FILES: &[(&str, &str)] = &[
    (
        "data/calendar/2020.toml",
        include_str!("../../../../data/calendar/2020.toml"),
    ),
    (
        "data/calendar/2021.toml",
        include_str!("../../../../data/calendar/2021.toml"),
    ),
    (
        "data/calendar/2022.toml",
        include_str!("../../../../data/calendar/2022.toml"),
    ),
    (
        "data/calendar/2023.toml",
        include_str!("../../../../data/calendar/2023.toml"),
    ),
    (
        "data/calendar/2024.toml",
        include_str!("../../../../data/calendar/2024.toml"),
    ),
    (
        "data/calendar/2025.toml",
        include_str!("../../../../data/calendar/2025.toml"),
    ),
    (
        "data/calendar/2026.toml",
        include_str!("../../../../data/calendar/2026.toml"),
    ),
];
