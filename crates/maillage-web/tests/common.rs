//! The world the tests build (`TestApp`) and the browser-like client live
//! in `maillage-test-utils`, shared with the other crates' tests.

pub use maillage_test_utils::app::{PASSWORD, Territory, TestApp, email, request_form};
pub use maillage_test_utils::client::{Client, Resp};
