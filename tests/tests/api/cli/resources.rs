//! Logging in and out, and list / get / create through `cchc`.

use cchc_sdk::types::departments::DepartmentIn;

use super::Cli;
use crate::common::fixtures::department_in;
use crate::common::world::World;
use crate::common::{ADMIN_PASSWORD, TestApp, TestResult};

#[tokio::test]
async fn logging_in_keeps_a_token_only_its_owner_can_read_and_logging_out_forgets_it() -> TestResult
{
    let app = TestApp::spawn().await;
    let cli = Cli::new(&app);
    let before = cli.run(&["units", "list"]).await;
    assert_eq!(before.code, 1, "not logged in yet: {before:?}");
    assert!(before.stderr.contains("cchc login"), "{}", before.stderr);

    let login = cli.login().await.ok();
    assert!(login.stdout.contains("as "), "{}", login.stdout);
    let token = cli.config_dir().join("token.json");
    assert!(token.exists(), "the token is kept");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&token)?.permissions().mode() & 0o777;
        assert_eq!(mode, 0o600, "only its owner reads the token");
    }
    let me = cli.run(&["whoami", "--output", "json"]).await.ok().json();
    assert_eq!(me["roles"], serde_json::json!(["system_admin"]));

    let wrong = cli
        .run_with(
            &["login", "--username", "admin", "--password-stdin"],
            Some("not-the-password\n".into()),
        )
        .await;
    assert_eq!(wrong.code, 1, "{wrong:?}");
    assert!(!wrong.stderr.is_empty());

    cli.run(&["logout"]).await.ok();
    assert!(!token.exists(), "logging out forgets the token");
    assert_eq!(cli.run(&["whoami"]).await.code, 1);
    Ok(())
}

#[tokio::test]
async fn units_list_and_get_as_aligned_tables_and_json_with_vietnamese_names_intact() -> TestResult
{
    let app = TestApp::spawn().await;
    let w = World::build(&app).await?;
    let cli = Cli::new(&app);
    cli.login().await.ok();

    let table = cli.run(&["units", "list", "--output", "table"]).await.ok();
    for name in [
        "Tỉnh Phú Yên",
        "Huyện Tây Hòa",
        "Xã Hòa Tân Tây",
        "Xã Hòa Đồng",
    ] {
        assert!(table.stdout.contains(name), "{name} in\n{}", table.stdout);
    }
    // NFC Vietnamese letters are one column each: aligned rows have as many characters.
    let widths: Vec<usize> = table.stdout.lines().map(|l| l.chars().count()).collect();
    assert!(widths.len() >= 6, "{}", table.stdout);
    assert!(
        widths.iter().all(|w| *w == widths[0]),
        "rows align:\n{}",
        table.stdout
    );

    let found = cli
        .run(&["units", "list", "-q", "hoa dong", "--output", "json"])
        .await
        .ok()
        .json();
    let names: Vec<&str> = found
        .as_array()
        .ok_or("an array")?
        .iter()
        .filter_map(|u| u["name"].as_str())
        .collect();
    assert_eq!(names, vec!["Xã Hòa Đồng"]);

    let id = w.a().id.to_string();
    let one = cli
        .run(&["units", "get", &id, "--output", "json"])
        .await
        .ok()
        .json();
    assert_eq!(one["name"], "Xã Hòa Tân Tây");
    assert_eq!(one["code"], "22081");
    let fields = cli
        .run(&["units", "get", &id, "--output", "table"])
        .await
        .ok();
    assert!(
        fields.stdout.contains("Xã Hòa Tân Tây"),
        "{}",
        fields.stdout
    );

    let paged = cli
        .run(&["units", "list", "--limit", "2", "--output", "table"])
        .await
        .ok();
    assert!(paged.stderr.contains("--cursor"), "{}", paged.stderr);
    let every = cli
        .run(&["units", "list", "--limit", "2", "--all", "--output", "json"])
        .await
        .ok()
        .json();
    assert_eq!(every.as_array().map(Vec::len), Some(4), "every page");
    Ok(())
}

#[tokio::test]
async fn a_department_is_created_from_a_json_file_and_errors_exit_with_their_problem() -> TestResult
{
    let app = TestApp::spawn().await;
    let w = World::build(&app).await?;
    let cli = Cli::new(&app);
    cli.login().await.ok();

    let body: DepartmentIn = department_in(&w.a().unit, "Phòng Văn hóa - Thông tin xã");
    let file = cli.write("department.json", &serde_json::to_string(&body)?);
    let created = cli
        .run(&[
            "departments",
            "create",
            "--file",
            super::arg(&file),
            "--output",
            "json",
        ])
        .await
        .ok()
        .json();
    assert_eq!(created["name"], "Phòng Văn hóa - Thông tin xã");
    let id: uuid::Uuid = created["id"].as_str().ok_or("an id")?.parse()?;
    let stored = app.client.departments().get(id).await?;
    assert_eq!(stored.name, "Phòng Văn hóa - Thông tin xã");
    let shown = cli
        .run(&["departments", "get", &id.to_string(), "--output", "table"])
        .await
        .ok();
    assert!(
        shown.stdout.contains("Phòng Văn hóa - Thông tin xã"),
        "{}",
        shown.stdout
    );

    // The same name again in the same unit: the API's problem, exit 1.
    let again = cli
        .run(&[
            "departments",
            "create",
            "--file",
            super::arg(&file),
            "--lang",
            "en",
        ])
        .await;
    assert_eq!(again.code, 1, "{again:?}");
    assert!(again.stderr.contains("409"), "{}", again.stderr);
    assert!(again.stderr.contains("request id"), "{}", again.stderr);

    let missing = cli
        .run(&["units", "get", &uuid::Uuid::now_v7().to_string()])
        .await;
    assert_eq!(missing.code, 1);
    assert!(missing.stderr.contains("404"), "{}", missing.stderr);

    // Usage errors exit 2: a body that is not the resource, a filter the list lacks.
    let bad = cli.write("bad.json", r#"{"name": 5}"#);
    assert_eq!(
        cli.run(&["departments", "create", "--file", super::arg(&bad)])
            .await
            .code,
        2
    );
    assert_eq!(
        cli.run(&["units", "list", "--filter", "colour=red"])
            .await
            .code,
        2
    );
    // A value the filter does not know is named, not the query type's insides.
    let level = cli
        .run(&["units", "list", "--filter", "level=planet"])
        .await;
    assert_eq!(level.code, 2, "{level:?}");
    assert!(level.stderr.contains("`level=planet`"), "{level:?}");
    assert!(!level.stderr.contains("Unknown"), "{level:?}");
    assert_eq!(cli.run(&["units", "frob"]).await.code, 2);
    Ok(())
}

#[tokio::test]
async fn a_command_signed_in_from_the_environment_leaves_no_session() -> TestResult {
    use cchc_server::admin::sessions;
    let app = TestApp::spawn().await;
    let cli = Cli::new(&app);
    let ttl = app.config.access_token_ttl_secs;
    let before = sessions::list(&app.db, Some("admin"), ttl).await?.len();
    let vars = [
        ("CCHC_USERNAME", "admin"),
        ("CCHC_PASSWORD", ADMIN_PASSWORD),
    ];
    for _ in 0..3 {
        cli.run_env(&["units", "list", "--output", "json"], None, &vars)
            .await
            .ok();
    }
    let after = sessions::list(&app.db, Some("admin"), ttl).await?.len();
    assert_eq!(
        after, before,
        "each run's sign-in was ended when it finished"
    );
    Ok(())
}
