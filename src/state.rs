//! App state shared by every request: `App::state(value)` once, `State<T>` (in
//! `extract`) in handlers.

use std::any::{Any, TypeId};
use std::fmt;

/// Values keyed by a type, one per type: a list, since an app has a few, which comparing
/// type ids finds sooner than hashing them, and without a hash map's code in every app.
pub(crate) struct ByType<V>(Vec<(TypeId, V)>);

impl<V> Default for ByType<V> {
    fn default() -> Self {
        Self(Vec::new())
    }
}

impl<V> ByType<V> {
    /// Keeps `value` for `id`, replacing what was kept for it.
    pub(crate) fn insert(&mut self, id: TypeId, value: V) {
        match self.0.iter_mut().find(|(known, _)| *known == id) {
            Some((_, slot)) => *slot = value,
            None => self.0.push((id, value)),
        }
    }

    /// What is kept for `id`.
    pub(crate) fn get(&self, id: TypeId) -> Option<&V> {
        self.0
            .iter()
            .find(|(known, _)| *known == id)
            .map(|(_, value)| value)
    }

    pub(crate) fn len(&self) -> usize {
        self.0.len()
    }

    pub(crate) fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

/// Values registered with [`crate::App::state`], one per type.
#[derive(Default)]
pub(crate) struct StateMap(ByType<Box<dyn Any>>);

impl StateMap {
    pub(crate) fn insert<T: 'static>(&mut self, value: T) {
        self.0.insert(TypeId::of::<T>(), Box::new(value));
    }

    pub(crate) fn get<T: 'static>(&self) -> Option<&T> {
        self.0.get(TypeId::of::<T>())?.downcast_ref()
    }
}

impl fmt::Debug for StateMap {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "StateMap({} values)", self.0.len())
    }
}
