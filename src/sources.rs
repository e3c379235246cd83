//! Inputs given by URL, as landscape2 takes them (`--data-url`, `--settings-url`,
//! `--guide-url`, `--logos-url`). They are fetched into the cache before anything is
//! loaded, so every later stage reads local files with the same checks as a checkout.
//! Cached copies are revalidated by ETag, so a rebuild fetches only what changed; a source
//! that cannot be reached falls back to its last copy, with a warning.

use std::collections::BTreeMap;
use std::path::{Component, Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;

use url::Url;

use crate::fs_safety::write_atomically;
use crate::load::{Inputs, MAX_INPUT_BYTES};
use crate::logos::MAX_LOGO_BYTES;
use crate::net::{Client, FetchError, Fetched, Limits};

/// Logos fetched at once: enough to hide latency, few enough to be polite to the host.
const IN_FLIGHT: usize = 16;
const CONNECT: Duration = Duration::from_secs(10);

/// The inputs named by URL; `None` where the local file (or default) is used.
#[derive(Debug, Clone, Default)]
pub struct Remote {
    pub data: Option<Url>,
    pub settings: Option<Url>,
    pub guide: Option<Url>,
    pub logos: Option<Url>,
}

impl Remote {
    pub fn is_empty(&self) -> bool {
        self.data.is_none()
            && self.settings.is_none()
            && self.guide.is_none()
            && self.logos.is_none()
    }
}

/// The local copies to build from.
#[derive(Debug)]
pub struct Local {
    pub inputs: Inputs,
    /// (local file as reports name it, URL to show instead).
    pub names: Vec<(String, String)>,
    /// Sources served from their last copy because they could not be fetched.
    pub warnings: Vec<String>,
    pub logos: LogoCounts,
}

/// What became of the logos named by the data file.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct LogoCounts {
    pub fetched: usize,
    pub unchanged: usize,
    /// Not found, refused or unreachable without a copy: reported as missing logos.
    pub missing: usize,
}

/// Why the inputs could not be made local.
#[derive(Debug, thiserror::Error)]
pub enum SourceError {
    #[error("{url}: {why}")]
    Fetch { url: String, why: FetchError },
    #[error("{what}: {url} is not an http(s) URL")]
    Scheme { what: &'static str, url: String },
    #[error("the data comes from --data-url, so the logos need --logos-url or --logos-path")]
    NoLogos,
    #[error("cache {}: {source}", path.display())]
    Cache {
        path: PathBuf,
        source: std::io::Error,
    },
}

/// Fetches the remote inputs into `cache/sources/` and returns local inputs: the fetched
/// copies where a URL was given, `local`'s files elsewhere.
pub fn fetch(remote: &Remote, local: &Inputs, cache: &Path) -> Result<Local, SourceError> {
    for (what, url) in [
        ("--data-url", &remote.data),
        ("--settings-url", &remote.settings),
        ("--guide-url", &remote.guide),
        ("--logos-url", &remote.logos),
    ] {
        if let Some(url) = url
            && !matches!(url.scheme(), "http" | "https")
        {
            return Err(SourceError::Scheme {
                what,
                url: url.to_string(),
            });
        }
    }
    if remote.data.is_some() && remote.logos.is_none() && !local.logos.is_dir() {
        return Err(SourceError::NoLogos);
    }
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(|e| cache_error(cache, e))?;
    runtime.block_on(fetch_all(remote, local, cache))
}

async fn fetch_all(remote: &Remote, local: &Inputs, cache: &Path) -> Result<Local, SourceError> {
    let client = Client::new(CONNECT).map_err(|why| SourceError::Fetch {
        url: "https".into(),
        why,
    })?;
    let root = cache.join("sources");
    let mut inputs = local.clone();
    let mut names = Vec::new();
    let mut warnings = Vec::new();
    let file_limits = Limits {
        connect: CONNECT,
        total: Duration::from_secs(120),
        max_bytes: MAX_INPUT_BYTES as usize,
    };
    let files = [
        (&remote.data, "landscape.yml"),
        (&remote.settings, "settings.yml"),
        (&remote.guide, "guide.yml"),
    ];
    let mut fetched = Vec::new();
    for (url, file) in files {
        let Some(url) = url else {
            fetched.push(None);
            continue;
        };
        let mut store = Store::open(&root, url)?;
        let path = store.dir.join(file);
        match store.refresh(&client, url, file, file_limits).await {
            Ok(()) => {}
            Err(why) if why.is_transient() && path.is_file() => warnings.push(format!(
                "{url}: {why}; building from the copy fetched before"
            )),
            Err(why) => {
                return Err(SourceError::Fetch {
                    url: url.to_string(),
                    why,
                });
            }
        }
        if file == "settings.yml" {
            // Brand images settings name by relative path live beside it on the host.
            let images = brand_paths(&path);
            let base = url.join(".").map(String::from).unwrap_or_default();
            store
                .refresh_images(&client, &base, images, &mut warnings)
                .await?;
        }
        names.push((path.display().to_string(), url.to_string()));
        fetched.push(Some(path));
    }
    let [data, settings, guide]: [Option<PathBuf>; 3] = fetched.try_into().expect("three files");
    if let Some(data) = data {
        inputs.data = data;
    }
    inputs.settings = settings.or(inputs.settings);
    inputs.guide = guide.or(inputs.guide);
    let mut logos = LogoCounts::default();
    if let Some(url) = &remote.logos {
        let mut store = Store::open(&root, url)?;
        inputs.logos = store.dir.clone();
        let names_in_data = logo_names(&inputs.data);
        logos = store
            .refresh_images(&client, url.as_str(), names_in_data, &mut warnings)
            .await?;
    }
    Ok(Local {
        inputs,
        names,
        warnings,
        logos,
    })
}

/// The logo file names the data file's items give (each once).
fn logo_names(data: &Path) -> Vec<String> {
    let Ok(text) = std::fs::read_to_string(data) else {
        return Vec::new();
    };
    let loaded = crate::load::landscape::read(&data.display().to_string(), &text);
    plain_relative(loaded.landscape.items.iter().map(|item| item.logo.clone()))
}

/// The brand images a settings file names by path rather than by URL.
fn brand_paths(settings: &Path) -> Vec<String> {
    let parsed = std::fs::read_to_string(settings)
        .ok()
        .and_then(|text| crate::yaml::parse_typed::<crate::load::Settings>(&text).ok());
    let Some(settings) = parsed else {
        return Vec::new();
    };
    plain_relative(
        crate::brand::Slot::ALL
            .iter()
            .filter_map(|slot| slot.value(&settings))
            .filter(|value| !value.contains(':'))
            .map(str::to_string),
    )
}

/// Each name once, keeping only plain relative paths: a name climbing out with `..` is
/// never fetched, and validation reports it.
fn plain_relative(names: impl Iterator<Item = String>) -> Vec<String> {
    let mut names: Vec<String> = names
        .filter(|name| {
            !name.is_empty()
                && Path::new(name)
                    .components()
                    .all(|c| matches!(c, Component::Normal(_) | Component::CurDir))
        })
        .collect();
    names.sort();
    names.dedup();
    names
}

/// One URL's copies in the cache: `sources/<hash>/` and the ETags they were fetched with.
struct Store {
    dir: PathBuf,
    etags_file: PathBuf,
    etags: BTreeMap<String, String>,
}

impl Store {
    fn open(root: &Path, url: &Url) -> Result<Store, SourceError> {
        let key = blake3::hash(url.as_str().as_bytes()).to_hex();
        let dir = root.join(&key[..24]);
        std::fs::create_dir_all(&dir).map_err(|e| cache_error(&dir, e))?;
        let etags_file = root.join(format!("{}.etags.json", &key[..24]));
        let etags = std::fs::read(&etags_file)
            .ok()
            .and_then(|bytes| serde_json::from_slice(&bytes).ok())
            .unwrap_or_default();
        Ok(Store {
            dir,
            etags_file,
            etags,
        })
    }

    /// Fetches `url` into `file` unless the copy there is current.
    async fn refresh(
        &mut self,
        client: &Client,
        url: &Url,
        file: &str,
        limits: Limits,
    ) -> Result<(), FetchError> {
        let path = self.dir.join(file);
        let etag = self.etags.get(file).filter(|_| path.is_file()).cloned();
        match client.get(url, etag.as_deref(), limits).await? {
            Fetched::NotModified => Ok(()),
            Fetched::Body { bytes, etag } => {
                write_atomically(&path, &bytes)
                    .map_err(|e| FetchError::Transport(e.to_string()))?;
                self.remember(file, etag);
                self.save()
                    .map_err(|e| FetchError::Transport(e.to_string()))
            }
        }
    }

    /// Brings every named image (`<base>/<name>`) up to date, at most [`IN_FLIGHT`] requests
    /// at a time. An image the server does not have is removed from the copy, so it is
    /// reported missing.
    async fn refresh_images(
        &mut self,
        client: &Client,
        base: &str,
        names: Vec<String>,
        warnings: &mut Vec<String>,
    ) -> Result<LogoCounts, SourceError> {
        let limits = Limits {
            connect: CONNECT,
            total: Duration::from_secs(60),
            max_bytes: MAX_LOGO_BYTES as usize,
        };
        let base = base.trim_end_matches('/').to_string();
        let gate = Arc::new(tokio::sync::Semaphore::new(IN_FLIGHT));
        let mut tasks = tokio::task::JoinSet::new();
        for name in names {
            let path = self.dir.join(&name);
            let etag = self.etags.get(&name).filter(|_| path.is_file()).cloned();
            let (client, gate, base) = (client.clone(), gate.clone(), base.clone());
            tasks.spawn(async move {
                let _turn = gate.acquire_owned().await;
                let outcome = match Url::parse(&format!("{base}/{name}")) {
                    Ok(url) => client.get(&url, etag.as_deref(), limits).await,
                    Err(e) => Err(FetchError::Transport(e.to_string())),
                };
                (name, path, outcome)
            });
        }
        let mut counts = LogoCounts::default();
        let mut unreachable = Vec::new();
        while let Some(joined) = tasks.join_next().await {
            let Ok((name, path, outcome)) = joined else {
                continue;
            };
            match outcome {
                Ok(Fetched::NotModified) => counts.unchanged += 1,
                Ok(Fetched::Body { bytes, etag }) => {
                    if let Some(parent) = path.parent() {
                        std::fs::create_dir_all(parent).map_err(|e| cache_error(parent, e))?;
                    }
                    write_atomically(&path, &bytes).map_err(|e| cache_error(&path, e))?;
                    self.remember(&name, etag);
                    counts.fetched += 1;
                }
                Err(why) if why.is_transient() && path.is_file() => {
                    unreachable.push(format!("{name} ({why})"));
                    counts.unchanged += 1;
                }
                Err(_) => {
                    // Gone from the server (or never there): no stale copy may stand in.
                    let _ = std::fs::remove_file(&path);
                    self.etags.remove(&name);
                    counts.missing += 1;
                }
            }
        }
        if !unreachable.is_empty() {
            unreachable.sort();
            warnings.push(format!(
                "{base}: {} image(s) could not be fetched; using the copies fetched before: {}",
                unreachable.len(),
                unreachable.join(", ")
            ));
        }
        self.save().map_err(|e| cache_error(&self.etags_file, e))?;
        Ok(counts)
    }

    fn remember(&mut self, name: &str, etag: Option<String>) {
        match etag {
            Some(etag) => self.etags.insert(name.to_string(), etag),
            None => self.etags.remove(name),
        };
    }

    fn save(&self) -> std::io::Result<()> {
        let json = serde_json::to_vec(&self.etags).map_err(std::io::Error::other)?;
        write_atomically(&self.etags_file, &json)
    }
}

fn cache_error(path: &Path, source: std::io::Error) -> SourceError {
    SourceError::Cache {
        path: path.to_path_buf(),
        source,
    }
}
