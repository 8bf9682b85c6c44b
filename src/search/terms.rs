//! The words a search matches: how text is cut into terms (the same rule as the script's query
//! parsing in `theme/folio.js`), the postings of a chunk of documents, and the shard a term is
//! filed in.

use std::ops::Range;

use crate::content::fold_accent;
use crate::fasthash::{FastMap, short_words};

/// The terms of a chunk of documents, sorted, each with the ascending ids of the documents
/// holding it. Every chunk's postings are held until the shards are written, so they are kept
/// in four flat lists rather than in two allocations per term, and each id as its distance
/// from the chunk's first, in 16 bits (at 10,000 chapters the lists hold 4.6 million ids);
/// sorted, the terms of a shard sit together ([`Postings::by_start`]).
#[derive(Debug, Default)]
pub struct Postings {
    /// The id of the chunk's first document.
    first: u32,
    /// The terms, one after another; term `i` ends at `term_ends[i]`.
    terms: String,
    term_ends: Vec<u32>,
    /// The ids of every term less `first`, one list after another; term `i`'s end at
    /// `id_ends[i]`.
    ids: Vec<u16>,
    id_ends: Vec<u32>,
}

impl Postings {
    /// The postings of the documents numbered from `first` (65,536 at most), each given as the
    /// pieces of its text (title, page title, body).
    pub fn of<'t>(first: u32, docs: impl Iterator<Item = [&'t str; 3]>) -> Postings {
        // Each term is numbered as it is first met, and found with the last document noted
        // for it, so that a word repeated in a document is passed over without reading its
        // list; a term of 16 bytes or less (nearly all) is found by its packed bytes, which
        // compare as integers.
        let mut short: FastMap<Packed, (u32, u32)> = FastMap::default();
        let mut long: FastMap<Box<str>, (u32, u32)> = FastMap::default();
        let mut names: Vec<Box<str>> = Vec::new();
        let mut lists: Vec<Vec<u16>> = Vec::new();
        for (n, pieces) in docs.enumerate() {
            let id = u16::try_from(n).expect("a chunk holds at most 65,536 documents");
            let mut note = |word: &str| {
                let (term, last) = match Packed::of(word) {
                    Some(packed) => short.entry(packed).or_insert((offset(names.len()), u32::MAX)),
                    None => {
                        if !long.contains_key(word) {
                            long.insert(word.into(), (offset(names.len()), u32::MAX));
                        }
                        long.get_mut(word).expect("inserted above")
                    }
                };
                if *last == u32::from(id) {
                    return;
                }
                *last = u32::from(id);
                if *term as usize == names.len() {
                    names.push(word.into());
                    lists.push(Vec::new());
                }
                lists[*term as usize].push(id);
            };
            for piece in pieces {
                for_each_term(piece, &mut note);
            }
        }
        let mut order: Vec<u32> = (0..offset(names.len())).collect();
        order.sort_unstable_by(|&a, &b| names[a as usize].cmp(&names[b as usize]));
        let mut postings = Postings {
            first,
            terms: String::with_capacity(names.iter().map(|term| term.len()).sum()),
            term_ends: Vec::with_capacity(names.len()),
            ids: Vec::with_capacity(lists.iter().map(Vec::len).sum()),
            id_ends: Vec::with_capacity(names.len()),
        };
        for term in order {
            postings.terms.push_str(&names[term as usize]);
            postings.term_ends.push(offset(postings.terms.len()));
            postings.ids.extend_from_slice(&lists[term as usize]);
            postings.id_ends.push(offset(postings.ids.len()));
        }
        postings
    }

    pub fn len(&self) -> usize {
        self.term_ends.len()
    }

    /// The id of the chunk's first document, from which the ids of [`Postings::get`] count.
    pub fn first(&self) -> u32 {
        self.first
    }

    /// Term `i` and the ids of the documents holding it, less [`Postings::first`].
    pub fn get(&self, i: usize) -> (&str, &[u16]) {
        let start = |ends: &[u32]| if i == 0 { 0 } else { ends[i - 1] as usize };
        let term = &self.terms[start(&self.term_ends)..self.term_ends[i] as usize];
        (term, &self.ids[start(&self.id_ends)..self.id_ends[i] as usize])
    }

    pub fn iter(&self) -> impl Iterator<Item = (&str, &[u16])> {
        (0..self.len()).map(|i| self.get(i))
    }

    /// The runs of terms that start with the same two characters, and so share a shard
    /// whatever the number of shards ([`shard_of`]).
    pub fn by_start(&self) -> impl Iterator<Item = Range<usize>> + '_ {
        let start = |i: usize| self.get(i).0.as_bytes().get(..2);
        let mut from = 0;
        std::iter::from_fn(move || {
            if from == self.len() {
                return None;
            }
            let first = start(from);
            let len = (from..self.len()).take_while(|&i| start(i) == first).count();
            let run = from..from + len;
            from = run.end;
            Some(run)
        })
    }
}

/// A term of at most 16 bytes, exactly: its [`short_words`] and its length. Unlike a string
/// key, it is hashed and compared without a loop or a call.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
struct Packed(u64, u64, u8);

impl Packed {
    fn of(term: &str) -> Option<Packed> {
        short_words(term.as_bytes()).map(|(first, last)| Packed(first, last, term.len() as u8))
    }
}

/// A position in a chunk's flat lists, which stay far below 4 GiB.
fn offset(n: usize) -> u32 {
    u32::try_from(n).expect("a chunk's postings hold less than 4 GiB")
}

/// The term shard (`search/terms_N.js`) holding `term`, among `shards`: chosen by the term's
/// first two characters, so that every term starting with a query's last word (which has two
/// characters or more) is in that word's shard. `theme/folio.js` computes the same.
pub fn shard_of(term: &str, shards: usize) -> usize {
    let b = term.as_bytes();
    let first = b.first().copied().unwrap_or(0) as usize;
    let second = b.get(1).copied().unwrap_or(0) as usize;
    (first * 31 + second) % shards.max(1)
}

/// Words too common to help a search, as the script lists them: the test below keeps the
/// script's copy and [`is_stopword`] in step with this list.
#[cfg(test)]
const STOPWORDS: &[&str] = &[
    "a", "an", "and", "are", "as", "at", "be", "by", "for", "from", "has", "have", "in", "into", "is", "it",
    "its", "of", "on", "or", "that", "the", "their", "this", "to", "was", "were", "which", "with",
];

/// Whether `word` is one of the stopwords (the script's `STOP`): a `match`, which compiles to a test of the length
/// and a few comparisons, where a search of the list cost 5 % of a large build's time.
fn is_stopword(word: &str) -> bool {
    matches!(
        word,
        "a" | "an"
            | "and"
            | "are"
            | "as"
            | "at"
            | "be"
            | "by"
            | "for"
            | "from"
            | "has"
            | "have"
            | "in"
            | "into"
            | "is"
            | "it"
            | "its"
            | "of"
            | "on"
            | "or"
            | "that"
            | "the"
            | "their"
            | "this"
            | "to"
            | "was"
            | "were"
            | "which"
            | "with"
    )
}

/// Lowercase, accent-free words of two letters or more, stopwords left out (the same rule as
/// the script's query parsing). Letters without an ASCII base split words, as in slugs.
#[cfg(test)]
fn terms(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    for_each_term(text, |term| out.push(term.to_string()));
    out
}

/// What a byte is to [`for_each_term`]: a lowercase ASCII letter or a digit, an uppercase
/// letter, part of a character beyond ASCII, or (zero) any other ASCII byte, which splits words.
const LOWER: u8 = 1;
const UPPER: u8 = 2;
const WIDE: u8 = 4;
static CLASS: [u8; 256] = {
    let mut class = [0; 256];
    let mut b = 0;
    while b < 256 {
        class[b] = match b as u8 {
            b'a'..=b'z' | b'0'..=b'9' => LOWER,
            b'A'..=b'Z' => UPPER,
            0x80.. => WIDE,
            _ => 0,
        };
        b += 1;
    }
    class
};

/// Calls `each` with the terms of `text` in order. ASCII, nearly all of a report's text, is
/// classed byte by byte through a table, and a lowercase run is passed as it stands; other
/// words are assembled in one reused buffer, their characters beyond ASCII decoded one by one.
/// Terms are ASCII letters and digits only.
pub fn for_each_term(text: &str, mut each: impl FnMut(&str)) {
    let mut emit = |word: &str| {
        if word.len() >= 2 && !is_stopword(word) {
            each(word);
        }
    };
    let class = |b: u8| CLASS[usize::from(b)];
    let bytes = text.as_bytes();
    // A word being assembled, when it is not a plain lowercase ASCII run of the text.
    let mut word = String::new();
    let mut i = 0;
    loop {
        if word.is_empty() {
            while bytes.get(i).is_some_and(|&b| class(b) == 0) {
                i += 1;
            }
        }
        let start = i;
        let mut seen = 0;
        while let Some(c) = bytes.get(i).map(|&b| class(b)).filter(|c| c & (LOWER | UPPER) != 0) {
            seen |= c;
            i += 1;
        }
        let run = &text[start..i];
        let Some(&next) = bytes.get(i) else {
            match word.is_empty() && seen & UPPER == 0 {
                true => emit(run),
                false => {
                    word.push_str(run);
                    word.make_ascii_lowercase();
                    emit(&word);
                }
            }
            return;
        };
        if class(next) != WIDE {
            // The word ends at an ASCII byte that splits words.
            if word.is_empty() && seen & UPPER == 0 {
                emit(run);
            } else {
                word.push_str(run);
                word.make_ascii_lowercase();
                emit(&word);
                word.clear();
            }
            i += 1;
            continue;
        }
        let from = word.len();
        word.push_str(run);
        word[from..].make_ascii_lowercase();
        let Some(c) = text[i..].chars().next() else { return };
        i += c.len_utf8();
        if !c.is_alphanumeric() {
            emit(&word);
            word.clear();
            continue;
        }
        for lower in c.to_lowercase() {
            let folded = fold_accent(lower);
            if folded.is_ascii_alphanumeric() {
                word.push(folded);
            } else {
                emit(&word);
                word.clear();
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_stopwords_are_the_scripts_and_the_matcher_knows_them_all() {
        assert!(STOPWORDS.windows(2).all(|w| w[0] < w[1]));
        assert!(STOPWORDS.iter().all(|w| is_stopword(w)));
        // And nothing else: of all words of five letters at most, made of the letters the
        // stopwords use, the matcher stops exactly the listed ones.
        let mut letters: Vec<u8> = STOPWORDS.iter().flat_map(|w| w.bytes()).collect();
        letters.sort_unstable();
        letters.dedup();
        fn count(word: &mut String, letters: &[u8]) -> usize {
            let mut stopped = usize::from(is_stopword(word));
            if word.len() < 5 {
                for &l in letters {
                    word.push(l as char);
                    stopped += count(word, letters);
                    word.pop();
                }
            }
            stopped
        }
        let stopped = count(&mut String::new(), &letters);
        assert_eq!(stopped, STOPWORDS.len());
        assert!(!is_stopword("then") && !is_stopword("an2"));
        let script = include_str!("../../theme/folio.js");
        let list = script.split("var STOP = [").nth(1).and_then(|rest| rest.split("];").next()).unwrap();
        let listed: Vec<&str> = list.split('"').skip(1).step_by(2).collect();
        assert_eq!(listed, STOPWORDS);
    }

    #[test]
    fn terms_split_on_letters_without_an_ascii_base() {
        assert_eq!(terms("naïve Ωmega café—bar"), ["naive", "mega", "cafe", "bar"]);
        assert_eq!(terms("ÀB Über x Ünd-zz éé"), ["ab", "uber", "und", "zz", "ee"]);
        assert_eq!(terms("plain words, Mixed CASE! r&d x1"), ["plain", "words", "mixed", "case", "x1"]);
    }

    /// The rule of [`for_each_term`] read plainly, one character at a time.
    fn plain_terms(text: &str) -> Vec<String> {
        let mut out = vec![String::new()];
        for c in text.chars() {
            let folded: Vec<char> = match c.is_alphanumeric() {
                true => c.to_lowercase().map(fold_accent).collect(),
                false => vec![' '],
            };
            for f in folded {
                match f.is_ascii_alphanumeric() {
                    true => out.last_mut().expect("never empty").push(f),
                    false => out.push(String::new()),
                }
            }
        }
        out.retain(|w| w.len() >= 2 && !is_stopword(w));
        out
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(500))]
        #[test]
        fn terms_follow_the_plain_rule(text in "([a-zA-Z0-9 ,.\\n\\t-]|é|É|ß|İ|Ω|—|\u{a0}|\u{300}|ǅ|Ⅻ){0,40}") {
            proptest::prop_assert_eq!(terms(&text), plain_terms(&text));
        }
    }

    #[test]
    fn terms_fold_case_accents_and_stopwords() {
        let t: Vec<String> = terms("The Galàpagos pipeline, and THR-687");
        assert_eq!(t, ["galapagos", "pipeline", "thr", "687"]);
    }

    #[test]
    fn a_word_and_the_terms_it_starts_share_a_shard() {
        for shards in [1, 7, 64] {
            assert_eq!(shard_of("pharma", shards), shard_of("ph", shards));
            assert!(shard_of("zz", shards) < shards);
        }
        assert_eq!(shard_of("ab", 1), 0);
    }

    #[test]
    fn postings_list_each_document_once_per_term_in_id_order() {
        let p = Postings::of(10, [["Alpha beta", "", "beta beta"], ["", "Beta", "gamma"]].into_iter());
        let listed: Vec<(&str, &[u16])> = p.iter().collect();
        assert_eq!(p.first(), 10);
        assert_eq!(listed, [("alpha", &[0][..]), ("beta", &[0, 1]), ("gamma", &[1])]);
    }

    #[test]
    fn packed_terms_tell_every_short_term_apart() {
        // Every term of up to 16 bytes over two letters, and a few of other lengths and letters.
        let mut terms: Vec<String> = Vec::new();
        for n in 1..=16 {
            for bits in 0..(1u32 << n).min(4096) {
                terms.push((0..n).map(|i| if bits >> i & 1 == 1 { 'b' } else { 'a' }).collect());
            }
        }
        terms.extend(["parse", "parser", "x1", "1x", "internationalise"].map(String::from));
        let packed: FastMap<Packed, &str> =
            terms.iter().map(|t| (Packed::of(t).unwrap(), t.as_str())).collect();
        assert_eq!(packed.len(), terms.len());
        assert!(Packed::of("seventeen-letters").is_none());
    }

    #[test]
    fn postings_of_long_and_short_terms_are_sorted_together() {
        let long = "internationalisation";
        let p = Postings::of(0, [[long, "", "zz aa"], ["", "", &format!("aa {long}")]].into_iter());
        let listed: Vec<(&str, &[u16])> = p.iter().collect();
        assert_eq!(listed, [("aa", &[0, 1][..]), (long, &[0, 1]), ("zz", &[0])]);
    }

    #[test]
    fn runs_by_start_hold_the_terms_of_each_two_character_start() {
        let p = Postings::of(0, [["pharma phase alpha", "", "al pharmacy"]].into_iter());
        let runs: Vec<Vec<&str>> = p.by_start().map(|run| run.map(|i| p.get(i).0).collect()).collect();
        assert_eq!(runs, [vec!["al", "alpha"], vec!["pharma", "pharmacy", "phase"]]);
    }
}
