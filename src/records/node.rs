//! A YAML or JSON value as written, before the schema gives it a type: every value and every key
//! keeps its line and column, so that a bad value can be pointed at wherever it sits. JSON is
//! read by the same YAML parser (JSON is YAML), so both formats report positions alike.

use std::fmt;

use serde::de::{self, Deserialize, Deserializer, MapAccess, SeqAccess, Visitor};
use serde_saphyr::Spanned;

/// One parsed value.
#[derive(Debug, Clone, PartialEq)]
pub enum Node {
    Null,
    Bool(bool),
    Int(i64),
    /// A whole number beyond `i64`, kept as written so it is never rounded.
    BigInt(String),
    Float(f64),
    Str(String),
    List(Vec<At<Node>>),
    Map(Vec<Entry>),
}

/// A mapping's key and value, each where it is written.
pub type Entry = (At<String>, At<Node>);

/// A value with the 1-based line and column where it is written.
#[derive(Debug, Clone, PartialEq)]
pub struct At<T> {
    pub value: T,
    pub line: usize,
    pub col: usize,
}

impl<T> At<T> {
    pub fn new(value: T, line: usize, col: usize) -> Self {
        At { value, line, col }
    }
}

impl<T> From<Spanned<T>> for At<T> {
    fn from(s: Spanned<T>) -> Self {
        At { value: s.value, line: s.referenced.line() as usize, col: s.referenced.column() as usize }
    }
}

impl Node {
    /// What kind of value this is, for messages ("expected a whole number, found a list").
    pub fn describe(&self) -> &'static str {
        match self {
            Node::Null => "an empty value",
            Node::Bool(_) => "true or false",
            Node::Int(_) | Node::BigInt(_) => "a whole number",
            Node::Float(_) => "a number",
            Node::Str(_) => "text",
            Node::List(_) => "a list",
            Node::Map(_) => "a mapping",
        }
    }
}

impl<'de> Deserialize<'de> for Node {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Node, D::Error> {
        deserializer.deserialize_any(NodeVisitor)
    }
}

struct NodeVisitor;

impl<'de> Visitor<'de> for NodeVisitor {
    type Value = Node;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a YAML value")
    }

    fn visit_unit<E>(self) -> Result<Node, E> {
        Ok(Node::Null)
    }

    fn visit_none<E>(self) -> Result<Node, E> {
        Ok(Node::Null)
    }

    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Node, D::Error> {
        d.deserialize_any(NodeVisitor)
    }

    fn visit_bool<E>(self, v: bool) -> Result<Node, E> {
        Ok(Node::Bool(v))
    }

    fn visit_i64<E>(self, v: i64) -> Result<Node, E> {
        Ok(Node::Int(v))
    }

    fn visit_u64<E>(self, v: u64) -> Result<Node, E> {
        Ok(i64::try_from(v).map_or_else(|_| Node::BigInt(v.to_string()), Node::Int))
    }

    fn visit_i128<E>(self, v: i128) -> Result<Node, E> {
        Ok(i64::try_from(v).map_or_else(|_| Node::BigInt(v.to_string()), Node::Int))
    }

    fn visit_u128<E>(self, v: u128) -> Result<Node, E> {
        Ok(i64::try_from(v).map_or_else(|_| Node::BigInt(v.to_string()), Node::Int))
    }

    fn visit_f64<E>(self, v: f64) -> Result<Node, E> {
        Ok(Node::Float(v))
    }

    fn visit_str<E>(self, v: &str) -> Result<Node, E> {
        Ok(Node::Str(v.to_string()))
    }

    fn visit_string<E>(self, v: String) -> Result<Node, E> {
        Ok(Node::Str(v))
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Node, A::Error> {
        let mut items = Vec::new();
        while let Some(item) = seq.next_element::<Spanned<Node>>()? {
            items.push(item.into());
        }
        Ok(Node::List(items))
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Node, A::Error> {
        let mut entries = Vec::new();
        while let Some(key) = map.next_key::<Spanned<String>>()? {
            let value = map.next_value::<Spanned<Node>>()?;
            entries.push((key.into(), value.into()));
        }
        Ok(Node::Map(entries))
    }

    fn visit_newtype_struct<D: Deserializer<'de>>(self, d: D) -> Result<Node, D::Error> {
        d.deserialize_any(NodeVisitor)
    }

    fn visit_enum<A: de::EnumAccess<'de>>(self, _: A) -> Result<Node, A::Error> {
        Err(de::Error::custom("tagged values are not supported in records"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_keep_their_positions() {
        let node: Spanned<Node> =
            serde_saphyr::from_str("a: 1\nb: [x, 2.5]\nc: 9223372036854775808\n").unwrap();
        let Node::Map(entries) = node.value else { panic!("not a map") };
        assert_eq!(entries[0].1.value, Node::Int(1));
        let Node::List(items) = &entries[1].1.value else { panic!("not a list") };
        assert_eq!((items[1].line, items[1].col), (2, 8));
        assert_eq!(entries[2].1.value, Node::BigInt("9223372036854775808".into()));
        assert_eq!(entries[2].0.line, 3);
    }

    #[test]
    fn json_is_read_by_the_same_parser() {
        let node: Node = serde_saphyr::from_str("[{\"id\": \"a\", \"n\": null}]").unwrap();
        let Node::List(items) = node else { panic!("not a list") };
        assert!(matches!(&items[0].value, Node::Map(e) if e[1].1.value == Node::Null));
    }
}
