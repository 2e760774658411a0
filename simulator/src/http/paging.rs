//! Page-number lists: the `page` query parameter, cutting a page out of every matching item,
//! and Help Scout's page metadata and links.
//!
//! `page` comes straight from the request, so every computation on it here is checked or
//! saturating: any value answers (a 400 or a page), none panics or overflows.

use std::ops::Range;

use serde::Serialize;
use serde_json::{Value, json};

use helpscout_mailbox::models::{HalLink, HalLinks, PageMetadata};

use super::reply::{self as hal, FieldError, Problem, Reply};
use super::request::Incoming;

/// One page of a list, cut from every matching item.
pub(crate) struct Paged<T> {
    pub(crate) items: Vec<T>,
    pub(crate) meta: PageMetadata,
    pub(crate) links: HalLinks,
}

/// The `page` query parameter: 1-based, 1 when absent, at most `i64::MAX` (the spec's
/// `int64`). Zero and negative pages are a 400 (`Min`), as is anything that is not an
/// `int64` at all (`InvalidNumber`: `2^63`, a 23-digit number, `abc`); a page past the last
/// one is valid and empty.
pub(crate) fn page_number(req: &Incoming) -> Result<u64, Problem> {
    let text = match req.query("page") {
        None | Some("") => return Ok(1),
        Some(text) => text,
    };
    match text.parse::<i64>() {
        Ok(n) => u64::try_from(n).ok().filter(|n| *n >= 1).ok_or_else(|| {
            Problem::one(
                FieldError::new("page", "Min", "must be greater than or equal to 1")
                    .rejecting(text)
                    .in_query(),
            )
        }),
        Err(_) => Err(Problem::one(
            FieldError::new("page", "InvalidNumber", "Invalid number")
                .rejecting(text)
                .in_query(),
        )),
    }
}

/// How many items come before page `page` (1-based) of `per_page` items: saturates instead
/// of overflowing, so a huge page skips everything.
pub(crate) fn skipped(page: u64, per_page: usize) -> usize {
    usize::try_from(page.saturating_sub(1))
        .unwrap_or(usize::MAX)
        .saturating_mul(per_page)
}

/// A count or page number as the `int64` the wire carries (clamped, never wrapped).
pub(crate) fn wire<N: TryInto<i64>>(n: N) -> i64 {
    n.try_into().unwrap_or(i64::MAX)
}

/// Cuts page `?page=` of `all` with `size` items per page, with Help Scout's metadata and
/// links. The links keep the request's query string, with `page` replaced (changelog: "next
/// and previous links now preserve the query").
pub(crate) fn paginate<T>(req: &Incoming, all: Vec<T>, size: usize) -> Result<Paged<T>, Problem> {
    let (range, meta, links) = cut(req, all.len(), size)?;
    let items = all
        .into_iter()
        .skip(range.start)
        .take(range.len())
        .collect();
    Ok(Paged { items, meta, links })
}

/// [`paginate`] for items kept elsewhere (the conversation list's cached ids): copies only
/// the page's items.
pub(crate) fn paginate_slice<T: Clone>(
    req: &Incoming,
    all: &[T],
    size: usize,
) -> Result<Paged<T>, Problem> {
    let (range, meta, links) = cut(req, all.len(), size)?;
    let items = all.get(range).unwrap_or_default().to_vec();
    Ok(Paged { items, meta, links })
}

/// Which of `total` items page `?page=` holds, with its metadata and links.
fn cut(
    req: &Incoming,
    total: usize,
    size: usize,
) -> Result<(Range<usize>, PageMetadata, HalLinks), Problem> {
    let number = page_number(req)?;
    let total_pages = total.div_ceil(size.max(1));
    let last = u64::try_from(total_pages).unwrap_or(u64::MAX);
    let start = skipped(number, size).min(total);
    let range = start..start.saturating_add(size).min(total);
    let base = format!("{}{}", req.base_url, req.path);
    let with_page = |n: u64| {
        let mut query: Vec<&str> = req
            .raw_query
            .as_deref()
            .unwrap_or("")
            .split('&')
            .filter(|pair| !pair.is_empty())
            .filter(|pair| {
                let key = pair.split('=').next().unwrap_or("");
                key != "page"
            })
            .collect();
        let page = format!("page={n}");
        query.push(&page);
        format!("{base}?{}", query.join("&"))
    };
    let self_href = match req.raw_query.as_deref() {
        Some(q) if !q.is_empty() => format!("{base}?{q}"),
        _ => base.clone(),
    };
    let mut pairs = vec![
        ("self", self_href),
        ("first", with_page(1)),
        ("last", with_page(last.max(1))),
    ];
    if number < last {
        pairs.push(("next", with_page(number.saturating_add(1))));
    }
    if number > 1 && last > 0 {
        pairs.push(("previous", with_page(number.saturating_sub(1).min(last))));
    }
    let mut links = hal::links_vec(pairs);
    links.0.insert(
        "page".to_owned(),
        HalLink {
            href: Some(format!("{base}{{?page}}")),
            templated: Some(true),
        },
    );
    // The docs' examples of empty results show page number 0.
    let shown = if total == 0 { 0 } else { number };
    let meta = PageMetadata {
        number: Some(wire(shown)),
        size: Some(wire(size)),
        total_elements: Some(wire(total)),
        total_pages: Some(wire(total_pages)),
    };
    Ok((range, meta, links))
}

/// Serialises a page model and fixes its `_embedded` for empty pages: the models skip empty
/// lists, but since the changelog of 2019-07-09 ("Empty results are now really empty
/// results") an empty page carries `_embedded` with an empty array under `key`. With the
/// legacy switch on, an empty page has no `_embedded` at all, as before that change.
pub(crate) fn page_reply<T: Serialize>(req: &Incoming, model: &T, key: &str, empty: bool) -> Reply {
    let mut value = serde_json::to_value(model).map_err(hal::internal)?;
    if empty && let Value::Object(map) = &mut value {
        if req.legacy_empty_pages {
            map.remove("_embedded");
        } else {
            map.insert("_embedded".to_owned(), json!({ key: [] }));
        }
    }
    Ok(hal::json_response(
        axum::http::StatusCode::OK,
        &value,
        hal::HAL_JSON,
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn skipped_saturates_instead_of_overflowing() {
        assert_eq!(skipped(1, 25), 0);
        assert_eq!(skipped(3, 25), 50);
        assert_eq!(skipped(u64::MAX, 50), usize::MAX);
        assert_eq!(skipped(0, 50), 0);
    }

    #[test]
    fn wire_clamps_instead_of_wrapping() {
        assert_eq!(wire(u64::MAX), i64::MAX);
        assert_eq!(wire(usize::MAX), i64::MAX);
        assert_eq!(wire(7_usize), 7);
    }
}
