//! How long each stage of a build took, and the process's peak memory: what `folio build
//! --timings` prints and the benchmark reads, so that a regression shows where it is.

use std::fmt;
use std::time::{Duration, Instant};

/// One stage, its wall time and the process's peak memory at its end (KiB, where known): the
/// stage whose peak is the build's is the one to make leaner.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Stage {
    pub name: &'static str,
    pub time: Duration,
    pub peak_kib: Option<u64>,
}

/// Stage times of one build, in order.
#[derive(Debug, Clone)]
pub struct Timings {
    stages: Vec<Stage>,
    last: Instant,
    /// Charts' drawing time (all threads) when the build started.
    charts_before: Duration,
    /// Whether each stage reads the peak memory (a read of `/proc`, some 0.1 ms a stage).
    memory: bool,
}

impl Default for Timings {
    fn default() -> Self {
        Timings {
            stages: Vec::new(),
            last: Instant::now(),
            charts_before: crate::charts::drawing_time(),
            memory: true,
        }
    }
}

impl Timings {
    /// Timings that nobody shows (a preview's rebuilds): stage times only, no memory read.
    pub fn unread() -> Self {
        Timings { memory: false, ..Timings::default() }
    }

    /// Closes the stage `name`: the time since the previous lap (or since creation).
    pub fn lap(&mut self, name: &'static str) {
        let now = Instant::now();
        let peak_kib = if self.memory { peak_memory_kib() } else { None };
        self.stages.push(Stage { name, time: now - self.last, peak_kib });
        self.last = now;
    }

    pub fn stages(&self) -> &[Stage] {
        &self.stages
    }

    pub fn total(&self) -> Duration {
        self.stages.iter().map(|s| s.time).sum()
    }
}

impl fmt::Display for Timings {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for stage in &self.stages {
            write!(f, "stage {:<9} {:>9.1} ms", stage.name, stage.time.as_secs_f64() * 1000.0)?;
            match stage.peak_kib {
                Some(kib) => writeln!(f, "   peak {:>7.1} MiB", kib as f64 / 1024.0)?,
                None => writeln!(f)?,
            }
        }
        write!(f, "stage {:<9} {:>9.1} ms", "total", self.total().as_secs_f64() * 1000.0)?;
        let charts = crate::charts::drawing_time().saturating_sub(self.charts_before);
        write!(
            f,
            "\nstage {:<9} {:>9.1} ms thread time, within prose and render",
            "charts",
            charts.as_secs_f64() * 1000.0
        )?;
        if let Some(kib) = peak_memory_kib() {
            write!(f, "\npeak memory {:.1} MiB", kib as f64 / 1024.0)?;
        }
        Ok(())
    }
}

/// The process's peak resident memory (Linux: `VmHWM`), in KiB; `None` elsewhere.
pub fn peak_memory_kib() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    line.split_whitespace().nth(1)?.parse().ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn laps_partition_the_total() {
        let mut t = Timings::default();
        t.lap("load");
        t.lap("render");
        let names: Vec<_> = t.stages().iter().map(|s| s.name).collect();
        assert_eq!(names, ["load", "render"]);
        assert_eq!(t.total(), t.stages()[0].time + t.stages()[1].time);
        assert!(t.to_string().contains("stage total"));
    }
}
