//! Maps for the needs capability: GeoJSON in, projected SVG out. Pure
//! functions on bytes and numbers, no I/O, no database: the web layer
//! reads the files and the figures, this crate checks the shapes and
//! draws them.
//!
//! - [`geojson`]: a FeatureCollection of Polygon and MultiPolygon
//!   features, checked against RFC 7946 before anything is stored, every
//!   bad feature named by its place in the file and its code;
//! - [`projection`]: Lambert-93 for the mainland and Corsica, the official
//!   UTM projections overseas, so that a map is drawn in metres and an
//!   island is not squeezed into the mainland's frame;
//! - [`topology`]: simplification that keeps neighbours' borders shared;
//! - [`svg`]: the drawing, with a title for the map and for each area.

pub mod geojson;
pub mod projection;
pub mod svg;
pub mod topology;
