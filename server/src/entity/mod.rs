//! sea-orm entities: the rows as stored. They never reach the wire; `routes` converts them
//! to the SDK's `XOut` types.

pub mod api_clients;
pub mod audit_events;
pub mod auth_epoch;
pub mod award_decisions;
pub mod award_proposals;
pub mod award_recipients;
pub mod award_rules;
pub mod departments;
pub mod export_files;
pub mod export_jobs;
pub mod idempotency_keys;
pub mod index_assessment_items;
pub mod index_assessments;
pub mod index_frameworks;
pub mod index_outlook_marks;
pub mod index_publications;
pub mod index_results;
pub mod officials;
pub mod plan_revisions;
pub mod plans;
pub mod portal_dossiers;
pub mod portal_statistics;
pub mod refresh_tokens;
pub mod signing_keys;
pub mod task_assignees;
pub mod task_attachments;
pub mod task_departments;
pub mod task_updates;
pub mod tasks;
pub mod units;
pub mod users;
pub mod webhook_deliveries;
pub mod webhook_outbox;
pub mod webhook_subscriptions;
