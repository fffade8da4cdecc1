//! Resident memory of this process, from Linux's `/proc/self/status`.
//!
//! Client and server share the process, so these numbers are both together; the client's
//! part is the same for every server, so the differences between servers are the servers'.
//! Elsewhere than Linux the numbers are absent, never a panic: memory is a side note of a
//! throughput run, not a reason to fail it.

/// Resident set size in KiB, `None` where the system does not say.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Rss {
    /// `VmRSS`: resident now.
    pub current_kib: Option<u64>,
    /// `VmHWM`: the most resident since the process started or since [`reset_peak`].
    pub peak_kib: Option<u64>,
}

/// This process's resident memory now.
pub fn rss() -> Rss {
    match std::fs::read_to_string("/proc/self/status") {
        Ok(status) => Rss {
            current_kib: field(&status, "VmRSS:"),
            peak_kib: field(&status, "VmHWM:"),
        },
        Err(_) => Rss::default(),
    }
}

/// Resets the peak (`VmHWM`) to the current size, so that each server's peak is its own
/// and not the earlier ones'. Whether it worked: writing `5` to `/proc/self/clear_refs`
/// needs Linux 4.0 or later.
pub fn reset_peak() -> bool {
    std::fs::write("/proc/self/clear_refs", "5").is_ok()
}

/// The number of a line `name   1234 kB`.
fn field(status: &str, name: &str) -> Option<u64> {
    let line = status.lines().find(|line| line.starts_with(name))?;
    line[name.len()..].split_whitespace().next()?.parse().ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_the_status_format() {
        let status = "Name:\tload\nVmHWM:\t  20480 kB\nVmRSS:\t   10240 kB\n";
        assert_eq!(field(status, "VmRSS:"), Some(10240));
        assert_eq!(field(status, "VmHWM:"), Some(20480));
        assert_eq!(field(status, "VmSwap:"), None);
        assert_eq!(field("VmRSS:\tlots kB\n", "VmRSS:"), None);
    }

    #[test]
    fn reads_this_process_on_linux() {
        let rss = rss();
        if cfg!(target_os = "linux") {
            assert!(rss.current_kib.is_some_and(|kib| kib > 0));
            assert!(rss.peak_kib >= rss.current_kib);
        }
    }
}
