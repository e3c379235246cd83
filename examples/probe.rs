fn main() {
    let dir = std::path::PathBuf::from(std::env::args().nth(1).unwrap());
    let t = std::time::Instant::now();
    let loaded = landscape::load::load(&landscape::load::Inputs {
        data: dir.join("landscape.yml"),
        settings: Some(dir.join("settings.yml")),
        guide: Some(dir.join("guide.yml")),
        logos: dir.join("hosted_logos"),
    });
    eprintln!("load took {:?}", t.elapsed());
    let extra = landscape::validate::cross_checks(&loaded);
    let mut r = loaded.report;
    r.extend(extra);
    r.sort();
    print!("{}", r.render(landscape::diagnostics::Format::Human, false));
    eprintln!("{}", r.summary());
    eprintln!(
        "items {} skipped {}",
        loaded.data.landscape.items.len(),
        loaded.data.skipped.len()
    );
}
