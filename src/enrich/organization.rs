//! What is known about an organization (an item's `crunchbase` URL), from Crunchbase or from
//! Wikidata: the same fields whichever source filled them, each absent when the source does not
//! have it. This is what the cache stores, `data/organizations.json` publishes and the item
//! pages will show (landscape2's "Organization" section).

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// Which service an organization's data comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, clap::ValueEnum)]
#[serde(rename_all = "snake_case")]
pub enum OrgSource {
    /// The Crunchbase API (needs a paid key).
    Crunchbase,
    /// Wikidata, matched through its Crunchbase organization ID property (P2088).
    Wikidata,
}

impl OrgSource {
    /// The service's name, for messages.
    pub fn name(self) -> &'static str {
        match self {
            OrgSource::Crunchbase => "Crunchbase",
            OrgSource::Wikidata => "Wikidata",
        }
    }
}

/// An organization. Text comes from the source as is (pages escape it); every URL is http(s)
/// or absent.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct Organization {
    /// Where the data comes from.
    pub source: Option<OrgSource>,
    /// The organization's page at the source (a Wikidata item, the Crunchbase profile).
    pub source_url: Option<String>,
    pub name: Option<String>,
    pub description: Option<String>,
    pub homepage_url: Option<String>,
    /// Headquarters city.
    pub city: Option<String>,
    /// Headquarters region (state, province).
    pub region: Option<String>,
    /// Headquarters country.
    pub country: Option<String>,
    /// `for_profit` or `non_profit` (Crunchbase).
    pub company_type: Option<String>,
    /// What the organization is: Crunchbase's facet (`company`, `investor`, `school`), or the
    /// Wikidata class it is an instance of ("public company", "foundation").
    pub kind: Option<String>,
    /// Crunchbase categories, or Wikidata industries.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub categories: Vec<String>,
    /// Employees: Crunchbase gives a range, Wikidata a count (then min = max).
    pub num_employees_min: Option<u64>,
    pub num_employees_max: Option<u64>,
    pub linkedin_url: Option<String>,
    pub twitter_url: Option<String>,
    /// Stock exchange (Crunchbase's symbol such as `nasdaq`, or Wikidata's label).
    pub stock_exchange: Option<String>,
    pub ticker: Option<String>,
    /// Founding date: `YYYY-MM-DD`, or `YYYY` when only the year is known.
    pub founded: Option<String>,
    /// Logo at the source (Wikimedia Commons); never fetched by a build.
    pub logo_url: Option<String>,
    /// Total funding in USD (Crunchbase).
    pub funding: Option<u64>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub funding_rounds: Vec<FundingRound>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub acquisitions: Vec<Acquisition>,
}

/// A funding round the organization raised (Crunchbase).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FundingRound {
    pub announced_on: Option<NaiveDate>,
    /// Crunchbase's investment type (`series_a`, `seed`, `post_ipo_equity`, ...).
    pub kind: Option<String>,
    /// Money raised in USD.
    pub amount: Option<u64>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub lead_investors: Vec<String>,
}

/// An acquisition the organization made (Crunchbase).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Acquisition {
    pub announced_on: Option<NaiveDate>,
    pub acquiree_name: Option<String>,
    /// The acquiree's Crunchbase permalink.
    pub acquiree_cb_permalink: Option<String>,
    /// Price in USD.
    pub price: Option<u64>,
}

/// The permalink of a Crunchbase organization URL
/// (`https://www.crunchbase.com/organization/<permalink>`), or why there is none.
pub fn crunchbase_permalink(url: &str) -> Result<String, String> {
    let parsed = url::Url::parse(url.trim()).map_err(|e| format!("not a URL: {e}"))?;
    let host = parsed.host_str().unwrap_or("").to_ascii_lowercase();
    if !matches!(parsed.scheme(), "http" | "https")
        || !matches!(host.as_str(), "www.crunchbase.com" | "crunchbase.com")
    {
        return Err("not a crunchbase.com URL".into());
    }
    let mut segments = parsed.path_segments().into_iter().flatten();
    let (Some("organization"), Some(permalink)) = (segments.next(), segments.next()) else {
        return Err(
            "not an organization URL (https://www.crunchbase.com/organization/NAME)".into(),
        );
    };
    let valid = (1..=200).contains(&permalink.len())
        && (permalink.bytes())
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.'))
        && permalink != "."
        && permalink != "..";
    if !valid || segments.any(|s| !s.is_empty()) {
        return Err(
            "not an organization URL (https://www.crunchbase.com/organization/NAME)".into(),
        );
    }
    Ok(permalink.to_ascii_lowercase())
}

/// `url` when it is an http(s) URL, for fields a page may link.
pub(crate) fn web_url(url: Option<&str>) -> Option<String> {
    let url = url?.trim();
    let parsed = url::Url::parse(url).ok()?;
    (matches!(parsed.scheme(), "http" | "https") && parsed.host_str().is_some())
        .then(|| url.to_string())
}

/// Text from a source, trimmed; `None` when empty.
pub(crate) fn text(value: Option<&str>) -> Option<String> {
    value
        .map(str::trim)
        .filter(|t| !t.is_empty())
        .map(str::to_string)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn permalinks_come_from_organization_urls_only() {
        for url in [
            "https://www.crunchbase.com/organization/cloud-native-computing-foundation",
            "https://www.crunchbase.com/organization/cloud-native-computing-foundation/",
            "http://crunchbase.com/organization/Cloud-Native-Computing-Foundation",
        ] {
            assert_eq!(
                crunchbase_permalink(url).as_deref(),
                Ok("cloud-native-computing-foundation"),
                "{url}"
            );
        }
        for url in [
            "https://www.crunchbase.com/person/someone",
            "https://www.crunchbase.com/organization/",
            "https://www.crunchbase.com/organization/a/b",
            "https://www.crunchbase.com/organization/a%22b",
            "https://evil.example/organization/x",
            "javascript:alert(1)",
        ] {
            assert!(crunchbase_permalink(url).is_err(), "{url}");
        }
    }

    #[test]
    fn only_web_urls_are_kept() {
        assert_eq!(
            web_url(Some(" https://cncf.io ")).as_deref(),
            Some("https://cncf.io")
        );
        assert_eq!(web_url(Some("javascript:alert(1)")), None);
        assert_eq!(web_url(Some("ftp://x.org")), None);
        assert_eq!(web_url(None), None);
        assert_eq!(text(Some("  ")), None);
    }
}
