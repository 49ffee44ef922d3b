//! Secrets at rest: the values a stolen database file must not give away
//! (a company's SMTP password, users' authenticator secrets) are sealed with
//! ChaCha20-Poly1305 under a key kept beside the database, in
//! `secrets.key` (32 random bytes, readable by its owner only). A copy of
//! `ats.db` or a backup of it alone reveals none of them; the key file is
//! the one thing to keep apart (or to back up apart).
//!
//! A sealed value is `sealed:v1:` and the hex of a random 96-bit nonce
//! followed by the ciphertext and its tag. The associated data names the
//! value's place (`smtp:<company>`, `totp:<user>`), so a sealed value copied
//! into another row does not open there. A value without the prefix is one
//! stored before sealing and is read as it stands; the next write seals it.

use crate::error::StoreError;
use ring::aead::{Aad, CHACHA20_POLY1305, LessSafeKey, NONCE_LEN, Nonce, UnboundKey};
use std::io::Write;
use std::path::Path;

const PREFIX: &str = "sealed:v1:";
const KEY_FILE: &str = "secrets.key";
const KEY_LEN: usize = 32;

pub(crate) struct Sealer {
    key: LessSafeKey,
}

impl std::fmt::Debug for Sealer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Sealer(..)")
    }
}

impl Sealer {
    /// The data directory's key, made on first use.
    pub(crate) fn open(data_dir: &Path) -> Result<Self, StoreError> {
        let path = data_dir.join(KEY_FILE);
        let bytes = match std::fs::read(&path) {
            Ok(bytes) => bytes,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => create_key(&path)?,
            Err(e) => return Err(e.into()),
        };
        if bytes.len() != KEY_LEN {
            return Err(StoreError::Malformed(format!(
                "{} holds {} bytes, not a {KEY_LEN}-byte key: restore it from its backup \
                 (without it the stored SMTP password and authenticator secrets cannot be read)",
                path.display(),
                bytes.len()
            )));
        }
        let key = UnboundKey::new(&CHACHA20_POLY1305, &bytes)
            .map_err(|_| StoreError::Malformed("secrets key rejected".into()))?;
        Ok(Self {
            key: LessSafeKey::new(key),
        })
    }

    /// `plain` sealed for the place `aad` names.
    pub(crate) fn seal(&self, aad: &str, plain: &str) -> Result<String, StoreError> {
        let mut nonce = [0u8; NONCE_LEN];
        getrandom::fill(&mut nonce).map_err(|e| StoreError::Malformed(format!("random: {e}")))?;
        let mut data = plain.as_bytes().to_vec();
        self.key
            .seal_in_place_append_tag(
                Nonce::assume_unique_for_key(nonce),
                Aad::from(aad.as_bytes()),
                &mut data,
            )
            .map_err(|_| StoreError::Malformed("sealing failed".into()))?;
        let mut out = nonce.to_vec();
        out.extend_from_slice(&data);
        Ok(format!("{PREFIX}{}", hex::encode(out)))
    }

    /// What [`Sealer::seal`] sealed for `aad`; a value stored before
    /// sealing is returned as it is.
    pub(crate) fn unseal(&self, aad: &str, stored: &str) -> Result<String, StoreError> {
        let Some(sealed) = stored.strip_prefix(PREFIX) else {
            return Ok(stored.to_owned());
        };
        let unreadable = || {
            StoreError::Malformed(format!(
                "a sealed secret ({}) does not open with this data directory's {KEY_FILE}: \
                 was the key file replaced? Enter the secret again.",
                aad.split(':').next().unwrap_or(aad)
            ))
        };
        let bytes = hex::decode(sealed).map_err(|_| unreadable())?;
        if bytes.len() < NONCE_LEN {
            return Err(unreadable());
        }
        let (nonce, data) = bytes.split_at(NONCE_LEN);
        let nonce = Nonce::try_assume_unique_for_key(nonce).map_err(|_| unreadable())?;
        let mut data = data.to_vec();
        let plain = self
            .key
            .open_in_place(nonce, Aad::from(aad.as_bytes()), &mut data)
            .map_err(|_| unreadable())?;
        String::from_utf8(plain.to_vec()).map_err(|_| unreadable())
    }
}

/// A new random key, written so that only its owner can read it. Two
/// processes opening a new data directory at once both end up with the one
/// that was written first.
fn create_key(path: &Path) -> Result<Vec<u8>, StoreError> {
    let mut key = [0u8; KEY_LEN];
    getrandom::fill(&mut key).map_err(|e| StoreError::Malformed(format!("random: {e}")))?;
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    // Written under a temporary name and linked into place, so a reader
    // never sees a half-written key.
    let tmp = path.with_extension(format!("key.{}", std::process::id()));
    {
        let mut file = options.open(&tmp)?;
        file.write_all(&key)?;
        file.sync_all()?;
    }
    let linked = std::fs::hard_link(&tmp, path);
    let _ = std::fs::remove_file(&tmp);
    match linked {
        Ok(()) => Ok(key.to_vec()),
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => Ok(std::fs::read(path)?),
        Err(e) => Err(e.into()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sealed_values_open_only_in_their_place_and_with_their_key() {
        let dir = tempfile::tempdir().unwrap();
        let sealer = Sealer::open(dir.path()).unwrap();
        let sealed = sealer.seal("smtp:c1", "hunter2").unwrap();
        assert!(sealed.starts_with(PREFIX) && !sealed.contains("hunter2"));
        assert_ne!(
            sealed,
            sealer.seal("smtp:c1", "hunter2").unwrap(),
            "fresh nonce"
        );
        assert_eq!(sealer.unseal("smtp:c1", &sealed).unwrap(), "hunter2");
        // Another row, a flipped bit, a different key: none opens.
        assert!(sealer.unseal("smtp:c2", &sealed).is_err());
        let mut flipped = sealed.clone().into_bytes();
        let last = flipped.len() - 1;
        flipped[last] = if flipped[last] == b'0' { b'1' } else { b'0' };
        assert!(
            sealer
                .unseal("smtp:c1", &String::from_utf8(flipped).unwrap())
                .is_err()
        );
        let other = tempfile::tempdir().unwrap();
        assert!(
            Sealer::open(other.path())
                .unwrap()
                .unseal("smtp:c1", &sealed)
                .is_err()
        );
        // The same directory's key opens it again; values from before
        // sealing read as they are.
        let again = Sealer::open(dir.path()).unwrap();
        assert_eq!(again.unseal("smtp:c1", &sealed).unwrap(), "hunter2");
        assert_eq!(again.unseal("smtp:c1", "plain-old").unwrap(), "plain-old");
    }

    #[cfg(unix)]
    #[test]
    fn the_key_file_is_its_owners_alone() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        Sealer::open(dir.path()).unwrap();
        let meta = std::fs::metadata(dir.path().join(KEY_FILE)).unwrap();
        assert_eq!(meta.permissions().mode() & 0o777, 0o600);
        assert_eq!(meta.len(), KEY_LEN as u64);
        std::fs::write(dir.path().join(KEY_FILE), b"short").unwrap();
        let err = Sealer::open(dir.path()).unwrap_err().to_string();
        assert!(err.contains("secrets.key"), "{err}");
    }
}
