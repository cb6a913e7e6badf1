//! The `newsdb` binary: parses the command line, loads the config, sets up logging
//! and calls the library. All work happens in [`newsdb::cli`].

use std::process::ExitCode;

use clap::Parser;

fn main() -> ExitCode {
    let args = newsdb::cli::Args::parse();
    match newsdb::cli::run(args) {
        Ok(code) => code,
        Err(err) => {
            eprintln!("newsdb: error: {err:#}");
            ExitCode::from(2)
        }
    }
}
