//! Narrowing a sign-in to some of what its principal holds (`scope` of a token request,
//! RFC 6749 §3.3): a person's roles (`viewer`, `auditor` …), a system's scopes
//! (`units.read` …). A narrowed token carries the list in its `scope` claim and every
//! request it makes is judged by the principal's current roles or scopes within that list,
//! so a role taken away since is gone at once and a narrowed token never widens.

use crate::auth::Principal;
use crate::domain::codec::enum_str;
use crate::error::{ApiError, ErrorKind, FieldIssue, Text};

/// The names a principal holds now: its roles (a person) or scopes (a system).
pub fn held(principal: &Principal) -> Vec<String> {
    let roles = principal.roles.iter().map(enum_str);
    let scopes = principal.scopes.iter().map(enum_str);
    roles.chain(scopes).filter(|s| !s.is_empty()).collect()
}

/// The narrowing a token request is granted, to be kept with its sign-in: `None` for all
/// the principal holds. `ceiling` is the sign-in's own narrowing on a refresh (RFC 6749 §6:
/// never more than was granted); `requested` the request's `scope`, space-separated.
///
/// Errors: 400 `invalid_scope` naming the first value that is unknown or not held.
pub fn grant(
    held: &[String],
    ceiling: Option<&str>,
    requested: Option<&str>,
) -> Result<Option<String>, ApiError> {
    let allowed: Vec<&String> = match ceiling {
        Some(c) => held
            .iter()
            .filter(|h| c.split(' ').any(|x| x == h.as_str()))
            .collect(),
        None => held.iter().collect(),
    };
    let asked: Vec<&str> = requested
        .unwrap_or_default()
        .split([' ', '\t'])
        .filter(|s| !s.is_empty())
        .collect();
    if asked.is_empty() {
        return Ok(ceiling.map(|_| join(allowed)));
    }
    if let Some(bad) = asked.iter().find(|a| !allowed.iter().any(|h| h == *a)) {
        return Err(ApiError::new(ErrorKind::InvalidScope)
            .with_oauth_error("invalid_scope")
            .with_detail(
                format!(
                    "Không được cấp phạm vi «{bad}»: chỉ xin những vai trò hoặc phạm vi đã có."
                ),
                format!("Scope \"{bad}\" cannot be granted: ask only for roles or scopes held."),
            )
            .with_errors(vec![FieldIssue::new(
                "scope",
                "invalid_value",
                Text::new(
                    format!("Được xin: {}.", join(allowed.clone())),
                    format!("Allowed: {}.", join(allowed.clone())),
                ),
            )]));
    }
    Ok(Some(join(
        allowed
            .into_iter()
            .filter(|h| asked.contains(&h.as_str()))
            .collect(),
    )))
}

/// Keeps only the roles and scopes a token's `scope` claim names.
pub fn apply(principal: &mut Principal, scope: &str) {
    let named = |name: String| scope.split(' ').any(|s| s == name);
    principal.roles.retain(|r| named(enum_str(r)));
    principal.scopes.retain(|s| named(enum_str(s)));
}

/// The `scope` of a token answer: what the token allows, space-separated.
pub fn effective(principal: &Principal, narrowed: Option<&str>) -> String {
    let mut p = principal.clone();
    if let Some(n) = narrowed {
        apply(&mut p, n);
    }
    held(&p).join(" ")
}

fn join(names: Vec<&String>) -> String {
    names
        .into_iter()
        .map(String::as_str)
        .collect::<Vec<_>>()
        .join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(v: &[&str]) -> Vec<String> {
        v.iter().map(|s| (*s).to_owned()).collect()
    }

    #[test]
    fn a_request_narrows_to_what_is_held_and_never_beyond() -> Result<(), ApiError> {
        let held = names(&["units.read", "reports.read"]);
        assert_eq!(grant(&held, None, None)?, None);
        assert_eq!(grant(&held, None, Some("  "))?, None);
        assert_eq!(
            grant(&held, None, Some("reports.read"))?,
            Some("reports.read".into())
        );
        let err = grant(&held, None, Some("reports.read audit.read")).err();
        assert_eq!(err.map(|e| e.kind), Some(ErrorKind::InvalidScope));
        // A refresh keeps the sign-in's narrowing and cannot widen it.
        let ceiling = Some("reports.read");
        assert_eq!(grant(&held, ceiling, None)?, Some("reports.read".into()));
        assert!(grant(&held, ceiling, Some("units.read")).is_err());
        Ok(())
    }
}
