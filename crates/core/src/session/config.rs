//! Where the client talks to: the frontend API origin and the session transport (mode).

use crate::error::ClientError;
use crate::json::schema::{check, Field, Missing, Model, Shape};
use crate::json::{Json, Kind};
use crate::model;

pub use crate::transport::Mode;

/// The fields of `new WachtClient(options)` the configuration is read from (the two providers
/// are functions, which the browser layer reads). Its TypeScript is the hand-written
/// `WachtClientOptions`, which also says which combinations are allowed.
pub static CLIENT_OPTIONS: Model = model!(
    "WachtClientOptionFields",
    "The fields of `WachtClientOptions` the configuration is read from.",
    [
        Field::or(
            "publishableKey",
            Shape::Str,
            Missing::Keep,
            "`pk_test_...` or `pk_live_...`."
        ),
        Field::or(
            "frontendApiUrl",
            Shape::Str,
            Missing::Keep,
            "Origin of the frontend API."
        ),
        Field::or(
            "mode",
            Shape::Str,
            Missing::Keep,
            "With `frontendApiUrl`: the session transport."
        ),
        Field::or(
            "timeoutMs",
            Shape::Number,
            Missing::Keep,
            "Milliseconds each request may take."
        ),
        Field::or(
            "maxBodyBytes",
            Shape::Number,
            Missing::Keep,
            "The longest body read."
        ),
    ]
);

/// The frontend API origin (`scheme://host[:port]`, no trailing slash) and the mode used for the
/// deployment bootstrap. After the bootstrap, the deployment's own `mode` decides.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ClientConfig {
    /// Origin of the frontend API, e.g. `https://abc.fapi.trywacht.xyz`.
    pub frontend_api_url: String,
    /// Mode used for `GET /deployment`.
    pub mode: Mode,
    /// Every request is aborted with a `timeout` error after this many milliseconds.
    pub timeout_ms: u32,
    /// A response body longer than this many bytes is not read: the request ends in a `decode`
    /// error instead of a page out of memory.
    pub max_body_bytes: u32,
}

/// Decodes standard base64 (`+`, `/`; padding optional) to bytes, `None` when it is not base64.
/// The module passes the browser's `atob` (no decoder of its own: 1.5 KB gzip less); host tests
/// pass the base64 crate's.
pub type Base64Decode = fn(&str) -> Option<Vec<u8>>;

/// Default request timeout: long enough for slow networks, short enough that a UI never shows
/// `loading` forever.
pub const DEFAULT_TIMEOUT_MS: u32 = 30_000;

/// Default body cap: 8 MiB, some 15 times a full page of 1 000 audit rows.
pub const DEFAULT_MAX_BODY_BYTES: u32 = 8 * 1024 * 1024;

/// The largest body cap that can be set: 1 GiB.
const MAX_BODY_BYTES_LIMIT: f64 = 1_073_741_824.0;

impl ClientConfig {
    /// Decodes a publishable key: `pk_test_`/`pk_live_` followed by standard or url-safe base64
    /// (padded or not) of the frontend API URL. Only the URL's origin is kept.
    pub fn from_publishable_key(
        key: &str,
        decode: Base64Decode,
        parse: ParseUrl,
    ) -> Result<ClientConfig, ClientError> {
        let key = key.trim();
        let (mode, encoded) = if let Some(rest) = key.strip_prefix("pk_test_") {
            (Mode::Staging, rest)
        } else if let Some(rest) = key.strip_prefix("pk_live_") {
            (Mode::Production, rest)
        } else {
            return Err(ClientError::invalid_argument(
                "Invalid publishable key: it must start with pk_test_ or pk_live_",
            ));
        };
        // The url-safe alphabet's two characters become the standard ones.
        let standard: String = encoded
            .chars()
            .map(|c| match c {
                '-' => '+',
                '_' => '/',
                c => c,
            })
            .collect();
        let bytes = decode(&standard).ok_or_else(|| {
            ClientError::invalid_argument(
                "Invalid publishable key: the part after the prefix is not base64",
            )
        })?;
        let url = String::from_utf8(bytes).map_err(|_| {
            ClientError::invalid_argument("Invalid publishable key: it does not encode a URL")
        })?;
        let frontend_api_url = parse_origin(&url, parse).map_err(|e| {
            ClientError::invalid_argument(
                ["Invalid publishable key: ", e.message.as_str()].concat(),
            )
        })?;
        Ok(ClientConfig {
            frontend_api_url,
            mode,
            timeout_ms: DEFAULT_TIMEOUT_MS,
            max_body_bytes: DEFAULT_MAX_BODY_BYTES,
        })
    }

    /// Uses an explicit frontend API URL (only its origin is kept) and bootstrap mode.
    pub fn from_frontend_api_url(
        url: &str,
        mode: Mode,
        parse: ParseUrl,
    ) -> Result<ClientConfig, ClientError> {
        Ok(ClientConfig {
            frontend_api_url: parse_origin(url, parse)?,
            mode,
            timeout_ms: DEFAULT_TIMEOUT_MS,
            max_body_bytes: DEFAULT_MAX_BODY_BYTES,
        })
    }
}

impl ClientConfig {
    /// The configuration of `new WachtClient(options)`: `{ publishableKey }` or
    /// `{ frontendApiUrl, mode }`, and optionally `timeoutMs` and `maxBodyBytes`. Anything else
    /// is an `invalid_argument` error saying what is wrong.
    pub fn from_options<J: Json>(
        options: &J,
        decode: Base64Decode,
        parse: ParseUrl,
    ) -> Result<ClientConfig, ClientError> {
        if options.kind() != Kind::Object {
            return Err(ClientError::invalid_argument(
                "new WachtClient(options) needs { publishableKey } or { frontendApiUrl, mode }",
            ));
        }
        let options = check(options, &Shape::Object(&CLIENT_OPTIONS))
            .map_err(|m| ClientError::invalid_argument(m.describe("options")))?;
        let mut config = match (
            options.string_at("publishableKey"),
            options.string_at("frontendApiUrl"),
        ) {
            (Some(key), None) => ClientConfig::from_publishable_key(&key, decode, parse)?,
            (None, Some(url)) => {
                let mode = options.string_at("mode").ok_or_else(|| {
                    ClientError::invalid_argument(
                        "options.mode (\"staging\" or \"production\") is required with frontendApiUrl",
                    )
                })?;
                ClientConfig::from_frontend_api_url(&url, Mode::parse(&mode)?, parse)?
            }
            (Some(_), Some(_)) => {
                return Err(ClientError::invalid_argument(
                    "pass either publishableKey or frontendApiUrl, not both",
                ))
            }
            (None, None) => {
                return Err(ClientError::invalid_argument(
                    "options need publishableKey or frontendApiUrl",
                ))
            }
        };
        if let Some(timeout) = options.get("timeoutMs").as_f64() {
            config = config.with_timeout_ms(timeout)?;
        }
        if let Some(cap) = options.get("maxBodyBytes").as_f64() {
            config = config.with_max_body_bytes(cap)?;
        }
        Ok(config)
    }

    /// Sets the request timeout; it must be between 1 ms and 10 minutes.
    pub fn with_timeout_ms(mut self, timeout_ms: f64) -> Result<ClientConfig, ClientError> {
        if !(1.0..=600_000.0).contains(&timeout_ms) {
            return Err(ClientError::invalid_argument(
                "timeoutMs must be a number of milliseconds between 1 and 600000",
            ));
        }
        self.timeout_ms = timeout_ms as u32;
        Ok(self)
    }

    /// Sets the body cap; it must be a whole number of bytes between 1 and 1 GiB.
    pub fn with_max_body_bytes(mut self, bytes: f64) -> Result<ClientConfig, ClientError> {
        if !(1.0..=MAX_BODY_BYTES_LIMIT).contains(&bytes) || bytes.fract() != 0.0 {
            return Err(ClientError::invalid_argument(
                "maxBodyBytes must be a whole number of bytes between 1 and 1073741824",
            ));
        }
        self.max_body_bytes = bytes as u32;
        Ok(self)
    }
}

/// What the platform's URL parser reads of an absolute URL: the browser's `URL` in the wasm
/// build, the `url` crate in host tests (both follow the WHATWG URL standard).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UrlParts {
    /// The scheme, lower-cased, without `:`.
    pub scheme: String,
    /// The host with its port (none for the scheme's default port).
    pub host: String,
    /// The serialized origin, e.g. `https://api.example.com:8443`.
    pub origin: String,
    /// The URL carries a user name or password.
    pub credentials: bool,
}

/// The platform's URL parser; `None` when the text is not an absolute URL.
pub type ParseUrl = fn(&str) -> Option<UrlParts>;

/// The origin of a frontend API URL: `http` or `https`, with a host, without credentials.
pub fn parse_origin(url: &str, parse: ParseUrl) -> Result<String, ClientError> {
    let invalid = |why: &str| {
        ClientError::invalid_argument(["invalid frontend API URL \"", url, "\": ", why].concat())
    };
    let parts = parse(url.trim())
        .ok_or_else(|| invalid("it is not an absolute http:// or https:// URL"))?;
    if parts.scheme != "http" && parts.scheme != "https" {
        return Err(invalid("only http and https are supported"));
    }
    if parts.credentials {
        return Err(invalid("credentials in the URL are not allowed"));
    }
    if parts.host.is_empty() {
        return Err(invalid("it has no host"));
    }
    Ok(parts.origin)
}

/// `scheme` and the rest of `scheme://rest` (searched byte by byte: no substring searcher in the
/// module).
pub fn split_scheme(url: &str) -> Option<(&str, &str)> {
    let at = url.as_bytes().windows(3).position(|w| w == b"://")?;
    Some((url.get(..at)?, url.get(at + 3..)?))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::ErrorCode;
    use crate::json::HostJson;
    use crate::testing::support::parse_url;
    use base64::engine::general_purpose::{
        GeneralPurpose, GeneralPurposeConfig, STANDARD, STANDARD_NO_PAD, URL_SAFE, URL_SAFE_NO_PAD,
    };
    use base64::engine::DecodePaddingMode;
    use base64::Engine;

    /// What `atob` accepts: the standard alphabet, padded or not.
    pub(crate) fn decode(text: &str) -> Option<Vec<u8>> {
        let config =
            GeneralPurposeConfig::new().with_decode_padding_mode(DecodePaddingMode::Indifferent);
        GeneralPurpose::new(&base64::alphabet::STANDARD, config)
            .decode(text)
            .ok()
    }

    #[test]
    fn decodes_the_contract_example_key() {
        let config = ClientConfig::from_publishable_key(
            "pk_test_aHR0cDovL2xvY2FsaG9zdDo4Nzg3",
            decode,
            parse_url,
        )
        .unwrap();
        assert_eq!(config.frontend_api_url, "http://localhost:8787");
        assert_eq!(config.mode, Mode::Staging);
    }

    #[test]
    fn accepts_every_base64_flavour_and_live_keys() {
        let url = "https://frontend.example.com/some/path?x=1";
        for engine in [STANDARD, URL_SAFE, URL_SAFE_NO_PAD, STANDARD_NO_PAD] {
            let key = format!("pk_live_{}", engine.encode(url));
            let config = ClientConfig::from_publishable_key(&key, decode, parse_url).unwrap();
            assert_eq!(config.frontend_api_url, "https://frontend.example.com");
            assert_eq!(config.mode, Mode::Production);
        }
        // A URL whose base64 differs between the standard and url-safe alphabets.
        let tricky = "https://a.b/??>>~~";
        let key = format!("pk_test_{}", URL_SAFE_NO_PAD.encode(tricky));
        assert!(key.contains('-') || key.contains('_'));
        assert_eq!(
            ClientConfig::from_publishable_key(&key, decode, parse_url)
                .unwrap()
                .frontend_api_url,
            "https://a.b"
        );
    }

    #[test]
    fn rejects_bad_keys_with_invalid_argument() {
        for key in [
            "",
            "pk_",
            "sk_test_aGk=",
            "pk_test_",
            "pk_test_!!!!",
            "pk_test_aGVsbG8=",
            "pk_live_/w==",
        ] {
            let err = ClientConfig::from_publishable_key(key, decode, parse_url).unwrap_err();
            assert_eq!(err.code, ErrorCode::InvalidArgument, "{key}");
            assert!(
                err.message.starts_with("Invalid publishable key"),
                "{key}: {}",
                err.message
            );
        }
    }

    #[test]
    fn origin_parsing_normalises_and_validates() {
        assert_eq!(
            parse_origin("HTTPS://Api.Example.COM:443/x", parse_url).unwrap(),
            "https://api.example.com"
        );
        assert_eq!(
            parse_origin("http://127.0.0.1:8787/", parse_url).unwrap(),
            "http://127.0.0.1:8787"
        );
        assert_eq!(
            parse_origin("http://[::1]:9000", parse_url).unwrap(),
            "http://[::1]:9000"
        );
        assert_eq!(
            parse_origin(" http://localhost:80 ", parse_url).unwrap(),
            "http://localhost"
        );
        for bad in [
            "localhost:8787",
            "ftp://x",
            "http://",
            "http://user@host",
            "http://h:99999",
            "http://a b",
            "http://[zz]",
            "javascript:alert(1)",
            "",
        ] {
            assert_eq!(
                parse_origin(bad, parse_url).unwrap_err().code,
                ErrorCode::InvalidArgument,
                "{bad}"
            );
        }
    }

    #[test]
    fn timeouts_default_and_validate() {
        let config =
            ClientConfig::from_frontend_api_url("http://h", Mode::Staging, parse_url).unwrap();
        assert_eq!(config.timeout_ms, DEFAULT_TIMEOUT_MS);
        assert_eq!(
            config.clone().with_timeout_ms(250.0).unwrap().timeout_ms,
            250
        );
        for bad in [0.0, -1.0, f64::NAN, f64::INFINITY, 600_001.0] {
            assert_eq!(
                config.clone().with_timeout_ms(bad).unwrap_err().code,
                ErrorCode::InvalidArgument
            );
        }
    }

    #[test]
    fn client_options_are_read_and_checked() {
        let read = |json: serde_json::Value| {
            ClientConfig::from_options(&HostJson::from(json), decode, parse_url)
        };
        let config = read(
            serde_json::json!({"publishableKey": "pk_test_aHR0cDovL2xvY2FsaG9zdDo4Nzg3",
            "timeoutMs": 250, "maxBodyBytes": null}),
        )
        .unwrap();
        assert_eq!(
            (
                config.frontend_api_url.as_str(),
                config.mode,
                config.timeout_ms,
                config.max_body_bytes
            ),
            (
                "http://localhost:8787",
                Mode::Staging,
                250,
                DEFAULT_MAX_BODY_BYTES
            )
        );
        let config = read(
            serde_json::json!({"frontendApiUrl": "https://h/x", "mode": "production",
            "maxBodyBytes": 1024}),
        )
        .unwrap();
        assert_eq!(
            (
                config.frontend_api_url.as_str(),
                config.mode,
                config.max_body_bytes
            ),
            ("https://h", Mode::Production, 1024)
        );
        for (json, message) in [
            (
                serde_json::json!(null),
                "new WachtClient(options) needs { publishableKey } or { frontendApiUrl, mode }",
            ),
            (
                serde_json::json!("pk_test_x"),
                "new WachtClient(options) needs { publishableKey } or { frontendApiUrl, mode }",
            ),
            (
                serde_json::json!({}),
                "options need publishableKey or frontendApiUrl",
            ),
            (
                serde_json::json!({"publishableKey": "pk_test_aGk=", "frontendApiUrl": "http://h"}),
                "pass either publishableKey or frontendApiUrl, not both",
            ),
            (
                serde_json::json!({"frontendApiUrl": "http://h"}),
                "options.mode (\"staging\" or \"production\") is required with frontendApiUrl",
            ),
            (
                serde_json::json!({"frontendApiUrl": "http://h", "mode": "live"}),
                "mode must be \"staging\" or \"production\", got \"live\"",
            ),
            (
                serde_json::json!({"publishableKey": 5}),
                "options.publishableKey: expected a string, got a number",
            ),
            (
                serde_json::json!({"frontendApiUrl": "http://h", "mode": "staging", "timeoutMs": "5"}),
                "options.timeoutMs: expected a number, got a string",
            ),
            (
                serde_json::json!({"frontendApiUrl": "http://h", "mode": "staging", "timeoutMs": 0}),
                "timeoutMs must be a number of milliseconds between 1 and 600000",
            ),
            (
                serde_json::json!({"frontendApiUrl": "http://h", "mode": "staging", "maxBodyBytes": 1.5}),
                "maxBodyBytes must be a whole number of bytes between 1 and 1073741824",
            ),
        ] {
            let error = read(json.clone()).unwrap_err();
            assert_eq!(
                (error.code, error.message.as_str()),
                (ErrorCode::InvalidArgument, message),
                "{json}"
            );
        }
    }

    #[test]
    fn deployment_mode_follows_the_hooks() {
        assert_eq!(Mode::from_deployment("staging"), Mode::Staging);
        assert_eq!(Mode::from_deployment("production"), Mode::Production);
        assert_eq!(Mode::from_deployment("anything"), Mode::Production);
        assert!(Mode::parse("Staging").is_err());
    }
}
