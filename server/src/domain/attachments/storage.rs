//! Where the bytes live: a file on disk (written under a guard that removes it unless the
//! change commits) or the content column; and the one read of them.

use std::path::{Path, PathBuf};

use sea_orm::{DatabaseConnection, EntityTrait, QuerySelect};
use tokio::io::AsyncWriteExt;
use uuid::Uuid;

use super::metadata::{AttachmentMeta, get};
use crate::auth::Scope;
use crate::config::Config;
use crate::entity::task_attachments;
use crate::error::ApiError;

/// A file written to the attachments directory, removed again when dropped unless
/// [`StoredFile::keep`] was called: every way out of [`store`](super::store) that does not commit (an
/// error, a refusal, a panic, a cancelled request) takes the file with it.
pub(super) struct StoredFile {
    path: PathBuf,
    kept: bool,
}

impl StoredFile {
    /// Writes `bytes` as file `id` of `dir`: to a temporary name first (synced), then renamed
    /// into place, so a file under its final name is always complete.
    pub(super) async fn write(dir: &Path, id: Uuid, bytes: &[u8]) -> Result<StoredFile, ApiError> {
        tokio::fs::create_dir_all(dir)
            .await
            .map_err(ApiError::internal)?;
        let mut file = StoredFile {
            path: dir.join(format!(".{id}.part")),
            kept: false,
        };
        let mut out = tokio::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&file.path)
            .await
            .map_err(ApiError::internal)?;
        out.write_all(bytes).await.map_err(ApiError::internal)?;
        out.sync_all().await.map_err(ApiError::internal)?;
        drop(out);
        let target = dir.join(id.to_string());
        tokio::fs::rename(&file.path, &target)
            .await
            .map_err(ApiError::internal)?;
        file.path = target;
        Ok(file)
    }

    /// The change committed: the file stays.
    pub(super) fn keep(mut self) {
        self.kept = true;
    }
}

impl Drop for StoredFile {
    fn drop(&mut self) {
        if self.kept {
            return;
        }
        if let Err(e) = std::fs::remove_file(&self.path)
            && e.kind() != std::io::ErrorKind::NotFound
        {
            tracing::warn!(path = %self.path.display(), error = %e, "an evidence file of a change that did not commit could not be removed");
        }
    }
}

/// One file with its bytes, under the same authorization as its task: the only read of the
/// content column, for one row.
pub async fn content(
    db: &DatabaseConnection,
    scope: &Scope,
    config: &Config,
    task_id: Uuid,
    id: Uuid,
) -> Result<(AttachmentMeta, Vec<u8>), ApiError> {
    let meta = get(db, scope, task_id, id).await?;
    let bytes = if meta.storage == "disk" {
        tokio::fs::read(Path::new(&config.attachments_dir).join(meta.id.to_string()))
            .await
            .map_err(ApiError::internal)?
    } else {
        task_attachments::Entity::find_by_id(id)
            .select_only()
            .column(task_attachments::Column::Data)
            .into_tuple::<Option<Vec<u8>>>()
            .one(db)
            .await?
            .flatten()
            .ok_or_else(|| {
                ApiError::internal("an evidence file stored in the database has no bytes")
            })?
    };
    Ok((meta, bytes))
}
