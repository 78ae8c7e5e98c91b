//! Names for the generated country: the 34 provinces of 1/7/2025 (with their codes),
//! communes named from common Vietnamese place-name syllables, people's names, and the
//! texts of tasks. Invented where not public; only plausible.

use super::rng::Rng;

/// The provinces and cities of the two-level government (Nghị quyết 202/2025/QH15), with
/// their administrative codes.
pub const PROVINCES: [(&str, &str); 34] = [
    ("01", "Thành phố Hà Nội"),
    ("04", "Tỉnh Cao Bằng"),
    ("08", "Tỉnh Tuyên Quang"),
    ("11", "Tỉnh Điện Biên"),
    ("12", "Tỉnh Lai Châu"),
    ("14", "Tỉnh Sơn La"),
    ("15", "Tỉnh Lào Cai"),
    ("19", "Tỉnh Thái Nguyên"),
    ("20", "Tỉnh Lạng Sơn"),
    ("22", "Tỉnh Quảng Ninh"),
    ("24", "Tỉnh Bắc Ninh"),
    ("25", "Tỉnh Phú Thọ"),
    ("31", "Thành phố Hải Phòng"),
    ("33", "Tỉnh Hưng Yên"),
    ("37", "Tỉnh Ninh Bình"),
    ("38", "Tỉnh Thanh Hóa"),
    ("40", "Tỉnh Nghệ An"),
    ("42", "Tỉnh Hà Tĩnh"),
    ("44", "Tỉnh Quảng Trị"),
    ("46", "Thành phố Huế"),
    ("48", "Thành phố Đà Nẵng"),
    ("51", "Tỉnh Quảng Ngãi"),
    ("52", "Tỉnh Gia Lai"),
    ("56", "Tỉnh Khánh Hòa"),
    ("66", "Tỉnh Đắk Lắk"),
    ("68", "Tỉnh Lâm Đồng"),
    ("75", "Tỉnh Đồng Nai"),
    ("79", "Thành phố Hồ Chí Minh"),
    ("80", "Tỉnh Tây Ninh"),
    ("82", "Tỉnh Đồng Tháp"),
    ("86", "Tỉnh Vĩnh Long"),
    ("91", "Tỉnh An Giang"),
    ("92", "Thành phố Cần Thơ"),
    ("96", "Tỉnh Cà Mau"),
];

/// The code and name of the `i`-th province (past the 34, invented ones).
pub fn province(i: usize) -> (String, String) {
    match PROVINCES.get(i) {
        Some((code, name)) => ((*code).to_owned(), (*name).to_owned()),
        None => (format!("{}", 100 + i), format!("Tỉnh Thử Nghiệm {}", i + 1)),
    }
}

/// The short name of a province ("Tỉnh Đắk Lắk" -> "Đắk Lắk").
pub fn short(name: &str) -> &str {
    name.strip_prefix("Thành phố ")
        .or_else(|| name.strip_prefix("Tỉnh "))
        .unwrap_or(name)
}

const FIRST: [&str; 24] = [
    "Hòa", "Tân", "Bình", "An", "Phú", "Long", "Thạnh", "Mỹ", "Đông", "Tây", "Sơn", "Hưng",
    "Phước", "Vĩnh", "Quang", "Thành", "Hiệp", "Xuân", "Trung", "Hải", "Gia", "Minh", "Đức", "Ea",
];
const SECOND: [&str; 24] = [
    "Thịnh", "Mỹ", "Hiệp", "Lợi", "Phong", "Thuận", "Lộc", "Điền", "Xuân", "Hà", "Khánh", "Thành",
    "Hội", "Phú", "Tiến", "Đồng", "Lâm", "Sơn", "Kiến", "Nghĩa", "Tân", "Lạc", "Yên", "Hòa",
];

/// A commune's name: a ward ("Phường") now and then.
pub fn commune(rng: &mut Rng) -> String {
    let kind = if rng.chance(120) { "Phường" } else { "Xã" };
    let a = rng.pick(&FIRST);
    let mut b = rng.pick(&SECOND);
    if a == b {
        b = rng.pick(&SECOND);
    }
    format!("{kind} {a} {b}")
}

const FAMILY: [&str; 16] = [
    "Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Phan", "Vũ", "Võ", "Đặng", "Bùi", "Đỗ",
    "Hồ", "Ngô", "Dương", "Lý",
];
const MIDDLE: [&str; 10] = [
    "Văn", "Thị", "Hữu", "Minh", "Thanh", "Ngọc", "Đức", "Quốc", "Thu", "Xuân",
];
const GIVEN: [&str; 26] = [
    "An", "Bình", "Cường", "Dũng", "Hà", "Hải", "Hạnh", "Hòa", "Hùng", "Hương", "Lan", "Linh",
    "Long", "Mai", "Nam", "Nga", "Phúc", "Quân", "Sơn", "Tâm", "Thảo", "Thủy", "Trang", "Tuấn",
    "Vy", "Yến",
];

/// A person's full name.
pub fn person(rng: &mut Rng) -> String {
    format!(
        "{} {} {}",
        rng.pick(&FAMILY),
        rng.pick(&MIDDLE),
        rng.pick(&GIVEN)
    )
}

/// The positions of a commune's officials, the leaders first.
pub const POSITIONS: [&str; 6] = [
    "Chủ tịch UBND",
    "Phó Chủ tịch UBND",
    "Trưởng phòng",
    "Phó Trưởng phòng",
    "Công chức",
    "Chuyên viên",
];

/// What tasks are about: `{y}` is replaced by the task's year.
const TASK_TITLES: [&str; 20] = [
    "Rà soát, cập nhật thủ tục hành chính thuộc thẩm quyền giải quyết năm {y}",
    "Xây dựng báo cáo kết quả cải cách hành chính quý",
    "Tổ chức tự kiểm tra công tác cải cách hành chính năm {y}",
    "Niêm yết công khai thủ tục hành chính tại Bộ phận Một cửa",
    "Số hóa hồ sơ, kết quả giải quyết thủ tục hành chính",
    "Tuyên truyền cải cách hành chính trên hệ thống truyền thanh",
    "Khảo sát mức độ hài lòng của người dân năm {y}",
    "Rà soát văn bản quy phạm pháp luật do địa phương ban hành",
    "Cập nhật cơ sở dữ liệu cán bộ, công chức",
    "Triển khai thanh toán trực tuyến phí, lệ phí",
    "Đánh giá, chấm điểm chỉ số cải cách hành chính năm {y}",
    "Xây dựng kế hoạch khắc phục tiêu chí bị trừ điểm",
    "Kiểm tra việc thực hiện quy chế làm việc của UBND",
    "Nâng cấp trang thông tin điện tử của xã",
    "Chuẩn hóa dữ liệu hộ tịch điện tử",
    "Tập huấn kỹ năng giải quyết thủ tục hành chính trực tuyến",
    "Rà soát, sắp xếp vị trí việc làm năm {y}",
    "Báo cáo tình hình tiếp nhận hồ sơ trên Cổng dịch vụ công",
    "Xây dựng dự thảo quyết định kiện toàn Bộ phận Một cửa",
    "Chuẩn bị tài liệu hội nghị sơ kết cải cách hành chính",
];

/// A task's title for `year`.
pub fn task_title(rng: &mut Rng, year: i32) -> String {
    rng.pick(&TASK_TITLES).replace("{y}", &year.to_string())
}

/// Why a task is stuck.
pub const BLOCKED: [&str; 4] = [
    "Chờ bố trí kinh phí",
    "Chờ hướng dẫn của cấp tỉnh",
    "Thiếu nhân sự thực hiện",
    "Chờ nâng cấp phần mềm",
];

/// Procedures of the portal's dossiers (codes shaped like the national database's).
pub const PROCEDURES: [&str; 12] = [
    "1.001193", "1.001612", "1.003583", "1.004227", "1.004746", "1.005088", "1.008901", "2.000635",
    "2.000748", "2.000908", "2.001023", "2.002165",
];
