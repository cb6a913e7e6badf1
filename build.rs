//! Re-runs the build when a migration changes, so `embed_migrations!` always embeds
//! the current `migrations/` folder.

fn main() {
    println!("cargo:rerun-if-changed=migrations");
    println!("cargo:rerun-if-changed=postgres-migrations");
}
