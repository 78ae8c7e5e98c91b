//! Builders of the inputs most tests start from: units, departments, officials, tasks,
//! award proposals and reviews. The world
//! they make up (Phú Yên > Tây Hòa > communes) is built in `world`.

use cchc_sdk::types::awards::{AwardForm, ProposalIn, RecipientIn, RecipientKind, ReviewIn};
use cchc_sdk::types::departments::{DepartmentIn, DepartmentKind};
use cchc_sdk::types::officials::{OfficialIn, OfficialStatus};
use cchc_sdk::types::tasks::{Deliverable, TaskIn, TaskPriority};
use cchc_sdk::types::units::{UnitIn, UnitLevel, UnitOut};
use uuid::Uuid;

/// A unit of `level` under `parent` (none for a province).
pub fn unit_in(code: &str, name: &str, level: UnitLevel, parent: Option<&UnitOut>) -> UnitIn {
    UnitIn {
        code: code.into(),
        name: name.into(),
        level,
        parent_id: parent.map(|p| p.id),
        valid_from: None,
        valid_to: None,
        successor_ids: vec![],
        with_default_departments: false,
    }
}

/// A professional office of `unit`.
pub fn department_in(unit: &UnitOut, name: &str) -> DepartmentIn {
    DepartmentIn {
        unit_id: unit.id,
        name: name.into(),
        short_code: None,
        kind: DepartmentKind::ProfessionalOffice,
        description: None,
        head_official_id: None,
        display_order: 0,
    }
}

/// A serving official of `unit`, in no department.
pub fn official_in(unit: &UnitOut, name: &str) -> OfficialIn {
    OfficialIn {
        unit_id: unit.id,
        full_name: name.into(),
        position: "Công chức".into(),
        department_id: None,
        email: None,
        phone: None,
        status: OfficialStatus::Serving,
        user_id: None,
    }
}

/// A report task of `unit` led by `lead`, with nothing else set.
pub fn task_in(unit: &UnitOut, title: &str, lead: Option<Uuid>) -> TaskIn {
    TaskIn {
        unit_id: unit.id,
        plan_id: None,
        title: title.into(),
        description: None,
        lead_department_id: lead,
        supporting_department_ids: vec![],
        assignee_ids: vec![],
        criterion_id: None,
        deliverable: Deliverable::Report,
        priority: TaskPriority::Normal,
        start_date: None,
        due_date: None,
    }
}

/// A proposal by `unit` to give `official` the award `form` for `year`.
pub fn proposal_in(unit: &UnitOut, official: Uuid, form: AwardForm, year: i32) -> ProposalIn {
    ProposalIn {
        unit_id: unit.id,
        proposer_department_id: None,
        year,
        form,
        recipient: RecipientIn {
            kind: RecipientKind::Official,
            official_id: Some(official),
            department_id: None,
            unit_id: None,
            name: None,
            description: None,
        },
        achievement: "Hoàn thành xuất sắc nhiệm vụ cải cách hành chính".into(),
        plan_id: None,
        task_id: None,
        assessment_id: None,
    }
}

/// The award council's review: five votes for, none against, with its minutes.
pub fn review_in(recommend: bool) -> ReviewIn {
    ReviewIn {
        recommend,
        votes_for: 5,
        votes_against: 0,
        minutes_reference: "05/BB-HĐTĐKT".into(),
    }
}
