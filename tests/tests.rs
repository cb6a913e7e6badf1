//! The one integration-test binary. Each module is a chapter of the table of contents.
