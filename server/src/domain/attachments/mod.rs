//! Evidence files of tasks (tài liệu kiểm chứng). The type is judged from the bytes, not
//! from the name or the claimed type; executables are refused; the original name is kept
//! for display but never used as a path (files on disk are named by their id).
//!
//! Three rules hold every path here:
//!
//! - metadata is read through [`AttachmentMeta`] (see [`metadata`]), a projection without
//!   the content column: a list, or any read that needs only the name, type or size, never
//!   loads the bytes; only [`content`] reads them, for one file;
//! - an upload is checked ([`may_attach`]) before its body is read, and checked again inside
//!   the change's transaction ([`store`] wants the [`MayAttach`] proof of the first check);
//! - a file on disk is written (to a temporary name, then renamed into place) before the
//!   transaction begins, so no slow work holds the write lock, and removed again when the
//!   change does not commit.

mod metadata;
mod storage;
mod store;
mod upload;

pub use metadata::{AttachmentMeta, get, list, metadata, metadata_of, to_out};
pub use storage::content;
pub use store::{MayAttach, may_attach, store};
pub use upload::{ACCEPTED, Upload, detect, display_name};

#[cfg(test)]
mod tests;
