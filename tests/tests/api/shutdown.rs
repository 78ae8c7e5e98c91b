//! Graceful shutdown: SIGTERM (what an orchestrator sends before it kills) stops taking new
//! requests and lets the ones in flight finish, then the process exits 0. The server is a
//! child process on the test's own database (`common::child`).

use std::time::Duration;

use cchc_sdk::types::tasks::TaskListQuery;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

use crate::common::child::start;
use crate::common::fixtures::task_in;
use crate::common::world::World;
use crate::common::{TestApp, TestResult, admin_token};

#[tokio::test]
async fn sigterm_lets_a_request_in_flight_finish_then_exits() -> TestResult {
    let app = TestApp::spawn().await;
    let w = World::build(&app).await?;
    let mut child = start(&app, false).await?;
    let token = admin_token(&child.base_url).await?;
    let body = serde_json::to_vec(&task_in(w.a(), "Việc gửi dở khi máy chủ dừng", None))?;
    let (head, tail) = body.split_at(body.len() / 2);

    // A create whose body is half sent when SIGTERM arrives.
    let address = child.base_url.trim_start_matches("http://").to_owned();
    let mut stream = TcpStream::connect(&address).await?;
    let request = format!(
        "POST /api/v1/tasks HTTP/1.1\r\nHost: {address}\r\nAuthorization: Bearer {token}\r\n\
         Content-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
        body.len()
    );
    stream.write_all(request.as_bytes()).await?;
    stream.write_all(head).await?;
    stream.flush().await?;
    tokio::time::sleep(Duration::from_millis(200)).await;
    child.terminate()?;

    // No new request is served once it is stopping.
    let http = reqwest::Client::builder()
        .timeout(Duration::from_millis(500))
        .build()?;
    let mut refused = false;
    for _ in 0..40 {
        match http.get(format!("{}/readyz", child.base_url)).send().await {
            Ok(res) if res.status().is_success() => {
                tokio::time::sleep(Duration::from_millis(50)).await;
            }
            _ => {
                refused = true;
                break;
            }
        }
    }
    assert!(refused, "a stopping server still took new requests");

    // The request in flight is finished and answered.
    stream.write_all(tail).await?;
    let mut answer = String::new();
    stream.read_to_string(&mut answer).await?;
    assert!(
        answer.starts_with("HTTP/1.1 201"),
        "the request in flight was not finished: {answer}"
    );
    let status = child.exited(Duration::from_secs(30)).await?;
    assert_eq!(
        status.map(|s| s.success()),
        Some(true),
        "the process exits 0 once drained"
    );

    let query = TaskListQuery {
        unit_id: Some(w.a().id),
        ..Default::default()
    };
    let tasks = app.client.tasks().list(&query).await?.data;
    assert!(
        tasks
            .iter()
            .any(|t| t.title == "Việc gửi dở khi máy chủ dừng"),
        "the task the drained request made is kept"
    );
    Ok(())
}
