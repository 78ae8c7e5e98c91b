//! The seed document — "Kế hoạch Tổ chức Hội nghị đánh giá, phân tích chỉ số cải cách hành
//! chính năm 2023…" of UBND xã Hòa Tân Tây, April 2024 — as structured plan content, every
//! section of it.

use cchc_sdk::types::plans::{
    Assignment, Budget, ContentItem, LegalBasis, Participant, ParticipantKind, PlanContent,
    PlanKind, Recipient, ScheduleEvent, Signer,
};
use chrono::NaiveDate;
use uuid::Uuid;

/// The departments and official the seed names, by id in the demo database.
#[derive(Debug, Clone, Copy, Default)]
pub struct SeedRefs {
    /// Văn phòng - Thống kê.
    pub van_phong: Option<Uuid>,
    /// Tài chính - Kế toán.
    pub tai_chinh: Option<Uuid>,
    /// Lê Văn Vũ, the chairman who signs.
    pub chairman: Option<Uuid>,
}

fn item(text: &str) -> ContentItem {
    ContentItem {
        text: text.into(),
        children: vec![],
    }
}

fn participant(kind: ParticipantKind, name: &str) -> Participant {
    Participant {
        kind,
        name: name.into(),
        official_id: None,
    }
}

/// The seed plan's content.
pub fn seed_plan_content(refs: SeedRefs) -> PlanContent {
    PlanContent {
        kind: PlanKind::IndexReviewConference,
        year: 2023,
        title: "Tổ chức Hội nghị đánh giá, phân tích chỉ số cải cách hành chính năm 2023; đề ra các giải pháp nâng cao chất lượng công tác cải cách hành chính năm 2024".into(),
        parent_authority: Some("UBND HUYỆN TÂY HÒA".into()),
        issuing_body: "ỦY BAN NHÂN DÂN XÃ HÒA TÂN TÂY".into(),
        issuer_code: "UBND".into(),
        place: "Hòa Tân Tây".into(),
        legal_bases: vec![LegalBasis {
            document_type: "Quyết định".into(),
            number_symbol: Some("863/QĐ-UBND".into()),
            date: NaiveDate::from_ymd_opt(2024, 4, 9),
            issuer: "UBND huyện Tây Hòa".into(),
            summary: "về việc công bố chỉ số cải cách hành chính năm 2023 của UBND các xã, thị trấn trên địa bàn huyện".into(),
            index_publication_id: None,
        }],
        preamble: Some("Nhằm đánh giá công tác cải cách hành chính, phân tích chỉ số cải cách hành chính năm 2023 và đề ra các giải pháp nâng cao chất lượng công tác cải cách hành chính năm 2024, UBND xã xây dựng kế hoạch tổ chức Hội nghị như sau:".into()),
        purposes: vec![
            "Đánh giá đúng thực trạng, những khó khăn, hạn chế trong thực hiện các nhiệm vụ công tác CCHC năm 2023; qua đó, xây dựng các giải pháp để không ngừng nâng cao chất lượng, hiệu quả công tác CCHC trên địa bàn xã, góp phần nâng cao chất lượng công tác chỉ đạo, điều hành và tổ chức thực hiện các nhiệm vụ CCHC tại UBND xã.".into(),
            "Nâng cao tinh thần trách nhiệm của người đứng đầu trong thực hiện công tác CCHC nói chung và các giải pháp nâng cao chỉ số CCHC của xã nói riêng.".into(),
            "Quán triệt các văn bản chỉ đạo, điều hành về cải cách hành chính trong năm 2023 để cán bộ, công chức biết và nghiêm túc triển khai thực hiện.".into(),
        ],
        requirements: vec![
            "Tập trung làm rõ kết quả đạt được, nguyên nhân những mục tiêu không đạt, làm rõ trách nhiệm của từng bộ phận trong việc tham mưu, triển khai khắc phục triệt để, kịp thời những nội dung tiêu chí thành phần đạt điểm thấp qua kết quả chấm điểm cải cách hành chính năm 2023. Đồng thời, đề xuất được những định hướng, nhiệm vụ, giải pháp trọng tâm để nâng cao chất lượng công tác cải cách hành chính năm 2024 và những năm tiếp theo.".into(),
        ],
        contents: vec![
            ContentItem {
                text: "Đánh giá kết quả thực hiện, phân tích làm rõ nguyên nhân, trách nhiệm của từng cán bộ, công chức; đề ra các giải pháp nâng cao Chỉ số CCHC năm 2023 và những năm tiếp theo, gồm:".into(),
                children: vec![
                    item("Công tác chỉ đạo, điều hành cải cách hành chính."),
                    item("Kết quả thực hiện nhiệm vụ theo chức năng;"),
                    item("Tác động của CCHC đến người dân, tổ chức và các chỉ tiêu phát triển kinh tế - xã hội của xã."),
                ],
            },
            item("Thông qua Quyết định của UBND huyện về việc công bố Chỉ số cải cách hành chính năm 2023 của UBND các xã, thị trấn trên địa bàn huyện."),
            item("Khen thưởng tập thể và các cá nhân có thành tích xuất sắc trong công tác tham mưu thực hiện công tác Cải cách hành chính."),
        ],
        participants: vec![
            participant(ParticipantKind::Organisation, "Đảng ủy xã"),
            participant(ParticipantKind::Organisation, "Thường trực HĐND xã"),
            participant(ParticipantKind::Role, "Chủ tịch, các Phó Chủ tịch UBND xã"),
            participant(ParticipantKind::Organisation, "Đại diện Ban Thường trực UBMTTQ Việt xã"),
            participant(ParticipantKind::Group, "Các Trưởng thôn"),
            participant(ParticipantKind::Group, "Công chức xã"),
            participant(ParticipantKind::Organisation, "Đội hoạt động tình nguyện xã"),
            participant(ParticipantKind::Group, "Tập thể và cá nhân được khen thưởng"),
        ],
        schedule: vec![ScheduleEvent {
            title: "Hội nghị".into(),
            starts_at: None,
            month: Some("2024-05".into()),
            venue: None,
            chair_official_id: refs.chairman,
            text: Some("Thời gian tổ chức Hội nghị: Dự kiến trong tháng 5 năm 2024.".into()),
        }],
        budget: Budget {
            estimated_total_vnd: None,
            funding_source: None,
            lines: vec![],
            prepared_by_department_ids: [refs.van_phong, refs.tai_chinh].into_iter().flatten().collect(),
            text: Some("Văn phòng - Thống kê UBND xã phối hợp với Tài chính – Kế toán xã dự trù kinh phí thực hiện trình UBND xã để xem xét thống nhất kinh phí thực hiện.".into()),
        },
        implementation: vec![
            Assignment {
                department_id: refs.van_phong,
                assignee: "Văn phòng - Thống kê".into(),
                duties: vec![
                    "Tham mưu UBND xã xây dựng Báo cáo đánh giá kết quả thực hiện công tác CCHC trong năm 2023, trọng tâm là kết quả thực hiện Chỉ số cải cách hành chính; phương hướng, nhiệm vụ, giải pháp khắc phục năm 2024 và những năm tiếp theo.".into(),
                    "Chuẩn bị các bài phát biểu của Đảng ủy, lãnh đạo UBND xã tại Hội nghị; mời thành phần tham dự và các nội dung liên quan khác phục vụ Hội nghị đạt hiệu quả.".into(),
                    "Tham mưu Hội đồng Thi đua – Khen thưởng xã khen thưởng các tập thể, cá nhân có thành tích trong công tác cải cách hành chính năm 2023.".into(),
                    "Tham mưu UBND xã bố trí thời gian tổ chức Hội nghị; làm công tác tổ chức Hội nghị.".into(),
                ],
            },
            Assignment {
                department_id: refs.tai_chinh,
                assignee: "Tài chính - Kế toán".into(),
                duties: vec!["Tham mưu UBND xã cân đối bố trí kinh phí tổ chức Hội nghị đảm bảo đúng quy định pháp luật ngân sách nhà nước.".into()],
            },
            Assignment {
                department_id: None,
                assignee: "Các Bộ phận được giao nhiệm vụ thực hiện các tiêu chí, tiêu chí thành phần của Bộ chỉ số CCHC".into(),
                duties: vec!["Chuẩn bị báo cáo đánh giá và phân tích làm rõ các hạn chế, khuyết điểm trong thực hiện CCHC, nhất là đưa ra các biện pháp, phương hướng để góp phần cải thiện, nâng cao chất lượng Chỉ số CCHC năm 2024 và những năm tiếp theo.".into()],
            },
        ],
        closing: Some("Trên đây là Kế hoạch tổ chức Hội nghị phân tích kết quả chỉ số cải cách hành chính của xã năm 2023 và đề ra các giải pháp nhằm nâng cao chất lượng hoạt động công tác CCHC năm 2024./.".into()),
        recipients: vec![
            Recipient { name: "Phòng Nội vụ".into(), purpose: Some("thay b/c".into()) },
            Recipient { name: "Đảng ủy xã".into(), purpose: Some("thay b/c".into()) },
            Recipient { name: "TT. HĐND xã".into(), purpose: None },
            Recipient { name: "CT, các PCT UBND xã".into(), purpose: None },
            Recipient { name: "Các Hội đoàn thể xã".into(), purpose: None },
            Recipient { name: "Các bộ phận, đơn vị có liên quan".into(), purpose: None },
        ],
        signer: Signer {
            official_id: refs.chairman,
            name: "Lê Văn Vũ".into(),
            title: "CHỦ TỊCH".into(),
            authority: None,
            authority_of: None,
        },
    }
}
