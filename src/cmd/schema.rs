//! `report schema`: the JSON Schema of `report extract --format json`.
//!
//! Usage: report schema

use super::{Failure, write};

#[derive(clap::Args)]
#[command(about = "Print the JSON Schema of `extract --format json`")]
pub struct Args {}

pub fn run(_: Args) -> Result<(), Failure> {
    let schema = crate::output::json_schema();
    write::emit(None, false, |out| {
        serde_json::to_writer_pretty(&mut *out, &schema)?;
        writeln!(out)
    })
}
