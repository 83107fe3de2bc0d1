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

/// The labels of a data-source attribution (`data/source_labels.txt`) as a regex
/// alternation: `数据来源|资料来源|…`.
pub fn source_labels() -> String {
    include_str!("../data/source_labels.txt")
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .collect::<Vec<_>>()
        .join("|")
}

static SOURCE_LABEL: std::sync::LazyLock<regex::Regex> = std::sync::LazyLock::new(|| {
    regex::Regex::new(&format!(r"^(?:•\s*)?[（(]?(?:{})[ \t]*[:：][ \t]*", source_labels()))
        .expect("the labels are words")
});

/// The label that opens a data-source line (`数据来源：`, `• 资料来源:`, `（来源：`), with
/// the spaces after its colon: its length in bytes. The one test of a source line.
pub fn source_label(line: &str) -> Option<usize> {
    // every label holds 来源 (a test below keeps it so): most lines need no regex
    if !line.contains("来源") {
        return None;
    }
    SOURCE_LABEL.find(line).map(|m| m.end())
}

#[cfg(test)]
mod tests {
    #[test]
    fn every_label_holds_the_word_source_label_looks_for() {
        for label in super::source_labels().split('|') {
            assert!(label.contains("来源"), "{label}");
        }
    }

    #[test]
    fn a_source_label_needs_its_colon() {
        assert_eq!(super::source_label("数据来源：某研究院"), Some("数据来源：".len()));
        assert_eq!(super::source_label("• 资料来源: 某协会"), Some("• 资料来源: ".len()));
        assert_eq!(super::source_label("（来源：某机构）"), Some("（来源：".len()));
        assert_eq!(super::source_label("来源于企业的数据"), None);
        assert_eq!(super::source_label("数据来源广泛"), None);
    }

    #[test]
    fn comments_blanks_and_fields() {
        let table = "# a comment\n\n规模\tmarket\n市场\tmarket\textra\nlonely\n";
        assert_eq!(super::pairs(table).collect::<Vec<_>>(), [("规模", "market"), ("市场", "market")]);
        assert_eq!(super::rows(table).map(|r| r.len()).collect::<Vec<_>>(), [2, 3, 1]);
    }
}
