//! The portal's figures of a unit per period, each ratio with its numerator and denominator
//! (the rules of `crate::domain::portal::figures`), read through the scoped statistics list.

use cchc_sdk::types::portal::{PortalMetric, StatisticsQuery};
use cchc_sdk::types::reports::PortalReport;
use sea_orm::DatabaseConnection;
use uuid::Uuid;

use super::{Cell, Column, Kind, Report};
use crate::auth::Scope;
use crate::domain::page::PageRequest;
use crate::error::ApiError;

/// The Vietnamese name of a ratio.
pub fn metric_vi(m: PortalMetric) -> &'static str {
    match m {
        PortalMetric::OnTimeRate => "Tỷ lệ hồ sơ giải quyết đúng hạn",
        PortalMetric::OnlineRate => "Tỷ lệ hồ sơ trực tuyến",
        PortalMetric::FullyOnlineRate => "Tỷ lệ hồ sơ trực tuyến toàn trình",
        PortalMetric::OnlinePaymentRate => "Tỷ lệ thanh toán trực tuyến",
        PortalMetric::ElectronicResultRate => "Tỷ lệ cấp kết quả điện tử",
        PortalMetric::DigitisationRate => "Tỷ lệ số hóa hồ sơ",
        PortalMetric::SyncRate => "Tỷ lệ đồng bộ hồ sơ",
        PortalMetric::FeedbackOnTimeRate => "Tỷ lệ phản ánh, kiến nghị xử lý đúng hạn",
        PortalMetric::SatisfactionRate => "Tỷ lệ hài lòng",
        _ => "Chỉ tiêu khác",
    }
}

/// The report of a unit the caller can see (404 otherwise), periods starting with `period`.
pub async fn portal(
    db: &DatabaseConnection,
    scope: &Scope,
    unit_id: Uuid,
    period: Option<String>,
) -> Result<PortalReport, ApiError> {
    let unit =
        crate::domain::scoped::find::<crate::entity::units::Entity>(db, scope, unit_id).await?;
    let mut query = StatisticsQuery {
        unit_id: Some(unit_id),
        period,
        limit: None,
        cursor: None,
    };
    let mut statistics = Vec::new();
    loop {
        let page = PageRequest::parse(Some(200), query.cursor.as_deref())?;
        let got = crate::domain::portal::list_statistics(db, scope, &query, &page).await?;
        statistics.extend(got.data);
        match got.next_cursor {
            Some(next) if got.has_more => query.cursor = Some(next),
            _ => break,
        }
    }
    statistics.sort_by(|a, b| a.period.cmp(&b.period));
    Ok(PortalReport {
        unit_id,
        unit_name: unit.name,
        statistics,
    })
}

/// The report as a table: one line per period and ratio (ratios with no denominator are
/// left out, as the portal's answers leave them out).
pub fn table(r: &PortalReport) -> Report {
    let columns = vec![
        Column::new("period", "Kỳ", Kind::Text),
        Column::new("metric", "Chỉ tiêu", Kind::Text),
        Column::new("numerator", "Tử số", Kind::Integer),
        Column::new("denominator", "Mẫu số", Kind::Integer),
        Column::new("percent", "Tỷ lệ (%)", Kind::Percent),
    ];
    let rows = r
        .statistics
        .iter()
        .flat_map(|s| {
            s.ratios.iter().map(|ratio| {
                vec![
                    Cell::from(s.period.as_str()),
                    Cell::from(metric_vi(ratio.metric)),
                    Cell::Integer(ratio.numerator),
                    Cell::Integer(ratio.denominator),
                    Cell::Number(ratio.percent),
                ]
            })
        })
        .collect();
    Report {
        title: format!("Số liệu Cổng dịch vụ công - {}", r.unit_name),
        columns,
        rows,
    }
}
