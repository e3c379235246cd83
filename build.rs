//! Embeds `templates/` and `assets/` into the binary so it runs from any directory.
//! Assets get content-hashed names (`style.css` → `style.<hash>.css`) for cache busting.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::{env, fs};

fn main() {
    let root =
        PathBuf::from(env::var("CARGO_MANIFEST_DIR").expect("cargo sets CARGO_MANIFEST_DIR"));
    let out = PathBuf::from(env::var("OUT_DIR").expect("cargo sets OUT_DIR"));
    let mut code = String::new();

    let templates = files_under(&root.join("templates"));
    code.push_str(
        "/// Built-in templates: (name, text).\npub static TEMPLATES: &[(&str, &str)] = &[\n",
    );
    for (rel, abs) in &templates {
        let _ = writeln!(code, "    ({rel:?}, include_str!({abs:?})),");
    }
    code.push_str("];\n");

    // Fonts are for the poster and logo measuring, compiled in by those modules; pages do
    // not need them.
    let assets: Vec<_> = files_under(&root.join("assets"))
        .into_iter()
        .filter(|(rel, _)| !rel.starts_with("fonts/"))
        .collect();
    code.push_str(
        "/// Built-in assets: (path, content-hashed path, bytes).\npub static ASSETS: &[(&str, &str, &[u8])] = &[\n",
    );
    for (rel, abs) in &assets {
        let mut bytes = fs::read(abs).expect("asset readable");
        let mut source = abs.clone();
        // Our scripts ship without their comment lines (7 KB of the CNCF first view's
        // 200 KB gzip); vendored ones keep theirs, licenses included.
        if rel.ends_with(".js") && !rel.contains("iframeResizer") {
            bytes = without_comment_lines(&bytes);
            source = out.join("assets").join(rel);
            fs::create_dir_all(source.parent().expect("a file has a parent"))
                .expect("OUT_DIR writable");
            fs::write(&source, &bytes).expect("OUT_DIR writable");
        }
        let hash = blake3::hash(&bytes).to_hex();
        let hashed = hashed_name(rel, &hash[..12]);
        let _ = writeln!(
            code,
            "    ({rel:?}, {hashed:?}, include_bytes!({source:?})),"
        );
    }
    code.push_str("];\n");
    fs::write(out.join("embedded.rs"), code).expect("OUT_DIR writable");
    println!("cargo::rerun-if-changed=templates");
    println!("cargo::rerun-if-changed=assets");
    for (_, abs) in templates.iter().chain(&assets) {
        println!("cargo::rerun-if-changed={}", abs.display());
    }
}

/// The script without the lines that hold only a `//` comment. Our scripts have no
/// multi-line string in which such a line could be text.
fn without_comment_lines(js: &[u8]) -> Vec<u8> {
    let text = std::str::from_utf8(js).expect("scripts are UTF-8");
    let mut out = String::with_capacity(text.len());
    for line in text.split_inclusive('\n') {
        if !line.trim_start().starts_with("//") {
            out.push_str(line);
        }
    }
    out.into_bytes()
}

/// `css/style.css` → `css/style.<hash>.css`; names without extension get `.<hash>` appended.
fn hashed_name(rel: &str, hash: &str) -> String {
    let (dir, file) = rel.rsplit_once('/').map_or(("", rel), |(d, f)| (d, f));
    let file = match file.rsplit_once('.') {
        Some((stem, ext)) => format!("{stem}.{hash}.{ext}"),
        None => format!("{file}.{hash}"),
    };
    if dir.is_empty() {
        file
    } else {
        format!("{dir}/{file}")
    }
}

/// Every file below `dir`, as (path relative to dir with `/`, absolute path), sorted.
fn files_under(dir: &Path) -> Vec<(String, PathBuf)> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        let Ok(entries) = fs::read_dir(&d) else {
            continue;
        };
        for entry in entries.flatten() {
            let path = entry.path();
            if path.is_dir() {
                stack.push(path);
            } else if let Ok(rel) = path.strip_prefix(dir) {
                let rel = rel.to_string_lossy().replace('\\', "/");
                if !rel.starts_with('.') {
                    out.push((rel, path));
                }
            }
        }
    }
    out.sort();
    out
}
