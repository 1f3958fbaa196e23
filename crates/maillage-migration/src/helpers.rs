//! What the newer migrations share: foreign keys named and cascading the
//! same way, and indexes named after their table and columns.

use sea_orm_migration::prelude::*;

/// `from.column` references `to.id`, deleted with it.
pub(crate) fn fk(from: &'static str, column: &'static str, to: &'static str) -> ForeignKeyCreateStatement {
    ForeignKey::create()
        .name(format!("fk_{from}_{column}"))
        .from(from, column)
        .to(to, "id")
        .on_delete(ForeignKeyAction::Cascade)
        .to_owned()
}

/// An index `idx_<table>_<columns>`.
pub(crate) fn index(table: &'static str, columns: &[&'static str], unique: bool) -> IndexCreateStatement {
    let mut i = Index::create();
    i.name(format!("idx_{table}_{}", columns.join("_"))).table(table);
    for c in columns {
        i.col(*c);
    }
    if unique {
        i.unique();
    }
    i.to_owned()
}
