//! The lexicons under `data/`, read one way: lines of tab-separated fields, with
//! `#` comments and blank lines left out.

/// The rows of a table: each line's fields.
pub fn rows(table: &'static str) -> impl Iterator<Item = Vec<&'static str>> {
    table.lines().filter(|l| !l.trim().is_empty() && !l.starts_with('#')).map(|l| l.split('\t').collect())
}

/// The rows of a two-column table (`word<TAB>role`), a row of one field left out.
pub fn pairs(table: &'static str) -> impl Iterator<Item = (&'static str, &'static str)> {
    rows(table).filter_map(|r| Some((*r.first()?, r.get(1)?.trim())))
}

#[cfg(test)]
mod tests {
    #[test]
    fn comments_blanks_and_fields() {
        let table = "# a comment\n\n规模\tmarket\n市场\tmarket\textra\nlonely\n";
        assert_eq!(super::pairs(table).collect::<Vec<_>>(), [("规模", "market"), ("市场", "market")]);
        assert_eq!(super::rows(table).map(|r| r.len()).collect::<Vec<_>>(), [2, 3, 1]);
    }
}
