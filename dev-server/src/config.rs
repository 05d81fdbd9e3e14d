//! Command-line configuration: `wacht-dev-server [--port N] [--host H] [--mode staging|production]
//! [--www DIR] [--pkg DIR] [--example-dir DIR] [--session-ttl-seconds N]
//! [--embed-ticket-ttl-seconds N] [--data FILE] [--allow-default-backend-key]`, plus
//! `WACHT_BACKEND_API_KEY`.
//!
//! The default backend key is public (it is in the docs), so a server bound to an address other
//! than loopback refuses to start with it ([`Config::default_key_refusal`]) unless
//! `--allow-default-backend-key` is given.

use std::net::IpAddr;
use std::path::PathBuf;
use std::time::Duration;

/// Backend API key of the primary deployment when `WACHT_BACKEND_API_KEY` is not set.
pub const DEFAULT_BACKEND_API_KEY: &str = "wk_test_dev_backend_key";

/// Environment variable that overrides the primary deployment's backend API key.
pub const BACKEND_API_KEY_ENV: &str = "WACHT_BACKEND_API_KEY";

/// `expires_in` of demo embed tickets when `--embed-ticket-ttl-seconds` is not given (the
/// guides' value).
pub const DEFAULT_EMBED_TICKET_TTL_SECONDS: u64 = 120;

/// Where `--example-dir` is served: the built Rust example app (`examples/leptos-api-keys`).
pub const EXAMPLE_PATH: &str = "/examples/leptos";

/// Usage text printed for `--help` and after a bad argument.
pub const USAGE: &str = "usage: wacht-dev-server [--port N] [--host 127.0.0.1] \
[--mode staging|production] [--www DIR] [--pkg DIR] [--example-dir DIR] [--session-ttl-seconds N] \
[--embed-ticket-ttl-seconds N] [--data FILE] [--allow-default-backend-key]\n\
--example-dir DIR: serve this built app (trunk's dist/ of examples/leptos-api-keys) under \
/examples/leptos/, with the pages' headers\n\
--data FILE: keep API keys (hashes only) and audit entries in this SQLite file across \
restarts (created if missing); without it everything is in memory\n\
--embed-ticket-ttl-seconds N: lifetime of tickets from the demo app's \
POST /api/settings/api-keys/embed-ticket (default 120, at least 1)\n\
--allow-default-backend-key: start on a --host other than loopback although the backend \
API key is the public default (refused otherwise)\n\
env: WACHT_BACKEND_API_KEY (default wk_test_dev_backend_key)";

/// Deployment mode: decides the publishable key prefix, session delivery and CORS policy.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    /// `pk_test_`, `X-Development-Session` header, `__dev_session__` query parameter, any origin.
    Staging,
    /// `pk_live_`, `__session` cookie, loopback origins only.
    Production,
}

impl Mode {
    /// The wire value of `deployment.mode`.
    pub fn as_str(self) -> &'static str {
        match self {
            Mode::Staging => "staging",
            Mode::Production => "production",
        }
    }

    /// Parses `staging` or `production`.
    pub fn parse(value: &str) -> Option<Mode> {
        match value {
            "staging" => Some(Mode::Staging),
            "production" => Some(Mode::Production),
            _ => None,
        }
    }
}

/// Lifetime of a browser session's cookie (production mode), and how long a browser session that
/// holds something live may stay unused before it is dropped ([`Prune::session_idle`]).
pub const SESSION_LIFETIME: Duration = Duration::from_secs(6 * 60 * 60);

/// How often and how eagerly state is dropped (fixed in code; tests shorten it through
/// [`Config::prune`]; what is dropped: [`crate::store::prune`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Prune {
    /// Time between two prunes.
    pub interval: Duration,
    /// A browser session not presented for this long is dropped.
    pub session_idle: Duration,
    /// A browser session holding nothing live and not presented for this long is dropped.
    pub empty_session_idle: Duration,
}

impl Default for Prune {
    fn default() -> Self {
        Prune {
            interval: Duration::from_secs(60),
            session_idle: SESSION_LIFETIME,
            empty_session_idle: Duration::from_secs(10 * 60),
        }
    }
}

/// Everything the server needs before it binds its socket.
#[derive(Debug, Clone)]
pub struct Config {
    /// Interface to bind (default `127.0.0.1`).
    pub host: String,
    /// Port to bind; 0 picks a free port (default 8787).
    pub port: u16,
    /// Mode of the primary deployment (default staging).
    pub mode: Mode,
    /// Directory served for every non-API path (default `./www`).
    pub www_dir: PathBuf,
    /// Directory served under `/pkg/` (default `./pkg`).
    pub pkg_dir: PathBuf,
    /// Directory served under [`EXAMPLE_PATH`] (`--example-dir`; none by default).
    pub example_dir: Option<PathBuf>,
    /// Caps every app session created by a ticket exchange at now + N seconds.
    pub session_ttl_seconds: Option<u64>,
    /// Backend API key of the primary deployment.
    pub backend_api_key: String,
    /// True when `backend_api_key` is the documented default (only then is it printed).
    pub backend_api_key_is_default: bool,
    /// SQLite file for keys and audit entries (`--data`); `None` keeps everything in memory.
    pub data_file: Option<PathBuf>,
    /// `expires_in` of demo embed tickets (`--embed-ticket-ttl-seconds`, default 120, ≥ 1).
    pub embed_ticket_ttl_seconds: u64,
    /// When expired and idle state is dropped (no flag; tests shorten it).
    pub prune: Prune,
    /// `--allow-default-backend-key`: start on a non-loopback address with the default key.
    pub allow_default_backend_key: bool,
}

impl Default for Config {
    fn default() -> Self {
        Config {
            host: "127.0.0.1".to_string(),
            port: 8787,
            mode: Mode::Staging,
            www_dir: PathBuf::from("./www"),
            pkg_dir: PathBuf::from("./pkg"),
            example_dir: None,
            session_ttl_seconds: None,
            backend_api_key: DEFAULT_BACKEND_API_KEY.to_string(),
            backend_api_key_is_default: true,
            data_file: None,
            embed_ticket_ttl_seconds: DEFAULT_EMBED_TICKET_TTL_SECONDS,
            prune: Prune::default(),
            allow_default_backend_key: false,
        }
    }
}

/// What the command line asked for.
#[derive(Debug)]
pub enum Command {
    /// Start the server with this configuration (boxed: it is large, and `Help` is nothing).
    Run(Box<Config>),
    /// Print [`USAGE`] and exit successfully.
    Help,
}

impl Config {
    /// Parses the arguments after the program name. `backend_key_env` is the value of
    /// `WACHT_BACKEND_API_KEY` (empty counts as unset). Accepts `--flag value` and `--flag=value`.
    pub fn from_args<I>(args: I, backend_key_env: Option<String>) -> Result<Command, String>
    where
        I: IntoIterator<Item = String>,
    {
        let mut config = Config::default();
        if let Some(key) = backend_key_env.filter(|key| !key.is_empty()) {
            config.backend_api_key = key;
            config.backend_api_key_is_default = false;
        }

        let mut args = args.into_iter();
        while let Some(arg) = args.next() {
            if arg == "--help" || arg == "-h" {
                return Ok(Command::Help);
            }
            let (flag, inline_value) = match arg.split_once('=') {
                Some((flag, value)) => (flag.to_string(), Some(value.to_string())),
                None => (arg.clone(), None),
            };
            let mut value = || {
                inline_value
                    .clone()
                    .or_else(|| args.next())
                    .ok_or_else(|| format!("{flag} needs a value"))
            };
            match flag.as_str() {
                "--allow-default-backend-key" => {
                    if inline_value.is_some() {
                        return Err(format!("{flag} takes no value"));
                    }
                    config.allow_default_backend_key = true;
                }
                "--port" => {
                    let raw = value()?;
                    config.port = raw
                        .parse()
                        .map_err(|_| format!("--port: not a port number: {raw}"))?;
                }
                "--host" => config.host = value()?,
                "--mode" => {
                    let raw = value()?;
                    config.mode = Mode::parse(&raw).ok_or_else(|| {
                        format!("--mode must be staging or production, got {raw}")
                    })?;
                }
                "--www" => config.www_dir = PathBuf::from(value()?),
                "--pkg" => config.pkg_dir = PathBuf::from(value()?),
                "--example-dir" => config.example_dir = Some(PathBuf::from(value()?)),
                "--data" => config.data_file = Some(PathBuf::from(value()?)),
                "--session-ttl-seconds" => {
                    let raw = value()?;
                    let seconds: u64 = raw
                        .parse()
                        .map_err(|_| format!("--session-ttl-seconds: not a number: {raw}"))?;
                    config.session_ttl_seconds = Some(seconds);
                }
                "--embed-ticket-ttl-seconds" => {
                    let raw = value()?;
                    config.embed_ticket_ttl_seconds = raw
                        .parse()
                        .ok()
                        .filter(|seconds: &u64| *seconds > 0)
                        .ok_or_else(|| {
                            format!("--embed-ticket-ttl-seconds: not a positive number: {raw}")
                        })?;
                }
                _ => return Err(format!("unknown argument: {arg}")),
            }
        }
        Ok(Command::Run(Box::new(config)))
    }

    /// True when a server bound at `ip` accepts the public [`DEFAULT_BACKEND_API_KEY`] (by value,
    /// also when `WACHT_BACKEND_API_KEY` sets it) from other machines: `ip` is not loopback
    /// (`0.0.0.0` listens on every interface).
    pub fn exposes_default_key(&self, ip: IpAddr) -> bool {
        !ip.to_canonical().is_loopback() && self.backend_api_key == DEFAULT_BACKEND_API_KEY
    }

    /// Why a server bound at `ip` must not start: it [exposes the default
    /// key](Config::exposes_default_key) and `--allow-default-backend-key` was not given.
    /// `None` when it may start.
    pub fn default_key_refusal(&self, ip: IpAddr) -> Option<String> {
        if !self.exposes_default_key(ip) || self.allow_default_backend_key {
            return None;
        }
        Some(format!(
            "refusing to start: {ip} is not a loopback address and the backend API key is the \
             public default {DEFAULT_BACKEND_API_KEY}, so anyone who reaches this port could mint \
             tickets; set {BACKEND_API_KEY_ENV} to a key of your own, or pass \
             --allow-default-backend-key"
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(args: &[&str], env: Option<&str>) -> Result<Command, String> {
        Config::from_args(args.iter().map(|s| s.to_string()), env.map(str::to_string))
    }

    #[test]
    fn defaults() {
        let Ok(Command::Run(config)) = parse(&[], None) else {
            panic!("expected a config");
        };
        assert_eq!(config.port, 8787);
        assert_eq!(config.host, "127.0.0.1");
        assert_eq!(config.mode, Mode::Staging);
        assert_eq!(config.backend_api_key, DEFAULT_BACKEND_API_KEY);
        assert!(config.backend_api_key_is_default);
        assert_eq!(config.session_ttl_seconds, None);
        assert_eq!(config.data_file, None);
        assert_eq!(config.example_dir, None);
        assert_eq!(config.embed_ticket_ttl_seconds, 120);
        assert!(!config.allow_default_backend_key);
    }

    #[test]
    fn default_key_only_on_loopback_unless_allowed() {
        let run = |args: &[&str], env: Option<&str>| match parse(args, env) {
            Ok(Command::Run(config)) => config,
            other => panic!("expected a config: {other:?}"),
        };
        let ip = |text: &str| text.parse::<IpAddr>().expect("ip");
        let default = run(&[], None);
        for loopback in ["127.0.0.1", "127.1.2.3", "::1", "::ffff:127.0.0.1"] {
            assert_eq!(
                default.default_key_refusal(ip(loopback)),
                None,
                "{loopback}"
            );
        }
        for exposed in ["0.0.0.0", "::", "192.168.1.20", "::ffff:10.0.0.1"] {
            let refusal = default.default_key_refusal(ip(exposed)).expect(exposed);
            assert!(refusal.contains("--allow-default-backend-key"), "{refusal}");
            assert!(refusal.contains(BACKEND_API_KEY_ENV), "{refusal}");
        }
        let allowed = run(&["--allow-default-backend-key"], None);
        assert!(allowed.allow_default_backend_key);
        assert_eq!(allowed.default_key_refusal(ip("0.0.0.0")), None);
        let own_key = run(&[], Some("wk_test_own"));
        assert_eq!(own_key.default_key_refusal(ip("0.0.0.0")), None);
        // The default value is refused however it is given.
        let env_default = run(&[], Some(DEFAULT_BACKEND_API_KEY));
        assert!(env_default.default_key_refusal(ip("0.0.0.0")).is_some());
        assert!(parse(&["--allow-default-backend-key=yes"], None).is_err());
    }

    #[test]
    fn flags_and_env() {
        let Ok(Command::Run(config)) = parse(
            &[
                "--port",
                "0",
                "--mode=production",
                "--www",
                "w",
                "--pkg=p",
                "--example-dir",
                "dist",
                "--session-ttl-seconds",
                "5",
                "--data",
                "keys.sqlite",
                "--embed-ticket-ttl-seconds=1",
            ],
            Some("wk_env"),
        ) else {
            panic!("expected a config");
        };
        assert_eq!(config.port, 0);
        assert_eq!(config.mode, Mode::Production);
        assert_eq!(config.www_dir, PathBuf::from("w"));
        assert_eq!(config.pkg_dir, PathBuf::from("p"));
        assert_eq!(config.example_dir, Some(PathBuf::from("dist")));
        assert_eq!(config.session_ttl_seconds, Some(5));
        assert_eq!(config.data_file, Some(PathBuf::from("keys.sqlite")));
        assert_eq!(config.embed_ticket_ttl_seconds, 1);
        assert_eq!(config.backend_api_key, "wk_env");
        assert!(!config.backend_api_key_is_default);
    }

    #[test]
    fn bad_arguments() {
        assert!(parse(&["--port", "x"], None).is_err());
        assert!(parse(&["--port"], None).is_err());
        assert!(parse(&["--mode", "dev"], None).is_err());
        assert!(parse(&["--what"], None).is_err());
        assert!(parse(&["--example-dir"], None).is_err());
        assert!(parse(&["--embed-ticket-ttl-seconds", "0"], None).is_err());
        assert!(parse(&["--embed-ticket-ttl-seconds", "-1"], None).is_err());
        assert!(parse(&["--embed-ticket-ttl-seconds"], None).is_err());
        assert!(matches!(parse(&["--help"], None), Ok(Command::Help)));
    }
}
