//! Methods of `/api/v1/awards`: proposals, decisions, awards granted, the award rules.

use futures_util::Stream;
use reqwest::Method;
use uuid::Uuid;

use super::resource::Endpoint;
use super::{Client, RequestOptions, Response, Result, etag_of};
use crate::types::awards::{
    AwardListQuery, AwardOut, AwardRules, AwardRulesOut, DecisionIn, DecisionListQuery,
    DecisionOut, IssueDecision, ProposalIn, ProposalListQuery, ProposalOut, ReviewIn,
    RevokeDecision,
};
use crate::types::common::Page;
use crate::types::plans::DocumentFormat;

const NO_QUERY: Option<&()> = None;
const NO_BODY: Option<&()> = None;

/// Awards granted and the award rules (`awards.list`, `awards.rules.*`).
#[derive(Debug, Clone)]
pub struct Awards<'c> {
    endpoint: Endpoint<'c>,
}

impl<'c> Awards<'c> {
    pub(crate) fn new(client: &'c Client) -> Self {
        Awards {
            endpoint: Endpoint::new(client, "/api/v1/awards"),
        }
    }

    /// `awards.list`: one line per recipient of an issued (or revoked) decision; with
    /// `official_id`, an official's award history.
    pub async fn list(&self, query: &AwardListQuery) -> Result<Page<AwardOut>> {
        self.endpoint.list(query).await
    }

    /// `awards.list`, every page, fetched lazily.
    pub fn list_all(&self, query: AwardListQuery) -> impl Stream<Item = Result<AwardOut>> + 'c {
        self.endpoint.list_all(query, |q, c| q.cursor = c)
    }

    /// `awards.rules.get`: the rules in force (version 0: the built-in defaults).
    pub async fn rules(&self) -> Result<Response<AwardRulesOut>> {
        self.endpoint
            .client
            .send(
                Method::GET,
                "/api/v1/awards/rules",
                NO_QUERY,
                NO_BODY,
                &self.endpoint.options,
            )
            .await
    }

    /// `awards.rules.replace`: new rules, conditional on the version read (412 if they
    /// changed since).
    pub async fn replace_rules(
        &self,
        current: &AwardRulesOut,
        rules: &AwardRules,
    ) -> Result<Response<AwardRulesOut>> {
        let mut options = self.endpoint.options.clone();
        options
            .if_match
            .get_or_insert_with(|| etag_of(current.version));
        self.endpoint
            .client
            .send(
                Method::PUT,
                "/api/v1/awards/rules",
                NO_QUERY,
                Some(rules),
                &options,
            )
            .await
    }
}

/// Award proposals (`awards.proposals.*`). Actions on a proposal as read send its version
/// as `If-Match`.
#[derive(Debug, Clone)]
pub struct AwardProposals<'c> {
    endpoint: Endpoint<'c>,
}

impl<'c> AwardProposals<'c> {
    call_options!(endpoint);

    pub(crate) fn new(client: &'c Client) -> Self {
        AwardProposals {
            endpoint: Endpoint::new(client, "/api/v1/awards/proposals"),
        }
    }

    /// `awards.proposals.list`.
    pub async fn list(&self, query: &ProposalListQuery) -> Result<Page<ProposalOut>> {
        self.endpoint.list(query).await
    }

    /// `awards.proposals.list`, every page, fetched lazily.
    pub fn list_all(
        &self,
        query: ProposalListQuery,
    ) -> impl Stream<Item = Result<ProposalOut>> + 'c {
        self.endpoint.list_all(query, |q, c| q.cursor = c)
    }

    /// `awards.proposals.get`.
    pub async fn get(&self, id: Uuid) -> Result<Response<ProposalOut>> {
        self.endpoint.get(id).await
    }

    /// `awards.proposals.create`: a draft.
    pub async fn create(&self, input: &ProposalIn) -> Result<Response<ProposalOut>> {
        self.endpoint.create(input).await
    }

    fn conditional(&self, version: i32) -> RequestOptions {
        let mut options = self.endpoint.options.clone();
        options.if_match.get_or_insert_with(|| etag_of(version));
        options
    }

    async fn act<B: serde::Serialize>(
        &self,
        proposal: &ProposalOut,
        action: &str,
        body: Option<&B>,
    ) -> Result<Response<ProposalOut>> {
        let path = format!("/api/v1/awards/proposals/{}/{action}", proposal.id);
        self.endpoint
            .client
            .send(
                Method::POST,
                &path,
                NO_QUERY,
                body,
                &self.conditional(proposal.version),
            )
            .await
    }

    /// `awards.proposals.submit`: to the council.
    pub async fn submit(&self, proposal: &ProposalOut) -> Result<Response<ProposalOut>> {
        self.act(proposal, "submit", NO_BODY).await
    }

    /// `awards.proposals.review`: the council's conclusion, vote and minutes.
    pub async fn review(
        &self,
        proposal: &ProposalOut,
        review: &ReviewIn,
    ) -> Result<Response<ProposalOut>> {
        self.act(proposal, "review", Some(review)).await
    }

    /// `awards.proposals.withdraw`.
    pub async fn withdraw(&self, proposal: &ProposalOut) -> Result<Response<ProposalOut>> {
        self.act(proposal, "withdraw", NO_BODY).await
    }
}

/// Award decisions (`awards.decisions.*`). Actions on a decision as read send its version
/// as `If-Match`.
#[derive(Debug, Clone)]
pub struct AwardDecisions<'c> {
    endpoint: Endpoint<'c>,
}

impl<'c> AwardDecisions<'c> {
    call_options!(endpoint);

    pub(crate) fn new(client: &'c Client) -> Self {
        AwardDecisions {
            endpoint: Endpoint::new(client, "/api/v1/awards/decisions"),
        }
    }

    /// `awards.decisions.list`.
    pub async fn list(&self, query: &DecisionListQuery) -> Result<Page<DecisionOut>> {
        self.endpoint.list(query).await
    }

    /// `awards.decisions.list`, every page, fetched lazily.
    pub fn list_all(
        &self,
        query: DecisionListQuery,
    ) -> impl Stream<Item = Result<DecisionOut>> + 'c {
        self.endpoint.list_all(query, |q, c| q.cursor = c)
    }

    /// `awards.decisions.get`.
    pub async fn get(&self, id: Uuid) -> Result<Response<DecisionOut>> {
        self.endpoint.get(id).await
    }

    /// `awards.decisions.create`: a draft from recommended proposals.
    pub async fn create(&self, input: &DecisionIn) -> Result<Response<DecisionOut>> {
        self.endpoint.create(input).await
    }

    fn conditional(&self, version: i32) -> RequestOptions {
        let mut options = self.endpoint.options.clone();
        options.if_match.get_or_insert_with(|| etag_of(version));
        options
    }

    /// `awards.decisions.issue`: numbered, dated (`date`, default today), money fixed.
    pub async fn issue(
        &self,
        decision: &DecisionOut,
        request: &IssueDecision,
    ) -> Result<Response<DecisionOut>> {
        let path = format!("/api/v1/awards/decisions/{}/issue", decision.id);
        self.endpoint
            .client
            .send(
                Method::POST,
                &path,
                NO_QUERY,
                Some(request),
                &self.conditional(decision.version),
            )
            .await
    }

    /// `awards.decisions.revoke`, with the reason.
    pub async fn revoke(
        &self,
        decision: &DecisionOut,
        request: &RevokeDecision,
    ) -> Result<Response<DecisionOut>> {
        let path = format!("/api/v1/awards/decisions/{}/revoke", decision.id);
        self.endpoint
            .client
            .send(
                Method::POST,
                &path,
                NO_QUERY,
                Some(request),
                &self.conditional(decision.version),
            )
            .await
    }

    /// `awards.decisions.document`: the decision as DOCX or PDF, streamed.
    pub async fn document(
        &self,
        id: Uuid,
        format: DocumentFormat,
    ) -> Result<impl futures_util::Stream<Item = Result<bytes::Bytes>> + use<>> {
        let format = match format {
            DocumentFormat::Docx => "docx",
            DocumentFormat::Pdf => "pdf",
        };
        self.endpoint
            .client
            .download(&format!(
                "/api/v1/awards/decisions/{id}/document?format={format}"
            ))
            .await
    }
}
