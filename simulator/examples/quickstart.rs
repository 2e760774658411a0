//! A support flow from start to finish.
//!
//! ```sh
//! cargo run -p helpscout-mailbox-simulator --example quickstart
//! ```
//!
//! Without credentials it starts the embedded Help Scout simulator and works there: lists the
//! mailboxes, finds or creates a customer, opens a conversation, replies, adds a note, tags,
//! assigns and closes it, then streams every conversation of the mailbox and shows the
//! rate-limit figures. With `HELPSCOUT_APP_ID` and `HELPSCOUT_APP_SECRET` set it runs the
//! read-only part against your real Help Scout account instead.

use futures_util::TryStreamExt;
use helpscout_mailbox::auth::Credentials;
use helpscout_mailbox::ids::{CustomerId, MailboxId};
use helpscout_mailbox::models::{
    ConversationStatus, ConversationStatusFilter, CreateConversationThread, ThreadCustomer,
    ThreadStatusChange,
};
use helpscout_mailbox::{Client, Result};
use helpscout_mailbox_simulator::Simulator;

const CUSTOMER_EMAIL: &str = "ada.lovelace@example.com";

#[tokio::main]
async fn main() -> std::result::Result<(), Box<dyn std::error::Error>> {
    match (
        std::env::var("HELPSCOUT_APP_ID"),
        std::env::var("HELPSCOUT_APP_SECRET"),
    ) {
        (Ok(app_id), Ok(app_secret)) => {
            println!("Using your Help Scout account (read-only).");
            let client = Client::builder()
                .credentials(Credentials::client_credentials(app_id, app_secret))
                .user_agent("helpscout-mailbox-quickstart")
                .build()?;
            read_only_tour(&client).await?;
        }
        _ => {
            let simulator = Simulator::builder()
                .seed(42)
                .conversations(120)
                .start()
                .await?;
            println!(
                "No HELPSCOUT_APP_ID/HELPSCOUT_APP_SECRET: using the embedded simulator at {}.",
                simulator.base_url()
            );
            let client = simulator
                .client_builder()
                .user_agent("helpscout-mailbox-quickstart")
                .build()?;
            let mailbox = read_only_tour(&client).await?;
            support_flow(&client, mailbox).await?;
            simulator.shutdown().await;
        }
    }
    Ok(())
}

/// Lists mailboxes and counts the first mailbox's conversations. Safe on a real account.
async fn read_only_tour(client: &Client) -> Result<MailboxId> {
    let me = client.users().me().send().await?;
    println!(
        "1. Signed in as {} <{}>.",
        me.first_name.unwrap_or_default(),
        me.email.unwrap_or_default()
    );

    let mailboxes = client.mailboxes().list().send().await?;
    println!("2. {} mailbox(es):", mailboxes.total_elements);
    for mailbox in &mailboxes.items {
        println!(
            "   - #{} {}",
            mailbox.id,
            mailbox.name.as_deref().unwrap_or("(unnamed)")
        );
    }
    let Some(mailbox) = mailboxes.items.first().map(|m| m.id) else {
        return Err(helpscout_mailbox::Error::InvalidRequest(
            "the account has no mailbox".into(),
        ));
    };

    let first_page = client
        .conversations()
        .list()
        .mailboxes([mailbox])
        .status(ConversationStatusFilter::All)
        .send()
        .await?;
    println!(
        "3. Mailbox #{mailbox} holds {} conversation(s), {} per page.",
        first_page.total_elements, first_page.size
    );
    Ok(mailbox)
}

/// The writing part: only against the simulator.
async fn support_flow(client: &Client, mailbox: MailboxId) -> Result<()> {
    let customer = find_or_create_customer(client).await?;

    let conversation = client
        .conversations()
        .create(
            mailbox,
            ThreadCustomer::by_id(customer),
            "My order has not arrived",
            CreateConversationThread::customer("I ordered a week ago and nothing has come yet."),
        )
        .await?;
    println!("5. Opened conversation #{conversation}.");

    let reply = client
        .threads()
        .reply(
            conversation,
            customer,
            "Sorry about that! It left our warehouse this morning.",
        )
        .status(ThreadStatusChange::Pending)
        .await?;
    println!("6. Replied (thread {reply}).");

    let note = client
        .threads()
        .note(conversation, "Carrier confirmed pickup at 09:12.")
        .await?;
    // Older traffic answered note creates without an id: `Created` says which it was.
    match note.id() {
        Some(id) => println!("7. Added an internal note (thread {id})."),
        None => println!("7. Added an internal note."),
    }

    client
        .conversations()
        .add_tags(conversation, ["shipping", "vip"])
        .send()
        .await?;
    println!("8. Tagged it shipping, vip.");

    let me = client.users().me().send().await?;
    client
        .conversations()
        .assign(conversation, me.id)
        .send()
        .await?;
    println!("9. Assigned it to user #{}.", me.id);

    client
        .conversations()
        .set_status(conversation, ConversationStatus::Closed)
        .send()
        .await?;
    let closed = client.conversations().get(conversation).send().await?;
    println!(
        "10. Closed it: status {}, {} thread(s), tags {:?}.",
        closed
            .status
            .as_ref()
            .map(|s| s.to_string())
            .unwrap_or_default(),
        closed.thread_count().unwrap_or_default(),
        closed.tag_names().collect::<Vec<_>>()
    );

    let mut all = client
        .conversations()
        .list()
        .mailboxes([mailbox])
        .status(ConversationStatusFilter::All)
        .stream();
    let (mut count, mut closed_count) = (0usize, 0usize);
    while let Some(conversation) = all.try_next().await? {
        count += 1;
        if conversation.status.as_deref() == Some(&ConversationStatus::Closed) {
            closed_count += 1;
        }
    }
    println!(
        "11. Streamed all {count} conversation(s) of the mailbox page by page; {closed_count} closed."
    );

    if let Some(figures) = client.rate_limit() {
        println!("12. Rate limit: {figures}.");
    }
    Ok(())
}

/// Looks the customer up by email, and creates them if they are new.
async fn find_or_create_customer(client: &Client) -> Result<CustomerId> {
    let found = client
        .customers()
        .list()
        .query(format!("email:\"{CUSTOMER_EMAIL}\""))
        .send()
        .await?;
    if let Some(customer) = found.items.first() {
        println!("4. Found customer #{} ({CUSTOMER_EMAIL}).", customer.id);
        return Ok(customer.id);
    }
    let id = client
        .customers()
        .create()
        .first_name("Ada")
        .last_name("Lovelace")
        .email(CUSTOMER_EMAIL)
        .await?;
    println!("4. Created customer #{id} ({CUSTOMER_EMAIL}).");
    Ok(id)
}
