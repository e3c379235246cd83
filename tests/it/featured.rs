//! `featured_items` rules with `exclude: groups:`: a group's own view (the poster of that
//! group, its tab in the explorer) shows those items at normal size; the view of every group
//! features them and tells each tile which groups show it plain.

use crate::support::poster::load_dir;
use landscape::layout::{LayoutModel, Selection, Tile, TileSize};

fn tile<'a>(
    model: &'a LayoutModel,
    fixture: &crate::support::poster::Fixture,
    name: &str,
) -> &'a Tile {
    model
        .categories
        .iter()
        .flat_map(|c| &c.subcategories)
        .flat_map(|s| &s.tiles)
        .find(|t| fixture.landscape.items[t.item].name == name)
        .unwrap_or_else(|| panic!("{name} has a tile"))
}

#[test]
fn a_group_excluded_from_a_rule_shows_its_items_plain() {
    // The explorer fixture: graduated items always featured, incubating ones except in the
    // Projects group (alias `projects`), which holds Provisioning and Runtime.
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/explorer");
    let fixture = load_dir(&dir, &dir.join("logos"), false);
    let (landscape, settings) = (&fixture.landscape, &fixture.settings);

    let all = LayoutModel::build(landscape, settings, &Selection::All).expect("all");
    let beta = tile(&all, &fixture, "Beta Config");
    assert_eq!(beta.size, TileSize::Large);
    assert_eq!(beta.featured.as_deref(), Some("Incubating"));
    assert_eq!(beta.plain_in, ["projects"]);
    let alpha = tile(&all, &fixture, "Alpha Deploy");
    assert_eq!(alpha.size, TileSize::Large);
    assert!(
        alpha.plain_in.is_empty(),
        "graduated stays featured everywhere"
    );
    let plain = tile(&all, &fixture, "Gamma Provision");
    assert_eq!((plain.size, plain.plain_in.len()), (TileSize::Normal, 0));

    for name in ["Projects", "PROJECTS", "projects"] {
        let group = LayoutModel::build(landscape, settings, &Selection::Group(name.into()))
            .expect("the group");
        let beta = tile(&group, &fixture, "Beta Config");
        assert_eq!(
            (beta.size, beta.featured.as_deref()),
            (TileSize::Normal, None)
        );
        assert_eq!(tile(&group, &fixture, "Alpha Deploy").size, TileSize::Large);
        assert!(
            group
                .categories
                .iter()
                .flat_map(|c| &c.subcategories)
                .flat_map(|s| &s.tiles)
                .all(|t| t.plain_in.is_empty())
        );
    }
    // A category's own view is not a group's: the item stays featured.
    let runtime = LayoutModel::build(landscape, settings, &Selection::Category("Runtime".into()))
        .expect("category");
    assert_eq!(tile(&runtime, &fixture, "Zeta Store").size, TileSize::Large);
}

#[test]
fn only_a_rule_option_with_a_label_labels_its_tiles() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/explorer");
    let mut fixture = load_dir(&dir, &dir.join("logos"), false);
    // Graduated without a label, as landscape2's settings allow: still featured, unlabelled.
    fixture.settings.featured_items[0].options[0].label = None;
    let all =
        LayoutModel::build(&fixture.landscape, &fixture.settings, &Selection::All).expect("all");
    let alpha = tile(&all, &fixture, "Alpha Deploy");
    assert_eq!(
        (alpha.size, alpha.label.as_deref()),
        (TileSize::Large, None)
    );
    let beta = tile(&all, &fixture, "Beta Config");
    assert_eq!(beta.label.as_deref(), Some("Incubating"));
}
