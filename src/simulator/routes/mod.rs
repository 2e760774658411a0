//! The router: every served path, the request extractor, and the gate in front of the API
//! (bearer check, rate limit and its headers).

mod conversations;
mod customers;
mod mailboxes;
mod misc;
mod organizations;
mod reports;
mod threads;
mod users;

use std::sync::Arc;

use axum::Router;
use axum::body::Bytes;
use axum::extract::{FromRequest, FromRequestParts, RawPathParams, Request, State};
use axum::http::{HeaderMap, HeaderValue, Method, StatusCode, header};
use axum::middleware::{self, Next};
use axum::response::Response;
use axum::routing::{delete, get, patch, post, put};
use serde_json::json;

use crate::ids::{CustomerId, UserId};
use crate::models::{CustomerRef, PersonType, UserRef};

use super::auth;
use super::hal::{self, Problem, Reply};
use super::rate_limit::{self, Verdict};
use super::state::{Data, Shared};

pub(crate) use conversations::{
    View as ConversationView, merge as conversations_merge, render_conversation,
};
pub(crate) use customers::render_customer;
pub(crate) use misc::render_tag_for_webhook;

type Sim = Arc<Shared>;

/// The largest request body accepted (attachments travel base64-encoded inside JSON).
const BODY_LIMIT: usize = 32 * 1024 * 1024;

/// One request, read completely: what every handler gets.
pub(crate) struct Req {
    pub(crate) sim: Sim,
    pub(crate) method: Method,
    pub(crate) path: String,
    pub(crate) raw_query: Option<String>,
    query: Vec<(String, String)>,
    params: Vec<(String, String)>,
    headers: HeaderMap,
    pub(crate) body: Bytes,
}

impl Req {
    /// The first value of a query parameter.
    pub(crate) fn query(&self, name: &str) -> Option<&str> {
        self.query
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    }

    /// Every query parameter, decoded, in request order.
    pub(crate) fn query_pairs(&self) -> &[(String, String)] {
        &self.query
    }

    /// Every value of a (repeatable) query parameter.
    pub(crate) fn query_all(&self, name: &str) -> Vec<&str> {
        self.query
            .iter()
            .filter(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
            .collect()
    }

    /// A boolean query parameter (`true`/`1`).
    pub(crate) fn flag(&self, name: &str) -> bool {
        matches!(self.query(name), Some("true" | "1" | "TRUE" | "True"))
    }

    pub(crate) fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(name).and_then(|v| v.to_str().ok())
    }

    /// A header as text even when it is not visible ASCII (lossy), so that a garbled value
    /// is told apart from a missing one.
    pub(crate) fn header_lossy(&self, name: &str) -> Option<std::borrow::Cow<'_, str>> {
        self.headers
            .get(name)
            .map(|v| String::from_utf8_lossy(v.as_bytes()))
    }

    /// A path parameter as text.
    pub(crate) fn param(&self, name: &str) -> &str {
        self.params
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
            .unwrap_or("")
    }

    /// A numeric path parameter; anything else is a 404, as no such resource exists.
    pub(crate) fn id(&self, name: &str) -> Result<i64, Problem> {
        self.param(name)
            .parse()
            .map_err(|_| Problem::not_found("Resource"))
    }

    /// An absolute URL on this simulator.
    pub(crate) fn url(&self, path: &str) -> String {
        format!("{}{path}", self.sim.base_url)
    }
}

impl FromRequest<Sim> for Req {
    type Rejection = Response;

    async fn from_request(request: Request, state: &Sim) -> Result<Self, Self::Rejection> {
        let (mut parts, body) = request.into_parts();
        let params = RawPathParams::from_request_parts(&mut parts, state)
            .await
            .map(|raw| {
                raw.iter()
                    .map(|(k, v)| (k.to_owned(), v.to_owned()))
                    .collect()
            })
            .unwrap_or_default();
        let too_large = || {
            hal::problem_response(
                state,
                Problem::Status(
                    StatusCode::PAYLOAD_TOO_LARGE,
                    "Request entity too large".to_owned(),
                ),
            )
        };
        // An announced length over the limit is refused before any of the body is read.
        let announced = parts
            .headers
            .get(header::CONTENT_LENGTH)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.trim().parse::<u64>().ok());
        if announced.is_some_and(|n| n > BODY_LIMIT as u64) {
            return Err(too_large());
        }
        let body = axum::body::to_bytes(body, BODY_LIMIT)
            .await
            .map_err(|_| too_large())?;
        let raw_query = parts.uri.query().map(str::to_owned);
        let query = raw_query
            .as_deref()
            .map(|q| {
                form_urlencoded::parse(q.as_bytes())
                    .map(|(k, v)| (k.into_owned(), v.into_owned()))
                    .collect()
            })
            .unwrap_or_default();
        Ok(Self {
            sim: Arc::clone(state),
            method: parts.method,
            path: parts.uri.path().to_owned(),
            raw_query,
            query,
            params,
            headers: parts.headers,
            body,
        })
    }
}

/// Turns a synchronous `fn(&Req) -> Reply` into an axum handler.
macro_rules! op {
    ($f:path) => {
        |req: Req| async move {
            let reply = $f(&req);
            match reply {
                Ok(response) => response,
                Err(problem) => hal::problem_response(&req.sim, problem),
            }
        }
    };
}

/// Every route of the simulator.
pub(crate) fn router(sim: Sim) -> Router {
    let conversation = "/v2/conversations/{conversationId}";
    let thread = "/v2/conversations/{conversationId}/threads/{threadId}";
    let customer = "/v2/customers/{customerId}";
    let mailbox = "/v2/mailboxes/{mailboxId}";
    let organization = "/v2/organizations/{organizationId}";
    let mut api: Router<Sim> = Router::new()
        // Conversations.
        .route(
            "/v2/conversations",
            get(op!(conversations::list)).post(op!(conversations::create)),
        )
        .route(
            conversation,
            get(op!(conversations::get))
                .patch(op!(conversations::patch))
                .delete(op!(conversations::delete)),
        )
        .route(
            "/v3/conversations/{conversationId}",
            get(op!(conversations::get_v3)),
        )
        .route(
            &format!("{conversation}/tags"),
            put(op!(conversations::put_tags)),
        )
        .route(
            &format!("{conversation}/fields"),
            put(op!(conversations::put_fields)),
        )
        .route(
            &format!("{conversation}/snooze"),
            put(op!(conversations::snooze)).delete(op!(conversations::unsnooze)),
        )
        // Threads and attachments.
        .route(&format!("{conversation}/threads"), get(op!(threads::list)))
        .route(
            "/v3/conversations/{conversationId}/threads",
            get(op!(threads::list_v3)),
        )
        .route(&format!("{conversation}/reply"), post(op!(threads::reply)))
        .route(&format!("{conversation}/notes"), post(op!(threads::note)))
        .route(&format!("{conversation}/chats"), post(op!(threads::chat)))
        .route(
            &format!("{conversation}/customer"),
            post(op!(threads::customer)),
        )
        .route(&format!("{conversation}/phones"), post(op!(threads::phone)))
        .route(
            thread,
            patch(op!(threads::patch)).delete(op!(threads::delete)),
        )
        .route(
            &format!("{thread}/original-source"),
            get(op!(threads::original_source)),
        )
        .route(
            &format!("{thread}/schedule"),
            put(op!(threads::schedule))
                .patch(op!(threads::publish_scheduled))
                .delete(op!(threads::unschedule)),
        )
        .route(
            &format!("{thread}/attachments"),
            post(op!(threads::create_attachment)),
        )
        .route(
            &format!("{conversation}/attachments/{{attachmentId}}"),
            delete(op!(threads::delete_attachment)),
        )
        .route(
            &format!("{conversation}/attachments/{{attachmentId}}/data"),
            get(op!(threads::attachment_data)),
        )
        // Customers, entries, properties.
        .route(
            "/v2/customers",
            get(op!(customers::list)).post(op!(customers::create)),
        )
        .route("/v3/customers", get(op!(customers::list_v3)))
        .route(
            customer,
            get(op!(customers::get))
                .put(op!(customers::overwrite))
                .patch(op!(customers::patch))
                .delete(op!(customers::delete)),
        )
        .route(
            &format!("{customer}/address"),
            get(op!(customers::get_address))
                .post(op!(customers::create_address))
                .put(op!(customers::update_address))
                .delete(op!(customers::delete_address)),
        )
        .route(
            &format!("{customer}/properties"),
            patch(op!(customers::patch_properties)),
        )
        .route(
            "/v2/customer-properties",
            get(op!(customers::list_property_definitions))
                .post(op!(customers::create_property_definition)),
        )
        .route(
            "/v2/customer-properties/{slug}",
            delete(op!(customers::delete_property_definition)),
        );
    for kind in ["chats", "emails", "phones", "social-profiles", "websites"] {
        api = api
            .route(
                &format!("{customer}/{kind}"),
                get(op!(customers::list_entries)).post(op!(customers::create_entry)),
            )
            .route(
                &format!("{customer}/{kind}/{{entryId}}"),
                put(op!(customers::update_entry)).delete(op!(customers::delete_entry)),
            );
    }
    let api = api
        // Organizations.
        .route(
            "/v2/organizations",
            get(op!(organizations::list)).post(op!(organizations::create)),
        )
        .route(
            "/v2/organizations/properties",
            get(op!(organizations::list_properties)).post(op!(organizations::create_property)),
        )
        .route(
            "/v2/organizations/properties/{slug}",
            put(op!(organizations::update_property)).delete(op!(organizations::delete_property)),
        )
        .route(
            organization,
            get(op!(organizations::get))
                .put(op!(organizations::update))
                .delete(op!(organizations::delete)),
        )
        .route(
            &format!("{organization}/conversations"),
            get(op!(organizations::conversations)),
        )
        .route(
            &format!("{organization}/customers"),
            get(op!(organizations::customers)),
        )
        .route(
            &format!("{organization}/properties/{{slug}}"),
            put(op!(organizations::set_property_value))
                .delete(op!(organizations::delete_property_value)),
        )
        // Mailboxes.
        .route("/v2/mailboxes", get(op!(mailboxes::list)))
        .route(mailbox, get(op!(mailboxes::get)))
        .route(&format!("{mailbox}/folders"), get(op!(mailboxes::folders)))
        .route(&format!("{mailbox}/fields"), get(op!(mailboxes::fields)))
        .route(
            &format!("{mailbox}/routing"),
            get(op!(mailboxes::get_routing)).put(op!(mailboxes::put_routing)),
        )
        .route(
            &format!("{mailbox}/saved-replies"),
            get(op!(mailboxes::list_saved_replies)).post(op!(mailboxes::create_saved_reply)),
        )
        .route(
            &format!("{mailbox}/saved-replies/{{savedReplyId}}"),
            get(op!(mailboxes::get_saved_reply))
                .put(op!(mailboxes::update_saved_reply))
                .delete(op!(mailboxes::delete_saved_reply)),
        )
        // Users and teams.
        .route("/v2/users", get(op!(users::list)).post(op!(users::create)))
        .route("/v2/users/me", get(op!(users::me)))
        .route("/v2/users/status", get(op!(users::list_statuses)))
        .route("/v2/users/{userId}", get(op!(users::get)))
        .route(
            "/v2/users/{userId}/status",
            get(op!(users::get_status)).put(op!(users::set_status)),
        )
        .route("/v3/system-users", get(op!(users::system_users)))
        .route("/v2/teams", get(op!(users::teams)))
        .route("/v2/teams/{teamId}/members", get(op!(users::team_members)))
        // Tags, workflows, webhooks, ratings.
        .route("/v2/tags", get(op!(misc::list_tags)))
        .route("/v2/tags/{tagId}", get(op!(misc::get_tag)))
        .route("/v2/workflows", get(op!(misc::list_workflows)))
        .route(
            "/v2/workflows/{workflowId}",
            patch(op!(misc::patch_workflow)),
        )
        .route(
            "/v2/workflows/{workflowId}/run",
            post(op!(misc::run_workflow)),
        )
        .route(
            "/v2/webhooks",
            get(op!(misc::list_webhooks)).post(op!(misc::create_webhook)),
        )
        .route(
            "/v2/webhooks/{webhookId}",
            get(op!(misc::get_webhook))
                .put(op!(misc::update_webhook))
                .delete(op!(misc::delete_webhook)),
        )
        .route("/v2/ratings/{ratingId}", get(op!(misc::get_rating)));
    let mut api = api;
    for path in reports::PATHS {
        api = api.route(path, get(op!(reports::report)));
    }
    let api = api
        .fallback(op!(not_found))
        .method_not_allowed_fallback(op!(method_not_allowed))
        .layer(middleware::from_fn_with_state(Arc::clone(&sim), gate));
    // The fallback again on the merged router, so that the token endpoint's 405 (a GET of
    // it, say) has the error body too.
    Router::new()
        .route("/v2/oauth2/token", post(op!(auth::token)))
        .merge(api)
        .method_not_allowed_fallback(op!(method_not_allowed))
        .with_state(sim)
}

fn not_found(req: &Req) -> Reply {
    Err(Problem::Status(
        StatusCode::NOT_FOUND,
        format!(
            "No endpoint {} {} in the simulator (see helpscout_mailbox::simulator for the list)",
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
        let mut response = hal::problem_response(&sim, problem);
        rate_limit::add_headers(response.headers_mut(), rate_limit::peek(&sim));
        response.headers_mut().insert(
            header::WWW_AUTHENTICATE,
            HeaderValue::from_static("Bearer realm=\"api\", error=\"invalid_token\""),
        );
        return response;
    }
    match rate_limit::charge(&sim, request.method()) {
        verdict @ Verdict::Limited { .. } => {
            let mut response = hal::json_response(
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

/// A user as conversations and threads show one. v2 shows AI agents as `user`; v3 shows
/// their real type, `system_user`.
pub(crate) fn user_person(d: &Data, id: i64, v3: bool) -> UserRef {
    match d.users.get(&id) {
        Some(u) => UserRef {
            email: (!u.email.is_empty()).then(|| u.email.clone()),
            first: Some(u.first_name.clone()),
            id: Some(UserId::new(id)),
            last: Some(u.last_name.clone()),
            photo_url: None,
            type_: Some(if u.system && v3 {
                PersonType::SystemUser
            } else {
                PersonType::User
            }),
        },
        None => UserRef {
            id: Some(UserId::new(id)),
            type_: Some(PersonType::User),
            ..UserRef::default()
        },
    }
}

/// A customer as conversations and threads show one.
pub(crate) fn customer_person(d: &Data, id: i64) -> CustomerRef {
    let customer = d.customers.get(&id);
    CustomerRef {
        email: customer.and_then(|c| c.first_email()).map(str::to_owned),
        first: customer.and_then(|c| c.first_name.clone()),
        id: CustomerId::new(id),
        last: customer.and_then(|c| c.last_name.clone()),
        photo_url: customer.and_then(|c| c.photo_url.clone()),
        type_: Some(PersonType::Customer),
    }
}
