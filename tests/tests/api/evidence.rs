//! Evidence files of tasks: the right to attach is checked before the body is read, a
//! listing never reads the files' bytes, and a file stored for an upload that does not
//! commit is removed again.

use std::path::{Path, PathBuf};
use std::time::Duration;

use cchc_sdk::Client;
use cchc_sdk::types::auth::Role;
use cchc_sdk::types::tasks::TaskOut;
use cchc_server::entity::{task_attachments, tasks as task_rows};
use futures_util::{StreamExt, TryStreamExt};
use sea_orm::sea_query::Expr;
use sea_orm::{
    ColumnTrait, ConnectionTrait, DbBackend, EntityTrait, PaginatorTrait, QueryFilter, QuerySelect,
    SqliteTransactionMode, TransactionOptions, TransactionTrait,
};
use sha2::Digest;
use uuid::Uuid;

use crate::common::fixtures::task_in;
use crate::common::world::{World, officer};
use crate::common::{TestApp, TestResult};

/// How long a step may take before the test gives up on it: a guard against a hang, never
/// a measurement (below the SDK's 30 s request timeout, so a hang reads as what it means).
const PATIENCE: Duration = Duration::from_secs(20);

/// A task of the unit led by the office (Văn phòng).
async fn task(app: &TestApp, w: &World) -> Result<TaskOut, cchc_sdk::Error> {
    Ok(app
        .client
        .tasks()
        .create(&task_in(
            w.a(),
            "Báo cáo kết quả CCHC quý I",
            Some(w.a().van_phong()),
        ))
        .await?
        .into_inner())
}

/// A fresh attachments directory (not created: the server makes it on first use).
fn attachments_dir() -> PathBuf {
    std::env::temp_dir().join(format!("cchc-evidence-{}", Uuid::now_v7().simple()))
}

/// The names in `dir`, temporary ones included; none when it does not exist.
fn files_in(dir: &Path) -> Result<Vec<String>, std::io::Error> {
    match std::fs::read_dir(dir) {
        Ok(entries) => entries
            .map(|e| e.map(|e| e.file_name().to_string_lossy().into_owned()))
            .collect(),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(Vec::new()),
        Err(e) => Err(e),
    }
}

/// The attachment rows of a task, counted without reading them.
async fn rows_of(app: &TestApp, task_id: Uuid) -> Result<u64, sea_orm::DbErr> {
    task_attachments::Entity::find()
        .filter(task_attachments::Column::TaskId.eq(task_id))
        .count(&app.db)
        .await
}

/// A body that sends `head` and then waits, unfinished, until the returned sender fires or
/// is dropped: a server that reads the body before answering cannot answer while it waits.
fn held_body(head: Vec<u8>) -> (reqwest::Body, tokio::sync::oneshot::Sender<()>) {
    let (release, released) = tokio::sync::oneshot::channel::<()>();
    let first = futures_util::stream::once(async move { Ok::<_, std::io::Error>(head.into()) });
    let rest = futures_util::stream::once(async move {
        let _ = released.await;
        Ok::<bytes::Bytes, std::io::Error>(bytes::Bytes::from_static(b"\n%%EOF\n"))
    });
    (reqwest::Body::wrap_stream(first.chain(rest)), release)
}

async fn fetch(client: &Client, task: Uuid, id: Uuid) -> Result<Vec<u8>, cchc_sdk::Error> {
    let chunks: Vec<bytes::Bytes> = client
        .tasks()
        .download_attachment(task, id)
        .await?
        .try_collect()
        .await?;
    Ok(chunks.concat())
}

#[tokio::test]
async fn an_upload_the_caller_may_not_make_is_refused_before_its_body_is_read() -> TestResult {
    let dir = attachments_dir();
    let dir_setting = dir.display().to_string();
    let app = TestApp::spawn_with(|c| c.attachments_dir = dir_setting).await;
    let w = World::build(&app).await?;
    let t = task(&app, &w).await?;
    // Finance is neither the lead nor a supporting department of the task.
    let finance = officer(&app, w.a(), "ketoan", w.a().tai_chinh()).await?;
    let (_, other_admin) = app
        .user("admin.hoadong", Role::UnitAdmin, Some(w.b().id))
        .await?;
    for (who, client, status) in [
        ("an officer of another department", &finance, 403),
        ("the admin of another unit", &other_admin, 404),
    ] {
        let (body, release) = held_body(b"%PDF-1.7\n1 0 obj <<>> endobj\n".to_vec());
        let answer = tokio::time::timeout(
            PATIENCE,
            client
                .tasks()
                .upload_attachment(t.id, "bao-cao.pdf", Some("application/pdf"), body),
        )
        .await;
        drop(release);
        let Ok(answer) = answer else {
            panic!(
                "{who}: no answer while the body was unfinished: the body is read before the right is checked"
            );
        };
        let err = answer.err().ok_or_else(|| format!("{who}: accepted"))?;
        assert_eq!(err.status(), Some(status), "{who}: {err:?}");
    }
    assert_eq!(rows_of(&app, t.id).await?, 0, "no row of a refused upload");
    assert_eq!(
        files_in(&dir)?,
        Vec::<String>::new(),
        "no file of a refused upload"
    );

    // The lead department's officer may, and its file is where it should be.
    let office = officer(&app, w.a(), "vanphong", w.a().van_phong()).await?;
    let pdf = b"%PDF-1.7\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n".to_vec();
    let stored = office
        .tasks()
        .upload_attachment(t.id, "bao-cao.pdf", Some("application/pdf"), pdf.clone())
        .await?;
    assert_eq!(stored.http_status, 201);
    assert_eq!(files_in(&dir)?, vec![stored.id.to_string()]);
    assert_eq!(std::fs::read(dir.join(stored.id.to_string()))?, pdf);
    let _ = std::fs::remove_dir_all(&dir);
    Ok(())
}

#[tokio::test]
async fn a_listing_never_reads_the_files_bytes_however_large() -> TestResult {
    let app = TestApp::spawn().await;
    let w = World::build(&app).await?;
    let t = task(&app, &w).await?;
    let tasks = app.client.tasks();
    // A large file, stored in the database.
    let mut big = b"%PDF-1.7\n".to_vec();
    big.resize(app.config.attachment_max_bytes - 1024, b'x');
    let small = "Biên bản họp".as_bytes().to_vec();
    let first = tasks
        .upload_attachment(t.id, "Báo cáo.pdf", Some("application/pdf"), big.clone())
        .await?;
    let second = tasks
        .upload_attachment(t.id, "bien-ban.txt", Some("text/plain"), small.clone())
        .await?;
    let listed = tasks.list_attachments(t.id).await?;
    assert_eq!(
        listed
            .iter()
            .map(|a| (a.id, a.file_name.as_str(), a.size_bytes, a.sha256.clone()))
            .collect::<Vec<_>>(),
        vec![
            (
                first.id,
                "Báo cáo.pdf",
                big.len() as i64,
                hex::encode(sha2::Sha256::digest(&big))
            ),
            (
                second.id,
                "bien-ban.txt",
                small.len() as i64,
                hex::encode(sha2::Sha256::digest(&small))
            ),
        ]
    );
    assert_eq!(fetch(&app.client, t.id, second.id).await?, small);

    // Make the content column unreadable as bytes: any query that selects it now fails.
    match app.db.get_database_backend() {
        DbBackend::Postgres => {
            app.db
                .execute_unprepared(
                    "ALTER TABLE task_attachments ALTER COLUMN data TYPE bigint USING length(data)",
                )
                .await?;
        }
        _ => {
            task_attachments::Entity::update_many()
                .col_expr(task_attachments::Column::Data, Expr::value(42))
                .filter(task_attachments::Column::TaskId.eq(t.id))
                .exec(&app.db)
                .await?;
        }
    }
    let err = fetch(&app.client, t.id, second.id)
        .await
        .err()
        .ok_or("the content column still reads as bytes")?;
    assert_eq!(err.status(), Some(500), "reading the bytes fails: {err:?}");
    assert_eq!(
        tasks.list_attachments(t.id).await?,
        listed,
        "the listing does not touch the content column"
    );
    Ok(())
}

#[tokio::test]
async fn a_file_stored_for_an_upload_that_does_not_commit_is_removed() -> TestResult {
    let dir = attachments_dir();
    let dir_setting = dir.display().to_string();
    let app = TestApp::spawn_with(|c| c.attachments_dir = dir_setting).await;
    let w = World::build(&app).await?;
    let t = task(&app, &w).await?;
    let office = officer(&app, w.a(), "vanphong", w.a().van_phong()).await?;

    // Another change holds the write lock (SQLite) and the task's row (PostgreSQL) while the
    // office's officer uploads: the upload's transaction must wait for it.
    let other_change = app
        .db
        .begin_with_options(TransactionOptions {
            sqlite_transaction_mode: Some(SqliteTransactionMode::Immediate),
            ..Default::default()
        })
        .await?;
    task_rows::Entity::find_by_id(t.id)
        .lock_exclusive()
        .one(&other_change)
        .await?
        .ok_or("the task")?;
    let upload = tokio::spawn({
        let (office, task_id) = (office.clone(), t.id);
        async move {
            office
                .tasks()
                .upload_attachment(
                    task_id,
                    "bao-cao.pdf",
                    Some("application/pdf"),
                    b"%PDF-1.7\n1 0 obj <<>> endobj\n%%EOF\n".to_vec(),
                )
                .await
        }
    });
    // The file is written before the upload's transaction, so while it waits for the lock.
    let waited = tokio::time::timeout(PATIENCE, async {
        loop {
            if !files_in(&dir)?.is_empty() {
                return Ok::<_, std::io::Error>(());
            }
            tokio::time::sleep(Duration::from_millis(10)).await;
        }
    })
    .await;
    let Ok(written) = waited else {
        panic!(
            "no file was written while another change held the lock: the file is written inside the transaction"
        );
    };
    written?;
    // Meanwhile the task is handed to finance: the office's officer may no longer attach.
    task_rows::Entity::update_many()
        .col_expr(
            task_rows::Column::LeadDepartmentId,
            Expr::value(w.a().tai_chinh()),
        )
        .filter(task_rows::Column::Id.eq(t.id))
        .exec(&other_change)
        .await?;
    other_change.commit().await?;

    let err = upload
        .await?
        .err()
        .ok_or("the upload committed although its right was withdrawn")?;
    assert!(err.is_forbidden(), "{err:?}");
    assert_eq!(rows_of(&app, t.id).await?, 0, "no row");
    assert_eq!(
        files_in(&dir)?,
        Vec::<String>::new(),
        "the file of the upload that did not commit is gone"
    );

    // An upload that commits keeps its file, under its final name only.
    let text = "Biên bản kiểm tra".as_bytes().to_vec();
    let stored = app
        .client
        .tasks()
        .upload_attachment(t.id, "bien-ban.txt", Some("text/plain"), text.clone())
        .await?;
    assert_eq!(files_in(&dir)?, vec![stored.id.to_string()]);
    assert_eq!(fetch(&app.client, t.id, stored.id).await?, text);
    let _ = std::fs::remove_dir_all(&dir);
    Ok(())
}
