//! The explorer index's unit tests.

use super::facet::Cell;
use super::*;

#[test]
fn facets_order_and_cells() {
    let per_item = vec![
        vec!["sandbox".to_string()],
        vec!["graduated".to_string()],
        vec![],
        vec!["sandbox".to_string()],
    ];
    let f = value_facet("maturity", "Maturity", &per_item);
    assert_eq!(f.values, ["graduated", "sandbox"]);
    assert_eq!(
        f.of,
        [
            Some(Cell::One(1)),
            Some(Cell::One(0)),
            None,
            Some(Cell::One(1))
        ]
    );
    let json = serde_json::to_string(&f.of).unwrap_or_default();
    assert_eq!(json, "[1,0,null,1]");
}

/// The index's fields for landscape2's URLs: anchors, group keys, "none" and "all" ids.
#[test]
fn landscape2_names_in_the_index() {
    let yaml = "landscape:\n- category:\n  name: App Definition & Development\n  subcategories:\n  - subcategory:\n    name: CI/CD\n    items:\n    - item:\n      name: .NET\n      homepage_url: https://a.io\n      logo: a.svg\n      project: graduated\n    - item:\n      name: B\n      homepage_url: https://b.io\n      logo: b.svg\n      extra:\n        specification: true\n";
    let landscape = crate::load::landscape::read("l.yml", yaml).landscape;
    let settings = Settings {
        foundation: "Open Thing".into(),
        groups: vec![crate::load::settings::Group {
            name: "Projects and products".into(),
            alias: Some("projects".into()),
            categories: vec!["App Definition & Development".into()],
            ..Default::default()
        }],
        ..Settings::default()
    };
    let layout = LayoutModel::build(&landscape, &settings, &crate::layout::Selection::All).unwrap();
    let gh = vec![None; landscape.items.len()];
    let orgs = vec![None; landscape.items.len()];
    let data = explorer_data(&landscape, &layout, &settings, &gh, &orgs);
    let doc: serde_json::Value = serde_json::from_slice(&data.bytes).unwrap();
    let facet = |key: &str| {
        doc["facets"]
            .as_array()
            .and_then(|f| f.iter().find(|f| f["key"] == key))
            .cloned()
            .unwrap_or_default()
    };
    assert_eq!(
        facet("subcategory")["anchors"],
        serde_json::json!(["app-definition-development--ci-cd"])
    );
    let maturity = facet("maturity");
    assert_eq!(maturity["values"], serde_json::json!(["graduated", "None"]));
    assert_eq!(
        maturity["ids"],
        serde_json::json!(["graduated", "non-openthing"])
    );
    assert_eq!(maturity["none"], 1);
    assert_eq!(maturity["all"], "openthing");
    assert_eq!(maturity["of"], serde_json::json!([0, 1]));
    assert_eq!(
        facet("specification")["values"],
        serde_json::json!(["Yes", "No"])
    );
    assert_eq!(facet("specification")["of"], serde_json::json!([1, 0]));
    // No license anywhere: no license facet, none value or not.
    assert_eq!(facet("license"), serde_json::Value::Null);
    assert_eq!(doc["groups"][0]["id"], "projects");
    assert_eq!(doc["groups"][0]["key"], "projects-and-products");
}

#[test]
fn crunchbase_names_are_readable() {
    let yaml = "landscape:\n- category:\n  name: C\n  subcategories:\n  - subcategory:\n    name: S\n    items:\n    - item:\n      name: A\n      homepage_url: https://a.io\n      logo: a.svg\n      crunchbase: https://www.crunchbase.com/organization/amazon-web-services\n";
    let loaded = crate::load::landscape::read("l.yml", yaml);
    let mut item = loaded.landscape.items[0].clone();
    assert_eq!(organization(&item).as_deref(), Some("Amazon Web Services"));
    item.organization = Some("AWS".into());
    assert_eq!(organization(&item).as_deref(), Some("AWS"));
}

#[test]
fn repo_paths_for_search() {
    assert_eq!(
        repo_path("https://github.com/cncf/landscape/"),
        "cncf/landscape"
    );
    assert!(is_github("https://GitHub.com/a/b"));
    assert!(!is_github("https://gitlab.com/a/b"));
}

/// Organization data adds the country, industry and organization type filters and the
/// funding column; without it the index has none of them.
#[test]
fn organization_filters_and_funding() {
    let yaml = "landscape:\n- category:\n  name: C\n  subcategories:\n  - subcategory:\n    name: S\n    items:\n    - item:\n      name: A\n      homepage_url: https://a.io\n      logo: a.svg\n      crunchbase: https://www.crunchbase.com/organization/acme\n    - item:\n      name: B\n      homepage_url: https://b.io\n      logo: b.svg\n    - item:\n      name: D\n      homepage_url: https://d.io\n      logo: d.svg\n      crunchbase: https://www.crunchbase.com/organization/other\n";
    let landscape = crate::load::landscape::read("l.yml", yaml).landscape;
    let settings = Settings::default();
    let layout = LayoutModel::build(&landscape, &settings, &crate::layout::Selection::All).unwrap();
    let gh = vec![None; 3];
    let index = |orgs: &[Option<Arc<Organization>>]| -> serde_json::Value {
        let data = explorer_data(&landscape, &layout, &settings, &gh, orgs);
        serde_json::from_slice(&data.bytes).unwrap()
    };
    let plain = index(&[None, None, None]);
    let keys: Vec<&str> = (plain["facets"].as_array().unwrap().iter())
        .filter_map(|f| f["key"].as_str())
        .collect();
    assert!(
        !keys.contains(&"country") && !keys.contains(&"industry"),
        "{keys:?}"
    );
    assert!(plain.get("funding").is_none());

    let acme = Arc::new(Organization {
        name: Some("Acme Corp".into()),
        country: Some("France".into()),
        categories: vec!["Cloud".into(), "Security".into(), "Cloud".into()],
        company_type: Some("for_profit".into()),
        funding: Some(5_000_000),
        ..Organization::default()
    });
    let other = Arc::new(Organization {
        country: Some("Japan".into()),
        kind: Some("public company".into()),
        ..Organization::default()
    });
    let doc = index(&[Some(acme), None, Some(other)]);
    let facet = |key: &str| {
        (doc["facets"].as_array().unwrap().iter())
            .find(|f| f["key"] == key)
            .cloned()
            .unwrap_or_default()
    };
    assert_eq!(
        facet("country")["values"],
        serde_json::json!(["France", "Japan"])
    );
    assert_eq!(facet("country")["of"], serde_json::json!([0, null, 1]));
    assert_eq!(facet("country")["label"], "Country");
    assert_eq!(
        facet("industry")["values"],
        serde_json::json!(["Cloud", "Security"])
    );
    assert_eq!(
        facet("industry")["of"],
        serde_json::json!([[0, 1], null, null])
    );
    let types = facet("org-type");
    assert_eq!(
        types["values"],
        serde_json::json!(["For profit", "public company"])
    );
    assert_eq!(
        types["ids"],
        serde_json::json!(["for_profit", "public company"])
    );
    // The organization filter names the organization as its data does.
    let names = facet("organization");
    assert_eq!(names["values"], serde_json::json!(["Acme Corp", "Other"]));
    assert_eq!(doc["funding"], serde_json::json!([5_000_000, null, null]));
}

/// Settings' maturity levels order and label the maturity facet ("None" stays as it is);
/// filterable custom fields are facets `field-<key>`; `hide_archived_items` adds the
/// `archived` facet whose `hide` value is "Yes". Without those settings, none of it.
#[test]
fn settings_levels_fields_and_hidden_archived_items() {
    let yaml = "landscape:\n- category:\n  name: C\n  subcategories:\n  - subcategory:\n    name: S\n    items:\n    - item:\n      name: A\n      homepage_url: https://a.io\n      logo: a.svg\n      project: pilot\n      extra:\n        tier: gold\n    - item:\n      name: B\n      homepage_url: https://b.io\n      logo: b.svg\n      project: core\n    - item:\n      name: O\n      homepage_url: https://o.io\n      logo: o.svg\n      project: archived\n    - item:\n      name: P\n      homepage_url: https://p.io\n      logo: p.svg\n";
    let settings: Settings = crate::yaml::parse_typed(
        "foundation: F\nhide_archived_items: true\nmaturity_levels:\n  - name: core\n    label: Core project\n  - name: pilot\n  - name: archived\ncustom_fields:\n  - key: tier\n    label: Tier\n    type: text\n    filterable: true\n",
    )
    .expect("settings");
    let declared = crate::load::settings_fields::Declared::of(&settings);
    let landscape = crate::load::landscape::read_declared("l.yml", yaml, &declared).landscape;
    let index = |settings: &Settings| -> serde_json::Value {
        let layout =
            LayoutModel::build(&landscape, settings, &crate::layout::Selection::All).unwrap();
        let n = landscape.items.len();
        let data = explorer_data(
            &landscape,
            &layout,
            settings,
            &vec![None; n],
            &vec![None; n],
        );
        serde_json::from_slice(&data.bytes).unwrap()
    };
    let doc = index(&settings);
    let facet = |key: &str| {
        (doc["facets"].as_array().into_iter().flatten())
            .find(|f| f["key"] == key)
            .cloned()
            .unwrap_or_default()
    };
    let maturity = facet("maturity");
    assert_eq!(
        maturity["values"],
        serde_json::json!(["core", "pilot", "archived", "None"])
    );
    assert_eq!(
        maturity["labels"],
        serde_json::json!(["Core project", "Pilot", "Archived", "None"])
    );
    assert_eq!(facet("field-tier")["label"], "Tier");
    assert_eq!(
        facet("field-tier")["of"],
        serde_json::json!([0, null, null, null])
    );
    let archived = facet("archived");
    assert_eq!(
        archived["values"][archived["hide"].as_u64().unwrap() as usize],
        "Yes"
    );

    let plain = index(&Settings {
        foundation: "F".into(),
        ..Settings::default()
    });
    let keys: Vec<&str> = (plain["facets"].as_array().into_iter().flatten())
        .filter_map(|f| f["key"].as_str())
        .collect();
    assert!(
        !keys.contains(&"archived") && !keys.contains(&"field-tier"),
        "{keys:?}"
    );
    let text = plain.to_string();
    assert!(!text.contains("\"labels\"") && !text.contains("\"hide\""));
}
