//! How a facade call becomes a `Result`: running a generated operation, sending a
//! hand-written request through the same hooks, and turning every failure into [`Error`].

use std::future::Future;

use progenitor_client::ResponseValue;
use reqwest::header::{ACCEPT, CONTENT_TYPE, HeaderMap, HeaderValue};
use serde::Serialize;
use serde::de::DeserializeOwned;

use crate::client::Client;
use crate::error::{self, Error, Result, TransportError};

/// A response to a hand-written request: status, headers and the whole body.
#[derive(Debug)]
pub(crate) struct RawResponse {
    pub(crate) status: u16,
    pub(crate) headers: HeaderMap,
    pub(crate) body: Vec<u8>,
}

impl Client {
    /// Awaits a generated operation and maps its failure.
    pub(crate) async fn run<T: DeserializeOwned>(
        &self,
        operation: &'static str,
        call: impl Future<Output = std::result::Result<ResponseValue<T>, progenitor_client::Error<()>>>,
    ) -> Result<ResponseValue<T>> {
        match call.await {
            Ok(value) => Ok(value),
            Err(failure) => Err(error::from_progenitor::<T, ()>(operation, failure).await),
        }
    }

    /// Sends a JSON body that the generated code cannot express (an explicit `null`).
    pub(crate) async fn send_json(
        &self,
        method: reqwest::Method,
        path: &str,
        body: &impl Serialize,
        operation: &'static str,
    ) -> Result<RawResponse> {
        let body = serde_json::to_vec(body)
            .map_err(|e| Error::InvalidRequest(format!("cannot encode the body: {e}")))?;
        let request = self
            .http()
            .request(method, format!("{}{path}", self.base_url()))
            .header(CONTENT_TYPE, HeaderValue::from_static("application/json"))
            .body(body);
        self.send_hand_written(request, operation).await
    }

    /// A `GET` with a specific `Accept` header, returning the body as bytes.
    pub(crate) async fn send_accepting(
        &self,
        path: &str,
        accept: &'static str,
        operation: &'static str,
    ) -> Result<RawResponse> {
        let request = self
            .http()
            .get(format!("{}{path}", self.base_url()))
            .header(ACCEPT, HeaderValue::from_static(accept));
        self.send_hand_written(request, operation).await
    }

    pub(crate) async fn send_hand_written(
        &self,
        request: reqwest::RequestBuilder,
        operation: &'static str,
    ) -> Result<RawResponse> {
        let request = request
            .build()
            .map_err(|e| Error::InvalidRequest(format!("cannot build the request: {e}")))?;
        let response = self
            .runtime()
            .send(request, operation)
            .await
            .map_err(|e| Error::Transport(TransportError::from_reqwest(e)))?;
        if !response.status().is_success() {
            let failure = progenitor_client::Error::<()>::UnexpectedResponse(response);
            return Err(error::from_progenitor::<(), ()>(operation, failure).await);
        }
        let status = response.status().as_u16();
        let headers = response.headers().clone();
        let body = response
            .bytes()
            .await
            .map_err(|e| Error::Transport(TransportError::from_reqwest(e)))?;
        Ok(RawResponse {
            status,
            headers,
            body: body.to_vec(),
        })
    }
}
