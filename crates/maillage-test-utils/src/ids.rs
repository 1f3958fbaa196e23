//! Typed ids for the world a test builds: an action's id cannot be passed
//! where a meeting's is expected. `Display` writes the bare number, for URLs
//! and forms; `get()` gives it to a repository.

macro_rules! ids {
    ($($(#[$doc:meta])* $name:ident),* $(,)?) => {$(
        $(#[$doc])*
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub struct $name(pub i32);

        impl $name {
            pub fn get(self) -> i32 {
                self.0
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                self.0.fmt(f)
            }
        }
    )*};
}

ids!(
    TerritoryId,
    ConventionId,
    AxisId,
    ActionId,
    MilestoneId,
    IndicatorId,
    BudgetLineId,
    MeetingId,
    DecisionId,
    UserId,
    TokenId,
    FacilityId,
    ChildminderId,
    RequestId,
    ProjectId,
    UploadId,
);
