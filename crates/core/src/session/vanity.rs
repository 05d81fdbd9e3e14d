//! The hosted vanity page URL for a ticket (wire contract §7):
//! `<frontend API>/vanity/api-auth?ticket=…`.

use crate::error::ClientError;
use crate::session::config::{parse_origin, ParseUrl};
use crate::transport::encode;

/// `{origin}/vanity/api-auth?ticket={encodeURIComponent(ticket)}` for an iframe `src`.
pub fn vanity_url(
    frontend_api_url: &str,
    ticket: &str,
    parse: ParseUrl,
) -> Result<String, ClientError> {
    let origin = parse_origin(frontend_api_url, parse)?;
    let ticket = ticket.trim();
    if ticket.is_empty() {
        return Err(ClientError::invalid_argument(
            "ticket must be a non-empty string",
        ));
    }
    let mut url = origin;
    url.push_str("/vanity/api-auth?ticket=");
    url.push_str(&encode::uri_component(ticket));
    Ok(url)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::ErrorCode;
    use crate::testing::support::parse_url;

    #[test]
    fn builds_the_hosted_page_url_with_the_ticket_encoded() {
        assert_eq!(
            vanity_url("https://abc.fapi.trywacht.xyz/", "123", parse_url).unwrap(),
            "https://abc.fapi.trywacht.xyz/vanity/api-auth?ticket=123"
        );
        assert_eq!(
            vanity_url("http://127.0.0.1:8787", "a b&c=d/é", parse_url).unwrap(),
            "http://127.0.0.1:8787/vanity/api-auth?ticket=a%20b%26c%3Dd%2F%C3%A9"
        );
        assert_eq!(
            vanity_url("nope", "1", parse_url).unwrap_err().code,
            ErrorCode::InvalidArgument
        );
        assert_eq!(
            vanity_url("http://h", " ", parse_url).unwrap_err().code,
            ErrorCode::InvalidArgument
        );
    }
}
