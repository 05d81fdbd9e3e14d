//! One export per step of `scripts/dependency-cost.sh`, each doing what the package would use
//! the dependency for; the step's size minus the one before it is what the dependency costs.
//!
//! - no feature: the baseline, one option read with `Reflect` (as the package reads options);
//! - `serde-wasm-bindgen`: the client's five options read into a struct;
//! - `key-list`: a listed key decoded and handed back to JS (instead of the table checker);
//! - `gloo-net`: the key list fetched with gloo-net and `Response.json()`.

use wasm_bindgen::prelude::*;

/// The baseline: the publishable key's length, read with `Reflect`.
#[cfg(not(feature = "serde-wasm-bindgen"))]
#[wasm_bindgen]
pub fn options(value: JsValue) -> Result<u32, JsValue> {
    let key = js_sys::Reflect::get(&value, &JsValue::from_str("publishableKey"))?;
    Ok(key.as_string().map_or(0, |key| key.len() as u32))
}

/// `new WachtClient(options)`'s options.
#[cfg(feature = "serde-wasm-bindgen")]
#[derive(serde::Deserialize)]
#[serde(rename_all = "camelCase")]
struct ClientOptions {
    publishable_key: Option<String>,
    frontend_api_url: Option<String>,
    mode: Option<String>,
    timeout_ms: Option<f64>,
    max_body_bytes: Option<f64>,
}

#[cfg(feature = "serde-wasm-bindgen")]
fn js_error(error: impl std::fmt::Display) -> JsValue {
    JsValue::from_str(&error.to_string())
}

/// The options read into [`ClientOptions`], every field used.
#[cfg(feature = "serde-wasm-bindgen")]
#[wasm_bindgen]
pub fn options(value: JsValue) -> Result<u32, JsValue> {
    let options: ClientOptions = serde_wasm_bindgen::from_value(value).map_err(js_error)?;
    let length = |text: Option<String>| text.map_or(0, |text| text.len() as u32);
    Ok(length(options.publishable_key)
        + length(options.frontend_api_url)
        + length(options.mode)
        + options.timeout_ms.unwrap_or(0.0) as u32
        + options.max_body_bytes.unwrap_or(0.0) as u32)
}

/// A listed key (wire contract §5.3).
#[cfg(feature = "key-list")]
#[derive(serde::Deserialize, serde::Serialize)]
struct ApiKey {
    id: String,
    name: String,
    key_prefix: String,
    key_suffix: String,
    permissions: Vec<String>,
    org_role_permissions: Vec<String>,
    workspace_role_permissions: Vec<String>,
    expires_at: Option<String>,
    last_used_at: Option<String>,
    is_active: bool,
    created_at: String,
    revoked_at: Option<String>,
    revoked_reason: Option<String>,
}

/// A key list from JS, checked by decoding it and handed back as JS.
#[cfg(feature = "key-list")]
#[wasm_bindgen]
pub fn keys(value: JsValue) -> Result<JsValue, JsValue> {
    let keys: Vec<ApiKey> = serde_wasm_bindgen::from_value(value).map_err(js_error)?;
    serde_wasm_bindgen::to_value(&keys).map_err(js_error)
}

/// The key list at `url`, fetched with gloo-net, parsed by the browser, decoded and handed back.
#[cfg(feature = "gloo-net")]
#[wasm_bindgen]
pub async fn fetch_keys(url: String) -> Result<JsValue, JsValue> {
    let response = gloo_net::http::Request::get(&url)
        .send()
        .await
        .map_err(js_error)?;
    let body =
        wasm_bindgen_futures::JsFuture::from(web_sys::Response::from(response).json()?).await?;
    keys(body)
}
