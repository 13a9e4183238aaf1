//! A streamed export as a download, for the API's `GET /export` and the pages' download
//! buttons alike: pages of the store encoded and handed through a bounded channel into the
//! response body, so memory stays flat however long the history.

use axum::body::{Body, Bytes};
use axum::http::header::{CONTENT_DISPOSITION, CONTENT_TYPE};
use axum::response::{IntoResponse, Response};
use psoas_exchange::{ExportError, Format, Selection, Sink, export, export_with_photos};
use psoas_store::Scope;
use tokio::sync::mpsc;

use crate::AppState;
use crate::auth::now;

/// Hands each page to the response body; a receiver gone means the client left.
struct ChannelSink(mpsc::Sender<Result<Bytes, std::io::Error>>);

#[async_trait::async_trait]
impl Sink for ChannelSink {
    async fn write(&mut self, bytes: Vec<u8>) -> Result<(), ExportError> {
        self.0.send(Ok(Bytes::from(bytes))).await.map_err(|_| {
            ExportError::Write(std::io::Error::new(
                std::io::ErrorKind::BrokenPipe,
                "the client closed the connection",
            ))
        })
    }
}

/// A streamed export as a download.
/// With `with_photos`, the JSON archive carries the camera's kept photos.
pub fn stream(
    state: AppState,
    scope: Scope,
    selection: Selection,
    format: Format,
    with_photos: bool,
) -> Response {
    // Two pages in flight at most: the store is read only as fast as the client takes them.
    let (sender, mut receiver) = mpsc::channel(2);
    let at = now();
    tokio::spawn(async move {
        let mut sink = ChannelSink(sender.clone());
        let store = state.store.as_ref();
        let written = if with_photos {
            export_with_photos(store, scope, selection, at, &mut sink).await
        } else {
            export(store, scope, selection, format, at, &mut sink).await
        };
        if let Err(error) = written {
            if !matches!(error, ExportError::Write(_)) {
                tracing::error!(%error, "export failed part way");
            }
            // Cut the body short, so the client sees a failed download, not a short file.
            let _ = sender
                .send(Err(std::io::Error::other(error.to_string())))
                .await;
        }
    });
    let body = Body::from_stream(futures_util::stream::poll_fn(move |cx| {
        receiver.poll_recv(cx)
    }));
    let date = at.strftime("%Y-%m-%d");
    let name = format!("psoas-{date}.{}", format.extension());
    (
        [
            (CONTENT_TYPE, format.media_type().to_string()),
            (
                CONTENT_DISPOSITION,
                format!("attachment; filename=\"{name}\""),
            ),
        ],
        body,
    )
        .into_response()
}
