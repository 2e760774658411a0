//! The real [`TokenFetch`]: the token form POSTed over whatever sends the client's requests.

use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;

use http::header::{ACCEPT, CONTENT_TYPE};
use http::{HeaderValue, Method};
use url::form_urlencoded;

use super::manager::{BoxError, TokenFetch, TokenHttpResponse};
use crate::raw::{ReadFailure, read_limited};

/// The token endpoint, relative to the API base URL.
pub(crate) const TOKEN_PATH: &str = "/v2/oauth2/token";

/// The future a [`TokenTransport`] returns.
pub(crate) type SendFuture<'a> =
    Pin<Box<dyn Future<Output = Result<reqwest::Response, reqwest::Error>> + Send + 'a>>;

/// Whatever sends the client's HTTP requests (the network, or a test's mock), so the token
/// request is sent, recorded and mocked like every other request.
pub(crate) trait TokenTransport: Send + Sync + 'static {
    /// Sends one request.
    fn send(&self, request: reqwest::Request) -> SendFuture<'_>;
}

impl TokenTransport for reqwest::Client {
    fn send(&self, request: reqwest::Request) -> SendFuture<'_> {
        Box::pin(self.execute(request))
    }
}

/// The most of a token response read: a token set is a few hundred bytes.
const MAX_TOKEN_BODY_BYTES: u64 = 64 * 1024;

/// A [`TokenFetch`] that POSTs the form to `{base_url}/v2/oauth2/token` through `transport`.
///
/// `base_url` is the client's validated base URL without a trailing slash. The body is
/// form-encoded; see [`token_form`](super::token::token_form) for why not JSON.
pub(crate) fn http_fetch(transport: impl TokenTransport, base_url: &str) -> TokenFetch {
    let transport = Arc::new(transport);
    let url = reqwest::Url::parse(&format!("{base_url}{TOKEN_PATH}"));
    Arc::new(move |fields| {
        let transport = Arc::clone(&transport);
        let url = url.clone();
        Box::pin(async move {
            // The client validated the base URL already; this only guards the concatenation.
            let url = url.map_err(|e| Box::new(e) as BoxError)?;
            let mut request = reqwest::Request::new(Method::POST, url);
            let headers = request.headers_mut();
            // quirk Q01: the token endpoint is reliably served form-encoded.
            headers.insert(
                CONTENT_TYPE,
                HeaderValue::from_static("application/x-www-form-urlencoded"),
            );
            headers.insert(ACCEPT, HeaderValue::from_static("application/json"));
            let body = form_urlencoded::Serializer::new(String::new())
                .extend_pairs(&fields)
                .finish();
            *request.body_mut() = Some(body.into());
            let mut response = transport.send(request).await?;
            let status = response.status();
            let body = read_limited(&mut response, MAX_TOKEN_BODY_BYTES)
                .await
                .map_err(|failure| match failure {
                    ReadFailure::Transport(error) => Box::new(error) as BoxError,
                    ReadFailure::TooLarge { limit, .. } => {
                        format!("the token response is larger than {limit} bytes").into()
                    }
                })?;
            Ok(TokenHttpResponse { status, body })
        })
    })
}

#[cfg(test)]
mod tests {
    use std::sync::Mutex;

    use http::StatusCode;

    use super::*;

    /// Method, URL, content type and body of one request.
    type Sent = (Method, String, Option<String>, Vec<u8>);

    /// Keeps what it was sent and answers 201 with a fixed body.
    #[derive(Default)]
    struct Recorder {
        sent: Mutex<Vec<Sent>>,
    }

    impl TokenTransport for Arc<Recorder> {
        fn send(&self, request: reqwest::Request) -> SendFuture<'_> {
            let content_type = request
                .headers()
                .get(CONTENT_TYPE)
                .and_then(|v| v.to_str().ok())
                .map(str::to_owned);
            let body = request
                .body()
                .and_then(|b| b.as_bytes())
                .map(<[u8]>::to_vec)
                .unwrap_or_default();
            self.sent.lock().unwrap().push((
                request.method().clone(),
                request.url().to_string(),
                content_type,
                body,
            ));
            let response = http::Response::builder()
                .status(201)
                .body(br#"{"access_token":"at"}"#.to_vec())
                .unwrap();
            Box::pin(std::future::ready(Ok(reqwest::Response::from(response))))
        }
    }

    #[tokio::test]
    async fn posts_the_form_url_encoded_to_the_token_endpoint() {
        let recorder = Arc::new(Recorder::default());
        let fetch = http_fetch(Arc::clone(&recorder), "https://api.example.test");
        let response = fetch(vec![
            ("grant_type", "client_credentials".to_owned()),
            ("client_id", "app id".to_owned()),
            ("client_secret", "s&=+/".to_owned()),
        ])
        .await
        .unwrap();
        assert_eq!(response.status, StatusCode::CREATED);
        assert_eq!(response.body, br#"{"access_token":"at"}"#);
        let sent = recorder.sent.lock().unwrap();
        let (method, url, content_type, body) = &sent[0];
        assert_eq!(method, Method::POST);
        assert_eq!(url, "https://api.example.test/v2/oauth2/token");
        assert_eq!(
            content_type.as_deref(),
            Some("application/x-www-form-urlencoded")
        );
        assert_eq!(
            String::from_utf8_lossy(body),
            "grant_type=client_credentials&client_id=app+id&client_secret=s%26%3D%2B%2F"
        );
    }

    #[tokio::test]
    async fn a_bad_base_url_is_a_fetch_error_not_a_panic() {
        let fetch = http_fetch(Arc::new(Recorder::default()), "not a url");
        assert!(fetch(vec![]).await.is_err());
    }
}
