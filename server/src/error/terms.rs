//! The Vietnamese words for the codes a message names: statuses (`in_progress`) and unit
//! levels (`commune`). A Vietnamese sentence says "đang thực hiện", "cấp xã"; the English
//! one keeps the code, which is what the API sends and accepts. The one table of them.

/// The Vietnamese label of a status or level code (`draft` → "dự thảo", `commune` →
/// "xã"); a code the table does not know comes back unchanged, so a new status still
/// reads, if in English, rather than failing.
pub fn vi_term(code: &str) -> &str {
    match code {
        // Unit and framework levels (DOMAIN.md, "Units and the 2025 reorganisation").
        "province" => "tỉnh",
        "district" => "huyện",
        "commune" => "xã",
        "department" => "sở, ban, ngành",
        // Statuses of plans, tasks, assessments, proposals, decisions, frameworks,
        // dossiers and officials.
        "draft" => "dự thảo",
        "submitted" => "đã trình",
        "issued" => "đã ban hành",
        "in_progress" => "đang thực hiện",
        "completed" => "đã hoàn thành",
        "cancelled" => "đã hủy",
        "todo" => "chưa bắt đầu",
        "blocked" => "đang vướng mắc",
        "done" => "đã xong",
        "published" => "đã công bố",
        "self_assessment" => "đang tự đánh giá",
        "explanation_requested" => "chờ giải trình",
        "finalized" => "đã chốt điểm",
        "recommended" => "được Hội đồng đề nghị",
        "not_recommended" => "không được Hội đồng đề nghị",
        "withdrawn" => "đã rút",
        "awarded" => "đã khen thưởng",
        "revoked" => "đã thu hồi",
        "processing" => "đang giải quyết",
        "resolved" => "đã giải quyết",
        "returned" => "đã trả lại",
        "serving" => "đang công tác",
        "left" => "đã nghỉ",
        "archived" => "đã lưu trữ",
        "active" => "đang hoạt động",
        // Webhook deliveries.
        "pending" => "chờ gửi",
        "delivered" => "đã gửi",
        "failed" => "không thành công",
        "dead" => "đã ngừng gửi",
        // Export jobs.
        "queued" => "đang chờ",
        "running" => "đang thực hiện",
        "succeeded" => "đã xong",
        other => other,
    }
}

/// The Vietnamese verb of an action code (`submit` → "trình"), for the sentence that refuses
/// it; unknown codes come back unchanged.
pub fn vi_action(code: &str) -> &str {
    match code {
        "submit" => "trình",
        "return" => "trả lại",
        "issue" => "ban hành",
        "start" => "bắt đầu",
        "complete" => "hoàn thành",
        "cancel" => "hủy",
        "amend" => "sửa đổi",
        "replace_content" => "thay nội dung",
        "block" => "báo vướng mắc",
        "unblock" => "gỡ vướng mắc",
        "reopen" => "mở lại",
        "self_assess" => "tự chấm điểm",
        "appraise" => "thẩm định",
        "request_explanation" => "yêu cầu giải trình",
        "finalize" => "chốt điểm",
        "publish" => "công bố",
        "withdraw" => "rút",
        "review" => "xét (Hội đồng)",
        "revoke" => "thu hồi",
        "archive" => "lưu trữ",
        "restore" => "khôi phục",
        other => other,
    }
}

#[cfg(test)]
mod tests {
    use super::{vi_action, vi_term};

    /// Every value of every `…Status` and `…Level` schema of the OpenAPI document has a
    /// word: a status added later fails here until it has one.
    #[test]
    fn every_status_and_level_of_the_api_has_a_vietnamese_word() {
        let api = serde_json::to_value(crate::openapi()).unwrap_or_default();
        let schemas = api["components"]["schemas"]
            .as_object()
            .cloned()
            .unwrap_or_default();
        let mut checked = 0;
        for (name, schema) in &schemas {
            if !(name.ends_with("Status") || name.ends_with("Level")) {
                continue;
            }
            for code in schema["enum"].as_array().into_iter().flatten() {
                let Some(code) = code.as_str() else { continue };
                if code == "unknown" {
                    continue;
                }
                checked += 1;
                assert_ne!(vi_term(code), code, "{name}: {code} has no Vietnamese word");
            }
        }
        assert!(checked >= 30, "only {checked} codes found");
        assert_eq!(vi_term("commune"), "xã");
        assert_eq!(vi_term("something_new"), "something_new");
        assert_eq!(vi_action("request_explanation"), "yêu cầu giải trình");
    }
}
