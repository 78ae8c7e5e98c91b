//! Files through `cchc`: an export waited on and downloaded with its progress bar, a plan
//! rendered as PDF and DOCX, the shell completions.

use cchc_sdk::types::plans::PlanIn;
use cchc_sdk::types::reports::{PlanProgressReportQuery, ReportFormat};

use super::{Cli, arg};
use crate::common::world::World;
use crate::common::{TestApp, TestResult};

#[tokio::test]
async fn an_export_is_waited_on_and_downloaded_with_its_progress_bar_on_stderr() -> TestResult {
    let app = TestApp::spawn_with(|c| c.exports_poll_interval_ms = 20).await;
    let w = World::build(&app).await?;
    let plan = crate::exports::plan_with_tasks(&app, &w).await?;
    let cli = Cli::new(&app);
    cli.login().await.ok();
    let out = cli.path("tien-do.csv");
    let plan_id = plan.id.to_string();
    let run = cli
        .run(&[
            "exports",
            "run",
            "plan-progress",
            "--plan",
            &plan_id,
            "--format",
            "csv",
            "-o",
            arg(&out),
            "--poll-ms",
            "20",
            "--progress",
            "always",
        ])
        .await
        .ok();
    let file = std::fs::read(&out)?;
    let query = PlanProgressReportQuery {
        plan_id: plan.id,
        format: None,
    };
    let direct = crate::reports::bytes_of(
        app.client
            .reports()
            .plan_progress_file(&query, ReportFormat::Csv)
            .await?,
    )
    .await?;
    assert_eq!(file, direct, "the export's file is the report's");
    assert!(run.stdout.contains("Saved"), "{}", run.stdout);
    // The bars as drawn: the job made to 100 %, then the file's bytes.
    let bars = &run.stderr;
    assert!(bars.contains("succeeded"), "{bars}");
    assert!(bars.contains("100%"), "{bars}");
    assert!(bars.contains("downloading"), "{bars}");
    assert!(bars.contains("[=============================="), "{bars}");
    assert!(
        bars.contains(&format!("{} B", file.len())) || bars.contains("KiB"),
        "{bars}"
    );

    // Hidden when asked, and by default when stderr is not a terminal.
    for extra in [&["--progress", "never"][..], &[][..]] {
        let again = cli.path("again.csv");
        let mut args = vec![
            "exports",
            "run",
            "plan-progress",
            "--plan",
            &plan_id,
            "--format",
            "csv",
        ];
        args.extend(["-o", arg(&again), "--poll-ms", "20"]);
        args.extend(extra);
        let quiet = cli.run(&args).await.ok();
        assert!(!quiet.stderr.contains('['), "no bar: {}", quiet.stderr);
    }

    // A report downloaded at once, as JSON on stdout.
    let report = cli
        .run(&[
            "reports",
            "run",
            "plan-progress",
            "--plan",
            &plan_id,
            "--format",
            "json",
        ])
        .await
        .ok()
        .json();
    assert_eq!(report["plan_id"], plan_id.as_str());
    Ok(())
}

#[tokio::test]
async fn a_plan_created_from_a_file_renders_to_pdf_and_docx_files() -> TestResult {
    let app = TestApp::spawn().await;
    let w = World::build(&app).await?;
    let cli = Cli::new(&app);
    cli.login().await.ok();
    let body = PlanIn {
        unit_id: w.a().id,
        content: cchc_server::demo_plan::seed_plan_content(w.a().seed_refs()),
    };
    let file = cli.write("ke-hoach.json", &serde_json::to_string(&body)?);
    let plan = cli
        .run(&["plans", "create", "--file", arg(&file), "--output", "json"])
        .await
        .ok()
        .json();
    let id = plan["id"].as_str().ok_or("an id")?.to_owned();
    let listed = cli.run(&["plans", "list", "--output", "table"]).await.ok();
    assert!(listed.stdout.contains(&id), "{}", listed.stdout);

    let pdf = cli.path("ke-hoach.pdf");
    cli.run(&["plans", "document", &id, "--format", "pdf", "-o", arg(&pdf)])
        .await
        .ok();
    assert!(std::fs::read(&pdf)?.starts_with(b"%PDF-"), "a PDF");
    let docx = cli.path("ke-hoach.docx");
    cli.run(&[
        "plans",
        "document",
        &id,
        "--format",
        "docx",
        "-o",
        arg(&docx),
    ])
    .await
    .ok();
    assert!(std::fs::read(&docx)?.starts_with(b"PK"), "a DOCX (zip)");
    assert!(
        !cli.path("ke-hoach.pdf.part").exists(),
        "no partial file left"
    );

    let missing = cli.path("missing.pdf");
    let other = uuid::Uuid::now_v7().to_string();
    let run = cli
        .run(&["plans", "document", &other, "-o", arg(&missing)])
        .await;
    assert_eq!(run.code, 1);
    assert!(!missing.exists(), "nothing written for a plan not found");
    Ok(())
}

#[tokio::test]
async fn shell_completions_and_help_are_printed() -> TestResult {
    let app = TestApp::spawn().await;
    let cli = Cli::new(&app);
    let bash = cli.run(&["completions", "bash"]).await.ok();
    assert!(bash.stdout.contains("_cchc()"), "{}", bash.stdout);
    assert!(
        bash.stdout.contains("complete -F _cchc"),
        "registers itself"
    );
    assert!(
        bash.stdout.contains("push-dossiers"),
        "knows the subcommands"
    );
    let help = cli.run(&["--help"]).await.ok();
    assert!(help.stdout.contains("Examples:"), "{}", help.stdout);
    assert!(help.stdout.contains("cchc login"), "{}", help.stdout);
    assert_eq!(cli.run(&["completions", "tcsh"]).await.code, 2);
    Ok(())
}
