//! Each build step says what it does and how long it took.

use std::fmt::Display;
use std::time::Instant;

/// A step under way: announced when it starts, timed when it ends.
pub struct Step {
    what: String,
    started: Instant,
}

impl Step {
    /// Announces a step that may take a while (its own output follows).
    pub fn start(what: impl Display) -> Self {
        let what = what.to_string();
        say(format_args!("{what} ..."));
        Self {
            what,
            started: Instant::now(),
        }
    }

    /// Times a step without announcing it first (for quick ones).
    pub fn quiet(what: impl Display) -> Self {
        Self {
            what: what.to_string(),
            started: Instant::now(),
        }
    }

    /// Ends the step: what it did and the time it took.
    pub fn done(self, result: impl Display) {
        let seconds = self.started.elapsed().as_secs_f64();
        say(format_args!("{}: {result} ({seconds:.1} s)", self.what));
    }
}

/// One line of the command's own output, on stderr as cargo's is.
pub fn say(line: impl Display) {
    eprintln!("edgeapi: {line}");
}

/// Bytes as KB with one decimal, as the README's size figures are.
pub fn kb(bytes: u64) -> String {
    format!("{:.1} KB", bytes as f64 / 1024.0)
}
