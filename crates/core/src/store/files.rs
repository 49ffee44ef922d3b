//! Original files, content-addressed: `files/ab/abcdef….pdf`.

use crate::ingest::FileKind;
use std::io::Write;
use std::path::Path;

/// Write the bytes under their hash (atomically: temp file, then rename) and
/// return the path relative to the data directory.
pub fn store_original(
    data_dir: &Path,
    sha256: &str,
    kind: FileKind,
    bytes: &[u8],
) -> std::io::Result<String> {
    let relative = format!("files/{}/{}.{}", &sha256[..2], sha256, kind.as_str());
    let path = data_dir.join(&relative);
    if path.exists() {
        return Ok(relative);
    }
    let dir = path.parent().expect("has a parent");
    std::fs::create_dir_all(dir)?;
    let mut tmp = tempfile_in(dir)?;
    tmp.1.write_all(bytes)?;
    tmp.1.sync_all()?;
    std::fs::rename(&tmp.0, &path)?;
    Ok(relative)
}

fn tempfile_in(dir: &Path) -> std::io::Result<(std::path::PathBuf, std::fs::File)> {
    let name = dir.join(format!(".tmp-{}", uuid::Uuid::new_v4()));
    let file = std::fs::File::create(&name)?;
    Ok((name, file))
}
