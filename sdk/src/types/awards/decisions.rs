//! Award decisions (Quyết định khen thưởng) with their money, and the awards they
//! grant: the lines of award histories.

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use super::{AwardForm, RecipientOut};

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
