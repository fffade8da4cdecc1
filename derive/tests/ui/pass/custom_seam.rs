// The macro relies only on the seam: a hand-written module with the runtime's scope items,
// named by `crate = <path>`, works as well as oasbind-runtime.

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
    impl MetadataField for Option<u32> {
        fn is_present(&self) -> bool {
            self.is_some_and(|n| n > 0)
        }
    }
    #[derive(Debug, PartialEq)]
    pub struct MissingMetadata {
        pub missing: Vec<(&'static str, &'static str)>,
    }
    #[derive(Debug, PartialEq)]
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
    #[derive(Default)]
    pub struct Meta {
        pub level: Option<u32>,
    }
}

#[oasbind_derive::scopes(metadata = seam::Meta, crate = seam)]
pub enum Scope {
    #[scope("graded", requires(level))]
    Graded,
    #[scope("open")]
    Open,
}

fn main() {
    assert_eq!(
        Scope::check_metadata(
            &[Scope::Open, Scope::Graded],
            Some(&seam::Meta { level: Some(0) })
        ),
        Err(seam::MissingMetadata {
            missing: vec![("graded", "level")]
        }),
    );
    assert_eq!(
        Scope::check_metadata(Scope::ALL, Some(&seam::Meta { level: Some(2) })),
        Ok(())
    );
    assert_eq!(
        "x".parse::<Scope>(),
        Err(seam::UnknownScope { token: "x".into() })
    );
}
