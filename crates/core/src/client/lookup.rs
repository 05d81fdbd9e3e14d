//! Finding what the core keeps by its id. Each list of the core (reads, exchanges, waits, cache
//! entries, stores) is searched through these three, one way for all.

use super::ops::{Exchange, ReadOp, Wait};
use super::stores::Store;
use crate::ids::Id;
use crate::json::Json;
use crate::query::cache::Entry;

/// Something kept in a list of the core and named by its id.
pub trait Keyed {
    /// Its id.
    fn id(&self) -> Id;
}

/// Where item `id` is in `items`.
pub fn position<T: Keyed>(items: &[T], id: Id) -> Option<usize> {
    items.iter().position(|item| item.id() == id)
}

/// Item `id` of `items`.
pub fn find<T: Keyed>(items: &[T], id: Id) -> Option<&T> {
    items.iter().find(|item| item.id() == id)
}

/// Item `id` of `items`, to change.
pub fn find_mut<T: Keyed>(items: &mut [T], id: Id) -> Option<&mut T> {
    items.iter_mut().find(|item| item.id() == id)
}

impl Keyed for ReadOp {
    fn id(&self) -> Id {
        self.id
    }
}

impl<J: Json> Keyed for Exchange<J> {
    fn id(&self) -> Id {
        self.id
    }
}

impl Keyed for Wait {
    fn id(&self) -> Id {
        self.id
    }
}

impl<J: Json> Keyed for Entry<J> {
    fn id(&self) -> Id {
        self.id
    }
}

impl<J: Json> Keyed for Store<J> {
    fn id(&self) -> Id {
        self.id
    }
}
