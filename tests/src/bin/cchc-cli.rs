//! The `cchc` command-line client, built in this package so that the end-to-end tests can
//! run it as a process (`CARGO_BIN_EXE_cchc-cli`): cargo gives tests the binaries of their
//! own package only.

fn main() -> std::process::ExitCode {
    cchc_sdk::cli::main()
}
