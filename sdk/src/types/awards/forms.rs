//! Forms of commendation and emulation titles, and who receives them.

use serde::{Deserialize, Serialize};
use uuid::Uuid;

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
