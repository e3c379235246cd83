//! `data/search.json`: what the header's search box on every page but the landscape needs
//! beside the explorer index, which has no names, permalinks or logos (the landscape page
//! reads them from its grid's tiles). Its name is the same in every build, so pages link it
//! without knowing the index's hash; it names the index.

use serde::Serialize;

use super::views::CategoryView;

#[derive(Serialize)]
struct Names<'a> {
    /// The explorer index's URL.
    index: &'a str,
    /// Per item column of the index (`null`: not on the landscape, so never a result).
    name: Vec<Option<&'a str>>,
    url: Vec<Option<String>>,
    logo: Vec<Option<String>>,
}

/// The file's bytes, for the landscape's `n` items laid out in `categories`, whose index is
/// at `index_url`.
pub fn search_names(categories: &[CategoryView<'_>], n: usize, index_url: &str) -> Vec<u8> {
    let mut names = Names {
        index: index_url,
        name: vec![None; n],
        url: vec![None; n],
        logo: vec![None; n],
    };
    let tiles = (categories.iter())
        .flat_map(|c| &c.subcategories)
        .flat_map(|s| &s.tiles);
    for t in tiles {
        if t.i < n && names.name[t.i].is_none() {
            names.name[t.i] = Some(t.name);
            names.url[t.i] = Some(t.url.clone());
            names.logo[t.i] = t.logo.clone();
        }
    }
    // Escaped like the index: names come from contributors.
    super::data::json_for_script(&names).into_bytes()
}
