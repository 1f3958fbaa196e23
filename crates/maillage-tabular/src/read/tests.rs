use std::io::{Cursor, Write};

use super::*;
use crate::{Cell, Sheet, to_xlsx};

fn cells(t: &Table) -> Vec<(usize, Vec<&str>)> {
    t.rows.iter().map(|r| (r.line, r.cells.iter().map(String::as_str).collect())).collect()
}

#[test]
fn french_excel_csv_in_windows_1252_with_semicolons() {
    // « Hélène;Lefèvre » as Excel saves it on a French Windows: é = 0xE9, è = 0xE8.
    let bytes = b"Pr\xe9nom;Nom;Places\r\nH\xe9l\xe8ne;Lef\xe8vre;3\r\n";
    let t = read(bytes).unwrap();
    assert_eq!(t.headers, ["Prénom", "Nom", "Places"]);
    assert_eq!(cells(&t), [(2, vec!["Hélène", "Lefèvre", "3"])]);
    assert_eq!(t.read_as, "CSV Windows-1252, séparateur point-virgule");
}

#[test]
fn a_utf8_file_with_one_stray_byte_is_refused_at_its_line() {
    // « Hélène » written the UTF-8 way, then « Lefèvre » the Windows way.
    let bytes = b"Nom;Pr\xC3\xA9nom\nDIALLO;Awa\nLef\xE8vre;H\xC3\xA9l\xC3\xA8ne\n";
    assert_eq!(read(bytes), Err(ReadError::MixedEncoding { line: 3, byte: 0xE8 }));
    let message = read(bytes).unwrap_err().to_string();
    assert!(message.starts_with("Ligne 3 : un caractère est illisible (octet 0xE8)"), "{message}");
    // With a byte order mark, even a file of ASCII accents-free lines says so.
    let bom = b"\xEF\xBB\xBFNom;Prenom\nDIALLO;Awa\nROUX;K\xE9vin\n";
    assert_eq!(read(bom), Err(ReadError::MixedEncoding { line: 3, byte: 0xE9 }));
}

#[test]
fn utf8_with_a_byte_order_mark_and_commas() {
    let t = read("\u{feff}Nom,Secteur\nDiallo,\"Centre, rive gauche\"\n".as_bytes()).unwrap();
    assert_eq!(t.headers, ["Nom", "Secteur"], "no BOM left in the first header");
    assert_eq!(cells(&t), [(2, vec!["Diallo", "Centre, rive gauche"])]);
    assert_eq!(t.read_as, "CSV UTF-8, séparateur virgule");
}

#[test]
fn blank_lines_inside_are_kept_with_their_line_and_those_at_the_end_dropped() {
    let text = "Nom;Ville\nA;x\n\n;\n\"B\nbis\";y\nC;z\n\n;;\n\n";
    let t = read(text.as_bytes()).unwrap();
    assert_eq!(
        cells(&t),
        [(2, vec!["A", "x"]), (3, vec!["", ""]), (4, vec!["", ""]), (5, vec!["B\nbis", "y"]), (7, vec!["C", "z"])],
        "a quoted line break does not shift the lines after it"
    );
    assert!(t.rows[1].is_empty() && t.rows[2].is_empty());
}

#[test]
fn a_header_on_two_lines_reads_as_one_and_shifts_no_line() {
    let t = read("Nom;\"N°  d'agrément\nPMI\"\nDiallo;AM-1\n".as_bytes()).unwrap();
    assert_eq!(t.headers, ["Nom", "N° d'agrément PMI"]);
    assert_eq!(cells(&t), [(3, vec!["Diallo", "AM-1"])], "no phantom blank line");
}

#[test]
fn short_rows_are_padded_and_long_ones_refused_with_their_line() {
    let t = read(b"a;b;c\n1;2\n").unwrap();
    assert_eq!(cells(&t), [(2, vec!["1", "2", ""])]);
    assert_eq!(read(b"a;b\n1;2\n1;2;3\n").unwrap_err(), ReadError::TooManyCells { line: 3, cells: 3, headers: 2 });
    assert_eq!(read(b"a;b\n1;2;;\n").unwrap().rows[0].cells, ["1", "2"], "empty extra cells are nothing");
}

#[test]
fn what_cannot_be_read_says_why_in_french() {
    assert_eq!(read(b"").unwrap_err(), ReadError::Empty);
    assert_eq!(read(b" \r\n ").unwrap_err(), ReadError::Empty);
    assert_eq!(read(&[0xFF, 0xFE, b'N', 0]).unwrap_err(), ReadError::Utf16);
    assert_eq!(read(b"\x7fELF\x00\x01").unwrap_err(), ReadError::NotATable);
    assert_eq!(read(b"Nom;;Ville\n").unwrap_err(), ReadError::UnnamedColumn(2));
    assert_eq!(read(b"Nom;nom\n").unwrap_err(), ReadError::DuplicateHeader("nom".into()));
    assert!(matches!(read(b"PK\x03\x04broken").unwrap_err(), ReadError::Workbook(_)));
    assert!(ReadError::Utf16.to_string().contains("CSV UTF-8"));
    let wide = (0..=MAX_COLUMNS).map(|i| format!("c{i}")).collect::<Vec<_>>().join(";");
    assert_eq!(read(wide.as_bytes()).unwrap_err(), ReadError::TooManyColumns(MAX_COLUMNS + 1));
}

#[test]
fn an_xlsx_reads_back_numbers_dates_and_text() {
    let day = chrono::NaiveDate::from_ymd_opt(2025, 3, 1).unwrap();
    let sheet = Sheet::new(
        "Liste",
        &["Nom", "Places", "Depuis", "Note"],
        vec![
            vec![Cell::from("Diallo"), Cell::Number(3.0), Cell::Date(day), Cell::Number(2.5)],
            vec![Cell::Empty, Cell::Empty, Cell::Empty, Cell::Empty],
            vec![Cell::from("=1+1"), Cell::Number(1.0), Cell::Empty, Cell::Empty],
        ],
    );
    let t = read(&to_xlsx(&[sheet]).unwrap()).unwrap();
    assert_eq!(t.headers, ["Nom", "Places", "Depuis", "Note"]);
    assert_eq!(
        cells(&t),
        [(2, vec!["Diallo", "3", "2025-03-01", "2,5"]), (3, vec!["", "", "", ""]), (4, vec!["=1+1", "1", "", ""])],
        "a formula-looking text stays text"
    );
    assert_eq!(t.read_as, "classeur XLSX, feuille « Liste »");
}

/// The smallest ODS a spreadsheet would open: a mimetype, a manifest and
/// the content.
fn ods(rows: &[&[&str]]) -> Vec<u8> {
    let mut table = String::new();
    for row in rows {
        table.push_str("<table:table-row>");
        for cell in *row {
            match cell.parse::<f64>() {
                Ok(n) => table.push_str(&format!(
                    r#"<table:table-cell office:value-type="float" office:value="{n}"><text:p>{cell}</text:p></table:table-cell>"#
                )),
                Err(_) => table.push_str(&format!(
                    r#"<table:table-cell office:value-type="string"><text:p>{cell}</text:p></table:table-cell>"#
                )),
            }
        }
        table.push_str("</table:table-row>");
    }
    ods_of(&table)
}

/// An ODS whose first table holds `table` (rows as XML).
fn ods_of(table: &str) -> Vec<u8> {
    let content = format!(
        r#"<?xml version="1.0" encoding="UTF-8"?><office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.2"><office:body><office:spreadsheet><table:table table:name="Assistantes">{table}</table:table></office:spreadsheet></office:body></office:document-content>"#
    );
    let manifest = r#"<?xml version="1.0" encoding="UTF-8"?><manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.2"><manifest:file-entry manifest:full-path="/" manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/><manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/></manifest:manifest>"#;
    let mut out = Cursor::new(Vec::new());
    {
        let mut zip = zip::ZipWriter::new(&mut out);
        let stored = zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
        zip.start_file("mimetype", stored).unwrap();
        zip.write_all(b"application/vnd.oasis.opendocument.spreadsheet").unwrap();
        zip.start_file("META-INF/manifest.xml", stored).unwrap();
        zip.write_all(manifest.as_bytes()).unwrap();
        zip.start_file("content.xml", stored).unwrap();
        zip.write_all(content.as_bytes()).unwrap();
        zip.finish().unwrap();
    }
    out.into_inner()
}

const STRING: &str = r#"<table:table-cell office:value-type="string"><text:p>x</text:p></table:table-cell>"#;

#[test]
fn a_sheet_of_millions_of_cells_is_refused_before_it_is_laid_out() {
    // 1.5 kB: one row of ten « x » repeated a million times.
    let row = r#"<table:table-row table:number-rows-repeated="1000000"><table:table-cell office:value-type="string" table:number-columns-repeated="10"><text:p>x</text:p></table:table-cell></table:table-row>"#;
    let file = ods_of(&format!("<table:table-row>{STRING}</table:table-row>{row}"));
    assert!(file.len() < 2_000);
    let err = read(&file).unwrap_err();
    assert_eq!(err, ReadError::TooLarge { rows: 1_000_001, columns: 10 });
    assert!(err.to_string().contains("1000001 lignes et 10 colonnes"), "{err}");

    // An XLSX naming its first and its very last cell.
    let mut book = rust_xlsxwriter::Workbook::new();
    let sheet = book.add_worksheet();
    sheet.write_string(0, 0, "Nom").unwrap();
    sheet.write_string(1_048_575, 16_383, "x").unwrap();
    let file = book.save_to_buffer().unwrap();
    assert_eq!(read(&file).unwrap_err(), ReadError::TooLarge { rows: 1_048_576, columns: 16_384 });
}

#[test]
fn the_empty_rows_and_columns_a_spreadsheet_saves_do_not_count() {
    // What LibreOffice writes: empty cells repeated to the sheet's edge on
    // each row, and after the last row a row of them repeated to the
    // bottom (a million rows of 1,024 columns, were they counted).
    let cell =
        |v: &str| format!(r#"<table:table-cell office:value-type="string"><text:p>{v}</text:p></table:table-cell>"#);
    let edge = r#"<table:table-cell table:number-columns-repeated="1021"/>"#;
    let row = |values: [&str; 3]| format!("<table:table-row>{}{edge}</table:table-row>", values.map(cell).concat());
    let bottom = r#"<table:table-row table:number-rows-repeated="1048574"><table:table-cell table:number-columns-repeated="1024"/></table:table-row>"#;
    let t = read(&ods_of(&format!("{}{}{bottom}", row(["Nom", "Agrément", "Places"]), row(["Lefèvre", "AM-2", "4"]))))
        .unwrap();
    assert_eq!(t.headers, ["Nom", "Agrément", "Places"]);
    assert_eq!(cells(&t), [(2, vec!["Lefèvre", "AM-2", "4"])]);
}

#[test]
fn an_ods_reads_its_first_sheet() {
    let t = read(&ods(&[&["Nom", "Agrément", "Places"], &["Lefèvre", "AM-2", "4"]])).unwrap();
    assert_eq!(t.headers, ["Nom", "Agrément", "Places"]);
    assert_eq!(cells(&t), [(2, vec!["Lefèvre", "AM-2", "4"])]);
    assert_eq!(t.read_as, "classeur ODS, feuille « Assistantes »");
}

#[test]
fn a_date_serial_no_calendar_holds_stays_a_number_and_never_panics() {
    use calamine::{ExcelDateTime, ExcelDateTimeType};
    let date = |serial: f64| cell_text(&Data::DateTime(ExcelDateTime::new(serial, ExcelDateTimeType::DateTime, false)));
    assert_eq!(date(45717.0), "2025-03-01");
    assert_eq!(date(99_999_999.0), "99999999", "not empty: an empty date would mean today");
    assert!(date(1e300).starts_with("1000"), "a number, not a panic");
    assert!(date(-1e300).starts_with("-1000"));
}
