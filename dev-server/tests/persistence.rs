//! `--data <file>`: keys (hashes only) and audit entries survive a restart.

mod common;

use common::TestApp;
use std::path::Path;
use wacht_dev_server::config::Config;
use wacht_dev_server::state::AppState;

/// Every byte of every file in `dir` (the database plus any journal).
fn all_bytes(dir: &Path) -> Vec<u8> {
    let mut bytes = Vec::new();
    for entry in std::fs::read_dir(dir).expect("read dir") {
        bytes.extend(std::fs::read(entry.expect("entry").path()).expect("read file"));
    }
    bytes
}

fn contains(haystack: &[u8], needle: &str) -> bool {
    haystack
        .windows(needle.len())
        .any(|window| window == needle.as_bytes())
}

#[tokio::test]
async fn keys_and_audit_entries_survive_a_restart() {
    let dir = common::temp_dir("data-restart");
    let path = dir.join("dev.sqlite");

    let (key_id, secret, revoked_id, hash, request_id) = {
        let app = TestApp::with_data_file(&path);
        let token = app.app_session("aa_42").await;
        let (key_id, secret) = app.create_key(&token, "persistent").await;
        let (revoked_id, revoked_secret) = app.create_key(&token, "gone").await;
        app.post_form(
            &format!("/api-auth/keys/{revoked_id}/revoke"),
            &token,
            "reason=left+the+team",
        )
        .await
        .envelope_data();
        let check = app.authz_get(&secret, "/v1/persist").await;
        assert_eq!(check.status.as_u16(), 200, "{}", check.text());
        let request_id = check.json()["request_id"]
            .as_str()
            .expect("request_id")
            .to_string();
        let hash = app.state.lock().api_keys[0].key_hash.clone();

        // Only hashes reach the disk.
        let bytes = all_bytes(&dir);
        assert!(contains(&bytes, &hash), "the key row was written");
        for plaintext in [&secret, &revoked_secret] {
            assert!(!contains(&bytes, plaintext), "plaintext secret on disk");
            assert!(!contains(&bytes, &plaintext[plaintext.len() - 43..]));
        }
        (key_id, secret, revoked_id, hash, request_id)
    };

    // A new process: new state from the same file, new browser and app sessions.
    let app = TestApp::with_data_file(&path);
    {
        let store = app.state.lock();
        assert_eq!(store.api_keys.len(), 2);
        assert_eq!(store.audit_log.len(), 1);
        assert_eq!(store.api_keys[0].key_hash, hash);
    }
    let token = app.app_session("aa_42").await;
    let all = app
        .get_in("/api-auth/keys?status=all", &token)
        .await
        .envelope_data();
    let listed: Vec<(&str, bool, Option<&str>)> = all
        .as_array()
        .expect("keys")
        .iter()
        .map(|k| {
            (
                k["id"].as_str().expect("id"),
                k["is_active"].as_bool().expect("active"),
                k["revoked_reason"].as_str(),
            )
        })
        .collect();
    assert_eq!(
        listed,
        [
            (revoked_id.as_str(), false, Some("left the team")),
            (key_id.as_str(), true, None),
        ]
    );

    let check = app.authz_get(&secret, "/v1/persist").await;
    assert_eq!(check.status.as_u16(), 200, "{}", check.text());
    // Ids keep increasing across the restart.
    let next: u64 = check.json()["request_id"].as_str().expect("id")[4..]
        .parse()
        .expect("number");
    assert!(next > request_id[4..].parse::<u64>().expect("number"));

    let logs = app
        .get_in("/api-auth/audit/logs", &token)
        .await
        .envelope_data();
    let ids: Vec<&str> = logs["data"]
        .as_array()
        .expect("entries")
        .iter()
        .map(|e| e["request_id"].as_str().expect("id"))
        .collect();
    assert_eq!(ids.len(), 2);
    assert_eq!(ids[1], request_id);
    assert_eq!(logs["data"][1]["path"], "GET /v1/persist");

    // A key created after the restart gets a fresh, larger id.
    let (newer, _) = app.create_key(&token, "after restart").await;
    assert!(newer.parse::<u64>().expect("id") > key_id.parse::<u64>().expect("id"));
    drop(app);
    let _ = std::fs::remove_dir_all(dir);
}

#[test]
fn an_unusable_data_file_is_an_error() {
    let dir = common::temp_dir("data-unusable");
    let config = Config::default();
    // A directory cannot be opened as a database.
    let result = AppState::with_data_file(common::settings(&config), &dir);
    let error = result.expect_err("a directory is not a database");
    assert!(error.contains("data file"), "{error}");
    let _ = std::fs::remove_dir_all(dir);
}
