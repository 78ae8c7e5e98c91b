//! How well a title matches the words searched for: the tiers of [`score`].

use crate::domain::text;

/// Titles longer than this rank as if they were this long.
const LENGTH_CAP: usize = 999;

/// The score of a hit whose searched text (its stored key) holds every word of `words`
/// (folded, as [`text::words`] gives them): the tier times 1000, plus 999 less the title's
/// length in characters (capped), so shorter titles rank first within a tier.
///
/// Tiers, on the title's own words (folded, punctuation ignored):
/// - 3: the query is a phrase of the title, starting at a word ("van phong thong ke" in
///   "Văn phòng - Thống kê");
/// - 2: every word starts a word of the title, in any order ("thong van");
/// - 1: every word is inside the title ("phong" in "văn phòng");
/// - 0: the title lacks a word, which was found in the rest of the key (a plan's number,
///   a task's description, an official's position).
pub fn score(words: &[String], title: &str) -> i64 {
    let folded = text::fold(title);
    let title_words: Vec<&str> = folded
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .collect();
    let joined = format!(" {}", title_words.join(" "));
    let tier = if words.is_empty() {
        0
    } else if joined.contains(&format!(" {}", words.join(" "))) {
        3
    } else if words
        .iter()
        .all(|w| title_words.iter().any(|t| t.starts_with(w.as_str())))
    {
        2
    } else if words.iter().all(|w| joined.contains(w.as_str())) {
        1
    } else {
        0
    };
    let length = title.chars().count().min(LENGTH_CAP) as i64;
    tier * 1000 + (LENGTH_CAP as i64 - length)
}

/// Whether `key` (a folded text) holds every word of `words`: the test the database runs
/// with `LIKE`, for what is searched in memory (criteria of frameworks).
pub fn holds_all(key: &str, words: &[String]) -> bool {
    words.iter().all(|w| key.contains(w.as_str()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn q(s: &str) -> Vec<String> {
        text::words(s)
    }

    fn tier(query: &str, title: &str) -> i64 {
        score(&q(query), title) / 1000
    }

    #[test]
    fn a_phrase_ranks_above_words_at_starts_above_substrings() {
        let title = "Văn phòng - Thống kê";
        assert_eq!(tier("van phong thong ke", title), 3);
        assert_eq!(tier("VĂN PHÒNG, thống", title), 3);
        assert_eq!(tier("van phong thong k", title), 3, "a word being typed");
        assert_eq!(tier("thong van", title), 2);
        assert_eq!(tier("ong ke", title), 1, "inside a word is not a phrase");
        assert_eq!(tier("hong", title), 1);
        assert_eq!(tier("ubnd", title), 0);
        assert_eq!(
            tier(
                "hoi nghi chi so",
                "Kế hoạch Tổ chức Hội nghị đánh giá, phân tích chỉ số cải cách hành chính"
            ),
            2
        );
    }

    #[test]
    fn shorter_titles_rank_first_within_a_tier() {
        let words = q("van phong");
        let short = score(&words, "Văn phòng");
        let long = score(&words, "Văn phòng - Thống kê");
        assert!(short > long, "{short} > {long}");
        assert_eq!(short, 3000 + 999 - 9);
        let huge = "Văn phòng ".repeat(200);
        assert_eq!(score(&words, &huge), 3000, "the length is capped");
    }

    #[test]
    fn every_word_must_be_held() {
        let key = text::fold("Văn phòng - Thống kê VP-TK");
        assert!(holds_all(&key, &q("tk thong van")));
        assert!(!holds_all(&key, &q("van hoa")));
    }
}
