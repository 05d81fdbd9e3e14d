//! The core's layers are true: every module uses only modules of its own layer or of the layers
//! below it, and no files form a cycle. The layers, bottom first, are the rooms of `src/` (its
//! top-level files and folders) in [`LAYERS`]. A file depends on every module it names through
//! `crate::…` or `super::…` paths (in `use` lines and in code; comments and `#[cfg(test)]`
//! modules are left out), a re-export included, and `lib.rs` / a `mod.rs` also on the child
//! modules it names directly. The test-only modules (`testing/`) are left out: they use every
//! layer. `cargo test -p wacht-api-auth-core --test module_graph -- --nocapture` prints the edges
//! between rooms.

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::{Path, PathBuf};

/// The rooms of `src/`, bottom first: each may use only those before it (and itself).
const LAYERS: &[&str] = &[
    "text.rs",
    "ids.rs",
    "error.rs",
    "json/",
    "transport/",
    "session/",
    "query/",
    "api/",
    "client/",
    "models/",
];

/// Rooms that are no layer: the crate root (it names every layer) and the test-only code.
const OUTSIDE: &[&str] = &["lib.rs", "testing/"];

/// `src/` of the core.
fn src_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("src")
}

/// Every `.rs` file under `dir`, as paths relative to `src/`.
fn rust_files(dir: &Path, root: &Path, files: &mut Vec<PathBuf>) {
    for entry in fs::read_dir(dir).expect("read src") {
        let path = entry.expect("dir entry").path();
        if path.is_dir() {
            rust_files(&path, root, files);
        } else if path.extension().is_some_and(|ext| ext == "rs") {
            files.push(path.strip_prefix(root).expect("under src").to_path_buf());
        }
    }
}

/// The code of a file without comments and without its `#[cfg(test)]` module (which comes last
/// in every file here; other `#[cfg(test)]` items stay).
fn code(text: &str) -> String {
    let lines: Vec<&str> = text.lines().collect();
    let test_module = (0..lines.len()).find(|&at| {
        lines[at] == "#[cfg(test)]"
            && lines[at + 1..]
                .iter()
                .find(|line| !line.starts_with("#["))
                .is_some_and(|line| line.starts_with("mod "))
    });
    lines[..test_module.unwrap_or(lines.len())]
        .iter()
        .map(|line| match line.find("//") {
            Some(at) => &line[..at],
            None => line,
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// The macros exported at the crate root (`#[macro_export]`), each with its file: `crate::name`
/// names that file.
fn exported_macros(src: &Path, files: &[PathBuf]) -> BTreeMap<String, PathBuf> {
    let mut macros = BTreeMap::new();
    for file in files {
        let text = fs::read_to_string(src.join(file)).expect("read file");
        let lines: Vec<&str> = text.lines().collect();
        for pair in lines.windows(2) {
            if pair[0].trim() == "#[macro_export]" {
                if let Some(name) = pair[1].trim().strip_prefix("macro_rules! ") {
                    let name = name.trim_end_matches('{').trim();
                    macros.insert(name.to_string(), file.clone());
                }
            }
        }
    }
    macros
}

/// Paths written in `code` that start with `start` (e.g. `crate`), `{a, b::c}` groups expanded
/// one level: `crate::x::{a, b::c}` gives `x::a` and `x::b::c`.
fn paths_from(code: &str, start: &str) -> Vec<Vec<String>> {
    let is_ident = |c: char| c.is_ascii_alphanumeric() || c == '_';
    let mut paths = Vec::new();
    let marker = format!("{start}::");
    let mut rest = code;
    while let Some(at) = rest.find(&marker) {
        let before_ok = rest[..at]
            .chars()
            .last()
            .is_none_or(|c| !is_ident(c) && c != ':' && c != '$');
        let tail = &rest[at + marker.len()..];
        rest = tail;
        if !before_ok {
            continue;
        }
        let mut prefix = Vec::new();
        let mut cursor = tail;
        loop {
            if let Some(group) = cursor.strip_prefix('{') {
                let end = group.find('}').unwrap_or(group.len());
                for item in group[..end].split(',') {
                    let mut path = prefix.clone();
                    path.extend(
                        item.split("::")
                            .map(|segment| segment.trim().to_string())
                            .filter(|segment| !segment.is_empty()),
                    );
                    paths.push(path);
                }
                break;
            }
            let len = cursor.find(|c: char| !is_ident(c)).unwrap_or(cursor.len());
            if len == 0 {
                paths.push(prefix);
                break;
            }
            prefix.push(cursor[..len].to_string());
            cursor = &cursor[len..];
            match cursor.strip_prefix("::") {
                Some(next) => cursor = next,
                None => {
                    paths.push(prefix);
                    break;
                }
            }
        }
    }
    paths
}

/// The file of the module a path names, starting in module directory `dir` (relative to
/// `src/`): the deepest `x.rs` or `x/mod.rs` its segments reach.
fn resolve(src: &Path, dir: &Path, segments: &[String], own: &Path) -> PathBuf {
    let mut dir = dir.to_path_buf();
    let mut found: Option<PathBuf> = None;
    for segment in segments {
        let file = dir.join(format!("{segment}.rs"));
        let folder = dir.join(segment).join("mod.rs");
        if src.join(&file).is_file() {
            return file;
        } else if src.join(&folder).is_file() {
            found = Some(folder);
            dir = dir.join(segment);
        } else {
            break;
        }
    }
    found.unwrap_or_else(|| module_file(&dir, own))
}

/// The file that defines the module whose directory is `dir`.
fn module_file(dir: &Path, own: &Path) -> PathBuf {
    if dir.as_os_str().is_empty() {
        PathBuf::from("lib.rs")
    } else if own.parent() == Some(dir) && own.file_name().is_some_and(|name| name == "mod.rs") {
        own.to_path_buf()
    } else {
        dir.join("mod.rs")
    }
}

/// The directory in which a file's own child modules live (`lib.rs` and `mod.rs` only).
fn child_dir(file: &Path) -> Option<PathBuf> {
    let name = file.file_name()?.to_str()?;
    (name == "lib.rs" || name == "mod.rs").then(|| file.parent().unwrap_or(Path::new("")).into())
}

/// The room of a file: its top-level folder, or the file itself at the top.
fn room(file: &Path) -> String {
    let mut components = file.components();
    let first = components
        .next()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .unwrap_or_default();
    if components.next().is_some() {
        format!("{first}/")
    } else {
        first
    }
}

/// File → the files it depends on, for the files of the layers.
fn file_graph() -> BTreeMap<PathBuf, BTreeSet<PathBuf>> {
    let src = src_dir();
    let mut files = Vec::new();
    rust_files(&src, &src, &mut files);
    let macros = exported_macros(&src, &files);
    let mut graph = BTreeMap::new();
    for file in files
        .iter()
        .filter(|file| !OUTSIDE.contains(&room(file).as_str()))
    {
        let code = code(&fs::read_to_string(src.join(file)).expect("read file"));
        let own_dir = match child_dir(file) {
            Some(dir) => dir,
            None => file.parent().unwrap_or(Path::new("")).to_path_buf(),
        };
        let parent_dir = match child_dir(file) {
            Some(dir) => dir.parent().unwrap_or(Path::new("")).to_path_buf(),
            None => own_dir.clone(),
        };
        let mut deps = BTreeSet::new();
        for path in paths_from(&code, "crate") {
            match path.first().and_then(|name| macros.get(name)) {
                Some(defined_in) => deps.insert(defined_in.clone()),
                None => deps.insert(resolve(&src, Path::new(""), &path, file)),
            };
        }
        for path in paths_from(&code, "super") {
            deps.insert(resolve(&src, &parent_dir, &path, file));
        }
        if let Some(dir) = child_dir(file) {
            // Child modules named without a prefix, e.g. `pub use self::core::Core` or
            // `keys::keys_snapshot(...)` in a mod.rs.
            for path in paths_from(&code, "self") {
                deps.insert(resolve(&src, &dir, &path, file));
            }
            for line in code.lines() {
                let line = line.trim();
                let Some(name) = line.strip_prefix("pub mod ").or(line.strip_prefix("mod ")) else {
                    continue;
                };
                let name = name.trim_end_matches(';').trim();
                if !paths_from(&code, name).is_empty() {
                    deps.insert(resolve(&src, &dir, &[name.to_string()], file));
                }
            }
        }
        deps.remove(file);
        graph.insert(file.clone(), deps);
    }
    graph
}

/// A cycle in `graph`, if there is one (depth-first search).
fn find_cycle<N: Ord + Clone>(graph: &BTreeMap<N, BTreeSet<N>>) -> Option<Vec<N>> {
    fn visit<N: Ord + Clone>(
        node: &N,
        graph: &BTreeMap<N, BTreeSet<N>>,
        done: &mut BTreeSet<N>,
        stack: &mut Vec<N>,
    ) -> Option<Vec<N>> {
        if let Some(at) = stack.iter().position(|on| on == node) {
            let mut cycle = stack[at..].to_vec();
            cycle.push(node.clone());
            return Some(cycle);
        }
        if done.contains(node) {
            return None;
        }
        stack.push(node.clone());
        for next in graph.get(node).into_iter().flatten() {
            if let Some(cycle) = visit(next, graph, done, stack) {
                return Some(cycle);
            }
        }
        stack.pop();
        done.insert(node.clone());
        None
    }
    let mut done = BTreeSet::new();
    graph
        .keys()
        .find_map(|node| visit(node, graph, &mut done, &mut Vec::new()))
}

#[test]
fn no_cycle_between_files() {
    let graph = file_graph();
    assert!(graph.len() > 30, "found only {} files", graph.len());
    // The checker sees real edges (so an empty graph cannot pass).
    assert!(graph[Path::new("client/core/mod.rs")].contains(Path::new("query/cache.rs")));
    assert!(graph[Path::new("json/schema.rs")].contains(Path::new("text.rs")));
    assert_eq!(find_cycle(&graph), None);
}

#[test]
fn every_layer_uses_only_the_layers_below_it() {
    let graph = file_graph();
    let mut upward = Vec::new();
    let mut rooms: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for (file, deps) in &graph {
        let from = room(file);
        let layer = |room: &str| LAYERS.iter().position(|layer| *layer == room);
        let Some(from_layer) = layer(&from) else {
            panic!(
                "{} is in no layer: add its room {from} to LAYERS",
                file.display()
            );
        };
        for dep in deps {
            let to = room(dep);
            match layer(&to) {
                Some(to_layer) if to_layer <= from_layer => {}
                _ => upward.push(format!("{} uses {}", file.display(), dep.display())),
            }
            if to != from {
                rooms.entry(from.clone()).or_default().insert(to);
            }
        }
    }
    println!("layer -> layers it uses (crate::, super:: and self:: paths, tests left out):");
    for (from, to) in &rooms {
        let to: Vec<&str> = to.iter().map(String::as_str).collect();
        println!("  {from} -> {}", to.join(", "));
    }
    assert!(upward.is_empty(), "edges to a layer above: {upward:#?}");
}
