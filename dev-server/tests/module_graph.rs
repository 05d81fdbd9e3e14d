//! The dev server's modules form no cycle: not between files, and not between the rooms of
//! `src/` (its top-level files and folders, see `src/lib.rs`). A file depends on every module
//! it names through `crate::…` or `super::…` paths (in `use` lines and in code; comments and
//! `#[cfg(test)]` modules are left out), and `lib.rs` / a `mod.rs` also on the child modules it
//! names directly. `cargo test -p wacht-dev-server --test module_graph -- --nocapture` prints
//! the edges between rooms.

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::{Path, PathBuf};

/// `src/` of the dev server.
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

/// The code of a file without comments and without its `#[cfg(test)]` modules (which come
/// last in every file here).
fn code(text: &str) -> String {
    let text = text.split("#[cfg(test)]").next().unwrap_or_default();
    text.lines()
        .map(|line| match line.find("//") {
            Some(at) => &line[..at],
            None => line,
        })
        .collect::<Vec<_>>()
        .join("\n")
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
            .is_none_or(|c| !is_ident(c) && c != ':');
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
/// `src/`): the deepest `x.rs` or `x/mod.rs` its segments reach; `None` for a path into another
/// crate.
fn resolve(src: &Path, dir: &Path, segments: &[String], own: &Path) -> Option<PathBuf> {
    let mut dir = dir.to_path_buf();
    let mut found: Option<PathBuf> = None;
    for segment in segments {
        let file = dir.join(format!("{segment}.rs"));
        let folder = dir.join(segment).join("mod.rs");
        if src.join(&file).is_file() {
            return Some(file);
        } else if src.join(&folder).is_file() {
            found = Some(folder);
            dir = dir.join(segment);
        } else {
            break;
        }
    }
    found.or_else(|| Some(module_file(&dir, own)))
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

/// File → the files it depends on.
fn file_graph() -> BTreeMap<PathBuf, BTreeSet<PathBuf>> {
    let src = src_dir();
    let mut files = Vec::new();
    rust_files(&src, &src, &mut files);
    let mut graph = BTreeMap::new();
    for file in files.iter().filter(|file| file.as_os_str() != "main.rs") {
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
            deps.extend(resolve(&src, Path::new(""), &path, file));
        }
        for path in paths_from(&code, "super") {
            deps.extend(resolve(&src, &parent_dir, &path, file));
        }
        if let Some(dir) = child_dir(file) {
            // Child modules named without a prefix, e.g. `frontend::routes()` in lib.rs.
            for line in code.lines() {
                let Some(name) = line.trim().strip_prefix("pub mod ") else {
                    continue;
                };
                let name = name.trim_end_matches(';').trim();
                if paths_from(&code, name).iter().any(|_| true) {
                    deps.extend(resolve(&src, &dir, &[name.to_string()], file));
                }
            }
        }
        deps.remove(file);
        graph.insert(file.clone(), deps);
    }
    graph
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
    assert!(graph[Path::new("gateway/check.rs")].contains(Path::new("store/mod.rs")));
    assert!(graph[Path::new("frontend/api_auth/keys.rs")]
        .contains(Path::new("frontend/api_auth/app_session.rs")));
    assert_eq!(find_cycle(&graph), None);
}

#[test]
fn no_cycle_between_rooms_and_at_most_ten_files_at_the_top() {
    let graph = file_graph();
    let mut rooms: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for (file, deps) in &graph {
        let from = room(file);
        let entry = rooms.entry(from.clone()).or_default();
        entry.extend(deps.iter().map(|dep| room(dep)).filter(|to| *to != from));
    }
    println!("room -> rooms it uses (crate:: and super:: paths, tests left out):");
    for (from, to) in &rooms {
        let to: Vec<&str> = to.iter().map(String::as_str).collect();
        println!("  {from} -> {}", to.join(", "));
    }
    assert_eq!(find_cycle(&rooms), None);
    let top_files = fs::read_dir(src_dir())
        .expect("read src")
        .filter(|entry| entry.as_ref().is_ok_and(|entry| entry.path().is_file()))
        .count();
    assert!(top_files <= 10, "{top_files} files at the top of src/");
}
