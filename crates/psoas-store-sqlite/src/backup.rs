//! A consistent backup of the live file (`psoas backup`).

use psoas_store::{StoreError, StoreResult};
use std::path::Path;

use crate::{SqliteStore, backend};

impl SqliteStore {
    /// Writes a consistent copy of the database, as it is at one instant even while others
    /// write, into a new file (`VACUUM INTO`); an existing file is never overwritten.
    pub async fn backup_to(&self, out: &Path) -> StoreResult<()> {
        if out.exists() {
            return Err(StoreError::Conflict(format!(
                "{} already exists; choose a new file name for the backup",
                out.display()
            )));
        }
        let name = out.to_str().ok_or_else(|| {
            StoreError::Conflict(format!(
                "{} is not a valid UTF-8 path; choose another file name",
                out.display()
            ))
        })?;
        // VACUUM INTO fills an empty file it is given, keeping its private mode.
        crate::create_private(out).map_err(|e| {
            StoreError::Conflict(format!(
                "cannot create {} ({e}); check that its folder exists and is writable",
                out.display()
            ))
        })?;
        sqlx::query("VACUUM INTO ?")
            .bind(name)
            .execute(&self.writer)
            .await
            .map_err(backend)?;
        Ok(())
    }
}
