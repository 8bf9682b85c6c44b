//! Template filters that write for the site's language: `num` (a number with the language's
//! separators), `fill` (an interface string with its `{name}`s filled in, numbers written by
//! `num`) and `lower_label` (a label lowered to run in a sentence, except in German, whose nouns
//! keep their capital). Registered when the templates load (so that they compile) and again
//! when pages are rendered, with the site's language.

use tera::{Kwargs, State, Tera, Value};

use crate::locale::Language;

/// Registers the filters on `tera` for `language`.
pub fn register(tera: &mut Tera, language: Language) {
    tera.register_filter("num", move |value: &Value, _: Kwargs, _: &State| shown(language, value));
    tera.register_filter("fill", move |text: &str, kwargs: Kwargs, _: &State| {
        let values: Vec<(String, String)> = kwargs
            .iter()
            .filter_map(|(key, value)| Some((key.as_str()?.to_string(), shown(language, value))))
            .collect();
        let pairs: Vec<(&str, &str)> = values.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
        crate::locale::strings::fill(text, &pairs)
    });
    tera.register_filter("lower_label", move |text: &str, _: Kwargs, _: &State| language.lower(text));
}

/// A value as readers see it: numbers with the language's separators, other values as Tera
/// writes them.
fn shown(language: Language, value: &Value) -> String {
    if value.is_number() {
        language.number(&value.to_string())
    } else if let Some(text) = value.as_str() {
        text.to_string()
    } else {
        value.to_string()
    }
}
