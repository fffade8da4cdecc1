//! Path templates (`/pets/{petId}`, `/files/{name}.{ext}`) matched against request paths.
//!
//! Matching is the runtime's rather than axum's: a definition may declare templates that
//! axum's router rejects with a panic (`/a/{x}` beside `/a/{y}`, several parameters in one
//! segment), and OpenAPI wants concrete paths tried before templated ones.

/// A part of one path segment.
#[derive(Clone, Debug, PartialEq)]
enum Piece {
    Literal(String),
    Param(&'static str),
}

/// A path template, split into segments.
#[derive(Clone, Debug)]
pub(crate) struct Template {
    segments: Vec<Vec<Piece>>,
    /// How many segments are literal text only: the more, the earlier it is tried.
    literal: usize,
}

impl Template {
    pub(crate) fn parse(template: &'static str) -> Template {
        let segments: Vec<Vec<Piece>> = template
            .trim_start_matches('/')
            .split('/')
            .map(pieces)
            .collect();
        let literal = segments
            .iter()
            .filter(|s| s.iter().all(|p| matches!(p, Piece::Literal(_))))
            .count();
        Template { segments, literal }
    }

    /// How specific the template is: concrete segments first.
    pub(crate) fn specificity(&self) -> usize {
        self.literal
    }

    /// The parameters' raw (still percent-encoded) texts when `path` matches.
    pub(crate) fn matches<'p>(&self, path: &'p str) -> Option<Vec<(&'static str, &'p str)>> {
        let mut found = Vec::new();
        let mut segments = path.trim_start_matches('/').split('/');
        for pieces in &self.segments {
            let segment = segments.next()?;
            segment_matches(pieces, segment, &mut found)?;
        }
        match segments.next() {
            None => Some(found),
            // A trailing slash is the same path.
            Some("") if segments.next().is_none() => Some(found),
            Some(_) => None,
        }
    }
}

fn pieces(segment: &'static str) -> Vec<Piece> {
    let mut out = Vec::new();
    let mut rest = segment;
    while let Some(open) = rest.find('{') {
        let Some(close) = rest[open..].find('}').map(|c| open + c) else {
            break;
        };
        if open > 0 {
            out.push(Piece::Literal(rest[..open].to_owned()));
        }
        out.push(Piece::Param(&rest[open + 1..close]));
        rest = &rest[close + 1..];
    }
    if !rest.is_empty() || out.is_empty() {
        out.push(Piece::Literal(rest.to_owned()));
    }
    out
}

/// Matches one segment: literals exactly, each parameter up to the next literal (at least
/// one character).
fn segment_matches<'p>(
    pieces: &[Piece],
    segment: &'p str,
    found: &mut Vec<(&'static str, &'p str)>,
) -> Option<()> {
    let mut rest = segment;
    let mut i = 0;
    while i < pieces.len() {
        match &pieces[i] {
            Piece::Literal(l) => rest = rest.strip_prefix(l.as_str())?,
            Piece::Param(name) => {
                let end = match pieces.get(i + 1) {
                    Some(Piece::Literal(next)) => rest.get(1..)?.find(next.as_str())? + 1,
                    // Two parameters side by side: the first takes one character less than all.
                    Some(Piece::Param(_)) => rest.len().checked_sub(1)?,
                    None => rest.len(),
                };
                if end == 0 {
                    return None;
                }
                found.push((name, &rest[..end]));
                rest = &rest[end..];
            }
        }
        i += 1;
    }
    rest.is_empty().then_some(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn templates_match_paths() {
        let t = Template::parse("/pets/{petId}/notes/{note}");
        assert_eq!(
            t.matches("/pets/7/notes/a%20b"),
            Some(vec![("petId", "7"), ("note", "a%20b")])
        );
        assert_eq!(
            t.matches("/pets/7/notes/"),
            None,
            "a parameter is never empty"
        );
        assert_eq!(t.matches("/pets/7"), None);
        assert_eq!(t.matches("/pets/7/notes/x/y"), None);
        let t = Template::parse("/files/{name}.{ext}");
        assert_eq!(
            t.matches("/files/a.b.pdf"),
            Some(vec![("name", "a"), ("ext", "b.pdf")])
        );
        let t = Template::parse("/partner_auth/token");
        assert_eq!(t.matches("/partner_auth/token"), Some(vec![]));
        assert_eq!(t.matches("/partner_auth/token/"), Some(vec![]));
        assert_eq!(t.matches("/partner_auth/tokens"), None);
        assert_eq!(Template::parse("/").matches("/"), Some(vec![]));
    }

    #[test]
    fn concrete_segments_count() {
        assert_eq!(Template::parse("/pets/mine").specificity(), 2);
        assert_eq!(Template::parse("/pets/{id}").specificity(), 1);
    }
}
