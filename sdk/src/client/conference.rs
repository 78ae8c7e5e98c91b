//! Methods of `/api/v1/plans/{id}/conference-pack`: the conference papers of a plan.

use bytes::Bytes;
use futures_util::{Stream, TryStreamExt};
use reqwest::Method;
use serde::Serialize;
use uuid::Uuid;

use super::{Client, Error, Result};
use crate::types::plans::DocumentFormat;

/// The file format of the ranking chart.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ChartFormat {
    /// SVG.
    #[default]
    Svg,
    /// PNG, 2400 pixels wide.
    Png,
}

/// The `format` query value of a document format.
fn document_format(format: DocumentFormat) -> &'static str {
    match format {
        DocumentFormat::Docx => "docx",
        DocumentFormat::Pdf => "pdf",
    }
}

/// Conference-pack operations (`plans.conference_*`): every answer is a byte stream, read
/// as it arrives (write it to a file without holding it whole).
#[derive(Debug, Clone)]
pub struct ConferencePack<'c> {
    client: &'c Client,
}

impl<'c> ConferencePack<'c> {
    pub(crate) fn new(client: &'c Client) -> Self {
        ConferencePack { client }
    }

    async fn bytes(
        &self,
        path: String,
        format: Option<&str>,
    ) -> Result<impl Stream<Item = Result<Bytes>> + use<>> {
        let mut req = self.client.raw(Method::GET, &path).await?;
        if let Some(format) = format {
            req = req.query(&[("format", format)]);
        }
        let res = req.send().await.map_err(Error::transport)?;
        let status = res.status();
        if !status.is_success() {
            let body = res.bytes().await.map_err(Error::transport)?;
            return Err(super::problem_error(status, &body));
        }
        Ok(res.bytes_stream().map_err(Error::transport))
    }

    /// `plans.conference_pack`: the ZIP of the plan's conference papers (plan, report,
    /// invitation, award decisions as DOCX and PDF; the ranking chart as SVG and PNG).
    pub async fn pack(&self, plan_id: Uuid) -> Result<impl Stream<Item = Result<Bytes>> + use<>> {
        self.bytes(format!("/api/v1/plans/{plan_id}/conference-pack"), None)
            .await
    }

    /// `plans.conference_report`: the evaluation report (Báo cáo) as DOCX or PDF.
    pub async fn report(
        &self,
        plan_id: Uuid,
        format: DocumentFormat,
    ) -> Result<impl Stream<Item = Result<Bytes>> + use<>> {
        self.bytes(
            format!("/api/v1/plans/{plan_id}/conference-pack/report"),
            Some(document_format(format)),
        )
        .await
    }

    /// `plans.conference_invitation`: the invitation (Giấy mời) as DOCX or PDF.
    pub async fn invitation(
        &self,
        plan_id: Uuid,
        format: DocumentFormat,
    ) -> Result<impl Stream<Item = Result<Bytes>> + use<>> {
        self.bytes(
            format!("/api/v1/plans/{plan_id}/conference-pack/invitation"),
            Some(document_format(format)),
        )
        .await
    }

    /// `plans.conference_chart`: the ranking chart as SVG or PNG.
    pub async fn chart(
        &self,
        plan_id: Uuid,
        format: ChartFormat,
    ) -> Result<impl Stream<Item = Result<Bytes>> + use<>> {
        self.bytes(
            format!("/api/v1/plans/{plan_id}/conference-pack/chart"),
            Some(match format {
                ChartFormat::Svg => "svg",
                ChartFormat::Png => "png",
            }),
        )
        .await
    }
}
