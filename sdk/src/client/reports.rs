//! Methods of `/api/v1/reports`: each report as its typed JSON, or as a file (CSV with a
//! byte order mark, or XLSX) streamed as it arrives.

use futures_util::Stream;
use reqwest::Method;
use serde::Serialize;
use serde::de::DeserializeOwned;
use uuid::Uuid;

use super::{Client, Error, RequestOptions, Result, problem_error};
use crate::types::index::Ranking;
use crate::types::reports::{
    AwardsReport, AwardsReportQuery, DepartmentScorecard, DepartmentScorecardQuery,
    IndexRankingReportQuery, PlanProgressReport, PlanProgressReportQuery, PortalReport,
    PortalReportQuery, ReportFormat, ScoreSheet, ScoreSheetQuery,
};

const INDEX_RANKING: &str = "/api/v1/reports/index-ranking";
const SCORE_SHEET: &str = "/api/v1/reports/score-sheet";
const PLAN_PROGRESS: &str = "/api/v1/reports/plan-progress";
const AWARDS: &str = "/api/v1/reports/awards";
const PORTAL: &str = "/api/v1/reports/portal";
const DEPARTMENT_SCORECARD: &str = "/api/v1/reports/department-scorecard";

/// Reports (`reports.*`).
#[derive(Debug, Clone)]
pub struct Reports<'c> {
    client: &'c Client,
}

impl<'c> Reports<'c> {
    pub(crate) fn new(client: &'c Client) -> Self {
        Reports { client }
    }

    async fn json<Q: Serialize, T: DeserializeOwned>(&self, path: &str, query: &Q) -> Result<T> {
        Ok(self
            .client
            .send(
                Method::GET,
                path,
                Some(query),
                None::<&()>,
                &RequestOptions::default(),
            )
            .await?
            .value)
    }

    async fn file<Q: Serialize>(
        &self,
        path: &str,
        query: &Q,
    ) -> Result<impl Stream<Item = Result<bytes::Bytes>> + use<Q>> {
        let res = self
            .client
            .raw(Method::GET, path)
            .await?
            .query(query)
            .send()
            .await
            .map_err(Error::transport)?;
        let status = res.status();
        if !status.is_success() {
            let body = res.bytes().await.map_err(Error::transport)?;
            return Err(problem_error(status, &body));
        }
        use futures_util::TryStreamExt;
        Ok(res.bytes_stream().map_err(Error::transport))
    }

    /// `reports.index_ranking`: the ranking of a parent's units for a year as JSON
    /// (`query.format` is ignored: JSON is asked for).
    pub async fn index_ranking(&self, query: &IndexRankingReportQuery) -> Result<Ranking> {
        let query = IndexRankingReportQuery {
            format: Some(ReportFormat::Json),
            ..query.clone()
        };
        self.json(INDEX_RANKING, &query).await
    }

    /// `reports.index_ranking` as a file in `format` (CSV or XLSX), a byte stream.
    pub async fn index_ranking_file(
        &self,
        query: &IndexRankingReportQuery,
        format: ReportFormat,
    ) -> Result<impl Stream<Item = Result<bytes::Bytes>> + use<>> {
        let query = IndexRankingReportQuery {
            format: Some(format),
            ..query.clone()
        };
        self.file(INDEX_RANKING, &query).await
    }

    /// `reports.score_sheet`: an assessment's score sheet as JSON.
    pub async fn score_sheet(&self, query: &ScoreSheetQuery) -> Result<ScoreSheet> {
        let query = ScoreSheetQuery {
            format: Some(ReportFormat::Json),
            ..query.clone()
        };
        self.json(SCORE_SHEET, &query).await
    }

    /// `reports.score_sheet` as a file in `format` (CSV or XLSX), a byte stream.
    pub async fn score_sheet_file(
        &self,
        query: &ScoreSheetQuery,
        format: ReportFormat,
    ) -> Result<impl Stream<Item = Result<bytes::Bytes>> + use<>> {
        let query = ScoreSheetQuery {
            format: Some(format),
            ..query.clone()
        };
        self.file(SCORE_SHEET, &query).await
    }

    /// `reports.plan_progress`: a plan's progress in all and per lead department as JSON.
    pub async fn plan_progress(
        &self,
        query: &PlanProgressReportQuery,
    ) -> Result<PlanProgressReport> {
        let query = PlanProgressReportQuery {
            format: Some(ReportFormat::Json),
            ..query.clone()
        };
        self.json(PLAN_PROGRESS, &query).await
    }

    /// `reports.plan_progress` as a file in `format` (CSV or XLSX), a byte stream.
    pub async fn plan_progress_file(
        &self,
        query: &PlanProgressReportQuery,
        format: ReportFormat,
    ) -> Result<impl Stream<Item = Result<bytes::Bytes>> + use<>> {
        let query = PlanProgressReportQuery {
            format: Some(format),
            ..query.clone()
        };
        self.file(PLAN_PROGRESS, &query).await
    }

    /// `reports.awards`: the awards of a unit and year with the money totals, as JSON.
    pub async fn awards(&self, query: &AwardsReportQuery) -> Result<AwardsReport> {
        let query = AwardsReportQuery {
            format: Some(ReportFormat::Json),
            ..query.clone()
        };
        self.json(AWARDS, &query).await
    }

    /// `reports.awards` as a file in `format` (CSV or XLSX), a byte stream.
    pub async fn awards_file(
        &self,
        query: &AwardsReportQuery,
        format: ReportFormat,
    ) -> Result<impl Stream<Item = Result<bytes::Bytes>> + use<>> {
        let query = AwardsReportQuery {
            format: Some(format),
            ..query.clone()
        };
        self.file(AWARDS, &query).await
    }

    /// `reports.portal`: the portal's figures of a unit per period, each ratio with its
    /// numerator and denominator, as JSON.
    pub async fn portal(&self, query: &PortalReportQuery) -> Result<PortalReport> {
        let query = PortalReportQuery {
            format: Some(ReportFormat::Json),
            ..query.clone()
        };
        self.json(PORTAL, &query).await
    }

    /// `reports.portal` as a file in `format` (CSV or XLSX), a byte stream.
    pub async fn portal_file(
        &self,
        query: &PortalReportQuery,
        format: ReportFormat,
    ) -> Result<impl Stream<Item = Result<bytes::Bytes>> + use<>> {
        let query = PortalReportQuery {
            format: Some(format),
            ..query.clone()
        };
        self.file(PORTAL, &query).await
    }

    /// `reports.department_scorecard`: what each department of a unit did in a year (tasks
    /// done, on time, overdue; the sub-criteria it answers for and the points they lost),
    /// as JSON.
    pub async fn department_scorecard(
        &self,
        query: &DepartmentScorecardQuery,
    ) -> Result<DepartmentScorecard> {
        let query = DepartmentScorecardQuery {
            format: Some(ReportFormat::Json),
            ..query.clone()
        };
        self.json(DEPARTMENT_SCORECARD, &query).await
    }

    /// `reports.department_scorecard` as a file in `format` (CSV or XLSX), a byte stream.
    pub async fn department_scorecard_file(
        &self,
        query: &DepartmentScorecardQuery,
        format: ReportFormat,
    ) -> Result<impl Stream<Item = Result<bytes::Bytes>> + use<>> {
        let query = DepartmentScorecardQuery {
            format: Some(format),
            ..query.clone()
        };
        self.file(DEPARTMENT_SCORECARD, &query).await
    }

    /// `reports.index_ranking_chart`: the ranking of `parent_id`'s units in `year` as a
    /// bar chart (SVG or PNG), `highlight`'s bar in red; a byte stream.
    pub async fn index_ranking_chart(
        &self,
        parent_id: Uuid,
        year: i32,
        highlight: Option<Uuid>,
        format: super::ChartFormat,
    ) -> Result<impl Stream<Item = Result<bytes::Bytes>> + use<>> {
        let path = format!("/api/v1/reports/index-ranking/chart.{}", chart_ext(format));
        let mut query = vec![
            ("parent_id", parent_id.to_string()),
            ("year", year.to_string()),
        ];
        if let Some(h) = highlight {
            query.push(("highlight", h.to_string()));
        }
        self.file(&path, &query).await
    }

    /// `reports.plan_progress_chart`: a plan's weighted progress by lead department as a bar
    /// chart (SVG or PNG); a byte stream.
    pub async fn plan_progress_chart(
        &self,
        plan_id: Uuid,
        format: super::ChartFormat,
    ) -> Result<impl Stream<Item = Result<bytes::Bytes>> + use<>> {
        let path = format!("/api/v1/reports/plan-progress/chart.{}", chart_ext(format));
        self.file(&path, &[("plan_id", plan_id.to_string())]).await
    }
}

/// The file extension of a chart format.
fn chart_ext(format: super::ChartFormat) -> &'static str {
    match format {
        super::ChartFormat::Svg => "svg",
        super::ChartFormat::Png => "png",
    }
}
