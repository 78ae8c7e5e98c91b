//! Methods of `/api/v1/index`: PAR-index frameworks, assessments and published results.

use futures_util::Stream;
use reqwest::Method;
use serde::Serialize;
use uuid::Uuid;

use super::resource::Endpoint;
use super::{Client, RequestOptions, Response, Result, etag_of};
use crate::types::common::Page;
use crate::types::index::{
    Analysis, AppraisalIn, AssessmentIn, AssessmentListQuery, AssessmentOut, CopyFramework,
    CriterionIn, ExplanationRequest, FrameworkIn, FrameworkListQuery, FrameworkOut, FrameworkPatch,
    PublicationOut, PublishResults, Ranking, RankingQuery, RemediationIn, ResponsibilitiesIn,
    ResultOut, SelfAssessmentIn, SheetFormat, SheetQuery,
};
use crate::types::tasks::TaskOut;

const NO_QUERY: Option<&()> = None;
const NO_BODY: Option<&()> = None;

/// The `Content-Type` of a criteria sheet sent as CSV.
const CSV: &str = "text/csv; charset=utf-8";

/// Framework operations (`index.frameworks.*`). Changes to a framework as read send its
/// version as `If-Match`.
#[derive(Debug, Clone)]
pub struct Frameworks<'c> {
    endpoint: Endpoint<'c>,
}

impl<'c> Frameworks<'c> {
    call_options!(endpoint);

    pub(crate) fn new(client: &'c Client) -> Self {
        Frameworks {
            endpoint: Endpoint::new(client, "/api/v1/index/frameworks"),
        }
    }

    /// `index.frameworks.list`.
    pub async fn list(&self, query: &FrameworkListQuery) -> Result<Page<FrameworkOut>> {
        self.endpoint.list(query).await
    }

    /// `index.frameworks.list`, every page, fetched lazily.
    pub fn list_all(
        &self,
        query: FrameworkListQuery,
    ) -> impl Stream<Item = Result<FrameworkOut>> + 'c {
        self.endpoint.list_all(query, |q, c| q.cursor = c)
    }

    /// `index.frameworks.get`.
    pub async fn get(&self, id: Uuid) -> Result<Response<FrameworkOut>> {
        self.endpoint.get(id).await
    }

    /// `index.frameworks.create`: a draft with its whole tree (or an imported
    /// [`Frameworks::export`] file); 201 with `Location`.
    pub async fn create(&self, input: &FrameworkIn) -> Result<Response<FrameworkOut>> {
        self.endpoint.create(input).await
    }

    /// `index.frameworks.update` of a draft as read (412 if it changed since).
    pub async fn update(
        &self,
        current: &FrameworkOut,
        patch: &FrameworkPatch,
    ) -> Result<Response<FrameworkOut>> {
        self.endpoint
            .update(current.id, Some(current.version), patch)
            .await
    }

    fn conditional(&self, framework: &FrameworkOut) -> RequestOptions {
        let mut options = self.endpoint.options.clone();
        options
            .if_match
            .get_or_insert_with(|| etag_of(framework.version));
        options
    }

    /// `index.frameworks.publish`: puts a draft as read in force and freezes it.
    pub async fn publish(&self, framework: &FrameworkOut) -> Result<Response<FrameworkOut>> {
        let path = format!("/api/v1/index/frameworks/{}/publish", framework.id);
        self.endpoint
            .client
            .send(
                Method::POST,
                &path,
                NO_QUERY,
                NO_BODY,
                &self.conditional(framework),
            )
            .await
    }

    /// `index.frameworks.copy`: a new draft with the same tree, caps and bands for another
    /// year (201).
    pub async fn copy(&self, id: Uuid, input: &CopyFramework) -> Result<Response<FrameworkOut>> {
        let path = format!("/api/v1/index/frameworks/{id}/copy");
        self.endpoint
            .client
            .send(
                Method::POST,
                &path,
                NO_QUERY,
                Some(input),
                &self.endpoint.options,
            )
            .await
    }

    /// `index.frameworks.export`: the whole framework in the shape
    /// [`Frameworks::create`] takes.
    pub async fn export(&self, id: Uuid) -> Result<FrameworkIn> {
        let path = format!("/api/v1/index/frameworks/{id}/export");
        Ok(self
            .endpoint
            .client
            .send(
                Method::GET,
                &path,
                NO_QUERY,
                NO_BODY,
                &self.endpoint.options,
            )
            .await?
            .value)
    }

    /// `index.frameworks.criteria` with `format=json`: the `areas` tree.
    pub async fn criteria(&self, id: Uuid) -> Result<Vec<CriterionIn>> {
        let path = format!("/api/v1/index/frameworks/{id}/criteria");
        let query = SheetQuery {
            format: SheetFormat::Json,
        };
        Ok(self
            .endpoint
            .client
            .send(
                Method::GET,
                &path,
                Some(&query),
                NO_BODY,
                &self.endpoint.options,
            )
            .await?
            .value)
    }

    /// `index.frameworks.criteria` with `format=csv`: the sheet as CSV text, header
    /// `code,name,max_points,method,responsible,metric,thresholds`.
    pub async fn criteria_csv(&self, id: Uuid) -> Result<String> {
        let path = format!("/api/v1/index/frameworks/{id}/criteria");
        let query = SheetQuery {
            format: SheetFormat::Csv,
        };
        Ok(self
            .endpoint
            .client
            .get_text(&path, Some(&query), &self.endpoint.options)
            .await?
            .value)
    }

    /// `index.frameworks.replace_criteria` of a draft as read, with the tree as JSON.
    pub async fn replace_criteria(
        &self,
        framework: &FrameworkOut,
        areas: &[CriterionIn],
    ) -> Result<Response<FrameworkOut>> {
        let path = format!("/api/v1/index/frameworks/{}/criteria", framework.id);
        self.endpoint
            .client
            .send(
                Method::PUT,
                &path,
                NO_QUERY,
                Some(areas),
                &self.conditional(framework),
            )
            .await
    }

    /// `index.frameworks.replace_criteria` of a draft as read, with the CSV sheet (sent as
    /// `text/csv`; problems name their line, e.g. `line 4.max_points`).
    pub async fn replace_criteria_csv(
        &self,
        framework: &FrameworkOut,
        csv: impl Into<String>,
    ) -> Result<Response<FrameworkOut>> {
        let path = format!("/api/v1/index/frameworks/{}/criteria", framework.id);
        self.endpoint
            .client
            .send_text(
                Method::PUT,
                &path,
                CSV,
                csv.into(),
                &self.conditional(framework),
            )
            .await
    }

    /// `index.frameworks.publish_results`: publishes by one decision every finalized
    /// assessment of the units directly under the parent (201).
    pub async fn publish_results(
        &self,
        id: Uuid,
        input: &PublishResults,
    ) -> Result<Response<PublicationOut>> {
        let path = format!("/api/v1/index/frameworks/{id}/publications");
        self.endpoint
            .client
            .send(
                Method::POST,
                &path,
                NO_QUERY,
                Some(input),
                &self.endpoint.options,
            )
            .await
    }
}

/// Assessment operations (`index.assessments.*`). Changes to an assessment as read send
/// its version as `If-Match`.
#[derive(Debug, Clone)]
pub struct Assessments<'c> {
    endpoint: Endpoint<'c>,
}

impl<'c> Assessments<'c> {
    call_options!(endpoint);

    pub(crate) fn new(client: &'c Client) -> Self {
        Assessments {
            endpoint: Endpoint::new(client, "/api/v1/index/assessments"),
        }
    }

    /// `index.assessments.list`: summaries (totals, no score sheet).
    pub async fn list(&self, query: &AssessmentListQuery) -> Result<Page<AssessmentOut>> {
        self.endpoint.list(query).await
    }

    /// `index.assessments.list`, every page, fetched lazily.
    pub fn list_all(
        &self,
        query: AssessmentListQuery,
    ) -> impl Stream<Item = Result<AssessmentOut>> + 'c {
        self.endpoint.list_all(query, |q, c| q.cursor = c)
    }

    /// `index.assessments.get`: with its score sheet.
    pub async fn get(&self, id: Uuid) -> Result<Response<AssessmentOut>> {
        self.endpoint.get(id).await
    }

    /// `index.assessments.create`: opens a unit's assessment against a published
    /// framework (201).
    pub async fn create(&self, input: &AssessmentIn) -> Result<Response<AssessmentOut>> {
        self.endpoint.create(input).await
    }

    async fn change<B: Serialize>(
        &self,
        method: Method,
        assessment: &AssessmentOut,
        action: &str,
        body: Option<&B>,
    ) -> Result<Response<AssessmentOut>> {
        let mut options = self.endpoint.options.clone();
        options
            .if_match
            .get_or_insert_with(|| etag_of(assessment.version));
        let path = format!("/api/v1/index/assessments/{}/{action}", assessment.id);
        self.endpoint
            .client
            .send(method, &path, NO_QUERY, body, &options)
            .await
    }

    /// `index.assessments.self_assess` of an assessment as read: the unit's scores, notes
    /// and evidence for the items given.
    pub async fn self_assess(
        &self,
        assessment: &AssessmentOut,
        input: &SelfAssessmentIn,
    ) -> Result<Response<AssessmentOut>> {
        self.change(Method::PUT, assessment, "self-assessment", Some(input))
            .await
    }

    /// `index.assessments.submit`: to the upper level for appraisal.
    pub async fn submit(&self, assessment: &AssessmentOut) -> Result<Response<AssessmentOut>> {
        self.change::<()>(Method::POST, assessment, "submit", None)
            .await
    }

    /// `index.assessments.appraise`: appraised scores, survey points, bonus and penalty.
    pub async fn appraise(
        &self,
        assessment: &AssessmentOut,
        input: &AppraisalIn,
    ) -> Result<Response<AssessmentOut>> {
        self.change(Method::PUT, assessment, "appraisal", Some(input))
            .await
    }

    /// `index.assessments.request_explanation`: sends chosen items back to the unit.
    pub async fn request_explanation(
        &self,
        assessment: &AssessmentOut,
        request: &ExplanationRequest,
    ) -> Result<Response<AssessmentOut>> {
        self.change(
            Method::POST,
            assessment,
            "request-explanation",
            Some(request),
        )
        .await
    }

    /// `index.assessments.finalize`: completes the appraisal.
    pub async fn finalize(&self, assessment: &AssessmentOut) -> Result<Response<AssessmentOut>> {
        self.change::<()>(Method::POST, assessment, "finalize", None)
            .await
    }

    /// `index.assessments.set_responsibilities`: the unit's department responsible for
    /// chosen items (`null` back to the framework's kind).
    pub async fn set_responsibilities(
        &self,
        assessment: &AssessmentOut,
        input: &ResponsibilitiesIn,
    ) -> Result<Response<AssessmentOut>> {
        self.change(Method::PUT, assessment, "responsibilities", Some(input))
            .await
    }

    /// `index.assessments.analysis`: where the assessment lost points, by item and by
    /// department.
    pub async fn analysis(&self, id: Uuid) -> Result<Analysis> {
        let path = format!("/api/v1/index/assessments/{id}/analysis");
        Ok(self
            .endpoint
            .client
            .send(
                Method::GET,
                &path,
                NO_QUERY,
                NO_BODY,
                &self.endpoint.options,
            )
            .await?
            .value)
    }

    /// `index.assessments.remediate`: one remediation task per chosen item in a plan of
    /// the same unit (asking again returns the tasks already made).
    pub async fn remediate(&self, id: Uuid, input: &RemediationIn) -> Result<Vec<TaskOut>> {
        let path = format!("/api/v1/index/assessments/{id}/analysis/tasks");
        Ok(self
            .endpoint
            .client
            .send(
                Method::POST,
                &path,
                NO_QUERY,
                Some(input),
                &self.endpoint.options,
            )
            .await?
            .value)
    }
}

/// Published results (`index.results.*`).
#[derive(Debug, Clone)]
pub struct Results<'c> {
    endpoint: Endpoint<'c>,
}

impl<'c> Results<'c> {
    pub(crate) fn new(client: &'c Client) -> Self {
        Results {
            endpoint: Endpoint::new(client, "/api/v1/index/results"),
        }
    }

    /// `index.results.ranking`: the published results of a parent's units for a year,
    /// best first.
    pub async fn ranking(&self, query: &RankingQuery) -> Result<Ranking> {
        Ok(self
            .endpoint
            .client
            .send(
                Method::GET,
                self.endpoint.path,
                Some(query),
                NO_BODY,
                &self.endpoint.options,
            )
            .await?
            .value)
    }

    /// `index.results.get`: a unit's published result for a year (404 until published).
    pub async fn get(&self, unit_id: Uuid, year: i32) -> Result<Response<ResultOut>> {
        let path = format!("/api/v1/index/results/{unit_id}/{year}");
        self.endpoint
            .client
            .send(
                Method::GET,
                &path,
                NO_QUERY,
                NO_BODY,
                &self.endpoint.options,
            )
            .await
    }
}
