//! The route table: every served path and the handler of each method, grouped by resource.

use axum::Router;
use axum::routing::{delete, get, patch, post, put};

use super::{
    Req, Sim, conversations, customers, mailboxes, misc, organizations, reports, threads, users,
};
use crate::http;

/// Turns a synchronous `fn(&Req) -> Reply` into an axum handler.
macro_rules! op {
    ($f:path) => {
        |req: Req| async move {
            let reply = $f(&req);
            match reply {
                Ok(response) => response,
                Err(problem) => http::problem_response(&req.sim.stamps, problem),
            }
        }
    };
}

pub(super) use op;

/// Every API route (the token endpoint aside), without the gate.
pub(super) fn api() -> Router<Sim> {
    let api = conversation_routes(Router::new());
    let api = customer_routes(api);
    let api = organization_and_mailbox_routes(api);
    let mut api = other_routes(api);
    for path in reports::PATHS {
        api = api.route(path, get(op!(reports::report)));
    }
    api
}

/// Conversations, threads and attachments.
fn conversation_routes(api: Router<Sim>) -> Router<Sim> {
    let conversation = "/v2/conversations/{conversationId}";
    let thread = "/v2/conversations/{conversationId}/threads/{threadId}";
    api.route(
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
}

/// Customers, their entries, address and properties, and property definitions.
fn customer_routes(api: Router<Sim>) -> Router<Sim> {
    let customer = "/v2/customers/{customerId}";
    let mut api = api
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
    api
}

/// Organizations and mailboxes.
fn organization_and_mailbox_routes(api: Router<Sim>) -> Router<Sim> {
    let organization = "/v2/organizations/{organizationId}";
    let mailbox = "/v2/mailboxes/{mailboxId}";
    api.route(
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
}

/// Users and teams, tags, workflows, webhooks and ratings.
fn other_routes(api: Router<Sim>) -> Router<Sim> {
    api
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
        .route("/v2/ratings/{ratingId}", get(op!(misc::get_rating)))
}
