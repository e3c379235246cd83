//! The schema of `landscape.yml`, built from the key lists the loader reads, with the type
//! each is read as (see `load::landscape` and `load::fields`).

use serde_json::{Map, Value, json};

use crate::load::item_keys::{
    EXTRA_DATES, EXTRA_OTHER, EXTRA_SUMMARY, EXTRA_TEXT, EXTRA_URLS, ITEM_KEYS, LEGACY_ITEM_KEYS,
};

/// How the loader reads a field, as schema.
fn text() -> Value {
    json!({ "$ref": "#/$defs/text" })
}
fn required_text() -> Value {
    json!({ "$ref": "#/$defs/requiredText" })
}
fn boolean() -> Value {
    json!({ "type": ["boolean", "null"] })
}
fn list(items: Value) -> Value {
    json!({ "type": ["array", "null"], "items": items })
}
fn with_description(mut schema: Value, description: &str) -> Value {
    if let Value::Object(map) = &mut schema {
        map.insert("description".into(), json!(description));
    }
    schema
}

/// The whole file.
pub(super) fn schema() -> Value {
    let category = json!({
        "type": "object",
        "description": "A category: its name and subcategories.",
        "required": ["name"],
        "properties": {
            "category": { "description": "Written empty (`- category:`) by convention." },
            "name": with_description(required_text(), "The category's name."),
            "subcategories": with_description(list(json!({ "$ref": "#/$defs/subcategory" })), "The category's subcategories."),
        },
    });
    let subcategory = json!({
        "type": "object",
        "description": "A subcategory: its name and items.",
        "required": ["name"],
        "properties": {
            "subcategory": { "description": "Written empty (`- subcategory:`) by convention." },
            "name": with_description(required_text(), "The subcategory's name."),
            "items": with_description(list(json!({ "$ref": "#/$defs/item" })), "The subcategory's items."),
        },
    });
    json!({
        "type": "object",
        "description": "The landscape: a list of categories under `landscape:` (or `categories:`).",
        "anyOf": [{ "required": ["landscape"] }, { "required": ["categories"] }],
        "properties": {
            "landscape": with_description(list(json!({ "$ref": "#/$defs/category" })), "The categories, in display order."),
            "categories": with_description(list(json!({ "$ref": "#/$defs/category" })), "The categories (an older name of `landscape:`)."),
        },
        "$defs": {
            "text": {
                "description": "Text (a number or true/false is read as written).",
                "type": ["string", "number", "boolean", "null"],
            },
            "requiredText": {
                "description": "Text that must not be empty.",
                "anyOf": [
                    { "type": "string", "pattern": "\\S" },
                    { "type": ["number", "boolean"] },
                ],
            },
            "category": category,
            "subcategory": subcategory,
            "item": item(),
            "extra": extra(),
        },
    })
}

/// An item: every key the loader knows, the required ones required.
fn item() -> Value {
    let mut props = Map::new();
    for &key in ITEM_KEYS {
        props.insert(key.into(), with_description(item_field(key), describe(key)));
    }
    for &key in LEGACY_ITEM_KEYS {
        props.insert(
            key.into(),
            json!({ "description": "A legacy landscapeapp key landscape2 ignores: remove it.", "deprecated": true }),
        );
    }
    json!({
        "type": "object",
        "description": "An item of the landscape.",
        "required": ["name", "homepage_url", "logo"],
        "properties": props,
    })
}

fn item_field(key: &str) -> Value {
    match key {
        "name" | "homepage_url" | "logo" => required_text(),
        "enduser" | "unnamed_organization" => boolean(),
        // Read only here: a value of another kind is a warning, so anything goes.
        "open_source" | "allow_duplicate_repo" => json!({}),
        "item" => json!({}),
        "additional_repos" => list(json!({
            "type": "object",
            "required": ["repo_url"],
            "properties": {
                "repo_url": with_description(required_text(), "The repository's URL."),
                "branch": with_description(text(), "The branch to read (default: the repository's default branch)."),
                "license": with_description(text(), "The repository's license (SPDX id)."),
            },
        })),
        "second_path" => list(text()),
        // A mapping with `name:`; anything else is a warning.
        "organization" => json!({ "properties": { "name": text() } }),
        "extra" => json!({ "anyOf": [{ "type": "null" }, { "$ref": "#/$defs/extra" }] }),
        _ => text(),
    }
}

/// `extra:`: every key the loader knows.
fn extra() -> Value {
    let mut props = Map::new();
    let keys = [
        EXTRA_DATES,
        EXTRA_URLS,
        EXTRA_TEXT,
        EXTRA_SUMMARY,
        EXTRA_OTHER,
    ]
    .concat();
    for key in keys {
        props.insert(
            key.into(),
            with_description(extra_field(key), describe(key)),
        );
    }
    json!({
        "type": "object",
        "description": "More about the item.",
        "properties": props,
    })
}

fn extra_field(key: &str) -> Value {
    match key {
        "specification" => boolean(),
        "tag" => json!({ "anyOf": [{ "type": "array" }, text()] }),
        "audits" => list(json!({
            "type": "object",
            "required": ["type", "url", "vendor"],
            "properties": {
                "date": with_description(text(), "When the audit was published, YYYY-MM-DD."),
                "type": with_description(required_text(), "The kind of audit (e.g. security)."),
                "url": with_description(required_text(), "The audit report's URL."),
                "vendor": with_description(required_text(), "Who audited."),
            },
        })),
        "other_links" => list(json!({
            "type": "object",
            "required": ["name", "url"],
            "properties": {
                "name": with_description(required_text(), "The link's text."),
                "url": with_description(required_text(), "The link (http(s) or mailto:)."),
            },
        })),
        "annotations" => json!({
            "type": ["object", "null"],
            "additionalProperties": text(),
        }),
        _ => text(),
    }
}

/// What a key holds, as the editor shows it.
fn describe(key: &str) -> &'static str {
    match key {
        "item" => "Written empty (`- item:`) by convention.",
        "name" => "The item's name, shown on its tile and page (required).",
        "homepage_url" => "The item's website (required, http(s)).",
        "logo" => {
            "The logo's file name in the logos directory: SVG preferred, PNG or JPEG accepted (required)."
        }
        "description" => "A short description (else the repository's, with GitHub data).",
        "project" => {
            "The foundation's maturity level (e.g. sandbox, incubating, graduated, archived)."
        }
        "joined" => "When the item joined the foundation, YYYY-MM-DD.",
        "repo_url" => "The main source repository's URL.",
        "branch" => "The branch of repo_url to read (default: the repository's default branch).",
        "license" => "The license of repo_url (SPDX id), when GitHub does not say.",
        "additional_repos" => "More repositories of the item.",
        "second_path" => "Other places the item appears: `Category / Subcategory` each.",
        "crunchbase" => "The organization's Crunchbase page.",
        "twitter" => "The item's X (Twitter) account URL.",
        "url_for_bestpractices" => "The OpenSSF Best Practices badge page.",
        "enduser" => "Whether the item is an end user (true or false).",
        "open_source" => {
            "Whether the item is open source (true or false; by default: has a repository)."
        }
        "allow_duplicate_repo" => "Allow a repository another item also lists (true or false).",
        "unnamed_organization" => "The organization has no name of its own (true or false).",
        "organization" => "The item's organization: `name:` its name.",
        "extra" => "More about the item: dates, links, summaries, audits.",
        "accepted" => "When the foundation accepted the project, YYYY-MM-DD.",
        "incubating" => "When the project moved to incubation, YYYY-MM-DD.",
        "graduated" => "When the project graduated, YYYY-MM-DD.",
        "archived" => "When the project was archived, YYYY-MM-DD.",
        "annual_review_date" => "The last annual review, YYYY-MM-DD.",
        "annual_review_url" => "The last annual review's URL.",
        "artwork_url" => "The project's artwork.",
        "blog_url" => "The project's blog.",
        "bluesky_url" => "The project's Bluesky account.",
        "dev_stats_url" => "The project's development statistics (e.g. DevStats).",
        "discord_url" => "The project's Discord server.",
        "docker_url" => "The project's Docker Hub page.",
        "documentation_url" => "The project's documentation.",
        "facebook_url" => "The project's Facebook page.",
        "funding_url" => "Where to fund the project.",
        "github_discussions_url" => "The project's GitHub Discussions.",
        "gitter_url" => "The project's Gitter room.",
        "linkedin_url" => "The project's LinkedIn page.",
        "mailing_list_url" => "The project's mailing list.",
        "package_manager_url" => "The project's package (e.g. on npm, crates.io, PyPI).",
        "pinterest_url" => "The project's Pinterest page.",
        "reddit_url" => "The project's subreddit.",
        "slack_url" => "The project's Slack.",
        "stack_overflow_url" => "The project's Stack Overflow tag.",
        "youtube_url" => "The project's YouTube channel.",
        "chat_channel" => "The project's chat channel (e.g. #project on Slack).",
        "clomonitor_name" => "The project's name on CLOMonitor.",
        "lfx_slug" => "The project's slug on LFX Insights.",
        "parent_project" => "The project this one belongs to.",
        "training_certifications" => "Certifications about the item.",
        "training_type" => "The kind of training (e.g. course, certification).",
        "summary_business_use_case" => "Summary: the business use case.",
        "summary_integration" => "Summary: how it integrates.",
        "summary_integrations" => "Summary: what it integrates with.",
        "summary_intro_url" => "Summary: an introduction (a link, or text with links).",
        "summary_personas" => "Summary: who uses it.",
        "summary_release_rate" => "Summary: how often it releases.",
        "summary_tags" => "Summary: tags.",
        "summary_use_case" => "Summary: the use case.",
        "audits" => "Security audits: date, type, url and vendor each.",
        "annotations" => "Free key: value notes, shown on the item's page.",
        "other_links" => "More links: name and url each.",
        "tag" => "The TAG(s) the project belongs to (one, or a list).",
        "specification" => "Whether the item is a specification (true or false).",
        _ => "",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_key_the_loader_reads_is_described() {
        let keys = [
            ITEM_KEYS,
            EXTRA_DATES,
            EXTRA_URLS,
            EXTRA_TEXT,
            EXTRA_SUMMARY,
            EXTRA_OTHER,
        ]
        .concat();
        let missing: Vec<_> = keys.iter().filter(|k| describe(k).is_empty()).collect();
        assert!(missing.is_empty(), "no description: {missing:?}");
    }
}
