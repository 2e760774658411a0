//! The process's peak resident set, for the examples that print memory figures.

/// The peak resident set since start or the last reset (`VmHWM`), in KiB; 0 where /proc
/// is not there.
pub fn peak_rss_kib() -> u64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|status| {
            status
                .lines()
                .find(|line| line.starts_with("VmHWM:"))
                .and_then(|line| line.split_whitespace().nth(1)?.parse().ok())
        })
        .unwrap_or(0)
}
