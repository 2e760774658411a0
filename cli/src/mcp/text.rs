//! Thread bodies as text an agent can read: HTML reduced to paragraphs and list items,
//! entities decoded, quoted history left out, and long bodies cut with a note saying how
//! much was left out.
//!
//! This is not an HTML renderer: Help Scout bodies are email HTML, and what an agent needs
//! is the words and the paragraph breaks, not the layout.

/// Elements whose start or end begins a new line.
const BLOCKS: &[&str] = &[
    "p", "div", "br", "li", "ul", "ol", "tr", "table", "h1", "h2", "h3", "h4", "h5", "h6", "pre",
    "hr", "section", "article", "header", "footer",
];

/// Elements whose content is never text a reader sees.
const HIDDEN: &[&str] = &["script", "style", "head", "title"];

/// What replaces a quoted earlier message.
pub const QUOTE_OMITTED: &str = "[quoted text omitted]";

/// The readable text of an HTML body: tags dropped, block elements and `<br>` as line
/// breaks, list items as `- `, entities decoded, `<blockquote>` and `>`-quoted lines (the
/// earlier messages an email client quotes) replaced by one [`QUOTE_OMITTED`] line, blank
/// lines dropped and every line trimmed.
pub fn html_to_text(html: &str) -> String {
    let mut out = String::with_capacity(html.len());
    let mut rest = html;
    // Depth of <blockquote> and of hidden elements; text inside either is dropped.
    let mut quote_depth = 0usize;
    let mut hidden: Option<&'static str> = None;
    while let Some(start) = rest.find('<') {
        let (text, after) = rest.split_at(start);
        if quote_depth == 0 && hidden.is_none() {
            push_text(&mut out, text);
        }
        let Some(end) = after.find('>') else {
            // A lone `<` is text (`a < b`), not the start of a tag.
            if quote_depth == 0 && hidden.is_none() {
                push_text(&mut out, after);
            }
            rest = "";
            break;
        };
        let tag = Tag::parse(&after[1..end]);
        rest = &after[end + 1..];
        let Some(tag) = tag else {
            continue;
        };
        if let Some(open) = hidden {
            if tag.closing && tag.name == open {
                hidden = None;
            }
            continue;
        }
        if tag.name == "blockquote" {
            if tag.closing {
                quote_depth = quote_depth.saturating_sub(1);
            } else {
                if quote_depth == 0 {
                    out.push('\n');
                    out.push_str(QUOTE_OMITTED);
                    out.push('\n');
                }
                quote_depth = quote_depth.saturating_add(1);
            }
            continue;
        }
        if quote_depth > 0 {
            continue;
        }
        if let Some(name) = HIDDEN.iter().find(|h| **h == tag.name)
            && !tag.closing
            && !tag.self_closing
        {
            hidden = Some(name);
            continue;
        }
        if tag.name == "li" && !tag.closing {
            out.push_str("\n- ");
        } else if BLOCKS.contains(&tag.name.as_str()) {
            out.push('\n');
        }
    }
    if quote_depth == 0 && hidden.is_none() {
        push_text(&mut out, rest);
    }
    tidy(&out)
}

/// Appends text of the HTML source: entities decoded, its own whitespace (line breaks of
/// the source are not breaks of the text) folded into spaces.
fn push_text(out: &mut String, text: &str) {
    let decoded = decode_entities(text);
    let mut last_space = out.ends_with([' ', '\n']);
    for c in decoded.chars() {
        if c.is_whitespace() && c != '\u{a0}' {
            if !last_space {
                out.push(' ');
                last_space = true;
            }
        } else {
            out.push(if c == '\u{a0}' { ' ' } else { c });
            last_space = false;
        }
    }
}

/// Trims every line, drops `>`-quoted lines (one [`QUOTE_OMITTED`] per run) and blank
/// lines.
fn tidy(text: &str) -> String {
    let mut lines: Vec<&str> = Vec::new();
    for line in text.lines().map(str::trim) {
        if line.starts_with('>') || line == QUOTE_OMITTED {
            if lines.last() != Some(&QUOTE_OMITTED) {
                lines.push(QUOTE_OMITTED);
            }
            continue;
        }
        // Email HTML nests blocks deeply (a <div> in a <p> in a <td>); every blank line
        // they would leave costs tokens and says nothing.
        if !line.is_empty() {
            lines.push(line);
        }
    }
    lines.join("\n")
}

/// A tag's lower-case name, and whether it closes or closes itself. `None` for comments,
/// doctypes and processing instructions.
struct Tag {
    name: String,
    closing: bool,
    self_closing: bool,
}

impl Tag {
    fn parse(inside: &str) -> Option<Self> {
        let inside = inside.trim();
        if inside.starts_with(['!', '?']) {
            return None;
        }
        let (closing, inside) = match inside.strip_prefix('/') {
            Some(rest) => (true, rest),
            None => (false, inside),
        };
        let name: String = inside
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric())
            .map(|c| c.to_ascii_lowercase())
            .collect();
        if name.is_empty() {
            return None;
        }
        Some(Self {
            name,
            closing,
            self_closing: inside.ends_with('/'),
        })
    }
}

/// Decodes the named entities email HTML uses and every numeric one; an unknown or broken
/// entity stays as written.
pub fn decode_entities(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(start) = rest.find('&') {
        out.push_str(&rest[..start]);
        let after = &rest[start..];
        // Entities are short; a `;` far away belongs to something else.
        let end = after.char_indices().take(12).find(|(_, c)| *c == ';');
        let decoded = end.and_then(|(end, _)| entity(&after[1..end]).map(|c| (c, end)));
        match decoded {
            Some((c, end)) => {
                out.push(c);
                rest = &after[end + 1..];
            }
            None => {
                out.push('&');
                rest = &after[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

fn entity(name: &str) -> Option<char> {
    if let Some(number) = name.strip_prefix('#') {
        let code = match number.strip_prefix(['x', 'X']) {
            Some(hex) => u32::from_str_radix(hex, 16).ok()?,
            None => number.parse::<u32>().ok()?,
        };
        return char::from_u32(code);
    }
    Some(match name {
        "amp" => '&',
        "lt" => '<',
        "gt" => '>',
        "quot" => '"',
        "apos" => '\'',
        "nbsp" => '\u{a0}',
        "ndash" => '–',
        "mdash" => '—',
        "hellip" => '…',
        "rsquo" => '’',
        "lsquo" => '‘',
        "rdquo" => '”',
        "ldquo" => '“',
        "copy" => '©',
        "reg" => '®',
        "trade" => '™',
        "euro" => '€',
        _ => return None,
    })
}

/// `text` cut to at most `max` characters at a word boundary where there is one, and
/// whether anything was cut; the cut text ends with a note of how much was left out.
pub fn truncate(text: &str, max: usize) -> (String, bool) {
    let total = text.chars().count();
    if total <= max {
        return (text.to_owned(), false);
    }
    let cut = text
        .char_indices()
        .nth(max)
        .map_or(text.len(), |(index, _)| index);
    let head = &text[..cut];
    // Back up to the last whitespace unless that throws most of the text away.
    let head = match head.rfind(char::is_whitespace) {
        Some(space) if space >= cut / 2 => &head[..space],
        _ => head,
    };
    let head = head.trim_end();
    let left = total.saturating_sub(head.chars().count());
    let note = format!("[… {left} more characters]");
    if head.is_empty() {
        return (note, true);
    }
    (format!("{head}\n{note}"), true)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paragraphs_lists_and_entities() {
        let html = "<p>Hi&nbsp;Ada,</p><p>Steps:<ul><li>one &amp; two</li><li>three</li></ul></p>\
                    <div>Thanks<br>Bob</div>";
        assert_eq!(
            html_to_text(html),
            "Hi Ada,\nSteps:\n- one & two\n- three\nThanks\nBob"
        );
    }

    #[test]
    fn quoted_history_and_hidden_elements_are_left_out() {
        let html = "<style>p{color:red}</style><p>Yes, that works.</p>\
                    <blockquote>On Monday Ada wrote:<blockquote>older</blockquote>still quoted</blockquote>\
                    <p>Bob</p>";
        assert_eq!(
            html_to_text(html),
            format!("Yes, that works.\n{QUOTE_OMITTED}\nBob")
        );
        assert_eq!(
            html_to_text("new text<br>&gt; old line<br>&gt; older line<br>sign-off"),
            format!("new text\n{QUOTE_OMITTED}\nsign-off")
        );
    }

    #[test]
    fn broken_markup_is_text_not_a_panic() {
        assert_eq!(html_to_text("a < b & c"), "a < b & c");
        assert_eq!(html_to_text("<p>unclosed"), "unclosed");
        assert_eq!(
            html_to_text("&#x1F600; &#99999999; &bogus;"),
            "😀 &#99999999; &bogus;"
        );
        assert_eq!(html_to_text("<!-- comment --><p>x</p>"), "x");
        assert_eq!(html_to_text(""), "");
    }

    #[test]
    fn truncation_counts_characters_and_says_what_is_left() {
        assert_eq!(truncate("short", 10), ("short".to_owned(), false));
        let (cut, truncated) = truncate("one two three four", 9);
        assert!(truncated);
        assert_eq!(cut, "one two\n[… 11 more characters]");
        // Multi-byte characters are never split.
        let (cut, _) = truncate("ééééé", 2);
        assert!(cut.starts_with("éé\n"));
        assert_eq!(truncate("abc", 0).0, "[… 3 more characters]");
    }
}
