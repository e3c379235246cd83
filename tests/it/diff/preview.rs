//! `--preview DIR`: PNG files of the touched subcategories and the changed tiles, of the
//! sizes reported, linked from the markdown; and the outline that marks a changed tile.

use std::collections::BTreeMap;

use image::GenericImageView;
use landscape::load::Inputs;
use landscape::poster::{self, PosterFormat, PosterOptions};
use landscape::prepare::{self, LogoWork, PrepareOptions};

use super::{base_entries, entry, json, pair, run};

fn png_size(path: &std::path::Path) -> (u32, u32) {
    let bytes = std::fs::read(path).unwrap();
    assert!(
        bytes.starts_with(b"\x89PNG\r\n\x1a\n"),
        "{} is no PNG",
        path.display()
    );
    image::load_from_memory(&bytes).unwrap().dimensions()
}

#[test]
fn previews_are_pngs_of_the_touched_subcategories_and_tiles() {
    let dir = tempfile::tempdir().unwrap();
    let mut head = base_entries();
    head.push(entry("Observability", "Monitoring", "Delta"));
    // Alpha is featured (graduated): its tile is the large one.
    head[0].extra = vec!["project: graduated".into()];
    let (base, head) = pair(dir.path(), &base_entries(), &head);
    std::fs::write(
        dir.path().join("head/settings.yml"),
        format!(
            "{}featured_items:\n  - field: maturity\n    options:\n      - value: graduated\n",
            super::SETTINGS
        ),
    )
    .unwrap();
    let (code, report) = json(dir.path(), &base, &head, &["--preview", "out/previews"]);
    assert_eq!(code, 0, "{report:#}");
    let previews = &report["previews"];
    let prev_dir = dir.path().join("out/previews");

    let subs = previews["subcategories"].as_array().unwrap();
    let touched: Vec<(&str, &str)> = subs
        .iter()
        .map(|s| {
            (
                s["category"].as_str().unwrap(),
                s["subcategory"].as_str().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        touched,
        [
            ("Runtime", "Container Runtime"),
            ("Observability", "Monitoring")
        ]
    );
    for s in subs {
        let size = png_size(&prev_dir.join(s["file"].as_str().unwrap()));
        assert_eq!(size.0, 1400);
        assert_eq!(
            (size.0 as u64, size.1 as u64),
            (s["width"].as_u64().unwrap(), s["height"].as_u64().unwrap())
        );
        assert_eq!(s["highlighted"], 1);
    }

    let tiles: BTreeMap<&str, &serde_json::Value> = (previews["tiles"].as_array().unwrap().iter())
        .map(|t| (t["item"].as_str().unwrap(), &t["files"]))
        .collect();
    assert_eq!(
        tiles.keys().copied().collect::<Vec<_>>(),
        ["Alpha", "Delta"]
    );
    // Tiles at the site's sizes, twice the CSS pixels, with 8 px of page around them:
    // 68×53 and 56×44 for a normal tile, two columns and rows (plus the gap) for a large.
    let expect = |files: &serde_json::Value, want: [(&str, &str, u32, u32); 4]| {
        let got: Vec<(String, String, u32, u32)> = (files.as_array().unwrap().iter())
            .map(|f| {
                let (w, h) = png_size(&prev_dir.join(f["file"].as_str().unwrap()));
                assert_eq!(
                    (w as u64, h as u64),
                    (f["width"].as_u64().unwrap(), f["height"].as_u64().unwrap())
                );
                (
                    f["screen"].as_str().unwrap().into(),
                    f["theme"].as_str().unwrap().into(),
                    w,
                    h,
                )
            })
            .collect();
        let want: Vec<(String, String, u32, u32)> = want
            .iter()
            .map(|(s, t, w, h)| (s.to_string(), t.to_string(), *w, *h))
            .collect();
        assert_eq!(got, want);
    };
    expect(
        tiles["Delta"],
        [
            ("desktop", "light", 168, 138),
            ("desktop", "dark", 168, 138),
            ("narrow", "light", 144, 120),
            ("narrow", "dark", 144, 120),
        ],
    );
    expect(
        tiles["Alpha"],
        [
            ("desktop", "light", 314, 254),
            ("desktop", "dark", 314, 254),
            ("narrow", "light", 266, 218),
            ("narrow", "dark", 266, 218),
        ],
    );
    // Light and dark differ (the page around the tile).
    let delta = tiles["Delta"].as_array().unwrap();
    let read = |i: usize| std::fs::read(prev_dir.join(delta[i]["file"].as_str().unwrap())).unwrap();
    let (light, dark) = (
        image::load_from_memory(&read(0)).unwrap(),
        image::load_from_memory(&read(1)).unwrap(),
    );
    assert_eq!(light.get_pixel(2, 2).0, [0xf6, 0xf8, 0xfb, 255]);
    assert_eq!(dark.get_pixel(2, 2).0, [0x1e, 0x28, 0x33, 255]);
    // The logo is drawn: the tile's centre has the logo's colour (#3366cc).
    assert_eq!(light.get_pixel(84, 69).0, [0x33, 0x66, 0xcc, 255]);

    // The markdown links every file by its path relative to where the command ran.
    let out = run(
        dir.path(),
        &base,
        &head,
        &["--format", "markdown", "--preview", "out/previews"],
    );
    let text = String::from_utf8(out.stdout).unwrap();
    for s in subs {
        let link = format!("](out/previews/{})", s["file"].as_str().unwrap());
        assert!(text.contains(&link), "{link} in\n{text}");
    }
    for file in tiles.values().flat_map(|f| f.as_array().unwrap()) {
        let link = format!("](out/previews/{})", file["file"].as_str().unwrap());
        assert!(text.contains(&link), "{link} in\n{text}");
    }
}

#[test]
fn a_highlighted_tile_is_outlined_and_nothing_else_changes() {
    let dir = tempfile::tempdir().unwrap();
    let entries = vec![
        entry("Observability", "Monitoring", "Beta"),
        entry("Observability", "Monitoring", "Gamma"),
    ];
    let (_, head) = pair(dir.path(), &entries, &entries);
    let prepared = prepare::prepare(&PrepareOptions::new(
        Inputs::beside(&head),
        LogoWork::Process,
    ));
    let mut opts = PosterOptions::new(PosterFormat::Png);
    opts.width_px = Some(1000);
    opts.date = chrono::NaiveDate::from_ymd_opt(2025, 1, 2);
    let draw = |opts: &PosterOptions| {
        let png = poster::export_poster(
            &prepared.landscape,
            &prepared.settings,
            &prepared.logos,
            opts,
        )
        .unwrap();
        image::load_from_memory(&png.bytes).unwrap().to_rgba8()
    };
    let plain = draw(&opts);
    let beta = prepared
        .landscape
        .items
        .iter()
        .position(|i| i.name == "Beta")
        .unwrap();
    opts.highlight.insert(beta);
    let outlined = draw(&opts);
    assert_eq!(plain.dimensions(), outlined.dimensions());

    let layout = poster::poster_layout(&prepared.landscape, &prepared.settings, &opts).unwrap();
    let scale = layout.scale;
    let tile = |item: usize| {
        layout
            .geometry
            .tiles()
            .find(|t| t.item == item)
            .unwrap()
            .rect
    };
    // Pixels differing between the two renders, and whether each lies in the band just
    // outside Beta's tile.
    let beta_rect = tile(beta);
    let band = 0.08 * layout.geometry.cell;
    let mut differing = 0;
    for (x, y, p) in outlined.enumerate_pixels() {
        if plain.get_pixel(x, y) == p {
            continue;
        }
        differing += 1;
        let (px, py) = (f64::from(x) / scale, f64::from(y) / scale);
        let near = px >= beta_rect.x - band
            && px <= beta_rect.right() + band
            && py >= beta_rect.y - band
            && py <= beta_rect.bottom() + band;
        assert!(near, "pixel {x},{y} changed away from the highlighted tile");
    }
    assert!(differing > 100, "only {differing} pixels differ");
    let orange = outlined
        .pixels()
        .filter(|p| p.0 == [255, 106, 0, 255])
        .count();
    assert!(orange > 100, "{orange} pixels of the outline colour");
    assert!(plain.pixels().all(|p| p.0 != [255, 106, 0, 255]));
}
