//! The probe `#[edgeapi::openapi]` expands to: it registers a type's schema when the type
//! has one, and does nothing otherwise, with no bound to fail.

use std::marker::PhantomData;

use schemars::JsonSchema;

use super::operation::Operation;

/// Registers `T`'s schema when `T` has one, and does nothing otherwise, without a bound:
/// `(&&Probe::<T>::NEW).register(op)` finds [`WithSchema`] (on `&Probe<T>`) first when
/// `T: JsonSchema`, and [`WithoutSchema`] (on `Probe<T>`, one auto-deref away) otherwise.
pub struct Probe<T: ?Sized>(PhantomData<*const T>);

impl<T: ?Sized> Probe<T> {
    /// The probe for `T`.
    pub const NEW: Self = Self(PhantomData);
}

/// The probe's method for types with a schema.
pub trait WithSchema {
    /// Registers the type's schema with `op`.
    fn register(&self, op: &mut Operation<'_>);
}

impl<T: JsonSchema + ?Sized> WithSchema for &Probe<T> {
    fn register(&self, op: &mut Operation<'_>) {
        op.register::<T>();
    }
}

/// The probe's method for types without one.
pub trait WithoutSchema {
    /// Does nothing.
    fn register(&self, op: &mut Operation<'_>);
}

impl<T: ?Sized> WithoutSchema for Probe<T> {
    fn register(&self, _op: &mut Operation<'_>) {}
}
