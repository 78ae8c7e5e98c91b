//! `cchc-server bench-data`: fills an empty database with a country-sized world,
//! reproducibly from a seed, for the benchmarks in `bench/`.
//!
//! The world (defaults): 34 provinces and 3,321 communes directly under them; per commune
//! 7 departments, 20 officials, 10 plans and 300 tasks (each with its `tasks.create`
//! journal row), three years of index assessments against a framework per province and
//! year (39 sub-criteria), published so rankings read them, 12 months of portal
//! statistics; 1,000,000 portal dossiers in all; a unit admin login per unit
//! (`bench.p<province code>`, `bench.<commune code>`, one password).
//!
//! Same seed, same rows, ids included: every id is a UUID v7 stamped with its row's own
//! creation instant and drawn from a stream of the seed ([`rng`]), and each commune draws
//! from streams of its own. Only the password hash differs (argon2 salts it). Rows are
//! built as the server's entities and written in batches ([`sink`]: COPY on PostgreSQL).

mod index;
mod names;
mod plans;
mod portal;
mod rng;
mod sink;
mod work;
mod world;

#[cfg(test)]
mod tests;

use std::path::PathBuf;
use std::time::Instant;

use chrono::{DateTime, Datelike, NaiveDate, Utc};
use sea_orm::{DatabaseConnection, DbBackend, EntityTrait, PaginatorTrait};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::config::Config;
use crate::entity::units;
use crate::error::ApiError;
use rng::{at, ymd};
use sink::{Sink, Target};

/// What to generate (`cchc-server bench-data --help`).
#[derive(Debug, Clone, clap::Args)]
pub struct Options {
    /// Provinces.
    #[arg(long, default_value_t = 34)]
    pub provinces: usize,
    /// Communes, shared out over the provinces.
    #[arg(long, default_value_t = 3321)]
    pub communes: usize,
    /// Departments per commune.
    #[arg(long, default_value_t = 7)]
    pub departments: usize,
    /// Officials per commune.
    #[arg(long, default_value_t = 20)]
    pub officials: usize,
    /// Plans per commune.
    #[arg(long, default_value_t = 10)]
    pub plans: usize,
    /// Tasks per commune (most in its plans).
    #[arg(long, default_value_t = 300)]
    pub tasks: usize,
    /// Years of index assessments, ending with `--last-year`.
    #[arg(long, default_value_t = 3)]
    pub years: usize,
    /// The last year assessed; the data stands as of 30 June of the year after.
    #[arg(long, default_value_t = 2025)]
    pub last_year: i32,
    /// The day the data stands at (plans and tasks run up to it; open tasks due before it
    /// are overdue and already marked so); default 30 June of the year after the last.
    #[arg(long)]
    pub as_of: Option<NaiveDate>,
    /// Months of portal statistics per commune, ending with December of the last year.
    #[arg(long, default_value_t = 12)]
    pub months: usize,
    /// Portal dossiers in all.
    #[arg(long, default_value_t = 1_000_000)]
    pub dossiers: u64,
    /// The seed: the same seed gives the same rows.
    #[arg(long, default_value_t = 1)]
    pub seed: u64,
    /// The password of every generated login.
    #[arg(long, default_value = "bench-password-1")]
    pub password: String,
    /// Where to write the manifest (JSON) the benchmark runner reads.
    #[arg(long, default_value = "bench-manifest.json")]
    pub manifest: PathBuf,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            provinces: 34,
            communes: 3321,
            departments: 7,
            officials: 20,
            plans: 10,
            tasks: 300,
            years: 3,
            last_year: 2025,
            as_of: None,
            months: 12,
            dossiers: 1_000_000,
            seed: 1,
            password: "bench-password-1".into(),
            manifest: PathBuf::from("bench-manifest.json"),
        }
    }
}

impl Options {
    /// The years assessed, oldest first (at least one).
    pub fn years_list(&self) -> Vec<i32> {
        let n = self.years.max(1) as i32;
        (self.last_year - n + 1..=self.last_year).collect()
    }

    /// The first year assessed.
    pub fn first_year(&self) -> i32 {
        self.last_year - self.years.max(1) as i32 + 1
    }

    /// The instant the data stands at: `--as-of` (default 30 June of the year after the
    /// last), 10:00 in Hanoi.
    pub fn as_of(&self) -> DateTime<Utc> {
        at(self.as_of.unwrap_or(ymd(self.last_year + 1, 6, 30)), 3)
    }

    /// The years of plans and tasks: the years assessed and on to the year of `as_of`.
    pub fn work_years(&self) -> Vec<i32> {
        (self.first_year()..=self.last_year.max(self.as_of().year())).collect()
    }
}

/// Why generation stopped.
#[derive(Debug)]
pub struct BenchError(pub String);

impl std::fmt::Display for BenchError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for BenchError {}

macro_rules! bench_error_from {
    ($($t:ty),*) => {$(
        impl From<$t> for BenchError {
            fn from(e: $t) -> Self {
                BenchError(format!("{e:?}"))
            }
        }
    )*};
}
bench_error_from!(
    sea_orm::DbErr,
    sea_orm::sqlx::Error,
    serde_json::Error,
    std::io::Error,
    ApiError
);

/// The names of the random streams: one per purpose, so adding draws to one part never
/// changes another's rows.
mod stream {
    pub const UNITS: u64 = 1;
    pub const PEOPLE: u64 = 2;
    pub const PLANS: u64 = 3;
    pub const TASKS: u64 = 4;
    pub const FRAMEWORKS: u64 = 5;
    pub const INDEX: u64 = 6;
    pub const PORTAL: u64 = 7;
    pub const DOSSIERS: u64 = 8;
}

/// Keeps every `stride`-th id offered, up to `cap` of them.
#[derive(Debug)]
pub struct Sampler {
    stride: u64,
    seen: u64,
    cap: usize,
    /// The ids kept.
    pub ids: Vec<Uuid>,
}

impl Sampler {
    /// About `cap` ids spread evenly over `expected` offers.
    pub fn new(expected: u64, cap: usize) -> Sampler {
        Sampler {
            stride: (expected / cap.max(1) as u64).max(1),
            seen: 0,
            cap,
            ids: Vec::new(),
        }
    }

    /// Offers an id.
    pub fn offer(&mut self, id: Uuid) {
        if self.seen.is_multiple_of(self.stride) && self.ids.len() < self.cap {
            self.ids.push(id);
        }
        self.seen += 1;
    }
}

/// A province in the manifest.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ManifestProvince {
    /// Unit id.
    pub id: Uuid,
    /// Administrative code.
    pub code: String,
    /// Its unit admin's login.
    pub admin: String,
}

/// A commune in the manifest.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ManifestCommune {
    /// Unit id.
    pub id: Uuid,
    /// Administrative code.
    pub code: String,
    /// Its province's unit id.
    pub province_id: Uuid,
    /// Its unit admin's login.
    pub admin: String,
}

/// What the benchmark runner needs to know about the generated world (`--manifest`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Manifest {
    /// The seed.
    pub seed: u64,
    /// Every login's password.
    pub password: String,
    /// The provinces.
    pub provinces: Vec<ManifestProvince>,
    /// The communes.
    pub communes: Vec<ManifestCommune>,
    /// 1,000 task ids of various communes.
    pub sample_tasks: Vec<Uuid>,
    /// Up to 1,000 published assessments of the last year, of various communes.
    pub sample_assessments: Vec<Uuid>,
    /// Up to 1,000 plans with a number (issued or in progress).
    pub sample_plans: Vec<Uuid>,
    /// The years assessed.
    pub years: Vec<i32>,
    /// Tasks in all.
    pub tasks: u64,
    /// Portal dossiers in all.
    pub dossiers: u64,
}

/// The manifest, with the rows written per table and how long it took.
#[derive(Debug, Clone)]
pub struct Report {
    /// The manifest.
    pub manifest: Manifest,
    /// Rows per table, in the order written.
    pub rows: Vec<(&'static str, u64)>,
    /// Seconds spent.
    pub seconds: f64,
}

/// Generates the world into `db` (migrated, without units); refuses a database that
/// already has units. The password is hashed once, with the server's own hasher.
pub async fn generate(db: &DatabaseConnection, opts: &Options) -> Result<Report, BenchError> {
    let started = Instant::now();
    let existing = units::Entity::find().count(db).await?;
    if existing > 0 {
        return Err(BenchError(format!(
            "the database already has {existing} units; bench-data fills an empty database only"
        )));
    }
    let hash = crate::auth::secrets::hash_password(opts.password.clone()).await?;
    let target = match db.get_database_backend() {
        DbBackend::Postgres => Target::Postgres(db.get_postgres_connection_pool().clone()),
        _ => Target::Sqlite(db.clone()),
    };
    let mut sink = Sink::new(target, 100_000);
    let manifest = build(&mut sink, opts, &hash).await?;
    Ok(Report {
        manifest,
        rows: sink.counts(),
        seconds: started.elapsed().as_secs_f64(),
    })
}

/// Each table's row count and digest (SHA-256 of its rows in COPY text), without a
/// database: what a seed gives, to compare two builds or two seeds. Logins carry
/// `password_hash` as given.
pub async fn digests(
    opts: &Options,
    password_hash: &str,
) -> Result<Vec<(&'static str, u64, String)>, BenchError> {
    let mut sink = Sink::new(Target::Digest, 100_000);
    build(&mut sink, opts, password_hash).await?;
    Ok(sink
        .counts()
        .into_iter()
        .zip(sink.digests())
        .map(|((table, n), (_, digest))| (table, n, digest))
        .collect())
}

/// Generates every row into `sink` and flushes it; answers the manifest.
async fn build(
    sink: &mut Sink,
    opts: &Options,
    password_hash: &str,
) -> Result<Manifest, BenchError> {
    let world = world::build(sink, opts, password_hash)?;
    let frameworks = index::frameworks(sink, opts, &world)?;
    sink.flush().await?;
    let total_tasks = (world.communes.len() * opts.tasks) as u64;
    let mut samples = work::Samples {
        tasks: Sampler::new(total_tasks, 1000),
        plans: Sampler::new((world.communes.len() * opts.plans / 2) as u64, 1000),
    };
    let mut assessments = Sampler::new(world.communes.len() as u64, 1000);
    let (mut tasks, mut dossiers) = (0, 0);
    for c in &world.communes {
        let province = &world.provinces[c.province];
        tasks += work::commune(sink, opts, c, &province.name, &mut samples)?;
        let ids = index::commune(sink, opts, c, &frameworks[c.province])?;
        if let Some(last) = ids.last() {
            assessments.offer(*last);
        }
        dossiers += portal::commune(sink, opts, &world, c)?;
        sink.maybe_flush().await?;
    }
    sink.finish().await?;
    Ok(Manifest {
        seed: opts.seed,
        password: opts.password.clone(),
        provinces: world
            .provinces
            .iter()
            .map(|p| ManifestProvince {
                id: p.id,
                code: p.code.clone(),
                admin: p.admin.clone(),
            })
            .collect(),
        communes: world
            .communes
            .iter()
            .map(|c| ManifestCommune {
                id: c.id,
                code: c.code.clone(),
                province_id: world.provinces[c.province].id,
                admin: c.admin.clone(),
            })
            .collect(),
        sample_tasks: samples.tasks.ids,
        sample_assessments: assessments.ids,
        sample_plans: samples.plans.ids,
        years: opts.years_list(),
        tasks,
        dossiers,
    })
}

/// The command: opens and migrates the configured database, generates, writes the
/// manifest and prints the rows per table and the time taken.
pub async fn run(config: &Config, opts: &Options) -> Result<(), String> {
    let db = crate::db::connect(config)
        .await
        .map_err(|e| format!("cannot open the database: {e}"))?;
    crate::db::migrate(&db)
        .await
        .map_err(|e| format!("migrations failed: {e}"))?;
    let report = generate(&db, opts).await.map_err(|e| e.to_string())?;
    let json = serde_json::to_string_pretty(&report.manifest).map_err(|e| e.to_string())?;
    std::fs::write(&opts.manifest, json)
        .map_err(|e| format!("cannot write {}: {e}", opts.manifest.display()))?;
    let total: u64 = report.rows.iter().map(|(_, n)| n).sum();
    for (table, n) in &report.rows {
        println!("{table:<24} {n:>10}");
    }
    println!("{:<24} {total:>10}", "rows");
    println!(
        "generated in {:.1} s (seed {}); manifest: {}",
        report.seconds,
        opts.seed,
        opts.manifest.display()
    );
    Ok(())
}
