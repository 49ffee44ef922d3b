//! The local models a user can choose from: the GGUF files in the models
//! folder (and the configured one, wherever it is), each with its size, the
//! memory it would need beside what the machine has free, whether it is a
//! GGUF at all (its magic and version), and the manifest's name and licence
//! when it is one of the bundled models. The same memory rule refuses a
//! model at load time ([`check_memory`]), so what the picker says fits is
//! what loads.

use serde::Deserialize;
use std::path::{Path, PathBuf};

/// Whether this build can run local GGUF models (llama.cpp compiled in).
pub const LOCAL_ENGINE: bool = cfg!(feature = "local-llm");

/// How deep below the models folder GGUF files are looked for.
const MAX_DEPTH: usize = 4;
/// The most files listed (a folder of thousands is not a picker).
const MAX_FILES: usize = 200;

/// Memory the system can give without swapping (Linux: `MemAvailable`);
/// `None` where the platform does not say.
pub fn available_memory() -> Option<u64> {
    let info = std::fs::read_to_string("/proc/meminfo").ok()?;
    let line = info.lines().find(|l| l.starts_with("MemAvailable:"))?;
    let kb: u64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kb * 1024)
}

/// Memory a model file needs loaded: its weights, a fifth more for the
/// context and scratch buffers, and a fixed working margin.
pub fn memory_needed(file_size: u64) -> u64 {
    file_size + file_size / 5 + 256 * 1024 * 1024
}

/// Refuse a model that would not fit in `available` bytes; the file's size.
pub fn check_memory(path: &Path, available: Option<u64>) -> Result<u64, String> {
    let size = std::fs::metadata(path)
        .map_err(|e| format!("local model {}: {e}", path.display()))?
        .len();
    let needed = memory_needed(size);
    if let Some(free) = available
        && needed > free
    {
        return Err(format!(
            "local model {} needs about {} MB of memory and only {} MB are available: \
             choose a smaller GGUF (a lower quantisation) or free memory",
            path.display(),
            needed / 1_048_576,
            free / 1_048_576
        ));
    }
    Ok(size)
}

/// The GGUF format version in a file's header, or why it is not one.
pub fn gguf_version(path: &Path) -> Result<u32, String> {
    use std::io::Read;
    let mut head = [0u8; 8];
    std::fs::File::open(path)
        .and_then(|mut f| f.read_exact(&mut head))
        .map_err(|e| format!("{}: {e}", path.display()))?;
    if &head[..4] != b"GGUF" {
        return Err(format!("{}: not a GGUF file", path.display()));
    }
    let version = u32::from_le_bytes([head[4], head[5], head[6], head[7]]);
    if !(2..=3).contains(&version) {
        return Err(format!(
            "{}: GGUF version {version}, this build reads versions 2 and 3",
            path.display()
        ));
    }
    Ok(version)
}

/// One local model file.
#[derive(Debug, Clone, PartialEq)]
pub struct LocalModel {
    pub path: PathBuf,
    pub size: u64,
    pub needed: u64,
    /// Needs no more than the memory free now (true where unknown).
    pub fits: bool,
    /// Why the file cannot be used, if it cannot (not a GGUF, unreadable).
    pub problem: Option<String>,
    /// The manifest's name and licence, for a bundled model.
    pub name: Option<String>,
    pub licence: Option<String>,
    /// The file the settings point at.
    pub configured: bool,
}

#[derive(Deserialize)]
struct Manifest {
    #[serde(default)]
    model: Vec<ManifestModel>,
}

#[derive(Deserialize)]
struct ManifestModel {
    name: String,
    licence: Option<String>,
    dest: String,
    #[serde(default)]
    files: Vec<ManifestFile>,
}

#[derive(Deserialize)]
struct ManifestFile {
    path: String,
}

/// The manifest's (name, licence) by the path a bundled file lands at
/// (`dest/<file name>`), relative to the models folder.
fn bundled(models: &Path) -> Vec<(PathBuf, String, Option<String>)> {
    let Ok(text) = std::fs::read_to_string(models.join("manifest.toml")) else {
        return Vec::new();
    };
    let Ok(manifest) = toml::from_str::<Manifest>(&text) else {
        return Vec::new();
    };
    manifest
        .model
        .into_iter()
        .flat_map(|m| {
            m.files
                .iter()
                .filter_map(|f| Path::new(&f.path).file_name())
                .map(|file| {
                    (
                        Path::new(&m.dest).join(file),
                        m.name.clone(),
                        m.licence.clone(),
                    )
                })
                .collect::<Vec<_>>()
        })
        .collect()
}

fn find_gguf(dir: &Path, depth: usize, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    let mut entries: Vec<_> = entries.flatten().collect();
    entries.sort_by_key(|e| e.file_name());
    for e in entries {
        if out.len() >= MAX_FILES {
            return;
        }
        let Ok(kind) = e.file_type() else { continue };
        let path = e.path();
        if kind.is_dir() && depth < MAX_DEPTH {
            find_gguf(&path, depth + 1, out);
        } else if kind.is_file()
            && path
                .extension()
                .is_some_and(|x| x.eq_ignore_ascii_case("gguf"))
        {
            out.push(path);
        }
    }
}

fn same_file(a: &Path, b: &Path) -> bool {
    match (a.canonicalize(), b.canonicalize()) {
        (Ok(a), Ok(b)) => a == b,
        _ => a == b,
    }
}

/// The GGUF files under `models` and the `configured` file, described
/// against `available` bytes of free memory.
pub fn local_models(models: &Path, configured: &Path, available: Option<u64>) -> Vec<LocalModel> {
    let mut paths = Vec::new();
    find_gguf(models, 0, &mut paths);
    if configured.is_file() && !paths.iter().any(|p| same_file(p, configured)) {
        paths.push(configured.to_path_buf());
    }
    let bundled = bundled(models);
    paths
        .into_iter()
        .map(|path| {
            let size = std::fs::metadata(&path).map_or(0, |m| m.len());
            let needed = memory_needed(size);
            let known = path
                .strip_prefix(models)
                .ok()
                .and_then(|rel| bundled.iter().find(|(p, ..)| p == rel));
            LocalModel {
                fits: available.is_none_or(|free| needed <= free),
                problem: gguf_version(&path).err(),
                name: known.map(|(_, n, _)| n.clone()),
                licence: known.and_then(|(.., l)| l.clone()),
                configured: same_file(&path, configured),
                size,
                needed,
                path,
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn gguf(path: &Path, bytes: usize) {
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        let mut data = b"GGUF\x03\0\0\0".to_vec();
        data.resize(bytes, 0);
        std::fs::write(path, data).unwrap();
    }

    #[test]
    fn lists_ggufs_with_their_memory_and_the_manifest_name() {
        let dir = tempfile::tempdir().unwrap();
        let models = dir.path();
        std::fs::write(
            models.join("manifest.toml"),
            "[[model]]\nname = \"Tiny\"\nlicence = \"Apache-2.0\"\ndest = \"tiny\"\n\
             files = [{ path = \"pkg/tiny.gguf\", sha256 = \"00\" }]\n",
        )
        .unwrap();
        gguf(&models.join("tiny/tiny.gguf"), 1024);
        gguf(&models.join("other/big.GGUF"), 4096);
        std::fs::write(models.join("other/notes.txt"), "x").unwrap();
        std::fs::write(models.join("fake.gguf"), "<html>not a model</html>").unwrap();
        let elsewhere = tempfile::tempdir().unwrap();
        let configured = elsewhere.path().join("mine.gguf");
        gguf(&configured, 2048);

        let list = local_models(models, &configured, Some(memory_needed(2048)));
        let names: Vec<_> = list
            .iter()
            .map(|m| m.path.file_name().unwrap().to_string_lossy().into_owned())
            .collect();
        assert_eq!(names, ["fake.gguf", "big.GGUF", "tiny.gguf", "mine.gguf"]);
        let by = |n: &str| list.iter().find(|m| m.path.ends_with(n)).unwrap();
        assert_eq!(by("tiny.gguf").name.as_deref(), Some("Tiny"));
        assert_eq!(by("tiny.gguf").licence.as_deref(), Some("Apache-2.0"));
        assert!(by("tiny.gguf").fits && by("mine.gguf").fits);
        assert!(!by("big.GGUF").fits, "4 KiB more than 2 KiB's need");
        assert!(by("mine.gguf").configured && !by("tiny.gguf").configured);
        assert!(
            by("fake.gguf")
                .problem
                .as_deref()
                .unwrap()
                .contains("not a GGUF")
        );
        assert_eq!(by("big.GGUF").problem, None);
        assert_eq!(by("big.GGUF").needed, memory_needed(4096));
    }

    #[test]
    fn the_load_check_and_the_picker_agree() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("m.gguf");
        gguf(&path, 10_000);
        let need = memory_needed(10_000);
        assert_eq!(check_memory(&path, Some(need)), Ok(10_000));
        let err = check_memory(&path, Some(need - 1)).unwrap_err();
        assert!(err.contains("needs about"), "{err}");
        assert_eq!(check_memory(&path, None), Ok(10_000));
        let list = local_models(dir.path(), &path, Some(need - 1));
        assert!(!list[0].fits && list[0].configured);
    }

    #[test]
    fn a_truncated_or_future_gguf_is_named() {
        let dir = tempfile::tempdir().unwrap();
        let short = dir.path().join("short.gguf");
        std::fs::write(&short, b"GG").unwrap();
        assert!(gguf_version(&short).is_err());
        let future = dir.path().join("v9.gguf");
        std::fs::write(&future, b"GGUF\x09\0\0\0").unwrap();
        assert!(gguf_version(&future).unwrap_err().contains("version 9"));
    }
}
