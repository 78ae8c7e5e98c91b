//! The content of a plan: every section of the document, from the legal bases to the
//! signature block.

use chrono::{NaiveDate, NaiveDateTime};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use super::PlanKind;

/// A legal basis (căn cứ): a reference to another document.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct LegalBasis {
    /// Kind of document, e.g. "Quyết định".
    #[cfg_attr(feature = "openapi", schema(min_length = 1, max_length = 100))]
    pub document_type: String,
    /// Number and symbol, e.g. "863/QĐ-UBND".
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(max_length = 100))]
    pub number_symbol: Option<String>,
    /// Date of the document.
    #[serde(default)]
    pub date: Option<NaiveDate>,
    /// Who issued it, e.g. "UBND huyện Tây Hòa".
    #[cfg_attr(feature = "openapi", schema(min_length = 1, max_length = 200))]
    pub issuer: String,
    /// What it is about.
    #[cfg_attr(feature = "openapi", schema(min_length = 1, max_length = 1000))]
    pub summary: String,
    /// The index publication in this system it refers to, when it is one.
    #[serde(default)]
    pub index_publication_id: Option<Uuid>,
}

/// An item of the contents section; items nest.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ContentItem {
    /// The item's text.
    #[cfg_attr(feature = "openapi", schema(min_length = 1, max_length = 2000))]
    pub text: String,
    /// Sub-items.
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(no_recursion, max_items = 50))]
    pub children: Vec<ContentItem>,
}

/// Who takes part.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum ParticipantKind {
    /// An organisation (Đảng ủy xã, Thường trực HĐND xã, …).
    Organisation,
    /// People by role (Chủ tịch, các Phó Chủ tịch UBND xã, …).
    Role,
    /// A group (các Trưởng thôn, công chức xã, …).
    Group,
    /// A named official.
    Official,
    /// A value this version of the SDK does not know (sent by a newer server): answers
    /// stay readable. Never sent; the server refuses it in requests.
    #[serde(other, skip_serializing)]
    Unknown,
}

/// A participant of the plan's event.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Participant {
    /// Kind.
    pub kind: ParticipantKind,
    /// As written in the plan.
    #[cfg_attr(feature = "openapi", schema(min_length = 1, max_length = 300))]
    pub name: String,
    /// The official, for kind `official`.
    #[serde(default)]
    pub official_id: Option<Uuid>,
}

/// An event of the schedule (such as the conference).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ScheduleEvent {
    /// What happens, e.g. "Hội nghị".
    #[cfg_attr(feature = "openapi", schema(min_length = 1, max_length = 300))]
    pub title: String,
    /// Exact local date and time, when fixed.
    #[serde(default)]
    pub starts_at: Option<NaiveDateTime>,
    /// Only the month, `YYYY-MM`, when that is all that is known ("dự kiến trong tháng 5").
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(pattern = "^[0-9]{4}-(0[1-9]|1[0-2])$"))]
    pub month: Option<String>,
    /// Where.
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(max_length = 300))]
    pub venue: Option<String>,
    /// Who chairs it.
    #[serde(default)]
    pub chair_official_id: Option<Uuid>,
    /// The sentence as written in the plan.
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(max_length = 1000))]
    pub text: Option<String>,
}

/// A line of the budget.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct BudgetLine {
    /// What the money is for.
    #[cfg_attr(feature = "openapi", schema(min_length = 1, max_length = 300))]
    pub item: String,
    /// Amount in VND.
    #[cfg_attr(feature = "openapi", schema(minimum = 0))]
    pub amount_vnd: i64,
}

/// The budget section (kinh phí).
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Budget {
    /// Estimated total in VND, when known.
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(minimum = 0))]
    pub estimated_total_vnd: Option<i64>,
    /// Where the money comes from.
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(max_length = 300))]
    pub funding_source: Option<String>,
    /// Lines.
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(max_items = 100))]
    pub lines: Vec<BudgetLine>,
    /// The departments that prepare it.
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(max_items = 20))]
    pub prepared_by_department_ids: Vec<Uuid>,
    /// The section as written.
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(max_length = 4000))]
    pub text: Option<String>,
}

/// One paragraph of the implementation section: what a department does (each duty can
/// become a task).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Assignment {
    /// The department, when it is one of the unit's.
    #[serde(default)]
    pub department_id: Option<Uuid>,
    /// Who, as written ("Văn phòng - Thống kê", "Các Bộ phận được giao nhiệm vụ…").
    #[cfg_attr(feature = "openapi", schema(min_length = 1, max_length = 300))]
    pub assignee: String,
    /// What they do, one duty per entry.
    #[cfg_attr(feature = "openapi", schema(min_items = 1, max_items = 50))]
    pub duties: Vec<String>,
}

/// A recipient of the distribution list (nơi nhận).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Recipient {
    /// Who, e.g. "Phòng Nội vụ".
    #[cfg_attr(feature = "openapi", schema(min_length = 1, max_length = 300))]
    pub name: String,
    /// Why, e.g. "thay b/c".
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(max_length = 100))]
    pub purpose: Option<String>,
}

/// How the signer signs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[non_exhaustive]
pub enum SignAuthority {
    /// "TM." — on behalf of the collective (the committee).
    #[serde(rename = "TM")]
    OnBehalf,
    /// "KT." — for the head, signed by a deputy.
    #[serde(rename = "KT")]
    Deputy,
    /// A value this version of the SDK does not know (sent by a newer server): answers
    /// stay readable. Never sent; the server refuses it in requests.
    #[serde(other, skip_serializing)]
    Unknown,
}

/// The signature block.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Signer {
    /// The official who signs.
    #[serde(default)]
    pub official_id: Option<Uuid>,
    /// Name as printed, e.g. "Lê Văn Vũ".
    #[cfg_attr(feature = "openapi", schema(min_length = 1, max_length = 200))]
    pub name: String,
    /// Title, e.g. "CHỦ TỊCH".
    #[cfg_attr(feature = "openapi", schema(min_length = 1, max_length = 100))]
    pub title: String,
    /// `TM` / `KT`, or none.
    #[serde(default)]
    pub authority: Option<SignAuthority>,
    /// The body after the prefix, e.g. "ỦY BAN NHÂN DÂN" (for `TM.`) or "CHỦ TỊCH" (for `KT.`).
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(max_length = 200))]
    pub authority_of: Option<String>,
}

/// The content of a plan: everything the document says.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PlanContent {
    /// Kind.
    pub kind: PlanKind,
    /// The year it reports on or plans for.
    #[cfg_attr(feature = "openapi", schema(minimum = 2000, maximum = 2100))]
    pub year: i32,
    /// The summary line (trích yếu).
    #[cfg_attr(feature = "openapi", schema(min_length = 1, max_length = 1000))]
    pub title: String,
    /// The parent authority line, e.g. "UBND HUYỆN TÂY HÒA".
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(max_length = 200))]
    pub parent_authority: Option<String>,
    /// The issuing body line, e.g. "ỦY BAN NHÂN DÂN XÃ HÒA TÂN TÂY".
    #[cfg_attr(feature = "openapi", schema(min_length = 1, max_length = 200))]
    pub issuing_body: String,
    /// Issuer code of the number, e.g. "UBND".
    #[cfg_attr(
        feature = "openapi",
        schema(min_length = 1, max_length = 20, pattern = "^[A-ZĐ0-9-]+$")
    )]
    pub issuer_code: String,
    /// Place of the place/date line, e.g. "Hòa Tân Tây".
    #[cfg_attr(feature = "openapi", schema(min_length = 1, max_length = 100))]
    pub place: String,
    /// Legal bases, in order.
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(max_items = 30))]
    pub legal_bases: Vec<LegalBasis>,
    /// The opening paragraph after the legal bases.
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(max_length = 4000))]
    pub preamble: Option<String>,
    /// Purposes (mục đích).
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(max_items = 30))]
    pub purposes: Vec<String>,
    /// Requirements (yêu cầu).
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(max_items = 30))]
    pub requirements: Vec<String>,
    /// Contents (nội dung), nestable.
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(max_items = 50))]
    pub contents: Vec<ContentItem>,
    /// Participants (thành phần).
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(max_items = 100))]
    pub participants: Vec<Participant>,
    /// Schedule (thời gian).
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(max_items = 30))]
    pub schedule: Vec<ScheduleEvent>,
    /// Budget (kinh phí).
    #[serde(default)]
    pub budget: Budget,
    /// Implementation (tổ chức thực hiện): who does what.
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(max_items = 50))]
    pub implementation: Vec<Assignment>,
    /// The closing paragraph.
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(max_length = 4000))]
    pub closing: Option<String>,
    /// Distribution list; the archive line "Lưu: VT" is always added at the end.
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(max_items = 50))]
    pub recipients: Vec<Recipient>,
    /// Signature block.
    pub signer: Signer,
}
