//! Values that remember where in the blueprint they were written.

use std::borrow::Borrow;
use std::fmt;
use std::hash::{Hash, Hasher};
use std::ops::Range;

use schemars::{JsonSchema, Schema, SchemaGenerator};
use serde::{Deserialize, Serialize};
use serde_spanned::Spanned;

/// A byte range in the blueprint source.
pub type Span = Range<usize>;

/// A value together with the byte range it was read from.
///
/// Equality, ordering and hashing look only at the value, so spanned map keys
/// behave like plain ones. The JSON Schema of `Sp<T>` is the schema of `T`:
/// spans are an implementation detail of the loader, invisible to users.
#[derive(Clone, Deserialize, Serialize)]
#[serde(transparent)]
pub struct Sp<T>(Spanned<T>);

impl<T> Sp<T> {
    /// Wraps `value`, read from `span`.
    pub fn new(span: Span, value: T) -> Self {
        Self(Spanned::new(span, value))
    }

    /// Where the value was written.
    pub fn span(&self) -> Span {
        self.0.span()
    }

    /// The value itself.
    pub fn get(&self) -> &T {
        self.0.get_ref()
    }

    /// Consumes the wrapper, returning the value.
    pub fn into_inner(self) -> T {
        self.0.into_inner()
    }
}

impl<T> std::ops::Deref for Sp<T> {
    type Target = T;
    fn deref(&self) -> &T {
        self.get()
    }
}

impl<T: fmt::Debug> fmt::Debug for Sp<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.get().fmt(f)
    }
}

impl<T: PartialEq> PartialEq for Sp<T> {
    fn eq(&self, other: &Self) -> bool {
        self.get() == other.get()
    }
}

impl<T: Eq> Eq for Sp<T> {}

impl<T: Hash> Hash for Sp<T> {
    fn hash<H: Hasher>(&self, state: &mut H) {
        self.get().hash(state);
    }
}

impl Borrow<str> for Sp<String> {
    fn borrow(&self) -> &str {
        self.get()
    }
}

impl<T: JsonSchema> JsonSchema for Sp<T> {
    fn inline_schema() -> bool {
        T::inline_schema()
    }

    fn schema_name() -> std::borrow::Cow<'static, str> {
        T::schema_name()
    }

    fn schema_id() -> std::borrow::Cow<'static, str> {
        T::schema_id()
    }

    fn json_schema(generator: &mut SchemaGenerator) -> Schema {
        T::json_schema(generator)
    }
}
