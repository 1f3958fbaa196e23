//! Shapes to SVG: one `<path>` per area, north up, fitted to a width in
//! pixels, with the map's `<title>` and `<desc>` and each area's own
//! `<title>` (read out by screen readers, shown on hover); an area with a
//! link is an `<a>`, reached with the keyboard. Points are written to a
//! tenth of a pixel and repeated ones dropped, so a département of 345
//! communes weighs a few hundred kilobytes at most.

use std::fmt::Write;

use crate::topology::{Point, Shape};

/// One area of the map.
pub struct Area<'a> {
    pub shape: &'a Shape,
    /// Its name and figure, in words: « Rennes : 42 places pour 100 enfants ».
    pub title: String,
    /// Where a click or Enter leads (its sheet), if anywhere.
    pub href: Option<String>,
    /// A CSS colour or a `url(#pattern)`.
    pub fill: String,
}

pub struct Frame<'a> {
    /// Width of the drawing, in pixels; the height follows the shapes.
    pub width: f64,
    pub title: &'a str,
    pub description: &'a str,
}

/// Text for an XML element or attribute.
pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c if c.is_control() && c != '\n' && c != '\t' => {}
            c => out.push(c),
        }
    }
    out
}

/// The smallest box holding every point: (min x, min y, max x, max y).
fn bounds(areas: &[Area]) -> Option<(f64, f64, f64, f64)> {
    let points = areas.iter().flat_map(|a| &a.shape.polygons).flatten().flatten();
    points.fold(None, |b, &(x, y)| match b {
        None => Some((x, y, x, y)),
        Some((x0, y0, x1, y1)) => Some((x0.min(x), y0.min(y), x1.max(x), y1.max(y))),
    })
}

/// The SVG document of `areas`.
pub fn draw(areas: &[Area], frame: &Frame) -> String {
    let (x0, y0, x1, y1) = bounds(areas).unwrap_or((0.0, 0.0, 1.0, 1.0));
    // Fitted to the width; the height follows.
    let scale = frame.width / (x1 - x0).max(1.0);
    let height = ((y1 - y0) * scale).ceil().max(1.0);
    // North up: y grows downwards on a screen.
    let to_px = |(x, y): Point| (((x - x0) * scale * 10.0).round() / 10.0, ((y1 - y) * scale * 10.0).round() / 10.0);
    let mut svg = String::new();
    let _ = write!(
        svg,
        r#"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {w} {height}" width="{w}" height="{height}" aria-labelledby="carte-titre carte-description"><title id="carte-titre">{}</title><desc id="carte-description">{}</desc>"#,
        escape(frame.title),
        escape(frame.description),
        w = frame.width,
    );
    for area in areas {
        let mut d = String::new();
        for ring in area.shape.polygons.iter().flatten() {
            let mut last = None;
            for (i, p) in ring.iter().map(|p| to_px(*p)).enumerate() {
                if last == Some(p) {
                    continue;
                }
                let _ = write!(d, "{}{},{}", if i == 0 { "M" } else { "L" }, p.0, p.1);
                last = Some(p);
            }
            d.push('Z');
        }
        let path = format!(
            r##"<path d="{d}" fill="{}" stroke="#444" stroke-width="0.5" fill-rule="evenodd"><title>{}</title></path>"##,
            escape(&area.fill),
            escape(&area.title)
        );
        match &area.href {
            Some(href) => {
                let _ = write!(svg, r#"<a href="{}">{path}</a>"#, escape(href));
            }
            None => svg.push_str(&path),
        }
    }
    svg.push_str("</svg>");
    svg
}

#[cfg(test)]
mod tests;
