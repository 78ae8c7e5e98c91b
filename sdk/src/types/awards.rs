//! Awards (khen thưởng, Law on Emulation and Commendation 2022): proposals, the council's
//! review, award decisions (Quyết định khen thưởng) with their money, and the rules —
//! which authority grants what, the money multiples and the base salary — as data.
//!
//! Money is integer VND.

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use super::units::UnitLevel;

/// A form of commendation (hình thức khen thưởng) or emulation title (danh hiệu thi đua).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum AwardForm {
    /// Giấy khen (a certificate of merit; individuals, collectives, households).
    GiayKhen,
    /// The title "Lao động tiên tiến" (individuals).
    LaoDongTienTien,
    /// The title "Chiến sĩ thi đua cơ sở" (individuals).
    ChienSiThiDuaCoSo,
    /// The title "Tập thể lao động tiên tiến" (collectives).
    TapTheLaoDongTienTien,
    /// The title "Tập thể lao động xuất sắc" (collectives).
    TapTheLaoDongXuatSac,
    /// The title "Gia đình văn hóa" (households).
    GiaDinhVanHoa,
    /// A value this version of the SDK does not know (sent by a newer server): answers
    /// stay readable. Never sent; the server refuses it in requests.
    #[serde(other, skip_serializing)]
    Unknown,
}

impl AwardForm {
    /// Every form, in the law's order.
    pub const ALL: [AwardForm; 6] = [
        AwardForm::GiayKhen,
        AwardForm::LaoDongTienTien,
        AwardForm::ChienSiThiDuaCoSo,
        AwardForm::TapTheLaoDongTienTien,
        AwardForm::TapTheLaoDongXuatSac,
        AwardForm::GiaDinhVanHoa,
    ];

    /// Its Vietnamese name, as printed.
    pub fn name_vi(self) -> &'static str {
        match self {
            AwardForm::GiayKhen => "Giấy khen",
            AwardForm::LaoDongTienTien => "Lao động tiên tiến",
            AwardForm::ChienSiThiDuaCoSo => "Chiến sĩ thi đua cơ sở",
            AwardForm::TapTheLaoDongTienTien => "Tập thể lao động tiên tiến",
            AwardForm::TapTheLaoDongXuatSac => "Tập thể lao động xuất sắc",
            AwardForm::GiaDinhVanHoa => "Gia đình văn hóa",
            AwardForm::Unknown => "Hình thức khen thưởng khác",
        }
    }

    /// Whether it is an emulation title (danh hiệu), held at most once a year.
    pub fn is_title(self) -> bool {
        self != AwardForm::GiayKhen
    }

    /// Which recipients it can go to.
    pub fn classes(self) -> &'static [RecipientClass] {
        match self {
            AwardForm::GiayKhen => &[
                RecipientClass::Individual,
                RecipientClass::Collective,
                RecipientClass::Household,
            ],
            AwardForm::LaoDongTienTien | AwardForm::ChienSiThiDuaCoSo => {
                &[RecipientClass::Individual]
            }
            AwardForm::TapTheLaoDongTienTien | AwardForm::TapTheLaoDongXuatSac => {
                &[RecipientClass::Collective]
            }
            AwardForm::GiaDinhVanHoa => &[RecipientClass::Household],
            AwardForm::Unknown => &[],
        }
    }
}

/// Who a recipient is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum RecipientKind {
    /// An official of the unit (`official_id`).
    Official,
    /// A person outside the government, by name.
    Person,
    /// A household, by the name of its head.
    Household,
    /// A department of the unit (`department_id`).
    Department,
    /// A unit (`unit_id`).
    Unit,
    /// A value this version of the SDK does not know (sent by a newer server): answers
    /// stay readable. Never sent; the server refuses it in requests.
    #[serde(other, skip_serializing)]
    Unknown,
}

impl RecipientKind {
    /// The class the money multiples are set for.
    pub fn class(self) -> RecipientClass {
        match self {
            RecipientKind::Official | RecipientKind::Person => RecipientClass::Individual,
            RecipientKind::Household => RecipientClass::Household,
            RecipientKind::Department | RecipientKind::Unit => RecipientClass::Collective,
            RecipientKind::Unknown => RecipientClass::Unknown,
        }
    }
}

/// Individuals, collectives or households.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum RecipientClass {
    /// A person.
    Individual,
    /// A department or unit.
    Collective,
    /// A household.
    Household,
    /// A value this version of the SDK does not know (sent by a newer server): answers
    /// stay readable. Never sent; the server refuses it in requests.
    #[serde(other, skip_serializing)]
    Unknown,
}

/// For whom a proposal is.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RecipientIn {
    /// Who.
    pub kind: RecipientKind,
    /// For `official`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub official_id: Option<Uuid>,
    /// For `department`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub department_id: Option<Uuid>,
    /// For `unit`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub unit_id: Option<Uuid>,
    /// For `person` and `household`: the name (household: its head's).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(max_length = 200))]
    pub name: Option<String>,
    /// For `person` and `household`: the address or role printed beside the name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(max_length = 300))]
    pub description: Option<String>,
}

/// A recipient as the API returns it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RecipientOut {
    /// Who.
    pub kind: RecipientKind,
    /// The official.
    pub official_id: Option<Uuid>,
    /// The department.
    pub department_id: Option<Uuid>,
    /// The unit.
    pub unit_id: Option<Uuid>,
    /// The name as printed.
    pub name: String,
    /// Position or department (individuals), or the description.
    pub position: Option<String>,
}

/// Where a proposal is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum ProposalStatus {
    /// Being written.
    Draft,
    /// Before the emulation council (Hội đồng thi đua - khen thưởng).
    Submitted,
    /// The council recommends it.
    Recommended,
    /// The council does not.
    NotRecommended,
    /// Withdrawn by the proposer.
    Withdrawn,
    /// In an issued decision.
    Awarded,
    /// A value this version of the SDK does not know (sent by a newer server): answers
    /// stay readable. Never sent; the server refuses it in requests.
    #[serde(other, skip_serializing)]
    Unknown,
}

/// A proposal to create.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ProposalIn {
    /// The unit whose awards it is (the recipients' unit).
    pub unit_id: Uuid,
    /// The proposing department, if a department proposes.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub proposer_department_id: Option<Uuid>,
    /// The year of the achievement.
    #[cfg_attr(feature = "openapi", schema(minimum = 2000, maximum = 2100))]
    pub year: i32,
    /// The form or title proposed.
    pub form: AwardForm,
    /// For whom.
    pub recipient: RecipientIn,
    /// The achievement (thành tích).
    #[cfg_attr(feature = "openapi", schema(min_length = 1, max_length = 4000))]
    pub achievement: String,
    /// A plan it relates to.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub plan_id: Option<Uuid>,
    /// A task it relates to.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub task_id: Option<Uuid>,
    /// An index assessment it relates to.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub assessment_id: Option<Uuid>,
}

/// Body of `POST /api/v1/awards/proposals/{id}/review`: the council's conclusion.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ReviewIn {
    /// Whether the council recommends the award.
    pub recommend: bool,
    /// Votes for.
    #[cfg_attr(feature = "openapi", schema(minimum = 0, maximum = 1000))]
    pub votes_for: i32,
    /// Votes against.
    #[cfg_attr(feature = "openapi", schema(minimum = 0, maximum = 1000))]
    pub votes_against: i32,
    /// The minutes (biên bản) of the meeting, e.g. `05/BB-HĐTĐKT`.
    #[cfg_attr(feature = "openapi", schema(min_length = 1, max_length = 200))]
    pub minutes_reference: String,
}

/// The council's review of a proposal.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ReviewOut {
    /// Recommended or not.
    pub recommend: bool,
    /// Votes for.
    pub votes_for: i32,
    /// Votes against.
    pub votes_against: i32,
    /// The minutes.
    pub minutes_reference: String,
    /// When.
    pub reviewed_at: DateTime<Utc>,
}

/// A proposal as the API returns it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ProposalOut {
    /// Identifier.
    pub id: Uuid,
    /// The unit.
    pub unit_id: Uuid,
    /// The proposing department.
    pub proposer_department_id: Option<Uuid>,
    /// Year.
    pub year: i32,
    /// Form or title.
    pub form: AwardForm,
    /// For whom.
    pub recipient: RecipientOut,
    /// The achievement.
    pub achievement: String,
    /// Related plan.
    pub plan_id: Option<Uuid>,
    /// Related task.
    pub task_id: Option<Uuid>,
    /// Related index assessment.
    pub assessment_id: Option<Uuid>,
    /// Status.
    pub status: ProposalStatus,
    /// The council's review.
    pub review: Option<ReviewOut>,
    /// The decision that awarded it.
    pub decision_id: Option<Uuid>,
    /// When it was created.
    pub created_at: DateTime<Utc>,
    /// When it last changed.
    pub updated_at: DateTime<Utc>,
    /// Version, the `ETag`.
    pub version: i32,
}

/// Filters of `GET /api/v1/awards/proposals`.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams))]
#[cfg_attr(feature = "openapi", into_params(parameter_in = Query))]
pub struct ProposalListQuery {
    /// Only this unit.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub unit_id: Option<Uuid>,
    /// Only this year.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", param(minimum = 2000, maximum = 2100))]
    pub year: Option<i32>,
    /// Only this form.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub form: Option<AwardForm>,
    /// Only this status.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<ProposalStatus>,
    /// Page size, 1–200 (default 50).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", param(minimum = 1))]
    pub limit: Option<i64>,
    /// The previous page's `next_cursor`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", param(format = Uuid))]
    pub cursor: Option<String>,
}

/// The signer of a decision.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct DecisionSigner {
    /// "KT. CHỦ TỊCH" when a deputy signs; none when the chairman does.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(max_length = 100))]
    pub authority_line: Option<String>,
    /// "CHỦ TỊCH", "PHÓ CHỦ TỊCH".
    #[cfg_attr(feature = "openapi", schema(min_length = 1, max_length = 100))]
    pub title: String,
    /// Name.
    #[cfg_attr(feature = "openapi", schema(min_length = 1, max_length = 200))]
    pub name: String,
}

/// Where a decision is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum DecisionStatus {
    /// Being prepared: no number yet.
    Draft,
    /// Issued: numbered, dated, money fixed.
    Issued,
    /// Revoked (with a reason); its awards no longer count.
    Revoked,
    /// A value this version of the SDK does not know (sent by a newer server): answers
    /// stay readable. Never sent; the server refuses it in requests.
    #[serde(other, skip_serializing)]
    Unknown,
}

/// A decision to create: its recipients are recommended proposals of one form and year.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct DecisionIn {
    /// The issuing unit (whose chairman decides).
    pub unit_id: Uuid,
    /// The form or title granted.
    pub form: AwardForm,
    /// The recommended proposals it grants, in the order printed.
    #[cfg_attr(feature = "openapi", schema(min_items = 1, max_items = 200))]
    pub proposal_ids: Vec<Uuid>,
    /// The issuing body, as printed ("ỦY BAN NHÂN DÂN XÃ HÒA TÂN TÂY").
    #[cfg_attr(feature = "openapi", schema(min_length = 1, max_length = 200))]
    pub issuing_body: String,
    /// The body above it ("UBND HUYỆN TÂY HÒA").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(max_length = 200))]
    pub parent_body: Option<String>,
    /// The issuer's code in the number ("UBND").
    #[cfg_attr(feature = "openapi", schema(min_length = 1, max_length = 20))]
    pub issuer_code: String,
    /// The place in the date line ("Hòa Tân Tây").
    #[cfg_attr(feature = "openapi", schema(min_length = 1, max_length = 100))]
    pub place: String,
    /// The legal bases, one line each ("Luật Thi đua, khen thưởng ngày 15/6/2022").
    #[cfg_attr(feature = "openapi", schema(max_items = 20))]
    pub legal_bases: Vec<String>,
    /// "Theo đề nghị của …".
    #[cfg_attr(feature = "openapi", schema(min_length = 1, max_length = 500))]
    pub proposed_by: String,
    /// The funding source of the money.
    #[cfg_attr(feature = "openapi", schema(min_length = 1, max_length = 500))]
    pub funding_source: String,
    /// Who executes it (Article 3).
    #[cfg_attr(feature = "openapi", schema(max_items = 20))]
    pub executors: Vec<String>,
    /// The distribution list ("Nơi nhận"); "Lưu: VT." is added.
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(max_items = 20))]
    pub distribution: Vec<String>,
    /// The signer.
    pub signer: DecisionSigner,
}

/// A recipient of a decision, with the money.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct DecisionRecipientOut {
    /// The proposal.
    pub proposal_id: Uuid,
    /// Who.
    pub recipient: RecipientOut,
    /// The achievement.
    pub achievement: String,
    /// Money, VND (0 until issued).
    pub money: i64,
}

/// A decision as the API returns it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct DecisionOut {
    /// Identifier.
    pub id: Uuid,
    /// Issuing unit.
    pub unit_id: Uuid,
    /// Status.
    pub status: DecisionStatus,
    /// The awards' year.
    pub year: i32,
    /// Form or title.
    pub form: AwardForm,
    /// Number in the unit's year, once issued.
    pub number: Option<i32>,
    /// "05/QĐ-UBND", once issued; "…/QĐ-UBND" with a blank before.
    pub number_symbol: String,
    /// The decision date, once issued.
    pub decision_date: Option<NaiveDate>,
    /// Issuing body.
    pub issuing_body: String,
    /// Parent body.
    pub parent_body: Option<String>,
    /// Issuer code.
    pub issuer_code: String,
    /// Place.
    pub place: String,
    /// Legal bases.
    pub legal_bases: Vec<String>,
    /// "Theo đề nghị của …".
    pub proposed_by: String,
    /// Funding source.
    pub funding_source: String,
    /// Who executes it.
    pub executors: Vec<String>,
    /// Distribution list.
    pub distribution: Vec<String>,
    /// Signer.
    pub signer: DecisionSigner,
    /// The recipients, in order.
    pub recipients: Vec<DecisionRecipientOut>,
    /// The base salary in force on the decision date, VND (once issued).
    pub base_salary: Option<i64>,
    /// Total money, VND.
    pub total_money: i64,
    /// Why it was revoked.
    pub revoke_reason: Option<String>,
    /// When it was created.
    pub created_at: DateTime<Utc>,
    /// When it last changed.
    pub updated_at: DateTime<Utc>,
    /// Version, the `ETag`.
    pub version: i32,
}

/// Body of `POST /api/v1/awards/decisions/{id}/issue`.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct IssueDecision {
    /// The decision date (default: today in Vietnam); the base salary in force on it
    /// sets the money.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date: Option<NaiveDate>,
}

/// Body of `POST /api/v1/awards/decisions/{id}/revoke`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RevokeDecision {
    /// Why.
    #[cfg_attr(feature = "openapi", schema(min_length = 1, max_length = 2000))]
    pub reason: String,
}

/// Filters of `GET /api/v1/awards/decisions`.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams))]
#[cfg_attr(feature = "openapi", into_params(parameter_in = Query))]
pub struct DecisionListQuery {
    /// Only this issuing unit.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub unit_id: Option<Uuid>,
    /// Only this year.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", param(minimum = 2000, maximum = 2100))]
    pub year: Option<i32>,
    /// Only this form.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub form: Option<AwardForm>,
    /// Only this status.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<DecisionStatus>,
    /// Page size, 1–200 (default 50).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", param(minimum = 1))]
    pub limit: Option<i64>,
    /// The previous page's `next_cursor`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", param(format = Uuid))]
    pub cursor: Option<String>,
}

/// One award granted by an issued decision: a line of an award history.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AwardOut {
    /// Identifier of the line.
    pub id: Uuid,
    /// The decision.
    pub decision_id: Uuid,
    /// Its number.
    pub number_symbol: String,
    /// Its date.
    pub decision_date: NaiveDate,
    /// Issuing unit.
    pub issuer_unit_id: Uuid,
    /// The recipient's unit.
    pub unit_id: Uuid,
    /// Year.
    pub year: i32,
    /// Form or title.
    pub form: AwardForm,
    /// Who.
    pub recipient: RecipientOut,
    /// The achievement.
    pub achievement: String,
    /// Money, VND.
    pub money: i64,
    /// Whether the decision was revoked since.
    pub revoked: bool,
}

/// Filters of `GET /api/v1/awards`.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams))]
#[cfg_attr(feature = "openapi", into_params(parameter_in = Query))]
pub struct AwardListQuery {
    /// Only awards to people and collectives of this unit.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub unit_id: Option<Uuid>,
    /// Only this year.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", param(minimum = 2000, maximum = 2100))]
    pub year: Option<i32>,
    /// Only this form.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub form: Option<AwardForm>,
    /// An official's award history.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub official_id: Option<Uuid>,
    /// Search on the recipient's name, Vietnamese-aware.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", param(max_length = 200))]
    pub q: Option<String>,
    /// Page size, 1–200 (default 50).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", param(minimum = 1))]
    pub limit: Option<i64>,
    /// The previous page's `next_cursor`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", param(format = Uuid))]
    pub cursor: Option<String>,
}

/// Which level's chairman may grant which forms.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AuthorityRule {
    /// The issuing unit's level.
    pub level: UnitLevel,
    /// What its chairman may grant.
    pub forms: Vec<AwardForm>,
}

/// The money of a form for a class of recipient: `multiple` × the base salary, from a date.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct MoneyMultiple {
    /// The form.
    pub form: AwardForm,
    /// For whom.
    pub class: RecipientClass,
    /// Times the base salary (two decimals at most).
    #[cfg_attr(feature = "openapi", schema(minimum = 0, maximum = 100))]
    pub multiple: f64,
    /// In force from (a later row for the same form and class takes over).
    pub valid_from: NaiveDate,
}

/// The base salary (lương cơ sở) in force from a date.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct BaseSalary {
    /// VND per month.
    #[cfg_attr(feature = "openapi", schema(minimum = 1, maximum = 1_000_000_000))]
    pub amount: i64,
    /// In force from.
    pub valid_from: NaiveDate,
}

/// The award rules in force: the current law by default, changed by a system admin when
/// the law changes.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AwardRules {
    /// Who may grant what.
    #[cfg_attr(feature = "openapi", schema(max_items = 10))]
    pub authority: Vec<AuthorityRule>,
    /// Money multiples, dated.
    #[cfg_attr(feature = "openapi", schema(max_items = 200))]
    pub multiples: Vec<MoneyMultiple>,
    /// Base salaries, dated.
    #[cfg_attr(feature = "openapi", schema(min_items = 1, max_items = 100))]
    pub base_salaries: Vec<BaseSalary>,
    /// The most "Chiến sĩ thi đua cơ sở" titles a unit may get in a year, in percent of its
    /// "Lao động tiên tiến" holders that year.
    #[cfg_attr(feature = "openapi", schema(minimum = 0, maximum = 100))]
    pub chien_si_quota_percent: f64,
}

/// `AwardRules` with their version, as the API returns them.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AwardRulesOut {
    /// The rules.
    pub rules: AwardRules,
    /// When they last changed (none: the built-in defaults).
    pub updated_at: Option<DateTime<Utc>>,
    /// Version, the `ETag`.
    pub version: i32,
}
