//! Small charts drawn on the server as SVG: no JavaScript, a `<title>` for
//! screen readers, and the same figures always stand in a table beside
//! them. Coordinates are computed here; the templates only place them, so
//! every text they hold is escaped like any other.

/// The size of a sparkline, in SVG units (and CSS pixels).
pub const SPARK_WIDTH: f64 = 120.0;
pub const SPARK_HEIGHT: f64 = 36.0;
const PAD: f64 = 4.0;

/// An indicator over the years: its values as a line, its targets as ticks.
#[derive(Debug, Clone, serde::Serialize)]
pub struct Sparkline {
    /// What the chart says, in words (its `<title>`).
    pub title: String,
    /// The values' polyline, `x,y x,y…` (empty with fewer than two values).
    pub line: String,
    /// Each value as a dot.
    pub dots: Vec<(f64, f64)>,
    /// Each target as a short horizontal tick.
    pub targets: Vec<(f64, f64)>,
}

/// `series` is (year, target, value), oldest first. `None` when no year has
/// a figure.
pub fn sparkline(title: String, series: &[(i32, Option<f64>, Option<f64>)]) -> Option<Sparkline> {
    let figures: Vec<f64> = series.iter().flat_map(|(_, t, v)| [*t, *v]).flatten().filter(|f| f.is_finite()).collect();
    if figures.is_empty() {
        return None;
    }
    let (min, max) = figures.iter().fold((f64::MAX, f64::MIN), |(lo, hi), f| (lo.min(*f), hi.max(*f)));
    let span = if max > min { max - min } else { 1.0 };
    let first = series.first().map_or(0, |s| s.0);
    let years = series.last().map_or(0, |s| s.0) - first;
    let x = |year: i32| {
        if years == 0 {
            SPARK_WIDTH / 2.0
        } else {
            PAD + f64::from(year - first) / f64::from(years) * (SPARK_WIDTH - 2.0 * PAD)
        }
    };
    let y = |f: f64| {
        let y = if max > min {
            SPARK_HEIGHT - PAD - (f - min) / span * (SPARK_HEIGHT - 2.0 * PAD)
        } else {
            SPARK_HEIGHT / 2.0
        };
        (y * 10.0).round() / 10.0
    };
    let round = |f: f64| (f * 10.0).round() / 10.0;
    let dots: Vec<(f64, f64)> =
        series.iter().filter_map(|(year, _, v)| v.filter(|v| v.is_finite()).map(|v| (round(x(*year)), y(v)))).collect();
    let targets =
        series.iter().filter_map(|(year, t, _)| t.filter(|t| t.is_finite()).map(|t| (round(x(*year)), y(t)))).collect();
    let line = if dots.len() >= 2 {
        dots.iter().map(|(x, y)| format!("{x},{y}")).collect::<Vec<_>>().join(" ")
    } else {
        String::new()
    };
    Some(Sparkline { title, line, dots, targets })
}

/// One horizontal bar pair: planned and spent, on a common scale.
#[derive(Debug, Clone, serde::Serialize)]
pub struct Bar {
    pub label: String,
    /// Widths in percent of the widest amount of the chart.
    pub planned_width: f64,
    pub spent_width: f64,
    pub overspent: bool,
    /// « 400 € dépensés sur 1 000 € prévus (40 %) ».
    pub text: String,
}

/// Bars for (label, planned, spent, text), scaled on the largest amount.
pub fn bars(rows: &[(String, i64, i64, String)]) -> Vec<Bar> {
    let widest = rows.iter().map(|(_, p, s, _)| (*p).max(*s)).max().unwrap_or(0).max(1) as f64;
    let width = |amount: i64| ((amount.max(0) as f64 / widest * 1000.0).round() / 10.0).min(100.0);
    rows.iter()
        .map(|(label, planned, spent, text)| Bar {
            label: label.clone(),
            planned_width: width(*planned),
            spent_width: width(*spent),
            overspent: spent > planned,
            text: text.clone(),
        })
        .collect()
}

/// The size of a column chart, in SVG units (it scales to its box).
pub const COLUMNS_WIDTH: f64 = 640.0;
pub const COLUMNS_HEIGHT: f64 = 200.0;
/// A hidden count is under 5, or could be anything: its outline goes up to 5.
const HIDDEN_UP_TO: u32 = 5;
/// Room under the columns for their labels, and above for the scale.
const LABELS: f64 = 22.0;
const TOP: f64 = 14.0;

/// Columns side by side for each group (a month, an age group): one per
/// series, each with its own `<title>`.
#[derive(Debug, Clone, serde::Serialize)]
pub struct Columns {
    pub title: String,
    /// The series: (CSS class, label), for the legend.
    pub series: Vec<(&'static str, String)>,
    pub groups: Vec<ColumnGroup>,
    /// Some count is hidden: the legend says what the outlines mean.
    pub any_hidden: bool,
    /// The value at the top of the scale, and where its line is.
    pub top_value: u32,
    pub top_y: f64,
    pub base_y: f64,
}

#[derive(Debug, Clone, serde::Serialize)]
pub struct ColumnGroup {
    pub label: String,
    pub label_x: f64,
    pub bars: Vec<Column>,
}

#[derive(Debug, Clone, serde::Serialize)]
pub struct Column {
    pub class: &'static str,
    pub x: f64,
    pub y: f64,
    pub width: f64,
    pub height: f64,
    /// « mars, demandes : 12 », or « masqué » for a hidden count.
    pub title: String,
    /// A count hidden from partners: drawn as a dashed outline up to 5, so
    /// that it does not read as zero.
    pub hidden: bool,
}

/// `groups` are (label, one value per series); a `None` value is a count
/// hidden from partners: an outline, its title says so.
pub fn columns(title: String, series: &[(&'static str, &str)], groups: &[(String, Vec<Option<u32>>)]) -> Columns {
    let top_value = groups.iter().flat_map(|(_, v)| v.iter().flatten()).copied().max().unwrap_or(0).max(1);
    let base_y = COLUMNS_HEIGHT - LABELS;
    let slot = COLUMNS_WIDTH / groups.len().max(1) as f64;
    let width = round(slot * 0.8 / series.len().max(1) as f64);
    let groups: Vec<ColumnGroup> = groups
        .iter()
        .enumerate()
        .map(|(i, (label, values))| {
            let left = i as f64 * slot + slot * 0.1;
            let bars = values
                .iter()
                .zip(series)
                .enumerate()
                .map(|(j, (value, (class, name)))| {
                    let shown = value.unwrap_or(HIDDEN_UP_TO.min(top_value));
                    let height = round(f64::from(shown) / f64::from(top_value) * (base_y - TOP));
                    let title = match value {
                        Some(v) => format!("{label}, {name} : {v}"),
                        None => format!("{label}, {name} : masqué"),
                    };
                    let (x, y) = (round(left + j as f64 * width), round(base_y - height));
                    Column { class, x, y, width, height, title, hidden: value.is_none() }
                })
                .collect();
            ColumnGroup { label: label.clone(), label_x: round(i as f64 * slot + slot / 2.0), bars }
        })
        .collect();
    let any_hidden = groups.iter().flat_map(|g: &ColumnGroup| &g.bars).any(|b| b.hidden);
    Columns {
        title,
        series: series.iter().map(|(c, l)| (*c, (*l).to_owned())).collect(),
        any_hidden,
        groups,
        top_value,
        top_y: TOP,
        base_y,
    }
}

fn round(f: f64) -> f64 {
    (f * 10.0).round() / 10.0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_rising_indicator_draws_upwards_within_the_box() {
        let s = sparkline("Taux".into(), &[(2023, Some(50.0), Some(45.0)), (2024, Some(50.0), Some(49.1))]).unwrap();
        assert_eq!(s.dots.len(), 2);
        assert!(s.dots[1].1 < s.dots[0].1, "higher value, higher on screen: {:?}", s.dots);
        assert_eq!(s.targets.len(), 2);
        for (x, y) in s.dots.iter().chain(&s.targets) {
            assert!((0.0..=SPARK_WIDTH).contains(x) && (0.0..=SPARK_HEIGHT).contains(y));
        }
        assert_eq!(s.line.split(' ').count(), 2);
    }

    #[test]
    fn nothing_to_draw_without_a_figure_and_no_line_for_one_value() {
        assert!(sparkline("x".into(), &[(2024, None, None)]).is_none());
        let one = sparkline("x".into(), &[(2024, None, Some(3.0))]).unwrap();
        assert!(one.line.is_empty() && one.dots == [(SPARK_WIDTH / 2.0, SPARK_HEIGHT / 2.0)]);
    }

    #[test]
    fn bars_share_one_scale_and_flag_an_overspend() {
        let b = bars(&[("CAF".into(), 1000, 400, String::new()), ("Commune".into(), 500, 505, String::new())]);
        assert_eq!((b[0].planned_width, b[0].spent_width), (100.0, 40.0));
        assert!(!b[0].overspent && b[1].overspent);
        assert_eq!(b[1].spent_width, 50.5);
        assert_eq!(bars(&[("x".into(), 0, 0, String::new())])[0].planned_width, 0.0);
    }

    #[test]
    fn columns_share_one_scale_and_hidden_counts_draw_nothing() {
        let c = columns(
            "Demandes".into(),
            &[("requests", "demandes"), ("satisfied", "satisfaites")],
            &[("janv.".into(), vec![Some(10), Some(5)]), ("févr.".into(), vec![None, Some(0)])],
        );
        assert_eq!(c.top_value, 10);
        let jan = &c.groups[0].bars;
        assert_eq!(jan[0].y, c.top_y, "the largest value reaches the top");
        assert_eq!(jan[1].height * 2.0, jan[0].height);
        let feb = &c.groups[1].bars;
        assert_eq!(feb[0].title, "févr., demandes : masqué");
        assert!(feb[0].hidden && feb[0].height == jan[1].height, "an outline up to 5, not a zero");
        assert_eq!(feb[1].height, 0.0, "a shown zero is no column");
        assert!(c.groups.iter().flat_map(|g| &g.bars).all(|b| b.x >= 0.0 && b.x + b.width <= COLUMNS_WIDTH));
        assert!(jan[0].x + jan[0].width <= jan[1].x, "side by side, not overlapping");
    }
}
