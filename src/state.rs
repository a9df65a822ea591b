//! App state shared by every request: `App::state(value)` once, `State<T>` (in
//! `extract`) in handlers.

use std::any::{Any, TypeId};
use std::fmt;

/// Values registered with [`crate::App::state`], one per type. A list: an app has a few,
/// which comparing type ids finds sooner than hashing them, and without a hash map's code.
#[derive(Default)]
pub(crate) struct StateMap(Vec<(TypeId, Box<dyn Any>)>);

impl StateMap {
    pub(crate) fn insert<T: 'static>(&mut self, value: T) {
        let id = TypeId::of::<T>();
        match self.0.iter_mut().find(|(known, _)| *known == id) {
            Some((_, slot)) => *slot = Box::new(value),
            None => self.0.push((id, Box::new(value))),
        }
    }

    pub(crate) fn get<T: 'static>(&self) -> Option<&T> {
        let id = TypeId::of::<T>();
        let (_, value) = self.0.iter().find(|(known, _)| *known == id)?;
        value.downcast_ref()
    }
}

impl fmt::Debug for StateMap {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "StateMap({} values)", self.0.len())
    }
}
