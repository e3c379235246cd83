//! Facets settings ask for (and the maturity levels' labels): one per filterable custom field (`field-<key>` in URLs), and
//! `archived` when archived items start hidden (`hide_archived_items`); and the custom
//! fields cards and hover cards show.

use serde::Serialize;

use super::facet::{Facet, value_facet, value_facet_ordered, yes_no};
use crate::load::{Place, Settings};
use crate::model::Item;

/// Labels the maturity facet's values as the settings' `maturity_levels` do ("None" stays).
pub(super) fn label_levels(facet: &mut Facet, settings: &Settings) {
    if settings.maturity_levels.is_empty() {
        return;
    }
    let none = facet.none;
    let labels = (facet.values.iter().enumerate()).map(|(v, name)| match Some(v) == none {
        true => name.clone(),
        false => settings.maturity_label(name),
    });
    facet.labels = Some(labels.collect());
}

/// The settings' facets, after the built-in ones.
pub(super) fn facets(items: &[Item], settings: &Settings) -> Vec<Facet> {
    let mut out = Vec::new();
    for field in settings.custom_fields.iter().filter(|f| f.filterable) {
        let per_item: Vec<Vec<String>> = (items.iter())
            .map(|i| {
                (i.extra.custom.get(&field.key))
                    .map(|v| v.facet_values())
                    .unwrap_or_default()
            })
            .collect();
        let order: &[&str] = if field.kind == "boolean" {
            &["Yes", "No"]
        } else {
            &[]
        };
        let facet = value_facet_ordered(
            &format!("field-{}", field.key),
            &field.label(),
            &per_item,
            order,
        );
        if !facet.values.is_empty() {
            out.push(facet);
        }
    }
    if settings.hides_archived() && items.iter().any(Item::is_archived) {
        let per_item: Vec<Vec<String>> = (items.iter())
            .map(|i| vec![yes_no(i.is_archived())])
            .collect();
        let mut facet = value_facet("archived", "Archived", &per_item);
        facet.hide = facet.values.iter().position(|v| v == "Yes");
        out.push(facet);
    }
    out
}

/// A custom field the card view or the hover card shows: its label and each item's value
/// as text (null without one).
#[derive(Debug, Serialize)]
pub(super) struct ShownField {
    label: String,
    card: bool,
    hovercard: bool,
    of: Vec<Option<String>>,
}

/// The custom fields `show_on` puts on cards or hover cards, in the settings' order.
pub(super) fn shown(items: &[Item], settings: &Settings) -> Vec<ShownField> {
    (settings.custom_fields.iter())
        .filter(|f| f.shown_on(Place::Card) || f.shown_on(Place::Hovercard))
        .map(|field| ShownField {
            label: field.label(),
            card: field.shown_on(Place::Card),
            hovercard: field.shown_on(Place::Hovercard),
            of: (items.iter())
                .map(|i| i.extra.custom.get(&field.key).map(|v| v.display()))
                .collect(),
        })
        .collect()
}
