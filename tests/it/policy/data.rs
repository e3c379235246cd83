//! The data file: items and their `extra:`.

use landscape::diagnostics::Severity;

use super::{built_item, diagnostics, one_item, summary};

#[test]
fn a_url_in_organization_is_a_warning_suggesting_crunchbase() {
    let found = diagnostics(
        &one_item(
            "            organization: https://www.crunchbase.com/organization/devtron-labs\n",
        ),
        None,
    );
    assert_eq!(summary(&found), [("wrong-type", 9, Severity::Warning)]);
    let d = &found[0];
    assert_eq!(d.field.as_deref(), Some("organization"));
    assert_eq!(d.item.as_deref(), Some("Ok"));
    assert_eq!(d.hint.as_deref(), Some("did you mean `crunchbase:`?"));
    assert!(d.message.contains("it is ignored"), "{}", d.message);
}

#[test]
fn organization_as_a_mapping_is_read_and_plain_text_is_a_warning() {
    let item = built_item(&one_item(
        "            organization:\n              name: Org Inc\n",
    ));
    assert_eq!(item["organization"], "Org Inc");
    let found = diagnostics(&one_item("            organization: Org Inc\n"), None);
    assert_eq!(summary(&found), [("wrong-type", 9, Severity::Warning)]);
    assert_eq!(
        found[0].hint.as_deref(),
        Some("write the name under `name:`: `organization: {name: Org Inc}`")
    );
}

#[test]
fn mailto_is_a_link_in_other_links_only() {
    let data = one_item(
        "            extra:\n              other_links:\n                - name: Email\n                  url: mailto:team@example.org\n",
    );
    assert_eq!(summary(&diagnostics(&data, None)), []);
    let item = built_item(&data);
    assert_eq!(
        item["extra"]["other_links"][0]["url"],
        "mailto:team@example.org"
    );

    let homepage = "landscape:\n  - name: Cat\n    subcategories:\n      - name: Sub\n        items:\n          - name: Mail\n            homepage_url: mailto:team@example.org\n            logo: ok.svg\n";
    let found = diagnostics(homepage, None);
    assert_eq!(summary(&found), [("bad-url", 7, Severity::Error)]);
    assert_eq!(found[0].field.as_deref(), Some("homepage_url"));
    assert!(
        found[0].message.contains("`mailto:`"),
        "{}",
        found[0].message
    );

    // landscape2 refuses it there too: a mailing list is linked as a web page.
    let found = diagnostics(
        &one_item("            extra:\n              mailing_list_url: mailto:list@example.org\n"),
        None,
    );
    assert_eq!(summary(&found), [("bad-url", 10, Severity::Error)]);
}

#[test]
fn funding_and_training_fields_are_known_and_published() {
    let data = one_item(
        "            extra:\n              funding_url: https://opencollective.com/ok\n              training_certifications: CKA, CKAD\n              training_type: online\n              summary_intro_url: 'Part one: https://youtu.be/a, part two: https://youtu.be/b'\n",
    );
    assert_eq!(summary(&diagnostics(&data, None)), []);
    let item = built_item(&data);
    let extra = &item["extra"];
    assert_eq!(
        extra["links"]["funding_url"],
        "https://opencollective.com/ok"
    );
    assert_eq!(extra["text"]["training_certifications"], "CKA, CKAD");
    assert_eq!(extra["text"]["training_type"], "online");
    assert_eq!(
        extra["summary"]["summary_intro_url"],
        "Part one: https://youtu.be/a, part two: https://youtu.be/b"
    );
}

#[test]
fn a_wrong_type_in_a_field_landscape2_ignores_is_a_warning() {
    let found = diagnostics(
        &one_item(
            "            open_source: \"yes\"\n            allow_duplicate_repo: 1\n            organization:\n              - Org\n",
        ),
        None,
    );
    assert_eq!(
        summary(&found),
        [
            ("wrong-type", 9, Severity::Warning),
            ("wrong-type", 10, Severity::Warning),
            ("wrong-type", 12, Severity::Warning),
        ]
    );
    assert!(found.iter().all(|d| d.hint.is_some()), "{found:?}");
    assert_eq!(
        found[0].hint.as_deref(),
        Some("write `open_source: true` or `open_source: false`, unquoted")
    );
    // A field landscape2 reads stays an error: it refuses the file too.
    let found = diagnostics(&one_item("            enduser: \"yes\"\n"), None);
    assert_eq!(summary(&found), [("wrong-type", 9, Severity::Error)]);
}

#[test]
fn a_link_on_another_site_than_its_field_is_a_warning_and_kept() {
    let data = one_item(
        "            twitter: https://mastodon.social/@ok\n            crunchbase: https://www.crunchbase.com/person/someone\n            extra:\n              youtube_url: https://youtu.be/abc\n              bluesky_url: https://bsky.app/profile/ok\n",
    );
    let found = diagnostics(&data, None);
    assert_eq!(
        summary(&found),
        [
            ("url-site", 9, Severity::Warning),
            ("url-site", 10, Severity::Warning),
            ("url-site", 12, Severity::Warning),
        ]
    );
    assert_eq!(
        found[0].message,
        "`twitter` is linked, but it points to `mastodon.social`, not to twitter.com or x.com"
    );
    assert!(
        found[0]
            .hint
            .as_deref()
            .unwrap()
            .contains("landscape2 stops its build"),
        "{:?}",
        found[0].hint
    );
    let item = built_item(&data);
    assert_eq!(item["twitter"], "https://mastodon.social/@ok");
    assert_eq!(
        item["extra"]["links"]["youtube_url"],
        "https://youtu.be/abc"
    );
}

#[test]
fn url_severity_follows_the_kind_of_problem() {
    let found = diagnostics(
        &one_item(
            "            twitter: \"javascript:alert(1)\"\n            repo_url: github.com/a/b\n            extra:\n              blog_url: https://blog.example.org/a post\n              other_links:\n                - name: Bad\n                  url: \"data:text/html,x\"\n",
        ),
        None,
    );
    assert_eq!(
        summary(&found),
        [
            ("bad-url", 9, Severity::Error),
            ("bad-url", 10, Severity::Warning),
            ("bad-url", 12, Severity::Warning),
            ("bad-url", 15, Severity::Error),
        ]
    );
    assert!(
        found[2].message.contains("white space"),
        "{}",
        found[2].message
    );
    assert_eq!(
        found[3].hint.as_deref(),
        Some("write a full http://, https:// or mailto: address")
    );
}

#[test]
fn a_link_with_spaces_is_published_percent_encoded() {
    let item = built_item(&one_item(
        "            extra:\n              blog_url: https://blog.example.org/a post\n",
    ));
    assert_eq!(
        item["extra"]["links"]["blog_url"],
        "https://blog.example.org/a%20post"
    );
}

#[test]
fn names_differing_only_in_case_are_a_warning() {
    let data = "landscape:\n  - name: Cat\n    subcategories:\n      - name: Sub\n        items:\n          - name: Kube\n            homepage_url: https://a.example.org\n            logo: ok.svg\n          - name: kube\n            homepage_url: https://b.example.org\n            logo: ok.svg\n          - name: Kube\n            homepage_url: https://c.example.org\n            logo: ok.svg\n";
    let found = diagnostics(data, None);
    assert_eq!(
        summary(&found),
        [
            ("duplicate-item", 9, Severity::Warning),
            ("duplicate-item", 12, Severity::Error),
        ]
    );
}

#[test]
fn unknown_keys_are_warnings_with_did_you_mean() {
    let found = diagnostics(
        &one_item("            extra:\n              funding_ur: https://f.example.org\n"),
        None,
    );
    assert_eq!(summary(&found), [("unknown-key", 10, Severity::Warning)]);
    assert_eq!(
        found[0].hint.as_deref(),
        Some("did you mean `funding_url`?")
    );
}

/// Every item and `extra` key landscape2 documents or reads (its legacy `Item` and
/// `ItemExtra`), each with a value of the documented type.
const EVERY_ITEM_KEY: &str = "
            description: A project.
            project: graduated
            joined: 2020-01-02
            repo_url: https://github.com/ok/ok
            branch: main
            license: Apache-2.0
            additional_repos:
              - repo_url: https://github.com/ok/more
                branch: dev
                license: MIT
            second_path:
              - Cat / Sub
            crunchbase: https://www.crunchbase.com/organization/ok
            twitter: https://twitter.com/ok
            url_for_bestpractices: https://www.bestpractices.dev/projects/1
            enduser: false
            unnamed_organization: true
            extra:
              accepted: 2019-01-01
              annotations:
                key: value
              archived: 2024-01-01
              audits:
                - date: 2021-01-01
                  type: security
                  url: https://audits.example.org/1
                  vendor: Audit Co
              annual_review_date: 2022-01-01
              annual_review_url: https://reviews.example.org/1
              artwork_url: https://art.example.org
              blog_url: https://blog.example.org
              bluesky_url: https://bsky.app/profile/ok
              chat_channel: '#ok'
              clomonitor_name: ok
              dev_stats_url: https://ok.devstats.cncf.io
              discord_url: https://discord.gg/ok
              docker_url: https://hub.docker.com/r/ok/ok
              documentation_url: https://docs.example.org
              facebook_url: https://www.facebook.com/ok
              funding_url: https://opencollective.com/ok
              github_discussions_url: https://github.com/ok/ok/discussions
              gitter_url: https://gitter.im/ok
              graduated: 2021-06-01
              incubating: 2020-06-01
              lfx_slug: ok
              linkedin_url: https://www.linkedin.com/company/ok
              mailing_list_url: https://lists.example.org/ok
              other_links:
                - name: Email
                  url: mailto:ok@example.org
                - name: Talk
                  url: https://talks.example.org/ok
              package_manager_url: https://crates.io/crates/ok
              parent_project: Ok
              pinterest_url: https://www.pinterest.com/ok
              reddit_url: https://www.reddit.com/r/ok
              slack_url: https://slack.example.org
              specification: true
              stack_overflow_url: https://stackoverflow.com/questions/tagged/ok
              summary_business_use_case: Business.
              summary_integration: Integration.
              summary_integrations: Integrations.
              summary_intro_url: https://www.youtube.com/watch?v=ok
              summary_personas: Developers, Operators
              summary_release_rate: Monthly
              summary_tags: a, b
              summary_use_case: Use case.
              tag:
                - app-delivery
              training_certifications: CKA
              training_type: online
              youtube_url: https://www.youtube.com/c/ok
";

#[test]
fn every_key_landscape2_documents_is_accepted_and_kept() {
    let data = one_item(EVERY_ITEM_KEY.trim_start_matches('\n'));
    assert_eq!(summary(&diagnostics(&data, None)), []);
    let item = built_item(&data);
    let extra = &item["extra"];
    for key in [
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
        "summary_intro_url",
        "youtube_url",
    ] {
        assert!(extra["links"][key].is_string(), "{key}: {extra}");
    }
    for key in [
        "chat_channel",
        "clomonitor_name",
        "lfx_slug",
        "parent_project",
        "training_certifications",
        "training_type",
    ] {
        assert!(extra["text"][key].is_string(), "{key}: {extra}");
    }
    assert_eq!(extra["summary"].as_object().unwrap().len(), 7, "{extra}");
    assert_eq!(extra["dates"].as_object().unwrap().len(), 5, "{extra}");
    assert_eq!(extra["other_links"].as_array().unwrap().len(), 2);
    assert_eq!(item["repositories"].as_array().unwrap().len(), 2);
    assert_eq!(item["unnamed_organization"], true);
    assert_eq!(
        item["crunchbase"],
        "https://www.crunchbase.com/organization/ok"
    );
}
