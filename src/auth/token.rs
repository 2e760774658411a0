//! The token endpoint's wire format: the request form, the response, the error bodies.
//!
//! Everything here is a pure function so that each grant and each failure shape is pinned by
//! a table of tests, without a network.

use std::time::{Duration, SystemTime};

use http::StatusCode;
use serde::Deserialize;

use super::{AuthError, AuthErrorKind, Credentials, Secret};

/// How long a token lives when the response has no usable `expires_in`: Help Scout documents
/// and returns 172800 s (48 hours).
pub(crate) const DEFAULT_TOKEN_LIFETIME: Duration = Duration::from_secs(172_800);

/// The longest lifetime believed. Help Scout's is 48 hours; the cap keeps an absurd
/// `expires_in` from overflowing time arithmetic, and costs at most one early refresh.
pub(crate) const MAX_TOKEN_LIFETIME: Duration = Duration::from_secs(366 * 24 * 60 * 60);

/// The longest server text kept in an error; enough for any OAuth description.
const MAX_DETAIL_CHARS: usize = 200;

/// A token set issued by Help Scout: what the client uses, and what you must persist.
///
/// The client saves every new set to its [`TokenStore`](super::TokenStore) and reports it to
/// the `on_tokens` callback of its builder. Help Scout
/// **rotates refresh tokens**: after a refresh the previous refresh token is dead, so save
/// [`refresh_token`](Self::refresh_token) each time, or the next run fails with
/// [`AuthErrorKind::StaleRefreshToken`]. The client-credentials grant issues no refresh token.
///
/// `Debug` redacts both tokens.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TokenSet {
    access_token: Secret,
    refresh_token: Option<Secret>,
    token_type: String,
    expires_in: Duration,
    expires_at: SystemTime,
}

impl TokenSet {
    /// The bearer token sent with every API call.
    pub fn access_token(&self) -> &Secret {
        &self.access_token
    }

    /// The token that gets the next access token, if this grant issued one. It replaces all
    /// earlier ones: persist it.
    pub fn refresh_token(&self) -> Option<&Secret> {
        self.refresh_token.as_ref()
    }

    /// The token type Help Scout reported, normally `bearer`.
    pub fn token_type(&self) -> &str {
        &self.token_type
    }

    /// The lifetime Help Scout gave the access token (48 hours if it gave none).
    pub fn expires_in(&self) -> Duration {
        self.expires_in
    }

    /// The wall-clock time the access token expires, for storing next to it. The client
    /// itself times refreshes on the monotonic clock, so a jumping system clock cannot
    /// make it use an expired token.
    pub fn expires_at(&self) -> SystemTime {
        self.expires_at
    }

    /// A set from its parts, for a stored set.
    pub(crate) fn from_parts(
        access_token: Secret,
        refresh_token: Option<Secret>,
        token_type: String,
        expires_in: Duration,
        expires_at: SystemTime,
    ) -> Self {
        Self {
            access_token,
            refresh_token,
            token_type,
            expires_in,
            expires_at,
        }
    }

    /// The same set with the refresh token replaced, for grants whose response leaves the
    /// still-valid refresh token out.
    pub(crate) fn keeping_refresh_token(mut self, previous: Option<&Secret>) -> Self {
        if self.refresh_token.is_none() {
            self.refresh_token = previous.cloned();
        }
        self
    }
}

/// The OAuth grant a token request uses; it decides how a rejection is read.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Grant {
    ClientCredentials,
    AuthorizationCode,
    RefreshToken,
}

impl Grant {
    pub(crate) fn as_str(self) -> &'static str {
        match self {
            Self::ClientCredentials => "client_credentials",
            Self::AuthorizationCode => "authorization_code",
            Self::RefreshToken => "refresh_token",
        }
    }
}

/// The body of one token request.
///
/// `fields` holds the App Secret and tokens in plain text, which is why this type has no
/// `Debug`: the fields go into the request body and nowhere else.
pub(crate) struct TokenForm {
    pub(crate) grant: Grant,
    pub(crate) fields: Vec<(&'static str, String)>,
}

/// The form to POST to `/v2/oauth2/token`, or `None` for a fixed access token.
///
/// `refresh_token` is the latest refresh token the manager holds; it takes over from a
/// spent authorization code and from a rotated-out refresh token. The client-credentials
/// grant ignores it: asking for a new token is just as cheap and cannot go stale.
///
/// The body is sent as `application/x-www-form-urlencoded`. Help Scout's docs accept JSON
/// too and the official PHP SDK sends JSON, but the `wavyx/hscli` docs report JSON rejected
/// with 400 on this endpoint; form encoding is what RFC 6749 specifies and what every client
/// agrees works (see `peer-clients.md` §6 item 2).
pub(crate) fn token_form(
    credentials: &Credentials,
    refresh_token: Option<&Secret>,
) -> Option<TokenForm> {
    let (grant, app_id, app_secret, extra) = match credentials {
        Credentials::ClientCredentials { app_id, app_secret } => {
            (Grant::ClientCredentials, app_id, app_secret, vec![])
        }
        Credentials::AuthorizationCode {
            app_id,
            app_secret,
            code,
            redirect_uri,
        } => match refresh_token {
            Some(refresh_token) => (
                Grant::RefreshToken,
                app_id,
                app_secret,
                vec![("refresh_token", refresh_token.expose().to_owned())],
            ),
            None => {
                let mut extra = vec![("code", code.expose().to_owned())];
                if let Some(redirect_uri) = redirect_uri {
                    extra.push(("redirect_uri", redirect_uri.clone()));
                }
                (Grant::AuthorizationCode, app_id, app_secret, extra)
            }
        },
        Credentials::RefreshToken {
            app_id,
            app_secret,
            refresh_token: initial,
        } => (
            Grant::RefreshToken,
            app_id,
            app_secret,
            vec![(
                "refresh_token",
                refresh_token.unwrap_or(initial).expose().to_owned(),
            )],
        ),
        Credentials::Stored {
            app_id,
            app_secret,
            tokens,
        } => match refresh_token.or(tokens.refresh_token()) {
            Some(refresh_token) => (
                Grant::RefreshToken,
                app_id,
                app_secret,
                vec![("refresh_token", refresh_token.expose().to_owned())],
            ),
            // A stored client-credentials token: ask again the same way.
            None => (Grant::ClientCredentials, app_id, app_secret, vec![]),
        },
        Credentials::AccessToken(_) => return None,
    };
    let mut fields = vec![
        ("grant_type", grant.as_str().to_owned()),
        ("client_id", app_id.clone()),
        ("client_secret", app_secret.expose().to_owned()),
    ];
    fields.extend(extra);
    Some(TokenForm { grant, fields })
}

/// A successful token response: `{token_type, access_token, expires_in, refresh_token?}`.
#[derive(Deserialize)]
struct TokenResponse {
    access_token: Option<String>,
    refresh_token: Option<String>,
    token_type: Option<String>,
    // Read leniently (number, float or numeric string): a lifetime we cannot read costs at
    // most one 401 and a refresh, which is better than failing the whole sign-in.
    expires_in: Option<serde_json::Value>,
}

/// Reads a 2xx token response received at `now` into a [`TokenSet`].
pub(crate) fn parse_token_response(body: &[u8], now: SystemTime) -> Result<TokenSet, AuthError> {
    let response: TokenResponse = serde_json::from_slice(body)
        .map_err(|e| AuthError::new(AuthErrorKind::InvalidResponse).with_source(e))?;
    let access_token = response
        .access_token
        .filter(|token| !token.is_empty())
        .ok_or_else(|| {
            AuthError::new(AuthErrorKind::InvalidResponse).with_detail("no access_token")
        })?;
    // The token goes into an `Authorization` header; reject it here, where the message can
    // say where it came from, rather than on every request.
    if !access_token.bytes().all(|b| b.is_ascii_graphic()) {
        return Err(AuthError::new(AuthErrorKind::InvalidResponse)
            .with_detail("access_token has characters an HTTP header cannot carry"));
    }
    let expires_in = response
        .expires_in
        .as_ref()
        .and_then(lifetime)
        .unwrap_or(DEFAULT_TOKEN_LIFETIME);
    Ok(TokenSet {
        access_token: Secret::new(access_token),
        refresh_token: response
            .refresh_token
            .filter(|token| !token.is_empty())
            .map(Secret::new),
        token_type: response.token_type.unwrap_or_else(|| "bearer".to_owned()),
        expires_in,
        expires_at: now.checked_add(expires_in).unwrap_or(now),
    })
}

fn lifetime(value: &serde_json::Value) -> Option<Duration> {
    let seconds = match value {
        serde_json::Value::Number(n) => n.as_f64()?,
        serde_json::Value::String(s) => s.trim().parse::<f64>().ok()?,
        _ => return None,
    };
    // Negative and NaN lifetimes are unreadable (None); huge ones are capped.
    Duration::try_from_secs_f64(seconds.min(MAX_TOKEN_LIFETIME.as_secs_f64())).ok()
}

/// An OAuth error body (`error`, `error_description`) or a Help Scout `vnd.error` body
/// (`message`).
#[derive(Deserialize, Default)]
struct ErrorBody {
    error: Option<String>,
    error_description: Option<String>,
    message: Option<String>,
}

/// Reads a non-2xx token response into the error a caller can act on.
///
/// `secrets` are scrubbed from the kept text: OAuth servers built on Spring Security (Help
/// Scout's stack) answer `Invalid refresh token: <the token>` by default.
pub(crate) fn classify_failure(
    grant: Grant,
    status: StatusCode,
    body: &[u8],
    secrets: &[&Secret],
) -> AuthError {
    let parsed: ErrorBody = serde_json::from_slice(body).unwrap_or_default();
    let code = parsed.error.as_deref().unwrap_or("").to_ascii_lowercase();
    let description = parsed
        .error_description
        .as_deref()
        .or(parsed.message.as_deref())
        .unwrap_or("");
    let lower = description.to_ascii_lowercase();
    let rejected = status == StatusCode::BAD_REQUEST || status == StatusCode::UNAUTHORIZED;

    let kind = if rejected
        && grant == Grant::RefreshToken
        && (code == "invalid_grant"
            || lower.contains("refresh_token")
            || lower.contains("refresh token"))
    {
        AuthErrorKind::StaleRefreshToken
    } else if rejected
        && grant == Grant::AuthorizationCode
        && (code == "invalid_grant" || lower.contains("code"))
    {
        AuthErrorKind::InvalidAuthorizationCode
    } else if status == StatusCode::UNAUTHORIZED
        || (rejected
            && matches!(
                code.as_str(),
                "invalid_client" | "unauthorized_client" | "unauthorized"
            ))
    {
        AuthErrorKind::InvalidCredentials
    } else {
        AuthErrorKind::TokenEndpoint
    };

    let detail = match (parsed.error.as_deref(), description) {
        (Some(code), "") => code.to_owned(),
        (Some(code), description) => format!("{code}: {description}"),
        (None, description) => description.to_owned(),
    };
    let mut error = AuthError::new(kind).with_status(status);
    if !detail.is_empty() {
        let detail: String = super::secret::scrub(&detail, secrets)
            .chars()
            .take(MAX_DETAIL_CHARS)
            .collect();
        error = error.with_detail(detail);
    }
    error
}

#[cfg(test)]
mod tests {
    use super::*;

    fn form(
        credentials: &Credentials,
        refresh: Option<&str>,
    ) -> (Grant, Vec<(&'static str, String)>) {
        let refresh = refresh.map(Secret::new);
        let form = token_form(credentials, refresh.as_ref()).unwrap();
        (form.grant, form.fields)
    }

    fn pairs(expected: &[(&'static str, &str)]) -> Vec<(&'static str, String)> {
        expected.iter().map(|&(k, v)| (k, v.to_owned())).collect()
    }

    /// Credentials, refresh-token override, expected grant, expected fields.
    type FormRow<'a> = (
        &'a Credentials,
        Option<&'a str>,
        Grant,
        Vec<(&'static str, &'a str)>,
    );

    #[test]
    fn token_form_for_each_grant() {
        let cc = Credentials::client_credentials("id", "sec");
        let code = Credentials::authorization_code("id", "sec", "c0de", None);
        let code_redirect =
            Credentials::authorization_code("id", "sec", "c0de", Some("https://app/cb"));
        let refresh = Credentials::refresh_token("id", "sec", "r1");
        let base = [("client_id", "id"), ("client_secret", "sec")];
        #[rustfmt::skip]
        let table: Vec<FormRow> = vec![
            (&cc, None, Grant::ClientCredentials, vec![("grant_type", "client_credentials")]),
            // A refresh token never replaces the client-credentials grant.
            (&cc, Some("r9"), Grant::ClientCredentials, vec![("grant_type", "client_credentials")]),
            (&code, None, Grant::AuthorizationCode,
                vec![("grant_type", "authorization_code"), ("code", "c0de")]),
            (&code_redirect, None, Grant::AuthorizationCode,
                vec![("grant_type", "authorization_code"), ("code", "c0de"), ("redirect_uri", "https://app/cb")]),
            (&code_redirect, Some("r2"), Grant::RefreshToken,
                vec![("grant_type", "refresh_token"), ("refresh_token", "r2")]),
            (&refresh, None, Grant::RefreshToken,
                vec![("grant_type", "refresh_token"), ("refresh_token", "r1")]),
            (&refresh, Some("r2"), Grant::RefreshToken,
                vec![("grant_type", "refresh_token"), ("refresh_token", "r2")]),
        ];
        for (credentials, override_, grant, fields) in table {
            let mut expected = vec![fields[0]];
            expected.extend(base);
            expected.extend(&fields[1..]);
            assert_eq!(
                form(credentials, override_),
                (grant, pairs(&expected)),
                "{credentials:?} with {override_:?}"
            );
        }
    }

    #[test]
    fn fixed_token_has_no_form() {
        assert!(token_form(&Credentials::access_token("t"), None).is_none());
        assert!(token_form(&Credentials::access_token("t"), Some(&Secret::new("r"))).is_none());
    }

    const NOW: SystemTime = SystemTime::UNIX_EPOCH;

    #[test]
    fn parses_a_full_response() {
        let body = br#"{"token_type":"bearer","access_token":"at","expires_in":172800,"refresh_token":"rt"}"#;
        let tokens = parse_token_response(body, NOW).unwrap();
        assert_eq!(tokens.access_token().expose(), "at");
        assert_eq!(tokens.refresh_token().map(Secret::expose), Some("rt"));
        assert_eq!(tokens.token_type(), "bearer");
        assert_eq!(tokens.expires_in(), Duration::from_secs(172_800));
        assert_eq!(tokens.expires_at(), NOW + Duration::from_secs(172_800));
    }

    #[test]
    fn client_credentials_response_has_no_refresh_token() {
        let body = br#"{"token_type":"bearer","access_token":"at","expires_in":7200}"#;
        let tokens = parse_token_response(body, NOW).unwrap();
        assert_eq!(tokens.refresh_token(), None);
        assert_eq!(tokens.expires_in(), Duration::from_secs(7200));
    }

    #[test]
    fn lifetime_is_read_leniently_and_defaults_to_48_hours() {
        #[rustfmt::skip]
        let table: [(&str, u64); 8] = [
            (r#"{"access_token":"at"}"#, 172_800),
            (r#"{"access_token":"at","expires_in":null}"#, 172_800),
            (r#"{"access_token":"at","expires_in":"3600"}"#, 3600),
            (r#"{"access_token":"at","expires_in":3600.0}"#, 3600),
            (r#"{"access_token":"at","expires_in":-5}"#, 172_800),
            (r#"{"access_token":"at","expires_in":"soon"}"#, 172_800),
            (r#"{"access_token":"at","expires_in":{}}"#, 172_800),
            (r#"{"access_token":"at","expires_in":1e300}"#, MAX_TOKEN_LIFETIME.as_secs()),
        ];
        for (body, seconds) in table {
            let tokens = parse_token_response(body.as_bytes(), NOW).unwrap();
            assert_eq!(tokens.expires_in(), Duration::from_secs(seconds), "{body}");
            assert_eq!(tokens.token_type(), "bearer", "{body}");
        }
    }

    #[test]
    fn unusable_responses_are_invalid_response() {
        for body in [
            "",
            "<html>",
            "{}",
            r#"{"access_token":""}"#,
            r#"{"access_token":5}"#,
            r#"{"access_token":"with space"}"#,
            r#"{"access_token":"line\nbreak"}"#,
        ] {
            let error = parse_token_response(body.as_bytes(), NOW).unwrap_err();
            assert_eq!(error.kind(), AuthErrorKind::InvalidResponse, "{body}");
        }
    }

    #[test]
    fn empty_refresh_token_counts_as_none() {
        let tokens =
            parse_token_response(br#"{"access_token":"a","refresh_token":""}"#, NOW).unwrap();
        assert_eq!(tokens.refresh_token(), None);
        let kept = tokens.keeping_refresh_token(Some(&Secret::new("old")));
        assert_eq!(kept.refresh_token().map(Secret::expose), Some("old"));
    }

    #[test]
    fn failures_are_classified() {
        use AuthErrorKind::*;
        use Grant::*;
        let bad = StatusCode::BAD_REQUEST;
        let unauthorized = StatusCode::UNAUTHORIZED;
        #[rustfmt::skip]
        let table: Vec<(Grant, StatusCode, &str, AuthErrorKind, Option<&str>)> = vec![
            // The body Help Scout users report for a rotated-out refresh token (PHP SDK #291).
            (RefreshToken, bad, r#"{"error":"invalid_request","error_description":"Invalid refresh_token"}"#,
                StaleRefreshToken, Some("invalid_request: Invalid refresh_token")),
            (RefreshToken, bad, r#"{"error":"invalid_grant"}"#, StaleRefreshToken, Some("invalid_grant")),
            (RefreshToken, unauthorized, r#"{"error_description":"Invalid refresh token"}"#,
                StaleRefreshToken, Some("Invalid refresh token")),
            (RefreshToken, unauthorized, r#"{"error":"invalid_client","error_description":"Bad client credentials"}"#,
                InvalidCredentials, Some("invalid_client: Bad client credentials")),
            (AuthorizationCode, bad, r#"{"error":"invalid_grant","error_description":"Invalid authorization code"}"#,
                InvalidAuthorizationCode, Some("invalid_grant: Invalid authorization code")),
            (AuthorizationCode, bad, r#"{"error":"invalid_client"}"#, InvalidCredentials, Some("invalid_client")),
            (ClientCredentials, unauthorized, "", InvalidCredentials, None),
            (ClientCredentials, bad, r#"{"error":"invalid_client"}"#, InvalidCredentials, Some("invalid_client")),
            (ClientCredentials, bad, r#"{"error":"unauthorized_client"}"#, InvalidCredentials, Some("unauthorized_client")),
            // invalid_grant means nothing about a client-credentials request: report it as is.
            (ClientCredentials, bad, r#"{"error":"invalid_grant"}"#, TokenEndpoint, Some("invalid_grant")),
            (ClientCredentials, bad, r#"{"message":"Validation error","logRef":"x"}"#, TokenEndpoint, Some("Validation error")),
            (ClientCredentials, StatusCode::SERVICE_UNAVAILABLE, "<html>down</html>", TokenEndpoint, None),
            (RefreshToken, StatusCode::INTERNAL_SERVER_ERROR, r#"{"error":"invalid_grant"}"#, TokenEndpoint, Some("invalid_grant")),
            (ClientCredentials, StatusCode::TOO_MANY_REQUESTS, r#"{"message":"API rate limit exceeded"}"#,
                TokenEndpoint, Some("API rate limit exceeded")),
        ];
        for (grant, status, body, kind, detail) in table {
            let error = classify_failure(grant, status, body.as_bytes(), &[]);
            assert_eq!(
                (error.kind(), error.status(), error.detail()),
                (kind, Some(status), detail),
                "{grant:?} {status} {body}"
            );
        }
    }

    #[test]
    fn stale_refresh_token_message_tells_what_to_do() {
        let error = classify_failure(
            Grant::RefreshToken,
            StatusCode::BAD_REQUEST,
            br#"{"error":"invalid_request","error_description":"Invalid refresh_token"}"#,
            &[],
        );
        let message = error.to_string();
        assert!(message.contains("re-authorize"), "{message}");
        assert!(message.contains("persist"), "{message}");
        assert!(
            message.ends_with("(HTTP 400: invalid_request: Invalid refresh_token)"),
            "{message}"
        );
    }

    #[test]
    fn echoed_secrets_are_scrubbed_and_detail_is_bounded() {
        let refresh = Secret::new("rt-SECRET-123");
        let body = br#"{"error":"invalid_grant","error_description":"Invalid refresh token: rt-SECRET-123"}"#;
        let error = classify_failure(
            Grant::RefreshToken,
            StatusCode::BAD_REQUEST,
            body,
            &[&refresh],
        );
        assert_eq!(
            error.detail(),
            Some("invalid_grant: Invalid refresh token: [redacted]")
        );
        assert!(!format!("{error} {error:?}").contains("rt-SECRET-123"));

        let long = format!(r#"{{"message":"{}"}}"#, "é".repeat(1000));
        let error = classify_failure(
            Grant::ClientCredentials,
            StatusCode::BAD_REQUEST,
            long.as_bytes(),
            &[],
        );
        assert_eq!(
            error.detail().map(|d| d.chars().count()),
            Some(MAX_DETAIL_CHARS)
        );
    }

    #[test]
    fn token_set_debug_is_redacted() {
        let body = br#"{"access_token":"AT-secret","refresh_token":"RT-secret","expires_in":10}"#;
        let tokens = parse_token_response(body, NOW).unwrap();
        let debug = format!("{tokens:?} {tokens:#?}");
        assert!(
            !debug.contains("AT-secret") && !debug.contains("RT-secret"),
            "{debug}"
        );
        assert!(debug.contains("[redacted]"));
    }
}
