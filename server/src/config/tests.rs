//! The settings' own tests: defaults, layering, validation, redaction.

use super::*;
use figment::providers::Serialized;

fn with(key: &str, value: serde_json::Value) -> Result<Config, Vec<String>> {
    Config::from_figment(
        Figment::from(Toml::string(DEFAULTS)).merge(Serialized::default(key, value)),
    )
}

#[test]
fn defaults_are_valid_and_use_sqlite_with_demo() -> Result<(), Vec<String>> {
    let config = Config::from_figment(Figment::from(Toml::string(DEFAULTS)))?;
    assert!(config.is_sqlite());
    assert!(config.demo_enabled());
    assert_eq!(config.bind, "127.0.0.1:8080");
    Ok(())
}

#[test]
fn each_bad_setting_is_one_clear_line() {
    let figment = Figment::from(Toml::string(DEFAULTS))
        .merge(Serialized::default("bind", "nowhere"))
        .merge(Serialized::default("database_url", "mysql://x"))
        .merge(Serialized::default("request_timeout_secs", 0));
    let problems = Config::from_figment(figment).err().unwrap_or_default();
    assert_eq!(problems.len(), 3, "{problems:?}");
    assert!(problems.iter().any(|p| p.starts_with("setting 'bind'")));
}

#[test]
fn wrong_types_name_the_setting() {
    let problems = with("max_body_bytes", serde_json::json!("lots"))
        .err()
        .unwrap_or_default();
    assert_eq!(problems.len(), 1);
    assert!(problems[0].contains("max_body_bytes"), "{problems:?}");
}

#[test]
#[allow(clippy::result_large_err)] // figment::Jail's signature, not ours
fn environment_overrides_the_defaults_and_other_cchc_variables_are_ignored() {
    figment::Jail::expect_with(|jail| {
        jail.set_env("CCHC_BIND", "0.0.0.0:9000");
        jail.set_env("CCHC_DEMO", "false");
        jail.set_env("CCHC_TEST_DATABASE_URL", "postgres://elsewhere/db");
        let config = Config::load(None).map_err(|e| e.join("; "))?;
        assert_eq!(config.bind, "0.0.0.0:9000");
        assert!(!config.demo_enabled());
        Ok(())
    });
}

#[test]
fn demo_defaults_off_for_postgres() -> Result<(), Vec<String>> {
    let config = with(
        "database_url",
        serde_json::json!("postgres://u:secret@h/db"),
    )?;
    assert!(!config.demo_enabled());
    assert_eq!(redact_url(&config.database_url), "postgres://u:***@h/db");
    assert_eq!(
        redact_url("postgres://u:secret@h1:5432,h2:5433/db?target_session_attrs=read-write"),
        "postgres://u:***@h1:5432,h2:5433/db?target_session_attrs=read-write"
    );
    Ok(())
}
