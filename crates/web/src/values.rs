//! Between typed Rust values and the core's JS values, with serde-wasm-bindgen: inputs go in as
//! plain JS objects (checked by the core's checker, as the JS face's inputs are), checked data
//! comes out as typed models.

use crate::json::WebJson;
use crate::Error;
use serde::de::DeserializeOwned;
use serde::Serialize;
use wacht_api_auth_core::error::ErrorCode;

/// A typed value as a plain JS value (`None` fields absent, maps as objects).
pub fn to_js<T: Serialize + ?Sized>(value: &T) -> Result<WebJson, Error> {
    let serializer = serde_wasm_bindgen::Serializer::new().serialize_maps_as_objects(true);
    value.serialize(&serializer).map(WebJson).map_err(|e| {
        Error::invalid_argument(["the input is not a JSON value: ", &e.to_string()].concat())
    })
}

/// The checked value `value` as a `T`: a `decode` error if it does not fit (the typed models
/// and the checker accept the same values, so this is not expected).
pub fn from_js<T: DeserializeOwned>(value: &WebJson) -> Result<T, Error> {
    serde_wasm_bindgen::from_value(value.js().clone()).map_err(|e| {
        Error::new(
            ErrorCode::Decode,
            [
                "the data does not fit ",
                std::any::type_name::<T>(),
                ": ",
                &e.to_string(),
            ]
            .concat(),
        )
    })
}

/// The `data` of a mutation's `{ data }`.
pub fn data_of<T: DeserializeOwned>(value: &WebJson) -> Result<T, Error> {
    use wacht_api_auth_core::json::Json;
    from_js(&value.get("data"))
}
