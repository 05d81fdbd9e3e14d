//! Subscriber lists for the observable stores.

use std::cell::RefCell;
use std::rc::Rc;

/// A change callback. It receives nothing: subscribers read the new snapshot themselves, as
/// `useSyncExternalStore` does.
pub type Listener = Rc<dyn Fn()>;

/// The subscribers of one store, each with an id for unsubscribing.
#[derive(Default)]
pub struct Listeners {
    next_id: u64,
    entries: Vec<(u64, Listener)>,
}

impl Listeners {
    /// Adds a listener and returns its id.
    pub fn add(&mut self, listener: Listener) -> u64 {
        self.next_id += 1;
        self.entries.push((self.next_id, listener));
        self.next_id
    }

    /// Removes a listener; removing twice is a no-op. Returns whether it was present.
    pub fn remove(&mut self, id: u64) -> bool {
        let before = self.entries.len();
        self.entries.retain(|(entry_id, _)| *entry_id != id);
        self.entries.len() != before
    }

    /// Number of listeners.
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// True when nobody listens.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }
}

/// Calls every listener of `listeners`. The list is copied first and the borrow released, so
/// listeners may read snapshots, subscribe or unsubscribe while being notified.
pub fn notify(listeners: &RefCell<Listeners>) {
    let current: Vec<Listener> = listeners
        .borrow()
        .entries
        .iter()
        .map(|(_, l)| l.clone())
        .collect();
    for listener in current {
        listener();
    }
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;
    use std::cell::Cell;

    #[test]
    fn listeners_may_unsubscribe_while_notified() {
        let listeners = Rc::new(RefCell::new(Listeners::default()));
        let calls = Rc::new(Cell::new(0));
        let id_cell = Rc::new(Cell::new(0));
        let (l2, c2, idc) = (listeners.clone(), calls.clone(), id_cell.clone());
        let id = listeners.borrow_mut().add(Rc::new(move || {
            c2.set(c2.get() + 1);
            l2.borrow_mut().remove(idc.get());
        }));
        id_cell.set(id);
        let c3 = calls.clone();
        listeners
            .borrow_mut()
            .add(Rc::new(move || c3.set(c3.get() + 10)));
        notify(&listeners);
        assert_eq!(calls.get(), 11);
        notify(&listeners);
        assert_eq!(calls.get(), 21);
        assert_eq!(listeners.borrow().len(), 1);
        assert!(!listeners.borrow_mut().remove(id));
    }
}
