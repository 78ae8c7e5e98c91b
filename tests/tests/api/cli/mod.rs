//! The `cchc` command-line client, run as a process against the real server: logging in
//! (a token file only its owner reads), list / get / create in tables and JSON with
//! Vietnamese text intact, errors and exit codes (`resources`); exports and documents
//! written to files with the progress bar on stderr, shell completions (`files`); the
//! portal's files pushed in batches with the refused records written out (`push`).

mod files;
mod push;
mod resources;

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use crate::common::{ADMIN_PASSWORD, TestApp};

/// What a run of `cchc` gave.
#[derive(Debug)]
pub(super) struct Run {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

impl Run {
    /// Fails the test unless the run exited 0.
    pub fn ok(self) -> Run {
        assert_eq!(
            self.code, 0,
            "cchc failed: {}\n{}",
            self.stderr, self.stdout
        );
        self
    }

    /// stdout as JSON.
    pub fn json(&self) -> serde_json::Value {
        serde_json::from_str(&self.stdout)
            .unwrap_or_else(|e| panic!("not JSON ({e}): {}", self.stdout))
    }
}

/// `cchc` for one test: its own configuration directory (where the login is kept) and
/// working directory, pointed at the test's server.
pub(super) struct Cli {
    pub dir: tempfile::TempDir,
    url: String,
}

impl Cli {
    pub fn new(app: &TestApp) -> Cli {
        Cli {
            dir: tempfile::tempdir().expect("temp dir"),
            url: app.base_url.clone(),
        }
    }

    /// Where `cchc` keeps its login.
    pub fn config_dir(&self) -> PathBuf {
        self.dir.path().join("config")
    }

    /// A path in the test's directory.
    pub fn path(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }

    /// Runs `cchc args…` and waits for it (off the runtime's thread, which serves the
    /// server).
    pub async fn run(&self, args: &[&str]) -> Run {
        self.run_with(args, None).await
    }

    /// Runs `cchc args…` with `stdin` written to its standard input.
    pub async fn run_with(&self, args: &[&str], stdin: Option<String>) -> Run {
        self.run_env(args, stdin, &[]).await
    }

    /// Runs `cchc args…` with `stdin` and the variables `vars` set (the CLI's own are
    /// cleared first).
    pub async fn run_env(
        &self,
        args: &[&str],
        stdin: Option<String>,
        vars: &[(&str, &str)],
    ) -> Run {
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_cchc-cli"));
        cmd.args(args)
            .current_dir(self.dir.path())
            .env("CCHC_CONFIG_DIR", self.config_dir())
            .env("CCHC_URL", &self.url)
            .stdin(if stdin.is_some() {
                Stdio::piped()
            } else {
                Stdio::null()
            })
            .stdout(Stdio::piped())
            .stderr(Stdio::piped());
        for name in [
            "CCHC_USERNAME",
            "CCHC_PASSWORD",
            "CCHC_CLIENT_ID",
            "CCHC_CLIENT_SECRET",
            "CCHC_PROGRESS",
            "CCHC_LANG",
        ] {
            cmd.env_remove(name);
        }
        cmd.envs(vars.iter().copied());
        let output = tokio::task::spawn_blocking(move || {
            let mut child = cmd.spawn()?;
            if let (Some(text), Some(mut pipe)) = (stdin, child.stdin.take()) {
                pipe.write_all(text.as_bytes())?;
            }
            child.wait_with_output()
        })
        .await
        .expect("join")
        .expect("run cchc");
        Run {
            code: output.status.code().unwrap_or(-1),
            stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
            stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
        }
    }

    /// `cchc login` as the bootstrap admin, the password on stdin.
    pub async fn login(&self) -> Run {
        self.run_with(
            &["login", "--username", "admin", "--password-stdin"],
            Some(format!("{ADMIN_PASSWORD}\n")),
        )
        .await
    }

    /// Writes `text` to a file of the test's directory.
    pub fn write(&self, name: &str, text: &str) -> PathBuf {
        let path = self.path(name);
        std::fs::write(&path, text).expect("write");
        path
    }
}

/// The path as an argument.
pub(super) fn arg(path: &Path) -> &str {
    path.to_str().expect("UTF-8 path")
}
