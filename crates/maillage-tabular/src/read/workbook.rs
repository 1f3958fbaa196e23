//! Workbooks: the first sheet of an XLSX, XLS or ODS file. A sheet is
//! measured before it is laid out: calamine lays a sheet out as a full
//! rectangle, so a 2 kB file naming a cell at XFD1048576, or an ODS row
//! « repeated » a million times, would ask for gigabytes and take the
//! server down with it. Past [`MAX_CELLS`] the file is refused with a
//! message that says what to do. calamine opens every sheet of an ODS at
//! once, so every sheet of an ODS is measured, the largest counting.

use std::io::{Cursor, Read};

use calamine::{Cell, Data, Range, Reader, Sheets, Xlsx};
use quick_xml::events::{BytesStart, Event};

use super::ReadError;

/// The largest sheet read: a register of the whole country (260,000
/// childminders in 12 columns) holds 3 million cells.
pub const MAX_CELLS: u64 = 5_000_000;

/// The first sheet's name and its cells.
pub(super) fn first_sheet(bytes: &[u8]) -> Result<(&'static str, String, Range<Data>), ReadError> {
    let workbook = |e: &dyn std::fmt::Display| ReadError::Workbook(e.to_string());
    // calamine lays out every sheet of an ODS as it opens it: measure first.
    if let Some((rows, columns)) = ods_extent(bytes)? {
        check(rows, columns)?;
    }
    let book = calamine::open_workbook_auto_from_rs(Cursor::new(bytes)).map_err(|e| workbook(&e))?;
    let (kind, first) = match &book {
        Sheets::Xls(b) => ("XLS", b.sheet_names().first().cloned()),
        Sheets::Xlsx(b) => ("XLSX", b.sheet_names().first().cloned()),
        Sheets::Xlsb(b) => ("XLSB", b.sheet_names().first().cloned()),
        Sheets::Ods(b) => ("ODS", b.sheet_names().first().cloned()),
    };
    let first = first.ok_or(ReadError::Empty)?;
    let range = match book {
        // Read cell by cell, measured as it goes.
        Sheets::Xlsx(_) => xlsx_range(bytes, &first)?,
        Sheets::Ods(mut b) => b.worksheet_range(&first).map_err(|e| workbook(&e))?,
        // XLS holds at most 65,536 rows of 256 columns; XLSB is refused
        // rather than measured (no tool of a commune writes it by default).
        Sheets::Xls(mut b) => b.worksheet_range(&first).map_err(|e| workbook(&e))?,
        Sheets::Xlsb(_) => return Err(ReadError::Xlsb),
    };
    Ok((kind, first, range))
}

fn check(rows: u64, columns: u64) -> Result<(), ReadError> {
    if rows.saturating_mul(columns) > MAX_CELLS {
        return Err(ReadError::TooLarge { rows, columns });
    }
    Ok(())
}

/// An XLSX sheet's cells, refused as soon as the rectangle they span
/// grows past [`MAX_CELLS`].
fn xlsx_range(bytes: &[u8], sheet: &str) -> Result<Range<Data>, ReadError> {
    let workbook = |e: calamine::XlsxError| ReadError::Workbook(e.to_string());
    let mut book: Xlsx<_> = calamine::open_workbook_from_rs(Cursor::new(bytes)).map_err(workbook)?;
    let mut reader = book.worksheet_cells_reader(sheet).map_err(workbook)?;
    let mut cells = Vec::new();
    let (mut top, mut bottom, mut left, mut right) = (u32::MAX, 0, u32::MAX, 0);
    while let Some(cell) = reader.next_cell().map_err(workbook)? {
        let value = Data::from(cell.get_value().clone());
        if value == Data::Empty {
            continue;
        }
        let (row, column) = cell.get_position();
        (top, bottom, left, right) = (top.min(row), bottom.max(row), left.min(column), right.max(column));
        check(u64::from(bottom - top) + 1, u64::from(right - left) + 1)?;
        cells.push(Cell::new((row, column), value));
    }
    Ok(Range::from_sparse(cells))
}

/// How far the largest table of an ODS file reaches: the rows up to the
/// last one with something in it, and the widest of those rows, each
/// repeat counted (as calamine will lay them out); `None` for a file that
/// is not an ODS.
fn ods_extent(bytes: &[u8]) -> Result<Option<(u64, u64)>, ReadError> {
    let broken = |e: &dyn std::fmt::Display| ReadError::Workbook(e.to_string());
    let Ok(mut zip) = zip::ZipArchive::new(Cursor::new(bytes)) else { return Ok(None) };
    let Ok(content) = zip.by_name("content.xml") else { return Ok(None) };
    // The XML itself is bounded: an upload is, and a file on the command
    // line is its owner's.
    let mut xml = String::new();
    content.take(256 << 20).read_to_string(&mut xml).map_err(|e| broken(&e))?;
    let mut reader = quick_xml::Reader::from_str(&xml);
    let mut largest = (0u64, 0u64);
    let (mut rows, mut last_row, mut widest) = (0u64, 0u64, 0u64);
    let (mut in_table, mut row_repeat, mut width, mut filled) = (false, 1u64, 0u64, 0u64);
    loop {
        let event = reader.read_event().map_err(|e| broken(&e))?;
        match &event {
            Event::Start(e) | Event::Empty(e) => match e.name().0 {
                "table:table" => (in_table, rows, last_row, widest) = (true, 0, 0, 0),
                "table:table-row" if in_table => {
                    (row_repeat, width, filled) = (repeats(e, "table:number-rows-repeated")?, 0, 0);
                    if matches!(event, Event::Empty(_)) {
                        rows = rows.saturating_add(row_repeat);
                    }
                }
                "table:table-cell" | "table:covered-table-cell" if in_table => {
                    width = width.saturating_add(repeats(e, "table:number-columns-repeated")?);
                    // A cell with a value, a formula or content counts;
                    // empty cells at the end of a row do not.
                    let has_value =
                        e.attributes().flatten().any(|a| matches!(a.key.0, "office:value-type" | "table:formula"));
                    if has_value || matches!(event, Event::Start(_)) {
                        filled = width;
                    }
                }
                _ => {}
            },
            Event::End(e) if in_table && e.name().0 == "table:table-row" => {
                rows = rows.saturating_add(row_repeat);
                if filled > 0 {
                    (last_row, widest) = (rows, widest.max(filled));
                }
            }
            Event::End(e) if e.name().0 == "table:table" => {
                in_table = false;
                if last_row.saturating_mul(widest) > largest.0.saturating_mul(largest.1) {
                    largest = (last_row, widest);
                }
            }
            Event::Eof => break,
            _ => {}
        }
    }
    Ok(Some(largest))
}

fn repeats(e: &BytesStart, name: &str) -> Result<u64, ReadError> {
    match e.try_get_attribute(name) {
        Ok(Some(a)) => {
            a.value.trim().parse::<u64>().ok().ok_or_else(|| ReadError::Workbook(format!("{} illisible", name)))
        }
        Ok(None) => Ok(1),
        Err(e) => Err(ReadError::Workbook(e.to_string())),
    }
}
