//! Reads `guide.yml`: markdown chapters per category and subcategory.

use serde::{Deserialize, Serialize};

/// The guide: chapters in order.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct Guide {
    pub categories: Vec<GuideCategory>,
}

/// A chapter: a category's text and its subcategories' sections.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct GuideCategory {
    pub category: String,
    pub content: Option<String>,
    pub keywords: Vec<String>,
    pub subcategories: Vec<GuideSubcategory>,
}

/// A section of a chapter.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct GuideSubcategory {
    pub subcategory: String,
    pub content: Option<String>,
    pub keywords: Vec<String>,
}
