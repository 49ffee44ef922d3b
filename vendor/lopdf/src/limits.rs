//! ats patch: bounds on what decoding one document may cost.
//!
//! A few kilobytes of FlateDecode can inflate to gigabytes, and filters can
//! be stacked. Every decoder in this crate writes through [`Sink`], which
//! charges the bytes it produces to the limits installed on the current
//! thread by [`with_limits`]: a stream that inflates past `per_stream`, a
//! document whose streams together inflate past `per_document`, or work that
//! runs past `deadline` stops with [`crate::Error::Limit`]. Without
//! installed limits nothing is charged (upstream behaviour).

use std::cell::RefCell;
use std::time::Instant;

/// What one document may cost.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// Largest decoded size of one stream, in bytes.
    pub per_stream: usize,
    /// Largest decoded size of all streams of the document together.
    pub per_document: usize,
    /// When work on the document must stop.
    pub deadline: Option<Instant>,
}

/// Which limit was reached.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Exceeded {
    Stream(usize),
    Document(usize),
    Deadline,
}

impl std::fmt::Display for Exceeded {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::Stream(limit) => write!(f, "a stream decodes to more than {limit} bytes"),
            Self::Document(limit) => write!(f, "the document's streams decode to more than {limit} bytes"),
            Self::Deadline => write!(f, "the time limit was reached"),
        }
    }
}

struct State {
    limits: Limits,
    used: usize,
    /// The first limit reached; kept so callers can tell a limit from a
    /// decoding error after the error has been swallowed somewhere.
    exceeded: Option<Exceeded>,
}

thread_local! {
    static STATE: RefCell<Option<State>> = const { RefCell::new(None) };
}

/// Run `f` with `limits` installed on this thread. Returns what `f`
/// returned and the first limit that was reached, if any (decoders that
/// swallow errors cannot hide it).
pub fn with_limits<R>(limits: Limits, f: impl FnOnce() -> R) -> (R, Option<Exceeded>) {
    struct Reset(Option<State>);
    impl Drop for Reset {
        fn drop(&mut self) {
            let previous = self.0.take();
            STATE.with(|s| *s.borrow_mut() = previous);
        }
    }
    let previous = STATE.with(|s| {
        s.borrow_mut().replace(State {
            limits,
            used: 0,
            exceeded: None,
        })
    });
    let reset = Reset(previous);
    let out = f();
    let exceeded = STATE.with(|s| s.borrow().as_ref().and_then(|s| s.exceeded));
    drop(reset);
    (out, exceeded)
}

fn record(state: &mut State, e: Exceeded) -> Exceeded {
    *state.exceeded.get_or_insert(e)
}

/// Fails once the installed deadline has passed (a limit reached before
/// keeps failing too). Long loops over untrusted input call this.
pub fn check() -> Result<(), Exceeded> {
    STATE.with(|s| {
        let mut s = s.borrow_mut();
        let Some(state) = s.as_mut() else { return Ok(()) };
        if let Some(e) = state.exceeded {
            return Err(e);
        }
        if state.limits.deadline.is_some_and(|d| Instant::now() >= d) {
            return Err(record(state, Exceeded::Deadline));
        }
        Ok(())
    })
}

/// Charge `n` more decoded bytes of a stream that has produced `stream_total`
/// bytes so far (including these).
fn charge(n: usize, stream_total: usize) -> Result<(), Exceeded> {
    STATE.with(|s| {
        let mut s = s.borrow_mut();
        let Some(state) = s.as_mut() else { return Ok(()) };
        if let Some(e) = state.exceeded {
            return Err(e);
        }
        if stream_total > state.limits.per_stream {
            return Err(record(state, Exceeded::Stream(state.limits.per_stream)));
        }
        state.used = state.used.saturating_add(n);
        if state.used > state.limits.per_document {
            return Err(record(state, Exceeded::Document(state.limits.per_document)));
        }
        if state.limits.deadline.is_some_and(|d| Instant::now() >= d) {
            return Err(record(state, Exceeded::Deadline));
        }
        Ok(())
    })
}

/// A `Vec` that decoders write into; every write is charged.
#[derive(Default)]
pub(crate) struct Sink {
    pub(crate) out: Vec<u8>,
}

impl std::io::Write for Sink {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        charge(buf.len(), self.out.len() + buf.len()).map_err(|e| std::io::Error::other(LimitReached(e)))?;
        self.out.extend_from_slice(buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// The io error payload of a reached limit.
#[derive(Debug)]
pub(crate) struct LimitReached(pub(crate) Exceeded);

impl std::fmt::Display for LimitReached {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.0.fmt(f)
    }
}

impl std::error::Error for LimitReached {}

/// The limit behind an io error from a [`Sink`], if that is what it is.
pub(crate) fn limit_of(e: &std::io::Error) -> Option<Exceeded> {
    e.get_ref()
        .and_then(|inner| inner.downcast_ref::<LimitReached>())
        .map(|l| l.0)
}

/// Charge bytes a decoder produced without a [`Sink`].
pub(crate) fn charge_all(n: usize) -> Result<(), Exceeded> {
    charge(n, n)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;

    #[test]
    fn sinks_stop_at_the_limits_and_the_state_is_restored() {
        let limits = Limits {
            per_stream: 10,
            per_document: 15,
            deadline: None,
        };
        let (result, exceeded) = with_limits(limits, || {
            let mut a = Sink::default();
            a.write_all(&[0; 8]).unwrap();
            let mut b = Sink::default();
            b.write_all(&[0; 8]).unwrap_err()
        });
        assert_eq!(limit_of(&result), Some(Exceeded::Document(15)));
        assert_eq!(exceeded, Some(Exceeded::Document(15)));
        let mut c = Sink::default();
        c.write_all(&[0; 1000]).unwrap();
        assert!(check().is_ok());
    }
}
