//! The wire form of an official and the journal's view of it (contact details hidden).

use cchc_sdk::types::auth::Role;
use cchc_sdk::types::officials::{Contact, OfficialOut};
use serde_json::json;

use crate::auth::Ctx;
use crate::domain::audit;
use crate::domain::codec::parse_enum;
use crate::entity::officials;
use crate::error::ApiError;

/// Whether `ctx` may read the contact details of `m`: a system admin, a unit admin whose
/// scope holds the official's unit, or the official themself.
pub fn may_see_contact(ctx: &Ctx, m: &officials::Model) -> bool {
    let p = &ctx.principal;
    p.is_system_admin()
        || (p.roles.contains(&Role::UnitAdmin) && ctx.scope.sees(m.unit_id))
        || (m.user_id == Some(p.id))
}

/// The wire form, with contact details only when `show_contact`.
pub fn to_out(m: officials::Model, show_contact: bool) -> Result<OfficialOut, ApiError> {
    Ok(OfficialOut {
        contact: show_contact.then(|| Contact {
            email: m.email.clone(),
            phone: m.phone.clone(),
        }),
        status: parse_enum(&m.status)?,
        id: m.id,
        unit_id: m.unit_id,
        full_name: m.full_name,
        position: m.position,
        department_id: m.department_id,
        user_id: m.user_id,
        created_at: m.created_at,
        updated_at: m.updated_at,
        version: m.version,
    })
}

/// The wire form for `ctx`.
pub fn out_for(ctx: &Ctx, m: officials::Model) -> Result<OfficialOut, ApiError> {
    let show = may_see_contact(ctx, &m);
    to_out(m, show)
}

/// The journal's view: contact details never, a change of them as `***`.
pub(super) fn journal_changes(
    before: Option<&officials::Model>,
    after: Option<&officials::Model>,
) -> Result<serde_json::Value, ApiError> {
    let mut changes = audit::diff(
        before
            .cloned()
            .map(|m| to_out(m, false))
            .transpose()?
            .as_ref(),
        after
            .cloned()
            .map(|m| to_out(m, false))
            .transpose()?
            .as_ref(),
    );
    let contact = |m: Option<&officials::Model>| m.map(|m| (m.email.clone(), m.phone.clone()));
    if contact(before) != contact(after)
        && let Some(map) = changes.as_object_mut()
    {
        map.insert("contact".into(), json!({"before": "***", "after": "***"}));
    }
    Ok(changes)
}
