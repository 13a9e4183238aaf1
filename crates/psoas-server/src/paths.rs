//! Addresses that more than one front door names: the pages link to the API as well as
//! serving beside it.

/// Where the API's version 1 lives.
pub const V1: &str = "/api/v1";
