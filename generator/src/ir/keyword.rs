//! Every keyword a [`Schema`] holds, as one list.
//!
//! [`Schema::keywords`] is the one place that reads the schema's keyword fields, by
//! exhaustive destructuring: a field added to `Schema` does not compile until it is listed
//! here. Every site that must decide something for each keyword (what a keyword applies
//! to, whether it holds subschemas, whether a validator needs to look at it) matches on
//! [`Keyword`] without a catch-all arm: a variant added here does not compile until each
//! site has decided. `generator/tests/keyword_sites.rs` checks that both hold.

use super::schema::Schema;

/// Declares [`Keyword`] and [`ALL`] from one list.
macro_rules! keywords {
    ($($(#[$doc:meta])* $name:ident,)*) => {
        /// A keyword of [`Schema`].
        #[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub enum Keyword {
            $($(#[$doc])* $name,)*
        }

        /// Every keyword, in declaration order.
        const ALL: &[Keyword] = &[$(Keyword::$name,)*];
    };
}

// `Keywords` holds one bit per keyword.
const _: () = assert!(ALL.len() <= 64);

keywords! {
    /// The boolean schema `false`.
    False,
    /// `type`
    Type,
    /// OpenAPI 3.0 `nullable`
    Nullable,
    /// `enum`
    Enum,
    /// `const`
    Const,
    /// `format`
    Format,
    /// `readOnly`
    ReadOnly,
    /// `writeOnly`
    WriteOnly,
    /// `x-oasbind-secret`
    Secret,
    /// `minLength`
    MinLength,
    /// `maxLength`
    MaxLength,
    /// `pattern`
    Pattern,
    /// `minimum` / `exclusiveMinimum`
    Minimum,
    /// `maximum` / `exclusiveMaximum`
    Maximum,
    /// `multipleOf`
    MultipleOf,
    /// `properties`
    Properties,
    /// `required`
    Required,
    /// `additionalProperties`
    AdditionalProperties,
    /// `patternProperties`
    PatternProperties,
    /// `propertyNames`
    PropertyNames,
    /// `minProperties`
    MinProperties,
    /// `maxProperties`
    MaxProperties,
    /// `dependentRequired`
    DependentRequired,
    /// `dependentSchemas`
    DependentSchemas,
    /// `prefixItems`
    PrefixItems,
    /// `items`
    Items,
    /// `contains`
    Contains,
    /// `minContains`
    MinContains,
    /// `maxContains`
    MaxContains,
    /// `minItems`
    MinItems,
    /// `maxItems`
    MaxItems,
    /// `uniqueItems`
    UniqueItems,
    /// `unevaluatedProperties`
    UnevaluatedProperties,
    /// `unevaluatedItems`
    UnevaluatedItems,
    /// `$ref` beside other keywords
    Ref,
    /// `allOf`
    AllOf,
    /// `anyOf`
    AnyOf,
    /// `oneOf`
    OneOf,
    /// `not`
    Not,
    /// `if` / `then` / `else`
    If,
    /// OpenAPI `discriminator`
    Discriminator,
    /// `x-rust-type`
    RustType,
}

/// What a keyword is about.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Role {
    /// It constrains every value (`false`, `type`, `enum`, `const`).
    Any,
    /// It constrains strings.
    String,
    /// It constrains numbers.
    Number,
    /// It constrains objects through their own properties.
    Object,
    /// It constrains arrays.
    Array,
    /// It constrains what other keywords, of this schema and the schemas it applies, left
    /// unevaluated.
    Unevaluated,
    /// It applies other schemas to the same value.
    Composition,
    /// It describes without constraining (with formats not asserted), or it is OpenAPI's.
    Annotation,
}

impl Keyword {
    /// What the keyword is about.
    pub fn role(self) -> Role {
        use Keyword::*;
        match self {
            False | Type | Nullable | Enum | Const => Role::Any,
            MinLength | MaxLength | Pattern => Role::String,
            Minimum | Maximum | MultipleOf => Role::Number,
            Properties | Required | AdditionalProperties | PatternProperties | PropertyNames
            | MinProperties | MaxProperties | DependentRequired | DependentSchemas => Role::Object,
            PrefixItems | Items | Contains | MinContains | MaxContains | MinItems | MaxItems
            | UniqueItems => Role::Array,
            UnevaluatedProperties | UnevaluatedItems => Role::Unevaluated,
            Ref | AllOf | AnyOf | OneOf | Not | If => Role::Composition,
            Format | ReadOnly | WriteOnly | Secret | Discriminator | RustType => Role::Annotation,
        }
    }

    /// Whether its value holds subschemas.
    pub fn holds_schemas(self) -> bool {
        use Keyword::*;
        match self {
            Properties
            | AdditionalProperties
            | PatternProperties
            | PropertyNames
            | DependentSchemas
            | PrefixItems
            | Items
            | Contains
            | UnevaluatedProperties
            | UnevaluatedItems
            | Ref
            | AllOf
            | AnyOf
            | OneOf
            | Not
            | If
            | Discriminator => true,
            False | Type | Nullable | Enum | Const | Format | ReadOnly | WriteOnly | Secret
            | MinLength | MaxLength | Pattern | Minimum | Maximum | MultipleOf | Required
            | MinProperties | MaxProperties | DependentRequired | MinContains | MaxContains
            | MinItems | MaxItems | UniqueItems | RustType => false,
        }
    }
}

/// The keywords a schema has, as a set.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Keywords(u64);

impl Keywords {
    fn insert(&mut self, k: Keyword) {
        self.0 |= 1 << k as u32;
    }

    /// Whether the set holds `k`.
    pub fn contains(self, k: Keyword) -> bool {
        self.0 & (1 << k as u32) != 0
    }

    /// Whether any keyword of the set satisfies `f`.
    pub fn any(self, f: impl Fn(Keyword) -> bool) -> bool {
        self.iter().any(f)
    }

    /// Whether every keyword of the set satisfies `f`.
    pub fn all(self, f: impl Fn(Keyword) -> bool) -> bool {
        self.iter().all(f)
    }

    /// The keywords, in declaration order.
    pub fn iter(self) -> impl Iterator<Item = Keyword> {
        ALL.iter().copied().filter(move |k| self.contains(*k))
    }
}

impl Schema {
    /// The keywords this schema has.
    pub fn keywords(&self) -> Keywords {
        // No `..`: a new field must be listed here (or said not to be a keyword).
        let Schema {
            origin: _,
            declared_name: _,
            docs: _,
            always,
            types,
            nullable,
            enum_values,
            const_value,
            format,
            read_only,
            write_only,
            secret,
            min_length,
            max_length,
            pattern,
            minimum,
            maximum,
            multiple_of,
            properties,
            required,
            additional_properties,
            pattern_properties,
            property_names,
            min_properties,
            max_properties,
            dependent_required,
            dependent_schemas,
            prefix_items,
            items,
            contains,
            min_contains,
            max_contains,
            min_items,
            max_items,
            unique_items,
            unevaluated_properties,
            unevaluated_items,
            reference,
            all_of,
            any_of,
            one_of,
            not,
            conditional,
            discriminator,
            rust_type,
        } = self;
        use Keyword::*;
        let present = [
            (*always == Some(false), False),
            (types.is_some(), Type),
            (*nullable, Nullable),
            (enum_values.is_some(), Enum),
            (const_value.is_some(), Const),
            (format.is_some(), Format),
            (*read_only, ReadOnly),
            (*write_only, WriteOnly),
            (secret.is_some(), Secret),
            (min_length.is_some(), MinLength),
            (max_length.is_some(), MaxLength),
            (pattern.is_some(), Pattern),
            (minimum.is_some(), Minimum),
            (maximum.is_some(), Maximum),
            (multiple_of.is_some(), MultipleOf),
            (!properties.is_empty(), Properties),
            (!required.is_empty(), Required),
            (additional_properties.is_some(), AdditionalProperties),
            (!pattern_properties.is_empty(), PatternProperties),
            (property_names.is_some(), PropertyNames),
            (min_properties.is_some(), MinProperties),
            (max_properties.is_some(), MaxProperties),
            (!dependent_required.is_empty(), DependentRequired),
            (!dependent_schemas.is_empty(), DependentSchemas),
            (!prefix_items.is_empty(), PrefixItems),
            (items.is_some(), Items),
            (contains.is_some(), Contains),
            (min_contains.is_some(), MinContains),
            (max_contains.is_some(), MaxContains),
            (min_items.is_some(), MinItems),
            (max_items.is_some(), MaxItems),
            (*unique_items, UniqueItems),
            (unevaluated_properties.is_some(), UnevaluatedProperties),
            (unevaluated_items.is_some(), UnevaluatedItems),
            (reference.is_some(), Ref),
            (!all_of.is_empty(), AllOf),
            (!any_of.is_empty(), AnyOf),
            (!one_of.is_empty(), OneOf),
            (not.is_some(), Not),
            (conditional.is_some(), If),
            (discriminator.is_some(), Discriminator),
            (rust_type.is_some(), RustType),
        ];
        let mut set = Keywords::default();
        for (is, k) in present {
            if is {
                set.insert(k);
            }
        }
        set
    }

    /// Whether the schema uses keywords that apply to objects through their properties.
    pub fn has_object_keywords(&self) -> bool {
        self.keywords().any(|k| k.role() == Role::Object)
    }

    /// Whether the schema uses composition keywords, whose meaning no single Rust type carries.
    pub fn has_composition(&self) -> bool {
        self.keywords().any(|k| k.role() == Role::Composition)
    }
}

#[cfg(test)]
mod tests {
    use super::{Keyword, ALL};

    #[test]
    fn all_lists_every_keyword_once_in_order() {
        assert!(ALL.windows(2).all(|w| w[0] < w[1]));
        assert_eq!(ALL.len(), Keyword::RustType as usize + 1);
    }
}
