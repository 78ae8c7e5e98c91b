//! The wire form of a keyed cursor (see [`super`] for what a cursor is): base64url without
//! padding (RFC 4648 §5) of `v1|<sort>|<key>|<id>`, the key tagged with its type.

use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use chrono::{DateTime, NaiveDate, SecondsFormat, Utc};
use uuid::Uuid;

/// The version tag of the keyed cursor encoding.
const VERSION: &str = "v1";

/// The value of a sort key, as a keyed cursor carries it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SortValue {
    /// A calendar date (encoded `d:YYYY-MM-DD`).
    Date(NaiveDate),
    /// An integer (encoded `i:<decimal>`).
    Int(i64),
    /// An instant (encoded `t:` RFC 3339 UTC with nine fractional digits: exact to the
    /// nanosecond, so a value read from the database compares equal when bound again).
    Time(DateTime<Utc>),
}

impl SortValue {
    fn encode(&self) -> String {
        match self {
            SortValue::Date(d) => format!("d:{}", d.format("%Y-%m-%d")),
            SortValue::Int(i) => format!("i:{i}"),
            SortValue::Time(t) => format!("t:{}", t.to_rfc3339_opts(SecondsFormat::Nanos, true)),
        }
    }

    fn decode(raw: &str) -> Option<Self> {
        let (tag, value) = raw.split_once(':')?;
        match tag {
            "d" => NaiveDate::parse_from_str(value, "%Y-%m-%d")
                .ok()
                .map(SortValue::Date),
            "i" => value.parse().ok().map(SortValue::Int),
            "t" => DateTime::parse_from_rfc3339(value)
                .ok()
                .map(|t| SortValue::Time(t.with_timezone(&Utc))),
            _ => None,
        }
    }
}

/// A position in a list sorted by a key other than the id: the sort's name, the sort key
/// of the last row delivered and that row's id (the tie-breaker).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KeyedCursor {
    /// The sort's wire name (`due_date`, `priority`, `updated`).
    pub sort: String,
    /// The last row's sort key.
    pub key: SortValue,
    /// The last row's id.
    pub id: Uuid,
}

impl KeyedCursor {
    /// The opaque wire form: base64url (no padding) of `v1|<sort>|<key>|<id>`.
    pub fn encode(&self) -> String {
        let plain = format!("{VERSION}|{}|{}|{}", self.sort, self.key.encode(), self.id);
        URL_SAFE_NO_PAD.encode(plain)
    }

    /// The cursor of a wire form, or `None` when it is not one [`encode`](Self::encode) makes.
    pub fn decode(raw: &str) -> Option<Self> {
        let bytes = URL_SAFE_NO_PAD.decode(raw).ok()?;
        let plain = String::from_utf8(bytes).ok()?;
        let mut parts = plain.split('|');
        let (version, sort, key, id) = (parts.next()?, parts.next()?, parts.next()?, parts.next()?);
        if version != VERSION || parts.next().is_some() || sort.is_empty() {
            return None;
        }
        let id = Uuid::try_parse(id).ok()?;
        Some(KeyedCursor {
            sort: sort.to_owned(),
            key: SortValue::decode(key)?,
            id,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_round_trip_exactly_in_url_safe_text() {
        let id = Uuid::now_v7();
        let instant = DateTime::parse_from_rfc3339("2025-07-01T03:04:05.123456789Z")
            .map(|t| t.with_timezone(&Utc))
            .ok();
        let keys = [
            Some(SortValue::Date(NaiveDate::MIN)),
            NaiveDate::from_ymd_opt(9999, 12, 31).map(SortValue::Date),
            Some(SortValue::Int(-4)),
            Some(SortValue::Int(i64::MAX)),
            instant.map(SortValue::Time),
            Some(SortValue::Time(Utc::now())),
        ];
        assert!(keys.iter().all(Option::is_some));
        for key in keys.into_iter().flatten() {
            let cursor = KeyedCursor {
                sort: "due_date".into(),
                key,
                id,
            };
            let wire = cursor.encode();
            assert!(
                wire.bytes()
                    .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_'),
                "URL-safe: {wire}"
            );
            assert_eq!(KeyedCursor::decode(&wire), Some(cursor));
        }
    }

    #[test]
    fn the_encoding_is_the_documented_one() {
        let id = Uuid::now_v7();
        let plain = format!("v1|updated|t:2025-01-31T10:00:00.000001000Z|{id}");
        let expected = DateTime::parse_from_rfc3339("2025-01-31T10:00:00.000001Z")
            .map(|t| t.with_timezone(&Utc))
            .ok();
        let decoded = KeyedCursor::decode(&URL_SAFE_NO_PAD.encode(&plain));
        assert_eq!(
            decoded.as_ref().map(|c| (c.sort.as_str(), c.key, c.id)),
            expected.map(|t| ("updated", SortValue::Time(t), id))
        );
        assert_eq!(
            decoded.map(|c| c.encode()),
            Some(URL_SAFE_NO_PAD.encode(&plain))
        );
    }

    #[test]
    fn tampered_cursors_do_not_decode() {
        let id = Uuid::now_v7();
        let good = format!("v1|due_date|d:2025-01-31|{id}");
        assert!(KeyedCursor::decode(&URL_SAFE_NO_PAD.encode(&good)).is_some());
        for plain in [
            format!("v2|due_date|d:2025-01-31|{id}"),
            format!("v1|due_date|d:2025-02-30|{id}"),
            format!("v1|due_date|x:2025-01-31|{id}"),
            format!("v1|due_date|2025-01-31|{id}"),
            format!("v1|priority|i:high|{id}"),
            format!("v1|updated|t:2025-01-31 10:00|{id}"),
            "v1|due_date|d:2025-01-31|not-a-uuid".to_owned(),
            format!("v1|due_date|d:2025-01-31|{id}|extra"),
            format!("v1||d:2025-01-31|{id}"),
            "v1|due_date|d:2025-01-31".to_owned(),
        ] {
            assert_eq!(
                KeyedCursor::decode(&URL_SAFE_NO_PAD.encode(&plain)),
                None,
                "{plain}"
            );
        }
        let wire = URL_SAFE_NO_PAD.encode(&good);
        for bad in [
            &wire[..wire.len() - 3],
            &format!("{wire}=="),
            "",
            "***",
            &good,
        ] {
            assert_eq!(KeyedCursor::decode(bad), None, "{bad}");
        }
    }
}
