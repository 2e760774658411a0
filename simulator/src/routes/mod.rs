//! The router: every served path, the request extractor, and the gate in front of the API
//! (bearer check, rate limit and its headers).

mod conversations;
mod customers;
mod mailboxes;
mod misc;
mod organizations;
mod reports;
mod table;
mod threads;
mod token;

use table::op;
mod users;

use std::ops::Deref;
use std::sync::Arc;

use axum::Router;
use axum::extract::{FromRequest, Request, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::middleware::{self, Next};
use axum::response::Response;
use axum::routing::post;
use serde_json::json;

use crate::http::{self, Incoming, Problem, Reply};
use crate::runtime::Shared;
use crate::runtime::auth;
use crate::runtime::rate_limit::{self, Verdict};

pub(crate) use conversations::merge as conversations_merge;

type Sim = Arc<Shared>;

/// One request, read completely, and the simulator it reached: what every handler gets.
pub(crate) struct Req {
    pub(crate) sim: Sim,
    incoming: Incoming,
}

impl Deref for Req {
    type Target = Incoming;

    fn deref(&self) -> &Incoming {
        &self.incoming
    }
}

impl FromRequest<Sim> for Req {
    type Rejection = Response;

    async fn from_request(request: Request, state: &Sim) -> Result<Self, Self::Rejection> {
        let legacy = state.settings().legacy_empty_pages;
        match Incoming::read(request, state.base_url.clone(), legacy).await {
            Ok(incoming) => Ok(Self {
                sim: Arc::clone(state),
                incoming,
            }),
            Err(problem) => Err(http::problem_response(&state.stamps, problem)),
        }
    }
}

/// Every route of the simulator: the API behind the gate, and the token endpoint.
pub(crate) fn router(sim: Sim) -> Router {
    let api = table::api()
        .fallback(op!(not_found))
        .method_not_allowed_fallback(op!(method_not_allowed))
        .layer(middleware::from_fn_with_state(Arc::clone(&sim), gate));
    // The fallback again on the merged router, so that the token endpoint's 405 (a GET of
    // it, say) has the error body too.
    Router::new()
        .route("/v2/oauth2/token", post(op!(token::token)))
        .merge(api)
        .method_not_allowed_fallback(op!(method_not_allowed))
        .with_state(sim)
}

fn not_found(req: &Req) -> Reply {
    Err(Problem::Status(
        StatusCode::NOT_FOUND,
        format!(
            "No endpoint {} {} in the simulator (see helpscout_mailbox_simulator for the list)",
            req.method, req.path
        ),
    ))
}

fn method_not_allowed(req: &Req) -> Reply {
    Err(Problem::Status(
        StatusCode::METHOD_NOT_ALLOWED,
        format!("Request method '{}' not supported", req.method),
    ))
}

/// In front of every API route: the bearer check (401), the rate limit (429) and its headers
/// on every response.
async fn gate(State(sim): State<Sim>, request: Request, next: Next) -> Response {
    if let Err(problem) = auth::check_bearer(&sim, request.headers()) {
        let mut response = http::problem_response(&sim.stamps, problem);
        rate_limit::add_headers(response.headers_mut(), rate_limit::peek(&sim));
        response.headers_mut().insert(
            header::WWW_AUTHENTICATE,
            HeaderValue::from_static("Bearer realm=\"api\", error=\"invalid_token\""),
        );
        return response;
    }
    match rate_limit::charge(&sim, request.method()) {
        verdict @ Verdict::Limited { .. } => {
            let mut response = http::json_response(
                StatusCode::TOO_MANY_REQUESTS,
                &json!({ "message": "API rate limit exceeded" }),
                "application/json;charset=UTF-8",
            );
            rate_limit::add_headers(response.headers_mut(), verdict);
            response
        }
        verdict => {
            let mut response = next.run(request).await;
            rate_limit::add_headers(response.headers_mut(), verdict);
            response
        }
    }
}
