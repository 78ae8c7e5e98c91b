//! Reproducibility: the rows are a function of the options and the seed alone.

use super::{Options, digests};

fn small(seed: u64) -> Options {
    Options {
        provinces: 2,
        communes: 5,
        plans: 4,
        tasks: 20,
        years: 2,
        months: 1,
        dossiers: 200,
        seed,
        ..Options::default()
    }
}

type Digests = Vec<(&'static str, u64, String)>;

async fn of(seed: u64) -> Digests {
    let found = digests(&small(seed), "$argon2id$fixed").await;
    assert!(found.is_ok(), "{found:?}");
    found.unwrap_or_default()
}

fn table<'a>(d: &'a Digests, name: &str) -> Option<&'a (&'static str, u64, String)> {
    d.iter().find(|(t, _, _)| *t == name)
}

#[tokio::test]
async fn the_same_seed_gives_the_same_rows() {
    let (a, b) = (of(1).await, of(1).await);
    assert_eq!(a, b);
    let count = |t: &str| table(&a, t).map(|r| r.1);
    assert_eq!(count("units"), Some(7));
    assert_eq!(count("users"), Some(7));
    assert_eq!(count("plans"), Some(20));
    assert_eq!(count("tasks"), Some(100));
    assert_eq!(count("audit_events"), Some(100));
    assert_eq!(count("index_frameworks"), Some(4));
    assert_eq!(count("index_publications"), Some(4));
    assert_eq!(count("index_assessments"), Some(10));
    // The demo framework has 39 sub-criteria and no bonus or penalty items.
    assert_eq!(count("index_assessment_items"), Some(390));
    assert_eq!(count("portal_statistics"), Some(5));
    assert_eq!(count("portal_dossiers"), Some(200));
}

#[tokio::test]
async fn another_seed_gives_other_rows() {
    let (a, b) = (of(1).await, of(2).await);
    let tasks = |d: &Digests| table(d, "tasks").cloned();
    assert!(tasks(&a).is_some());
    assert_ne!(tasks(&a), tasks(&b));
    assert_eq!(tasks(&a).map(|t| t.1), tasks(&b).map(|t| t.1));
}
