//! The OpenAPI description: the routes' own descriptions (`api::routes`) plus the document's
//! header, tags and the bearer security scheme. `docs/openapi.json` is a committed copy, checked
//! by a test (`UPDATE_OPENAPI=1 cargo test -p motcua-web openapi` rewrites it).

use utoipa::OpenApi;
use utoipa::openapi::security::{HttpAuthScheme, HttpBuilder, SecurityScheme};

use crate::views::Problem;

#[derive(OpenApi)]
#[openapi(
    info(
        title = "motcua API",
        description = "Electronic one-stop shop (một cửa điện tử) for Vietnamese government units. \
            Errors are RFC 9457 problem documents with a Vietnamese and an English message \
            (`detail` follows `?lang=en` or `Accept-Language`, Vietnamese by default). \
            Times are RFC 3339 at +07:00. Guide with examples: docs/API.md.",
        license(name = "AGPL-3.0-or-later")
    ),
    components(schemas(Problem)),
    modifiers(&Security),
    tags(
        (name = "auth", description = "Accounts, sign-in, bearer tokens"),
        (name = "catalog", description = "Public procedure catalog and units"),
        (name = "dossiers", description = "Submission and lifecycle of dossiers"),
        (name = "citizen", description = "The signed-in citizen's own data"),
        (name = "officers", description = "Worklists of the officers' units"),
        (name = "public", description = "Anonymous status lookup"),
        (name = "calendar", description = "Legal working calendar, due moments, lunar dates"),
        (name = "admin", description = "Administration"),
        (name = "operations", description = "Health and benchmarks"),
    )
)]
struct Doc;

struct Security;

impl utoipa::Modify for Security {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        let components = openapi.components.get_or_insert_with(Default::default);
        components.add_security_scheme(
            "bearer",
            SecurityScheme::Http(
                HttpBuilder::new()
                    .scheme(HttpAuthScheme::Bearer)
                    .description(Some("An opaque token from POST /api/v1/auth/token"))
                    .build(),
            ),
        );
    }
}

/// The full description.
pub fn document() -> utoipa::openapi::OpenApi {
    let (_, paths) = crate::api::routes().split_for_parts();
    let mut doc = Doc::openapi();
    doc.merge(paths);
    doc
}

/// Pretty JSON, as served at `/openapi.json` and committed as `docs/openapi.json`.
pub fn json() -> String {
    let mut s = document()
        .to_pretty_json()
        .expect("the OpenAPI description serializes");
    s.push('\n');
    s
}
