//! Tables in, from the files communes have: CSV separated by `;`, `,` or
//! tabs, in UTF-8 (with or without a byte order mark) or in Windows-1252
//! as French Excel saves it; XLSX, XLS and ODS workbooks (their first
//! sheet). Every row keeps the line number a person sees in their
//! spreadsheet, so an error can name it. Cells come out as text: what a
//! cell means is the importer's business.

use calamine::Data;

mod workbook;
pub use workbook::MAX_CELLS;

/// A file's first sheet: its header, then its rows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Table {
    pub headers: Vec<String>,
    pub rows: Vec<Row>,
    /// How the file was read, in words (« CSV UTF-8, séparateur ; »).
    pub read_as: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Row {
    /// The row's line in the file or the sheet, counted from 1.
    pub line: usize,
    /// As many cells as headers; trimmed.
    pub cells: Vec<String>,
}

impl Row {
    /// Nothing in any cell: a blank line, or `;;;`.
    pub fn is_empty(&self) -> bool {
        self.cells.iter().all(String::is_empty)
    }
}

/// Why a file could not be read at all. Errors of one row are the
/// importer's to report, line by line.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ReadError {
    #[error("Le fichier est vide.")]
    Empty,
    #[error(
        "Ce fichier est en UTF-16 : enregistrez-le au format « CSV UTF-8 » ou « CSV (séparateur : point-virgule) »."
    )]
    Utf16,
    #[error("Ce fichier n'est ni un tableau CSV, ni un classeur XLSX, XLS ou ODS.")]
    NotATable,
    #[error(
        "Ligne {line} : un caractère est illisible (octet {byte:#04X}) : le fichier mélange deux encodages. Enregistrez-le à nouveau au format « CSV UTF-8 »."
    )]
    MixedEncoding { line: usize, byte: u8 },
    /// What the workbook reader said, kept for the logs: people read the message.
    #[error("Le classeur ne s'ouvre pas : enregistrez-le à nouveau depuis votre tableur, en XLSX ou en ODS.")]
    Workbook(String),
    #[error(
        "Ce fichier a {0} colonnes : une liste en a quelques dizaines au plus ; vérifiez le séparateur, ou gardez les colonnes utiles."
    )]
    TooManyColumns(usize),
    #[error("La première ligne doit nommer les colonnes ; la colonne {0} n'a pas de nom.")]
    UnnamedColumn(usize),
    #[error("Deux colonnes s'appellent « {0} » : renommez l'une d'elles.")]
    DuplicateHeader(String),
    #[error("Ligne {line} : {cells} cellules pour {headers} colonnes ; un séparateur est peut-être de trop.")]
    TooManyCells { line: usize, cells: usize, headers: usize },
    #[error("Ligne {0} : un guillemet n'est pas refermé, ou le fichier est abîmé.")]
    Csv(usize),
    #[error(
        "Ce classeur est trop grand : sa première feuille s'étend sur {rows} lignes et {columns} colonnes, plus de 5 000 000 de cellules. Supprimez les lignes et les colonnes vides en trop, ou enregistrez la feuille en CSV."
    )]
    TooLarge { rows: u64, columns: u64 },
    #[error("Les classeurs XLSB ne sont pas lus : enregistrez-le en XLSX, en ODS ou en CSV.")]
    Xlsb,
}

/// Reads a CSV or a workbook, whichever `bytes` hold.
pub fn read(bytes: &[u8]) -> Result<Table, ReadError> {
    if bytes.iter().all(|b| b.is_ascii_whitespace()) {
        return Err(ReadError::Empty);
    }
    // XLSX and ODS are zip archives; XLS is an OLE compound file.
    if bytes.starts_with(b"PK\x03\x04") || bytes.starts_with(&[0xD0, 0xCF, 0x11, 0xE0]) {
        return read_workbook(bytes);
    }
    if bytes.starts_with(&[0xFF, 0xFE]) || bytes.starts_with(&[0xFE, 0xFF]) {
        return Err(ReadError::Utf16);
    }
    if bytes.contains(&0) {
        return Err(ReadError::NotATable);
    }
    let (body, bom) = match bytes.strip_prefix(b"\xEF\xBB\xBF") {
        Some(rest) => (rest, true),
        None => (bytes, false),
    };
    let (text, encoding) = match std::str::from_utf8(body) {
        Ok(s) => (s.to_owned(), "UTF-8"),
        // A file that says it is UTF-8 (a BOM) or writes accents the UTF-8
        // way elsewhere has a stray byte: decoding it all as Windows-1252
        // would turn every « é » into « Ã© » without a word.
        Err(e) if bom || writes_utf8_accents(body) => {
            let line = 1 + body[..e.valid_up_to()].iter().filter(|b| **b == b'\n').count();
            return Err(ReadError::MixedEncoding { line, byte: body[e.valid_up_to()] });
        }
        // Not UTF-8: what French Excel writes by default.
        Err(_) => (encoding_rs::WINDOWS_1252.decode_without_bom_handling(body).0.into_owned(), "Windows-1252"),
    };
    read_csv(&text, encoding)
}

/// Whether `bytes` hold a character beyond ASCII written as UTF-8 writes
/// it (Windows-1252 text almost never forms such a sequence).
fn writes_utf8_accents(bytes: &[u8]) -> bool {
    bytes.utf8_chunks().any(|chunk| !chunk.valid().is_ascii())
}

/// The separator of the header line: the most frequent of `;`, `,` and tab
/// outside quotes (`;` when none is there: a one-column file).
fn separator(text: &str) -> u8 {
    let header = text.lines().next().unwrap_or("");
    let mut quoted = false;
    let mut counts = [0usize; 3];
    for c in header.chars() {
        match c {
            '"' => quoted = !quoted,
            ';' if !quoted => counts[0] += 1,
            ',' if !quoted => counts[1] += 1,
            '\t' if !quoted => counts[2] += 1,
            _ => {}
        }
    }
    let best = (0..3).max_by_key(|i| (counts[*i], std::cmp::Reverse(*i))).unwrap_or(0);
    if counts[best] == 0 { b';' } else { [b';', b',', b'\t'][best] }
}

fn read_csv(text: &str, encoding: &str) -> Result<Table, ReadError> {
    // The csv reader counts lines on `\n` alone: Windows' `\r\n` (and old
    // Macs' `\r`) would shift every line number after the first.
    let text = &text.replace("\r\n", "\n").replace('\r', "\n");
    let sep = separator(text);
    let mut reader =
        csv::ReaderBuilder::new().delimiter(sep).has_headers(false).flexible(true).from_reader(text.as_bytes());
    let mut records = reader.records();
    let header = records.next().ok_or(ReadError::Empty)?.map_err(|_| ReadError::Csv(1))?;
    let headers = check_headers(header.iter().map(str::to_owned).collect())?;
    let mut rows = Vec::new();
    // The csv reader skips blank lines: the gap between where a record
    // ended and where the next begins shows them.
    let mut next_line = reader_line(&header) + record_lines(&header);
    for record in records {
        let record = record.map_err(|e| ReadError::Csv(e.position().map_or(next_line, |p| p.line() as usize)))?;
        let line = reader_line(&record);
        for blank in next_line..line {
            rows.push(Row { line: blank, cells: vec![String::new(); headers.len()] });
        }
        let cells: Vec<String> = record.iter().map(|c| c.trim().to_owned()).collect();
        rows.push(fit(line, cells, headers.len())?);
        next_line = line + record_lines(&record);
    }
    let name = match sep {
        b';' => "point-virgule",
        b',' => "virgule",
        _ => "tabulation",
    };
    Ok(Table { headers, rows: without_trailing_blanks(rows), read_as: format!("CSV {encoding}, séparateur {name}") })
}

fn reader_line(r: &csv::StringRecord) -> usize {
    r.position().map_or(1, |p| p.line() as usize)
}

/// How many lines a record spans (a quoted cell may hold line breaks).
fn record_lines(r: &csv::StringRecord) -> usize {
    1 + r.iter().map(|c| c.matches('\n').count()).sum::<usize>()
}

/// A row of the header's width: missing cells at the end are empty (some
/// tools drop them), extra non-empty ones are an error.
fn fit(line: usize, mut cells: Vec<String>, width: usize) -> Result<Row, ReadError> {
    while cells.len() > width && cells.last().is_some_and(String::is_empty) {
        cells.pop();
    }
    if cells.len() > width {
        return Err(ReadError::TooManyCells { line, cells: cells.len(), headers: width });
    }
    cells.resize(width, String::new());
    Ok(Row { line, cells })
}

/// Blank rows at the very end are invisible in a spreadsheet: dropped.
/// Those in between are kept, for the importer to report.
fn without_trailing_blanks(mut rows: Vec<Row>) -> Vec<Row> {
    while rows.last().is_some_and(Row::is_empty) {
        rows.pop();
    }
    rows
}

/// The most columns a list may have: beyond, it is not a list (or the
/// separator was misread), and every step after would cost for nothing.
pub const MAX_COLUMNS: usize = 200;

/// Headers as a person reads them: a line break or a double space inside
/// one is a single space (a browser would send it so from a form).
fn check_headers(raw: Vec<String>) -> Result<Vec<String>, ReadError> {
    let mut headers: Vec<String> = raw.iter().map(|h| h.split_whitespace().collect::<Vec<_>>().join(" ")).collect();
    while headers.last().is_some_and(String::is_empty) {
        headers.pop();
    }
    if headers.is_empty() {
        return Err(ReadError::Empty);
    }
    if headers.len() > MAX_COLUMNS {
        return Err(ReadError::TooManyColumns(headers.len()));
    }
    let mut seen = std::collections::HashSet::new();
    for (i, h) in headers.iter().enumerate() {
        if h.is_empty() {
            return Err(ReadError::UnnamedColumn(i + 1));
        }
        if !seen.insert(h.to_lowercase()) {
            return Err(ReadError::DuplicateHeader(h.clone()));
        }
    }
    Ok(headers)
}

/// A spreadsheet's value as a person would type it: `12`, `2,5`, a date
/// as `2025-03-01`, « oui » / « non ».
fn cell_text(d: &Data) -> String {
    match d {
        Data::Empty => String::new(),
        Data::String(s) => s.trim().to_owned(),
        Data::Int(i) => i.to_string(),
        Data::Float(f) if f.fract() == 0.0 && f.abs() < 1e15 => format!("{}", *f as i64),
        Data::Float(f) => f.to_string().replace('.', ","),
        Data::Bool(b) => if *b { "oui" } else { "non" }.to_owned(),
        // Days since 30/12/1899, as spreadsheets store dates.
        // A serial no calendar holds stays a number: the importer says the
        // date is wrong, where an empty cell would mean « today ».
        Data::DateTime(d) => chrono::NaiveDate::from_ymd_opt(1899, 12, 30)
            .zip(chrono::TimeDelta::try_days(d.as_f64().floor() as i64))
            .and_then(|(epoch, days)| epoch.checked_add_signed(days))
            .map_or_else(|| d.as_f64().to_string(), |day| day.to_string()),
        Data::DateTimeIso(s) => s.get(..10).unwrap_or(s).to_owned(),
        Data::DurationIso(s) => s.clone(),
        Data::Error(e) => format!("#{e}"),
    }
}

fn read_workbook(bytes: &[u8]) -> Result<Table, ReadError> {
    let (kind, first, range) = workbook::first_sheet(bytes)?;
    let top = range.start().map_or(0, |(row, _)| row as usize);
    let mut lines = range.rows().enumerate().map(|(i, cells)| (top + i + 1, cells));
    let (_, header) = lines.next().ok_or(ReadError::Empty)?;
    let headers = check_headers(header.iter().map(cell_text).collect())?;
    let mut rows = Vec::new();
    for (line, cells) in lines {
        rows.push(fit(line, cells.iter().map(cell_text).collect(), headers.len())?);
    }
    Ok(Table {
        headers, rows: without_trailing_blanks(rows), read_as: format!("classeur {kind}, feuille « {first} »")
    })
}

#[cfg(test)]
mod tests;
