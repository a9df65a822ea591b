//! The static files served beside the app, in `build/<host>/public/`: the app's own folder of
//! them, and the assets of the OpenAPI pages (`/docs` loads Swagger UI and `/redoc` ReDoc
//! from `/static/`, so they work offline and at the edge).
//!
//! A file generated at build time (an OpenAPI document written natively, say) is one more
//! `(path, bytes)` handed to [`write`].

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};

use anyhow::{Context, Result};

use crate::step::say;

/// The docs pages' files: (npm package, files in it, folder under `public/static/`).
const DOCS_ASSETS: &[(&str, &[&str], &str)] = &[
    (
        "swagger-ui-dist",
        &[
            "swagger-ui-bundle.js",
            "swagger-ui.css",
            "favicon-32x32.png",
            "LICENSE",
        ],
        "swagger-ui",
    ),
    (
        "redoc",
        &[
            "bundles/redoc.standalone.js",
            "bundles/redoc.standalone.js.LICENSE.txt",
        ],
        "redoc",
    ),
];

/// Where the docs pages' npm packages are: the first `node_modules` from the app's folder up.
pub struct DocsAssets(Option<PathBuf>);

impl DocsAssets {
    /// Looks for the packages once per build; says so when they are missing.
    pub fn find(app_dir: &Path) -> Self {
        let found = app_dir
            .ancestors()
            .map(|dir| dir.join("node_modules"))
            .find(|modules| {
                DOCS_ASSETS
                    .iter()
                    .all(|(package, ..)| modules.join(package).is_dir())
            });
        if found.is_none() {
            say(
                "docs assets: swagger-ui-dist and redoc are not installed, so /docs and /redoc \
                 will not load; `npm install` beside Cargo.toml installs them (package.json pins them)",
            );
        }
        Self(found)
    }
}

/// Fills `public` (a new folder) with the app's static files, the docs pages' assets and
/// the generated `files`; answers how many files it wrote.
pub fn write(
    public: &Path,
    own: Option<&Path>,
    docs: &DocsAssets,
    files: &[(String, Vec<u8>)],
) -> Result<usize> {
    fs::create_dir_all(public)?;
    let mut count = 0;
    if let Some(own) = own {
        count += copy_dir(own, public)?;
    }
    if let Some(modules) = &docs.0 {
        for (package, names, folder) in DOCS_ASSETS {
            let dir = public.join("static").join(folder);
            fs::create_dir_all(&dir)?;
            for name in *names {
                let from = modules.join(package).join(name);
                let file_name = Path::new(name).file_name().context("a file name")?;
                fs::copy(&from, dir.join(file_name))
                    .with_context(|| format!("copying {}", from.display()))?;
                count += 1;
            }
        }
    }
    for (path, bytes) in files {
        let path = public.join(path);
        if let Some(dir) = path.parent() {
            fs::create_dir_all(dir)?;
        }
        fs::write(path, bytes)?;
        count += 1;
    }
    Ok(count)
}

/// True when two folders hold the same files with the same bytes, recursively.
pub fn same_files(a: &Path, b: &Path) -> Result<bool> {
    fn files(root: &Path, dir: &Path, into: &mut BTreeMap<PathBuf, Vec<u8>>) -> Result<()> {
        for entry in fs::read_dir(dir).with_context(|| format!("reading {}", dir.display()))? {
            let path = entry?.path();
            if path.is_dir() {
                files(root, &path, into)?;
            } else {
                let relative = path.strip_prefix(root).unwrap_or(&path).to_path_buf();
                into.insert(relative, fs::read(&path)?);
            }
        }
        Ok(())
    }
    let (mut left, mut right) = (BTreeMap::new(), BTreeMap::new());
    files(a, a, &mut left)?;
    files(b, b, &mut right)?;
    Ok(left == right)
}

/// Copies a folder's files into another, recursively; answers how many.
pub fn copy_dir(from: &Path, to: &Path) -> Result<usize> {
    fs::create_dir_all(to)?;
    let mut count = 0;
    for entry in fs::read_dir(from).with_context(|| format!("reading {}", from.display()))? {
        let entry = entry?;
        let target = to.join(entry.file_name());
        if entry.file_type()?.is_dir() {
            count += copy_dir(&entry.path(), &target)?;
        } else {
            fs::copy(entry.path(), &target)?;
            count += 1;
        }
    }
    Ok(count)
}

#[cfg(test)]
mod tests {
    use super::{copy_dir, same_files};
    use std::fs;

    #[test]
    fn same_files_compares_names_and_bytes_recursively() {
        let root = std::env::temp_dir().join(format!("edgeapi-same-files-{}", std::process::id()));
        let (a, b) = (root.join("a"), root.join("b"));
        fs::create_dir_all(a.join("pkg")).unwrap();
        fs::write(a.join("worker.js"), "export default {}").unwrap();
        fs::write(a.join("pkg/app.wasm"), [0, 97, 115, 109]).unwrap();
        copy_dir(&a, &b).unwrap();
        assert!(same_files(&a, &b).unwrap());

        fs::write(b.join("pkg/app.wasm"), [0, 97, 115, 110]).unwrap();
        assert!(!same_files(&a, &b).unwrap(), "changed bytes");
        fs::write(b.join("pkg/app.wasm"), [0, 97, 115, 109]).unwrap();
        fs::write(b.join("pkg/extra.js"), "").unwrap();
        assert!(!same_files(&a, &b).unwrap(), "an extra file");
        fs::remove_dir_all(&root).unwrap();
    }
}
