use super::*;
use crate::layout::{LayoutCategory, LayoutSubcategory, Tile};
use crate::model::Item;

fn item(name: &str) -> Item {
    Item {
        id: crate::model::slugify(name),
        name: name.to_string(),
        ..Item::default()
    }
}

/// (category, [(subcategory, normal tiles, large tiles)]).
type Spec<'a> = [(&'a str, &'a [(&'a str, usize, usize)])];

/// A model from its spec.
fn model(spec: &Spec) -> (LayoutModel, Landscape) {
    let mut landscape = Landscape::default();
    let mut categories = Vec::new();
    for (cat, subs) in spec {
        let mut subcategories = Vec::new();
        for (sub, normal, large) in *subs {
            let mut tiles = Vec::new();
            for k in 0..large + normal {
                landscape
                    .items
                    .push(item(&format!("{sub} item number {k}")));
                tiles.push(Tile {
                    item: landscape.items.len() - 1,
                    size: if k < *large {
                        TileSize::Large
                    } else {
                        TileSize::Normal
                    },
                    featured: (k < *large).then(|| "Graduated".to_string()),
                    label: None,
                    secondary: false,
                    plain_in: Vec::new(),
                });
            }
            subcategories.push(LayoutSubcategory {
                name: sub.to_string(),
                tiles,
            });
        }
        categories.push(LayoutCategory {
            name: cat.to_string(),
            subcategories,
        });
    }
    (LayoutModel { categories }, landscape)
}

fn approx(text: &str) -> f64 {
    text.chars().count() as f64 * 0.55
}

fn sample() -> (LayoutModel, Landscape) {
    model(&[
        (
            "Provisioning",
            &[
                ("Automation & Configuration", 40, 2),
                ("Container Registry", 9, 1),
                ("Security & Compliance", 70, 3),
                ("Key Management", 4, 0),
            ],
        ),
        (
            "Runtime",
            &[
                ("Cloud Native Storage", 30, 2),
                ("Container Runtime", 12, 1),
                ("Cloud Native Network", 25, 2),
            ],
        ),
        (
            "Orchestration & Management",
            &[
                ("Scheduling & Orchestration", 20, 1),
                ("Coordination & Service Discovery", 10, 2),
                ("Remote Procedure Call", 3, 1),
                ("Service Proxy", 8, 1),
                ("API Gateway", 15, 0),
                ("Service Mesh", 12, 1),
            ],
        ),
        ("Wasm", &[("Runtime", 2, 0), ("Tools", 1, 0)]),
        ("Members", &[("Platinum", 0, 12), ("Silver", 300, 0)]),
    ])
}

fn pack_it(
    model: &LayoutModel,
    landscape: &Landscape,
    w: f64,
    h: f64,
    names: bool,
) -> PosterGeometry {
    let opts = PackOptions {
        width: w,
        height: h,
        names,
    };
    pack(model, landscape, &opts, &approx).expect("packs")
}

#[test]
fn sample_packs_soundly_on_several_pages() {
    let (model, landscape) = sample();
    for (w, h) in [
        (3370.0, 2384.0),
        (2384.0, 3370.0),
        (1920.0, 1080.0),
        (800.0, 800.0),
        (5000.0, 600.0),
    ] {
        for names in [false, true] {
            let geometry = pack_it(&model, &landscape, w, h, names);
            let problems = geometry.problems(&model);
            assert!(problems.is_empty(), "{w}×{h} names={names}: {problems:#?}");
            assert_eq!(geometry.tiles().count(), model.tile_count());
        }
    }
}

#[test]
fn page_is_well_filled() {
    let (model, landscape) = sample();
    let geometry = pack_it(&model, &landscape, 3370.0, 2384.0, false);
    let used: f64 = geometry
        .categories
        .iter()
        .map(|c| c.rect.w * c.rect.h)
        .sum();
    let body = geometry.body.w * geometry.body.h;
    assert!(
        used / body > 0.85,
        "categories cover {:.0}% of the body",
        used / body * 100.0
    );
    let tiles: f64 = geometry.tiles().map(|t| t.rect.w * t.rect.h).sum();
    assert!(
        tiles / body > 0.45,
        "tiles cover {:.0}% of the body",
        tiles / body * 100.0
    );
}

#[test]
fn categories_keep_their_order_and_large_tiles_are_twice_the_side() {
    let (model, landscape) = sample();
    let geometry = pack_it(&model, &landscape, 3370.0, 2384.0, false);
    let names: Vec<&str> = geometry
        .categories
        .iter()
        .map(|c| c.name.as_str())
        .collect();
    assert_eq!(
        names,
        [
            "Provisioning",
            "Runtime",
            "Orchestration & Management",
            "Wasm",
            "Members"
        ]
    );
    // Reading order: each category starts right of or below the one before it.
    for pair in geometry.categories.windows(2) {
        let (a, b) = (&pair[0].rect, &pair[1].rect);
        assert!(
            b.y > a.y + 1e-6 || (b.y - a.y).abs() < 1e-6 && b.x > a.x,
            "{a:?} then {b:?}"
        );
    }
    let normal = geometry
        .tiles()
        .find(|t| t.size == TileSize::Normal)
        .map(|t| t.rect.w);
    let large = geometry
        .tiles()
        .find(|t| t.size == TileSize::Large)
        .map(|t| t.rect.w);
    let (normal, large) = (normal.unwrap_or(0.0), large.unwrap_or(0.0));
    assert!(
        (large - (2.0 * normal + 0.12 * geometry.cell)).abs() < 1e-6,
        "{normal} {large}"
    );
}

#[test]
fn names_get_captions_inside_tiles() {
    let (model, landscape) = sample();
    let geometry = pack_it(&model, &landscape, 3370.0, 2384.0, true);
    assert!(
        geometry
            .tiles()
            .all(|t| t.caption.as_ref().is_some_and(|c| !c.lines.is_empty()))
    );
    let without = pack_it(&model, &landscape, 3370.0, 2384.0, false);
    assert!(without.tiles().all(|t| t.caption.is_none()));
}

#[test]
fn tiny_selection_gets_bounded_tiles() {
    let (model, landscape) = model(&[("Wasm", &[("Runtime", 1, 0)])]);
    let geometry = pack_it(&model, &landscape, 1000.0, 700.0, false);
    assert!(geometry.problems(&model).is_empty());
    assert!(geometry.cell <= geometry.body.w / 10.0 + 1e-9);
}

#[test]
fn bad_pages_and_empty_models_are_errors() {
    let (model, landscape) = sample();
    let bad = PackOptions {
        width: f64::NAN,
        height: 100.0,
        names: false,
    };
    assert!(matches!(
        pack(&model, &landscape, &bad, &approx),
        Err(PackError::BadPage(..))
    ));
    let empty = LayoutModel::default();
    let opts = PackOptions {
        width: 1000.0,
        height: 700.0,
        names: false,
    };
    assert_eq!(
        pack(&empty, &landscape, &opts, &approx).err(),
        Some(PackError::Empty)
    );
}

#[test]
fn problems_reports_overlaps_and_misplaced_items() {
    let (model, landscape) = sample();
    let mut geometry = pack_it(&model, &landscape, 3370.0, 2384.0, false);
    let sub = &mut geometry.categories[0].subcategories[0];
    sub.tiles[1].rect = sub.tiles[0].rect;
    sub.tiles[2].item = 9999;
    let problems = geometry.problems(&model).join("\n");
    assert!(problems.contains("overlaps"), "{problems}");
    assert!(problems.contains("placed items"), "{problems}");
}
