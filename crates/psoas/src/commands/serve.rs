//! `psoas serve`: the web app over the same store, with a one-time set-up link on first start.

use psoas_server::auth::{hash_secret, new_secret, now};
use psoas_server::{AppState, Settings};
use psoas_store_sqlite::SqliteStore;
use std::sync::Arc;
use tokio::net::TcpListener;

use crate::cli::ServeArgs;
use crate::error::{CliError, CliResult};

/// Runs the server until Ctrl-C or SIGTERM.
pub async fn serve(store: SqliteStore, args: ServeArgs) -> CliResult {
    let _ = tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_env("PSOAS_LOG")
                .unwrap_or_else(|_| "info,sqlx=warn".into()),
        )
        .try_init();
    let listener = TcpListener::bind(&args.listen).await.map_err(|e| {
        CliError::Usage(format!(
            "cannot listen on {}: {e}; choose another address or port with --listen",
            args.listen
        ))
    })?;
    let bound = listener.local_addr()?;
    let public_url = args
        .public_url
        .clone()
        .unwrap_or_else(|| format!("http://{bound}"))
        .trim_end_matches('/')
        .to_string();
    let settings = Settings::new(public_url.clone(), public_url.starts_with("https://"));
    let store = Arc::new(store);
    let state = AppState::new(store.clone(), settings);
    println!("psoas is serving at {public_url}");
    if let Some(link) = setup_link(&state).await? {
        println!("No account yet. Open this one-time link to create the owner account:");
        println!("  {link}");
    }
    println!("Stop with Ctrl-C.");
    psoas_server::serve(listener, state, shutdown_signal()).await?;
    use psoas_store::Store;
    store.close().await;
    Ok(())
}

/// A fresh set-up link while the server has no account.
async fn setup_link(state: &AppState) -> CliResult<Option<String>> {
    if state.store.account_count().await? > 0 {
        return Ok(None);
    }
    let token = new_secret();
    state
        .store
        .add_setup_token(&hash_secret(&token), now())
        .await?;
    Ok(Some(format!(
        "{}/setup?token={token}",
        state.settings.public_url
    )))
}

async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let terminate = async {
        if let Ok(mut signal) =
            tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate())
        {
            signal.recv().await;
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        () = ctrl_c => {},
        () = terminate => {},
    }
    tracing::info!("shutting down");
}
