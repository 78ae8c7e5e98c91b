//! `cchc`: the command-line client of the CCHC API. Everything is in `cchc_sdk::cli`.

fn main() -> std::process::ExitCode {
    cchc_sdk::cli::main()
}
