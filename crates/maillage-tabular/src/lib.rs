//! Tables out to the formats communes use: CSV (`;`, UTF-8 with a byte
//! order mark, so that French Excel opens accents and columns right) and
//! XLSX (one sheet per table, bold frozen header, fitted columns).
//!
//! Pure functions from [`Sheet`] to bytes; what goes in a sheet is decided
//! by the caller.

#[derive(Debug, Clone, PartialEq)]
pub enum Cell {
    Text(String),
    Number(f64),
    Empty,
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
        for row in &sheet.rows {
            writer.write_record(row.iter().map(|c| match c {
                Cell::Text(s) => csv_text(s),
                Cell::Number(n) => csv_number(*n),
                Cell::Empty => String::new(),
            }))?;
        }
        writer.flush().map_err(csv::Error::from)?;
    }
    Ok(out)
}

pub fn to_xlsx(sheets: &[Sheet]) -> Result<Vec<u8>, ExportError> {
    use rust_xlsxwriter::{Format, Workbook};
    let mut workbook = Workbook::new();
    let bold = Format::new().set_bold();
    for sheet in sheets {
        let ws = workbook.add_worksheet();
        ws.set_name(&sheet.name)?;
        for (col, header) in sheet.headers.iter().enumerate() {
            ws.write_string_with_format(0, col as u16, header, &bold)?;
        }
        for (r, row) in sheet.rows.iter().enumerate() {
            let r = r as u32 + 1;
            for (col, cell) in row.iter().enumerate() {
                match cell {
                    Cell::Text(s) => {
                        ws.write_string(r, col as u16, s)?;
                    }
                    Cell::Number(n) => {
                        ws.write_number(r, col as u16, *n)?;
                    }
                    Cell::Empty => {}
                }
            }
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
        Sheet {
            name: "Actions".into(),
            headers: vec!["Code".into(), "Intitulé".into(), "Avancement".into(), "Taux".into()],
            rows: vec![
                vec!["1.1".into(), "Mettre en place « l'aller vers… »; ensuite".into(), 45.into(), 12.5.into()],
                vec!["1.2".into(), "Ligne\nsur deux lignes".into(), Cell::Empty, Cell::Empty],
            ],
        }
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
        let hostile = Sheet {
            name: "Actions".into(),
            headers: vec!["Intitulé".into(), "Montant".into()],
            rows: ["=HYPERLINK(\"http://x\";\"clic\")", "+1", "-2+3", "@SUM(A1)", "\tcmd", "\rcmd", "sans danger"]
                .iter()
                .map(|t| vec![Cell::from(*t), Cell::Number(-12.5)])
                .collect(),
        };
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
        let sheet = Sheet {
            name: "Actions".into(),
            headers: vec!["Intitulé".into()],
            rows: vec![vec!["=HYPERLINK(\"http://x\")".into()]],
        };
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
}
