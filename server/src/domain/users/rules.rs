//! The rules a user's fields and roles must keep: the shape of a username, a password and a
//! full name, and what the caller may grant or change (never more than it holds).

use cchc_sdk::types::auth::Role;
use sea_orm::ConnectionTrait;
use uuid::Uuid;

use crate::auth::{Ctx, permissions};
use crate::domain::units;
use crate::entity::users;
use crate::error::{ApiError, ErrorKind, FieldIssue, Text};

/// Roles as stored: sorted, each once.
pub(super) fn normal(mut roles: Vec<Role>) -> Vec<Role> {
    roles.sort();
    roles.dedup();
    roles
}

pub(super) fn check_username(username: &str, issues: &mut Vec<FieldIssue>) {
    let n = username.chars().count();
    if !(3..=64).contains(&n)
        || !username
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-'))
    {
        issues.push(FieldIssue::new(
            "username",
            "invalid_format",
            Text::new(
                "3–64 ký tự: chữ không dấu, số, . _ -",
                "3–64 characters: a–z, 0–9, . _ -",
            ),
        ));
    }
}

pub(super) fn check_password(password: &str, issues: &mut Vec<FieldIssue>) {
    let n = password.chars().count();
    if !(10..=200).contains(&n) {
        issues.push(FieldIssue::new(
            "password",
            "invalid_length",
            Text::new(
                "Mật khẩu dài 10–200 ký tự.",
                "Passwords are 10–200 characters long.",
            ),
        ));
    }
}

pub(super) fn check_password_ok(password: &str) -> bool {
    let mut issues = Vec::new();
    check_password(password, &mut issues);
    issues.is_empty()
}

pub(super) fn check_full_name(name: &str, issues: &mut Vec<FieldIssue>) {
    if name.is_empty() {
        issues.push(FieldIssue::required("full_name"));
    } else if name.chars().count() > 200 {
        issues.push(FieldIssue::too_long("full_name", 200));
    }
}

/// The rules shared by create and update: roles, unit, and what the caller may grant.
pub(super) async fn check_assignment(
    db: &impl ConnectionTrait,
    ctx: &Ctx,
    unit_id: Option<Uuid>,
    roles: &[Role],
    issues: &mut Vec<FieldIssue>,
) -> Result<(), ApiError> {
    if roles.is_empty() {
        issues.push(FieldIssue::required("roles"));
    }
    if roles.contains(&Role::SystemAdmin) && !ctx.principal.is_system_admin() {
        return Err(ApiError::new(ErrorKind::Forbidden).with_detail(
            "Chỉ quản trị hệ thống mới cấp được vai trò system_admin.",
            "Only a system admin can grant system_admin.",
        ));
    }
    let beyond = permissions::beyond_granter(&ctx.principal, roles, &[]);
    if !beyond.is_empty() {
        return Err(permissions::grant_forbidden("roles", &beyond));
    }
    match unit_id {
        None if !roles.contains(&Role::SystemAdmin) => issues.push(FieldIssue::required("unit_id")),
        // A user without a unit sees nothing unless a system admin; only they may be made so.
        None if !ctx.principal.is_system_admin() => issues.push(FieldIssue::required("unit_id")),
        None => {}
        Some(id) if units::find_visible(db, &ctx.scope, id).await?.is_none() => {
            issues.push(FieldIssue::unknown_reference("unit_id"))
        }
        Some(_) => {}
    }
    Ok(())
}

/// Guards users above the caller: only a system admin touches a system admin.
pub(super) fn check_may_manage(ctx: &Ctx, user: &users::Model) -> Result<(), ApiError> {
    let roles: Vec<Role> = serde_json::from_str(&user.roles).unwrap_or_default();
    if roles.contains(&Role::SystemAdmin) && !ctx.principal.is_system_admin() {
        return Err(ApiError::new(ErrorKind::Forbidden).with_detail(
            "Chỉ quản trị hệ thống mới sửa được tài khoản này.",
            "Only a system admin can change this account.",
        ));
    }
    Ok(())
}
