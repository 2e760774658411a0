//! Attachments: upload, download and delete the files of threads. Reached through
//! [`Client::attachments`].
//!
//! The API moves files as base64 inside JSON; this module encodes and decodes, so callers
//! deal in bytes.

use std::fmt;
use std::path::Path;

use base64::Engine;
use base64::engine::general_purpose::STANDARD;

use crate::client::Client;
use crate::error::{Error, Result};
use crate::ids::{AttachmentId, ConversationId, ThreadId};
use crate::models::AttachmentUpload;
use crate::raw::operation;
use crate::request::{Created, Operation, Request, Sealed};

impl Client {
    /// The files attached to threads.
    pub fn attachments(&self) -> Attachments<'_> {
        Attachments { client: self }
    }
}

/// The attachment operations; see [`Client::attachments`].
#[derive(Clone, Copy, Debug)]
pub struct Attachments<'a> {
    client: &'a Client,
}

impl<'a> Attachments<'a> {
    /// Attaches a file to an existing thread; returns the new attachment's id when the API
    /// names it (older traffic answered without one). Files can also go along when a thread
    /// is created (each create has an `attachments` setter).
    pub fn upload(
        self,
        conversation: ConversationId,
        thread: ThreadId,
        file: NewAttachment,
    ) -> Request<'a, CreateAttachment> {
        let body = file.into_upload();
        Request::new(
            self.client,
            CreateAttachment {
                conversation,
                thread,
                body,
            },
        )
    }

    /// Downloads an attachment's content, decoded from the API's base64.
    pub fn download(
        self,
        conversation: ConversationId,
        attachment: AttachmentId,
    ) -> Request<'a, GetAttachmentData> {
        Request::new(
            self.client,
            GetAttachmentData {
                conversation,
                attachment,
            },
        )
    }

    /// Deletes an attachment (the API allows it while the conversation is a draft).
    pub fn delete(
        self,
        conversation: ConversationId,
        attachment: AttachmentId,
    ) -> Request<'a, DeleteAttachment> {
        Request::new(
            self.client,
            DeleteAttachment {
                conversation,
                attachment,
            },
        )
    }
}

/// Uploads a file to a thread; see [`Attachments::upload`].
#[derive(Clone, Debug)]
pub struct CreateAttachment {
    conversation: ConversationId,
    thread: ThreadId,
    body: AttachmentUpload,
}

impl Operation for CreateAttachment {
    type Output = Created<AttachmentId>;

    async fn execute(self, client: &Client, _: Sealed) -> Result<Created<AttachmentId>> {
        let (conversation, thread) = (self.conversation.get(), self.thread.get());
        let call = client
            .raw()
            .create_attachment(conversation, thread, &self.body);
        let response = client.run(operation::CREATE_ATTACHMENT, call).await?;
        Ok(Created::from_headers(response.headers(), AttachmentId::new))
    }
}

/// Downloads an attachment; see [`Attachments::download`].
#[derive(Clone, Debug)]
pub struct GetAttachmentData {
    conversation: ConversationId,
    attachment: AttachmentId,
}

impl Operation for GetAttachmentData {
    type Output = Vec<u8>;

    async fn execute(self, client: &Client, _: Sealed) -> Result<Vec<u8>> {
        let (conversation, attachment) = (self.conversation.get(), self.attachment.get());
        let call = client.raw().get_attachment_data(conversation, attachment);
        let data = client.run(operation::GET_ATTACHMENT_DATA, call).await?;
        decode_base64(&data.into_inner().data.unwrap_or_default())
    }
}

/// Deletes an attachment; see [`Attachments::delete`].
#[derive(Clone, Debug)]
pub struct DeleteAttachment {
    conversation: ConversationId,
    attachment: AttachmentId,
}

impl Operation for DeleteAttachment {
    type Output = ();

    async fn execute(self, client: &Client, _: Sealed) -> Result<()> {
        let (conversation, attachment) = (self.conversation.get(), self.attachment.get());
        let call = client.raw().delete_attachment(conversation, attachment);
        client.run(operation::DELETE_ATTACHMENT, call).await?;
        Ok(())
    }
}

/// Base64 as Help Scout sends it, tolerating line breaks and other whitespace inside.
fn decode_base64(data: &str) -> Result<Vec<u8>> {
    let compact: String = data.chars().filter(|c| !c.is_ascii_whitespace()).collect();
    STANDARD
        .decode(compact.as_bytes())
        .map_err(|e| Error::InvalidRequest(format!("the attachment data is not valid base64: {e}")))
}

/// A file to attach: a name, a MIME type and the bytes.
#[derive(Clone, PartialEq, Eq)]
pub struct NewAttachment {
    pub(crate) file_name: String,
    pub(crate) mime_type: String,
    bytes: Vec<u8>,
}

impl fmt::Debug for NewAttachment {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("NewAttachment")
            .field("file_name", &self.file_name)
            .field("mime_type", &self.mime_type)
            .field("bytes", &self.bytes.len())
            .finish()
    }
}

impl NewAttachment {
    /// A file from memory.
    pub fn from_bytes(
        file_name: impl Into<String>,
        mime_type: impl Into<String>,
        bytes: impl Into<Vec<u8>>,
    ) -> Self {
        Self {
            file_name: file_name.into(),
            mime_type: mime_type.into(),
            bytes: bytes.into(),
        }
    }

    /// Reads a file; its name is the path's file name and its MIME type is guessed from the
    /// extension (`application/octet-stream` when unknown; use
    /// [`from_bytes`](Self::from_bytes) to choose it).
    ///
    /// # Errors
    ///
    /// [`Error::InvalidRequest`] when the file cannot be read.
    pub async fn from_path(path: impl AsRef<Path>) -> Result<Self> {
        let path = path.as_ref();
        let bytes = tokio::fs::read(path)
            .await
            .map_err(|e| Error::InvalidRequest(format!("cannot read {}: {e}", path.display())))?;
        let file_name = path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_else(|| "file".into());
        let mime_type = mime_for(&file_name).to_owned();
        Ok(Self {
            file_name,
            mime_type,
            bytes,
        })
    }

    /// The file name.
    pub fn file_name(&self) -> &str {
        &self.file_name
    }

    /// The MIME type.
    pub fn mime_type(&self) -> &str {
        &self.mime_type
    }

    /// The content.
    pub fn bytes(&self) -> &[u8] {
        &self.bytes
    }

    pub(crate) fn data_base64(&self) -> String {
        STANDARD.encode(&self.bytes)
    }

    /// The request shape: `fileName` (request key; responses say `filename`), `mimeType` and
    /// base64 `data`.
    // quirk Q21: base64 in JSON; `fileName` in requests.
    pub(crate) fn into_upload(self) -> AttachmentUpload {
        AttachmentUpload {
            data: self.data_base64(),
            file_name: self.file_name,
            mime_type: self.mime_type,
        }
    }
}

/// The MIME type for a file name's extension: the common types of support attachments.
fn mime_for(file_name: &str) -> &'static str {
    let extension = file_name
        .rsplit_once('.')
        .map(|(_, e)| e.to_ascii_lowercase())
        .unwrap_or_default();
    match extension.as_str() {
        "txt" | "log" => "text/plain",
        "csv" => "text/csv",
        "htm" | "html" => "text/html",
        "json" => "application/json",
        "xml" => "application/xml",
        "pdf" => "application/pdf",
        "zip" => "application/zip",
        "gz" => "application/gzip",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "gif" => "image/gif",
        "webp" => "image/webp",
        "svg" => "image/svg+xml",
        "heic" => "image/heic",
        "mp4" => "video/mp4",
        "mov" => "video/quicktime",
        "mp3" => "audio/mpeg",
        "wav" => "audio/wav",
        "eml" => "message/rfc822",
        "doc" => "application/msword",
        "docx" => "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        "xls" => "application/vnd.ms-excel",
        "xlsx" => "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        "ppt" => "application/vnd.ms-powerpoint",
        "pptx" => "application/vnd.openxmlformats-officedocument.presentationml.presentation",
        _ => "application/octet-stream",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base64_round_trips_and_tolerates_line_breaks() {
        let file = NewAttachment::from_bytes(
            "a.bin",
            "application/octet-stream",
            vec![0u8, 1, 2, 250, 255],
        );
        let encoded = file.data_base64();
        assert_eq!(decode_base64(&encoded).unwrap(), vec![0, 1, 2, 250, 255]);
        assert_eq!(decode_base64("ZmlsZQ==").unwrap(), b"file");
        assert_eq!(decode_base64("Zmls\r\nZQ==\n").unwrap(), b"file");
        assert!(decode_base64("not base64!").is_err());
    }

    #[test]
    fn mime_types_are_guessed_from_the_extension() {
        assert_eq!(mime_for("invoice.PDF"), "application/pdf");
        assert_eq!(mime_for("photo.jpeg"), "image/jpeg");
        assert_eq!(mime_for("archive.tar.gz"), "application/gzip");
        assert_eq!(mime_for("README"), "application/octet-stream");
    }

    #[tokio::test]
    async fn files_are_read_with_their_name() {
        let dir = std::env::temp_dir().join(format!("hs-attach-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join("notes.txt");
        std::fs::write(&path, b"hello").unwrap();
        let file = NewAttachment::from_path(&path).await.unwrap();
        assert_eq!(
            (file.file_name(), file.mime_type(), file.bytes()),
            ("notes.txt", "text/plain", &b"hello"[..])
        );
        let missing = NewAttachment::from_path(dir.join("missing.txt")).await;
        assert!(matches!(missing, Err(Error::InvalidRequest(_))));
        std::fs::remove_dir_all(&dir).ok();
    }

    #[test]
    fn debug_does_not_dump_the_content() {
        let file = NewAttachment::from_bytes("a.txt", "text/plain", b"secret contents".to_vec());
        assert!(!format!("{file:?}").contains("secret"));
    }
}
