//! `report completions SHELL`: a shell completion script (clap_complete).
//!
//! Usage: report completions bash > /etc/bash_completion.d/report

use super::{Failure, write};
use clap::CommandFactory;

#[derive(clap::Args)]
#[command(about = "Print a completion script for a shell (bash, zsh, fish, elvish, powershell)")]
pub struct Args {
    /// The shell
    #[arg(value_enum)]
    pub shell: clap_complete::Shell,
}

pub fn run<C: CommandFactory>(args: Args) -> Result<(), Failure> {
    let mut cmd = C::command();
    // clap_complete panics when its writes fail (a closed pipe): render first
    let mut script = Vec::new();
    clap_complete::generate(args.shell, &mut cmd, "report", &mut script);
    write::emit(None, false, |out| out.write_all(&script))
}
