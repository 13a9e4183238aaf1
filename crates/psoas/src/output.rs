//! Files the tool writes (exports, charts, reports): written beside their final name and
//! renamed into place only when complete, so a failure never leaves half a file behind;
//! created readable by their owner only (0600).

use std::fs::File;
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};

use crate::error::{CliError, CliResult};

/// A file being written; it appears under its name on [`OutFile::commit`], and is removed
/// if dropped before.
pub struct OutFile {
    path: PathBuf,
    partial: PathBuf,
    writer: Option<BufWriter<File>>,
}

impl OutFile {
    /// Starts writing `path`; its folder must exist.
    pub fn create(path: &Path) -> CliResult<Self> {
        let name = path
            .file_name()
            .ok_or_else(|| CliError::Usage(format!("{} is not a file name", path.display())))?;
        if path.is_dir() {
            return Err(CliError::Usage(format!(
                "{} is a folder; give a file name",
                path.display()
            )));
        }
        let mut partial_name = std::ffi::OsString::from(".");
        partial_name.push(name);
        partial_name.push(".partial");
        let partial = path.with_file_name(partial_name);
        // Exports, charts and reports hold health data: only their owner may read them.
        let mut options = std::fs::OpenOptions::new();
        options.write(true).create(true).truncate(true);
        #[cfg(unix)]
        std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
        let file = options.open(&partial).map_err(|e| {
            CliError::Usage(format!(
                "cannot write {}: {e}; check that its folder exists and is writable",
                path.display()
            ))
        })?;
        Ok(Self {
            path: path.to_path_buf(),
            partial,
            writer: Some(BufWriter::new(file)),
        })
    }

    /// The writer.
    pub fn writer(&mut self) -> &mut BufWriter<File> {
        self.writer.as_mut().expect("written before commit")
    }

    /// Flushes to disk and gives the file its name.
    pub fn commit(mut self) -> CliResult {
        let writer = self.writer.take().expect("committed once");
        let file = writer
            .into_inner()
            .map_err(|e| CliError::Io(e.into_error()))?;
        file.sync_all()?;
        std::fs::rename(&self.partial, &self.path)?;
        Ok(())
    }
}

impl Drop for OutFile {
    fn drop(&mut self) {
        if self.writer.take().is_some() {
            let _ = std::fs::remove_file(&self.partial);
        }
    }
}

/// Writes a whole file at once.
pub fn write_file(path: &Path, bytes: &[u8]) -> CliResult {
    let mut out = OutFile::create(path)?;
    out.writer().write_all(bytes)?;
    out.commit()
}
