// A required field whose type has no `MetadataField` impl is reported at the field. (The seam
// is written out here so that rustc's list of the types that do implement it stays put.)

mod seam {
    pub trait OAuthScope: Copy + 'static {
        type Metadata;
        const ALL: &'static [Self];
        fn as_str(&self) -> &'static str;
        fn required_metadata(&self) -> &'static [&'static str];
        fn missing_metadata(&self, metadata: Option<&Self::Metadata>) -> Vec<&'static str>;
    }
    pub trait MetadataField {
        fn is_present(&self) -> bool;
    }
    impl MetadataField for String {
        fn is_present(&self) -> bool {
            !self.is_empty()
        }
    }
    pub struct MissingMetadata {
        pub missing: Vec<(&'static str, &'static str)>,
    }
    pub struct UnknownScope {
        pub token: String,
    }
    pub fn check_scopes<S: OAuthScope>(
        scopes: &[S],
        metadata: Option<&S::Metadata>,
    ) -> Result<(), MissingMetadata> {
        let missing: Vec<_> = scopes
            .iter()
            .flat_map(|s| {
                s.missing_metadata(metadata)
                    .into_iter()
                    .map(|f| (s.as_str(), f))
            })
            .collect();
        if missing.is_empty() {
            Ok(())
        } else {
            Err(MissingMetadata { missing })
        }
    }
    pub struct Meta {
        pub name: String,
        pub level: u8,
    }
}

#[oasbind_derive::scopes(metadata = seam::Meta, crate = seam)]
pub enum Scope {
    #[scope("graded", requires(name, level))]
    Graded,
}

fn main() {}
