//! The OpenAPI 3.1 document of what the server serves, built from the
//! method table and the DTOs' JSON Schemas, so it cannot drift from it.

use crate::METHODS;
use serde_json::{Value, json};

pub fn document() -> Value {
    let settings = schemars::generate::SchemaSettings::draft2020_12().with(|s| {
        s.definitions_path = "/components/schemas".into();
    });
    let mut generator = settings.into_generator();
    let error = generator.subschema_for::<crate::error::ErrorBody>();
    let mut paths = serde_json::Map::new();
    for m in METHODS {
        let input = (m.input)(&mut generator);
        let output = (m.output)(&mut generator);
        paths.insert(
            format!("/api/{}", m.name),
            json!({
                "post": {
                    "operationId": m.name.replace('.', "_"),
                    "summary": m.summary,
                    "tags": [m.name.split('.').next().unwrap_or(m.name)],
                    "x-permission": m.permission,
                    "requestBody": {
                        "required": true,
                        "content": { "application/json": { "schema": input } }
                    },
                    "responses": {
                        "200": {
                            "description": "The method's result.",
                            "content": { "application/json": { "schema": output } }
                        },
                        "default": {
                            "description": "An error with a stable code (docs/error-codes.md).",
                            "content": { "application/json": { "schema": error.clone() } }
                        }
                    }
                }
            }),
        );
    }
    for (path, summary) in [
        ("/health", "The process is up."),
        ("/ready", "The store answers."),
    ] {
        paths.insert(
            path.into(),
            json!({ "get": {
                "operationId": path.trim_start_matches('/'),
                "summary": summary,
                "responses": { "200": { "description": "OK", "content": { "application/json": {
                    "schema": { "type": "object" } } } } }
            }}),
        );
    }
    json!({
        "openapi": "3.1.0",
        "info": {
            "title": "ATS",
            "version": env!("CARGO_PKG_VERSION"),
            "description": "Every method is POST /api/<method> with a JSON body. Sign in with \
                auth.sign_in (the session cookie is HttpOnly) or send `Authorization: Bearer <token>`."
        },
        "paths": paths,
        "components": {
            "schemas": generator.take_definitions(true),
            "securitySchemes": {
                "session": { "type": "apiKey", "in": "cookie", "name": "ats_session" },
                "bearer": { "type": "http", "scheme": "bearer" }
            }
        },
        "security": [ { "session": [] }, { "bearer": [] }, {} ]
    })
}
