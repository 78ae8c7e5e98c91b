//! The one lifecycle mechanism. Each resource with a lifecycle (plans, tasks, index
//! assessments, award proposals and decisions) states its actions ([`Action`]) and, as a
//! table, which are allowed from a status; [`check`] is the one place that refuses an
//! action not allowed, with the one 409 `invalid_transition` answer: the resource, its
//! status, and the actions allowed from it (`allowed_actions`), in the caller's language.

use crate::error::{ApiError, ErrorKind};

/// An action of a lifecycle.
pub trait Action: Copy + PartialEq {
    /// Its name in URLs, errors and `allowed_actions` (`submit`, `issue` …).
    fn name(self) -> &'static str;
}

/// What a lifecycle belongs to, for its messages: Vietnamese and English nouns
/// (`("kế hoạch", "plan")`).
pub type Resource = (&'static str, &'static str);

/// The 409 `invalid_transition` for `action` on a `resource` that is `status`, listing the
/// actions `allowed` from there.
pub fn refused<'a>(
    resource: Resource,
    status: &str,
    action: &str,
    allowed: impl IntoIterator<Item = &'a str>,
) -> ApiError {
    let (vi, en) = resource;
    ApiError::new(ErrorKind::InvalidTransition)
        .with_detail(
            format!(
                "Không thể {} {vi} đang ở trạng thái {} ('{action}').",
                crate::error::vi_action(action),
                crate::error::vi_term(status)
            ),
            format!("'{action}' is not allowed for a {en} that is '{status}'."),
        )
        .with_allowed_actions(allowed.into_iter().map(str::to_owned).collect())
}

/// `Ok` when `action` is among `allowed` (the resource's table for its current `status`),
/// else [`refused`].
pub fn check<A: Action>(
    resource: Resource,
    status: &str,
    action: A,
    allowed: &[A],
) -> Result<(), ApiError> {
    if allowed.contains(&action) {
        return Ok(());
    }
    Err(refused(
        resource,
        status,
        action.name(),
        allowed.iter().map(|a| a.name()),
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug, Clone, Copy, PartialEq)]
    enum Door {
        Open,
        Close,
    }

    impl Action for Door {
        fn name(self) -> &'static str {
            match self {
                Door::Open => "open",
                Door::Close => "close",
            }
        }
    }

    #[test]
    fn an_action_not_in_the_table_is_409_listing_the_allowed_ones() {
        assert!(check(("cửa", "door"), "closed", Door::Open, &[Door::Open]).is_ok());
        let err = check(("cửa", "door"), "closed", Door::Close, &[Door::Open]).err();
        assert_eq!(err.map(|e| e.kind), Some(ErrorKind::InvalidTransition));
    }
}
