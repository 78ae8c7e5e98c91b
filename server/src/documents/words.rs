//! Money in words, as a decision prints it after the figure ("Bằng chữ: Một triệu bốn trăm
//! mười nghìn đồng"): the Vietnamese reading of a number in groups of three digits (nghìn,
//! triệu, tỷ), with the usual spoken forms — "linh" for a zero ten inside a number, "mười"
//! for ten, "mốt" for a one and "lăm" for a five after a ten.

const DIGITS: [&str; 10] = [
    "không", "một", "hai", "ba", "bốn", "năm", "sáu", "bảy", "tám", "chín",
];
/// The names of the groups of three digits, from the units up (a "tỷ" group repeats).
const GROUPS: [&str; 4] = ["", "nghìn", "triệu", "tỷ"];

/// One group of three digits (`n` < 1000), `full` when a higher group precedes it (so its
/// hundreds and a zero ten are read: "không trăm linh năm").
fn group(n: u64, full: bool) -> Vec<&'static str> {
    let (hundreds, tens, units) = (
        (n / 100) as usize,
        (n / 10 % 10) as usize,
        (n % 10) as usize,
    );
    let mut words = Vec::new();
    if hundreds > 0 || full {
        words.extend([DIGITS[hundreds], "trăm"]);
    }
    match tens {
        0 if units > 0 && (hundreds > 0 || full) => words.push("linh"),
        0 => {}
        1 => words.push("mười"),
        t => words.extend([DIGITS[t], "mươi"]),
    }
    match units {
        0 => {}
        1 if tens >= 2 => words.push("mốt"),
        5 if tens >= 1 => words.push("lăm"),
        u => words.push(DIGITS[u]),
    }
    words
}

/// The reading of `n` ("một triệu bốn trăm mười nghìn"); "không" for 0.
fn number(n: u64) -> Vec<&'static str> {
    if n == 0 {
        return vec!["không"];
    }
    // Groups of three digits, the highest first; beyond "tỷ" the billions read on their own.
    let billions = n / 1_000_000_000;
    let rest = n % 1_000_000_000;
    let mut words = Vec::new();
    if billions > 0 {
        words.extend(number(billions));
        words.push(GROUPS[3]);
    }
    let groups = [rest / 1_000_000, rest / 1_000 % 1_000, rest % 1_000];
    for (i, &g) in groups.iter().enumerate() {
        if g == 0 {
            continue;
        }
        words.extend(group(g, !words.is_empty()));
        let name = GROUPS[2 - i];
        if !name.is_empty() {
            words.push(name);
        }
    }
    words
}

/// An amount of VND in words, capitalised, with "đồng": `1_410_000` →
/// "Một triệu bốn trăm mười nghìn đồng". A negative amount reads "Âm …".
pub fn vnd_in_words(amount: i64) -> String {
    let mut words = number(amount.unsigned_abs());
    if amount < 0 {
        words.insert(0, "âm");
    }
    words.push("đồng");
    let text = words.join(" ");
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => text,
    }
}

#[cfg(test)]
mod tests {
    use super::vnd_in_words;

    #[test]
    fn amounts_read_as_a_decision_prints_them() {
        for (n, words) in [
            (0, "Không đồng"),
            (15, "Mười lăm đồng"),
            (21, "Hai mươi mốt đồng"),
            (105, "Một trăm linh năm đồng"),
            (360_000, "Ba trăm sáu mươi nghìn đồng"),
            (710_000, "Bảy trăm mười nghìn đồng"),
            (760_000, "Bảy trăm sáu mươi nghìn đồng"),
            (1_000_000, "Một triệu đồng"),
            (1_060_000, "Một triệu không trăm sáu mươi nghìn đồng"),
            (1_005_000, "Một triệu không trăm linh năm nghìn đồng"),
            (1_410_000, "Một triệu bốn trăm mười nghìn đồng"),
            (2_530_000, "Hai triệu năm trăm ba mươi nghìn đồng"),
            (
                12_345_678,
                "Mười hai triệu ba trăm bốn mươi lăm nghìn sáu trăm bảy mươi tám đồng",
            ),
            (1_000_000_000, "Một tỷ đồng"),
            (
                2_001_000_015,
                "Hai tỷ không trăm linh một triệu không trăm mười lăm đồng",
            ),
            (-10_000, "Âm mười nghìn đồng"),
        ] {
            assert_eq!(vnd_in_words(n), words, "{n}");
        }
    }
}
