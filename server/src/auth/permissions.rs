//! The permission matrix: which roles (people) and scopes (systems) may do what. The
//! README's table is this function in words; the OpenAPI description of each operation
//! names its permission.

use cchc_sdk::types::auth::{ClientScope, Role};

use super::Principal;
use crate::error::{ApiError, ErrorKind};

/// Something a principal may be allowed to do.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Permission {
    /// Read units.
    UnitsRead,
    /// Create, change, archive units.
    UnitsWrite,
    /// Read users.
    UsersRead,
    /// Create and change users.
    UsersWrite,
    /// Register, change, rotate and revoke API clients.
    ApiClientsManage,
    /// Read the audit journal.
    AuditRead,
    /// Read departments and officials.
    OrganisationRead,
    /// Create, change, archive and delete departments and officials.
    OrganisationWrite,
    /// Read plans.
    PlansRead,
    /// Write plans and move them through their lifecycle.
    PlansWrite,
    /// Read tasks.
    TasksRead,
    /// Create tasks and do anything to those in scope (department officers get a narrower,
    /// per-task right in the tasks domain).
    TasksWrite,
    /// Read frameworks, assessments, results, rankings and portal statistics.
    IndexRead,
    /// Write, publish and copy frameworks (the issuer's admins).
    IndexFrameworksWrite,
    /// Open an assessment and score one's own unit.
    IndexSelfAssess,
    /// Appraise the units below one's own, publish their results.
    IndexAppraise,
    /// Push the portal's statistics and dossiers.
    PortalWrite,
    /// Read proposals, decisions, awards and the award rules.
    AwardsRead,
    /// Propose awards, review them in council, prepare, issue and revoke decisions.
    AwardsWrite,
    /// Change the award rules (when the law changes).
    AwardRulesWrite,
    /// Create, change and delete webhook subscriptions, read their deliveries, redeliver.
    WebhooksManage,
}

/// Whether `principal` holds `permission` (its unit scope is checked separately).
pub fn allows(principal: &Principal, permission: Permission) -> bool {
    use Permission::*;
    let role = |roles: &[Role]| principal.roles.iter().any(|r| roles.contains(r));
    let scope = |scopes: &[ClientScope]| principal.scopes.iter().any(|s| scopes.contains(s));
    match permission {
        UnitsRead | OrganisationRead => {
            !principal.roles.is_empty()
                || scope(&[
                    ClientScope::UnitsRead,
                    ClientScope::ReportsRead,
                    ClientScope::PortalStatisticsWrite,
                ])
        }
        PlansRead | TasksRead => !principal.roles.is_empty() || scope(&[ClientScope::ReportsRead]),
        UnitsWrite | UsersWrite | ApiClientsManage | OrganisationWrite | PlansWrite
        | TasksWrite => role(&[Role::SystemAdmin, Role::UnitAdmin]),
        UsersRead => role(&[Role::SystemAdmin, Role::UnitAdmin, Role::Auditor]),
        IndexRead => !principal.roles.is_empty() || !principal.scopes.is_empty(),
        IndexFrameworksWrite | IndexSelfAssess => role(&[Role::SystemAdmin, Role::UnitAdmin]),
        IndexAppraise => role(&[Role::SystemAdmin, Role::UnitAdmin, Role::Appraiser]),
        PortalWrite => role(&[Role::SystemAdmin]) || scope(&[ClientScope::PortalStatisticsWrite]),
        AwardsRead => !principal.roles.is_empty() || scope(&[ClientScope::ReportsRead]),
        AwardsWrite => role(&[Role::SystemAdmin, Role::UnitAdmin]),
        AwardRulesWrite => role(&[Role::SystemAdmin]),
        WebhooksManage => {
            role(&[Role::SystemAdmin, Role::UnitAdmin]) || scope(&[ClientScope::WebhooksManage])
        }
        AuditRead => {
            role(&[Role::SystemAdmin, Role::UnitAdmin, Role::Auditor])
                || scope(&[ClientScope::AuditRead])
        }
    }
}

impl Permission {
    /// Every permission, for checks that reason over the whole matrix.
    pub const ALL: [Permission; 21] = [
        Permission::UnitsRead,
        Permission::UnitsWrite,
        Permission::UsersRead,
        Permission::UsersWrite,
        Permission::ApiClientsManage,
        Permission::AuditRead,
        Permission::OrganisationRead,
        Permission::OrganisationWrite,
        Permission::PlansRead,
        Permission::PlansWrite,
        Permission::TasksRead,
        Permission::TasksWrite,
        Permission::IndexRead,
        Permission::IndexFrameworksWrite,
        Permission::IndexSelfAssess,
        Permission::IndexAppraise,
        Permission::PortalWrite,
        Permission::AwardsRead,
        Permission::AwardsWrite,
        Permission::AwardRulesWrite,
        Permission::WebhooksManage,
    ];
}

/// The permissions that `granter` would hand out by giving `roles` and `scopes` and does
/// not hold itself. A grant is allowed only when this is empty: nobody can create a user or
/// an API client mightier than themselves (a unit admin cannot mint a portal client and
/// push its own commune's portal figures).
pub fn beyond_granter(
    granter: &Principal,
    roles: &[Role],
    scopes: &[ClientScope],
) -> Vec<Permission> {
    let granted = Principal {
        kind: granter.kind,
        id: granter.id,
        name: String::new(),
        unit_id: granter.unit_id,
        roles: roles.to_vec(),
        scopes: scopes.to_vec(),
    };
    Permission::ALL
        .into_iter()
        .filter(|p| allows(&granted, *p) && !allows(granter, *p))
        .collect()
}

impl Permission {
    /// What the permission allows, in words (Vietnamese, English): what a 403 names.
    pub fn words(self) -> (&'static str, &'static str) {
        use Permission::*;
        match self {
            UnitsRead => ("xem đơn vị hành chính", "read units"),
            UnitsWrite => (
                "tạo, sửa, lưu trữ đơn vị hành chính",
                "create, change or archive units",
            ),
            UsersRead => ("xem người dùng", "read users"),
            UsersWrite => ("tạo, sửa người dùng", "create or change users"),
            ApiClientsManage => ("quản lý hệ thống kết nối", "manage API clients"),
            AuditRead => ("xem nhật ký kiểm tra", "read the audit journal"),
            OrganisationRead => ("xem bộ phận và cán bộ", "read departments and officials"),
            OrganisationWrite => ("sửa bộ phận và cán bộ", "change departments and officials"),
            PlansRead => ("xem kế hoạch", "read plans"),
            PlansWrite => (
                "soạn, trình, ban hành kế hoạch",
                "write, submit or issue plans",
            ),
            TasksRead => ("xem nhiệm vụ", "read tasks"),
            TasksWrite => ("giao và xử lý nhiệm vụ", "create and work tasks"),
            IndexRead => ("xem Chỉ số CCHC", "read the PAR index"),
            IndexFrameworksWrite => (
                "soạn, công bố bộ tiêu chí",
                "write or publish index frameworks",
            ),
            IndexSelfAssess => ("tự đánh giá Chỉ số CCHC", "self-assess the PAR index"),
            IndexAppraise => ("thẩm định Chỉ số CCHC", "appraise the PAR index"),
            PortalWrite => ("gửi số liệu Cổng dịch vụ công", "push portal statistics"),
            AwardsRead => ("xem khen thưởng", "read awards"),
            AwardsWrite => (
                "đề nghị, quyết định khen thưởng",
                "propose or decide awards",
            ),
            AwardRulesWrite => ("sửa quy định khen thưởng", "change the award rules"),
            WebhooksManage => ("quản lý webhook", "manage webhook subscriptions"),
        }
    }
}

fn listed(beyond: &[Permission]) -> (String, String) {
    let words: Vec<_> = beyond.iter().map(|p| p.words()).collect();
    let vi: Vec<&str> = words.iter().map(|w| w.0).collect();
    let en: Vec<&str> = words.iter().map(|w| w.1).collect();
    (vi.join("; "), en.join("; "))
}

/// 403 for a grant of rights the granter does not hold, naming them.
pub fn grant_forbidden(field: &str, beyond: &[Permission]) -> ApiError {
    let (vi, en) = listed(beyond);
    ApiError::new(ErrorKind::Forbidden).with_detail(
        format!("Không thể cấp '{field}' vượt quá quyền của chính tài khoản này: {vi}."),
        format!("'{field}' would grant rights this account does not hold itself: {en}."),
    )
}

/// 403 naming what was missing.
pub fn forbidden(permission: Permission) -> ApiError {
    let (vi, en) = permission.words();
    ApiError::new(ErrorKind::Forbidden).with_detail(
        format!("Tài khoản không có quyền {vi}."),
        format!("This account may not {en}."),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use cchc_sdk::types::auth::PrincipalKind;
    use uuid::Uuid;

    fn with(roles: Vec<Role>, scopes: Vec<ClientScope>) -> Principal {
        Principal {
            kind: PrincipalKind::User,
            id: Uuid::nil(),
            name: "t".into(),
            unit_id: None,
            roles,
            scopes,
        }
    }

    #[test]
    fn a_unit_admin_cannot_grant_what_it_does_not_hold() {
        let admin = with(vec![Role::UnitAdmin], vec![]);
        assert_eq!(
            beyond_granter(&admin, &[], &[ClientScope::PortalStatisticsWrite]),
            vec![Permission::PortalWrite]
        );
        assert!(beyond_granter(&admin, &[], &[ClientScope::ReportsRead]).is_empty());
        assert!(beyond_granter(&admin, &[Role::Appraiser, Role::Viewer], &[]).is_empty());
        assert!(!beyond_granter(&admin, &[Role::SystemAdmin], &[]).is_empty());
        let system = with(vec![Role::SystemAdmin], vec![]);
        assert!(
            beyond_granter(
                &system,
                &[Role::SystemAdmin],
                &[ClientScope::PortalStatisticsWrite]
            )
            .is_empty()
        );
    }

    #[test]
    fn viewers_read_but_never_write() {
        let viewer = with(vec![Role::Viewer], vec![]);
        assert!(allows(&viewer, Permission::UnitsRead));
        assert!(!allows(&viewer, Permission::UnitsWrite));
        assert!(!allows(&viewer, Permission::AuditRead));
    }

    #[test]
    fn auditors_read_the_journal_and_portal_systems_only_read_units() {
        assert!(allows(
            &with(vec![Role::Auditor], vec![]),
            Permission::AuditRead
        ));
        let portal = with(vec![], vec![ClientScope::PortalStatisticsWrite]);
        assert!(allows(&portal, Permission::UnitsRead));
        assert!(!allows(&portal, Permission::UnitsWrite));
        assert!(!allows(&portal, Permission::UsersRead));
    }
}
