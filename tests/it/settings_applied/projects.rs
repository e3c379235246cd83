//! The projects summary page: every item with a maturity, its dates, TAG, audits and
//! summary, sorted by name; landscape2's routes lead to it.

use crate::support::site::{edit_data, options};

/// Kubernetes with two audits (the newer listed first) and summary fields, one hostile;
/// .NET accepted straight into incubation (no sandbox date).
const KUBERNETES_EXTRA: &str = "              graduated: '2018-03-06'
              audits:
                - date: '2022-06-01'
                  type: security
                  url: https://audits.example.org/2022
                  vendor: Audit Co
                - date: '2019-08-02'
                  type: fuzzing
                  url: https://audits.example.org/2019
                  vendor: Fuzz Co
              summary_intro_url: https://www.youtube.com/watch?v=abc&t=1
              summary_use_case: \"Runs <script>alert(1)</script> workloads, see https://k8s.example.org/docs.\"
              summary_personas: Platform Engineers, SREs,
";

#[test]
fn the_projects_page_lists_every_project_with_its_figures() {
    let tmp = tempfile::tempdir().expect("temp dir");
    let data = super::compat_with(tmp.path(), "");
    edit_data(
        &data,
        "              graduated: '2018-03-06'\n",
        KUBERNETES_EXTRA,
    );
    edit_data(
        &data,
        "incubating: '2022-04-05'",
        "incubating: '2021-02-03'",
    );
    let out = tmp.path().join("site");
    landscape::site::build(&options(&data, &out)).expect("builds");
    let read = |path: &str| std::fs::read_to_string(out.join(path)).expect(path);

    let page = read("projects-summary/index.html");
    assert!(
        read("index.html").contains(r#"<a href="/projects-summary/">Projects</a>"#),
        "nav link"
    );
    let body = page
        .split("<tbody>")
        .nth(1)
        .and_then(|b| b.split("</tbody>").next())
        .expect("a table");
    let rows: Vec<Vec<String>> = (body.split("<tr>").skip(1))
        .map(|row| {
            (row.split("<td").skip(1))
                .map(|cell| {
                    cell.split_once('>')
                        .map(|(_, rest)| rest)
                        .unwrap_or_default()
                })
                .map(|cell| cell.split("</td>").next().unwrap_or_default().to_string())
                .collect()
        })
        .collect();
    let names: Vec<String> = rows
        .iter()
        .map(|r| {
            r[0].split('>')
                .nth(1)
                .unwrap_or_default()
                .split('<')
                .next()
                .unwrap_or_default()
                .to_string()
        })
        .collect();
    assert_eq!(
        names,
        [".NET", "C++", "Kubernetes", "Shared Name"],
        "by name, any case"
    );

    let date = |d: &str| format!(r#"<time datetime="{d}">{d}</time>"#);
    let k8s = &rows[2];
    assert!(
        k8s[0].starts_with(r#"<a href="/items/kubernetes/">Kubernetes</a>"#),
        "{k8s:?}"
    );
    assert_eq!(
        k8s[1],
        r#"<span class="maturity maturity-graduated">graduated</span>"#
    );
    assert_eq!(
        k8s[2..7],
        [
            date("2016-03-10"),
            date("2016-03-10"),
            "-".into(),
            date("2018-03-06"),
            "-".into()
        ]
    );
    assert_eq!(k8s[7], "orchestration", "the TAG the settings rule gives");
    assert_eq!(k8s[8], "-", "no GitHub data: no first commit");
    assert_eq!(
        k8s[9..],
        ["2".to_string(), date("2022-06-01")],
        "audits and the newest one"
    );
    // Accepted on the day it became incubating: no sandbox date.
    assert_eq!(
        rows[0][2..5],
        [date("2021-02-03"), "-".into(), date("2021-02-03")]
    );
    assert_eq!((rows[1][9].as_str(), rows[1][10].as_str()), ("0", "-"));

    // Summary fields: URLs linked (opening a new tab), markup escaped, personas as badges.
    let summary = &k8s[0];
    assert!(summary.contains(r#"<dt>Introduction</dt><dd><a href="https://www.youtube.com/watch?v=abc&amp;t=1" target="_blank" rel="noopener noreferrer nofollow">"#), "{summary}");
    assert!(summary.contains(r#"<dt>Use case</dt><dd>Runs &lt;script&gt;alert(1)&lt;/script&gt; workloads, see <a href="https://k8s.example.org/docs" target="_blank" rel="noopener noreferrer nofollow">https://k8s.example.org/docs</a>.</dd>"#), "{summary}");
    assert!(summary.contains(r#"<dt>Personas</dt><dd><span class="tag">Platform Engineers</span><span class="tag">SREs</span></dd>"#), "{summary}");
    assert!(!page.contains("<script>alert"), "hostile text stays text");

    // Sort values for the script; the table is complete without it.
    assert!(page.contains(r#"<th scope="col" data-sort-type="number">Audits</th>"#));
    assert!(
        body.contains(r#"<td data-sort="2">2</td>"#) && body.contains(r#"<td data-sort="">-</td>"#)
    );
    assert!(page.contains("/assets/projects."), "the sorting script");

    // landscape2's other route sends readers to the page; the sitemap lists it.
    let redirect = read("summary/index.html");
    assert!(
        redirect.contains(r#"<meta http-equiv="refresh" content="0; url=/projects-summary/">"#),
        "{redirect}"
    );
    assert!(
        read("sitemap.xml")
            .contains("<loc>https://landscape.compat.example.org/projects-summary/</loc>")
    );
}

#[test]
fn a_landscape_without_projects_has_no_projects_page() {
    let tmp = tempfile::tempdir().expect("temp dir");
    let data = super::compat_with(tmp.path(), "");
    let yaml = std::fs::read_to_string(data.join("landscape.yml")).expect("data");
    let without: String = yaml
        .lines()
        .filter(|l| !l.trim_start().starts_with("project:"))
        .map(|l| format!("{l}\n"))
        .collect();
    std::fs::write(data.join("landscape.yml"), without).expect("write");
    let out = tmp.path().join("site");
    landscape::site::build(&options(&data, &out)).expect("builds");
    assert!(!out.join("projects-summary").exists() && !out.join("summary").exists());
    let index = std::fs::read_to_string(out.join("index.html")).expect("index");
    assert!(!index.contains("/projects-summary/"), "no nav link");
}
