//! `psoas serve`: the web app over the same store, over HTTP or HTTPS, with its address as
//! text and as a QR code, and a one-time set-up link on first start.

use psoas_server::auth::{hash_secret, new_secret, now};
use psoas_server::tls::{self, CertificateFiles};
use psoas_server::{AppState, Settings};
use qrcode::QrCode;
use qrcode::render::unicode::Dense1x2;
use std::io::IsTerminal;
use std::net::{IpAddr, SocketAddr};

use crate::cli::ServeArgs;
use crate::error::{CliError, CliResult};
use crate::store::Opened;

/// Runs the server until Ctrl-C or SIGTERM.
pub async fn serve(opened: Opened, args: ServeArgs) -> CliResult {
    let Opened {
        store, files_dir, ..
    } = opened;
    let _ = tracing_subscriber::fmt()
        .with_writer(std::io::stderr)
        .with_ansi(std::io::stderr().is_terminal())
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_env("PSOAS_LOG")
                .unwrap_or_else(|_| "info,sqlx=warn".into()),
        )
        .try_init();
    let listener = std::net::TcpListener::bind(&args.listen).map_err(|e| {
        CliError::Usage(format!(
            "cannot listen on {}: {e}; choose another address or port with --listen",
            args.listen
        ))
    })?;
    let bound = listener.local_addr()?;
    let lan = network_addresses(bound);
    let certificate = certificate(&files_dir, &args, &lan)?;
    let scheme = if certificate.is_some() {
        "https"
    } else {
        "http"
    };
    let public_url = args
        .public_url
        .clone()
        .unwrap_or_else(|| match lan.first() {
            Some(ip) => format!("{scheme}://{}", SocketAddr::new(*ip, bound.port())),
            None => format!("{scheme}://{bound}"),
        })
        .trim_end_matches('/')
        .to_string();
    let settings = Settings::new(public_url.clone(), public_url.starts_with("https://"));
    let state = AppState::new(store.clone(), settings);
    println!("psoas is serving at {public_url}");
    if let Ok(code) = QrCode::new(public_url.as_bytes()) {
        println!("{}", code.render::<Dense1x2>().quiet_zone(true).build());
    }
    if certificate.is_some() && args.tls_cert.is_none() {
        println!(
            "The certificate is self-signed: the browser asks once whether to trust this address."
        );
    }
    if let Some(link) = setup_link(&state).await? {
        println!(
            "No account yet. Open this one-time link within a day to create the owner account \
             (restart psoas serve for a new one):"
        );
        println!("  {link}");
    }
    let shutdown = shutdown_signal()?;
    println!("Stop with Ctrl-C.");
    match certificate {
        Some(files) => {
            let config = tls::load(&files)
                .await
                .map_err(|e| CliError::Usage(e.to_string()))?;
            tls::serve_tls(listener, state, config, shutdown).await?;
        }
        None => {
            listener.set_nonblocking(true)?;
            let listener = tokio::net::TcpListener::from_std(listener)?;
            psoas_server::serve(listener, state, shutdown).await?;
        }
    }
    store.close().await;
    Ok(())
}

/// This machine's non-loopback addresses when listening on all interfaces; none otherwise.
fn network_addresses(bound: SocketAddr) -> Vec<IpAddr> {
    if !bound.ip().is_unspecified() {
        return Vec::new();
    }
    let mut found: Vec<IpAddr> = if_addrs::get_if_addrs()
        .unwrap_or_default()
        .into_iter()
        .map(|interface| interface.ip())
        .filter(|ip| !ip.is_loopback() && ip.is_ipv4() == bound.is_ipv4())
        .collect();
    found.sort();
    found.dedup();
    found
}

/// The certificate to serve with, if HTTPS was asked for.
fn certificate(
    dir: &std::path::Path,
    args: &ServeArgs,
    lan: &[IpAddr],
) -> CliResult<Option<CertificateFiles>> {
    if let (Some(cert), Some(key)) = (&args.tls_cert, &args.tls_key) {
        return Ok(Some(CertificateFiles {
            cert: cert.clone(),
            key: key.clone(),
        }));
    }
    if !args.tls {
        return Ok(None);
    }
    let names: Vec<String> = lan.iter().map(IpAddr::to_string).collect();
    tls::self_signed(dir, &names)
        .map(Some)
        .map_err(|e| CliError::Usage(e.to_string()))
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

/// Listens for Ctrl-C and SIGTERM from now on (so a signal sent as soon as the address is
/// printed already stops the server gracefully), and completes on the first.
fn shutdown_signal() -> std::io::Result<impl std::future::Future<Output = ()> + Send + 'static> {
    #[cfg(unix)]
    {
        use tokio::signal::unix::{SignalKind, signal};
        let mut interrupt = signal(SignalKind::interrupt())?;
        let mut terminate = signal(SignalKind::terminate())?;
        Ok(async move {
            tokio::select! {
                _ = interrupt.recv() => {},
                _ = terminate.recv() => {},
            }
            tracing::info!("shutting down");
        })
    }
    #[cfg(not(unix))]
    {
        Ok(async {
            let _ = tokio::signal::ctrl_c().await;
            tracing::info!("shutting down");
        })
    }
}
