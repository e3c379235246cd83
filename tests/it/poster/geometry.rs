//! The poster's geometry: every item placed exactly once per path, nothing overlapping,
//! tiles inside boxes, boxes inside categories, categories inside the page, text inside
//! its box; on the fixture at many page shapes, and on the CNCF snapshot when present.

use std::collections::HashMap;

use crate::support::poster::{Fixture, cncf, expected_paths, fixture, options};
use landscape::layout::Selection;
use landscape::layout::TileSize;
use landscape::poster::{Paper, PosterFormat, PosterLayout, poster_layout};

/// Every item, per (category, subcategory) box of the geometry.
fn placed(layout: &PosterLayout) -> HashMap<(String, String), Vec<usize>> {
    let mut out: HashMap<(String, String), Vec<usize>> = HashMap::new();
    for cat in &layout.geometry.categories {
        for sub in &cat.subcategories {
            let mut items: Vec<usize> = sub.tiles.iter().map(|t| t.item).collect();
            items.sort_unstable();
            out.insert((cat.name.clone(), sub.name.clone()), items);
        }
    }
    out
}

/// The geometry's own checks, then placement against the data file itself.
fn assert_sound(fixture: &Fixture, layout: &PosterLayout, what: &str) {
    let problems = layout.geometry.problems(&layout.model);
    assert!(problems.is_empty(), "{what}: {problems:#?}");
    let placed = placed(layout);
    let expected = expected_paths(&fixture.landscape);
    for (path, items) in &placed {
        assert_eq!(Some(items), expected.get(path), "{what}: items in {path:?}");
    }
    let page = layout.geometry.page;
    for tile in layout.geometry.tiles() {
        assert!(page.contains(&tile.rect), "{what}: tile outside the page");
    }
}

#[test]
fn fixture_items_are_placed_once_per_path_on_every_page_shape() {
    let fixture = fixture();
    let shapes: [(Option<Paper>, bool); 4] = [
        (None, false),
        (Some(Paper::A4), true),
        (Some(Paper::Letter), false),
        (Some(Paper::A3), false),
    ];
    for (paper, portrait) in shapes {
        for names in [false, true] {
            let mut opts = options(PosterFormat::Svg, &fixture);
            opts.paper = paper;
            opts.portrait = portrait;
            opts.names = names;
            let layout =
                poster_layout(&fixture.landscape, &fixture.settings, &opts).expect("lays out");
            let what = format!("{paper:?} portrait={portrait} names={names}");
            assert_sound(&fixture, &layout, &what);
            // All three categories and all six subcategories, with both paths of Crun Fast.
            assert_eq!(layout.geometry.categories.len(), 3, "{what}");
            assert_eq!(placed(&layout).len(), 6, "{what}");
            let crun = fixture
                .landscape
                .items
                .iter()
                .position(|i| i.name == "Crun Fast");
            let crun_tiles = layout
                .geometry
                .tiles()
                .filter(|t| Some(t.item) == crun)
                .count();
            assert_eq!(crun_tiles, 2, "{what}");
        }
    }
}

#[test]
fn featured_items_get_large_marked_tiles_and_second_paths_are_flagged() {
    let fixture = fixture();
    let opts = options(PosterFormat::Png, &fixture);
    let layout = poster_layout(&fixture.landscape, &fixture.settings, &opts).expect("lays out");
    let name =
        |t: &landscape::poster::pack::PlacedTile| fixture.landscape.items[t.item].name.as_str();
    let cell = layout.geometry.cell;
    for tile in layout.geometry.tiles() {
        let featured = matches!(
            name(tile),
            "Kubelet Builder" | "Gatekeeper of Policies" | "Rook Like" | "Big Cloud Corp"
        );
        assert_eq!(tile.size == TileSize::Large, featured, "{}", name(tile));
        assert_eq!(tile.mark.is_some(), featured, "{}", name(tile));
        let side = if featured {
            2.0 * cell - 0.12 * cell
        } else {
            cell - 0.12 * cell
        };
        assert!(
            (tile.rect.w - side).abs() < 1e-6,
            "{}: {} vs {side}",
            name(tile),
            tile.rect.w
        );
        if let Some((_, label)) = &tile.mark {
            assert!(label.lines[0].starts_with("TestF") || label.lines[0] == "Platinum");
        }
    }
    let secondary: Vec<&str> = layout
        .geometry
        .tiles()
        .filter(|t| t.secondary)
        .map(name)
        .collect();
    assert_eq!(secondary, ["Crun Fast"]);
}

#[test]
fn group_and_category_selections_lay_out_only_their_categories() {
    let fixture = fixture();
    let mut opts = options(PosterFormat::Pdf, &fixture);
    opts.selection = Selection::Group("projects".into());
    let layout = poster_layout(&fixture.landscape, &fixture.settings, &opts).expect("lays out");
    let names: Vec<&str> = layout
        .geometry
        .categories
        .iter()
        .map(|c| c.name.as_str())
        .collect();
    assert_eq!(names, ["Provisioning", "Runtime"]);
    assert_sound(&fixture, &layout, "group");
    opts.selection = Selection::Category("members".into());
    let layout = poster_layout(&fixture.landscape, &fixture.settings, &opts).expect("lays out");
    let names: Vec<&str> = layout
        .geometry
        .categories
        .iter()
        .map(|c| c.name.as_str())
        .collect();
    assert_eq!(names, ["Members"]);
    assert_sound(&fixture, &layout, "category");
}

#[test]
fn cncf_snapshot_lays_out_soundly_and_fills_the_page() {
    let Some(cncf) = cncf(false) else { return };
    for (paper, names) in [(Paper::A0, false), (Paper::A0, true), (Paper::A3, false)] {
        let mut opts = options(PosterFormat::Pdf, &cncf);
        opts.paper = Some(paper);
        opts.names = names;
        let layout = poster_layout(&cncf.landscape, &cncf.settings, &opts).expect("lays out");
        let what = format!("CNCF {paper:?} names={names}");
        assert_sound(&cncf, &layout, &what);
        assert_eq!(
            layout.geometry.tiles().count(),
            layout.model.tile_count(),
            "{what}"
        );
        let body = layout.geometry.body.w * layout.geometry.body.h;
        let tiles: f64 = layout.geometry.tiles().map(|t| t.rect.w * t.rect.h).sum();
        let sections: f64 = layout
            .geometry
            .categories
            .iter()
            .map(|c| c.rect.w * c.rect.h)
            .sum();
        println!(
            "{what}: cell {:.1} pt, categories cover {:.0}% of the body, tiles {:.0}%",
            layout.geometry.cell,
            sections / body * 100.0,
            tiles / body * 100.0
        );
        assert!(
            sections / body > 0.9,
            "{what}: sections cover {:.2}",
            sections / body
        );
        assert!(
            tiles / body > 0.5,
            "{what}: tiles cover {:.2}",
            tiles / body
        );
    }
}
