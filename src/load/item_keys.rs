//! The keys of an item and of its `extra:` in `landscape.yml`: every field landscape2 reads
//! (its legacy `Item` and `ItemExtra`), grouped by how they are read. A key in none of these
//! lists is reported as unknown.

/// Keys an item may have: landscape2's item fields, ours (`open_source`,
/// `allow_duplicate_repo`, `organization`) and the null `item:` key.
pub const ITEM_KEYS: &[&str] = &[
    "item",
    "name",
    "homepage_url",
    "logo",
    "description",
    "project",
    "joined",
    "repo_url",
    "branch",
    "license",
    "additional_repos",
    "second_path",
    "crunchbase",
    "twitter",
    "url_for_bestpractices",
    "enduser",
    "open_source",
    "allow_duplicate_repo",
    "unnamed_organization",
    "organization",
    "extra",
];
/// Keys landscapeapp used that landscape2 ignores: accepted with a warning.
pub const LEGACY_ITEM_KEYS: &[&str] = &[
    "linkedin",
    "stock_ticker",
    "slug",
    "project_org",
    "hidden",
    "image_url",
    "alias",
];
/// `extra` dates, `YYYY-MM-DD`.
pub const EXTRA_DATES: &[&str] = &[
    "accepted",
    "incubating",
    "graduated",
    "archived",
    "annual_review_date",
];
/// `extra` links, each checked for its kind (`UrlKind::of_field`).
pub const EXTRA_URLS: &[&str] = &[
    "annual_review_url",
    "artwork_url",
    "blog_url",
    "bluesky_url",
    "dev_stats_url",
    "discord_url",
    "docker_url",
    "documentation_url",
    "facebook_url",
    "funding_url",
    "github_discussions_url",
    "gitter_url",
    "linkedin_url",
    "mailing_list_url",
    "package_manager_url",
    "pinterest_url",
    "reddit_url",
    "slack_url",
    "stack_overflow_url",
    "youtube_url",
];
/// `extra` free text.
pub const EXTRA_TEXT: &[&str] = &[
    "chat_channel",
    "clomonitor_name",
    "lfx_slug",
    "parent_project",
    "training_certifications",
    "training_type",
];
/// `extra` summary text (`summary_intro_url` may also be one link).
pub const EXTRA_SUMMARY: &[&str] = &[
    "summary_business_use_case",
    "summary_integration",
    "summary_integrations",
    "summary_intro_url",
    "summary_personas",
    "summary_release_rate",
    "summary_tags",
    "summary_use_case",
];
/// `extra` keys with a structure of their own.
pub const EXTRA_OTHER: &[&str] = &[
    "audits",
    "annotations",
    "other_links",
    "tag",
    "specification",
];

/// Every key `extra:` may have.
pub fn extra_keys() -> Vec<&'static str> {
    [
        EXTRA_DATES,
        EXTRA_URLS,
        EXTRA_TEXT,
        EXTRA_SUMMARY,
        EXTRA_OTHER,
    ]
    .concat()
}
