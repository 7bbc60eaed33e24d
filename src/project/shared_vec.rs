//! A vector whose elements are shared between copies of the project and copied on write.
//!
//! The document hands snapshots of its project to the writer thread (Save, the recovery copy).
//! An edit made while a snapshot is alive copies what it changes: with the steps and the
//! catalog held here, that is the one step or catalog entry it touches, not the whole project
//! (a 200-step project is ~10 MB). Reading works as on a `Vec`: indexing and iteration give
//! `&T`; writing through `IndexMut`, `get_mut`, `iter_mut` and the like copies a shared element
//! first (`Arc::make_mut`), so a snapshot never sees a later edit.

use std::ops::{Index, IndexMut};
use std::sync::Arc;

/// A `Vec<T>` of copy-on-write elements. See the module's documentation.
#[derive(Debug, Clone)]
pub struct SharedVec<T>(Vec<Arc<T>>);

impl<T> Default for SharedVec<T> {
    fn default() -> Self {
        SharedVec(Vec::new())
    }
}

impl<T: PartialEq> PartialEq for SharedVec<T> {
    fn eq(&self, o: &Self) -> bool {
        self.0.len() == o.0.len()
            && self
                .0
                .iter()
                .zip(&o.0)
                .all(|(a, b)| Arc::ptr_eq(a, b) || **a == **b)
    }
}

/// Reading iterator: `&T` in order.
pub type Iter<'a, T> = std::iter::Map<std::slice::Iter<'a, Arc<T>>, fn(&Arc<T>) -> &T>;

fn deref<T>(a: &Arc<T>) -> &T {
    a
}

impl<T> SharedVec<T> {
    /// An empty vector.
    pub fn new() -> Self {
        SharedVec(Vec::new())
    }

    pub fn len(&self) -> usize {
        self.0.len()
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    pub fn iter(&self) -> Iter<'_, T> {
        self.0.iter().map(deref as fn(&Arc<T>) -> &T)
    }

    pub fn get(&self, i: usize) -> Option<&T> {
        self.0.get(i).map(|a| &**a)
    }

    pub fn first(&self) -> Option<&T> {
        self.get(0)
    }

    pub fn last(&self) -> Option<&T> {
        self.0.last().map(|a| &**a)
    }

    pub fn push(&mut self, v: T) {
        self.0.push(Arc::new(v));
    }

    pub fn insert(&mut self, i: usize, v: T) {
        self.0.insert(i, Arc::new(v));
    }

    pub fn swap(&mut self, a: usize, b: usize) {
        self.0.swap(a, b);
    }

    pub fn truncate(&mut self, n: usize) {
        self.0.truncate(n);
    }

    pub fn clear(&mut self) {
        self.0.clear();
    }

    /// Keeps the elements `keep` accepts, in order.
    pub fn retain(&mut self, mut keep: impl FnMut(&T) -> bool) {
        self.0.retain(|a| keep(a));
    }

    /// Whether element `i` is the very same (shared, unchanged) element as `o`'s element `j`.
    pub fn same(&self, i: usize, o: &Self, j: usize) -> bool {
        match (self.0.get(i), o.0.get(j)) {
            (Some(a), Some(b)) => Arc::ptr_eq(a, b),
            _ => false,
        }
    }
}

impl<T: Clone> SharedVec<T> {
    pub fn get_mut(&mut self, i: usize) -> Option<&mut T> {
        self.0.get_mut(i).map(Arc::make_mut)
    }

    pub fn first_mut(&mut self) -> Option<&mut T> {
        self.get_mut(0)
    }

    pub fn last_mut(&mut self) -> Option<&mut T> {
        self.0.last_mut().map(Arc::make_mut)
    }

    /// Writing iterator: copies each shared element it reaches.
    pub fn iter_mut(&mut self) -> impl DoubleEndedIterator<Item = &mut T> + ExactSizeIterator {
        self.0.iter_mut().map(Arc::make_mut)
    }

    /// Removes and returns element `i` (copied only if a snapshot still shares it).
    pub fn remove(&mut self, i: usize) -> T {
        Arc::unwrap_or_clone(self.0.remove(i))
    }

    /// Removes and returns the last element.
    pub fn pop(&mut self) -> Option<T> {
        self.0.pop().map(Arc::unwrap_or_clone)
    }

    /// The elements as a plain vector (copies of the shared ones).
    pub fn to_vec(&self) -> Vec<T> {
        self.iter().cloned().collect()
    }
}

impl<T> Index<usize> for SharedVec<T> {
    type Output = T;
    fn index(&self, i: usize) -> &T {
        &self.0[i]
    }
}

impl<T: Clone> IndexMut<usize> for SharedVec<T> {
    fn index_mut(&mut self, i: usize) -> &mut T {
        Arc::make_mut(&mut self.0[i])
    }
}

impl<T> FromIterator<T> for SharedVec<T> {
    fn from_iter<I: IntoIterator<Item = T>>(it: I) -> Self {
        SharedVec(it.into_iter().map(Arc::new).collect())
    }
}

impl<T> From<Vec<T>> for SharedVec<T> {
    fn from(v: Vec<T>) -> Self {
        v.into_iter().collect()
    }
}

impl<'de, T: serde::Deserialize<'de>> serde::Deserialize<'de> for SharedVec<T> {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        Vec::<T>::deserialize(d).map(SharedVec::from)
    }
}

impl<T> Extend<T> for SharedVec<T> {
    fn extend<I: IntoIterator<Item = T>>(&mut self, it: I) {
        self.0.extend(it.into_iter().map(Arc::new));
    }
}

impl<'a, T> IntoIterator for &'a SharedVec<T> {
    type Item = &'a T;
    type IntoIter = Iter<'a, T>;
    fn into_iter(self) -> Iter<'a, T> {
        self.iter()
    }
}

impl<'a, T: Clone> IntoIterator for &'a mut SharedVec<T> {
    type Item = &'a mut T;
    type IntoIter = std::iter::Map<std::slice::IterMut<'a, Arc<T>>, fn(&mut Arc<T>) -> &mut T>;
    fn into_iter(self) -> Self::IntoIter {
        self.0
            .iter_mut()
            .map(Arc::make_mut as fn(&mut Arc<T>) -> &mut T)
    }
}

impl<T: Clone> IntoIterator for SharedVec<T> {
    type Item = T;
    type IntoIter = std::iter::Map<std::vec::IntoIter<Arc<T>>, fn(Arc<T>) -> T>;
    fn into_iter(self) -> Self::IntoIter {
        self.0
            .into_iter()
            .map(Arc::unwrap_or_clone as fn(Arc<T>) -> T)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_copy_shares_until_written_and_never_sees_a_later_write() {
        let mut v: SharedVec<String> = vec!["a".to_string(), "b".to_string()].into();
        let snapshot = v.clone();
        assert!(v.same(0, &snapshot, 0) && v.same(1, &snapshot, 1));
        v[1].push('!');
        assert_eq!(v[1], "b!");
        assert_eq!(snapshot[1], "b");
        assert!(
            v.same(0, &snapshot, 0),
            "the untouched element is still shared"
        );
        assert!(!v.same(1, &snapshot, 1));
        for s in &mut v {
            s.push('?');
        }
        assert_eq!(snapshot.to_vec(), vec!["a", "b"]);
        assert_eq!(v.to_vec(), vec!["a?", "b!?"]);
        assert_ne!(v, snapshot);
        let removed = v.remove(0);
        assert_eq!(removed, "a?");
        assert_eq!(v.len(), 1);
        assert_eq!(snapshot.len(), 2);
    }

    #[test]
    fn equality_is_by_value() {
        let a: SharedVec<u32> = vec![1, 2, 3].into();
        let b: SharedVec<u32> = (1..=3).collect();
        assert_eq!(a, b);
        let mut c = a.clone();
        c.retain(|&x| x != 2);
        assert_eq!(c.to_vec(), vec![1, 3]);
        assert_ne!(a, c);
    }
}
