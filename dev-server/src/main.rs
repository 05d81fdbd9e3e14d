//! `wacht-dev-server` binary: parse flags, bind, refuse the default backend key on an address
//! other than loopback (exit 2), print the origin, the keys and how to provision an app, serve
//! until SIGINT/SIGTERM.

use std::io::Write;
use std::process::ExitCode;
use wacht_dev_server::config::{Command, Config, BACKEND_API_KEY_ENV, USAGE};

#[tokio::main]
async fn main() -> ExitCode {
    let env_key = std::env::var(BACKEND_API_KEY_ENV).ok();
    let config = match Config::from_args(std::env::args().skip(1), env_key) {
        Ok(Command::Run(config)) => *config,
        Ok(Command::Help) => {
            println!("{USAGE}");
            return ExitCode::SUCCESS;
        }
        Err(message) => {
            eprintln!("wacht-dev-server: {message}\n{USAGE}");
            return ExitCode::from(2);
        }
    };

    let listener = match wacht_dev_server::bind(&config).await {
        Ok(listener) => listener,
        Err(error) => {
            eprintln!(
                "wacht-dev-server: cannot bind {}:{}: {error}",
                config.host, config.port
            );
            return ExitCode::FAILURE;
        }
    };
    let bound = match listener.local_addr() {
        Ok(addr) => addr,
        Err(error) => {
            eprintln!("wacht-dev-server: cannot read the bound address: {error}");
            return ExitCode::FAILURE;
        }
    };
    if let Some(refusal) = config.default_key_refusal(bound.ip()) {
        eprintln!("wacht-dev-server: {refusal}");
        return ExitCode::from(2);
    }
    if config.exposes_default_key(bound.ip()) {
        eprintln!(
            "wacht-dev-server: warning: the public default backend API key is accepted on {bound} \
             (--allow-default-backend-key)"
        );
    }
    let state = match wacht_dev_server::state_for(&config, &listener) {
        Ok(state) => state,
        Err(error) => {
            eprintln!("wacht-dev-server: {error}");
            return ExitCode::FAILURE;
        }
    };

    // Installed before the startup lines, so a SIGTERM right after them stops the server cleanly.
    let shutdown = wacht_dev_server::shutdown_signal();
    {
        let settings = state.settings();
        let mut out = std::io::stdout().lock();
        // A closed stdout must not stop the server, so write errors are ignored.
        let _ = writeln!(out, "wacht-dev-server listening on {}", settings.origin);
        let _ = writeln!(out, "publishable key: {}", settings.publishable_key);
        if config.backend_api_key_is_default {
            let _ = writeln!(out, "backend API key: {}", config.backend_api_key);
        }
        if let Some(path) = &config.data_file {
            let store = state.lock();
            let _ = writeln!(
                out,
                "data file: {} ({} keys, {} audit entries)",
                path.display(),
                store.api_keys.len(),
                store.audit_log.len()
            );
        }
        for line in provisioning_example(&settings.origin, &config) {
            let _ = writeln!(out, "{line}");
        }
        let _ = out.flush();
    }

    match wacht_dev_server::serve(listener, state, shutdown).await {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("wacht-dev-server: {error}");
            ExitCode::FAILURE
        }
    }
}

/// Two startup lines: a curl command that provisions an API-auth app on this server through the
/// backend API, ready to paste. It names the backend key itself only when that is the public
/// default (which is printed anyway); a key of your own stays in its environment variable.
fn provisioning_example(origin: &str, config: &Config) -> [String; 2] {
    let authorization = if config.backend_api_key_is_default {
        format!("'Authorization: Bearer {}'", config.backend_api_key)
    } else {
        format!("\"Authorization: Bearer ${BACKEND_API_KEY_ENV}\"")
    };
    [
        "provision an API-auth app (once; a second run answers 409):".to_string(),
        format!(
            "  curl -sS {origin}/api-auth/apps -H {authorization} -H 'Content-Type: application/json' \
             -d '{{\"app_slug\":\"my-integration\",\"name\":\"My Integration\",\"key_prefix\":\"sk_test\"}}'"
        ),
    ]
}
