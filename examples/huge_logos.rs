//! Writes a landscape whose items all have huge raster logos, to measure what a poster
//! export costs with them (`/usr/bin/time -v landscape export ...` on the result).
//!
//! `cargo run --release --example huge_logos -- DIR [COUNT] [SIDE]` writes `DIR/landscape.yml`,
//! `DIR/settings.yml` and `COUNT` (default 24) PNG logos of `SIDE`×`SIDE` pixels (default
//! 16,384, the largest the logo sanitizer accepts) in `DIR/hosted_logos`. Each logo is one
//! solid colour, so the files are small however large the image.

use std::fmt::Write as _;
use std::path::PathBuf;

fn main() {
    let mut args = std::env::args().skip(1);
    let Some(dir) = args.next().map(PathBuf::from) else {
        eprintln!("usage: huge_logos DIR [COUNT] [SIDE]");
        std::process::exit(2);
    };
    let count: usize = args
        .next()
        .map_or(24, |a| a.parse().expect("COUNT is a number"));
    let side: u32 = args
        .next()
        .map_or(16_384, |a| a.parse().expect("SIDE is a number"));
    let logos = dir.join("hosted_logos");
    std::fs::create_dir_all(&logos).expect("create the logos directory");
    let mut yaml = String::from(
        "landscape:\n  - category:\n    name: Huge\n    subcategories:\n      - subcategory:\n        name: Logos\n        items:\n",
    );
    for i in 0..count {
        let name = format!("huge-{i}.png");
        std::fs::write(logos.join(&name), solid_png(side, i)).expect("write a logo");
        let _ = write!(
            yaml,
            "          - item:\n            name: Huge {i}\n            homepage_url: https://huge{i}.example.org/\n            logo: {name}\n"
        );
    }
    std::fs::write(dir.join("landscape.yml"), yaml).expect("write landscape.yml");
    std::fs::write(
        dir.join("settings.yml"),
        "foundation: Huge\nurl: https://huge.example.org\n",
    )
    .expect("write settings.yml");
    println!(
        "{count} logos of {side}×{side} pixels in {}",
        logos.display()
    );
}

/// A `side`×`side` grey PNG of one shade, encoded row by row so that the image is never
/// whole in memory. Grey: the sanitizer decodes logos within 512 MiB, which a 16,384² RGB
/// image is over.
fn solid_png(side: u32, seed: usize) -> Vec<u8> {
    let mut out = Vec::new();
    {
        let mut encoder = png::Encoder::new(&mut out, side, side);
        encoder.set_color(png::ColorType::Grayscale);
        encoder.set_depth(png::BitDepth::Eight);
        encoder.set_compression(png::Compression::Fast);
        let mut writer = encoder.write_header().expect("PNG header");
        let mut stream = writer.stream_writer().expect("PNG stream");
        let row = vec![(40 + seed * 7 % 180) as u8; side as usize];
        for _ in 0..side {
            std::io::Write::write_all(&mut stream, &row).expect("PNG row");
        }
        stream.finish().expect("PNG end");
    }
    out
}
