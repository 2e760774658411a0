//! Attachments: uploads with a thread, to an existing thread, their data, and deletes.

use base64::Engine as _;

use helpscout_mailbox::models::{AttachmentData, AttachmentUpload};

use crate::http::{self, Check, FieldError, Problem, Reply, decode, json_object};
use crate::routes::conversations::{live, live_mut};
use crate::state::{AttachmentRec, Data};

use crate::routes::Req;

use super::edit::find_thread_mut;

/// Checks and stores uploaded attachments (`fileName`, `mimeType`, base64 `data`).
pub(crate) fn upload_attachments(
    d: &mut Data,
    uploads: &[AttachmentUpload],
    prefix: &str,
) -> Result<Vec<AttachmentRec>, Problem> {
    let mut check = Check::new();
    let mut sizes = Vec::new();
    for (i, upload) in uploads.iter().enumerate() {
        let path = format!("{prefix}[{i}]");
        if upload.file_name.trim().is_empty() {
            check.push(FieldError::new(
                format!("{path}.fileName"),
                "NotEmpty",
                "may not be empty",
            ));
        }
        if upload.mime_type.trim().is_empty() {
            check.push(FieldError::new(
                format!("{path}.mimeType"),
                "NotEmpty",
                "may not be empty",
            ));
        }
        let cleaned: String = upload.data.chars().filter(|c| !c.is_whitespace()).collect();
        match base64::engine::general_purpose::STANDARD.decode(cleaned.as_bytes()) {
            Ok(bytes) => sizes.push(bytes.len() as i64),
            Err(_) => {
                sizes.push(0);
                check.push(FieldError::new(
                    format!("{path}.data"),
                    "InvalidValue",
                    "must be base64-encoded",
                ));
            }
        }
    }
    check.finish()?;
    Ok(uploads
        .iter()
        .zip(sizes)
        .map(|(upload, size)| AttachmentRec {
            id: d.ids.next("attachment"),
            filename: upload.file_name.clone(),
            mime_type: upload.mime_type.clone(),
            data: upload.data.clone(),
            size,
        })
        .collect())
}

/// `POST .../threads/{threadId}/attachments`.
pub(crate) fn create_attachment(req: &Req) -> Reply {
    let id = req.id("conversationId")?;
    let thread_id = req.id("threadId")?;
    let value = json_object(req)?;
    let mut check = Check::new();
    for key in ["fileName", "mimeType", "data"] {
        check.required(&value, "", key);
    }
    check.finish()?;
    let upload: AttachmentUpload = decode(&value)?;
    let now = req.sim.now();
    let mut d = req.sim.data();
    let c = live(&d, id)?;
    if !c.threads.iter().any(|t| t.id == thread_id) {
        return Err(Problem::not_found("Thread"));
    }
    let mut stored = upload_attachments(&mut d, std::slice::from_ref(&upload), "attachments")
        .map_err(|problem| match problem {
            // A single upload is the whole body: report bare field names.
            Problem::Validation(errors) => Problem::Validation(
                errors
                    .into_iter()
                    .map(|mut e| {
                        e.path = e.path.trim_start_matches("attachments[0].").to_owned();
                        e
                    })
                    .collect(),
            ),
            other => other,
        })?;
    let attachment = stored
        .pop()
        .ok_or_else(|| Problem::not_found("Attachment"))?;
    let attachment_id = attachment.id;
    let c = live_mut(&mut d, id)?;
    let t = find_thread_mut(c, thread_id)?;
    t.attachments.push(attachment);
    c.touch(now);
    http::created(attachment_id, None)
}

/// `GET /v2/conversations/{id}/attachments/{attachmentId}/data`.
pub(crate) fn attachment_data(req: &Req) -> Reply {
    let id = req.id("conversationId")?;
    let attachment_id = req.id("attachmentId")?;
    let d = req.sim.data();
    let c = live(&d, id)?;
    let attachment = c
        .threads
        .iter()
        .flat_map(|t| t.attachments.iter())
        .find(|a| a.id == attachment_id)
        .ok_or_else(|| Problem::not_found("Attachment"))?;
    http::ok(&AttachmentData {
        data: Some(attachment.data.clone()),
    })
}

/// `DELETE /v2/conversations/{id}/attachments/{attachmentId}`.
pub(crate) fn delete_attachment(req: &Req) -> Reply {
    let id = req.id("conversationId")?;
    let attachment_id = req.id("attachmentId")?;
    let now = req.sim.now();
    let mut d = req.sim.data();
    if !d.find_attachment(id, attachment_id) {
        return Err(Problem::not_found("Attachment"));
    }
    let c = live_mut(&mut d, id)?;
    for t in &mut c.threads {
        t.attachments.retain(|a| a.id != attachment_id);
    }
    c.touch(now);
    http::no_content()
}
