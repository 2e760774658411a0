//! The HTTP client under [`Client`](crate::Client), and the TLS features that shape it.
//!
//! One of `rustls` (the default, with the `ring` provider), `rustls-aws-lc-rs` or
//! `native-tls` is needed to reach Help Scout over HTTPS; without any of them only plain-HTTP
//! loopback servers (the simulator, test servers) can be reached.
//!
//! reqwest's rustls backend without aws-lc-rs takes its crypto provider from rustls' process
//! default and panics when none is installed. [`http_client_builder`] installs `ring` there
//! first, so every client this crate builds works; use it too when you build the
//! `reqwest::Client` you hand to [`ClientBuilder::http_client`](crate::ClientBuilder::http_client).

/// A `reqwest::ClientBuilder` that can build under every TLS feature of this crate.
///
/// With the `rustls` feature (and not `rustls-aws-lc-rs`) it first installs the `ring`
/// provider as rustls' process-wide default, unless your program installed a provider
/// already (then yours is used). Without that, `reqwest::ClientBuilder::build` would panic.
///
/// ```
/// use std::time::Duration;
///
/// let http = helpscout_mailbox::tls::http_client_builder()
///     .timeout(Duration::from_secs(20))
///     .build()
///     .expect("a TLS backend is compiled in");
/// # drop(http);
/// ```
pub fn http_client_builder() -> reqwest::ClientBuilder {
    install_crypto_provider();
    reqwest::Client::builder()
}

#[cfg(all(feature = "rustls", not(feature = "rustls-aws-lc-rs")))]
fn install_crypto_provider() {
    if rustls::crypto::CryptoProvider::get_default().is_none() {
        // An error means another thread installed a provider in between; that one serves.
        let _ = rustls::crypto::ring::default_provider().install_default();
    }
}

/// aws-lc-rs is reqwest's own fallback and native-tls needs no provider.
#[cfg(not(all(feature = "rustls", not(feature = "rustls-aws-lc-rs"))))]
fn install_crypto_provider() {}

#[cfg(test)]
mod tests {
    #[test]
    fn a_client_builds_under_the_compiled_tls_features() {
        let built = super::http_client_builder().build();
        assert!(built.is_ok(), "{built:?}");
    }

    #[cfg(all(feature = "rustls", not(feature = "rustls-aws-lc-rs")))]
    #[test]
    fn the_builder_installs_a_process_provider_for_ring() {
        // Only ring is compiled in under this cfg, so the installed provider is ring's.
        let _ = super::http_client_builder();
        assert!(rustls::crypto::CryptoProvider::get_default().is_some());
    }
}
