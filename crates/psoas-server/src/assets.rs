//! Static files, embedded in the binary so `psoas serve` needs nothing beside it, served
//! under names that carry a hash of their content so browsers may keep them for a year.

use axum::Router;
use axum::extract::Path;
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use sha2::{Digest, Sha256};
use std::sync::LazyLock;

use crate::AppState;

/// One embedded file.
struct Asset {
    name: &'static str,
    content_type: &'static str,
    body: &'static str,
}

const ASSETS: [Asset; 4] = [
    Asset {
        name: "app.css",
        content_type: "text/css; charset=utf-8",
        body: include_str!("../static/app.css"),
    },
    Asset {
        name: "timer.js",
        content_type: "text/javascript; charset=utf-8",
        body: include_str!("../static/timer.js"),
    },
    Asset {
        name: "lift.js",
        content_type: "text/javascript; charset=utf-8",
        body: include_str!("../static/lift.js"),
    },
    Asset {
        name: "camera.js",
        content_type: "text/javascript; charset=utf-8",
        body: include_str!("../static/camera.js"),
    },
];

/// Each asset's name with the first 12 hex digits of its SHA-256 before the extension
/// (`app.3f2a9c1b04de.css`): a changed file gets a new name, so a long cache is safe.
static HASHED_NAMES: LazyLock<Vec<String>> = LazyLock::new(|| {
    ASSETS
        .iter()
        .map(|asset| {
            let digest = Sha256::digest(asset.body.as_bytes());
            let hex: String = digest.iter().take(6).map(|b| format!("{b:02x}")).collect();
            match asset.name.rsplit_once('.') {
                Some((stem, extension)) => format!("{stem}.{hex}.{extension}"),
                None => format!("{}.{hex}", asset.name),
            }
        })
        .collect()
});

/// The address pages use for an asset (`url("app.css")`); templates call it.
pub fn url(name: &str) -> String {
    let hashed = ASSETS
        .iter()
        .position(|asset| asset.name == name)
        .map(|index| HASHED_NAMES[index].as_str())
        .unwrap_or(name);
    format!("/static/{hashed}")
}

pub(crate) fn router() -> Router<AppState> {
    Router::new().route("/static/{file}", get(serve_asset))
}

async fn serve_asset(Path(file): Path<String>) -> Response {
    if let Some(index) = HASHED_NAMES.iter().position(|hashed| *hashed == file) {
        let asset = &ASSETS[index];
        return reply(asset, "public, max-age=31536000, immutable");
    }
    // The plain name still answers (an old page in a tab), but must be checked again.
    match ASSETS.iter().find(|asset| asset.name == file) {
        Some(asset) => reply(asset, "no-cache"),
        None => (StatusCode::NOT_FOUND, "No such file.").into_response(),
    }
}

fn reply(asset: &Asset, cache: &'static str) -> Response {
    (
        [
            (header::CONTENT_TYPE, asset.content_type),
            (header::CACHE_CONTROL, cache),
        ],
        asset.body,
    )
        .into_response()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_asset_has_a_distinct_hashed_address() {
        let css = url("app.css");
        assert!(
            css.starts_with("/static/app.") && css.ends_with(".css"),
            "{css}"
        );
        assert_eq!(css.len(), "/static/app..css".len() + 12);
        let mut all: Vec<String> = ASSETS.iter().map(|a| url(a.name)).collect();
        all.dedup();
        assert_eq!(all.len(), ASSETS.len());
    }
}
