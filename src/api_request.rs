//! [`ApiRequest`]: any call of the Mailbox API, for what the typed operations do not cover
//! (an endpoint newer than this crate, a parameter the spec lacks). It goes through the same
//! runtime as every operation: the token, the shared pacer, the retries, the limits and the
//! deadline; a failure is the same typed [`Error`].

use http::{HeaderMap, Method};
use reqwest::header::{CONTENT_TYPE, HeaderValue};

use crate::client::Client;
use crate::error::{Error, Result};
use crate::request::{Operation, Request, Sealed};

/// The name errors and tracing give these requests. Not an operation id of the spec (the
/// request can reach any path), so it is not in the generated operation table.
const OPERATION: &str = "apiRequest";

/// A request to any path of the API; see [`Client::api`]. Nothing is sent until the
/// [`Request`] is sent.
///
/// Fails with [`Error::InvalidRequest`] for a path that does not start with a single `/`;
/// otherwise with whatever an operation can fail with: the status decides the variant.
#[derive(Clone, Debug)]
pub struct ApiRequest {
    method: Method,
    path: String,
    body: Option<Vec<u8>>,
}

/// The answer to an [`ApiRequest`] that succeeded (2xx).
#[derive(Clone, Debug)]
pub struct ApiResponse {
    status: u16,
    headers: HeaderMap,
    body: Vec<u8>,
}

impl Client {
    /// Any call of the API by method and path (`/v2/...`, with its query), through the
    /// client's token, pacing, retries and limits: for endpoints the typed operations do not
    /// cover. The path must start with `/`; it is appended to the base URL, so a request
    /// can never reach another host with the client's token.
    ///
    /// ```no_run
    /// # async fn run(client: helpscout_mailbox::Client) -> helpscout_mailbox::Result<()> {
    /// use http::Method;
    ///
    /// let answer = client.api(Method::GET, "/v2/users/me").await?;
    /// let me: serde_json::Value = answer.json()?;
    /// println!("{}", me["email"]);
    /// # Ok(()) }
    /// ```
    pub fn api(&self, method: Method, path: impl Into<String>) -> Request<'_, ApiRequest> {
        let operation = ApiRequest {
            method,
            path: path.into(),
            body: None,
        };
        Request::new(self, operation)
    }
}

impl Request<'_, ApiRequest> {
    /// Sends `body` as the JSON body (`Content-Type: application/json`).
    pub fn json(self, body: &serde_json::Value) -> Self {
        let body = body.to_string().into_bytes();
        self.with(|o| o.body = Some(body))
    }
}

impl Operation for ApiRequest {
    type Output = ApiResponse;

    async fn execute(self, client: &Client, _: Sealed) -> Result<ApiResponse> {
        if !self.path.starts_with('/') || self.path.starts_with("//") {
            return Err(Error::InvalidRequest(format!(
                "the path `{}` must start with a single / (it is appended to the base URL)",
                self.path
            )));
        }
        let url = format!("{}{}", client.base_url(), self.path);
        let mut request = client.http().request(self.method, url);
        if let Some(body) = self.body {
            request = request
                .header(CONTENT_TYPE, HeaderValue::from_static("application/json"))
                .body(body);
        }
        let response = client.send_hand_written(request, OPERATION).await?;
        Ok(ApiResponse {
            status: response.status,
            headers: response.headers,
            body: response.body,
        })
    }
}

impl ApiResponse {
    /// The HTTP status, a success.
    pub fn status(&self) -> u16 {
        self.status
    }

    /// The response headers (`Resource-ID` of a create, `Location`, the rate-limit figures).
    pub fn headers(&self) -> &HeaderMap {
        &self.headers
    }

    /// The body as received; empty for most writes.
    pub fn body(&self) -> &[u8] {
        &self.body
    }

    /// The id of a created resource (`Resource-ID`, else `Location`), as the typed creates
    /// read it.
    pub fn created_id(&self) -> Option<i64> {
        crate::resources::created_id(&self.headers)
    }

    /// The body decoded as JSON into `T` (`serde_json::Value` for any shape).
    ///
    /// # Errors
    ///
    /// [`Error::Decode`] with the path where the body did not match.
    pub fn json<T: serde::de::DeserializeOwned>(&self) -> Result<T> {
        crate::error::decode_json(OPERATION, &self.body)
    }
}

#[cfg(all(test, feature = "testing"))]
mod tests {
    use super::*;
    use crate::auth::Credentials;
    use crate::testing::{MockResponse, MockTransport};

    fn client(mock: &MockTransport) -> Client {
        Client::builder()
            .credentials(Credentials::access_token("t"))
            .mock_transport(mock.clone())
            .build()
            .unwrap()
    }

    #[tokio::test]
    async fn a_path_that_could_leave_the_base_url_is_refused_unsent() {
        let mock = MockTransport::new(|_| MockResponse::json(200, &serde_json::json!({})));
        for path in ["v2/users", "//evil.example/v2", "@evil.example/v2", ""] {
            let error = client(&mock)
                .api(Method::GET, path)
                .send()
                .await
                .unwrap_err();
            assert!(
                matches!(error, Error::InvalidRequest(_)),
                "{path}: {error:?}"
            );
        }
        assert!(mock.requests().is_empty());
    }

    #[tokio::test]
    async fn a_request_goes_through_the_runtime_and_fails_typed() {
        let mock = MockTransport::new(|request| {
            if request.method == "POST" {
                MockResponse::created("https://api.helpscout.net/v2/tags/77", 77)
            } else {
                MockResponse::json(404, &serde_json::json!({ "message": "nope" }))
            }
        });
        let client = client(&mock);
        let created = client
            .api(Method::POST, "/v2/tags?x=1")
            .json(&serde_json::json!({ "name": "vip" }))
            .send()
            .await
            .unwrap();
        assert_eq!((created.status(), created.created_id()), (201, Some(77)));
        let sent = &mock.requests()[0];
        assert_eq!(sent.path, "/v2/tags");
        assert_eq!(sent.header("content-type"), Some("application/json"));
        let error = client
            .api(Method::GET, "/v2/tags/9")
            .send()
            .await
            .unwrap_err();
        let Error::NotFound(api) = &error else {
            panic!("{error:?}")
        };
        assert_eq!(api.operation(), "apiRequest");
    }
}
