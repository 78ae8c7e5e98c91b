//! Departments of a unit. A name is unique within its unit whatever its case, diacritics
//! or normalisation form ("Văn phòng" and "van phong" are the same department). One that
//! other records refer to is archived, never deleted.

use cchc_sdk::types::departments::DepartmentKind;

mod draft;
mod queries;
mod wire;
mod writes;

pub use queries::{get, list, references};
pub use wire::to_out;
pub use writes::{create, create_template, delete, insert, set_archived, update};

/// The usual departments of a commune, created with it when asked.
pub const COMMUNE_TEMPLATE: &[(&str, &str, DepartmentKind)] = &[
    ("Lãnh đạo UBND xã", "LĐ", DepartmentKind::Leadership),
    (
        "Văn phòng - Thống kê",
        "VP-TK",
        DepartmentKind::ProfessionalOffice,
    ),
    (
        "Tài chính - Kế toán",
        "TC-KT",
        DepartmentKind::ProfessionalOffice,
    ),
    (
        "Tư pháp - Hộ tịch",
        "TP-HT",
        DepartmentKind::ProfessionalOffice,
    ),
    (
        "Địa chính - Xây dựng - Nông nghiệp - Môi trường",
        "ĐC-XD",
        DepartmentKind::ProfessionalOffice,
    ),
    (
        "Văn hóa - Xã hội",
        "VH-XH",
        DepartmentKind::ProfessionalOffice,
    ),
    ("Công an xã", "CA", DepartmentKind::Other),
    ("Quân sự xã", "QS", DepartmentKind::Other),
];
