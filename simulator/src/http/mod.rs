//! The bottom layer: HTTP as Help Scout speaks it, with no knowledge of the account.
//!
//! A request read completely ([`Incoming`]), the answers and the [`Problem`] every handler
//! fails with (`reply`), reading bodies and parameters in Help Scout's way (`checks`), page
//! numbers and page links (`paging`), the ids stamped on answers (`stamps`), and the
//! rewriting of hyper's own parse-error answers (`parse_errors`). Nothing here imports another
//! module of the crate.

mod checks;
mod paging;
mod parse_errors;
mod reply;
mod request;
mod stamps;

pub(crate) use checks::{
    Check, decode, is_plain_date, join, json_body, json_object, looks_like_email, query_id,
    query_ids, strict_date,
};
pub(crate) use paging::{page_number, page_reply, paginate, paginate_slice, skipped, wire};
pub(crate) use parse_errors::ShapedParseErrors;
pub(crate) use reply::{
    FieldError, HAL_JSON, Problem, Reply, created, empty, internal, json_bytes_response,
    json_response, links, links_vec, no_content, ok, problem_response,
};
pub(crate) use request::Incoming;
pub(crate) use stamps::Stamps;
