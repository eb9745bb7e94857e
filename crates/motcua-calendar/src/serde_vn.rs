//! Serde helpers: local date-times are written as RFC 3339 with the Vietnamese offset
//! (`2026-02-25T17:00:00+07:00`, ARCHITECTURE.md "Time"); any RFC 3339 instant is accepted on
//! input and converted to Vietnamese local time.

/// `#[serde(with = "motcua_calendar::serde_vn::rfc3339")]` on a `jiff::civil::DateTime` field.
pub mod rfc3339 {
    use jiff::Timestamp;
    use jiff::civil::DateTime;
    use serde::{Deserialize, Deserializer, Serializer};

    pub fn serialize<S: Serializer>(dt: &DateTime, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(&format_args!("{}+07:00", dt.strftime("%Y-%m-%dT%H:%M:%S")))
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<DateTime, D::Error> {
        let text = String::deserialize(d)?;
        let ts: Timestamp = text.parse().map_err(serde::de::Error::custom)?;
        Ok(crate::to_local(ts))
    }
}

/// The same for `Option<jiff::civil::DateTime>` (`null` when absent).
pub mod rfc3339_option {
    use jiff::civil::DateTime;
    use serde::{Deserialize, Deserializer, Serializer};

    pub fn serialize<S: Serializer>(dt: &Option<DateTime>, s: S) -> Result<S::Ok, S::Error> {
        match dt {
            Some(dt) => super::rfc3339::serialize(dt, s),
            None => s.serialize_none(),
        }
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Option<DateTime>, D::Error> {
        #[derive(Deserialize)]
        struct Wrap(#[serde(with = "super::rfc3339")] DateTime);
        Ok(Option::<Wrap>::deserialize(d)?.map(|Wrap(dt)| dt))
    }
}
