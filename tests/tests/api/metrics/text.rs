//! A strict reader of the Prometheus text format (version 0.0.4) for the metrics tests:
//! every line must be a `# HELP`, a `# TYPE` or a sample of the family last typed, with
//! well-formed names, quoted and escaped label values and a number; a series appears once;
//! a histogram's buckets rise to `+Inf`, which equals its `_count`, beside its `_sum`.
//! Anything else is an error naming the line.

use std::collections::{BTreeMap, HashMap};

/// Labels of a sample, by name.
pub type Labels = BTreeMap<String, String>;

/// One sample line.
#[derive(Debug, Clone)]
pub struct Sample {
    pub name: String,
    pub labels: Labels,
    pub value: f64,
}

/// A metric family: its `# TYPE`, `# HELP` and samples.
#[derive(Debug, Clone, Default)]
pub struct Family {
    pub kind: String,
    pub help: String,
    pub samples: Vec<Sample>,
}

/// A parsed scrape, by family name.
#[derive(Debug, Default)]
pub struct Scrape {
    pub families: HashMap<String, Family>,
}

impl Scrape {
    /// The family `name` (panics, naming it, when absent).
    pub fn family(&self, name: &str) -> &Family {
        self.families
            .get(name)
            .unwrap_or_else(|| panic!("no metric family {name}"))
    }

    /// The value of the sample `name` whose labels are exactly `labels`.
    pub fn value(&self, name: &str, labels: &[(&str, &str)]) -> Option<f64> {
        let wanted: Labels = labels
            .iter()
            .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
            .collect();
        self.families
            .values()
            .flat_map(|f| &f.samples)
            .find(|s| s.name == name && s.labels == wanted)
            .map(|s| s.value)
    }

    /// Every sample of every family.
    pub fn samples(&self) -> impl Iterator<Item = &Sample> {
        self.families.values().flat_map(|f| &f.samples)
    }
}

fn is_name(s: &str, colon: bool) -> bool {
    let mut chars = s.chars();
    chars
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic() || c == '_' || (colon && c == ':'))
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_' || (colon && c == ':'))
}

fn number(s: &str) -> Result<f64, String> {
    match s {
        "+Inf" => Ok(f64::INFINITY),
        "-Inf" => Ok(f64::NEG_INFINITY),
        "NaN" => Ok(f64::NAN),
        _ => s
            .parse::<f64>()
            .map_err(|e| format!("bad number {s:?}: {e}")),
    }
}

/// Reads `{name="value",…}` from the start of `s`; returns the labels and the rest.
fn labels(s: &str) -> Result<(Labels, &str), String> {
    let mut out = Labels::new();
    let mut rest = s.strip_prefix('{').ok_or("labels must open with {")?;
    loop {
        if let Some(after) = rest.strip_prefix('}') {
            return Ok((out, after));
        }
        let eq = rest.find('=').ok_or("a label without =")?;
        let name = &rest[..eq];
        if !is_name(name, false) {
            return Err(format!("bad label name {name:?}"));
        }
        rest = rest[eq + 1..]
            .strip_prefix('"')
            .ok_or("a label value must be quoted")?;
        let mut value = String::new();
        let mut chars = rest.char_indices();
        let end = loop {
            match chars.next() {
                Some((i, '"')) => break i,
                Some((_, '\\')) => match chars.next() {
                    Some((_, '\\')) => value.push('\\'),
                    Some((_, '"')) => value.push('"'),
                    Some((_, 'n')) => value.push('\n'),
                    other => return Err(format!("bad escape {other:?}")),
                },
                Some((_, '\n')) | None => return Err("an unterminated label value".into()),
                Some((_, c)) => value.push(c),
            }
        };
        if out.insert(name.to_owned(), value).is_some() {
            return Err(format!("label {name} twice"));
        }
        rest = &rest[end + 1..];
        if let Some(after) = rest.strip_prefix(',') {
            rest = after;
        } else if !rest.starts_with('}') {
            return Err("labels must be separated by ,".into());
        }
    }
}

fn sample(line: &str) -> Result<Sample, String> {
    let name_end = line.find(['{', ' ']).ok_or("a sample without a value")?;
    let name = &line[..name_end];
    if !is_name(name, true) {
        return Err(format!("bad metric name {name:?}"));
    }
    let (labels, rest) = if line[name_end..].starts_with('{') {
        labels(&line[name_end..])?
    } else {
        (Labels::new(), &line[name_end..])
    };
    let rest = rest
        .strip_prefix(' ')
        .ok_or("the value must follow one space")?;
    let mut parts = rest.split(' ');
    let value = number(parts.next().unwrap_or_default())?;
    if let Some(timestamp) = parts.next() {
        timestamp
            .parse::<i64>()
            .map_err(|_| format!("bad timestamp {timestamp:?}"))?;
    }
    if parts.next().is_some() {
        return Err("text after the timestamp".into());
    }
    Ok(Sample {
        name: name.to_owned(),
        labels,
        value,
    })
}

/// Whether a sample named `name` belongs to the family `family` of `kind`.
fn belongs(name: &str, family: &str, kind: &str) -> bool {
    match kind {
        "histogram" => ["_bucket", "_sum", "_count"]
            .iter()
            .any(|suffix| name.strip_suffix(suffix) == Some(family)),
        "summary" => {
            name == family
                || ["_sum", "_count"]
                    .iter()
                    .any(|suffix| name.strip_suffix(suffix) == Some(family))
        }
        _ => name == family,
    }
}

/// Parses a whole scrape (see the module docs).
pub fn parse(text: &str) -> Result<Scrape, String> {
    let mut scrape = Scrape::default();
    let mut current: Option<String> = None;
    let mut series = std::collections::HashSet::new();
    let body = text
        .strip_suffix('\n')
        .ok_or("the text must end with a newline")?;
    for (n, line) in body.split('\n').enumerate() {
        let at = |e: String| format!("line {}: {e}: {line:?}", n + 1);
        if let Some(comment) = line.strip_prefix("# ") {
            let mut words = comment.splitn(3, ' ');
            let (word, name, rest) = (words.next(), words.next(), words.next());
            let name = name
                .filter(|n| is_name(n, true))
                .ok_or_else(|| at("bad name".into()))?;
            let family = scrape.families.entry(name.to_owned()).or_default();
            match (word, rest) {
                (Some("HELP"), Some(help)) if family.help.is_empty() => {
                    family.help = help.to_owned()
                }
                (Some("TYPE"), Some(kind))
                    if family.kind.is_empty() && family.samples.is_empty() =>
                {
                    if !["counter", "gauge", "histogram", "summary", "untyped"].contains(&kind) {
                        return Err(at(format!("unknown type {kind}")));
                    }
                    family.kind = kind.to_owned();
                    current = Some(name.to_owned());
                }
                _ => return Err(at("neither a first HELP nor a first TYPE".into())),
            }
            continue;
        }
        let s = sample(line).map_err(at)?;
        let family_name = current
            .clone()
            .ok_or_else(|| at("a sample before any TYPE".into()))?;
        let family = scrape.families.entry(family_name.clone()).or_default();
        if !belongs(&s.name, &family_name, &family.kind) {
            return Err(at(format!("not a sample of {family_name}")));
        }
        if s.name.ends_with("_bucket") && !s.labels.contains_key("le") {
            return Err(at("a bucket without le".into()));
        }
        if !series.insert((s.name.clone(), s.labels.clone())) {
            return Err(at("the same series twice".into()));
        }
        family.samples.push(s);
    }
    for (name, family) in &scrape.families {
        if family.kind.is_empty() {
            return Err(format!("{name} has HELP but no TYPE"));
        }
        if family.kind == "histogram" {
            check_histogram(name, family)?;
        }
    }
    Ok(scrape)
}

/// Buckets rise with `le` up to `+Inf`, which equals `_count`; `_sum` is there.
fn check_histogram(name: &str, family: &Family) -> Result<(), String> {
    // Each series (its labels but `le`) with its buckets `(le, count)`.
    let mut by_series: BTreeMap<Labels, Vec<(f64, f64)>> = BTreeMap::new();
    for s in family
        .samples
        .iter()
        .filter(|s| s.name.ends_with("_bucket"))
    {
        let mut key = s.labels.clone();
        let le = number(&key.remove("le").unwrap_or_default())?;
        by_series.entry(key).or_default().push((le, s.value));
    }
    for (labels, buckets) in by_series {
        let find = |suffix: &str| {
            family
                .samples
                .iter()
                .find(|s| s.name == format!("{name}{suffix}") && s.labels == labels)
                .map(|s| s.value)
        };
        let count = find("_count").ok_or(format!("{name} {labels:?}: no _count"))?;
        find("_sum").ok_or(format!("{name} {labels:?}: no _sum"))?;
        if !buckets
            .windows(2)
            .all(|w| w[0].0 < w[1].0 && w[0].1 <= w[1].1)
        {
            return Err(format!(
                "{name} {labels:?}: buckets do not rise: {buckets:?}"
            ));
        }
        match buckets.last() {
            Some((le, n)) if le.is_infinite() && *n == count => {}
            _ => return Err(format!("{name} {labels:?}: +Inf is not the _count")),
        }
    }
    Ok(())
}

#[test]
fn the_reader_refuses_what_the_format_does_not_allow() {
    let good =
        "# HELP a_total A.\n# TYPE a_total counter\na_total{route=\"/x/{id}\",m=\"G\\\"\"} 2\n";
    let scrape = parse(good).unwrap();
    assert_eq!(
        scrape.value("a_total", &[("route", "/x/{id}"), ("m", "G\"")]),
        Some(2.0)
    );
    for bad in [
        "a_total 1\n",                                    // no TYPE
        "# TYPE a_total counter\na_total{route=/x} 1\n",  // unquoted
        "# TYPE a_total counter\nb_total 1\n",            // another family's sample
        "# TYPE a_total counter\na_total 1\na_total 2\n", // the same series twice
        "# TYPE a_total counter\na_total one\n",          // not a number
        "# TYPE a_total counter\na_total 1",              // no final newline
        "# TYPE h histogram\nh_bucket{le=\"1\"} 2\nh_bucket{le=\"+Inf\"} 1\nh_sum 1\nh_count 1\n",
        "# TYPE h histogram\nh_bucket{le=\"+Inf\"} 1\nh_count 1\n", // no _sum
    ] {
        assert!(parse(bad).is_err(), "accepted {bad:?}");
    }
}
