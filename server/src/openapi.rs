//! The OpenAPI 3.1 document: paths come from the route table (registering a route documents
//! it), and the shared parts — problem responses, `Idempotency-Key` and `If-Match`
//! parameters, the bearer scheme — are added here once for every operation.

use utoipa::openapi::path::{Operation, Parameter, ParameterBuilder, ParameterIn};
use utoipa::openapi::security::{
    ClientCredentials, Flow, HttpAuthScheme, HttpBuilder, OAuth2, Password, Scopes,
    SecurityRequirement, SecurityScheme,
};
use utoipa::openapi::{ContentBuilder, Ref, RefOr, Required, ResponseBuilder};
use utoipa::{Modify, OpenApi};

use cchc_sdk::types::common::{FieldError, Problem};

mod requests;

pub use requests::TEXT_PATTERN;
use requests::{close_request_schemas, optional_bodies_not_nullable, state_the_text_rule};

/// The base document; paths are added by `utoipa_actix_web` from the route table.
#[derive(OpenApi)]
#[openapi(
    info(
        title = "CCHC API",
        description = "Administrative-reform (CCHC) work of Vietnamese People's Committees around the \
yearly PAR index: units, plans, tasks, the index, awards and portal statistics.\n\n\
Conventions: JSON with snake_case; errors as RFC 9457 `application/problem+json` with a stable \
`code` (Vietnamese by default, English with `Accept-Language: en`); keyset pagination with \
`limit`/`cursor`; `ETag`/`If-Match` on single resources; `Idempotency-Key` on every POST; \
`X-Request-Id` on every response.",
        license(name = "MIT OR Apache-2.0")
    ),
    components(schemas(
        Problem,
        FieldError,
        cchc_sdk::types::plans::DocumentFormat,
        cchc_sdk::types::tasks::TaskSort,
        cchc_sdk::types::index::SheetFormat,
        cchc_sdk::types::index::FrameworkLevel,
        cchc_sdk::types::index::FrameworkStatus,
        cchc_sdk::types::index::AssessmentStatus,
        cchc_sdk::types::index::CriterionIn,
        cchc_sdk::types::index::CriterionOut,
        cchc_sdk::types::index::PortalRule,
        cchc_sdk::types::index::Threshold,
        cchc_sdk::types::index::Method,
        cchc_sdk::types::portal::PortalMetric,
        cchc_sdk::types::awards::AwardForm,
        cchc_sdk::types::awards::ProposalStatus,
        cchc_sdk::types::awards::DecisionStatus
    )),
    tags(
        (name = "auth", description = "Tokens (OAuth 2.0), revocation, the current principal"),
        (name = "units", description = "Administrative units: provinces, districts, communes"),
        (name = "departments", description = "Departments (bộ phận) of a unit"),
        (name = "officials", description = "Officials (cán bộ, công chức) of a unit; contacts are personal data"),
        (name = "plans", description = "Plans (Kế hoạch): the structured document, its lifecycle and number"),
        (name = "tasks", description = "Tasks: assignment to departments, progress, deadlines, journal"),
        (name = "index", description = "The PAR index: frameworks, assessments, appraisal, results, rankings, analysis"),
        (name = "portal", description = "What the public-service portal pushes: statistics and dossier records"),
        (name = "awards", description = "Awards (khen thưởng): proposals, council review, decisions, money, the rules"),
        (name = "users", description = "People who sign in, their units and roles"),
        (name = "api-clients", description = "Systems that call the API (portal, report jobs)"),
        (name = "audit", description = "The append-only audit journal"),
        (name = "search", description = "One search across plans, tasks, departments, officials and index criteria"),
        (name = "reports", description = "Reports as JSON, CSV or XLSX: rankings, score sheets, plan progress"),
        (name = "exports", description = "Export jobs: reports made in the background, then downloaded"),
        (name = "webhooks", description = "Webhook subscriptions (Standard Webhooks signatures), delivery logs, redelivery"),
        (name = "health", description = "Liveness and readiness probes"),
    )
)]
pub struct ApiDoc;

/// The shared error responses: (status, component name, description).
const PROBLEMS: &[(&str, &str, &str)] = &[
    (
        "400",
        "BadRequest",
        "Malformed JSON, or an invalid query, path or header value",
    ),
    (
        "401",
        "Unauthorized",
        "No valid access token (missing, malformed, expired, revoked), or the API client could not be authenticated",
    ),
    (
        "403",
        "Forbidden",
        "Authenticated, but the role or scope does not allow this",
    ),
    (
        "404",
        "NotFound",
        "No such resource, or it belongs to a unit the caller cannot see",
    ),
    (
        "409",
        "Conflict",
        "A unique value is taken, the resource is in use, the action is not allowed in its state, or the same Idempotency-Key is still in flight",
    ),
    (
        "412",
        "PreconditionFailed",
        "If-Match does not match the current version",
    ),
    (
        "413",
        "PayloadTooLarge",
        "The body is larger than the configured limit",
    ),
    ("415", "UnsupportedMediaType", "The body is not JSON"),
    (
        "422",
        "ValidationFailed",
        "A field is missing, of the wrong type or breaks a rule (see errors[]); or the Idempotency-Key was used for another request",
    ),
    (
        "429",
        "TooManyRequests",
        "Rate limited; retry after Retry-After seconds",
    ),
    (
        "500",
        "InternalError",
        "Unexpected failure (logged with the request id)",
    ),
    (
        "503",
        "ServiceUnavailable",
        "The database is unreachable or the request timed out",
    ),
];

/// Adds the shared parts to every operation.
pub struct SharedParts;

impl Modify for SharedParts {
    fn modify(&self, api: &mut utoipa::openapi::OpenApi) {
        let components = api.components.get_or_insert_with(Default::default);
        for (_, name, description) in PROBLEMS {
            let response = ResponseBuilder::new()
                .description(*description)
                .content(
                    "application/problem+json",
                    ContentBuilder::new()
                        .schema(Some(Ref::from_schema_name("Problem")))
                        .build(),
                )
                .build();
            components
                .responses
                .insert((*name).to_owned(), RefOr::T(response));
        }
        components.add_security_scheme(
            "bearer",
            SecurityScheme::Http(
                HttpBuilder::new()
                    .scheme(HttpAuthScheme::Bearer)
                    .bearer_format("JWT")
                    .build(),
            ),
        );
        components.add_security_scheme("oauth2", oauth2_flows());
        add_links(api);
        close_request_schemas(api);
        optional_bodies_not_nullable(api);
        state_the_text_rule(api);
        for (path, item) in api.paths.paths.iter_mut() {
            let has_id = path.contains('{');
            let ops: [(&str, &mut Option<Operation>); 5] = [
                ("get", &mut item.get),
                ("post", &mut item.post),
                ("put", &mut item.put),
                ("patch", &mut item.patch),
                ("delete", &mut item.delete),
            ];
            for (method, op) in ops {
                if let Some(op) = op {
                    decorate(op, path, method, has_id);
                }
            }
        }
    }
}

/// The token endpoint's two grants as OAuth 2.0 flows (RFC 6749 §4.3, §4.4), so Swagger UI's
/// "Authorize" signs a person or a system in. Scopes narrow a token (`scope`, §3.3): a
/// person's are the roles they hold, a system's the scopes it was given.
fn oauth2_flows() -> SecurityScheme {
    use cchc_sdk::types::auth::{ClientScope, Role};
    let roles = [
        (Role::SystemAdmin, "Run the installation"),
        (Role::UnitAdmin, "Manage one's unit and the units below it"),
        (Role::Appraiser, "Appraise the index of the units below"),
        (Role::DepartmentOfficer, "Work one's department's tasks"),
        (Role::Viewer, "Read one's unit scope"),
        (Role::Auditor, "Read the audit journal of one's unit scope"),
    ];
    let scopes = [
        (ClientScope::UnitsRead, "Read units"),
        (
            ClientScope::PortalStatisticsWrite,
            "Push portal statistics and dossiers",
        ),
        (
            ClientScope::ReportsRead,
            "Read reports, results and rankings",
        ),
        (ClientScope::WebhooksManage, "Manage webhook subscriptions"),
        (ClientScope::AuditRead, "Read the audit journal"),
    ];
    let named = |name: String, what: &str| (name, what.to_owned());
    let roles = Scopes::from_iter(
        roles
            .iter()
            .map(|(r, w)| named(crate::domain::codec::enum_str(r), w)),
    );
    let scopes = Scopes::from_iter(
        scopes
            .iter()
            .map(|(s, w)| named(crate::domain::codec::enum_str(s), w)),
    );
    SecurityScheme::OAuth2(OAuth2::with_description(
        [
            Flow::Password(Password::new(TOKEN_URL, roles)),
            Flow::ClientCredentials(ClientCredentials::new(TOKEN_URL, scopes)),
        ],
        "Sign in at the token endpoint: a person with the password grant, a system with client \
credentials (sent with HTTP Basic, RFC 6749 §2.3.1, or in the form). Without `scope` a token \
carries every role or scope of its principal.",
    ))
}

/// Where tokens are issued (relative to the server, as Swagger UI resolves it).
const TOKEN_URL: &str = "/api/v1/auth/token";

/// Writes that create something under the resource their path names (201) and change that
/// resource too, so they honour its `If-Match`: a progress report moves the task's progress.
const CREATES_AND_CHANGES: &[&str] = &["tasks.add_update"];

/// Links every `POST /x` that creates (201) to the operations on `/x/{id}…`, with the new
/// resource's id: how clients (and the fuzzer's stateful phase) follow a created resource.
fn add_links(api: &mut utoipa::openapi::OpenApi) {
    let targets: Vec<(String, String)> = api
        .paths
        .paths
        .iter()
        .filter(|(path, _)| path.ends_with("}") || path.contains("}/"))
        .flat_map(|(path, item)| {
            [&item.get, &item.post, &item.put, &item.patch, &item.delete]
                .into_iter()
                .flatten()
                .filter_map(|op| op.operation_id.clone())
                .map(move |id| (path.clone(), id))
        })
        .collect();
    for (path, item) in api.paths.paths.iter_mut() {
        let Some(RefOr::T(created)) = item
            .post
            .as_mut()
            .and_then(|op| op.responses.responses.get_mut("201"))
        else {
            continue;
        };
        let prefix = format!("{path}/{{");
        for (target_path, operation_id) in targets.iter().filter(|(p, _)| p.starts_with(&prefix)) {
            let param = target_path[prefix.len()..]
                .split('}')
                .next()
                .unwrap_or("id");
            let link = utoipa::openapi::link::LinkBuilder::new()
                .operation_id(operation_id.clone())
                .parameter(param, "$response.body#/id")
                .build();
            created
                .links
                .insert(operation_id.replace('.', "_"), RefOr::T(link));
        }
    }
}

/// Operations that need no access token.
const PUBLIC: &[&str] = &["health.live", "health.ready", "auth.token", "auth.revoke"];

fn decorate(op: &mut Operation, path: &str, method: &str, has_id: bool) {
    let writes = method != "get";
    let public = op
        .operation_id
        .as_deref()
        .is_some_and(|id| PUBLIC.contains(&id));
    // 422 everywhere: the text rule refuses control characters in any query string too.
    let mut statuses = vec!["400", "422", "429", "500", "503"];
    if !public {
        statuses.extend(["401", "403"]);
        // Either scheme: a token pasted by hand, or one Swagger UI's "Authorize" fetched.
        op.security = Some(vec![
            SecurityRequirement::new("bearer", Vec::<String>::new()),
            SecurityRequirement::new("oauth2", Vec::<String>::new()),
        ]);
    } else if op.operation_id.as_deref() == Some("auth.token") {
        statuses.push("401");
    }
    // A resource named in the path, or by an id in the query (the reports' `plan_id`,
    // `assessment_id`, `unit_id`), can be missing or out of the caller's scope: 404.
    let id_in_query = op.parameters.iter().flatten().any(|p| {
        matches!(p, RefOr::T(p) if p.parameter_in == ParameterIn::Query && p.name.ends_with("_id"))
    });
    if has_id || id_in_query {
        statuses.push("404");
    }
    if writes {
        statuses.extend(["409", "413", "415"]);
    }
    // A precondition on the resource the path names: for writes that change it, not for
    // those that create something new under it (201), which never look at its version.
    let creates = op.responses.responses.contains_key("201")
        && !op
            .operation_id
            .as_deref()
            .is_some_and(|id| CREATES_AND_CHANGES.contains(&id));
    if writes && has_id && !creates {
        statuses.push("412");
    }
    for (status, name, _) in PROBLEMS.iter().filter(|(s, _, _)| statuses.contains(s)) {
        op.responses
            .responses
            .entry((*status).to_owned())
            .or_insert_with(|| RefOr::Ref(Ref::new(format!("#/components/responses/{name}"))));
    }
    let params = op.parameters.get_or_insert_with(Vec::new);
    // Documented exactly where the idempotency layer honours it (one rule for both).
    let multipart = op.request_body.as_ref().is_some_and(|b| match b {
        RefOr::T(b) => b.content.keys().any(|t| t.starts_with("multipart/")),
        RefOr::Ref(_) => false,
    });
    if method == "post" && crate::http::idempotency::honours_key(path, multipart) {
        params.push(RefOr::T(header_param(
            "Idempotency-Key",
            "Makes a retry safe: the first answer is kept 24 h and replayed (with Idempotent-Replayed: true); the same key with another body is 422.",
            "^[\\x21-\\x7E]{1,255}$",
        )));
    }
    if writes && has_id && !creates {
        params.push(RefOr::T(header_param(
            "If-Match",
            "The ETag last read (e.g. \"3\"), or *; a stale value is refused with 412.",
            r#"^(\*|(W/)?("[0-9]{1,9}"|[0-9]{1,9})(, ?(W/)?("[0-9]{1,9}"|[0-9]{1,9}))*)$"#,
        )));
    }
}

fn header_param(name: &str, description: &str, pattern: &str) -> Parameter {
    ParameterBuilder::new()
        .name(name)
        .parameter_in(ParameterIn::Header)
        .required(Required::False)
        .description(Some(description))
        .schema(Some(
            utoipa::openapi::ObjectBuilder::new()
                .schema_type(utoipa::openapi::schema::Type::String)
                .pattern(Some(pattern)),
        ))
        .build()
}
