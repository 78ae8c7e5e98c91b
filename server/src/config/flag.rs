//! Boolean settings, read the way people write them: `true`/`false`, `1`/`0`, `yes`/`no`,
//! `on`/`off` in any case, whether figment hands over a TOML boolean, an integer or the
//! text of an environment variable (`CCHC_DEMO=1`). Anything else stops start-up with one
//! line naming the setting and listing the allowed values.

use serde::Deserialize;

/// Whether to load the demo data into an empty database: a boolean (see [`flag`]) or
/// `auto` (on for SQLite, off for PostgreSQL).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DemoSetting {
    /// On or off.
    Flag(bool),
    /// `"auto"`: decide by backend.
    Auto,
}

/// The spellings a boolean setting accepts, case-insensitive: what people type in TOML,
/// shells and container files.
pub const FLAG_WORDS: &str = "true/false, 1/0, yes/no, on/off";

/// Reads a boolean setting from what figment hands over (a TOML or environment boolean,
/// the integers 1 and 0, or a word of [`FLAG_WORDS`]); `None` for anything else.
pub fn flag(value: &figment::value::Value) -> Option<bool> {
    use figment::value::Value;
    match value {
        Value::Bool(_, b) => Some(*b),
        Value::Num(_, n) => match n.to_u128() {
            Some(1) => Some(true),
            Some(0) => Some(false),
            _ => None,
        },
        Value::String(_, s) => match s.trim().to_ascii_lowercase().as_str() {
            "true" | "1" | "yes" | "on" => Some(true),
            "false" | "0" | "no" | "off" => Some(false),
            _ => None,
        },
        _ => None,
    }
}

impl<'de> Deserialize<'de> for DemoSetting {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let value = <figment::value::Value as Deserialize>::deserialize(deserializer)?;
        if let figment::value::Value::String(_, s) = &value
            && s.trim().eq_ignore_ascii_case("auto")
        {
            return Ok(DemoSetting::Auto);
        }
        flag(&value).map(DemoSetting::Flag).ok_or_else(|| {
            serde::de::Error::custom(format!(
                "{} is not allowed; allowed values: auto, {FLAG_WORDS}",
                shown(&value)
            ))
        })
    }
}

/// A refused setting value as the person typed it.
fn shown(value: &figment::value::Value) -> String {
    match value {
        figment::value::Value::String(_, s) => format!("'{s}'"),
        other => serde_json::to_string(other).unwrap_or_else(|_| "the value".into()),
    }
}

#[cfg(test)]
mod tests {
    use figment::Figment;
    use figment::providers::{Format, Serialized, Toml};

    use super::*;
    use crate::config::{Config, DEFAULTS};

    fn with(key: &str, value: serde_json::Value) -> Result<Config, Vec<String>> {
        Config::from_figment(
            Figment::from(Toml::string(DEFAULTS)).merge(Serialized::default(key, value)),
        )
    }

    #[test]
    #[allow(clippy::result_large_err)] // figment::Jail's signature, not ours
    fn boolean_settings_take_the_usual_spellings_from_the_environment() {
        let cases = [
            ("1", true),
            ("yes", true),
            ("ON", true),
            ("True", true),
            ("0", false),
            ("no", false),
            ("off", false),
            ("FALSE", false),
        ];
        for (word, on) in cases {
            figment::Jail::expect_with(|jail| {
                jail.set_env("CCHC_DEMO", word);
                let config = Config::load(None).map_err(|e| e.join("; "))?;
                assert_eq!(config.demo, DemoSetting::Flag(on), "CCHC_DEMO={word}");
                Ok(())
            });
        }
        figment::Jail::expect_with(|jail| {
            jail.set_env("CCHC_DEMO", "Auto");
            let config = Config::load(None).map_err(|e| e.join("; "))?;
            assert_eq!(config.demo, DemoSetting::Auto);
            Ok(())
        });
    }

    #[test]
    fn boolean_settings_take_toml_booleans_and_integers() -> Result<(), Vec<String>> {
        assert_eq!(
            with("demo", serde_json::json!(true))?.demo,
            DemoSetting::Flag(true)
        );
        assert_eq!(
            with("demo", serde_json::json!(0))?.demo,
            DemoSetting::Flag(false)
        );
        assert_eq!(
            with("demo", serde_json::json!("auto"))?.demo,
            DemoSetting::Auto
        );
        Ok(())
    }

    #[test]
    fn a_bad_boolean_is_one_line_listing_the_allowed_values() {
        for bad in [serde_json::json!("maybe"), serde_json::json!(2)] {
            let problems = with("demo", bad.clone()).err().unwrap_or_default();
            assert_eq!(problems.len(), 1, "{problems:?}");
            let line = &problems[0];
            assert!(line.starts_with("setting 'demo'"), "{line}");
            for word in ["auto", "true/false", "1/0", "yes/no", "on/off"] {
                assert!(line.contains(word), "{word} missing from {line}");
            }
            assert!(!line.contains("untagged"), "{line}");
            assert!(!line.contains('\n'), "{line}");
        }
    }
}
