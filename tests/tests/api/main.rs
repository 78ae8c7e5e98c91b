#![allow(clippy::unwrap_used, clippy::expect_used)]
//! The end-to-end suite: one binary, a `common` harness, one module per resource.

mod access;
mod audit;
mod auth;
mod award_law;
mod awards;
mod clients;
mod common;
mod crash;
mod demo_world;
mod evidence;
mod framework_shapes;
mod index;
mod journal;
mod organisation;
mod plans;
mod platform;
mod portal;
mod roles;
mod sdk;
mod siblings;
mod tasks;
mod trust;
mod two_level;
mod units;
