//! Paginated lists: `?limit=` (1 to 200, default 50) and `?offset=`, answered with the items,
//! the total, and the address of the next page.

use axum::http::Uri;
use serde::Serialize;
use utoipa::ToSchema;

use super::problem::{ApiError, ApiResult};

/// Items per page when `limit` is not given.
pub const DEFAULT_LIMIT: u32 = 50;

/// The most items a page may hold.
pub const MAX_LIMIT: u32 = 200;

/// One page of a list.
#[derive(Debug, Serialize, ToSchema)]
pub struct Page<T> {
    /// The items on this page, in the list's order.
    pub items: Vec<T>,
    /// How many items the whole list has.
    pub total: u64,
    /// The page size asked for (or the default).
    pub limit: u32,
    /// How many items come before this page.
    #[schema(minimum = 0, maximum = 1_000_000_000)]
    pub offset: u64,
    /// The full address of the next page, or null on the last page.
    #[schema(format = "uri")]
    pub next: Option<String>,
}

/// The largest `offset` accepted: far beyond any real list, and well inside the int64 the
/// document declares, so what is echoed back always fits.
pub const MAX_OFFSET: u64 = 1_000_000_000;

/// A checked `limit` and `offset`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Paging {
    limit: u32,
    offset: u64,
}

impl Paging {
    /// Checks the query's values; a limit outside 1 to 200 is refused, not quietly changed.
    pub fn new(limit: Option<u32>, offset: Option<u64>) -> ApiResult<Self> {
        let limit = limit.unwrap_or(DEFAULT_LIMIT);
        if !(1..=MAX_LIMIT).contains(&limit) {
            return Err(ApiError::invalid_query(
                "limit",
                format!("limit must be between 1 and {MAX_LIMIT}, got {limit}"),
            ));
        }
        let offset = offset.unwrap_or(0);
        if offset > MAX_OFFSET {
            return Err(ApiError::invalid_query(
                "offset",
                format!("offset must be between 0 and {MAX_OFFSET}, got {offset}"),
            ));
        }
        Ok(Self { limit, offset })
    }

    /// How many items to skip.
    pub fn offset(&self) -> u64 {
        self.offset
    }

    /// How many items at most.
    pub fn limit(&self) -> u32 {
        self.limit
    }

    /// Cuts one page out of the whole list and converts its items. `public_url` and `uri`
    /// give the next page's address, keeping the request's other query parameters.
    pub fn page<T, U>(
        self,
        all: Vec<T>,
        convert: impl FnMut(T) -> U,
        public_url: &str,
        uri: &Uri,
    ) -> Page<U> {
        let total = all.len() as u64;
        let start = usize::try_from(self.offset).unwrap_or(usize::MAX);
        let items: Vec<U> = all
            .into_iter()
            .skip(start)
            .take(self.limit as usize)
            .map(convert)
            .collect();
        self.counted(total, items, public_url, uri)
    }

    /// A page whose items were already read for this offset and limit, out of `total`.
    pub fn counted<U>(self, total: u64, items: Vec<U>, public_url: &str, uri: &Uri) -> Page<U> {
        let next_offset = self.offset.saturating_add(u64::from(self.limit));
        let next =
            (next_offset < total).then(|| next_url(public_url, uri, self.limit, next_offset));
        Page {
            items,
            total,
            limit: self.limit,
            offset: self.offset,
            next,
        }
    }
}

fn next_url(public_url: &str, uri: &Uri, limit: u32, offset: u64) -> String {
    let mut query = form_urlencoded::Serializer::new(String::new());
    for (key, value) in form_urlencoded::parse(uri.query().unwrap_or_default().as_bytes()) {
        if key != "limit" && key != "offset" {
            query.append_pair(&key, &value);
        }
    }
    query.append_pair("limit", &limit.to_string());
    query.append_pair("offset", &offset.to_string());
    format!(
        "{}{}?{}",
        public_url.trim_end_matches('/'),
        uri.path(),
        query.finish()
    )
}

/// Declares a query struct with the given parameters plus `limit` and `offset`, refusing
/// unknown parameters, and documented for OpenAPI.
macro_rules! paged_query {
    ($(#[$meta:meta])* $name:ident { $($(#[$field_meta:meta])* $field:ident : $ty:ty),* $(,)? }) => {
        $(#[$meta])*
        #[derive(Debug, Default, serde::Deserialize, utoipa::IntoParams)]
        #[serde(deny_unknown_fields)]
        #[into_params(parameter_in = Query)]
        pub struct $name {
            $($(#[$field_meta])* pub $field: $ty,)*
            /// How many items to return: 1 to 200, default 50.
            #[param(minimum = 1, maximum = 200)]
            pub limit: Option<u32>,
            /// How many items to skip from the start of the list: 0 to 1,000,000,000,
            /// default 0.
            #[param(minimum = 0, maximum = 1_000_000_000)]
            pub offset: Option<u64>,
        }

        impl $name {
            /// The checked `limit` and `offset`.
            pub fn paging(&self) -> $crate::api::problem::ApiResult<$crate::api::paging::Paging> {
                $crate::api::paging::Paging::new(self.limit, self.offset)
            }
        }
    };
}

pub(crate) use paged_query;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_next_page_keeps_other_parameters_and_stops_at_the_end() {
        let uri: Uri = "/api/v1/sessions?profile_id=abc&limit=2".parse().unwrap();
        let paging = Paging::new(Some(2), None).unwrap();
        let page = paging.page(vec![1, 2, 3], |x| x, "http://h:1/", &uri);
        assert_eq!(page.items, vec![1, 2]);
        assert_eq!(
            page.next.as_deref(),
            Some("http://h:1/api/v1/sessions?profile_id=abc&limit=2&offset=2")
        );
        let last =
            Paging::new(Some(2), Some(2))
                .unwrap()
                .page(vec![1, 2, 3], |x| x, "http://h:1", &uri);
        assert_eq!(last.items, vec![3]);
        assert_eq!(last.next, None);
        let beyond = Paging::new(None, Some(10))
            .unwrap()
            .page(vec![1], |x| x, "http://h:1", &uri);
        assert!(beyond.items.is_empty());
        assert_eq!(beyond.total, 1);
    }

    #[test]
    fn limits_outside_one_to_two_hundred_are_refused() {
        assert!(Paging::new(Some(0), None).is_err());
        assert!(Paging::new(Some(201), None).is_err());
        assert!(Paging::new(Some(200), None).is_ok());
    }
}
