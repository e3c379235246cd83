//! Reads `guide.yml`: markdown chapters per category and subcategory.

use serde::{Deserialize, Serialize};

/// The guide: chapters in order.
#[derive(Debug, Clone, Default, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(default)]
pub struct Guide {
    /// The chapters: one per category, in order.
    pub categories: Vec<GuideCategory>,
}

/// A chapter: a category's text and its subcategories' sections.
#[derive(Debug, Clone, Default, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(default)]
pub struct GuideCategory {
    /// The category's name, as in landscape.yml.
    pub category: String,
    /// The chapter's text (markdown).
    pub content: Option<String>,
    /// Search keywords.
    pub keywords: Vec<String>,
    /// Sections on the category's subcategories.
    pub subcategories: Vec<GuideSubcategory>,
}

/// A section of a chapter.
#[derive(Debug, Clone, Default, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(default)]
pub struct GuideSubcategory {
    /// The subcategory's name, as in landscape.yml.
    pub subcategory: String,
    /// The section's text (markdown).
    pub content: Option<String>,
    /// Search keywords.
    pub keywords: Vec<String>,
}
