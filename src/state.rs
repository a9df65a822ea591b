//! App state shared by every request: `App::state(value)` once, `State<T>` (in
//! `extract`) in handlers.

use std::any::{Any, TypeId};
use std::collections::HashMap;
use std::fmt;

/// Values registered with [`crate::App::state`], one per type.
#[derive(Default)]
pub(crate) struct StateMap(HashMap<TypeId, Box<dyn Any>>);

impl StateMap {
    pub(crate) fn insert<T: 'static>(&mut self, value: T) {
        self.0.insert(TypeId::of::<T>(), Box::new(value));
    }

    pub(crate) fn get<T: 'static>(&self) -> Option<&T> {
        self.0.get(&TypeId::of::<T>())?.downcast_ref()
    }
}

impl fmt::Debug for StateMap {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "StateMap({} values)", self.0.len())
    }
}
