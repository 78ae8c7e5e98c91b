//! The spec's post-processing for what requests may carry: request schemas closed to
//! unknown fields, and the text rule stated as a pattern on every free-text string.

use utoipa::openapi::RefOr;

/// Request bodies are strict, responses tolerant (DESIGN: "only request bodies are strict,
/// in the server's extractor"): every object schema a request body reaches says
/// `additionalProperties: false`, which the body validator enforces (422 `unknown_field`),
/// while the Rust types themselves accept unknown fields, so an SDK built today reads the
/// answers of a newer server.
/// The component schemas a request body reaches (the OAuth endpoints' aside: they ignore
/// parameters they do not know, RFC 6749 §3.2, RFC 7009 §2.1).
fn request_schemas(api: &utoipa::openapi::OpenApi) -> std::collections::BTreeSet<String> {
    fn refs(value: &serde_json::Value, out: &mut Vec<String>) {
        match value {
            serde_json::Value::Object(map) => {
                if let Some(r) = map.get("$ref").and_then(|r| r.as_str())
                    && let Some(name) = r.strip_prefix("#/components/schemas/")
                {
                    out.push(name.to_owned());
                }
                map.values().for_each(|v| refs(v, out));
            }
            serde_json::Value::Array(items) => items.iter().for_each(|v| refs(v, out)),
            _ => {}
        }
    }
    let Ok(doc) = serde_json::to_value(api) else {
        return Default::default();
    };
    let mut todo = Vec::new();
    let paths = doc["paths"].as_object().into_iter().flatten();
    for (_, item) in paths.filter(|(p, _)| !p.starts_with("/api/v1/auth/")) {
        for op in item.as_object().into_iter().flatten().map(|(_, o)| o) {
            refs(&op["requestBody"], &mut todo);
        }
    }
    let mut seen = std::collections::BTreeSet::new();
    while let Some(name) = todo.pop() {
        if seen.insert(name.clone()) {
            refs(&doc["components"]["schemas"][&name], &mut todo);
        }
    }
    seen
}

pub(super) fn close_request_schemas(api: &mut utoipa::openapi::OpenApi) {
    use utoipa::openapi::schema::{AdditionalProperties, Schema};
    let seen = request_schemas(api);
    let Some(components) = api.components.as_mut() else {
        return;
    };
    for name in &seen {
        if let Some(RefOr::T(Schema::Object(object))) = components.schemas.get_mut(name)
            && !object.properties.is_empty()
            && object.additional_properties.is_none()
        {
            object.additional_properties = Some(Box::new(AdditionalProperties::FreeForm(false)));
        }
    }
}

/// The one text rule (`domain::text::check_chars`) in the spec's own words: every free-text
/// string — no `format`, `enum` or `pattern` of its own — in a request schema or a parameter gets
/// this pattern, so generated clients and fuzzers know what the server refuses (NUL, C0
/// controls but tab, line feed, vertical tab, form feed and carriage return, DEL and C1).
pub const TEXT_PATTERN: &str = "^[^\\u0000-\\u0008\\u000E-\\u001F\\u007F-\\u009F\\uFFFE\\uFFFF]*$";

pub(super) fn state_the_text_rule(api: &mut utoipa::openapi::OpenApi) {
    use utoipa::openapi::schema::{ArrayItems, Schema, SchemaType, Type};
    fn walk(schema: &mut RefOr<Schema>) {
        let RefOr::T(schema) = schema else {
            return;
        };
        match schema {
            Schema::Object(o) => {
                let text = match &o.schema_type {
                    SchemaType::Type(t) => *t == Type::String,
                    SchemaType::Array(ts) => ts.contains(&Type::String),
                    SchemaType::AnyValue => false,
                };
                if text && o.format.is_none() && o.enum_values.is_none() && o.pattern.is_none() {
                    o.pattern = Some(TEXT_PATTERN.to_owned());
                }
                o.properties.values_mut().for_each(walk);
            }
            Schema::Array(a) => {
                if let ArrayItems::RefOrSchema(items) = &mut a.items {
                    walk(items);
                }
            }
            Schema::OneOf(o) => o.items.iter_mut().for_each(walk),
            Schema::AllOf(o) => o.items.iter_mut().for_each(walk),
            Schema::AnyOf(o) => o.items.iter_mut().for_each(walk),
            _ => {}
        }
    }
    let requests = request_schemas(api);
    if let Some(components) = api.components.as_mut() {
        components
            .schemas
            .iter_mut()
            .filter(|(name, _)| requests.contains(*name))
            .for_each(|(_, schema)| walk(schema));
    }
    for item in api.paths.paths.values_mut() {
        for op in [
            &mut item.get,
            &mut item.post,
            &mut item.put,
            &mut item.patch,
            &mut item.delete,
        ]
        .into_iter()
        .flatten()
        {
            for param in op.parameters.iter_mut().flatten() {
                if let RefOr::T(param) = param
                    && let Some(schema) = param.schema.as_mut()
                {
                    walk(schema);
                }
            }
        }
    }
}

/// An optional body (an action's reason, an issue date) is declared as not required with
/// its schema as it is, never as `oneOf [X, null]`: generated clients read the latter as
/// "send JSON `null`" (openapi-python-client 0.29 sends `null`, or fails to serialise its
/// "unset" before sending). The server reads no body, an empty body and JSON `null` alike
/// as "none" (`http::extract::OptionalJson`).
pub(super) fn optional_bodies_not_nullable(api: &mut utoipa::openapi::OpenApi) {
    use utoipa::openapi::Required;
    use utoipa::openapi::schema::{Schema, SchemaType, Type};
    let is_null = |s: &RefOr<Schema>| matches!(s, RefOr::T(Schema::Object(o)) if o.schema_type == SchemaType::Type(Type::Null));
    for item in api.paths.paths.values_mut() {
        for op in [&mut item.post, &mut item.put, &mut item.patch]
            .into_iter()
            .flatten()
        {
            let Some(RefOr::T(body)) = op.request_body.as_mut() else {
                continue;
            };
            for content in body.content.values_mut() {
                let RefOr::T(content) = content else {
                    continue;
                };
                let Some(RefOr::T(Schema::OneOf(one_of))) = content.schema.as_ref() else {
                    continue;
                };
                if one_of.items.len() != 2 || !one_of.items.iter().any(is_null) {
                    continue;
                }
                let kept = one_of.items.iter().find(|s| !is_null(s)).cloned();
                if let Some(kept) = kept {
                    content.schema = Some(kept);
                    body.required = Some(Required::False);
                }
            }
        }
    }
}
