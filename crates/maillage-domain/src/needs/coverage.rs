//! The coverage rate (« taux de couverture global »): places for children
//! under 3 in facilities, with active childminders, in home care and at
//! school at 2, for 100 children under 3. A sector's figures are places
//! and children, never rates: the territory's rate is computed from the
//! sums, so that sectors add up and a small sector weighs what it holds.

/// A component of the rate.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Component {
    /// EAJE of every kind, PSU and PAJE micro-crèches.
    Facilities,
    /// Childminders in activity, their places for children under 3.
    Childminders,
    /// Children under 3 cared for mainly by an employee at home.
    HomeCare,
    /// Two-year-olds at school.
    School,
}

impl Component {
    pub const ALL: [Component; 4] =
        [Component::Facilities, Component::Childminders, Component::HomeCare, Component::School];

    pub fn label(self) -> &'static str {
        match self {
            Component::Facilities => "Établissements d'accueil du jeune enfant",
            Component::Childminders => "Assistants maternels",
            Component::HomeCare => "Garde à domicile",
            Component::School => "École à 2 ans",
        }
    }
}

/// Places for children under 3, by component.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Places {
    pub facilities: u32,
    pub childminders: u32,
    pub home_care: u32,
    pub school: u32,
}

impl Places {
    pub fn get(&self, c: Component) -> u32 {
        match c {
            Component::Facilities => self.facilities,
            Component::Childminders => self.childminders,
            Component::HomeCare => self.home_care,
            Component::School => self.school,
        }
    }

    pub fn total(&self) -> u32 {
        Component::ALL.iter().map(|c| self.get(*c)).fold(0u32, u32::saturating_add)
    }
}

impl std::ops::Add for Places {
    type Output = Places;
    fn add(self, o: Places) -> Places {
        Places {
            facilities: self.facilities.saturating_add(o.facilities),
            childminders: self.childminders.saturating_add(o.childminders),
            home_care: self.home_care.saturating_add(o.home_care),
            school: self.school.saturating_add(o.school),
        }
    }
}

/// `n` for 100 `of`: `None` (« non calculable ») when `of` is 0.
pub fn per_hundred(n: u32, of: u32) -> Option<f64> {
    (of > 0).then(|| 100.0 * f64::from(n) / f64::from(of))
}

/// A rate as the pages write it: « 58,8 », or « non calculable ».
pub fn french(rate: Option<f64>) -> String {
    match rate {
        Some(r) => format!("{r:.1}").replace('.', ","),
        None => "non calculable".to_owned(),
    }
}

/// What a sector (or a territory) holds: its places and its children.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Coverage {
    pub places: Places,
    pub children_under_3: u32,
}

impl Coverage {
    /// The coverage rate; `None` without children.
    pub fn rate(&self) -> Option<f64> {
        per_hundred(self.places.total(), self.children_under_3)
    }

    /// One component's share of the rate (they add up to it).
    pub fn component(&self, c: Component) -> Option<f64> {
        per_hundred(self.places.get(c), self.children_under_3)
    }

    /// Places to create so that the rate reaches `target` (places for
    /// 100 children); `None` without children, 0 when it is reached.
    pub fn places_to_reach(&self, target: f64) -> Option<u32> {
        if self.children_under_3 == 0 || !target.is_finite() {
            return None;
        }
        let needed = (target.max(0.0) * f64::from(self.children_under_3) / 100.0 - 1e-9).ceil();
        let needed = if needed >= f64::from(u32::MAX) { u32::MAX } else { needed as u32 };
        Some(needed.saturating_sub(self.places.total()))
    }

    /// The sectors together: their places and children summed.
    pub fn sum<'a>(sectors: impl IntoIterator<Item = &'a Coverage>) -> Coverage {
        sectors.into_iter().fold(Coverage::default(), |a, s| Coverage {
            places: a.places + s.places,
            children_under_3: a.children_under_3.saturating_add(s.children_under_3),
        })
    }
}

/// Open requests for each free place: above 1, more families wait than
/// places are free. `None` without a free place (every request waits).
pub fn tension(open_requests: u32, free_places: u32) -> Option<f64> {
    (free_places > 0).then(|| f64::from(open_requests) / f64::from(free_places))
}

/// The national reference the maps compare with: France without Mayotte,
/// 2020 data (REPSS Famille, indicator 1.4.2), the latest published.
pub const NATIONAL_REFERENCE: (f64, &str) =
    (58.8, "France hors Mayotte, données 2020 (REPSS Famille, indicateur 1.4.2)");
