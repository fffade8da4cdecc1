//! `oasbind-bench-large phases`: where oasbind's generation time goes, from a
//! `perf script` dump of a `perf record --call-graph dwarf` of the release binary
//! (`bench/profile.sh` makes one). Each phase is a function on the stack; a sample counts
//! for every phase whose function it is in (inclusive shares, so nested phases overlap).

use std::fmt::Write as _;

/// (label, a substring of the frame's symbol, nesting depth for display).
const PHASES: &[(&str, &str, usize)] = &[
    (
        "load (read, parse, convert schemas)",
        "oasbind::load::load",
        0,
    ),
    ("JSON/YAML parsing", "serde_json::de::from", 1),
    (
        "schema conversion (SchemaLoader::finish)",
        "SchemaLoader::finish",
        1,
    ),
    (
        "JSON pointer resolution (pointer::resolve)",
        "load::pointer::resolve",
        2,
    ),
    (
        "emit (emit::items: jobs on every core)",
        "oasbind::emit::items",
        0,
    ),
    ("type space (TypeSpace::build)", "TypeSpace::build", 1),
    (
        "equal-schema classes (Schemas::classes, keys by Debug)",
        "Schemas::classes",
        1,
    ),
    (
        "  of which Debug formatting of schemas",
        "<oasbind::ir::schema::Schema as core::fmt::Debug>::fmt",
        2,
    ),
    ("validator plan (Validators::plan)", "Validators::plan", 1),
    (
        "validator items (validate::impls)",
        "oasbind::emit::validate::impls",
        1,
    ),
    ("typed checks (Lean::structure)", "Lean::structure", 2),
    (
        "type items (emit::types::item)",
        "oasbind::emit::types::item",
        1,
    ),
    (
        "client items (emit::client::operation_items)",
        "oasbind::emit::client::operation_items",
        1,
    ),
    (
        "printing (emit::printer::items, inside emit)",
        "oasbind::emit::printer::items",
        1,
    ),
    ("flattening the tokens", "printer::Tokens::flatten", 2),
    (
        "roles and bodies (Tokens::annotate)",
        "printer::Tokens::annotate",
        2,
    ),
    ("layout (Printer)", "printer::Printer::", 2),
    (
        "dropping token streams (anywhere)",
        "<proc_macro2::fallback::TokenStream as core::ops::drop::Drop>::drop",
        0,
    ),
];

/// Leaf symbols that are the allocator's own work.
const ALLOCATOR: &[&str] = &[
    "_int_malloc",
    "_int_free",
    "_int_realloc",
    "malloc_consolidate",
    "unlink_chunk",
    "malloc",
    "cfree",
    "free",
    "realloc",
    "__libc_malloc",
    "__GI___libc_malloc",
    "__GI___libc_free",
    "__GI___libc_realloc",
];

/// The samples of a `perf script` dump: one block per sample, its frames indented, leaf first.
fn samples(text: &str) -> Vec<Vec<&str>> {
    let mut all = Vec::new();
    let mut current: Vec<&str> = Vec::new();
    for line in text.lines() {
        if line.trim().is_empty() {
            if !current.is_empty() {
                all.push(std::mem::take(&mut current));
            }
            continue;
        }
        if !line.starts_with([' ', '\t']) {
            // A sample's header line.
            if !current.is_empty() {
                all.push(std::mem::take(&mut current));
            }
            continue;
        }
        // "\t    55d0c0ffee symbol+0x12 (dso)": drop the address.
        let frame = line.trim();
        let frame = frame
            .split_once(char::is_whitespace)
            .map_or(frame, |(_, sym)| sym.trim());
        current.push(frame);
    }
    if !current.is_empty() {
        all.push(current);
    }
    all
}

fn is_allocator(frame: &str) -> bool {
    let name = frame.split(['+', ' ', '(']).next().unwrap_or(frame);
    ALLOCATOR.iter().any(|a| name == *a || name.starts_with(&format!("{a}.")))
        || name.contains("malloc")
        || name.ends_with("libc_free")
        // mimalloc, the CLI's allocator
        || name.starts_with("mi_")
        || name.starts_with("_mi_")
}

/// The phase table for a `perf script` dump; `cpu_seconds` scales shares to seconds.
pub fn table(text: &str, cpu_seconds: Option<f64>) -> String {
    let samples = samples(text);
    let n = samples.len().max(1) as f64;
    let mut out = String::new();
    let _ = writeln!(out, "| phase | share of samples | ≈ CPU s |");
    let _ = writeln!(out, "|---|---:|---:|");
    let mut row = |label: &str, count: usize, depth: usize| {
        let share = count as f64 / n;
        let secs = cpu_seconds.map_or("–".into(), |c| format!("{:.2}", c * share));
        let indent = "· ".repeat(depth);
        let _ = writeln!(out, "| {indent}{label} | {:.1}% | {secs} |", 100.0 * share);
    };
    for (label, needle, depth) in PHASES {
        let count = samples
            .iter()
            .filter(|s| s.iter().any(|f| f.contains(needle)))
            .count();
        row(label, count, *depth);
    }
    let alloc = samples
        .iter()
        .filter(|s| s.first().is_some_and(|f| is_allocator(f)))
        .count();
    row(
        "allocator itself (leaf in malloc/free), all phases",
        alloc,
        0,
    );
    let _ = writeln!(out, "\n{} samples.", samples.len());
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_inclusive_shares() {
        let dump = "oasbind 1 [000] 1.0: cycles:\n\
                    \t 1 _int_malloc+0x1 (libc)\n\
                    \t 2 oasbind::load::pointer::resolve+0x2 (oasbind)\n\
                    \t 3 oasbind::load::load+0x3 (oasbind)\n\
                    \n\
                    oasbind 1 [000] 1.1: cycles:\n\
                    \t 4 oasbind::emit::printer::Tokens::annotate+0x4 (oasbind)\n\
                    \t 5 oasbind::emit::printer::items+0x5 (oasbind)\n\n";
        let t = table(dump, Some(2.0));
        assert!(
            t.contains("| load (read, parse, convert schemas) | 50.0% | 1.00 |"),
            "{t}"
        );
        assert!(
            t.contains("| · · JSON pointer resolution (pointer::resolve) | 50.0% | 1.00 |"),
            "{t}"
        );
        assert!(
            t.contains("| · printing (emit::printer::items, inside emit) | 50.0% | 1.00 |"),
            "{t}"
        );
        assert!(
            t.contains("| · · roles and bodies (Tokens::annotate) | 50.0% | 1.00 |"),
            "{t}"
        );
        assert!(
            t.contains("| allocator itself (leaf in malloc/free), all phases | 50.0% | 1.00 |"),
            "{t}"
        );
        assert!(t.contains("2 samples."));
    }
}
