//! The words a search matches: how text is cut into terms (the same rule as the script's query
//! parsing in `theme/folio.js`), the postings of a chunk of documents, and the shard a term is
//! filed in.

use std::ops::Range;

use crate::content::fold_accent;
use crate::fasthash::FastMap;

/// The terms of a chunk of documents, sorted, each with the ascending ids of the documents
/// holding it. Every chunk's postings are held until the shards are written, so they are kept
/// in four flat lists rather than in two allocations per term; sorted, the terms of a shard
/// sit together ([`Postings::by_start`]).
#[derive(Debug, Default)]
pub struct Postings {
    /// The terms, one after another; term `i` ends at `term_ends[i]`.
    terms: String,
    term_ends: Vec<u32>,
    /// The ids of every term, one list after another; term `i`'s end at `id_ends[i]`.
    ids: Vec<u32>,
    id_ends: Vec<u32>,
}

impl Postings {
    /// The postings of the documents numbered from `first`, each given as the pieces of its
    /// text (title, page title, body).
    pub fn of<'t>(first: u32, docs: impl Iterator<Item = [&'t str; 3]>) -> Postings {
        let mut noted: FastMap<Box<str>, Vec<u32>> = FastMap::default();
        for (id, pieces) in (first..).zip(docs) {
            // Documents come in id order, so a term already noted for this one is the last id
            // of its list.
            let mut note = |word: &str| match noted.get_mut(word) {
                Some(ids) if ids.last() == Some(&id) => {}
                Some(ids) => ids.push(id),
                None => {
                    noted.insert(word.into(), vec![id]);
                }
            };
            for piece in pieces {
                for_each_term(piece, &mut note);
            }
        }
        let mut noted: Vec<(Box<str>, Vec<u32>)> = noted.into_iter().collect();
        noted.sort_unstable_by(|a, b| a.0.cmp(&b.0));
        let mut postings = Postings {
            terms: String::with_capacity(noted.iter().map(|(term, _)| term.len()).sum()),
            term_ends: Vec::with_capacity(noted.len()),
            ids: Vec::with_capacity(noted.iter().map(|(_, ids)| ids.len()).sum()),
            id_ends: Vec::with_capacity(noted.len()),
        };
        for (term, ids) in noted {
            postings.terms.push_str(&term);
            postings.term_ends.push(offset(postings.terms.len()));
            postings.ids.extend(ids);
            postings.id_ends.push(offset(postings.ids.len()));
        }
        postings
    }

    pub fn len(&self) -> usize {
        self.term_ends.len()
    }

    /// Term `i` and the ids of the documents holding it.
    pub fn get(&self, i: usize) -> (&str, &[u32]) {
        let start = |ends: &[u32]| if i == 0 { 0 } else { ends[i - 1] as usize };
        let term = &self.terms[start(&self.term_ends)..self.term_ends[i] as usize];
        (term, &self.ids[start(&self.id_ends)..self.id_ends[i] as usize])
    }

    pub fn iter(&self) -> impl Iterator<Item = (&str, &[u32])> {
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

/// Calls `each` with the terms of `text` in order, from one reused buffer. ASCII, nearly all of
/// a report's text, is handled byte by byte; other characters are decoded one by one. Terms
/// are ASCII letters and digits only.
pub fn for_each_term(text: &str, mut each: impl FnMut(&str)) {
    let mut emit = |word: &str| {
        if word.len() >= 2 && !is_stopword(word) {
            each(word);
        }
    };
    // A word being assembled, when it is not a plain lowercase ASCII run of the text.
    let mut word = String::new();
    let bytes = text.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        let start = i;
        while i < bytes.len() && bytes[i].is_ascii_alphanumeric() {
            i += 1;
        }
        let run = &text[start..i];
        let ends_word = i == bytes.len() || bytes[i].is_ascii();
        if word.is_empty() && ends_word && !run.bytes().any(|b| b.is_ascii_uppercase()) {
            emit(run);
        } else {
            let from = word.len();
            word.push_str(run);
            word[from..].make_ascii_lowercase();
            if ends_word {
                emit(&word);
                word.clear();
            }
        }
        if i == bytes.len() {
            break;
        }
        if bytes[i].is_ascii() {
            i += 1;
            continue;
        }
        let Some(c) = text[i..].chars().next() else { break };
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
    emit(&word);
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
        let listed: Vec<(&str, &[u32])> = p.iter().collect();
        assert_eq!(listed, [("alpha", &[10][..]), ("beta", &[10, 11]), ("gamma", &[11])]);
    }

    #[test]
    fn runs_by_start_hold_the_terms_of_each_two_character_start() {
        let p = Postings::of(0, [["pharma phase alpha", "", "al pharmacy"]].into_iter());
        let runs: Vec<Vec<&str>> = p.by_start().map(|run| run.map(|i| p.get(i).0).collect()).collect();
        assert_eq!(runs, [vec!["al", "alpha"], vec!["pharma", "pharmacy", "phase"]]);
    }
}
