//! How folio talks to the terminal: informational lines on stdout (silenced by `--quiet`),
//! warnings, errors and rendered diagnostics on stderr, in colour only when asked to.

use crate::diagnostic::Diagnostic;

/// Prints messages for the command line; cheap to copy into threads (`serve` reports rebuilds).
#[derive(Debug, Clone, Copy)]
pub struct Reporter {
    pub quiet: bool,
    pub color: bool,
}

impl Reporter {
    /// A line on stdout, unless `--quiet`.
    pub fn info(&self, message: &str) {
        if !self.quiet {
            println!("{message}");
        }
    }

    /// A warning on stderr; shown even with `--quiet`, which only silences progress and summaries.
    pub fn warn(&self, message: &str) {
        let (yellow, reset) = if self.color { ("\x1b[33;1m", "\x1b[0m") } else { ("", "") };
        eprintln!("{yellow}warning{reset}: {message}");
    }

    pub fn error(&self, message: &str) {
        let (red, reset) = if self.color { ("\x1b[31;1m", "\x1b[0m") } else { ("", "") };
        eprintln!("{red}error{reset}: {message}");
    }

    /// The warnings of a build that succeeded, each with its place and hint (even with
    /// `--quiet`).
    pub fn warnings(&self, all: &[Diagnostic]) {
        for d in all {
            eprintln!("{}", d.render(self.color));
        }
    }

    /// Every diagnostic (already sorted), then a count and `what` follows from them.
    pub fn diagnostics(&self, all: &[Diagnostic], what: &str) {
        for d in all {
            eprintln!("{}", d.render(self.color));
        }
        let plural = if all.len() == 1 { "" } else { "s" };
        self.error(&format!("{} problem{plural} found; {what}", all.len()));
    }
}
