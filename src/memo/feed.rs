//! A value hashed through its `Serialize` impl, for memo keys: each part is written with a tag
//! and each string with its length, so that two different values never feed the same bytes.
//! Nothing is escaped or formatted on the way, as it would be through JSON text: a page's
//! context holds whole chapters of HTML and drawings, whose quotes JSON would escape one by one.

use std::fmt;
use std::hash::Hasher;

use super::KeyHasher;

use serde::ser::{self, Serialize};

/// Bytes gathered before each write to the hasher, which costs the same for 1 byte as for 64.
/// Small: the buffer is zeroed for each value fed, ten thousand page contexts at each rebuild
/// of a large site (at 4 KiB, the zeroing cost more than the hashing).
const BUFFER: usize = 512;

/// What a value's serialization is fed to.
pub(super) struct Feed<'h> {
    hasher: &'h mut KeyHasher,
    buffer: [u8; BUFFER],
    filled: usize,
}

/// Tags of the parts of a value.
mod tag {
    pub const BOOL: u8 = 1;
    pub const INT: u8 = 2;
    pub const UINT: u8 = 3;
    pub const FLOAT: u8 = 4;
    pub const CHAR: u8 = 5;
    pub const STR: u8 = 6;
    pub const BYTES: u8 = 7;
    pub const NONE: u8 = 8;
    pub const SOME: u8 = 9;
    pub const UNIT: u8 = 10;
    pub const VARIANT: u8 = 11;
    pub const NEWTYPE: u8 = 12;
    pub const SEQ: u8 = 13;
    pub const MAP: u8 = 14;
    pub const STRUCT: u8 = 15;
    pub const END: u8 = 16;
}

impl<'h> Feed<'h> {
    pub(super) fn new(hasher: &'h mut KeyHasher) -> Self {
        Feed { hasher, buffer: [0; BUFFER], filled: 0 }
    }

    /// Passes on what is gathered; call it once the value is fed.
    pub(super) fn flush(&mut self) {
        self.hasher.write(&self.buffer[..self.filled]);
        self.filled = 0;
    }

    fn bytes(&mut self, bytes: &[u8]) {
        if self.filled + bytes.len() > BUFFER {
            self.flush();
        }
        if bytes.len() >= BUFFER {
            self.hasher.write(bytes);
        } else {
            self.buffer[self.filled..self.filled + bytes.len()].copy_from_slice(bytes);
            self.filled += bytes.len();
        }
    }

    /// Writes `tag` and a number's bytes: a copy of known length, which compiles to a few moves
    /// where the copy of a slice calls `memcpy` (a page's context has thousands of parts).
    fn tagged<const N: usize>(&mut self, tag: u8, bytes: [u8; N]) {
        if self.filled + 1 + N > BUFFER {
            self.flush();
        }
        self.buffer[self.filled] = tag;
        self.buffer[self.filled + 1..self.filled + 1 + N].copy_from_slice(&bytes);
        self.filled += 1 + N;
    }

    fn text(&mut self, tag: u8, text: &[u8]) {
        self.tagged(tag, (text.len() as u64).to_le_bytes());
        self.bytes(text);
    }
}

/// Serializing into a hasher cannot fail, but a `Serialize` impl may still report an error.
#[derive(Debug)]
pub(super) struct Failed(String);

impl fmt::Display for Failed {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for Failed {}

impl ser::Error for Failed {
    fn custom<T: fmt::Display>(message: T) -> Self {
        Failed(message.to_string())
    }
}

type Fed = Result<(), Failed>;

impl<'a, 'h> ser::Serializer for &'a mut Feed<'h> {
    type Ok = ();
    type Error = Failed;
    type SerializeSeq = Self;
    type SerializeTuple = Self;
    type SerializeTupleStruct = Self;
    type SerializeTupleVariant = Self;
    type SerializeMap = Self;
    type SerializeStruct = Self;
    type SerializeStructVariant = Self;

    /// Not human-readable: a value that has a compact stand-in for itself (a page's text that
    /// has a memo key of its own) may hash as that.
    fn is_human_readable(&self) -> bool {
        false
    }

    fn serialize_bool(self, v: bool) -> Fed {
        self.tagged(tag::BOOL, [u8::from(v)]);
        Ok(())
    }
    fn serialize_i8(self, v: i8) -> Fed {
        self.serialize_i64(v.into())
    }
    fn serialize_i16(self, v: i16) -> Fed {
        self.serialize_i64(v.into())
    }
    fn serialize_i32(self, v: i32) -> Fed {
        self.serialize_i64(v.into())
    }
    fn serialize_i64(self, v: i64) -> Fed {
        self.tagged(tag::INT, v.to_le_bytes());
        Ok(())
    }
    fn serialize_u8(self, v: u8) -> Fed {
        self.serialize_u64(v.into())
    }
    fn serialize_u16(self, v: u16) -> Fed {
        self.serialize_u64(v.into())
    }
    fn serialize_u32(self, v: u32) -> Fed {
        self.serialize_u64(v.into())
    }
    fn serialize_u64(self, v: u64) -> Fed {
        self.tagged(tag::UINT, v.to_le_bytes());
        Ok(())
    }
    fn serialize_f32(self, v: f32) -> Fed {
        self.serialize_f64(v.into())
    }
    fn serialize_f64(self, v: f64) -> Fed {
        self.tagged(tag::FLOAT, v.to_bits().to_le_bytes());
        Ok(())
    }
    fn serialize_char(self, v: char) -> Fed {
        self.tagged(tag::CHAR, u32::from(v).to_le_bytes());
        Ok(())
    }
    fn serialize_str(self, v: &str) -> Fed {
        self.text(tag::STR, v.as_bytes());
        Ok(())
    }
    fn serialize_bytes(self, v: &[u8]) -> Fed {
        self.text(tag::BYTES, v);
        Ok(())
    }
    fn serialize_none(self) -> Fed {
        self.tagged(tag::NONE, []);
        Ok(())
    }
    fn serialize_some<T: ?Sized + Serialize>(self, value: &T) -> Fed {
        self.tagged(tag::SOME, []);
        value.serialize(self)
    }
    fn serialize_unit(self) -> Fed {
        self.tagged(tag::UNIT, []);
        Ok(())
    }
    fn serialize_unit_struct(self, _: &'static str) -> Fed {
        self.serialize_unit()
    }
    fn serialize_unit_variant(self, _: &'static str, _: u32, variant: &'static str) -> Fed {
        self.text(tag::VARIANT, variant.as_bytes());
        Ok(())
    }
    fn serialize_newtype_struct<T: ?Sized + Serialize>(self, _: &'static str, value: &T) -> Fed {
        self.tagged(tag::NEWTYPE, []);
        value.serialize(self)
    }
    fn serialize_newtype_variant<T: ?Sized + Serialize>(
        self,
        _: &'static str,
        _: u32,
        variant: &'static str,
        value: &T,
    ) -> Fed {
        self.text(tag::VARIANT, variant.as_bytes());
        value.serialize(self)
    }
    fn serialize_seq(self, _: Option<usize>) -> Result<Self, Failed> {
        self.tagged(tag::SEQ, []);
        Ok(self)
    }
    fn serialize_tuple(self, len: usize) -> Result<Self, Failed> {
        self.serialize_seq(Some(len))
    }
    fn serialize_tuple_struct(self, _: &'static str, len: usize) -> Result<Self, Failed> {
        self.serialize_seq(Some(len))
    }
    fn serialize_tuple_variant(
        self,
        _: &'static str,
        _: u32,
        variant: &'static str,
        len: usize,
    ) -> Result<Self, Failed> {
        self.text(tag::VARIANT, variant.as_bytes());
        self.serialize_seq(Some(len))
    }
    fn serialize_map(self, _: Option<usize>) -> Result<Self, Failed> {
        self.tagged(tag::MAP, []);
        Ok(self)
    }
    fn serialize_struct(self, _: &'static str, _: usize) -> Result<Self, Failed> {
        self.tagged(tag::STRUCT, []);
        Ok(self)
    }
    fn serialize_struct_variant(
        self,
        _: &'static str,
        _: u32,
        variant: &'static str,
        _: usize,
    ) -> Result<Self, Failed> {
        self.text(tag::VARIANT, variant.as_bytes());
        self.tagged(tag::STRUCT, []);
        Ok(self)
    }
}

/// Ends a sequence, map or struct, so that what follows cannot be read as more of it.
fn end(feed: &mut Feed) -> Fed {
    feed.bytes(&[tag::END]);
    Ok(())
}

/// The compound serializers whose parts are values in order.
macro_rules! in_order {
    ($($kind:ident::$part:ident),*) => {$(
        impl ser::$kind for &mut Feed<'_> {
            type Ok = ();
            type Error = Failed;
            fn $part<T: ?Sized + Serialize>(&mut self, value: &T) -> Fed {
                value.serialize(&mut **self)
            }
            fn end(self) -> Fed {
                end(self)
            }
        }
    )*};
}

in_order!(
    SerializeSeq::serialize_element,
    SerializeTuple::serialize_element,
    SerializeTupleStruct::serialize_field,
    SerializeTupleVariant::serialize_field
);

impl ser::SerializeMap for &mut Feed<'_> {
    type Ok = ();
    type Error = Failed;
    fn serialize_key<T: ?Sized + Serialize>(&mut self, key: &T) -> Fed {
        key.serialize(&mut **self)
    }
    fn serialize_value<T: ?Sized + Serialize>(&mut self, value: &T) -> Fed {
        value.serialize(&mut **self)
    }
    fn end(self) -> Fed {
        end(self)
    }
}

/// The compound serializers whose parts are named fields.
macro_rules! named {
    ($($kind:ident),*) => {$(
        impl ser::$kind for &mut Feed<'_> {
            type Ok = ();
            type Error = Failed;
            fn serialize_field<T: ?Sized + Serialize>(&mut self, key: &'static str, value: &T) -> Fed {
                self.text(tag::STR, key.as_bytes());
                value.serialize(&mut **self)
            }
            fn skip_field(&mut self, key: &'static str) -> Fed {
                // A field left out is not the field with an empty value.
                self.text(tag::NONE, key.as_bytes());
                Ok(())
            }
            fn end(self) -> Fed {
                end(self)
            }
        }
    )*};
}

named!(SerializeStruct, SerializeStructVariant);

#[cfg(test)]
mod tests {
    use serde::Serialize;

    use super::*;

    fn hash(value: &impl Serialize) -> u64 {
        let mut hasher = super::super::hasher();
        let mut feed = Feed::new(&mut hasher);
        value.serialize(&mut feed).unwrap();
        feed.flush();
        hasher.finish()
    }

    #[derive(Serialize)]
    struct Page<'a> {
        title: &'a str,
        html: Option<&'a str>,
        parts: Vec<&'a str>,
    }

    #[test]
    fn values_that_differ_anywhere_hash_apart() {
        let page = |title, html, parts| hash(&Page { title, html, parts });
        let base = page("a", Some("<p class=\"x\">"), vec!["b", "c"]);
        assert_eq!(base, page("a", Some("<p class=\"x\">"), vec!["b", "c"]));
        // Moving a character from one string to the next, or from one list to the other.
        assert_ne!(base, page("a", Some("<p class=\"x\""), vec![">b", "c"]));
        assert_ne!(base, page("a", Some("<p class=\"x\">"), vec!["bc"]));
        assert_ne!(base, page("a", None, vec!["b", "c"]));
        assert_ne!(base, page("a", Some(""), vec!["b", "c"]));
        assert_ne!(hash(&(vec![1u32], vec![2u32])), hash(&(vec![1u32, 2], Vec::<u32>::new())));
        assert_ne!(hash(&1u64), hash(&1i64));
        let long = "x".repeat(3 * BUFFER);
        assert_ne!(hash(&long), hash(&format!("{long}y")));
    }
}
