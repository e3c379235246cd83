//! Asking on the terminal for the values `landscape add` was not given. Categories and
//! subcategories are chosen from the data file's lists, by number or by name.

use std::io::{self, BufRead, Write};
use std::path::PathBuf;

use super::Fields;

/// Asks for every missing value on `output`, reading answers from `input`. Required values
/// are asked until given; optional ones may be skipped with Enter.
pub fn fill(
    fields: &mut Fields,
    outline: &[(String, Vec<String>)],
    input: &mut impl BufRead,
    output: &mut impl Write,
) -> io::Result<()> {
    if fields.category.is_none() {
        let names: Vec<String> = outline.iter().map(|(c, _)| c.clone()).collect();
        fields.category = Some(choose("Category", &names, input, output)?);
    }
    if fields.subcategory.is_none() {
        let category = fields.category.as_deref().unwrap_or_default();
        let subs = outline
            .iter()
            .find(|(c, _)| c == category)
            .map(|(_, s)| s.clone())
            .unwrap_or_default();
        fields.subcategory = Some(choose("Subcategory", &subs, input, output)?);
    }
    let optional = fields.repo.is_none() || fields.description.is_none();
    for (value, label) in [
        (&mut fields.name, "Name"),
        (&mut fields.homepage, "Homepage URL"),
    ] {
        if value.is_none() {
            *value = Some(required(label, input, output)?);
        }
    }
    if fields.logo.is_none() {
        fields.logo = Some(PathBuf::from(required(
            "Logo file (SVG preferred)",
            input,
            output,
        )?));
    }
    if optional {
        for (value, label) in [
            (&mut fields.repo, "Repository URL"),
            (&mut fields.description, "Description"),
            (&mut fields.crunchbase, "Crunchbase URL"),
        ] {
            if value.is_none() {
                let answer = ask(&format!("{label} (optional, Enter to skip)"), input, output)?;
                *value = Some(answer).filter(|a| !a.is_empty());
            }
        }
    }
    Ok(())
}

fn ask(label: &str, input: &mut impl BufRead, output: &mut impl Write) -> io::Result<String> {
    write!(output, "{label}: ")?;
    output.flush()?;
    let mut line = String::new();
    if input.read_line(&mut line)? == 0 {
        return Err(io::Error::new(
            io::ErrorKind::UnexpectedEof,
            "input ended before every value was given",
        ));
    }
    Ok(line.trim_end_matches(['\n', '\r']).to_string())
}

fn required(label: &str, input: &mut impl BufRead, output: &mut impl Write) -> io::Result<String> {
    loop {
        let answer = ask(label, input, output)?;
        if !answer.trim().is_empty() {
            return Ok(answer);
        }
        writeln!(output, "  (required)")?;
    }
}

/// One of `choices`, by its number in the list or its name (case-insensitive).
fn choose(
    label: &str,
    choices: &[String],
    input: &mut impl BufRead,
    output: &mut impl Write,
) -> io::Result<String> {
    for (i, choice) in choices.iter().enumerate() {
        writeln!(output, "  {:>3}. {choice}", i + 1)?;
    }
    loop {
        let answer = ask(&format!("{label} (number or name)"), input, output)?;
        let answer = answer.trim();
        let by_number = answer
            .parse::<usize>()
            .ok()
            .and_then(|n| choices.get(n.checked_sub(1)?));
        let by_name = choices.iter().find(|c| c.eq_ignore_ascii_case(answer));
        match by_number.or(by_name) {
            Some(choice) => return Ok(choice.clone()),
            None if choices.is_empty() => return Ok(answer.to_string()),
            None => writeln!(output, "  `{answer}` is not in the list")?,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn asks_only_for_what_is_missing_and_picks_from_the_lists() {
        let outline = vec![
            ("Runtime".to_string(), vec!["Container Runtime".to_string()]),
            (
                "Observability".to_string(),
                vec!["Monitoring".to_string(), "Tracing".to_string()],
            ),
        ];
        let mut fields = Fields {
            name: Some("Foo".into()),
            repo: Some("https://github.com/a/b".into()),
            ..Fields::default()
        };
        let answers = "nope\n2\ntracing\n\nhttps://foo.dev\nfoo.svg\nA thing\n\n";
        let mut out = Vec::new();
        fill(&mut fields, &outline, &mut answers.as_bytes(), &mut out).unwrap();
        assert_eq!(fields.category.as_deref(), Some("Observability"));
        assert_eq!(fields.subcategory.as_deref(), Some("Tracing"));
        assert_eq!(fields.name.as_deref(), Some("Foo"));
        assert_eq!(fields.homepage.as_deref(), Some("https://foo.dev"));
        assert_eq!(fields.logo, Some(PathBuf::from("foo.svg")));
        assert_eq!(fields.description.as_deref(), Some("A thing"));
        assert_eq!(fields.crunchbase, None);
        let shown = String::from_utf8(out).unwrap();
        assert!(shown.contains("  2. Observability"), "{shown}");
        assert!(shown.contains("`nope` is not in the list"), "{shown}");
        assert!(shown.contains("(required)"), "{shown}");
        assert!(!shown.contains("Name:"), "{shown}");
        assert!(!shown.contains("Repository URL"), "{shown}");
    }

    #[test]
    fn input_ending_early_is_an_error() {
        let mut fields = Fields::default();
        let err = fill(&mut fields, &[], &mut "".as_bytes(), &mut Vec::new()).unwrap_err();
        assert_eq!(err.kind(), io::ErrorKind::UnexpectedEof);
    }
}
