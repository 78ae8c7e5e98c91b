//! Per-call options: [`RequestOptions`] and the `call_options!` macro that gives every
//! resource handle its setters.

/// The per-call option setters every resource handle has.
macro_rules! call_options {
    () => {
        call_options!(@key options);
        call_options!(@if_match options);
    };
    (endpoint) => {
        call_options!(@key endpoint.options);
        call_options!(@if_match endpoint.options);
    };
    (endpoint, posts_only) => {
        call_options!(@key endpoint.options);
    };
    (@key $($field:ident).+) => {
        /// Sends this `Idempotency-Key` with the next POST (default: a fresh one per call).
        pub fn idempotency_key(mut self, key: impl Into<String>) -> Self {
            self.$($field).+.idempotency_key = Some(key.into());
            self
        }

        /// Sends POSTs without an `Idempotency-Key` (and so never retries them).
        pub fn without_idempotency_key(mut self) -> Self {
            self.$($field).+.auto_idempotency_key = false;
            self.$($field).+.idempotency_key = None;
            self
        }
    };
    (@if_match $($field:ident).+) => {
        /// Sends this `If-Match` value instead of the version of the resource passed.
        pub fn if_match(mut self, etag: impl Into<String>) -> Self {
            self.$($field).+.if_match = Some(etag.into());
            self
        }
    };
}

/// Per-call options.
#[derive(Debug, Clone)]
pub struct RequestOptions {
    /// The `Idempotency-Key` to send (a POST gets a fresh one by default).
    pub idempotency_key: Option<String>,
    /// Whether a POST without an explicit key gets a generated one (default true).
    pub auto_idempotency_key: bool,
    /// The `If-Match` precondition.
    pub if_match: Option<String>,
}

impl Default for RequestOptions {
    fn default() -> Self {
        RequestOptions {
            idempotency_key: None,
            auto_idempotency_key: true,
            if_match: None,
        }
    }
}
