//! The wire shape of every customer, customer entry, customer property and organization
//! operation: method, path, sorted query, content type, `Authorization` (redacted) and body,
//! recorded in process by the `testing` transport (no network) and kept as insta snapshots
//! named after the operation id.
//!
//! A snapshot is a claim about what Help Scout receives; each was checked against the docs
//! page its operation names in `openapi/src/customers.yaml`. The behaviour tests at the end
//! cover the v3 cursor walk and the PATCH builders.

use std::sync::{Arc, Mutex};

use chrono::NaiveDate;
use futures_util::TryStreamExt;
use helpscout_mailbox::ids::{
    ConversationId, CustomerEntryId, CustomerId, MailboxId, OrganizationId,
};
use helpscout_mailbox::models::{
    CreateCustomerAddressBody, CustomerAddress, CustomerChatType, CustomerEmailType,
    CustomerGender, CustomerPhoneType, CustomerPhotoType, CustomerPropertyType,
    CustomerSocialProfileType, CustomerSortField, CustomerSortOrder, Organization,
    OrganizationPropertyType, SortOrder,
};
use helpscout_mailbox::request::Created;
use helpscout_mailbox::resources::organizations::OrganizationSortField;
use helpscout_mailbox::testing::{MockResponse, MockTransport, RecordedRequest};
use helpscout_mailbox::{Client, Error, Result};
use serde::Serialize;
use serde_json::{Value, json};

use super::support::{assert_snapshot, at, client_with};

/// Asserts against `tests/snapshots/requests_customers__{name}.snap`.
fn snapshot(name: &str, shape: impl Serialize) {
    assert_snapshot("requests_customers", name, shape);
}

/// A documented response example from `tests/fixtures/customers/`.
macro_rules! fixture {
    ($name:literal) => {
        serde_json::from_str::<Value>(include_str!(concat!(
            "../fixtures/customers/",
            $name,
            ".json"
        )))
        .expect("fixture is JSON")
    };
}

/// Snapshots the last request the client sent.
macro_rules! assert_request {
    ($name:literal, $transport:expr) => {
        let last = $transport.requests().pop().expect("a request was sent");
        snapshot($name, last.shape());
    };
}

const CUSTOMER: CustomerId = CustomerId::new(555);
const ENTRY: CustomerEntryId = CustomerEntryId::new(12);
const ORGANIZATION: OrganizationId = OrganizationId::new(10);

fn page_of(key: &str, items: Value) -> Value {
    json!({
        "_embedded": { key: items },
        "page": {"size": 50, "totalElements": 1, "totalPages": 1, "number": 1},
        "_links": {"self": {"href": "https://api.helpscout.net/v2/..."}}
    })
}

/// Answers like Help Scout: the docs' examples for reads where the fixtures have them,
/// minimal JSON for the other reads, `201` with ids for creates and `204` otherwise.
fn help_scout(request: &RecordedRequest) -> MockResponse {
    let path = request.path.as_str();
    let ok = |body: Value| MockResponse::json(200, &body);
    match (request.method.as_str(), path) {
        ("GET", "/v2/customers") => ok(page_of("customers", json!([{"id": 555}]))),
        ("GET", "/v3/customers") => ok(json!({"_embedded": {"customers": [{"id": 555}]}})),
        ("GET", "/v2/customer-properties") => ok(fixture!("listCustomerProperties")),
        ("GET", "/v2/organizations") => ok(page_of("organizations", json!([{"id": 10}]))),
        ("GET", "/v2/organizations/properties") => ok(fixture!("listOrganizationProperties")),
        ("GET", p) if p.ends_with("/address") => ok(fixture!("getCustomerAddress")),
        ("GET", p) if p.ends_with("/chats") => ok(fixture!("listCustomerChatHandles")),
        ("GET", p) if p.ends_with("/emails") => ok(fixture!("listCustomerEmails")),
        ("GET", p) if p.ends_with("/phones") => ok(fixture!("listCustomerPhones")),
        ("GET", p) if p.ends_with("/social-profiles") => ok(fixture!("listCustomerSocialProfiles")),
        ("GET", p) if p.ends_with("/websites") => ok(fixture!("listCustomerWebsites")),
        ("GET", p) if p.starts_with("/v2/organizations/") && p.ends_with("/conversations") => {
            ok(page_of(
                "conversations",
                json!([{"id": 100, "primaryCustomer": {"id": 555}}]),
            ))
        }
        ("GET", p) if p.starts_with("/v2/organizations/") && p.ends_with("/customers") => {
            ok(page_of("customers", json!([{"id": 555}])))
        }
        ("GET", p) if p.starts_with("/v2/organizations/") => ok(fixture!("getOrganization")),
        ("GET", p) if p.starts_with("/v2/customers/") => {
            ok(json!({"id": 555, "firstName": "Vernon", "lastName": "Bear"}))
        }
        ("POST", "/v2/customers") => MockResponse::created("/v2/customers", 555),
        ("POST", "/v2/organizations") => MockResponse::created("/v2/organizations", 10),
        ("POST", p) if p.ends_with("/address") || p.ends_with("properties") => {
            MockResponse::status(201)
        }
        ("POST", _) => MockResponse::status(201).header("Resource-ID", "12"),
        ("DELETE", "/v2/customers/555") if request.query.iter().any(|(k, _)| k == "async") => {
            MockResponse::status(202)
        }
        _ => MockResponse::no_content(),
    }
}

fn client() -> (Client, MockTransport) {
    client_with(help_scout)
}

// ---------------------------------------------------------------------------------------------
// Customers
// ---------------------------------------------------------------------------------------------

#[tokio::test]
async fn list_customers() -> Result<()> {
    let (client, transport) = client();
    let page = client
        .customers()
        .list()
        .mailbox(MailboxId::new(7))
        .first_name("Vernon")
        .last_name("Bear")
        .modified_since(at("2024-01-02T03:04:05.678Z"))
        .sort_field(CustomerSortField::ModifiedAt)
        .sort_order(CustomerSortOrder::Asc)
        .query("(email:\"v+bear@example.com\" OR emailDomain:\"example.com\")")
        .send()
        .await?;
    assert_eq!(page.items[0].id, CustomerId::new(555));
    let sent = transport.requests().pop().expect("sent");
    // A `+` in a search must arrive encoded, or Help Scout reads it as a space.
    assert!(
        sent.raw_query.contains("v%2Bbear%40example.com"),
        "{}",
        sent.raw_query
    );
    assert_request!("listCustomers", transport);
    Ok(())
}

#[tokio::test]
async fn list_customers_v3() -> Result<()> {
    let (client, transport) = client();
    let slice = client
        .customers()
        .list_v3()
        .first_name("Vernon")
        .last_name("Bear")
        .email("vbear@example.com")
        .created_since(at("2023-05-06T07:08:09Z"))
        .modified_since(at("2024-01-02T03:04:05Z"))
        .query("(firstName:\"Vernon\")")
        .cursor("b3BhcXVl")
        .send()
        .await?;
    assert_eq!(slice.items.len(), 1);
    assert_eq!(slice.next_cursor, None);
    assert_request!("listCustomersV3", transport);
    Ok(())
}

#[tokio::test]
async fn get_customer() -> Result<()> {
    let (client, transport) = client();
    let customer = client.customers().get(CUSTOMER).send().await?;
    assert_eq!(customer.first_name.as_deref(), Some("Vernon"));
    assert_request!("getCustomer", transport);
    Ok(())
}

#[tokio::test]
async fn create_customer() -> Result<()> {
    let (client, transport) = client();
    let id = client
        .customers()
        .create()
        .first_name("Vernon")
        .last_name("Bear")
        .phone("123-456-7890")
        .photo_url("https://example.com/avatar.jpg")
        .photo_type(CustomerPhotoType::Gravatar)
        .job_title("CEO and Co-Founder")
        .location("Greater Dallas/FT Worth Area")
        .background("I've worked with Vernon before and he's really great.")
        .age("30-35")
        .gender(CustomerGender::Male)
        .organization("Acme, Inc")
        .organization_id(ORGANIZATION)
        // `email` goes first in `emails`; `emails` adds the others after it.
        .emails([(CustomerEmailType::Home, "vernon@example.org")])
        .email("vbear@example.com")
        .phones([(CustomerPhoneType::Mobile, "222-333-4444")])
        .chat_handles([(CustomerChatType::Skype, "vernon.bear")])
        .social_profiles([(
            CustomerSocialProfileType::Twitter,
            "https://twitter.com/vbear",
        )])
        .websites(["https://www.example.com"])
        .address(CreateCustomerAddressBody {
            city: Some("Dallas".into()),
            lines: vec!["123 West Main St".into(), "Suite 123".into()],
            state: Some("TX".into()),
            postal_code: Some("74206".into()),
            country: Some("US".into()),
        })
        .send()
        .await?;
    assert_eq!(id, CUSTOMER);
    let body = transport
        .requests()
        .pop()
        .expect("sent")
        .json()
        .expect("json");
    // The one endpoint that spells social profiles in camelCase.
    assert!(body.get("socialProfiles").is_some(), "{body}");
    assert_request!("createCustomer", transport);
    Ok(())
}

#[tokio::test]
async fn overwrite_customer() -> Result<()> {
    let (client, transport) = client();
    client
        .customers()
        .overwrite(CUSTOMER)
        .first_name("Vernon")
        .last_name("Bear")
        .phone("123-456-7890")
        .photo_url("https://example.com/avatar.jpg")
        .photo_type(CustomerPhotoType::Twitter)
        .job_title("CEO and Co-Founder")
        .location("Greater Dallas/FT Worth Area")
        .background("I've worked with Vernon before and he's really great.")
        .age("30-35")
        .gender(CustomerGender::Male)
        .organization("Acme, Inc")
        .organization_id(ORGANIZATION)
        .send()
        .await?;
    assert_request!("overwriteCustomer", transport);
    Ok(())
}

#[tokio::test]
async fn overwrite_customer_starting_from_current_values() -> Result<()> {
    let (client, transport) = client();
    let current = client.customers().get(CUSTOMER).send().await?;
    client
        .customers()
        .overwrite(CUSTOMER)
        .starting_from(&current)
        .job_title("CTO")
        .send()
        .await?;
    assert_request!("overwriteCustomer__starting_from", transport);
    Ok(())
}

#[tokio::test]
async fn patch_customer() -> Result<()> {
    let (client, transport) = client();
    client
        .customers()
        .patch(CUSTOMER)
        .replace_first_name("Ann")
        .replace_last_name("Lee")
        .replace_job_title("CTO")
        .replace_location("Berlin")
        .replace_background("Met at the fair")
        .replace_age("40-45")
        .replace_organization("Acme, Inc")
        .replace_photo_url("https://example.com/ann.jpg")
        .replace_gender(CustomerGender::Female)
        .replace_photo_type(CustomerPhotoType::Gravatar)
        .add_email(CustomerEmailType::Work, "ann@example.com")
        .replace_email_value(ENTRY, "ann.lee@example.com")
        .replace_email_type(ENTRY, CustomerEmailType::Home)
        .remove_email(CustomerEntryId::new(13))
        .add_phone(CustomerPhoneType::Work, "555-0100")
        .replace_phone_value(CustomerEntryId::new(21), "555-0101")
        .replace_phone_type(CustomerEntryId::new(21), CustomerPhoneType::Mobile)
        .remove_phone(CustomerEntryId::new(22))
        .add_chat(CustomerChatType::Skype, "ann.lee")
        .replace_chat_value(CustomerEntryId::new(31), "annlee")
        .replace_chat_type(CustomerEntryId::new(31), CustomerChatType::Xmpp)
        .remove_chat(CustomerEntryId::new(32))
        .add_social_profile(
            CustomerSocialProfileType::Linkedin,
            "https://linkedin.com/in/ann",
        )
        .replace_social_profile_value(CustomerEntryId::new(41), "https://twitter.com/ann")
        .replace_social_profile_type(CustomerEntryId::new(41), CustomerSocialProfileType::Twitter)
        .remove_social_profile(CustomerEntryId::new(42))
        .add_website("https://ann.example.com")
        .replace_website_value(CustomerEntryId::new(51), "https://lee.example.com")
        .remove_website(CustomerEntryId::new(52))
        .replace("/organizationId", 10)
        .send()
        .await?;
    assert_request!("patchCustomer", transport);
    // Clearing a profile field is a plain `remove` of its path.
    client
        .customers()
        .patch(CUSTOMER)
        .remove("/jobTitle")
        .send()
        .await?;
    assert_request!("patchCustomer__remove_field", transport);
    Ok(())
}

#[tokio::test]
async fn delete_customer() -> Result<()> {
    let (client, transport) = client();
    client.customers().delete(CUSTOMER).send().await?;
    assert_request!("deleteCustomer", transport);
    Ok(())
}

#[tokio::test]
async fn delete_customer_async() -> Result<()> {
    let (client, transport) = client();
    // The mock answers `202 Accepted`, as the API does for this variant.
    client.customers().delete_async(CUSTOMER).send().await?;
    assert_request!("deleteCustomer__async", transport);
    Ok(())
}

// ---------------------------------------------------------------------------------------------
// Address and entries
// ---------------------------------------------------------------------------------------------

fn address() -> CreateCustomerAddressBody {
    CreateCustomerAddressBody {
        city: Some("Dallas".into()),
        lines: vec!["123 West Main St".into(), "Suite 123".into()],
        state: Some("TX".into()),
        postal_code: Some("74206".into()),
        country: Some("US".into()),
    }
}

#[tokio::test]
async fn get_customer_address() -> Result<()> {
    let (client, transport) = client();
    let address = client.customers().address(CUSTOMER).get().send().await?;
    assert_eq!(address.postal_code.as_deref(), Some("74206"));
    assert_request!("getCustomerAddress", transport);
    Ok(())
}

#[tokio::test]
async fn create_customer_address() -> Result<()> {
    let (client, transport) = client();
    client
        .customers()
        .address(CUSTOMER)
        .create(address())
        .send()
        .await?;
    assert_request!("createCustomerAddress", transport);
    Ok(())
}

#[tokio::test]
async fn update_customer_address() -> Result<()> {
    let (client, transport) = client();
    let current: CustomerAddress = client.customers().address(CUSTOMER).get().send().await?;
    client
        .customers()
        .address(CUSTOMER)
        .update(CustomerAddress {
            city: Some("Austin".into()),
            ..current
        })
        .send()
        .await?;
    assert_request!("updateCustomerAddress", transport);
    Ok(())
}

#[tokio::test]
async fn delete_customer_address() -> Result<()> {
    let (client, transport) = client();
    client.customers().address(CUSTOMER).delete().send().await?;
    assert_request!("deleteCustomerAddress", transport);
    Ok(())
}

#[tokio::test]
async fn chat_handles() -> Result<()> {
    let (client, transport) = client();
    let chats = client.customers().chat_handles(CUSTOMER);
    assert!(!chats.list().send().await?.is_empty());
    assert_request!("listCustomerChatHandles", transport);
    let id = chats
        .create(CustomerChatType::Aim, "jsprout")
        .send()
        .await?;
    assert_eq!(id, Created::Id(ENTRY));
    assert_request!("createCustomerChatHandle", transport);
    chats
        .update(ENTRY, CustomerChatType::Skype, "j.sprout")
        .send()
        .await?;
    assert_request!("updateCustomerChatHandle", transport);
    chats.delete(ENTRY).send().await?;
    assert_request!("deleteCustomerChatHandle", transport);
    Ok(())
}

#[tokio::test]
async fn emails() -> Result<()> {
    let (client, transport) = client();
    let emails = client.customers().emails(CUSTOMER);
    let listed = emails.list().send().await?;
    // The docs' own example has a type the email endpoints do not list; it stays readable.
    assert_eq!(
        listed[1].type_.as_deref(),
        Some(&CustomerEmailType::Unknown("mobile".into()))
    );
    assert_request!("listCustomerEmails", transport);
    let id = emails
        .create(CustomerEmailType::Work, "vbear@example.com")
        .send()
        .await?;
    assert_eq!(id, Created::Id(ENTRY));
    assert_request!("createCustomerEmail", transport);
    emails
        .update(ENTRY, CustomerEmailType::Home, "vernon@example.org")
        .send()
        .await?;
    assert_request!("updateCustomerEmail", transport);
    emails.delete(ENTRY).send().await?;
    assert_request!("deleteCustomerEmail", transport);
    Ok(())
}

#[tokio::test]
async fn phones() -> Result<()> {
    let (client, transport) = client();
    let phones = client.customers().phones(CUSTOMER);
    assert!(!phones.list().send().await?.is_empty());
    assert_request!("listCustomerPhones", transport);
    let id = phones
        .create(CustomerPhoneType::Home, "222-333-4444")
        .send()
        .await?;
    assert_eq!(id, Created::Id(ENTRY));
    assert_request!("createCustomerPhone", transport);
    phones
        .update(ENTRY, CustomerPhoneType::Work, "222-333-5555")
        .send()
        .await?;
    assert_request!("updateCustomerPhone", transport);
    phones.delete(ENTRY).send().await?;
    assert_request!("deleteCustomerPhone", transport);
    Ok(())
}

#[tokio::test]
async fn social_profiles() -> Result<()> {
    let (client, transport) = client();
    let profiles = client.customers().social_profiles(CUSTOMER);
    // Listed under the hyphenated key `social-profiles`.
    assert!(!profiles.list().send().await?.is_empty());
    assert_request!("listCustomerSocialProfiles", transport);
    let id = profiles
        .create(
            CustomerSocialProfileType::Twitter,
            "https://twitter.com/helpscout",
        )
        .send()
        .await?;
    assert_eq!(id, Created::Id(ENTRY));
    assert_request!("createCustomerSocialProfile", transport);
    profiles
        .update(
            ENTRY,
            CustomerSocialProfileType::Linkedin,
            "https://linkedin.com/company/helpscout",
        )
        .send()
        .await?;
    assert_request!("updateCustomerSocialProfile", transport);
    profiles.delete(ENTRY).send().await?;
    assert_request!("deleteCustomerSocialProfile", transport);
    Ok(())
}

#[tokio::test]
async fn websites() -> Result<()> {
    let (client, transport) = client();
    let websites = client.customers().websites(CUSTOMER);
    assert!(!websites.list().send().await?.is_empty());
    assert_request!("listCustomerWebsites", transport);
    let id = websites.create("https://www.example.com").send().await?;
    assert_eq!(id, Created::Id(ENTRY));
    assert_request!("createCustomerWebsite", transport);
    websites
        .update(ENTRY, "https://www.example.org")
        .send()
        .await?;
    assert_request!("updateCustomerWebsite", transport);
    websites.delete(ENTRY).send().await?;
    assert_request!("deleteCustomerWebsite", transport);
    Ok(())
}

// ---------------------------------------------------------------------------------------------
// Customer properties
// ---------------------------------------------------------------------------------------------

#[tokio::test]
async fn customer_property_definitions() -> Result<()> {
    let (client, transport) = client();
    let properties = client.customers().properties();
    let listed = properties.list().send().await?;
    assert_eq!(listed.len(), 3);
    assert_request!("listCustomerProperties", transport);
    properties
        .create("plan", "Plan", CustomerPropertyType::Dropdown)
        .options(["Standard"])
        .options_with_ids([("1313b25a-1150-49a4-8514-5b31f37e427f", "Plus")])
        .send()
        .await?;
    assert_request!("createCustomerProperty", transport);
    properties.delete("plan").send().await?;
    assert_request!("deleteCustomerProperty", transport);
    Ok(())
}

#[tokio::test]
async fn update_customer_property_values() -> Result<()> {
    let (client, transport) = client();
    client
        .customers()
        .patch_properties(CUSTOMER)
        .replace_text("car", "Tesla Model S")
        .replace_number("employees", 250)
        .replace_url("homepage", "https://example.com")
        .replace_date(
            "renewal",
            NaiveDate::from_ymd_opt(2025, 3, 1).expect("date"),
        )
        .replace_dropdown("plan", "556cca5f-1afc-48ef-8323-b88b55808404")
        .replace("founded", json!("2001-02-03"))
        .remove("trial-ends")
        .send()
        .await?;
    assert_request!("updateCustomerPropertyValues", transport);
    Ok(())
}

// ---------------------------------------------------------------------------------------------
// Organizations
// ---------------------------------------------------------------------------------------------

#[tokio::test]
async fn list_organizations() -> Result<()> {
    let (client, transport) = client();
    let page = client
        .organizations()
        .list()
        .sort(OrganizationSortField::CustomerCount, SortOrder::Asc)
        .page(2)
        .await?;
    assert_eq!(page.items[0].id, OrganizationId::new(10));
    assert_request!("listOrganizations", transport);
    Ok(())
}

#[tokio::test]
async fn get_organization() -> Result<()> {
    let (client, transport) = client();
    let organization = client
        .organizations()
        .get(ORGANIZATION)
        .include_counts()
        .include_properties()
        .send()
        .await?;
    assert_eq!(organization.properties.len(), 3);
    assert_request!("getOrganization", transport);
    client.organizations().get(ORGANIZATION).send().await?;
    assert_request!("getOrganization__defaults", transport);
    Ok(())
}

#[tokio::test]
async fn create_organization() -> Result<()> {
    let (client, transport) = client();
    let id = client
        .organizations()
        .create("Test Company")
        .domain("domain.com")
        .website("www.example.com")
        .description("Test Description")
        .location("US")
        .logo_url("https://example.com/logo.png")
        .note("Test Note")
        .phones(["1-23-456", "+1 234 5678"])
        .brand_color("#00FF00")
        .send()
        .await?;
    assert_eq!(id.id(), Some(ORGANIZATION));
    assert_request!("createOrganization", transport);
    // The organization reports a `domains` list; it can be sent as such too.
    let _ = client
        .organizations()
        .create("Two Domains")
        .domains(["domain.com", "domain.org"])
        .send()
        .await?;
    assert_request!("createOrganization__domains", transport);
    Ok(())
}

#[tokio::test]
async fn update_organization() -> Result<()> {
    let (client, transport) = client();
    let current: Organization = client.organizations().get(ORGANIZATION).send().await?;
    client
        .organizations()
        .update(ORGANIZATION)
        .starting_from(&current)
        .name("Renamed Company")
        .send()
        .await?;
    assert_request!("updateOrganization__starting_from", transport);
    client
        .organizations()
        .update(ORGANIZATION)
        .name("Only A Name")
        .website("www.example.org")
        .description("New Description")
        .location("DE")
        .logo_url("https://example.org/logo.png")
        .note("New Note")
        .domains(["example.org"])
        .phones(["+49 30 1234"])
        .brand_color("#0066CC")
        .send()
        .await?;
    assert_request!("updateOrganization", transport);
    Ok(())
}

#[tokio::test]
async fn delete_organization() -> Result<()> {
    let (client, transport) = client();
    client.organizations().delete(ORGANIZATION).send().await?;
    assert_request!("deleteOrganization", transport);
    Ok(())
}

#[tokio::test]
async fn list_organization_conversations() -> Result<()> {
    let (client, transport) = client();
    let page = client
        .organizations()
        .conversations(ORGANIZATION)
        .send()
        .await?;
    assert_eq!(page.items[0].id, ConversationId::new(100));
    assert_request!("listOrganizationConversations", transport);
    Ok(())
}

#[tokio::test]
async fn list_organization_customers() -> Result<()> {
    let (client, transport) = client();
    let customers: Vec<_> = client
        .organizations()
        .customers(ORGANIZATION)
        .stream()
        .try_collect()
        .await?;
    assert_eq!(customers.len(), 1);
    assert_request!("listOrganizationCustomers", transport);
    Ok(())
}

#[tokio::test]
async fn organization_property_definitions() -> Result<()> {
    let (client, transport) = client();
    let properties = client.organizations().properties();
    assert!(!properties.list().send().await?.is_empty());
    assert_request!("listOrganizationProperties", transport);
    properties
        .create("industry", "Industry", OrganizationPropertyType::Dropdown)
        .options(["Software", "Healthcare"])
        .send()
        .await?;
    assert_request!("createOrganizationProperty", transport);
    properties
        .update("industry", "Sector")
        .options(["Software", "Finance"])
        .send()
        .await?;
    assert_request!("updateOrganizationProperty", transport);
    properties.delete("industry").send().await?;
    assert_request!("deleteOrganizationProperty", transport);
    Ok(())
}

#[tokio::test]
async fn organization_property_values() -> Result<()> {
    let (client, transport) = client();
    client
        .organizations()
        .set_property_value(ORGANIZATION, "annual-revenue", "5000000")
        .send()
        .await?;
    assert_request!("setOrganizationPropertyValue", transport);
    client
        .organizations()
        .delete_property_value(ORGANIZATION, "annual-revenue")
        .send()
        .await?;
    assert_request!("deleteOrganizationPropertyValue", transport);
    Ok(())
}

// ---------------------------------------------------------------------------------------------
// Behaviour
// ---------------------------------------------------------------------------------------------

/// The cursor a v3 request asked for, if any.
fn cursor_of(request: &RecordedRequest) -> Option<String> {
    request
        .query
        .iter()
        .find(|(name, _)| name == "cursor")
        .map(|(_, value)| value.clone())
}

fn v3_slice(id: i64, next: Option<&str>) -> MockResponse {
    let mut links = json!({"self": {"href": "https://api.helpscout.net/v3/customers"}});
    if let Some(cursor) = next {
        links["next"] = json!({
            "href": format!("https://api.helpscout.net/v3/customers?cursor={cursor}&email=a%40b.c")
        });
    }
    MockResponse::json(
        200,
        &json!({"_embedded": {"customers": [{"id": id}]}, "_links": links}),
    )
}

#[tokio::test]
async fn the_v3_stream_follows_cursors_and_stops_on_a_repeated_one() -> Result<()> {
    // c2 -> c3 -> c2 again: a server-side loop. Three requests, then the walk ends.
    let (client, transport) = client_with(|request| match cursor_of(request).as_deref() {
        None => v3_slice(1, Some("c2")),
        Some("c2") => v3_slice(2, Some("c3")),
        Some("c3") => v3_slice(3, Some("c2")),
        Some(_) => MockResponse::status(500),
    });
    let ids: Vec<i64> = client
        .customers()
        .list_v3()
        .email("a@b.c")
        .stream()
        .map_ok(|customer| customer.id.get())
        .try_collect()
        .await?;
    assert_eq!(ids, vec![1, 2, 3]);
    let requests = transport.requests();
    let cursors: Vec<Option<String>> = requests.iter().map(cursor_of).collect();
    assert_eq!(
        cursors,
        vec![None, Some("c2".to_owned()), Some("c3".to_owned())]
    );
    // The filters go along with every cursor.
    assert!(
        requests
            .iter()
            .all(|r| r.query.contains(&("email".to_owned(), "a@b.c".to_owned())))
    );
    Ok(())
}

#[tokio::test]
async fn the_v3_stream_is_lazy_and_ends_without_a_next_link() -> Result<()> {
    let asked = Arc::new(Mutex::new(0_u32));
    let counter = Arc::clone(&asked);
    let (client, _transport) = client_with(move |request| {
        *counter.lock().expect("counter") += 1;
        match cursor_of(request).as_deref() {
            None => v3_slice(1, Some("next==")),
            _ => v3_slice(2, None),
        }
    });
    let pages = client.customers().list_v3().pages();
    assert_eq!(
        *asked.lock().expect("counter"),
        0,
        "nothing sent before polling"
    );
    let pages: Vec<_> = pages.try_collect().await?;
    assert_eq!(pages.len(), 2);
    assert_eq!(pages[0].next_cursor.as_deref(), Some("next=="));
    assert_eq!(pages[1].next_cursor, None);
    assert_eq!(*asked.lock().expect("counter"), 2);
    Ok(())
}

#[tokio::test]
async fn the_customer_patch_is_one_array_even_for_one_operation() -> Result<()> {
    let (client, transport) = client();
    client
        .customers()
        .patch(CUSTOMER)
        .replace_first_name("Ann")
        .send()
        .await?;
    let body = transport
        .requests()
        .pop()
        .expect("sent")
        .json()
        .expect("json");
    assert_eq!(
        body,
        json!([{"op": "replace", "path": "/firstName", "value": "Ann"}])
    );

    let patch = client
        .customers()
        .patch(CUSTOMER)
        .replace_first_name("Ann")
        .add_email(CustomerEmailType::Work, "ann@example.com")
        .remove_email(ENTRY);
    assert_eq!(patch.operations().len(), 3);
    patch.send().await?;
    let requests = transport.requests();
    assert_eq!(requests.len(), 2, "one request for the three operations");
    let body = requests[1].json().expect("json");
    assert_eq!(
        body,
        json!([
            {"op": "replace", "path": "/firstName", "value": "Ann"},
            {"op": "add", "path": "/emails", "value": {"type": "work", "value": "ann@example.com"}},
            {"op": "remove", "path": "/emails/12"}
        ])
    );
    Ok(())
}

#[tokio::test]
async fn invalid_patches_are_refused_before_sending() {
    let (client, transport) = client();
    let empty = client.customers().patch(CUSTOMER).send().await;
    assert!(matches!(empty, Err(Error::InvalidRequest(_))), "{empty:?}");
    let relative = client
        .customers()
        .patch(CUSTOMER)
        .remove("jobTitle")
        .send()
        .await;
    assert!(
        matches!(relative, Err(Error::InvalidRequest(_))),
        "{relative:?}"
    );
    let no_values = client.customers().patch_properties(CUSTOMER).send().await;
    assert!(
        matches!(no_values, Err(Error::InvalidRequest(_))),
        "{no_values:?}"
    );
    let bad_slug = client
        .customers()
        .patch_properties(CUSTOMER)
        .replace_text("a/b", "x")
        .send()
        .await;
    assert!(
        matches!(bad_slug, Err(Error::InvalidRequest(_))),
        "{bad_slug:?}"
    );
    assert!(transport.requests().is_empty());
}

#[tokio::test]
async fn the_v2_customer_stream_walks_numbered_pages() -> Result<()> {
    let (client, transport) = client_with(|request| {
        let page: i64 = request
            .query
            .iter()
            .find(|(name, _)| name == "page")
            .and_then(|(_, value)| value.parse().ok())
            .unwrap_or(1);
        MockResponse::json(
            200,
            &json!({
                "_embedded": {"customers": [{"id": page}]},
                "page": {"size": 1, "totalElements": 2, "totalPages": 2, "number": page}
            }),
        )
    });
    let ids: Vec<i64> = client
        .customers()
        .list()
        .first_name("Ann")
        .stream()
        .map_ok(|customer| customer.id.get())
        .try_collect()
        .await?;
    assert_eq!(ids, vec![1, 2]);
    let pages: Vec<String> = transport
        .requests()
        .iter()
        .map(|r| r.shape().query.join("&"))
        .collect();
    assert_eq!(pages, vec!["firstName=Ann&page=1", "firstName=Ann&page=2"]);
    Ok(())
}
