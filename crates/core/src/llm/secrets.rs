//! API keys live in the OS keyring (service `ats`, user = provider name),
//! never in the database, config files or logs. Where no secret service
//! exists (a headless Linux box), the key comes from an environment
//! variable instead, and the caller is told so.
//!
//! The keyring store is chosen by the binary at start-up
//! (`keyring_core::set_default_store`); tests use keyring's mock store.

use super::LlmError;

pub const SERVICE: &str = "ats";

/// An API key in memory: its `Debug` prints `***`, so a provider that
/// holds one can derive `Debug` without a key reaching a log.
#[derive(Clone, PartialEq, Eq)]
pub struct ApiKey(String);

impl ApiKey {
    pub fn new(key: impl Into<String>) -> Self {
        Self(key.into())
    }

    /// The key itself, for the request header only.
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl std::fmt::Debug for ApiKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("***")
    }
}

/// Where a key came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum KeySource {
    Keyring,
    /// The variable's name.
    Env(String),
}

/// The environment variables checked for a provider's key, in order.
pub fn env_vars(provider: &str) -> Vec<String> {
    let upper = provider.to_uppercase().replace('-', "_");
    let mut vars = vec![format!("ATS_{upper}_API_KEY")];
    match provider {
        "openai" => vars.push("OPENAI_API_KEY".into()),
        "anthropic" => vars.push("ANTHROPIC_API_KEY".into()),
        _ => {}
    }
    vars
}

/// Store a key in the keyring.
pub fn store_key(provider: &str, key: &str) -> Result<(), LlmError> {
    keyring_core::Entry::new(SERVICE, provider)
        .and_then(|e| e.set_password(key))
        .map_err(|e| {
            LlmError::Config(format!(
                "cannot store the {provider} key in the OS keyring ({e}); set {} instead",
                env_vars(provider)[0]
            ))
        })
}

/// Remove a key from the keyring (absent is fine).
pub fn delete_key(provider: &str) -> Result<(), LlmError> {
    match keyring_core::Entry::new(SERVICE, provider).and_then(|e| e.delete_credential()) {
        Ok(()) | Err(keyring_core::Error::NoEntry) => Ok(()),
        Err(e) => Err(LlmError::Config(format!("keyring: {e}"))),
    }
}

/// A provider's key: from the keyring, else from its environment variable.
pub fn api_key(provider: &str) -> Result<(String, KeySource), LlmError> {
    let keyring = keyring_core::Entry::new(SERVICE, provider).and_then(|e| e.get_password());
    match keyring {
        Ok(k) if !k.is_empty() => return Ok((k, KeySource::Keyring)),
        _ => {}
    }
    for var in env_vars(provider) {
        if let Ok(k) = std::env::var(&var)
            && !k.is_empty()
        {
            return Ok((k, KeySource::Env(var)));
        }
    }
    Err(LlmError::Auth(format!(
        "no API key for {provider}: run `ats llm configure --provider {provider}` or set {}",
        env_vars(provider)[0]
    )))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_print_as_stars() {
        let key = ApiKey::new("sk-abc-123");
        assert_eq!(format!("{key:?}"), "***");
        assert_eq!(format!("{:?}", Some(key.clone())), "Some(***)");
        assert_eq!(key.expose(), "sk-abc-123");
    }

    #[test]
    fn keys_round_trip_through_the_mock_keyring() {
        keyring_core::set_default_store(keyring_core::mock::Store::new().unwrap());
        let provider = "secrets-test-provider";
        assert_eq!(api_key(provider).unwrap_err().code(), "llm.auth");
        store_key(provider, "sk-test-123").unwrap();
        assert_eq!(
            api_key(provider).unwrap(),
            ("sk-test-123".to_owned(), KeySource::Keyring)
        );
        delete_key(provider).unwrap();
        delete_key(provider).unwrap();
        assert!(api_key(provider).is_err());
    }
}
