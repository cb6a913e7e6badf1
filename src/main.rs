//! The `newsdb` binary: parses the command line, loads the config, sets up logging
//! and calls the library. All work happens in [`newsdb::cli`].

use std::process::ExitCode;

use clap::Parser;

/// mimalloc instead of the system allocator: the pipeline allocates many small
/// strings and vectors on the preparing threads and frees them elsewhere (a batch is
/// dropped off the writer's thread), which glibc serialises on its arena locks.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    let args = newsdb::cli::Args::parse();
    match newsdb::cli::run(args) {
        Ok(code) => code,
        Err(err) => {
            eprintln!("{}", newsdb::cli::report(&err));
            ExitCode::from(2)
        }
    }
}
