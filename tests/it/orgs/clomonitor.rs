//! CLOMonitor: each item's report summary fetched, cached, sanitized and written into the site,
//! with its report link in `Prepared.clomonitor`.

use std::time::Duration;

use landscape::enrich::ClomonitorOptions;
use landscape::load::Inputs;
use landscape::prepare::{self, LogoWork, PrepareOptions, Prepared};
use wiremock::ResponseTemplate;

use crate::support::cli;
use crate::support::fake_clomonitor::FakeClomonitor;

fn options(url: &str, cache: &std::path::Path) -> ClomonitorOptions {
    let url = url.to_string();
    let mut opts = ClomonitorOptions::from_vars(
        move |n| (n == "CLOMONITOR_API_URL").then(|| url.clone()),
        cache.to_path_buf(),
        Duration::from_secs(24 * 3600),
        false,
    );
    opts.policy.backoff_base = Duration::from_millis(20);
    opts.policy.backoff_cap = Duration::from_millis(100);
    opts
}

async fn prepare(opts: ClomonitorOptions) -> Prepared {
    let data = super::fixture().join("landscape.yml");
    let mut prepare_opts = PrepareOptions::new(Inputs::beside(data), LogoWork::Check);
    prepare_opts.clomonitor = Some(opts);
    tokio::task::spawn_blocking(move || prepare::prepare(&prepare_opts))
        .await
        .unwrap()
}

fn summary_of<'a>(p: &'a Prepared, name: &str) -> Option<&'a landscape::enrich::ReportSummary> {
    let i = p
        .landscape
        .items
        .iter()
        .position(|i| i.name == name)
        .unwrap();
    p.clomonitor[i].as_deref()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn summaries_are_fetched_sanitized_and_cached() {
    let fake = FakeClomonitor::start().await;
    let tmp = tempfile::tempdir().unwrap();
    let prepared = prepare(options(&fake.url(), tmp.path())).await;

    let mut asked: Vec<String> = (fake.requests().await.iter())
        .map(|r| format!("{}?{}", r.url.path(), r.url.query().unwrap_or("")))
        .collect();
    asked.sort();
    assert_eq!(
        asked,
        [
            "/api/projects/cncf/acme-runtime/report-summary?theme=light",
            "/api/projects/cncf/globex-mesh/report-summary?theme=light",
            "/api/projects/cncf/missing-proxy/report-summary?theme=light",
        ]
    );
    let acme = summary_of(&prepared, "Acme Runtime").expect("Acme Runtime has a summary");
    assert_eq!(
        acme.report_url,
        "https://clomonitor.io/projects/cncf/acme-runtime"
    );
    assert!(acme.file.starts_with("clomonitor/acme-runtime.") && acme.file.ends_with(".svg"));
    let svg = String::from_utf8(acme.svg.clone()).unwrap();
    assert!(
        svg.contains("cncf/acme-runtime") && svg.contains("<circle"),
        "{svg}"
    );
    assert!(
        !svg.contains("script") && !svg.contains("onload"),
        "sanitized: {svg}"
    );
    assert!(summary_of(&prepared, "Globex Mesh").is_some());
    assert_eq!(
        summary_of(&prepared, "Acme Proxy"),
        None,
        "a 404: not on CLOMonitor"
    );
    assert_eq!(
        summary_of(&prepared, "Initech Store"),
        None,
        "no clomonitor_name"
    );

    // A warm run sends nothing, the 404 included, and publishes the same image.
    let warm = prepare(options(&fake.url(), tmp.path())).await;
    assert_eq!(fake.requests().await.len(), 3);
    assert_eq!(summary_of(&warm, "Acme Runtime"), Some(acme));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn faults_are_retried_and_a_bad_image_is_not_published() {
    let fake = FakeClomonitor::start().await;
    let tmp = tempfile::tempdir().unwrap();
    // Requests run concurrently: the first three answers are the faults, whoever gets them.
    fake.queue([
        ResponseTemplate::new(429).insert_header("retry-after", "1"),
        ResponseTemplate::new(502),
    ]);
    let prepared = prepare(options(&fake.url(), tmp.path())).await;
    let report = prepared
        .clomonitor_report
        .as_ref()
        .unwrap()
        .as_ref()
        .unwrap();
    assert_eq!(report.counts.fetched, 3, "{}", report.summary());
    assert_eq!(fake.requests().await.len(), 5);
    assert!(summary_of(&prepared, "Globex Mesh").is_some());

    // Every entry due, and the service now answers something that is not an image.
    let other = tempfile::tempdir().unwrap();
    fake.queue((0..3).map(|_| ResponseTemplate::new(200).set_body_string("<html>oops</html>")));
    let bad = prepare(options(&fake.url(), other.path())).await;
    let report = bad.clomonitor_report.as_ref().unwrap().as_ref().unwrap();
    assert!(bad.clomonitor.iter().all(Option::is_none));
    assert!(
        report.summary().contains("unusable report summary image"),
        "{}",
        report.summary()
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_build_writes_the_images_and_offline_sends_nothing() {
    let fake = FakeClomonitor::start().await;
    let tmp = tempfile::tempdir().unwrap();
    let file = super::fixture().join("landscape.yml");
    let url = fake.url();
    let build = |out: &str, extra: &[&str]| {
        let (cache, out) = (tmp.path().join("cache"), tmp.path().join(out));
        let mut args = vec![
            "build",
            "--no-orgs",
            "--data",
            file.to_str().unwrap(),
            "--cache",
            cache.to_str().unwrap(),
            "--out",
            out.to_str().unwrap(),
        ];
        args.extend(extra);
        let env = [("CLOMONITOR_API_URL", url.as_str())];
        tokio::task::block_in_place(|| cli::run_with(tmp.path(), &args, &env))
    };
    // Offline first, with nothing cached: no request, no image, a site.
    let output = build("offline", &["--offline"]);
    assert!(output.status.success(), "{}", cli::text(&output));
    assert_eq!(fake.requests().await.len(), 0);
    assert!(!tmp.path().join("offline/clomonitor").exists());

    let output = build("site", &[]);
    let text = cli::text(&output);
    assert!(output.status.success(), "{text}");
    assert!(
        text.contains("clomonitor: 3 projects, 2 report summaries (3 fetched"),
        "{text}"
    );
    let dir = tmp.path().join("site/clomonitor");
    let mut names: Vec<String> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    assert_eq!(names.len(), 2, "{names:?}");
    assert!(names[0].starts_with("acme-runtime.") && names[1].starts_with("globex-mesh."));
    let svg = std::fs::read_to_string(dir.join(&names[0])).unwrap();
    assert!(
        svg.contains("cncf/acme-runtime") && !svg.contains("script"),
        "{svg}"
    );

    // The item page shows the image, linked to the full report.
    let item = std::fs::read_dir(tmp.path().join("site/items"))
        .unwrap()
        .map(|e| e.unwrap().path().join("index.html"))
        .map(|p| std::fs::read_to_string(p).unwrap())
        .find(|page| page.contains("clomonitor/acme-runtime."))
        .expect("an item page showing acme-runtime's report summary");
    let image = format!("src=\"/clomonitor/{}\"", names[0]);
    assert!(item.contains(&image), "{image} in {item}");
    assert!(
        item.contains("href=\"https://clomonitor.io/projects/cncf/acme-runtime\""),
        "{item}"
    );

    // --no-clomonitor: nothing asked, nothing written.
    let before = fake.requests().await.len();
    let output = build("none", &["--no-clomonitor", "--orgs-ttl", "0s"]);
    assert!(output.status.success());
    assert_eq!(fake.requests().await.len(), before);
    assert!(!tmp.path().join("none/clomonitor").exists());
}
