//! Methods of `/api/v1/index/assessments`: self-assessment, appraisal, the analysis
//! of lost points and the what-if of regaining them.

use futures_util::Stream;
use reqwest::Method;
use serde::Serialize;
use uuid::Uuid;

use super::{NO_BODY, NO_QUERY};
use crate::client::resource::Endpoint;
use crate::client::{Client, Response, Result, etag_of};
use crate::types::common::Page;
use crate::types::index::{
    Analysis, AppraisalIn, AssessmentIn, AssessmentListQuery, AssessmentOut, CauseIn, CauseOut,
    ExplanationRequest, RemediationIn, ResponsibilitiesIn, SelfAssessmentIn, WhatIf, WhatIfIn,
};
use crate::types::tasks::TaskOut;

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

    /// `index.assessments.set_cause`: the responsible department's cause (nguyên nhân)
    /// and proposed solution (giải pháp) for lost item `code`; written again, it replaces
    /// the earlier text.
    pub async fn set_cause(&self, id: Uuid, code: &str, input: &CauseIn) -> Result<CauseOut> {
        let code: String = code
            .chars()
            .filter(|c| c.is_ascii_alphanumeric() || *c == '.')
            .collect();
        let path = format!("/api/v1/index/assessments/{id}/items/{code}/cause");
        Ok(self
            .endpoint
            .client
            .send(
                Method::PUT,
                &path,
                NO_QUERY,
                Some(input),
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

    /// `index.assessments.what_if`: the index, band and rank the assessment would reach
    /// with lost points regained (`WhatIfIn::default()`: all of them), the cheapest sets
    /// of items reaching the next band and rank, and each remediation task's expected
    /// points. Changes nothing.
    pub async fn what_if(&self, id: Uuid, input: &WhatIfIn) -> Result<WhatIf> {
        let path = format!("/api/v1/index/assessments/{id}/what-if");
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
