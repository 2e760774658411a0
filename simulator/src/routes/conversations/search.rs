//! The `query` search language of the conversation list, reduced: `field:value`,
//! `field:"quoted value"`, `field:[from TO to]`, bare words, `AND` (also implied between
//! terms), `OR`, `NOT` and parentheses, with `NOT` binding tighter than `AND`, and `AND`
//! tighter than `OR`. Enough for the filters the crate writes into `query` (the customer
//! filter's `(customerIds:N) AND (...)`) to mean what Help Scout makes of them.

/// One `field:value` (or bare word) of a search.
#[derive(Debug, PartialEq)]
pub(super) struct Term {
    /// The field in lower case; `None` for a bare word.
    pub(super) field: Option<String>,
    /// The value without its quotes.
    pub(super) value: String,
}

/// A parsed search.
#[derive(Debug, PartialEq)]
pub(super) enum Expr {
    Term(Term),
    Not(Box<Expr>),
    And(Vec<Expr>),
    Or(Vec<Expr>),
}

impl Expr {
    /// Whether a conversation matches, `leaf` deciding each term.
    pub(super) fn matches(&self, leaf: &mut impl FnMut(&Term) -> bool) -> bool {
        match self {
            Self::Term(term) => leaf(term),
            Self::Not(inner) => !inner.matches(leaf),
            Self::And(all) => all.iter().all(|e| e.matches(leaf)),
            Self::Or(any) => any.iter().any(|e| e.matches(leaf)),
        }
    }
}

/// How deep parentheses may nest: a bound, so that no query can exhaust the stack.
const MAX_DEPTH: usize = 32;

#[derive(Debug, PartialEq)]
enum Token {
    Open,
    Close,
    Word(String),
}

fn tokens(query: &str) -> Vec<Token> {
    let chars: Vec<char> = query.chars().collect();
    let mut out = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        match chars[i] {
            ch if ch.is_whitespace() => i += 1,
            '(' => {
                out.push(Token::Open);
                i += 1;
            }
            ')' => {
                out.push(Token::Close);
                i += 1;
            }
            _ => {
                let mut word = String::new();
                let (mut quoted, mut bracket) = (false, false);
                while i < chars.len() {
                    let ch = chars[i];
                    if ch == '"' {
                        quoted = !quoted;
                        i += 1;
                        continue;
                    }
                    match ch {
                        '[' => bracket = true,
                        ']' => bracket = false,
                        _ => {}
                    }
                    if !quoted && !bracket && (ch.is_whitespace() || ch == '(' || ch == ')') {
                        break;
                    }
                    word.push(ch);
                    i += 1;
                }
                out.push(Token::Word(word));
            }
        }
    }
    out
}

struct Parser {
    tokens: Vec<Token>,
    at: usize,
}

impl Parser {
    fn peek(&self) -> Option<&Token> {
        self.tokens.get(self.at)
    }

    fn is_word(&self, word: &str) -> bool {
        matches!(self.peek(), Some(Token::Word(w)) if w == word)
    }

    fn or(&mut self, depth: usize) -> Result<Option<Expr>, String> {
        let mut any = Vec::new();
        loop {
            if let Some(e) = self.and(depth)? {
                any.push(e);
            }
            if self.is_word("OR") {
                self.at += 1;
            } else {
                break;
            }
        }
        Ok(collapse(any, Expr::Or))
    }

    fn and(&mut self, depth: usize) -> Result<Option<Expr>, String> {
        let mut all = Vec::new();
        loop {
            match self.peek() {
                None | Some(Token::Close) => break,
                Some(Token::Word(w)) if w == "OR" => break,
                Some(Token::Word(w)) if w == "AND" => self.at += 1,
                Some(_) => {
                    if let Some(e) = self.unary(depth)? {
                        all.push(e);
                    }
                }
            }
        }
        Ok(collapse(all, Expr::And))
    }

    fn unary(&mut self, depth: usize) -> Result<Option<Expr>, String> {
        if depth > MAX_DEPTH {
            return Err(format!("the search nests deeper than {MAX_DEPTH} levels"));
        }
        let Some(token) = self.tokens.get(self.at) else {
            return Ok(None);
        };
        self.at += 1;
        match token {
            Token::Open => {
                let inner = self.or(depth + 1)?;
                // A missing `)` closes at the end of the query.
                if self.peek() == Some(&Token::Close) {
                    self.at += 1;
                }
                Ok(inner)
            }
            Token::Close => Ok(None),
            Token::Word(w) if w == "NOT" => {
                Ok(self.unary(depth + 1)?.map(|e| Expr::Not(Box::new(e))))
            }
            Token::Word(w) => Ok(Some(Expr::Term(term(w)))),
        }
    }
}

fn collapse(mut items: Vec<Expr>, wrap: fn(Vec<Expr>) -> Expr) -> Option<Expr> {
    match items.len() {
        0 => None,
        1 => items.pop(),
        _ => Some(wrap(items)),
    }
}

fn term(word: &str) -> Term {
    match word.split_once(':') {
        Some((field, value))
            if !field.is_empty() && field.chars().all(|c| c.is_ascii_alphabetic()) =>
        {
            Term {
                field: Some(field.to_ascii_lowercase()),
                value: value.to_owned(),
            }
        }
        _ => Term {
            field: None,
            value: word.to_owned(),
        },
    }
}

/// Parses a search; `Ok(None)` when it has no terms (it then matches everything).
///
/// # Errors
///
/// A message when parentheses nest deeper than [`MAX_DEPTH`].
pub(super) fn parse(query: &str) -> Result<Option<Expr>, String> {
    let mut parser = Parser {
        tokens: tokens(query),
        at: 0,
    };
    let mut any = Vec::new();
    // Stray `)` at the top level are skipped rather than ending the parse early.
    while parser.at < parser.tokens.len() {
        if let Some(e) = parser.or(0)? {
            any.push(e);
        }
        if parser.peek() == Some(&Token::Close) {
            parser.at += 1;
        }
    }
    Ok(collapse(any, Expr::Or))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn word(field: &str, value: &str) -> Expr {
        Expr::Term(Term {
            field: Some(field.to_owned()),
            value: value.to_owned(),
        })
    }

    #[test]
    fn quotes_and_ranges_stay_one_term() {
        assert_eq!(
            parse(r#"subject:"log in""#),
            Ok(Some(word("subject", "log in")))
        );
        assert_eq!(
            parse("modifiedAt:[2024-01-01T00:00:00Z TO *]"),
            Ok(Some(word("modifiedat", "[2024-01-01T00:00:00Z TO *]")))
        );
    }

    #[test]
    fn and_binds_tighter_than_or_and_parentheses_group() {
        assert_eq!(
            parse("(customerIds:7) AND (subject:a OR subject:b)"),
            Ok(Some(Expr::And(vec![
                word("customerids", "7"),
                Expr::Or(vec![word("subject", "a"), word("subject", "b")]),
            ])))
        );
        assert_eq!(
            parse("tag:a tag:b OR NOT tag:c"),
            Ok(Some(Expr::Or(vec![
                Expr::And(vec![word("tag", "a"), word("tag", "b")]),
                Expr::Not(Box::new(word("tag", "c"))),
            ])))
        );
    }

    #[test]
    fn evaluation_follows_the_tree() {
        let Ok(Some(expr)) = parse("(id:1) AND (id:2 OR NOT id:3)") else {
            panic!("parses");
        };
        let with = |ids: &'static [&'static str]| {
            expr.matches(&mut |t: &Term| ids.contains(&t.value.as_str()))
        };
        assert!(with(&["1", "2", "3"]));
        assert!(with(&["1"]));
        assert!(!with(&["1", "3"]));
        assert!(!with(&["2"]));
    }

    #[test]
    fn unbalanced_empty_and_deep_input_does_not_panic() {
        assert_eq!(parse(""), Ok(None));
        assert_eq!(parse("()"), Ok(None));
        assert_eq!(parse(") tag:a ("), Ok(Some(word("tag", "a"))));
        assert_eq!(parse("((tag:a"), Ok(Some(word("tag", "a"))));
        assert!(parse(&"(".repeat(10_000)).is_err());
        assert!(parse(&"NOT ".repeat(10_000)).is_err());
    }
}
