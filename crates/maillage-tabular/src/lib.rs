//! Tables out to the formats communes use: CSV (`;`, UTF-8 with a byte
//! order mark, so that French Excel opens accents and columns right) and
//! XLSX (one sheet per table, bold frozen header with a filter on every
//! column, fitted columns, dates as dates, amounts in euros, a total row).
//!
//! Pure functions from [`Sheet`] to bytes; what goes in a sheet is decided
//! by the caller. And tables in: [`read`] takes a CSV or a workbook.

pub mod read;

pub use read::{ReadError, Row, Table, read};

#[derive(Debug, Clone, PartialEq)]
pub enum Cell {
    Text(String),
    Number(f64),
    /// A calendar date: a real date in XLSX, `JJ/MM/AAAA` in CSV.
    Date(chrono::NaiveDate),
    /// Whole euros: shown « 12 500 € » in XLSX, a plain number in CSV.
    Euros(i64),
    Empty,
}

impl From<chrono::NaiveDate> for Cell {
    fn from(d: chrono::NaiveDate) -> Self {
        Cell::Date(d)
    }
}

impl From<&str> for Cell {
    fn from(s: &str) -> Self {
        Cell::Text(s.to_owned())
    }
}

impl From<String> for Cell {
    fn from(s: String) -> Self {
        Cell::Text(s)
    }
}

impl From<i64> for Cell {
    fn from(n: i64) -> Self {
        Cell::Number(n as f64)
    }
}

impl From<i32> for Cell {
    fn from(n: i32) -> Self {
        Cell::Number(n.into())
    }
}

impl<T: Into<Cell>> From<Option<T>> for Cell {
    fn from(v: Option<T>) -> Self {
        v.map_or(Cell::Empty, Into::into)
    }
}

impl From<f64> for Cell {
    fn from(n: f64) -> Self {
        Cell::Number(n)
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Sheet {
    /// At most 31 characters (an XLSX limit), no `[]:*?/\`.
    pub name: String,
    pub headers: Vec<String>,
    pub rows: Vec<Vec<Cell>>,
    /// A last row of totals, outside the filtered range; empty for none.
    pub totals: Vec<Cell>,
}

impl Sheet {
    pub fn new(name: &str, headers: &[&str], rows: Vec<Vec<Cell>>) -> Sheet {
        Sheet {
            name: name.to_owned(),
            headers: headers.iter().map(|h| (*h).to_owned()).collect(),
            rows,
            totals: vec![],
        }
    }

    pub fn with_totals(self, totals: Vec<Cell>) -> Sheet {
        Sheet { totals, ..self }
    }
}

#[derive(Debug, thiserror::Error)]
pub enum ExportError {
    #[error("export XLSX : {0}")]
    Xlsx(#[from] rust_xlsxwriter::XlsxError),
    #[error("export CSV : {0}")]
    Csv(#[from] csv::Error),
}

/// A French-style number: decimal comma, no thousands separator (so that a
/// spreadsheet reads it back as a number).
fn csv_number(n: f64) -> String {
    if n.fract() == 0.0 && n.abs() < 1e15 { format!("{}", n as i64) } else { n.to_string().replace('.', ",") }
}

/// A text cell a spreadsheet would run as a formula (`=`, `+`, `-`, `@`, or a
/// tab or carriage return first) gets a leading apostrophe, as OWASP
/// recommends for CSV injection: whoever types a title must not plant
/// `=HYPERLINK(…)` in what the elected open. Numbers are written as numbers.
fn csv_text(s: &str) -> String {
    match s.chars().next() {
        Some('=' | '+' | '-' | '@' | '\t' | '\r') => format!("'{s}"),
        _ => s.to_owned(),
    }
}

pub fn to_csv(sheet: &Sheet) -> Result<Vec<u8>, ExportError> {
    let mut out = "\u{feff}".as_bytes().to_vec();
    {
        let mut writer =
            csv::WriterBuilder::new().delimiter(b';').terminator(csv::Terminator::CRLF).from_writer(&mut out);
        writer.write_record(&sheet.headers)?;
        let rows = sheet.rows.iter().chain((!sheet.totals.is_empty()).then_some(&sheet.totals));
        for row in rows {
            writer.write_record(row.iter().map(|c| match c {
                Cell::Text(s) => csv_text(s),
                Cell::Number(n) => csv_number(*n),
                Cell::Date(d) => d.format("%d/%m/%Y").to_string(),
                Cell::Euros(n) => n.to_string(),
                Cell::Empty => String::new(),
            }))?;
        }
        writer.flush().map_err(csv::Error::from)?;
    }
    Ok(out)
}

/// Days since 30/12/1899: how a spreadsheet stores a date.
fn serial_date(d: chrono::NaiveDate) -> f64 {
    let epoch = chrono::NaiveDate::from_ymd_opt(1899, 12, 30).expect("a valid date");
    (d - epoch).num_days() as f64
}

pub fn to_xlsx(sheets: &[Sheet]) -> Result<Vec<u8>, ExportError> {
    use rust_xlsxwriter::{Format, Workbook, Worksheet};
    let mut workbook = Workbook::new();
    let bold = Format::new().set_bold();
    let date = Format::new().set_num_format("dd/mm/yyyy");
    let euros = Format::new().set_num_format("#,##0\\ \"€\"");
    let write = |ws: &mut Worksheet, r: u32, row: &[Cell], extra: &Format| -> Result<(), ExportError> {
        for (col, cell) in row.iter().enumerate() {
            let col = col as u16;
            match cell {
                Cell::Text(s) => ws.write_string_with_format(r, col, s, extra).map(|_| ())?,
                Cell::Number(n) => ws.write_number_with_format(r, col, *n, extra).map(|_| ())?,
                Cell::Date(d) => {
                    ws.write_number_with_format(r, col, serial_date(*d), &date.clone().merge(extra)).map(|_| ())?
                }
                Cell::Euros(n) => {
                    ws.write_number_with_format(r, col, *n as f64, &euros.clone().merge(extra)).map(|_| ())?
                }
                Cell::Empty => {}
            }
        }
        Ok(())
    };
    for sheet in sheets {
        let ws = workbook.add_worksheet();
        ws.set_name(&sheet.name)?;
        for (col, header) in sheet.headers.iter().enumerate() {
            ws.write_string_with_format(0, col as u16, header, &bold)?;
        }
        for (r, row) in sheet.rows.iter().enumerate() {
            write(ws, r as u32 + 1, row, &Format::new())?;
        }
        let last_col = sheet.headers.len().saturating_sub(1) as u16;
        ws.autofilter(0, 0, sheet.rows.len() as u32, last_col)?;
        if !sheet.totals.is_empty() {
            write(ws, sheet.rows.len() as u32 + 1, &sheet.totals, &bold)?;
        }
        ws.set_freeze_panes(1, 0)?;
        ws.autofit();
    }
    Ok(workbook.save_to_buffer()?)
}

#[cfg(test)]
mod tests {
    use super::*;
    use calamine::{Data, Reader, Xlsx};

    fn sheet() -> Sheet {
        Sheet::new(
            "Actions",
            &["Code", "Intitulé", "Avancement", "Taux"],
            vec![
                vec!["1.1".into(), "Mettre en place « l'aller vers… »; ensuite".into(), 45.into(), 12.5.into()],
                vec!["1.2".into(), "Ligne\nsur deux lignes".into(), Cell::Empty, Cell::Empty],
            ],
        )
    }

    #[test]
    fn csv_is_semicolon_separated_utf8_with_bom_and_quotes_what_needs_it() {
        let bytes = to_csv(&sheet()).unwrap();
        assert!(bytes.starts_with("\u{feff}".as_bytes()));
        let text = String::from_utf8(bytes).unwrap();
        let mut lines = text.trim_start_matches('\u{feff}').split("\r\n");
        assert_eq!(lines.next(), Some("Code;Intitulé;Avancement;Taux"));
        assert_eq!(lines.next(), Some("1.1;\"Mettre en place « l'aller vers… »; ensuite\";45;12,5"));
        // Read back with a CSV reader: the same cells.
        let body = text.trim_start_matches('\u{feff}');
        let mut reader = csv::ReaderBuilder::new().delimiter(b';').from_reader(body.as_bytes());
        let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
        assert_eq!(&rows[1][1], "Ligne\nsur deux lignes");
    }

    #[test]
    fn csv_neutralises_formulas_in_text_but_keeps_negative_numbers() {
        let rows = ["=HYPERLINK(\"http://x\";\"clic\")", "+1", "-2+3", "@SUM(A1)", "\tcmd", "\rcmd", "sans danger"]
            .iter()
            .map(|t| vec![Cell::from(*t), Cell::Number(-12.5)])
            .collect();
        let hostile = Sheet::new("Actions", &["Intitulé", "Montant"], rows);
        let text = String::from_utf8(to_csv(&hostile).unwrap()).unwrap();
        let body = text.trim_start_matches('\u{feff}');
        let mut reader = csv::ReaderBuilder::new().delimiter(b';').from_reader(body.as_bytes());
        let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
        let firsts: Vec<&str> = rows.iter().map(|r| &r[0]).collect();
        assert_eq!(
            firsts,
            ["'=HYPERLINK(\"http://x\";\"clic\")", "'+1", "'-2+3", "'@SUM(A1)", "'\tcmd", "'\rcmd", "sans danger"]
        );
        assert!(rows.iter().all(|r| &r[1] == "-12,5"), "numbers stay numbers");
    }

    #[test]
    fn xlsx_writes_a_formula_looking_title_as_plain_text() {
        let sheet = Sheet::new("Actions", &["Intitulé"], vec![vec!["=HYPERLINK(\"http://x\")".into()]]);
        let bytes = to_xlsx(&[sheet]).unwrap();
        let mut book: Xlsx<_> = calamine::open_workbook_from_rs(std::io::Cursor::new(bytes)).unwrap();
        let formulas = book.worksheet_formula("Actions").unwrap();
        assert!(formulas.cells().all(|(_, _, f)| f.is_empty()), "no formula in the workbook");
        let range = book.worksheet_range("Actions").unwrap();
        assert_eq!(range.get((1, 0)), Some(&Data::String("=HYPERLINK(\"http://x\")".into())));
    }

    #[test]
    fn xlsx_reads_back_with_the_same_cells() {
        let bytes = to_xlsx(&[sheet()]).unwrap();
        let mut book: Xlsx<_> = calamine::open_workbook_from_rs(std::io::Cursor::new(bytes)).unwrap();
        assert_eq!(book.sheet_names(), vec!["Actions".to_owned()]);
        let range = book.worksheet_range("Actions").unwrap();
        assert_eq!(range.get((0, 1)), Some(&Data::String("Intitulé".into())));
        assert_eq!(range.get((1, 2)), Some(&Data::Float(45.0)));
        assert_eq!(range.get((1, 3)), Some(&Data::Float(12.5)));
        assert_eq!(range.get((2, 1)), Some(&Data::String("Ligne\nsur deux lignes".into())));
    }

    #[test]
    fn dates_and_euros_are_real_dates_and_numbers_with_a_filter_and_a_total_row() {
        let d = chrono::NaiveDate::from_ymd_opt(2025, 3, 12).unwrap();
        let sheet = Sheet::new("Budget", &["Date", "Prévu (€)"], vec![vec![d.into(), Cell::Euros(12_500)]])
            .with_totals(vec!["Total".into(), Cell::Euros(12_500)]);
        let text = String::from_utf8(to_csv(&sheet).unwrap()).unwrap();
        assert!(text.contains("12/03/2025;12500\r\nTotal;12500"), "{text}");
        let bytes = to_xlsx(&[sheet]).unwrap();
        let mut book: Xlsx<_> = calamine::open_workbook_from_rs(std::io::Cursor::new(bytes.clone())).unwrap();
        let range = book.worksheet_range("Budget").unwrap();
        assert!(
            matches!(range.get((1, 0)), Some(Data::DateTime(dt)) if dt.as_f64() == 45728.0),
            "{:?}",
            range.get((1, 0))
        );
        assert_eq!(range.get((1, 1)), Some(&Data::Float(12500.0)));
        assert_eq!(range.get((2, 0)), Some(&Data::String("Total".into())));
        let xml = unzip_entry(&bytes, "xl/worksheets/sheet1.xml");
        assert!(
            xml.contains("<autoFilter ref=\"A1:B2\""),
            "the filter covers the header and rows, not the total: {xml}"
        );
        let styles = unzip_entry(&bytes, "xl/styles.xml");
        assert!(styles.contains("formatCode=\"#,##0\\ &quot;€&quot;\""), "{styles}");
    }

    /// One file of the XLSX (a zip), as text.
    fn unzip_entry(bytes: &[u8], name: &str) -> String {
        let mut archive = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
        let mut file = archive.by_name(name).unwrap();
        let mut text = String::new();
        std::io::Read::read_to_string(&mut file, &mut text).unwrap();
        text
    }
}
