//! The metadata back end shared by the HTML and the text front end: one date
//! reader ([`dates`]), one byline reader ([`byline`]), one set of headline and
//! outlet-name rules ([`title`]), one language identifier ([`language`]), and
//! one reader of the visible lines around the headline ([`lines`]). The HTML
//! front end first reads the page's machine fields ([`html`]: JSON-LD,
//! OpenGraph, `<meta>`), then the visible lines for what they lack; the text
//! front end reads only lines. Every value records its [`MetaSource`] so
//! `newsdb extract --explain` can show where it came from.
//!
//! [`MetaSource`]: crate::model::MetaSource

pub mod byline;
pub mod dates;
pub mod html;
pub mod language;
pub mod lines;
pub mod title;
