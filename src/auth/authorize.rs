//! [`authorize_url`]: step one of the authorization-code flow.

use url::form_urlencoded;

/// Where users approve an app, per Help Scout's OAuth docs.
pub const AUTHORIZE_URL: &str =
    "https://secure.helpscout.net/authentication/authorizeClientApplication";

/// The URL to send a user to so they can grant your app access to their Help Scout account.
///
/// After approval Help Scout redirects to the app's registered Redirection URL with
/// `?code=…&state=…`; pass the code to
/// [`Credentials::authorization_code`](super::Credentials::authorization_code). `state` is
/// echoed back unchanged: use a random value and compare it on return to stop cross-site
/// request forgery. Both values are percent-encoded here.
///
/// ```
/// use helpscout_mailbox::auth::authorize_url;
///
/// assert_eq!(
///     authorize_url("my-app", Some("a b&c")),
///     "https://secure.helpscout.net/authentication/authorizeClientApplication?client_id=my-app&state=a+b%26c",
/// );
/// ```
pub fn authorize_url(app_id: &str, state: Option<&str>) -> String {
    let mut query = form_urlencoded::Serializer::new(String::new());
    query.append_pair("client_id", app_id);
    if let Some(state) = state {
        query.append_pair("state", state);
    }
    format!("{AUTHORIZE_URL}?{}", query.finish())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn without_state() {
        assert_eq!(
            authorize_url("abc123", None),
            "https://secure.helpscout.net/authentication/authorizeClientApplication?client_id=abc123"
        );
    }

    #[test]
    fn state_is_percent_encoded_and_round_trips() {
        let state = "x=1&y=ä/?#+ z";
        let url = authorize_url("app id", Some(state));
        let (base, query) = url.split_once('?').unwrap();
        assert_eq!(base, AUTHORIZE_URL);
        assert!(!query.contains(' ') && !query.contains('#') && !query.contains('/'));
        assert_eq!(
            query,
            "client_id=app+id&state=x%3D1%26y%3D%C3%A4%2F%3F%23%2B+z"
        );
        let pairs: Vec<(String, String)> = form_urlencoded::parse(query.as_bytes())
            .into_owned()
            .collect();
        assert_eq!(
            pairs,
            [
                ("client_id".to_owned(), "app id".to_owned()),
                ("state".to_owned(), state.to_owned())
            ]
        );
    }
}
