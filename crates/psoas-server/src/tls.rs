//! HTTPS for phones on the same network: a self-signed certificate made once and kept, or
//! the user's own certificate, served with rustls (ring provider).

use axum_server::tls_rustls::RustlsConfig;
use std::future::Future;
use std::net::SocketAddr;
use std::path::{Path, PathBuf};

use crate::{AppState, router};

/// Where a certificate and its key are.
#[derive(Debug, Clone)]
pub struct CertificateFiles {
    /// PEM certificate (chain).
    pub cert: PathBuf,
    /// PEM private key.
    pub key: PathBuf,
}

/// Why HTTPS could not start.
#[derive(Debug, thiserror::Error)]
pub enum TlsError {
    /// The certificate could not be made.
    #[error("cannot make a self-signed certificate: {0}")]
    Generate(String),
    /// A file could not be read or written.
    #[error("{path}: {source}; check the path and its permissions")]
    File {
        /// Which file.
        path: PathBuf,
        /// What went wrong.
        source: std::io::Error,
    },
    /// The files are not a usable certificate and key.
    #[error("the certificate or key is not usable ({0}); give PEM files for the same key pair")]
    Invalid(String),
}

/// The self-signed certificate in `dir`, made on first use for the given host names and
/// addresses (and localhost). Kept afterwards, so browsers only ask to trust it once.
pub fn self_signed(dir: &Path, names: &[String]) -> Result<CertificateFiles, TlsError> {
    let files = CertificateFiles {
        cert: dir.join("psoas-cert.pem"),
        key: dir.join("psoas-key.pem"),
    };
    if files.cert.exists() && files.key.exists() {
        return Ok(files);
    }
    let mut alt_names: Vec<String> = vec!["localhost".into(), "127.0.0.1".into()];
    alt_names.extend(names.iter().cloned());
    alt_names.dedup();
    let certified = rcgen::generate_simple_self_signed(alt_names)
        .map_err(|e| TlsError::Generate(e.to_string()))?;
    let write = |path: &Path, text: String, private: bool| {
        let mut options = std::fs::OpenOptions::new();
        options.write(true).create(true).truncate(true);
        #[cfg(unix)]
        if private {
            // The key is never readable by others, not even for the moment before a chmod.
            std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
        }
        options
            .open(path)
            .and_then(|mut file| std::io::Write::write_all(&mut file, text.as_bytes()))
            .map_err(|source| TlsError::File {
                path: path.to_path_buf(),
                source,
            })
    };
    write(&files.key, certified.signing_key.serialize_pem(), true)?;
    // A key file left from before (at another mode) is made private too.
    restrict(&files.key)?;
    write(&files.cert, certified.cert.pem(), false)?;
    Ok(files)
}

#[cfg(unix)]
fn restrict(path: &Path) -> Result<(), TlsError> {
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(path, std::fs::Permissions::from_mode(0o600)).map_err(|source| {
        TlsError::File {
            path: path.to_path_buf(),
            source,
        }
    })
}

#[cfg(not(unix))]
fn restrict(_path: &Path) -> Result<(), TlsError> {
    Ok(())
}

/// Loads a certificate and key for serving.
pub async fn load(files: &CertificateFiles) -> Result<RustlsConfig, TlsError> {
    // One process-wide crypto provider; installing it twice is harmless.
    let _ = rustls::crypto::ring::default_provider().install_default();
    for path in [&files.cert, &files.key] {
        if !path.exists() {
            return Err(TlsError::File {
                path: path.clone(),
                source: std::io::Error::new(std::io::ErrorKind::NotFound, "no such file"),
            });
        }
    }
    RustlsConfig::from_pem_file(&files.cert, &files.key)
        .await
        .map_err(|e| TlsError::Invalid(e.to_string()))
}

/// Serves the app over HTTPS on a listener until `shutdown` completes.
pub async fn serve_tls(
    listener: std::net::TcpListener,
    state: AppState,
    config: RustlsConfig,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    listener.set_nonblocking(true)?;
    let mut server = axum_server::from_tcp_rustls(listener, config)?;
    crate::guard_against_slow_clients(server.http_builder(), &state);
    let purges = crate::audit::spawn_purges(state.clone());
    let served = server
        .handle(crate::shutdown_handle(shutdown))
        .serve(router(state).into_make_service_with_connect_info::<SocketAddr>())
        .await;
    purges.abort();
    served
}
