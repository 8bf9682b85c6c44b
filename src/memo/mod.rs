//! What `folio serve` remembers between builds, so that a rebuild costs what changed rather
//! than what the site holds: a keyed store that knows none of the stages using it.
//!
//! A stage declares each kind of product it keeps as a [`Product`] (a marker type naming the
//! key and value types) and derives each key from every input the product depends on, hashed
//! whole ([`key`], [`hash_serialized`]) rather than assembled from chosen fields, so that no
//! forgotten input can bring back a stale product. Keys are contents, never file sizes or
//! times: an edit that keeps a file's size within one timestamp tick still changes its key.
//! A file's metadata may only stand for the content key it had when it was last read, and only
//! once it has settled past such ticks ([`crate::fsutil::settled_stamp`]); so may a watcher's
//! word that the file did not change ([`Changed`]).
//!
//! A product whose key is unchanged is reused, so a rebuild stays byte-identical to a full
//! build (tested). A build that panics leaves the memo empty: the next one makes everything.
//! `folio build` runs without a memo.

use std::any::{Any, TypeId};
use std::convert::Infallible;
use std::hash::{BuildHasher, Hash, Hasher};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Mutex, MutexGuard, PoisonError};

use serde::Serialize;

use crate::fasthash::FastMap;

mod feed;
mod files;

pub use files::{Changed, Known, Listed, list_dir};

/// A kind of product a stage keeps between builds: the stage defines a marker type and names
/// the key (made from every input of the product) and the value.
pub trait Product: 'static {
    type Key: Eq + Hash + Send + Sync + 'static;
    type Value: Clone + Send + Sync + 'static;
}

/// The products of the last build, kept between builds.
#[derive(Default)]
pub struct Memo {
    kept: Mutex<Slots>,
}

/// One store per kind of product, found by the product's type.
type Slots = FastMap<TypeId, Box<dyn Slot>>;

/// The products of one kind, keyed. Keys are hashes already (or a few words): SipHash again on
/// every lookup cost more than the lookup itself.
struct Store<P: Product>(FastMap<P::Key, Kept<P::Value>>);

/// A product, and whether the build under way has used it: a rebuild marks what it reuses in
/// place, rather than copying tens of thousands of products into a new store under a lock.
struct Kept<V> {
    value: V,
    used: AtomicBool,
}

impl<V> Kept<V> {
    fn new(value: V) -> Self {
        Kept { value, used: AtomicBool::new(false) }
    }
}

/// A store with its product type erased.
trait Slot: Any + Send + Sync {
    fn len(&self) -> usize;
    /// Moves the products no build used since the last sweep into a store of their own
    /// (`keep_unused` keeps them instead), and clears every mark.
    fn sweep(&mut self, keep_unused: bool) -> Option<Box<dyn Slot>>;
    /// Adds the products of `newer` (a store of the same kind), in place of any under the same
    /// keys.
    fn absorb(&mut self, newer: Box<dyn Slot>);
}

impl<P: Product> Slot for Store<P> {
    fn len(&self) -> usize {
        self.0.len()
    }

    fn sweep(&mut self, keep_unused: bool) -> Option<Box<dyn Slot>> {
        let unused: FastMap<_, _> = match keep_unused {
            true => FastMap::default(),
            false => self.0.extract_if(|_, kept| !*kept.used.get_mut()).collect(),
        };
        self.0.values_mut().for_each(|kept| *kept.used.get_mut() = false);
        (!unused.is_empty()).then(|| Box::new(Store::<P>(unused)) as Box<dyn Slot>)
    }

    fn absorb(&mut self, newer: Box<dyn Slot>) {
        if let Ok(newer) = (newer as Box<dyn Any>).downcast::<Store<P>>() {
            self.0.extend(newer.0);
        }
    }
}

fn store<P: Product>(slots: &Slots) -> Option<&Store<P>> {
    let slot: &dyn Any = slots.get(&TypeId::of::<P>())?.as_ref();
    slot.downcast_ref()
}

/// The store of `P` in `slots`, made empty if there is none.
fn store_mut<P: Product>(slots: &mut Slots) -> &mut Store<P> {
    let slot = slots.entry(TypeId::of::<P>()).or_insert_with(|| Box::new(Store::<P>(FastMap::default())));
    let slot: &mut dyn Any = slot.as_mut();
    slot.downcast_mut().expect("a slot holds the store of the product type it is filed under")
}

impl std::fmt::Debug for Memo {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let kept = self.lock();
        f.debug_struct("Memo")
            .field("kinds", &kept.len())
            .field("products", &kept.values().map(|slot| slot.len()).sum::<usize>())
            .finish()
    }
}

impl Memo {
    /// Starts a build that reuses this memo's products and records its own.
    pub fn begin(&self) -> Recall<'_> {
        self.begin_after(Changed::Unknown)
    }

    /// [`Memo::begin`] for a build after which only the files `changed` names may have changed
    /// since the previous build with this memo began.
    pub fn begin_after(&self, changed: Changed) -> Recall<'_> {
        let previous = std::mem::take(&mut *self.lock());
        Recall { memo: self, previous, next: Mutex::default(), changed: changed.into_sorted() }
    }

    fn lock(&self) -> MutexGuard<'_, Slots> {
        self.kept.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

/// One build's use of the memo: the previous build's products, read without a lock and marked
/// where reused, and the products this build made.
pub struct Recall<'m> {
    memo: &'m Memo,
    previous: Slots,
    /// Products made (or put) by this build.
    next: Mutex<Slots>,
    /// The files and folders changed since the previous build, sorted; none when unknown.
    changed: Option<Vec<std::path::PathBuf>>,
}

impl Recall<'_> {
    /// The product of kind `P` under `key`: the previous build's, or made now.
    pub fn get_or_make<P: Product>(&self, key: P::Key, make: impl FnOnce() -> P::Value) -> P::Value {
        match self.try_get_or_make::<P, Infallible>(key, || Ok(make())) {
            Ok(value) => value,
            Err(never) => match never {},
        }
    }

    /// The previous build's product of kind `P` under `key`, kept for the next build; none when
    /// there is none.
    pub fn recall<P: Product>(&self, key: P::Key) -> Option<P::Value> {
        let kept = store::<P>(&self.previous)?.0.get(&key)?;
        kept.used.store(true, Ordering::Relaxed);
        Some(kept.value.clone())
    }

    /// The previous build's product of kind `P` under `key`, without keeping it for the next
    /// build: what a product is made again from (an earlier version of itself).
    pub fn peek<P: Product>(&self, key: P::Key) -> Option<P::Value> {
        store::<P>(&self.previous)?.0.get(&key).map(|kept| kept.value.clone())
    }

    /// Files `value` under `key` for the next build, in place of any product kept there so far.
    pub fn put<P: Product>(&self, key: P::Key, value: P::Value) {
        store_mut::<P>(&mut self.lock_next()).0.insert(key, Kept::new(value));
    }

    /// [`Recall::get_or_make`] for products whose making may fail; failures are not kept.
    pub fn try_get_or_make<P: Product, E>(
        &self,
        key: P::Key,
        make: impl FnOnce() -> Result<P::Value, E>,
    ) -> Result<P::Value, E> {
        if let Some(kept) = store::<P>(&self.previous).and_then(|store| store.0.get(&key)) {
            kept.used.store(true, Ordering::Relaxed);
            return Ok(kept.value.clone());
        }
        let value = make()?;
        self.put::<P>(key, value.clone());
        Ok(value)
    }

    /// Ends the build. After a good build the memo holds exactly its products; after a failed
    /// one (which may have stopped early) it also keeps the previous build's.
    pub fn finish(self, succeeded: bool) {
        let mut kept = self.previous;
        let mut unused = Vec::new();
        for slot in kept.values_mut() {
            unused.extend(slot.sweep(!succeeded));
        }
        for (kind, newer) in self.next.into_inner().unwrap_or_else(PoisonError::into_inner) {
            match kept.get_mut(&kind) {
                Some(slot) => slot.absorb(newer),
                None => {
                    kept.insert(kind, newer);
                }
            }
        }
        // The products no build uses any more: tens of thousands, after a change that all
        // pages read.
        if !unused.is_empty() {
            drop_later(unused);
        }
        *self.memo.lock() = kept;
    }

    fn lock_next(&self) -> MutexGuard<'_, Slots> {
        self.next.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

/// Frees `value` on a thread of its own, off the way from an edit to the reload. Should no
/// thread be made, the closure is dropped here, and the value with it.
pub fn drop_later<T: Send + 'static>(value: T) {
    let _ = std::thread::Builder::new().name("memo-drop".into()).spawn(move || drop(value));
}

/// `make`'s product; with a `recall` (serve), the previous build's product of kind `P` under the
/// key that `key` computes, when there is one. The key is computed only with a recall.
pub fn once<P: Product>(
    recall: Option<&Recall>,
    key: impl FnOnce() -> P::Key,
    make: impl FnOnce() -> P::Value,
) -> P::Value {
    match recall {
        Some(recall) => recall.get_or_make::<P>(key(), make),
        None => make(),
    }
}

/// [`once`] for products whose making may fail; failures are not kept.
pub fn try_once<P: Product, E>(
    recall: Option<&Recall>,
    key: impl FnOnce() -> P::Key,
    make: impl FnOnce() -> Result<P::Value, E>,
) -> Result<P::Value, E> {
    match recall {
        Some(recall) => recall.try_get_or_make::<P, E>(key(), make),
        None => make(),
    }
}

/// What memo keys are hashed with: foldhash's quality variant under a fixed seed. Keys are the
/// same from build to build (nothing random), and a rebuild of a large site hashes megabytes of
/// page contexts, several times faster than through the standard SipHash; its 64-bit results
/// are as well spread (it passes the SMHasher3 suite), which is what keeps two inputs' keys apart.
pub type KeyHasher = foldhash::quality::FoldHasher<'static>;

/// A new [`KeyHasher`].
pub fn hasher() -> KeyHasher {
    foldhash::quality::FixedState::with_seed(0x6b65_7973).build_hasher()
}

/// A key from hashable parts.
pub fn key(parts: impl Hash) -> u64 {
    let mut hasher = hasher();
    parts.hash(&mut hasher);
    hasher.finish()
}

/// Feeds `value` to `hasher` through its `Serialize` impl ([`feed`]: tagged parts, strings with
/// their lengths, nothing escaped).
pub fn hash_serialized(value: &impl Serialize, hasher: &mut KeyHasher) {
    let mut feed = feed::Feed::new(hasher);
    // A typed context cannot fail to serialize; if one ever did, a marker keeps its key apart
    // from the key of the value serialized up to that point.
    let failed = value.serialize(&mut feed).is_err();
    feed.flush();
    if failed {
        hasher.write_u8(0xff);
    }
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use super::*;

    /// Two kinds of products with the same key and value types, kept apart.
    struct Pages;
    impl Product for Pages {
        type Key = &'static str;
        type Value = Arc<str>;
    }
    struct Bodies;
    impl Product for Bodies {
        type Key = &'static str;
        type Value = Arc<str>;
    }

    fn made(text: &str) -> impl FnOnce() -> Arc<str> + '_ {
        move || text.into()
    }

    fn kept() -> Arc<str> {
        panic!("made again")
    }

    #[test]
    fn products_are_reused_by_key_and_forgotten_when_unused() {
        let memo = Memo::default();
        let recall = memo.begin();
        assert_eq!(&*recall.get_or_make::<Bodies>("one", made("1")), "1");
        assert_eq!(&*recall.get_or_make::<Pages>("a", made("A")), "A");
        recall.finish(true);

        let recall = memo.begin();
        assert_eq!(&*recall.get_or_make::<Bodies>("one", kept), "1");
        assert_eq!(&*recall.get_or_make::<Pages>("a", kept), "A");
        assert_eq!(&*recall.get_or_make::<Pages>("b", made("B")), "B");
        recall.finish(true);

        // A good build that uses neither `one` nor `a`...
        let recall = memo.begin();
        recall.get_or_make::<Pages>("b", kept);
        recall.finish(true);
        // ... makes the memo forget them.
        let recall = memo.begin();
        assert_eq!(&*recall.get_or_make::<Bodies>("one", made("again")), "again");
        assert_eq!(&*recall.get_or_make::<Pages>("a", made("A2")), "A2");
        assert_eq!(&*recall.get_or_make::<Pages>("b", kept), "B");
        recall.finish(true);
    }

    #[test]
    fn kinds_of_products_do_not_share_keys() {
        let memo = Memo::default();
        let recall = memo.begin();
        recall.get_or_make::<Pages>("x", made("page"));
        assert_eq!(&*recall.get_or_make::<Bodies>("x", made("body")), "body");
        recall.finish(true);
        let recall = memo.begin();
        assert_eq!(&*recall.get_or_make::<Pages>("x", kept), "page");
        assert_eq!(&*recall.get_or_make::<Bodies>("x", kept), "body");
    }

    #[test]
    fn failures_are_not_kept() {
        let memo = Memo::default();
        let recall = memo.begin();
        assert_eq!(recall.try_get_or_make::<Pages, _>("a", || Err("broken")), Err("broken"));
        recall.finish(true);
        let recall = memo.begin();
        assert_eq!(recall.try_get_or_make::<Pages, ()>("a", || Ok("A".into())), Ok("A".into()));
    }

    #[test]
    fn a_failed_build_keeps_the_previous_products() {
        let memo = Memo::default();
        let recall = memo.begin();
        recall.get_or_make::<Bodies>("one", made("1"));
        recall.get_or_make::<Pages>("a", made("A"));
        recall.finish(true);
        let recall = memo.begin();
        recall.get_or_make::<Bodies>("two", made("2"));
        recall.finish(false);
        let recall = memo.begin();
        assert_eq!(&*recall.get_or_make::<Bodies>("one", kept), "1");
        assert_eq!(&*recall.get_or_make::<Bodies>("two", kept), "2");
        assert_eq!(&*recall.get_or_make::<Pages>("a", kept), "A");
    }

    #[test]
    fn serialized_values_hash_by_content() {
        let hash = |v: &serde_json::Value| {
            let mut h = hasher();
            hash_serialized(v, &mut h);
            h.finish()
        };
        let a = serde_json::json!({"title": "A", "n": 1});
        assert_eq!(hash(&a), hash(&a.clone()));
        assert_ne!(hash(&a), hash(&serde_json::json!({"title": "A", "n": 2})));
        // Values longer than the buffer, differing only at the end.
        let long = |end: &str| serde_json::json!({"html": format!("{}{end}", "x".repeat(10_000))});
        assert_eq!(hash(&long("a")), hash(&long("a")));
        assert_ne!(hash(&long("a")), hash(&long("b")));
    }
}
