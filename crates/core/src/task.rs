//! Work that must not run on the async workers (parsing, hashing, fsync'd
//! writes, model loading, embedding, ranking), and panics turned into typed
//! errors: a bug met by one file or one candidate fails that item with
//! `internal`, never the batch, the watcher or a later command.

use crate::error::InternalError;
use std::any::Any;
use std::panic::AssertUnwindSafe;

/// The message a panic was raised with.
pub fn panic_message(payload: &(dyn Any + Send)) -> String {
    payload
        .downcast_ref::<&str>()
        .map(|s| (*s).to_owned())
        .or_else(|| payload.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "unknown panic".into())
}

/// Run `f` on the blocking pool; a panic in it is an [`InternalError`] that
/// names `what` was being done.
pub async fn blocking<T, F>(what: &'static str, f: F) -> Result<T, InternalError>
where
    F: FnOnce() -> T + Send + 'static,
    T: Send + 'static,
{
    tokio::task::spawn_blocking(f).await.map_err(|e| {
        let message = if e.is_panic() {
            panic_message(e.into_panic().as_ref())
        } else {
            e.to_string()
        };
        InternalError::new(what, message)
    })
}

/// Run `f` here; a panic in it is an [`InternalError`]. For per-item work
/// inside a loop that must go on with the next item.
pub fn guarded<T>(what: &'static str, f: impl FnOnce() -> T) -> Result<T, InternalError> {
    std::panic::catch_unwind(AssertUnwindSafe(f))
        .map_err(|p| InternalError::new(what, panic_message(p.as_ref())))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn panics_become_internal_errors() {
        let e = blocking("testing", || -> u8 { panic!("boom {}", 1) })
            .await
            .unwrap_err();
        assert_eq!(e.code(), "internal");
        assert!(e.to_string().contains("testing") && e.to_string().contains("boom 1"));
        let e = guarded("again", || -> u8 { panic!("static") }).unwrap_err();
        assert!(e.to_string().contains("static"));
        assert_eq!(guarded("fine", || 7).unwrap(), 7);
    }
}
