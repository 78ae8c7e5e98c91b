//! Unit tests of the evidence rules: what a metadata read selects, names, types.

use super::*;
use crate::entity::task_attachments;

#[test]
fn metadata_reads_every_column_but_the_content() {
    use sea_orm::{DbBackend, IdenStatic, Iterable};
    for backend in [DbBackend::Sqlite, DbBackend::Postgres] {
        let sql = metadata().into_statement(backend).to_string();
        for column in task_attachments::Column::iter() {
            let quoted = format!("\"{}\"", column.as_str());
            assert_eq!(
                sql.contains(&quoted),
                !matches!(column, task_attachments::Column::Data),
                "{column:?} in {sql}"
            );
        }
    }
}

#[test]
fn names_are_never_paths() {
    assert_eq!(display_name("../../etc/passwd"), "passwd");
    assert_eq!(
        display_name("C:\\\\Windows\\\\system32\\\\evil.dll"),
        "evil.dll"
    );
    assert_eq!(display_name("..\\.."), "tep-dinh-kem");
    assert_eq!(display_name("Báo cáo CCHC.pdf"), "Báo cáo CCHC.pdf");
}

#[test]
fn the_bytes_decide_the_type() {
    let elf = b"\x7fELF\x02\x01\x01\x00\x00\x00\x00\x00\x00\x00\x00\x00";
    assert!(detect(elf, Some("application/pdf")).is_err());
    assert_eq!(
        detect(b"%PDF-1.7\n...", None).ok().as_deref(),
        Some("application/pdf")
    );
    assert_eq!(
        detect("Báo cáo".as_bytes(), Some("text/plain"))
            .ok()
            .as_deref(),
        Some("text/plain")
    );
    assert!(
        detect(b"%PDF-1.7\n", Some("image/png")).is_err(),
        "a claimed type must match the bytes"
    );
}
