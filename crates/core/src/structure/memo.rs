//! Structuring reads the same cells, lines and words several times (rows,
//! entries, education, skills, headings): a pure function of a string is
//! worked out once per document and kept, up to a bound. Nothing is carried
//! from one document to the next, so a document is read the same way
//! whatever came before it, and timings of repeated documents are honest.

use std::cell::{Cell, RefCell};
use std::collections::HashMap;

thread_local! {
    /// The document being structured on this thread.
    static DOCUMENT: Cell<u64> = const { Cell::new(0) };
}

/// Called when a document starts: every memo of this thread starts afresh.
pub fn new_document() {
    DOCUMENT.with(|d| d.set(d.get().wrapping_add(1)));
}

/// Answers kept per thread before the memo starts afresh.
const ENTRIES: usize = 8192;

/// The answers of one pure function of a string. Declare it in a
/// `thread_local!` beside the function.
#[derive(Debug)]
pub struct Memo<V>(RefCell<(u64, HashMap<String, V>)>);

impl<V> Default for Memo<V> {
    fn default() -> Self {
        Self(RefCell::new((DOCUMENT.with(Cell::get), HashMap::new())))
    }
}

impl<V: Clone> Memo<V> {
    /// The answer for `key`, worked out by `work` the first time. `work`
    /// runs with the memo released, so it may use other memos (or this
    /// one) itself.
    pub fn get_or(&self, key: &str, work: impl FnOnce(&str) -> V) -> V {
        let document = DOCUMENT.with(Cell::get);
        {
            let memo = self.0.borrow();
            if memo.0 == document
                && let Some(known) = memo.1.get(key)
            {
                return known.clone();
            }
        }
        let answer = work(key);
        let mut memo = self.0.borrow_mut();
        if memo.0 != document || memo.1.len() >= ENTRIES {
            memo.1.clear();
            memo.0 = document;
        }
        memo.1.insert(key.to_owned(), answer.clone());
        answer
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn works_each_key_out_once() {
        let memo = Memo::default();
        let mut calls = 0;
        for _ in 0..3 {
            assert_eq!(
                memo.get_or("abc", |k| {
                    calls += 1;
                    k.len()
                }),
                3
            );
        }
        assert_eq!(calls, 1);
        assert_eq!(memo.get_or("de", str::len), 2);
    }

    #[test]
    fn starts_afresh_at_its_bound() {
        let memo = Memo::default();
        for i in 0..=ENTRIES {
            memo.get_or(&i.to_string(), |_| i);
        }
        assert!(memo.0.borrow().1.len() <= ENTRIES);
    }

    #[test]
    fn forgets_at_a_new_document() {
        let memo = Memo::default();
        assert_eq!(memo.get_or("k", |_| 1), 1);
        assert_eq!(memo.get_or("k", |_| 2), 1);
        new_document();
        assert_eq!(memo.get_or("k", |_| 2), 2);
    }
}
