//! Sending: the typed calls every resource goes through, with credentials,
//! `Idempotency-Key`, `If-Match`, one sign-in again on 401, retries with backoff,
//! downloads and pagination.

use std::time::Duration;

use reqwest::header::HeaderMap;
use reqwest::{Method, StatusCode};
use serde::Serialize;
use serde::de::DeserializeOwned;

use super::{Client, Error, RequestOptions, Response, Result, problem_error};

impl Client {
    /// Sends a typed request and decodes the answer, retrying where it is safe.
    pub(crate) async fn send<B: Serialize + ?Sized, T: DeserializeOwned>(
        &self,
        method: Method,
        path: &str,
        query: Option<&(impl Serialize + ?Sized)>,
        body: Option<&B>,
        options: &RequestOptions,
    ) -> Result<Response<T>> {
        let res = self
            .execute(method, path, query, options, |req| match body {
                Some(body) => req.json(body),
                None => req,
            })
            .await?;
        Response::read(res).await
    }

    /// Like [`Client::send`], with a body that is not JSON (CSV, NDJSON) sent as is with its
    /// `Content-Type`; the answer is JSON.
    pub(crate) async fn send_text<T: DeserializeOwned>(
        &self,
        method: Method,
        path: &str,
        content_type: &str,
        body: impl Into<bytes::Bytes>,
        options: &RequestOptions,
    ) -> Result<Response<T>> {
        let body = body.into();
        let res = self
            .execute(method, path, None::<&()>, options, |req| {
                req.header(reqwest::header::CONTENT_TYPE, content_type)
                    .body(body.clone())
            })
            .await?;
        Response::read(res).await
    }

    /// Like [`Client::send`] for a GET whose answer is text (a CSV sheet), read whole.
    pub(crate) async fn get_text(
        &self,
        path: &str,
        query: Option<&(impl Serialize + ?Sized)>,
        options: &RequestOptions,
    ) -> Result<Response<String>> {
        let res = self
            .execute(Method::GET, path, query, options, |req| req)
            .await?;
        Response::read_text(res).await
    }

    /// The path of every typed call: credentials, `Idempotency-Key`, `If-Match`, one
    /// sign-in again on 401, retries where safe. `body` sets the body of each attempt.
    /// The answer's status is not checked.
    async fn execute(
        &self,
        method: Method,
        path: &str,
        query: Option<&(impl Serialize + ?Sized)>,
        options: &RequestOptions,
        body: impl Fn(reqwest::RequestBuilder) -> reqwest::RequestBuilder,
    ) -> Result<reqwest::Response> {
        let idempotency_key = match (
            &options.idempotency_key,
            method == Method::POST && options.auto_idempotency_key,
        ) {
            (Some(key), _) => Some(key.clone()),
            (None, true) => Some(uuid::Uuid::new_v4().to_string()),
            (None, false) => None,
        };
        let retry_safe = method != Method::POST || idempotency_key.is_some();
        let mut attempt = 0;
        let mut refreshed = false;
        loop {
            let mut req = self.raw(method.clone(), path).await?;
            if let Some(query) = query {
                req = req.query(query);
            }
            req = body(req);
            if let Some(key) = &idempotency_key {
                req = req.header("Idempotency-Key", key);
            }
            if let Some(tag) = &options.if_match {
                req = req.header("If-Match", tag);
            }
            let outcome = req.send().await;
            // An access token that died early (revoked key, clock skew): sign in again once.
            if let Ok(res) = &outcome
                && res.status() == StatusCode::UNAUTHORIZED
                && !refreshed
                && self.inner.session.renewable()
            {
                refreshed = true;
                self.inner.session.invalidate().await;
                continue;
            }
            let wait = match &outcome {
                Err(e) if e.is_connect() => Some(None),
                Ok(res) if matches!(res.status().as_u16(), 429 | 502 | 503 | 504) => {
                    Some(retry_after(res.headers()))
                }
                _ => None,
            };
            if let Some(wait) = wait
                && retry_safe
                && attempt < self.inner.max_retries
            {
                tokio::time::sleep(wait.unwrap_or_else(|| backoff(attempt))).await;
                attempt += 1;
                continue;
            }
            return outcome.map_err(Error::transport);
        }
    }

    /// A GET whose answer is a file, as a stream of chunks read as they arrive.
    pub(crate) async fn download(
        &self,
        path_and_query: &str,
    ) -> Result<impl futures_util::Stream<Item = Result<bytes::Bytes>> + use<>> {
        let res = self
            .raw(Method::GET, path_and_query)
            .await?
            .send()
            .await
            .map_err(Error::transport)?;
        let status = res.status();
        if !status.is_success() {
            let body = res.bytes().await.map_err(Error::transport)?;
            return Err(problem_error(status, &body));
        }
        use futures_util::TryStreamExt;
        Ok(res.bytes_stream().map_err(Error::transport))
    }

    /// Sends a request whose success has no body (204).
    pub(crate) async fn send_empty(
        &self,
        method: Method,
        path: &str,
        options: &RequestOptions,
    ) -> Result<()> {
        let mut req = self.raw(method, path).await?;
        if let Some(tag) = &options.if_match {
            req = req.header("If-Match", tag);
        }
        let res = req.send().await.map_err(Error::transport)?;
        let status = res.status();
        if status.is_success() {
            return Ok(());
        }
        let bytes = res.bytes().await.map_err(Error::transport)?;
        Err(problem_error(status, &bytes))
    }
}

/// Exponential backoff with full jitter: up to 250 ms, 500 ms, 1 s, … capped at 8 s.
fn backoff(attempt: u32) -> Duration {
    let ceiling = 250u64.saturating_mul(1 << attempt.min(5)).min(8_000);
    let jitter = uuid::Uuid::new_v4().as_u128() as u64 % (ceiling + 1);
    Duration::from_millis(jitter.max(50))
}

fn retry_after(headers: &HeaderMap) -> Option<Duration> {
    let secs: u64 = headers
        .get("retry-after")?
        .to_str()
        .ok()?
        .trim()
        .parse()
        .ok()?;
    Some(Duration::from_secs(secs.min(60)))
}

/// Walks every page of a list lazily: the next page is fetched when the stream is polled
/// past the end of the current one.
pub(crate) fn paginate<Q, T>(
    client: Client,
    path: &'static str,
    query: Q,
    set_cursor: fn(&mut Q, Option<String>),
) -> impl futures_util::Stream<Item = Result<T>>
where
    Q: Serialize + Clone,
    T: DeserializeOwned,
{
    use crate::types::common::Page;
    struct State<Q, T> {
        query: Q,
        buffer: std::collections::VecDeque<T>,
        done: bool,
    }
    let state = State {
        query,
        buffer: Default::default(),
        done: false,
    };
    futures_util::stream::try_unfold(state, move |mut state| {
        let client = client.clone();
        async move {
            loop {
                if let Some(item) = state.buffer.pop_front() {
                    return Ok(Some((item, state)));
                }
                if state.done {
                    return Ok(None);
                }
                let page: Response<Page<T>> = client
                    .send(
                        Method::GET,
                        path,
                        Some(&state.query),
                        None::<&()>,
                        &RequestOptions::default(),
                    )
                    .await?;
                let page = page.value;
                state.buffer.extend(page.data);
                state.done = !page.has_more || page.next_cursor.is_none();
                set_cursor(&mut state.query, page.next_cursor);
            }
        }
    })
}
