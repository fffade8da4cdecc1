//! The binary's own modules (`main.rs` declares them; the library never sees them, and
//! neither do `default-features = false` users).

pub mod progress;
pub mod report;
