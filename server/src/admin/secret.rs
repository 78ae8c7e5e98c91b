//! The one-time secret of an admin command: a generated password, shown once and only to
//! the operator — on standard error, or in a new file only its owner can read — never in
//! the log and never on standard output among the command's other lines.

use std::fs::{File, OpenOptions};
use std::io::{BufRead, Write};
use std::path::{Path, PathBuf};

use super::AdminError;
use crate::auth::secrets;

/// Where a password comes from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum NewPassword {
    /// A strong random one (18 random bytes, 24 characters of base64url), shown once.
    Generate,
    /// One the operator chose (`--password-stdin`); it is never shown.
    Given(String),
}

impl NewPassword {
    /// The password to set, and whether it was generated (and so must be shown).
    pub(super) fn resolve(self) -> Result<(String, bool), AdminError> {
        match self {
            // The same strength as the bootstrap admin's generated password.
            NewPassword::Generate => Ok((secrets::random_token(18)?, true)),
            NewPassword::Given(password) => Ok((password, false)),
        }
    }
}

/// Reads a password from the first line of `input` (`--password-stdin`), without its line
/// ending. Errors: [`AdminError::Input`] when the line is empty or cannot be read.
pub fn read_password(mut input: impl BufRead) -> Result<String, AdminError> {
    let mut line = String::new();
    input
        .read_line(&mut line)
        .map_err(|e| AdminError::Input(format!("cannot read the password: {e}")))?;
    let password = line.trim_end_matches(['\r', '\n']).to_owned();
    if password.is_empty() {
        return Err(AdminError::Input(
            "no password on standard input (one line expected)".into(),
        ));
    }
    Ok(password)
}

/// Where a generated secret is written, once.
pub enum SecretSink<'a> {
    /// An open stream: standard error in the CLI, a buffer in tests.
    Writer(&'a mut dyn Write),
    /// A file created for it with mode 0600; an existing file is never overwritten.
    File(PathBuf),
}

/// A sink made ready before the change: the file exists (empty, 0600) so that a refusal
/// (it already exists, the directory is not writable) happens before anything is written to
/// the database.
pub(super) enum Ready<'a> {
    Writer(&'a mut dyn Write),
    File(File, PathBuf),
    /// No secret to show (the operator gave the password).
    Nothing,
}

impl<'a> SecretSink<'a> {
    /// Opens the sink when a secret will be written to it.
    pub(super) fn prepare(self, needed: bool) -> Result<Ready<'a>, AdminError> {
        if !needed {
            return Ok(Ready::Nothing);
        }
        match self {
            SecretSink::Writer(w) => Ok(Ready::Writer(w)),
            SecretSink::File(path) => {
                let file = create_private(&path).map_err(|e| AdminError::SecretFile {
                    path: path.display().to_string(),
                    reason: if e.kind() == std::io::ErrorKind::AlreadyExists {
                        "it already exists; refusing to overwrite it".into()
                    } else {
                        e.to_string()
                    },
                })?;
                Ok(Ready::File(file, path))
            }
        }
    }
}

impl Ready<'_> {
    /// The change failed: remove the file made for its secret.
    pub(super) fn abandon(self) {
        if let Ready::File(file, path) = self {
            drop(file);
            let _ = std::fs::remove_file(path);
        }
    }

    /// Writes the secret — on a stream after `label` (`password of 'an': …`), alone on the
    /// one line of a file — and says where it went (`None`: nowhere, no secret). The change
    /// is already committed: an error here says so.
    pub(super) fn write(self, label: &str, secret: &str) -> Result<Option<String>, AdminError> {
        let lost = |e: std::io::Error| {
            AdminError::Input(format!(
                "the change was made but its password could not be written ({e}); run the command again"
            ))
        };
        match self {
            Ready::Nothing => Ok(None),
            Ready::Writer(w) => {
                writeln!(w, "{label}: {secret}  (shown once)")
                    .and_then(|_| w.flush())
                    .map_err(lost)?;
                Ok(Some("standard error".into()))
            }
            Ready::File(mut file, path) => {
                writeln!(file, "{secret}")
                    .and_then(|_| file.sync_all())
                    .map_err(lost)?;
                Ok(Some(path.display().to_string()))
            }
        }
    }
}

/// Creates `path`, which must not exist, readable and writable by its owner only.
fn create_private(path: &Path) -> std::io::Result<File> {
    let mut options = OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    options.open(path)
}
